//! Exclusion constraints, read back from `pg_get_constraintdef`'s text:
//! `EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (NOT
//! cancelled) DEFERRABLE INITIALLY DEFERRED`.

use super::{scalar, TableWriter};

/// One element as PostgreSQL prints it: a column (with a non-default operator class) or an
/// expression, and its operator.
#[derive(Debug, PartialEq)]
pub(super) struct Element {
    column: Option<String>,
    expression: Option<String>,
    opclass: Option<String>,
    with: String,
}

#[derive(Debug, PartialEq)]
pub(super) struct Parsed {
    method: String,
    elements: Vec<Element>,
    predicate: Option<String>,
    deferrable: Option<&'static str>,
}

/// Where the parenthesis opening at `open` closes (quotes and nesting skipped).
fn closing(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at the commas outside parentheses and quotes.
fn split_top(text: &str) -> Vec<&str> {
    let (mut parts, mut start, mut depth) = (Vec::new(), 0, 0);
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// A name as PostgreSQL prints it: plain (lowercase) or double-quoted.
fn name(text: &str) -> Option<String> {
    let plain = text.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain {
        return Some(text.to_string());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.replace("\"\"", "").contains('"')).then(|| inner.replace("\"\"", "\""))
}

fn element(text: &str) -> Option<Element> {
    let (key, with) = text.rsplit_once(" WITH ")?;
    let with = with.trim().to_string();
    let key = key.trim();
    let (column, opclass) = match name(key) {
        Some(column) => (Some(column), None),
        None => match key.rsplit_once(' ') {
            Some((column, opclass)) if name(column).is_some() && crate::model::valid_opclass(opclass) => {
                (name(column), Some(opclass.to_string()))
            }
            _ => (None, None),
        },
    };
    let expression = column.is_none().then(|| key.to_string());
    Some(Element {
        column,
        expression,
        opclass,
        with,
    })
}

pub(super) fn parse(definition: &str) -> Option<Parsed> {
    let rest = definition.trim().strip_prefix("EXCLUDE USING ")?;
    let (method, rest) = rest.split_once(' ')?;
    let close = closing(rest, 0)?;
    let elements = split_top(&rest[1..close])
        .into_iter()
        .map(element)
        .collect::<Option<Vec<_>>>()?;
    let mut tail = rest[close + 1..].trim();
    let mut deferrable = None;
    for (suffix, value) in [
        ("DEFERRABLE INITIALLY DEFERRED", "initially_deferred"),
        ("DEFERRABLE", "true"),
    ] {
        if let Some(before) = tail.strip_suffix(suffix) {
            deferrable = Some(value);
            tail = before.trim_end();
            break;
        }
    }
    let predicate = match tail {
        "" => None,
        _ => {
            let condition = tail.strip_prefix("WHERE ")?.trim();
            match closing(condition, 0) {
                Some(end) if end == condition.len() - 1 => Some(condition[1..end].trim().to_string()),
                _ => Some(condition.to_string()),
            }
        }
    };
    Some(Parsed {
        method: method.to_string(),
        elements,
        predicate,
        deferrable,
    })
}

impl TableWriter<'_> {
    /// `excludes:`, each with its name; one whose text cannot be read back is listed in the notes.
    pub(super) fn exclusions(&mut self) {
        let mut written = Vec::new();
        for (name, definition) in &self.table.exclusions {
            let Some(parsed) = parse(definition) else {
                self.notes.push(format!(
                    "{}: exclusion constraint `{name}` ({definition}) is not imported: its text could not be read",
                    self.name
                ));
                continue;
            };
            let mut text = format!("  - name: {}\n", scalar(name));
            if parsed.method != "gist" {
                text.push_str(&format!("    method: {}\n", scalar(&parsed.method)));
            }
            let elements: Vec<String> = parsed
                .elements
                .iter()
                .map(|e| {
                    let mut fields = Vec::new();
                    if let Some(column) = &e.column {
                        fields.push(format!("column: {}", scalar(column)));
                    }
                    if let Some(expression) = &e.expression {
                        fields.push(format!("expression: {}", scalar(expression)));
                    }
                    if let Some(opclass) = &e.opclass {
                        fields.push(format!("opclass: {}", scalar(opclass)));
                    }
                    fields.push(format!("with: {}", scalar(&e.with)));
                    format!("{{ {} }}", fields.join(", "))
                })
                .collect();
            text.push_str(&format!("    elements: [{}]\n", elements.join(", ")));
            if let Some(predicate) = &parsed.predicate {
                text.push_str(&format!("    where: {}\n", scalar(predicate)));
            }
            if let Some(deferrable) = parsed.deferrable {
                text.push_str(&format!("    deferrable: {deferrable}\n"));
            }
            if let Some(comment) = self.table.constraint_comments.get(name) {
                text.push_str(&format!("    comment: {}\n", scalar(comment)));
            }
            written.push(text);
        }
        if !written.is_empty() {
            self.line("excludes:");
            for text in written {
                self.out.push_str(&text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_as_postgres_prints_them() {
        let parsed = parse(
            "EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED",
        )
        .unwrap();
        assert_eq!(parsed.method, "gist");
        assert_eq!(parsed.elements.len(), 2);
        assert_eq!(parsed.elements[0].column.as_deref(), Some("room_id"));
        assert_eq!(parsed.elements[1].with, "&&");
        assert_eq!(parsed.predicate.as_deref(), Some("NOT cancelled"));
        assert_eq!(parsed.deferrable, Some("initially_deferred"));
        let parsed = parse(
            "EXCLUDE USING gist (tstzrange(starts_at, ends_at) WITH &&, \"Odd\" WITH =, code text_pattern_ops WITH =)",
        )
        .unwrap();
        assert_eq!(
            parsed.elements[0].expression.as_deref(),
            Some("tstzrange(starts_at, ends_at)")
        );
        assert_eq!(parsed.elements[1].column.as_deref(), Some("Odd"));
        assert_eq!(
            (
                parsed.elements[2].column.as_deref(),
                parsed.elements[2].opclass.as_deref()
            ),
            (Some("code"), Some("text_pattern_ops"))
        );
        assert_eq!(parsed.predicate, None);
        let parsed =
            parse("EXCLUDE USING btree (room_id WITH =) WHERE (cancelled = false AND room_id > 3) DEFERRABLE").unwrap();
        assert_eq!(parsed.predicate.as_deref(), Some("cancelled = false AND room_id > 3"));
        assert_eq!(parsed.deferrable, Some("true"));
        assert_eq!(parse("CHECK (x > 0)"), None);
    }
}
