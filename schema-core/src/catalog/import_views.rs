//! Import of views and materialized views (one `view:` document each, in `views.yaml`), written
//! so that Tablewright builds them back as the database holds them: the query as the database
//! prints it back, a materialized view's indexes and the comments. A query Tablewright's parser
//! does not read is written with `depends_on:` (the tables, views and functions of the catalog
//! it names), so the views are still created in order.

use super::{Catalog, CatalogView};
use crate::dialect::Dialect;
use crate::model::{Origin, View};

/// The name of the file views are written to.
pub(super) const VIEWS_FILE: &str = "views.yaml";

fn scalar(text: &str) -> String {
    super::import::scalar(text)
}

/// `query: |` and the query, each line indented by two (an indentation indicator when the first
/// line starts with a blank).
fn block(text: &str) -> String {
    let indicator = if text.starts_with([' ', '\t']) { "2" } else { "" };
    let mut out = format!("query: |{indicator}\n");
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("  {}\n", line.trim_end()));
        }
    }
    out
}

/// The query and output column names of a view as its database holds it. SQLite keeps the whole
/// statement (`CREATE VIEW "v" ("a") AS SELECT ...`): what follows its first `AS`, and the names
/// in the parentheses before it.
fn query_and_columns(view: &CatalogView, dialect: Dialect) -> (String, Vec<String>) {
    if dialect != Dialect::Sqlite {
        return (view.definition.trim().to_string(), Vec::new());
    }
    let text = view.definition.as_str();
    let upper = text.to_ascii_uppercase();
    let at = [" AS\n", " AS ", "\nAS\n", "\nAS "]
        .iter()
        .filter_map(|needle| upper.find(needle))
        .min()
        .unwrap_or(0);
    let head = &text[..at];
    let query = text[at..].trim_start().get(2..).unwrap_or("").trim().to_string();
    let columns = match (head.find('('), head.rfind(')')) {
        (Some(open), Some(close)) if open < close => head[open + 1..close]
            .split(',')
            .map(|c| c.trim().trim_matches(['"', '`', '[', ']']).to_string())
            .collect(),
        _ => Vec::new(),
    };
    (query, columns)
}

/// `UNIQUE USING btree (site, qty)` as `(unique, method, columns)`, when the keys are plain
/// column names.
fn index_parts(definition: &str) -> Option<(bool, String, Vec<String>)> {
    let (unique, rest) = match definition.strip_prefix("UNIQUE ") {
        Some(rest) => (true, rest),
        None => (false, definition),
    };
    let rest = rest.strip_prefix("USING ")?;
    let (method, keys) = rest.split_once(" (")?;
    let keys = keys.strip_suffix(')')?;
    let columns: Vec<String> = keys.split(", ").map(|k| k.trim_matches('"').to_string()).collect();
    let plain = columns
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| ch.is_alphanumeric() || ch == '_'));
    plain.then(|| (unique, method.to_string(), columns))
}

/// The names of the catalog's tables, views and functions that `query` names as a word.
fn named_in(catalog: &Catalog, query: &str, own: &str) -> Vec<String> {
    let words: Vec<String> = query
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let functions = catalog.functions.values().map(|f| &f.name);
    let mut names: Vec<String> = catalog
        .tables
        .keys()
        .chain(catalog.views.keys())
        .chain(functions)
        .filter(|name| *name != own && words.contains(&name.to_ascii_lowercase()))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

pub(super) fn views_file(catalog: &Catalog, dialect: Dialect, notes: &mut Vec<String>) -> Option<(String, String)> {
    let mut documents = Vec::new();
    for (name, view) in &catalog.views {
        let (query, columns) = query_and_columns(view, dialect);
        let mut out = String::from("# Imported by `tablewright import` from the database's catalog.\n");
        out.push_str(&format!("view: {}\n", scalar(name)));
        if view.materialized {
            out.push_str("materialized: true\n");
            if !view.populated {
                out.push_str("with_data: false\n");
            }
        }
        if let Some(comment) = &view.comment {
            out.push_str(&format!("comment: {}\n", scalar(comment)));
        }
        if !columns.is_empty() {
            let names: Vec<String> = columns.iter().map(|c| scalar(c)).collect();
            out.push_str(&format!("columns: [{}]\n", names.join(", ")));
        }
        let parsed = View {
            name: name.clone(),
            query: query.clone(),
            columns: Vec::new(),
            materialized: view.materialized,
            with_data: true,
            indexes: Vec::new(),
            depends_on: Vec::new(),
            comment: None,
            renamed_from: None,
            origin: Origin::default(),
        }
        .query_parses();
        if !parsed {
            let names: Vec<String> = named_in(catalog, &query, name).iter().map(|n| scalar(n)).collect();
            out.push_str(&format!("depends_on: [{}]\n", names.join(", ")));
        }
        out.push_str(&block(&query));
        let mut indexes = Vec::new();
        for (index, definition) in &view.indexes {
            let Some((unique, method, columns)) = index_parts(definition) else {
                notes.push(format!(
                    "(schema): index `{index}` of materialized view `{name}` is not imported: `{definition}` has keys other than plain columns"
                ));
                continue;
            };
            let mut fields = vec![
                format!("name: {}", scalar(index)),
                format!(
                    "columns: [{}]",
                    columns.iter().map(|c| scalar(c)).collect::<Vec<_>>().join(", ")
                ),
            ];
            if unique {
                fields.push("unique: true".into());
            }
            if method != "btree" {
                fields.push(format!("method: {}", scalar(&method)));
            }
            if let Some(comment) = view.index_comments.get(index) {
                fields.push(format!("comment: {}", scalar(comment)));
            }
            indexes.push(format!("  - {{ {} }}\n", fields.join(", ")));
        }
        if !indexes.is_empty() {
            out.push_str("indexes:\n");
            out.push_str(&indexes.concat());
        }
        documents.push(out);
    }
    (!documents.is_empty()).then(|| (VIEWS_FILE.to_string(), documents.join("---\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_keeps_the_statement_and_import_takes_the_query_and_names() {
        let view = CatalogView {
            definition: "CREATE VIEW \"v\" (\"a\", \"b\") AS\nSELECT id, qty FROM lots".into(),
            ..Default::default()
        };
        let (query, columns) = query_and_columns(&view, Dialect::Sqlite);
        assert_eq!(query, "SELECT id, qty FROM lots");
        assert_eq!(columns, ["a", "b"]);
        assert_eq!(
            index_parts("UNIQUE USING btree (site, qty)"),
            Some((true, "btree".to_string(), vec!["site".to_string(), "qty".to_string()]))
        );
        assert_eq!(index_parts("USING btree (lower(site))"), None);
    }

    #[test]
    fn views_are_written_as_view_documents() {
        let mut catalog = Catalog::default();
        catalog.tables.insert("lots".into(), Default::default());
        catalog.views.insert(
            "lot_totals".into(),
            CatalogView {
                materialized: true,
                definition: " SELECT lots.site,\n    sum(lots.qty) AS qty\n   FROM lots\n  GROUP BY lots.site".into(),
                indexes: [(
                    "lot_totals_site_key".to_string(),
                    "UNIQUE USING btree (site)".to_string(),
                )]
                .into(),
                index_comments: [("lot_totals_site_key".to_string(), "for REFRESH".to_string())].into(),
                populated: false,
                comment: Some("per site".into()),
            },
        );
        let mut notes = Vec::new();
        let (file, text) = views_file(&catalog, Dialect::Postgres, &mut notes).unwrap();
        assert_eq!(file, "views.yaml");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            text,
            "# Imported by `tablewright import` from the database's catalog.\nview: lot_totals\nmaterialized: true\nwith_data: false\ncomment: 'per site'\nquery: |\n  SELECT lots.site,\n      sum(lots.qty) AS qty\n     FROM lots\n    GROUP BY lots.site\nindexes:\n  - { name: lot_totals_site_key, columns: [site], unique: true, comment: 'for REFRESH' }\n"
        );
        let (schema, problems) = crate::source::yaml::parse_schema_str(&text, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            schema.views[0].query,
            "SELECT lots.site,\n    sum(lots.qty) AS qty\n   FROM lots\n  GROUP BY lots.site"
        );
        assert_eq!(schema.views[0].reads(), ["lots", "sum"]);
    }
}
