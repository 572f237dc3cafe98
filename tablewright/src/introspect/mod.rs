//! Reading what a live database contains into a [`Catalog`], one module per backend. Compare it
//! with the model with [`tablewright_core::catalog::drift`].

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "mysql")]
pub use mysql::catalog as mysql_catalog;
#[cfg(feature = "postgres")]
pub use postgres::catalog as postgres_catalog;
#[cfg(feature = "sqlite")]
pub use sqlite::catalog as sqlite_catalog;

pub use tablewright_core::catalog::{drift, Catalog, CatalogTable, Drift};

/// Splits a comma-joined list produced by the catalog queries.
#[allow(dead_code)]
fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::to_string).collect()
    }
}
