//! Exclusion constraints (PostgreSQL): no two rows may have elements that all compare true with
//! their operators, e.g. the same room (`=`) and overlapping times (`&&`).

use serde::{Deserialize, Serialize};

use super::{Deferrable, IndexKey, IndexMethod, Origin};
use crate::sql::SqlExpr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub name: String,
    /// The index method that enforces it: GiST unless said otherwise (SP-GiST, B-tree and hash
    /// can too; GIN and BRIN cannot).
    #[serde(default = "gist", skip_serializing_if = "is_gist")]
    pub method: IndexMethod,
    pub elements: Vec<ExclusionElement>,
    /// `WHERE`: only rows that meet it are compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<SqlExpr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// One element: a column or an expression (with its operator class, if not the default), and
/// the operator two rows' values are compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExclusionElement {
    pub key: IndexKey,
    pub with: String,
}

fn gist() -> IndexMethod {
    IndexMethod::Gist
}

fn is_gist(method: &IndexMethod) -> bool {
    *method == IndexMethod::Gist
}

/// Operators are written into SQL as they are: only PostgreSQL's operator characters, so
/// nothing else can reach the statement.
pub fn valid_operator(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 63
        && text.chars().all(|c| "+-*/<>=~!@#%^&|`?".contains(c))
        && !text.contains("--")
        && !text.contains("/*")
}

impl Exclusion {
    /// Whether it compares a value with `=` (or `<>`) under GiST: scalar types have no GiST
    /// operator class in core PostgreSQL, the `btree_gist` extension gives them one.
    pub fn needs_btree_gist(&self) -> bool {
        self.method == IndexMethod::Gist && self.elements.iter().any(|e| matches!(e.with.as_str(), "=" | "<>"))
    }

    /// Whether any element reads `column`, or the predicate does.
    pub fn reads(&self, column: &str) -> bool {
        self.elements.iter().any(|e| e.key.reads(column)) || self.predicate.as_ref().is_some_and(|p| p.reads(column))
    }

    /// The same constraint with the columns its elements and predicate read renamed.
    pub fn renamed(&self, rename: impl Fn(&str) -> Option<String>) -> Exclusion {
        let mut moved = self.clone();
        for element in &mut moved.elements {
            element.key = element.key.renamed(&rename);
        }
        moved.predicate = self.predicate.as_ref().map(|p| p.replace_words(&rename));
        moved
    }

    /// Whether two declarations make the same constraint (the comment aside).
    pub fn same_constraint(&self, other: &Exclusion) -> bool {
        self.method == other.method
            && self.elements == other.elements
            && self
                .predicate
                .as_ref()
                .map(|p| p.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
                == other
                    .predicate
                    .as_ref()
                    .map(|p| p.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
            && self.deferrable == other.deferrable
    }
}
