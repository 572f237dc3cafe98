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

mod composites;
mod follow_up;
mod functions;
mod planner;
mod retype;
mod step;
mod types;
mod views;

use std::collections::BTreeSet;

pub use composites::CompositeStep;
pub use follow_up::follow_up;
pub use planner::plan;
pub use step::{Change, Fill, Step, Subject, Verb};
pub use types::{Position, TypeKind, TypeStep, TypeUser};
pub use views::ViewStep;

/// What a migration of a plan is for; each becomes one migration folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// Everything that runs in one transaction.
    Main,
    /// Values added to enum types (PostgreSQL), committed before the main migration uses them.
    EnumValues,
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
    /// One exclusion constraint added to an existing table (PostgreSQL builds its index under
    /// ACCESS EXCLUSIVE: there is no concurrent way).
    Exclusion,
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
            UnitKind::Main
                | UnitKind::EnumValues
                | UnitKind::Validate
                | UnitKind::Attach
                | UnitKind::Swap
                | UnitKind::Exclusion
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
            UnitKind::EnumValues => Some("enum_values".into()),
            UnitKind::Attach => Some("unique".into()),
            UnitKind::Swap => Some("swap".into()),
            UnitKind::Exclusion => self.steps.last().map(|s| match s {
                Step::AddExclusion { exclusion, .. } => format!("add_{}", exclusion.name),
                other => other.table_name().to_string(),
            }),
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

    /// A short name for the migration folder, saying what changed: `create_posts`,
    /// `add_summary_to_posts`, `rename_posts_title_to_headline`, `drop_legacy_from_posts`,
    /// `index_posts_author_id`, `make_posts_summary_not_null`, ... (what each change is called:
    /// [`Step::changes`]), joined with `_and_`. More than two tables are counted
    /// (`create_4_tables`, `change_3_tables`). The same plan always gets the same name, of at
    /// most 60 characters: a longer one is cut at an underscore and ends in `_etc`.
    pub fn slug(&self) -> String {
        let created: Vec<&str> = self.created.iter().map(String::as_str).collect();
        let mut parts: Vec<String> = Vec::new();
        match created.len() {
            0 => {}
            1 | 2 => parts.push(format!("create_{}", created.join("_"))),
            n => parts.push(format!("create_{n}_tables")),
        }
        parts.extend(self.change_phrases());
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

    /// The changes to tables this plan does not create, a phrase per kind of change and table.
    fn change_phrases(&self) -> Vec<String> {
        let mut all: Vec<Change> = self.steps().flat_map(Step::changes).collect();
        // A renamed table's other changes may name it by its old name.
        let renamed: Vec<(String, String)> = all
            .iter()
            .filter_map(|c| match &c.subject {
                Subject::Table { from: Some(from) } => Some((from.clone(), c.table.clone())),
                _ => None,
            })
            .collect();
        for change in &mut all {
            if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == change.table) {
                change.table = to.clone();
            }
        }
        let mut changes: Vec<Change> = Vec::new();
        for change in all {
            // Where a narrowing keeps values follows its column; it is not named on its own.
            if !self.created.contains(&change.table) && !crate::model::is_narrowing_backup(&change.table) {
                merge(&mut changes, change);
            }
        }
        // The indexes and constraints of a column added, dropped, renamed or retyped, of a table
        // renamed or dropped, and the index a new primary key is built on, are part of that
        // change; so are the column comments of a table whose comment changes.
        let reshaped: BTreeSet<(&str, &str)> = changes
            .iter()
            .filter(|c| c.verb.reshapes_column())
            .flat_map(|c| match &c.subject {
                Subject::Column { name, from } => vec![Some(name.as_str()), from.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(|column| (c.table.as_str(), column))
                    .collect(),
                _ => vec![],
            })
            .collect();
        let moved: BTreeSet<&str> = changes
            .iter()
            .filter(|c| {
                matches!(c.subject, Subject::Table { .. }) && matches!(c.verb, Verb::Rename | Verb::Drop | Verb::Purge)
            })
            .map(|c| c.table.as_str())
            .collect();
        let key_indexes: BTreeSet<&str> = self
            .steps()
            .filter_map(|s| match s {
                Step::ChangePrimaryKey { using_index, .. } => using_index.as_deref(),
                _ => None,
            })
            .collect();
        let commented: BTreeSet<&str> = changes
            .iter()
            .filter(|c| matches!(c.subject, Subject::Table { .. }) && c.verb == Verb::Comment)
            .map(|c| c.table.as_str())
            .collect();
        let kept: Vec<&Change> = changes
            .iter()
            .filter(|c| match &c.subject {
                Subject::Column { .. } if c.verb == Verb::Comment => !commented.contains(c.table.as_str()),
                Subject::Index { name, columns } | Subject::Constraint { name, columns } => {
                    !moved.contains(c.table.as_str())
                        && !key_indexes.contains(name.as_str())
                        && !columns
                            .iter()
                            .any(|column| reshaped.contains(&(c.table.as_str(), column.as_str())))
                }
                _ => true,
            })
            .collect();

        let mut tables: Vec<&str> = Vec::new();
        for change in &kept {
            if !tables.contains(&change.table.as_str()) {
                tables.push(&change.table);
            }
        }
        if tables.len() > 2 {
            return vec![format!("change_{}_tables", tables.len())];
        }
        if kept.is_empty() {
            // Only steps that serve others (a renamed index, kept values): name the tables.
            let touched: BTreeSet<&str> = self
                .steps()
                .map(Step::table_name)
                .filter(|t| !self.created.contains(*t))
                .collect();
            let visible: Vec<&str> = touched
                .iter()
                .copied()
                .filter(|t| !crate::model::is_narrowing_backup(t))
                .collect();
            let named = if visible.is_empty() {
                touched.into_iter().collect()
            } else {
                visible
            };
            return match named.len() {
                0 => vec![],
                1 | 2 => vec![format!("change_{}", named.join("_"))],
                n => vec![format!("change_{n}_tables")],
            };
        }
        let mut groups: Vec<Vec<&Change>> = Vec::new();
        for change in kept {
            let same = |other: &&Change| {
                other.table == change.table
                    && other.verb == change.verb
                    && std::mem::discriminant(&other.subject) == std::mem::discriminant(&change.subject)
            };
            match groups.iter_mut().find(|g| same(&g[0])) {
                Some(group) => group.push(change),
                None => groups.push(vec![change]),
            }
        }
        groups.iter().map(|group| phrase(group)).collect()
    }
}

/// Adds `change` to `changes`, or folds it into the change of the same subject: a column keeps
/// its heaviest change (a rename keeps its old name), an index or constraint dropped and added
/// again is changed.
fn merge(changes: &mut Vec<Change>, change: Change) {
    let same_subject = |c: &&mut Change| {
        c.table == change.table
            && match (&c.subject, &change.subject) {
                (Subject::Column { name: a, .. }, Subject::Column { name: b, .. }) => a == b,
                (Subject::Index { name: a, .. }, Subject::Index { name: b, .. }) => a == b,
                // A unique constraint taking over the unique index built for it is one subject.
                (
                    Subject::Index { name: a, .. } | Subject::Constraint { name: a, .. },
                    Subject::Constraint { name: b, .. },
                )
                | (Subject::Constraint { name: a, .. }, Subject::Index { name: b, .. }) => a == b,
                (Subject::Table { .. }, Subject::Table { .. }) => c.verb == change.verb,
                _ => false,
            }
    };
    let Some(existing) = changes.iter_mut().find(same_subject) else {
        changes.push(change);
        return;
    };
    match (&existing.subject, &change.subject) {
        (Subject::Index { .. }, Subject::Constraint { .. }) => {
            existing.subject = change.subject;
            return;
        }
        (Subject::Constraint { .. }, Subject::Index { .. }) => return,
        _ => {}
    }
    match (&mut existing.subject, change.subject) {
        (Subject::Column { from, .. }, Subject::Column { from: new_from, .. }) => {
            if from.is_none() {
                *from = new_from;
            }
            existing.verb = existing.verb.max(change.verb);
        }
        (Subject::Index { columns, .. }, Subject::Index { columns: new, .. })
        | (Subject::Constraint { columns, .. }, Subject::Constraint { columns: new, .. }) => {
            if existing.verb != change.verb {
                existing.verb = Verb::Change;
            }
            if change.verb == Verb::Add {
                *columns = new;
            }
        }
        _ => {}
    }
}

/// The words for one kind of change to one table: `add_summary_to_posts`.
fn phrase(group: &[&Change]) -> String {
    let table = &group[0].table;
    let verb = group[0].verb;
    let count = |names: Vec<String>, what: &str| match names.len() {
        1 | 2 => names.join("_"),
        n => format!("{n}_{what}"),
    };
    match &group[0].subject {
        Subject::Table { from } => match verb {
            Verb::Rename => format!("rename_{}_to_{table}", from.as_deref().unwrap_or_default()),
            Verb::Drop => format!("drop_{table}"),
            Verb::Purge => format!("purge_{table}"),
            Verb::ChangePrimaryKey => format!("change_{table}_primary_key"),
            Verb::Comment => format!("comment_{table}"),
            // An extension, enum type or domain.
            Verb::Add => format!("create_{table}"),
            Verb::ChangeValues => format!("change_{table}"),
            Verb::EnableRowLevelSecurity => format!("enable_rls_on_{table}"),
            Verb::DisableRowLevelSecurity => format!("disable_rls_on_{table}"),
            _ => format!("change_{table}"),
        },
        Subject::Column { .. } => {
            let names = |old: bool| {
                group
                    .iter()
                    .filter_map(|c| match &c.subject {
                        Subject::Column { name, from } => Some(if old {
                            from.clone().unwrap_or(name.clone())
                        } else {
                            name.clone()
                        }),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
            let columns = count(names(false), "columns");
            match verb {
                Verb::Add => format!("add_{columns}_to_{table}"),
                Verb::Drop => format!("drop_{columns}_from_{table}"),
                Verb::Purge => format!("purge_{columns}_from_{table}"),
                Verb::Rename if group.len() == 1 => {
                    format!("rename_{table}_{}_to_{columns}", names(true).join("_"))
                }
                Verb::Rename => format!("rename_{table}_{}", count(names(true), "columns")),
                Verb::ChangeType => format!("change_{table}_{columns}_type"),
                Verb::MakeNotNull => format!("make_{table}_{columns}_not_null"),
                Verb::MakeNullable => format!("make_{table}_{columns}_nullable"),
                Verb::ChangeValues => format!("change_{table}_{columns}_values"),
                Verb::SetOnUpdate => format!("set_{table}_{columns}_on_update"),
                Verb::UnsetOnUpdate => format!("unset_{table}_{columns}_on_update"),
                Verb::ChangeDefault => format!("change_{table}_{columns}_default"),
                Verb::PurgeNarrowed => format!("purge_narrowed_{table}_{columns}"),
                Verb::Comment => format!("comment_{table}_{columns}"),
                _ => format!("change_{table}_{columns}"),
            }
        }
        Subject::Index { .. } | Subject::Constraint { .. } => {
            let index = matches!(group[0].subject, Subject::Index { .. });
            let names: Vec<String> = group
                .iter()
                .filter_map(|c| match &c.subject {
                    Subject::Index { name, .. } | Subject::Constraint { name, .. } => Some(name.clone()),
                    _ => None,
                })
                .collect();
            let what = if index { "indexes" } else { "constraints" };
            match verb {
                Verb::Add if index => {
                    let columns: Vec<String> = group
                        .iter()
                        .filter_map(|c| match &c.subject {
                            Subject::Index { columns, .. } => Some(columns.join("_")),
                            _ => None,
                        })
                        .collect();
                    match columns.len() {
                        1 | 2 => format!("index_{table}_{}", columns.join("_")),
                        n => format!("add_{n}_indexes_to_{table}"),
                    }
                }
                Verb::Add if names.len() > 2 => format!("add_{}_{what}_to_{table}", names.len()),
                Verb::Add => format!("add_{}", names.join("_")),
                Verb::Drop if names.len() > 2 => format!("drop_{}_{what}_from_{table}", names.len()),
                Verb::Drop => format!("drop_{}", names.join("_")),
                Verb::Comment if names.len() > 2 => format!("comment_{}_{what}_of_{table}", names.len()),
                Verb::Comment => format!("comment_{}", names.join("_")),
                _ if names.len() > 2 => format!("change_{}_{what}_of_{table}", names.len()),
                _ => format!("change_{}", names.join("_")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::model::Schema;
    use crate::source::yaml::parse_str;

    const POSTS: &str = "table: posts\ncolumns:\n  id: { type: serial, primary_key: true }\n  title: varchar(100)\n  legacy: { type: text, nullable: true }\n";
    const AUTHORS: &str = "table: authors\ncolumns:\n  id: { type: serial, primary_key: true }\n  name: varchar(100)\n";

    fn schema(yaml: &str) -> Schema {
        if yaml.is_empty() {
            return Schema::default();
        }
        let (tables, problems) = parse_str(yaml, None);
        assert!(problems.is_empty(), "{problems:?}");
        let mut schema = Schema {
            tables,
            ..Default::default()
        };
        schema.resolve_references();
        schema
    }

    /// The folder name of the change from `before` to `after`, the same on every database.
    #[track_caller]
    fn slug(before: &str, after: &str) -> String {
        let slugs: Vec<String> = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql]
            .into_iter()
            .map(|dialect| {
                super::plan(&schema(before), &schema(after), dialect)
                    .unwrap_or_else(|e| panic!("{dialect}: {e:?}"))
                    .slug()
            })
            .collect();
        assert!(slugs.iter().all(|s| *s == slugs[0]), "{slugs:?}");
        slugs[0].clone()
    }

    #[test]
    fn folders_are_named_after_what_changed() {
        let posts = |more: &str| format!("{POSTS}{more}");
        assert_eq!(slug("", POSTS), "create_posts");
        assert_eq!(slug("", &format!("{POSTS}---\n{AUTHORS}")), "create_authors_posts");
        assert_eq!(
            slug(POSTS, &posts("  summary: { type: text, nullable: true }\n")),
            "add_summary_to_posts"
        );
        assert_eq!(
            slug(
                POSTS,
                &posts("  summary: { type: text, nullable: true }\n  body: { type: text, nullable: true }\n")
            ),
            "add_summary_body_to_posts"
        );
        let renamed = POSTS.replace(
            "title: varchar(100)",
            "headline: { type: varchar(100), renamed_from: title }",
        );
        assert_eq!(slug(POSTS, &renamed), "rename_posts_title_to_headline");
        let dropped = POSTS.replace(
            "legacy: { type: text, nullable: true }",
            "legacy: { type: text, nullable: true, dropped: true }",
        );
        assert_eq!(slug(POSTS, &dropped), "drop_legacy_from_posts");
        let purged = dropped.replace("dropped: true", "purged: true");
        assert_eq!(slug(&dropped, &purged), "purge_legacy_from_posts");
        let indexed = POSTS.replace("title: varchar(100)", "title: { type: varchar(100), index: true }");
        assert_eq!(slug(POSTS, &indexed), "index_posts_title");
        assert_eq!(slug(&indexed, POSTS), "drop_idx_posts_title");
        let required = POSTS.replace(
            "legacy: { type: text, nullable: true }",
            "legacy: { type: text, default: 'none' }",
        );
        assert_eq!(slug(POSTS, &required), "make_posts_legacy_not_null");
        assert_eq!(
            slug(
                POSTS,
                &format!("{}---\n{AUTHORS}", posts("  summary: { type: text, nullable: true }\n"))
            ),
            "create_authors_and_add_summary_to_posts"
        );
    }

    #[test]
    fn many_tables_are_counted_and_long_names_cut() {
        let table = |name: &str, extra: &str| {
            format!("table: {name}\ncolumns:\n  id: {{ type: serial, primary_key: true }}\n{extra}")
        };
        let three = |extra: &str| ["a", "b", "c"].map(|t| table(t, extra)).join("---\n");
        assert_eq!(slug("", &three("")), "create_3_tables");
        assert_eq!(
            slug(&three(""), &three("  note: { type: text, nullable: true }\n")),
            "change_3_tables"
        );

        let long = "a_table_with_a_rather_long_name";
        let before = table(long, "");
        let after = table(
            long,
            "  another_rather_long_column_name: { type: text, nullable: true }\n",
        );
        let name = slug(&before, &after);
        assert!(name.len() <= 60, "{name} ({} characters)", name.len());
        assert_eq!(name, "add_another_rather_long_column_name_to_a_table_with_a_etc");
    }
}

#[cfg(test)]
mod composites_tests;
#[cfg(test)]
mod types_tests;
