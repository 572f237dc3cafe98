//! Problems found in a schema, each with where it was written and how to fix it. Every stage
//! collects them and reports them together, so one build shows every mistake.

use std::fmt;

use crate::model::Origin;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case name of the rule, e.g. `fk-without-on-delete`.
    pub code: &'static str,
    pub message: String,
    /// The fix, or the correct form.
    pub help: Option<String>,
    pub origin: Origin,
    /// The table and the object (by name) the finding is about, for rules a table may waive
    /// (see [`crate::check::waivers`]).
    pub subject: Option<(String, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, origin: &Origin, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            origin: origin.clone(),
            subject: None,
        }
    }

    pub fn warning(code: &'static str, origin: &Origin, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, origin, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Names the table and object the finding is about, so a waiver on that object can answer it.
    pub fn about(mut self, table: &str, object: &str) -> Diagnostic {
        self.subject = Some((table.to_string(), object.to_string()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code, self.message)?;
        if self.origin.is_known() && (self.origin.file.is_some() || self.origin.line > 0) {
            write!(f, "\n  --> {}", self.origin)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, displayed one after another, errors counted at the end.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file and line, so output is stable and reads top to bottom.
    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.origin.file.clone(), d.origin.line, d.origin.column);
            key(a).cmp(&key(b))
        });
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        let errors = self.errors().count();
        if errors > 0 {
            write!(f, "{errors} error{} in the schema", if errors == 1 { "" } else { "s" })?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// How many diagnostics of one code a file shows before the rest are summed up in one.
pub const SHOWN_PER_CODE_AND_FILE: usize = 50;

/// The diagnostics with, for each code and file, the first [`SHOWN_PER_CODE_AND_FILE`] kept and
/// the others replaced by one that counts them (at the first of them): a schema with the same
/// mistake two thousand times gets a readable report, not a flood. Order is kept. One more than
/// the limit is shown rather than summed up, so collapsing twice changes nothing.
pub fn collapse(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let key = |d: &Diagnostic| (d.code, d.origin.file.clone());
    let mut totals: HashMap<_, usize> = HashMap::new();
    for d in &diagnostics {
        *totals.entry(key(d)).or_default() += 1;
    }
    let mut seen: HashMap<_, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(1024));
    for d in diagnostics {
        let k = key(&d);
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n <= SHOWN_PER_CODE_AND_FILE || totals[&k] == SHOWN_PER_CODE_AND_FILE + 1 {
            kept.push(d);
        } else if *n == SHOWN_PER_CODE_AND_FILE + 1 {
            let more = totals[&k] - SHOWN_PER_CODE_AND_FILE;
            let summary = format!(
                "{more} more `{}` {} like the ones above{}, the first here",
                d.code,
                match (d.severity, more) {
                    (Severity::Error, 1) => "error",
                    (Severity::Error, _) => "errors",
                    (Severity::Warning, 1) => "warning",
                    (Severity::Warning, _) => "warnings",
                },
                match &d.origin.file {
                    Some(file) => format!(" in {}", file.display()),
                    None => String::new(),
                }
            );
            kept.push(Diagnostic {
                message: format!("{summary}: {}", d.message),
                ..d
            });
        }
    }
    kept
}

/// The known name closest to a misspelt `found`, if one is close enough to be what was meant.
pub fn closest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(found, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// A page of the documentation published with the crates (`page` is e.g.
/// `yaml.md#column-keys`), in the repository named by Cargo.toml's `repository`.
pub fn docs_url(page: &str) -> String {
    format!("{}/blob/main/docs/{page}", env!("CARGO_PKG_REPOSITORY"))
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics(list)
    }
}
