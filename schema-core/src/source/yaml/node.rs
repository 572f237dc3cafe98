//! A YAML text as a tree of nodes, each with the line and column it starts at. The reader walks
//! this tree instead of deserializing straight into the format's types, so it can report every
//! problem of a document (not only the first) and point each at its own key.
//!
//! Scalars keep their text as written; [`Scalar`] resolves them the way YAML 1.2's core schema
//! does (`true`, `42`, `0.5`, `~`), only where the reader asks for a typed value.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// 1-based line and column.
pub type Position = (usize, usize);

#[derive(Clone, Debug)]
pub struct Node {
    pub position: Position,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    /// Entries in the order written; a repeated key stays, for the reader to report.
    Mapping(Vec<(Node, Node)>),
}

#[derive(Clone, Debug)]
pub struct Scalar {
    pub text: String,
    /// Unquoted, so `true`, `1.5` and `~` are not text.
    pub plain: bool,
}

/// What a scalar means.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(&'a str),
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A YAML syntax error: nothing after it can be read.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub position: Position,
    pub message: String,
}

impl Scalar {
    /// The value under the YAML 1.2 core schema; quoted scalars are always text.
    pub fn value(&self) -> Value<'_> {
        let text = self.text.as_str();
        if !self.plain {
            return Value::Text(text);
        }
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
            "true" | "True" | "TRUE" => return Value::Bool(true),
            "false" | "False" | "FALSE" => return Value::Bool(false),
            _ => {}
        }
        if is_integer(text) {
            // Past i64 it is still a number (the lowering reports it out of range).
            return match integer(text) {
                Some(integer) => Value::Integer(integer),
                None => Value::Float(text.parse().unwrap_or(f64::INFINITY)),
            };
        }
        match float(text) {
            Some(float) => Value::Float(float),
            None => Value::Text(text),
        }
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
fn is_integer(text: &str) -> bool {
    let digits = |s: &str, radix| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    match (text.strip_prefix("0x"), text.strip_prefix("0o")) {
        (Some(hex), _) => digits(hex, 16),
        (_, Some(octal)) => digits(octal, 8),
        _ => digits(text.strip_prefix(['-', '+']).unwrap_or(text), 10),
    }
}

fn integer(text: &str) -> Option<i64> {
    match (text.strip_prefix("0x"), text.strip_prefix("0o")) {
        (Some(hex), _) => i64::from_str_radix(hex, 16).ok(),
        (_, Some(octal)) => i64::from_str_radix(octal, 8).ok(),
        _ => text.parse().ok(),
    }
}

fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(if negative { f64::NEG_INFINITY } else { f64::INFINITY }),
        ".nan" | ".NaN" | ".NAN" if unsigned == text => return Some(f64::NAN),
        _ => {}
    }
    // [0-9]+(.[0-9]*)? or .[0-9]+, then an optional exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    (mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some()))
        .then(|| text.parse().ok())
        .flatten()
}

impl Node {
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The key's text, for a scalar key.
    pub fn key_text(&self) -> Option<&str> {
        self.scalar().map(|s| s.text.as_str())
    }

    /// Whether the node is empty: `~`, `null` or nothing at all.
    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(|s| s.value() == Value::Null)
    }

    /// Where `path` was written: a mapping entry's key, a sequence's item. A path that does not
    /// exist falls back to its nearest existing ancestor.
    pub fn find(&self, path: &[Seg]) -> Position {
        let mut here = self.position;
        let mut node = self;
        for seg in path {
            let next = match (seg, &node.kind) {
                (Seg::Key(key), Kind::Mapping(entries)) => entries
                    .iter()
                    .find(|(k, _)| k.key_text() == Some(key))
                    .map(|(k, v)| (k.position, v)),
                (Seg::Index(i), Kind::Sequence(items)) => items.get(*i).map(|item| (item.position, item)),
                _ => None,
            };
            let Some((position, child)) = next else { break };
            here = position;
            node = child;
        }
        here
    }

    /// How many nodes this one is made of, itself included.
    fn size(&self) -> usize {
        1 + match &self.kind {
            Kind::Scalar(_) => 0,
            Kind::Sequence(items) => items.iter().map(Node::size).sum(),
            Kind::Mapping(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }

    /// The node at `path`, if there is one.
    pub fn get(&self, path: &[Seg]) -> Option<&Node> {
        let mut node = self;
        for seg in path {
            node = match (seg, &node.kind) {
                (Seg::Key(key), Kind::Mapping(entries)) => &entries.iter().find(|(k, _)| k.key_text() == Some(key))?.1,
                (Seg::Index(i), Kind::Sequence(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Every document of `text`, and the syntax error that ended the text early, if any. The
/// documents before the error are complete; the one it interrupted is dropped. Empty documents
/// (only comments, or a trailing `---`) are left out.
///
/// Work is bounded whatever the text: reading stops at the first collection nested deeper than
/// [`MAX_DEPTH`], or once aliases would expand a document past [`MAX_NODES`] nodes, with an
/// error at that position; time is linear in the text.
pub fn documents(text: &str) -> (Vec<Node>, Option<SyntaxError>) {
    let mut builder = Builder::default();
    for item in Parser::new_from_str(text) {
        let result = match item {
            Ok((event, span)) => builder.event(event, (span.start.line(), span.start.col() + 1)),
            Err(error) => {
                let marker = error.marker();
                let position = (marker.line(), marker.col() + 1);
                Err(SyntaxError {
                    position,
                    // The parser's own limit, on `[` and `{` nesting (255).
                    message: match error.info() {
                        "recursion limit exceeded" => too_deep(),
                        info => info.to_string(),
                    },
                })
            }
        };
        if let Err(error) = result {
            return (builder.documents, Some(error));
        }
    }
    (builder.documents, None)
}

/// How deep collections may nest. A table file needs five levels (the table, `columns`, a
/// column, its `native_type`, a value); the rest is room for mistakes, which the reader then
/// reports at their keys. Every later walk of the tree stays this shallow.
pub const MAX_DEPTH: usize = 64;

/// How many nodes a document may have once its aliases are expanded: a few thousand make the
/// largest schema; a million stops alias bombs (`*a` repeated, each `a` made of aliases).
pub const MAX_NODES: usize = 1_000_000;

fn too_deep() -> String {
    format!("the YAML nests collections more than {MAX_DEPTH} levels deep here; a table needs five")
}

/// Turns the parser's events into nodes: open collections on a stack, anchors by id for aliases.
#[derive(Default)]
struct Builder {
    documents: Vec<Node>,
    stack: Vec<Open>,
    /// Each anchored node, with its number of nodes.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    /// Nodes in the current document, aliases counted in full.
    nodes: usize,
}

struct Open {
    node: Node,
    anchor: usize,
    /// A mapping's key, waiting for its value.
    key: Option<Node>,
}

impl Builder {
    fn event(&mut self, event: Event, position: Position) -> Result<(), SyntaxError> {
        let count = match &event {
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) => 1,
            Event::Alias(id) => self.anchors.get(id).map_or(1, |(_, size)| *size),
            _ => 0,
        };
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                position,
                message: format!(
                    "the document holds more than {MAX_NODES} values once its aliases are expanded; a table needs a few hundred"
                ),
            });
        }
        match event {
            Event::DocumentStart(_) => {
                self.stack.clear();
                self.root = None;
                self.nodes = 0;
            }
            Event::DocumentEnd => {
                self.documents.extend(self.root.take().filter(|root| !root.is_null()));
                self.anchors.clear();
            }
            Event::Scalar(text, style, anchor, tag) => {
                // `!!str 42` is text; other tags do not change how the reader sees a value.
                let quoted = style != ScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str");
                let node = Node {
                    position,
                    kind: Kind::Scalar(Scalar {
                        text: text.into_owned(),
                        plain: !quoted,
                    }),
                };
                self.add(node, anchor);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some((anchored, _)) => Node {
                        position,
                        ..anchored.clone()
                    },
                    None => Node {
                        position,
                        kind: Kind::Scalar(Scalar {
                            text: String::new(),
                            plain: true,
                        }),
                    },
                };
                self.add(node, 0);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        position,
                        message: too_deep(),
                    });
                }
                let kind = match event {
                    Event::SequenceStart(..) => Kind::Sequence(Vec::new()),
                    _ => Kind::Mapping(Vec::new()),
                };
                self.stack.push(Open {
                    node: Node { position, kind },
                    anchor,
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    self.add(open.node, open.anchor);
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
        }
        Ok(())
    }

    /// Places a finished node in its parent (or as the document's root).
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.node.kind {
            Kind::Sequence(items) => items.push(node),
            Kind::Mapping(entries) => match parent.key.take() {
                None => parent.key = Some(node),
                Some(key) => entries.push((key, node)),
            },
            Kind::Scalar(_) => unreachable!("scalars are never open"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }

    fn one(text: &str) -> Node {
        let (mut documents, error) = documents(text);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(documents.len(), 1);
        documents.remove(0)
    }

    #[test]
    fn finds_keys_values_and_items() {
        let root = one("table: lots\ncolumns:\n  lot_id: uuid\n  lot_code:\n    type: varchar(50)\nindexes:\n  - columns: [a, b]\n");
        assert_eq!(root.find(&[key("table")]), (1, 1));
        assert_eq!(root.find(&[key("columns"), key("lot_id")]), (3, 3));
        assert_eq!(root.find(&[key("columns"), key("lot_code"), key("type")]), (5, 5));
        assert_eq!(
            root.find(&[key("indexes"), Seg::Index(0), key("columns"), Seg::Index(1)]),
            (7, 18)
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(root.find(&[key("columns"), key("lot_code"), key("nope")]), (4, 3));
        let ty = root.get(&[key("columns"), key("lot_code"), key("type")]).unwrap();
        assert_eq!(ty.scalar().unwrap().text, "varchar(50)");
    }

    #[test]
    fn documents_skip_empty_ones() {
        let (documents, error) = documents("# only a comment\n---\ntable: a\n---\n---\ntable: b\n---\n");
        assert!(error.is_none());
        let found: Vec<Position> = documents.iter().map(|d| d.find(&[key("table")])).collect();
        assert_eq!(found, [(3, 1), (6, 1)]);
    }

    #[test]
    fn repeated_keys_are_kept() {
        let root = one("a: 1\na: 2\n");
        let Kind::Mapping(entries) = &root.kind else { panic!() };
        let positions: Vec<Position> = entries.iter().map(|(k, _)| k.position).collect();
        assert_eq!(positions, [(1, 1), (2, 1)]);
    }

    #[test]
    fn a_syntax_error_keeps_the_documents_before_it() {
        let (documents, error) = documents("table: a\n---\ntable: b\ncolumns: { a: text\n");
        assert_eq!(documents.len(), 1);
        let error = error.unwrap();
        assert!(error.message.contains("flow mapping"), "{}", error.message);
    }

    #[test]
    fn aliases_copy_the_anchored_node() {
        let root = one("base: &id { type: uuid }\ncopy: *id\n");
        let copy = root.get(&[key("copy"), key("type")]).unwrap();
        assert_eq!(copy.scalar().unwrap().text, "uuid");
        assert_eq!(root.find(&[key("copy")]), (2, 1));
    }

    #[test]
    fn scalars_resolve_like_the_core_schema() {
        let value = |text: &str| {
            let scalar = Scalar {
                text: text.into(),
                plain: true,
            };
            format!("{:?}", scalar.value())
        };
        assert_eq!(value("~"), "Null");
        assert_eq!(value(""), "Null");
        assert_eq!(value("True"), "Bool(true)");
        assert_eq!(value("yes"), "Text(\"yes\")");
        assert_eq!(value("42"), "Integer(42)");
        assert_eq!(value("-7"), "Integer(-7)");
        assert_eq!(value("0x1F"), "Integer(31)");
        assert_eq!(value("0.00"), "Float(0.0)");
        assert_eq!(value("1e3"), "Float(1000.0)");
        assert_eq!(value(".5"), "Float(0.5)");
        assert_eq!(value("-.inf"), "Float(-inf)");
        assert_eq!(value("12,3"), "Text(\"12,3\")");
        assert_eq!(value("1.2.3"), "Text(\"1.2.3\")");
        assert_eq!(value("e3"), "Text(\"e3\")");
        assert_eq!(value("99999999999999999999"), "Float(1e20)");
        let quoted = Scalar {
            text: "true".into(),
            plain: false,
        };
        assert_eq!(quoted.value(), Value::Text("true"));
        assert!(matches!(
            (Scalar { text: ".nan".into(), plain: true }).value(),
            Value::Float(f) if f.is_nan()
        ));
    }
}
