//! PostgreSQL's composite types declared on their own (`CREATE TYPE name AS (...)`), for the
//! catalog. Every table has a composite row type too (`typrelid` is the table, of relkind `r`);
//! only those whose relation is a bare composite (relkind `c`) are declared objects, and those
//! an extension brings are left out.

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel::PgConnection;
use tablewright_runtime_core::catalog::{Catalog, CatalogComposite};

use super::postgres::not_from_extension;

#[derive(QueryableByName)]
struct FieldRow {
    #[diesel(sql_type = Text)]
    composite: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
    /// `None` for a composite without fields.
    #[diesel(sql_type = Nullable<Text>)]
    field: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    data_type: Option<String>,
}

fn fields_query() -> String {
    format!(
        "SELECT t.typname::text AS composite, obj_description(t.oid, 'pg_type') AS comment,
                a.attname::text AS field, format_type(a.atttypid, a.atttypmod) AS data_type
         FROM pg_type t
         JOIN pg_namespace n ON n.oid = t.typnamespace
         JOIN pg_class c ON c.oid = t.typrelid
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = current_schema() AND {}
         ORDER BY t.typname, a.attnum",
        not_from_extension("t.oid")
    )
}

/// Fills the catalog's composite types, each with its fields in order.
pub(super) fn read(conn: &mut PgConnection, catalog: &mut Catalog) -> QueryResult<()> {
    for row in diesel::sql_query(fields_query()).load::<FieldRow>(conn)? {
        let composite = catalog
            .composites
            .entry(row.composite)
            .or_insert_with(|| CatalogComposite {
                fields: Vec::new(),
                comment: row.comment,
            });
        if let (Some(field), Some(data_type)) = (row.field, row.data_type) {
            composite.fields.push((field, data_type));
        }
    }
    Ok(())
}
