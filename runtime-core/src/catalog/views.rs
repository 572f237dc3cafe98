//! Views and materialized views as the database's catalog holds them: compared by drift (the
//! definition as the database prints it back, the comment, a materialized view's indexes) and
//! written back by import.

use std::collections::BTreeMap;

/// One view or materialized view of the schema (not one of an extension's).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogView {
    pub materialized: bool,
    /// The query as the database prints it back (PostgreSQL `pg_get_viewdef`, pretty, without the
    /// blanks around it and the final `;`; SQLite the statement as stored; MySQL
    /// `VIEW_DEFINITION` without its database's name), so both sides of drift print it alike.
    pub definition: String,
    /// A materialized view's indexes by name, from `USING` on as `pg_get_indexdef` prints them.
    pub indexes: BTreeMap<String, String>,
    /// The comments of those indexes that have one, by index name.
    pub index_comments: BTreeMap<String, String>,
    /// Whether a materialized view holds rows (`WITH DATA` or refreshed since).
    pub populated: bool,
    pub comment: Option<String>,
}

impl CatalogView {
    /// `view` or `materialized view`, as drift names it.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }
}
