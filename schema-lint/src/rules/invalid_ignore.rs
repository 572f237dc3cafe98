//! An ignore comment the linter cannot apply: an unknown directive, an unknown rule name (a typo
//! would otherwise silently ignore nothing), no rule name, or no statement after it.

use super::Hit;
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    m.directive_problems
        .iter()
        .map(|problem| Hit {
            statement: problem.statement,
            message: problem.message.clone(),
            help: "write `-- tablewright-lint: ignore rule-name[, rule-name] (reason)` on the line before the statement, or `-- tablewright-lint: ignore-file rule-name` anywhere; docs/lint.md lists the rule names".to_string(),
            at: Some((problem.line, problem.column)),
            excerpt: Some(problem.comment.clone()),
        })
        .collect()
}
