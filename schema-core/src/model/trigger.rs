//! Triggers a table declares (PostgreSQL): when they fire, for which events and rows, and the
//! function they execute. Tablewright's own triggers (`set_on_update`, the helpers of a type
//! change or a NOT NULL) are not declared: the renderer writes them, and the checks keep
//! declared names clear of theirs.

use serde::{Deserialize, Serialize};

use super::Origin;
use crate::sql::SqlExpr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    /// In the order written; `update` may name columns (`UPDATE OF a, b`).
    pub events: Vec<TriggerEvent>,
    pub for_each: ForEach,
    /// `WHEN (...)`: the condition, checked before the function is called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<SqlExpr>,
    /// Transition tables of a statement-level AFTER trigger: `REFERENCING OLD TABLE AS ...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_table: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_table: Option<String>,
    /// The function it executes (a declared `function`, or an external one).
    pub function: String,
    /// The arguments the function gets in `TG_ARGV`, as strings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The trigger's previous name: the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

impl TriggerTiming {
    pub const ALL: [(&'static str, TriggerTiming); 3] = [
        ("before", TriggerTiming::Before),
        ("after", TriggerTiming::After),
        ("instead_of", TriggerTiming::InsteadOf),
    ];

    pub fn parse(text: &str) -> Option<TriggerTiming> {
        let text = text.trim().to_ascii_lowercase().replace(' ', "_");
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, t)| *t)
    }

    pub fn sql(self) -> &'static str {
        match self {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            TriggerTiming::Before => "before",
            TriggerTiming::After => "after",
            TriggerTiming::InsteadOf => "instead_of",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    Insert,
    /// `UPDATE`, or `UPDATE OF` these columns.
    Update {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        columns: Vec<String>,
    },
    Delete,
    Truncate,
}

impl TriggerEvent {
    /// `insert`, `update`, `delete` or `truncate` (columns of `update` are given apart).
    pub fn parse(text: &str) -> Option<TriggerEvent> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "insert" => TriggerEvent::Insert,
            "update" => TriggerEvent::Update { columns: Vec::new() },
            "delete" => TriggerEvent::Delete,
            "truncate" => TriggerEvent::Truncate,
            _ => return None,
        })
    }

    pub fn word(&self) -> &'static str {
        match self {
            TriggerEvent::Insert => "insert",
            TriggerEvent::Update { .. } => "update",
            TriggerEvent::Delete => "delete",
            TriggerEvent::Truncate => "truncate",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForEach {
    Row,
    Statement,
}

impl ForEach {
    pub fn parse(text: &str) -> Option<ForEach> {
        match text.trim().to_ascii_lowercase().as_str() {
            "row" => Some(ForEach::Row),
            "statement" => Some(ForEach::Statement),
            _ => None,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            ForEach::Row => "ROW",
            ForEach::Statement => "STATEMENT",
        }
    }
}

impl Trigger {
    /// The columns of `UPDATE OF`, if any.
    pub fn update_columns(&self) -> &[String] {
        self.events
            .iter()
            .find_map(|e| match e {
                TriggerEvent::Update { columns } => Some(columns.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// Whether the definition (everything but the name and comment) is the same.
    pub fn same_definition(&self, other: &Trigger) -> bool {
        let strip = |t: &Trigger| Trigger {
            name: String::new(),
            comment: None,
            renamed_from: None,
            ..t.clone()
        };
        strip(self) == strip(other)
    }
}

/// `name(arg, 'arg')` of `execute:`: the function's name and its arguments as strings. Arguments
/// are single-quoted strings (`''` for a quote) or plain words and numbers.
pub fn parse_execute(text: &str) -> Result<(String, Vec<String>), String> {
    let text = text.trim();
    let Some(open) = text.find('(') else {
        return Err("it has no argument list: write the function's name and `()`".into());
    };
    let name = text[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!("`{name}` is not a function name"));
    }
    let Some(inner) = text[open + 1..].strip_suffix(')') else {
        return Err("the argument list does not end with `)`".into());
    };
    let mut arguments = Vec::new();
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() {
            if !arguments.is_empty() {
                return Err("an argument is missing after the last comma".into());
            }
            break;
        }
        let mut argument = String::new();
        if chars[i] == '\'' {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("a string argument is not closed".into()),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        argument.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        argument.push(*c);
                        i += 1;
                    }
                }
            }
        } else {
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '.' | '-')) {
                argument.push(chars[i]);
                i += 1;
            }
            if argument.is_empty() {
                return Err(format!("`{}` is not a string, a word or a number", chars[i]));
            }
        }
        arguments.push(argument);
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        match chars.get(i) {
            None => break,
            Some(',') => i += 1,
            Some(c) => return Err(format!("`{c}` after an argument: separate arguments with commas")),
        }
    }
    Ok((name.to_string(), arguments))
}

/// `name('a', 'b')`, as `execute:` is written back.
pub fn format_execute(function: &str, arguments: &[String]) -> String {
    let arguments: Vec<String> = arguments
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "''")))
        .collect();
    format!("{function}({})", arguments.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execute_is_a_name_and_string_arguments() {
        assert_eq!(parse_execute("touch()").unwrap(), ("touch".to_string(), vec![]));
        let (name, arguments) = parse_execute(" audit('lots', 'it''s', 3, x.y) ").unwrap();
        assert_eq!(name, "audit");
        assert_eq!(arguments, vec!["lots", "it's", "3", "x.y"]);
        assert_eq!(format_execute(&name, &arguments), "audit('lots', 'it''s', '3', 'x.y')");
        assert!(parse_execute("touch").unwrap_err().contains("no argument list"));
        assert!(parse_execute("touch(1,)").unwrap_err().contains("missing"));
        assert!(parse_execute("touch('a' 'b')").is_err());
        assert!(parse_execute("to uch()").is_err());
    }
}
