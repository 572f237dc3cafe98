//! Where a model element was written, so diagnostics can point at it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The place in a YAML file or Rust source that declared an element.
///
/// Origins are not part of the schema: two models that differ only in where their elements were
/// written are equal, which is what lets a YAML table and a derived struct compare equal.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub file: Option<Arc<PathBuf>>,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// Index into the span table of the derive that produced the element (see
    /// `source::rust::ParsedTable::spans`), so compile errors point at the attribute.
    pub span: Option<usize>,
}

impl Origin {
    pub fn at(file: Option<Arc<PathBuf>>, line: usize, column: usize) -> Origin {
        Origin {
            file,
            line,
            column,
            span: None,
        }
    }

    pub fn is_known(&self) -> bool {
        self.file.is_some() || self.line > 0 || self.span.is_some()
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}", file.display())?,
            None => f.write_str("<input>")?,
        }
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        Ok(())
    }
}
