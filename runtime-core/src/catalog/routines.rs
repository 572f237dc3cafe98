//! Functions and the parts of triggers, as PostgreSQL's catalog holds them: compared by drift
//! (the definition, the comment, whether a trigger is enabled) and written back by import.

/// One function of the schema (not one of an extension's).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogFunction {
    pub name: String,
    /// `pg_get_function_arguments`: names, types and defaults (`len integer DEFAULT 8`).
    pub arguments: String,
    /// `proargnames`, one per argument (empty for an unnamed one).
    pub argument_names: Vec<String>,
    /// Whether an argument is other than IN (OUT, INOUT, VARIADIC, TABLE).
    pub other_modes: bool,
    /// `pg_get_function_result`: `trigger`, `integer`, `SETOF text`, `TABLE(id bigint)`.
    pub result: String,
    pub language: String,
    /// `IMMUTABLE`, `STABLE` or `VOLATILE`.
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    /// `proconfig`: `name=value`, one per setting.
    pub config: Vec<String>,
    /// `prosrc`, without the blanks and line breaks around it (`AS $$\nBEGIN` and `AS $$BEGIN`
    /// are one function).
    pub body: String,
    /// `f` for a function (`p` procedure, `a` aggregate, `w` window function).
    pub kind: String,
    pub comment: Option<String>,
}

impl CatalogFunction {
    /// Everything but the name and the comment, in one line, as drift compares and shows it.
    pub fn definition(&self) -> String {
        let mut text = format!(
            "({}) RETURNS {} LANGUAGE {} {}",
            self.arguments, self.result, self.language, self.volatility
        );
        if self.strict {
            text.push_str(" STRICT");
        }
        if self.security_definer {
            text.push_str(" SECURITY DEFINER");
        }
        for setting in &self.config {
            text.push_str(&format!(" SET {setting}"));
        }
        if self.kind != "f" {
            text.push_str(&format!(" (kind {})", self.kind));
        }
        text.push_str(&format!(" AS $${}$$", self.body));
        text
    }
}

/// A trigger's parts (PostgreSQL), beside its definition in `CatalogTable::triggers`.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogTrigger {
    /// `BEFORE`, `AFTER` or `INSTEAD OF`.
    pub timing: String,
    /// `INSERT`, `DELETE`, `UPDATE`, `TRUNCATE`, in the order the database prints them.
    pub events: Vec<String>,
    /// The columns of `UPDATE OF`.
    pub update_columns: Vec<String>,
    /// `ROW` or `STATEMENT`.
    pub for_each: String,
    /// The condition of `WHEN (...)`, as the database prints it.
    pub when: Option<String>,
    pub old_table: Option<String>,
    pub new_table: Option<String>,
    pub function: String,
    pub arguments: Vec<String>,
    /// `O` (fires), `D` (disabled), `R` (replica only) or `A` (always): `tgenabled`.
    pub enabled: String,
    pub comment: Option<String>,
}

impl CatalogTrigger {
    /// What `tgenabled` means, for messages.
    pub fn enabled_words(&self) -> &'static str {
        match self.enabled.as_str() {
            "D" => "disabled",
            "R" => "enabled for replicas only",
            "A" => "enabled always",
            _ => "enabled",
        }
    }
}
