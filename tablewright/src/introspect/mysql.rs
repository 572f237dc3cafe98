//! MySQL and MariaDB catalog, from `information_schema` for the current database.

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel::MysqlConnection;
use tablewright_runtime_core::catalog::{Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogIndexKey};

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    name: String,
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
    #[diesel(sql_type = Text)]
    nullable: String,
    #[diesel(sql_type = Nullable<Text>)]
    default_expr: Option<String>,
    #[diesel(sql_type = Text)]
    extra: String,
    #[diesel(sql_type = Nullable<Text>)]
    generation: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    references_table: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    references_column: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    on_delete: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    on_update: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    check_clause: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    non_unique: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    index_type: String,
    /// `A` ascending, `D` descending.
    #[diesel(sql_type = Nullable<Text>)]
    collation: Option<String>,
    /// The length of a prefix index on a column.
    #[diesel(sql_type = Nullable<Text>)]
    sub_part: Option<String>,
}

#[derive(QueryableByName)]
struct TriggerRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

const TABLES: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS name, CAST(TABLE_COMMENT AS CHAR) AS comment
FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";

const COLUMNS: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS table_name, CAST(COLUMN_NAME AS CHAR) AS name,
       CAST(COLUMN_TYPE AS CHAR) AS data_type, CAST(IS_NULLABLE AS CHAR) AS nullable,
       CAST(COLUMN_DEFAULT AS CHAR) AS default_expr, CAST(EXTRA AS CHAR) AS extra,
       CAST(GENERATION_EXPRESSION AS CHAR) AS generation, CAST(COLUMN_COMMENT AS CHAR) AS comment
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// Keys with their columns in order, and checks with their clause (one row per check).
const KEYS: &str = "
SELECT CAST(tc.TABLE_NAME AS CHAR) AS table_name, CAST(tc.CONSTRAINT_NAME AS CHAR) AS name,
       CAST(tc.CONSTRAINT_TYPE AS CHAR) AS kind, CAST(k.COLUMN_NAME AS CHAR) AS column_name,
       CAST(k.REFERENCED_TABLE_NAME AS CHAR) AS references_table,
       CAST(k.REFERENCED_COLUMN_NAME AS CHAR) AS references_column,
       CAST(r.DELETE_RULE AS CHAR) AS on_delete, CAST(r.UPDATE_RULE AS CHAR) AS on_update,
       CAST(cc.CHECK_CLAUSE AS CHAR) AS check_clause
FROM information_schema.TABLE_CONSTRAINTS tc
LEFT JOIN information_schema.KEY_COLUMN_USAGE k
       ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'FOREIGN KEY'
LEFT JOIN information_schema.CHECK_CONSTRAINTS cc
       ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
WHERE tc.TABLE_SCHEMA = DATABASE()
ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const INDEXES: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS table_name, CAST(INDEX_NAME AS CHAR) AS name,
       CAST(NON_UNIQUE AS CHAR) AS non_unique, CAST(COLUMN_NAME AS CHAR) AS column_name,
       CAST(INDEX_TYPE AS CHAR) AS index_type, CAST(COLLATION AS CHAR) AS collation,
       CAST(SUB_PART AS CHAR) AS sub_part
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const TRIGGERS: &str = "
SELECT CAST(EVENT_OBJECT_TABLE AS CHAR) AS table_name, CAST(TRIGGER_NAME AS CHAR) AS name,
       CAST(CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION, ' FOR EACH ', ACTION_ORIENTATION, ' ', ACTION_STATEMENT) AS CHAR)
           AS definition
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()";

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.is_empty())
}

/// Reads the connection's current database.
const VIEWS: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS name,
       CAST(REPLACE(VIEW_DEFINITION, CONCAT('`', DATABASE(), '`.'), '') AS CHAR) AS definition
FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()";

#[derive(QueryableByName)]
struct ViewRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

pub fn catalog(conn: &mut MysqlConnection) -> QueryResult<Catalog> {
    let mut catalog = Catalog::default();
    for row in diesel::sql_query(TABLES).load::<TableRow>(conn)? {
        catalog.tables.entry(row.name).or_default().comment = non_empty(row.comment);
    }
    for row in diesel::sql_query(COLUMNS).load::<ColumnRow>(conn)? {
        let Some(table) = catalog.tables.get_mut(&row.table_name) else {
            continue;
        };
        let nullable = row.nullable == "YES";
        let extra = row.extra.to_lowercase();
        // MariaDB reports the default of a nullable column without one as the text NULL.
        let default = row.default_expr.filter(|d| !(nullable && d == "NULL"));
        table.columns.push(CatalogColumn {
            name: row.name,
            data_type: row.data_type.to_lowercase(),
            nullable,
            auto_increment: extra.contains("auto_increment"),
            identity: None,
            default,
            on_update_now: extra.contains("on update current_timestamp"),
            comment: non_empty(row.comment),
            // EXTRA says `STORED GENERATED` or `VIRTUAL GENERATED`.
            generated: non_empty(row.generation).map(|expr| {
                let kind = if extra.contains("virtual") { "VIRTUAL" } else { "STORED" };
                (expr, kind.to_string())
            }),
            sequence: None,
        });
    }
    let mut unique_names = std::collections::BTreeSet::new();
    for row in diesel::sql_query(KEYS).load::<KeyRow>(conn)? {
        let Some(table) = catalog.tables.get_mut(&row.table_name) else {
            continue;
        };
        match row.kind.as_str() {
            "PRIMARY KEY" => table.primary_key.extend(row.column_name),
            "UNIQUE" => {
                unique_names.insert((row.table_name.clone(), row.name.clone()));
                table.uniques.entry(row.name).or_default().extend(row.column_name);
            }
            "CHECK" => {
                // MariaDB guards JSON columns with an automatic json_valid() check.
                let automatic = row
                    .check_clause
                    .as_deref()
                    .is_some_and(|c| c.trim_start().to_lowercase().starts_with("json_valid("));
                if !automatic {
                    table.checks.insert(row.name, row.check_clause.unwrap_or_default());
                }
            }
            "FOREIGN KEY" => {
                let position = table.foreign_keys.iter().position(|f| f.name == row.name);
                let fk = match position {
                    Some(i) => &mut table.foreign_keys[i],
                    None => {
                        table.foreign_keys.push(CatalogForeignKey {
                            name: row.name.clone(),
                            references_table: row.references_table.clone().unwrap_or_default(),
                            on_delete: row.on_delete.clone().unwrap_or_default(),
                            on_update: row.on_update.clone().unwrap_or_default(),
                            // MySQL checks every key at once, and always validates.
                            deferrable: "NOT DEFERRABLE".into(),
                            validated: true,
                            ..CatalogForeignKey::default()
                        });
                        table.foreign_keys.last_mut().expect("pushed above")
                    }
                };
                fk.columns.extend(row.column_name);
                fk.references_columns.extend(row.references_column);
            }
            _ => {}
        }
    }
    for row in diesel::sql_query(INDEXES).load::<IndexRow>(conn)? {
        let is_constraint = row.name == "PRIMARY" || unique_names.contains(&(row.table_name.clone(), row.name.clone()));
        let Some(table) = catalog.tables.get_mut(&row.table_name) else {
            continue;
        };
        if is_constraint {
            continue;
        }
        let index = table.indexes.entry(row.name).or_insert_with(|| CatalogIndex {
            columns: Vec::new(),
            unique: row.non_unique == "0",
            method: row.index_type.to_lowercase(),
            predicate: None,
            definition: String::new(),
            keys: Vec::new(),
            include: Vec::new(),
            with: Vec::new(),
        });
        index.keys.push(CatalogIndexKey {
            column: Some(row.column_name.clone()),
            descending: row.collation.as_deref() == Some("D"),
            ..CatalogIndexKey::default()
        });
        let mut key = format!("`{}`", row.column_name.replace('`', "``"));
        if let Some(length) = row.sub_part {
            key.push_str(&format!("({length})"));
        }
        if row.collation.as_deref() == Some("D") {
            key.push_str(" DESC");
        }
        index.columns.push(row.column_name);
        index.definition = match index.definition.strip_suffix(')') {
            Some(keys) => format!("{keys}, {key})"),
            None => format!("USING {} ({key})", row.index_type),
        };
    }
    for row in diesel::sql_query(TRIGGERS).load::<TriggerRow>(conn)? {
        if let Some(table) = catalog.tables.get_mut(&row.table_name) {
            table.triggers.insert(row.name, row.definition);
        }
    }
    // A view as MySQL prints it back, without its database's name (the scratch database's
    // differs).
    for row in diesel::sql_query(VIEWS).load::<ViewRow>(conn)? {
        catalog.views.insert(
            row.name,
            tablewright_runtime_core::catalog::CatalogView {
                definition: row.definition,
                ..Default::default()
            },
        );
    }
    Ok(catalog)
}

#[derive(QueryableByName)]
struct DatabaseRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    charset: String,
    #[diesel(sql_type = Text)]
    collation: String,
}

/// Runs `statements` in a database of their own (same character set and collation as the
/// connection's), reads it, and drops it; the connection returns to its database either way.
/// MySQL's DDL is not transactional, so a scratch database is the only clean space; it needs the
/// CREATE and DROP privileges.
pub fn scratch_catalog(conn: &mut MysqlConnection, statements: &[String]) -> QueryResult<Catalog> {
    use diesel::connection::SimpleConnection;
    let current = diesel::sql_query(
        "SELECT CAST(SCHEMA_NAME AS CHAR) AS name, CAST(DEFAULT_CHARACTER_SET_NAME AS CHAR) AS charset,
                CAST(DEFAULT_COLLATION_NAME AS CHAR) AS collation
         FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()",
    )
    .get_result::<DatabaseRow>(conn)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let scratch = format!("tablewright_scratch_{}_{nanos}", std::process::id());
    conn.batch_execute(&format!(
        "CREATE DATABASE `{scratch}` CHARACTER SET {} COLLATE {}",
        current.charset, current.collation
    ))?;
    let read = conn.batch_execute(&format!("USE `{scratch}`")).and_then(|()| {
        for statement in statements {
            conn.batch_execute(statement)?;
        }
        catalog(conn)
    });
    let back = conn
        .batch_execute(&format!("USE `{}`", current.name.replace('`', "``")))
        .and_then(|()| conn.batch_execute(&format!("DROP DATABASE `{scratch}`")));
    let catalog = read?;
    back?;
    Ok(catalog)
}
