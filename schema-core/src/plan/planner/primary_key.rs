//! A table's primary key moving to other columns. PostgreSQL builds the new key's index
//! concurrently, then swaps the constraints in one brief statement (`USING INDEX`); MySQL
//! rebuilds the key in one ALTER; SQLite rebuilds the table. A key that foreign keys point at
//! is refused: every one of them would have to move with it.

use super::{ColumnMap, Planner, Step};
use crate::dialect::Dialect;
use crate::model::{Index, PrimaryKey, Table};

impl Planner<'_> {
    pub(super) fn primary_key(&mut self, old: &Table, new: &Table, map: &ColumnMap) {
        let name = new.name.clone();
        let (Some(was), Some(now)) = (&old.primary_key, &new.primary_key) else {
            self.refuse(
                new.origin.key("primary_key"),
                format!("the primary key of `{name}` was added or removed"),
                "a table keeps its primary key for life here; create a new table and move the data",
            );
            return;
        };
        let before = PrimaryKey {
            name: was.name.clone(),
            columns: map.forward(&was.columns),
            comment: was.comment.clone(),
        };
        if before.columns == now.columns {
            // A renamed table's key follows it by name (see `existing_table`).
            if before.name != now.name && old.name == new.name {
                match self.dialect {
                    Dialect::Postgres => self.main.constraints.push(Step::RenameConstraint {
                        table: name,
                        from: before.name,
                        to: now.name.clone(),
                    }),
                    // The name is only in the table's text.
                    Dialect::Sqlite => {
                        self.sqlite_rebuilds();
                    }
                    // Always `PRIMARY`: a name other than the default is refused by the checks.
                    Dialect::Mysql => {}
                }
            }
            return;
        }
        let referencing = self.old.tables.iter().find_map(|t| {
            t.foreign_keys
                .iter()
                .find(|fk| fk.references.table == old.name && fk.references.columns == was.columns)
                .map(|fk| format!("`{}` of `{}`", fk.name, t.name))
        });
        if let Some(fk) = referencing {
            self.refuse(
                new.origin.key("primary_key"),
                format!("the primary key of `{name}` changed, but foreign key {fk} points at it"),
                "remove those foreign keys in one migration, change the key in the next, then declare them again (against the new key or a unique constraint)",
            );
            return;
        }
        let serial_moves = new
            .columns
            .iter()
            .filter(|c| c.ty.is_serial())
            .any(|c| before.columns.contains(&c.name) != now.columns.contains(&c.name));
        if serial_moves {
            self.refuse(
                new.origin.key("primary_key"),
                format!("the primary key of `{name}` changed, and an auto-incrementing column enters or leaves it"),
                "an auto-incrementing column must stay the key (MySQL requires it); create a new table and move the data",
            );
            return;
        }
        match self.dialect {
            Dialect::Sqlite => {
                self.sqlite_rebuilds();
            }
            Dialect::Mysql => self.main.constraints.push(Step::ChangePrimaryKey {
                table: name,
                before,
                after: now.clone(),
                using_index: None,
            }),
            Dialect::Postgres => {
                // Built beside the old key without blocking writes; the constraint swap takes it
                // over (and its name).
                let mut index = Index::plain(
                    format!("{}__new", now.name),
                    now.columns.iter().map(crate::model::IndexKey::column).collect(),
                    new.origin.clone(),
                );
                index.unique = true;
                self.attach.push(Step::ChangePrimaryKey {
                    table: name.clone(),
                    before,
                    after: now.clone(),
                    using_index: Some(index.name.clone()),
                });
                self.indexes.push(Step::CreateIndex {
                    table: name,
                    index,
                    concurrently: true,
                });
            }
        }
    }
}
