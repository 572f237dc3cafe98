//! The model recorded with a migration.

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;
use crate::model::Schema;

pub const SNAPSHOT_FILE: &str = "schema.snapshot.json";

/// What the database looks like after the migration that carries this snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version of this file.
    pub format: u32,
    pub dialect: Dialect,
    pub schema: Schema,
}

impl Snapshot {
    pub const FORMAT: u32 = 1;

    pub fn new(dialect: Dialect, schema: Schema) -> Snapshot {
        Snapshot {
            format: Self::FORMAT,
            dialect,
            schema,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the model serializes");
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Snapshot, serde_json::Error> {
        serde_json::from_str(text)
    }
}
