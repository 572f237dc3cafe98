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
//!
//! The peers' comments are understood too, so a team that switches keeps its reviewed
//! exceptions: squawk's `-- squawk-ignore rule, ...` and `-- squawk-ignore-file rule, ...` (its
//! rule names mapped to ours, its style rules ignored), and diesel-guard's
//! `-- safety-assured:start` ... `-- safety-assured:end` blocks, whose statements no rule reports.

use std::collections::{BTreeSet, HashMap};

use crate::parse::Stmt;
use crate::rules::RULES;
use crate::source::Comment;

const PREFIX: &str = "tablewright-lint:";

/// squawk's safety rules and the rules of ours that report the same statements. Its style rules
/// have no counterpart: ignoring them ignores nothing.
const SQUAWK_RULES: &[(&str, &[&str])] = &[
    ("adding-field-with-default", &["adding-volatile-default"]),
    (
        "adding-foreign-key-constraint",
        &["constraint-missing-not-valid", "missing-lock-timeout"],
    ),
    ("adding-not-nullable-field", &["setting-not-null"]),
    (
        "adding-serial-primary-key-field",
        &["adding-unique-constraint", "adding-volatile-default"],
    ),
    ("adding-primary-key-constraint", &["adding-unique-constraint"]),
    ("adding-required-field", &["adding-required-column"]),
    ("ban-alter-domain-with-add-constraint", &["adding-domain-constraint"]),
    (
        "ban-concurrent-index-creation-in-transaction",
        &["refused-in-transaction"],
    ),
    ("ban-drop-column", &["drop-column"]),
    ("ban-drop-database", &["drop-database"]),
    ("ban-drop-not-null", &["drop-not-null"]),
    ("ban-drop-table", &["drop-table"]),
    ("ban-truncate-cascade", &["truncate-table"]),
    ("ban-uncommitted-transaction", &["transaction-control"]),
    ("changing-column-type", &["changing-column-type"]),
    ("constraint-missing-not-valid", &["constraint-missing-not-valid"]),
    ("disallow-unique-constraint", &["adding-unique-constraint"]),
    ("identifier-too-long", &["identifier-too-long"]),
    ("prefer-repack", &["vacuum-full", "cluster"]),
    ("renaming-column", &["renaming-column"]),
    ("renaming-table", &["renaming-table"]),
    ("require-concurrent-index-creation", &["create-index-not-concurrently"]),
    ("require-concurrent-index-deletion", &["drop-index-not-concurrently"]),
    (
        "require-concurrent-partition-detach",
        &["detach-partition-not-concurrently"],
    ),
    ("require-concurrent-reindex", &["reindex-not-concurrently"]),
    (
        "require-timeout-settings",
        &["missing-lock-timeout", "missing-statement-timeout"],
    ),
    ("transaction-nesting", &["transaction-control"]),
];

#[derive(Debug, Default)]
pub(crate) struct Ignores {
    pub file: BTreeSet<String>,
    pub statements: HashMap<usize, BTreeSet<String>>,
    /// Statements inside diesel-guard's `safety-assured` blocks: no rule reports them.
    pub assured: std::collections::HashSet<usize>,
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
        self.file.contains(rule)
            || self.assured.contains(&statement)
            || self.statements.get(&statement).is_some_and(|r| r.contains(rule))
    }
}

/// The statement a comment applies to: on its own line, the next one; after code, the one on its
/// line. Statements are in file order: a binary search, not a scan per comment.
fn target<'s>(comment: &Comment, statements: &'s [Stmt]) -> Option<&'s Stmt> {
    let after = statements.partition_point(|s| s.line <= comment.line);
    let next = statements.get(after);
    if comment.trailing {
        after
            .checked_sub(1)
            .map(|i| &statements[i])
            .filter(|s| comment.line <= s.end_line)
            .or(next)
    } else {
        next
    }
}

/// squawk's and diesel-guard's comments.
fn peer_directives(comments: &[Comment], statements: &[Stmt], ignores: &mut Ignores) {
    let mut start: Option<&Comment> = None;
    for comment in comments {
        let text = comment.text.trim();
        if let Some(rest) = text.strip_prefix("squawk-ignore") {
            let (file, list) = match rest.strip_prefix("-file") {
                Some(list) => (true, list),
                None => (false, rest),
            };
            let ours: BTreeSet<String> = list
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter_map(|name| SQUAWK_RULES.iter().find(|(squawk, _)| *squawk == name))
                .flat_map(|(_, ours)| ours.iter().map(|r| r.to_string()))
                .collect();
            if file {
                ignores.file.extend(ours);
            } else if let Some(target) = target(comment, statements) {
                ignores.statements.entry(target.index).or_default().extend(ours);
            }
        } else if text == "safety-assured:start" {
            start = Some(comment);
        } else if text == "safety-assured:end" {
            if let Some(begin) = start.take() {
                let from = statements.partition_point(|s| s.line <= begin.line);
                let to = statements.partition_point(|s| s.line < comment.line);
                ignores
                    .assured
                    .extend(statements[from..to.max(from)].iter().map(|s| s.index));
            }
        }
    }
    if let Some(begin) = start {
        let near = target(begin, statements).or(statements.last());
        if let Some(near) = near {
            ignores.problems.push(DirectiveProblem {
                statement: near.index,
                line: begin.line,
                column: begin.column,
                message: "`safety-assured:start` has no `safety-assured:end` after it, so it assures nothing"
                    .to_string(),
                comment: format!("-- {}", begin.text),
            });
        }
    }
}

pub(crate) fn directives(comments: &[Comment], statements: &[Stmt]) -> Ignores {
    let mut ignores = Ignores::default();
    peer_directives(comments, statements, &mut ignores);
    for comment in comments {
        let Some(rest) = comment.text.strip_prefix(PREFIX) else {
            continue;
        };
        let target = target(comment, statements);
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
