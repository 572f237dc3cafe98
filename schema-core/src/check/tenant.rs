//! Multi-tenant tables: the tenant column exists, is NOT NULL and indexed, the target enforces
//! row-level security, and no table that looks multi-tenant silently lacks isolation.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Schema, Table};

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(tenant) = &table.tenant else { return };
    if table.is_external() {
        return; // reported by the external-table rule
    }
    match table.column(&tenant.column) {
        None => found.push(
            Diagnostic::error(
                "tenant-column",
                table.origin.key("tenant"),
                format!("tenant column `{}` is not a column of `{}`", tenant.column, table.name),
            )
            .help("name an existing column, usually `tenant_id`"),
        ),
        Some(column) => {
            if column.nullable {
                found.push(
                    Diagnostic::error(
                        "tenant-column",
                        column.origin.key("nullable"),
                        format!("tenant column `{}.{}` is nullable", table.name, column.name),
                    )
                    .help(column.origin.pick(
                        "a row without a tenant is visible to no one and owned by no one; remove `nullable: true`",
                        "a row without a tenant is visible to no one and owned by no one; use the type without `Option<...>`",
                    )),
                );
            }
            let unfit =
                column.ty.is_json() || column.ty == crate::model::ColumnType::Binary || column.ty.is_timestamp();
            if unfit && super::type_known(column) {
                found.push(
                    Diagnostic::error(
                        "tenant-column",
                        column.origin.key("type"),
                        format!("tenant column `{}.{}` is {}", table.name, column.name, column.ty),
                    )
                    .help("use uuid, an integer type or text for tenant ids"),
                );
            }
            if !super::is_indexed(table, std::slice::from_ref(&tenant.column)) {
                found.push(
                    Diagnostic::error(
                        "unindexed-tenant-column",
                        &column.origin,
                        format!(
                            "tenant column `{}.{}` is not indexed; every query filters on it through the policy",
                            table.name, column.name
                        ),
                    )
                    .help(format!(
                        "add {} on it, or lead a composite index or unique constraint with it",
                        column.origin.spell("index: true", "#[column(index)]")
                    ))
                    .about(&table.name, &column.name),
                );
            }
        }
    }
    if !is_setting_name(&tenant.setting) {
        found.push(
            Diagnostic::error(
                "tenant-setting",
                table.origin.key("tenant"),
                format!(
                    "tenant setting `{}` of `{}` is not a custom setting name",
                    tenant.setting.escape_debug(),
                    table.name
                ),
            )
            .help("PostgreSQL custom settings are two identifiers joined by a dot, e.g. `app.current_tenant_id`"),
        );
    }
    if let Some(dialect) = dialect.filter(|d| !d.has_row_level_security()) {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                table.origin.key("tenant"),
                format!(
                    "table `{}` is multi-tenant, but {dialect} has no row-level security to enforce it",
                    table.name
                ),
            )
            .help("target postgres, or remove `tenant` and filter by tenant in the application"),
        );
    }
}

fn is_setting_name(setting: &str) -> bool {
    let parts: Vec<&str> = setting.split('.').collect();
    parts.len() == 2 && parts.iter().all(|p| super::names::is_valid_identifier(p))
}

/// A table that has the tenant column the other tables are keyed on, but no isolation of its own.
pub fn schema(schema: &Schema, found: &mut Vec<Diagnostic>) {
    let tenant_columns: Vec<&str> = schema
        .owned_tables()
        .filter_map(|t| t.tenant.as_ref())
        .map(|t| t.column.as_str())
        .collect();
    for table in schema.owned_tables().filter(|t| t.tenant.is_none()) {
        if let Some(column) = table.columns.iter().find(|c| tenant_columns.contains(&c.name.as_str())) {
            found.push(
                Diagnostic::warning(
                    "tenant-without-isolation",
                    &column.origin,
                    format!(
                        "table `{}` has a `{}` column like the multi-tenant tables, but no row-level security",
                        table.name, column.name
                    ),
                )
                .help(format!(
                    "declare {} on the table so rows are isolated per tenant",
                    table.origin.spell(
                        &format!("tenant: {}", column.name),
                        &format!("#[table(tenant = \"{}\")]", column.name)
                    )
                ))
                .about(&table.name, &table.name),
            );
        }
    }
}
