//! Migrations that run one statement at a time: PostgreSQL's `run_in_transaction = false`
//! (`CREATE INDEX CONCURRENTLY`, batched backfills) and every MySQL migration, whose DDL commits as
//! it goes.
//!
//! Each statement leaves a progress row with its checksum, so that a run interrupted half-way
//! resumes after the statements that completed, never running one twice, and refuses to resume a
//! migration whose completed statements were edited since (what ran is not what the file says).
//! PostgreSQL writes a statement's row in the statement's own transaction (below); MySQL, whose
//! DDL commits on its own, marks statements started before running them ([`mysql`]).
//!
//! The migration is then recorded (diesel's row, the ledger's, progress cleared) in a transaction
//! of its own, or in the last statement's when that is a data statement: a MySQL DDL statement
//! commits implicitly, and the statements after it in the same "transaction" would each commit
//! alone.

mod mysql;

use std::collections::{BTreeSet, HashMap};

use tablewright_runtime_core::checksum;
use tablewright_runtime_core::sql::{concurrent_index_name, needs_own_transaction, quote, split_statements};
use tablewright_runtime_core::Dialect;

use super::ledger::{self, Progress};
use super::scope::Scope;
use super::{retrying, Database, MigrateError, Refusal};
use crate::MigrationFile;

/// The progress rows of every migration, read once under the lock, the first time a migration
/// runs statement by statement (on a fresh MySQL database: one query, not one per migration).
/// Nothing else writes them while the lock is held, and a migration's rows are taken when it runs.
pub(super) struct ProgressRows {
    read: Option<HashMap<String, Vec<Progress>>>,
    /// The progress table is not there yet (PostgreSQL): the first migration that needs it creates it.
    table_missing: bool,
    /// Migrations whose first statements this run marked started ahead of running them (MySQL:
    /// with the record of the migration before), by ledger key: how many statements.
    marked_ahead: HashMap<String, usize>,
}

impl ProgressRows {
    /// As [`ledger::prepare`] left the bookkeeping: a table created just now, or not there, has
    /// no rows to read.
    pub(super) fn new(prepared: ledger::Prepared) -> ProgressRows {
        let nothing_to_read = prepared.fresh || !prepared.progress_table;
        ProgressRows {
            read: nothing_to_read.then(HashMap::new),
            table_missing: !prepared.progress_table,
            marked_ahead: HashMap::new(),
        }
    }

    fn read<C: Database>(&mut self, conn: &mut C) -> Result<&mut HashMap<String, Vec<Progress>>, MigrateError> {
        if self.read.is_none() {
            let mut rows: HashMap<String, Vec<Progress>> = HashMap::new();
            for row in conn.progress()? {
                rows.entry(row.version.clone()).or_default().push(row);
            }
            self.read = Some(rows);
        }
        Ok(self.read.as_mut().expect("read above"))
    }

    /// The `CREATE TABLE` of the progress table if it is not there yet, once: the caller sends it
    /// in the transaction of its first write to the table, so creating it costs no commit of its
    /// own (if that transaction fails, the run stops, and the next one creates it).
    fn create_table<C: Database>(&mut self) -> Option<String> {
        std::mem::take(&mut self.table_missing).then(|| ledger::create_table(C::DIALECT, ledger::PROGRESS))
    }

    fn take<C: Database>(&mut self, conn: &mut C, version: &str) -> Result<Vec<Progress>, MigrateError> {
        Ok(self.read(conn)?.remove(version).unwrap_or_default())
    }

    /// Whether an interrupted run left rows for `version` (then nothing is marked ahead for it).
    fn has_rows(&self, version: &str) -> bool {
        self.read.as_ref().is_none_or(|rows| rows.contains_key(version))
    }
}

/// A migration about to run statement by statement, and where it resumes.
struct Resumed<'a> {
    file: &'a MigrationFile,
    scope: Scope<'a>,
    /// The ledger key its progress rows are written under.
    version: String,
    /// Each statement with its checksum.
    statements: Vec<(String, String)>,
    /// The statements before this one completed in an earlier run.
    done: usize,
    /// Statements an interrupted run marked started (and did not finish): each may have completed.
    started_before: BTreeSet<usize>,
    /// The first statements this run marked started already (not an interrupted run: nothing ran).
    marked_ahead: usize,
}

impl Resumed<'_> {
    /// Whether statement `index` has a progress row already.
    fn is_marked(&self, index: usize) -> bool {
        index < self.marked_ahead || self.started_before.contains(&index)
    }

    fn failed(&self, index: usize, message: String) -> MigrateError {
        MigrateError::Failed {
            name: self.scope.name(self.file.name()),
            statement: Some(index),
            message,
        }
    }
}

/// Each statement of `script`, with its checksum.
fn checksummed(script: &str, dialect: Dialect) -> Vec<(String, String)> {
    split_statements(script, dialect)
        .into_iter()
        .map(|s| {
            let sum = checksum(&s, None);
            (s, sum)
        })
        .collect()
}

/// Applies `file` statement by statement and records it. `next`: the migration of the same set
/// that runs after it in this run, if any (MySQL marks its first statements started with this
/// one's record).
pub(super) fn apply<C: Database>(
    conn: &mut C,
    file: &MigrationFile,
    next: Option<&MigrationFile>,
    scope: Scope<'_>,
    progress: &mut ProgressRows,
) -> Result<(), MigrateError> {
    // Progress rows are keyed like the ledger, so two sets' versions never meet.
    let version = scope.key(&file.version());
    let statements = checksummed(file.up(), C::DIALECT);
    let rows = progress.take(conn, &version)?;
    if let Some(edited) = edited_since(&rows, &statements) {
        return Err(MigrateError::Refused(vec![Refusal::EditedWhileHalfApplied {
            name: file.name().to_string(),
            statement: edited,
            completed: rows.iter().filter(|p| p.done != 0).count(),
        }]));
    }
    let done = rows
        .iter()
        .filter(|p| p.done != 0)
        .map(|p| p.statement as usize + 1)
        .max()
        .unwrap_or(0);
    // A statement a killed run had started, that was edited since: the old one may or may not
    // have completed; the current one runs, without taking "already exists" for done.
    let mut started_before = BTreeSet::new();
    for row in rows.iter().filter(|p| p.done == 0) {
        let index = row.statement as usize;
        let same = statements
            .get(index)
            .is_some_and(|(_, sum)| row.checksum.as_ref() == Some(sum));
        if same {
            started_before.insert(index);
        } else {
            event!(
                warn,
                migration = file.name(),
                statement = index + 1,
                "the statement an interrupted run had started was edited since; running the current one"
            );
            conn.batch_execute(&ledger::forget_progress(C::DIALECT, &version, index))?;
        }
    }
    if done > 0 || !started_before.is_empty() {
        event!(info, migration = file.name(), done, "resuming an interrupted migration");
    }
    let marked_ahead = progress.marked_ahead.remove(&version).unwrap_or(0);
    let migration = Resumed {
        file,
        scope,
        version,
        statements,
        done,
        started_before,
        marked_ahead,
    };
    match C::DIALECT {
        // Every MySQL migration marks: its progress table is created up front.
        Dialect::Mysql => mysql::run(conn, &migration, next, progress),
        _ => run_in_transactions(conn, &migration, progress.create_table::<C>()),
    }
}

/// PostgreSQL: each statement in a transaction with its progress row, except those PostgreSQL
/// refuses to run in one (`CREATE INDEX CONCURRENTLY`...), whose row follows them.
/// `create_table`: the progress table's creation, to send with the first row (or the record).
fn run_in_transactions<C: Database>(
    conn: &mut C,
    m: &Resumed<'_>,
    mut create_table: Option<String>,
) -> Result<(), MigrateError> {
    for (index, (statement, sum)) in m.statements.iter().enumerate().skip(m.done) {
        let done = (create_table.take().into_iter())
            .chain([ledger::record_done(C::DIALECT, &m.version, index, sum)])
            .collect::<Vec<_>>()
            .join(";\n");
        retrying(m.file, Some(index), || {
            if needs_own_transaction(statement) {
                // A build interrupted here leaves an INVALID index, which is dropped before
                // building it again.
                if let Some(index) = concurrent_index_name(statement) {
                    drop_invalid_index(conn, &index)?;
                }
                conn.batch_execute(statement)
                    .map_err(|e| m.failed(index, e.to_string()))?;
                Ok(conn.batch_execute(&done)?)
            } else {
                conn.transaction(|conn| {
                    conn.batch_execute(statement)
                        .map_err(|e| m.failed(index, e.to_string()))?;
                    Ok(conn.batch_execute(&done)?)
                })
            }
        })?;
    }
    // The record clears the progress rows: a migration without statements creates the table here.
    let record = (create_table.into_iter())
        .chain(record_statements::<C>(m, &[]))
        .collect::<Vec<_>>()
        .join(";\n");
    conn.transaction(|conn| Ok(conn.batch_execute(&record)?))
}

/// The statements recording a migration run statement by statement as applied: diesel's row
/// (for the sets that keep one), the ledger's, its progress rows cleared, and `also`; to run
/// in one transaction.
fn record_statements<C: Database>(m: &Resumed<'_>, also: &[String]) -> Vec<String> {
    let mut sql = ledger::applied(C::DIALECT, m.file, m.scope);
    sql.push(ledger::clear_progress(C::DIALECT, &m.version));
    sql.extend_from_slice(also);
    sql
}

/// The first completed statement that is not, or no longer, the file's statement at its place.
fn edited_since(progress: &[Progress], statements: &[(String, String)]) -> Option<usize> {
    progress
        .iter()
        .filter(|p| p.done != 0)
        .filter(|p| match statements.get(p.statement as usize) {
            None => true,
            // Rows written before checksums were recorded are taken on trust.
            Some((_, sum)) => p.checksum.as_ref().is_some_and(|recorded| recorded != sum),
        })
        .map(|p| p.statement as usize)
        .min()
}

/// Drops `index` if an interrupted concurrent build left it invalid (PostgreSQL).
fn drop_invalid_index<C: Database>(conn: &mut C, index: &str) -> Result<(), MigrateError> {
    let query = format!(
        "SELECT 'invalid' AS a, NULL AS b FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = {} AND NOT i.indisvalid",
        quote::literal(Dialect::Postgres, index)
    );
    if !conn.pairs(&query)?.is_empty() {
        event!(
            warn,
            index,
            "dropping the invalid index an interrupted CREATE INDEX CONCURRENTLY left"
        );
        conn.batch_execute(&format!(
            "DROP INDEX CONCURRENTLY IF EXISTS {}",
            quote::ident(Dialect::Postgres, index)
        ))?;
    }
    Ok(())
}
