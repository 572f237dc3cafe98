//! Drift of extensions, enum types and domains (PostgreSQL), each difference naming its object:
//! `extension citext`, `enum mood`, `domain email_address`.

use super::compare::{named, shown, Out};
use super::Catalog;
use crate::model::Schema;

pub(super) fn types(schema: &Schema, expected: &Catalog, live: &Catalog, out: &mut Out) {
    // Extensions are the database's, not the schema's: one nobody declared is not drift (the
    // objects it brings are never compared), one declared must be there.
    for extension in &schema.extensions {
        let object = format!("extension {}", extension.name);
        match live.extensions.get(&extension.name) {
            None => out.push(&object, format!("extension `{}` is missing", extension.name)),
            Some(found) => {
                if let Some(version) = extension.version.as_ref().filter(|v| **v != found.version) {
                    out.push(
                        &object,
                        format!(
                            "extension `{}` is version {} in the database, {version} in the schema",
                            extension.name, found.version
                        ),
                    );
                }
                if let Some(wanted) = extension.schema.as_ref().filter(|s| **s != found.schema) {
                    out.push(
                        &object,
                        format!(
                            "extension `{}` is in the schema {} in the database, {wanted} in the schema",
                            extension.name, found.schema
                        ),
                    );
                }
            }
        }
    }
    named(out, "enum", &expected.enums, &live.enums, |out, name, built, found| {
        let object = format!("enum {name}");
        if built.values != found.values {
            out.push(
                &object,
                format!(
                    "enum `{name}` has the values ({}) in the database, ({}) in the schema",
                    found.values.join(", "),
                    built.values.join(", ")
                ),
            );
        }
        if built.comment != found.comment {
            out.push(
                &object,
                format!(
                    "enum `{name}`'s comment is {:?} in the database, {:?} in the schema",
                    found.comment, built.comment
                ),
            );
        }
    });
    named(
        out,
        "domain",
        &expected.domains,
        &live.domains,
        |out, name, built, found| {
            let object = format!("domain {name}");
            if built.data_type != found.data_type {
                out.push(
                    &object,
                    format!(
                        "domain `{name}` is {} in the database, {} in the schema",
                        found.data_type, built.data_type
                    ),
                );
            }
            if built.nullable != found.nullable {
                let word = |nullable: bool| if nullable { "nullable" } else { "NOT NULL" };
                out.push(
                    &object,
                    format!(
                        "domain `{name}` is {} in the database, {} in the schema",
                        word(found.nullable),
                        word(built.nullable)
                    ),
                );
            }
            if built.default != found.default {
                out.push(
                    &object,
                    format!(
                        "domain `{name}`'s default is {} in the database, {} in the schema",
                        shown(&found.default),
                        shown(&built.default)
                    ),
                );
            }
            for (check, definition) in &built.checks {
                match found.checks.get(check) {
                    None => out.push(&object, format!("check `{check}` of domain `{name}` is missing")),
                    Some(other) if other != definition => out.push(
                        &object,
                        format!(
                        "check `{check}` of domain `{name}` is `{other}` in the database, `{definition}` in the schema"
                    ),
                    ),
                    Some(_) => {}
                }
            }
            for check in found.checks.keys().filter(|c| !built.checks.contains_key(*c)) {
                out.push(
                    &object,
                    format!("check `{check}` of domain `{name}` exists in the database but not in the schema"),
                );
            }
            if built.comment != found.comment {
                out.push(
                    &object,
                    format!(
                        "domain `{name}`'s comment is {:?} in the database, {:?} in the schema",
                        found.comment, built.comment
                    ),
                );
            }
        },
    );
}
