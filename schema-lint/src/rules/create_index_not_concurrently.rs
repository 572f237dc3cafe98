//! `CREATE INDEX` without `CONCURRENTLY` on a table that exists before the migration: the build
//! holds a SHARE lock, so every INSERT, UPDATE and DELETE on the table waits until it is done.
//! Tables created in the same migration are empty and exempt.

use sqlparser::ast::Statement;

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::CreateIndex(index) = ast else { continue };
        if index.concurrently || m.is_new(&index.table_name, s.index) {
            continue;
        }
        let table = plain(&index.table_name);
        hits.push(Hit::new(
            s,
            format!("building an index on existing table `{table}` without CONCURRENTLY blocks every INSERT, UPDATE and DELETE on it until the build is done"),
            format!(
                "{}; in a migration of its own whose metadata.toml says run_in_transaction = false (CONCURRENTLY cannot run in a transaction)",
                one_line(&with_concurrently(&s.text))
            ),
        ));
    }
    hits
}

/// The statement on one line, cut at 200 characters.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 {
        format!("{}...", line.chars().take(197).collect::<String>())
    } else {
        line
    }
}

/// The statement with `CONCURRENTLY` after its `INDEX` keyword.
fn with_concurrently(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let at = lower.match_indices("index").map(|(i, _)| i).find(|&i| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + 5..].chars().next();
        before.is_none_or(|c| c.is_whitespace()) && after.is_none_or(|c| c.is_whitespace())
    });
    match at {
        Some(i) => format!("{}INDEX CONCURRENTLY{}", &text[..i], &text[i + 5..]),
        None => text.to_string(),
    }
}
