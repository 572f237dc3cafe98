//! Following rewritten drafts on a development database.
//!
//! A debug build applies the draft migration at startup; the next schema edit makes the build
//! rewrite that draft. The ledger remembers which applied migrations were drafts, and the down SQL
//! each was applied with. When the drafts this database applied are no longer the binary's:
//!
//! 1. If the binary carries a follow-up from exactly those drafts (the build plans one from each
//!    earlier version of the drafts to the current ones), it runs it: the database gets the
//!    change between the two drafts, keeping its rows, and the current drafts are recorded as
//!    applied.
//! 2. If the build could not plan that change (it warned, naming the reason), the applied drafts
//!    are reverted with the down SQL they were applied with, and the current drafts are applied
//!    as any pending migration is. Their tables' rows are lost, so this is logged as a warning.
//!
//! A draft changed otherwise (edited by hand, or with its history gone) is refused, as are drafts
//! sealed or committed since they were applied that changed after: nothing is lost silently.

use std::collections::{BTreeMap, HashSet};

use tablewright_runtime_core::sql::{needs_own_transaction, split_statements};
use tablewright_runtime_core::Dialect;

use super::ledger::{self, Entry};
use super::scope::Scope;
use super::{Database, MigrateError, Report};
use crate::migrations::{FollowUp, Migrations};

pub(super) fn follow<C: Database>(
    conn: &mut C,
    migrations: &Migrations,
    report: &mut Report,
) -> Result<(), MigrateError> {
    let applied: HashSet<String> = ledger::diesel_versions(conn)?.into_iter().collect();
    let mut drafts = Vec::new();
    for entry in conn.ledger_entries()? {
        if entry.draft == 0 || !applied.contains(&entry.version) {
            continue;
        }
        match migrations.by_version(&entry.version) {
            // Sealed or committed as it was applied: no longer a draft.
            Some(file) if !file.is_draft() && file.checksum() == entry.checksum => {
                conn.batch_execute(&ledger::mark_sealed(C::DIALECT, &entry.version))?;
            }
            // Sealed after a rewrite this database did not follow: refused as edited.
            Some(file) if !file.is_draft() => {}
            _ => drafts.push(entry),
        }
    }
    let stale = drafts.iter().any(|e| {
        migrations
            .by_version(&e.version)
            .is_none_or(|f| f.checksum() != e.checksum)
    });
    if !stale {
        return Ok(());
    }
    let from: BTreeMap<&str, &str> = drafts
        .iter()
        .map(|e| (e.version.as_str(), e.checksum.as_str()))
        .collect();
    let leads_here = |f: &FollowUp| {
        f.from().collect::<BTreeMap<_, _>>() == from
            && f.to()
                .all(|(v, c)| migrations.by_version(v).is_some_and(|m| m.checksum() == c))
    };
    match migrations.follow_ups().iter().find(|f| leads_here(f)) {
        Some(follow_up) if follow_up.is_rebuild() => rebuild(conn, &drafts, follow_up, report),
        Some(follow_up) => run_follow_up(conn, migrations, &drafts, follow_up, report),
        // Not rewritten by the build (edited by hand?), or its history is gone: refused.
        None => Ok(()),
    }
}

/// Brings the database from the applied drafts to the current ones, then records those.
fn run_follow_up<C: Database>(
    conn: &mut C,
    migrations: &Migrations,
    drafts: &[Entry],
    follow_up: &FollowUp,
    report: &mut Report,
) -> Result<(), MigrateError> {
    let what = names(drafts);
    for sql in follow_up.migrations() {
        execute(conn, sql.up(), sql.run_in_transaction()).map_err(|e| MigrateError::Failed {
            name: format!("the follow-up of the rewritten draft {what}"),
            statement: None,
            message: e.to_string(),
        })?;
    }
    conn.transaction(|conn| {
        forget(conn, drafts)?;
        for (version, _) in follow_up.to() {
            let file = migrations.by_version(version).expect("checked by the caller");
            conn.batch_execute(&ledger::record_in_diesel(C::DIALECT, version))?;
            ledger::insert(conn, file, Scope::App)?;
        }
        Ok::<_, MigrateError>(())
    })?;
    let summary: Vec<&str> = follow_up.summary().collect();
    event!(
        info,
        drafts = %what,
        changes = %summary.join("; "),
        "followed the rewritten draft: this development database now has the current draft, rows kept"
    );
    report.followed.extend(summary.into_iter().map(str::to_string));
    Ok(())
}

/// Reverts the applied drafts, newest first, with the down SQL they were applied with; the
/// current drafts are then applied as pending migrations. Without a recorded down for each, does
/// nothing, and the refusal explains.
// `follow_up` says why, in the event only.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn rebuild<C: Database>(
    conn: &mut C,
    drafts: &[Entry],
    follow_up: &FollowUp,
    report: &mut Report,
) -> Result<(), MigrateError> {
    if drafts.iter().any(|e| e.down_sql.is_none()) {
        return Ok(());
    }
    for entry in drafts.iter().rev() {
        let down = entry.down_sql.as_deref().unwrap_or_default();
        let in_transaction = !split_statements(down, C::DIALECT)
            .iter()
            .any(|s| needs_own_transaction(s));
        execute(conn, down, in_transaction).map_err(|e| MigrateError::Failed {
            name: format!("reverting the applied draft {}", entry.name),
            statement: None,
            message: e.to_string(),
        })?;
        conn.transaction(|conn| forget(conn, std::slice::from_ref(entry)))?;
        report.rebuilt.push(entry.name.clone());
    }
    event!(
        warn,
        drafts = %names(drafts),
        because = %follow_up.summary().collect::<Vec<_>>().join("; "),
        "the draft was rewritten in a way this development database cannot follow: reverted it with the down it was applied with, to apply the current draft; the rows of the tables it creates, and the values of the columns it adds, are gone"
    );
    Ok(())
}

fn forget<C: Database>(conn: &mut C, drafts: &[Entry]) -> Result<(), MigrateError> {
    for entry in drafts {
        conn.batch_execute(&ledger::forget_in_diesel(C::DIALECT, &entry.version))?;
        conn.batch_execute(&ledger::forget(C::DIALECT, &entry.version))?;
    }
    Ok(())
}

/// Runs a script in one transaction, or statement by statement where a transaction cannot hold
/// it (MySQL commits at every DDL statement; `CONCURRENTLY` and batched backfills refuse one).
fn execute<C: Database>(conn: &mut C, sql: &str, in_transaction: bool) -> Result<(), diesel::result::Error> {
    if in_transaction && C::DIALECT != Dialect::Mysql {
        return conn.transaction(|conn| conn.batch_execute(sql));
    }
    for statement in split_statements(sql, C::DIALECT) {
        conn.batch_execute(&statement)?;
    }
    Ok(())
}

fn names(drafts: &[Entry]) -> String {
    drafts.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(", ")
}
