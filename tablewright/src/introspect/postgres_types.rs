//! PostgreSQL's extensions, enum types and domains, for the catalog (objects that belong to an
//! extension are left out, as everywhere).

use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::PgConnection;
use tablewright_runtime_core::catalog::{Catalog, CatalogDomain, CatalogEnum, CatalogExtension};

use super::postgres::not_from_extension;

#[derive(QueryableByName)]
struct ExtensionRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    schema: String,
    #[diesel(sql_type = Text)]
    version: String,
}

#[derive(QueryableByName)]
struct EnumRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    labels: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct DomainRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
    #[diesel(sql_type = Nullable<Text>)]
    default_expr: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct DomainCheckRow {
    #[diesel(sql_type = Text)]
    domain: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

const EXTENSIONS: &str = "
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion::text AS version
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'";

fn enums_query() -> String {
    format!(
        "SELECT t.typname::text AS name,
                string_agg(e.enumlabel::text, E'\\x1f' ORDER BY e.enumsortorder) AS labels,
                obj_description(t.oid, 'pg_type') AS comment
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
         WHERE n.nspname = current_schema() AND {}
         GROUP BY t.oid, t.typname",
        not_from_extension("t.oid")
    )
}

fn domains_query() -> String {
    format!(
        "SELECT t.typname::text AS name, format_type(t.typbasetype, t.typtypmod) AS data_type,
                t.typnotnull AS not_null, t.typdefault AS default_expr,
                obj_description(t.oid, 'pg_type') AS comment
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typtype = 'd' AND n.nspname = current_schema() AND {}",
        not_from_extension("t.oid")
    )
}

fn domain_checks_query() -> String {
    format!(
        "SELECT t.typname::text AS domain, c.conname::text AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE c.contype = 'c' AND n.nspname = current_schema() AND {}",
        not_from_extension("t.oid")
    )
}

/// Fills the catalog's extensions, enum types and domains.
pub(super) fn read(conn: &mut PgConnection, catalog: &mut Catalog) -> QueryResult<()> {
    for row in diesel::sql_query(EXTENSIONS).load::<ExtensionRow>(conn)? {
        let extension = CatalogExtension {
            schema: row.schema,
            version: row.version,
        };
        catalog.extensions.insert(row.name, extension);
    }
    for row in diesel::sql_query(enums_query()).load::<EnumRow>(conn)? {
        let values = row.labels.split('\u{1f}').map(str::to_string).collect();
        catalog.enums.insert(
            row.name,
            CatalogEnum {
                values,
                comment: row.comment,
            },
        );
    }
    for row in diesel::sql_query(domains_query()).load::<DomainRow>(conn)? {
        let domain = CatalogDomain {
            data_type: row.data_type,
            nullable: !row.not_null,
            default: row.default_expr,
            checks: Default::default(),
            comment: row.comment,
        };
        catalog.domains.insert(row.name, domain);
    }
    for row in diesel::sql_query(domain_checks_query()).load::<DomainCheckRow>(conn)? {
        if let Some(domain) = catalog.domains.get_mut(&row.domain) {
            domain.checks.insert(row.name, row.definition);
        }
    }
    Ok(())
}
