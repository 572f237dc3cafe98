//! MySQL: a DDL statement commits on its own, before a progress row could be written in the same
//! transaction. So statements are marked *started* before they run and marked done after: a
//! statement a later run finds started may or may not have completed before the interruption,
//! and only for such a statement, up to the first that runs as if for the first time, is
//! "already exists" taken as "it had completed". A statement
//! that fails in front of us has its started mark removed: it failed, and fails the migration.
//!
//! Every commit is a flush of the log, and commits are what a start on a fresh database pays for.
//! So the marks travel together, in as few commits as keep that promise:
//! - consecutive `CREATE TABLE` / `CREATE INDEX` statements form one group, marked started at
//!   once and done at once: run again after completing, each fails with "already exists", which
//!   is how a resumed run recognises the ones that had completed;
//! - the done marks of one group and the started marks of the next commit together, and a data
//!   statement (INSERT, UPDATE, DELETE, REPLACE) commits in that same transaction, so it is
//!   either done and marked or neither;
//! - the migration is recorded in a transaction of its own (after a DDL statement: its implicit
//!   commit would leave the rest of the record to commit piecemeal), which also marks started the
//!   first group of the next migration of the run.
//!
//! A migration of one `CREATE TABLE` thus costs two commits on a fresh database, as through
//! diesel's harness: the statement's own, and the record's.

use std::collections::BTreeSet;
use std::ops::Range;

use tablewright_runtime_core::sql::leading_comments_len;
use tablewright_runtime_core::Dialect;

use super::{checksummed, ledger, record_statements, retrying, Database, MigrateError, ProgressRows, Resumed};
use crate::MigrationFile;

const DIALECT: Dialect = Dialect::Mysql;

/// How a statement runs, by its first words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `CREATE TABLE`, `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX`: commits on its own, and fails
    /// with "already exists" when run again after completing.
    Create,
    /// Other DDL (`ALTER`, `DROP`, `RENAME`, `TRUNCATE`, other `CREATE`s): commits on its own.
    Ddl,
    /// `INSERT`, `UPDATE`, `DELETE`, `REPLACE`: commits with the transaction it runs in.
    Data,
    /// Anything else: run in a transaction with its done mark, whether or not it commits alone.
    Other,
}

fn kind(statement: &str) -> Kind {
    let text = &statement[leading_comments_len(statement)..];
    let mut words = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase);
    match words.next().as_deref() {
        Some("CREATE") => match words.next().as_deref() {
            Some("TABLE") => Kind::Create,
            Some("UNIQUE" | "FULLTEXT" | "SPATIAL") if words.next().as_deref() == Some("INDEX") => Kind::Create,
            Some("INDEX") => Kind::Create,
            _ => Kind::Ddl,
        },
        Some("ALTER" | "DROP" | "RENAME" | "TRUNCATE") => Kind::Ddl,
        Some("INSERT" | "UPDATE" | "DELETE" | "REPLACE") => Kind::Data,
        _ => Kind::Other,
    }
}

/// Statements that share their marks: a run of [`Kind::Create`], or one statement of another kind.
struct Group {
    statements: Range<usize>,
    kind: Kind,
}

/// The groups of `statements[from..]`.
fn groups(statements: &[(String, String)], from: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (index, (statement, _)) in statements.iter().enumerate().skip(from) {
        let kind = kind(statement);
        match groups.last_mut() {
            Some(last) if kind == Kind::Create && last.kind == Kind::Create => last.statements.end = index + 1,
            _ => groups.push(Group {
                statements: index..index + 1,
                kind,
            }),
        }
    }
    groups
}

/// The statements of the first group of a migration that has not started.
fn first_group(statements: &[(String, String)]) -> Option<Range<usize>> {
    groups(statements, 0).into_iter().next().map(|g| g.statements)
}

/// Marks started the statements of `range` that have no row yet.
fn mark_started(m: &Resumed<'_>, range: Range<usize>) -> Option<String> {
    let rows: Vec<(usize, &str)> = range
        .filter(|&i| !m.is_marked(i))
        .map(|i| (i, m.statements[i].1.as_str()))
        .collect();
    ledger::record_started(DIALECT, &m.version, &rows)
}

/// Marks the statements of `range` done.
fn mark_done(m: &Resumed<'_>, range: Range<usize>) -> String {
    ledger::mark_progress_done(DIALECT, &m.version, range)
}

/// Commits `statements` together in one round trip: one alone, several between `BEGIN` and
/// `COMMIT` in the same batch (rolled back if one fails, which stops the batch there).
fn commit_together<C: Database>(conn: &mut C, statements: &[String]) -> Result<(), MigrateError> {
    match statements {
        [] => Ok(()),
        [one] => Ok(conn.batch_execute(one)?),
        several => {
            let batch = format!("BEGIN;\n{};\nCOMMIT", several.join(";\n"));
            conn.batch_execute(&batch).map_err(|e| {
                // The batch stopped at the failed statement, inside the transaction: end it. If
                // that fails too the connection is gone, and the transaction with it.
                let _ = conn.batch_execute("ROLLBACK");
                MigrateError::from(e)
            })
        }
    }
}

pub(super) fn run<C: Database>(
    conn: &mut C,
    m: &Resumed<'_>,
    next: Option<&MigrationFile>,
    progress: &mut ProgressRows,
) -> Result<(), MigrateError> {
    let groups = groups(&m.statements, m.done);
    // The first group of the next migration, marked started with this one's record: unless an
    // interrupted run left rows of its own for it.
    let ahead = next
        .map(|file| (m.scope.key(&file.version()), file))
        .filter(|(version, _)| !progress.has_rows(version))
        .and_then(|(version, file)| {
            let statements = checksummed(file.up(), DIALECT);
            let first = first_group(&statements)?;
            let rows: Vec<(usize, &str)> = first.clone().map(|i| (i, statements[i].1.as_str())).collect();
            let sql = ledger::record_started(DIALECT, &version, &rows)?;
            Some((version, first.len(), sql))
        });
    let record_also: Vec<String> = ahead.iter().map(|(_, _, sql)| sql.clone()).collect();

    if let Some(first) = groups.first() {
        commit_together(conn, &Vec::from_iter(mark_started(m, first.statements.clone())))?;
    }
    let mut may_have_run = m.started_before.clone();
    // Whether the last statement, a data statement, committed the record with it.
    let mut recorded = false;
    for (position, group) in groups.iter().enumerate() {
        let last = position + 1 == groups.len();
        // This group's done marks, and the next group's started marks.
        let mut marks = vec![mark_done(m, group.statements.clone())];
        marks.extend(
            groups
                .get(position + 1)
                .and_then(|g| mark_started(m, g.statements.clone())),
        );
        match group.kind {
            Kind::Create | Kind::Ddl => {
                for index in group.statements.clone() {
                    if let Err(e) = run_alone(conn, m, &mut may_have_run, index) {
                        forget_from(conn, m, group.statements.start, index)?;
                        return Err(e);
                    }
                }
                if !last {
                    commit_together(conn, &marks)?;
                }
            }
            Kind::Data | Kind::Other => {
                let index = group.statements.start;
                // A data statement commits with the record; anything else might commit by
                // itself, before it, so it is recorded apart.
                let with_record = last && group.kind == Kind::Data;
                let result = retrying(m.file, Some(index), || {
                    conn.transaction(|conn| {
                        run_tolerant(conn, m, &mut may_have_run, index)?;
                        if with_record {
                            Ok(conn.batch_execute(&record_statements::<C>(m, &record_also).join(";\n"))?)
                        } else {
                            Ok(conn.batch_execute(&marks.join(";\n"))?)
                        }
                    })
                });
                if let Err(e) = result {
                    if matches!(e, MigrateError::Failed { .. }) {
                        forget_from(conn, m, index, index)?;
                    }
                    return Err(e);
                }
                if with_record {
                    recorded = true;
                }
            }
        }
    }
    if !recorded {
        // The record clears the marks: the last group's need not be set first.
        commit_together(conn, &record_statements::<C>(m, &record_also))?;
    }
    if let Some((version, first, _)) = ahead {
        progress.marked_ahead.insert(version, first);
    }
    Ok(())
}

/// Runs statement `index` on its own (it commits by itself), retrying what is safe to retry.
fn run_alone<C: Database>(
    conn: &mut C,
    m: &Resumed<'_>,
    may_have_run: &mut BTreeSet<usize>,
    index: usize,
) -> Result<(), MigrateError> {
    retrying(m.file, Some(index), || run_tolerant(conn, m, may_have_run, index))
}

/// Runs statement `index`. One an interrupted run may have completed (`may_have_run`) that fails
/// with "already exists" had completed then. Statements run in order, so once one runs as if for
/// the first time, none after it can have run before: marks written ahead (a group's, the next
/// migration's) leave the benefit of the doubt to the one statement the interruption may have
/// cut short, as one mark per statement would.
fn run_tolerant<C: Database>(
    conn: &mut C,
    m: &Resumed<'_>,
    may_have_run: &mut BTreeSet<usize>,
    index: usize,
) -> Result<(), MigrateError> {
    match conn.batch_execute(&m.statements[index].0) {
        Ok(()) => {
            may_have_run.clear();
            Ok(())
        }
        Err(e) if may_have_run.contains(&index) && already_exists(&e.to_string()) => {
            event!(
                warn,
                migration = m.file.name(),
                statement = index + 1,
                "the statement had completed before the interruption; continuing"
            );
            Ok(())
        }
        Err(e) => Err(m.failed(index, e.to_string())),
    }
}

/// After statement `failed` of a group starting at `start` failed: the statements before it are
/// done, and it and the rest of the group never ran (their started marks are removed).
fn forget_from<C: Database>(conn: &mut C, m: &Resumed<'_>, start: usize, failed: usize) -> Result<(), MigrateError> {
    let mut sql = Vec::new();
    if failed > start {
        sql.push(mark_done(m, start..failed));
    }
    sql.push(ledger::forget_progress_from(DIALECT, &m.version, failed));
    commit_together(conn, &sql)
}

/// What MySQL says when a DDL statement's object is already there.
fn already_exists(message: &str) -> bool {
    [
        "already exists",
        "Duplicate key name",
        "Duplicate column name",
        "Duplicate foreign key",
        "Duplicate check constraint",
    ]
    .iter()
    .any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(sql: &[&str]) -> Vec<(String, String)> {
        sql.iter().map(|s| (s.to_string(), String::new())).collect()
    }

    #[test]
    fn kinds_by_first_words() {
        assert_eq!(kind("-- create table t\n\nCREATE TABLE `t` (id INT)"), Kind::Create);
        assert_eq!(kind("create unique index ix on t (a)"), Kind::Create);
        assert_eq!(kind("CREATE FULLTEXT INDEX ix ON t (a)"), Kind::Create);
        assert_eq!(kind("CREATE INDEX ix ON t (a)"), Kind::Create);
        assert_eq!(kind("CREATE VIEW v AS SELECT 1"), Kind::Ddl);
        assert_eq!(kind("CREATE UNIQUE something"), Kind::Ddl);
        assert_eq!(kind("/* x */ ALTER TABLE t ADD COLUMN c INT"), Kind::Ddl);
        assert_eq!(kind("DROP TABLE t"), Kind::Ddl);
        assert_eq!(kind("INSERT INTO t VALUES (1)"), Kind::Data);
        assert_eq!(kind("update t set a = 1"), Kind::Data);
        assert_eq!(kind("SELECT SLEEP(1)"), Kind::Other);
        assert_eq!(kind("SET @a = 1"), Kind::Other);
    }

    #[test]
    fn consecutive_creates_share_a_group() {
        let s = statements(&[
            "CREATE TABLE a (id INT)",
            "CREATE INDEX ix ON a (id)",
            "INSERT INTO a VALUES (1)",
            "CREATE TABLE b (id INT)",
            "CREATE TABLE c (id INT)",
            "ALTER TABLE c ADD COLUMN d INT",
            "ALTER TABLE c ADD COLUMN e INT",
        ]);
        let shape: Vec<(Range<usize>, Kind)> = groups(&s, 0).into_iter().map(|g| (g.statements, g.kind)).collect();
        assert_eq!(
            shape,
            [
                (0..2, Kind::Create),
                (2..3, Kind::Data),
                (3..5, Kind::Create),
                (5..6, Kind::Ddl),
                (6..7, Kind::Ddl)
            ]
        );
        // A resumed run groups what is left.
        assert_eq!(groups(&s, 4).first().map(|g| g.statements.clone()), Some(4..5));
        assert_eq!(first_group(&s), Some(0..2));
        assert_eq!(first_group(&[]), None);
    }
}
