//! SQLite catalog, from `sqlite_master` and the table-valued pragmas.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::SqliteConnection;
use tablewright_runtime_core::catalog::normal_form::{self, default_names};
use tablewright_runtime_core::catalog::sqlite_text::{index_keys, index_predicate, table_constraints};
use tablewright_runtime_core::catalog::{Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogIndexKey};
use tablewright_runtime_core::dialect::Dialect;

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    notnull: i64,
    #[diesel(sql_type = Nullable<Text>)]
    default_expr: Option<String>,
    #[diesel(sql_type = BigInt)]
    pk: i64,
    /// 2: a virtual generated column, 3: a stored one.
    #[diesel(sql_type = BigInt)]
    hidden: i64,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    is_unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
    #[diesel(sql_type = Text)]
    columns: String,
    /// Each key as `name`, `name DESC`, `name COLLATE x` (or `<expression>` for one on an
    /// expression), separated by a unit separator.
    #[diesel(sql_type = Text)]
    keys: String,
    /// Each key's column (empty for an expression) and `1` when descending, as `keys`.
    #[diesel(sql_type = Text)]
    key_columns: String,
    #[diesel(sql_type = Text)]
    key_desc: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    target: String,
    #[diesel(sql_type = Text)]
    from_column: String,
    #[diesel(sql_type = Nullable<Text>)]
    to_column: Option<String>,
    #[diesel(sql_type = Text)]
    on_update: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

#[derive(QueryableByName)]
struct TriggerRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

/// Reads the `main` database of the connection.
pub fn catalog(conn: &mut SqliteConnection) -> QueryResult<Catalog> {
    let mut catalog = Catalog::default();
    let tables =
        diesel::sql_query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .load::<TableRow>(conn)?;
    for table_row in tables {
        let name = table_row.name;
        let table_sql = table_row.sql.unwrap_or_default();
        let autoincrement = table_sql.to_uppercase().contains("AUTOINCREMENT");
        let written = table_constraints(&name, &table_sql);
        let bind = |sql: &str| diesel::sql_query(sql).bind::<Text, _>(name.clone());
        let columns = bind("SELECT name, type AS data_type, \"notnull\", dflt_value AS default_expr, pk, hidden FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid")
            .load::<ColumnRow>(conn)?;
        let mut table = tablewright_runtime_core::catalog::CatalogTable::default();
        let mut key: Vec<(i64, String)> = columns
            .iter()
            .filter(|c| c.pk > 0)
            .map(|c| (c.pk, c.name.clone()))
            .collect();
        key.sort();
        let rowid_alias = key.len() == 1 && autoincrement;
        table.primary_key = key.into_iter().map(|(_, n)| n).collect();
        // SQLite keeps a constraint's name only in the table's text, where nothing can address
        // it: one nobody named reads as the name Tablewright gives it (normal_form).
        table.primary_key_name = written
            .primary_key_name
            .clone()
            .or_else(|| (!rowid_alias && !table.primary_key.is_empty()).then(|| default_names::primary_key(&name)));
        table.checks = written.checks.iter().cloned().collect();
        for column in columns {
            let auto_increment = rowid_alias && column.pk == 1;
            let data_type = column.data_type.to_lowercase();
            let default = column
                .default_expr
                .map(|d| normal_form::default_expression(Dialect::Sqlite, &data_type, d));
            // The expression is only in the table's text.
            let generated = match column.hidden {
                2 | 3 => written
                    .generated
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&column.name))
                    .map(|(_, expr)| {
                        let kind = if column.hidden == 3 { "STORED" } else { "VIRTUAL" };
                        (expr.clone(), kind.to_string())
                    }),
                _ => None,
            };
            table.columns.push(CatalogColumn {
                name: column.name,
                data_type,
                // A rowid alias is NOT NULL whatever pragma says.
                nullable: column.notnull == 0 && column.pk == 0,
                auto_increment,
                identity: None,
                default,
                on_update_now: false,
                comment: None,
                generated,
                sequence: None,
            });
        }
        let indexes = bind(
            "SELECT l.name, l.\"unique\" AS is_unique, l.origin,
                    coalesce((SELECT group_concat(name, ',') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)), '') AS columns,
                    (SELECT group_concat(k, char(31)) FROM (
                        SELECT coalesce('\"' || replace(x.name, '\"', '\"\"') || '\"', '<expression>')
                               || CASE WHEN x.\"desc\" THEN ' DESC' ELSE '' END
                               || CASE WHEN x.coll <> 'BINARY' THEN ' COLLATE ' || x.coll ELSE '' END AS k
                        FROM pragma_index_xinfo(l.name) x WHERE x.key ORDER BY x.seqno)) AS keys,
                    (SELECT group_concat(coalesce(x.name, ''), char(31)) FROM (SELECT * FROM pragma_index_xinfo(l.name) x
                        WHERE x.key ORDER BY x.seqno) x) AS key_columns,
                    (SELECT group_concat(x.\"desc\", char(31)) FROM (SELECT * FROM pragma_index_xinfo(l.name) x
                        WHERE x.key ORDER BY x.seqno) x) AS key_desc,
                    (SELECT m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.name = l.name) AS sql
             FROM pragma_index_list(?) l",
        )
        .load::<IndexRow>(conn)?;
        for index in indexes {
            let columns = super::split_list(&index.columns);
            // A unique constraint written in the table's text is kept by SQLite as an index
            // named `sqlite_autoindex_<table>_<n>`, which nothing can drop or rename: it reads
            // as the unique index Tablewright would build for it (the two enforce the same).
            let index_name = match index.origin.as_str() {
                "u" => Some(default_names::unique(&name, &columns))
                    .filter(|unique| !table.indexes.contains_key(unique))
                    .unwrap_or(index.name),
                _ => index.name,
            };
            match index.origin.as_str() {
                "pk" => {}
                _ => {
                    // SQLite keeps a predicate only in the index's text.
                    let predicate = index.sql.as_deref().and_then(index_predicate);
                    // ... and an expression key only there too.
                    let written = index.sql.as_deref().map(index_keys).unwrap_or_default();
                    let keys: Vec<CatalogIndexKey> = index
                        .key_columns
                        .split('\u{1f}')
                        .zip(index.key_desc.split('\u{1f}'))
                        .enumerate()
                        .map(|(i, (column, desc))| CatalogIndexKey {
                            column: Some(column.to_string()).filter(|c| !c.is_empty()),
                            expression: column.is_empty().then(|| written.get(i).cloned().unwrap_or_default()),
                            descending: desc == "1",
                            nulls: None,
                            opclass: None,
                        })
                        .collect();
                    let shown: Vec<String> = index
                        .keys
                        .split('\u{1f}')
                        .zip(&keys)
                        .map(|(shown, key)| match &key.expression {
                            Some(expr) => shown.replacen("<expression>", &format!("({expr})"), 1),
                            None => shown.to_string(),
                        })
                        .collect();
                    let mut definition = format!("({})", shown.join(", "));
                    if let Some(predicate) = &predicate {
                        definition.push_str(&format!(" WHERE {predicate}"));
                    }
                    let entry = CatalogIndex {
                        columns,
                        unique: index.is_unique != 0,
                        method: "btree".into(),
                        predicate,
                        definition,
                        keys,
                        include: Vec::new(),
                        with: Vec::new(),
                    };
                    table.indexes.insert(index_name, entry);
                }
            }
        }
        let keys = bind("SELECT id, \"table\" AS target, \"from\" AS from_column, \"to\" AS to_column, on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq")
            .load::<ForeignKeyRow>(conn)?;
        let mut grouped: std::collections::BTreeMap<i64, CatalogForeignKey> = Default::default();
        for row in keys {
            let fk = grouped.entry(row.id).or_insert_with(|| CatalogForeignKey {
                name: String::new(),
                columns: Vec::new(),
                references_table: row.target.clone(),
                references_columns: Vec::new(),
                on_delete: row.on_delete.clone(),
                on_update: row.on_update.clone(),
                deferrable: "NOT DEFERRABLE".into(),
                validated: true,
            });
            fk.columns.push(row.from_column);
            fk.references_columns.extend(row.to_column);
        }
        table.foreign_keys = grouped.into_values().collect();
        // Names and deferrability are only in the table's text: matched to the pragma's keys by
        // their columns, in order.
        let mut named = written.foreign_keys.clone();
        for fk in &mut table.foreign_keys {
            if let Some(i) = named.iter().position(|n| n.columns == fk.columns) {
                let text = named.remove(i);
                fk.name = text.name;
                fk.deferrable = text.deferrable;
            }
            if fk.name.is_empty() {
                fk.name = default_names::foreign_key(&name, &fk.columns);
            }
        }
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        for trigger in bind("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
            .load::<TriggerRow>(conn)?
        {
            table.triggers.insert(trigger.name, trigger.sql.unwrap_or_default());
        }
        catalog.tables.insert(name, table);
    }
    // A view as SQLite stores it: the statement that created it (both sides create it alike).
    let views = diesel::sql_query("SELECT name, sql FROM sqlite_master WHERE type = 'view'").load::<TableRow>(conn)?;
    for view in views {
        let definition = view.sql.unwrap_or_default();
        catalog.views.insert(
            view.name,
            tablewright_runtime_core::catalog::CatalogView {
                definition,
                ..Default::default()
            },
        );
    }
    Ok(catalog)
}

/// Runs `statements` in an in-memory database and reads it.
pub fn scratch_catalog(statements: &[String]) -> QueryResult<Catalog> {
    use diesel::connection::SimpleConnection;
    let mut scratch = SqliteConnection::establish(":memory:").map_err(|e| {
        diesel::result::Error::QueryBuilderError(format!("cannot open an in-memory database: {e}").into())
    })?;
    for statement in statements {
        scratch.batch_execute(statement)?;
    }
    catalog(&mut scratch)
}
