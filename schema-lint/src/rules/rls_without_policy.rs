//! `ENABLE ROW LEVEL SECURITY` on a table that has no policy once the migration is done (none in
//! this migration, none in the earlier ones the linter read). Row-level security denies by
//! default: every query by a role other than the owner returns no rows and every write fails
//! (and the owner's too once the table is forced). Usually the policy was forgotten or put on the
//! wrong table.

use std::collections::BTreeSet;

use sqlparser::ast::AlterTableOperation;

use super::{alter_operations, is_tenant_table, setting_of, tenant_policy, Hit};
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut seen = BTreeSet::new();
    for (s, alter, operation) in alter_operations(m) {
        if !matches!(operation, AlterTableOperation::EnableRowLevelSecurity) {
            continue;
        }
        let key = m.key(&alter.name);
        let Some(facts) = m.after.tables.get(&key) else {
            continue;
        };
        if !facts.rls_enabled || !facts.policies.is_empty() || !seen.insert(key.clone()) {
            continue;
        }
        let name = &facts.name;
        let fix = if is_tenant_table(m, &key) {
            format!(
                "add the tenant policy in the same migration: {}",
                tenant_policy(m, &key, name, &format!("{name}_tenant_isolation"), &setting_of(m, &[]))
            )
        } else {
            "add its policies in the same migration (CREATE POLICY ... USING (...) WITH CHECK (...))".to_string()
        };
        let earlier = if facts.complete {
            ""
        } else {
            "; if an earlier migration created them, say so: `-- tablewright-lint: ignore rls-without-policy (reason)`"
        };
        hits.push(Hit::new(
            s,
            format!(
                "row-level security is enabled on `{name}` but no policy exists for it: every query by a role other than the owner returns no rows and every write fails (the owner's too once it is forced)"
            ),
            format!("{fix}{earlier}"),
        ));
    }
    hits
}
