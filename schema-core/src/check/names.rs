//! Names: what characters they may use, how long they may be on the target, and that no two
//! objects share one.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::{Dialect, IdentifierLimit};
use crate::model::{backup_name, naming, Lifecycle, Origin, Schema, Table};

/// Letters, digits and underscores, not starting with a digit: portable to all three databases
/// and usable as a Rust identifier in `table!`. Everything is still quoted when rendered.
pub fn is_valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every name the table puts in the database, with what it names and where it was written (the
/// key that gives or causes the name). On MySQL, only the names MySQL is given: its primary key
/// is always `PRIMARY`, it has no policies, and `set_on_update` is an `ON UPDATE` clause, not a
/// trigger and its function. Without a known database, every name any of them is given.
fn named_objects(table: &Table, dialect: Option<Dialect>) -> Vec<(String, &'static str, &Origin)> {
    let mysql = dialect == Some(Dialect::Mysql);
    let mut names = vec![(table.name.clone(), "table", table.origin.key("name"))];
    if table.lifecycle == Lifecycle::Dropped {
        names.push((backup_name(&table.name), "kept table", table.origin.key("dropped")));
    }
    for column in &table.columns {
        names.push((column.name.clone(), "column", column.origin.key("name")));
        if column.lifecycle == Lifecycle::Dropped {
            names.push((backup_name(&column.name), "kept column", column.origin.key("dropped")));
        }
    }
    if table.is_external() {
        return names;
    }
    // The constraint namespace, in the order of `Table::constraint_names`.
    if let Some(pk) = table.primary_key.as_ref().filter(|_| !mysql) {
        names.push((pk.name.clone(), "constraint", table.origin.key("primary_key")));
    }
    for unique in &table.uniques {
        names.push((unique.name.clone(), "constraint", unique.origin.key("name")));
    }
    for check in &table.checks {
        names.push((check.name.clone(), "constraint", check.origin.key("name")));
    }
    for fk in &table.foreign_keys {
        names.push((fk.name.clone(), "constraint", fk.origin.key("name")));
    }
    for column in &table.columns {
        if let Some(values) = &column.values {
            names.push((values.check_name.clone(), "constraint", column.origin.key("values")));
        }
    }
    for index in &table.indexes {
        names.push((index.name.clone(), "index", index.origin.key("name")));
    }
    if let Some(tenant) = table.tenant.as_ref().filter(|_| !mysql) {
        names.push((tenant.policy.clone(), "policy", table.origin.key("tenant")));
    }
    // PostgreSQL's sequences behind serial columns (MySQL and SQLite have none).
    if dialect.is_none_or(|d| d == Dialect::Postgres) {
        for column in table.live_columns().filter(|c| c.ty.is_serial()) {
            let named = column.sequence.as_ref().is_some_and(|s| s.name.is_some());
            let origin = column.origin.key(if named { "sequence" } else { "type" });
            names.push((column.sequence_name(&table.name), "sequence", origin));
        }
    }
    if let Some(column) = table.set_on_update_column().filter(|_| !mysql) {
        let origin = column.origin.key("set_on_update");
        names.push((naming::update_trigger(&table.name, &column.name), "trigger", origin));
        names.push((
            naming::update_trigger_function(&table.name, &column.name),
            "trigger function",
            origin,
        ));
    }
    // Declared triggers share the table's trigger namespace with Tablewright's own.
    for trigger in &table.triggers {
        names.push((trigger.name.clone(), "trigger", &trigger.origin));
    }
    names
}

/// The longest name a schema may use. PostgreSQL's 63 bytes, the strictest limit of the three,
/// for PostgreSQL, for SQLite (which has none: a schema developed on SQLite moves to PostgreSQL
/// without renames) and when the database is not known, so a name never reaches PostgreSQL to be
/// cut silently. MySQL's own 64 characters for MySQL, which refuses a longer name.
fn limit(dialect: Option<Dialect>) -> IdentifierLimit {
    match dialect {
        Some(Dialect::Mysql) => Dialect::Mysql.max_identifier().expect("MySQL limits names"),
        _ => Dialect::Postgres.max_identifier().expect("PostgreSQL limits names"),
    }
}

pub fn table(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let limit = limit(dialect);
    // A name made from a name that is already too long (`<table>_pkey` of a long table) is not
    // reported again: shortening the one fixes both.
    let too_long: Vec<String> = named_objects(table, dialect)
        .into_iter()
        .filter(|(name, what, _)| matches!(*what, "table" | "column") && limit.exceeded_by(name))
        .map(|(name, _, _)| name)
        .collect();
    for (name, what, origin) in named_objects(table, dialect) {
        if !is_valid_identifier(&name) {
            found.push(
                Diagnostic::error("invalid-identifier", origin, format!("{what} name `{}` is not a plain identifier", name.escape_debug()))
                    .help("use letters, digits and underscores, starting with a letter or underscore (names are always quoted in SQL, but must also work as Rust identifiers in `table!`)"),
            );
            continue;
        }
        let made_from_a_long_name =
            !matches!(what, "table" | "column") && too_long.iter().any(|long| name.contains(long));
        if limit.exceeded_by(&name) && !made_from_a_long_name {
            let message = match limit {
                IdentifierLimit::Bytes(max) => format!(
                    "{what} name `{name}` is {} bytes, over the {limit} a name may have on every database; PostgreSQL would silently truncate it to `{}`",
                    name.len(),
                    truncate_bytes(&name, max)
                ),
                IdentifierLimit::Chars(_) => format!(
                    "{what} name `{name}` is {} characters, over the {limit} MySQL allows: the migration would fail",
                    name.chars().count()
                ),
            };
            found.push(Diagnostic::error("identifier-too-long", origin, message).help(shorter_name(what, origin)));
        }
    }

    let mut objects: HashMap<(bool, String), &'static str> = HashMap::new();
    for (name, what, origin) in named_objects(table, dialect)
        .into_iter()
        .filter(|(_, w, _)| *w != "column")
    {
        let namespace = dialect == Some(Dialect::Mysql) && in_mysql_index_namespace(table, &name, what);
        if let Some(first) = objects.insert((namespace, name.clone()), what) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    origin,
                    format!(
                        "{what} name `{name}` on `{}` is already used by {} {first} of the same table",
                        table.name,
                        article(first)
                    ),
                )
                .help(format!(
                    "give one of them another explicit name: {}",
                    origin.spell("name: ...", "name = \"...\"")
                )),
            );
        }
    }

    let mut columns: HashMap<&str, &Origin> = HashMap::new();
    for column in &table.columns {
        if let Some(first) = columns.insert(&column.name, &column.origin) {
            found.push(
                Diagnostic::error(
                    "duplicate-column",
                    column.origin.key("name"),
                    format!("column `{}.{}` is declared twice", table.name, column.name),
                )
                .help(format!("the first declaration is at {first}")),
            );
        }
    }
}

/// How to shorten a name, as the source that gives it is written.
fn shorter_name(what: &str, origin: &Origin) -> String {
    match what {
        "table" => format!(
            "choose a shorter name: {}",
            origin.spell("table: <shorter name>", "#[table(name = \"<shorter name>\")]")
        ),
        "column" => format!(
            "choose a shorter name{}",
            origin.pick("", ": `#[column(name = \"<shorter name>\")]`")
        ),
        "kept table" | "kept column" => "choose a shorter name: the name it is kept under adds `__dropped`".to_string(),
        "policy" => format!(
            "give the policy a shorter name: {}",
            origin.spell(
                "tenant: { column: tenant_id, policy: <shorter name> }",
                "#[table(tenant(column = \"tenant_id\", policy = \"<shorter name>\"))]"
            )
        ),
        "trigger" if origin.has_key("execute") => format!(
            "give the trigger a shorter name: {}",
            origin.spell("name: <shorter name>", "trigger(name = \"<shorter name>\", ...)")
        ),
        "trigger" | "trigger function" => {
            "choose a shorter table or column name: the trigger is named after both".to_string()
        }
        _ => format!(
            "give it a shorter explicit name: {}",
            origin.spell("name: <shorter name>", "name = \"<shorter name>\"")
        ),
    }
}

/// `a` or `an`, for the kinds of object named here.
fn article(what: &str) -> &'static str {
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn truncate_bytes(name: &str, max: usize) -> &str {
    let mut end = max.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Whether MySQL keeps this name in the table's own index namespace: indexes, and unique
/// constraints (which MySQL keeps as indexes). Every MySQL table has one; the index MySQL adds
/// for a foreign key takes the column's name, so a database's tables share index names such as
/// `account_id`, and an index may share its name with a foreign key of the same table.
fn in_mysql_index_namespace(table: &Table, name: &str, what: &str) -> bool {
    what == "index" || (what == "constraint" && table.uniques.iter().any(|u| u.name == name))
}

/// Names shared across the schema: tables, indexes and constraints. PostgreSQL keeps tables,
/// indexes and key constraints in one namespace, and SQLite tables and indexes: every name must
/// be unique in the schema. MySQL keeps tables, foreign keys and checks unique per database, and
/// index names per table (`in_mysql_index_namespace`): on MySQL only those must be unique.
pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, (&'static str, String, &str)> = HashMap::new();
    for table in &schema.tables {
        let mut objects = named_objects(table, Some(dialect));
        objects.retain(|(name, what, _)| {
            *what != "column" && !(dialect == Dialect::Mysql && in_mysql_index_namespace(table, name, what))
        });
        // A declared trigger's name is the table's own (PostgreSQL names triggers per table).
        objects.retain(|(name, what, _)| !(*what == "trigger" && table.triggers.iter().any(|t| t.name == *name)));
        for (name, what, origin) in objects {
            let owner = if what == "table" {
                String::new()
            } else {
                format!(" on `{}`", table.name)
            };
            if let Some((first_what, first_owner, first_table)) = seen.get(&name) {
                if *first_table == table.name && what != "table" {
                    continue; // reported by the table-local rule
                }
                let code = if what == "table" && *first_what == "table" {
                    "duplicate-table"
                } else {
                    "duplicate-name"
                };
                found.push(
                    Diagnostic::error(
                        code,
                        origin,
                        format!(
                            "{what} name `{name}`{owner} is already used by {} {first_what}{first_owner}",
                            article(first_what)
                        ),
                    )
                    .help(match what {
                    "table" => "every table, index and constraint name must be unique in the schema; rename one of them".to_string(),
                    _ => format!(
                        "every table, index and constraint name must be unique in the schema; give this one another explicit name: {}",
                        origin.spell("name: ...", "name = \"...\"")
                    ),
                }),
                );
            } else {
                seen.insert(name, (what, owner, &table.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["lots", "_x", "Lot2", "a_b_c"] {
            assert!(is_valid_identifier(ok), "{ok}");
        }
        for bad in ["", "2x", "a-b", "a b", "lots\"; DROP TABLE x; --", "é"] {
            assert!(!is_valid_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_bytes("aé", 2), "a");
        assert_eq!(truncate_bytes("abc", 63), "abc");
    }
}
