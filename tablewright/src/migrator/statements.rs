//! Migrations that run one statement at a time: PostgreSQL's `run_in_transaction = false`
//! (`CREATE INDEX CONCURRENTLY`, batched backfills) and every MySQL migration, whose DDL commits as
//! it goes.
//!
//! Each statement leaves a progress row with its checksum, so that a run interrupted half-way
//! resumes after the statements that completed, never running one twice, and refuses to resume a
//! migration whose completed statements were edited since (what ran is not what the file says).
//!
//! On MySQL a DDL statement commits on its own, before a progress row could be written in the
//! same transaction. So a *started* row is written first, and marked done in a transaction with
//! the statement (a data statement commits with its mark): a statement found started by a later
//! run may or may not have completed before the interruption, and only for that statement is
//! "already exists" taken as "it had completed". A statement that fails in front of us has its
//! started row removed: it failed, and fails the migration.
//!
//! The migration is then recorded (diesel's row, the ledger's, progress cleared) in a transaction
//! of its own, never in the last statement's: a MySQL DDL statement commits implicitly, and the
//! statements after it in the same "transaction" would each commit alone.

use std::collections::HashMap;

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
#[derive(Default)]
pub(super) struct Started(Option<HashMap<String, Vec<Progress>>>);

impl Started {
    fn take<C: Database>(&mut self, conn: &mut C, version: &str) -> Result<Vec<Progress>, MigrateError> {
        let rows = match &mut self.0 {
            Some(rows) => rows,
            None => {
                let mut rows: HashMap<String, Vec<Progress>> = HashMap::new();
                for row in conn.progress()? {
                    rows.entry(row.version.clone()).or_default().push(row);
                }
                self.0.insert(rows)
            }
        };
        Ok(rows.remove(version).unwrap_or_default())
    }
}

pub(super) fn apply<C: Database>(
    conn: &mut C,
    file: &MigrationFile,
    scope: Scope<'_>,
    progress_rows: &mut Started,
) -> Result<(), MigrateError> {
    // Progress rows are keyed like the ledger, so two sets' versions never meet.
    let version = scope.key(&file.version());
    let statements: Vec<(String, String)> = split_statements(file.up(), C::DIALECT)
        .into_iter()
        .map(|s| {
            let sum = checksum(&s, None);
            (s, sum)
        })
        .collect();
    let progress = progress_rows.take(conn, &version)?;
    if let Some(edited) = edited_since(&progress, &statements) {
        return Err(MigrateError::Refused(vec![Refusal::EditedWhileHalfApplied {
            name: file.name().to_string(),
            statement: edited,
            completed: progress.iter().filter(|p| p.done != 0).count(),
        }]));
    }
    let done = progress
        .iter()
        .filter(|p| p.done != 0)
        .map(|p| p.statement as usize + 1)
        .max()
        .unwrap_or(0);
    // A statement a killed run had started, that was edited since: the old one may or may not
    // have completed; the current one runs, without taking "already exists" for done.
    let mut started = None;
    for row in progress.iter().filter(|p| p.done == 0) {
        let index = row.statement as usize;
        let same = statements
            .get(index)
            .is_some_and(|(_, sum)| row.checksum.as_ref() == Some(sum));
        if same {
            started = Some(index);
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
    if done > 0 || started.is_some() {
        event!(info, migration = file.name(), done, "resuming an interrupted migration");
    }
    for (index, (statement, sum)) in statements.iter().enumerate().skip(done) {
        let step = Step {
            file,
            version: &version,
            index,
            statement,
            checksum: sum,
            started_before: started == Some(index),
        };
        retrying(file, Some(index), || step.run(conn))?;
    }
    conn.transaction(|conn| record(conn, file, scope, &version))
}

/// Records a migration run statement by statement as applied: diesel's row (for the sets that
/// keep one), the ledger's, and its progress rows cleared.
fn record<C: Database>(
    conn: &mut C,
    file: &MigrationFile,
    scope: Scope<'_>,
    version: &str,
) -> Result<(), MigrateError> {
    if scope.in_diesel() {
        conn.batch_execute(&ledger::record_in_diesel(C::DIALECT, version))?;
    }
    ledger::insert(conn, file, scope)?;
    conn.batch_execute(&ledger::clear_progress(C::DIALECT, version))?;
    Ok(())
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

/// One statement and what its progress row says.
struct Step<'a> {
    file: &'a MigrationFile,
    version: &'a str,
    index: usize,
    statement: &'a str,
    checksum: &'a str,
    /// A previous run marked it started and did not finish: it may have completed.
    started_before: bool,
}

impl Step<'_> {
    fn failed(&self, e: diesel::result::Error) -> MigrateError {
        MigrateError::Failed {
            name: self.file.name().to_string(),
            statement: Some(self.index),
            message: e.to_string(),
        }
    }

    fn run<C: Database>(&self, conn: &mut C) -> Result<(), MigrateError> {
        let done = ledger::record_progress(C::DIALECT, self.version, self.index, self.checksum, true);
        match C::DIALECT {
            Dialect::Mysql => self.run_marked(conn),
            Dialect::Postgres if needs_own_transaction(self.statement) => {
                // CREATE INDEX CONCURRENTLY and friends refuse transactions. A build interrupted
                // here leaves an INVALID index, which is dropped before building it again.
                if let Some(index) = concurrent_index_name(self.statement) {
                    drop_invalid_index(conn, &index)?;
                }
                conn.batch_execute(self.statement).map_err(|e| self.failed(e))?;
                Ok(conn.batch_execute(&done)?)
            }
            _ => conn.transaction(|conn| {
                conn.batch_execute(self.statement).map_err(|e| self.failed(e))?;
                Ok(conn.batch_execute(&done)?)
            }),
        }
    }

    /// MySQL: the started row, then the statement and the done mark in one transaction. A data
    /// statement commits with its mark; a DDL statement commits on its own, before the mark.
    fn run_marked<C: Database>(&self, conn: &mut C) -> Result<(), MigrateError> {
        let forget = ledger::forget_progress(C::DIALECT, self.version, self.index);
        let started = ledger::record_progress(C::DIALECT, self.version, self.index, self.checksum, false);
        if !self.started_before {
            conn.batch_execute(&started)?;
        }
        // Only the statement's own failure removes its started row: once it ran, a DDL statement
        // has committed, and a restart must find it started.
        let mut statement_failed = None;
        let outcome = conn.transaction(|conn| {
            if let Err(e) = conn.batch_execute(self.statement) {
                statement_failed = Some(e.to_string());
                return Err(MigrateError::Database(e.to_string()));
            }
            self.mark_done(conn)
        });
        match (outcome, statement_failed) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(message)) if self.started_before && already_exists(&message) => {
                event!(
                    warn,
                    migration = self.file.name(),
                    statement = self.index + 1,
                    "the statement had completed before the interruption; continuing"
                );
                conn.transaction(|conn| self.mark_done(conn))
            }
            (Err(_), Some(message)) => {
                conn.batch_execute(&forget)?;
                Err(MigrateError::Failed {
                    name: self.file.name().to_string(),
                    statement: Some(self.index),
                    message,
                })
            }
            (Err(e), None) => Err(e),
        }
    }

    /// The statement is done: its progress row says so.
    fn mark_done<C: Database>(&self, conn: &mut C) -> Result<(), MigrateError> {
        let done = ledger::mark_progress_done(C::DIALECT, self.version, self.index);
        Ok(conn.batch_execute(&done)?)
    }
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
