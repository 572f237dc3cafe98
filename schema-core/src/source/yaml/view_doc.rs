//! `view:` documents: a view, or with `materialized: true` a materialized view (PostgreSQL),
//! read and lowered into [`crate::model::View`]. One kind for both: they share every key but
//! the materialized view's own (`indexes`, `with_data`), and a view that becomes materialized
//! stays the same document.

use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

use super::document::{Columns, IndexDoc, TableDoc};
use super::function_doc::root_text;
use super::node::{Node, Seg};
use super::read::Reader;
use super::shape::{Shape, INDEX};
use crate::diagnostic::Diagnostic;
use crate::model::{naming, Index, Origin, View};

/// One view (`CREATE VIEW`), or a materialized view (`materialized: true`, PostgreSQL).
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright view"))]
pub struct ViewDoc {
    /// The view's name.
    pub view: String,
    /// The SELECT, as a YAML block string (`query: |`). Put in the migration as written.
    pub query: String,
    /// Names for the output columns, in order (`CREATE VIEW name (a, b)`); default: the
    /// query's own.
    pub columns: Option<Vec<String>>,
    /// A materialized view (PostgreSQL): its rows are stored, and `REFRESH MATERIALIZED VIEW`
    /// computes them again.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub materialized: bool,
    /// Materialized: `false` creates it `WITH NO DATA` (unreadable until the first `REFRESH`).
    /// Default `true`.
    pub with_data: Option<bool>,
    /// Materialized: indexes on it. A unique index over plain columns lets `REFRESH
    /// MATERIALIZED VIEW CONCURRENTLY` run without blocking reads.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub indexes: Vec<IndexDoc>,
    /// Tables, views and functions the view reads that its query does not name (a function
    /// reading a table), or every one of them when the query is SQL sqlparser cannot read.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub depends_on: Vec<String>,
    /// Documentation stored in the database (`COMMENT ON VIEW`, PostgreSQL; kept in the schema
    /// only on MySQL and SQLite).
    pub comment: Option<String>,
    /// The view's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
}

pub static VIEW: Shape = Shape {
    keys: &[
        "view",
        "query",
        "columns",
        "materialized",
        "with_data",
        "indexes",
        "depends_on",
        "comment",
        "renamed_from",
    ],
    docs: "views-and-materialized-views",
    example: "view: lot_totals",
};

impl Reader {
    /// Reads a `view:` document.
    pub fn view(&mut self, root: &Node) -> Option<ViewDoc> {
        let what = match root_text(root, "view") {
            Some(name) => format!("view `{name}`"),
            None => "this view".to_string(),
        };
        let fields = self.fields(root, what, &VIEW)?;
        let view = self.required_text(&fields, "view");
        let query = self.required_text(&fields, "query");
        let with_data = fields
            .get("with_data")
            .is_some()
            .then(|| self.flag(&fields, "with_data"));
        let indexes = self.list(&fields, "indexes", &INDEX, Reader::index);
        Some(ViewDoc {
            view: view?,
            query: query?,
            columns: self.texts(&fields, "columns"),
            materialized: self.flag(&fields, "materialized"),
            with_data,
            indexes,
            depends_on: self.texts(&fields, "depends_on").unwrap_or_default(),
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
        })
    }
}

/// Lowers a view document read from `root`. Its indexes are lowered as a table's are (the same
/// keys, names and checks), on the view.
pub(super) fn lower_view(doc: ViewDoc, root: &Node, file: Option<Arc<PathBuf>>) -> (View, Vec<Diagnostic>) {
    let at = |k: &str| {
        let (line, column) = root.find(&[Seg::Key(k.to_string())]);
        Origin::yaml(file.clone(), line, column)
    };
    let mut origin = at("view");
    for k in VIEW.keys {
        if root.get(&[Seg::Key(k.to_string())]).is_some() {
            origin.set_key(k, at(k));
        }
    }
    let (indexes, problems) = if doc.indexes.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let (decl, problems) = super::lower::lower(index_holder(&doc.view, doc.indexes), root, file.clone());
        let indexes = decl
            .indexes
            .into_iter()
            .map(|i| Index {
                name: i.name.unwrap_or_else(|| naming::index_on(&doc.view, &i.columns)),
                columns: i.columns,
                unique: i.unique,
                method: i.method,
                predicate: i.predicate,
                include: i.include,
                with: i.with,
                comment: i.comment,
                origin: i.origin,
            })
            .collect();
        (indexes, problems)
    };
    // The query as the database stores it: without the blank lines a block string ends with
    // and without a final `;` (the statement's end is the migration's).
    let query = doc.query.trim().trim_end_matches(';').trim_end().to_string();
    let view = View {
        name: doc.view,
        query,
        columns: doc.columns.unwrap_or_default(),
        materialized: doc.materialized,
        with_data: doc.with_data.unwrap_or(true),
        indexes,
        depends_on: doc.depends_on,
        comment: doc.comment,
        renamed_from: doc.renamed_from,
        origin,
    };
    (view, problems)
}

/// A table document holding only `indexes`, so the view's indexes are lowered by the table's
/// code (their keys at the same place in the document: `indexes:` at the top).
fn index_holder(view: &str, indexes: Vec<IndexDoc>) -> TableDoc {
    TableDoc {
        table: view.to_string(),
        comment: None,
        tenant: None,
        external: None,
        primary_key: None,
        primary_key_name: None,
        primary_key_comment: None,
        columns: Columns::default(),
        indexes,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        excludes: Vec::new(),
        triggers: Vec::new(),
        renamed_from: None,
        dropped: false,
        purged: false,
        group: None,
        waive: Vec::new(),
    }
}
