//! The YAML file format, as types. `read.rs` fills them from a document, and the JSON Schema
//! that editors use is generated from them (`tablewright schema-json`), so the two cannot drift.
//! The `serde` attributes say how the JSON Schema spells a field (required, default, renamed);
//! they and the schema exist with the feature `json-schema` (the command line's `schema-json`).
//!
//! Values are kept as written (strings, flags) here; turning them into model types happens in
//! `lower.rs`, which reports every problem with its line instead of stopping at the first.

use std::collections::BTreeMap;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

/// One document of a schema file: a table (`table:`), an extension (`extension:`), an enum type
/// (`enum:`), a domain (`domain:`), a function (`function:`), a composite type (`composite:`)
/// or a view (`view:`). A file holds one document, or several separated by `---`.
// A document is read and lowered once, right away: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(untagged))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright schema document"))]
pub enum Document {
    Table(TableDoc),
    Extension(super::types_doc::ExtensionDoc),
    Enum(super::types_doc::EnumDoc),
    Domain(super::types_doc::DomainDoc),
    Function(super::function_doc::FunctionDoc),
    Composite(super::composite_doc::CompositeDoc),
    View(super::view_doc::ViewDoc),
}

/// The keys that tell a document's kind, in the order the docs list the kinds.
pub const DOCUMENT_KINDS: &[&str] = &["table", "extension", "enum", "domain", "function", "composite", "view"];

/// One table. A file holds one table, or several separated by `---`.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright table"))]
pub struct TableDoc {
    /// The table's name: letters, digits and underscores, starting with a letter or underscore.
    pub table: String,
    /// Documentation stored in the database (`COMMENT ON TABLE`).
    pub comment: Option<String>,
    /// Makes the table multi-tenant: row-level security keyed on this column. Either the column
    /// name, or `{column, setting, policy}`.
    pub tenant: Option<TenantDoc>,
    /// The table belongs to another team: declared so foreign keys and diesel's `table!` can use
    /// it, but never created or changed by a migration. `true`, or `{owner: "..."}`.
    pub external: Option<ExternalDoc>,
    /// Composite primary key. For a single column, set `primary_key: true` on it instead.
    pub primary_key: Option<Vec<String>>,
    /// The primary key constraint's name (default `<table>_pkey`).
    pub primary_key_name: Option<String>,
    /// Documentation of the primary key constraint, stored in the database (`COMMENT ON
    /// CONSTRAINT`, PostgreSQL; kept in the schema only on MySQL and SQLite).
    pub primary_key_comment: Option<String>,
    /// The columns, in order. Each is a type (`lot_code: varchar(50)`) or a mapping.
    pub columns: Columns,
    /// Indexes beyond the single-column `index: true` shorthand.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub indexes: Vec<IndexDoc>,
    /// Unique constraints over several columns.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub uniques: Vec<UniqueDoc>,
    /// Table-level CHECK constraints.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub checks: Vec<CheckDoc>,
    /// Foreign keys over several columns.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub foreign_keys: Vec<ForeignKeyDoc>,
    /// Exclusion constraints (PostgreSQL): no two rows whose elements all compare true, e.g. the
    /// same room and overlapping times.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub excludes: Vec<ExcludeDoc>,
    /// Triggers on the table (PostgreSQL), each executing a function.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub triggers: Vec<super::trigger_doc::TriggerDoc>,
    /// The table's previous name: the next migration renames it instead of dropping and
    /// creating (renames are declared, never guessed).
    pub renamed_from: Option<String>,
    /// Take the table out of use: it is renamed to `<table>__dropped`, keeping its data, and the
    /// down migration restores it. Nothing may reference it any more.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub dropped: bool,
    /// Delete the dropped table for good (after `dropped: true` was migrated).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub purged: bool,
    /// In a library: the optional group of tables this one belongs to, a migration set of its
    /// own that a host application may leave out (default: the library's core set).
    pub group: Option<String>,
    /// Findings of the checks answered on purpose, each for one object of this table, with the
    /// reason (see docs/checks.md#waivers).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub waive: Vec<WaiverDoc>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct WaiverDoc {
    /// The check's code, e.g. `unindexed-foreign-key` or `duplicate-index`.
    pub check: String,
    /// The name of the object the finding is about: the foreign key, the index, the tenant
    /// column, or the table itself.
    pub object: String,
    /// Why the finding does not apply here. Required.
    pub reason: String,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "json-schema",
    serde(
        untagged,
        expecting = "a column name, or a mapping with `column` and optional `setting` and `policy`"
    )
)]
pub enum TenantDoc {
    Column(String),
    Full(TenantFull),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct TenantFull {
    /// The tenant column.
    pub column: String,
    /// The session setting holding the current tenant (default `app.current_tenant_id`).
    pub setting: Option<String>,
    /// The policy's name (default `<table>_tenant_isolation`).
    pub policy: Option<String>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "json-schema",
    serde(untagged, expecting = "`true`, `false`, or a mapping with `owner`")
)]
pub enum ExternalDoc {
    Flag(bool),
    Owned(ExternalFull),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ExternalFull {
    /// Who owns the table; named in the errors about what an external table cannot declare.
    pub owner: Option<String>,
}

/// The ordered column mapping. A repeated name is an error (`duplicate-column`), not an overwrite.
#[derive(Debug, Default)]
pub struct Columns(pub Vec<(String, ColumnDoc)>);

#[derive(Debug)]
pub enum ColumnDoc {
    /// `name: type`
    Type(String),
    Full(Box<ColumnFull>),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ColumnFull {
    /// Portable type: smallint, integer, bigint, serial, bigserial, boolean, text, varchar(n),
    /// numeric(p,s), real, double, date, time, timestamp, timestamptz, uuid, json, jsonb, binary,
    /// varchar, char(n); PostgreSQL's own (interval, inet, tsvector, int4range, ...) and arrays
    /// (`text[]`).
    #[cfg_attr(feature = "json-schema", serde(rename = "type"))]
    pub ty: String,
    /// Allow NULL (default: NOT NULL).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub nullable: bool,
    /// A literal default value: a string, number or boolean.
    pub default: Option<LiteralDoc>,
    /// An SQL expression default. `now()` and `gen_random_uuid()` work on every dialect.
    pub default_sql: Option<String>,
    /// Documentation stored in the database (`COMMENT ON COLUMN`).
    pub comment: Option<String>,
    /// Allowed values, enforced with `CHECK (column IN (...))`.
    pub values: Option<Vec<String>>,
    /// Set the column to the current time on every UPDATE (a trigger on PostgreSQL and SQLite,
    /// `ON UPDATE` on MySQL).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub set_on_update: bool,
    /// The SQL type to use instead on one dialect, e.g. `{postgres: citext}`.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub native_type: BTreeMap<String, String>,
    /// The diesel SQL type for `table!`, e.g. `diesel_citext::sql_types::Citext`.
    pub diesel_type: Option<String>,
    /// This column is the primary key.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub primary_key: bool,
    /// Unique across the table.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub unique: bool,
    /// Unique within each tenant: UNIQUE (tenant column, this column).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub unique_per_tenant: bool,
    /// Index this column: `true`, or the method (`btree`, `gin`, `gist`, `hash`).
    pub index: Option<IndexFlag>,
    /// A CHECK constraint on this column.
    pub check: Option<String>,
    /// Foreign key target: `table.column`, or `table` for its primary key.
    pub references: Option<String>,
    /// Required with `references`: cascade, restrict, set_null, set_default or no_action.
    pub on_delete: Option<String>,
    /// cascade, restrict, set_null, set_default or no_action (default no_action).
    pub on_update: Option<String>,
    /// With `references`: the foreign key is deferrable. `true` (initially immediate),
    /// `initially_immediate` or `initially_deferred` (PostgreSQL, SQLite).
    pub deferrable: Option<DeferrableDoc>,
    /// The column's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
    /// Take the column out of use: it is renamed to `<column>__dropped` and made nullable,
    /// keeping its data; the down migration restores it.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub dropped: bool,
    /// Delete the dropped column for good (after `dropped: true` was migrated).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub purged: bool,
    /// Values removed from `values` on purpose (rows holding them make the migration fail).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub removed_values: Vec<String>,
    /// `allowed`: the next type change may fail on some values or lose part of them (the values
    /// as they were are kept in `<table>__<column>__narrowed`); `purged`: delete those kept values.
    pub narrowing: Option<NarrowingDoc>,
    /// A generated column: the SQL expression the database computes it from, e.g.
    /// `price * quantity` (`GENERATED ALWAYS AS (...)`).
    pub generated: Option<String>,
    /// With `generated`: `false` computes the value on every read (VIRTUAL; not on PostgreSQL)
    /// instead of keeping it in the row (STORED, the default).
    pub stored: Option<bool>,
    /// How a `serial` or `bigserial` column is numbered on PostgreSQL: `identity` (the default,
    /// `GENERATED BY DEFAULT AS IDENTITY`), `always` (`GENERATED ALWAYS AS IDENTITY`) or
    /// `sequence` (a sequence default, `DEFAULT nextval(...)`, as PostgreSQL's own `serial` makes).
    pub auto_increment: Option<String>,
    /// The sequence of a `serial` or `bigserial` column (PostgreSQL): its name (default
    /// `<table>_<column>_seq`), or `{name, start, increment, min_value, max_value, cache, cycle}`.
    pub sequence: Option<SequenceDoc>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "json-schema",
    serde(untagged, expecting = "a sequence name, or a mapping of its options")
)]
pub enum SequenceDoc {
    Name(String),
    Full(SequenceFull),
}

#[derive(Debug, Default)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct SequenceFull {
    /// The sequence's name (default `<table>_<column>_seq`).
    pub name: Option<String>,
    /// The first value (default: `min_value`, or `max_value` counting down).
    pub start: Option<i64>,
    /// The step between values (default 1; negative counts down).
    pub increment: Option<i64>,
    /// The lowest value (default 1, counting down the type's lowest).
    pub min_value: Option<i64>,
    /// The highest value (default the type's highest, counting down -1).
    pub max_value: Option<i64>,
    /// How many values each session takes at once (default 1).
    pub cache: Option<i64>,
    /// Start over at the other end once the last value is taken (default false: fail).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub cycle: bool,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(rename_all = "snake_case"))]
pub enum NarrowingDoc {
    Allowed,
    Purged,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(untagged, expecting = "a string, number or boolean"))]
pub enum LiteralDoc {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "json-schema",
    serde(
        untagged,
        expecting = "`true`, `false`, or an index method (btree, gin, gist, hash, spgist, brin)"
    )
)]
pub enum IndexFlag {
    Flag(bool),
    Method(String),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct IndexDoc {
    /// Index name (default `idx_<table>_<columns>`).
    pub name: Option<String>,
    /// The keys, in order: a column name, or `{column, order, nulls, opclass}`, or
    /// `{expression, order, nulls, opclass}`.
    pub columns: Vec<IndexKeyDoc>,
    /// A unique index.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub unique: bool,
    /// btree (default), gin, gist, hash, spgist or brin.
    pub method: Option<String>,
    /// WHERE clause of a partial index, e.g. `is_active = true`.
    pub predicate: Option<String>,
    /// Columns stored in the index besides its keys (`INCLUDE`, PostgreSQL).
    pub include: Option<Vec<String>>,
    /// Storage parameters (PostgreSQL), e.g. `{ fillfactor: 70 }` or `{ pages_per_range: 32 }`.
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub with: BTreeMap<String, LiteralDoc>,
    /// Documentation stored in the database (`COMMENT ON INDEX`, PostgreSQL; kept in the schema
    /// only on MySQL and SQLite).
    pub comment: Option<String>,
}

/// One key of an index.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(untagged))]
pub enum IndexKeyDoc {
    /// A column, ascending.
    Column(String),
    Full(IndexKeyFull),
}

/// A key with options: a column or an expression.
#[derive(Debug, Default)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct IndexKeyFull {
    /// The column (or write `expression`).
    pub column: Option<String>,
    /// An SQL expression, e.g. `lower(email)` (PostgreSQL, SQLite).
    pub expression: Option<String>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
    /// `first` or `last` (PostgreSQL).
    pub nulls: Option<String>,
    /// An operator class, e.g. `text_pattern_ops` or `gin_trgm_ops` (PostgreSQL).
    pub opclass: Option<String>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "json-schema",
    serde(
        untagged,
        expecting = "`true`, `false`, `initially_immediate` or `initially_deferred`"
    )
)]
pub enum DeferrableDoc {
    Flag(bool),
    When(String),
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct UniqueDoc {
    /// Constraint name (default `<table>_<columns>_key`).
    pub name: Option<String>,
    /// The columns that are unique together.
    pub columns: Vec<String>,
    /// Checked at the end of the statement or transaction: `true` (initially immediate),
    /// `initially_immediate` or `initially_deferred` (PostgreSQL).
    pub deferrable: Option<DeferrableDoc>,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only on MySQL and SQLite).
    pub comment: Option<String>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct CheckDoc {
    /// Constraint name (default `<table>_check`, `<table>_check1`, ...).
    pub name: Option<String>,
    /// A boolean SQL expression.
    pub expr: String,
    /// Added `NOT VALID` and never validated: rows that existed before may break it
    /// (PostgreSQL).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub not_valid: bool,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only on MySQL and SQLite).
    pub comment: Option<String>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ForeignKeyDoc {
    /// Constraint name (default `<table>_<columns>_fkey`).
    pub name: Option<String>,
    /// The referencing columns, in this table.
    pub columns: Vec<String>,
    /// `table(column_a, column_b)`, or `table` for its primary key.
    pub references: String,
    /// Required: cascade, restrict, set_null, set_default or no_action.
    pub on_delete: Option<String>,
    /// cascade, restrict, set_null, set_default or no_action (default no_action).
    pub on_update: Option<String>,
    /// Checked at the end of the statement or transaction: `true` (initially immediate),
    /// `initially_immediate` or `initially_deferred` (PostgreSQL, SQLite).
    pub deferrable: Option<DeferrableDoc>,
    /// Added `NOT VALID` and never validated: rows that existed before may break it
    /// (PostgreSQL).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub not_valid: bool,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`, PostgreSQL; kept in the
    /// schema only on MySQL and SQLite).
    pub comment: Option<String>,
}

#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ExcludeDoc {
    /// Constraint name (default `<table>_<columns>_excl`).
    pub name: Option<String>,
    /// The index method that enforces it: gist (default), spgist, btree or hash.
    pub method: Option<String>,
    /// The elements, each `{column, with}` or `{expression, with}` (and an `opclass`).
    pub elements: Vec<ExcludeElementDoc>,
    /// Only rows that meet this condition are compared, e.g. `NOT cancelled`.
    #[cfg_attr(feature = "json-schema", serde(rename = "where"))]
    pub predicate: Option<String>,
    /// Checked at the end of the statement or transaction: `true` (initially immediate),
    /// `initially_immediate` or `initially_deferred`.
    pub deferrable: Option<DeferrableDoc>,
    /// Documentation stored in the database (`COMMENT ON CONSTRAINT`).
    pub comment: Option<String>,
}

/// One element of an exclusion constraint.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ExcludeElementDoc {
    /// The column (or write `expression`).
    pub column: Option<String>,
    /// An SQL expression, e.g. `tstzrange(starts_at, ends_at)`.
    pub expression: Option<String>,
    /// An operator class, when not the type's default.
    pub opclass: Option<String>,
    /// The operator two rows' values are compared with, e.g. `=` or `&&` (quote it in YAML).
    pub with: String,
}

#[cfg(feature = "json-schema")]
impl JsonSchema for Columns {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Columns".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let column = generator.subschema_for::<ColumnDoc>();
        schemars::json_schema!({
            "type": "object",
            "minProperties": 1,
            "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
            "additionalProperties": column,
        })
    }
}

#[cfg(feature = "json-schema")]
impl JsonSchema for ColumnDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Column".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let full = generator.subschema_for::<ColumnFull>();
        schemars::json_schema!({
            "anyOf": [
                { "type": "string", "description": "The column's type, e.g. `varchar(50)`." },
                full,
            ]
        })
    }
}

/// The JSON Schema of the YAML format, pretty-printed (feature `json-schema`).
#[cfg(feature = "json-schema")]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON Schema serializes");
    text.push('\n');
    text
}
