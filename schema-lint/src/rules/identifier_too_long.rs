//! Names over the database's limit: PostgreSQL silently truncates them to 63 bytes (which is how
//! two long index names end up colliding, or a later `DROP` misses), MySQL refuses more than 64
//! characters. SQLite has no limit. The schema check of the same name covers YAML and derives;
//! this one covers hand-written SQL.

use sqlparser::ast::{AlterTableOperation, ColumnDef, Ident, ObjectName, Statement, TableConstraint};
use tablewright_core::Dialect;

use super::Hit;
use crate::context::Migration;
use crate::parse::Stmt;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let Some(limit) = m.dialect.max_identifier() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        for (what, ident) in created_names(ast) {
            let name = &ident.value;
            if !limit.exceeded_by(name) {
                continue;
            }
            let (size, consequence) = match m.dialect {
                Dialect::Postgres => (
                    format!("{} bytes", name.len()),
                    format!("; PostgreSQL silently truncates it to `{}`", truncate_bytes(name, 63)),
                ),
                _ => (
                    format!("{} characters", name.chars().count()),
                    "; MySQL refuses it".to_string(),
                ),
            };
            hits.push(name_hit(m, s, what, ident, &size, &consequence, limit));
        }
    }
    hits
}

fn name_hit(
    m: &Migration,
    s: &Stmt,
    what: &str,
    ident: &Ident,
    size: &str,
    consequence: &str,
    limit: tablewright_core::dialect::IdentifierLimit,
) -> Hit {
    Hit::new(
        s,
        format!(
            "{what} name `{}` is {size}, over {}'s limit of {limit}{consequence}",
            ident.value, m.dialect
        ),
        format!("choose a name of at most {limit}"),
    )
    .at(m.locate_ident(s, ident))
}

fn truncate_bytes(name: &str, max: usize) -> &str {
    let mut end = max.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

fn last(name: &ObjectName) -> Option<&Ident> {
    name.0.last().and_then(|p| p.as_ident())
}

fn constraint_name(constraint: &TableConstraint) -> Option<&Ident> {
    match constraint {
        TableConstraint::Unique(c) => c.name.as_ref(),
        TableConstraint::PrimaryKey(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        TableConstraint::Check(c) => c.name.as_ref(),
        TableConstraint::Index(c) => c.name.as_ref(),
        _ => None,
    }
}

fn column_names<'a>(column: &'a ColumnDef, found: &mut Vec<(&'static str, &'a Ident)>) {
    found.push(("column", &column.name));
    for option in &column.options {
        if let Some(name) = &option.name {
            found.push(("constraint", name));
        }
    }
}

/// The names a statement gives to new objects, with what they name.
fn created_names(ast: &Statement) -> Vec<(&'static str, &Ident)> {
    let mut found = Vec::new();
    match ast {
        Statement::CreateTable(create) => {
            found.extend(last(&create.name).map(|i| ("table", i)));
            for column in &create.columns {
                column_names(column, &mut found);
            }
            for constraint in &create.constraints {
                found.extend(constraint_name(constraint).map(|i| ("constraint", i)));
            }
        }
        Statement::CreateIndex(index) => found.extend(index.name.as_ref().and_then(last).map(|i| ("index", i))),
        Statement::AlterTable(alter) => {
            for operation in &alter.operations {
                match operation {
                    AlterTableOperation::AddColumn { column_def, .. } => column_names(column_def, &mut found),
                    AlterTableOperation::AddConstraint { constraint, .. } => {
                        found.extend(constraint_name(constraint).map(|i| ("constraint", i)))
                    }
                    AlterTableOperation::RenameColumn { new_column_name, .. } => {
                        found.push(("column", new_column_name))
                    }
                    AlterTableOperation::ChangeColumn { new_name, .. } => found.push(("column", new_name)),
                    AlterTableOperation::RenameConstraint { new_name, .. } => found.push(("constraint", new_name)),
                    AlterTableOperation::RenameTable {
                        table_name:
                            sqlparser::ast::RenameTableNameKind::As(new) | sqlparser::ast::RenameTableNameKind::To(new),
                    } => found.extend(last(new).map(|i| ("table", i))),
                    _ => {}
                }
            }
        }
        Statement::RenameTable(renames) => {
            for rename in renames {
                found.extend(last(&rename.new_name).map(|i| ("table", i)));
            }
        }
        Statement::CreatePolicy(policy) => found.push(("policy", &policy.name)),
        Statement::CreateTrigger(trigger) => found.extend(last(&trigger.name).map(|i| ("trigger", i))),
        Statement::CreateFunction(function) => found.extend(last(&function.name).map(|i| ("function", i))),
        Statement::CreateView(view) => found.extend(last(&view.name).map(|i| ("view", i))),
        _ => {}
    }
    found
}
