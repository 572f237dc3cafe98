//! One spelling for what a database lets be written several ways with the same meaning, so that
//! a database written by hand and the one Tablewright builds from its import read the same.

use crate::dialect::Dialect;

/// The names PostgreSQL gives to constraints nobody named, which Tablewright gives too (the
/// schema compiler's `model::naming` shares them).
pub mod default_names {
    pub fn primary_key(table: &str) -> String {
        format!("{table}_pkey")
    }

    pub fn unique(table: &str, columns: &[String]) -> String {
        format!("{table}_{}_key", columns.join("_"))
    }

    pub fn foreign_key(table: &str, columns: &[String]) -> String {
        format!("{table}_{}_fkey", columns.join("_"))
    }
}

/// A column default in one spelling per meaning, for a column of `data_type` (as the catalog
/// keeps it, lowercased):
/// - PostgreSQL's current time: on a `timestamp` column `CURRENT_TIMESTAMP`, `now()` and
///   `transaction_timestamp()` store the same value as `LOCALTIMESTAMP` (the time converted to
///   the session's zone), on a `timestamptz` column the same as `now()`;
/// - SQLite's booleans: `0`/`1` and `FALSE`/`TRUE` are the same values (`FALSE` is `0`).
pub fn default_expression(dialect: Dialect, data_type: &str, default: String) -> String {
    let spelled = default.trim().to_ascii_lowercase();
    match dialect {
        Dialect::Postgres => {
            let now = matches!(
                spelled.as_str(),
                "current_timestamp" | "now()" | "transaction_timestamp()"
            );
            // `timestamp(3) without time zone` stores them alike too, each rounded to 3 digits.
            let data_type = &without_precision(data_type);
            if data_type.starts_with("timestamp with time zone") && now {
                "now()".into()
            } else if data_type.starts_with("timestamp without time zone") && (now || spelled == "localtimestamp") {
                "LOCALTIMESTAMP".into()
            } else {
                default
            }
        }
        Dialect::Sqlite if matches!(data_type, "boolean" | "bool") => match spelled.as_str() {
            "0" | "false" => "FALSE".into(),
            "1" | "true" => "TRUE".into(),
            _ => default,
        },
        _ => default,
    }
}

/// `timestamp(3) with time zone` as `timestamp with time zone`.
fn without_precision(data_type: &str) -> String {
    match (data_type.strip_prefix("timestamp("), data_type.find(')')) {
        (Some(_), Some(close)) => format!("timestamp{}", &data_type[close + 1..]),
        _ => data_type.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_time_is_spelled_once_per_column_type() {
        let on = |ty: &str, d: &str| default_expression(Dialect::Postgres, ty, d.to_string());
        for spelled in [
            "CURRENT_TIMESTAMP",
            "now()",
            "transaction_timestamp()",
            "LOCALTIMESTAMP",
        ] {
            assert_eq!(on("timestamp without time zone", spelled), "LOCALTIMESTAMP");
        }
        for spelled in ["CURRENT_TIMESTAMP", "now()", "transaction_timestamp()"] {
            assert_eq!(on("timestamp with time zone", spelled), "now()");
        }
        // Not the same instant around a change of daylight saving time, and not a time column.
        assert_eq!(on("timestamp with time zone", "LOCALTIMESTAMP"), "LOCALTIMESTAMP");
        assert_eq!(
            on("timestamp(3) without time zone", "CURRENT_TIMESTAMP(3)"),
            "CURRENT_TIMESTAMP(3)"
        );
        assert_eq!(on("text", "now()"), "now()");
        // With a precision, the same.
        assert_eq!(
            on("timestamp(6) without time zone", "CURRENT_TIMESTAMP"),
            "LOCALTIMESTAMP"
        );
        assert_eq!(on("timestamp(3) with time zone", "CURRENT_TIMESTAMP"), "now()");
    }

    #[test]
    fn sqlite_booleans_are_spelled_once() {
        let on = |ty: &str, d: &str| default_expression(Dialect::Sqlite, ty, d.to_string());
        assert_eq!(on("boolean", "0"), "FALSE");
        assert_eq!(on("boolean", "true"), "TRUE");
        assert_eq!(on("integer", "0"), "0");
        assert_eq!(default_expression(Dialect::Mysql, "boolean", "0".into()), "0");
    }
}
