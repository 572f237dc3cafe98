//! The contract with the teams that own the application's shared (`external`) tables: which of
//! their tables and columns the application reads, and the types it can read them as.
//!
//! The build script writes it from the schema as a Rust expression
//! (`OUT_DIR/tablewright_shared_tables.rs`, included by `tablewright::include_schema!()`), with
//! each column's type already spelled the way each database reports it, so that checking it at
//! startup needs neither the schema model nor a parser: only the live [`Catalog`].

use crate::catalog::{normalize_type, Catalog, Drift};
use crate::dialect::Dialect;

/// The shared tables an application needs; empty when it declares none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedTables {
    pub tables: Vec<SharedTable>,
}

/// One table another team owns, and the columns the application reads from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedTable {
    pub name: String,
    pub columns: Vec<SharedColumn>,
}

/// A column the application reads: its declared type (for messages), and how each database
/// reports a compatible type, normalized with [`normalize_type`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedColumn {
    pub name: String,
    pub declared: String,
    /// Spellings per database, in the order of [`Dialect::ALL`].
    spellings: [Vec<String>; 3],
}

impl SharedTables {
    pub fn new(tables: Vec<SharedTable>) -> SharedTables {
        SharedTables { tables }
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// Every way `catalog` fails the contract: a table or column missing, or a column of a type
    /// the application cannot read. Extra tables and columns, keys, defaults, nullability and
    /// comments are the owner's business.
    pub fn drift(&self, catalog: &Catalog, dialect: Dialect) -> Vec<Drift> {
        let mut found = Vec::new();
        for table in &self.tables {
            let mut push = |object: String, message: String| {
                found.push(Drift {
                    table: table.name.clone(),
                    object,
                    message,
                })
            };
            let Some(live) = catalog.tables.get(&table.name) else {
                push("table".into(), "table is missing".into());
                continue;
            };
            for column in &table.columns {
                let object = format!("column {}", column.name);
                match live.columns.iter().find(|c| c.name == column.name) {
                    None => push(object, format!("column `{}` is missing", column.name)),
                    Some(found) if !column.accepts(&found.data_type, dialect) => push(
                        object,
                        format!(
                            "column `{}` is {} in the database, {} in the schema",
                            column.name, found.data_type, column.declared
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        found.sort();
        found
    }
}

impl SharedTable {
    pub fn new(name: &str, columns: Vec<SharedColumn>) -> SharedTable {
        SharedTable {
            name: name.to_string(),
            columns,
        }
    }
}

impl SharedColumn {
    /// `postgres`, `sqlite`, `mysql`: the types each database may report for the column (any
    /// case and spacing; they are normalized here).
    pub fn new(name: &str, declared: &str, postgres: &[&str], sqlite: &[&str], mysql: &[&str]) -> SharedColumn {
        let normalized = |dialect: Dialect, types: &[&str]| -> Vec<String> {
            types.iter().map(|t| normalize_type(t, dialect)).collect()
        };
        SharedColumn {
            name: name.to_string(),
            declared: declared.to_string(),
            spellings: [
                normalized(Dialect::Postgres, postgres),
                normalized(Dialect::Sqlite, sqlite),
                normalized(Dialect::Mysql, mysql),
            ],
        }
    }

    /// The normalized types `dialect` may report for this column.
    pub fn spellings(&self, dialect: Dialect) -> &[String] {
        let index = Dialect::ALL
            .iter()
            .position(|d| *d == dialect)
            .expect("every dialect is in ALL");
        &self.spellings[index]
    }

    /// Whether the database's `reported` type is one the application can read.
    pub fn accepts(&self, reported: &str, dialect: Dialect) -> bool {
        let reported = normalize_type(reported, dialect);
        self.spellings(dialect).contains(&reported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogColumn, CatalogTable};

    fn catalog(columns: &[(&str, &str)]) -> Catalog {
        let mut catalog = Catalog::default();
        let table = CatalogTable {
            columns: columns
                .iter()
                .map(|(name, ty)| CatalogColumn {
                    name: name.to_string(),
                    data_type: ty.to_string(),
                    ..CatalogColumn::default()
                })
                .collect(),
            ..CatalogTable::default()
        };
        catalog.tables.insert("systems".into(), table);
        catalog
    }

    fn contract() -> SharedTables {
        SharedTables::new(vec![SharedTable::new(
            "systems",
            vec![
                SharedColumn::new(
                    "uid",
                    "varchar(64)",
                    &["character varying(64)"],
                    &["varchar(64)"],
                    &["varchar(64)"],
                ),
                SharedColumn::new("count", "integer", &["integer"], &["integer"], &["int"]),
            ],
        )])
    }

    #[test]
    fn a_table_with_the_columns_and_more_passes() {
        let live = catalog(&[("uid", "VARCHAR(64)"), ("count", "int(11)"), ("extra", "text")]);
        assert_eq!(contract().drift(&live, Dialect::Mysql), vec![]);
    }

    #[test]
    fn each_missing_or_unreadable_column_is_named() {
        let live = catalog(&[("uid", "text")]);
        let found: Vec<String> = contract()
            .drift(&live, Dialect::Postgres)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "systems: column `count` is missing",
                "systems: column `uid` is text in the database, varchar(64) in the schema"
            ]
        );
        let found = contract().drift(&Catalog::default(), Dialect::Sqlite);
        assert_eq!(found[0].to_string(), "systems: table is missing");
    }
}
