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
        json(self.format, self.dialect, &self.schema)
    }

    /// The file a new snapshot of `schema` makes ([`Snapshot::new`], then
    /// [`to_json`](Snapshot::to_json)), without copying the schema into it.
    pub fn json_of(dialect: Dialect, schema: &Schema) -> String {
        json(Self::FORMAT, dialect, schema)
    }

    pub fn from_json(text: &str) -> Result<Snapshot, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A snapshot's file: [`Snapshot`]'s fields, in its order, the schema borrowed.
fn json(format: u32, dialect: Dialect, schema: &Schema) -> String {
    #[derive(Serialize)]
    struct Fields<'a> {
        format: u32,
        dialect: Dialect,
        schema: &'a Schema,
    }
    let fields = Fields {
        format,
        dialect,
        schema,
    };
    let mut text = serde_json::to_string_pretty(&fields).expect("the model serializes");
    text.push('\n');
    text
}
