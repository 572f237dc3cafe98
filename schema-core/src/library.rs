//! Schemas that travel with library crates.
//!
//! A library that owns tables declares them as any crate does (structs or YAML) and ships their
//! migrations as a named set, for every database it supports, written under
//! `<migrations>/<group>/<dialect>/`: `core` for its tables, and one folder per optional group
//! (`group: scheduler` on a table). Each group is a set of its own (`agents/scheduler`) that
//! requires the core; in each set's schema, the other sets' tables are external tables, so
//! references between sets are checked and no set creates another's tables.
//!
//! The build also writes a manifest of the library's tables, which a host application's build
//! reads (through cargo's `links` metadata) so that its tables may reference the library's.

use std::path::PathBuf;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect;
use crate::model::{External, Schema, Table};
use crate::project::{Loaded, Mode, Outcome, Project, SyncError};

/// The folder of a library's tables that belong to no group.
pub const CORE: &str = "core";

pub use tablewright_runtime_core::set_name_problem;

/// The cargo `links` metadata key under which a library's build publishes its manifest; a
/// host's build script finds it as `DEP_<LINKS>_TABLEWRIGHT_SET`.
pub const MANIFEST_KEY: &str = "tablewright_set";

/// A library crate's schema and where its sets' migrations go.
#[derive(Clone, Debug)]
pub struct Library {
    /// The set's name, e.g. the crate's name.
    pub name: String,
    pub schema_dirs: Vec<PathBuf>,
    pub source_dirs: Vec<PathBuf>,
    /// The root of `<group>/<dialect>/` folders.
    pub migrations_dir: PathBuf,
    /// Every database the library supports.
    pub dialects: Vec<Dialect>,
}

/// What syncing one set for one database did.
#[derive(Clone, Debug)]
pub struct SetOutcome {
    pub set: String,
    pub dialect: Dialect,
    pub migrations_dir: PathBuf,
    pub outcome: Outcome,
    pub notes: Vec<String>,
}

/// What a library publishes for its hosts: its set's name and its tables (with their groups).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub set: String,
    pub tables: Vec<Table>,
}

impl Library {
    fn project(&self, dialect: Dialect, migrations_dir: PathBuf) -> Project {
        Project {
            schema_dirs: self.schema_dirs.clone(),
            source_dirs: self.source_dirs.clone(),
            migrations_dir,
            dialect,
        }
    }

    /// Reads the schema and checks it for every database the library supports; the problems of
    /// all of them, each once.
    pub fn load(&self) -> Result<Loaded, Diagnostics> {
        let mut loaded = None;
        let mut problems = Diagnostics(Vec::new());
        for &dialect in &self.dialects {
            match self.project(dialect, self.migrations_dir.clone()).load() {
                Ok(found) => {
                    loaded.get_or_insert(found);
                }
                Err(found) => {
                    for problem in found.0 {
                        if !problems.0.iter().any(|p| p.to_string() == problem.to_string()) {
                            problems.0.push(problem);
                        }
                    }
                }
            }
        }
        match loaded {
            Some(loaded) if !problems.has_errors() => Ok(loaded),
            _ => Err(problems),
        }
    }

    /// The groups of the schema's tables: `None` (the core) first, then each group by name.
    pub fn groups(schema: &Schema) -> Vec<Option<String>> {
        let mut groups: Vec<Option<String>> = vec![None];
        for table in schema.tables.iter().filter(|t| !t.is_external()) {
            if table.group.is_some() && !groups.contains(&table.group) {
                groups.push(table.group.clone());
            }
        }
        groups[1..].sort();
        groups
    }

    /// `agents`, or `agents/scheduler` for a group.
    pub fn set_name(&self, group: Option<&str>) -> String {
        match group {
            None => self.name.clone(),
            Some(group) => format!("{}/{group}", self.name),
        }
    }

    /// Where the migrations of `group` for `dialect` go.
    pub fn set_dir(&self, group: Option<&str>, dialect: Dialect) -> PathBuf {
        self.migrations_dir
            .join(group.unwrap_or(CORE))
            .join(dialect.to_string())
    }

    /// The schema of one group's set: its own tables, and the library's other tables as
    /// external tables of their sets.
    pub fn set_schema(&self, schema: &Schema, group: Option<&str>) -> Schema {
        let tables = schema
            .tables
            .iter()
            .map(|table| {
                if table.is_external() || table.group.as_deref() == group {
                    table.clone()
                } else {
                    provided(table, &self.set_name(table.group.as_deref()))
                }
            })
            .collect();
        // Types, extensions and functions belong to the core set, which every host applies (the
        // groups' tables may use them).
        let objects = if group.is_none() {
            schema.clone()
        } else {
            Schema::default()
        };
        Schema { tables, ..objects }
    }

    /// Brings every set's migrations up to date, for every database.
    pub fn sync(&self, schema: &Schema, mode: Mode, now: SystemTime) -> Result<Vec<SetOutcome>, SyncError> {
        let mut outcomes = Vec::new();
        for group in Library::groups(schema) {
            let set_schema = self.set_schema(schema, group.as_deref());
            for &dialect in &self.dialects {
                let migrations_dir = self.set_dir(group.as_deref(), dialect);
                let project = self.project(dialect, migrations_dir.clone());
                let (outcome, notes) = project.sync_with_notes(&set_schema, mode, now)?;
                outcomes.push(SetOutcome {
                    set: self.set_name(group.as_deref()),
                    dialect,
                    migrations_dir,
                    outcome,
                    notes,
                });
            }
        }
        Ok(outcomes)
    }

    /// The manifest a host's build reads.
    pub fn manifest(&self, schema: &Schema) -> String {
        let manifest = Manifest {
            set: self.name.clone(),
            tables: schema.tables.iter().filter(|t| !t.is_external()).cloned().collect(),
        };
        serde_json::to_string_pretty(&manifest).expect("the manifest serializes")
    }
}

/// The tables a library's manifest provides to a host, each an external table of its set.
pub fn provided_tables(manifest: &str) -> Result<Vec<Table>, String> {
    let manifest: Manifest = serde_json::from_str(manifest).map_err(|e| e.to_string())?;
    Ok(manifest
        .tables
        .iter()
        .filter(|t| t.is_live())
        .map(|t| {
            let set = match &t.group {
                None => manifest.set.clone(),
                Some(group) => format!("{}/{group}", manifest.set),
            };
            provided(t, &set)
        })
        .collect())
}

/// The set that provides `table`, if it is another set's table (see [`provided`]).
pub fn provided_by(table: &Table) -> Option<&str> {
    let owner = table.external.as_ref()?.owner.as_deref()?;
    owner.strip_prefix(PROVIDED_BY)?.strip_suffix('`')
}

/// How a provided table's owner names its set: `the migration set `agents``.
const PROVIDED_BY: &str = "the migration set `";

/// `table` as another set's table: its columns and key, which references need, and nothing a
/// migration of this set would create.
pub fn provided(table: &Table, set: &str) -> Table {
    let mut provided = table.clone();
    provided.external = Some(External {
        owner: Some(format!("{PROVIDED_BY}{set}`")),
    });
    provided.indexes.clear();
    provided.uniques.clear();
    provided.checks.clear();
    provided.foreign_keys.clear();
    provided.tenant = None;
    provided.comment = None;
    provided.renamed_from = None;
    provided.group = None;
    provided.columns.retain(|c| c.lifecycle.is_live());
    for column in &mut provided.columns {
        column.default = None;
        column.comment = None;
        column.values = None;
        column.set_on_update = false;
        column.renamed_from = None;
        column.narrowing = None;
    }
    provided
}
