//! Reading what a live database contains into a [`Catalog`], one module per backend. The
//! migrator checks the shared tables against it; tools compare it with the whole model
//! ([`drift_of`], feature `tools`).

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_composites;
#[cfg(feature = "postgres")]
mod postgres_types;
#[cfg(feature = "postgres")]
mod postgres_views;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "mysql")]
pub use mysql::{catalog as mysql_catalog, scratch_catalog as mysql_scratch_catalog};
#[cfg(feature = "postgres")]
pub use postgres::{catalog as postgres_catalog, scratch_catalog as postgres_scratch_catalog};
#[cfg(feature = "sqlite")]
pub use sqlite::{catalog as sqlite_catalog, scratch_catalog as sqlite_scratch_catalog};

pub use tablewright_runtime_core::catalog::{Catalog, CatalogTable, Drift};
#[cfg(feature = "tools")]
pub use tools::{drift, drift_of, expected_catalog, DriftError};

/// Drift: the whole model compared with a database. The schema compiler builds what to compare
/// with, so this is for tools and tests, not applications.
#[cfg(feature = "tools")]
mod tools {
    use std::fmt;

    use tablewright_core::catalog::build_sql;
    pub use tablewright_core::catalog::drift;
    use tablewright_core::{Diagnostics, Schema};

    use super::{Catalog, Drift};
    use crate::migrator::Database;

    /// Why drift could not be measured.
    #[derive(Debug)]
    pub enum DriftError {
        /// The schema cannot be built from nothing (the planner refused it).
        Schema(Diagnostics),
        /// The database refused a query, or building the schema in its scratch space.
        Database(String),
    }

    impl fmt::Display for DriftError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                DriftError::Schema(diagnostics) => {
                    write!(f, "the schema cannot be built to compare with:\n{diagnostics}")
                }
                DriftError::Database(message) => f.write_str(message),
            }
        }
    }

    impl std::error::Error for DriftError {}

    /// The catalog of `schema` as this database would hold it: built in a scratch space of the
    /// database (see [`Database::scratch_catalog`]) and read back.
    pub fn expected_catalog<C: Database>(conn: &mut C, schema: &Schema) -> Result<Catalog, DriftError> {
        let statements = build_sql(schema, C::DIALECT).map_err(|d| DriftError::Schema(Diagnostics(d)))?;
        conn.scratch_catalog(&statements).map_err(|e| {
            DriftError::Database(format!(
                "cannot build the schema in a scratch space of the database: {e}"
            ))
        })
    }

    /// Every way the connected database differs from `schema`, each fact compared in the database's
    /// own normal form (see [`tablewright_core::catalog`]).
    pub fn drift_of<C: Database>(conn: &mut C, schema: &Schema) -> Result<Vec<Drift>, DriftError> {
        let expected = expected_catalog(conn, schema)?;
        let live = conn
            .catalog()
            .map_err(|e| DriftError::Database(format!("cannot read the database's catalog: {e}")))?;
        Ok(drift(schema, &expected, &live, C::DIALECT))
    }
}

/// Splits a comma-joined list produced by the catalog queries.
#[allow(dead_code)]
fn split_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::to_string).collect()
    }
}
