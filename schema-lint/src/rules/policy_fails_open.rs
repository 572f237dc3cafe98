//! A policy expression that is TRUE for every row when the tenant setting is unset (never set:
//! NULL through `missing_ok`) or empty (`''`, what a transaction-local `set_config` leaves
//! behind), or always: `OR current_setting(...) IS NULL`, `coalesce(current_setting(..., true),
//! tenant_id::text)`, `= ''` escapes, `LIKE current_setting(...) || '%'`, `USING (true)`,
//! `tenant_id = tenant_id`.
//!
//! A session without a tenant should see nothing; these show it every tenant. Permissive
//! policies are OR-ed, so one open policy opens the table. (An always-true RESTRICTIVE policy
//! restricts nothing but opens nothing either, and is not reported.)

use sqlparser::ast::{CreatePolicyCommand, Expr};

use super::{is_tenant_table, policies, setting_of, tenant_condition, Hit, Policy};
use crate::context::{plain, Migration};
use crate::expr::judge;

/// What an open `USING` lets a session do, by command.
pub(super) fn using_verb(command: Option<CreatePolicyCommand>) -> &'static str {
    match command {
        Some(CreatePolicyCommand::All) => "can read, update and delete",
        Some(CreatePolicyCommand::Select) => "can read",
        Some(CreatePolicyCommand::Update) => "can update",
        Some(CreatePolicyCommand::Delete) => "can delete",
        Some(CreatePolicyCommand::Insert) | None => "can read or change",
    }
}

/// How an expression fails open: `when `app.current_tenant_id` is not set (`why` holds)`, and
/// the sub-expression to point at; `None` when it fails closed.
pub(super) fn open_when(expr: &Expr, setting: &str, restrictive: bool) -> Option<(String, Expr)> {
    let verdict = judge(expr);
    match (verdict.open_when_never_set, verdict.open_when_empty, verdict.always_true) {
        (Some(never), Some(empty), _) if never == empty => Some((
            format!("when `{setting}` is not set or empty (`{never}` holds)"),
            never,
        )),
        (Some(never), Some(empty), _) => Some((
            format!("when `{setting}` is not set (`{never}` holds) or empty (`{empty}` holds)"),
            never,
        )),
        (Some(never), None, _) => Some((format!("when `{setting}` is not set (`{never}` holds)"), never)),
        (None, Some(empty), _) => Some((
            format!(
                "when `{setting}` is empty, as a transaction-local set_config leaves it on a pooled connection (`{empty}` holds)"
            ),
            empty,
        )),
        (None, None, Some(always)) if !restrictive => Some((format!("whatever the tenant (`{always}`)"), always)),
        _ => None,
    }
}

pub(super) fn fix(m: &Migration, policy: &Policy) -> String {
    let key = m.key(policy.table);
    if is_tenant_table(m, &key) {
        let condition = tenant_condition(m, &key, &setting_of(m, &[policy.using, policy.with_check]));
        format!("compare the tenant column with the setting and nothing else, so an unset or empty tenant matches no row: USING ({condition}) WITH CHECK ({condition})")
    } else {
        "compare with the setting through NULLIF(current_setting('...', true), '') only, so an unset or empty setting matches no row; drop the escape clauses".to_string()
    }
}

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, policy) in policies(m) {
        let setting = setting_of(m, &[policy.using, policy.with_check]);
        let table = plain(policy.table);
        let name = &policy.name.value;
        let clauses = [
            (
                policy.using,
                "USING",
                format!("{} every tenant's rows", using_verb(policy.command)),
            ),
            (
                policy.with_check,
                "WITH CHECK",
                "can write rows for any tenant".to_string(),
            ),
        ];
        for (expr, clause, consequence) in clauses {
            let Some(expr) = expr else { continue };
            let Some((when, culprit)) = open_when(expr, &setting, policy.restrictive) else {
                continue;
            };
            let who = if when.starts_with("whatever") {
                "every session"
            } else {
                "a session without a tenant"
            };
            hits.push(
                Hit::new(
                    s,
                    format!("the {clause} of policy `{name}` on `{table}` is TRUE for every row {when}: {who} {consequence}"),
                    fix(m, &policy),
                )
                .at(m.locate(s, &culprit).or_else(|| m.locate(s, expr))),
            );
        }
    }
    hits
}
