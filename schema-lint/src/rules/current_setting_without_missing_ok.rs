//! A policy that reads `current_setting('x')` without the `missing_ok` argument. In a session
//! that never set `x` (a migration, a job, a console, a request that forgot the tenant) it raises
//! `unrecognized configuration parameter`, so every query on the table fails instead of seeing no
//! rows. (The field notes' policy has this form.)

use std::collections::BTreeSet;

use super::{is_tenant_table, policies, tenant_condition, Hit};
use crate::context::{plain, Migration};
use crate::expr::current_settings;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, policy) in policies(m) {
        let mut seen = BTreeSet::new();
        for expr in [policy.using, policy.with_check].into_iter().flatten() {
            for (name, missing_ok, call) in current_settings(expr) {
                let Some(name) = name.filter(|_| !missing_ok) else {
                    continue;
                };
                if !seen.insert(name.clone()) {
                    continue;
                }
                let key = m.key(policy.table);
                let table = plain(policy.table);
                let help = if is_tenant_table(m, &key) {
                    let condition = tenant_condition(m, &key, &name);
                    format!("read it with missing_ok and treat '' as unset, as Tablewright generates: USING ({condition}) WITH CHECK ({condition})")
                } else {
                    format!(
                        "read it with missing_ok and treat '' as unset: NULLIF(current_setting('{name}', true), '')"
                    )
                };
                hits.push(
                    Hit::new(
                        s,
                        format!(
                            "policy `{}` on `{table}` reads current_setting('{name}') without missing_ok: in a session that never set it, every query on `{table}` fails (unrecognized configuration parameter \"{name}\") instead of seeing no rows",
                            policy.name.value
                        ),
                        help,
                    )
                    .at(m.locate(s, &call)),
                );
            }
        }
    }
    hits
}
