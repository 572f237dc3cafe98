//! Exclusion constraints (PostgreSQL; the checks refuse them elsewhere). A new table gets them
//! with it. On a table that exists, PostgreSQL builds the constraint's index and checks every
//! pair of rows while holding ACCESS EXCLUSIVE: there is no `CONCURRENTLY`, `NOT VALID` or
//! `USING INDEX` way to add one. So each is added in a migration of its own (with the lock
//! timeout every migration takes, so it waits at most that long for the lock), whose header
//! says that reads and writes wait for the build. A changed one is dropped and added again in
//! that migration, in one transaction (so no moment goes unchecked); a removed one is dropped
//! with the table's other drops. A renamed column is followed without a change (PostgreSQL
//! renames it inside the constraint).

use super::{ColumnMap, Planner, Step};
use crate::model::Table;

impl Planner<'_> {
    pub(super) fn new_table_exclusions(&mut self, table: &Table) {
        if !self.postgres() {
            return; // refused by the checks
        }
        for exclusion in &table.exclusions {
            self.main.constraints.push(Step::AddExclusion {
                table: table.name.clone(),
                exclusion: exclusion.clone(),
                locks_existing: false,
            });
        }
    }

    pub(super) fn exclusions(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        if !self.postgres() {
            return;
        }
        let new_name = |old_column: &str| {
            map.renamed
                .iter()
                .find(|(_, o)| *o == old_column)
                .map(|(new, _)| new.clone())
        };
        for was in &old.exclusions {
            if !new.exclusions.iter().any(|now| now.name == was.name) {
                // Before the table or its columns are renamed: under the old names.
                self.main.drops.push(Step::DropExclusion {
                    table: old.name.clone(),
                    exclusion: was.clone(),
                });
            }
        }
        for now in &new.exclusions {
            let mut steps = Vec::new();
            match old.exclusions.iter().find(|was| was.name == now.name) {
                Some(was) if now.same_constraint(&was.renamed(new_name)) => continue,
                // After the renames of the main migration: as the old one is called by then.
                Some(was) => steps.push(Step::DropExclusion {
                    table: new.name.clone(),
                    exclusion: was.renamed(new_name),
                }),
                None => {}
            }
            steps.push(Step::AddExclusion {
                table: new.name.clone(),
                exclusion: now.clone(),
                locks_existing: true,
            });
            self.exclusion_units.push(steps);
        }
    }
}
