//! Planning composite types (PostgreSQL): created before the tables (after the enums and domains
//! their fields may use, each after the composites it uses), changed in place, dropped after the
//! tables (each before the composites it uses).
//!
//! - A field added goes last (`ADD ATTRIBUTE`): PostgreSQL has no other place for it, so a new
//!   field declared before an existing one is refused. Its down drops it.
//! - A field dropped (`DROP ATTRIBUTE`) loses its values in every row; its down adds it back,
//!   empty, at the end (PostgreSQL cannot put it back where it was).
//! - A field renamed (`renamed_fields`) or the type renamed (`renamed_from`) is renamed in place.
//! - A field's type changed (`ALTER ATTRIBUTE ... SET DATA TYPE`) only while no column holds the
//!   type: PostgreSQL refuses it otherwise, and so does the planner, with what to do instead.

use crate::diagnostic::Diagnostic;
use crate::model::{ColumnType, CompositeField, CompositeType, Lifecycle, Schema};

use super::step::{Change, Subject, Verb};
use super::types::{TypeKind, TypePlan, TypeStep};
use super::Step;

/// One change to a composite type.
#[derive(Clone, Debug, PartialEq)]
pub enum CompositeStep {
    Create(CompositeType),
    Drop(CompositeType),
    AddField {
        type_name: String,
        field: CompositeField,
    },
    /// `trailing`: the field and every one after it go, so the down, which adds fields back at
    /// the end, puts it back where it was.
    DropField {
        type_name: String,
        field: CompositeField,
        trailing: bool,
    },
    RenameField {
        type_name: String,
        from: String,
        to: String,
    },
    SetFieldType {
        type_name: String,
        field: String,
        ty: ColumnType,
        before: ColumnType,
    },
}

impl CompositeStep {
    pub fn inverse(&self) -> CompositeStep {
        use CompositeStep::*;
        match self.clone() {
            Create(c) => Drop(c),
            Drop(c) => Create(c),
            AddField { type_name, field } => DropField {
                type_name,
                field,
                trailing: true,
            },
            DropField { type_name, field, .. } => AddField { type_name, field },
            RenameField { type_name, from, to } => RenameField {
                type_name,
                from: to,
                to: from,
            },
            SetFieldType {
                type_name,
                field,
                ty,
                before,
            } => SetFieldType {
                type_name,
                field,
                ty: before,
                before: ty,
            },
        }
    }

    pub fn creates(&self) -> bool {
        matches!(self, CompositeStep::Create(_))
    }

    pub fn object(&self) -> &str {
        use CompositeStep::*;
        match self {
            Create(c) | Drop(c) => &c.name,
            AddField { type_name, .. }
            | DropField { type_name, .. }
            | RenameField { type_name, .. }
            | SetFieldType { type_name, .. } => type_name,
        }
    }

    pub fn summary(&self) -> String {
        use CompositeStep::*;
        match self {
            Create(c) => format!("create composite type {}", c.name),
            Drop(c) => format!("drop composite type {}", c.name),
            AddField { type_name, field } => format!("add field {} to composite type {type_name}", field.name),
            DropField {
                type_name,
                field,
                trailing: true,
            } => format!("drop field {} of composite type {type_name}", field.name),
            DropField { type_name, field, .. } => format!(
                "drop field {} of composite type {type_name} (a down adds it back last, not in its place)",
                field.name
            ),
            RenameField { type_name, from, to } => {
                format!("rename field {from} of composite type {type_name} to {to}")
            }
            SetFieldType {
                type_name, field, ty, ..
            } => format!("change field {field} of composite type {type_name} to {ty}"),
        }
    }

    pub fn changes(&self) -> Vec<Change> {
        let verb = match self {
            CompositeStep::Create(_) => Verb::Add,
            CompositeStep::Drop(_) => Verb::Drop,
            _ => Verb::ChangeValues,
        };
        vec![Change {
            table: self.object().to_string(),
            subject: Subject::Table { from: None },
            verb,
        }]
    }
}

/// Plans the composite types from `old` to `new` into `plan` (PostgreSQL).
pub(super) fn plan_composites(old: &Schema, new: &Schema, plan: &mut TypePlan) {
    let step = |s: CompositeStep| Step::Type(TypeStep::Composite(s));
    let before_of = |c: &CompositeType| {
        old.composite(&c.name)
            .or_else(|| c.renamed_from.as_deref().and_then(|from| old.composite(from)))
    };
    let mut continued = Vec::new();
    for after in new.composites_in_creation_order() {
        let Some(before) = before_of(after) else {
            plan.before_tables.push(step(CompositeStep::Create(after.clone())));
            continue;
        };
        continued.push(before.name.clone());
        if before.name != after.name {
            plan.before_tables.push(Step::Type(TypeStep::RenameType {
                kind: TypeKind::Composite,
                from: before.name.clone(),
                to: after.name.clone(),
            }));
        }
        fields(old, before, after, plan);
        if before.comment != after.comment {
            plan.before_tables.push(Step::Type(TypeStep::CommentType {
                kind: TypeKind::Composite,
                name: after.name.clone(),
                comment: after.comment.clone(),
                before: before.comment.clone(),
            }));
        }
    }
    // Dropped in the reverse of the order they were created in: users first.
    for gone in old
        .composites_in_creation_order()
        .into_iter()
        .rev()
        .filter(|c| !continued.contains(&c.name))
    {
        plan.after_tables.push(step(CompositeStep::Drop(gone.clone())));
    }
}

fn fields(old: &Schema, before: &CompositeType, after: &CompositeType, plan: &mut TypePlan) {
    let step = |s: CompositeStep| Step::Type(TypeStep::Composite(s));
    let type_name = after.name.clone();
    // The old fields under their new names.
    let new_name = |name: &str| -> String {
        after
            .renamed_fields
            .iter()
            .find(|(_, from)| from.as_str() == name)
            .map(|(to, _)| to.clone())
            .unwrap_or_else(|| name.to_string())
    };
    for field in &before.fields {
        let name = new_name(&field.name);
        if name != field.name {
            plan.before_tables.push(step(CompositeStep::RenameField {
                type_name: type_name.clone(),
                from: field.name.clone(),
                to: name.clone(),
            }));
        }
    }
    let kept: Vec<CompositeField> = before
        .fields
        .iter()
        .map(|f| CompositeField {
            name: new_name(&f.name),
            ty: f.ty,
        })
        .filter(|f| after.field(&f.name).is_some())
        .collect();
    // Dropped last first, so that their downs add them back in their order.
    let last_kept = before
        .fields
        .iter()
        .rposition(|f| after.field(&new_name(&f.name)).is_some());
    for (at, field) in before.fields.iter().enumerate().rev() {
        if after.field(&new_name(&field.name)).is_none() {
            plan.before_tables.push(step(CompositeStep::DropField {
                type_name: type_name.clone(),
                field: field.clone(),
                trailing: last_kept.is_none_or(|kept| at > kept),
            }));
        }
    }
    // The kept fields must keep their order and come first: PostgreSQL adds new ones last.
    let kept_in_new_order: Vec<&CompositeField> = after
        .fields
        .iter()
        .filter(|f| kept.iter().any(|k| k.name == f.name))
        .collect();
    let new_fields_last = after.fields[..kept_in_new_order.len()]
        .iter()
        .all(|f| kept.iter().any(|k| k.name == f.name));
    let same_order = kept
        .iter()
        .map(|f| &f.name)
        .eq(kept_in_new_order.iter().map(|f| &f.name));
    if !same_order || !new_fields_last {
        plan.refused.push(
            Diagnostic::error(
                "unsupported-change",
                &after.origin,
                format!(
                    "composite type `{}` puts its fields in another order, or a new field before an old one: PostgreSQL adds fields at the end and cannot move them",
                    after.name
                ),
            )
            .help(format!(
                "keep the existing fields in their order ({}) and list new ones after them",
                kept.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
            )),
        );
        return;
    }
    let users = columns_of(old, &before.name);
    for field in &kept {
        let wanted = after.field(&field.name).expect("kept fields are in `after`");
        if wanted.ty == field.ty {
            continue;
        }
        if let Some(user) = users.first() {
            plan.refused.push(
                Diagnostic::error(
                    "unsupported-change",
                    &after.origin,
                    format!(
                        "field `{}` of composite type `{}` changes from {} to {}, but the column {user} holds the type: PostgreSQL cannot change a field's type then",
                        field.name, after.name, field.ty, wanted.ty
                    ),
                )
                .help(format!(
                    "add a field of the new type under another name (it goes last), copy the values over in a migration of your own, then drop `{}`",
                    field.name
                )),
            );
            continue;
        }
        plan.before_tables.push(step(CompositeStep::SetFieldType {
            type_name: type_name.clone(),
            field: field.name.clone(),
            ty: wanted.ty,
            before: field.ty,
        }));
    }
    for field in &after.fields[kept.len()..] {
        plan.before_tables.push(step(CompositeStep::AddField {
            type_name: type_name.clone(),
            field: field.clone(),
        }));
    }
}

/// The columns (`table.column`) that hold the type, or arrays of it, in the database.
fn columns_of(schema: &Schema, type_name: &str) -> Vec<String> {
    schema
        .tables
        .iter()
        .filter(|t| t.lifecycle != Lifecycle::Purged && !t.is_external())
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.lifecycle != Lifecycle::Purged && c.ty.declared_name() == Some(type_name))
                .map(move |c| format!("`{}.{}`", t.name, c.name))
        })
        .collect()
}
