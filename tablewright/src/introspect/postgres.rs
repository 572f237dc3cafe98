//! PostgreSQL catalog, for the current schema (`search_path`).

use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::PgConnection;
use tablewright_runtime_core::catalog::{Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogPolicy};

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
    #[diesel(sql_type = Bool)]
    identity: bool,
    #[diesel(sql_type = Nullable<Text>)]
    default_expr: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
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
    #[diesel(sql_type = Bool)]
    partial: bool,
    #[diesel(sql_type = Text)]
    columns: String,
}

#[derive(QueryableByName)]
struct NamedRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct PolicyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    command: String,
    #[diesel(sql_type = Nullable<Text>)]
    using_expr: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    check_expr: Option<String>,
}

#[derive(QueryableByName)]
struct FunctionRow {
    #[diesel(sql_type = Text)]
    name: String,
}

const TABLES: &str = "
SELECT c.relname::text AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')";

const COLUMNS: &str = "
SELECT c.relname::text AS table_name, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS nullable,
       (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS identity,
       pg_get_expr(d.adbin, d.adrelid) AS default_expr, col_description(c.oid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

const CONSTRAINTS: &str = "
SELECT c.relname::text AS table_name, con.conname::text AS name, con.contype::text AS kind,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), '') AS columns,
       f.relname::text AS references_table,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), '') AS references_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'c', 'f')";

const INDEXES: &str = "
SELECT t.relname::text AS table_name, i.relname::text AS name, ix.indisunique AS is_unique,
       am.amname::text AS method, ix.indpred IS NOT NULL AS partial,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, i)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum), '') AS columns
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_am am ON am.oid = i.relam
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))";

const TRIGGERS: &str = "
SELECT c.relname::text AS table_name, t.tgname::text AS name
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT t.tgisinternal";

const POLICIES: &str = "
SELECT tablename::text AS table_name, policyname::text AS name, cmd::text AS command,
       qual AS using_expr, with_check AS check_expr
FROM pg_policies WHERE schemaname = current_schema()";

const FUNCTIONS: &str = "
SELECT p.proname::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema()";

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

/// Reads the current schema of the connected database.
pub fn catalog(conn: &mut PgConnection) -> QueryResult<Catalog> {
    let mut catalog = Catalog::default();
    for row in diesel::sql_query(TABLES).load::<TableRow>(conn)? {
        let table = catalog.tables.entry(row.name).or_default();
        table.row_level_security = row.rls;
        table.force_row_level_security = row.force_rls;
        table.comment = row.comment;
    }
    for row in diesel::sql_query(COLUMNS).load::<ColumnRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            table.columns.push(CatalogColumn {
                name: row.name,
                data_type: row.data_type.to_lowercase(),
                nullable: row.nullable,
                auto_increment: row.identity,
                default: row.default_expr.filter(|_| !row.identity),
                on_update_now: false,
                comment: row.comment,
            });
        }
    }
    for row in diesel::sql_query(CONSTRAINTS).load::<ConstraintRow>(conn)? {
        let Some(table) = catalog.tables.get_mut(&row.table_name) else {
            continue;
        };
        let columns = split_list(&row.columns);
        match row.kind.as_str() {
            "p" => table.primary_key = columns,
            "u" => {
                table.uniques.insert(row.name, columns);
            }
            "c" => {
                table.checks.insert(row.name);
            }
            _ => table.foreign_keys.push(CatalogForeignKey {
                name: row.name,
                columns,
                references_table: row.references_table.unwrap_or_default(),
                references_columns: split_list(&row.references_columns),
                on_delete: action(&row.on_delete),
                on_update: action(&row.on_update),
            }),
        }
    }
    for row in diesel::sql_query(INDEXES).load::<IndexRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            let index = CatalogIndex {
                columns: split_list(&row.columns),
                unique: row.is_unique,
                method: row.method,
                partial: row.partial,
            };
            table.indexes.insert(row.name, index);
        }
    }
    for row in diesel::sql_query(TRIGGERS).load::<NamedRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            table.triggers.insert(row.name);
        }
    }
    for row in diesel::sql_query(POLICIES).load::<PolicyRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            let policy = CatalogPolicy {
                command: row.command,
                using: row.using_expr,
                with_check: row.check_expr,
            };
            table.policies.insert(row.name, policy);
        }
    }
    catalog.functions = diesel::sql_query(FUNCTIONS)
        .load::<FunctionRow>(conn)?
        .into_iter()
        .map(|r| r.name)
        .collect();
    Ok(catalog)
}
