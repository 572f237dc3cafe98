//! The diff: pairs old and new tables and columns (by name, or by a declared `renamed_from`),
//! compares every element, and turns each difference into steps, placed in the migration (unit)
//! and phase where it is safe.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

mod constraint_comments;
mod exclusions;
mod primary_key;
pub(crate) mod sequence;
mod type_change;

use type_change::narrowing_backup_table;

use super::{Fill, Plan, Step, Unit, UnitKind};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{
    backup_name, narrowing_backup_name, Check, Column, DefaultValue, ForeignKey, Index, Lifecycle, Narrowing, Origin,
    Schema, Table,
};
use crate::sql::SqlExpr;

/// Plans the change from `old` (the schema recorded with the last migration; empty for none) to
/// `new`. Changes this version cannot plan safely are returned as errors, all of them.
pub fn plan(old: &Schema, new: &Schema, dialect: Dialect) -> Result<Plan, Vec<Diagnostic>> {
    // Enum types as the database has them (an inline ENUM on MySQL, a check on SQLite).
    let types = super::types::plan_types(old, new, dialect);
    let renamed = super::types::follow_type_renames(old, new);
    let old = renamed.as_ref().unwrap_or(old);
    let (old, new) = (&*old.for_dialect(dialect), &*new.for_dialect(dialect));
    let mut planner = Planner {
        dialect,
        old,
        new,
        refused: Vec::new(),
        main: Phases::default(),
        backfill: Vec::new(),
        validate: Vec::new(),
        indexes: Vec::new(),
        attach: Vec::new(),
        swap: Vec::new(),
        exclusion_units: Vec::new(),
        retyped: HashSet::new(),
        narrowed: Narrowed::default(),
        created: BTreeSet::new(),
        rebuild: false,
        key: None,
    };
    planner.tables();
    planner.refused.extend(types.refused);
    // Functions before the tables that call them, triggers after their tables; each kind's
    // planning in a file of its own (see `super::functions`).
    let functions = match super::functions::plan(old, new) {
        Ok(steps) => steps,
        Err(mut refused) => {
            planner.refused.append(&mut refused);
            Default::default()
        }
    };
    if !planner.refused.is_empty() {
        return Err(planner.refused);
    }
    planner.main.drops.splice(0..0, functions.trigger_drops);
    planner.main.triggers.splice(0..0, functions.late_creates);
    planner.main.triggers.extend(functions.trigger_creates);
    let before_tables = planner.main.verify.len() + planner.main.drops.len();
    let mut main_steps = planner.main.into_steps();
    main_steps.splice(before_tables..before_tables, functions.creates);
    main_steps.extend(functions.drops);
    // Extensions, enum types and domains first (the functions and tables use them), dropped last.
    let mut units = vec![
        Unit {
            kind: UnitKind::EnumValues,
            steps: types.enum_values,
        },
        Unit {
            kind: UnitKind::Main,
            steps: [types.before_tables, main_steps, types.after_tables]
                .into_iter()
                .flatten()
                .collect(),
        },
    ];
    planner.validate.extend(types.validate);
    // One backfill per migration: each is a block that commits as it goes, and diesel's own
    // runner sends a migration file as one batch, which PostgreSQL refuses with several of them.
    units.extend(planner.backfill.into_iter().map(|step| Unit {
        kind: UnitKind::Backfill,
        steps: vec![step],
    }));
    if !planner.validate.is_empty() {
        units.push(Unit {
            kind: UnitKind::Validate,
            steps: planner.validate,
        });
    }
    // Each exclusion constraint added to an existing table: a migration of its own, as it holds
    // ACCESS EXCLUSIVE while its index is built.
    units.extend(planner.exclusion_units.drain(..).map(|steps| Unit {
        kind: UnitKind::Exclusion,
        steps,
    }));
    let attach = std::mem::take(&mut planner.attach);
    units.extend(planner.indexes.into_iter().map(|step| Unit {
        kind: UnitKind::Index,
        steps: vec![step],
    }));
    units.push(Unit {
        kind: UnitKind::Attach,
        steps: attach,
    });
    units.push(Unit {
        kind: UnitKind::Swap,
        steps: planner.swap,
    });
    // Views last: around the tables' steps, in whichever migration makes them.
    super::views::place(&mut units, old, new, dialect);
    units.retain(|u| !u.steps.is_empty());
    Ok(Plan {
        units,
        created: planner.created,
    })
}

#[derive(Default)]
struct Phases {
    /// Before anything else: checks of the existing rows that stop the migration before it
    /// changes anything.
    verify: Vec<Step>,
    tables: Vec<Step>,
    columns: Vec<Step>,
    constraints: Vec<Step>,
    indexes: Vec<Step>,
    triggers: Vec<Step>,
    comments: Vec<Step>,
    security: Vec<Step>,
    /// After everything else.
    last: Vec<Step>,
    /// Drops run first, in this order: security, triggers, indexes, constraints, then columns
    /// and tables are renamed away.
    drops: Vec<Step>,
}

impl Phases {
    fn marks(&self) -> [usize; 10] {
        [
            self.verify.len(),
            self.tables.len(),
            self.columns.len(),
            self.constraints.len(),
            self.indexes.len(),
            self.triggers.len(),
            self.comments.len(),
            self.security.len(),
            self.last.len(),
            self.drops.len(),
        ]
    }

    /// Forgets the steps added since `marks`.
    fn truncate(&mut self, marks: [usize; 10]) {
        let phases = [
            &mut self.verify,
            &mut self.tables,
            &mut self.columns,
            &mut self.constraints,
            &mut self.indexes,
            &mut self.triggers,
            &mut self.comments,
            &mut self.security,
            &mut self.last,
            &mut self.drops,
        ];
        for (phase, mark) in phases.into_iter().zip(marks) {
            phase.truncate(mark);
        }
    }

    fn into_steps(self) -> Vec<Step> {
        [
            self.verify,
            self.drops,
            self.tables,
            self.columns,
            self.constraints,
            self.indexes,
            self.triggers,
            self.comments,
            self.security,
            self.last,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

struct Planner<'a> {
    dialect: Dialect,
    old: &'a Schema,
    new: &'a Schema,
    refused: Vec<Diagnostic>,
    main: Phases,
    backfill: Vec<Step>,
    validate: Vec<Step>,
    indexes: Vec<Step>,
    /// Unique constraints that take over an index built concurrently, after the index units.
    attach: Vec<Step>,
    /// New columns of a changed type taking the place of the old ones, last.
    swap: Vec<Step>,
    /// Exclusion constraints added to existing tables, one migration each.
    exclusion_units: Vec<Vec<Step>>,
    /// Columns of the table being planned whose type change is a swap (PostgreSQL): the swap
    /// also sets their nullability, default and comment.
    retyped: HashSet<String>,
    /// The narrowing steps of the table being planned, placed once its other steps are known.
    narrowed: Narrowed,
    created: BTreeSet<String>,
    /// Set while planning a SQLite table that needs a change ALTER TABLE cannot make.
    rebuild: bool,
    /// The integer primary key of the table being planned, for backfills in key ranges.
    key: Option<String>,
}

/// Narrowing type changes of one table: steps on its kept-values tables (create, rename, purge),
/// values to keep before the table changes (MySQL, SQLite) and to record after.
#[derive(Default)]
struct Narrowed {
    backups: Vec<Step>,
    keep: Vec<Step>,
    record: Vec<Step>,
}

/// How the columns of an old table map onto the new one.
struct ColumnMap {
    /// New column name → old column name.
    renamed: HashMap<String, String>,
}

impl ColumnMap {
    fn old_name<'n>(&'n self, new: &'n str) -> &'n str {
        self.renamed.get(new).map(String::as_str).unwrap_or(new)
    }

    /// An old table's index keys, in new names (in expressions too).
    fn forward_keys(&self, keys: &[crate::model::IndexKey]) -> Vec<crate::model::IndexKey> {
        let new_name = |old: &str| self.renamed.iter().find(|(_, o)| *o == old).map(|(new, _)| new.clone());
        keys.iter().map(|k| k.renamed(new_name)).collect()
    }

    /// `columns` of the old table, in new names.
    fn forward(&self, columns: &[String]) -> Vec<String> {
        columns
            .iter()
            .map(|c| {
                self.renamed
                    .iter()
                    .find(|(_, old)| *old == c)
                    .map(|(new, _)| new.clone())
                    .unwrap_or_else(|| c.clone())
            })
            .collect()
    }
}

impl Planner<'_> {
    fn refuse(&mut self, origin: &Origin, what: String, help: &str) {
        self.refused
            .push(Diagnostic::error("unsupported-change", origin, what).help(help.to_string()));
    }

    fn postgres(&self) -> bool {
        self.dialect == Dialect::Postgres
    }

    fn tables(&mut self) {
        let (old_schema, new) = (self.old, self.new);
        let old_table_for = |table: &Table| old_table_for(old_schema, new, table);
        let continued: HashSet<&str> = new
            .tables
            .iter()
            .filter_map(old_table_for)
            .map(|t| t.name.as_str())
            .collect();
        for old in self
            .old
            .tables
            .iter()
            .filter(|t| !t.is_external() && t.lifecycle != Lifecycle::Purged)
        {
            if !continued.contains(old.name.as_str()) {
                let added_alike = new
                    .tables
                    .iter()
                    .find(|t| self.old.table(&t.name).is_none() && same_columns(t, old));
                // At the table that looks like it renamed (where `renamed_from` goes), else nowhere:
                // the removed table is in no source any more.
                let origin = match added_alike {
                    Some(t) => t.origin.clone(),
                    None => Origin::unplaced(schema_syntax(new)),
                };
                let keep = |o: &Origin| {
                    format!(
                        "keep its declaration with {}: it is renamed away with its data, which {} deletes later",
                        o.spell("dropped: true", "#[table(dropped)]"),
                        o.spell("purged: true", "#[table(purged)]")
                    )
                };
                let help = match added_alike {
                    Some(t) => format!(
                        "if `{}` is `{}` renamed, declare {} on it; to drop the table, {}",
                        t.name,
                        old.name,
                        origin.spell(
                            &format!("renamed_from: {}", old.name),
                            &format!("#[table(renamed_from = \"{}\")]", old.name)
                        ),
                        keep(&origin)
                    ),
                    None => format!("to drop a table, {}", keep(&origin)),
                };
                self.refuse(
                    &origin,
                    format!("table `{}` was removed from the schema", old.name),
                    &help,
                );
            }
        }

        let mut created = Vec::new();
        for table in new.tables.iter() {
            match old_table_for(table) {
                None if table.is_external() => {}
                None if table.lifecycle == Lifecycle::Live => created.push(table),
                None => {} // declared dropped or purged before it was ever created
                Some(old) if old.is_external() != table.is_external() => self.refuse(
                    table.origin.key("external"),
                    format!("table `{}` changed between external and owned", table.name),
                    "an external table is another team's; to take one over, create a new table",
                ),
                Some(_) if table.is_external() => {}
                // A purged table is gone: its name is free for a new one.
                Some(old) if old.lifecycle == Lifecycle::Purged && table.lifecycle == Lifecycle::Live => {
                    created.push(table)
                }
                Some(old) => self.existing_table(old, table),
            }
        }
        self.create_tables(&created);
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
            for column in &table.columns {
                self.kept_from_the_start(table, column);
            }
            self.main.tables.extend(std::mem::take(&mut self.narrowed.backups));

            let all_live = table.columns.iter().all(|c| c.lifecycle.is_live());
            let mut live = (*table).clone();
            live.columns.retain(|c| c.lifecycle.is_live());
            let live = Arc::new(live);
            // Row-level security shares the created table when it is the declared one.
            let declared = all_live.then(|| Arc::clone(&live));
            self.main.tables.push(Step::CreateTable {
                table: live,
                foreign_keys: inline,
            });
            for foreign_key in deferred {
                self.main.constraints.push(Step::AddForeignKey {
                    table: table.name.clone(),
                    foreign_key,
                    validated: true,
                });
            }
            self.new_table_extras(table, declared);
        }
    }

    /// Indexes, triggers, comments and row-level security of a new table; `shared` is `table`
    /// already behind an `Arc`, when there is one.
    fn new_table_extras(&mut self, table: &Table, shared: Option<Arc<Table>>) {
        self.new_table_exclusions(table);
        let name = &table.name;
        for index in &table.indexes {
            self.main.indexes.push(Step::CreateIndex {
                table: name.clone(),
                index: index.clone(),
                concurrently: false,
            });
        }
        if let Some(column) = table.set_on_update_column() {
            if self.dialect != Dialect::Mysql {
                self.main.triggers.push(Step::CreateUpdateTrigger {
                    table: name.clone(),
                    column: column.clone(),
                });
            }
        }
        // MySQL keeps comments inside the column and table definitions; SQLite has none.
        if self.dialect == Dialect::Postgres {
            if table.comment.is_some() {
                self.main.comments.push(Step::CommentTable {
                    table: name.clone(),
                    comment: table.comment.clone(),
                    before: None,
                });
            }
            for column in table.live_columns().filter(|c| c.comment.is_some()) {
                self.main.comments.push(Step::CommentColumn {
                    table: name.clone(),
                    column: column.clone(),
                    before: None,
                });
            }
        }
        if table.tenant.is_some() {
            let table = shared.unwrap_or_else(|| Arc::new(table.clone()));
            self.main.security.push(Step::EnableRowLevelSecurity { table });
        }
    }

    fn existing_table(&mut self, old: &Table, new: &Table) {
        // Lifecycle first: a dropped table is renamed away whole; a purged one deleted.
        match (old.lifecycle, new.lifecycle) {
            (Lifecycle::Live, Lifecycle::Live) => {}
            (Lifecycle::Live, Lifecycle::Dropped) => {
                if let Some(column) = old.columns.iter().find(|c| c.narrowing == Some(Narrowing::Allowed)) {
                    let origin = new.origin.key("dropped");
                    self.refuse(
                        origin,
                        format!(
                            "table `{}` is dropped while the values kept by narrowing `{}` are still there",
                            new.name, column.name
                        ),
                        &format!(
                            "declare {} on the column and migrate first",
                            origin.spell("narrowing: purged", "#[column(narrowing = \"purged\")]")
                        ),
                    );
                    return;
                }
                self.drop_table_objects(old);
                self.main.tables.push(Step::RenameTable {
                    from: old.name.clone(),
                    to: backup_name(&new.name),
                });
                self.sequences_follow_table(old, &backup_name(&new.name));
                return;
            }
            (Lifecycle::Dropped, Lifecycle::Dropped) | (Lifecycle::Purged, Lifecycle::Purged) => return,
            (Lifecycle::Purged, Lifecycle::Dropped) => {
                let origin = new.origin.key("dropped");
                self.refuse(
                    origin,
                    format!("table `{}` was purged; its data is gone", new.name),
                    &format!(
                        "keep {}, or delete the declaration",
                        origin.spell("purged: true", "#[table(purged)]")
                    ),
                );
                return;
            }
            (Lifecycle::Dropped, Lifecycle::Purged) => {
                // The kept table as it stands (its indexes and policy went with the rename; its
                // foreign keys and trigger were dropped, except on SQLite, where the foreign keys
                // stay in its definition), so that the down rebuilds it exactly.
                let mut backup = old.clone();
                backup.name = backup_name(&old.name);
                if self.dialect != Dialect::Sqlite {
                    backup.foreign_keys.clear();
                }
                backup.columns.retain(|c| c.lifecycle.is_live());
                for column in &mut backup.columns {
                    column.set_on_update = false;
                }
                for index in &backup.indexes {
                    self.main.drops.push(Step::DropIndex {
                        table: backup.name.clone(),
                        index: index.clone(),
                        concurrently: false,
                    });
                }
                if backup.tenant.is_some() {
                    self.main.drops.push(Step::DisableRowLevelSecurity {
                        table: Arc::new(backup.clone()),
                    });
                }
                let mut table = backup;
                table.indexes.clear();
                table.tenant = None;
                self.main.tables.push(Step::DropTable { table: Arc::new(table) });
                return;
            }
            (Lifecycle::Live, Lifecycle::Purged) => {
                let origin = new.origin.key("purged");
                self.refuse(
                    origin,
                    format!("table `{}` is purged without having been dropped", new.name),
                    &format!(
                        "mark it {} first (its data is kept), migrate, and purge in a later migration",
                        origin.spell("dropped: true", "#[table(dropped)]")
                    ),
                );
                return;
            }
            (_, Lifecycle::Live) => {
                self.refuse(
                    &new.origin,
                    format!(
                        "table `{}` was {} and is live again",
                        new.name,
                        if old.lifecycle == Lifecycle::Dropped {
                            "dropped"
                        } else {
                            "purged"
                        }
                    ),
                    "revert the drop with `tablewright migrate down`, or create the table under a new name",
                );
                return;
            }
        }
        let name = new.name.clone();
        if old.name != new.name {
            self.main.tables.push(Step::RenameTable {
                from: old.name.clone(),
                to: name.clone(),
            });
            // PostgreSQL keeps the key's name (and its index's), which would stop a new table
            // from taking the old name with its own key.
            if let (Some(before), Some(after), true) = (&old.primary_key, &new.primary_key, self.postgres()) {
                if before.name != after.name {
                    self.main.constraints.push(Step::RenameConstraint {
                        table: name.clone(),
                        from: before.name.clone(),
                        to: after.name.clone(),
                    });
                }
            }
        }
        let marks = self.main.marks();
        self.rebuild = false;
        self.retyped.clear();
        self.key = new
            .primary_key
            .as_ref()
            .filter(|pk| pk.columns.len() == 1)
            .and_then(|pk| {
                let column = new.column(&pk.columns[0])?;
                column.ty.is_integer().then(|| column.name.clone())
            });
        let map = self.columns(old, new);
        self.primary_key(old, new, &map);
        self.uniques(old, new, &map);
        self.checks(old, new, &map);
        self.foreign_keys(old, new, &map);
        self.enum_checks(old, new, &map);
        self.indexes(old, new, &map);
        self.exclusions(old, new, &map);
        self.triggers(old, new, &map);
        self.comments(old, new);
        self.constraint_comments(old, new);
        self.security(old, new);
        let narrowed = std::mem::take(&mut self.narrowed);
        if self.rebuild {
            // SQLite: one rebuild of the table replaces the table's other steps.
            self.main.truncate(marks);
        }
        // Backups are created and filled before the table changes; what the change made of the
        // values is recorded after everything else.
        self.main.tables.extend(narrowed.backups);
        self.main.tables.extend(narrowed.keep);
        if self.rebuild {
            self.main.tables.push(rebuild(old, new, &map));
            self.rebuild = false;
        }
        self.main.last.extend(narrowed.record);
    }

    /// On SQLite, a change ALTER TABLE cannot make: the table will be rebuilt. Elsewhere, false.
    fn sqlite_rebuilds(&mut self) -> bool {
        if self.dialect == Dialect::Sqlite {
            self.rebuild = true;
        }
        self.rebuild
    }

    /// Before a table is renamed away as dropped: what would stop other tables from dropping
    /// their rows (foreign keys to it are refused by the checks) or leak through it.
    fn drop_table_objects(&mut self, old: &Table) {
        let name = old.name.clone();
        if let Some(column) = old.set_on_update_column() {
            if self.dialect != Dialect::Mysql {
                self.main.drops.push(Step::DropUpdateTrigger {
                    table: name.clone(),
                    column: column.clone(),
                });
            }
        }
        // SQLite keeps a table's foreign keys in its definition: the kept table keeps them
        // (pointing outwards, they stop nothing).
        if self.dialect != Dialect::Sqlite {
            for foreign_key in &old.foreign_keys {
                self.main.drops.push(Step::DropForeignKey {
                    table: name.clone(),
                    foreign_key: foreign_key.clone(),
                });
            }
        }
    }

    /// Pairs columns and plans each column's changes.
    fn columns(&mut self, old: &Table, new: &Table) -> ColumnMap {
        let table = new.name.clone();
        let mut renamed = HashMap::new();
        for column in &new.columns {
            if old.column(&column.name).is_none() {
                if let Some(from) = column
                    .renamed_from
                    .as_deref()
                    .filter(|f| old.column(f).is_some() && new.column(f).is_none())
                {
                    renamed.insert(column.name.clone(), from.to_string());
                }
            }
        }
        let map = ColumnMap { renamed };
        for before in old.columns.iter().filter(|c| c.lifecycle != Lifecycle::Purged) {
            let kept = new.columns.iter().any(|c| map.old_name(&c.name) == before.name);
            if !kept {
                let alike = new
                    .columns
                    .iter()
                    .find(|c| old.column(&c.name).is_none() && !map.renamed.contains_key(&c.name) && c.ty == before.ty);
                // At the column that looks like it renamed (where `renamed_from` goes), else at the
                // table it was removed from.
                let origin = alike.map(|c| &c.origin).unwrap_or(&new.origin);
                let keep = format!(
                    "keep its declaration with {}: it is renamed away with its data, which {} deletes later",
                    origin.spell("dropped: true", "#[column(dropped)]"),
                    origin.spell("purged: true", "#[column(purged)]")
                );
                let help = match alike {
                    Some(c) => format!(
                        "if `{}` is `{}` renamed, declare {} on it; to drop the column, {keep}",
                        c.name,
                        before.name,
                        origin.spell(
                            &format!("renamed_from: {}", before.name),
                            &format!("#[column(renamed_from = \"{}\")]", before.name)
                        )
                    ),
                    None => format!("to drop a column, {keep}"),
                };
                self.refuse(
                    origin,
                    format!("column `{table}.{}` was removed from the schema", before.name),
                    &help,
                );
            }
        }
        for column in &new.columns {
            match old.column(map.old_name(&column.name)) {
                None if column.lifecycle.is_live() => self.add_column(new, column),
                None => {}
                // A purged column is gone: its name is free for a new one.
                Some(before) if before.lifecycle == Lifecycle::Purged && column.lifecycle.is_live() => {
                    self.add_column(new, column)
                }
                Some(before) => self.existing_column(old, new, before, column),
            }
        }
        map
    }

    fn add_column(&mut self, table: &Table, column: &Column) {
        let name = &table.name;
        self.kept_from_the_start(table, column);
        if !column.nullable && column.default.is_none() && !column.ty.is_serial() && column.generated.is_none() {
            self.refuse(
                &column.origin,
                format!(
                    "new column `{name}.{}` is NOT NULL without a default, which fails on a table with rows",
                    column.name
                ),
                &format!(
                    "add it nullable ({}), fill it, then make it NOT NULL in a later migration; or give it a default",
                    column.origin.spell("nullable: true", "Option<...>")
                ),
            );
            return;
        }
        if column.ty.is_serial()
            || table
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&column.name))
        {
            self.refuse(
                &column.origin,
                format!("new key column `{name}.{}`", column.name),
                "create a new table for a new key",
            );
            return;
        }
        if column.default.as_ref().is_some_and(is_volatile) && self.postgres() {
            self.add_column_filled_later(table, column);
            return;
        }
        let single = vec![column.name.clone()];
        let inline_key = self.dialect != Dialect::Mysql;
        // A key that stays NOT VALID is added after the column, not written into it.
        let foreign_key = table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns == single && !fk.not_valid)
            .cloned();
        if foreign_key.is_some() && self.sqlite_rebuilds() {
            // SQLite can add it, but its DROP COLUMN refuses foreign-key columns: rebuild instead,
            // so that the down is exact.
            return;
        }
        if column
            .default
            .as_ref()
            .is_some_and(|d| !matches!(d, DefaultValue::Literal(_)))
            && self.sqlite_rebuilds()
        {
            // SQLite's ADD COLUMN takes only constant defaults.
            return;
        }
        if column
            .generated
            .as_ref()
            .is_some_and(|g| g.kind.is_stored() || !column.nullable)
            && self.sqlite_rebuilds()
        {
            // SQLite adds only virtual, nullable generated columns.
            return;
        }
        self.main.columns.push(Step::AddColumn {
            table: name.clone(),
            column: column.clone(),
            foreign_key: foreign_key.filter(|_| inline_key),
        });
        if column.comment.is_some() && self.postgres() {
            self.main.comments.push(Step::CommentColumn {
                table: name.clone(),
                column: column.clone(),
                before: None,
            });
        }
    }

    /// `narrowing: allowed` on a column created now: its kept values start out empty, so that
    /// what the schema says (values are kept until purged) holds from the start.
    fn kept_from_the_start(&mut self, table: &Table, column: &Column) {
        if column.narrowing == Some(Narrowing::Allowed) && column.lifecycle.is_live() {
            if let Some(backup) = narrowing_backup_table(table, column, column) {
                self.narrowed.backups.push(Step::CreateTable {
                    table: Arc::new(backup),
                    foreign_keys: Vec::new(),
                });
            }
        }
    }

    /// What `narrowing` says beyond the type change: a rename or purge of the kept values, and
    /// declarations that would leave the kept values unaccounted for.
    fn narrowing_declaration(&mut self, old: &Table, new: &Table, before: &Column, after: &Column) {
        let table = new.name.as_str();
        let kept_as = narrowing_backup_name(&old.name, &before.name);
        if before.narrowing != Some(Narrowing::Allowed) {
            let narrows_now = self.narrowed.backups.iter().any(|s| {
                matches!(s, Step::CreateTable { table: b, .. } if b.name == narrowing_backup_name(table, &after.name))
            });
            if after.narrowing == Some(Narrowing::Allowed) && !narrows_now && self.refused.is_empty() {
                self.refuse(
                    after.origin.key("narrowing"),
                    format!("`{table}.{}` declares `narrowing: allowed` but its type does not narrow", after.name),
                    "declare it in the change that narrows the type (widening changes need no declaration), or remove it",
                );
            }
            return;
        }
        match after.narrowing {
            Some(Narrowing::Allowed) => {
                // The kept table follows renames of its table, the column and the key columns.
                let now = narrowing_backup_name(table, &after.name);
                if now != kept_as {
                    self.narrowed.backups.push(Step::RenameTable {
                        from: kept_as,
                        to: now.clone(),
                    });
                }
                let mut renames: Vec<(String, String)> = new
                    .primary_key
                    .iter()
                    .flat_map(|pk| pk.columns.iter())
                    .filter_map(|c| {
                        let from = new.column(c)?.renamed_from.clone()?;
                        (old.column(&from).is_some() && from != *c).then(|| (from, c.clone()))
                    })
                    .collect();
                if before.name != after.name {
                    for part in ["before", "after"] {
                        renames.push((format!("{}__{part}", before.name), format!("{}__{part}", after.name)));
                    }
                }
                for (from, to) in renames {
                    self.narrowed.backups.push(Step::RenameColumn {
                        table: now.clone(),
                        from,
                        to,
                    });
                }
            }
            Some(Narrowing::Purged) => {
                // The kept table as the down re-creates it (empty): the type the values had is
                // no longer known, the narrowed one stands in.
                let mut column = after.clone();
                column.name = before.name.clone();
                let mut owner = old.clone();
                owner
                    .columns
                    .iter_mut()
                    .filter(|c| c.name == before.name)
                    .for_each(|c| *c = column.clone());
                let mut backup = narrowing_backup_table(&owner, &column, &column).expect("a narrowed table has a key");
                backup.name = kept_as;
                self.narrowed.backups.push(Step::PurgeKept {
                    table: Arc::new(backup),
                });
            }
            None => self.refuse(
                &after.origin,
                format!(
                    "`{table}.{}` no longer declares `narrowing`, but the values its narrowing kept are still there",
                    after.name
                ),
                &format!(
                    "declare {} to delete them",
                    after
                        .origin
                        .spell("narrowing: purged", "#[column(narrowing = \"purged\")]")
                ),
            ),
        }
    }

    /// PostgreSQL adds a column with a per-row default by rewriting the table under an exclusive
    /// lock. Instead: the column is added empty (nullable, no default: no rewrite), takes its
    /// default for new rows, existing rows are filled in batches, and NOT NULL comes through a
    /// validated check.
    fn add_column_filled_later(&mut self, table: &Table, column: &Column) {
        let name = &table.name;
        let mut empty = column.clone();
        empty.nullable = true;
        empty.default = None;
        let foreign_key = table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns == [column.name.clone()] && !fk.not_valid)
            .cloned();
        self.main.columns.push(Step::AddColumn {
            table: name.clone(),
            column: empty.clone(),
            foreign_key,
        });
        let mut defaulted = empty;
        defaulted.default = column.default.clone();
        self.main.columns.push(Step::SetDefault {
            table: name.clone(),
            column: defaulted.clone(),
            before: None,
        });
        let fill = Fill::Default(defaulted);
        if column.nullable {
            self.backfill.push(Step::Backfill {
                table: name.clone(),
                column: column.name.clone(),
                fill,
                key: self.key.clone(),
            });
        } else {
            self.not_null_later(name, column.clone(), fill);
        }
        if column.comment.is_some() {
            self.main.comments.push(Step::CommentColumn {
                table: name.clone(),
                column: column.clone(),
                before: None,
            });
        }
    }

    /// Renames, drops and changes of one column.
    fn existing_column(&mut self, old: &Table, new: &Table, before: &Column, after: &Column) {
        let name = new.name.clone();
        if before.narrowing == Some(Narrowing::Allowed) && !after.lifecycle.is_live() {
            let origin = after.origin.key(if after.lifecycle == Lifecycle::Purged {
                "purged"
            } else {
                "dropped"
            });
            self.refuse(
                origin,
                format!(
                    "column `{name}.{}` is dropped while the values kept by its narrowing are still there",
                    after.name
                ),
                &format!(
                    "declare {} and migrate first",
                    origin.spell("narrowing: purged", "#[column(narrowing = \"purged\")]")
                ),
            );
            return;
        }
        match (before.lifecycle, after.lifecycle) {
            (Lifecycle::Live, Lifecycle::Live) => {}
            (Lifecycle::Live, Lifecycle::Dropped) => {
                // Its constraints, indexes and trigger go through their own diffs; here the data
                // is renamed away and stops being required.
                let kept = kept_column(before);
                self.main.columns.push(Step::RenameColumn {
                    table: name.clone(),
                    from: before.name.clone(),
                    to: kept.name.clone(),
                });
                if before.set_on_update && self.dialect == Dialect::Mysql {
                    // The kept column is no longer maintained; the down restores it whole.
                    let mut renamed = before.clone();
                    renamed.name = kept.name.clone();
                    self.main.columns.push(Step::RestateColumn {
                        table: name,
                        column: kept,
                        before: renamed,
                    });
                } else if !before.nullable && !self.sqlite_rebuilds() {
                    self.main.columns.push(Step::SetNullable {
                        table: name,
                        column: kept,
                    });
                }
                return;
            }
            (Lifecycle::Dropped, Lifecycle::Dropped) | (Lifecycle::Purged, Lifecycle::Purged) => return,
            (Lifecycle::Purged, Lifecycle::Dropped) => {
                let origin = after.origin.key("dropped");
                self.refuse(
                    origin,
                    format!("column `{name}.{}` was purged; its data is gone", after.name),
                    &format!(
                        "keep {}, or delete the declaration",
                        origin.spell("purged: true", "#[column(purged)]")
                    ),
                );
                return;
            }
            (Lifecycle::Dropped, Lifecycle::Purged) => {
                self.main.columns.push(Step::DropColumn {
                    table: name,
                    column: kept_column(before),
                    foreign_key: None,
                });
                return;
            }
            (Lifecycle::Live, Lifecycle::Purged) => {
                let origin = after.origin.key("purged");
                self.refuse(
                    origin,
                    format!("column `{name}.{}` is purged without having been dropped", after.name),
                    &format!(
                        "mark it {} first (its data is kept), migrate, and purge in a later migration",
                        origin.spell("dropped: true", "#[column(dropped)]")
                    ),
                );
                return;
            }
            (_, Lifecycle::Live) => {
                self.refuse(
                    &after.origin,
                    format!("column `{name}.{}` was dropped and is live again", after.name),
                    "revert the drop with `tablewright migrate down`, or add a column under a new name",
                );
                return;
            }
        }
        if before.name != after.name {
            self.main.columns.push(Step::RenameColumn {
                table: name.clone(),
                from: before.name.clone(),
                to: after.name.clone(),
            });
        }
        let mut renamed = before.clone();
        renamed.name = after.name.clone();
        if renamed.generated.is_some() || after.generated.is_some() {
            self.generated_column(new, &renamed, after);
            return;
        }
        if renamed.nullable && !after.nullable && after.default.is_none() && !after.ty.is_serial() {
            // Rows holding NULL would stop the migration, at startup; nothing says what to
            // write into them.
            self.refuse(
                &after.origin,
                format!(
                    "`{name}.{}` becomes NOT NULL without a default, so nothing says what its rows that hold NULL should get",
                    after.name
                ),
                "give the column a default: its NULLs are filled with it before it becomes NOT NULL (the default can be removed in a later change); or keep it nullable",
            );
            return;
        }
        self.column_type(old, new, &renamed, after);
        self.narrowing_declaration(old, new, before, after);
        self.sequence_change(old, new, before, after);
        if self.retyped.contains(&after.name) {
            return; // the swap brings nullability, default and comment
        }
        // The default before the nullability: a column made NOT NULL takes it (its NULLs are
        // filled with it, and MySQL restates the column with it).
        if renamed.default != after.default {
            if self.sqlite_rebuilds() {
            } else if after.default.as_ref().is_some_and(is_volatile) && self.dialect == Dialect::Mysql {
                self.refuse(
                    after.origin.key("default"),
                    format!("`{name}.{}` gets an expression default", after.name),
                    "MySQL cannot set an expression default on an existing column without rebuilding it",
                );
            } else {
                self.main.columns.push(Step::SetDefault {
                    table: name.clone(),
                    column: after.clone(),
                    before: renamed.default.clone(),
                });
            }
        }
        self.nullability(&name, &renamed, after);
    }

    /// A generated column holds no data of its own: any change to it (expression, kind, type,
    /// nullability) drops it and adds it again, computed anew; the down does the reverse. A
    /// column that becomes generated, or stops being so, would lose its values: refused.
    fn generated_column(&mut self, new: &Table, before: &Column, after: &Column) {
        let name = &new.name;
        let what = format!("`{name}.{}`", after.name);
        let help = "add a new column and drop this one (`dropped: true`), so the values are kept";
        match (&before.generated, &after.generated) {
            (None, Some(_)) => {
                return self.refuse(
                    after.origin.key("generated"),
                    format!("{what} becomes a generated column: the values it holds would be replaced"),
                    help,
                )
            }
            (Some(_), None) => {
                return self.refuse(
                    &after.origin,
                    format!("{what} stops being generated: it would have no values to start from"),
                    help,
                )
            }
            _ => {}
        }
        let unchanged = Column {
            comment: after.comment.clone(),
            renamed_from: after.renamed_from.clone(),
            origin: after.origin.clone(),
            ..before.clone()
        };
        if unchanged == *after {
            return; // a new comment alone is a comment step
        }
        if self.sqlite_rebuilds() {
            return;
        }
        // Dropping the column drops what is built on it; re-adding it would not bring them back.
        let used = new.indexes.iter().any(|i| i.reads(&after.name))
            || new.uniques.iter().any(|u| u.columns.contains(&after.name))
            || new.foreign_keys.iter().any(|f| f.columns.contains(&after.name))
            || new
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.contains(&after.name));
        if used {
            return self.refuse(
                after.origin.key("generated"),
                format!("{what} changes, and an index or key is built on it: it is dropped and added again, which would drop them"),
                "drop the index or key in one migration, change the column in the next, and add the index again",
            );
        }
        if before.comment.is_some() && self.postgres() {
            // Cleared before the drop, so that the down, adding the column back, restores it.
            let mut cleared = before.clone();
            cleared.comment = None;
            self.main.columns.push(Step::CommentColumn {
                table: name.clone(),
                column: cleared,
                before: before.comment.clone(),
            });
        }
        self.main.columns.push(Step::DropColumn {
            table: name.clone(),
            column: before.clone(),
            foreign_key: None,
        });
        self.main.columns.push(Step::AddColumn {
            table: name.clone(),
            column: after.clone(),
            foreign_key: None,
        });
        // Added anew, it carries its comment (not a comment step of its own).
        self.retyped.insert(after.name.clone());
        if after.comment.is_some() && self.postgres() {
            self.main.comments.push(Step::CommentColumn {
                table: name.clone(),
                column: after.clone(),
                before: None,
            });
        }
    }

    fn nullability(&mut self, table: &str, before: &Column, after: &Column) {
        if before.nullable == after.nullable {
            return;
        }
        let name = table.to_string();
        if self.sqlite_rebuilds() {
            return;
        }
        // The column as it is after this step alone: type and default already changed, comment
        // not yet (MySQL restates the whole definition).
        let mut column = before.clone();
        column.ty = after.ty;
        column.native_types = after.native_types.clone();
        column.nullable = after.nullable;
        column.default = after.default.clone();
        if after.nullable {
            self.main.columns.push(Step::SetNullable { table: name, column });
            return;
        }
        // Its NULLs get the default (a column without one is refused before).
        let fill = match &after.default {
            Some(DefaultValue::Literal(value)) => Fill::Value(value.clone()),
            _ => Fill::Default(column.clone()),
        };
        if !self.postgres() {
            self.main.columns.push(Step::Backfill {
                table: name.clone(),
                column: after.name.clone(),
                fill,
                key: self.key.clone(),
            });
            self.main.columns.push(Step::SetNullable { table: name, column });
            return;
        }
        self.not_null_later(&name, column, fill);
    }

    /// PostgreSQL: a trigger gives rows written from now on the default instead of NULL, and a
    /// NOT VALID check holds new rows to it; the old rows' NULLs are filled in batches; then the
    /// check is validated without blocking writes, SET NOT NULL uses it instead of scanning
    /// under a lock, and the check and trigger go. `column` is the column as SET NOT NULL leaves
    /// it, with its default. No write fails meanwhile: the trigger fills what a write leaves
    /// NULL, whether it updates another column of an old row or writes NULL itself.
    fn not_null_later(&mut self, table: &str, column: Column, fill: Fill) {
        let name = table.to_string();
        let check = Check::not_null(
            format!("{name}_{}_not_null", column.name),
            &column.name,
            self.dialect,
            column.origin.clone(),
        );
        self.main.constraints.push(Step::AddCheck {
            table: name.clone(),
            check: check.clone(),
            validated: false,
        });
        self.main.triggers.push(Step::AddNullFill {
            table: name.clone(),
            column: column.clone(),
        });
        self.backfill.push(Step::Backfill {
            table: name.clone(),
            column: column.name.clone(),
            fill,
            key: self.key.clone(),
        });
        self.validate.push(Step::ValidateConstraint {
            table: name.clone(),
            name: check.name.clone(),
        });
        self.validate.push(Step::SetNullable {
            table: name.clone(),
            column: column.clone(),
        });
        self.validate.push(Step::DropCheck {
            table: name.clone(),
            check,
        });
        self.validate.push(Step::DropNullFill { table: name, column });
    }

    /// PostgreSQL: before a check is added `NOT VALID` to the existing table `old`, the migration
    /// makes sure no row breaks it, first thing, while it holds no lock that stops writes (a
    /// row that broke it would fail every write to it until validation). `condition` is in the
    /// new column names; it is checked in the old ones. A check reading a column this change
    /// adds has nothing to check yet.
    fn verify_rows(&mut self, old: &Table, new: &Table, map: &ColumnMap, constraint: &str, condition: &SqlExpr) {
        if !self.postgres() {
            return;
        }
        let reads_new_column = new.live_columns().any(|c| {
            condition.reads(&c.name) && old.column(map.old_name(&c.name)).is_none_or(|o| !o.lifecycle.is_live())
        });
        if reads_new_column {
            return;
        }
        self.main.verify.push(Step::VerifyRows {
            table: old.name.clone(),
            constraint: constraint.to_string(),
            condition: condition.replace_words(|word| map.renamed.get(word).cloned()),
        });
    }

    /// Constraints the existing table gains on PostgreSQL are added NOT VALID and validated in a
    /// later migration; a table created in the same plan needs none of that.
    fn validated_later(&mut self, table: &str, name: &str) -> bool {
        if self.postgres() {
            self.validate.push(Step::ValidateConstraint {
                table: table.to_string(),
                name: name.to_string(),
            });
            false
        } else {
            true
        }
    }

    fn uniques(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let table = new.name.clone();
        for unique in &old.uniques {
            let columns = map.forward(&unique.columns);
            match new.uniques.iter().find(|u| {
                u.name == unique.name || (u.columns == columns && !old.uniques.iter().any(|o| o.name == u.name))
            }) {
                // PostgreSQL cannot change when a unique constraint is checked in place.
                Some(now) if now.columns != columns || now.deferrable != unique.deferrable => {
                    if self.sqlite_rebuilds() {
                        continue; // a UNIQUE of the table definition cannot be dropped alone
                    }
                    self.main.drops.push(Step::DropUnique {
                        table: old.name.clone(),
                        unique: unique.clone(),
                    });
                    self.add_unique(&table, now);
                }
                // SQLite keeps unique constraints as named unique indexes, which it cannot rename.
                Some(now) if now.name != unique.name && self.dialect == Dialect::Sqlite => {
                    self.main.drops.push(Step::DropUnique {
                        table: old.name.clone(),
                        unique: unique.clone(),
                    });
                    self.add_unique(&table, now);
                }
                Some(now) if now.name != unique.name => self.main.constraints.push(Step::RenameConstraint {
                    table: table.clone(),
                    from: unique.name.clone(),
                    to: now.name.clone(),
                }),
                Some(_) => {}
                None if self.sqlite_rebuilds() => {}
                None => self.main.drops.push(Step::DropUnique {
                    table: old.name.clone(),
                    unique: unique.clone(),
                }),
            }
        }
        for unique in &new.uniques {
            let existed = old
                .uniques
                .iter()
                .any(|o| o.name == unique.name || map.forward(&o.columns) == unique.columns);
            if !existed {
                self.add_unique(&table, unique);
            }
        }
    }

    /// On PostgreSQL the unique index is built concurrently first, then the constraint takes it
    /// over (`USING INDEX`, a brief lock); elsewhere one statement.
    fn add_unique(&mut self, table: &str, unique: &crate::model::Unique) {
        if self.postgres() {
            let mut index = Index::plain(
                unique.name.clone(),
                unique.columns.iter().map(crate::model::IndexKey::column).collect(),
                unique.origin.clone(),
            );
            index.unique = true;
            self.indexes.push(Step::CreateIndex {
                table: table.to_string(),
                index,
                concurrently: true,
            });
            self.attach.push(Step::AttachUnique {
                table: table.to_string(),
                unique: unique.clone(),
            });
            return;
        }
        self.main.constraints.push(Step::AddUnique {
            table: table.to_string(),
            unique: unique.clone(),
        });
    }

    fn checks(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let table = new.name.clone();
        let renamed = |expr: &SqlExpr| rename_identifiers(expr, map);
        for check in &old.checks {
            match new.checks.iter().find(|c| c.name == check.name) {
                Some(now)
                    if normalize(now.expr.as_str()) == normalize(renamed(&check.expr).as_str())
                        && now.not_valid == check.not_valid => {}
                Some(now) => {
                    self.main.drops.push(Step::DropCheck {
                        table: old.name.clone(),
                        check: check.clone(),
                    });
                    // A check declared `not_valid` is added NOT VALID and never validated.
                    let validated = self.sqlite_refuses_constraint(&table, &now.name, &now.origin)
                        || now.not_valid
                        || self.validated_later(&table, &now.name);
                    if !validated {
                        self.verify_rows(old, new, map, &now.name, &now.expr);
                    }
                    self.main.constraints.push(Step::AddCheck {
                        table: table.clone(),
                        check: now.clone(),
                        validated,
                    });
                }
                None => {
                    if self.dialect == Dialect::Sqlite {
                        self.sqlite_refuses_constraint(&table, &check.name, &new.origin);
                    }
                    self.main.drops.push(Step::DropCheck {
                        table: old.name.clone(),
                        check: check.clone(),
                    });
                }
            }
        }
        for check in new
            .checks
            .iter()
            .filter(|c| !old.checks.iter().any(|o| o.name == c.name))
        {
            if self.sqlite_refuses_constraint(&table, &check.name, &check.origin) {
                continue;
            }
            let validated = check.not_valid || self.validated_later(&table, &check.name);
            if !validated {
                self.verify_rows(old, new, map, &check.name, &check.expr);
            }
            self.main.constraints.push(Step::AddCheck {
                table: table.clone(),
                check: check.clone(),
                validated,
            });
        }
    }

    /// SQLite cannot add or drop constraints of an existing table without rebuilding it.
    fn sqlite_refuses_constraint(&mut self, _table: &str, _name: &str, _origin: &Origin) -> bool {
        self.sqlite_rebuilds()
    }

    fn foreign_keys(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let table = new.name.clone();
        let added_columns: HashSet<&str> = new
            .columns
            .iter()
            .filter(|c| old.column(map.old_name(&c.name)).is_none())
            .map(|c| c.name.as_str())
            .collect();
        for fk in &old.foreign_keys {
            let mut moved = fk.clone();
            moved.columns = map.forward(&fk.columns);
            let same_key = |now: &ForeignKey| {
                now.columns == moved.columns
                    && now.references == moved.references
                    && now.on_delete == moved.on_delete
                    && now.on_update == moved.on_update
                    && now.not_valid == moved.not_valid
            };
            match new.foreign_keys.iter().find(|f| f.name == fk.name) {
                Some(now) if *now == moved || (same_key(now) && now.deferrable == moved.deferrable) => {}
                // PostgreSQL changes when a key is checked in place; SQLite rebuilds the table.
                Some(now) if same_key(now) && self.postgres() => self.main.constraints.push(Step::SetDeferrable {
                    table: table.clone(),
                    foreign_key: now.clone(),
                    before: fk.deferrable,
                }),
                Some(now) => {
                    if self.sqlite_refuses_constraint(&table, &now.name, &now.origin) {
                        continue;
                    }
                    self.main.drops.push(Step::DropForeignKey {
                        table: old.name.clone(),
                        foreign_key: fk.clone(),
                    });
                    let validated = now.not_valid || self.validated_later(&table, &now.name);
                    self.main.constraints.push(Step::AddForeignKey {
                        table: table.clone(),
                        foreign_key: now.clone(),
                        validated,
                    });
                }
                None => {
                    if !self.sqlite_refuses_constraint(&table, &fk.name, &new.origin) {
                        self.main.drops.push(Step::DropForeignKey {
                            table: old.name.clone(),
                            foreign_key: fk.clone(),
                        });
                    }
                }
            }
        }
        for fk in new
            .foreign_keys
            .iter()
            .filter(|f| !old.foreign_keys.iter().any(|o| o.name == f.name))
        {
            let carried_by_column = self.dialect != Dialect::Mysql
                && !fk.not_valid
                && fk.columns.len() == 1
                && added_columns.contains(fk.columns[0].as_str());
            if carried_by_column {
                continue;
            }
            if self.sqlite_refuses_constraint(&table, &fk.name, &fk.origin) {
                continue;
            }
            let new_column = fk.columns.len() == 1 && added_columns.contains(fk.columns[0].as_str());
            // A key on a column added in this migration has no rows to check.
            let validated = new_column || fk.not_valid || self.validated_later(&table, &fk.name);
            self.main.constraints.push(Step::AddForeignKey {
                table: table.clone(),
                foreign_key: fk.clone(),
                validated,
            });
        }
    }

    /// The `CHECK (column IN (...))` of enum columns.
    fn enum_checks(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let table = new.name.clone();
        for before in old.live_columns().filter(|c| c.values.is_some()) {
            let gone = !new
                .columns
                .iter()
                .any(|c| c.lifecycle.is_live() && map.old_name(&c.name) == before.name);
            if gone && !self.sqlite_refuses_constraint(&table, &before.name, &new.origin) {
                self.main.drops.push(Step::DropEnumCheck {
                    table: old.name.clone(),
                    column: before.clone(),
                });
            }
        }
        for after in new.live_columns() {
            let Some(before) = old.column(map.old_name(&after.name)).filter(|c| c.lifecycle.is_live()) else {
                continue;
            };
            // `removed` only confirms a removal: declaring or forgetting it changes no check.
            let allowed = |c: &Column| c.values.as_ref().map(|v| (v.values.clone(), v.check_name.clone()));
            if allowed(before) == allowed(after) && before.name == after.name {
                continue;
            }
            let (Some(was), now) = (&before.values, &after.values) else {
                if let Some(values) = &after.values {
                    if self.sqlite_refuses_constraint(&table, &after.name, &after.origin) {
                        continue;
                    }
                    let check_name = &values.check_name;
                    let validated = self.validated_later(&table, check_name);
                    if !validated {
                        self.verify_rows(old, new, map, check_name, &allowed_values(self.dialect, after));
                    }
                    self.main.constraints.push(Step::AddEnumCheck {
                        table: table.clone(),
                        column: after.clone(),
                        validated,
                    });
                }
                continue;
            };
            let removed: Vec<&String> = was
                .values
                .iter()
                .filter(|v| now.as_ref().is_none_or(|n| !n.values.contains(v)))
                .collect();
            let declared = now.as_ref().map(|n| n.removed.clone()).unwrap_or_default();
            let undeclared: Vec<&String> = removed.iter().copied().filter(|v| !declared.contains(v)).collect();
            if !undeclared.is_empty() && now.is_some() {
                let origin = after.origin.key("values");
                let listed = undeclared
                    .iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.refuse(
                    origin,
                    format!("values {listed} were removed from `{table}.{}`", after.name),
                    &format!(
                        "rows may still hold them: update those rows, then confirm with {} (the new check is validated against every row)",
                        origin.spell(
                            &format!("removed_values: [{}]", undeclared.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")),
                            &format!("removed_values({listed})")
                        )
                    ),
                );
                continue;
            }
            if self.sqlite_refuses_constraint(&table, &was.check_name, &after.origin) {
                continue;
            }
            self.main.drops.push(Step::DropEnumCheck {
                table: old.name.clone(),
                column: before.clone(),
            });
            if let Some(values) = now {
                let validated = self.validated_later(&table, &values.check_name);
                if !validated {
                    self.verify_rows(old, new, map, &values.check_name, &allowed_values(self.dialect, after));
                }
                self.main.constraints.push(Step::AddEnumCheck {
                    table: table.clone(),
                    column: after.clone(),
                    validated,
                });
            }
        }
    }

    fn indexes(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let table = new.name.clone();
        let concurrently = self.postgres();
        for index in &old.indexes {
            let mut moved = index.clone();
            moved.columns = map.forward_keys(&index.columns);
            moved.include = map.forward(&index.include);
            match new.indexes.iter().find(|i| i.name == index.name) {
                Some(now) if same_index(now, &moved) => {}
                Some(now) => {
                    self.drop_index(&old.name, index, concurrently);
                    self.create_index(&table, now, concurrently);
                }
                None => match new
                    .indexes
                    .iter()
                    .find(|i| same_index(i, &moved) && !old.indexes.iter().any(|o| o.name == i.name))
                {
                    Some(now) => self.rename_index(&old.name, &table, index, now),
                    None => self.drop_index(&old.name, index, concurrently),
                },
            }
        }
        for index in &new.indexes {
            let existed = old.indexes.iter().any(|o| {
                let mut moved = o.clone();
                moved.columns = map.forward_keys(&o.columns);
                moved.include = map.forward(&o.include);
                o.name == index.name || (same_index(index, &moved) && !new.indexes.iter().any(|n| n.name == o.name))
            });
            if !existed {
                self.create_index(&table, index, concurrently);
            }
        }
    }

    fn create_index(&mut self, table: &str, index: &Index, concurrently: bool) {
        let step = Step::CreateIndex {
            table: table.to_string(),
            index: index.clone(),
            concurrently,
        };
        if concurrently {
            self.indexes.push(step)
        } else {
            self.main.indexes.push(step)
        }
    }

    fn drop_index(&mut self, table: &str, index: &Index, concurrently: bool) {
        let step = Step::DropIndex {
            table: table.to_string(),
            index: index.clone(),
            concurrently,
        };
        if concurrently {
            self.indexes.push(step)
        } else {
            self.main.drops.push(step)
        }
    }

    /// An index whose name changed with its table or column. SQLite cannot rename indexes: it
    /// drops and builds it again (the drop under the table's old name: its inverse runs in the
    /// down after the table has its old name back).
    fn rename_index(&mut self, old_table: &str, table: &str, before: &Index, after: &Index) {
        if self.dialect == Dialect::Sqlite {
            self.drop_index(old_table, before, false);
            self.create_index(table, after, false);
        } else {
            self.main.indexes.push(Step::RenameIndex {
                table: table.to_string(),
                from: before.name.clone(),
                to: after.name.clone(),
            });
        }
    }

    fn triggers(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        if self.dialect == Dialect::Mysql {
            // ON UPDATE is part of the column: a new column brings it along, and a dropped one
            // loses it with the drop; an existing column gains or loses it by a restatement.
            for now in new.live_columns() {
                let Some(was) = old.column(map.old_name(&now.name)).filter(|c| c.lifecycle.is_live()) else {
                    continue;
                };
                if was.set_on_update != now.set_on_update {
                    let mut before = now.clone();
                    before.set_on_update = was.set_on_update;
                    self.main.triggers.push(Step::RestateColumn {
                        table: new.name.clone(),
                        column: now.clone(),
                        before,
                    });
                }
            }
            return;
        }
        let before = old.set_on_update_column();
        let after = new.set_on_update_column();
        let unchanged = match (before, after) {
            // The trigger sets the current time of the column's kind: a new precision alone
            // (changed in place) keeps it.
            (Some(b), Some(a)) => {
                b.name == a.name
                    && old.name == new.name
                    && (b.ty == a.ty
                        || (b.ty.with_precision(None) == a.ty.with_precision(None) && !self.retyped.contains(&a.name)))
            }
            (None, None) => true,
            _ => false,
        };
        if unchanged {
            return;
        }
        if let Some(column) = before {
            // Under the old names: drop it before the table or column is renamed.
            self.main.drops.push(Step::DropUpdateTrigger {
                table: old.name.clone(),
                column: column.clone(),
            });
        }
        if let Some(column) = after {
            self.main.triggers.push(Step::CreateUpdateTrigger {
                table: new.name.clone(),
                column: column.clone(),
            });
        }
    }

    fn comments(&mut self, old: &Table, new: &Table) {
        match self.dialect {
            Dialect::Sqlite => {}
            Dialect::Postgres | Dialect::Mysql => {
                if old.comment != new.comment {
                    self.main.comments.push(Step::CommentTable {
                        table: new.name.clone(),
                        comment: new.comment.clone(),
                        before: old.comment.clone(),
                    });
                }
                for column in new.live_columns() {
                    let Some(before) = old
                        .columns
                        .iter()
                        .find(|c| c.name == column.name || column.renamed_from.as_deref() == Some(&c.name))
                    else {
                        continue; // new columns carry their comment
                    };
                    let restated = self.retyped.contains(&column.name)
                        || (self.dialect == Dialect::Mysql && before.ty != column.ty);
                    if before.comment != column.comment && !restated {
                        self.main.comments.push(Step::CommentColumn {
                            table: new.name.clone(),
                            column: column.clone(),
                            before: before.comment.clone(),
                        });
                    }
                }
            }
        }
    }

    fn security(&mut self, old: &Table, new: &Table) {
        if old.tenant == new.tenant && old.name == new.name {
            return;
        }
        if old.tenant.is_some() {
            self.main.drops.push(Step::DisableRowLevelSecurity {
                table: Arc::new(old.clone()),
            });
        }
        if new.tenant.is_some() {
            self.main.security.push(Step::EnableRowLevelSecurity {
                table: Arc::new(new.clone()),
            });
        }
    }
}

/// The columns a table has in the database: its live columns, and the dropped ones under their
/// backup names (nullable, with nothing attached).
/// The syntax the whole schema is written in, for help about what is in no source any more;
/// `None` (both spellings) when its tables are written both ways.
fn schema_syntax(schema: &Schema) -> Option<crate::model::Syntax> {
    let mut syntaxes = schema.tables.iter().map(|t| t.origin.syntax);
    let first = syntaxes.next().flatten();
    syntaxes.all(|s| s == first).then_some(first).flatten()
}

fn physical(table: &Table) -> Table {
    let mut shape = table.clone();
    shape.columns = table
        .columns
        .iter()
        .filter(|c| c.lifecycle != Lifecycle::Purged)
        .map(|c| match c.lifecycle {
            Lifecycle::Dropped => kept_column(c),
            _ => c.clone(),
        })
        .collect();
    shape
}

/// A dropped column as the database keeps it: under its backup name, nullable, with nothing
/// attached.
fn kept_column(column: &Column) -> Column {
    let mut kept = column.clone();
    kept.name = backup_name(&column.name);
    kept.nullable = true;
    kept.values = None;
    kept.set_on_update = false;
    kept.lifecycle = Lifecycle::Live;
    kept
}

/// SQLite's table rebuild: the table as it was (under its current name) and as it will be, and
/// which old column fills each new one.
fn rebuild(old: &Table, new: &Table, map: &ColumnMap) -> Step {
    let mut before = physical(old);
    before.name = new.name.clone();
    let after = physical(new);
    let mut sources = Vec::new();
    for column in &new.columns {
        let Some(was) = old.column(map.old_name(&column.name)) else {
            continue;
        };
        if column.generated.is_some() || was.generated.is_some() {
            continue; // computed by the new table, never copied
        }
        let from = if was.lifecycle == Lifecycle::Dropped {
            backup_name(&was.name)
        } else {
            was.name.clone()
        };
        let to = match column.lifecycle {
            Lifecycle::Live => column.name.clone(),
            Lifecycle::Dropped => backup_name(&column.name),
            Lifecycle::Purged => continue,
        };
        if was.lifecycle != Lifecycle::Purged {
            sources.push((to, from));
        }
    }
    Step::RebuildTable { before, after, sources }
}

/// The old table a new one continues: same name, or the one it was renamed from.
fn old_table_for<'a>(old: &'a Schema, new: &Schema, table: &Table) -> Option<&'a Table> {
    old.table(&table.name).or_else(|| {
        let from = table.renamed_from.as_deref()?;
        old.table(from).filter(|_| new.table(from).is_none())
    })
}

fn same_columns(a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.name == y.name && x.ty == y.ty)
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| same_key(x, y))
        && a.include == b.include
        && a.with == b.with
        && a.unique == b.unique
        && a.method == b.method
        && a.predicate.as_ref().map(|p| normalize(p.as_str())) == b.predicate.as_ref().map(|p| normalize(p.as_str()))
}

/// Keys are the same when their expressions differ only in spacing and case.
fn same_key(a: &crate::model::IndexKey, b: &crate::model::IndexKey) -> bool {
    use crate::model::KeyTarget;
    let target = match (&a.target, &b.target) {
        (KeyTarget::Column(x), KeyTarget::Column(y)) => x == y,
        (KeyTarget::Expression(x), KeyTarget::Expression(y)) => normalize(x.as_str()) == normalize(y.as_str()),
        _ => false,
    };
    target && a.descending == b.descending && a.nulls == b.nulls && a.opclass == b.opclass
}

/// Defaults that differ per row: PostgreSQL must rewrite the table to add a column with one.
fn is_volatile(default: &DefaultValue) -> bool {
    match default {
        DefaultValue::RandomUuid => true,
        DefaultValue::Sql(expr) => {
            let lower = expr.as_str().to_ascii_lowercase();
            ["random(", "uuid", "clock_timestamp(", "nextval(", "timeofday("]
                .iter()
                .any(|f| lower.contains(f))
        }
        _ => false,
    }
}

/// What the enum check of `column` requires: `"status" IN ('new', 'done')`.
fn allowed_values(dialect: Dialect, column: &Column) -> SqlExpr {
    let values = column.values.as_ref().map(|v| v.values.as_slice()).unwrap_or_default();
    let list: Vec<String> = values.iter().map(|v| crate::sql::quote::literal(dialect, v)).collect();
    let text = format!(
        "{} IN ({})",
        crate::sql::quote::ident(dialect, &column.name),
        list.join(", ")
    );
    SqlExpr::parse(&text).expect("a quoted name and quoted literals are an expression")
}

/// Case and spacing do not matter when comparing SQL expressions.
pub(crate) fn normalize(expr: &str) -> String {
    expr.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
        .replace(['"', '`'], "")
}

/// An old expression in the new column names.
fn rename_identifiers(expr: &SqlExpr, map: &ColumnMap) -> SqlExpr {
    expr.replace_words(|word| {
        map.renamed
            .iter()
            .find(|(_, old)| *old == word)
            .map(|(new, _)| new.clone())
    })
}
