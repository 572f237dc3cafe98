//! Declared functions and triggers: what changed between two schemas, as steps the planner
//! places. A function the tables call (in a default, check, generated column or index) is
//! created, or renamed, before the tables; the others (trigger functions, functions whose SQL
//! body reads the tables, which PostgreSQL checks when it creates them) after the tables and
//! before the triggers, as are new bodies (`CREATE OR REPLACE`). Functions are dropped after
//! everything else; triggers are dropped first and created once their table and function exist.
//!
//! A new body or new options is `CREATE OR REPLACE FUNCTION` (its down puts the old definition
//! back). What `CREATE OR REPLACE` cannot change (the result type, an argument's name, a default
//! taken away) drops the function and creates it again, which PostgreSQL refuses while anything
//! uses it: then it is refused here, with the way round. A trigger that changes is dropped and
//! created again, in the same transaction.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::{calls, Function, Lifecycle, Schema, Table, Trigger};

use super::Step;

#[derive(Default)]
pub(super) struct FunctionSteps {
    /// Before the tables: functions the tables call created, functions renamed (a function
    /// dropped to be created again, just before).
    pub creates: Vec<Step>,
    /// After the tables, before the triggers: the other functions created, and new bodies.
    pub late_creates: Vec<Step>,
    /// After everything: functions no longer declared.
    pub drops: Vec<Step>,
    /// First: triggers dropped or about to be created again.
    pub trigger_drops: Vec<Step>,
    /// With the other triggers, after the tables and indexes.
    pub trigger_creates: Vec<Step>,
}

/// `function` without what is not part of its definition (where it was, its previous name).
fn definition(function: &Function) -> Function {
    Function {
        renamed_from: None,
        ..function.clone()
    }
}

fn trigger_definition(trigger: &Trigger) -> Trigger {
    Trigger {
        renamed_from: None,
        ..trigger.clone()
    }
}

/// Whether anything of `schema` uses `function`: a trigger executing it, a default, check,
/// generated column, index expression or predicate calling it, or another function's body.
fn users(schema: &Schema, function: &Function) -> Vec<String> {
    let mut found = Vec::new();
    let called = |sql: &str| function.is_called_in(sql);
    for table in schema.owned_tables().filter(|t| t.lifecycle != Lifecycle::Purged) {
        for trigger in &table.triggers {
            if trigger.function == function.name {
                found.push(format!("trigger `{}` on `{}`", trigger.name, table.name));
            }
        }
        for column in &table.columns {
            let default = match &column.default {
                Some(crate::model::DefaultValue::Sql(expr)) => called(expr.as_str()),
                _ => false,
            };
            let generated = column.generated.as_ref().is_some_and(|g| called(g.expr.as_str()));
            if default || generated {
                found.push(format!("column `{}.{}`", table.name, column.name));
            }
        }
        for check in &table.checks {
            if called(check.expr.as_str()) {
                found.push(format!("check `{}`", check.name));
            }
        }
        for index in &table.indexes {
            let keys = index.columns.iter().any(|k| called(&k.to_string()));
            let predicate = index.predicate.as_ref().is_some_and(|p| called(p.as_str()));
            if keys || predicate {
                found.push(format!("index `{}`", index.name));
            }
        }
    }
    for other in schema.functions.iter().filter(|f| f.name != function.name) {
        if called(&other.body) {
            found.push(format!("function `{}`", other.name));
        }
    }
    found
}

/// Whether a table of `schema` calls `function`: a default, check, generated column, index key
/// or predicate (what must exist before the table does).
fn called_by_tables(schema: &Schema, function: &Function) -> bool {
    let mut users = users(schema, function);
    users.retain(|u| !u.starts_with("trigger ") && !u.starts_with("function "));
    !users.is_empty()
}

/// The old function `new` continues: the one of the same signature, or the one it was renamed
/// from (same arguments).
fn old_function_for<'a>(old: &'a Schema, new: &Function) -> Option<&'a Function> {
    let owned = |f: &&Function| !f.external;
    old.functions
        .iter()
        .filter(owned)
        .find(|f| f.signature() == new.signature())
        .or_else(|| {
            let from = new.renamed_from.as_deref()?;
            old.functions
                .iter()
                .filter(owned)
                .find(|f| f.name == from && f.argument_types() == new.argument_types())
        })
}

fn old_table_for<'a>(old: &'a Schema, table: &Table) -> Option<&'a Table> {
    old.table(&table.name)
        .filter(|t| t.lifecycle != Lifecycle::Purged)
        .or_else(|| old.table(table.renamed_from.as_deref()?))
        .filter(|t| !t.is_external() && t.lifecycle != Lifecycle::Purged)
}

pub(super) fn plan(old: &Schema, new: &Schema) -> Result<FunctionSteps, Vec<Diagnostic>> {
    let mut steps = FunctionSteps::default();
    let mut refused = Vec::new();
    let mut continued: BTreeSet<String> = BTreeSet::new();
    let mut created: Vec<&Function> = Vec::new();
    for function in new.functions.iter().filter(|f| !f.external) {
        let Some(before) = old_function_for(old, function) else {
            created.push(function);
            continue;
        };
        continued.insert(before.signature());
        let renamed = before.name != function.name;
        if renamed {
            steps.creates.push(Step::RenameFunction {
                function: definition(before).renamed(&function.name),
                from: before.name.clone(),
            });
        }
        let before = definition(before).renamed(&function.name);
        if before == definition(function) {
            continue;
        }
        if before.replaceable_by(function) {
            steps.late_creates.push(Step::ReplaceFunction {
                function: definition(function),
                before,
            });
            continue;
        }
        let used_by = users(old, &before);
        if renamed || !used_by.is_empty() {
            let why = if renamed {
                "renamed in the same change".to_string()
            } else {
                format!("used by {}", used_by.join(", "))
            };
            refused.push(
                Diagnostic::error(
                    "unsupported-change",
                    function.origin.key("returns"),
                    format!(
                        "function `{}` changes its result type, an argument's name or takes a default away, which means dropping it and creating it again, and it is {why}",
                        function.signature()
                    ),
                )
                .help("declare the new function under another name, move its users to it, and remove the old one in a later change"),
            );
            continue;
        }
        steps.creates.push(Step::DropFunction { function: before });
        steps.creates.push(Step::CreateFunction {
            function: definition(function),
        });
    }
    // A function whose body calls another one being created comes after it (PostgreSQL checks
    // the bodies of SQL functions when it creates them).
    let names: Vec<&str> = created.iter().map(|f| f.name.as_str()).collect();
    let mut ordered: Vec<&Function> = Vec::new();
    while ordered.len() < created.len() {
        let ready = created.iter().find(|f| {
            !ordered.iter().any(|o| o.signature() == f.signature())
                && calls(&f.body).iter().all(|called| {
                    called == &f.name || !names.contains(&called.as_str()) || ordered.iter().any(|o| &o.name == called)
                })
        });
        let next = ready.or_else(|| {
            created
                .iter()
                .find(|f| !ordered.iter().any(|o| o.signature() == f.signature()))
        });
        ordered.push(next.expect("one is left"));
    }
    // Those the tables call, and those these call, first.
    let mut early: BTreeSet<String> = ordered
        .iter()
        .filter(|f| called_by_tables(new, f))
        .map(|f| f.name.clone())
        .collect();
    loop {
        let more: Vec<String> = ordered
            .iter()
            .filter(|f| !early.contains(&f.name))
            .filter(|f| {
                ordered
                    .iter()
                    .any(|e| early.contains(&e.name) && f.is_called_in(&e.body))
            })
            .map(|f| f.name.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        early.extend(more);
    }
    for function in ordered {
        let step = Step::CreateFunction {
            function: definition(function),
        };
        if early.contains(&function.name) {
            steps.creates.push(step);
        } else {
            steps.late_creates.push(step);
        }
    }
    for function in old.functions.iter().filter(|f| !f.external) {
        if !continued.contains(&function.signature()) {
            steps.drops.push(Step::DropFunction {
                function: definition(function),
            });
        }
    }

    for table in new.owned_tables() {
        let before = old_table_for(old, table);
        let old_triggers: &[Trigger] = before.map_or(&[], |t| t.triggers.as_slice());
        let old_name = before.map_or(table.name.as_str(), |t| t.name.as_str());
        if table.lifecycle != Lifecycle::Live {
            // Out of use: its data is kept, but nothing fires on it any more.
            if before.is_some_and(|t| t.lifecycle == Lifecycle::Live) {
                for trigger in old_triggers {
                    steps.trigger_drops.push(Step::DropTrigger {
                        table: old_name.to_string(),
                        trigger: trigger_definition(trigger),
                    });
                }
            }
            continue;
        }
        let mut matched: BTreeSet<&str> = BTreeSet::new();
        for trigger in &table.triggers {
            let previous = old_triggers.iter().find(|t| t.name == trigger.name).or_else(|| {
                let from = trigger.renamed_from.as_deref()?;
                old_triggers.iter().find(|t| t.name == from)
            });
            let Some(previous) = previous else {
                steps.trigger_creates.push(Step::CreateTrigger {
                    table: table.name.clone(),
                    trigger: trigger_definition(trigger),
                });
                continue;
            };
            matched.insert(&previous.name);
            let renamed = previous.name != trigger.name;
            let same = trigger_definition(previous)
                == Trigger {
                    name: previous.name.clone(),
                    ..trigger_definition(trigger)
                };
            if same && renamed {
                steps.trigger_creates.push(Step::RenameTrigger {
                    table: table.name.clone(),
                    from: previous.name.clone(),
                    to: trigger.name.clone(),
                });
            } else if !same {
                steps.trigger_drops.push(Step::DropTrigger {
                    table: old_name.to_string(),
                    trigger: trigger_definition(previous),
                });
                steps.trigger_creates.push(Step::CreateTrigger {
                    table: table.name.clone(),
                    trigger: trigger_definition(trigger),
                });
            }
        }
        for trigger in old_triggers.iter().filter(|t| !matched.contains(t.name.as_str())) {
            steps.trigger_drops.push(Step::DropTrigger {
                table: old_name.to_string(),
                trigger: trigger_definition(trigger),
            });
        }
    }
    if refused.is_empty() {
        Ok(steps)
    } else {
        Err(refused)
    }
}

impl Function {
    fn renamed(mut self, name: &str) -> Function {
        self.name = name.to_string();
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::model::Schema;
    use crate::plan::plan;
    use crate::render::render;
    use crate::source::yaml::parse_schema_str;

    const TOUCH: &str = "function: touch_updated_at\nreturns: trigger\nlanguage: plpgsql\nbody: |\n  BEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\n  END;\n";
    const CODE: &str = "function: random_code\narguments: [{ name: len, type: integer, default: 8 }]\nreturns: text\nlanguage: sql\nvolatility: volatile\nbody: SELECT substr(md5(random()::text), 1, len)\n";

    fn lots(triggers: &str) -> String {
        format!(
            "table: lots\ncolumns:\n  id: {{ type: bigserial, primary_key: true }}\n  code: {{ type: text, default_sql: random_code(8) }}\n  qty: integer\n  updated_at: {{ type: timestamptz, nullable: true }}\ntriggers:\n{triggers}"
        )
    }

    fn schema(documents: &[&str]) -> Schema {
        let (mut schema, problems) = parse_schema_str(&documents.join("---\n"), None);
        assert!(problems.is_empty(), "{problems:?}");
        let problems = crate::check::check_schema(&schema, Dialect::Postgres);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        schema.resolve_references();
        schema
    }

    fn sql(old: &Schema, new: &Schema) -> (String, String) {
        let plan = plan(old, new, Dialect::Postgres).unwrap_or_else(|e| panic!("{e:?}"));
        let rendered = render(&plan, Dialect::Postgres);
        (
            rendered.iter().map(|m| m.up.clone()).collect(),
            rendered.iter().map(|m| m.down.clone()).collect(),
        )
    }

    const ROW: &str = "  - { name: lots_touch, timing: before, events: [update], update_of: [qty], when: OLD.qty IS DISTINCT FROM NEW.qty, execute: touch_updated_at() }\n";

    #[test]
    fn functions_come_before_the_tables_that_call_them_and_triggers_after() {
        let new = schema(&[&lots(ROW), TOUCH, CODE]);
        let (up, down) = sql(&Schema::default(), &new);
        let at = |what: &str| up.find(what).unwrap_or_else(|| panic!("no `{what}` in\n{up}"));
        assert!(
            at("CREATE FUNCTION \"random_code\"(\"len\" integer DEFAULT 8) RETURNS text") < at("CREATE TABLE \"lots\"")
        );
        // A trigger function (like a SQL function reading the tables) comes after the tables.
        let touch = at("CREATE FUNCTION \"touch_updated_at\"() RETURNS trigger\nLANGUAGE plpgsql\nAS $$\nBEGIN\n");
        assert!(
            touch > at("CREATE TABLE \"lots\"") && touch < at("CREATE TRIGGER"),
            "{up}"
        );
        assert!(
            up.contains("CREATE TRIGGER \"lots_touch\" BEFORE UPDATE OF \"qty\" ON \"lots\" FOR EACH ROW WHEN (OLD.qty IS DISTINCT FROM NEW.qty) EXECUTE FUNCTION \"touch_updated_at\"()"),
            "{up}"
        );
        assert!(at("CREATE TRIGGER") > at("CREATE TABLE"));
        let drop_table = down.find("DROP TABLE \"lots\"").expect("drops the table");
        assert!(
            down.find("DROP FUNCTION \"random_code\"(integer)").unwrap() > drop_table,
            "{down}"
        );
        assert!(
            !down.contains("DROP TRIGGER"),
            "the table takes its trigger with it:\n{down}"
        );
    }

    #[test]
    fn a_new_body_is_replaced_and_its_down_puts_the_old_one_back() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let changed = TOUCH.replace("now()", "clock_timestamp()");
        let new = schema(&[&lots(ROW), &changed, CODE]);
        let (up, down) = sql(&old, &new);
        assert!(
            up.contains("CREATE OR REPLACE FUNCTION \"touch_updated_at\"() RETURNS trigger"),
            "{up}"
        );
        assert!(up.contains("clock_timestamp()"), "{up}");
        assert!(
            down.contains("CREATE OR REPLACE FUNCTION \"touch_updated_at\"()"),
            "{down}"
        );
        assert!(
            down.contains("NEW.updated_at := now();") && !down.contains("clock_timestamp"),
            "{down}"
        );
        assert!(!up.contains("TRIGGER \"lots_touch\""), "the trigger stays:\n{up}");
    }

    #[test]
    fn a_result_type_change_of_a_used_function_is_refused() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let changed = CODE.replace("returns: text", "returns: varchar");
        let new = schema(&[&lots(ROW), TOUCH, &changed]);
        let refused = plan(&old, &new, Dialect::Postgres).unwrap_err();
        assert!(refused[0].message.contains("column `lots.code`"), "{refused:?}");
    }

    #[test]
    fn a_changed_trigger_is_dropped_and_created_again_and_renames_are_renames() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let new = schema(&[&lots(&ROW.replace("[qty]", "[qty, code]")), TOUCH, CODE]);
        let (up, down) = sql(&old, &new);
        let drop = up.find("DROP TRIGGER \"lots_touch\" ON \"lots\"").expect("dropped");
        assert!(up.find("UPDATE OF \"qty\", \"code\"").unwrap() > drop, "{up}");
        assert!(down.contains("BEFORE UPDATE OF \"qty\" ON"), "{down}");

        let renamed = ROW.replace("name: lots_touch", "name: lots_touch_qty, renamed_from: lots_touch");
        let new = schema(&[&lots(&renamed), TOUCH, CODE]);
        let (up, down) = sql(&old, &new);
        assert!(
            up.contains("ALTER TRIGGER \"lots_touch\" ON \"lots\" RENAME TO \"lots_touch_qty\""),
            "{up}"
        );
        assert!(
            down.contains("ALTER TRIGGER \"lots_touch_qty\" ON \"lots\" RENAME TO \"lots_touch\""),
            "{down}"
        );
        assert!(!up.contains("CREATE TRIGGER"), "{up}");
    }

    #[test]
    fn a_removed_function_is_dropped_after_its_trigger() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let new = schema(&[&lots(""), CODE]);
        let (up, down) = sql(&old, &new);
        assert!(
            up.find("DROP TRIGGER").unwrap() < up.find("DROP FUNCTION \"touch_updated_at\"()").unwrap(),
            "{up}"
        );
        assert!(
            down.find("CREATE FUNCTION \"touch_updated_at\"").unwrap() < down.find("CREATE TRIGGER").unwrap(),
            "{down}"
        );
    }

    #[test]
    fn a_sql_function_reading_a_new_table_is_created_after_it() {
        let total = "function: total_qty\nreturns: bigint\nlanguage: sql\nvolatility: stable\nbody: SELECT sum(qty) FROM lots\n";
        let new = schema(&[&lots(ROW), TOUCH, CODE, total]);
        let (up, _) = sql(&Schema::default(), &new);
        let at = |what: &str| up.find(what).unwrap_or_else(|| panic!("no `{what}` in\n{up}"));
        assert!(
            at("CREATE FUNCTION \"total_qty\"()") > at("CREATE TABLE \"lots\""),
            "{up}"
        );
        assert!(
            at("CREATE FUNCTION \"random_code\"") < at("CREATE TABLE \"lots\""),
            "{up}"
        );
    }

    #[test]
    fn a_renamed_function_is_renamed_and_its_trigger_follows() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let renamed = TOUCH.replace(
            "function: touch_updated_at",
            "function: touch_lot\nrenamed_from: touch_updated_at",
        );
        let new = schema(&[&lots(&ROW.replace("touch_updated_at()", "touch_lot()")), &renamed, CODE]);
        let (up, down) = sql(&old, &new);
        assert!(
            up.contains("ALTER FUNCTION \"touch_updated_at\"() RENAME TO \"touch_lot\""),
            "{up}"
        );
        assert!(!up.contains("CREATE FUNCTION") && !up.contains("DROP FUNCTION"), "{up}");
        assert!(
            up.contains("EXECUTE FUNCTION \"touch_lot\"()"),
            "the trigger names the new function:\n{up}"
        );
        assert!(
            down.contains("ALTER FUNCTION \"touch_lot\"() RENAME TO \"touch_updated_at\""),
            "{down}"
        );
    }

    #[test]
    fn a_dropped_table_loses_its_triggers() {
        let old = schema(&[&lots(ROW), TOUCH, CODE]);
        let dropped = lots(ROW).replace("table: lots\n", "table: lots\ndropped: true\n");
        let new = schema(&[&dropped, TOUCH, CODE]);
        let (up, down) = sql(&old, &new);
        let drop_trigger = up.find("DROP TRIGGER \"lots_touch\" ON \"lots\"").expect("dropped");
        assert!(drop_trigger < up.find("RENAME TO \"lots__dropped\"").unwrap(), "{up}");
        assert!(
            down.find("CREATE TRIGGER \"lots_touch\"").unwrap() > down.find("RENAME TO \"lots\"").unwrap(),
            "{down}"
        );
    }
}
