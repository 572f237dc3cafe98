//! PostgreSQL's auto-incrementing columns: their kind (identity `BY DEFAULT` or `ALWAYS`, or a
//! sequence default) and their sequence's name and options, changed in place. A sequence named
//! after its table and column (`<table>_<column>_seq`, the default) follows renames of either,
//! and a table dropped (renamed away) takes its sequences' names with it, so that a new table can
//! take the old name with its own. MySQL and SQLite have no sequence: nothing to plan there (the
//! checks refuse what they cannot honour).

use super::{Planner, Step};
use crate::model::{AutoIncrement, Column, Sequence, SequenceFacts, Table};

/// The column with its sequence's name filled in, as the steps carry it.
fn named(column: &Column, table: &str) -> Column {
    let mut column = column.clone();
    let name = column.sequence_name(table);
    column.sequence = Some(Sequence {
        name: Some(name),
        ..column.sequence.unwrap_or_default()
    });
    column
}

/// Whether only the sequence's name differs between the two (named) columns.
pub(crate) fn renamed_only(before: &Column, after: &Column) -> bool {
    let strip = |c: &Column| c.sequence.clone().map(|s| Sequence { name: None, ..s });
    before.auto_increment == after.auto_increment && before.ty == after.ty && strip(before) == strip(after)
}

/// The step's line in the migration's header.
pub(crate) fn summary(table: &str, before: &Column, after: &Column) -> String {
    let name = |c: &Column| c.sequence_name(table);
    if renamed_only(before, after) {
        return format!("rename sequence {} to {}", name(before), name(after));
    }
    let kind = |c: &Column| match c.auto_increment {
        AutoIncrement::Identity => "an identity column (BY DEFAULT)",
        AutoIncrement::Always => "an identity column (ALWAYS)",
        AutoIncrement::Sequence => "a sequence default",
    };
    if before.auto_increment != after.auto_increment {
        format!("make {table}.{} {}, keeping its next value", after.name, kind(after))
    } else {
        format!("change the sequence options of {table}.{}", after.name)
    }
}

impl Planner<'_> {
    /// An auto-incrementing column that stays so: its kind, sequence name or options changed.
    pub(super) fn sequence_change(&mut self, old: &Table, new: &Table, before: &Column, after: &Column) {
        if !self.postgres() || !before.ty.is_serial() || !after.ty.is_serial() {
            return;
        }
        if before.native_types.contains_key(&self.dialect) || after.native_types.contains_key(&self.dialect) {
            return;
        }
        let (before, after) = (named(before, &old.name), named(after, &new.name));
        let facts_after = after.sequence_facts(&new.name).expect("a serial column");
        // What `before` gives, for the type the column has now: a type change (planned before
        // this) makes PostgreSQL adjust an identity's sequence and its default bounds itself.
        let facts_before = SequenceFacts::of(
            after.ty,
            before.auto_increment,
            before.sequence.as_ref(),
            before.sequence_name(&old.name),
        );
        // A sequence default's sequence keeps its own type through a type change.
        let sequence_retyped = before.auto_increment == AutoIncrement::Sequence
            && after.auto_increment == AutoIncrement::Sequence
            && before.sequence_facts(&old.name).map(|f| f.data_type) != Some(facts_after.data_type);
        if before.auto_increment == after.auto_increment && facts_before == facts_after && !sequence_retyped {
            return;
        }
        let mut before = before;
        // The step works on the column under its new name (a rename came first).
        before.name = after.name.clone();
        self.main.columns.push(Step::AlterSequence {
            table: new.name.clone(),
            before,
            after,
        });
    }

    /// A table renamed away (dropped): its default-named sequences follow its new name.
    pub(super) fn sequences_follow_table(&mut self, old: &Table, to: &str) {
        if !self.postgres() {
            return;
        }
        for column in old.live_columns().filter(|c| c.ty.is_serial()) {
            if column.native_types.contains_key(&self.dialect) {
                continue;
            }
            let (before, after) = (named(column, &old.name), named(column, to));
            if before.sequence_name(&old.name) != after.sequence_name(to) {
                self.main.tables.push(Step::AlterSequence {
                    table: to.to_string(),
                    before,
                    after,
                });
            }
        }
    }
}
