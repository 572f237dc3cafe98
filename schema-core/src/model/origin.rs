//! Where a model element was written, so diagnostics can point at it, and in which syntax, so
//! their help shows the fix the way the user writes it.

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
    /// The source the element was written in; `None` when not known (an element read back from
    /// a migration's snapshot).
    pub syntax: Option<Syntax>,
    /// The declaration had errors, already reported, so what was read of it may be incomplete
    /// (a column read as `text` for an unknown type, a struct whose attributes stopped at a
    /// mistake). The rules do not judge it further: their findings would be consequences of
    /// the error, not mistakes of their own.
    pub read_with_errors: bool,
    /// Where single keys of the element were written (`name`, `tenant`, `default`, ...), so a
    /// diagnostic about one key points at it. A key not listed falls back to the element.
    keys: Vec<(&'static str, Origin)>,
}

/// The two ways to write a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// A YAML file: `on_delete: restrict`, `dropped: true`.
    Yaml,
    /// A `#[derive(Table)]` struct: `on_delete = "restrict"`, `#[column(dropped)]`.
    Derive,
}

impl Origin {
    /// A position without a known syntax.
    pub fn at(file: Option<Arc<PathBuf>>, line: usize, column: usize) -> Origin {
        Origin {
            file,
            line,
            column,
            ..Origin::default()
        }
    }

    /// A position in a YAML file.
    pub fn yaml(file: Option<Arc<PathBuf>>, line: usize, column: usize) -> Origin {
        Origin {
            syntax: Some(Syntax::Yaml),
            ..Origin::at(file, line, column)
        }
    }

    /// A position in a `#[derive(Table)]` struct, with its span's index when the derive is
    /// expanding (compile errors point at the span).
    pub fn derive(file: Option<Arc<PathBuf>>, line: usize, column: usize, span: Option<usize>) -> Origin {
        Origin {
            span,
            syntax: Some(Syntax::Derive),
            ..Origin::at(file, line, column)
        }
    }

    /// No place: for what is no longer in the sources (a table removed from them), spelled in
    /// `syntax`.
    pub fn unplaced(syntax: Option<Syntax>) -> Origin {
        Origin {
            syntax,
            ..Origin::default()
        }
    }

    pub fn is_known(&self) -> bool {
        self.file.is_some() || self.line > 0 || self.span.is_some()
    }

    /// Where `key` of the element was written, or the element itself.
    pub fn key(&self, key: &str) -> &Origin {
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, origin)| origin)
            .unwrap_or(self)
    }

    /// Whether where `key` was written is recorded.
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| *k == key)
    }

    /// Records where `key` of the element was written (the last record of a key wins).
    pub fn set_key(&mut self, key: &'static str, mut at: Origin) {
        at.keys.clear();
        self.keys.retain(|(k, _)| *k != key);
        self.keys.push((key, at));
    }

    /// The fix as the element's source spells it, in backticks: `yaml` for a YAML file, `rust`
    /// for a struct. When the source is not known, both.
    pub fn spell(&self, yaml: &str, rust: &str) -> String {
        match self.syntax {
            Some(Syntax::Yaml) => format!("`{yaml}`"),
            Some(Syntax::Derive) => format!("`{rust}`"),
            None => format!("`{yaml}` in YAML, `{rust}` in a struct"),
        }
    }

    /// `yaml` or `rust`, whichever the source is written in (plain text, for help that differs
    /// beyond one key). YAML when the source is not known.
    pub fn pick<'a>(&self, yaml: &'a str, rust: &'a str) -> &'a str {
        match self.syntax {
            Some(Syntax::Derive) => rust,
            _ => yaml,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn derive() -> Origin {
        Origin::derive(None, 3, 5, None)
    }

    #[test]
    fn keys_point_at_themselves_or_fall_back_to_the_element() {
        let mut table = Origin::yaml(None, 1, 1);
        table.set_key("tenant", Origin::yaml(None, 4, 1));
        assert_eq!((table.key("tenant").line, table.key("tenant").column), (4, 1));
        assert_eq!(table.key("comment").line, 1);
        table.set_key("tenant", Origin::yaml(None, 6, 1));
        assert_eq!(table.key("tenant").line, 6, "the last record wins");
    }

    #[test]
    fn help_is_spelled_in_the_source_syntax() {
        let yaml = Origin::yaml(None, 1, 1);
        assert_eq!(yaml.spell("dropped: true", "#[column(dropped)]"), "`dropped: true`");
        assert_eq!(
            derive().spell("dropped: true", "#[column(dropped)]"),
            "`#[column(dropped)]`"
        );
        assert_eq!(
            Origin::default().spell("dropped: true", "#[column(dropped)]"),
            "`dropped: true` in YAML, `#[column(dropped)]` in a struct"
        );
        assert_eq!(derive().pick("nullable", "Option"), "Option");
        assert_eq!(yaml.pick("nullable", "Option"), "nullable");
    }

    #[test]
    fn a_key_keeps_its_syntax_and_file() {
        let file = Some(Arc::new(PathBuf::from("src/models.rs")));
        let mut field = Origin::derive(file.clone(), 7, 9, None);
        field.set_key("default", Origin::derive(file, 6, 22, None));
        assert_eq!(field.key("default").to_string(), "src/models.rs:6:22");
        assert_eq!(field.key("default").syntax, Some(Syntax::Derive));
    }
}
