//! Splitting an SQL script into its statements, for migrations that run one statement at a time
//! (`run_in_transaction = false`, and every MySQL migration). Semicolons inside the dialect's
//! strings, quoted identifiers, dollar-quoted bodies and comments (see [`super::lex`]), and inside
//! SQLite/MySQL `CREATE TRIGGER ... BEGIN ... END` blocks, do not end a statement.

use super::lex::{self, Kind};
use crate::dialect::Dialect;

/// The statements of `script`, trimmed, without their trailing `;` and the comments before them;
/// comments-only pieces are dropped.
pub fn split_statements(script: &str, dialect: Dialect) -> Vec<String> {
    statement_ranges(script, dialect)
        .into_iter()
        .map(|range| script[range].to_string())
        .collect()
}

/// Where the statements [`split_statements`] returns lie in `script`, as byte ranges: for a
/// reader that needs their place in the file (the linter) without searching for each again.
pub fn statement_ranges(script: &str, dialect: Dialect) -> Vec<std::ops::Range<usize>> {
    let bytes = script.as_bytes();
    let mut statements = Vec::new();
    // Where the current statement's code starts, once it has any.
    let mut code_start: Option<usize> = None;
    // Depth of BEGIN ... END inside a CREATE TRIGGER.
    let mut block_depth = 0usize;
    let mut in_trigger = false;
    for token in lex::tokens(script, dialect) {
        match token.kind {
            Kind::Comment => continue,
            Kind::String | Kind::Identifier => {
                code_start.get_or_insert(token.start);
                continue;
            }
            Kind::Code => {}
        }
        let mut i = token.start;
        while i < token.end {
            let c = bytes[i];
            if c == b';' && block_depth == 0 {
                if let Some(start) = code_start.take() {
                    statements.push(start..start + script[start..i].trim_end().len());
                }
                in_trigger = false;
                i += 1;
                continue;
            }
            if c.is_ascii_alphabetic() && (i == 0 || !is_word(bytes[i - 1])) {
                let end = (i..token.end).find(|&j| !is_word(bytes[j])).unwrap_or(token.end);
                code_start.get_or_insert(i);
                // Compared in place: upper-casing every word of a long script was most of its
                // splitting time.
                let word = &script[i..end];
                if word.eq_ignore_ascii_case("TRIGGER") {
                    in_trigger = true;
                } else if in_trigger && word.eq_ignore_ascii_case("BEGIN")
                    || block_depth > 0 && word.eq_ignore_ascii_case("CASE")
                {
                    block_depth += 1;
                } else if block_depth > 0 && word.eq_ignore_ascii_case("END") {
                    block_depth -= 1;
                }
                i = end;
                continue;
            }
            if !c.is_ascii_whitespace() {
                code_start.get_or_insert(i);
            }
            i += 1;
        }
    }
    if let Some(start) = code_start {
        let last = script[start..].trim_end();
        if !last.is_empty() {
            statements.push(start..start + last.len());
        }
    }
    statements
}

/// Length of the blanks and comments a statement starts with.
pub fn leading_comments_len(statement: &str) -> usize {
    let mut rest = statement;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix("--") {
            rest = comment.find('\n').map_or("", |end| &comment[end..]);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.find("*/").map_or("", |end| &comment[end + 2..]);
        } else {
            return statement.len() - rest.len();
        }
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Index just past the quote that closes the one at `open` (a doubled quote is an escaped one).
pub fn skip_quoted(bytes: &[u8], open: usize, quote: u8) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        // MySQL also escapes with a backslash inside strings.
        if bytes[i] == b'\\' && quote == b'\'' {
            i += 2;
            continue;
        }
        i += 1;
    }
    bytes.len()
}

/// For `$tag$ ... $tag$` starting at `i`, the index just past the closing tag.
pub fn dollar_quote_end(script: &str, i: usize) -> Option<usize> {
    let rest = &script[i + 1..];
    let tag_len = rest.find('$')?;
    let tag = &rest[..tag_len];
    if !tag.chars().all(|c| c.is_alphanumeric() || c == '_') || tag.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let delimiter = &script[i..i + tag_len + 2];
    let body_start = i + tag_len + 2;
    script[body_start..]
        .find(delimiter)
        .map(|end| body_start + end + delimiter.len())
}

/// Whether PostgreSQL refuses to run `statement` inside a transaction block.
pub fn needs_own_transaction(statement: &str) -> bool {
    let words: Vec<String> = statement
        .split_whitespace()
        .take(4)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let starts = |prefix: &[&str]| words.len() >= prefix.len() && words.iter().zip(prefix).all(|(w, p)| w == p);
    starts(&["CREATE", "INDEX", "CONCURRENTLY"])
        || starts(&["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"])
        || starts(&["DROP", "INDEX", "CONCURRENTLY"])
        || starts(&["REINDEX"]) && statement.to_ascii_uppercase().contains("CONCURRENTLY")
        || starts(&["VACUUM"])
        || starts(&["CREATE", "DATABASE"])
        || starts(&["DROP", "DATABASE"])
        || starts(&["ALTER", "SYSTEM"])
        || starts(&["CLUSTER"]) && words.len() == 1
        // A DO block that commits (batched backfills) must not run inside a transaction block.
        || starts(&["DO"]) && statement.to_ascii_uppercase().contains("COMMIT")
}

/// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ...` statement builds,
/// unquoted. An interrupted build leaves that index INVALID, and `IF NOT EXISTS` would then keep
/// the broken index: the caller drops an invalid leftover before running the statement again.
pub fn concurrent_index_name(statement: &str) -> Option<String> {
    let mut words = statement.split_whitespace();
    let mut next_upper = || words.next().map(|w| w.to_string());
    if !next_upper()?.eq_ignore_ascii_case("CREATE") {
        return None;
    }
    let mut word = next_upper()?;
    if word.eq_ignore_ascii_case("UNIQUE") {
        word = next_upper()?;
    }
    if !word.eq_ignore_ascii_case("INDEX") || !next_upper()?.eq_ignore_ascii_case("CONCURRENTLY") {
        return None;
    }
    let mut name = next_upper()?;
    if name.eq_ignore_ascii_case("IF") {
        next_upper()?; // NOT
        next_upper()?; // EXISTS
        name = next_upper()?;
    }
    if name.eq_ignore_ascii_case("ON") {
        return None; // unnamed
    }
    let name = name.split('(').next().unwrap_or(&name);
    Some(name.trim_matches('"').replace("\"\"", "\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Dialect = Dialect::Postgres;
    const M: Dialect = Dialect::Mysql;
    const S: Dialect = Dialect::Sqlite;

    #[test]
    fn plain_statements() {
        assert_eq!(
            split_statements("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n", P),
            ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"]
        );
        assert_eq!(split_statements("SELECT 1", M), ["SELECT 1"]);
        assert!(split_statements("-- only a comment\n/* and another; */\n", S).is_empty());
    }

    #[test]
    fn semicolons_that_do_not_end_a_statement() {
        let script = "INSERT INTO t VALUES ('a;b', \"c;d\");\n-- x; y\nCOMMENT ON TABLE t IS 'it''s; fine';";
        assert_eq!(
            split_statements(script, P),
            [
                "INSERT INTO t VALUES ('a;b', \"c;d\")",
                "COMMENT ON TABLE t IS 'it''s; fine'"
            ]
        );
        let function = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.x := now();\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f();";
        assert_eq!(split_statements(function, P).len(), 2);
        let tagged = "DO $body$ BEGIN PERFORM 1; END $body$; SELECT 2;";
        assert_eq!(
            split_statements(tagged, P),
            ["DO $body$ BEGIN PERFORM 1; END $body$", "SELECT 2"]
        );
    }

    #[test]
    fn sqlite_trigger_bodies_stay_whole() {
        let script = "CREATE TRIGGER \"t_u\" AFTER UPDATE ON \"t\" FOR EACH ROW WHEN NEW.a IS OLD.a\nBEGIN\n    UPDATE \"t\" SET a = CASE WHEN 1 THEN 2 END WHERE rowid = NEW.rowid;\n    SELECT 1;\nEND;\nCREATE INDEX i ON t (a);";
        let statements = split_statements(script, S);
        assert_eq!(statements.len(), 2, "{statements:#?}");
        assert!(statements[0].ends_with("END"));
        // A column named `begin_date` or `trigger_count` is not a keyword.
        assert_eq!(
            split_statements("UPDATE t SET trigger_count = 1, begin_date = NULL; SELECT 1", M).len(),
            2
        );
    }

    #[test]
    fn every_string_form_of_each_dialect() {
        // PostgreSQL: a backslash is a plain character in a standard string, an escape in E''.
        assert_eq!(
            split_statements(r"INSERT INTO t VALUES ('C:\'); SELECT E'it\'s; ok'; SELECT $_$;$_$", P),
            [
                r"INSERT INTO t VALUES ('C:\')",
                r"SELECT E'it\'s; ok'",
                "SELECT $_$;$_$"
            ]
        );
        // MySQL: backslashes escape in both quote kinds; `#` starts a comment.
        assert_eq!(
            split_statements("SELECT 'a\\\\';SELECT \"b\\\";\"; # c;\nSELECT 3", M),
            [r"SELECT 'a\\'", r#"SELECT "b\";""#, "SELECT 3"]
        );
        // SQLite: [bracketed] identifiers.
        assert_eq!(
            split_statements("CREATE TABLE [a;b] (x); SELECT 1", S),
            ["CREATE TABLE [a;b] (x)", "SELECT 1"]
        );
    }

    #[test]
    fn names_of_concurrent_indexes() {
        assert_eq!(
            concurrent_index_name("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"idx_a\" ON t (a)").as_deref(),
            Some("idx_a")
        );
        assert_eq!(
            concurrent_index_name("create unique index concurrently idx_b on t (b)").as_deref(),
            Some("idx_b")
        );
        assert_eq!(concurrent_index_name("CREATE INDEX CONCURRENTLY ON t (a)"), None);
        assert_eq!(concurrent_index_name("CREATE INDEX idx ON t (a)"), None);
    }

    #[test]
    fn statements_postgres_runs_outside_transactions() {
        assert!(needs_own_transaction(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)"
        ));
        assert!(needs_own_transaction("create unique index concurrently i on t (a)"));
        assert!(needs_own_transaction("DROP INDEX CONCURRENTLY i"));
        assert!(needs_own_transaction("VACUUM ANALYZE t"));
        assert!(!needs_own_transaction("CREATE INDEX i ON t (a)"));
        assert!(!needs_own_transaction("INSERT INTO t VALUES (1)"));
    }
}
