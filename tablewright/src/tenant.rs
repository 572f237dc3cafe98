//! Running queries as one tenant, for tables with row-level security (PostgreSQL).
//!
//! The generated policies compare the tenant column with the session setting
//! `app.current_tenant_id` (or the one the table names). [`with_tenant`] sets it with
//! `set_config(name, value, true)`: bound as a parameter, and local to a transaction, so a
//! pooled connection never carries one request's tenant into the next. A plain
//! `SET app.current_tenant_id = ...` would stay on the connection after it went back to the pool.

use diesel::connection::Connection;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Text};
use diesel::RunQueryDsl;

/// The setting the generated policies read, unless a table names another.
pub const TENANT_SETTING: &str = "app.current_tenant_id";

diesel::define_sql_function! {
    /// PostgreSQL's `set_config(setting_name, new_value, is_local)`.
    fn set_config(setting: Text, value: Text, is_local: Bool) -> Text;
}

/// Runs `work` in a transaction in which the current tenant is `tenant`. Rows of other tenants
/// are invisible to it and cannot be written by it; when it returns, the setting is gone.
///
/// ```no_run
/// # use diesel::prelude::*;
/// # fn demo(conn: &mut PgConnection) -> QueryResult<()> {
/// let tenant = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
/// // Only this tenant's rows are visible inside the closure.
/// let rows = tablewright::with_tenant(conn, tenant, |conn| {
///     diesel::sql_query("SELECT * FROM lots").execute(conn)
/// })?;
/// # let _ = rows;
/// # Ok(()) }
/// ```
///
/// Superusers and roles with BYPASSRLS are not subject to row-level security: connect the
/// application as an ordinary role.
pub fn with_tenant<T, E, F>(conn: &mut PgConnection, tenant: impl ToString, work: F) -> Result<T, E>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    with_setting(conn, TENANT_SETTING, tenant, work)
}

/// [`with_tenant`] for a table whose policy reads another setting.
pub fn with_setting<T, E, F>(conn: &mut PgConnection, setting: &str, tenant: impl ToString, work: F) -> Result<T, E>
where
    F: FnOnce(&mut PgConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let tenant = tenant.to_string();
    conn.transaction(|conn| {
        diesel::select(set_config(setting, tenant, true)).execute(conn)?;
        work(conn)
    })
}
