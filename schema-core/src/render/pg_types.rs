//! The SQL of extensions, enum types and domains (PostgreSQL's; the planner gives the other
//! databases none of these steps).

use super::SqlDialect;
use crate::model::{Column, ColumnType, DefaultValue, Domain, EnumType, Lifecycle};
use crate::plan::{Position, TypeKind, TypeStep, TypeUser};

pub(super) fn statements<S: SqlDialect + ?Sized>(sql: &S, step: &TypeStep) -> Vec<String> {
    use TypeStep::*;
    let id = |name: &str| sql.ident(name);
    match step {
        CreateExtension(e) => {
            let mut text = format!("CREATE EXTENSION IF NOT EXISTS {}", id(&e.name));
            if let Some(schema) = &e.schema {
                text.push_str(&format!(" WITH SCHEMA {}", id(schema)));
            }
            if let Some(version) = &e.version {
                text.push_str(&format!(" VERSION {}", sql.literal(version)));
            }
            vec![text]
        }
        // RESTRICT: refused while anything still uses the extension.
        DropExtension(e) => vec![format!("DROP EXTENSION IF EXISTS {}", id(&e.name))],
        CreateEnum(e) => create_enum(sql, e),
        DropEnum(e) => vec![format!("DROP TYPE {}", id(&e.name))],
        AddEnumValue {
            value, position, after, ..
        } => {
            let place = match position {
                Some((Position::Before, anchor)) => format!(" BEFORE {}", sql.literal(anchor)),
                Some((Position::After, anchor)) => format!(" AFTER {}", sql.literal(anchor)),
                None => String::new(),
            };
            vec![format!(
                "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{place}",
                id(&after.name),
                sql.literal(value)
            )]
        }
        RebuildEnum { after, users, .. } => rebuild_enum(sql, after, users),
        RenameEnumValue { type_name, from, to } => vec![format!(
            "ALTER TYPE {} RENAME VALUE {} TO {}",
            id(type_name),
            sql.literal(from),
            sql.literal(to)
        )],
        RenameType { kind, from, to } => vec![format!("ALTER {} {} RENAME TO {}", kind.sql(), id(from), id(to))],
        CommentType {
            kind, name, comment, ..
        } => vec![comment_on(sql, *kind, name, comment.as_deref())],
        CreateDomain(d) => create_domain(sql, d),
        DropDomain(d) => vec![format!("DROP DOMAIN {}", id(&d.name))],
        SetDomainDefault { domain, .. } => {
            let change = match default_of(sql, domain.base, domain.default.as_ref()) {
                Some(default) => format!("SET DEFAULT {default}"),
                None => "DROP DEFAULT".into(),
            };
            vec![format!("ALTER DOMAIN {} {change}", id(&domain.name))]
        }
        SetDomainNullable { name, nullable } => {
            let change = if *nullable { "DROP NOT NULL" } else { "SET NOT NULL" };
            vec![format!("ALTER DOMAIN {} {change}", id(name))]
        }
        AddDomainCheck {
            domain,
            check,
            validated,
        } => {
            let not_valid = if *validated && !check.not_valid {
                ""
            } else {
                " NOT VALID"
            };
            vec![format!(
                "ALTER DOMAIN {} ADD CONSTRAINT {} CHECK ({}){not_valid}",
                id(domain),
                id(&check.name),
                check.expr
            )]
        }
        DropDomainCheck { domain, check } => vec![format!(
            "ALTER DOMAIN {} DROP CONSTRAINT {}",
            id(domain),
            id(&check.name)
        )],
        ValidateDomainCheck { domain, name } => {
            vec![format!("ALTER DOMAIN {} VALIDATE CONSTRAINT {}", id(domain), id(name))]
        }
        Composite(step) => super::composites::statements(sql, step),
    }
}

fn create_enum<S: SqlDialect + ?Sized>(sql: &S, e: &EnumType) -> Vec<String> {
    let values: Vec<String> = e.values.iter().map(|v| sql.literal(v)).collect();
    let mut out = vec![format!(
        "CREATE TYPE {} AS ENUM ({})",
        sql.ident(&e.name),
        values.join(", ")
    )];
    if e.comment.is_some() {
        out.push(comment_on(sql, TypeKind::Enum, &e.name, e.comment.as_deref()));
    }
    out
}

fn create_domain<S: SqlDialect + ?Sized>(sql: &S, d: &Domain) -> Vec<String> {
    let mut text = format!("CREATE DOMAIN {} AS {}", sql.ident(&d.name), sql.type_name(d.base));
    if let Some(default) = default_of(sql, d.base, d.default.as_ref()) {
        text.push_str(&format!(" DEFAULT {default}"));
    }
    if !d.nullable {
        text.push_str(" NOT NULL");
    }
    for check in d.checks.iter().filter(|c| !c.not_valid) {
        text.push_str(&format!(
            " CONSTRAINT {} CHECK ({})",
            sql.ident(&check.name),
            check.expr
        ));
    }
    let mut out = vec![text];
    // CREATE DOMAIN has no NOT VALID: a check that stays so is added after.
    for check in d.checks.iter().filter(|c| c.not_valid) {
        out.push(format!(
            "ALTER DOMAIN {} ADD CONSTRAINT {} CHECK ({}) NOT VALID",
            sql.ident(&d.name),
            sql.ident(&check.name),
            check.expr
        ));
    }
    if d.comment.is_some() {
        out.push(comment_on(sql, TypeKind::Domain, &d.name, d.comment.as_deref()));
    }
    out
}

/// The type renamed away, a new one made, each column converted through its text (its default
/// dropped and set again around it), the old type dropped.
fn rebuild_enum<S: SqlDialect + ?Sized>(sql: &S, e: &EnumType, users: &[TypeUser]) -> Vec<String> {
    let old = format!("{}__old", e.name);
    let mut out = vec![format!(
        "ALTER TYPE {} RENAME TO {}",
        sql.ident(&e.name),
        sql.ident(&old)
    )];
    out.extend(create_enum(sql, e));
    for user in users {
        let (table, column) = (sql.ident(&user.table), sql.ident(&user.column.name));
        if user.column.default.is_some() {
            out.push(format!("ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"));
        }
        let (text, ty) = match user.column.ty {
            ColumnType::Array(_) => ("text[]", format!("{}[]", sql.ident(&e.name))),
            _ => ("text", sql.ident(&e.name)),
        };
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {ty} USING {column}::{text}::{ty}"
        ));
        if let Some(default) = sql.default_value(&user.column) {
            out.push(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {default}"
            ));
        }
    }
    out.push(format!("DROP TYPE {}", sql.ident(&old)));
    out
}

pub(super) fn comment_on<S: SqlDialect + ?Sized>(sql: &S, kind: TypeKind, name: &str, comment: Option<&str>) -> String {
    let value = comment.map(|c| sql.literal(c)).unwrap_or_else(|| "NULL".into());
    format!("COMMENT ON {} {} IS {value}", kind.sql(), sql.ident(name))
}

/// A domain's default as the database writes a column's of the same type.
fn default_of<S: SqlDialect + ?Sized>(sql: &S, base: ColumnType, default: Option<&DefaultValue>) -> Option<String> {
    let column = Column {
        name: String::new(),
        ty: base,
        nullable: true,
        default: default.cloned(),
        comment: None,
        values: None,
        set_on_update: false,
        native_types: Default::default(),
        diesel_type: None,
        renamed_from: None,
        lifecycle: Lifecycle::Live,
        narrowing: None,
        generated: None,
        auto_increment: Default::default(),
        sequence: None,
        origin: Default::default(),
    };
    sql.default_value(&column)
}
