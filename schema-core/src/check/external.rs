//! External tables (owned by another team) are declarations only: the columns the app needs and
//! the key diesel needs. Anything that would have to be migrated is refused.

use crate::diagnostic::Diagnostic;
use crate::model::Table;

pub fn check(table: &Table, found: &mut Vec<Diagnostic>) {
    let Some(external) = &table.external else { return };
    let owner = external.owner.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
    let mut refuse = |what: &str, origin: &crate::model::Origin| {
        found.push(
            Diagnostic::error("external-table", origin, format!("`{}` is an external table{owner}, so its {what} cannot be declared here", table.name))
                .help("external tables are never migrated: declare only the columns the app uses (and the primary key), and ask the owning team for schema changes"),
        );
    };
    for index in &table.indexes {
        refuse("index", &index.origin);
    }
    for unique in &table.uniques {
        refuse("unique constraint", &unique.origin);
    }
    for check in &table.checks {
        refuse("check constraint", &check.origin);
    }
    for fk in &table.foreign_keys {
        refuse("foreign key", &fk.origin);
    }
    if table.tenant.is_some() {
        refuse("row-level security", table.origin.key("tenant"));
    }
    for column in &table.columns {
        // Pointing at the first key that would need a migration.
        let declared = ["default", "set_on_update", "values", "comment"]
            .into_iter()
            .zip([
                column.default.is_some(),
                column.set_on_update,
                column.values.is_some(),
                column.comment.is_some(),
            ])
            .find(|(_, declared)| *declared);
        if let Some((key, _)) = declared {
            refuse("column defaults, values, comments and triggers", column.origin.key(key));
        }
    }
}
