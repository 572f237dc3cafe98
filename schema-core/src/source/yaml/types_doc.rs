//! The documents that declare PostgreSQL extensions, enum types and domains
//! (`extension: pg_trgm`, `enum: mood`, `domain: email_address`): their format types, reading and
//! lowering into the model. Columns use an enum or a domain by its name (`type: mood`).

use std::collections::BTreeMap;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

use super::document::{CheckDoc, LiteralDoc, DOCUMENT_KINDS};
use super::node::{Kind, Node, Seg};
use super::read::Reader;
use super::shape::{Shape, CHECK};
use super::values::describe;
use crate::diagnostic::Diagnostic;
use crate::model::{naming, Check, ColumnType, DefaultValue, Domain, EnumType, Extension, Literal, Origin};
use crate::sql::SqlExpr;

pub static EXTENSION: Shape = Shape {
    keys: &["extension", "schema", "version"],
    docs: "extensions",
    example: "extension: pg_trgm",
};
pub static ENUM: Shape = Shape {
    keys: &[
        "enum",
        "values",
        "comment",
        "renamed_from",
        "renamed_values",
        "removed_values",
    ],
    docs: "enum-types",
    example: "enum: mood\nvalues: [sad, ok, happy]",
};
pub static DOMAIN: Shape = Shape {
    keys: &[
        "domain",
        "type",
        "nullable",
        "default",
        "default_sql",
        "checks",
        "comment",
        "renamed_from",
    ],
    docs: "domains",
    example: "domain: email_address\ntype: text\nchecks: [{ name: email_address_format, expr: \"VALUE LIKE '%@%'\" }]",
};

/// A PostgreSQL extension the schema needs (PostgreSQL only).
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright extension"))]
pub struct ExtensionDoc {
    /// The extension's name, e.g. `pg_trgm`, `citext`, `ltree`. The first migration that needs it
    /// runs `CREATE EXTENSION IF NOT EXISTS`.
    pub extension: String,
    /// The schema its objects go in (default: the first on the search path).
    pub schema: Option<String>,
    /// The version to install (default: the extension's default version).
    pub version: Option<String>,
}

/// A PostgreSQL enum type (`CREATE TYPE ... AS ENUM`); MySQL gets an inline `ENUM(...)` column
/// type, SQLite text with `CHECK (... IN (...))`.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright enum type"))]
pub struct EnumDoc {
    /// The type's name; columns use it as their `type`.
    #[cfg_attr(feature = "json-schema", serde(rename = "enum"))]
    pub name: String,
    /// The values, in their sort order.
    pub values: Vec<String>,
    /// Documentation stored in the database (`COMMENT ON TYPE`).
    pub comment: Option<String>,
    /// The type's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
    /// Values renamed: new name → previous name (`ALTER TYPE ... RENAME VALUE`).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub renamed_values: BTreeMap<String, String>,
    /// Values taken out on purpose: the type is built again without them (no row may hold one).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub removed_values: Vec<String>,
}

/// A PostgreSQL domain: a base type with a default, NOT NULL and checks (PostgreSQL only).
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright domain"))]
pub struct DomainDoc {
    /// The domain's name; columns use it as their `type`.
    #[cfg_attr(feature = "json-schema", serde(rename = "domain"))]
    pub name: String,
    /// The base type, e.g. `text` or `numeric(12,2)`.
    #[cfg_attr(feature = "json-schema", serde(rename = "type"))]
    pub base: String,
    /// `false` makes the domain NOT NULL (default `true`).
    pub nullable: Option<bool>,
    /// A value default.
    pub default: Option<LiteralDoc>,
    /// An SQL expression default.
    pub default_sql: Option<String>,
    /// Checks on the value (`VALUE` in the expression); unnamed ones are `<domain>_check`,
    /// `<domain>_check1`, ...
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub checks: Vec<CheckDoc>,
    /// Documentation stored in the database (`COMMENT ON DOMAIN`).
    pub comment: Option<String>,
    /// The domain's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
}

impl Reader {
    pub(super) fn extension(&mut self, root: &Node) -> Option<ExtensionDoc> {
        let fields = self.fields(root, "this extension".into(), &EXTENSION)?;
        Some(ExtensionDoc {
            extension: self.required_text(&fields, "extension")?,
            schema: self.text(&fields, "schema"),
            version: self.text(&fields, "version"),
        })
    }

    pub(super) fn enum_type(&mut self, root: &Node) -> Option<EnumDoc> {
        let fields = self.fields(root, "this enum".into(), &ENUM)?;
        let name = self.required_text(&fields, "enum");
        let values = self.required_texts(&fields, "values");
        Some(EnumDoc {
            name: name?,
            values: values?,
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
            renamed_values: self.text_map(&fields, "renamed_values"),
            removed_values: self.texts(&fields, "removed_values").unwrap_or_default(),
        })
    }

    pub(super) fn domain(&mut self, root: &Node) -> Option<DomainDoc> {
        let fields = self.fields(root, "this domain".into(), &DOMAIN)?;
        let name = self.required_text(&fields, "domain");
        let base = self.required_text(&fields, "type");
        let nullable = fields.get("nullable").is_none() || self.flag(&fields, "nullable");
        let default = fields.get("default").and_then(|node| self.literal(node, "the domain"));
        Some(DomainDoc {
            name: name?,
            base: base?,
            nullable: Some(nullable),
            default,
            default_sql: self.text(&fields, "default_sql"),
            checks: self.list(&fields, "checks", &CHECK, Reader::check),
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
        })
    }

    /// The origin of the value at `key` of the document, else of the document.
    fn origin_at(&self, root: &Node, key: &str) -> Origin {
        match root.get(&[Seg::Key(key.to_string())]) {
            Some(node) => self.origin(node),
            None => self.origin(root),
        }
    }
}

pub(super) fn lower_extension(reader: &mut Reader, doc: ExtensionDoc, root: &Node) -> Extension {
    Extension {
        name: doc.extension,
        schema: doc.schema,
        version: doc.version,
        origin: reader.origin(root),
    }
}

pub(super) fn lower_enum(reader: &mut Reader, doc: EnumDoc, root: &Node) -> EnumType {
    EnumType {
        name: doc.name,
        values: doc.values,
        comment: doc.comment,
        renamed_from: doc.renamed_from,
        renamed_values: doc.renamed_values,
        removed_values: doc.removed_values,
        origin: reader.origin(root),
    }
}

pub(super) fn lower_domain(reader: &mut Reader, doc: DomainDoc, root: &Node) -> Domain {
    let origin = reader.origin(root);
    let (type_at, default_at, checks_at) = (
        reader.origin_at(root, "type"),
        reader.origin_at(root, "default_sql"),
        reader.origin_at(root, "checks"),
    );
    let base = match ColumnType::parse_declared(&doc.base) {
        Ok(ty) => ty,
        Err(e) => {
            reader.problems.push(
                Diagnostic::error("unknown-type", &type_at, format!("domain `{}`: {e}", doc.name))
                    .help("a domain's base type is a built-in type, e.g. `text` or `numeric(12,2)`"),
            );
            ColumnType::Text
        }
    };
    let default = match (doc.default, doc.default_sql) {
        (Some(literal), _) => match literal {
            LiteralDoc::Bool(b) => Some(DefaultValue::Literal(Literal::Bool(b))),
            LiteralDoc::String(s) => Some(DefaultValue::Literal(Literal::String(s))),
            LiteralDoc::Integer(i) => Literal::number(&i.to_string()).map(DefaultValue::Literal),
            LiteralDoc::Float(f) => Literal::number(&f.to_string()).map(DefaultValue::Literal),
        },
        (None, Some(sql)) => match DefaultValue::from_sql(&sql) {
            Ok(d) => Some(d),
            Err(e) => {
                reader.problems.push(
                    Diagnostic::error(
                        "invalid-expression",
                        &default_at,
                        format!("default of domain `{}`: {e}", doc.name),
                    )
                    .help("write one SQL expression, e.g. `'none'` or `now()`"),
                );
                None
            }
        },
        (None, None) => None,
    };
    let mut checks = Vec::new();
    let mut unnamed = 0;
    for check in doc.checks {
        let name = check.name.unwrap_or_else(|| {
            let name = match unnamed {
                0 => naming::domain_check(&doc.name),
                n => format!("{}{n}", naming::domain_check(&doc.name)),
            };
            unnamed += 1;
            name
        });
        match SqlExpr::parse(&check.expr) {
            Ok(expr) => checks.push(Check {
                name,
                expr,
                not_valid: check.not_valid,
                comment: None,
                origin: checks_at.clone(),
            }),
            Err(e) => reader.problems.push(
                Diagnostic::error(
                    "invalid-expression",
                    &checks_at,
                    format!("check `{name}` of domain `{}`: {e}", doc.name),
                )
                .help("write one SQL expression over `VALUE`, e.g. `VALUE > 0`"),
            ),
        }
    }
    Domain {
        name: doc.name,
        base,
        nullable: doc.nullable.unwrap_or(true),
        default,
        checks,
        comment: doc.comment,
        renamed_from: doc.renamed_from,
        origin,
    }
}

/// Which of [`DOCUMENT_KINDS`] a document's top-level mapping has.
pub(super) fn kinds_of(root: &Node) -> Vec<&'static str> {
    match &root.kind {
        Kind::Mapping(entries) => DOCUMENT_KINDS
            .iter()
            .copied()
            .filter(|kind| entries.iter().any(|(k, _)| k.key_text() == Some(kind)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The error for a document that is not a mapping with exactly one kind key.
pub(super) fn kind_problem(reader: &Reader, root: &Node, kinds: &[&str]) -> Diagnostic {
    let origin: Origin = reader.origin(root);
    if kinds.len() > 1 {
        return Diagnostic::error(
            "invalid-value",
            &origin,
            format!(
                "this document is {}: a document declares one thing",
                kinds
                    .iter()
                    .map(|k| format!("`{k}:`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        )
        .help("separate the declarations with a line `---`".to_string());
    }
    Diagnostic::error(
        "missing-key",
        &origin,
        format!(
            "this document declares nothing: it is {}, without one of the keys {}",
            describe(root),
            DOCUMENT_KINDS
                .iter()
                .map(|k| format!("`{k}:`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .help("start it with `table: <name>` (or `extension:`, `enum:`, `domain:`, `function:`, `composite:`)".to_string())
}
