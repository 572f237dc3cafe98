//! Comments of keys, constraints and indexes whose comment alone changed. One created anew
//! carries its comment (see `render::constraint_comments`), and one renamed keeps it
//! (PostgreSQL attaches comments to the object, not its name). Only PostgreSQL stores them.

use super::{Planner, Step};
use crate::model::Table;

/// `(name, is an index, comment)` of everything of `table` that can have a comment.
pub(super) fn commentables(table: &Table) -> Vec<(&str, bool, Option<&str>)> {
    let mut out = Vec::new();
    if let Some(pk) = &table.primary_key {
        out.push((pk.name.as_str(), false, pk.comment.as_deref()));
    }
    out.extend(
        table
            .uniques
            .iter()
            .map(|u| (u.name.as_str(), false, u.comment.as_deref())),
    );
    out.extend(
        table
            .checks
            .iter()
            .map(|c| (c.name.as_str(), false, c.comment.as_deref())),
    );
    out.extend(
        table
            .foreign_keys
            .iter()
            .map(|f| (f.name.as_str(), false, f.comment.as_deref())),
    );
    out.extend(
        table
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), true, i.comment.as_deref())),
    );
    out.extend(
        table
            .exclusions
            .iter()
            .map(|x| (x.name.as_str(), false, x.comment.as_deref())),
    );
    out
}

impl Planner<'_> {
    fn all_steps(&self) -> impl Iterator<Item = &Step> {
        let main = &self.main;
        [
            &main.verify,
            &main.tables,
            &main.columns,
            &main.constraints,
            &main.indexes,
            &main.triggers,
            &main.comments,
            &main.security,
            &main.last,
            &main.drops,
            &self.backfill,
            &self.validate,
            &self.indexes,
            &self.attach,
            &self.swap,
        ]
        .into_iter()
        .flatten()
        .chain(self.exclusion_units.iter().flatten())
    }

    /// Once the table's other steps are planned: a comment step for each constraint or index
    /// that stays (under its name, or renamed) and whose comment changed.
    pub(super) fn constraint_comments(&mut self, old: &Table, new: &Table) {
        if !self.postgres() {
            return;
        }
        // Names are unique in the whole schema (`duplicate-name`), so a step is found by name.
        let mut created = Vec::new();
        let mut renamed = Vec::new();
        for step in self.all_steps() {
            match step {
                Step::AddUnique { unique, .. } | Step::AttachUnique { unique, .. } => created.push(unique.name.clone()),
                Step::AddCheck { check, .. } => created.push(check.name.clone()),
                Step::AddForeignKey { foreign_key, .. } => created.push(foreign_key.name.clone()),
                Step::AddColumn {
                    foreign_key: Some(fk), ..
                } => created.push(fk.name.clone()),
                Step::ChangePrimaryKey { after, .. } => created.push(after.name.clone()),
                Step::CreateIndex { index, .. } => created.push(index.name.clone()),
                Step::AddExclusion { exclusion, .. } => created.push(exclusion.name.clone()),
                Step::RenameConstraint { from, to, .. } | Step::RenameIndex { from, to, .. } => {
                    renamed.push((to.clone(), from.clone()))
                }
                _ => {}
            }
        }
        let before = commentables(old);
        let mut steps = Vec::new();
        for (name, index, comment) in commentables(new) {
            if created.iter().any(|c| c == name) {
                continue;
            }
            let old_name = renamed
                .iter()
                .find(|(to, _)| to == name)
                .map_or(name, |(_, from)| from.as_str());
            let Some((_, _, was)) = before.iter().find(|(n, i, _)| *n == old_name && *i == index) else {
                continue; // created by another step, with its comment
            };
            if *was != comment {
                steps.push(Step::CommentConstraint {
                    table: new.name.clone(),
                    name: name.to_string(),
                    index,
                    comment: comment.map(str::to_string),
                    before: was.map(str::to_string),
                });
            }
        }
        self.main.comments.extend(steps);
    }
}
