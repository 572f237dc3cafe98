//! The SQL of composite types (PostgreSQL's; the checks refuse them elsewhere).

use super::pg_types::comment_on;
use super::SqlDialect;
use crate::model::{CompositeField, CompositeType};
use crate::plan::{CompositeStep, TypeKind};

pub(super) fn statements<S: SqlDialect + ?Sized>(sql: &S, step: &CompositeStep) -> Vec<String> {
    use CompositeStep::*;
    let id = |name: &str| sql.ident(name);
    let field = |f: &CompositeField| format!("{} {}", id(&f.name), sql.type_name(f.ty));
    match step {
        Create(c) => create(sql, c),
        // RESTRICT: refused while a column or another type still uses it.
        Drop(c) => vec![format!("DROP TYPE {}", id(&c.name))],
        AddField { type_name, field: f } => {
            vec![format!("ALTER TYPE {} ADD ATTRIBUTE {}", id(type_name), field(f))]
        }
        DropField {
            type_name, field: f, ..
        } => {
            vec![format!("ALTER TYPE {} DROP ATTRIBUTE {}", id(type_name), id(&f.name))]
        }
        RenameField { type_name, from, to } => vec![format!(
            "ALTER TYPE {} RENAME ATTRIBUTE {} TO {}",
            id(type_name),
            id(from),
            id(to)
        )],
        SetFieldType {
            type_name, field, ty, ..
        } => vec![format!(
            "ALTER TYPE {} ALTER ATTRIBUTE {} SET DATA TYPE {}",
            id(type_name),
            id(field),
            sql.type_name(*ty)
        )],
    }
}

fn create<S: SqlDialect + ?Sized>(sql: &S, c: &CompositeType) -> Vec<String> {
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|f| format!("{} {}", sql.ident(&f.name), sql.type_name(f.ty)))
        .collect();
    let mut out = vec![format!("CREATE TYPE {} AS ({})", sql.ident(&c.name), fields.join(", "))];
    if c.comment.is_some() {
        out.push(comment_on(sql, TypeKind::Composite, &c.name, c.comment.as_deref()));
    }
    out
}
