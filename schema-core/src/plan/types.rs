//! Planning extensions, enum types and domains (PostgreSQL): what changed between two schemas,
//! as [`TypeStep`]s placed where they are safe.
//!
//! - Extensions, enum types and domains are created before the tables that use them and
//!   dropped after (a type is only dropped once no column, kept ones included, uses it).
//! - A value added to an enum (`ALTER TYPE ... ADD VALUE`) goes in a migration of its own that
//!   runs first: PostgreSQL cannot use a value in the transaction that added it. Its down builds
//!   the type again without the value (PostgreSQL cannot drop one), which fails while a row holds
//!   it.
//! - Values removed (declared in `removed_values`) or put in another order build the type again
//!   in the main migration: a new type, each column converted through its text, the old type
//!   dropped. Renamed values and types are renamed in place.
//! - A domain's new check is added `NOT VALID` and validated in the `validate` migration, so
//!   writes to the columns of the domain are not blocked while PostgreSQL checks them.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{
    backup_name, Check, Column, ColumnType, DefaultValue, Domain, EnumType, Extension, Lifecycle, Schema,
};

use super::step::{Change, Subject, Verb};
use super::Step;

/// One change to an extension, an enum type or a domain.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeStep {
    CreateExtension(Extension),
    DropExtension(Extension),
    CreateEnum(EnumType),
    DropEnum(EnumType),
    /// `ALTER TYPE ... ADD VALUE 'v' [BEFORE 'w' | AFTER 'w']`. `before` and `after` are the type
    /// as it was and is; `users` the columns of the type, for the down (a rebuild). Of several
    /// values added to one type, the `first` one's down builds the type as it was before all of
    /// them; the others' downs do nothing.
    AddEnumValue {
        first: bool,
        value: String,
        position: Option<(Position, String)>,
        before: EnumType,
        after: EnumType,
        users: Vec<TypeUser>,
    },
    /// The enum type built again with `after`'s values: a new type, each column converted through
    /// its text, the old type dropped.
    RebuildEnum {
        before: EnumType,
        after: EnumType,
        users: Vec<TypeUser>,
    },
    RenameEnumValue {
        type_name: String,
        from: String,
        to: String,
    },
    RenameType {
        kind: TypeKind,
        from: String,
        to: String,
    },
    CommentType {
        kind: TypeKind,
        name: String,
        comment: Option<String>,
        before: Option<String>,
    },
    CreateDomain(Domain),
    DropDomain(Domain),
    SetDomainDefault {
        domain: Domain,
        before: Option<DefaultValue>,
    },
    SetDomainNullable {
        name: String,
        nullable: bool,
    },
    /// `validated: false` adds it `NOT VALID`; the `validate` migration validates it.
    AddDomainCheck {
        domain: String,
        check: Check,
        validated: bool,
    },
    DropDomainCheck {
        domain: String,
        check: Check,
    },
    ValidateDomainCheck {
        domain: String,
        name: String,
    },
    /// A composite type's change (plan/composites.rs).
    Composite(super::composites::CompositeStep),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Before,
    After,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Enum,
    Domain,
    Composite,
}

impl TypeKind {
    pub fn sql(self) -> &'static str {
        match self {
            TypeKind::Enum | TypeKind::Composite => "TYPE",
            TypeKind::Domain => "DOMAIN",
        }
    }

    fn word(self) -> &'static str {
        match self {
            TypeKind::Enum => "enum",
            TypeKind::Domain => "domain",
            TypeKind::Composite => "composite type",
        }
    }
}

/// A column of an enum type, under the name it has in the database (`__dropped` for a column
/// or table a drop keeps), for a rebuild of the type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeUser {
    pub table: String,
    pub column: Column,
}

impl TypeStep {
    pub fn inverse(&self) -> Option<TypeStep> {
        use TypeStep::*;
        Some(match self.clone() {
            CreateExtension(e) => DropExtension(e),
            DropExtension(e) => CreateExtension(e),
            CreateEnum(e) => DropEnum(e),
            DropEnum(e) => CreateEnum(e),
            AddEnumValue { first: false, .. } => return None,
            AddEnumValue {
                before, after, users, ..
            } => RebuildEnum {
                before: after,
                after: before,
                users,
            },
            RebuildEnum { before, after, users } => RebuildEnum {
                before: after,
                after: before,
                users,
            },
            RenameEnumValue { type_name, from, to } => RenameEnumValue {
                type_name,
                from: to,
                to: from,
            },
            RenameType { kind, from, to } => RenameType {
                kind,
                from: to,
                to: from,
            },
            CommentType {
                kind,
                name,
                comment,
                before,
            } => CommentType {
                kind,
                name,
                comment: before,
                before: comment,
            },
            CreateDomain(d) => DropDomain(d),
            DropDomain(d) => CreateDomain(d),
            SetDomainDefault { mut domain, before } => {
                let now = std::mem::replace(&mut domain.default, before);
                SetDomainDefault { domain, before: now }
            }
            SetDomainNullable { name, nullable } => SetDomainNullable {
                name,
                nullable: !nullable,
            },
            AddDomainCheck { domain, check, .. } => DropDomainCheck { domain, check },
            DropDomainCheck { domain, check } => AddDomainCheck {
                domain,
                check,
                validated: true,
            },
            ValidateDomainCheck { .. } => return None,
            Composite(step) => Composite(step.inverse()),
        })
    }

    /// Whether the step makes a new object (which no one can be using yet).
    pub fn creates(&self) -> bool {
        match self {
            TypeStep::Composite(step) => step.creates(),
            _ => matches!(
                self,
                TypeStep::CreateExtension(_) | TypeStep::CreateEnum(_) | TypeStep::CreateDomain(_)
            ),
        }
    }

    /// The name of the object the step changes.
    pub fn object(&self) -> &str {
        use TypeStep::*;
        match self {
            CreateExtension(e) | DropExtension(e) => &e.name,
            CreateEnum(e) | DropEnum(e) => &e.name,
            AddEnumValue { after, .. } | RebuildEnum { after, .. } => &after.name,
            RenameEnumValue { type_name, .. } => type_name,
            RenameType { to, .. } => to,
            CommentType { name, .. } | SetDomainNullable { name, .. } => name,
            CreateDomain(d) | DropDomain(d) => &d.name,
            SetDomainDefault { domain, .. } => &domain.name,
            AddDomainCheck { domain, .. } | DropDomainCheck { domain, .. } | ValidateDomainCheck { domain, .. } => {
                domain
            }
            Composite(step) => step.object(),
        }
    }

    pub fn summary(&self) -> String {
        use TypeStep::*;
        match self {
            CreateExtension(e) => format!("create extension {}", e.name),
            DropExtension(e) => format!("drop extension {}", e.name),
            CreateEnum(e) => format!("create enum {}", e.name),
            DropEnum(e) => format!("drop enum {}", e.name),
            AddEnumValue { value, after, .. } => format!("add value {value} to enum {}", after.name),
            RebuildEnum { after, .. } => format!(
                "build enum {} again with the values {}",
                after.name,
                after.values.join(", ")
            ),
            RenameEnumValue { type_name, from, to } => format!("rename value {from} of enum {type_name} to {to}"),
            RenameType { kind, from, to } => format!("rename {} {from} to {to}", kind.word()),
            CommentType { kind, name, .. } => format!("comment on {} {name}", kind.word()),
            CreateDomain(d) => format!("create domain {}", d.name),
            DropDomain(d) => format!("drop domain {}", d.name),
            SetDomainDefault { domain, .. } => format!("change the default of domain {}", domain.name),
            SetDomainNullable { name, nullable: true } => format!("make domain {name} nullable"),
            SetDomainNullable { name, .. } => format!("make domain {name} NOT NULL"),
            AddDomainCheck { domain, check, .. } => format!("add check {} to domain {domain}", check.name),
            DropDomainCheck { domain, check } => format!("drop check {} of domain {domain}", check.name),
            ValidateDomainCheck { domain, name } => format!("validate check {name} of domain {domain}"),
            Composite(step) => step.summary(),
        }
    }

    /// What the step changes, for the migration's name.
    pub fn changes(&self) -> Vec<Change> {
        use TypeStep::*;
        let change = |verb: Verb| {
            vec![Change {
                table: self.object().to_string(),
                subject: Subject::Table { from: None },
                verb,
            }]
        };
        match self {
            CreateExtension(_) | CreateEnum(_) | CreateDomain(_) => change(Verb::Add),
            DropExtension(_) | DropEnum(_) | DropDomain(_) => change(Verb::Drop),
            RenameType { from, to, .. } => vec![Change {
                table: to.clone(),
                subject: Subject::Table {
                    from: Some(from.clone()),
                },
                verb: Verb::Rename,
            }],
            CommentType { .. } => change(Verb::Comment),
            ValidateDomainCheck { .. } => vec![],
            Composite(step) => step.changes(),
            _ => change(Verb::ChangeValues),
        }
    }
}

/// The steps of a plan's changes to extensions, enum types and domains.
#[derive(Default)]
pub(super) struct TypePlan {
    /// First in the main migration, before the tables change.
    pub before_tables: Vec<Step>,
    /// Last in the main migration, after the tables changed: drops.
    pub after_tables: Vec<Step>,
    /// A migration of its own before the main one: values added to enums.
    pub enum_values: Vec<Step>,
    /// Checks added `NOT VALID`, validated after the main migration committed.
    pub validate: Vec<Step>,
    pub refused: Vec<Diagnostic>,
}

/// Plans the changes to extensions, enum types and domains from `old` to `new` (PostgreSQL; the
/// other databases have none by then: see [`Schema::for_dialect`]).
pub(super) fn plan_types(old: &Schema, new: &Schema, dialect: Dialect) -> TypePlan {
    let mut plan = TypePlan::default();
    if dialect != Dialect::Postgres {
        // The enums become column types or checks; a renamed value would be a value removed and
        // another added, which loses the rows' values.
        for after in &new.enums {
            let Some(before) = old
                .enum_type(&after.name)
                .or_else(|| after.renamed_from.as_deref().and_then(|f| old.enum_type(f)))
            else {
                continue;
            };
            for (to, from) in &after.renamed_values {
                if before.values.contains(from) && !before.values.contains(to) {
                    plan.refused.push(
                        Diagnostic::error(
                            "unsupported-change",
                            &after.origin,
                            format!("value `{from}` of enum `{}` is renamed to `{to}`, which {} cannot do in place", after.name, dialect.name()),
                        )
                        .help(format!("add `{to}` first and migrate, update the rows that hold `{from}`, then remove `{from}` (listed under `removed_values`)")),
                    );
                }
            }
        }
        return plan;
    }
    let step = Step::Type;
    // Extensions: by name.
    for extension in &new.extensions {
        if old.extension(&extension.name).is_none() {
            plan.before_tables
                .push(step(TypeStep::CreateExtension(extension.clone())));
        }
    }
    for extension in &old.extensions {
        if new.extension(&extension.name).is_none() {
            plan.after_tables.push(step(TypeStep::DropExtension(extension.clone())));
        }
    }
    // Enums: by name, or by `renamed_from`.
    let old_enum = |e: &EnumType| {
        old.enum_type(&e.name)
            .or_else(|| e.renamed_from.as_deref().and_then(|from| old.enum_type(from)))
    };
    let mut continued: BTreeSet<&str> = BTreeSet::new();
    for after in &new.enums {
        let Some(before) = old_enum(after) else {
            plan.before_tables.push(step(TypeStep::CreateEnum(after.clone())));
            continue;
        };
        continued.insert(&before.name);
        if before.name != after.name {
            plan.before_tables.push(step(TypeStep::RenameType {
                kind: TypeKind::Enum,
                from: before.name.clone(),
                to: after.name.clone(),
            }));
        }
        enum_values(old, before, after, &mut plan);
        if before.comment != after.comment {
            plan.before_tables.push(step(TypeStep::CommentType {
                kind: TypeKind::Enum,
                name: after.name.clone(),
                comment: after.comment.clone(),
                before: before.comment.clone(),
            }));
        }
    }
    for e in old.enums.iter().filter(|e| !continued.contains(e.name.as_str())) {
        plan.after_tables.push(step(TypeStep::DropEnum(e.clone())));
    }
    // Domains: by name, or by `renamed_from`.
    let mut continued: BTreeSet<&str> = BTreeSet::new();
    for after in &new.domains {
        let before = old
            .domain(&after.name)
            .or_else(|| after.renamed_from.as_deref().and_then(|from| old.domain(from)));
        let Some(before) = before else {
            plan.before_tables.push(step(TypeStep::CreateDomain(after.clone())));
            continue;
        };
        continued.insert(&before.name);
        domain_changes(before, after, &mut plan);
    }
    for d in old.domains.iter().filter(|d| !continued.contains(d.name.as_str())) {
        plan.after_tables.push(step(TypeStep::DropDomain(d.clone())));
    }
    super::composites::plan_composites(old, new, &mut plan);
    // Drops in the reverse order of dependence: composite types (whose fields may be of any
    // other type), domains (which may be over an enum or an extension's type), then enums, then
    // extensions. The sort is stable: composites stay in the order they were planned in.
    let rank = |s: &Step| match s {
        Step::Type(TypeStep::Composite(_)) => 0,
        Step::Type(TypeStep::DropDomain(_)) => 1,
        Step::Type(TypeStep::DropEnum(_)) => 2,
        _ => 3,
    };
    plan.after_tables.sort_by_key(rank);
    plan
}

fn enum_values(old: &Schema, before: &EnumType, after: &EnumType, plan: &mut TypePlan) {
    // The old values under their new names.
    let renamed_back = |value: &str| -> String {
        after
            .renamed_values
            .iter()
            .find(|(_, from)| from.as_str() == value)
            .map(|(to, _)| to.clone())
            .unwrap_or_else(|| value.to_string())
    };
    let mut current: Vec<String> = before.values.clone();
    for (to, from) in &after.renamed_values {
        if before.values.contains(from) && !before.values.contains(to) {
            plan.before_tables.push(Step::Type(TypeStep::RenameEnumValue {
                type_name: after.name.clone(),
                from: from.clone(),
                to: to.clone(),
            }));
        }
    }
    current.iter_mut().for_each(|v| *v = renamed_back(v));
    let removed: Vec<&String> = current.iter().filter(|v| !after.values.contains(v)).collect();
    let undeclared: Vec<&String> = removed
        .iter()
        .copied()
        .filter(|v| !after.removed_values.contains(v))
        .collect();
    if !undeclared.is_empty() {
        let list = undeclared
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        plan.refused.push(
            Diagnostic::error(
                "unsupported-change",
                &after.origin,
                format!(
                    "values {list} were removed from enum `{}`: PostgreSQL cannot drop a value from an enum type, and rows may still hold it",
                    after.name
                ),
            )
            .help(format!(
                "first change the rows that hold it, then list it under `removed_values: [{}]`: the type is built again without it (a new type, each column converted, the old type dropped), which fails while a row still holds it",
                undeclared.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            )),
        );
        return;
    }
    let users = users_of(old, &before.name);
    let kept: Vec<&String> = current.iter().filter(|v| after.values.contains(v)).collect();
    let kept_in_new_order: Vec<&String> = after.values.iter().filter(|v| current.contains(v)).collect();
    if !removed.is_empty() || kept != kept_in_new_order {
        // Removed or reordered: built again, in the main migration.
        if let Some(domain) = old
            .domains
            .iter()
            .find(|d| d.base.declared_name() == Some(before.name.as_str()))
        {
            plan.refused.push(
                Diagnostic::error(
                    "unsupported-change",
                    &after.origin,
                    format!(
                        "enum `{}` must be built again (values removed or reordered), but domain `{}` is over it",
                        after.name, domain.name
                    ),
                )
                .help("PostgreSQL cannot move a domain to a new type: declare a new enum type, move the domain's columns to a new domain over it, then drop the old ones"),
            );
            return;
        }
        if let Some(composite) = old.composites.iter().find(|c| c.uses().any(|used| used == before.name)) {
            plan.refused.push(
                Diagnostic::error(
                    "unsupported-change",
                    &after.origin,
                    format!(
                        "enum `{}` must be built again (values removed or reordered), but a field of composite type `{}` is of it",
                        after.name, composite.name
                    ),
                )
                .help("PostgreSQL cannot drop the old type while a field uses it: declare a new enum type, give the composite a field of it, copy the values over, then drop the old field and type"),
            );
            return;
        }
        let mut was = before.clone();
        was.name = after.name.clone();
        was.values = current.clone();
        plan.before_tables.push(Step::Type(TypeStep::RebuildEnum {
            before: was,
            after: after.clone(),
            users: users
                .into_iter()
                .map(|mut u| {
                    u.column.ty = retarget(u.column.ty, &after.name);
                    u
                })
                .collect(),
        }));
        return;
    }
    // Only added values: each placed before the next old value, or after the last. They are
    // added before the main migration renames anything: in the old names.
    let old_name = |value: &String| -> String {
        match after.renamed_values.get(value) {
            Some(from) if before.values.contains(from) => from.clone(),
            _ => value.clone(),
        }
    };
    let wanted: Vec<String> = after.values.iter().map(old_name).collect();
    let mut state = before.clone();
    for (i, value) in wanted.iter().enumerate() {
        if state.values.contains(value) {
            continue;
        }
        let next_old = wanted[i + 1..].iter().find(|v| before.values.contains(v));
        let position = match next_old {
            Some(next) => Some((Position::Before, next.clone())),
            None => state.values.last().map(|last| (Position::After, last.clone())),
        };
        let mut next = state.clone();
        match &position {
            Some((Position::Before, anchor)) => {
                let at = next.values.iter().position(|v| v == anchor).unwrap_or(0);
                next.values.insert(at, value.clone());
            }
            _ => next.values.push(value.clone()),
        }
        // The values are added before the main migration runs, under the type's old name.
        let mut was = state.clone();
        was.name = before.name.clone();
        let mut is = next.clone();
        is.name = before.name.clone();
        let first = !plan
            .enum_values
            .iter()
            .any(|s| matches!(s, Step::Type(TypeStep::AddEnumValue { before, .. }) if before.name == was.name));
        plan.enum_values.push(Step::Type(TypeStep::AddEnumValue {
            first,
            value: value.clone(),
            position,
            before: was,
            after: is,
            users: users.clone(),
        }));
        state = next;
    }
}

/// `old` with its columns of a type `new` renames (`renamed_from`) under the new name, so that
/// the tables' planning sees no type change where only the type's name changed.
pub(super) fn follow_type_renames(old: &Schema, new: &Schema) -> Option<Schema> {
    let renames: Vec<(&str, &str)> = new
        .enums
        .iter()
        .map(|e| (e.renamed_from.as_deref(), e.name.as_str()))
        .chain(new.domains.iter().map(|d| (d.renamed_from.as_deref(), d.name.as_str())))
        .chain(
            new.composites
                .iter()
                .map(|c| (c.renamed_from.as_deref(), c.name.as_str())),
        )
        .filter_map(|(from, to)| Some((from?, to)))
        .filter(|(from, to)| old.named_type(to).is_none() && old.named_type(from).is_some())
        .collect();
    if renames.is_empty() {
        return None;
    }
    let mut old = old.clone();
    for column in old.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        if let Some((_, to)) = renames
            .iter()
            .find(|(from, _)| Some(*from) == column.ty.declared_name())
        {
            column.ty = retarget(column.ty, to);
        }
    }
    Some(old)
}

/// An enum's columns in `schema`, under their names in the database.
fn users_of(schema: &Schema, type_name: &str) -> Vec<TypeUser> {
    let mut users = Vec::new();
    for table in schema.tables.iter().filter(|t| !t.is_external()) {
        let table_name = match table.lifecycle {
            Lifecycle::Live => table.name.clone(),
            Lifecycle::Dropped => backup_name(&table.name),
            Lifecycle::Purged => continue,
        };
        for column in &table.columns {
            if column.ty.declared_name() != Some(type_name) {
                continue;
            }
            let mut column = column.clone();
            match column.lifecycle {
                Lifecycle::Live => {}
                Lifecycle::Dropped => column.name = backup_name(&column.name),
                Lifecycle::Purged => continue,
            }
            users.push(TypeUser {
                table: table_name.clone(),
                column,
            });
        }
    }
    users
}

/// The same shape of type (the named type or an array of it) under the name `name`.
fn retarget(ty: ColumnType, name: &str) -> ColumnType {
    match ty {
        ColumnType::Array(_) => ColumnType::array_of(ColumnType::named(name)).unwrap_or(ty),
        _ => ColumnType::named(name),
    }
}

fn domain_changes(before: &Domain, after: &Domain, plan: &mut TypePlan) {
    let step = Step::Type;
    if before.name != after.name {
        plan.before_tables.push(step(TypeStep::RenameType {
            kind: TypeKind::Domain,
            from: before.name.clone(),
            to: after.name.clone(),
        }));
    }
    if before.base != after.base {
        plan.refused.push(
            Diagnostic::error(
                "unsupported-change",
                &after.origin,
                format!(
                    "domain `{}` changes its type from {} to {}: PostgreSQL cannot change a domain's type",
                    after.name, before.base, after.base
                ),
            )
            .help("declare a new domain of the new type and move the columns to it, then drop the old one"),
        );
        return;
    }
    if before.default != after.default {
        plan.before_tables.push(step(TypeStep::SetDomainDefault {
            domain: after.clone(),
            before: before.default.clone(),
        }));
    }
    if before.nullable != after.nullable {
        plan.before_tables.push(step(TypeStep::SetDomainNullable {
            name: after.name.clone(),
            nullable: after.nullable,
        }));
    }
    for check in &before.checks {
        let same = after.checks.iter().find(|c| c.name == check.name);
        if same.is_none_or(|c| c.expr != check.expr || c.not_valid != check.not_valid) {
            plan.before_tables.push(step(TypeStep::DropDomainCheck {
                domain: after.name.clone(),
                check: check.clone(),
            }));
        }
    }
    for check in &after.checks {
        let same = before.checks.iter().find(|c| c.name == check.name);
        if same.is_none_or(|c| c.expr != check.expr || c.not_valid != check.not_valid) {
            plan.before_tables.push(step(TypeStep::AddDomainCheck {
                domain: after.name.clone(),
                check: check.clone(),
                validated: false,
            }));
            if !check.not_valid {
                plan.validate.push(step(TypeStep::ValidateDomainCheck {
                    domain: after.name.clone(),
                    name: check.name.clone(),
                }));
            }
        }
    }
    if before.comment != after.comment {
        plan.before_tables.push(step(TypeStep::CommentType {
            kind: TypeKind::Domain,
            name: after.name.clone(),
            comment: after.comment.clone(),
            before: before.comment.clone(),
        }));
    }
}

/// MySQL: whether a change of a column's inline `ENUM(...)` type (an enum type's values on MySQL)
/// can be made, and how: `Some(false)` in place (values added at the end: MySQL 8 and MariaDB
/// change only the table's definition), `Some(true)` by a table copy (values inserted or removed:
/// the stored numbers change). `None`: not two inline enums.
pub(super) fn mysql_enum_retype(before: &str, after: &str) -> Option<bool> {
    let values = |t: &str| -> Option<Vec<String>> {
        let inner = t.strip_prefix("enum(")?.strip_suffix(')')?;
        Some(inner.split("','").map(|v| v.trim_matches('\'').to_string()).collect())
    };
    let (before, after) = (values(before)?, values(after)?);
    Some(!(after.len() >= before.len() && after[..before.len()] == before[..]))
}
