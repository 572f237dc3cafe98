//! What the linter reports: one finding per problem, in the project's diagnostic style, and as
//! JSON for tools.

use std::fmt;
use std::path::PathBuf;

use serde::{Serialize, Serializer};
use tablewright_core::Severity;

/// One problem in one statement of a migration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case rule name, e.g. `drop-column` (see [`crate::RULES`]).
    pub rule: &'static str,
    #[serde(serialize_with = "severity_name")]
    pub severity: Severity,
    pub message: String,
    /// The safe alternative, or the exact fix.
    pub help: String,
    /// The file linted; `None` for [`crate::lint_sql`].
    #[serde(serialize_with = "path_text")]
    pub file: Option<PathBuf>,
    /// 1-based line and column (in characters) of the statement, or of the part of it at fault.
    pub line: usize,
    pub column: usize,
    /// 1-based number of the statement in its file.
    pub statement: usize,
    /// The statement's first line, shortened.
    pub excerpt: String,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn severity_name<S: Serializer>(severity: &Severity, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(level(*severity))
}

fn path_text<S: Serializer>(path: &Option<PathBuf>, serializer: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => serializer.serialize_some(&path.display().to_string()),
        None => serializer.serialize_none(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

impl fmt::Display for Finding {
    /// ```text
    /// error[drop-column]: dropping column `lot_number` of `lots` deletes its data for good
    ///   --> migrations/2026_x/up.sql:12:1
    ///    | ALTER TABLE lots DROP COLUMN lot_number
    ///   = help: ...
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", level(self.severity), self.rule, self.message)?;
        let file = self
            .file
            .as_ref()
            .map_or_else(|| "<input>".to_string(), |p| p.display().to_string());
        write!(f, "\n  --> {file}:{}:{}", self.line, self.column)?;
        if !self.excerpt.is_empty() {
            write!(f, "\n   | {}", self.excerpt)?;
        }
        write!(f, "\n  = help: {}", self.help)
    }
}

/// The findings as a JSON array (pretty-printed), for `tablewright lint --format json`.
pub fn findings_to_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).expect("findings are plain data")
}

/// The findings as a SARIF 2.1.0 log, for code scanning: every rule of [`crate::RULES`] with its
/// summary, and one result per finding with its file, line and column.
pub fn findings_to_sarif(findings: &[Finding]) -> String {
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rules: Vec<serde_json::Value> = crate::RULES
        .iter()
        .map(|rule| {
            serde_json::json!({
                "id": rule.name,
                "shortDescription": { "text": rule.summary },
                "helpUri": format!("{}/blob/main/docs/lint.md#{}", env!("CARGO_PKG_REPOSITORY"), rule.name),
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let uri = f
                .file
                .as_deref()
                .map_or_else(|| "<input>".to_string(), |p| p.to_string_lossy().replace('\\', "/"));
            serde_json::json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{}\nhelp: {}", f.message, f.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": f.line, "startColumn": f.column, "snippet": { "text": f.excerpt } },
                    }
                }],
            })
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "tablewright-lint", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("SARIF is plain data")
}

/// The findings as GitHub Actions workflow commands (`::error file=...,line=...::message`), one
/// line each, so a workflow step shows them as annotations on the pull request.
pub fn findings_to_github(findings: &[Finding]) -> String {
    // The escapes GitHub's runner reads back: data escapes `%`, CR and LF; properties also `:`
    // and `,`.
    let data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    findings
        .iter()
        .map(|f| {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let file = f
                .file
                .as_deref()
                .map(|p| format!("file={},", property(&p.to_string_lossy())))
                .unwrap_or_default();
            format!(
                "::{command} {file}line={},col={},title={}::{}\n",
                f.line,
                f.column,
                property(&format!("tablewright-lint {}", f.rule)),
                data(&format!("{}\nhelp: {}", f.message, f.help))
            )
        })
        .collect()
}

/// `2 errors and 1 warning` (or `no problems`), for the last line of a report.
pub fn summary(findings: &[Finding]) -> String {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let warnings = findings.len() - errors;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    }
}
