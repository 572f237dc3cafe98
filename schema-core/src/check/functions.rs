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
    // Built only for a schema that declares functions: three names a column otherwise, for nothing.
    let generated = if schema.functions.is_empty() {
        HashMap::new()
    } else {
        generated_function_names(schema)
    };
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

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::source::yaml::parse_schema_str;

    const TOUCH: &str = "function: touch\nreturns: trigger\nlanguage: plpgsql\nbody: BEGIN RETURN NEW; END;\n---\n";

    /// The codes and messages of every problem of `text` (reading and checks) on `dialect`.
    fn problems(text: &str, dialect: Dialect) -> Vec<String> {
        let (schema, mut found) = parse_schema_str(text, None);
        found.extend(crate::check::check_schema(&schema, dialect));
        found
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}:{} {}", d.code, d.origin.line, d.origin.column, d.message))
            .collect()
    }

    fn table(triggers: &str) -> String {
        format!("{TOUCH}table: lots\ncolumns:\n  id: {{ type: integer, primary_key: true }}\n  qty: integer\n  stamp: {{ type: timestamptz, set_on_update: true }}\ntriggers:\n{triggers}")
    }

    #[test]
    fn a_declared_trigger_and_its_function_pass() {
        let text = table("  - { name: lots_touch, timing: before, events: [update], update_of: [qty], when: OLD.qty <> NEW.qty, execute: touch() }\n");
        assert_eq!(problems(&text, Dialect::Postgres), Vec::<String>::new());
    }

    #[test]
    fn what_postgres_would_refuse_is_refused_at_its_key() {
        let cases = [
            ("{ name: a, timing: after, events: [insert], execute: missing() }", "unknown-function trigger `a` on `lots` executes `missing()`, which the schema does not declare"),
            ("{ name: a, timing: after, events: [update], update_of: [nope], execute: touch() }", "unknown-column `update_of` of trigger `a` on `lots` names `nope`"),
            ("{ name: a, timing: before, events: [insert], for_each: statement, referencing: { new_table: n }, execute: touch() }", "invalid-trigger trigger `a` on `lots` has transition tables (`referencing`) but fires before"),
            ("{ name: a, timing: after, events: [insert, update], referencing: { new_table: n }, execute: touch() }", "invalid-trigger trigger `a` on `lots` has transition tables and fires on several events"),
            ("{ name: a, timing: after, events: [delete], referencing: { new_table: n }, execute: touch() }", "invalid-trigger trigger `a` on `lots` has `new_table`, which only an insert or an update has"),
            ("{ name: a, timing: after, events: [truncate], execute: touch() }", "invalid-trigger trigger `a` on `lots` fires on truncate for each row"),
            ("{ name: a, timing: after, events: [insert], for_each: statement, when: NEW.qty > 0, execute: touch() }", "invalid-trigger the WHEN of trigger `a` on `lots` reads OLD or NEW"),
            ("{ name: a, timing: instead_of, events: [insert], execute: touch() }", "invalid-trigger trigger `a` on `lots` is `instead_of`"),
            ("{ name: lots_stamp, timing: after, events: [insert], execute: touch() }", "duplicate-name trigger name `lots_stamp` on `lots` is already used by a trigger of the same table"),
            ("{ name: a, timing: later, events: [insert], execute: touch() }", "invalid-value `later` is not when a trigger fires"),
            ("{ name: a, timing: after, events: [insert], update_of: [qty], execute: touch() }", "invalid-value trigger `a` has `update_of` but does not fire on update"),
            ("{ name: a, timing: after, events: [insert], execute: touch }", "invalid-value `execute: touch` of trigger `a`: it has no argument list"),
            ("{ name: a, timing: after, events: [upsert], execute: touch() }", "invalid-value `upsert` is not a trigger event"),
        ];
        for (trigger, expected) in cases {
            let found: Vec<String> = problems(&table(&format!("  - {trigger}\n")), Dialect::Postgres)
                .into_iter()
                .map(|p| {
                    // Every finding is on the trigger's line, at the element or its key.
                    let (code, rest) = p.split_once(' ').unwrap();
                    let (at, message) = rest.split_once(' ').unwrap();
                    assert!(at.starts_with("12:"), "{p}");
                    format!("{code} {message}")
                })
                .collect();
            assert!(
                found.len() == 1 && found[0].starts_with(expected),
                "{trigger}:\nexpected {expected}\nfound {found:#?}"
            );
        }
    }

    #[test]
    fn a_trigger_function_must_return_trigger_and_have_no_arguments() {
        let text = "function: f\narguments: [integer]\nreturns: integer\nlanguage: sql\nbody: SELECT 1\n---\n\
                    function: g\narguments: [integer]\nreturns: trigger\nlanguage: sql\nbody: SELECT 1\n---\n\
                    table: t\ncolumns:\n  id: { type: integer, primary_key: true }\ntriggers:\n  - { name: t_f, timing: after, events: [insert], execute: f() }\n";
        let found = problems(text, Dialect::Postgres);
        assert!(found.iter().any(|p| p.starts_with("invalid-trigger 17:51 trigger `t_f` on `t` executes `f()`, which returns nothing without arguments, not trigger")), "{found:#?}");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("invalid-function 8:1 trigger function `g` declares arguments")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("invalid-function 10:1 trigger function `g` is in `sql`")),
            "{found:#?}"
        );
    }

    #[test]
    fn names_taken_twice_or_by_tablewright_are_refused() {
        let text = "function: f\nreturns: integer\nlanguage: sql\nbody: SELECT 1\n---\nfunction: f\nreturns: integer\nlanguage: sql\nbody: SELECT 2\n---\n\
                    function: lots_set_stamp\nreturns: trigger\nlanguage: plpgsql\nbody: BEGIN RETURN NEW; END;\n---\n\
                    table: lots\ncolumns:\n  id: { type: integer, primary_key: true }\n  stamp: { type: timestamptz, set_on_update: true }\n";
        let found = problems(text, Dialect::Postgres);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("duplicate-name 6:1 function `f()` is declared twice")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with(
                "duplicate-name 11:1 function name `lots_set_stamp` is the function of `set_on_update` of `lots.stamp`"
            )),
            "{found:#?}"
        );
    }

    #[test]
    fn sqlite_and_mysql_refuse_functions_and_triggers_but_accept_external_functions() {
        let text = table("  - { name: a, timing: after, events: [insert], execute: touch() }\n");
        for dialect in [Dialect::Sqlite, Dialect::Mysql] {
            let found = problems(&text, dialect);
            assert_eq!(found.len(), 2, "{found:#?}");
            assert!(
                found
                    .iter()
                    .any(|p| p.starts_with("unsupported-feature 1:1 function `touch` is a PostgreSQL function")),
                "{found:#?}"
            );
            assert!(
                found
                    .iter()
                    .any(|p| p
                        .starts_with("unsupported-feature 12:5 trigger `a` on `lots` executes a PostgreSQL function")),
                "{found:#?}"
            );
        }
        let external = "function: lower\nreturns: text\nexternal: true\n";
        assert!(problems(external, Dialect::Sqlite).is_empty());
    }

    #[test]
    fn a_document_is_of_one_kind() {
        let found = problems("function: f\ntable: t\nreturns: text\n", Dialect::Postgres);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("invalid-value 1:1 this document is `table:` and `function:`"),
            "{found:#?}"
        );
        let found = problems("function: f\nreturns: text\n", Dialect::Postgres);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("missing-key 1:1 function `f` has no `language`")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("missing-key 1:1 function `f` has no `body`")),
            "{found:#?}"
        );
    }
}
