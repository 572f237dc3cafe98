//! Import of functions (one `function:` document each, in `functions.yaml`) and of a table's
//! triggers (its `triggers:`), from PostgreSQL's catalog, written so that Tablewright builds
//! them back as the database holds them. What the YAML format cannot declare (procedures,
//! aggregates, functions in C or with OUT arguments, a disabled trigger's state) is listed in
//! the notes.

use std::collections::BTreeSet;

use super::{Catalog, CatalogFunction, CatalogTable};
use crate::model::{format_execute, FUNCTION_LANGUAGES};

/// A YAML scalar: plain when it cannot be read as anything else, single-quoted otherwise.
fn scalar(text: &str) -> String {
    super::import::scalar(text)
}

/// `key: |` and the text, each line indented by `indent` + 2 (an indentation indicator when the
/// first line starts with a blank, which YAML would otherwise take for indentation).
fn block(key: &str, text: &str, indent: &str) -> String {
    let indicator = if text.starts_with([' ', '\t']) { "2" } else { "" };
    let mut out = format!("{indent}{key}: |{indicator}\n");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{indent}  {line}\n"));
        }
    }
    out
}

/// Splits `text` at the commas outside parentheses and quotes.
fn top_level_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

/// The arguments as `{ name, type, default }`, from `pg_get_function_arguments`.
fn arguments(function: &CatalogFunction) -> Vec<(Option<String>, String, Option<String>)> {
    top_level_parts(&function.arguments)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let name = function.argument_names.get(i).filter(|n| !n.is_empty()).cloned();
            let rest = match &name {
                Some(name) => {
                    let quoted = format!("\"{}\" ", name.replace('"', "\"\""));
                    part.strip_prefix(&format!("{name} "))
                        .or_else(|| part.strip_prefix(&quoted))
                        .unwrap_or(&part)
                        .to_string()
                }
                None => part.clone(),
            };
            match rest.split_once(" DEFAULT ") {
                Some((ty, default)) => (name, ty.trim().to_string(), Some(default.trim().to_string())),
                None => (name, rest.trim().to_string(), None),
            }
        })
        .collect()
}

/// Why a function cannot be written as a `function:` document, if it cannot.
fn not_expressible(function: &CatalogFunction) -> Option<String> {
    if function.kind != "f" {
        let what = match function.kind.as_str() {
            "p" => "a procedure",
            "a" => "an aggregate",
            "w" => "a window function",
            _ => "not a plain function",
        };
        return Some(format!("it is {what}"));
    }
    if !FUNCTION_LANGUAGES.contains(&function.language.as_str()) {
        return Some(format!("it is in `{}`", function.language));
    }
    if function.other_modes {
        return Some("it has OUT, INOUT or VARIADIC arguments".into());
    }
    if function.body.is_empty() {
        return Some("its body is SQL-standard (`BEGIN ATOMIC`), which the catalog keeps parsed".into());
    }
    None
}

/// `functions.yaml`: every function of the catalog but Tablewright's own (`generated`), as
/// documents; the others are noted.
pub(super) fn functions_file(
    catalog: &Catalog,
    generated: &BTreeSet<String>,
    notes: &mut Vec<String>,
) -> Option<(String, String)> {
    let mut documents = Vec::new();
    for (key, function) in catalog.functions.iter().filter(|(k, _)| !generated.contains(*k)) {
        if let Some(why) = not_expressible(function) {
            notes.push(format!("(schema): function `{key}` is not imported: {why}"));
            continue;
        }
        let mut out = String::from("# Imported by `tablewright import` from the database's catalog.\n");
        out.push_str(&format!("function: {}\n", scalar(&function.name)));
        let arguments = arguments(function);
        if !arguments.is_empty() {
            out.push_str("arguments:\n");
            for (name, ty, default) in arguments {
                let mut fields = Vec::new();
                if let Some(name) = name {
                    fields.push(format!("name: {}", scalar(&name)));
                }
                fields.push(format!("type: {}", scalar(&ty)));
                if let Some(default) = default {
                    fields.push(format!("default: {}", scalar(&default)));
                }
                out.push_str(&format!("  - {{ {} }}\n", fields.join(", ")));
            }
        }
        out.push_str(&format!("returns: {}\n", scalar(&function.result)));
        out.push_str(&format!("language: {}\n", scalar(&function.language)));
        if function.volatility != "VOLATILE" {
            out.push_str(&format!("volatility: {}\n", function.volatility.to_ascii_lowercase()));
        }
        if function.strict {
            out.push_str("strict: true\n");
        }
        if function.security_definer {
            out.push_str("security_definer: true\n");
        }
        if !function.config.is_empty() {
            out.push_str("set:\n");
            for setting in &function.config {
                let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
                out.push_str(&format!("  {}: {}\n", scalar(name), scalar(value)));
            }
        }
        if let Some(comment) = &function.comment {
            out.push_str(&format!("comment: {}\n", scalar(comment)));
        }
        out.push_str(&block("body", &function.body, ""));
        documents.push(out);
    }
    (!documents.is_empty()).then(|| ("functions.yaml".to_string(), documents.join("---\n")))
}

/// The `triggers:` of a table: every trigger but Tablewright's own (`own`).
pub(super) fn triggers_section(
    table_name: &str,
    table: &CatalogTable,
    own: &BTreeSet<String>,
    notes: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    for (name, parts) in table.trigger_parts.iter().filter(|(n, _)| !own.contains(*n)) {
        if out.is_empty() {
            out.push_str("triggers:\n");
        }
        out.push_str(&format!("  - name: {}\n", scalar(name)));
        let timing = parts.timing.to_ascii_lowercase().replace(' ', "_");
        out.push_str(&format!("    timing: {timing}\n"));
        let events: Vec<String> = parts.events.iter().map(|e| e.to_ascii_lowercase()).collect();
        out.push_str(&format!("    events: [{}]\n", events.join(", ")));
        if !parts.update_columns.is_empty() {
            let columns: Vec<String> = parts.update_columns.iter().map(|c| scalar(c)).collect();
            out.push_str(&format!("    update_of: [{}]\n", columns.join(", ")));
        }
        out.push_str(&format!("    for_each: {}\n", parts.for_each.to_ascii_lowercase()));
        if let Some(when) = &parts.when {
            out.push_str(&format!("    when: {}\n", scalar(when)));
        }
        if parts.old_table.is_some() || parts.new_table.is_some() {
            let mut fields = Vec::new();
            if let Some(old) = &parts.old_table {
                fields.push(format!("old_table: {}", scalar(old)));
            }
            if let Some(new) = &parts.new_table {
                fields.push(format!("new_table: {}", scalar(new)));
            }
            out.push_str(&format!("    referencing: {{ {} }}\n", fields.join(", ")));
        }
        out.push_str(&format!(
            "    execute: {}\n",
            scalar(&format_execute(&parts.function, &parts.arguments))
        ));
        if let Some(comment) = &parts.comment {
            out.push_str(&format!("    comment: {}\n", scalar(comment)));
        }
        if parts.enabled != "O" {
            notes.push(format!(
                "{table_name}: trigger `{name}` is {} in the database, which the YAML format cannot say: it is imported as enabled",
                parts.enabled_words()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_back_with_their_names_types_and_defaults() {
        let function = CatalogFunction {
            arguments: "len integer DEFAULT 8, \"Odd\" text DEFAULT 'a, b'::text, numeric(10,2)".into(),
            argument_names: vec!["len".into(), "Odd".into(), String::new()],
            ..Default::default()
        };
        assert_eq!(
            arguments(&function),
            vec![
                (Some("len".into()), "integer".into(), Some("8".into())),
                (Some("Odd".into()), "text".into(), Some("'a, b'::text".into())),
                (None, "numeric(10,2)".into(), None),
            ]
        );
    }

    #[test]
    fn a_body_is_a_block_that_keeps_its_first_blank() {
        assert_eq!(
            block("body", "BEGIN\n  x;\n\nEND;", ""),
            "body: |\n  BEGIN\n    x;\n\n  END;\n"
        );
        assert_eq!(block("body", "  SELECT 1", ""), "body: |2\n    SELECT 1\n");
    }
}
