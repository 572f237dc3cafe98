//! Applying migrations when the application starts, safely: under a lock when ten replicas start
//! at once, refusing to run over an applied migration that was edited, never applying a
//! statement twice, and checking that the tables owned by other teams have what the app needs.
//!
//! ```ignore
//! // `ignore`: embed_migrations! needs the application's migrations folder.
//! const MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!();
//!
//! let report = tablewright::Migrator::new(&MIGRATIONS)
//!     .expect_schema(tablewright::include_schema!())   // verify shared tables
//!     .run::<diesel::PgConnection>(&database_url)?;
//! ```

mod database;
mod drafts;
mod error;
pub(crate) mod ledger;
pub(crate) mod scope;
pub(crate) mod session;
mod sets;
mod statements;
mod url_scheme;

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use tablewright_runtime_core::catalog::Drift;
use tablewright_runtime_core::shared_tables::SharedTables;
use tablewright_runtime_core::Dialect;

pub use database::{Database, LockOn};
pub use error::{MigrateError, Refusal};

use crate::migrations::{MigrationFile, Migrations};
use crate::Applied;
use crate::NamedMigrations;
use scope::Scope;

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub applied: Vec<Applied>,
    /// Migrations that were already applied.
    pub already_applied: usize,
    /// Applied migrations the ledger had no checksum for (applied by diesel's own tools, or before
    /// the ledger existed); their current checksum is now recorded.
    pub adopted: Vec<String>,
    /// Drafts rewritten since this development database applied them, which it followed:
    /// a line per change made to bring it to the current drafts.
    pub followed: Vec<String>,
    /// Drafts this development database could not follow, reverted with the down SQL they were
    /// applied with and applied again (their tables' rows are gone).
    pub rebuilt: Vec<String>,
    pub waited_for_lock: Duration,
    pub elapsed: Duration,
}

/// Applies the pending migrations of a [`Migrations`] set.
#[derive(Clone, Debug)]
pub struct Migrator<'m> {
    migrations: &'m Migrations,
    /// Libraries' sets, applied before `migrations`, in this order.
    sets: Vec<&'m NamedMigrations>,
    /// Run (or revert) this set only (see [`Migrator::only`]).
    only: Option<&'m str>,
    /// The library sets the application's own tables reference; `None`: every set given.
    app_requires: Option<Vec<&'m str>>,
    lock_timeout: Duration,
    allow_unknown_applied: bool,
    follow_drafts: bool,
    expected: Option<Expected>,
}

/// The shared tables to verify after migrating, and the function that reads the database's
/// catalog to do so: reached only through [`Migrator::expect_schema`], so an application that
/// verifies nothing does not link the catalog readers.
#[derive(Clone, Debug)]
struct Expected {
    shared: SharedTables,
    drift: fn(&mut dyn Any, &SharedTables) -> Result<Vec<Drift>, MigrateError>,
}

/// What the live database lacks of `shared`; `conn` is one of the [`Database`] connections.
#[cfg_attr(
    not(any(feature = "postgres", feature = "mysql", feature = "sqlite")),
    allow(unused_variables)
)]
fn shared_tables_drift(conn: &mut dyn Any, shared: &SharedTables) -> Result<Vec<Drift>, MigrateError> {
    #[cfg(feature = "postgres")]
    if let Some(conn) = conn.downcast_mut::<diesel::PgConnection>() {
        return Ok(shared.drift(&conn.catalog()?, Dialect::Postgres));
    }
    #[cfg(feature = "mysql")]
    if let Some(conn) = conn.downcast_mut::<diesel::MysqlConnection>() {
        return Ok(shared.drift(&conn.catalog()?, Dialect::Mysql));
    }
    #[cfg(feature = "sqlite")]
    if let Some(conn) = conn.downcast_mut::<diesel::SqliteConnection>() {
        return Ok(shared.drift(&conn.catalog()?, Dialect::Sqlite));
    }
    unreachable!("Database is implemented for these connections only")
}

impl<'m> Migrator<'m> {
    pub fn new(migrations: &'m Migrations) -> Migrator<'m> {
        Migrator {
            migrations,
            sets: Vec::new(),
            only: None,
            app_requires: None,
            lock_timeout: Duration::from_secs(60),
            allow_unknown_applied: false,
            follow_drafts: true,
            expected: None,
        }
    }

    /// Whether a development build brings along a database that applied a draft migration the
    /// build has rewritten since (default: yes). Release builds never do: they carry no drafts.
    /// Off, such a database is refused, as an edited migration is.
    pub fn follow_drafts(&mut self, follow: bool) -> &mut Self {
        self.follow_drafts = follow;
        self
    }

    fn follows_drafts(&self) -> bool {
        self.follow_drafts && self.migrations.is_development()
    }

    /// Also applies a library's migration set (`agents::MIGRATIONS`), under the same lock and
    /// before the application's own migrations; sets apply in the order they are given, and a
    /// set that requires another (a library's optional group requires its core) comes after it.
    pub fn with(&mut self, set: &'m NamedMigrations) -> &mut Self {
        self.sets.push(set);
        self
    }

    /// Applies (or [reverts](Migrator::revert)) one set only: a library's, by name (`agents`,
    /// `agents/scheduler`), or the application's own, [`APP_SET`](crate::APP_SET). For operators'
    /// tools (`tablewright migrate up --set`); an application runs every set. The sets it
    /// requires (a group its library's core; the application's own set those of
    /// [`app_requires`](Migrator::app_requires)) must be applied already: otherwise [`run`](Migrator::run) refuses, naming them.
    pub fn only(&mut self, set: &'m str) -> &mut Self {
        self.only = Some(set);
        self
    }

    /// The library sets the application's own migrations depend on (their tables reference
    /// those sets' tables), for [`only`](Migrator::only) and [`revert`](Migrator::revert): a set
    /// left out may be applied or reverted without the application's. Default: every set given,
    /// which is always safe. Tools read it from the application's migrations.
    pub fn app_requires(&mut self, sets: impl IntoIterator<Item = &'m str>) -> &mut Self {
        self.app_requires = Some(sets.into_iter().collect());
        self
    }

    /// Whether this run applies `set`.
    fn runs(&self, set: &str) -> bool {
        self.only.is_none_or(|only| only == set)
    }

    /// The sets `set` requires, directly or through another; the application's own set requires
    /// those [`app_requires`](Migrator::app_requires) names, by default every library set.
    fn required_by(&self, set: &str) -> Vec<&'m str> {
        let mut required: Vec<&'m str> = Vec::new();
        let mut queue: Vec<&str> = vec![set];
        if set == crate::APP_SET {
            let Some(direct) = &self.app_requires else {
                return self.sets.iter().map(|s| s.name()).collect();
            };
            required = (self.sets.iter().map(|s| s.name()))
                .filter(|name| direct.contains(name))
                .collect();
            queue = required.clone();
        }
        while let Some(name) = queue.pop() {
            let Some(found) = self.sets.iter().find(|s| s.name() == name) else {
                continue;
            };
            for r in found.requires() {
                if let Some(known) = self.sets.iter().find(|s| s.name() == r) {
                    if !required.contains(&known.name()) {
                        required.push(known.name());
                        queue.push(known.name());
                    }
                }
            }
        }
        required
    }

    /// The sets that require `set` (the reverse of [`Migrator::required_by`]), in order.
    fn dependents_of(&self, set: &str) -> Vec<&'m str> {
        self.set_names()
            .into_iter()
            .filter(|other| self.required_by(other).contains(&set))
            .collect()
    }

    /// The names of the sets, in the order they run: the libraries', then the application's own.
    pub fn set_names(&self) -> Vec<&'m str> {
        self.sets.iter().map(|s| s.name()).chain([crate::APP_SET]).collect()
    }

    /// A set named by [`Migrator::only`] must be one of them.
    fn check_only(&self) -> Result<(), MigrateError> {
        match self.only {
            Some(only) if !self.set_names().contains(&only) => Err(MigrateError::UnknownSet {
                name: only.to_string(),
                known: self.set_names().iter().map(|s| s.to_string()).collect(),
            }),
            _ => Ok(()),
        }
    }

    /// How long to wait for another process's migration to finish (default 60 s).
    pub fn lock_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.lock_timeout = timeout;
        self
    }

    /// Start even when the database has migrations this binary does not know (it is ahead, e.g.
    /// after rolling back a deploy). Off by default: the schema may not be what this binary
    /// expects.
    pub fn allow_unknown_applied(&mut self, allow: bool) -> &mut Self {
        self.allow_unknown_applied = allow;
        self
    }

    /// The shared tables of the schema the binary was built with (`include_schema!()`): after
    /// migrating, each must exist with the declared columns and compatible types.
    pub fn expect_schema(&mut self, shared: SharedTables) -> &mut Self {
        self.expected = Some(Expected {
            shared,
            drift: shared_tables_drift,
        });
        self
    }

    /// Connects to `url` and migrates, holding the lock on a connection that ends when the
    /// process dies.
    pub fn run<C: Database>(&self, url: &str) -> Result<Report, MigrateError> {
        let connection = std::any::type_name::<C>().rsplit("::").next().unwrap_or_default();
        if let Some(problem) = url_scheme::other_database(C::DIALECT, connection, url) {
            return Err(MigrateError::Connect(problem));
        }
        let mut conn = C::establish(url).map_err(|e| MigrateError::Connect(e.to_string()))?;
        self.run_with(&mut conn, LockOn::Dedicated(url))
    }

    /// Migrates on an open connection, taking the lock on that same connection.
    pub fn run_on<C: Database>(&self, conn: &mut C) -> Result<Report, MigrateError> {
        self.run_with(conn, LockOn::SameConnection)
    }

    fn run_with<C: Database>(&self, conn: &mut C, lock: LockOn<'_>) -> Result<Report, MigrateError> {
        let started = Instant::now();
        if let Some(problem) = self.migrations.duplicate_version() {
            return Err(MigrateError::InvalidMigrations(problem));
        }
        sets::check_order(&self.sets)?;
        self.check_only()?;
        // Most starts find nothing to do: check that without the lock (and without its
        // connection). Anything to write takes the lock and decides again under it.
        let mut report = match self.up_to_date(conn)? {
            Some(report) => report,
            None => {
                let (mut report, waited) =
                    conn.with_migration_lock(lock, self.lock_timeout, |conn| self.migrate_locked(conn))?;
                report.waited_for_lock = waited;
                report
            }
        };
        if let Some(expected) = &self.expected {
            let differences = (expected.drift)(conn, &expected.shared)?;
            if !differences.is_empty() {
                return Err(MigrateError::External(differences));
            }
        }
        report.elapsed = started.elapsed();
        event!(
            info,
            applied = report.applied.len(),
            already_applied = report.already_applied,
            elapsed = ?report.elapsed,
            waited_for_lock = ?report.waited_for_lock,
            "database is up to date"
        );
        Ok(report)
    }

    /// `Some` if every migration is applied with a recorded, matching checksum: read-only, no lock.
    /// `None` when there is anything to write or refuse, or the bookkeeping tables do not exist
    /// yet.
    fn up_to_date<C: Database>(&self, conn: &mut C) -> Result<Option<Report>, MigrateError> {
        // One round trip: what diesel's table says is applied, each with the ledger's checksum.
        // Either table missing fails the query: the locked path creates them.
        let Ok(rows) = conn.pairs(&ledger::select_applied_with_checksums()) else {
            return Ok(None);
        };
        let applied: Vec<String> = rows.iter().filter_map(|p| p.a.clone()).collect();
        let recorded: HashMap<String, String> = rows.into_iter().filter_map(|p| Some((p.a?, p.b?))).collect();
        if !self.refusals(&applied, &recorded, &[]).is_empty() {
            // A rewritten draft may be followed, or refused with advice of its own: that is
            // decided under the lock, with the whole ledger.
            return Ok(None);
        }
        let sets_complete = self.sets.iter().all(|set| sets::is_up_to_date(conn, set) == Some(true));
        let applied: HashSet<&str> = applied.iter().map(String::as_str).collect();
        let complete = sets_complete
            && self.migrations.iter().all(|f| {
                let version = f.version();
                applied.contains(version.as_str()) && recorded.contains_key(&version)
            });
        Ok(complete.then(|| Report {
            already_applied: self.migrations.len()
                + (self.sets.iter())
                    .filter_map(|set| set.for_dialect(C::DIALECT))
                    .map(Migrations::len)
                    .sum::<usize>(),
            ..Report::default()
        }))
    }

    /// Everything that happens under the lock: read the state again (another process may have
    /// just migrated), refuse what is unsafe, then apply what is pending.
    fn migrate_locked<C: Database>(&self, conn: &mut C) -> Result<Report, MigrateError> {
        session::with_default_quoting(conn, |conn| self.migrate_quoted(conn))
    }

    fn migrate_quoted<C: Database>(&self, conn: &mut C) -> Result<Report, MigrateError> {
        conn.setup()?;
        let prepared = ledger::prepare(conn)?;
        let fresh = prepared.fresh;
        let mut report = Report::default();
        let mut progress = statements::ProgressRows::new(prepared);
        if let Some(only) = self.only {
            let required = self.required_by(only);
            let waiting: Vec<Refusal> = (self.sets.iter())
                .filter(|set| required.contains(&set.name()))
                .filter_map(|set| sets::not_applied(conn, set).transpose())
                .map(|pending| {
                    pending.map(|(required, pending, first)| Refusal::RequiredSetPending {
                        set: only.to_string(),
                        required,
                        pending,
                        first,
                    })
                })
                .collect::<Result<_, _>>()?;
            if !waiting.is_empty() {
                return Err(MigrateError::Refused(waiting));
            }
        }
        for set in self.sets.iter().filter(|set| self.runs(set.name())) {
            sets::migrate(conn, set, self.allow_unknown_applied, &mut report, &mut progress)?;
        }
        if !self.runs(crate::APP_SET) {
            return Ok(report);
        }
        if self.follows_drafts() {
            drafts::follow(conn, self.migrations, &mut report)?;
        }
        let applied: Vec<String> = ledger::diesel_versions(conn)?;
        // A ledger created just now has no rows to read.
        let recorded: HashMap<String, String> = match fresh {
            true => HashMap::new(),
            false => (conn.pairs(&ledger::select_checksums())?.into_iter())
                .filter_map(|p| Some((p.a?, p.b?)))
                .collect(),
        };
        let drafts: Vec<String> = match fresh {
            true => Vec::new(),
            false => (conn.ledger_entries()?.into_iter())
                .filter(|e| e.draft != 0)
                .map(|e| e.version)
                .collect(),
        };
        let refusals = self.refusals(&applied, &recorded, &drafts);
        if !refusals.is_empty() {
            return Err(MigrateError::Refused(refusals));
        }

        for file in self.migrations.iter().filter(|f| applied.contains(&f.version())) {
            report.already_applied += 1;
            if !recorded.contains_key(&file.version()) {
                ledger::insert(conn, file, Scope::App)?;
                event!(
                    info,
                    migration = file.name(),
                    "recorded the checksum of a migration applied without one"
                );
                report.adopted.push(file.name().to_string());
            }
        }
        let newest_applied = applied.iter().max().cloned().unwrap_or_default();
        let pending: Vec<&MigrationFile> = (self.migrations.iter())
            .filter(|f| !applied.contains(&f.version()))
            .collect();
        for (position, file) in pending.iter().enumerate() {
            if file.version() < newest_applied {
                event!(
                    warn,
                    migration = file.name(),
                    "applying a migration older than the newest applied one (merged from another branch?)"
                );
            }
            let next = pending.get(position + 1).copied();
            report.applied.push(apply(conn, file, next, Scope::App, &mut progress)?);
        }
        Ok(report)
    }

    /// What makes migrating unsafe. `drafts`: the versions the ledger says were applied as
    /// drafts (a rewritten one gets advice of its own).
    fn refusals(&self, applied: &[String], recorded: &HashMap<String, String>, drafts: &[String]) -> Vec<Refusal> {
        let mut refusals = Vec::new();
        // Looked up once per applied migration: a map, not a scan of every file each time.
        let by_version: HashMap<String, &MigrationFile> = self.migrations.iter().map(|f| (f.version(), f)).collect();
        let newest_known = by_version.keys().max().cloned().unwrap_or_default();
        for version in applied {
            match by_version.get(version) {
                Some(file) => {
                    if let Some(checksum) = recorded.get(version) {
                        let current = file.checksum();
                        if *checksum != current && drafts.contains(version) {
                            refusals.push(Refusal::DraftRewritten {
                                name: file.name().to_string(),
                                sealed: !file.is_draft(),
                            });
                        } else if *checksum != current {
                            refusals.push(Refusal::Tampered {
                                name: file.name().to_string(),
                                recorded: checksum.clone(),
                                current,
                            });
                        }
                    }
                }
                None if *version > newest_known => {
                    if !self.allow_unknown_applied {
                        refusals.push(Refusal::Unknown {
                            version: version.clone(),
                            name: None,
                        });
                    } else {
                        event!(warn, %version, "the database has a migration this binary does not know; continuing as allowed");
                    }
                }
                None => refusals.push(Refusal::Missing {
                    version: version.clone(),
                    name: None,
                }),
            }
        }
        refusals
    }
}

/// Applies `file` of `scope`, timed: statement by statement where a transaction cannot hold it
/// (every MySQL migration, PostgreSQL's `run_in_transaction = false`), otherwise whole, in one
/// transaction with its record. `next`: the migration of the same set this run applies after it.
fn apply<C: Database>(
    conn: &mut C,
    file: &MigrationFile,
    next: Option<&MigrationFile>,
    scope: Scope<'_>,
    progress: &mut statements::ProgressRows,
) -> Result<Applied, MigrateError> {
    let name = scope.name(file.name());
    let started = Instant::now();
    event!(info, migration = %name, "applying");
    let statement_by_statement = match C::DIALECT {
        // The whole run is one transaction already.
        Dialect::Sqlite => false,
        // DDL commits implicitly on MySQL: a transaction cannot make a migration atomic, so
        // progress is kept per statement.
        Dialect::Mysql => true,
        Dialect::Postgres => !file.run_in_transaction(),
    };
    let result = if statement_by_statement {
        statements::apply(conn, file, next, scope, progress)
    } else {
        // A migration that gave up waiting for a lock (generated PostgreSQL migrations set
        // `lock_timeout`, so that they never queue behind a long query while blocking everything
        // queued behind them) is retried a few times with a growing pause.
        retrying(file, None, || apply_whole(conn, file, scope, &name))
    };
    #[cfg(feature = "tracing")]
    if let Err(error) = &result {
        event!(error, migration = %name, %error, "failed");
    }
    result?;
    let duration = started.elapsed();
    event!(info, migration = %name, ?duration, "applied");
    Ok(Applied { name, duration })
}

/// The migration's SQL and its record in one transaction: what diesel's `run_migration` does (the
/// SQL, then its row), inside this transaction rather than in a savepoint of its own.
fn apply_whole<C: Database>(
    conn: &mut C,
    file: &MigrationFile,
    scope: Scope<'_>,
    name: &str,
) -> Result<(), MigrateError> {
    conn.transaction(|conn| {
        conn.batch_execute(file.up()).map_err(|e| MigrateError::Failed {
            name: name.to_string(),
            statement: None,
            message: e.to_string(),
        })?;
        Ok(conn.batch_execute(&ledger::applied(C::DIALECT, file, scope).join(";\n"))?)
    })
}

impl Migrator<'_> {
    /// Reverts the newest applied migration of the [`only`](Migrator::only) set (or every one
    /// newer than `to`), under the migration lock, with the down SQL it was applied with; the
    /// names reverted. Without `only`, the set is the one set that has applied migrations, and
    /// several are refused as ambiguous (naming each one's newest).
    ///
    /// Refused, before anything is reverted, when a set that requires this one (a group its
    /// core, the application's own set every library's) has a migration applied after one being
    /// reverted, or in the same second: it may use what the revert takes away.
    pub fn revert<C: Database>(&self, url: &str, to: Option<&str>) -> Result<Vec<String>, MigrateError> {
        sets::check_order(&self.sets)?;
        self.check_only()?;
        let mut conn = C::establish(url).map_err(|e| MigrateError::Connect(e.to_string()))?;
        let (reverted, _waited) = conn.with_migration_lock(LockOn::Dedicated(url), self.lock_timeout, |conn| {
            session::with_default_quoting(conn, |conn| self.revert_locked(conn, to))
        })?;
        Ok(reverted)
    }

    fn revert_locked<C: Database>(&self, conn: &mut C, to: Option<&str>) -> Result<Vec<String>, MigrateError> {
        let set = match self.only {
            Some(only) => only,
            None => match self.sets_with_applied(conn)?.as_slice() {
                [] => crate::APP_SET,
                [(one, _)] => one,
                several => {
                    return Err(MigrateError::ChooseSet(
                        several.iter().map(|(set, newest)| format!("{set}: {newest}")).collect(),
                    ))
                }
            },
        };
        let migrations = match set {
            crate::APP_SET => self.migrations,
            name => {
                let found = self
                    .sets
                    .iter()
                    .find(|s| s.name() == name)
                    .expect("checked by check_only");
                sets::migrations_for::<C>(found)?
            }
        };
        let reverts = crate::history::plan_revert(conn, Scope::of(set), migrations, to)?;
        let Some(oldest) = reverts.iter().filter_map(|r| r.run_on.clone()).min() else {
            return crate::history::run_reverts(conn, reverts);
        };
        let mut refusals = Vec::new();
        for dependent in self.dependents_of(set) {
            let later = crate::history::applied_in_set(conn, dependent)?
                .into_iter()
                .rev()
                .find(|a| a.run_on.as_deref().is_some_and(|at| at >= oldest.as_str()));
            if let Some(later) = later {
                refusals.push(Refusal::NeededByLaterSet {
                    set: set.to_string(),
                    dependent: dependent.to_string(),
                    migration: later.name.unwrap_or(later.version),
                });
            }
        }
        if !refusals.is_empty() {
            return Err(MigrateError::RevertRefused(refusals));
        }
        crate::history::run_reverts(conn, reverts)
    }

    /// The sets that have applied migrations, in order, each with its newest one's name.
    fn sets_with_applied<C: Database>(&self, conn: &mut C) -> Result<Vec<(&str, String)>, MigrateError> {
        let mut found = Vec::new();
        for set in self.set_names() {
            if let Some(newest) = crate::history::applied_in_set(conn, set)?.pop() {
                found.push((set, newest.name.unwrap_or(newest.version)));
            }
        }
        Ok(found)
    }
}

/// Runs `attempt` again, up to five more times with a doubling pause from 0.5 s, while it fails
/// with an error [`retryable`] says is safe to try again. (`file` and `statement` name what is
/// retried in the event, the only use of them.)
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn retrying(
    file: &MigrationFile,
    statement: Option<usize>,
    mut attempt: impl FnMut() -> Result<(), MigrateError>,
) -> Result<(), MigrateError> {
    let mut pause = Duration::from_millis(500);
    for tries in 1.. {
        match attempt() {
            Err(MigrateError::Failed { message, .. }) if tries < 6 && retryable(&message) => {
                let statement = statement.map(|i| i + 1);
                event!(
                    warn,
                    migration = file.name(),
                    ?statement,
                    attempt = tries,
                    ?pause,
                    "a lock did not come in time, or a deadlock; retrying after: {message}"
                );
                std::thread::sleep(pause);
                pause *= 2;
            }
            other => return other,
        }
    }
    unreachable!("the loop returns")
}

/// Errors after which the database rolled the statement or transaction back and trying again is
/// safe: a lock that did not come within the migration's timeout (PostgreSQL `lock_timeout`,
/// MySQL `lock_wait_timeout`), or a deadlock with the application's writes.
fn retryable(message: &str) -> bool {
    [
        "lock timeout",
        "deadlock detected",
        "Lock wait timeout exceeded",
        "Deadlock found",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// Records the current checksum of an applied migration whose file was edited on purpose.
pub fn restamp<C: Database>(conn: &mut C, migrations: &Migrations, version: &str) -> Result<String, MigrateError> {
    let file = migrations.by_version(version).ok_or_else(|| {
        MigrateError::Database(format!("no migration with version {version} in the migrations folder"))
    })?;
    ledger::prepare(conn)?;
    conn.transaction(|conn| {
        conn.batch_execute(&ledger::forget(C::DIALECT, version))?;
        ledger::insert(conn, file, Scope::App)
    })?;
    Ok(file.checksum())
}

/// Records every migration of `migrations` as applied without running it: the baseline of a
/// database that already holds what they create (adopting an existing database). Refused when
/// the database has any migration applied already. Callers check first that the database holds
/// what the migrations create (`tablewright migrate baseline` compares it with the schema).
pub fn baseline<C: Database>(conn: &mut C, migrations: &Migrations) -> Result<Vec<String>, MigrateError> {
    let applied = crate::applied_migrations(conn)?;
    if let Some(first) = applied.first() {
        return Err(MigrateError::Database(format!(
            "the database already has {} migration(s) applied (the first: {}); a baseline is recorded only on a database no migration ran on",
            applied.len(),
            first.version
        )));
    }
    conn.transaction(|conn| {
        let mut recorded = Vec::new();
        for file in migrations.iter() {
            ledger::insert(conn, file, Scope::App)?;
            conn.batch_execute(&ledger::record_in_diesel(C::DIALECT, &file.version()))?;
            recorded.push(file.name().to_string());
        }
        Ok(recorded)
    })
}
