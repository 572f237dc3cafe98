//! Statements parsed with `sqlparser`, one at a time, so one statement it cannot read costs a
//! finding, not the file. A few PostgreSQL commands it does not know (`CLUSTER`, `REINDEX`,
//! `VACUUM (FULL)`, `DROP INDEX CONCURRENTLY`, `DO`) are recognised by their leading words.

use sqlparser::ast::Statement;
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use tablewright_core::Dialect;

use crate::source::Piece;

#[derive(Clone, Debug)]
pub(crate) struct Stmt {
    /// 0-based position in the file.
    pub index: usize,
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Parsed(Box<Statement>),
    Lexical(Lexical),
    /// The parser's message, with the position translated to the file.
    Unparsed(String),
}

/// Statements known by their leading words only.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lexical {
    /// `CLUSTER [VERBOSE] [table [USING index]]`
    Cluster { table: Option<String> },
    /// `VACUUM [(options)] [FULL] [table]`
    Vacuum { full: bool, table: Option<String> },
    /// `REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] [name]`; `kind` is
    /// the upper-case word after the options.
    Reindex {
        concurrently: bool,
        kind: String,
        name: Option<String>,
    },
    /// `ALTER TABLE [IF EXISTS] [ONLY] t DETACH PARTITION p [CONCURRENTLY | FINALIZE]`
    DetachPartition {
        table: String,
        partition: String,
        concurrently: bool,
    },
    /// `ALTER TABLE t ATTACH PARTITION p ...`
    AttachPartition { table: String },
    /// `ALTER DOMAIN d ...`; `adds_constraint` for `ADD CONSTRAINT` (with `not_valid`).
    AlterDomain {
        name: String,
        adds_constraint: bool,
        not_valid: bool,
    },
    /// `ALTER TYPE t {ADD | DROP | RENAME | ALTER} ATTRIBUTE ...`: a composite type's fields (the
    /// parser reads only an enum's `ADD VALUE` and renames).
    AlterTypeAttribute { name: String },
    /// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] v [WITH [NO] DATA]`
    RefreshMaterializedView { name: String, concurrently: bool },
    /// `COMMENT ON ...` in the forms the parser cannot read (`CONSTRAINT c ON t`,
    /// `FUNCTION f(int4)`); `table` for a constraint's table.
    Comment { table: Option<String> },
    /// `CREATE EXTENSION ...` with clauses the parser does not read (`SCHEMA s`, `VERSION v`).
    CreateExtension,
    /// `ALTER INDEX [IF EXISTS] a RENAME TO b`
    RenameIndex { old: String, new: String },
    /// `DROP INDEX CONCURRENTLY [IF EXISTS] name[, ...]`
    DropIndexConcurrently { names: Vec<String> },
    /// `CREATE [TEMP] TRIGGER [IF NOT EXISTS] name ... ON table ...`, when the parser cannot read
    /// the rest (SQLite's `IS` between two values in `WHEN`, for one).
    CreateTrigger { table: Option<String> },
    /// MySQL's `ALTER TABLE name COMMENT = '...'` and `ALTER TABLE name RENAME INDEX|KEY a TO b`,
    /// PostgreSQL's `ALTER TABLE name ALTER CONSTRAINT c [NOT] DEFERRABLE ...`: metadata only.
    AlterTableMetadata { table: String },
    /// PostgreSQL's `DO $$ ... $$`: procedural code the linter does not read, like function bodies.
    Do,
    /// PostgreSQL's `CREATE SEQUENCE` and `ALTER SEQUENCE` in the forms the parser cannot read
    /// (`AS bigint INCREMENT BY 5`, `RENAME TO`, `OWNED BY`): a sequence, no table's rows.
    Sequence,
}

impl Stmt {
    pub fn ast(&self) -> Option<&Statement> {
        match &self.kind {
            Kind::Parsed(statement) => Some(statement),
            _ => None,
        }
    }

    pub fn lexical(&self) -> Option<&Lexical> {
        match &self.kind {
            Kind::Lexical(lexical) => Some(lexical),
            _ => None,
        }
    }
}

fn sql_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Whether the statements [`crate::fast`] reads skip sqlparser: always, but in the tests that
/// compare the findings both ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parsing {
    Fast,
    Full,
}

/// Below this many statements a script is parsed on one thread.
const PARALLEL_FROM: usize = 512;

/// The statements of `pieces`, numbered in order. A long script (a generated migration of a
/// thousand tables) is parsed on every core: statements parse independently, and parsing is most
/// of the linter's time.
pub(crate) fn parse(pieces: Vec<Piece>, dialect: Dialect, parsing: Parsing) -> Vec<Stmt> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut statements = if pieces.len() < PARALLEL_FROM || threads < 2 {
        parse_chunk(pieces, dialect, parsing)
    } else {
        let chunk = pieces.len().div_ceil(threads);
        let mut parts = Vec::with_capacity(threads);
        let mut rest = pieces;
        while rest.len() > chunk {
            let tail = rest.split_off(chunk);
            parts.push(rest);
            rest = tail;
        }
        parts.push(rest);
        std::thread::scope(|scope| {
            let workers: Vec<_> = parts
                .into_iter()
                .map(|part| scope.spawn(move || parse_chunk(part, dialect, parsing)))
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().expect("parsing does not panic"))
                .collect()
        })
    };
    for (index, statement) in statements.iter_mut().enumerate() {
        statement.index = index;
    }
    statements
}

fn parse_chunk(pieces: Vec<Piece>, dialect: Dialect, parsing: Parsing) -> Vec<Stmt> {
    let parser_dialect = sql_dialect(dialect);
    let mut statements = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let (line, column, end_line) = (piece.line, piece.column, piece.end_line);
        let make = |kind: Kind, text: String| Stmt {
            index: 0,
            text,
            line,
            column,
            end_line,
            kind,
        };
        if let Some(lexical) = lexical(&piece.text).filter(|_| dialect == Dialect::Postgres) {
            statements.push(make(Kind::Lexical(lexical), piece.text.clone()));
            continue;
        }
        let fast = match (dialect, parsing) {
            (Dialect::Postgres, Parsing::Fast) => crate::fast::parse(&piece.text),
            _ => None,
        };
        if let Some(statement) = fast {
            #[cfg(debug_assertions)]
            check_fast(&statement, &piece.text, &*parser_dialect);
            statements.push(make(Kind::Parsed(Box::new(statement)), piece.text));
            continue;
        }
        match Parser::parse_sql(&*parser_dialect, &piece.text) {
            Ok(parsed) if !parsed.is_empty() => {
                let last = parsed.len() - 1;
                let mut text = Some(piece.text.clone());
                for (i, statement) in parsed.into_iter().enumerate() {
                    let text = if i == last {
                        text.take().unwrap_or_default()
                    } else {
                        piece.text.clone()
                    };
                    statements.push(make(Kind::Parsed(Box::new(statement)), text));
                }
            }
            Ok(_) => {}
            Err(error) => match fallback(&piece.text) {
                Some(lexical) => statements.push(make(Kind::Lexical(lexical), piece.text.clone())),
                None => {
                    let message = translate_error(&error.to_string(), &piece);
                    statements.push(make(Kind::Unparsed(message), piece.text.clone()));
                }
            },
        }
    }
    statements
}

/// Debug builds (every test) check that the fast path built sqlparser's own syntax tree, spans
/// included.
#[cfg(debug_assertions)]
fn check_fast(statement: &Statement, text: &str, dialect: &dyn SqlDialect) {
    let full = Parser::parse_sql(dialect, text);
    let full = match full.as_deref() {
        Ok([one]) => format!("{one:?}"),
        other => format!("{other:?}"),
    };
    assert_eq!(
        format!("{statement:?}"),
        full,
        "the fast path read {text:?} otherwise than sqlparser"
    );
}

/// `sql parser error: Expected: X, found: Y at Line: 1, Column: 25` becomes
/// `expected X, found Y at 12:25`, with the line and column of the file.
fn translate_error(message: &str, piece: &Piece) -> String {
    let message = message.strip_prefix("sql parser error: ").unwrap_or(message);
    let (text, at) = match message.rsplit_once(" at Line: ") {
        Some((text, at)) => (text, Some(at)),
        None => (message, None),
    };
    let text = text
        .replacen("Expected: ", "expected ", 1)
        .replacen(", found: ", ", found ", 1);
    let position = at.and_then(|at| {
        let (line, column) = at.split_once(", Column: ")?;
        let line: usize = line.trim().parse().ok()?;
        let column: usize = column.trim().parse().ok()?;
        Some(if line <= 1 {
            (piece.line, piece.column + column.saturating_sub(1))
        } else {
            (piece.line + line - 1, column)
        })
    });
    match position {
        Some((line, column)) => format!("{text} at {line}:{column}"),
        None => text,
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_string())
        .collect()
}

fn lexical(text: &str) -> Option<Lexical> {
    // Most statements are none of these: their first word says so without splitting them all.
    let first = text.split(|c: char| c.is_whitespace() || c == '(' || c == ';').next()?;
    if !["CLUSTER", "VACUUM", "DO", "REINDEX", "DROP"]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
    {
        return None;
    }
    let words = words(text);
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let is = |i: usize, word: &str| upper.get(i).is_some_and(|w| w == word);
    let name = |w: &String| w.trim_matches('"').to_string();
    if is(0, "CLUSTER") {
        let table = words
            .iter()
            .zip(&upper)
            .skip(1)
            .find(|(_, u)| u.as_str() != "VERBOSE")
            .filter(|(_, u)| u.as_str() != "USING")
            .map(|(w, _)| name(w));
        return Some(Lexical::Cluster { table });
    }
    if is(0, "VACUUM") {
        return Some(vacuum(text));
    }
    if is(0, "DO") {
        return Some(Lexical::Do);
    }
    if is(0, "REINDEX") {
        let kinds = ["INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM"];
        let at = upper.iter().position(|w| kinds.contains(&w.as_str()));
        let concurrently = upper.iter().enumerate().any(|(i, w)| {
            w == "CONCURRENTLY"
                && !upper
                    .get(i + 1)
                    .is_some_and(|n| ["FALSE", "OFF", "0"].contains(&n.as_str()))
        });
        let name = at.and_then(|at| {
            words
                .iter()
                .zip(&upper)
                .skip(at + 1)
                .find(|(_, u)| u.as_str() != "CONCURRENTLY")
                .map(|(w, _)| name(w))
        });
        return Some(Lexical::Reindex {
            concurrently,
            kind: at.map(|at| upper[at].clone()).unwrap_or_default(),
            name,
        });
    }
    if is(0, "DROP") && is(1, "INDEX") && is(2, "CONCURRENTLY") {
        let skip = if is(3, "IF") && is(4, "EXISTS") { 5 } else { 3 };
        let names = words
            .iter()
            .zip(&upper)
            .skip(skip)
            .take_while(|(_, u)| u.as_str() != "CASCADE" && u.as_str() != "RESTRICT")
            .map(|(w, _)| name(w))
            .collect();
        return Some(Lexical::DropIndexConcurrently { names });
    }
    None
}

/// `VACUUM [(option [value], ...)] [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table [(columns)], ...]`:
/// `full` for `FULL`, `(FULL)` and `(FULL TRUE)`, not `(FULL FALSE)`. The options in parentheses
/// are read apart from the table, so a table named like an option (`some_table`, `full_log`) is
/// still the table.
fn vacuum(text: &str) -> Lexical {
    let rest = text.trim_start()[6..].trim_start();
    let (options, tables) = match rest.strip_prefix('(') {
        Some(inside) => inside.split_once(')').unwrap_or((inside, "")),
        None => ("", rest),
    };
    let is_off = |value: &str| ["FALSE", "OFF", "0"].iter().any(|v| value.eq_ignore_ascii_case(v));
    let mut full = options.split(',').any(|option| {
        let mut words = option.split_whitespace();
        words.next().is_some_and(|w| w.eq_ignore_ascii_case("FULL")) && !words.next().is_some_and(is_off)
    });
    // The options of the old form, unparenthesised, in this order before the tables.
    let legacy = ["FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"];
    let mut table = None;
    for word in words(tables) {
        match legacy.iter().find(|l| word.eq_ignore_ascii_case(l)) {
            Some(&"FULL") if table.is_none() => full = true,
            Some(_) if table.is_none() => {}
            _ => {
                table = Some(word.trim_matches('"').to_string());
                break;
            }
        }
    }
    Lexical::Vacuum { full, table }
}

/// The words after `ALTER COLUMN c` that change only an identity column's kind or sequence.
fn identity_change(words: &[String]) -> bool {
    let option = [
        "GENERATED",
        "INCREMENT",
        "START",
        "MINVALUE",
        "MAXVALUE",
        "NO",
        "CACHE",
        "CYCLE",
    ];
    match words {
        [first, second, ..] if first == "SET" => option.contains(&second.as_str()),
        [first, second, ..] if first == "DROP" => second == "IDENTITY",
        [first, second, ..] if first == "ADD" => second == "GENERATED",
        [first, ..] => first == "RESTART",
        [] => false,
    }
}

/// Statements known by their leading words when the parser cannot read them, and no rule needs
/// more than those words.
fn fallback(text: &str) -> Option<Lexical> {
    let words = words(text);
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let unquote = |w: &String| w.trim_matches(|c| c == '"' || c == '`').to_string();
    let trigger = upper
        .iter()
        .take(3)
        .position(|w| w == "TRIGGER")
        .filter(|_| upper.first().is_some_and(|w| w == "CREATE"));
    if trigger.is_some() {
        let table = upper
            .iter()
            .position(|w| w == "ON")
            .and_then(|i| words.get(i + 1))
            .map(unquote);
        return Some(Lexical::CreateTrigger { table });
    }
    let is = |i: usize, word: &str| upper.get(i).is_some_and(|w| w == word);
    if is(0, "ALTER") && is(1, "TABLE") {
        // ALTER TABLE [IF EXISTS] [ONLY] t {DETACH|ATTACH} PARTITION p ...
        let mut at = 2;
        if is(at, "IF") && is(at + 1, "EXISTS") {
            at += 2;
        }
        if is(at, "ONLY") {
            at += 1;
        }
        if let Some(table) = words.get(at).map(unquote) {
            if is(at + 1, "DETACH") && is(at + 2, "PARTITION") {
                return Some(Lexical::DetachPartition {
                    table,
                    partition: words.get(at + 3).map(unquote).unwrap_or_default(),
                    concurrently: upper
                        .iter()
                        .skip(at + 4)
                        .any(|w| w == "CONCURRENTLY" || w == "FINALIZE"),
                });
            }
            if is(at + 1, "ATTACH") && is(at + 2, "PARTITION") {
                return Some(Lexical::AttachPartition { table });
            }
        }
    }
    if is(0, "ALTER") && is(1, "DOMAIN") {
        return Some(Lexical::AlterDomain {
            name: words.get(2).map(unquote).unwrap_or_default(),
            adds_constraint: is(3, "ADD"),
            not_valid: upper.windows(2).any(|w| w[0] == "NOT" && w[1] == "VALID"),
        });
    }
    if is(0, "ALTER")
        && is(1, "TYPE")
        && ["ADD", "DROP", "RENAME", "ALTER"].iter().any(|w| is(3, w))
        && is(4, "ATTRIBUTE")
    {
        return Some(Lexical::AlterTypeAttribute {
            name: words.get(2).map(unquote).unwrap_or_default(),
        });
    }
    if is(0, "REFRESH") && is(1, "MATERIALIZED") && is(2, "VIEW") {
        let concurrently = is(3, "CONCURRENTLY");
        let at = if concurrently { 4 } else { 3 };
        return Some(Lexical::RefreshMaterializedView {
            name: words.get(at).map(unquote).unwrap_or_default(),
            concurrently,
        });
    }
    if is(0, "COMMENT") && is(1, "ON") {
        let table = if is(2, "CONSTRAINT") && is(4, "ON") {
            let at = if is(5, "DOMAIN") { None } else { Some(5) };
            at.and_then(|at| words.get(at)).map(unquote)
        } else {
            None
        };
        return Some(Lexical::Comment { table });
    }
    if is(0, "CREATE") && is(1, "EXTENSION") {
        return Some(Lexical::CreateExtension);
    }
    if (is(0, "CREATE") || is(0, "ALTER")) && is(1, "SEQUENCE") {
        return Some(Lexical::Sequence);
    }
    if is(0, "ALTER") && is(1, "INDEX") {
        let at = if is(2, "IF") && is(3, "EXISTS") { 4 } else { 2 };
        if is(at + 1, "RENAME") && is(at + 2, "TO") {
            if let (Some(old), Some(new)) = (words.get(at), words.get(at + 3)) {
                return Some(Lexical::RenameIndex {
                    old: unquote(old),
                    new: unquote(new),
                });
            }
        }
    }
    let metadata_only = upper.get(3).is_some_and(|w| w.starts_with("COMMENT"))
        || (upper.get(3).is_some_and(|w| w == "RENAME") && upper.get(4).is_some_and(|w| w == "INDEX" || w == "KEY"))
        // When a foreign key is checked: the catalog changes, no row is read.
        || (upper.get(3).is_some_and(|w| w == "ALTER") && upper.get(4).is_some_and(|w| w == "CONSTRAINT"))
        // An identity column's kind or sequence (`SET GENERATED ALWAYS`, `SET INCREMENT BY 10`,
        // `DROP IDENTITY`, `ADD GENERATED ... AS IDENTITY`): the catalog changes, no row is read.
        || (is(3, "ALTER") && is(4, "COLUMN") && identity_change(&upper[6.min(upper.len())..]));
    if upper.len() >= 4 && upper[0] == "ALTER" && upper[1] == "TABLE" && metadata_only {
        return Some(Lexical::AlterTableMetadata {
            table: unquote(&words[2]),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_commands_by_their_words() {
        assert_eq!(
            lexical("CLUSTER VERBOSE lots USING idx_lots"),
            Some(Lexical::Cluster {
                table: Some("lots".into())
            })
        );
        assert_eq!(lexical("CLUSTER"), Some(Lexical::Cluster { table: None }));
        assert_eq!(
            lexical("VACUUM (FULL, ANALYZE) lots"),
            Some(Lexical::Vacuum {
                full: true,
                table: Some("lots".into())
            })
        );
        assert_eq!(
            lexical("vacuum analyze"),
            Some(Lexical::Vacuum {
                full: false,
                table: None
            })
        );
        assert_eq!(
            lexical("DROP INDEX CONCURRENTLY IF EXISTS \"idx_a\", idx_b"),
            Some(Lexical::DropIndexConcurrently {
                names: vec!["idx_a".into(), "idx_b".into()]
            })
        );
        assert_eq!(lexical("DROP INDEX idx_a"), None);
        assert_eq!(
            lexical("VACUUM (FULL FALSE) lots"),
            Some(Lexical::Vacuum {
                full: false,
                table: Some("lots".into())
            })
        );
        // A table whose name has `_` or reads like an option is the table, not an option.
        for (sql, full, table) in [
            ("VACUUM FULL some_table", true, Some("some_table")),
            ("vacuum full verbose \"stock_moves\"", true, Some("stock_moves")),
            (
                "VACUUM (FULL, INDEX_CLEANUP OFF, SKIP_LOCKED) full_log (a, b)",
                true,
                Some("full_log"),
            ),
            ("VACUUM (INDEX_CLEANUP ON) lots_archive", false, Some("lots_archive")),
            ("VACUUM (FULL 0)", false, None),
            ("VACUUM full", true, None),
        ] {
            assert_eq!(
                lexical(sql),
                Some(Lexical::Vacuum {
                    full,
                    table: table.map(String::from)
                }),
                "{sql}"
            );
        }
        assert_eq!(
            lexical("REINDEX (VERBOSE) TABLE CONCURRENTLY lots"),
            Some(Lexical::Reindex {
                concurrently: true,
                kind: "TABLE".into(),
                name: Some("lots".into())
            })
        );
        assert_eq!(lexical("DO $$ BEGIN PERFORM 1; END $$"), Some(Lexical::Do));
    }

    #[test]
    fn fallbacks_for_what_the_parser_cannot_read() {
        assert_eq!(
            fallback(
                "CREATE TRIGGER \"t_u\" AFTER UPDATE ON \"t\" FOR EACH ROW WHEN NEW.a IS OLD.a BEGIN SELECT 1; END"
            ),
            Some(Lexical::CreateTrigger {
                table: Some("t".into())
            })
        );
        assert_eq!(
            fallback("ALTER TABLE `customers` COMMENT = 'x'"),
            Some(Lexical::AlterTableMetadata {
                table: "customers".into()
            })
        );
        assert_eq!(
            fallback("ALTER TABLE \"lots\" ALTER CONSTRAINT \"lots_site_fkey\" DEFERRABLE INITIALLY DEFERRED"),
            Some(Lexical::AlterTableMetadata { table: "lots".into() })
        );
        assert_eq!(
            fallback("ALTER TABLE `customers` RENAME INDEX `a` TO `b`"),
            Some(Lexical::AlterTableMetadata {
                table: "customers".into()
            })
        );
        assert_eq!(fallback("ALTER TABLE t SET TABLESPACE x"), None);
        assert_eq!(
            fallback("ALTER TABLE \"t\" ALTER COLUMN \"id\" SET GENERATED ALWAYS SET INCREMENT BY 10"),
            Some(Lexical::AlterTableMetadata { table: "t".into() })
        );
        assert_eq!(
            fallback("ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME s)"),
            Some(Lexical::AlterTableMetadata { table: "t".into() })
        );
        assert_eq!(fallback("ALTER TABLE t ALTER COLUMN id SET STORAGE x"), None);
        assert_eq!(
            fallback("ALTER SEQUENCE \"s\" RENAME TO \"t\""),
            Some(Lexical::Sequence)
        );
        assert_eq!(
            fallback("CREATE SEQUENCE s AS integer START WITH 10 INCREMENT BY 5"),
            Some(Lexical::Sequence)
        );
        assert_eq!(
            fallback("ALTER TABLE ONLY measurements DETACH PARTITION m_2024 CONCURRENTLY"),
            Some(Lexical::DetachPartition {
                table: "measurements".into(),
                partition: "m_2024".into(),
                concurrently: true
            })
        );
        assert_eq!(
            fallback("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID"),
            Some(Lexical::AlterDomain {
                name: "positive".into(),
                adds_constraint: true,
                not_valid: true
            })
        );
        assert_eq!(
            fallback("ALTER TYPE \"price\" RENAME ATTRIBUTE \"currency\" TO \"currency_code\""),
            Some(Lexical::AlterTypeAttribute { name: "price".into() })
        );
        assert_eq!(
            fallback("REFRESH MATERIALIZED VIEW CONCURRENTLY \"totals\""),
            Some(Lexical::RefreshMaterializedView {
                name: "totals".into(),
                concurrently: true
            })
        );
        assert_eq!(
            fallback("COMMENT ON CONSTRAINT c ON lots IS 'x'"),
            Some(Lexical::Comment {
                table: Some("lots".into())
            })
        );
        assert_eq!(
            fallback("ALTER INDEX IF EXISTS a RENAME TO b"),
            Some(Lexical::RenameIndex {
                old: "a".into(),
                new: "b".into()
            })
        );
    }

    #[test]
    fn parser_errors_point_into_the_file() {
        let piece = Piece {
            text: String::new(),
            line: 10,
            column: 5,
            end_line: 12,
        };
        assert_eq!(
            translate_error(
                "sql parser error: Expected: end of statement, found: IF at Line: 1, Column: 25",
                &piece
            ),
            "expected end of statement, found IF at 10:29"
        );
        assert_eq!(
            translate_error("sql parser error: Expected: (, found: x at Line: 3, Column: 2", &piece),
            "expected (, found x at 12:2"
        );
    }
}
