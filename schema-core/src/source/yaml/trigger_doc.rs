//! `triggers:` of a table document, read and lowered into [`crate::model::Trigger`]s.

use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

use super::node::{Node, Seg};
use super::read::{Fields, Reader};
use super::shape::Shape;
use crate::diagnostic::Diagnostic;
use crate::model::{parse_execute, ForEach, Origin, Trigger, TriggerEvent, TriggerTiming};
use crate::sql::SqlExpr;

/// A trigger on the table (PostgreSQL): when it fires, and the function it executes.
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct TriggerDoc {
    pub name: String,
    /// `before`, `after` or `instead_of`.
    pub timing: String,
    /// Any of `insert`, `update`, `delete`, `truncate`.
    pub events: Vec<String>,
    /// Fire on `update` only when one of these columns is set (`UPDATE OF a, b`).
    pub update_of: Option<Vec<String>>,
    /// `row` (the default) or `statement`.
    pub for_each: Option<String>,
    /// A SQL condition on `OLD` and `NEW` (row triggers): `WHEN (...)`.
    pub when: Option<String>,
    /// Transition tables of an AFTER trigger: `{ old_table: gone, new_table: added }`.
    pub referencing: Option<ReferencingDoc>,
    /// The function and its arguments: `audit_rows('lots')`.
    pub execute: String,
    pub comment: Option<String>,
    /// The trigger's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
}

#[derive(Debug, Default)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
pub struct ReferencingDoc {
    pub old_table: Option<String>,
    pub new_table: Option<String>,
}

pub static TRIGGER: Shape = Shape {
    keys: &[
        "name",
        "timing",
        "events",
        "update_of",
        "for_each",
        "when",
        "referencing",
        "execute",
        "comment",
        "renamed_from",
    ],
    docs: "triggers",
    example: "- { name: lots_touch, timing: before, events: [update], execute: touch_updated_at() }",
};

pub static REFERENCING: Shape = Shape {
    keys: &["old_table", "new_table"],
    docs: "triggers",
    example: "referencing: { new_table: added }",
};

impl Reader {
    pub(super) fn trigger(&mut self, fields: Fields) -> Option<TriggerDoc> {
        let name = self.required_text(&fields, "name");
        let timing = self.required_text(&fields, "timing");
        let events = self.required_texts(&fields, "events");
        let execute = self.required_text(&fields, "execute");
        let referencing = match fields.get("referencing").filter(|n| !n.is_null()) {
            Some(node) => {
                let what = format!("`referencing` of {}", fields.what);
                self.fields(node, what, &REFERENCING).map(|r| ReferencingDoc {
                    old_table: self.text(&r, "old_table"),
                    new_table: self.text(&r, "new_table"),
                })
            }
            None => None,
        };
        Some(TriggerDoc {
            update_of: self.texts(&fields, "update_of"),
            for_each: self.text(&fields, "for_each"),
            when: self.text(&fields, "when"),
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
            referencing,
            name: name?,
            timing: timing?,
            events: events?,
            execute: execute?,
        })
    }
}

/// Lowers the `triggers:` of the table document `root`.
pub(super) fn lower_triggers(
    docs: Vec<TriggerDoc>,
    root: &Node,
    file: Option<Arc<PathBuf>>,
) -> (Vec<Trigger>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut triggers = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let path = |k: &str| vec![Seg::Key("triggers".into()), Seg::Index(i), Seg::Key(k.into())];
        let at = |k: Option<&str>| {
            let full = match k {
                Some(k) => path(k),
                None => path("")[..2].to_vec(),
            };
            let (line, column) = root.find(&full);
            Origin::yaml(file.clone(), line, column)
        };
        let mut origin = at(None);
        for k in TRIGGER.keys {
            if root.get(&path(k)).is_some() {
                origin.set_key(k, at(Some(k)));
            }
        }
        let mut error = |key: &str, message: String, help: &str| {
            problems.push(Diagnostic::error("invalid-value", &at(Some(key)), message).help(help));
        };
        let timing = TriggerTiming::parse(&doc.timing);
        if timing.is_none() {
            error(
                "timing",
                format!("`{}` is not when a trigger fires", doc.timing),
                "use one of: before, after, instead_of",
            );
        }
        let for_each = match &doc.for_each {
            None => Some(ForEach::Row),
            Some(text) => {
                let parsed = ForEach::parse(text);
                if parsed.is_none() {
                    error(
                        "for_each",
                        format!("`{text}` is not what a trigger fires for"),
                        "use `row` or `statement`",
                    );
                }
                parsed
            }
        };
        let mut events = Vec::new();
        for text in &doc.events {
            match TriggerEvent::parse(text) {
                Some(event) if events.contains(&event) => error(
                    "events",
                    format!("event `{text}` of trigger `{}` is listed twice", doc.name),
                    "list each event once",
                ),
                Some(event) => events.push(event),
                None => error(
                    "events",
                    format!("`{text}` is not a trigger event"),
                    "use any of: insert, update, delete, truncate (columns of an update go in `update_of`)",
                ),
            }
        }
        if doc.events.is_empty() {
            error(
                "events",
                format!("trigger `{}` has no events", doc.name),
                "list what it fires on, e.g. `events: [insert, update]`",
            );
        }
        if let Some(columns) = doc.update_of {
            match events.iter_mut().find(|e| matches!(e, TriggerEvent::Update { .. })) {
                Some(TriggerEvent::Update { columns: of }) => *of = columns,
                _ => error(
                    "update_of",
                    format!("trigger `{}` has `update_of` but does not fire on update", doc.name),
                    "add `update` to `events`, or remove `update_of`",
                ),
            }
        }
        let when = doc.when.as_deref().and_then(|text| match SqlExpr::parse(text) {
            Ok(expr) => Some(expr),
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        "invalid-expression",
                        &at(Some("when")),
                        format!("the WHEN of trigger `{}` `{text}`: {e}", doc.name),
                    )
                    .help("write one SQL condition on OLD and NEW, e.g. `OLD.qty IS DISTINCT FROM NEW.qty`"),
                );
                None
            }
        });
        let execute = match parse_execute(&doc.execute) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        "invalid-value",
                        &at(Some("execute")),
                        format!("`execute: {}` of trigger `{}`: {e}", doc.execute, doc.name),
                    )
                    .help("write the function's name and its arguments as strings: `audit_rows('lots')`"),
                );
                None
            }
        };
        let (Some(timing), Some(for_each), Some((function, arguments))) = (timing, for_each, execute) else {
            continue;
        };
        let referencing = doc.referencing.unwrap_or_default();
        triggers.push(Trigger {
            name: doc.name,
            timing,
            events,
            for_each,
            when,
            old_table: referencing.old_table,
            new_table: referencing.new_table,
            function,
            arguments,
            comment: doc.comment,
            renamed_from: doc.renamed_from,
            origin,
        });
    }
    (triggers, problems)
}
