//! The target of a foreign key, written `table.column`, `table(a, b)` or just `table`.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub table: String,
    /// Empty until resolved to the referenced table's primary key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

impl Reference {
    /// Parses `table.column`, `table(a, b)` or `table`.
    pub fn parse(text: &str) -> Result<Reference, String> {
        let text = text.trim();
        let help = "write `table.column`, `table(column_a, column_b)` or `table` (its primary key)";
        let (table, columns) = if let Some(open) = text.find('(') {
            let inner = text[open + 1..]
                .strip_suffix(')')
                .ok_or_else(|| format!("`{text}` is missing its closing parenthesis; {help}"))?;
            let columns = inner.split(',').map(|c| c.trim().to_string()).collect::<Vec<_>>();
            (&text[..open], columns)
        } else if let Some((table, column)) = text.split_once('.') {
            (table, vec![column.trim().to_string()])
        } else {
            (text, Vec::new())
        };
        let table = table.trim();
        if table.is_empty() || columns.iter().any(String::is_empty) {
            return Err(format!("`{text}` is not a valid reference; {help}"));
        }
        Ok(Reference {
            table: table.to_string(),
            columns,
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.columns.is_empty() {
            f.write_str(&self.table)
        } else {
            write!(f, "{}({})", self.table, self.columns.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_spellings() {
        let r = Reference::parse("storage_locations.location_id").unwrap();
        assert_eq!(
            (r.table.as_str(), r.columns.clone()),
            ("storage_locations", vec!["location_id".to_string()])
        );
        let r = Reference::parse("orders(tenant_id, order_id)").unwrap();
        assert_eq!(r.columns, vec!["tenant_id", "order_id"]);
        assert!(Reference::parse("systems").unwrap().columns.is_empty());
        assert!(Reference::parse("t(a,").is_err());
        assert!(Reference::parse(".a").is_err());
        assert!(Reference::parse("t(a,,b)").is_err());
    }
}
