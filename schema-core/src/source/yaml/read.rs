//! From a document's nodes to the format's types ([`TableDoc`]). Every problem of the document is
//! reported at its own key: unknown keys (with the closest known one), missing keys, values of the
//! wrong kind, repeated keys. What can be read is kept, so one build shows every mistake and the
//! rules that run afterwards see the table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::document::{
    CheckDoc, ColumnDoc, ColumnFull, Columns, Document, ExcludeDoc, ExcludeElementDoc, ForeignKeyDoc, IndexDoc,
    IndexKeyDoc, IndexKeyFull, LiteralDoc, TableDoc, UniqueDoc, WaiverDoc,
};
use super::node::{Kind, Node, Position};
use super::shape::{
    Shape, CHECK, COLUMN, EXCLUDE, EXCLUDE_ELEMENT, FOREIGN_KEY, INDEX, INDEX_KEY, TABLE, UNIQUE, WAIVER,
};
use super::values::describe;
use crate::diagnostic::{closest, docs_url, Diagnostic};
use crate::model::Origin;

/// Reads the documents of one file, collecting problems.
pub struct Reader {
    pub file: Option<Arc<PathBuf>>,
    pub problems: Vec<Diagnostic>,
    /// Values of misspelt keys, read as the key they most likely mean: if the value does not
    /// fit that key either, the misspelling stays the only error.
    guessed: Vec<Position>,
}

impl Reader {
    pub fn new(file: Option<Arc<PathBuf>>) -> Reader {
        Reader {
            file,
            problems: Vec::new(),
            guessed: Vec::new(),
        }
    }
}

/// The known entries of one mapping, repeats and unknown keys already reported and left out.
pub(super) struct Fields<'n> {
    /// What the mapping is, for messages: "column `code`", "entry 2 of `indexes`".
    pub(super) what: String,
    pub(super) shape: &'static Shape,
    pub(super) node: &'n Node,
    entries: Vec<(&'n str, &'n Node)>,
    /// A value the reader repaired: a flow-style value a comma cut in two, put back together so
    /// the one mistake is reported once.
    pub(super) repaired: BTreeMap<&'n str, String>,
}

impl Fields<'_> {
    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        debug_assert!(self.shape.keys.contains(&key), "`{key}` is not a key of this shape");
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

impl Reader {
    pub(super) fn origin(&self, node: &Node) -> Origin {
        Origin::yaml(self.file.clone(), node.position.0, node.position.1)
    }

    pub(super) fn error(&mut self, code: &'static str, node: &Node, message: String, help: String) {
        if code == "invalid-value" && self.guessed.contains(&node.position) {
            return;
        }
        let origin = self.origin(node);
        self.problems.push(Diagnostic::error(code, &origin, message).help(help));
    }

    /// Reads one document, of the kind its key says (`table:`, `enum:`, ...). `None` when it
    /// does not even say what it declares.
    pub fn document(&mut self, root: &Node) -> Option<Document> {
        let kinds = super::types_doc::kinds_of(root);
        match kinds.as_slice() {
            ["table"] => self.table(root).map(Document::Table),
            ["extension"] => self.extension(root).map(Document::Extension),
            ["enum"] => self.enum_type(root).map(Document::Enum),
            ["domain"] => self.domain(root).map(Document::Domain),
            ["function"] => self.function(root).map(Document::Function),
            ["view"] => self.view(root).map(Document::View),
            ["composite"] => self.composite(root).map(Document::Composite),
            // A table whose name is missing: reported as such, with its columns still read.
            [] if matches!(&root.kind, Kind::Mapping(e) if e.iter().any(|(k, _)| k.key_text() == Some("columns"))) => {
                self.table(root).map(Document::Table)
            }
            _ => {
                let problem = super::types_doc::kind_problem(self, root, &kinds);
                self.problems.push(problem);
                None
            }
        }
    }

    /// Reads one table document. `None` when it does not even say which table it is.
    pub fn table(&mut self, root: &Node) -> Option<TableDoc> {
        let name = match &root.kind {
            Kind::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.key_text() == Some("table"))
                .and_then(|(_, v)| v.scalar())
                .map(|s| s.text.clone()),
            _ => None,
        };
        let what = match &name {
            Some(name) => format!("table `{name}`"),
            None => "this document".to_string(),
        };
        let fields = self.fields(root, what, &TABLE)?;
        let table = self.required_text(&fields, "table");
        let columns = match fields.get("columns") {
            Some(node) if !node.is_null() => self.columns(node),
            // No columns at all is a rule of its own (`no-columns`), for both sources.
            _ => Columns::default(),
        };
        let doc = TableDoc {
            table: table?,
            comment: self.text(&fields, "comment"),
            tenant: fields.get("tenant").and_then(|node| self.tenant(node)),
            external: fields.get("external").and_then(|node| self.external(node)),
            primary_key: self.texts(&fields, "primary_key"),
            primary_key_name: self.text(&fields, "primary_key_name"),
            primary_key_comment: self.text(&fields, "primary_key_comment"),
            columns,
            indexes: self.list(&fields, "indexes", &INDEX, Reader::index),
            uniques: self.list(&fields, "uniques", &UNIQUE, Reader::unique),
            checks: self.list(&fields, "checks", &CHECK, Reader::check),
            foreign_keys: self.list(&fields, "foreign_keys", &FOREIGN_KEY, Reader::foreign_key),
            excludes: self.list(&fields, "excludes", &EXCLUDE, Reader::exclusion),
            triggers: self.list(&fields, "triggers", &super::trigger_doc::TRIGGER, Reader::trigger),
            renamed_from: self.text(&fields, "renamed_from"),
            dropped: self.flag(&fields, "dropped"),
            purged: self.flag(&fields, "purged"),
            group: self.text(&fields, "group"),
            waive: self.list(&fields, "waive", &WAIVER, Reader::waiver),
        };
        Some(doc)
    }

    /// The entries of a mapping. Repeated keys and unknown keys are reported here.
    pub(super) fn fields<'n>(&mut self, node: &'n Node, what: String, shape: &'static Shape) -> Option<Fields<'n>> {
        let Kind::Mapping(entries) = &node.kind else {
            self.error(
                "invalid-value",
                node,
                format!("{what} must be a mapping of keys to values, not {}", describe(node)),
                format!("for example: `{}`", shape.example),
            );
            return None;
        };
        let mut fields = Fields {
            what,
            shape,
            node,
            entries: Vec::new(),
            repaired: BTreeMap::new(),
        };
        for (i, (key, value)) in entries.iter().enumerate() {
            let Some(text) = key.key_text() else {
                self.error(
                    "invalid-value",
                    key,
                    format!("a key of {} is {}, not a name", fields.what, describe(key)),
                    format!("keys are names: {}", shape.keys.join(", ")),
                );
                continue;
            };
            if let Some(first) = entries[..i].iter().find(|(k, _)| k.key_text() == Some(text)) {
                let (line, _) = first.0.position;
                self.error(
                    "duplicate-key",
                    key,
                    format!("`{text}` is given twice in {}", fields.what),
                    format!("keep one of them (the first is on line {line})"),
                );
                continue;
            }
            if shape.keys.contains(&text) {
                fields.entries.push((text, value));
                continue;
            }
            if let Some((cut, whole)) = cut_by_a_comma(&entries[..i], text, value) {
                self.error(
                    "unknown-key",
                    key,
                    format!("unknown key `{text}` in {}: a comma cut `{whole}` in two", fields.what),
                    format!("inside `{{ ... }}` a comma ends the value: quote it, e.g. `{cut}: '{whole}'`"),
                );
                fields.repaired.insert(cut, whole);
                continue;
            }
            let meant = closest(text, shape.keys.iter().copied());
            self.unknown_key(key, text, meant, &fields.what, shape);
            // Read it as the key it most likely means, so that the one misspelling is the one
            // error (not also "no columns", "no ON DELETE", ...).
            let unused = |k: &str| !entries.iter().any(|(other, _)| other.key_text() == Some(k));
            if let Some(meant) = meant.filter(|k| unused(k)) {
                fields.entries.push((meant, value));
                self.guessed.push(value.position);
            }
        }
        Some(fields)
    }

    fn unknown_key(&mut self, key: &Node, text: &str, meant: Option<&str>, what: &str, shape: &'static Shape) {
        let suggestion = meant
            .map(|k| format!("; did you mean `{k}`?"))
            .or_else(|| {
                // The right key at the wrong level: the most common mix-up of the format.
                let is = |other: &Shape| other.keys.contains(&text);
                if std::ptr::eq(shape, &TABLE) && is(&COLUMN) {
                    Some(format!(
                        "; `{text}` is a column key: write it under the column, in `columns:`"
                    ))
                } else if std::ptr::eq(shape, &COLUMN) && is(&TABLE) {
                    Some(format!("; `{text}` is a table key: write it at the table's level"))
                } else {
                    None
                }
            })
            .unwrap_or_default();
        self.error(
            "unknown-key",
            key,
            format!("unknown key `{text}` in {what}{suggestion}"),
            format!(
                "the keys here are: {}; see {}",
                shape.keys.join(", "),
                docs_url(&format!("yaml.md#{}", shape.docs))
            ),
        );
    }

    /// `name: type` shorthands and column mappings, in order.
    fn columns(&mut self, node: &Node) -> Columns {
        let Kind::Mapping(entries) = &node.kind else {
            self.error(
                "invalid-value",
                node,
                format!(
                    "`columns` must be a mapping of column names to types, not {}",
                    describe(node)
                ),
                format!("one entry per column, e.g. `{}`", COLUMN.example),
            );
            return Columns::default();
        };
        let mut columns: Vec<(String, ColumnDoc)> = Vec::new();
        for (i, (key, value)) in entries.iter().enumerate() {
            let Some(name) = key.key_text() else {
                self.error(
                    "invalid-value",
                    key,
                    format!("a column name is {}, not a name", describe(key)),
                    "write the column's name, then its type: `lot_code: varchar(50)`".into(),
                );
                continue;
            };
            if let Some(first) = entries[..i].iter().find(|(k, _)| k.key_text() == Some(name)) {
                let (line, _) = first.0.position;
                self.error(
                    "duplicate-column",
                    key,
                    format!("column `{name}` is declared twice"),
                    format!("keep one declaration (the first is on line {line}), or rename one"),
                );
                continue;
            }
            if let Some(column) = self.column(name, value) {
                columns.push((name.to_string(), column));
            }
        }
        Columns(columns)
    }

    fn column(&mut self, name: &str, node: &Node) -> Option<ColumnDoc> {
        if let Some(scalar) = node.scalar() {
            if node.is_null() {
                self.error(
                    "missing-key",
                    node,
                    format!("column `{name}` has no type"),
                    format!("write its type, e.g. `{name}: varchar(50)`, or a mapping with `type`"),
                );
                return Some(ColumnDoc::Type(String::new()));
            }
            return Some(ColumnDoc::Type(scalar.text.clone()));
        }
        if let Kind::Sequence(_) = node.kind {
            self.error(
                "invalid-value",
                node,
                format!("column `{name}` must be a type or a mapping, not a list"),
                format!("for example: `{name}: varchar(50)`, or `{}`", COLUMN.example),
            );
            return Some(ColumnDoc::Type(String::new()));
        }
        let fields = self.fields(node, format!("column `{name}`"), &COLUMN)?;
        let full = ColumnFull {
            ty: self.required_text(&fields, "type").unwrap_or_default(),
            nullable: self.flag(&fields, "nullable"),
            default: fields.get("default").and_then(|node| self.literal(node, name)),
            default_sql: self.text(&fields, "default_sql"),
            comment: self.text(&fields, "comment"),
            values: self.texts(&fields, "values"),
            set_on_update: self.flag(&fields, "set_on_update"),
            native_type: self.text_map(&fields, "native_type"),
            diesel_type: self.text(&fields, "diesel_type"),
            primary_key: self.flag(&fields, "primary_key"),
            unique: self.flag(&fields, "unique"),
            unique_per_tenant: self.flag(&fields, "unique_per_tenant"),
            index: fields.get("index").and_then(|node| self.index_flag(node, name)),
            check: self.text(&fields, "check"),
            references: self.text(&fields, "references"),
            on_delete: self.text(&fields, "on_delete"),
            on_update: self.text(&fields, "on_update"),
            deferrable: self.deferrable(&fields),
            renamed_from: self.text(&fields, "renamed_from"),
            dropped: self.flag(&fields, "dropped"),
            purged: self.flag(&fields, "purged"),
            removed_values: self.texts(&fields, "removed_values").unwrap_or_default(),
            narrowing: fields.get("narrowing").and_then(|node| self.narrowing(node, name)),
            generated: self.text(&fields, "generated"),
            stored: fields.get("stored").is_some().then(|| self.flag(&fields, "stored")),
            auto_increment: self.text(&fields, "auto_increment"),
            sequence: fields.get("sequence").and_then(|node| self.sequence(node, name)),
        };
        Some(ColumnDoc::Full(Box::new(full)))
    }

    /// A list of mappings (`indexes`, `uniques`, ...), each read by `item`.
    pub(super) fn list<T>(
        &mut self,
        fields: &Fields,
        key: &str,
        shape_of: &'static Shape,
        item: fn(&mut Reader, Fields) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = fields.get(key).filter(|n| !n.is_null()) else {
            return Vec::new();
        };
        let Kind::Sequence(items) = &node.kind else {
            self.error(
                "invalid-value",
                node,
                format!("`{key}` of {} must be a list, not {}", fields.what, describe(node)),
                format!("write a list, one `- ` entry per line, e.g. `{}`", shape_of.example),
            );
            return Vec::new();
        };
        let mut read = Vec::new();
        for (i, node) in items.iter().enumerate() {
            let what = format!("entry {} of `{key}`", i + 1);
            if let Some(fields) = self.fields(node, what, shape_of) {
                read.extend(item(self, fields));
            }
        }
        read
    }

    pub(super) fn index(&mut self, fields: Fields) -> Option<IndexDoc> {
        let columns = self.index_keys(&fields);
        Some(IndexDoc {
            name: self.text(&fields, "name"),
            columns: columns?,
            unique: self.flag(&fields, "unique"),
            method: self.text(&fields, "method"),
            predicate: self.text(&fields, "predicate"),
            include: self.texts(&fields, "include"),
            with: self
                .text_map(&fields, "with")
                .into_iter()
                .map(|(k, v)| (k, LiteralDoc::String(v)))
                .collect(),
            comment: self.text(&fields, "comment"),
        })
    }

    /// `columns` of an index: names, or mappings with a key's options.
    fn index_keys(&mut self, fields: &Fields) -> Option<Vec<IndexKeyDoc>> {
        let Some(node) = fields.get("columns").filter(|n| !n.is_null()) else {
            self.required_texts(fields, "columns"); // reports it missing
            return None;
        };
        let Kind::Sequence(items) = &node.kind else {
            return self.required_texts(fields, "columns").map(|_| Vec::new()); // reports the shape
        };
        let mut keys = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.scalar() {
                Some(scalar) if !item.is_null() => keys.push(IndexKeyDoc::Column(scalar.text.clone())),
                _ if matches!(item.kind, Kind::Mapping(_)) => {
                    let what = format!("key {} of `columns` of {}", i + 1, fields.what);
                    if let Some(key) = self.fields(item, what, &INDEX_KEY) {
                        keys.push(IndexKeyDoc::Full(IndexKeyFull {
                            column: self.text(&key, "column"),
                            expression: self.text(&key, "expression"),
                            order: self.text(&key, "order"),
                            nulls: self.text(&key, "nulls"),
                            opclass: self.text(&key, "opclass"),
                        }));
                    }
                }
                _ => self.error(
                    "invalid-value",
                    item,
                    format!(
                        "key {} of `columns` of {} is {}, not a column or a key mapping",
                        i + 1,
                        fields.what,
                        describe(item)
                    ),
                    format!("write a column name, or a mapping such as `{}`", INDEX_KEY.example),
                ),
            }
        }
        Some(keys)
    }

    fn unique(&mut self, fields: Fields) -> Option<UniqueDoc> {
        let columns = self.required_texts(&fields, "columns");
        Some(UniqueDoc {
            name: self.text(&fields, "name"),
            columns: columns?,
            deferrable: self.deferrable(&fields),
            comment: self.text(&fields, "comment"),
        })
    }

    pub(super) fn check(&mut self, fields: Fields) -> Option<CheckDoc> {
        let expr = self.required_text(&fields, "expr");
        Some(CheckDoc {
            name: self.text(&fields, "name"),
            not_valid: self.flag(&fields, "not_valid"),
            comment: self.text(&fields, "comment"),
            expr: expr?,
        })
    }

    fn exclusion(&mut self, fields: Fields) -> Option<ExcludeDoc> {
        if fields.get("elements").is_none_or(Node::is_null) {
            self.required_texts(&fields, "elements"); // reports it missing
            return None;
        }
        let elements = self.list(&fields, "elements", &EXCLUDE_ELEMENT, Reader::exclusion_element);
        Some(ExcludeDoc {
            name: self.text(&fields, "name"),
            method: self.text(&fields, "method"),
            elements,
            predicate: self.text(&fields, "where"),
            deferrable: self.deferrable(&fields),
            comment: self.text(&fields, "comment"),
        })
    }

    fn exclusion_element(&mut self, fields: Fields) -> Option<ExcludeElementDoc> {
        let with = self.required_text(&fields, "with");
        Some(ExcludeElementDoc {
            column: self.text(&fields, "column"),
            expression: self.text(&fields, "expression"),
            opclass: self.text(&fields, "opclass"),
            with: with?,
        })
    }

    fn waiver(&mut self, fields: Fields) -> Option<WaiverDoc> {
        let check = self.required_text(&fields, "check");
        let object = self.required_text(&fields, "object");
        let reason = self.required_text(&fields, "reason");
        Some(WaiverDoc {
            check: check?,
            object: object?,
            reason: reason?,
        })
    }

    fn foreign_key(&mut self, fields: Fields) -> Option<ForeignKeyDoc> {
        let columns = self.required_texts(&fields, "columns");
        let references = self.required_text(&fields, "references");
        Some(ForeignKeyDoc {
            name: self.text(&fields, "name"),
            on_delete: self.text(&fields, "on_delete"),
            on_update: self.text(&fields, "on_update"),
            deferrable: self.deferrable(&fields),
            not_valid: self.flag(&fields, "not_valid"),
            comment: self.text(&fields, "comment"),
            columns: columns?,
            references: references?,
        })
    }
}

/// In flow style, `{ type: numeric(12,3) }` reads as `type: numeric(12` and a key `3)`. Returns
/// the key that was cut and its value as written, when `key` is such a leftover.
fn cut_by_a_comma<'n>(before: &'n [(Node, Node)], key: &str, value: &Node) -> Option<(&'n str, String)> {
    if !value.is_null() || !key.ends_with(')') {
        return None;
    }
    let (cut_key, cut_value) = before.last()?;
    let start = cut_value.scalar()?;
    let open = |s: &str| s.matches('(').count() as isize - s.matches(')').count() as isize;
    if open(&start.text) <= 0 || open(&start.text) + open(key) != 0 {
        return None;
    }
    Some((cut_key.key_text()?, format!("{},{key}", start.text)))
}
