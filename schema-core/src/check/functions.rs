//! Declared functions and triggers: what PostgreSQL would refuse when the migration runs is
//! refused here, with the line: a trigger executing a function nobody declares or one that does
//! not return `trigger`, `update_of` columns that do not exist, transition tables where they
//! cannot be, names taken twice or by Tablewright's own triggers' functions; and both on MySQL
//! and SQLite, whose triggers are written in another language (see docs/yaml.md#triggers).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{naming, ForEach, Schema, Table, TriggerEvent, TriggerTiming};

/// The rules that need the table alone (they run in the derive too).
pub fn table(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    if table.is_external() {
        return;
    }
    if let Some(dialect) = dialect.filter(|d| *d != Dialect::Postgres) {
        for trigger in &table.triggers {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &trigger.origin,
                    format!(
                        "trigger `{}` on `{}` executes a PostgreSQL function, and {dialect} triggers carry their body in their own dialect",
                        trigger.name, table.name
                    ),
                )
                .help(format!(
                    "remove the trigger from the schema and write it in a migration of its own for {dialect}, or target postgres (docs/yaml.md#triggers)"
                )),
            );
        }
        return;
    }
    for trigger in &table.triggers {
        let at = |key: &str| trigger.origin.key(key);
        let mut refuse = |code: &'static str, key: &str, message: String, help: &str| {
            found.push(Diagnostic::error(code, at(key), message).help(help));
        };
        let what = format!("trigger `{}` on `{}`", trigger.name, table.name);
        for column in trigger.update_columns() {
            if table.live_columns().all(|c| c.name != *column) {
                refuse(
                    "unknown-column",
                    "update_of",
                    format!(
                        "`update_of` of {what} names `{column}`, which is not a column of `{}`",
                        table.name
                    ),
                    "name columns of the table",
                );
            }
        }
        if trigger.timing == TriggerTiming::InsteadOf {
            refuse(
                "invalid-trigger",
                "timing",
                format!("{what} is `instead_of`, which PostgreSQL allows on views only"),
                "use `before` or `after`",
            );
        }
        let statement = trigger.for_each == ForEach::Statement;
        if trigger.events.contains(&TriggerEvent::Truncate) && !statement {
            refuse(
                "invalid-trigger",
                "for_each",
                format!("{what} fires on truncate for each row, and a TRUNCATE has no rows"),
                "use `for_each: statement`, or a trigger of its own for truncate",
            );
        }
        if statement {
            if let Some(when) = &trigger.when {
                if when
                    .words()
                    .any(|w| w.eq_ignore_ascii_case("old") || w.eq_ignore_ascii_case("new"))
                {
                    refuse(
                        "invalid-trigger",
                        "when",
                        format!("the WHEN of {what} reads OLD or NEW, which a statement-level trigger has not"),
                        "use `for_each: row`, or test the rows in the function through transition tables",
                    );
                }
            }
        }
        if trigger.old_table.is_some() || trigger.new_table.is_some() {
            let can_see = |event: fn(&TriggerEvent) -> bool| trigger.events.iter().any(event);
            if trigger.timing != TriggerTiming::After {
                refuse(
                    "invalid-trigger",
                    "referencing",
                    format!(
                        "{what} has transition tables (`referencing`) but fires {}; PostgreSQL gives them to AFTER triggers only",
                        trigger.timing.word()
                    ),
                    "make it `timing: after`, or remove `referencing`",
                );
            } else if !trigger.update_columns().is_empty() {
                refuse(
                    "invalid-trigger",
                    "referencing",
                    format!("{what} has transition tables and `update_of`, which PostgreSQL refuses together"),
                    "remove `update_of` (test the columns in the function), or remove `referencing`",
                );
            } else if trigger.events.len() > 1 {
                refuse(
                    "invalid-trigger",
                    "referencing",
                    format!("{what} has transition tables and fires on several events, which PostgreSQL refuses"),
                    "declare one trigger per event, each with its transition tables",
                );
            } else if trigger.events.contains(&TriggerEvent::Truncate) {
                refuse(
                    "invalid-trigger",
                    "referencing",
                    format!("{what} has transition tables on truncate, which has no rows to show"),
                    "remove `referencing`",
                );
            } else {
                if trigger.old_table.is_some()
                    && !can_see(|e| matches!(e, TriggerEvent::Update { .. } | TriggerEvent::Delete))
                {
                    refuse(
                        "invalid-trigger",
                        "referencing",
                        format!("{what} has `old_table`, which only an update or a delete has"),
                        "remove `old_table`, or fire on update or delete",
                    );
                }
                if trigger.new_table.is_some()
                    && !can_see(|e| matches!(e, TriggerEvent::Update { .. } | TriggerEvent::Insert))
                {
                    refuse(
                        "invalid-trigger",
                        "referencing",
                        format!("{what} has `new_table`, which only an insert or an update has"),
                        "remove `new_table`, or fire on insert or update",
                    );
                }
                if trigger.old_table.is_some() && trigger.old_table == trigger.new_table {
                    refuse(
                        "invalid-trigger",
                        "referencing",
                        format!("{what} gives its old and new transition tables one name"),
                        "give each its own name",
                    );
                }
            }
        }
    }
}

/// The names Tablewright's own triggers give their functions, with the table and column: a
/// declared function may not take one (its migration would drop or replace it).
fn generated_function_names(schema: &Schema) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for table in schema.owned_tables() {
        for column in &table.columns {
            let t = &table.name;
            let c = &column.name;
            if column.set_on_update {
                names.insert(
                    naming::update_trigger_function(t, c),
                    format!("the function of `set_on_update` of `{t}.{c}`"),
                );
            }
            names.insert(
                naming::retype_trigger_function(t, c),
                format!("the function a type change of `{t}.{c}` uses"),
            );
            names.insert(
                format!("{t}_fill_{c}"),
                format!("the function that fills `{t}.{c}` while it becomes NOT NULL"),
            );
        }
    }
    names
}

/// The rules that need the whole schema.
pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    if dialect != Dialect::Postgres {
        for function in schema.functions.iter().filter(|f| !f.external) {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &function.origin,
                    format!("function `{}` is a PostgreSQL function, and {dialect} has no such functions to create", function.name),
                )
                .help("remove it, declare it `external: true` if the database has it already, or target postgres (docs/yaml.md#functions)"),
            );
        }
        return;
    }
    let generated = generated_function_names(schema);
    let mut seen: HashMap<String, &crate::model::Function> = HashMap::new();
    for function in &schema.functions {
        let signature = function.signature();
        if let Some(first) = seen.insert(signature.clone(), function) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    function.origin.key("function"),
                    format!("function `{signature}` is declared twice"),
                )
                .help(format!("keep one declaration (the first is at {})", first.origin)),
            );
        }
        if !crate::check::names::is_valid_identifier(&function.name) {
            found.push(
                Diagnostic::error(
                    "invalid-identifier",
                    function.origin.key("function"),
                    format!(
                        "function name `{}` is not a plain identifier",
                        function.name.escape_debug()
                    ),
                )
                .help("use letters, digits and underscores, starting with a letter or underscore"),
            );
        } else if function.name.len() > 63 {
            found.push(
                Diagnostic::error(
                    "identifier-too-long",
                    function.origin.key("function"),
                    format!(
                        "function name `{}` is {} bytes, over the 63 PostgreSQL keeps",
                        function.name,
                        function.name.len()
                    ),
                )
                .help("choose a shorter name"),
            );
        }
        if let Some(whose) = generated.get(&function.name) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    function.origin.key("function"),
                    format!(
                        "function name `{}` is {whose}, which Tablewright creates and drops",
                        function.name
                    ),
                )
                .help("give the function another name"),
            );
        }
        if function.external {
            continue;
        }
        if function.returns_trigger() {
            if !function.arguments.is_empty() {
                found.push(
                    Diagnostic::error(
                        "invalid-function",
                        function.origin.key("arguments"),
                        format!(
                            "trigger function `{}` declares arguments, which PostgreSQL refuses",
                            function.name
                        ),
                    )
                    .help("remove `arguments`: a trigger passes its arguments in TG_ARGV (`execute: f('a', 'b')`)"),
                );
            }
            if function.language == "sql" {
                found.push(
                    Diagnostic::error(
                        "invalid-function",
                        function.origin.key("language"),
                        format!(
                            "trigger function `{}` is in `sql`, which cannot return trigger",
                            function.name
                        ),
                    )
                    .help("write it in `plpgsql`"),
                );
            }
        }
    }
    for table in schema.owned_tables().filter(|t| t.is_live()) {
        for trigger in &table.triggers {
            let what = format!("trigger `{}` on `{}`", trigger.name, table.name);
            let candidates: Vec<_> = schema.functions.iter().filter(|f| f.name == trigger.function).collect();
            match candidates.as_slice() {
                [] => found.push(
                    Diagnostic::error(
                        "unknown-function",
                        trigger.origin.key("execute"),
                        format!("{what} executes `{}()`, which the schema does not declare", trigger.function),
                    )
                    .help(format!(
                        "declare it in a document `function: {}` with `returns: trigger`, or with `external: true` if the database has it already",
                        trigger.function
                    )),
                ),
                functions => {
                    let trigger_function = functions.iter().find(|f| f.arguments.is_empty());
                    match trigger_function {
                        Some(f) if f.returns_trigger() => {}
                        _ => found.push(
                            Diagnostic::error(
                                "invalid-trigger",
                                trigger.origin.key("execute"),
                                format!(
                                    "{what} executes `{}()`, which returns {}, not trigger",
                                    trigger.function,
                                    trigger_function.map_or("nothing without arguments", |f| f.returns.as_str())
                                ),
                            )
                            .help(format!(
                                "declare `{}` with `returns: trigger` and no arguments (a trigger's arguments arrive in TG_ARGV)",
                                trigger.function
                            )),
                        ),
                    }
                }
            }
        }
    }
}
