//! `#[table(trigger(...))]`: a declared trigger (PostgreSQL), with the keys of the YAML format's
//! `triggers:` entries. The function it executes is declared in a YAML `function:` document
//! beside the structs (the derive declares tables only).

use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

use super::{ident_list, string, unknown_key, value_span};
use crate::model::{parse_execute, ForEach, Trigger, TriggerEvent, TriggerTiming};
use crate::source::decl::TableDecl;
use crate::source::rust::Ctx;
use crate::sql::SqlExpr;

const FORM: &str = "#[table(trigger(name = \"lots_touch\", timing = \"before\", events = \"insert, update\", execute = \"touch_updated_at()\"))]";

const KEYS: &[&str] = &[
    "name",
    "timing",
    "events",
    "update_of",
    "for_each",
    "when",
    "old_table",
    "new_table",
    "execute",
    "comment",
    "renamed_from",
];

// trigger(name = "...", timing = "before" | "after", events = "insert, update, delete, truncate",
//         update_of(qty, price), for_each = "row" | "statement", when = "OLD.qty <> NEW.qty",
//         old_table = "gone", new_table = "added", execute = "f('arg')", comment = "...",
//         renamed_from = "old_name")
pub(super) fn trigger(ctx: &mut Ctx, meta: &ParseNestedMeta, decl: &mut TableDecl) -> syn::Result<()> {
    let mut origin = ctx.origin(meta.path.span());
    let (mut name, mut timing, mut events, mut execute) = (None, None, None, None);
    let mut for_each = ForEach::Row;
    let (mut update_of, mut when, mut old_table, mut new_table) = (Vec::new(), None, None, None);
    let (mut comment, mut renamed_from) = (None, None);
    let mut reported = false;
    meta.parse_nested_meta(|inner| {
        let key = KEYS.iter().find(|k| inner.path.is_ident(k));
        let Some(key) = key else {
            return Err(unknown_key(&inner, "table(trigger", KEYS));
        };
        origin.set_key(key, ctx.origin(value_span(&inner)));
        if *key == "update_of" {
            update_of = ident_list(&inner, "#[table(trigger(..., events = \"update\", update_of(qty, price)))]")?;
            return Ok(());
        }
        let lit = string(&inner, FORM)?;
        let value = lit.value();
        let mut invalid = |message: String| {
            ctx.error(syn::Error::new(lit.span(), message));
            reported = true;
        };
        match *key {
            "name" => name = Some(value),
            "timing" => match TriggerTiming::parse(&value) {
                Some(t) => timing = Some(t),
                None => invalid(format!("`{value}` is not when a trigger fires; use \"before\" or \"after\"")),
            },
            "events" => {
                let mut parsed = Vec::new();
                for word in value.split(',').map(str::trim) {
                    match TriggerEvent::parse(word) {
                        Some(event) if !parsed.contains(&event) => parsed.push(event),
                        _ => invalid(format!(
                            "`{word}` is not a trigger event (or is repeated); use any of: insert, update, delete, truncate"
                        )),
                    }
                }
                events = Some(parsed);
            }
            "for_each" => match ForEach::parse(&value) {
                Some(f) => for_each = f,
                None => invalid(format!("`{value}` is not what a trigger fires for; use \"row\" or \"statement\"")),
            },
            "when" => match SqlExpr::parse(&value) {
                Ok(expr) => when = Some(expr),
                Err(e) => invalid(format!("invalid SQL condition: {e}")),
            },
            "old_table" => old_table = Some(value),
            "new_table" => new_table = Some(value),
            "execute" => match parse_execute(&value) {
                Ok(parsed) => execute = Some(parsed),
                Err(e) => invalid(format!("`execute = \"{value}\"` is not a call like \"audit_rows('lots')\": {e}")),
            },
            "comment" => comment = Some(value),
            _ => renamed_from = Some(value),
        }
        Ok(())
    })?;
    if reported {
        return Ok(());
    }
    let (Some(name), Some(timing), Some(mut events), Some((function, arguments))) = (name, timing, events, execute)
    else {
        return Err(meta.error(format!(
            "trigger needs `name`, `timing`, `events` and `execute`; the correct form looks like `{FORM}`"
        )));
    };
    if !update_of.is_empty() {
        match events.iter_mut().find(|e| matches!(e, TriggerEvent::Update { .. })) {
            Some(TriggerEvent::Update { columns }) => *columns = update_of,
            _ => return Err(meta.error("`update_of` needs the `update` event: `events = \"update\", update_of(qty)`")),
        }
    }
    decl.triggers.push(Trigger {
        name,
        timing,
        events,
        for_each,
        when,
        old_table,
        new_table,
        function,
        arguments,
        comment,
        renamed_from,
        origin,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use crate::diagnostic::Diagnostics;
    use crate::source::rust::parse_struct;
    use crate::source::yaml::parse_str;

    /// The same trigger written as a struct attribute and in YAML is the same model.
    #[test]
    fn a_trigger_is_the_same_in_both_sources() {
        let parsed = parse_struct(
            &parse_quote! {
                #[table(trigger(name = "lots_touch", timing = "before", events = "insert, update", update_of(qty),
                                when = "NEW.qty IS DISTINCT FROM OLD.qty", execute = "touch_lot('qty', 'it''s')",
                                comment = "Counts changes"),
                        trigger(name = "lots_batch", timing = "after", events = "insert", for_each = "statement",
                                new_table = "added", execute = "batch()"))]
                struct Lot {
                    #[column(primary_key)]
                    id: i32,
                    qty: i32,
                }
            },
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
        let (tables, problems) = parse_str(
            "table: lots\ncolumns:\n  id: { type: integer, primary_key: true }\n  qty: integer\ntriggers:\n\
             - { name: lots_touch, timing: before, events: [insert, update], update_of: [qty], when: NEW.qty IS DISTINCT FROM OLD.qty, execute: \"touch_lot('qty', 'it''s')\", comment: Counts changes }\n\
             - { name: lots_batch, timing: after, events: [insert], for_each: statement, referencing: { new_table: added }, execute: batch() }\n",
            None,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(parsed.table.triggers, tables[0].triggers);
        assert_eq!(parsed.table.triggers[0].arguments, vec!["qty", "it's"]);
    }

    #[test]
    fn a_trigger_without_its_keys_says_the_form() {
        let error = parse_struct(
            &parse_quote! {
                #[table(trigger(name = "lots_touch", timing = "before"))]
                struct Lot {
                    #[column(primary_key)]
                    id: i32,
                }
            },
            None,
        )
        .err()
        .expect("refused");
        assert!(
            error
                .to_string()
                .starts_with("trigger needs `name`, `timing`, `events` and `execute`"),
            "{error}"
        );
    }
}
