//! Views and materialized views: what changed between two schemas, placed around the tables'
//! steps once those are planned (see [`place`]).
//!
//! - Views are created at the end of the main migration, after the tables and functions they
//!   read, each after the views it reads; they are dropped at its start, each before the views
//!   it reads.
//! - A new query is `CREATE OR REPLACE VIEW` where the database allows it (PostgreSQL: the old
//!   output columns stay the leading ones; MySQL: always; SQLite: never), its down putting the
//!   old query back; otherwise the view is dropped and created again, as is every view that reads
//!   it. A materialized view's new query, or its `with_data`, always drops and creates it.
//! - A rename is `ALTER [MATERIALIZED] VIEW ... RENAME TO` (MySQL: `RENAME TABLE`; SQLite has
//!   none: dropped and created under the new name).
//! - A table change the database refuses under a view, or that would leave the view reading
//!   what is gone (a column retyped or dropped, a table rebuilt, a table or column renamed),
//!   drops the views reading that table (and the views reading those) at the start of the
//!   migration making the change and creates them again at its end, so the application sees
//!   them again as the migration commits.
//!
//! Every step has its exact inverse: a view dropped is created again with its old definition,
//! comment and indexes.

use std::collections::BTreeSet;

use crate::dialect::Dialect;
use crate::model::{in_dependency_order, Index, Schema, View};

use super::step::{Change, Subject, Verb};
use super::{Step, TypeStep, Unit, UnitKind};

/// One change to a view.
// A plan holds a handful of these, built once: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ViewStep {
    /// The view with its comment and (materialized) indexes. `again`: dropped before by the same
    /// migration, to be created again (not named as a change of its own).
    Create {
        view: View,
        again: bool,
    },
    Drop {
        view: View,
        again: bool,
    },
    /// `CREATE OR REPLACE VIEW`: a new query under the same output columns; the inverse puts
    /// `before` back.
    Replace {
        view: View,
        before: View,
    },
    /// Renamed from `from` to `view.name`.
    Rename {
        view: View,
        from: String,
    },
    Comment {
        view: View,
        before: Option<String>,
    },
}

impl ViewStep {
    pub fn inverse(&self) -> ViewStep {
        use ViewStep::*;
        match self.clone() {
            Create { view, again } => Drop { view, again },
            Drop { view, again } => Create { view, again },
            Replace { view, before } => Replace {
                view: before,
                before: view,
            },
            Rename { mut view, from } => {
                let to = std::mem::replace(&mut view.name, from);
                Rename { view, from: to }
            }
            Comment { mut view, before } => {
                let now = std::mem::replace(&mut view.comment, before);
                Comment { view, before: now }
            }
        }
    }

    /// The view's name (after the step).
    pub fn object(&self) -> &str {
        use ViewStep::*;
        match self {
            Create { view, .. }
            | Drop { view, .. }
            | Replace { view, .. }
            | Rename { view, .. }
            | Comment { view, .. } => &view.name,
        }
    }

    pub fn summary(&self) -> String {
        use ViewStep::*;
        match self {
            Create { view, again: false } => format!("create {} {}", view.kind(), view.name),
            Create { view, again: true } => format!("create {} {} again", view.kind(), view.name),
            Drop { view, again: false } => format!("drop {} {}", view.kind(), view.name),
            Drop { view, again: true } => format!("drop {} {} (created again after)", view.kind(), view.name),
            Replace { view, .. } => format!("replace the query of view {}", view.name),
            Rename { view, from } => format!("rename {} {from} to {}", view.kind(), view.name),
            Comment { view, .. } => format!("comment on {} {}", view.kind(), view.name),
        }
    }

    /// What the step changes, for the migration's name: a view is named like a table.
    pub fn changes(&self) -> Vec<Change> {
        use ViewStep::*;
        let change = |verb: Verb, from: Option<String>| {
            vec![Change {
                table: self.object().to_string(),
                subject: Subject::Table { from },
                verb,
            }]
        };
        match self {
            Create { again: true, .. } | Drop { again: true, .. } => vec![],
            Create { .. } => change(Verb::Add, None),
            Drop { .. } => change(Verb::Drop, None),
            Replace { .. } => change(Verb::Change, None),
            Rename { from, .. } => change(Verb::Rename, Some(from.clone())),
            Comment { .. } => change(Verb::Comment, None),
        }
    }
}

/// The tables (and functions) whose change in `steps` a view reading them cannot stay through:
/// PostgreSQL refuses to retype or drop a column a view uses, or a function it calls, SQLite to
/// rename a table into the place of one a view reads, and a view must not be put back (by a
/// down) reading names a rename took away. Both names of a renamed table or function.
fn breaking(steps: &[Step]) -> BTreeSet<String> {
    let mut tables = BTreeSet::new();
    for step in steps {
        match step {
            Step::AlterType { table, .. }
            | Step::DropColumn { table, .. }
            | Step::RenameColumn { table, .. }
            | Step::SwapRetyped { table, .. }
            | Step::UnswapRetyped { table, .. } => {
                tables.insert(table.clone());
            }
            Step::DropTable { table } => {
                tables.insert(table.name.clone());
            }
            Step::RebuildTable { before, after, .. } => {
                tables.insert(before.name.clone());
                tables.insert(after.name.clone());
            }
            Step::RenameTable { from, to } => {
                tables.insert(from.clone());
                tables.insert(to.clone());
            }
            Step::Type(TypeStep::RebuildEnum { users, .. }) => {
                tables.extend(users.iter().map(|u| u.table.clone()));
            }
            // A function a view calls cannot be dropped under it (to be created again with a new
            // result type); a renamed one is named anew by the view's query.
            Step::DropFunction { function } => {
                tables.insert(function.name.clone());
            }
            Step::RenameFunction { function, from } => {
                tables.insert(from.clone());
                tables.insert(function.name.clone());
            }
            _ => {}
        }
    }
    tables
}

/// `views` reading any of `names`, and the views reading those, to the end.
fn readers<'v>(views: &'v [View], names: &BTreeSet<String>) -> Vec<&'v View> {
    let mut gone: BTreeSet<String> = names.clone();
    let mut found: Vec<&View> = Vec::new();
    loop {
        let more: Vec<&View> = views
            .iter()
            .filter(|v| !found.iter().any(|f| f.name == v.name))
            .filter(|v| v.reads().iter().any(|r| gone.contains(r) && *r != v.name))
            .collect();
        if more.is_empty() {
            return found;
        }
        gone.extend(more.iter().map(|v| v.name.clone()));
        found.extend(more);
    }
}

/// The old view `new` continues: of the same name, or the one it was renamed from; of the same
/// kind (a view that becomes materialized is another object).
fn old_view_for<'a>(old: &'a Schema, new: &View) -> Option<&'a View> {
    let same_kind = |v: &&View| v.materialized == new.materialized;
    old.view(&new.name)
        .filter(same_kind)
        .or_else(|| old.view(new.renamed_from.as_deref()?).filter(same_kind))
}

/// What the database compares when it keeps a view: its query, column names and filling.
fn same_query(a: &View, b: &View) -> bool {
    a.query == b.query && a.columns == b.columns && a.with_data == b.with_data
}

/// Whether the view is the same after as before (dropped and created again only for what it
/// reads).
fn unchanged(before: &View, after: &View) -> bool {
    before.name == after.name && same_query(before, after)
}

fn create(view: &View, again: bool) -> Step {
    Step::View(ViewStep::Create {
        view: view.definition(),
        again,
    })
}

fn drop(view: &View, again: bool) -> Step {
    Step::View(ViewStep::Drop {
        view: view.definition(),
        again,
    })
}

/// Adds the views' steps to `units`, the tables' migrations from `old` to `new` (see the
/// module's documentation).
pub(super) fn place(units: &mut [Unit], old: &Schema, new: &Schema, dialect: Dialect) {
    let Some(main) = units.iter().position(|u| u.kind == UnitKind::Main) else {
        return;
    };
    // The main migration: every change of definition, and the views its table changes break.
    let broken_tables = breaking(&units[main].steps);
    let continued: Vec<(&View, &View)> = new
        .views
        .iter()
        .filter_map(|v| old_view_for(old, v).map(|before| (before, v)))
        .collect();
    let after_of = |before: &View| continued.iter().find(|(b, _)| b.name == before.name).map(|(_, a)| *a);
    // Old views that cannot stay as they are: removed, or changed in a way only a new view makes.
    let mut gone: BTreeSet<String> = BTreeSet::new();
    for before in &old.views {
        let stays = match after_of(before) {
            None => false,
            Some(after) => {
                let renamed = before.name != after.name;
                let replaceable = match dialect {
                    Dialect::Postgres => before.replaceable_by(after),
                    Dialect::Mysql => !before.materialized && before.with_data == after.with_data,
                    Dialect::Sqlite => false,
                };
                let renames_in_place = dialect != Dialect::Sqlite || !renamed;
                let reads_broken = before.reads().iter().any(|r| broken_tables.contains(r));
                renames_in_place && !reads_broken && (same_query(before, after) || replaceable)
            }
        };
        if !stays {
            gone.insert(before.name.clone());
        }
    }
    // A view reading a view renamed here names it anew: put back by a down before the rename
    // is, its old query would read a name not there yet.
    let renamed: BTreeSet<String> = continued
        .iter()
        .filter(|(before, after)| before.name != after.name)
        .map(|(before, _)| before.name.clone())
        .collect();
    for before in &old.views {
        if before.reads().iter().any(|r| renamed.contains(r) && *r != before.name) {
            gone.insert(before.name.clone());
        }
    }
    let dependents: Vec<String> = readers(&old.views, &gone).iter().map(|v| v.name.clone()).collect();
    gone.extend(dependents);

    let mut first: Vec<Step> = Vec::new();
    let mut last: Vec<Step> = Vec::new();
    let dropped: Vec<&View> = old.views.iter().filter(|v| gone.contains(&v.name)).collect();
    for view in in_dependency_order(&dropped).into_iter().rev() {
        first.push(drop(view, after_of(view).is_some_and(|after| unchanged(view, after))));
    }
    let mut defined: Vec<&View> = Vec::new();
    for view in &new.views {
        match old_view_for(old, view) {
            Some(before) if !gone.contains(&before.name) => {
                if before.name != view.name {
                    first.push(Step::View(ViewStep::Rename {
                        view: before.definition().renamed(&view.name),
                        from: before.name.clone(),
                    }));
                }
                let before = before.definition().renamed(&view.name);
                // Indexes of a materialized view that stays: by name, a changed one dropped and
                // created again.
                for index in &before.indexes {
                    if !view.indexes.contains(index) {
                        first.push(index_step(&view.name, index, false));
                    }
                }
                for index in &view.indexes {
                    if !before.indexes.contains(index) {
                        last.push(index_step(&view.name, index, true));
                    }
                }
                if !same_query(&before, view) {
                    defined.push(view);
                }
                if before.comment != view.comment && dialect == Dialect::Postgres {
                    last.push(Step::View(ViewStep::Comment {
                        view: view.definition(),
                        before: before.comment.clone(),
                    }));
                }
            }
            _ => defined.push(view),
        }
    }
    let mut definitions: Vec<Step> = Vec::new();
    for view in in_dependency_order(&defined) {
        definitions.push(match old_view_for(old, view) {
            Some(before) if !gone.contains(&before.name) => Step::View(ViewStep::Replace {
                view: view.definition(),
                before: before.definition().renamed(&view.name),
            }),
            before => create(view, before.is_some_and(|before| unchanged(before, view))),
        });
    }
    // Index changes come after the views are defined again.
    definitions.append(&mut last);
    let steps = &mut units[main].steps;
    steps.splice(0..0, first);
    let reading_views = take_functions_reading(steps, &defined);
    steps.extend(definitions);
    steps.extend(reading_views);

    // The other migrations (a type change's swap): the views as they are after the main one,
    // dropped and created again around the changes they cannot stay through.
    for (at, unit) in units.iter_mut().enumerate() {
        if at == main {
            continue;
        }
        let broken = breaking(&unit.steps);
        if broken.is_empty() {
            continue;
        }
        let around = readers(&new.views, &broken);
        if around.is_empty() {
            continue;
        }
        let ordered = in_dependency_order(&around);
        let drops: Vec<Step> = ordered.iter().rev().map(|v| drop(v, true)).collect();
        unit.steps.splice(0..0, drops);
        unit.steps.extend(ordered.iter().map(|v| create(v, true)));
    }
}

/// The SQL functions created or given a new body in `steps` whose body reads one of the views
/// `defined` here, taken out to follow the views: PostgreSQL checks a SQL function's body when it
/// creates it, so the view must exist first. A function one of these views calls stays where it
/// is (before the views).
fn take_functions_reading(steps: &mut Vec<Step>, defined: &[&View]) -> Vec<Step> {
    let reads_defined_view = |function: &crate::model::Function| {
        function.language.eq_ignore_ascii_case("sql")
            && defined.iter().any(|view| names(&function.body, &view.name))
            && !defined.iter().any(|view| function.is_called_in(&view.query))
    };
    let (taken, kept): (Vec<Step>, Vec<Step>) = std::mem::take(steps).into_iter().partition(|step| match step {
        Step::CreateFunction { function } | Step::ReplaceFunction { function, .. } => reads_defined_view(function),
        _ => false,
    });
    *steps = kept;
    taken
}

/// Whether `sql` names `name`: a word of its code equal to it but for case, or a quoted name
/// equal to it (strings and comments aside).
fn names(sql: &str, name: &str) -> bool {
    use crate::sql::lex::{tokens, Kind};
    tokens(sql, Dialect::Postgres).iter().any(|token| {
        let text = &sql[token.start..token.end];
        match token.kind {
            Kind::Identifier => text.trim_matches('"') == name,
            Kind::Code => text
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .any(|word| word.eq_ignore_ascii_case(name)),
            Kind::String | Kind::Comment => false,
        }
    })
}

fn index_step(view: &str, index: &Index, create: bool) -> Step {
    if create {
        Step::CreateIndex {
            table: view.to_string(),
            index: index.clone(),
            concurrently: false,
        }
    } else {
        Step::DropIndex {
            table: view.to_string(),
            index: index.clone(),
            concurrently: false,
        }
    }
}

impl View {
    fn renamed(mut self, name: &str) -> View {
        self.name = name.to_string();
        self
    }
}

#[cfg(test)]
mod tests;
