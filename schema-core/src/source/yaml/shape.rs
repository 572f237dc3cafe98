//! The mappings of the YAML format and their keys, as the docs list them. The reader checks keys
//! against these; a test checks that they are the keys of the JSON Schema.

/// One kind of mapping in the format: what messages call its keys' owner, the keys (in the order
/// the docs list them), and where the docs describe it.
pub struct Shape {
    pub keys: &'static [&'static str],
    /// The anchor of its section in docs/yaml.md.
    pub docs: &'static str,
    /// The mapping written out, on one line, for help lines.
    pub example: &'static str,
}

pub static TABLE: Shape = Shape {
    keys: &[
        "table",
        "comment",
        "tenant",
        "external",
        "primary_key",
        "primary_key_name",
        "primary_key_comment",
        "columns",
        "indexes",
        "uniques",
        "checks",
        "foreign_keys",
        "excludes",
        "triggers",
        "renamed_from",
        "dropped",
        "purged",
        "group",
        "waive",
    ],
    docs: "table-keys",
    example: "table: lots",
};
pub static COLUMN: Shape = Shape {
    keys: &[
        "type",
        "nullable",
        "default",
        "default_sql",
        "comment",
        "values",
        "set_on_update",
        "native_type",
        "diesel_type",
        "primary_key",
        "unique",
        "unique_per_tenant",
        "index",
        "check",
        "references",
        "on_delete",
        "on_update",
        "deferrable",
        "renamed_from",
        "dropped",
        "purged",
        "removed_values",
        "narrowing",
        "generated",
        "stored",
        "auto_increment",
        "sequence",
    ],
    docs: "column-keys",
    example: "lot_code: { type: varchar(50), nullable: true }",
};
pub static SEQUENCE: Shape = Shape {
    keys: &["name", "start", "increment", "min_value", "max_value", "cache", "cycle"],
    docs: "auto-increment-and-sequences",
    example: "sequence: { name: packages_id_seq, start: 1000 }",
};
pub static INDEX: Shape = Shape {
    keys: &[
        "name",
        "columns",
        "unique",
        "method",
        "predicate",
        "include",
        "with",
        "comment",
    ],
    docs: "indexes",
    example: "- { columns: [tenant_id, status] }",
};
pub static INDEX_KEY: Shape = Shape {
    keys: &["column", "expression", "order", "nulls", "opclass"],
    docs: "index-keys",
    example: "{ column: created_at, order: desc }",
};
pub static UNIQUE: Shape = Shape {
    keys: &["name", "columns", "deferrable", "comment"],
    docs: "uniques",
    example: "- { columns: [tenant_id, lot_code] }",
};
pub static CHECK: Shape = Shape {
    keys: &["name", "expr", "not_valid", "comment"],
    docs: "checks",
    example: "- { expr: quantity >= 0 }",
};
pub static WAIVER: Shape = Shape {
    keys: &["check", "object", "reason"],
    docs: "waive",
    example: "- { check: unindexed-foreign-key, object: lots_location_id_fkey, reason: \"...\" }",
};
pub static FOREIGN_KEY: Shape = Shape {
    keys: &[
        "name",
        "columns",
        "references",
        "on_delete",
        "on_update",
        "deferrable",
        "not_valid",
        "comment",
    ],
    docs: "foreign_keys",
    example: "- { columns: [order_id], references: orders(order_id), on_delete: cascade }",
};
pub static EXCLUDE: Shape = Shape {
    keys: &["name", "method", "elements", "where", "deferrable", "comment"],
    docs: "excludes",
    example: "- { elements: [{ column: room_id, with: '=' }, { column: during, with: '&&' }] }",
};
pub static EXCLUDE_ELEMENT: Shape = Shape {
    keys: &["column", "expression", "opclass", "with"],
    docs: "excludes",
    example: "{ column: during, with: '&&' }",
};
pub static TENANT: Shape = Shape {
    keys: &["column", "setting", "policy"],
    docs: "tenants-and-row-level-security",
    example: "tenant: { column: tenant_id }",
};
pub static EXTERNAL: Shape = Shape {
    keys: &["owner"],
    docs: "external-tables",
    example: "external: { owner: purchasing team }",
};
