//! `function:` documents: a SQL function (PostgreSQL), read and lowered into
//! [`crate::model::Function`]. Kept apart from the table documents; the dispatcher in `read.rs`
//! sends a document here when it has a `function` key.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

use super::node::{Kind, Node, Seg};
use super::read::Reader;
use super::shape::Shape;
use super::values::describe;
use crate::diagnostic::Diagnostic;
use crate::model::{Function, FunctionArgument, Origin, Volatility, FUNCTION_LANGUAGES};

/// One SQL function (PostgreSQL). A file may hold functions and tables, separated by `---`.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright function"))]
#[cfg_attr(
    feature = "json-schema",
    schemars(extend(
        "if" = { "not": { "properties": { "external": { "const": true } }, "required": ["external"] } },
        "then" = { "required": ["language", "body"] }
    ))
)]
pub struct FunctionDoc {
    /// The function's name.
    pub function: String,
    /// The arguments, in order: a type (`integer`), or `{ name, type, default }`.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub arguments: Vec<ArgumentDoc>,
    /// The result type: `trigger` (for a trigger function), `integer`, `setof text`,
    /// `table (id bigint, name text)`.
    pub returns: String,
    /// `sql` or `plpgsql`. Required unless `external`.
    pub language: Option<String>,
    /// The function's body, as a YAML block string (`body: |`). Required unless `external`.
    pub body: Option<String>,
    /// `immutable`, `stable` or `volatile` (the default).
    pub volatility: Option<String>,
    /// Returns NULL without running when an argument is NULL.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub strict: bool,
    /// Runs with the privileges of its owner (`SECURITY DEFINER`).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub security_definer: bool,
    /// Settings in force while it runs, e.g. `{ search_path: public }`.
    #[cfg_attr(feature = "json-schema", serde(default))]
    #[cfg_attr(
        feature = "json-schema",
        schemars(with = "BTreeMap<String, super::document::LiteralDoc>")
    )]
    pub set: BTreeMap<String, String>,
    /// Documentation stored in the database (`COMMENT ON FUNCTION`).
    pub comment: Option<String>,
    /// The function's previous name (same arguments): the next migration renames it.
    pub renamed_from: Option<String>,
    /// Declared for the checks only (a built-in function, one an extension or another team
    /// creates): never created, changed or dropped.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub external: bool,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(untagged))]
pub enum ArgumentDoc {
    /// Just the type.
    Type(String),
    Full(ArgumentFull),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ArgumentFull {
    pub name: Option<String>,
    #[cfg_attr(feature = "json-schema", serde(rename = "type"))]
    pub ty: String,
    /// A SQL expression: `DEFAULT 26`.
    #[cfg_attr(feature = "json-schema", schemars(with = "Option<super::document::LiteralDoc>"))]
    pub default: Option<String>,
}

pub static FUNCTION: Shape = Shape {
    keys: &[
        "function",
        "arguments",
        "returns",
        "language",
        "body",
        "volatility",
        "strict",
        "security_definer",
        "set",
        "comment",
        "renamed_from",
        "external",
    ],
    docs: "functions",
    example: "function: touch_updated_at",
};

pub static ARGUMENT: Shape = Shape {
    keys: &["name", "type", "default"],
    docs: "functions",
    example: "{ name: len, type: integer, default: 26 }",
};

impl Reader {
    /// Reads a `function:` document.
    pub fn function(&mut self, root: &Node) -> Option<FunctionDoc> {
        let name = root_text(root, "function");
        let what = match &name {
            Some(name) => format!("function `{name}`"),
            None => "this function".to_string(),
        };
        let fields = self.fields(root, what, &FUNCTION)?;
        let function = self.required_text(&fields, "function");
        let returns = self.required_text(&fields, "returns");
        let external = self.flag(&fields, "external");
        let (language, body) = if external {
            (self.text(&fields, "language"), self.text(&fields, "body"))
        } else {
            (
                self.required_text(&fields, "language"),
                self.required_text(&fields, "body"),
            )
        };
        let mut arguments = Vec::new();
        if let Some(node) = fields.get("arguments").filter(|n| !n.is_null()) {
            match &node.kind {
                Kind::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        match (&item.kind, item.scalar()) {
                            (Kind::Scalar(_), Some(scalar)) if !item.is_null() => {
                                arguments.push(ArgumentDoc::Type(scalar.text.clone()))
                            }
                            (Kind::Mapping(_), _) => {
                                let what = format!("argument {} of {}", i + 1, fields.what);
                                if let Some(argument) = self.fields(item, what, &ARGUMENT) {
                                    let ty = self.required_text(&argument, "type");
                                    let name = self.text(&argument, "name");
                                    let default = self.text(&argument, "default");
                                    if let Some(ty) = ty {
                                        arguments.push(ArgumentDoc::Full(ArgumentFull { name, ty, default }));
                                    }
                                }
                            }
                            _ => self.error(
                                "invalid-value",
                                item,
                                format!("argument {} of {} is {}", i + 1, fields.what, describe(item)),
                                format!("write a type, or a mapping such as `{}`", ARGUMENT.example),
                            ),
                        }
                    }
                }
                _ => self.error(
                    "invalid-value",
                    node,
                    format!("`arguments` of {} must be a list, not {}", fields.what, describe(node)),
                    format!("write a list, e.g. `arguments: [{}]`", ARGUMENT.example),
                ),
            }
        }
        Some(FunctionDoc {
            function: function?,
            arguments,
            returns: returns?,
            language,
            body,
            volatility: self.text(&fields, "volatility"),
            strict: self.flag(&fields, "strict"),
            security_definer: self.flag(&fields, "security_definer"),
            set: self.text_map(&fields, "set"),
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
            external,
        })
    }
}

/// The scalar under `key` of a mapping node, if any.
pub(super) fn root_text(root: &Node, key: &str) -> Option<String> {
    match &root.kind {
        Kind::Mapping(entries) => entries
            .iter()
            .find(|(k, _)| k.key_text() == Some(key))
            .and_then(|(_, v)| v.scalar())
            .map(|s| s.text.clone()),
        _ => None,
    }
}

/// Lowers a function document read from `root`: every value checked, every problem at its key.
pub(super) fn lower_function(doc: FunctionDoc, root: &Node, file: Option<Arc<PathBuf>>) -> (Function, Vec<Diagnostic>) {
    let at = |path: &[Seg]| {
        let (line, column) = root.find(path);
        Origin::yaml(file.clone(), line, column)
    };
    let key = |k: &str| Seg::Key(k.to_string());
    let mut problems = Vec::new();
    let mut origin = at(&[key("function")]);
    for k in FUNCTION.keys {
        if root.get(&[key(k)]).is_some() {
            origin.set_key(k, at(&[key(k)]));
        }
    }
    let volatility = match &doc.volatility {
        None => Volatility::Volatile,
        Some(text) => Volatility::parse(text).unwrap_or_else(|| {
            problems.push(
                Diagnostic::error(
                    "invalid-value",
                    &at(&[key("volatility")]),
                    format!("`{text}` is not a volatility"),
                )
                .help("use one of: immutable, stable, volatile"),
            );
            Volatility::Volatile
        }),
    };
    let language = doc.language.map(|l| l.trim().to_ascii_lowercase()).unwrap_or_default();
    if !doc.external && !FUNCTION_LANGUAGES.contains(&language.as_str()) {
        problems.push(
            Diagnostic::error(
                "invalid-value",
                &at(&[key("language")]),
                format!(
                    "function `{}` is in `{language}`, a language Tablewright does not declare",
                    doc.function
                ),
            )
            .help(format!(
                "use one of: {}; a function in another language can be declared `external: true`",
                FUNCTION_LANGUAGES.join(", ")
            )),
        );
    }
    let arguments = doc
        .arguments
        .into_iter()
        .map(|a| match a {
            ArgumentDoc::Type(ty) => FunctionArgument {
                name: None,
                ty,
                default: None,
            },
            ArgumentDoc::Full(full) => FunctionArgument {
                name: full.name,
                ty: full.ty,
                default: full.default,
            },
        })
        .collect();
    let function = Function {
        name: doc.function,
        arguments,
        returns: doc.returns,
        language,
        body: doc.body.unwrap_or_default(),
        volatility,
        strict: doc.strict,
        security_definer: doc.security_definer,
        set: doc.set,
        comment: doc.comment,
        renamed_from: doc.renamed_from,
        external: doc.external,
        origin,
    };
    (function, problems)
}
