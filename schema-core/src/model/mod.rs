//! The schema model: the one shape that both sources (YAML files and `#[derive(Table)]` structs)
//! produce and that every later stage (checks, diff, rendering, `table!` generation) reads.
//!
//! Every name in the model is final: constraint and index names that the user did not write are
//! filled in by the sources through [`naming`], so checks see exactly what the database will see.
//! The model serializes to JSON; that JSON is the snapshot recorded with each migration.

mod composite;
mod constraint;
mod default;
mod exclusion;
mod function;
mod index;
pub mod naming;
mod origin;
mod pg_types;
mod reference;
mod sequence;
mod trigger;
mod types;
mod view;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use composite::{CompositeField, CompositeType};
pub use constraint::Deferrable;
pub use default::{DefaultValue, Literal};
pub use exclusion::{valid_operator, Exclusion, ExclusionElement};
pub use function::{calls, normalize_sql_type, Function, FunctionArgument, Volatility, FUNCTION_LANGUAGES};
// `Generated` and `GeneratedKind` are defined below, with `Column`.
pub use index::{
    parse_order, valid_opclass, valid_storage_parameter, Index, IndexKey, IndexMethod, KeyTarget, NullsOrder,
};
pub use origin::{Origin, Syntax};
pub use pg_types::{
    extension_of_opclass, extension_of_type, Domain, EnumType, Extension, NamedType, EXTENSION_OPCLASSES,
    EXTENSION_TYPES,
};
pub use reference::Reference;
pub use sequence::{default_bounds, default_sequence_name, options_sql, AutoIncrement, Sequence, SequenceFacts};
pub use trigger::{format_execute, parse_execute, ForEach, Trigger, TriggerEvent, TriggerTiming};
pub use types::{fractional_digits, ColumnType, IntervalFields, PgType, TypeError, MAX_PRECISION};
pub use view::{in_dependency_order, View};

use crate::dialect::Dialect;
use crate::sql::SqlExpr;

/// A whole schema: every table of one application, in source order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub tables: Vec<Table>,
    /// PostgreSQL extensions the schema needs (`CREATE EXTENSION`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// Enum types (`CREATE TYPE ... AS ENUM`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    /// Domains (`CREATE DOMAIN`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// SQL functions (PostgreSQL), in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    /// Views and materialized views, in source order (sorted by name once loaded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Composite types (`CREATE TYPE ... AS (...)`, PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeType>,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The schema as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the model serializes")
    }

    /// Tables this application creates and migrates (everything but external tables).
    pub fn owned_tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(|t| t.external.is_none())
    }

    /// The view (or materialized view) called `name`.
    pub fn view(&self, name: &str) -> Option<&View> {
        self.views.iter().find(|v| v.name == name)
    }

    /// The first declared function called `name` (of any arguments).
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }
}

/// One table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Exclusion constraints (PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    /// Declared triggers (PostgreSQL), in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// Set for multi-tenant tables: row-level security keyed on this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<Tenant>,
    /// Set for tables owned by another team: declared, checked, never migrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<External>,
    /// The table's previous name: the next migration renames it (renames are declared, never
    /// guessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Whether the table is in use, or on its way out (see [`Lifecycle`]).
    #[serde(default, skip_serializing_if = "Lifecycle::is_live")]
    pub lifecycle: Lifecycle,
    /// The optional part of a library's schema the table belongs to (`None`: the core). Each
    /// group is a migration set of its own, which a host application may leave out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Findings of the checks answered on purpose, each for one object, with its reason. Not part
    /// of the recorded schema: they change no SQL.
    #[serde(skip)]
    pub waivers: Vec<Waiver>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A check's finding about one object of a table, answered on purpose: the check does not report
/// it. Only the checks in [`crate::check::WAIVABLE`] can be waived.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waiver {
    /// The check's code, e.g. `unindexed-foreign-key`.
    pub check: String,
    /// The name of the object the finding is about (the foreign key, the index, the table...).
    pub object: String,
    /// Why: shown in reviews, required.
    pub reason: String,
    pub origin: Origin,
}

/// Dropping is two explicit steps, so data is never lost by accident: `dropped` takes the
/// element out of use but keeps its data (renamed to a backup name, which the down migration
/// renames back), `purged` then deletes it for good.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    #[default]
    Live,
    Dropped,
    Purged,
}

impl Lifecycle {
    pub fn is_live(&self) -> bool {
        *self == Lifecycle::Live
    }
}

/// A type change that may fail on some values or lose part of them, allowed for one column: the
/// values as they were are kept in [`narrowing_backup_name`] (the down migration puts back those
/// nobody changed since), until `purged` deletes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Narrowing {
    Allowed,
    Purged,
}

/// The table that keeps a narrowed column's values as they were, by primary key.
pub fn narrowing_backup_name(table: &str, column: &str) -> String {
    format!("{table}__{column}{NARROWED}")
}

const NARROWED: &str = "__narrowed";

/// Whether a table is where a narrowing keeps values ([`narrowing_backup_name`]).
pub fn is_narrowing_backup(table: &str) -> bool {
    table.ends_with(NARROWED)
}

/// The name under which a dropped table or column keeps its data until it is purged.
pub fn backup_name(name: &str) -> String {
    format!("{name}__dropped")
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The columns the application uses (not dropped or purged).
    pub fn live_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.lifecycle.is_live())
    }

    pub fn is_live(&self) -> bool {
        self.lifecycle.is_live()
    }

    pub fn is_external(&self) -> bool {
        self.external.is_some()
    }

    /// The column kept current by an update trigger, if any.
    pub fn set_on_update_column(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.set_on_update)
    }

    /// Every named object of the table that lives in the constraint namespace, with its origin.
    pub fn constraint_names(&self) -> impl Iterator<Item = (&str, &Origin)> {
        let pk = self.primary_key.iter().map(|pk| (pk.name.as_str(), &self.origin));
        let uniques = self.uniques.iter().map(|u| (u.name.as_str(), &u.origin));
        let checks = self.checks.iter().map(|c| (c.name.as_str(), &c.origin));
        let fks = self.foreign_keys.iter().map(|f| (f.name.as_str(), &f.origin));
        let exclusions = self.exclusions.iter().map(|x| (x.name.as_str(), &x.origin));
        let enums = self
            .columns
            .iter()
            .filter_map(|c| Some((c.values.as_ref()?.check_name.as_str(), &c.origin)));
        pk.chain(uniques)
            .chain(checks)
            .chain(fks)
            .chain(enums)
            .chain(exclusions)
    }
}

/// One column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Allowed values: the column is an enum, enforced by `CHECK (column IN (...))`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<EnumValues>,
    /// The column is set to the current time on every UPDATE (by a trigger, or `ON UPDATE` on
    /// MySQL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub set_on_update: bool,
    /// Per-dialect SQL type that replaces the portable one, e.g. `citext` on PostgreSQL.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub native_types: BTreeMap<Dialect, String>,
    /// Rust path of the diesel SQL type to use in `table!` instead of the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diesel_type: Option<String>,
    /// The column's previous name: the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(default, skip_serializing_if = "Lifecycle::is_live")]
    pub lifecycle: Lifecycle,
    /// A narrowing type change is allowed (and its kept values exist), or they were purged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrowing: Option<Narrowing>,
    /// Computed by the database from the row: `GENERATED ALWAYS AS (expr)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// How a `serial` or `bigserial` column is numbered on PostgreSQL: an identity column (the
    /// default), `ALWAYS`, or a sequence default as PostgreSQL's `serial` makes.
    #[serde(default, skip_serializing_if = "AutoIncrement::is_identity")]
    pub auto_increment: AutoIncrement,
    /// The sequence behind a `serial` or `bigserial` column (PostgreSQL): its name when not
    /// `<table>_<column>_seq`, and its options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<Sequence>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Column {
    /// The name of the sequence behind an auto-incrementing column of `table`.
    pub fn sequence_name(&self, table: &str) -> String {
        self.sequence
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| default_sequence_name(table, &self.name))
    }

    /// The sequence behind an auto-incrementing column of `table` (PostgreSQL), every option
    /// resolved; `None` for other columns.
    pub fn sequence_facts(&self, table: &str) -> Option<SequenceFacts> {
        self.ty.is_serial().then(|| {
            SequenceFacts::of(
                self.ty,
                self.auto_increment,
                self.sequence.as_ref(),
                self.sequence_name(table),
            )
        })
    }
}

/// A generated column's expression, and whether its values are kept in the row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    pub expr: SqlExpr,
    #[serde(default, skip_serializing_if = "GeneratedKind::is_stored")]
    pub kind: GeneratedKind,
}

/// `STORED`: computed on every write and kept (the only kind PostgreSQL has before 18);
/// `VIRTUAL`: computed on every read (MySQL, MariaDB, SQLite).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeneratedKind {
    #[default]
    Stored,
    Virtual,
}

impl GeneratedKind {
    pub fn is_stored(&self) -> bool {
        *self == GeneratedKind::Stored
    }

    pub fn sql(self) -> &'static str {
        match self {
            GeneratedKind::Stored => "STORED",
            GeneratedKind::Virtual => "VIRTUAL",
        }
    }
}

/// The allowed values of an enum column and the name of the check that enforces them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumValues {
    pub values: Vec<String>,
    pub check_name: String,
    /// Values taken out on purpose: removing a value is refused unless it is listed here (rows
    /// may still hold it; the new check is validated against them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unique {
    pub name: String,
    pub columns: Vec<String>,
    /// Checked at the end of the statement or transaction instead of per row (PostgreSQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub expr: SqlExpr,
    /// Added `NOT VALID` and never validated: rows that existed before it may break it
    /// (PostgreSQL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Check {
    /// `CHECK (column IS NOT NULL)`: validated, it lets PostgreSQL's SET NOT NULL skip its scan.
    pub fn not_null(name: String, column: &str, dialect: Dialect, origin: Origin) -> Check {
        let expr = format!("{} IS NOT NULL", crate::sql::quote::ident(dialect, column));
        Check {
            name,
            expr: SqlExpr::parse(&expr).expect("a quoted identifier and IS NOT NULL are an expression"),
            not_valid: false,
            comment: None,
            origin,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub references: Reference,
    /// `None` is a model the checks reject: every foreign key states its ON DELETE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<FkAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<FkAction>,
    /// Checked at the end of the statement or transaction instead of per row (PostgreSQL,
    /// SQLite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
    /// Added `NOT VALID` and never validated: rows that existed before it may break it
    /// (PostgreSQL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// What happens to referencing rows when the referenced row is deleted or updated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    Cascade,
    Restrict,
    SetNull,
    SetDefault,
    NoAction,
}

impl FkAction {
    pub const ALL: [(&'static str, FkAction); 5] = [
        ("cascade", FkAction::Cascade),
        ("restrict", FkAction::Restrict),
        ("set_null", FkAction::SetNull),
        ("set_default", FkAction::SetDefault),
        ("no_action", FkAction::NoAction),
    ];

    /// Accepts `set_null`, `set null`, `SET NULL` and friends.
    pub fn parse(text: &str) -> Option<FkAction> {
        let normalized = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL
            .iter()
            .find(|(name, _)| *name == normalized)
            .map(|(_, action)| *action)
    }

    pub fn sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::Restrict => "RESTRICT",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::NoAction => "NO ACTION",
        }
    }
}

/// Row-level security for a multi-tenant table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub column: String,
    /// The session setting the policy compares the column with.
    pub setting: String,
    /// Name of the isolation policy.
    pub policy: String,
}

/// The default session setting that carries the current tenant.
pub const DEFAULT_TENANT_SETTING: &str = "app.current_tenant_id";

/// A table owned by another team: never created, altered or dropped by a migration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct External {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl Schema {
    /// Fills in the columns of references written as just `table`, with that table's primary
    /// key. References to unknown tables or keyless tables stay empty; the checks report them.
    pub fn resolve_references(&mut self) {
        let keys: Vec<(String, Vec<String>)> = self
            .tables
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.primary_key.as_ref()?.columns.clone())))
            .collect();
        for table in &mut self.tables {
            for fk in &mut table.foreign_keys {
                if fk.references.columns.is_empty() {
                    if let Some((_, key)) = keys.iter().find(|(name, _)| *name == fk.references.table) {
                        fk.references.columns = key.clone();
                    }
                }
            }
        }
    }
}
