//! Options a constraint can carry besides what it constrains: when it is checked (deferrable
//! unique and foreign keys) and whether the rows that existed before it were ever checked
//! (`NOT VALID` checks and foreign keys).

use serde::{Deserialize, Serialize};

/// A deferrable constraint, and when a transaction checks it unless told otherwise
/// (`SET CONSTRAINTS`). A constraint that is not deferrable has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `DEFERRABLE INITIALLY IMMEDIATE`: checked per statement, unless a transaction defers it.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit.
    InitiallyDeferred,
}

impl Deferrable {
    /// The spellings of the sources: `true` is `initially_immediate` (as `DEFERRABLE` alone is in
    /// SQL).
    pub const NAMES: [&'static str; 2] = ["initially_immediate", "initially_deferred"];

    /// `initially_deferred`, `initially deferred`, `INITIALLY DEFERRED`, and `immediate` or
    /// `deferred` alone.
    pub fn parse(text: &str) -> Option<Deferrable> {
        let normalized = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match normalized.trim_start_matches("initially_") {
            "immediate" => Some(Deferrable::InitiallyImmediate),
            "deferred" => Some(Deferrable::InitiallyDeferred),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Deferrable::InitiallyImmediate => Self::NAMES[0],
            Deferrable::InitiallyDeferred => Self::NAMES[1],
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            Deferrable::InitiallyImmediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Deferrable::InitiallyDeferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }

    /// The clause for an optional deferrability, as the catalogs print it.
    pub fn sql_of(deferrable: Option<Deferrable>) -> &'static str {
        deferrable.map_or("NOT DEFERRABLE", Deferrable::sql)
    }

    /// The catalogs' spelling back (`NOT DEFERRABLE`, `DEFERRABLE INITIALLY ...`).
    pub fn from_sql(text: &str) -> Option<Deferrable> {
        match text.trim().to_ascii_uppercase().as_str() {
            "DEFERRABLE INITIALLY IMMEDIATE" | "DEFERRABLE" => Some(Deferrable::InitiallyImmediate),
            "DEFERRABLE INITIALLY DEFERRED" => Some(Deferrable::InitiallyDeferred),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for text in [
            "initially_deferred",
            "INITIALLY DEFERRED",
            "deferred",
            "initially-deferred",
        ] {
            assert_eq!(Deferrable::parse(text), Some(Deferrable::InitiallyDeferred), "{text}");
        }
        assert_eq!(Deferrable::parse("immediate"), Some(Deferrable::InitiallyImmediate));
        assert_eq!(Deferrable::parse("later"), None);
        for d in [Deferrable::InitiallyImmediate, Deferrable::InitiallyDeferred] {
            assert_eq!(Deferrable::parse(d.name()), Some(d));
            assert_eq!(Deferrable::from_sql(d.sql()), Some(d));
        }
        assert_eq!(Deferrable::from_sql("NOT DEFERRABLE"), None);
        assert_eq!(Deferrable::sql_of(None), "NOT DEFERRABLE");
    }
}
