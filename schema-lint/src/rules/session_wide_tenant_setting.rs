//! `SET app.x = ...` (or `SET SESSION`) and `set_config('app.x', ..., false)` set a custom
//! setting for the rest of the session. With a connection pool, the next request on that
//! connection inherits it: it runs as the previous tenant and sees that tenant's rows. (The field
//! notes set the tenant this way.) `set_config(..., true)` inside a transaction, or `SET LOCAL`,
//! ends with the transaction.

use sqlparser::ast::{ContextModifier, ObjectName, Set, Statement};

use super::Hit;
use crate::context::Migration;
use crate::expr::{arguments, boolean_literal, calls, function_name, string_literal};

/// PostgreSQL settings a migration sets for itself.
const SERVER_SETTINGS: &[&str] = &[
    "lock_timeout",
    "statement_timeout",
    "idle_in_transaction_session_timeout",
    "transaction_timeout",
    "search_path",
    "timezone",
    "work_mem",
    "maintenance_work_mem",
    "max_parallel_maintenance_workers",
    "application_name",
];

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        // (what was written, the setting)
        let mut found: Vec<(String, String)> = Vec::new();
        let custom = |name: &ObjectName| (name.0.len() >= 2).then(|| (format!("SET {name}"), name.to_string()));
        match ast {
            Statement::Set(Set::SingleAssignment { scope, variable, .. }) if *scope != Some(ContextModifier::Local) => {
                found.extend(custom(variable));
            }
            Statement::Set(Set::MultipleAssignments { assignments }) => {
                for assignment in assignments.iter().filter(|a| a.scope != Some(ContextModifier::Local)) {
                    found.extend(custom(&assignment.name));
                }
            }
            _ => {}
        }
        let set_config_calls = if super::mentions_set_config(s) {
            calls(ast)
        } else {
            Vec::new()
        };
        for call in set_config_calls.iter().filter(|f| function_name(f) == "set_config") {
            let args = arguments(call);
            let Some(name) = args.first().and_then(|a| string_literal(a)) else {
                continue;
            };
            if name.contains('.') && args.get(2).and_then(|a| boolean_literal(a)) == Some(false) {
                found.push((format!("set_config('{name}', ..., false)"), name.to_string()));
            }
        }
        for (what, setting) in found {
            let tenant = setting.eq_ignore_ascii_case(&m.options.tenant_setting);
            // `SET foo.lock_timeout` borrows a server setting's name: a timeout in the wrong
            // namespace (missing-lock-timeout does not count it), not a value rows are picked by.
            let last = setting.rsplit('.').next().unwrap_or_default().to_lowercase();
            if !tenant && SERVER_SETTINGS.contains(&last.as_str()) {
                continue;
            }
            let message = if tenant {
                format!("`{what}` sets the tenant for the rest of the session: on a pooled connection the next request inherits it and sees this tenant's rows")
            } else {
                format!("`{what}` sets a custom setting for the rest of the session: on a pooled connection it leaks into the next request")
            };
            hits.push(Hit::new(
                s,
                message,
                format!(
                    "scope it to the transaction: SELECT set_config('{setting}', $1, true) inside the transaction{}, or SET LOCAL",
                    if tenant { " (what tablewright::with_tenant does)" } else { "" }
                ),
            ));
        }
    }
    hits
}
