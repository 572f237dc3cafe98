//! Reading what a live database contains into a [`Catalog`], one module per backend. The
//! migrator checks the shared tables against it; tools compare it with the whole model with
//! [`drift`] (feature `tools`).

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

/// Every way a catalog differs from the whole model: the schema compiler's comparison, for tools
/// and tests.
#[cfg(feature = "tools")]
pub use tablewright_core::catalog::drift;
pub use tablewright_runtime_core::catalog::{Catalog, CatalogTable, Drift};

/// Splits a comma-joined list produced by the catalog queries.
#[allow(dead_code)]
fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::to_string).collect()
    }
}
