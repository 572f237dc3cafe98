//! The contract the runtime checks the shared (`external`) tables against, made from the model:
//! each live column of each live external table, with the types each database may report for it
//! (a `native_type`, or what the portable type becomes). The build script writes it as the Rust
//! expression [`rust_source`] returns, so the application reads it without a parser.

use tablewright_runtime_core::shared_tables::{SharedColumn, SharedTable, SharedTables};

use crate::catalog::expected_types;
use crate::dialect::Dialect;
use crate::model::{Column, Schema};

/// The shared tables of `schema`, as the runtime checks them.
pub fn shared_tables(schema: &Schema) -> SharedTables {
    SharedTables::new(
        schema
            .tables
            .iter()
            .filter(|t| t.is_external() && t.is_live())
            .map(|table| {
                let columns = table
                    .columns
                    .iter()
                    .filter(|c| c.lifecycle.is_live())
                    .map(column)
                    .collect();
                SharedTable::new(&table.name, columns)
            })
            .collect(),
    )
}

fn column(column: &Column) -> SharedColumn {
    let [postgres, sqlite, mysql] = Dialect::ALL.map(|dialect| match column.native_types.get(&dialect) {
        Some(native) => vec![native.clone()],
        None => expected_types(column.ty, dialect),
    });
    SharedColumn::new(
        &column.name,
        &column.ty.to_string(),
        &strs(&postgres),
        &strs(&sqlite),
        &strs(&mysql),
    )
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// `tables` as a Rust expression of type `tablewright::SharedTables` (what
/// `tablewright::include_schema!()` includes). Strings are written with Rust's own escaping.
pub fn rust_source(tables: &SharedTables) -> String {
    let list = |items: &[String]| items.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "// Written by tablewright-build: the shared tables the application reads, checked at startup.\n\
         ::tablewright::SharedTables::new(::std::vec![\n",
    );
    for table in &tables.tables {
        out.push_str(&format!(
            "    ::tablewright::SharedTable::new({:?}, ::std::vec![\n",
            table.name
        ));
        for column in &table.columns {
            out.push_str(&format!(
                "        ::tablewright::SharedColumn::new({:?}, {:?}, &[{}], &[{}], &[{}]),\n",
                column.name,
                column.declared,
                list(column.spellings(Dialect::Postgres)),
                list(column.spellings(Dialect::Sqlite)),
                list(column.spellings(Dialect::Mysql)),
            ));
        }
        out.push_str("    ]),\n");
    }
    out.push_str("])\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

    const SHARED: &str = "table: systems\nexternal: { owner: main system team }\ncolumns:\n  asset_uid: { type: varchar(64), primary_key: true }\n  model: { type: text, native_type: { postgres: citext }, nullable: true }\n---\ntable: ours\ncolumns:\n  id: { type: integer, primary_key: true }\n";

    #[test]
    fn only_external_tables_with_each_databases_spelling() {
        let (tables, problems) = yaml::parse_str(SHARED, None);
        assert!(problems.is_empty(), "{problems:?}");
        let contract = shared_tables(&Schema {
            tables,
            ..Default::default()
        });
        insta::assert_snapshot!(rust_source(&contract), @r#"
        // Written by tablewright-build: the shared tables the application reads, checked at startup.
        ::tablewright::SharedTables::new(::std::vec![
            ::tablewright::SharedTable::new("systems", ::std::vec![
                ::tablewright::SharedColumn::new("asset_uid", "varchar(64)", &["character varying(64)"], &["varchar(64)"], &["varchar(64)"]),
                ::tablewright::SharedColumn::new("model", "text", &["citext"], &["text"], &["text"]),
            ]),
        ])
        "#);
    }
}
