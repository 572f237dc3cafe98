//! A table with the tenant column (default `tenant_id`, `Options::tenant_column`) that this
//! migration leaves without forced row-level security:
//!
//! - created here with no `ENABLE ROW LEVEL SECURITY` at all: every session sees every tenant;
//! - enabled but not forced: the table's owner (the role that ran the migration, and often the one
//!   the application connects as) bypasses every policy;
//! - `NO FORCE` or `DISABLE` on it;
//! - the tenant column added to a table the linted migrations created without row-level security.
//!
//! Tablewright generates `ENABLE`, `FORCE` and one policy with `USING` and `WITH CHECK`.

use sqlparser::ast::AlterTableOperation;

use super::{alter_operations, is_tenant_table, q, setting_of, tenant_policy, Hit};
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    let tenant = &m.options.tenant_column;
    let setting = setting_of(m, &[]);
    let mut created: Vec<(&String, &usize)> = m.created.iter().collect();
    created.sort_by_key(|(_, at)| **at);
    for (key, at) in created {
        let Some(facts) = m.after.tables.get(key) else { continue };
        if facts.rls_enabled || !is_tenant_table(m, key) {
            continue;
        }
        let t = q(m, &facts.name);
        hits.push(Hit::new(
            &m.statements[*at],
            format!(
                "table `{}` has the tenant column `{tenant}` but no row-level security: every session sees and changes every tenant's rows",
                facts.name
            ),
            format!(
                "isolate it as Tablewright generates: ALTER TABLE {t} ENABLE ROW LEVEL SECURITY; ALTER TABLE {t} FORCE ROW LEVEL SECURITY; {}",
                tenant_policy(m, key, &facts.name, &format!("{}_tenant_isolation", facts.name), &setting)
            ),
        ));
    }
    let mut reported = std::collections::BTreeSet::new();
    for (s, alter, operation) in alter_operations(m) {
        let key = m.key(&alter.name);
        let Some(facts) = m.after.tables.get(&key) else {
            continue;
        };
        if !is_tenant_table(m, &key) {
            continue;
        }
        let t = q(m, &facts.name);
        let name = &facts.name;
        let hit = match operation {
            AlterTableOperation::EnableRowLevelSecurity if facts.rls_enabled && !facts.rls_forced => Hit::new(
                s,
                format!(
                    "row-level security on `{name}` is enabled but not forced: the table's owner (the role that ran this migration, and often the one the application connects as) bypasses every policy and sees every tenant's rows"
                ),
                format!(
                    "add `ALTER TABLE {t} FORCE ROW LEVEL SECURITY;` after the ENABLE, as Tablewright generates (and connect the application as a role that is not a superuser and has no BYPASSRLS: those bypass even forced security)"
                ),
            ),
            AlterTableOperation::NoForceRowLevelSecurity if facts.rls_enabled && !facts.rls_forced => Hit::new(
                s,
                format!("NO FORCE ROW LEVEL SECURITY on tenant table `{name}` lets its owner bypass every policy and see every tenant's rows"),
                format!("keep it forced (ALTER TABLE {t} FORCE ROW LEVEL SECURITY); if this file is a down migration, lint up.sql only"),
            ),
            AlterTableOperation::DisableRowLevelSecurity if !facts.rls_enabled => Hit::new(
                s,
                format!("DISABLE ROW LEVEL SECURITY on tenant table `{name}` removes its isolation: every session sees and changes every tenant's rows"),
                format!("keep it enabled and forced (ALTER TABLE {t} ENABLE ROW LEVEL SECURITY; ALTER TABLE {t} FORCE ROW LEVEL SECURITY); if this file is a down migration, lint up.sql only"),
            ),
            AlterTableOperation::AddColumn { column_def, .. }
                if m.ident(&column_def.name) == m.tenant_key()
                    && !m.is_new(&alter.name, s.index)
                    && facts.complete
                    && !facts.rls_enabled =>
            {
                Hit::new(
                    s,
                    format!("the tenant column `{tenant}` is added to `{name}`, which has no row-level security: every session sees and changes every tenant's rows"),
                    format!(
                        "backfill the column, then isolate the table as Tablewright generates: ALTER TABLE {t} ENABLE ROW LEVEL SECURITY; ALTER TABLE {t} FORCE ROW LEVEL SECURITY; {}",
                        tenant_policy(m, &key, name, &format!("{name}_tenant_isolation"), &setting)
                    ),
                )
                .at(m.locate_ident(s, &column_def.name))
            }
            _ => continue,
        };
        if reported.insert(key) {
            hits.push(hit);
        }
    }
    hits
}
