//! Waivers: each waivable finding is answered by a waiver naming its object, with a reason; the
//! waiver answers only that object; a waiver of a check that cannot be waived, without a reason,
//! twice, or answering nothing is reported. From YAML, and from the derive (same rules).

use super::check_schema;
use crate::diagnostic::{Diagnostics, Severity};
use crate::dialect::Dialect::Postgres;
use crate::model::Schema;
use crate::source::yaml::parse_str;

const PARENTS: &str = "table: parents\ncolumns:\n  id: { type: bigint, primary_key: true }\n  code: { type: varchar(10), unique: true }\n";

fn schema(child: &str) -> Schema {
    let (tables, problems) = parse_str(&format!("{PARENTS}---\n{child}"), None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

fn findings(child: &str) -> Vec<(Severity, &'static str, String)> {
    listed(&schema(child))
}

fn listed(schema: &Schema) -> Vec<(Severity, &'static str, String)> {
    check_schema(schema, Postgres)
        .into_iter()
        .map(|d| (d.severity, d.code, d.message))
        .collect()
}

const KIDS: &str = "table: kids
columns:
  id: { type: bigint, primary_key: true }
  parent_id: { type: bigint, references: parents, on_delete: cascade }
  other_id: { type: bigint, references: parents, on_delete: cascade }
  code: varchar(10)
indexes:
  - { name: idx_kids_code, columns: [code] }
  - { name: idx_kids_code_again, columns: [code] }
";

#[test]
fn without_waivers_the_findings_are_errors() {
    let codes: Vec<&str> = findings(KIDS).iter().map(|f| f.1).collect();
    assert_eq!(
        codes,
        ["duplicate-index", "unindexed-foreign-key", "unindexed-foreign-key"]
    );
}

#[test]
fn a_waiver_answers_its_object_only() {
    let waived = format!(
        "{KIDS}waive:
  - check: unindexed-foreign-key
    object: kids_parent_id_fkey
    reason: parents are never deleted; kids are read by id
  - check: duplicate-index
    object: idx_kids_code_again
    reason: built by another tool that expects its own name, dropped next release
"
    );
    assert_eq!(
        findings(&waived),
        [(
            Severity::Error,
            "unindexed-foreign-key",
            "foreign key `kids_other_id_fkey` on `kids`: `other_id` is not indexed".to_string()
        )]
    );
}

#[test]
fn an_index_that_duplicates_a_unique_constraint_can_be_waived() {
    let text = "table: tags
columns:
  id: { type: bigint, primary_key: true }
  name: { type: text, unique: true }
indexes:
  - { name: idx_tags_name, columns: [name], unique: true }
waive:
  - { check: duplicate-index, object: idx_tags_name, reason: the ORM looks the index up by this name }
";
    assert_eq!(findings(text), []);
}

#[test]
fn waivers_that_cannot_apply_are_reported() {
    let text = format!(
        "{KIDS}{}",
        "waive:
  - { check: duplicate-column, object: code, reason: no }
  - { check: unindexed-foreign-key, object: kids_other_id_fkey, reason: read by id }
  - { check: unindexed-foreign-key, object: kids_other_id_fkey, reason: twice }
  - { check: redundant-index, object: idx_kids_code, reason: measured }
"
    );
    let found = findings(&text);
    let listed: Vec<String> = found.iter().map(|(s, c, m)| format!("{s:?} {c}: {m}")).collect();
    assert_eq!(
        listed,
        [
            "Error invalid-waiver: waiver of `duplicate-column` for `code` on `kids`: `duplicate-column` is not a check that can be waived",
            "Error invalid-waiver: waiver of `unindexed-foreign-key` for `kids_other_id_fkey` on `kids` is written twice",
            "Error duplicate-index: index `idx_kids_code_again` duplicates index `idx_kids_code` on `kids`",
            "Error unindexed-foreign-key: foreign key `kids_parent_id_fkey` on `kids`: `parent_id` is not indexed",
            "Warning unused-waiver: waiver of `redundant-index` for `idx_kids_code` on `kids` answers nothing: the check finds nothing there",
        ],
        "{listed:#?}"
    );
}

#[test]
fn a_table_without_a_primary_key_cannot_be_waived() {
    let text = "table: events
columns:
  at: timestamptz
waive:
  - { check: missing-primary-key, object: events, reason: append-only }
";
    let codes: Vec<&str> = findings(text).iter().map(|f| f.1).collect();
    assert_eq!(codes, ["invalid-waiver", "missing-primary-key"]);
}

#[test]
fn an_unindexed_tenant_column_can_be_waived() {
    let text = "table: notes
tenant: tenant_id
columns:
  id: { type: bigint, primary_key: true }
  tenant_id: uuid
waive:
  - { check: unindexed-tenant-column, object: tenant_id, reason: 'a dozen rows per tenant, read whole' }
";
    assert_eq!(findings(text), []);
}

/// YAML refuses an empty `reason` as it reads the file; the rule itself stands for every source
/// (the derive's `reason = ""`).
#[test]
fn a_waiver_without_a_reason_answers_nothing() {
    let mut schema = schema(&format!(
        "{KIDS}waive:\n  - {{ check: duplicate-index, object: idx_kids_code_again, reason: x }}\n"
    ));
    schema.tables[1].waivers[0].reason = " ".into();
    let codes: Vec<&str> = listed(&schema).iter().map(|f| f.1).collect();
    assert!(codes.contains(&"invalid-waiver"), "{codes:?}");
    assert!(
        codes.contains(&"duplicate-index"),
        "a waiver without a reason waives nothing: {codes:?}"
    );
}
