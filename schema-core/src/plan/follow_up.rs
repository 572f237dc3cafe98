//! Following a rewritten draft on a development database.
//!
//! A draft migration is rewritten on every schema edit, but a development database may already
//! have applied an earlier version of it. The follow-up is what brings such a database from the
//! schema it has (`applied`, the snapshot of the draft it applied) to the schema of the rewritten
//! draft (`current`), keeping its rows: the same plans `generate` writes, with the freedoms a
//! draft already has over its own objects.
//!
//! - Renames inside a draft need no `renamed_from`: a table or column that disappeared while
//!   exactly one of the same shape appeared is taken as renamed.
//! - What disappeared otherwise is dropped, through the usual two steps in one go (renamed away,
//!   then deleted): the edit itself removed it.
//!
//! Everything else is planned as usual and refused as usual (a new NOT NULL column without a
//! default, say): then the database cannot follow, and the migrator rebuilds the draft instead.

use super::{plan, Plan};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Column, Lifecycle, Schema, Table};

/// The plans, in order, that take a database from `applied` to `current`; empty when they have
/// the same shape.
pub fn follow_up(applied: &Schema, current: &Schema, dialect: Dialect) -> Result<Vec<Plan>, Vec<Diagnostic>> {
    let mut target = current.clone();
    guess_table_renames(applied, &mut target);
    for table in &mut target.tables {
        if let Some(old) = continued(applied, current, table).cloned() {
            guess_column_renames(&old, table);
        }
    }
    let removed = Removed::between(applied, &target);
    if removed.is_empty() {
        let plan = plan(applied, &target, dialect)?;
        return Ok(if plan.is_empty() { Vec::new() } else { vec![plan] });
    }
    // A dropped element is renamed away, a purged one deleted: both in one follow-up.
    let dropped = removed.put_back(&target, Lifecycle::Dropped);
    let purged = removed.put_back(&target, Lifecycle::Purged);
    let plans = [plan(applied, &dropped, dialect)?, plan(&dropped, &purged, dialect)?];
    Ok(plans.into_iter().filter(|p| !p.is_empty()).collect())
}

/// The applied table `table` continues: same name, or the one it is (now) renamed from.
fn continued<'a>(applied: &'a Schema, current: &Schema, table: &Table) -> Option<&'a Table> {
    applied.table(&table.name).or_else(|| {
        let from = table.renamed_from.as_deref()?;
        applied.table(from).filter(|_| current.table(from).is_none())
    })
}

/// One applied table gone and one new table with the same columns: a rename.
fn guess_table_renames(applied: &Schema, target: &mut Schema) {
    let gone: Vec<&Table> = applied
        .tables
        .iter()
        .filter(|t| t.is_live() && !t.is_external())
        .filter(|t| {
            !target
                .tables
                .iter()
                .any(|n| continued(applied, target, n).is_some_and(|c| c.name == t.name))
        })
        .collect();
    let appeared: Vec<usize> = (0..target.tables.len())
        .filter(|&i| continued(applied, target, &target.tables[i]).is_none() && target.tables[i].is_live())
        .collect();
    for old in &gone {
        let alike: Vec<usize> = appeared
            .iter()
            .copied()
            .filter(|&i| same_shape(&old.columns, &target.tables[i].columns))
            .collect();
        let rivals = gone.iter().filter(|g| same_shape(&g.columns, &old.columns)).count();
        if let ([only], 1) = (alike.as_slice(), rivals) {
            target.tables[*only].renamed_from = Some(old.name.clone());
        }
    }
}

/// Per type: one applied column gone and one new column of that type: a rename.
fn guess_column_renames(old: &Table, table: &mut Table) {
    let kept = |c: &Column, table: &Table| {
        table
            .columns
            .iter()
            .any(|n| n.name == c.name || n.renamed_from.as_deref() == Some(c.name.as_str()))
    };
    let gone: Vec<&Column> = old
        .columns
        .iter()
        .filter(|c| c.lifecycle.is_live() && !kept(c, table))
        .collect();
    let appeared: Vec<usize> = (0..table.columns.len())
        .filter(|&i| {
            let column = &table.columns[i];
            column.lifecycle.is_live()
                && old.column(&column.name).is_none()
                && column.renamed_from.as_deref().and_then(|f| old.column(f)).is_none()
        })
        .collect();
    for before in &gone {
        let alike: Vec<usize> = appeared
            .iter()
            .copied()
            .filter(|&i| table.columns[i].ty == before.ty)
            .collect();
        let rivals = gone.iter().filter(|g| g.ty == before.ty).count();
        if let ([only], 1) = (alike.as_slice(), rivals) {
            table.columns[*only].renamed_from = Some(before.name.clone());
        }
    }
}

fn same_shape(a: &[Column], b: &[Column]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.name == y.name && x.ty == y.ty)
}

/// The tables and columns of the applied schema that the target no longer has.
struct Removed {
    tables: Vec<Table>,
    /// Table name in the target, and the column as applied.
    columns: Vec<(String, Column)>,
}

impl Removed {
    fn between(applied: &Schema, target: &Schema) -> Removed {
        let mut removed = Removed {
            tables: Vec::new(),
            columns: Vec::new(),
        };
        for old in applied.tables.iter().filter(|t| !t.is_external()) {
            let successor = target
                .tables
                .iter()
                .find(|t| continued(applied, target, t).is_some_and(|c| c.name == old.name));
            let Some(new) = successor else {
                if old.lifecycle != Lifecycle::Purged {
                    removed.tables.push(old.clone());
                }
                continue;
            };
            for column in old.columns.iter().filter(|c| c.lifecycle != Lifecycle::Purged) {
                let kept = new
                    .columns
                    .iter()
                    .any(|c| c.name == column.name || c.renamed_from.as_deref() == Some(column.name.as_str()));
                if !kept {
                    removed.columns.push((new.name.clone(), column.clone()));
                }
            }
        }
        removed
    }

    fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.columns.is_empty()
    }

    /// `target` with the removed elements declared again, as `lifecycle` (or already purged, if
    /// the applied draft had them dropped).
    fn put_back(&self, target: &Schema, lifecycle: Lifecycle) -> Schema {
        let past = |was: Lifecycle| {
            if was == Lifecycle::Dropped {
                Lifecycle::Purged
            } else {
                lifecycle
            }
        };
        let mut schema = target.clone();
        for table in &self.tables {
            let mut table = table.clone();
            table.renamed_from = None;
            table.lifecycle = past(table.lifecycle);
            schema.tables.push(table);
        }
        for (name, column) in &self.columns {
            let table = schema
                .tables
                .iter_mut()
                .find(|t| &t.name == name)
                .expect("removed columns belong to target tables");
            let mut column = column.clone();
            column.renamed_from = None;
            column.lifecycle = past(column.lifecycle);
            table.columns.push(column);
        }
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render;
    use crate::source::yaml::parse_str;

    fn schema(yaml: &str) -> Schema {
        let (tables, problems) = parse_str(yaml, None);
        assert!(problems.is_empty(), "{problems:?}");
        let mut schema = Schema {
            tables,
            ..Default::default()
        };
        schema.resolve_references();
        schema
    }

    fn follow(applied: &str, current: &str, dialect: Dialect) -> String {
        let plans = follow_up(&schema(applied), &schema(current), dialect).expect("plans");
        plans
            .iter()
            .flat_map(|p| render::render(p, dialect))
            .map(|m| m.up)
            .collect::<Vec<_>>()
            .join("\n-- next migration --\n")
    }

    const TASKS: &str = "
table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
";

    #[test]
    fn an_added_column_is_added() {
        let current = format!("{TASKS}  notes: {{ type: text, nullable: true }}\n");
        let sql = follow(TASKS, &current, Dialect::Sqlite);
        assert!(sql.contains("ALTER TABLE \"tasks\" ADD COLUMN \"notes\" TEXT"), "{sql}");
        assert!(!sql.contains("DROP TABLE"), "{sql}");
    }

    #[test]
    fn a_column_renamed_without_declaration_is_renamed() {
        let current = TASKS.replace("title:", "headline:");
        let sql = follow(TASKS, &current, Dialect::Postgres);
        assert!(sql.contains("RENAME COLUMN \"title\" TO \"headline\""), "{sql}");
        assert!(!sql.contains("DROP COLUMN"), "{sql}");
    }

    #[test]
    fn a_removed_column_is_dropped() {
        let applied = format!("{TASKS}  notes: {{ type: text, nullable: true }}\n");
        let sql = follow(&applied, TASKS, Dialect::Postgres);
        assert!(sql.contains("RENAME COLUMN \"notes\" TO \"notes__dropped\""), "{sql}");
        assert!(sql.contains("DROP COLUMN \"notes__dropped\""), "{sql}");
    }

    #[test]
    fn two_columns_of_one_type_gone_are_not_guessed() {
        let applied = format!("{TASKS}  a: {{ type: text, nullable: true }}\n  b: {{ type: text, nullable: true }}\n");
        let current = format!("{TASKS}  c: {{ type: text, nullable: true }}\n");
        let sql = follow(&applied, &current, Dialect::Postgres);
        assert!(sql.contains("ADD COLUMN \"c\""), "{sql}");
        assert!(sql.contains("DROP COLUMN \"a__dropped\""), "{sql}");
        assert!(sql.contains("DROP COLUMN \"b__dropped\""), "{sql}");
    }

    #[test]
    fn a_renamed_table_is_renamed_and_a_removed_one_dropped() {
        let notes = "
---
table: notes
columns:
  id: { type: serial, primary_key: true }
  body: { type: text }
";
        let applied = format!("{TASKS}{notes}");
        let renamed = format!("{}{notes}", TASKS.replace("table: tasks", "table: todos"));
        let sql = follow(&applied, &renamed, Dialect::Mysql);
        assert!(
            sql.contains("RENAME TABLE `tasks` TO `todos`") || sql.contains("RENAME TO `todos`"),
            "{sql}"
        );
        let sql = follow(&applied, TASKS, Dialect::Sqlite);
        assert!(sql.contains("DROP TABLE \"notes__dropped\""), "{sql}");
    }

    #[test]
    fn the_same_schema_needs_nothing() {
        assert!(follow_up(&schema(TASKS), &schema(TASKS), Dialect::Postgres)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_new_required_column_without_default_cannot_be_followed() {
        let current = format!("{TASKS}  priority: {{ type: integer }}\n");
        let refused = follow_up(&schema(TASKS), &schema(&current), Dialect::Sqlite).unwrap_err();
        assert!(refused[0].message.contains("NOT NULL without a default"), "{refused:?}");
    }
}
