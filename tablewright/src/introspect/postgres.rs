//! PostgreSQL catalog, for the current schema (`search_path`).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text};
use diesel::PgConnection;
use tablewright_runtime_core::catalog::normal_form;
use tablewright_runtime_core::catalog::{
    Catalog, CatalogColumn, CatalogForeignKey, CatalogFunction, CatalogIndex, CatalogIndexKey, CatalogPolicy,
    CatalogSequence, CatalogTrigger,
};
use tablewright_runtime_core::dialect::Dialect;

use super::split_list;

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    rls: bool,
    #[diesel(sql_type = Bool)]
    force_rls: bool,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = Text)]
    identity: String,
    #[diesel(sql_type = Bool)]
    serial: bool,
    #[diesel(sql_type = Nullable<Text>)]
    default_expr: Option<String>,
    /// `s` for a stored generated column (its expression is `default_expr`), `v` for a virtual
    /// one (PostgreSQL 18), empty otherwise.
    #[diesel(sql_type = Text)]
    generated: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct SequenceRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    start: i64,
    #[diesel(sql_type = BigInt)]
    increment: i64,
    #[diesel(sql_type = BigInt)]
    min_value: i64,
    #[diesel(sql_type = BigInt)]
    max_value: i64,
    #[diesel(sql_type = BigInt)]
    cache: i64,
    #[diesel(sql_type = Bool)]
    cycle: bool,
}

#[derive(QueryableByName)]
struct ConstraintRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Nullable<Text>)]
    references_table: Option<String>,
    #[diesel(sql_type = Text)]
    references_columns: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
    #[diesel(sql_type = Text)]
    on_update: String,
    #[diesel(sql_type = Bool)]
    deferrable: bool,
    #[diesel(sql_type = Bool)]
    deferred: bool,
    #[diesel(sql_type = Bool)]
    validated: bool,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Text)]
    method: String,
    #[diesel(sql_type = Nullable<Text>)]
    predicate: Option<String>,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Text)]
    definition: String,
    /// `INCLUDE` columns and storage parameters, separated by a unit separator.
    #[diesel(sql_type = Text)]
    include: String,
    #[diesel(sql_type = Text)]
    with: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct IndexKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    expression: Option<String>,
    #[diesel(sql_type = Bool)]
    descending: bool,
    #[diesel(sql_type = Bool)]
    nulls_first: bool,
    #[diesel(sql_type = Nullable<Text>)]
    opclass: Option<String>,
}

#[derive(QueryableByName)]
struct TriggerRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
    /// `tgtype`'s bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead.
    #[diesel(sql_type = Integer)]
    kind: i32,
    /// The columns of `UPDATE OF`, separated by a unit separator.
    #[diesel(sql_type = Text)]
    update_columns: String,
    #[diesel(sql_type = Nullable<Text>)]
    old_table: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    new_table: Option<String>,
    #[diesel(sql_type = Text)]
    function: String,
    #[diesel(sql_type = Text)]
    enabled: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct PolicyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    command: String,
    #[diesel(sql_type = Text)]
    permissive: String,
    #[diesel(sql_type = Text)]
    roles: String,
    #[diesel(sql_type = Nullable<Text>)]
    using_expr: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    check_expr: Option<String>,
}

#[derive(QueryableByName)]
struct FunctionRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    identity: String,
    #[diesel(sql_type = Text)]
    arguments: String,
    #[diesel(sql_type = Text)]
    argument_names: String,
    #[diesel(sql_type = Bool)]
    other_modes: bool,
    #[diesel(sql_type = Text)]
    result: String,
    #[diesel(sql_type = Text)]
    language: String,
    #[diesel(sql_type = Text)]
    volatility: String,
    #[diesel(sql_type = Bool)]
    strict: bool,
    #[diesel(sql_type = Bool)]
    security_definer: bool,
    #[diesel(sql_type = Text)]
    config: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

/// Objects an extension created belong to the extension (`pg_depend` type `e`), not to the
/// schema: they are never reported.
const NOT_FROM_EXTENSION: &str =
    "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = {oid} AND dep.deptype = 'e')";

pub(super) fn not_from_extension(oid: &str) -> String {
    NOT_FROM_EXTENSION.replace("{oid}", oid)
}

fn tables_query() -> String {
    format!(
        "SELECT c.relname::text AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
                obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND {}",
        not_from_extension("c.oid")
    )
}

/// Defaults and expressions are printed by `pg_get_expr`, types by `format_type`: the database's
/// own spelling. A serial is a column whose default takes the next value of a sequence the
/// column owns.
const COLUMNS: &str = "
SELECT c.relname::text AS table_name, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS nullable,
       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' ELSE '' END AS identity,
       (a.attidentity = '' AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
        AND coalesce(pg_get_expr(d.adbin, d.adrelid, true), '') LIKE 'nextval(%') AS serial,
       pg_get_expr(d.adbin, d.adrelid, true) AS default_expr, a.attgenerated::text AS generated,
       col_description(c.oid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

/// The sequence each column owns: an identity's (dependency `i`) or the one `OWNED BY` gives a
/// serial column (dependency `a`), with its options from `pg_sequence`.
const SEQUENCES: &str = "
SELECT t.relname::text AS table_name, a.attname::text AS column_name, s.relname::text AS name,
       format_type(q.seqtypid, NULL) AS data_type, q.seqstart AS start, q.seqincrement AS increment,
       q.seqmin AS min_value, q.seqmax AS max_value, q.seqcache AS cache, q.seqcycle AS cycle
FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_sequence q ON q.seqrelid = s.oid
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND n.nspname = current_schema()";

const CONSTRAINTS: &str = "
SELECT c.relname::text AS table_name, con.conname::text AS name, con.contype::text AS kind,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), '') AS columns,
       f.relname::text AS references_table,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), '') AS references_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       pg_get_constraintdef(con.oid, true) AS definition,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'c', 'f', 'x')
ORDER BY c.relname, con.conname";

/// `pg_get_indexdef` prints the whole definition: method, keys or expressions with their order,
/// operator classes, collations, INCLUDE, storage parameters and predicate.
const INDEXES: &str = "
SELECT t.relname::text AS table_name, i.relname::text AS name, ix.indisunique AS is_unique,
       am.amname::text AS method, pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
       coalesce((SELECT string_agg(coalesce(a.attname::text, pg_get_indexdef(ix.indexrelid, k.i::int, true)), chr(31) ORDER BY k.i)
                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, i)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                 WHERE k.i <= ix.indnkeyatts), '') AS columns,
       coalesce((SELECT string_agg(a.attname::text, chr(31) ORDER BY k.i)
                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                 WHERE k.i > ix.indnkeyatts), '') AS include,
       coalesce(array_to_string(i.reloptions, chr(31)), '') AS with,
       pg_get_indexdef(ix.indexrelid, 0, true) AS definition,
       obj_description(ix.indexrelid, 'pg_class') AS comment
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_am am ON am.oid = i.relam
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))";

/// Each key of each index, in order: its column or expression, order, nulls placement
/// (`indoption` bit 1 DESC, bit 2 NULLS FIRST) and operator class when not its type's default.
const INDEX_KEYS: &str = "
SELECT t.relname::text AS table_name, i.relname::text AS index_name, a.attname::text AS column_name,
       CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.i::int, true) END AS expression,
       (ix.indoption[k.i - 1] & 1) <> 0 AS descending, (ix.indoption[k.i - 1] & 2) <> 0 AS nulls_first,
       CASE WHEN NOT oc.opcdefault THEN oc.opcname::text END AS opclass
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[], ix.indclass::oid[]) WITH ORDINALITY k(attnum, opclass, i)
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
LEFT JOIN pg_opclass oc ON oc.oid = k.opclass
WHERE n.nspname = current_schema() AND k.i <= ix.indnkeyatts
ORDER BY t.relname, i.relname, k.i";

/// Printed with `pretty`, so names visible on the search path are not qualified: the live
/// schema and the scratch one print alike.
const TRIGGERS: &str = "
SELECT c.relname::text AS table_name, t.tgname::text AS name, pg_get_triggerdef(t.oid, true) AS definition,
       t.tgtype::int AS kind,
       coalesce((SELECT string_agg(a.attname::text, chr(31) ORDER BY k.i)
                 FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum), '') AS update_columns,
       t.tgoldtable::text AS old_table, t.tgnewtable::text AS new_table, p.proname::text AS function,
       t.tgenabled::text AS enabled, obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE n.nspname = current_schema() AND NOT t.tgisinternal";

const POLICIES: &str = "
SELECT tablename::text AS table_name, policyname::text AS name, cmd::text AS command,
       permissive::text AS permissive, roles::text AS roles,
       qual AS using_expr, with_check AS check_expr
FROM pg_policies WHERE schemaname = current_schema()";

/// A body is read without the blanks and line breaks around it: `AS $$\nBEGIN` and
/// `AS $$BEGIN` are one function.
fn functions_query() -> String {
    format!(
        "SELECT p.proname::text AS name, pg_get_function_identity_arguments(p.oid) AS identity,
                pg_get_function_arguments(p.oid) AS arguments,
                coalesce(array_to_string(p.proargnames, chr(31), ''), '') AS argument_names,
                coalesce(p.proargmodes::text[] && ARRAY['o', 'b', 'v'], false) AS other_modes,
                coalesce(pg_get_function_result(p.oid), '') AS result, l.lanname::text AS language,
                CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END AS volatility,
                p.proisstrict AS strict, p.prosecdef AS security_definer,
                coalesce(array_to_string(p.proconfig, chr(31)), '') AS config,
                btrim(coalesce(p.prosrc, ''), E' \\n\\r\\t') AS body, p.prokind::text AS kind,
                obj_description(p.oid, 'pg_proc') AS comment
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
         WHERE n.nspname = current_schema() AND {}",
        not_from_extension("p.oid")
    )
}

/// The string literals of `('a', 'it''s')`, in order.
fn string_literals(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    value.push('\'');
                    continue;
                }
                break;
            }
            value.push(c);
        }
        found.push(value);
    }
    found
}

/// `tgtype`'s bits, as words.
fn trigger_parts(row: &TriggerRow) -> CatalogTrigger {
    let bit = |b: i32| row.kind & b != 0;
    let timing = if bit(64) {
        "INSTEAD OF"
    } else if bit(2) {
        "BEFORE"
    } else {
        "AFTER"
    };
    let events = [(4, "INSERT"), (8, "DELETE"), (16, "UPDATE"), (32, "TRUNCATE")]
        .iter()
        .filter(|(b, _)| bit(*b))
        .map(|(_, e)| e.to_string())
        .collect();
    let (when, arguments) = trigger_condition_and_arguments(&row.definition);
    CatalogTrigger {
        timing: timing.into(),
        events,
        update_columns: split_units(&row.update_columns),
        for_each: if bit(1) { "ROW" } else { "STATEMENT" }.into(),
        when,
        old_table: row.old_table.clone(),
        new_table: row.new_table.clone(),
        function: row.function.clone(),
        arguments,
        enabled: row.enabled.clone(),
        comment: row.comment.clone(),
    }
}

/// The condition of `WHEN (...)` and the arguments of `EXECUTE FUNCTION f('a', 'b')`, from
/// `pg_get_triggerdef`'s text (the catalog keeps the condition as a tree only).
fn trigger_condition_and_arguments(definition: &str) -> (Option<String>, Vec<String>) {
    let Some(execute) = definition
        .rfind(" EXECUTE FUNCTION ")
        .or_else(|| definition.rfind(" EXECUTE PROCEDURE "))
    else {
        return (None, Vec::new());
    };
    let call = &definition[execute..];
    let arguments = call
        .find('(')
        .map(|open| string_literals(&call[open..]))
        .unwrap_or_default();
    let head = &definition[..execute];
    let when = head.find(" WHEN (").and_then(|start| {
        let condition = head[start + " WHEN (".len()..].strip_suffix(')')?;
        Some(condition.to_string())
    });
    (when, arguments)
}

fn action(code: &str) -> String {
    match code {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    }
    .to_string()
}

/// The part of `pg_get_indexdef`'s output that describes the index, from `USING` on (what comes
/// before is its name and table, compared separately).
fn index_definition(name: &str, definition: &str) -> String {
    let after_name = definition.find(name).map_or(0, |i| i + name.len());
    match definition[after_name..].find(" USING ") {
        Some(i) => definition[after_name + i + 1..].to_string(),
        None => definition.to_string(),
    }
}

/// A list the queries join with a unit separator (names may hold commas).
fn split_units(text: &str) -> Vec<String> {
    text.split('\u{1f}')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn deferrable(deferrable: bool, deferred: bool) -> String {
    match (deferrable, deferred) {
        (false, _) => "NOT DEFERRABLE",
        (true, false) => "DEFERRABLE INITIALLY IMMEDIATE",
        (true, true) => "DEFERRABLE INITIALLY DEFERRED",
    }
    .to_string()
}

/// Reads the current schema (the first on `search_path`) of the connected database.
pub fn catalog(conn: &mut PgConnection) -> QueryResult<Catalog> {
    let mut catalog = Catalog::default();
    for row in diesel::sql_query(tables_query()).load::<TableRow>(conn)? {
        let table = catalog.tables.entry(row.name).or_default();
        table.row_level_security = row.rls;
        table.force_row_level_security = row.force_rls;
        table.comment = row.comment;
    }
    for row in diesel::sql_query(COLUMNS).load::<ColumnRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            let identity = Some(row.identity).filter(|i| !i.is_empty());
            let data_type = row.data_type.to_lowercase();
            // A generated column's expression is kept where a default would be.
            let (default, generated) = match row.generated.as_str() {
                "s" => (None, row.default_expr.map(|e| (e, "STORED".to_string()))),
                "v" => (None, row.default_expr.map(|e| (e, "VIRTUAL".to_string()))),
                _ => (row.default_expr, None),
            };
            let default = default.map(|d| normal_form::default_expression(Dialect::Postgres, &data_type, d));
            table.columns.push(CatalogColumn {
                name: row.name,
                data_type,
                nullable: row.nullable,
                auto_increment: identity.is_some() || row.serial,
                identity,
                default,
                on_update_now: false,
                comment: row.comment,
                generated,
                sequence: None,
            });
        }
    }
    for row in diesel::sql_query(SEQUENCES).load::<SequenceRow>(conn)? {
        let column = catalog
            .tables
            .get_mut(&row.table_name)
            .and_then(|t| t.columns.iter_mut().find(|c| c.name == row.column_name));
        if let Some(column) = column {
            column.sequence = Some(CatalogSequence {
                name: row.name,
                data_type: row.data_type,
                start: row.start,
                increment: row.increment,
                min_value: row.min_value,
                max_value: row.max_value,
                cache: row.cache,
                cycle: row.cycle,
            });
        }
    }
    for row in diesel::sql_query(CONSTRAINTS).load::<ConstraintRow>(conn)? {
        let Some(table) = catalog.tables.get_mut(&row.table_name) else {
            continue;
        };
        let columns = split_list(&row.columns);
        if let Some(comment) = row.comment {
            table.constraint_comments.insert(row.name.clone(), comment);
        }
        match row.kind.as_str() {
            "p" => {
                table.primary_key = columns;
                table.primary_key_name = Some(row.name);
            }
            "u" => {
                if row.deferrable {
                    table
                        .deferrable_uniques
                        .insert(row.name.clone(), deferrable(row.deferrable, row.deferred));
                }
                table.uniques.insert(row.name, columns);
            }
            "c" => {
                table.checks.insert(row.name, row.definition);
            }
            "x" => {
                table.exclusions.insert(row.name, row.definition);
            }
            _ => table.foreign_keys.push(CatalogForeignKey {
                name: row.name,
                columns,
                references_table: row.references_table.unwrap_or_default(),
                references_columns: split_list(&row.references_columns),
                on_delete: action(&row.on_delete),
                on_update: action(&row.on_update),
                deferrable: deferrable(row.deferrable, row.deferred),
                validated: row.validated,
            }),
        }
    }
    for row in diesel::sql_query(INDEXES).load::<IndexRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            if let Some(comment) = row.comment {
                table.index_comments.insert(row.name.clone(), comment);
            }
            let index = CatalogIndex {
                // Separated by a unit separator: an expression may hold commas.
                columns: row
                    .columns
                    .split('\u{1f}')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
                unique: row.is_unique,
                method: row.method,
                predicate: row.predicate,
                definition: index_definition(&row.name, &row.definition),
                keys: Vec::new(),
                include: split_units(&row.include),
                with: split_units(&row.with),
            };
            table.indexes.insert(row.name, index);
        }
    }
    for row in diesel::sql_query(INDEX_KEYS).load::<IndexKeyRow>(conn)? {
        let index = catalog
            .tables
            .get_mut(&row.table_name)
            .and_then(|t| t.indexes.get_mut(&row.index_name));
        if let Some(index) = index {
            // PostgreSQL puts nulls last ascending and first descending unless told otherwise.
            let nulls = (row.nulls_first != row.descending).then_some(if row.nulls_first { "first" } else { "last" });
            index.keys.push(CatalogIndexKey {
                column: row.column_name,
                expression: row.expression,
                descending: row.descending,
                nulls: nulls.map(str::to_string),
                opclass: row.opclass,
            });
        }
    }
    for row in diesel::sql_query(TRIGGERS).load::<TriggerRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            table.trigger_parts.insert(row.name.clone(), trigger_parts(&row));
            table.triggers.insert(row.name, row.definition);
        }
    }
    for row in diesel::sql_query(POLICIES).load::<PolicyRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            let policy = CatalogPolicy {
                command: row.command,
                permissive: row.permissive,
                roles: row.roles,
                using: row.using_expr,
                with_check: row.check_expr,
            };
            table.policies.insert(row.name, policy);
        }
    }
    catalog.functions = diesel::sql_query(functions_query())
        .load::<FunctionRow>(conn)?
        .into_iter()
        .map(|r| {
            let function = CatalogFunction {
                name: r.name.clone(),
                arguments: r.arguments,
                argument_names: r.argument_names.split('\u{1f}').map(str::to_string).collect(),
                other_modes: r.other_modes,
                result: r.result,
                language: r.language,
                volatility: r.volatility,
                strict: r.strict,
                security_definer: r.security_definer,
                config: split_units(&r.config),
                body: r.body,
                kind: r.kind,
                comment: r.comment,
            };
            (format!("{}({})", r.name, r.identity), function)
        })
        .collect();
    super::postgres_types::read(conn, &mut catalog)?;
    super::postgres_views::read(conn, &mut catalog)?;
    super::postgres_composites::read(conn, &mut catalog)?;
    Ok(catalog)
}

#[derive(QueryableByName)]
struct SettingRow {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Runs `statements` in a schema of their own, first on the search path, reads it, and rolls
/// everything back: nothing is left behind, and the live schema's names stay visible (so
/// extensions' types and functions resolve, and both sides print names alike).
pub fn scratch_catalog(conn: &mut PgConnection, statements: &[String]) -> QueryResult<Catalog> {
    use diesel::connection::SimpleConnection;
    let mut read = None;
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        let path = diesel::sql_query("SELECT current_setting('search_path') AS value")
            .get_result::<SettingRow>(conn)?
            .value;
        let scratch = format!("tablewright_scratch_{}", std::process::id());
        conn.batch_execute(&format!("CREATE SCHEMA \"{scratch}\""))?;
        conn.batch_execute(&format!("SET LOCAL search_path = \"{scratch}\", {path}"))?;
        for statement in statements {
            conn.batch_execute(statement)?;
        }
        read = Some(catalog(conn)?);
        Err(diesel::result::Error::RollbackTransaction)
    });
    match (outcome, read) {
        (Err(diesel::result::Error::RollbackTransaction), Some(catalog)) => Ok(catalog),
        (Err(e), _) => Err(e),
        (Ok(()), _) => unreachable!("the scratch transaction always rolls back"),
    }
}
