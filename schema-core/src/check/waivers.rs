//! Waivers: a table answers a check's finding about one of its objects on purpose, with a reason
//! (as the linter's `-- tablewright-lint: ignore rule (reason)` comments do for SQL). Only rules
//! whose finding is a practice, not a fact the database or Tablewright depends on, can be waived:
//! the others describe a schema that cannot be built as written (a table without a primary key,
//! for one, has no diesel `table!`).

use crate::diagnostic::Diagnostic;
use crate::model::{Schema, Table, Waiver};

/// The checks a table may waive, with the object a waiver names for each.
pub const WAIVABLE: &[(&str, &str)] = &[
    (
        "duplicate-index",
        "the index (or unique constraint) that duplicates another",
    ),
    ("redundant-index", "the narrower index"),
    ("fk-without-on-delete", "the foreign key"),
    ("unindexed-foreign-key", "the foreign key"),
    ("unindexed-tenant-column", "the tenant column"),
    ("tenant-without-isolation", "the table"),
];

fn waivable(check: &str) -> bool {
    WAIVABLE.iter().any(|(code, _)| *code == check)
}

/// A waiver that can answer findings: of a waivable check, with a reason.
fn valid(waiver: &Waiver) -> bool {
    waivable(&waiver.check) && !waiver.reason.trim().is_empty()
}

/// Whether `diagnostic` is answered by a waiver of `table`.
fn answers(waiver: &Waiver, table: &Table, diagnostic: &Diagnostic) -> bool {
    diagnostic.code == waiver.check
        && diagnostic
            .subject
            .as_ref()
            .is_some_and(|(t, object)| *t == table.name && *object == waiver.object)
}

/// The waivers themselves: a check that cannot be waived (or does not exist), no reason, or the
/// same object waived twice.
pub fn table(table: &Table, found: &mut Vec<Diagnostic>) {
    for (i, waiver) in table.waivers.iter().enumerate() {
        let what = format!(
            "waiver of `{}` for `{}` on `{}`",
            waiver.check, waiver.object, table.name
        );
        if !waivable(&waiver.check) {
            let codes: Vec<&str> = WAIVABLE.iter().map(|(c, _)| *c).collect();
            found.push(
                Diagnostic::error(
                    "invalid-waiver",
                    &waiver.origin,
                    format!("{what}: `{}` is not a check that can be waived", waiver.check),
                )
                .help(format!(
                    "the checks that can be waived: {}; the others describe a schema that cannot be built as written (docs/checks.md#waivers)",
                    codes.join(", ")
                )),
            );
        }
        if waiver.reason.trim().is_empty() {
            found.push(
                Diagnostic::error("invalid-waiver", &waiver.origin, format!("{what} gives no reason")).help(format!(
                    "say why the finding does not apply here: {}",
                    waiver.origin.spell("reason: ...", "reason = \"...\"")
                )),
            );
        }
        if table.waivers[..i]
            .iter()
            .any(|w| w.check == waiver.check && w.object == waiver.object)
        {
            found.push(
                Diagnostic::error("invalid-waiver", &waiver.origin, format!("{what} is written twice"))
                    .help("keep one of them"),
            );
        }
    }
}

/// Takes out the findings a table waives.
pub fn apply(tables: &[&Table], found: &mut Vec<Diagnostic>) {
    found.retain(|d| {
        !tables
            .iter()
            .any(|t| t.waivers.iter().any(|w| valid(w) && answers(w, t, d)))
    });
}

/// Waivers that answered nothing: the finding was fixed, or the object is misnamed. Runs on the
/// findings of the whole schema, before [`apply`] removes the waived ones.
pub fn unused(schema: &Schema, found: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut unused = Vec::new();
    for table in &schema.tables {
        for waiver in table.waivers.iter().filter(|w| valid(w)) {
            if !found.iter().any(|d| answers(waiver, table, d)) {
                unused.push(
                    Diagnostic::warning(
                        "unused-waiver",
                        &waiver.origin,
                        format!(
                            "waiver of `{}` for `{}` on `{}` answers nothing: the check finds nothing there",
                            waiver.check, waiver.object, table.name
                        ),
                    )
                    .help("remove it if the finding was fixed; otherwise name the object as the finding does"),
                );
            }
        }
    }
    unused
}
