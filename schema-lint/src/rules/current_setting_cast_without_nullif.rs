//! A policy that casts `current_setting(...)` to a non-text type without `NULLIF(..., '')`.
//!
//! After a transaction that set the tenant with `set_config('x', v, true)` ends, PostgreSQL does
//! not forget `x` on that connection: it reads `''`. The cast then raises (`invalid input syntax
//! for type uuid: ""`), so every later query on the table from that pooled connection fails.
//! `NULLIF(current_setting('x', true), '')` turns both "never set" and "empty" into NULL, which
//! matches no row.

use std::collections::BTreeSet;

use sqlparser::ast::Expr;

use super::{is_tenant_table, policies, tenant_condition, Hit};
use crate::context::{plain, Migration};
use crate::expr::{current_settings, judge};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, policy) in policies(m) {
        let mut seen = BTreeSet::new();
        for expr in [policy.using, policy.with_check].into_iter().flatten() {
            for cast in judge(expr).failing_casts {
                let text = cast.to_string();
                if !seen.insert(text.clone()) {
                    continue;
                }
                let Expr::Cast { data_type, .. } = &cast else { continue };
                let setting = current_settings(&cast)
                    .into_iter()
                    .find_map(|(name, _, _)| name)
                    .unwrap_or_else(|| m.options.tenant_setting.clone());
                let key = m.key(policy.table);
                let table = plain(policy.table);
                let ty = data_type.to_string().to_lowercase();
                let help = if is_tenant_table(m, &key) {
                    let condition = tenant_condition(m, &key, &setting);
                    format!("turn '' into NULL before the cast, as Tablewright generates: USING ({condition}) WITH CHECK ({condition})")
                } else {
                    format!("turn '' into NULL before the cast: NULLIF(current_setting('{setting}', true), '')::{ty}")
                };
                hits.push(
                    Hit::new(
                        s,
                        format!(
                            "policy `{}` on `{table}` casts `{text}` without NULLIF(..., ''): once a transaction-local set_config('{setting}', ..., true) has ended, the setting reads '' on that connection and the cast fails (invalid input syntax for type {ty}: \"\"), so every later query on `{table}` from that pooled connection errors",
                            policy.name.value
                        ),
                        help,
                    )
                    .at(m.locate(s, &cast)),
                );
            }
        }
    }
    hits
}
