//! Extensions, enum types and domains: their declarations, the columns that use them by name,
//! and the extensions that types and operator classes come from.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostic::{docs_url, Diagnostic};
use crate::dialect::Dialect;
use crate::model::{extension_of_opclass, extension_of_type, ColumnType, DefaultValue, Literal, NamedType, Schema};

/// PostgreSQL's longest identifier, in bytes (also the longest enum label).
const MAX_NAME: usize = 63;

pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    declarations(schema, dialect, found);
    columns(schema, dialect, found);
    opclasses(schema, dialect, found);
}

fn declarations(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let name = dialect.name();
    let mut seen: HashSet<&str> = HashSet::new();
    for extension in &schema.extensions {
        if dialect != Dialect::Postgres {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &extension.origin,
                    format!(
                        "extension `{}` is a PostgreSQL extension; {name} has no extensions",
                        extension.name
                    ),
                )
                .help(format!(
                    "an `extension:` document is for PostgreSQL only: remove it, and what uses it, for {name} (see {})",
                    docs_url("yaml.md#extensions")
                )),
            );
        }
        if !seen.insert(&extension.name) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    &extension.origin,
                    format!("extension `{}` is declared twice", extension.name),
                )
                .help("keep one declaration"),
            );
        }
    }
    let mut types: BTreeMap<&str, &crate::model::Origin> = BTreeMap::new();
    let enums = schema.enums.iter().map(|e| (e.name.as_str(), &e.origin, "enum"));
    let domains = schema.domains.iter().map(|d| (d.name.as_str(), &d.origin, "domain"));
    let composites = schema
        .composites
        .iter()
        .map(|c| (c.name.as_str(), &c.origin, "composite type"));
    for (type_name, origin, kind) in enums.chain(domains).chain(composites) {
        if let Some(first) = types.insert(type_name, origin) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    origin,
                    format!("type `{type_name}` is declared twice"),
                )
                .help(format!(
                    "enum types, domains and composite types share one namespace; rename one (the first is on line {})",
                    first.line
                )),
            );
        }
        if type_name.parse::<ColumnType>().is_ok() || extension_of_type(type_name).is_some() {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    origin,
                    format!("{kind} `{type_name}` has the name of a type PostgreSQL or an extension already has"),
                )
                .help("give it a name of its own, e.g. with the application's prefix"),
            );
        }
        if schema.table(type_name).is_some() {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    origin,
                    format!("{kind} `{type_name}` has the name of a table"),
                )
                .help("PostgreSQL makes a type of every table's row, under the table's name: rename one"),
            );
        }
        if !valid_identifier(type_name) {
            found.push(
                Diagnostic::error(
                    "invalid-name",
                    origin,
                    format!("{kind} name `{type_name}` is not a plain name"),
                )
                .help("use lowercase letters, digits and underscores, starting with a letter, at most 63 bytes"),
            );
        }
    }
    for e in &schema.enums {
        if e.values.is_empty() {
            found.push(
                Diagnostic::error("missing-key", &e.origin, format!("enum `{}` has no values", e.name))
                    .help("list them in their order: `values: [sad, ok, happy]`"),
            );
        }
        let mut values = HashSet::new();
        for value in &e.values {
            if !values.insert(value) {
                found.push(
                    Diagnostic::error(
                        "duplicate-name",
                        &e.origin,
                        format!("enum `{}` lists the value `{value}` twice", e.name),
                    )
                    .help("keep one"),
                );
            }
            if value.is_empty() || value.len() > MAX_NAME {
                found.push(
                    Diagnostic::error(
                        "invalid-value",
                        &e.origin,
                        format!("value `{value}` of enum `{}` is empty or longer than 63 bytes", e.name),
                    )
                    .help("PostgreSQL's enum labels have 1 to 63 bytes"),
                );
            }
        }
        for (new, old) in &e.renamed_values {
            if !e.values.contains(new) || e.values.contains(old) {
                found.push(
                    Diagnostic::error(
                        "invalid-value",
                        &e.origin,
                        format!(
                            "enum `{}` renames `{old}` to `{new}`, but `{new}` must be in `values` and `{old}` not",
                            e.name
                        ),
                    )
                    .help("write `renamed_values: { new_name: old_name }` with the new name in `values`"),
                );
            }
        }
        for removed in e.removed_values.iter().filter(|v| e.values.contains(v)) {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    &e.origin,
                    format!(
                        "enum `{}` lists `{removed}` both in `values` and in `removed_values`",
                        e.name
                    ),
                )
                .help("a removed value is taken out of `values`"),
            );
        }
    }
    for domain in &schema.domains {
        if dialect != Dialect::Postgres {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &domain.origin,
                    format!("domain `{}` is a PostgreSQL domain; {name} has no domains", domain.name),
                )
                .help(format!(
                    "on {name}, give the columns the base type ({}) and a `check:` of their own",
                    domain.base
                )),
            );
        }
        let base_ok = match domain.base {
            ColumnType::Serial | ColumnType::BigSerial => false,
            ColumnType::Named(base) => schema.enum_type(base).is_some() || extension_of_type(base).is_some(),
            _ => true,
        };
        if !base_ok {
            found.push(
                Diagnostic::error(
                    "unknown-type",
                    &domain.origin,
                    format!("domain `{}` is over `{}`", domain.name, domain.base),
                )
                .help("a domain's base type is a built-in type (not a serial), an enum or an extension's type"),
            );
        }
        let mut names = HashSet::new();
        for check in &domain.checks {
            if !names.insert(&check.name) {
                found.push(
                    Diagnostic::error(
                        "duplicate-name",
                        &check.origin,
                        format!("domain `{}` has two checks named `{}`", domain.name, check.name),
                    )
                    .help("give each check its own `name`"),
                );
            }
        }
    }
}

/// Every column of a named type: the type is declared (or its extension is), and on databases
/// without the kind of type, refused.
fn columns(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let declared: Vec<&str> = schema
        .enums
        .iter()
        .map(|e| e.name.as_str())
        .chain(schema.domains.iter().map(|d| d.name.as_str()))
        .chain(schema.composites.iter().map(|c| c.name.as_str()))
        .collect();
    // A purged column or table is gone from the database: its type may be gone too. A dropped one
    // keeps its data, so its type must stay.
    let purged = crate::model::Lifecycle::Purged;
    for table in schema.tables.iter().filter(|t| t.lifecycle != purged) {
        for column in table.columns.iter().filter(|c| c.lifecycle != purged) {
            let Some(type_name) = column.ty.declared_name() else {
                continue;
            };
            let at = column.origin.key("type");
            let what = format!("column `{}`", column.name);
            match schema.named_type(type_name) {
                None => found.push(
                    Diagnostic::error(
                        "unknown-type",
                        at,
                        format!("{what}: {}", ColumnType::unknown_named(type_name, &declared)),
                    )
                    .help(format!(
                        "types are portable names; put a database-specific type in `native_type: {{postgres: ...}}`, or declare an `enum:` or `domain:` (see {})",
                        docs_url("yaml.md#enum-types")
                    )),
                ),
                Some(NamedType::Extension(extension)) if dialect != Dialect::Postgres => found.push(
                    Diagnostic::error(
                        "unsupported-feature",
                        at,
                        format!("{what} is `{type_name}`, the type of PostgreSQL's extension `{extension}`; {} has no such type", dialect.name()),
                    )
                    .help(format!("give {} a type of its own with `native_type`, or use a portable type", dialect.name())),
                ),
                Some(NamedType::Extension(extension)) if schema.extension(extension).is_none() => found.push(
                    Diagnostic::error(
                        "undeclared-extension",
                        at,
                        format!("{what} is `{type_name}`, which the extension `{extension}` provides, but the schema does not declare it"),
                    )
                    .help(format!("declare it in a document of its own: `extension: {extension}`")),
                ),
                Some(NamedType::Enum(e)) => {
                    if column.values.is_some() {
                        found.push(
                            Diagnostic::error(
                                "invalid-value",
                                column.origin.key("values"),
                                format!("{what} is of the enum type `{type_name}` and also lists `values`"),
                            )
                            .help("an enum column takes its values from the type: remove `values`"),
                        );
                    }
                    if let Some(DefaultValue::Literal(Literal::String(value))) = &column.default {
                        if !e.values.contains(value) && matches!(column.ty, ColumnType::Named(_)) {
                            found.push(
                                Diagnostic::error(
                                    "invalid-default",
                                    column.origin.key("default"),
                                    format!("{what} defaults to `{value}`, which is not a value of the enum `{type_name}`"),
                                )
                                .help(format!("use one of: {}", e.values.join(", "))),
                            );
                        }
                    }
                    if dialect != Dialect::Postgres && matches!(column.ty, ColumnType::Array(_)) {
                        found.push(
                            Diagnostic::error(
                                "unsupported-feature",
                                at,
                                format!("{what} is an array of the enum `{type_name}`; {} has no arrays", dialect.name()),
                            )
                            .help("use a table of its own, or a PostgreSQL database"),
                        );
                    }
                }
                Some(_) => {}
            }
        }
    }
}

/// Operator classes from an extension need the extension declared.
fn opclasses(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    if dialect != Dialect::Postgres {
        return; // Operator classes are refused there already.
    }
    for table in &schema.tables {
        for index in &table.indexes {
            for key in &index.columns {
                let Some(opclass) = &key.opclass else { continue };
                let Some(extension) = extension_of_opclass(opclass) else {
                    continue;
                };
                if schema.extension(extension).is_none() {
                    found.push(
                        Diagnostic::error(
                            "undeclared-extension",
                            &index.origin,
                            format!(
                                "index `{}` uses the operator class `{opclass}`, which the extension `{extension}` provides, but the schema does not declare it",
                                index.name
                            ),
                        )
                        .help(format!("declare it in a document of its own: `extension: {extension}`")),
                    );
                }
            }
        }
    }
}

fn valid_identifier(name: &str) -> bool {
    name.len() <= MAX_NAME
        && name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
