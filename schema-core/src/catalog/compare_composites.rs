//! Drift of composite types (PostgreSQL): object `composite NAME`, one difference per field
//! missing, extra or of another type, one for fields in another order, one for the comment.

use super::compare::{named, Out};
use super::Catalog;

pub(super) fn composites(expected: &Catalog, live: &Catalog, out: &mut Out) {
    named(
        out,
        "composite",
        &expected.composites,
        &live.composites,
        |out, name, built, found| {
            let object = format!("composite {name}");
            let type_of = |fields: &[(String, String)], field: &str| {
                fields.iter().find(|(f, _)| f == field).map(|(_, t)| t.clone())
            };
            for (field, ty) in &built.fields {
                match type_of(&found.fields, field) {
                    None => out.push(&object, format!("field `{field}` of composite `{name}` is missing")),
                    Some(other) if other != *ty => out.push(
                        &object,
                        format!("field `{field}` of composite `{name}` is {other} in the database, {ty} in the schema"),
                    ),
                    Some(_) => {}
                }
            }
            for (field, _) in found.fields.iter().filter(|(f, _)| type_of(&built.fields, f).is_none()) {
                out.push(
                    &object,
                    format!("field `{field}` of composite `{name}` exists in the database but not in the schema"),
                );
            }
            // The fields both have, compared for their order only once each is otherwise the same.
            let order = |fields: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
                fields
                    .iter()
                    .filter(|(f, _)| type_of(other, f).is_some())
                    .map(|(f, _)| f.clone())
                    .collect()
            };
            let (built_order, found_order) = (order(&built.fields, &found.fields), order(&found.fields, &built.fields));
            if built_order != found_order {
                out.push(
                    &object,
                    format!(
                        "composite `{name}` has its fields in the order ({}) in the database, ({}) in the schema",
                        found_order.join(", "),
                        built_order.join(", ")
                    ),
                );
            }
            if built.comment != found.comment {
                out.push(
                    &object,
                    format!(
                        "composite `{name}`'s comment is {:?} in the database, {:?} in the schema",
                        found.comment, built.comment
                    ),
                );
            }
        },
    );
}
