//! Seed rows as SQL: one insert per row that does nothing when a row with the same primary key
//! is already there, so loading twice changes nothing (a row changed since, in the database or
//! in the file, is left as the database has it).

use super::check::{SeedTable, Value};
use crate::dialect::Dialect;
use crate::model::{ColumnType, Origin};
use crate::sql::quote;

/// The insert of one seed row.
#[derive(Clone, Debug)]
pub struct Insert {
    pub table: String,
    pub origin: Origin,
    pub sql: String,
    /// On PostgreSQL, for a tenant table: the setting and the row's tenant, set for the insert
    /// so the table's policy accepts it from a role it applies to.
    pub tenant: Option<(String, String)>,
}

pub fn inserts(tables: &[SeedTable], dialect: Dialect) -> Vec<Insert> {
    let ident = |name: &str| quote::ident(dialect, name);
    let mut inserts = Vec::new();
    for seeded in tables {
        let table = &seeded.table;
        let name = ident(&table.name);
        let key = &table
            .primary_key
            .as_ref()
            .expect("checked: seeded tables have a primary key")
            .columns;
        for row in &seeded.rows {
            let column_type = |column: &str| table.column(column).map(|c| c.ty);
            let columns: Vec<String> = row.values.iter().map(|(c, _)| ident(c)).collect();
            let values: Vec<String> = (row.values.iter())
                .map(|(c, v)| literal(v, column_type(c), dialect))
                .collect();
            // A value given for a GENERATED ALWAYS identity must say it overrides the identity.
            let always = row.values.iter().any(|(c, _)| {
                table
                    .column(c)
                    .is_some_and(|c| c.ty.is_serial() && c.auto_increment == crate::model::AutoIncrement::Always)
            });
            let overriding = if always && dialect == Dialect::Postgres {
                " OVERRIDING SYSTEM VALUE"
            } else {
                ""
            };
            let sql = match dialect {
                Dialect::Postgres | Dialect::Sqlite => format!(
                    "INSERT INTO {name} ({}){overriding} VALUES ({}) ON CONFLICT ({}) DO NOTHING",
                    columns.join(", "),
                    values.join(", "),
                    quote::ident_list(dialect, key)
                ),
                // MySQL has no ON CONFLICT DO NOTHING (INSERT IGNORE would also turn real errors
                // into warnings): insert only when no row has the key.
                Dialect::Mysql => {
                    let matches: Vec<String> = key
                        .iter()
                        .map(|k| {
                            let (_, v) = row
                                .values
                                .iter()
                                .find(|(c, _)| c == k)
                                .expect("checked: rows give their key");
                            format!("{} = {}", ident(k), literal(v, column_type(k), dialect))
                        })
                        .collect();
                    format!(
                        "INSERT INTO {name} ({}) SELECT {} FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM {name} WHERE {})",
                        columns.join(", "),
                        values.join(", "),
                        matches.join(" AND ")
                    )
                }
            };
            let tenant = match (&table.tenant, dialect) {
                (Some(tenant), Dialect::Postgres) => row
                    .values
                    .iter()
                    .find(|(c, _)| *c == tenant.column)
                    .map(|(_, v)| (tenant.setting.clone(), v.key())),
                _ => None,
            };
            inserts.push(Insert {
                table: table.name.clone(),
                origin: row.origin.clone(),
                sql,
                tenant,
            });
        }
    }
    inserts
}

/// What to run after the inserts: on PostgreSQL, identity sequences moved past the seeded keys,
/// so the application's next insert does not collide with a seeded row. (MySQL and SQLite move
/// their counters past an explicit key by themselves.)
pub fn after(tables: &[SeedTable], dialect: Dialect) -> Vec<String> {
    if dialect != Dialect::Postgres {
        return Vec::new();
    }
    let mut statements = Vec::new();
    for seeded in tables {
        for column in seeded.table.live_columns().filter(|c| c.ty.is_serial()) {
            let qualified = quote::ident(dialect, &seeded.table.name);
            let column_ident = quote::ident(dialect, &column.name);
            statements.push(format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), GREATEST((SELECT max({column_ident}) FROM {qualified}), 1))",
                quote::literal(dialect, &qualified),
                quote::literal(dialect, &column.name)
            ));
        }
    }
    statements
}

fn literal(value: &Value, ty: Option<ColumnType>, dialect: Dialect) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Bool(b) => match dialect {
            Dialect::Sqlite => if *b { "1" } else { "0" }.into(),
            _ => if *b { "TRUE" } else { "FALSE" }.into(),
        },
        Value::Number(n) => n.clone(),
        Value::Text(text) => quote::literal(dialect, text),
        // SQLite keeps jsonb in its binary form: `jsonb()` converts the text.
        Value::Json(json) if dialect == Dialect::Sqlite && ty == Some(ColumnType::Jsonb) => {
            format!("jsonb({})", quote::literal(dialect, json))
        }
        Value::Json(json) => quote::literal(dialect, json),
        Value::Binary(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            match dialect {
                Dialect::Postgres => quote::literal(dialect, &format!("\\x{hex}")),
                Dialect::Mysql | Dialect::Sqlite => format!("X'{hex}'"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::check::SeedRow;
    use crate::source::yaml::parse_str;

    #[test]
    fn a_value_for_an_always_identity_overrides_it() {
        let seeded = |kind: &str| {
            let text =
                format!("table: t\ncolumns:\n  id: {{ type: serial, primary_key: true, auto_increment: {kind} }}\n");
            let (tables, problems) = parse_str(&text, None);
            assert!(problems.is_empty(), "{problems:?}");
            let table = SeedTable {
                table: tables[0].clone(),
                file: "t.yaml".into(),
                rows: vec![SeedRow {
                    origin: Origin::default(),
                    values: vec![("id".into(), Value::Number("1".into()))],
                }],
            };
            inserts(&[table], Dialect::Postgres)[0].sql.clone()
        };
        assert_eq!(
            seeded("always"),
            "INSERT INTO \"t\" (\"id\") OVERRIDING SYSTEM VALUE VALUES (1) ON CONFLICT (\"id\") DO NOTHING"
        );
        assert_eq!(
            seeded("identity"),
            "INSERT INTO \"t\" (\"id\") VALUES (1) ON CONFLICT (\"id\") DO NOTHING"
        );
    }
}
