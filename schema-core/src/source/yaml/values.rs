//! The values of the format's keys: flags, text, lists, and the few keys that take one of
//! several forms. A value of the wrong kind is reported at it (`invalid-value`) and left out.

use std::collections::BTreeMap;

use super::document::{
    DeferrableDoc, ExternalDoc, ExternalFull, IndexFlag, LiteralDoc, NarrowingDoc, SequenceDoc, SequenceFull,
    TenantDoc, TenantFull,
};
use super::node::{Kind, Node, Value};
use super::read::{Fields, Reader};
use super::shape::{EXTERNAL, SEQUENCE, TENANT};
use crate::diagnostic::docs_url;

impl Reader {
    pub(super) fn tenant(&mut self, node: &Node) -> Option<TenantDoc> {
        if node.is_null() {
            return None;
        }
        if let Some(scalar) = node.scalar() {
            return Some(TenantDoc::Column(scalar.text.clone()));
        }
        let fields = self.fields(node, "`tenant`".into(), &TENANT)?;
        let column = self.required_text(&fields, "column");
        Some(TenantDoc::Full(TenantFull {
            column: column?,
            setting: self.text(&fields, "setting"),
            policy: self.text(&fields, "policy"),
        }))
    }

    pub(super) fn external(&mut self, node: &Node) -> Option<ExternalDoc> {
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Bool(flag)) => Some(ExternalDoc::Flag(flag)),
            Some(_) => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`external` must be `true`, `false` or a mapping with `owner`, not {}",
                        describe(node)
                    ),
                    format!("e.g. `external: true`, or `{}`", EXTERNAL.example),
                );
                None
            }
            None => {
                let fields = self.fields(node, "`external`".into(), &EXTERNAL)?;
                Some(ExternalDoc::Owned(ExternalFull {
                    owner: self.text(&fields, "owner"),
                }))
            }
        }
    }

    /// `sequence`: a name, or a mapping of the name and options.
    pub(super) fn sequence(&mut self, node: &Node, column: &str) -> Option<SequenceDoc> {
        if node.is_null() {
            return None;
        }
        if let Some(scalar) = node.scalar() {
            return Some(SequenceDoc::Name(scalar.text.clone()));
        }
        let fields = self.fields(node, format!("`sequence` of column `{column}`"), &SEQUENCE)?;
        Some(SequenceDoc::Full(SequenceFull {
            name: self.text(&fields, "name"),
            start: self.integer(&fields, "start"),
            increment: self.integer(&fields, "increment"),
            min_value: self.integer(&fields, "min_value"),
            max_value: self.integer(&fields, "max_value"),
            cache: self.integer(&fields, "cache"),
            cycle: self.flag(&fields, "cycle"),
        }))
    }

    /// A whole number that fits in 64 bits; absent or null is `None`.
    pub(super) fn integer(&mut self, fields: &Fields, key: &str) -> Option<i64> {
        let node = fields.get(key)?;
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Integer(i)) => Some(i),
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`{key}` of {} must be a whole number from -9223372036854775808 to 9223372036854775807, not {}",
                        fields.what,
                        describe(node)
                    ),
                    format!("for example: `{}`", fields.shape.example),
                );
                None
            }
        }
    }

    pub(super) fn literal(&mut self, node: &Node, column: &str) -> Option<LiteralDoc> {
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(LiteralDoc::Bool(b)),
            Some(Value::Integer(i)) => Some(LiteralDoc::Integer(i)),
            Some(Value::Float(f)) => Some(LiteralDoc::Float(f)),
            Some(Value::Text(text)) => Some(LiteralDoc::String(text.to_string())),
            None => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`default` of column `{column}` must be a string, number or boolean, not {}",
                        describe(node)
                    ),
                    "quote it to store it as text, e.g. `default: '{}'`; for an SQL expression use `default_sql`"
                        .into(),
                );
                None
            }
        }
    }

    pub(super) fn index_flag(&mut self, node: &Node, column: &str) -> Option<IndexFlag> {
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(IndexFlag::Flag(b)),
            Some(Value::Text(method)) => Some(IndexFlag::Method(method.to_string())),
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`index` of column `{column}` must be `true`, `false` or an index method, not {}",
                        describe(node)
                    ),
                    "write `index: true` for a B-tree, or a method: btree, gin, gist, hash, spgist, brin".into(),
                );
                None
            }
        }
    }

    pub(super) fn narrowing(&mut self, node: &Node, column: &str) -> Option<NarrowingDoc> {
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Text("allowed")) => Some(NarrowingDoc::Allowed),
            Some(Value::Text("purged")) => Some(NarrowingDoc::Purged),
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!("`narrowing` of column `{column}` must be `allowed` or `purged`, not {}", describe(node)),
                    "`narrowing: allowed` accepts a type change that may lose values (they are kept); `narrowing: purged` deletes the kept values".into(),
                );
                None
            }
        }
    }

    /// `deferrable`: a flag or when the constraint is checked; its words are judged when lowered.
    pub(super) fn deferrable(&mut self, fields: &Fields) -> Option<DeferrableDoc> {
        let node = fields.get("deferrable")?;
        match node.scalar().map(|s| s.value()) {
            Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(DeferrableDoc::Flag(b)),
            Some(Value::Text(when)) => Some(DeferrableDoc::When(when.to_string())),
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`deferrable` of {} must be `true`, `false` or when it is checked, not {}",
                        fields.what,
                        describe(node)
                    ),
                    "write `deferrable: true` (initially immediate) or `deferrable: initially_deferred`".into(),
                );
                None
            }
        }
    }

    /// `true` or `false`; absent is false.
    pub(super) fn flag(&mut self, fields: &Fields, key: &str) -> bool {
        let Some(node) = fields.get(key) else { return false };
        match node.scalar().map(|s| s.value()) {
            Some(Value::Bool(flag)) => flag,
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`{key}` of {} must be `true` or `false`, not {}",
                        fields.what,
                        describe(node)
                    ),
                    "write `true` or `false` (YAML reads `yes`, `no`, `on` and `off` as text)".into(),
                );
                false
            }
        }
    }

    /// Any scalar but null, as written; absent or null is `None`.
    pub(super) fn text(&mut self, fields: &Fields, key: &str) -> Option<String> {
        if let Some(whole) = fields.repaired.get(key) {
            return Some(whole.clone());
        }
        let node = fields.get(key)?;
        match node.scalar() {
            _ if node.is_null() => None,
            Some(scalar) => Some(scalar.text.clone()),
            None => {
                self.error(
                    "invalid-value",
                    node,
                    format!("`{key}` of {} must be text, not {}", fields.what, describe(node)),
                    format!("see {}", docs_url(&format!("yaml.md#{}", fields.shape.docs))),
                );
                None
            }
        }
    }

    pub(super) fn required_text(&mut self, fields: &Fields, key: &str) -> Option<String> {
        let text = self.text(fields, key);
        match text {
            Some(text) if !text.trim().is_empty() => Some(text),
            // A value of the wrong kind is reported by `text`.
            _ if fields.get(key).is_some_and(|n| n.scalar().is_none()) => None,
            _ => {
                self.missing(fields, key);
                None
            }
        }
    }

    /// A list of scalars (`[a, b]`), each as written; absent or null is `None`.
    pub(super) fn texts(&mut self, fields: &Fields, key: &str) -> Option<Vec<String>> {
        let node = fields.get(key).filter(|n| !n.is_null())?;
        let items = match &node.kind {
            Kind::Sequence(items) => items,
            _ => {
                self.error(
                    "invalid-value",
                    node,
                    format!("`{key}` of {} must be a list, not {}", fields.what, describe(node)),
                    format!("write a list: `{key}: [a, b]`"),
                );
                return None;
            }
        };
        let mut texts = Vec::new();
        for item in items {
            match item.scalar() {
                Some(scalar) if !item.is_null() => texts.push(scalar.text.clone()),
                _ => self.error(
                    "invalid-value",
                    item,
                    format!("an item of `{key}` of {} is {}, not text", fields.what, describe(item)),
                    format!("write a list of names or values: `{key}: [a, b]`"),
                ),
            }
        }
        Some(texts)
    }

    pub(super) fn required_texts(&mut self, fields: &Fields, key: &str) -> Option<Vec<String>> {
        let texts = self.texts(fields, key);
        if texts.is_none() && fields.get(key).is_none_or(Node::is_null) {
            self.missing(fields, key);
        }
        texts
    }

    /// A mapping of names to scalars (`{postgres: citext}`).
    pub(super) fn text_map(&mut self, fields: &Fields, key: &str) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        let Some(node) = fields.get(key).filter(|n| !n.is_null()) else {
            return map;
        };
        let Kind::Mapping(entries) = &node.kind else {
            self.error(
                "invalid-value",
                node,
                format!("`{key}` of {} must be a mapping, not {}", fields.what, describe(node)),
                map_example(key),
            );
            return map;
        };
        for (name, value) in entries {
            match (name.key_text(), value.scalar()) {
                (Some(name), Some(scalar)) if !value.is_null() => {
                    map.insert(name.to_string(), scalar.text.clone());
                }
                _ => self.error(
                    "invalid-value",
                    value,
                    format!("an entry of `{key}` of {} is not `name: value`", fields.what),
                    map_example(key),
                ),
            }
        }
        map
    }

    fn missing(&mut self, fields: &Fields, key: &str) {
        let node = fields.get(key).unwrap_or(fields.node);
        let message = match fields.get(key) {
            Some(_) => format!("`{key}` of {} is empty", fields.what),
            // What the document is, is told by its kind's key (`read.rs`, `Reader::document`).
            None if key == "table" && std::ptr::eq(fields.shape, &super::shape::TABLE) => format!(
                "{} has no `table`, nor any other key that says what it is ({})",
                fields.what,
                super::document::DOCUMENT_KINDS.join(", ")
            ),
            None => format!("{} has no `{key}`", fields.what),
        };
        let help = format!("for example: `{}`", fields.shape.example);
        self.error("missing-key", node, message, help);
    }
}

/// How the mapping `key` is written, for help lines.
fn map_example(key: &str) -> String {
    match key {
        "with" => "write one storage parameter per entry: `with: { fillfactor: 70 }`".into(),
        _ => format!("write one entry per database: `{key}: {{ postgres: citext }}`"),
    }
}

/// The kind of a node, for messages: "the text `maybe`", "a list", "a mapping", "nothing".
pub(super) fn describe(node: &Node) -> String {
    match &node.kind {
        Kind::Scalar(scalar) => match scalar.value() {
            Value::Null => "empty".to_string(),
            Value::Text(text) => format!("the text `{text}`"),
            _ => format!("`{}`", scalar.text),
        },
        Kind::Sequence(_) => "a list".to_string(),
        Kind::Mapping(_) => "a mapping".to_string(),
    }
}
