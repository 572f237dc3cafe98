//! From "what the schema was" (the snapshot recorded with the last migration) and "what it is
//! now" to migrations: ordered steps, each with its exact inverse.
//!
//! Steps follow the seeds' sequencing: tables and columns, then constraints, indexes, triggers,
//! comments, and row-level security last. On PostgreSQL, changes to existing tables are planned
//! so that no step holds a lock that blocks writers for long: constraints are added `NOT VALID`
//! and validated in a later migration, NOT NULL goes through a validated check, NULLs are filled
//! in batches that commit, and indexes are built `CONCURRENTLY`, each in a migration of its own.
//! Tables created by the same migration need none of this and stay plain.
//!
//! Renames are declared (`renamed_from`), never guessed. Dropping is two declared steps
//! (`dropped`, then `purged`) so data is never lost by accident. Anything this version cannot
//! plan safely is refused with a diagnostic that says why and what to do.

mod follow_up;
mod planner;
mod retype;
mod step;

use std::collections::BTreeSet;

pub use follow_up::follow_up;
pub use planner::plan;
pub use step::{Fill, Step};

/// What a migration of a plan is for; each becomes one migration folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// Everything that runs in one transaction.
    Main,
    /// Filling one column of existing rows, in batches that commit (outside a transaction).
    Backfill,
    /// Validating constraints added `NOT VALID`, after those were committed.
    Validate,
    /// One index built or dropped concurrently (outside a transaction).
    Index,
    /// Unique constraints taking over the unique indexes built concurrently before.
    Attach,
    /// Type changes: new columns, filled and indexed by the migrations before, take the place of
    /// the old ones.
    Swap,
}

/// The steps of one migration.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub kind: UnitKind,
    pub steps: Vec<Step>,
}

impl Unit {
    pub fn run_in_transaction(&self) -> bool {
        matches!(
            self.kind,
            UnitKind::Main | UnitKind::Validate | UnitKind::Attach | UnitKind::Swap
        )
    }

    /// What goes after the main migration's folder name, e.g. `validate`.
    pub fn suffix(&self) -> Option<String> {
        match &self.kind {
            UnitKind::Main => None,
            UnitKind::Backfill => Some(match self.steps.first() {
                Some(Step::Backfill { column, .. }) => format!("backfill_{column}"),
                _ => "backfill".into(),
            }),
            UnitKind::Validate => Some("validate".into()),
            UnitKind::Attach => Some("unique".into()),
            UnitKind::Swap => Some("swap".into()),
            UnitKind::Index => self.steps.first().map(|s| match s {
                Step::CreateIndex { index, .. } => format!("create_{}", index.name),
                Step::DropIndex { index, .. } => format!("drop_{}", index.name),
                other => other.table_name().to_string(),
            }),
        }
    }
}

/// The migrations that take the schema from one state to the next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub units: Vec<Unit>,
    /// Tables created by this plan: their down is `DROP TABLE`, which takes their indexes,
    /// constraints, comments and policies with it.
    pub created: BTreeSet<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.units.iter().all(|u| u.steps.is_empty())
    }

    /// Every step, in the order the migrations run them.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.units.iter().flat_map(|u| u.steps.iter())
    }

    /// The inverse steps of one unit, in reverse order, leaving out what dropping a created
    /// table already removes (trigger functions outlive their table, and foreign keys that closed
    /// a cycle must go before either table can). Foreign keys are dropped first: MySQL refuses to
    /// drop an index a foreign key still uses.
    pub fn down_steps(&self, unit: &Unit) -> Vec<Step> {
        let mut steps: Vec<Step> = unit
            .steps
            .iter()
            .rev()
            .filter(|step| {
                !self.created.contains(step.table_name())
                    || matches!(
                        step,
                        Step::CreateTable { .. } | Step::CreateUpdateTrigger { .. } | Step::AddForeignKey { .. }
                    )
            })
            .filter_map(Step::inverse)
            .collect();
        steps.sort_by_key(|step| !matches!(step, Step::DropForeignKey { .. }));
        steps
    }

    /// What the migrations do, a line per table created and per change to an existing table.
    pub fn headline(&self) -> Vec<String> {
        self.units.iter().flat_map(|u| self.headline_of(u)).collect()
    }

    /// The headline of one unit.
    pub fn headline_of(&self, unit: &Unit) -> Vec<String> {
        unit.steps
            .iter()
            .filter(|s| matches!(s, Step::CreateTable { .. }) || !self.created.contains(s.table_name()))
            .map(Step::summary)
            .collect()
    }

    /// A short name for the migration folder: `create_lots`, `change_lots`, ...
    pub fn slug(&self) -> String {
        let created: Vec<&str> = self.created.iter().map(String::as_str).collect();
        let all_touched: BTreeSet<&str> = self
            .steps()
            .map(Step::table_name)
            .filter(|t| !self.created.contains(*t))
            .collect();
        // The kept values of a narrowing are named only when nothing else is touched.
        let mut touched: BTreeSet<&str> = all_touched
            .iter()
            .copied()
            .filter(|t| !crate::model::is_narrowing_backup(t))
            .collect();
        if touched.is_empty() {
            touched = all_touched;
        }
        let list = |verb: &str, names: Vec<&str>| match names.len() {
            0 => None,
            1 | 2 => Some(format!("{verb}_{}", names.join("_"))),
            n => Some(format!("{verb}_{n}_tables")),
        };
        let parts: Vec<String> = [list("create", created), list("change", touched.into_iter().collect())]
            .into_iter()
            .flatten()
            .collect();
        let mut slug = parts.join("_and_");
        if slug.len() > 60 {
            let cut = slug[..60].rfind('_').unwrap_or(60);
            slug.truncate(cut);
            slug.push_str("_etc");
        }
        if slug.is_empty() {
            "schema".into()
        } else {
            slug
        }
    }
}
