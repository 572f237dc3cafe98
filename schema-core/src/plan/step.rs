//! One schema change, and its exact inverse.

use crate::model::{Check, Column, DefaultValue, ForeignKey, Index, Literal, PrimaryKey, Table, Unique};
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
    CreateTable {
        table: Table,
        foreign_keys: Vec<ForeignKey>,
    },
    DropTable {
        table: Table,
    },
    RenameTable {
        from: String,
        to: String,
    },
    /// Deletes the values a narrowing kept (`narrowing: purged`). If the database was built
    /// straight from a schema that already allowed the narrowing, there is nothing to delete.
    PurgeKept {
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
    /// `ValidateConstraint`, without blocking writes.
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
    EnableRowLevelSecurity {
        table: Table,
    },
    DisableRowLevelSecurity {
        table: Table,
    },
    /// SQLite: a new table in the final shape, the rows copied over (each `(new, old)` column pair
    /// in `sources`; new columns without a source take their default), the old table dropped,
    /// the new one renamed and its indexes and trigger created.
    RebuildTable {
        before: Table,
        after: Table,
        sources: Vec<(String, String)>,
    },
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
            EnableRowLevelSecurity { table } => DisableRowLevelSecurity { table },
            DisableRowLevelSecurity { table } => EnableRowLevelSecurity { table },
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
            RenameTable { to, .. } => to,
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
            | CommentColumn { table, .. } => table,
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
            EnableRowLevelSecurity { table } => format!("row-level security on {}", table.name),
            DisableRowLevelSecurity { table } => format!("no row-level security on {}", table.name),
            RebuildTable { after, .. } => format!("rebuild table {} (SQLite cannot alter it in place)", after.name),
        }
    }
}
