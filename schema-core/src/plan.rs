//! From "what the schema was" and "what it is now" to an ordered list of steps, each with its
//! exact inverse.
//!
//! Steps follow the seeds' sequencing: tables and columns, then constraints, indexes, triggers,
//! comments, and row-level security last. The down migration is the inverse of every step, in
//! reverse order. This version plans new schemas and additive changes; anything else is refused
//! with a diagnostic rather than planned wrongly.

use std::collections::{BTreeSet, HashSet};

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Check, Column, ForeignKey, Index, Schema, Table, Unique};

/// One schema change.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A new table with its columns, key, unique and check constraints, and the foreign keys
    /// listed (the others are added later by `AddForeignKey`).
    CreateTable {
        table: Table,
        foreign_keys: Vec<ForeignKey>,
    },
    DropTable {
        table: Table,
    },
    AddColumn {
        table: String,
        column: Column,
        foreign_key: Option<ForeignKey>,
    },
    DropColumn {
        table: String,
        column: Column,
        foreign_key: Option<ForeignKey>,
    },
    AddUnique {
        table: String,
        unique: Unique,
    },
    DropUnique {
        table: String,
        unique: Unique,
    },
    AddCheck {
        table: String,
        check: Check,
    },
    DropCheck {
        table: String,
        check: Check,
    },
    AddForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    CreateIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    CreateUpdateTrigger {
        table: String,
        column: Column,
    },
    DropUpdateTrigger {
        table: String,
        column: Column,
    },
    /// `COMMENT ON TABLE`; `before` is what the inverse restores.
    CommentTable {
        table: String,
        comment: Option<String>,
        before: Option<String>,
    },
    CommentColumn {
        table: String,
        column: Column,
        before: Option<String>,
    },
    EnableRowLevelSecurity {
        table: Table,
    },
    DisableRowLevelSecurity {
        table: Table,
    },
}

impl Step {
    pub fn inverse(&self) -> Step {
        use Step::*;
        match self.clone() {
            CreateTable { table, .. } => DropTable { table },
            DropTable { table } => CreateTable {
                foreign_keys: table.foreign_keys.clone(),
                table,
            },
            AddColumn {
                table,
                column,
                foreign_key,
            } => DropColumn {
                table,
                column,
                foreign_key,
            },
            DropColumn {
                table,
                column,
                foreign_key,
            } => AddColumn {
                table,
                column,
                foreign_key,
            },
            AddUnique { table, unique } => DropUnique { table, unique },
            DropUnique { table, unique } => AddUnique { table, unique },
            AddCheck { table, check } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck { table, check },
            AddForeignKey { table, foreign_key } => DropForeignKey { table, foreign_key },
            DropForeignKey { table, foreign_key } => AddForeignKey { table, foreign_key },
            CreateIndex { table, index } => DropIndex { table, index },
            DropIndex { table, index } => CreateIndex { table, index },
            CreateUpdateTrigger { table, column } => DropUpdateTrigger { table, column },
            DropUpdateTrigger { table, column } => CreateUpdateTrigger { table, column },
            CommentTable { table, comment, before } => CommentTable {
                table,
                comment: before,
                before: comment,
            },
            CommentColumn {
                table,
                mut column,
                before,
            } => {
                let after = std::mem::replace(&mut column.comment, before);
                CommentColumn {
                    table,
                    column,
                    before: after,
                }
            }
            EnableRowLevelSecurity { table } => DisableRowLevelSecurity { table },
            DisableRowLevelSecurity { table } => EnableRowLevelSecurity { table },
        }
    }

    pub fn table_name(&self) -> &str {
        use Step::*;
        match self {
            CreateTable { table, .. } | DropTable { table } => &table.name,
            EnableRowLevelSecurity { table } | DisableRowLevelSecurity { table } => &table.name,
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | AddUnique { table, .. }
            | DropUnique { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | CreateIndex { table, .. }
            | DropIndex { table, .. }
            | CreateUpdateTrigger { table, .. }
            | DropUpdateTrigger { table, .. }
            | CommentTable { table, .. }
            | CommentColumn { table, .. } => table,
        }
    }

    /// One line for the migration's header and folder name.
    pub fn summary(&self) -> String {
        use Step::*;
        match self {
            CreateTable { table, .. } => format!("create table {}", table.name),
            DropTable { table } => format!("drop table {}", table.name),
            AddColumn { table, column, .. } => format!("add column {table}.{}", column.name),
            DropColumn { table, column, .. } => format!("drop column {table}.{}", column.name),
            AddUnique { unique, .. } => format!("add unique {}", unique.name),
            DropUnique { unique, .. } => format!("drop unique {}", unique.name),
            AddCheck { check, .. } => format!("add check {}", check.name),
            DropCheck { check, .. } => format!("drop check {}", check.name),
            AddForeignKey { foreign_key, .. } => format!("add foreign key {}", foreign_key.name),
            DropForeignKey { foreign_key, .. } => format!("drop foreign key {}", foreign_key.name),
            CreateIndex { index, .. } => format!("create index {}", index.name),
            DropIndex { index, .. } => format!("drop index {}", index.name),
            CreateUpdateTrigger { table, column } => format!("maintain {table}.{} on update", column.name),
            DropUpdateTrigger { table, column } => format!("stop maintaining {table}.{}", column.name),
            CommentTable { table, .. } => format!("comment on {table}"),
            CommentColumn { table, column, .. } => format!("comment on {table}.{}", column.name),
            EnableRowLevelSecurity { table } => format!("row-level security on {}", table.name),
            DisableRowLevelSecurity { table } => format!("no row-level security on {}", table.name),
        }
    }
}

/// The steps of one migration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Tables created by this plan: their down is `DROP TABLE`, which takes their indexes,
    /// constraints, comments and policies with it.
    pub created: BTreeSet<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The inverse steps, in reverse order, leaving out what dropping a created table already
    /// removes (trigger functions outlive their table, and foreign keys that closed a cycle must
    /// go before either table can). Foreign keys are dropped first: MySQL refuses to drop an
    /// index a foreign key still uses.
    pub fn down_steps(&self) -> Vec<Step> {
        let mut steps: Vec<Step> = self
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
            .map(Step::inverse)
            .collect();
        steps.sort_by_key(|step| !matches!(step, Step::DropForeignKey { .. }));
        steps
    }

    /// What the migration does, a line per table created and per change to an existing table.
    pub fn headline(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::CreateTable { .. }) || !self.created.contains(s.table_name()))
            .map(Step::summary)
            .collect()
    }

    /// A short name for the migration folder: `create_lots`, `add_lots_supplier_id`, ...
    pub fn slug(&self) -> String {
        let created: Vec<&str> = self.created.iter().map(String::as_str).collect();
        let touched: BTreeSet<&str> = self
            .steps
            .iter()
            .map(Step::table_name)
            .filter(|t| !self.created.contains(*t))
            .collect();
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

/// Plans the change from `old` (the schema recorded with the last migration; empty for none) to
/// `new`. Changes this version cannot plan are returned as errors, all of them.
pub fn plan(old: &Schema, new: &Schema, dialect: Dialect) -> Result<Plan, Vec<Diagnostic>> {
    let mut planner = Planner {
        dialect,
        old,
        new,
        refused: Vec::new(),
        phases: Phases::default(),
        created: BTreeSet::new(),
    };
    planner.tables();
    if !planner.refused.is_empty() {
        return Err(planner.refused);
    }
    Ok(Plan {
        steps: planner.phases.into_steps(),
        created: planner.created,
    })
}

#[derive(Default)]
struct Phases {
    tables: Vec<Step>,
    constraints: Vec<Step>,
    indexes: Vec<Step>,
    triggers: Vec<Step>,
    comments: Vec<Step>,
    security: Vec<Step>,
}

impl Phases {
    fn into_steps(self) -> Vec<Step> {
        [
            self.tables,
            self.constraints,
            self.indexes,
            self.triggers,
            self.comments,
            self.security,
        ]
        .concat()
    }
}

struct Planner<'a> {
    dialect: Dialect,
    old: &'a Schema,
    new: &'a Schema,
    refused: Vec<Diagnostic>,
    phases: Phases,
    created: BTreeSet<String>,
}

impl Planner<'_> {
    fn refuse(&mut self, origin: &crate::model::Origin, what: String) {
        self.refused.push(
            Diagnostic::error(
                "unsupported-change",
                origin,
                format!("{what}: this version of `generate` plans new tables and additive changes only"),
            )
            .help(
                "revert this change for now; renames, drops and type changes arrive with the schema-evolution engine",
            ),
        );
    }

    fn tables(&mut self) {
        for old in self.old.owned_tables() {
            if self.new.table(&old.name).is_none_or(Table::is_external) {
                let origin = self.new.tables.first().map(|t| t.origin.clone()).unwrap_or_default();
                self.refuse(&origin, format!("table `{}` was removed", old.name));
            }
        }
        let new_tables: Vec<&Table> = self
            .new
            .owned_tables()
            .filter(|t| self.old.table(&t.name).is_none_or(Table::is_external))
            .collect();
        for table in &new_tables {
            if self.old.table(&table.name).is_some() {
                self.refuse(&table.origin, format!("external table `{}` became owned", table.name));
            }
        }
        self.create_tables(&new_tables);
        for table in self.new.owned_tables() {
            if let Some(old) = self.old.table(&table.name).filter(|t| !t.is_external()) {
                self.alter_table(old, table);
            }
        }
    }

    /// New tables in an order where each foreign key's target exists before it; keys that close
    /// a cycle are added after all tables.
    fn create_tables(&mut self, tables: &[&Table]) {
        let creating: HashSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let mut done: HashSet<&str> = HashSet::new();
        let mut remaining: Vec<&Table> = tables.to_vec();
        while !remaining.is_empty() {
            let ready = remaining.iter().position(|t| {
                t.foreign_keys.iter().all(|fk| {
                    let target = fk.references.table.as_str();
                    target == t.name || !creating.contains(target) || done.contains(target)
                })
            });
            // In a cycle, take the first table and defer its pending keys.
            let table = remaining.remove(ready.unwrap_or(0));
            let (inline, deferred): (Vec<ForeignKey>, Vec<ForeignKey>) =
                table.foreign_keys.iter().cloned().partition(|fk| {
                    let target = fk.references.table.as_str();
                    self.dialect == Dialect::Sqlite
                        || target == table.name
                        || !creating.contains(target)
                        || done.contains(target)
                });
            done.insert(&table.name);
            self.created.insert(table.name.clone());
            self.phases.tables.push(Step::CreateTable {
                table: (*table).clone(),
                foreign_keys: inline,
            });
            for foreign_key in deferred {
                self.phases.constraints.push(Step::AddForeignKey {
                    table: table.name.clone(),
                    foreign_key,
                });
            }
            self.table_extras(table, None);
        }
    }

    /// Indexes, triggers, comments and row-level security of a table that is new (`old` is
    /// `None`) or of what was added to an existing one.
    fn table_extras(&mut self, table: &Table, old: Option<&Table>) {
        let name = table.name.clone();
        for index in &table.indexes {
            if old.is_none_or(|o| !o.indexes.iter().any(|i| i.name == index.name)) {
                self.phases.indexes.push(Step::CreateIndex {
                    table: name.clone(),
                    index: index.clone(),
                });
            }
        }
        if let Some(column) = table.set_on_update_column() {
            if self.dialect != Dialect::Mysql && old.and_then(Table::set_on_update_column).is_none() {
                self.phases.triggers.push(Step::CreateUpdateTrigger {
                    table: name.clone(),
                    column: column.clone(),
                });
            }
        }
        // MySQL keeps comments inside the column and table definitions; SQLite has none.
        let inline_comments = self.dialect == Dialect::Mysql && old.is_none();
        if self.dialect != Dialect::Sqlite && !inline_comments {
            let before = old.and_then(|o| o.comment.clone());
            if table.comment != before {
                self.phases.comments.push(Step::CommentTable {
                    table: name.clone(),
                    comment: table.comment.clone(),
                    before,
                });
            }
            for column in &table.columns {
                let before = old.and_then(|o| o.column(&column.name)).and_then(|c| c.comment.clone());
                let added_with_comment =
                    self.dialect == Dialect::Mysql && old.is_some_and(|o| o.column(&column.name).is_none());
                if column.comment != before && !added_with_comment {
                    self.phases.comments.push(Step::CommentColumn {
                        table: name.clone(),
                        column: column.clone(),
                        before,
                    });
                }
            }
        }
        if table.tenant.is_some() && old.is_none_or(|o| o.tenant.is_none()) {
            self.phases
                .security
                .push(Step::EnableRowLevelSecurity { table: table.clone() });
        }
    }

    fn alter_table(&mut self, old: &Table, new: &Table) {
        let name = new.name.clone();
        for column in &old.columns {
            if new.column(&column.name).is_none() {
                self.refuse(&new.origin, format!("column `{name}.{}` was removed", column.name));
            }
        }
        for column in &new.columns {
            match old.column(&column.name) {
                None => self.add_column(new, column),
                Some(before) => {
                    let mut comparable = before.clone();
                    comparable.comment = column.comment.clone();
                    comparable.set_on_update = column.set_on_update;
                    // Only the Rust side uses it: nothing to migrate.
                    comparable.diesel_type = column.diesel_type.clone();
                    if comparable != *column {
                        self.refuse(&column.origin, format!("column `{name}.{}` changed", column.name));
                    }
                    if before.set_on_update && !column.set_on_update {
                        self.refuse(
                            &column.origin,
                            format!("`{name}.{}` is no longer set on update", column.name),
                        );
                    }
                    if !before.set_on_update && column.set_on_update && self.dialect == Dialect::Mysql {
                        self.refuse(
                            &column.origin,
                            format!(
                                "`{name}.{}` became set on update (a column change on MySQL)",
                                column.name
                            ),
                        );
                    }
                }
            }
        }
        if old.primary_key != new.primary_key {
            self.refuse(&new.origin, format!("the primary key of `{name}` changed"));
        }
        if old.tenant.is_some() && old.tenant != new.tenant {
            self.refuse(&new.origin, format!("row-level security of `{name}` changed"));
        }
        let added_columns: HashSet<&str> = new
            .columns
            .iter()
            .filter(|c| old.column(&c.name).is_none())
            .map(|c| c.name.as_str())
            .collect();
        self.constraints(old, new, &added_columns);
        for index in &old.indexes {
            match new.indexes.iter().find(|i| i.name == index.name) {
                None => self.refuse(&new.origin, format!("index `{}` was removed", index.name)),
                Some(now) if now != index => self.refuse(&now.origin, format!("index `{}` changed", index.name)),
                Some(_) => {}
            }
        }
        self.table_extras(new, Some(old));
    }

    fn add_column(&mut self, new: &Table, column: &Column) {
        let name = &new.name;
        if !column.nullable && column.default.is_none() && !column.ty.is_serial() {
            self.refuse(
                &column.origin,
                format!(
                    "new column `{name}.{}` is NOT NULL without a default, which fails on a table with rows",
                    column.name
                ),
            );
            return;
        }
        if column.ty.is_serial()
            || new
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&column.name))
        {
            self.refuse(&column.origin, format!("new key column `{name}.{}`", column.name));
            return;
        }
        let single = vec![column.name.clone()];
        // On MySQL the key is a step of its own, so the down can drop it before its index.
        let foreign_key = new
            .foreign_keys
            .iter()
            .find(|fk| fk.columns == single)
            .cloned()
            .filter(|_| self.dialect != Dialect::Mysql);
        if self.dialect == Dialect::Sqlite && foreign_key.is_some() {
            // SQLite can add it, but its DROP COLUMN refuses foreign-key columns: no exact down.
            self.refuse(
                &column.origin,
                format!(
                    "new foreign-key column `{name}.{}` (SQLite must rebuild the table to drop it again)",
                    column.name
                ),
            );
            return;
        }
        if self.dialect == Dialect::Sqlite
            && column
                .default
                .as_ref()
                .is_some_and(|d| !matches!(d, crate::model::DefaultValue::Literal(_)))
        {
            self.refuse(
                &column.origin,
                format!(
                    "new column `{name}.{}` has an expression default, which SQLite cannot add to an existing table",
                    column.name
                ),
            );
            return;
        }
        self.phases.tables.push(Step::AddColumn {
            table: name.clone(),
            column: column.clone(),
            foreign_key,
        });
    }

    fn constraints(&mut self, old: &Table, new: &Table, added_columns: &HashSet<&str>) {
        let name = new.name.clone();
        let sqlite = self.dialect == Dialect::Sqlite;
        for unique in &new.uniques {
            match old.uniques.iter().find(|u| u.name == unique.name) {
                Some(before) if before != unique => {
                    self.refuse(&unique.origin, format!("unique constraint `{}` changed", unique.name))
                }
                Some(_) => {}
                // SQLite keeps unique constraints as unique indexes, which CREATE UNIQUE INDEX adds.
                None => self.phases.constraints.push(Step::AddUnique {
                    table: name.clone(),
                    unique: unique.clone(),
                }),
            }
        }
        for check in &new.checks {
            match old.checks.iter().find(|c| c.name == check.name) {
                Some(before) if before != check => {
                    self.refuse(&check.origin, format!("check `{}` changed", check.name))
                }
                Some(_) => {}
                None if sqlite => self.refuse(
                    &check.origin,
                    format!(
                        "new check `{}` on existing table `{name}` (SQLite must rebuild the table)",
                        check.name
                    ),
                ),
                None => self.phases.constraints.push(Step::AddCheck {
                    table: name.clone(),
                    check: check.clone(),
                }),
            }
        }
        for fk in &new.foreign_keys {
            let carried_by_column = self.dialect != Dialect::Mysql
                && fk.columns.len() == 1
                && added_columns.contains(fk.columns[0].as_str());
            match old.foreign_keys.iter().find(|f| f.name == fk.name) {
                Some(before) if before != fk => self.refuse(&fk.origin, format!("foreign key `{}` changed", fk.name)),
                Some(_) => {}
                None if carried_by_column => {}
                None if sqlite => self.refuse(
                    &fk.origin,
                    format!(
                        "new foreign key `{}` on existing columns of `{name}` (SQLite must rebuild the table)",
                        fk.name
                    ),
                ),
                None => self.phases.constraints.push(Step::AddForeignKey {
                    table: name.clone(),
                    foreign_key: fk.clone(),
                }),
            }
        }
        let removed = old
            .uniques
            .iter()
            .map(|u| (&u.name, &u.origin))
            .filter(|(n, _)| !new.uniques.iter().any(|u| &u.name == *n))
            .chain(
                old.checks
                    .iter()
                    .map(|c| (&c.name, &c.origin))
                    .filter(|(n, _)| !new.checks.iter().any(|c| &c.name == *n)),
            )
            .chain(
                old.foreign_keys
                    .iter()
                    .map(|f| (&f.name, &f.origin))
                    .filter(|(n, _)| !new.foreign_keys.iter().any(|f| &f.name == *n)),
            )
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>();
        for constraint in removed {
            self.refuse(&new.origin, format!("constraint `{constraint}` was removed"));
        }
    }
}
