//! Line and column of every key and value in a YAML text, by path (`columns.lot_code.type`).
//!
//! serde gives a position only when deserialization fails; the checks that run afterwards still
//! need to point at the offending line. This index comes from the event stream of a second,
//! span-aware parser over the same text (saphyr-parser), and is only ever used for positions.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// One step of a path into a YAML document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Positions (1-based line, 1-based column) by document index and path.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<(usize, Vec<Seg>), (usize, usize)>,
    /// The text of plain (unquoted) scalar values, as written: serde turns `0.00` into a float,
    /// and a default must keep its digits.
    plain_values: HashMap<(usize, Vec<Seg>), String>,
    /// The whole text parsed without a syntax error.
    well_formed: bool,
}

enum Frame {
    Map {
        path: Vec<Seg>,
        key: Option<String>,
        expecting_key: bool,
    },
    Seq {
        path: Vec<Seg>,
        next: usize,
    },
}

impl Locator {
    /// Indexes `text`. A text the parser rejects yields the positions seen before the error;
    /// serde reports the syntax error itself.
    pub fn new(text: &str) -> Locator {
        let mut positions = HashMap::new();
        let mut plain_values = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut document = 0usize;
        let mut well_formed = true;
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else {
                well_formed = false;
                break;
            };
            let here = (span.start.line(), span.start.col() + 1);
            match event {
                Event::DocumentStart(_) => stack.clear(),
                Event::DocumentEnd => document += 1,
                Event::Scalar(value, style, ..) => {
                    let is_value = matches!(
                        stack.last(),
                        Some(
                            Frame::Map {
                                expecting_key: false,
                                ..
                            } | Frame::Seq { .. }
                        )
                    );
                    if let Some(path) = node_path(&mut stack, Some(value.as_ref())) {
                        if is_value && style == ScalarStyle::Plain {
                            plain_values
                                .entry((document, path.clone()))
                                .or_insert_with(|| value.to_string());
                        }
                        positions.entry((document, path)).or_insert(here);
                    }
                }
                Event::Alias(_) => {
                    if let Some(path) = node_path(&mut stack, None) {
                        positions.entry((document, path)).or_insert(here);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = node_path(&mut stack, None).unwrap_or_default();
                    positions.entry((document, path.clone())).or_insert(here);
                    stack.push(match event {
                        Event::MappingStart(..) => Frame::Map {
                            path,
                            key: None,
                            expecting_key: true,
                        },
                        _ => Frame::Seq { path, next: 0 },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Locator {
            positions,
            plain_values,
            well_formed,
        }
    }

    /// The text of the unquoted scalar value at exactly `path`, as written.
    pub fn plain_value(&self, document: usize, path: &[Seg]) -> Option<&str> {
        self.plain_values.get(&(document, path.to_vec())).map(String::as_str)
    }

    /// Whether the text is valid YAML throughout (its documents may still be invalid tables).
    pub fn is_well_formed(&self) -> bool {
        self.well_formed
    }

    /// The position of `path` in document `document`, or of its nearest located ancestor.
    pub fn find(&self, document: usize, path: &[Seg]) -> (usize, usize) {
        let mut path = path.to_vec();
        loop {
            if let Some(found) = self.positions.get(&(document, path.clone())) {
                return *found;
            }
            if path.pop().is_none() {
                return (0, 0);
            }
        }
    }
}

/// Advances the innermost frame for a new node and returns the path to record it under: a mapping
/// key is recorded under the path of its entry, a value under the same path (the key, seen first,
/// wins), a sequence item under its index. `None` for keys that are not scalars.
fn node_path(stack: &mut [Frame], scalar: Option<&str>) -> Option<Vec<Seg>> {
    match stack.last_mut() {
        None => Some(Vec::new()),
        Some(Frame::Seq { path, next }) => {
            let mut p = path.clone();
            p.push(Seg::Index(*next));
            *next += 1;
            Some(p)
        }
        Some(Frame::Map {
            path,
            key,
            expecting_key,
        }) => {
            if *expecting_key {
                *expecting_key = false;
                *key = scalar.map(str::to_string);
                // The key's position stands for the whole entry: errors point at `name:`.
                let key = key.clone()?;
                let mut p = path.clone();
                p.push(Seg::Key(key));
                Some(p)
            } else {
                *expecting_key = true;
                let mut p = path.clone();
                p.push(Seg::Key(key.take().unwrap_or_default()));
                Some(p)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }

    #[test]
    fn finds_keys_values_and_items() {
        let text = "table: lots\ncolumns:\n  lot_id: uuid\n  lot_code:\n    type: varchar(50)\nindexes:\n  - columns: [a, b]\n";
        let locator = Locator::new(text);
        assert_eq!(locator.find(0, &[key("table")]), (1, 1));
        assert_eq!(locator.find(0, &[key("columns"), key("lot_id")]), (3, 3));
        assert_eq!(locator.find(0, &[key("columns"), key("lot_code"), key("type")]), (5, 5));
        assert_eq!(
            locator.find(0, &[key("indexes"), Seg::Index(0), key("columns"), Seg::Index(1)]),
            (7, 18)
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(locator.find(0, &[key("columns"), key("lot_code"), key("nope")]), (4, 3));
    }

    #[test]
    fn documents_are_separate() {
        let locator = Locator::new("table: a\n---\ntable: b\n");
        assert_eq!(locator.find(1, &[key("table")]), (3, 1));
    }
}
