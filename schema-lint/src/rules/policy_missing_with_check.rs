//! A policy without `WITH CHECK`.
//!
//! For `FOR ALL` and `FOR UPDATE`, PostgreSQL then checks new and updated rows against `USING`:
//! that is safe when `USING` is (so the field notes' policy, `USING` only, does not write across
//! tenants), and open when `USING` is open, which this rule reports for the write side. A
//! `FOR INSERT` policy without `WITH CHECK` allows no insert at all.

use sqlparser::ast::CreatePolicyCommand;

use super::policy_fails_open::{fix, open_when};
use super::{is_tenant_table, policies, setting_of, tenant_condition, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, policy) in policies(m) {
        if policy.with_check.is_some() || policy.altered {
            continue;
        }
        let table = plain(policy.table);
        let name = &policy.name.value;
        match policy.command {
            Some(CreatePolicyCommand::Insert) => {
                let key = m.key(policy.table);
                let condition = if is_tenant_table(m, &key) {
                    tenant_condition(m, &key, &setting_of(m, &[]))
                } else {
                    "...".to_string()
                };
                hits.push(Hit::new(
                    s,
                    format!("INSERT policy `{name}` on `{table}` has no WITH CHECK: it allows no insert at all (PostgreSQL checks new rows only against WITH CHECK)"),
                    format!("state which rows may be inserted: WITH CHECK ({condition})"),
                ));
            }
            Some(CreatePolicyCommand::All | CreatePolicyCommand::Update) => {
                let Some(using) = policy.using else { continue };
                let setting = setting_of(m, &[policy.using]);
                let Some((when, _)) = open_when(using, &setting, policy.restrictive) else {
                    continue;
                };
                let writes = if policy.command == Some(CreatePolicyCommand::All) {
                    "insert and update"
                } else {
                    "update"
                };
                let who = if when.starts_with("whatever") {
                    "every session"
                } else {
                    "a session without a tenant"
                };
                hits.push(Hit::new(
                    s,
                    format!("policy `{name}` on `{table}` has no WITH CHECK, so PostgreSQL checks written rows against its USING, which is TRUE for every row {when}: {who} can {writes} rows for any tenant"),
                    fix(m, &policy),
                ));
            }
            _ => {}
        }
    }
    hits
}
