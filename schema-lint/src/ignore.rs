//! Ignore comments, the explicit opt-in for a finding the author has weighed:
//!
//! ```sql
//! -- tablewright-lint: ignore drop-column (the column was copied to lots_backup in 20260101_x)
//! ALTER TABLE lots DROP COLUMN legacy_code;
//!
//! DROP TABLE scratch; -- tablewright-lint: ignore drop-table (rebuilt nightly)
//!
//! -- tablewright-lint: ignore-file missing-lock-timeout (runs in the maintenance window)
//! ```
//!
//! A comment on its own line applies to the next statement; a comment after code applies to the
//! statement on its line. `ignore-file` applies to the whole file, wherever it is.

use std::collections::{BTreeSet, HashMap};

use crate::parse::Stmt;
use crate::rules::RULES;
use crate::source::Comment;

const PREFIX: &str = "tablewright-lint:";

#[derive(Debug, Default)]
pub(crate) struct Ignores {
    pub file: BTreeSet<String>,
    pub statements: HashMap<usize, BTreeSet<String>>,
    pub problems: Vec<DirectiveProblem>,
}

/// An ignore comment that cannot be applied.
#[derive(Clone, Debug)]
pub(crate) struct DirectiveProblem {
    /// The statement the comment sits by.
    pub statement: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The comment as written.
    pub comment: String,
}

impl Ignores {
    pub fn covers(&self, rule: &str, statement: usize) -> bool {
        self.file.contains(rule) || self.statements.get(&statement).is_some_and(|r| r.contains(rule))
    }
}

pub(crate) fn directives(comments: &[Comment], statements: &[Stmt]) -> Ignores {
    let mut ignores = Ignores::default();
    for comment in comments {
        let Some(rest) = comment.text.strip_prefix(PREFIX) else {
            continue;
        };
        // Statements are in file order: a binary search, not a scan per comment.
        let after = statements.partition_point(|s| s.line <= comment.line);
        let next = statements.get(after);
        let target = if comment.trailing {
            after
                .checked_sub(1)
                .map(|i| &statements[i])
                .filter(|s| comment.line <= s.end_line)
                .or(next)
        } else {
            next
        };
        let near = target.map(|s| s.index).or_else(|| statements.last().map(|s| s.index));
        let mut problem = |message: String| {
            if let Some(near) = near {
                ignores.problems.push(DirectiveProblem {
                    statement: near,
                    line: comment.line,
                    column: comment.column,
                    message,
                    comment: format!("-- {}", comment.text),
                });
            }
        };
        let rest = rest.trim();
        let (verb, list) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let names = list.split('(').next().unwrap_or_default();
        let names: Vec<&str> = names
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|n| !n.is_empty())
            .collect();
        if verb != "ignore" && verb != "ignore-file" {
            problem(format!(
                "unknown directive `{verb}`; expected `ignore` or `ignore-file`"
            ));
            continue;
        }
        if names.is_empty() {
            problem(format!("`{verb}` names no rule"));
            continue;
        }
        let mut known = BTreeSet::new();
        for name in names {
            if RULES.iter().any(|r| r.name == name) {
                known.insert(name.to_string());
            } else {
                let close = RULES
                    .iter()
                    .map(|r| (strsim::jaro_winkler(name, r.name), r.name))
                    .filter(|(score, _)| *score > 0.85)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, r)| format!("; did you mean `{r}`?"))
                    .unwrap_or_default();
                problem(format!("`{verb}` names unknown rule `{name}`{close}"));
            }
        }
        if verb == "ignore-file" {
            ignores.file.extend(known);
        } else if let Some(target) = target {
            ignores.statements.entry(target.index).or_default().extend(known);
        } else {
            problem("`ignore` is followed by no statement".to_string());
        }
    }
    ignores
}
