//! Drift of views and materialized views: each compared by name, its definition as the database
//! prints it back on both sides (the live one, and the scratch one built from the schema), its
//! kind, comment and (materialized) indexes. Each is named `view NAME` or `materialized view
//! NAME`, under the table `(schema)`.

use super::compare::Out;
use super::Catalog;

pub(super) fn views(expected: &Catalog, live: &Catalog, out: &mut Out) {
    for (name, built) in &expected.views {
        let object = format!("{} {name}", built.kind());
        let Some(found) = live.views.get(name) else {
            out.push(object, format!("{} `{name}` is missing", built.kind()));
            continue;
        };
        if built.materialized != found.materialized {
            out.push(
                object,
                format!(
                    "`{name}` is a {} in the database, a {} in the schema",
                    found.kind(),
                    built.kind()
                ),
            );
            continue;
        }
        if built.definition != found.definition {
            out.push(
                object,
                format!(
                    "{} `{name}` is defined differently in the database:\n{}\nthe schema's:\n{}",
                    built.kind(),
                    found.definition,
                    built.definition
                ),
            );
            // A new definition takes the old indexes with it when the view is created again.
            continue;
        }
        if built.comment != found.comment {
            out.push(
                object.clone(),
                format!(
                    "{} `{name}` comment is {:?} in the database, {:?} in the schema",
                    built.kind(),
                    found.comment,
                    built.comment
                ),
            );
        }
        for (index, b) in &built.indexes {
            match found.indexes.get(index) {
                None => out.push(
                    object.clone(),
                    format!("index `{index}` of {} `{name}` is missing", built.kind()),
                ),
                Some(f) if f != b => out.push(
                    object.clone(),
                    format!(
                        "index `{index}` of {} `{name}` is `{f}` in the database, `{b}` in the schema",
                        built.kind()
                    ),
                ),
                Some(_) => {}
            }
        }
        for index in built.indexes.keys().filter(|i| found.indexes.contains_key(*i)) {
            let (b, f) = (built.index_comments.get(index), found.index_comments.get(index));
            if b != f {
                out.push(
                    object.clone(),
                    format!(
                        "comment of index `{index}` of {} `{name}` is {f:?} in the database, {b:?} in the schema",
                        built.kind()
                    ),
                );
            }
        }
        for index in found.indexes.keys().filter(|i| !built.indexes.contains_key(*i)) {
            out.push(
                object.clone(),
                format!(
                    "index `{index}` of {} `{name}` exists in the database but not in the schema",
                    built.kind()
                ),
            );
        }
    }
    for (name, found) in live.views.iter().filter(|(n, _)| !expected.views.contains_key(*n)) {
        out.push(
            format!("{} {name}", found.kind()),
            format!("{} `{name}` exists in the database but not in the schema", found.kind()),
        );
    }
}
