//! Auto-incrementing columns: the kind (`auto_increment`) and sequence options each database
//! can honour, and options PostgreSQL would accept.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{AutoIncrement, Column, Table};

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    for column in table.live_columns().filter(|c| c.ty.is_serial()) {
        let what = format!("`{}.{}`", table.name, column.name);
        if let Some(dialect @ (Dialect::Mysql | Dialect::Sqlite)) = dialect {
            refused_elsewhere(&what, column, dialect, found);
        }
        options(&what, table, column, found);
    }
}

/// MySQL's `AUTO_INCREMENT` and SQLite's `AUTOINCREMENT` take any value an INSERT gives, and
/// have no sequence to name or tune (MySQL's step is a server setting, not a column's).
fn refused_elsewhere(what: &str, column: &Column, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let counter = match dialect {
        Dialect::Mysql => "AUTO_INCREMENT",
        _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
    };
    if column.auto_increment == AutoIncrement::Always {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                column.origin.key("auto_increment"),
                format!(
                    "{what} is `auto_increment: always`, and {dialect}'s {counter} accepts a value an INSERT gives: it cannot refuse one"
                ),
            )
            .help("use `auto_increment: identity` (or leave it out) for a schema built on this database"),
        );
    }
    if let Some(sequence) = &column.sequence {
        let mut set = sequence.option_names();
        if sequence.name.is_some() {
            set.insert(0, "name");
        }
        // MySQL starts a table's AUTO_INCREMENT where it is told (`AUTO_INCREMENT=n`).
        if dialect == Dialect::Mysql && sequence.start.is_some_and(|s| s >= 1) {
            set.retain(|o| *o != "start");
        }
        if !set.is_empty() {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    column.origin.key("sequence"),
                    format!(
                        "{what} sets its sequence's {}: those are PostgreSQL's, and {dialect}'s {counter} has no sequence",
                        set.join(", ")
                    ),
                )
                .help(if dialect == Dialect::Mysql {
                    "remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)"
                } else {
                    "remove `sequence` for a schema built on this database"
                }),
            );
        }
    }
}

/// What PostgreSQL's CREATE SEQUENCE would refuse, said before a migration fails on it.
fn options(what: &str, table: &Table, column: &Column, found: &mut Vec<Diagnostic>) {
    let Some(sequence) = &column.sequence else { return };
    let facts = column
        .sequence_facts(&table.name)
        .expect("a serial column has a sequence");
    let mut problems = Vec::new();
    if facts.increment == 0 {
        problems.push("`increment` must not be 0".to_string());
    }
    if facts.min_value >= facts.max_value {
        problems.push(format!(
            "`min_value` ({}) must be below `max_value` ({})",
            facts.min_value, facts.max_value
        ));
    } else if facts.start < facts.min_value || facts.start > facts.max_value {
        problems.push(format!(
            "`start` ({}) must lie between `min_value` ({}) and `max_value` ({})",
            facts.start, facts.min_value, facts.max_value
        ));
    }
    if facts.cache < 1 {
        problems.push(format!("`cache` ({}) must be at least 1", facts.cache));
    }
    if column.auto_increment != AutoIncrement::Sequence && facts.data_type == "integer" {
        // An identity's sequence has its column's type; a sequence default's may be bigint.
        let outside = |v: Option<i64>| v.is_some_and(|v| i32::try_from(v).is_err());
        if outside(sequence.min_value) || outside(sequence.max_value) || outside(sequence.start) {
            problems.push(format!(
                "an identity column's sequence has its column's type ({}), and a bound or start is outside `integer`",
                column.ty
            ));
        }
    }
    for problem in problems {
        found.push(
            Diagnostic::error(
                "auto-increment",
                column.origin.key("sequence"),
                format!("{what}: the sequence's {problem}"),
            )
            .help("PostgreSQL's CREATE SEQUENCE refuses it; see docs/yaml.md#auto-increment-and-sequences"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check_table;
    use crate::dialect::Dialect;
    use crate::source::yaml::parse_str;

    fn findings(column: &str, dialect: Option<Dialect>) -> Vec<String> {
        let text = format!("table: t\ncolumns:\n  id: {column}\n");
        let (tables, problems) = parse_str(&text, None);
        let mut found: Vec<String> = problems.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
        if let Some(table) = tables.first() {
            found.extend(
                check_table(table, dialect)
                    .iter()
                    .map(|d| format!("{}: {}", d.code, d.message)),
            );
        }
        found
    }

    #[test]
    fn what_mysql_and_sqlite_cannot_honour_is_refused() {
        let always = "{ type: serial, primary_key: true, auto_increment: always, sequence: { increment: 2 } }";
        assert!(findings(always, Some(Dialect::Postgres)).is_empty());
        let mysql = findings(always, Some(Dialect::Mysql));
        assert_eq!(mysql.len(), 2, "{mysql:?}");
        assert!(mysql[0].contains(
            "`t.id` is `auto_increment: always`, and mysql's AUTO_INCREMENT accepts a value an INSERT gives"
        ));
        assert!(mysql[1].contains("`t.id` sets its sequence's increment: those are PostgreSQL's"));
        // A sequence default is an auto-increment like any other there.
        let sequence = "{ type: serial, primary_key: true, auto_increment: sequence }";
        assert!(findings(sequence, Some(Dialect::Sqlite)).is_empty());
        // MySQL starts where it is told; SQLite has nowhere to say it.
        let start = "{ type: serial, primary_key: true, sequence: { start: 1000 } }";
        assert!(findings(start, Some(Dialect::Mysql)).is_empty());
        let sqlite = findings(start, Some(Dialect::Sqlite));
        assert!(sqlite[0].contains("sets its sequence's start"), "{sqlite:?}");
    }

    #[test]
    fn options_postgres_would_refuse() {
        let found = findings(
            "{ type: serial, primary_key: true, sequence: { increment: 0, min_value: 10, max_value: 5 } }",
            None,
        );
        assert!(
            found.iter().any(|f| f.contains("`increment` must not be 0")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("`min_value` (10) must be below `max_value` (5)")),
            "{found:?}"
        );
        let found = findings(
            "{ type: serial, primary_key: true, sequence: { max_value: 9999999999 } }",
            None,
        );
        assert!(found.iter().any(|f| f.contains("outside `integer`")), "{found:?}");
        // A sequence default's sequence may be bigint.
        let fine = "{ type: serial, primary_key: true, auto_increment: sequence, sequence: { max_value: 9999999999 } }";
        assert!(findings(fine, None).is_empty());
        let found = findings("{ type: integer, primary_key: true, auto_increment: sequence }", None);
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("auto-increment: column `t.id` sets `auto_increment` but is integer")),
            "{found:?}"
        );
    }
}
