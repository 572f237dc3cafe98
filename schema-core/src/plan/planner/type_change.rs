//! Column type changes. In place where the database can; otherwise a lossless change is made
//! the way each database can do it without losing rows: SQLite rebuilds the table, MySQL copies
//! it (writes wait, and the migration says so), and PostgreSQL fills a new column beside the old
//! one (kept in sync by a trigger, filled in batches, its indexes built concurrently) and swaps
//! it in with a brief lock. Changes that may fail or lose values are refused, unless the column
//! declares `narrowing: allowed`: then the values as they were are kept first, for the down.

use super::super::retype::{classify, same_in_database, Retype};
use super::{same_index, Fill, Planner, Step};
use crate::dialect::Dialect;
use crate::model::{naming, narrowing_backup_name, Check, Column, Index, Narrowing, PrimaryKey, Table};

impl Planner<'_> {
    /// `before` is the old column under its new name.
    pub(super) fn column_type(&mut self, old: &Table, new: &Table, before: &Column, after: &Column) {
        let native = |c: &Column| c.native_types.get(&self.dialect).cloned();
        // `timestamp` and `timestamp(6)` are one type on MySQL, and SQLite writes no precision.
        if same_in_database(before.ty, after.ty, self.dialect) && native(before) == native(after) {
            return;
        }
        let table = new.name.clone();
        let change = format!(
            "`{table}.{}` changes type from {} to {}",
            after.name, before.ty, after.ty
        );
        if let (Some(was), Some(is)) = (native(before), native(after)) {
            // An enum type's values on MySQL (see `Schema::for_dialect`).
            if let Some(copies) = super::super::types::mysql_enum_retype(&was, &is) {
                self.main.columns.push(Step::AlterType {
                    table,
                    column: retyped(before, after),
                    before: before.clone(),
                    copies,
                });
                return;
            }
        }
        if native(before) != native(after) {
            if self.sqlite_rebuilds() {
                return; // SQLite keeps every value as it is, whatever the declared type
            }
            let origin = after.origin.key("native_type");
            self.refuse(
                origin,
                format!("the native type of `{table}.{}` changed", after.name),
                &format!(
                    "Tablewright cannot tell whether a native type converts without loss; add a new column, fill it, and drop the old one with {}",
                    origin.spell("dropped: true", "#[column(dropped)]")
                ),
            );
            return;
        }
        match classify(before.ty, after.ty, self.dialect) {
            Retype::InPlace => self.main.columns.push(Step::AlterType {
                table,
                column: retyped(before, after),
                before: before.clone(),
                copies: false,
            }),
            Retype::Impossible => self.refuse(
                after.origin.key("type"),
                format!("{change}, which no database converts"),
                &format!(
                    "add a new column of the new type, fill it, and drop the old one with {} (its data is kept)",
                    after.origin.spell("dropped: true", "#[column(dropped)]")
                ),
            ),
            Retype::Narrowing if after.narrowing != Some(Narrowing::Allowed) => self.refuse(
                after.origin.key("type"),
                format!("{change}, which may fail on some values or lose part of them"),
                &format!(
                    "declare {} on the column to accept that (the values as they were are kept, and a down puts them back); widening changes need no declaration",
                    after.origin.spell("narrowing: allowed", "#[column(narrowing = \"allowed\")]")
                ),
            ),
            Retype::Narrowing if before.narrowing == Some(Narrowing::Allowed) => self.refuse(
                after.origin.key("type"),
                format!("{change}, but the values kept by its previous narrowing are still there"),
                &format!(
                    "declare {} and migrate, then allow the next narrowing",
                    after.origin.spell("narrowing: purged", "#[column(narrowing = \"purged\")]")
                ),
            ),
            Retype::Narrowing => self.narrow(old, new, before, after),
            Retype::Lossless => match self.dialect {
                // SQLite stores any value in any column: the rebuild copies them over.
                Dialect::Sqlite => {
                    self.sqlite_rebuilds();
                }
                Dialect::Mysql => self.copy_retype(new, before, after),
                Dialect::Postgres => self.swap_retype(old, new, before, after, false),
            },
        }
    }

    /// A change that may fail or lose values, allowed by the schema: the values as they are go
    /// to a backup table first (by primary key), the change runs as a lossless one would, and
    /// what it made of each value is recorded, so that a down puts back the exact values of rows
    /// nobody changed since.
    fn narrow(&mut self, old: &Table, new: &Table, before: &Column, after: &Column) {
        let table = new.name.clone();
        let Some(backup) = narrowing_backup_table(new, before, after) else {
            self.refuse(
                after.origin.key("type"),
                format!(
                    "`{table}.{}` narrows, but the table has no primary key to keep its values by",
                    after.name
                ),
                "give the table a primary key first",
            );
            return;
        };
        if let Some(limit) = self.too_long(&backup.name) {
            self.refuse(
                after.origin.key("type"),
                format!(
                    "`{table}.{}` narrows, but the backup table name `{}` is longer than {} allows ({limit})",
                    after.name, backup.name, self.dialect
                ),
                "shorten the table or column name first",
            );
            return;
        }
        let keep = Step::KeepValues {
            table: table.clone(),
            column: before.name.clone(),
            backup: backup.clone(),
        };
        // PostgreSQL records from the converted column before the swap, under the copy's lock
        // that lets reads through; elsewhere from the column once it changed.
        let from = match self.dialect {
            Dialect::Postgres => naming::retype_column(&after.name),
            _ => after.name.clone(),
        };
        let record = Step::RecordNarrowed {
            table: table.clone(),
            column: after.name.clone(),
            from,
            backup: backup.clone(),
        };
        let refused = self.refused.len();
        match self.dialect {
            Dialect::Sqlite => {
                self.sqlite_rebuilds();
            }
            Dialect::Mysql => self.copy_retype(new, before, after),
            Dialect::Postgres => self.swap_retype(old, new, before, after, true),
        }
        if self.refused.len() > refused {
            return;
        }
        self.narrowed.backups.push(Step::CreateTable {
            table: std::sync::Arc::new(backup),
            foreign_keys: Vec::new(),
        });
        if self.dialect == Dialect::Postgres {
            // Writes wait from the copy to the swap: the kept values are exactly those swapped out
            // (and the new column's NOT NULL check is validated meanwhile).
            let swap = self.swap.pop().expect("the swap was planned");
            let validate = self.swap.pop_if(|s| matches!(s, Step::ValidateConstraint { .. }));
            self.swap.push(keep);
            self.swap.extend(validate);
            self.swap.extend([record, swap]);
        } else {
            self.narrowed.keep.push(keep);
            self.narrowed.record.push(record);
        }
    }

    /// MySQL converts the column by copying the table, keeping every index, constraint and
    /// comment; it blocks writes meanwhile, which the migration's header says.
    fn copy_retype(&mut self, new: &Table, before: &Column, after: &Column) {
        if let Some(why) = self.in_foreign_key(new, &after.name) {
            self.refuse(
                after.origin.key("type"),
                format!("`{}.{}` changes type but {why}", new.name, after.name),
                "both sides of a foreign key must change together; create new columns, fill them, and move the key",
            );
            return;
        }
        self.main.columns.push(Step::AlterType {
            table: new.name.clone(),
            column: retyped(before, after),
            before: before.clone(),
            copies: true,
        });
    }

    /// PostgreSQL: a new column of the new type, kept in sync by a trigger and filled in batches,
    /// with NOT NULL through a validated check and its indexes built concurrently, then swapped
    /// in (a brief lock) once everything is ready.
    ///
    /// The NOT NULL check holds every write from the moment it is added. A lossless conversion
    /// never fails, so the trigger fills every row a write touches and the check comes with the
    /// trigger. A `narrowing` one may fail on an old row's value, which the trigger then leaves
    /// to the backfill (it stops there) rather than fail a write that does not change it; so the
    /// check is added once the backfill filled every row, and validated in the swap.
    fn swap_retype(&mut self, old: &Table, new: &Table, before: &Column, after: &Column, narrowing: bool) {
        let table = new.name.clone();
        let column = after.name.clone();
        if let Some(why) = self.blocks_swap(new, before, after) {
            self.refuse(
                after.origin.key("type"),
                format!("`{table}.{column}` changes type but {why}"),
                &format!(
                    "a swapped-in column would have to take these over; create a new column, fill it, move them, and drop the old column with {}",
                    after.origin.spell("dropped: true", "#[column(dropped)]")
                ),
            );
            return;
        }
        let indexes = match indexes_on(new, &column, old, &before.name) {
            Ok(indexes) => indexes,
            Err(index) => {
                self.refuse(
                    after.origin.key("type"),
                    format!("`{table}.{column}` changes type in the same migration as index `{index}` on it"),
                    "change the type first and the index in a later migration (or the other way round)",
                );
                return;
            }
        };
        let temp = naming::retype_column(&column);
        let names = [
            temp.clone(),
            naming::retype_trigger(&table, &column),
            naming::retype_trigger_function(&table, &column),
            naming::retype_not_null(&table, &column),
        ];
        let copies: Vec<Index> = indexes.iter().map(|i| index_copy(i, &column, &temp)).collect();
        if let Some((long, limit)) = names
            .iter()
            .chain(copies.iter().map(|i| &i.name))
            .find_map(|n| Some((n, self.too_long(n)?)))
        {
            self.refuse(
                after.origin.key("type"),
                format!(
                    "`{table}.{column}` changes type, but the helper name `{long}` is longer than {} allows ({limit})",
                    self.dialect
                ),
                "shorten the table, column or index name first",
            );
            return;
        }

        let mut target = after.clone();
        target.name = temp.clone();
        target.nullable = true;
        target.default = None;
        target.comment = None;
        target.renamed_from = None;
        self.main.columns.push(Step::AddColumn {
            table: table.clone(),
            column: target.clone(),
            foreign_key: None,
        });
        // A column that also becomes NOT NULL gives its NULLs the default (a column without one
        // is refused before).
        let mut converted = target.clone();
        if before.nullable && !after.nullable {
            converted.default = after.default.clone();
        }
        self.main.triggers.push(Step::AddRetypeSync {
            table: table.clone(),
            column: before.clone(),
            target: converted.clone(),
        });
        if !after.nullable {
            let check = Check::not_null(
                naming::retype_not_null(&table, &column),
                &temp,
                self.dialect,
                after.origin.clone(),
            );
            let add = Step::AddCheck {
                table: table.clone(),
                check: check.clone(),
                validated: false,
            };
            let validate = Step::ValidateConstraint {
                table: table.clone(),
                name: check.name,
            };
            if narrowing {
                self.validate.push(add);
                self.swap.push(validate);
            } else {
                self.main.constraints.push(add);
                self.validate.push(validate);
            }
        }
        self.backfill.push(Step::Backfill {
            table: table.clone(),
            column: temp,
            fill: Fill::Cast {
                from: column.clone(),
                to: converted,
            },
            key: self.key.clone(),
        });
        for index in copies {
            self.indexes.push(Step::CreateIndex {
                table: table.clone(),
                index,
                concurrently: true,
            });
        }
        self.swap.push(Step::SwapRetyped {
            table,
            before: before.clone(),
            after: after.clone(),
            indexes,
        });
        self.retyped.insert(column);
    }

    /// What a new column could not simply take over at the swap.
    fn blocks_swap(&self, new: &Table, before: &Column, after: &Column) -> Option<String> {
        let name = after.name.as_str();
        if new
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c == name))
            || before.ty.is_serial()
            || after.ty.is_serial()
        {
            return Some("it is part of the primary key".into());
        }
        if let Some(why) = self.in_foreign_key(new, name) {
            return Some(why);
        }
        if let Some(unique) = new.uniques.iter().find(|u| u.columns.iter().any(|c| c == name)) {
            return Some(format!("unique constraint `{}` covers it", unique.name));
        }
        if let Some(check) = new.checks.iter().find(|c| c.expr.reads(name)) {
            return Some(format!("check `{}` reads it", check.name));
        }
        if let Some(exclusion) = new.exclusions.iter().find(|x| x.reads(name)) {
            return Some(format!("exclusion constraint `{}` reads it", exclusion.name));
        }
        if before.values.is_some() || after.values.is_some() {
            return Some("it has a list of allowed values".into());
        }
        if before.set_on_update || after.set_on_update {
            return Some("it is set on update".into());
        }
        if new.tenant.as_ref().is_some_and(|t| t.column == name) {
            return Some("row-level security reads it".into());
        }
        None
    }

    /// The database's identifier limit, if `name` exceeds it.
    fn too_long(&self, name: &str) -> Option<crate::dialect::IdentifierLimit> {
        self.dialect.max_identifier().filter(|limit| limit.exceeded_by(name))
    }

    /// Why `column` of `table` takes part in a foreign key, if it does.
    fn in_foreign_key(&self, table: &Table, column: &str) -> Option<String> {
        if let Some(fk) = table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns.iter().any(|c| c == column))
        {
            return Some(format!("foreign key `{}` uses it", fk.name));
        }
        self.new.tables.iter().find_map(|other| {
            other
                .foreign_keys
                .iter()
                .find(|fk| fk.references.table == table.name && fk.references.columns.iter().any(|c| c == column))
                .map(|fk| format!("foreign key `{}` of `{}` references it", fk.name, other.name))
        })
    }
}

/// The backup table of a narrowing: the table's primary key, the value before and (recorded
/// after the change) the value after.
pub(super) fn narrowing_backup_table(table: &Table, before: &Column, after: &Column) -> Option<Table> {
    let pk = table.primary_key.as_ref()?;
    let name = narrowing_backup_name(&table.name, &after.name);
    let mut columns: Vec<Column> = pk
        .columns
        .iter()
        .map(|c| {
            let mut key = table.column(c).expect("checked: key columns exist").clone();
            key.ty = key.ty.without_serial();
            plain(&mut key);
            key
        })
        .collect();
    for (column, suffix, nullable) in [(before, "before", false), (after, "after", true)] {
        let mut value = column.clone();
        value.name = format!("{}__{suffix}", after.name);
        plain(&mut value);
        value.nullable = nullable;
        columns.push(value);
    }
    Some(Table {
        primary_key: Some(PrimaryKey {
            name: naming::primary_key(&name),
            columns: pk.columns.clone(),
            comment: None,
        }),
        name,
        comment: None,
        columns,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        exclusions: Vec::new(),
        triggers: Vec::new(),
        tenant: None,
        external: None,
        renamed_from: None,
        lifecycle: Default::default(),
        group: table.group.clone(),
        waivers: Vec::new(),
        origin: table.origin.clone(),
    })
}

/// A column stripped of everything but its name, type and nullability.
fn plain(column: &mut Column) {
    column.default = None;
    column.comment = None;
    column.values = None;
    column.set_on_update = false;
    column.renamed_from = None;
    column.narrowing = None;
    column.diesel_type = None;
}

/// The column after an ALTER of its type alone (nullability, default and comment follow).
fn retyped(before: &Column, after: &Column) -> Column {
    let mut column = before.clone();
    column.ty = after.ty;
    column.native_types = after.native_types.clone();
    column
}

/// The new table's indexes on `column`, if the old table had the same ones on `old_column`;
/// otherwise the name of an index that changed.
fn indexes_on(new: &Table, column: &str, old: &Table, old_column: &str) -> Result<Vec<Index>, String> {
    let on = |index: &Index, name: &str| index.reads(name) || index_predicate_reads(index, name);
    let now: Vec<&Index> = new.indexes.iter().filter(|i| on(i, column)).collect();
    let was: Vec<&Index> = old.indexes.iter().filter(|i| on(i, old_column)).collect();
    for index in &now {
        let same = was
            .iter()
            .any(|w| w.name == index.name && same_index(&index_copy(w, old_column, column), index));
        if !same {
            return Err(index.name.clone());
        }
    }
    if let Some(gone) = was.iter().find(|w| !now.iter().any(|n| n.name == w.name)) {
        return Err(gone.name.clone());
    }
    Ok(now.into_iter().cloned().collect())
}

fn index_predicate_reads(index: &Index, column: &str) -> bool {
    index.predicate.as_ref().is_some_and(|p| p.reads(column))
}

/// `index` with `column` replaced by `by`, named for the swap when `by` is the new column.
fn index_copy(index: &Index, column: &str, by: &str) -> Index {
    let mut copy = index.clone();
    if by == naming::retype_column(column) {
        copy.name = naming::retype_index(&index.name);
    }
    copy.columns = index
        .columns
        .iter()
        .map(|k| k.renamed(|w| (w == column).then(|| by.to_string())))
        .collect();
    for c in &mut copy.include {
        if c == column {
            *c = by.to_string();
        }
    }
    copy.predicate = index
        .predicate
        .as_ref()
        .map(|p| p.replace_words(|w| (w == column).then(|| by.to_string())));
    copy
}
