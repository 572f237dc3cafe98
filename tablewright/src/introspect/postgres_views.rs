//! PostgreSQL's views and materialized views, for the catalog (those of extensions are left
//! out, as everywhere). Definitions are printed with `pretty`, so names visible on the search
//! path are not qualified: the live schema and the scratch one print alike.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::PgConnection;
use tablewright_runtime_core::catalog::{Catalog, CatalogView};

use super::postgres::not_from_extension;

#[derive(QueryableByName)]
struct ViewRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    materialized: bool,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Bool)]
    populated: bool,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct ViewIndexRow {
    #[diesel(sql_type = Text)]
    view_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

fn views_query() -> String {
    format!(
        "SELECT c.relname::text AS name, c.relkind = 'm' AS materialized,
                rtrim(btrim(pg_get_viewdef(c.oid, true), E' \\n\\r\\t'), ';') AS definition,
                c.relispopulated AS populated, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm') AND {}",
        not_from_extension("c.oid")
    )
}

const VIEW_INDEXES: &str = "
SELECT t.relname::text AS view_name, i.relname::text AS name, pg_get_indexdef(i.oid) AS definition,
       obj_description(i.oid, 'pg_class') AS comment
FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relkind = 'm'";

/// `UNIQUE USING btree (site)`: `pg_get_indexdef` from `USING` on, after `UNIQUE` for a unique
/// index (its name and view are compared apart).
fn index_definition(definition: &str) -> String {
    let unique = if definition.starts_with("CREATE UNIQUE ") {
        "UNIQUE "
    } else {
        ""
    };
    match definition.find(" USING ") {
        Some(at) => format!("{unique}{}", &definition[at + 1..]),
        None => definition.to_string(),
    }
}

pub(super) fn read(conn: &mut PgConnection, catalog: &mut Catalog) -> QueryResult<()> {
    for row in diesel::sql_query(views_query()).load::<ViewRow>(conn)? {
        catalog.views.insert(
            row.name,
            CatalogView {
                materialized: row.materialized,
                definition: row.definition,
                indexes: Default::default(),
                index_comments: Default::default(),
                populated: row.populated,
                comment: row.comment,
            },
        );
    }
    for row in diesel::sql_query(VIEW_INDEXES).load::<ViewIndexRow>(conn)? {
        if let Some(view) = catalog.views.get_mut(&row.view_name) {
            if let Some(comment) = row.comment {
                view.index_comments.insert(row.name.clone(), comment);
            }
            view.indexes.insert(row.name, index_definition(&row.definition));
        }
    }
    Ok(())
}
