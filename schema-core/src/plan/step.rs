//! One schema change, and its exact inverse.

use crate::model::{
    Check, Column, DefaultValue, Deferrable, ForeignKey, Function, Index, Literal, PrimaryKey, Table, Trigger, Unique,
};
use std::sync::Arc;

use crate::sql::SqlExpr;

/// What a backfill writes into the rows still NULL.
#[derive(Clone, Debug, PartialEq)]
pub enum Fill {
    /// A constant: the column's new default.
    Value(Literal),
    /// The column's default, evaluated per row (`gen_random_uuid()`, `now()`).
    Default(Column),
    /// The value of column `from`, converted to the type of `to`. Rows where `from` is NULL
    /// take `to`'s default when it has one (a column that also becomes NOT NULL), and otherwise
    /// stay NULL.
    Cast { from: String, to: Column },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A new table with its columns, key, unique and check constraints, and the foreign keys
    /// listed (the others are added later by `AddForeignKey`).
    ///
    /// The table is shared, not copied, with the step that undoes it (`DropTable`, then
    /// `CreateTable` again): a thousand tables' plan would otherwise hold the model twice more.
    CreateTable {
        table: Arc<Table>,
        foreign_keys: Vec<ForeignKey>,
    },
    DropTable {
        table: Arc<Table>,
    },
    RenameTable {
        from: String,
        to: String,
    },
    /// Deletes the values a narrowing kept (`narrowing: purged`). If the database was built
    /// straight from a schema that already allowed the narrowing, there is nothing to delete.
    PurgeKept {
        table: Arc<Table>,
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
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// Makes `column` nullable or NOT NULL, as `column.nullable` says.
    SetNullable {
        table: String,
        column: Column,
    },
    /// Sets the default to `column.default`; the inverse restores `before`.
    SetDefault {
        table: String,
        column: Column,
        before: Option<DefaultValue>,
    },
    /// A type change made by one ALTER (`before` is the column as it was): in place, or, with
    /// `copies`, by the server copying the table (MySQL) while writes wait.
    AlterType {
        table: String,
        column: Column,
        before: Column,
        copies: bool,
    },
    /// MySQL: the column's whole definition restated (`before` is what the inverse restores),
    /// for what MySQL keeps inside it, like `ON UPDATE`.
    RestateColumn {
        table: String,
        column: Column,
        before: Column,
    },
    /// PostgreSQL, first step of a type change: a trigger keeps `target` (the new column, of
    /// the new type) equal to `column` converted, on every insert and update. A NULL of
    /// `column` becomes `target`'s default when it has one (the column also becomes NOT NULL).
    /// A write that sets `column` to a value the new type cannot hold is refused; one that
    /// leaves it alone never is (the backfill meets that value).
    AddRetypeSync {
        table: String,
        column: Column,
        target: Column,
    },
    DropRetypeSync {
        table: String,
        column: Column,
        target: Column,
    },
    /// PostgreSQL, last step of a type change, once the new column is filled and its indexes
    /// built: the old column is dropped and the new one takes its name, NOT NULL (through the
    /// validated check), default, comment and indexes (`indexes`, as the schema names them).
    SwapRetyped {
        table: String,
        before: Column,
        after: Column,
        indexes: Vec<Index>,
    },
    /// The inverse of `SwapRetyped`: the old column is rebuilt from the new one (the conversion
    /// back is exact: only lossless changes are planned this way).
    UnswapRetyped {
        table: String,
        before: Column,
        after: Column,
        indexes: Vec<Index>,
    },
    /// The primary key moves to other columns; on PostgreSQL the new one takes over
    /// `using_index`, built concurrently before.
    ChangePrimaryKey {
        table: String,
        before: PrimaryKey,
        after: PrimaryKey,
        using_index: Option<String>,
    },
    AddUnique {
        table: String,
        unique: Unique,
    },
    /// PostgreSQL: the unique constraint takes over the unique index of the same name.
    AttachUnique {
        table: String,
        unique: Unique,
    },
    DropUnique {
        table: String,
        unique: Unique,
    },
    /// `validated: false` adds it `NOT VALID` (PostgreSQL): existing rows are checked later by
    /// `ValidateConstraint`, without blocking writes. A check declared `not_valid` is always added
    /// `NOT VALID` and never validated.
    AddCheck {
        table: String,
        check: Check,
        validated: bool,
    },
    DropCheck {
        table: String,
        check: Check,
    },
    AddForeignKey {
        table: String,
        foreign_key: ForeignKey,
        validated: bool,
    },
    DropForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    /// PostgreSQL: the foreign key becomes as deferrable as `foreign_key.deferrable` says, in
    /// place (`ALTER CONSTRAINT`); `before` is what the inverse restores.
    SetDeferrable {
        table: String,
        foreign_key: ForeignKey,
        before: Option<Deferrable>,
    },
    /// The `CHECK (column IN (...))` of an enum column.
    AddEnumCheck {
        table: String,
        column: Column,
        validated: bool,
    },
    DropEnumCheck {
        table: String,
        column: Column,
    },
    ValidateConstraint {
        table: String,
        name: String,
    },
    RenameConstraint {
        table: String,
        from: String,
        to: String,
    },
    RenameIndex {
        table: String,
        from: String,
        to: String,
    },
    /// Before a narrowing type change: the primary key and value of every row of `table` whose
    /// `column` is not NULL, copied into `backup`.
    KeepValues {
        table: String,
        column: String,
        backup: Table,
    },
    /// The inverse, after the type is back: the kept values return to the rows still there.
    RestoreValues {
        table: String,
        column: String,
        backup: Table,
    },
    /// What a narrowing made of each kept value of `column`, read from `from` (the column
    /// itself after the change, or PostgreSQL's converted column before the swap), recorded
    /// beside it.
    RecordNarrowed {
        table: String,
        column: String,
        from: String,
        backup: Table,
    },
    /// The inverse, before the kept values go back: those of rows whose value (in `from`)
    /// changed since the narrowing are forgotten, so that the restore never overwrites newer data.
    ForgetChanged {
        table: String,
        column: String,
        from: String,
        backup: Table,
    },
    /// PostgreSQL, while `column` becomes NOT NULL: a trigger that gives every inserted or
    /// updated row that leaves it NULL its default (`column.default`), so that no write fails on
    /// the `NOT VALID` check, which holds from then on, while old rows are still being filled.
    AddNullFill {
        table: String,
        column: Column,
    },
    DropNullFill {
        table: String,
        column: Column,
    },
    /// PostgreSQL, before a check is added `NOT VALID`: stops the migration, before anything
    /// changed, if an existing row breaks it (`condition` false). Such a row would fail every
    /// later write to it, whatever the write changes, until it is fixed.
    VerifyRows {
        table: String,
        constraint: String,
        condition: SqlExpr,
    },
    /// Fills the NULLs of a column, in batches that commit (PostgreSQL) so rows are never locked
    /// for long.
    Backfill {
        table: String,
        column: String,
        fill: Fill,
        /// An integer primary key to walk in ranges (else batches are found by scanning).
        key: Option<String>,
    },
    /// `concurrently`: without blocking writes (PostgreSQL), in a migration of its own.
    CreateIndex {
        table: String,
        index: Index,
        concurrently: bool,
    },
    DropIndex {
        table: String,
        index: Index,
        concurrently: bool,
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
    /// `ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE` (PostgreSQL), creating `btree_gist` first when
    /// it compares values with `=` under GiST. `locks_existing`: the table has rows, and the
    /// index build holds ACCESS EXCLUSIVE (said in the migration, which is of its own).
    AddExclusion {
        table: String,
        exclusion: crate::model::Exclusion,
        locks_existing: bool,
    },
    DropExclusion {
        table: String,
        exclusion: crate::model::Exclusion,
    },
    /// `COMMENT ON CONSTRAINT` of a key, unique constraint, check or foreign key, or `COMMENT ON
    /// INDEX` (`index`), whose comment alone changed (a constraint or index created anew carries
    /// its comment); `before` is what the inverse restores.
    CommentConstraint {
        table: String,
        name: String,
        index: bool,
        comment: Option<String>,
        before: Option<String>,
    },
    EnableRowLevelSecurity {
        table: Arc<Table>,
    },
    DisableRowLevelSecurity {
        table: Arc<Table>,
    },
    /// PostgreSQL: an auto-incrementing column changes how it is numbered (identity or sequence
    /// default, `ALWAYS` or `BY DEFAULT`), or its sequence its name or options, in place and
    /// keeping its current value. Both columns have their sequence's name filled in.
    AlterSequence {
        table: String,
        before: Column,
        after: Column,
    },
    /// A declared function (PostgreSQL), with its comment.
    CreateFunction {
        function: Function,
    },
    DropFunction {
        function: Function,
    },
    /// `CREATE OR REPLACE FUNCTION`: a new body or options, same signature; the inverse puts
    /// `before` back exactly.
    ReplaceFunction {
        function: Function,
        before: Function,
    },
    /// `ALTER FUNCTION from(...) RENAME TO function.name`.
    RenameFunction {
        function: Function,
        from: String,
    },
    /// A declared trigger, with its comment.
    CreateTrigger {
        table: String,
        trigger: Trigger,
    },
    DropTrigger {
        table: String,
        trigger: Trigger,
    },
    RenameTrigger {
        table: String,
        from: String,
        to: String,
    },
    /// SQLite: a new table in the final shape, the rows copied over (each `(new, old)` column pair
    /// in `sources`; new columns without a source take their default), the old table dropped,
    /// the new one renamed and its indexes and trigger created.
    RebuildTable {
        before: Table,
        after: Table,
        sources: Vec<(String, String)>,
    },
    /// A change to an extension, an enum type or a domain (PostgreSQL).
    Type(super::types::TypeStep),
    /// A view or materialized view (see `super::views`).
    View(super::views::ViewStep),
}

impl Step {
    /// The step that undoes this one; `None` for steps with nothing to undo (validating a
    /// constraint, filling NULLs: the data stays valid under the previous schema).
    pub fn inverse(&self) -> Option<Step> {
        use Step::*;
        Some(match self.clone() {
            CreateTable { table, .. } => DropTable { table },
            DropTable { table } => CreateTable {
                foreign_keys: table.foreign_keys.clone(),
                table,
            },
            RenameTable { from, to } => RenameTable { from: to, to: from },
            PurgeKept { table } => CreateTable {
                table,
                foreign_keys: Vec::new(),
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
            RenameColumn { table, from, to } => RenameColumn {
                table,
                from: to,
                to: from,
            },
            SetNullable { table, mut column } => {
                column.nullable = !column.nullable;
                SetNullable { table, column }
            }
            SetDefault {
                table,
                mut column,
                before,
            } => {
                let after = std::mem::replace(&mut column.default, before);
                SetDefault {
                    table,
                    column,
                    before: after,
                }
            }
            AlterType {
                table,
                column,
                before,
                copies,
            } => AlterType {
                table,
                column: before,
                before: column,
                copies,
            },
            RestateColumn { table, column, before } => RestateColumn {
                table,
                column: before,
                before: column,
            },
            AddRetypeSync { table, column, target } => DropRetypeSync { table, column, target },
            DropRetypeSync { table, column, target } => AddRetypeSync { table, column, target },
            SwapRetyped {
                table,
                before,
                after,
                indexes,
            } => UnswapRetyped {
                table,
                before,
                after,
                indexes,
            },
            UnswapRetyped {
                table,
                before,
                after,
                indexes,
            } => SwapRetyped {
                table,
                before,
                after,
                indexes,
            },
            ChangePrimaryKey {
                table, before, after, ..
            } => ChangePrimaryKey {
                table,
                before: after,
                after: before,
                using_index: None,
            },
            AddUnique { table, unique } | AttachUnique { table, unique } => DropUnique { table, unique },
            DropUnique { table, unique } => AddUnique { table, unique },
            AddCheck { table, check, .. } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck {
                table,
                check,
                validated: true,
            },
            AddForeignKey { table, foreign_key, .. } => DropForeignKey { table, foreign_key },
            DropForeignKey { table, foreign_key } => AddForeignKey {
                table,
                foreign_key,
                validated: true,
            },
            SetDeferrable {
                table,
                mut foreign_key,
                before,
            } => {
                let after = std::mem::replace(&mut foreign_key.deferrable, before);
                SetDeferrable {
                    table,
                    foreign_key,
                    before: after,
                }
            }
            AddEnumCheck { table, column, .. } => DropEnumCheck { table, column },
            DropEnumCheck { table, column } => AddEnumCheck {
                table,
                column,
                validated: true,
            },
            ValidateConstraint { .. } | Backfill { .. } | VerifyRows { .. } => return None,
            AddNullFill { table, column } => DropNullFill { table, column },
            DropNullFill { table, column } => AddNullFill { table, column },
            KeepValues { table, column, backup } => RestoreValues { table, column, backup },
            RestoreValues { table, column, backup } => KeepValues { table, column, backup },
            RecordNarrowed {
                table,
                column,
                from,
                backup,
            } => ForgetChanged {
                table,
                column,
                from,
                backup,
            },
            ForgetChanged {
                table,
                column,
                from,
                backup,
            } => RecordNarrowed {
                table,
                column,
                from,
                backup,
            },
            RenameConstraint { table, from, to } => RenameConstraint {
                table,
                from: to,
                to: from,
            },
            RenameIndex { table, from, to } => RenameIndex {
                table,
                from: to,
                to: from,
            },
            CreateIndex {
                table,
                index,
                concurrently,
            } => DropIndex {
                table,
                index,
                concurrently,
            },
            DropIndex {
                table,
                index,
                concurrently,
            } => CreateIndex {
                table,
                index,
                concurrently,
            },
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
            AddExclusion { table, exclusion, .. } => DropExclusion { table, exclusion },
            DropExclusion { table, exclusion } => AddExclusion {
                table,
                exclusion,
                locks_existing: true,
            },
            CommentConstraint {
                table,
                name,
                index,
                comment,
                before,
            } => CommentConstraint {
                table,
                name,
                index,
                comment: before,
                before: comment,
            },
            EnableRowLevelSecurity { table } => DisableRowLevelSecurity { table },
            DisableRowLevelSecurity { table } => EnableRowLevelSecurity { table },
            AlterSequence { table, before, after } => AlterSequence {
                table,
                before: after,
                after: before,
            },
            Type(step) => Type(step.inverse()?),
            View(step) => View(step.inverse()),
            CreateFunction { function } => DropFunction { function },
            DropFunction { function } => CreateFunction { function },
            ReplaceFunction { function, before } => ReplaceFunction {
                function: before,
                before: function,
            },
            RenameFunction { mut function, from } => {
                let to = std::mem::replace(&mut function.name, from);
                RenameFunction { function, from: to }
            }
            CreateTrigger { table, trigger } => DropTrigger { table, trigger },
            DropTrigger { table, trigger } => CreateTrigger { table, trigger },
            RenameTrigger { table, from, to } => RenameTrigger {
                table,
                from: to,
                to: from,
            },
            RebuildTable { before, after, sources } => RebuildTable {
                before: after,
                after: before,
                sources: sources.into_iter().map(|(to, from)| (from, to)).collect(),
            },
        })
    }

    pub fn table_name(&self) -> &str {
        use Step::*;
        match self {
            CreateTable { table, .. } | DropTable { table } | PurgeKept { table } => &table.name,
            EnableRowLevelSecurity { table } | DisableRowLevelSecurity { table } => &table.name,
            RebuildTable { after, .. } => &after.name,
            // Not a table's: no table is created or locked by it.
            Type(_) => "",
            // A view is named like a table (it shares their namespace).
            View(step) => step.object(),
            RenameTable { to, .. } => to,
            // A function belongs to no table: its name stands in.
            CreateFunction { function }
            | DropFunction { function }
            | ReplaceFunction { function, .. }
            | RenameFunction { function, .. } => &function.name,
            CreateTrigger { table, .. } | DropTrigger { table, .. } | RenameTrigger { table, .. } => table,
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | RenameColumn { table, .. }
            | SetNullable { table, .. }
            | SetDefault { table, .. }
            | AlterType { table, .. }
            | RestateColumn { table, .. }
            | AddRetypeSync { table, .. }
            | DropRetypeSync { table, .. }
            | SwapRetyped { table, .. }
            | UnswapRetyped { table, .. }
            | AddUnique { table, .. }
            | ChangePrimaryKey { table, .. }
            | AttachUnique { table, .. }
            | DropUnique { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | SetDeferrable { table, .. }
            | AddEnumCheck { table, .. }
            | DropEnumCheck { table, .. }
            | ValidateConstraint { table, .. }
            | RenameConstraint { table, .. }
            | RenameIndex { table, .. }
            | Backfill { table, .. }
            | AddNullFill { table, .. }
            | DropNullFill { table, .. }
            | VerifyRows { table, .. }
            | KeepValues { table, .. }
            | RestoreValues { table, .. }
            | RecordNarrowed { table, .. }
            | ForgetChanged { table, .. }
            | CreateIndex { table, .. }
            | DropIndex { table, .. }
            | CreateUpdateTrigger { table, .. }
            | DropUpdateTrigger { table, .. }
            | CommentTable { table, .. }
            | CommentColumn { table, .. }
            | AlterSequence { table, .. }
            | CommentConstraint { table, .. }
            | AddExclusion { table, .. }
            | DropExclusion { table, .. } => table,
        }
    }

    /// One line for the migration's header.
    pub fn summary(&self) -> String {
        use Step::*;
        match self {
            CreateTable { table, .. } => format!("create table {}", table.name),
            DropTable { table } => format!("drop table {}", table.name),
            PurgeKept { table } => format!("delete the values kept in {}", table.name),
            RenameTable { from, to } => format!("rename table {from} to {to}"),
            AddColumn { table, column, .. } => format!("add column {table}.{}", column.name),
            DropColumn { table, column, .. } => format!("drop column {table}.{}", column.name),
            RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            SetNullable { table, column } if column.nullable => format!("make {table}.{} nullable", column.name),
            SetNullable { table, column } => format!("make {table}.{} NOT NULL", column.name),
            SetDefault { table, column, .. } => format!("change the default of {table}.{}", column.name),
            AlterType {
                table, column, copies, ..
            } => {
                let copy = if *copies {
                    " (the server copies the table; writes wait)"
                } else {
                    ""
                };
                format!("change {table}.{} to {}{copy}", column.name, column.ty)
            }
            RestateColumn { table, column, before } if column.set_on_update != before.set_on_update => {
                let verb = if column.set_on_update { "set" } else { "stop setting" };
                format!("{verb} {table}.{} on update", column.name)
            }
            RestateColumn { table, column, .. } => format!("restate {table}.{}", column.name),
            AddRetypeSync { table, column, target } => {
                format!(
                    "add {table}.{} ({}), kept in sync with {}",
                    target.name, target.ty, column.name
                )
            }
            DropRetypeSync { table, target, .. } => format!("drop {table}.{} and its sync trigger", target.name),
            SwapRetyped { table, after, .. } => {
                format!("swap in the {} column as {table}.{}", after.ty, after.name)
            }
            UnswapRetyped { table, before, .. } => {
                format!("swap back the {} column as {table}.{}", before.ty, before.name)
            }
            AddUnique { unique, .. } => format!("add unique {}", unique.name),
            ChangePrimaryKey { table, after, .. } => {
                format!("make ({}) the primary key of {table}", after.columns.join(", "))
            }
            AttachUnique { unique, .. } => format!("make index {} the unique constraint", unique.name),
            DropUnique { unique, .. } => format!("drop unique {}", unique.name),
            AddCheck { check, .. } => format!("add check {}", check.name),
            DropCheck { check, .. } => format!("drop check {}", check.name),
            AddForeignKey { foreign_key, .. } => format!("add foreign key {}", foreign_key.name),
            DropForeignKey { foreign_key, .. } => format!("drop foreign key {}", foreign_key.name),
            SetDeferrable { foreign_key, .. } => format!(
                "make foreign key {} {}",
                foreign_key.name,
                Deferrable::sql_of(foreign_key.deferrable)
            ),
            AddEnumCheck { table, column, .. } => format!("allow values of {table}.{}", column.name),
            DropEnumCheck { table, column } => format!("drop the allowed values of {table}.{}", column.name),
            ValidateConstraint { name, .. } => format!("validate {name}"),
            RenameConstraint { from, to, .. } => format!("rename constraint {from} to {to}"),
            RenameIndex { from, to, .. } => format!("rename index {from} to {to}"),
            Backfill {
                table,
                column,
                fill: Fill::Cast { from, .. },
                ..
            } => format!("fill {table}.{column} from {from}"),
            Backfill { table, column, .. } => format!("fill NULLs of {table}.{column}"),
            AddNullFill { table, column } => {
                format!(
                    "give rows written meanwhile the default of {table}.{} for NULL",
                    column.name
                )
            }
            DropNullFill { table, column } => {
                format!(
                    "stop giving rows written the default of {table}.{} for NULL",
                    column.name
                )
            }
            VerifyRows { table, constraint, .. } => format!("check that every row of {table} satisfies {constraint}"),
            KeepValues { table, column, backup } => format!("keep the values of {table}.{column} in {}", backup.name),
            RestoreValues { table, column, backup } => {
                format!("put the values kept in {} back into {table}.{column}", backup.name)
            }
            RecordNarrowed {
                table, column, backup, ..
            } => {
                format!("record what the narrowing made of {table}.{column} in {}", backup.name)
            }
            ForgetChanged {
                table, column, backup, ..
            } => {
                format!(
                    "forget the values in {} of rows whose {table}.{column} changed since",
                    backup.name
                )
            }
            CreateIndex { index, .. } => format!("create index {}", index.name),
            DropIndex { index, .. } => format!("drop index {}", index.name),
            CreateUpdateTrigger { table, column } => format!("maintain {table}.{} on update", column.name),
            DropUpdateTrigger { table, column } => format!("stop maintaining {table}.{}", column.name),
            CommentTable { table, .. } => format!("comment on {table}"),
            CommentColumn { table, column, .. } => format!("comment on {table}.{}", column.name),
            AddExclusion {
                table,
                exclusion,
                locks_existing: true,
            } => format!(
                "add exclusion constraint {} to {table} (its index is built under ACCESS EXCLUSIVE: reads and writes of {table} wait until it is built)",
                exclusion.name
            ),
            AddExclusion { table, exclusion, .. } => format!("add exclusion constraint {} to {table}", exclusion.name),
            DropExclusion { table, exclusion } => format!("drop exclusion constraint {} of {table}", exclusion.name),
            CommentConstraint { name, index: true, .. } => format!("comment on index {name}"),
            CommentConstraint { table, name, .. } => format!("comment on constraint {name} of {table}"),
            EnableRowLevelSecurity { table } => format!("row-level security on {}", table.name),
            DisableRowLevelSecurity { table } => format!("no row-level security on {}", table.name),
            RebuildTable { after, .. } => format!("rebuild table {} (SQLite cannot alter it in place)", after.name),
            AlterSequence { table, before, after } => super::planner::sequence::summary(table, before, after),
            Type(step) => step.summary(),
            View(step) => step.summary(),
            CreateFunction { function } => format!("create function {}", function.signature()),
            DropFunction { function } => format!("drop function {}", function.signature()),
            ReplaceFunction { function, .. } => format!("replace function {}", function.signature()),
            RenameFunction { function, from } => format!("rename function {from} to {}", function.name),
            CreateTrigger { table, trigger } => format!("create trigger {} on {table}", trigger.name),
            DropTrigger { table, trigger } => format!("drop trigger {} on {table}", trigger.name),
            RenameTrigger { table, from, to } => format!("rename trigger {from} on {table} to {to}"),
        }
    }
}

/// What a step changes, in the words a migration's folder is named with (see [`Plan::slug`]).
///
/// [`Plan::slug`]: super::Plan::slug
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The table, as the schema names it after the change (without `__dropped`).
    pub table: String,
    pub subject: Subject,
    pub verb: Verb,
}

/// What a [`Change`] is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The table itself (renamed, dropped, its key, comments, row-level security); `from` is
    /// its name before a rename.
    Table { from: Option<String> },
    /// A column, by its name after the change (without `__dropped`); `from` is its name before a
    /// rename.
    Column { name: String, from: Option<String> },
    /// An index, with its columns.
    Index { name: String, columns: Vec<String> },
    /// A unique, check or foreign-key constraint, with the columns it covers or reads.
    Constraint { name: String, columns: Vec<String> },
}

/// What happens to a subject. The order is the weight: when one column changes in several
/// ways, the heaviest names it (a new column's index, check or comment is part of adding it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    // The table's.
    Comment,
    EnableRowLevelSecurity,
    DisableRowLevelSecurity,
    ChangePrimaryKey,
    // A column's (and indexes' and constraints': `Add`, `Drop`, `Change`), lightest first.
    Change,
    ChangeDefault,
    SetOnUpdate,
    UnsetOnUpdate,
    ChangeValues,
    MakeNullable,
    MakeNotNull,
    ChangeType,
    PurgeNarrowed,
    Rename,
    Drop,
    Purge,
    Add,
}

impl Verb {
    /// Changes that make the column's indexes and constraints part of them.
    pub fn reshapes_column(self) -> bool {
        matches!(
            self,
            Verb::ChangeType | Verb::Rename | Verb::Drop | Verb::Purge | Verb::Add
        )
    }
}

/// `name` without the `__dropped` a drop gave it.
fn undropped(name: &str) -> &str {
    name.strip_suffix(crate::model::backup_name("").as_str())
        .unwrap_or(name)
}

/// The column whose type changes, for the column (or index) that takes its place on PostgreSQL.
fn retyped(name: &str) -> Option<&str> {
    name.strip_suffix(crate::model::naming::retype_column("").as_str())
}

/// The column of a `CHECK ("column" IS NOT NULL)`, the check NOT NULL goes through.
fn not_null_column(check: &Check) -> Option<&str> {
    let words: Vec<&str> = check.expr.words().collect();
    match words.as_slice() {
        [column, is, not, null]
            if is.eq_ignore_ascii_case("is")
                && not.eq_ignore_ascii_case("not")
                && null.eq_ignore_ascii_case("null") =>
        {
            Some(column)
        }
        _ => None,
    }
}

impl Step {
    /// What this step changes, for the migration's name; nothing for the steps that only serve
    /// another one (validating, filling NULLs, keeping values, names that follow a rename) and
    /// for creating tables (named by the plan).
    pub fn changes(&self) -> Vec<Change> {
        use Step::*;
        let table = undropped(self.table_name()).to_string();
        let change = |subject: Subject, verb: Verb| {
            vec![Change {
                table: table.clone(),
                subject,
                verb,
            }]
        };
        let column = |name: &str| Subject::Column {
            name: undropped(name).to_string(),
            from: None,
        };
        let constraint = |name: &str, columns: &[String]| Subject::Constraint {
            name: name.to_string(),
            columns: columns.to_vec(),
        };
        let check = |check: &Check| match not_null_column(check) {
            Some(name) => match retyped(name) {
                Some(name) => (column(name), Verb::ChangeType),
                None => (column(name), Verb::MakeNotNull),
            },
            None => (
                constraint(&check.name, &check.expr.words().map(String::from).collect::<Vec<_>>()),
                Verb::Add,
            ),
        };
        match self {
            Type(step) => step.changes(),
            View(step) => step.changes(),
            CreateTable { .. } => vec![],
            DropTable { table } if crate::model::is_narrowing_backup(&table.name) => vec![],
            DropTable { .. } => change(Subject::Table { from: None }, Verb::Purge),
            RenameTable { to, .. } if crate::model::is_narrowing_backup(to) => vec![],
            RenameTable { from, to } if *to == crate::model::backup_name(from) => {
                change(Subject::Table { from: None }, Verb::Drop)
            }
            RenameTable { from, .. } => change(
                Subject::Table {
                    from: Some(from.clone()),
                },
                Verb::Rename,
            ),
            PurgeKept { table } => {
                let kept = table.name.strip_suffix("__narrowed").unwrap_or(&table.name);
                match kept.rsplit_once("__") {
                    Some((owner, name)) => vec![Change {
                        table: owner.to_string(),
                        subject: column(name),
                        verb: Verb::PurgeNarrowed,
                    }],
                    None => vec![],
                }
            }
            // PostgreSQL changes a type through a new column beside the old one.
            AddColumn { column: c, .. } | DropColumn { column: c, .. } if retyped(&c.name).is_some() => {
                change(column(retyped(&c.name).unwrap_or(&c.name)), Verb::ChangeType)
            }
            AddColumn { column: c, .. } => change(column(&c.name), Verb::Add),
            DropColumn { column: c, .. } => change(column(&c.name), Verb::Purge),
            RenameColumn { from, to, .. } if *to == crate::model::backup_name(from) => change(column(from), Verb::Drop),
            RenameColumn { from, to, .. } => change(
                Subject::Column {
                    name: to.clone(),
                    from: Some(from.clone()),
                },
                Verb::Rename,
            ),
            SetNullable { column: c, .. } if c.nullable => change(column(&c.name), Verb::MakeNullable),
            SetNullable { column: c, .. } => change(column(&c.name), Verb::MakeNotNull),
            SetDefault { column: c, .. } => change(column(&c.name), Verb::ChangeDefault),
            AlterType { column: c, .. } => change(column(&c.name), Verb::ChangeType),
            RestateColumn { column: c, before, .. } if c.set_on_update != before.set_on_update => {
                let verb = if c.set_on_update {
                    Verb::SetOnUpdate
                } else {
                    Verb::UnsetOnUpdate
                };
                change(column(&c.name), verb)
            }
            RestateColumn { column: c, .. } => change(column(&c.name), Verb::Change),
            AddRetypeSync { column: c, .. } | DropRetypeSync { column: c, .. } => {
                change(column(&c.name), Verb::ChangeType)
            }
            SwapRetyped { after: c, .. } | UnswapRetyped { after: c, .. } => change(column(&c.name), Verb::ChangeType),
            ChangePrimaryKey { .. } => change(Subject::Table { from: None }, Verb::ChangePrimaryKey),
            AddUnique { unique, .. } | AttachUnique { unique, .. } => {
                change(constraint(&unique.name, &unique.columns), Verb::Add)
            }
            DropUnique { unique, .. } => change(constraint(&unique.name, &unique.columns), Verb::Drop),
            AddCheck { check: c, .. } => {
                let (subject, verb) = check(c);
                change(subject, verb)
            }
            DropCheck { check: c, .. } => match check(c) {
                (subject, Verb::Add) => change(subject, Verb::Drop),
                (subject, verb) => change(subject, verb),
            },
            AddForeignKey { foreign_key, .. } => change(constraint(&foreign_key.name, &foreign_key.columns), Verb::Add),
            DropForeignKey { foreign_key, .. } => {
                change(constraint(&foreign_key.name, &foreign_key.columns), Verb::Drop)
            }
            SetDeferrable { foreign_key, .. } => {
                change(constraint(&foreign_key.name, &foreign_key.columns), Verb::Change)
            }
            AddEnumCheck { column: c, .. } | DropEnumCheck { column: c, .. } => {
                change(column(&c.name), Verb::ChangeValues)
            }
            ValidateConstraint { .. }
            | RenameConstraint { .. }
            | RenameIndex { .. }
            | KeepValues { .. }
            | RestoreValues { .. }
            | RecordNarrowed { .. }
            | ForgetChanged { .. }
            // Helpers of a NOT NULL or a check, which name the change themselves.
            | AddNullFill { .. }
            | DropNullFill { .. }
            | VerifyRows { .. }
            | Backfill { .. } => vec![],
            // The index of the new column of a type change.
            CreateIndex { index, .. } | DropIndex { index, .. }
                if index.name.ends_with(crate::model::naming::retype_index("").as_str()) =>
            {
                vec![]
            }
            CreateIndex { index, .. } => change(
                Subject::Index {
                    name: index.name.clone(),
                    columns: index.key_words(),
                },
                Verb::Add,
            ),
            DropIndex { index, .. } => change(
                Subject::Index {
                    name: index.name.clone(),
                    columns: index.key_words(),
                },
                Verb::Drop,
            ),
            CreateUpdateTrigger { column: c, .. } => change(column(&c.name), Verb::SetOnUpdate),
            DropUpdateTrigger { column: c, .. } => change(column(&c.name), Verb::UnsetOnUpdate),
            CommentTable { .. } => change(Subject::Table { from: None }, Verb::Comment),
            CommentColumn { column: c, .. } => change(column(&c.name), Verb::Comment),
            AddExclusion { exclusion, .. } | DropExclusion { exclusion, .. } => {
                let words: Vec<String> = exclusion.elements.iter().map(|e| e.key.name_part()).collect();
                let verb = if matches!(self, AddExclusion { .. }) {
                    Verb::Add
                } else {
                    Verb::Drop
                };
                change(constraint(&exclusion.name, &words), verb)
            }
            CommentConstraint { name, index: true, .. } => change(
                Subject::Index {
                    name: name.clone(),
                    columns: Vec::new(),
                },
                Verb::Comment,
            ),
            CommentConstraint { name, .. } => change(constraint(name, &[]), Verb::Comment),
            EnableRowLevelSecurity { .. } => change(Subject::Table { from: None }, Verb::EnableRowLevelSecurity),
            DisableRowLevelSecurity { .. } => change(Subject::Table { from: None }, Verb::DisableRowLevelSecurity),
            RebuildTable { before, after, sources } => rebuild_changes(&table, before, after, sources),
            // A name that follows its table or column is part of their rename.
            AlterSequence { before, after, .. } if super::planner::sequence::renamed_only(before, after) => vec![],
            AlterSequence { after, .. } => change(column(&after.name), Verb::Change),
            // A function or trigger is named like a constraint: `add_audit_rows`, `change_...`.
            CreateFunction { function } => change(constraint(&function.name, &[]), Verb::Add),
            DropFunction { function } => change(constraint(&function.name, &[]), Verb::Drop),
            ReplaceFunction { function, .. } => change(constraint(&function.name, &[]), Verb::Change),
            RenameFunction { function, .. } => change(constraint(&function.name, &[]), Verb::Change),
            CreateTrigger { trigger, .. } => change(constraint(&trigger.name, &[]), Verb::Add),
            DropTrigger { trigger, .. } => change(constraint(&trigger.name, &[]), Verb::Drop),
            RenameTrigger { to, .. } => change(constraint(to, &[]), Verb::Change),
        }
    }
}

/// What a SQLite table rebuild changes, from the table before and after it: its columns, and
/// only if none changed, its key, indexes and constraints.
fn rebuild_changes(table: &str, before: &Table, after: &Table, sources: &[(String, String)]) -> Vec<Change> {
    let change = |subject: Subject, verb: Verb| Change {
        table: table.to_string(),
        subject,
        verb,
    };
    let column = |name: &str, from: Option<&str>| Subject::Column {
        name: undropped(name).to_string(),
        from: from.map(String::from),
    };
    let mut changes = Vec::new();
    for new in &after.columns {
        match sources.iter().find(|(to, _)| *to == new.name).map(|(_, from)| from) {
            None => changes.push(change(column(&new.name, None), Verb::Add)),
            Some(from) if new.name == crate::model::backup_name(from) => {
                changes.push(change(column(from, None), Verb::Drop))
            }
            Some(from) if *from != new.name => changes.push(change(column(&new.name, Some(from)), Verb::Rename)),
            Some(from) => {
                let Some(old) = before.column(from) else { continue };
                let verb = if old.ty != new.ty {
                    Verb::ChangeType
                } else if old.nullable != new.nullable {
                    if new.nullable {
                        Verb::MakeNullable
                    } else {
                        Verb::MakeNotNull
                    }
                } else if old.values != new.values {
                    Verb::ChangeValues
                } else if old.set_on_update != new.set_on_update {
                    if new.set_on_update {
                        Verb::SetOnUpdate
                    } else {
                        Verb::UnsetOnUpdate
                    }
                } else if old.default != new.default {
                    Verb::ChangeDefault
                } else {
                    continue;
                };
                changes.push(change(column(&new.name, None), verb));
            }
        }
    }
    for old in &before.columns {
        if !sources.iter().any(|(_, from)| *from == old.name) {
            changes.push(change(column(&old.name, None), Verb::Purge));
        }
    }
    if !changes.is_empty() {
        return changes;
    }
    if before.primary_key != after.primary_key {
        changes.push(change(Subject::Table { from: None }, Verb::ChangePrimaryKey));
    }
    let mut named = |name: &str, columns: Vec<String>, index: bool, old: bool, new: bool, same: bool| {
        let subject = if index {
            Subject::Index {
                name: name.to_string(),
                columns,
            }
        } else {
            Subject::Constraint {
                name: name.to_string(),
                columns,
            }
        };
        match (old, new) {
            (false, true) => changes.push(change(subject, Verb::Add)),
            (true, false) => changes.push(change(subject, Verb::Drop)),
            (true, true) if !same => {
                changes.push(change(subject.clone(), Verb::Drop));
                changes.push(change(subject, Verb::Add));
            }
            _ => {}
        }
    };
    macro_rules! compare {
        ($field:ident, $index:expr, $columns:expr) => {
            let names: std::collections::BTreeSet<&str> = before
                .$field
                .iter()
                .chain(&after.$field)
                .map(|x| x.name.as_str())
                .collect();
            for name in names {
                let old = before.$field.iter().find(|x| x.name == name);
                let new = after.$field.iter().find(|x| x.name == name);
                let columns = new.or(old).map($columns).unwrap_or_default();
                named(name, columns, $index, old.is_some(), new.is_some(), old == new);
            }
        };
    }
    compare!(indexes, true, |i: &Index| i.key_words());
    compare!(uniques, false, |u: &Unique| u.columns.clone());
    compare!(checks, false, |c: &Check| c.expr.words().map(String::from).collect());
    compare!(foreign_keys, false, |f: &ForeignKey| f.columns.clone());
    changes
}
