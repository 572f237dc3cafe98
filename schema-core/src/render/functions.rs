//! Declared functions and triggers, in PostgreSQL's SQL (the checks refuse them on MySQL and
//! SQLite). Names go through the dialect's quoting; types, bodies and conditions are SQL the
//! schema wrote, put in as written (a body between dollar quotes that it cannot contain).

use crate::dialect::Dialect;
use crate::model::{Function, Trigger, TriggerEvent};
use crate::plan::Step;
use crate::sql::quote;

fn ident(name: &str) -> String {
    quote::ident(Dialect::Postgres, name)
}

fn literal(value: &str) -> String {
    quote::literal(Dialect::Postgres, value)
}

/// The statements of a function or trigger step; `None` for any other step.
pub(super) fn statements(step: &Step) -> Option<Vec<String>> {
    Some(match step {
        Step::CreateFunction { function } => create_function(function, false, None),
        Step::ReplaceFunction { function, before } => create_function(function, true, Some(before)),
        Step::DropFunction { function } => vec![format!(
            "DROP FUNCTION {}({})",
            ident(&function.name),
            function.argument_types()
        )],
        Step::RenameFunction { function, from } => vec![format!(
            "ALTER FUNCTION {}({}) RENAME TO {}",
            ident(from),
            function.argument_types(),
            ident(&function.name)
        )],
        Step::CreateTrigger { table, trigger } => create_trigger(table, trigger),
        Step::DropTrigger { table, trigger } => {
            vec![format!("DROP TRIGGER {} ON {}", ident(&trigger.name), ident(table))]
        }
        Step::RenameTrigger { table, from, to } => vec![format!(
            "ALTER TRIGGER {} ON {} RENAME TO {}",
            ident(from),
            ident(table),
            ident(to)
        )],
        _ => return None,
    })
}

/// A dollar quote the body does not contain: `$$`, else `$body$`, `$body1$`, ...
fn dollar_quote(body: &str) -> String {
    if !body.contains("$$") {
        return "$$".into();
    }
    (0..)
        .map(|n| {
            if n == 0 {
                "$body$".to_string()
            } else {
                format!("$body{n}$")
            }
        })
        .find(|tag| !body.contains(tag.as_str()))
        .expect("some tag is free")
}

/// `CREATE [OR REPLACE] FUNCTION`, and its comment: set when created with one, and on a replace
/// whenever it differs from `before`'s (replacing keeps the old comment otherwise).
fn create_function(function: &Function, replace: bool, before: Option<&Function>) -> Vec<String> {
    let arguments: Vec<String> = function
        .arguments
        .iter()
        .map(|a| {
            let mut text = match &a.name {
                Some(name) => format!("{} {}", ident(name), a.ty.trim()),
                None => a.ty.trim().to_string(),
            };
            if let Some(default) = &a.default {
                text.push_str(&format!(" DEFAULT {}", default.trim()));
            }
            text
        })
        .collect();
    let mut options = format!("LANGUAGE {}", function.language);
    if !function.volatility.is_volatile() {
        options.push(' ');
        options.push_str(function.volatility.sql());
    }
    if function.strict {
        options.push_str(" STRICT");
    }
    if function.security_definer {
        options.push_str(" SECURITY DEFINER");
    }
    for (name, value) in &function.set {
        options.push_str(&format!("\nSET {} = {}", ident(name), setting_value(value)));
    }
    let body = function.body.trim_end_matches('\n');
    let quote = dollar_quote(body);
    let mut statements = vec![format!(
        "CREATE {}FUNCTION {}({}) RETURNS {}\n{options}\nAS {quote}\n{body}\n{quote}",
        if replace { "OR REPLACE " } else { "" },
        ident(&function.name),
        arguments.join(", "),
        function.returns.trim(),
    )];
    let comment_changed = match before {
        Some(before) => before.comment != function.comment,
        None => function.comment.is_some(),
    };
    if comment_changed {
        statements.push(format!(
            "COMMENT ON FUNCTION {}({}) IS {}",
            ident(&function.name),
            function.argument_types(),
            function.comment.as_deref().map_or("NULL".to_string(), literal)
        ));
    }
    statements
}

/// A setting's value as `SET` takes it: each name of a list (`public, pg_temp`) quoted as a
/// string, so the database keeps the list as written.
fn setting_value(value: &str) -> String {
    value
        .split(',')
        .map(|part| literal(part.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_trigger(table: &str, trigger: &Trigger) -> Vec<String> {
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Update { columns } if !columns.is_empty() => format!(
                "UPDATE OF {}",
                columns.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", ")
            ),
            other => other.word().to_ascii_uppercase(),
        })
        .collect();
    let mut sql = format!(
        "CREATE TRIGGER {} {} {} ON {}",
        ident(&trigger.name),
        trigger.timing.sql(),
        events.join(" OR "),
        ident(table)
    );
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        sql.push_str(" REFERENCING");
        if let Some(old) = &trigger.old_table {
            sql.push_str(&format!(" OLD TABLE AS {}", ident(old)));
        }
        if let Some(new) = &trigger.new_table {
            sql.push_str(&format!(" NEW TABLE AS {}", ident(new)));
        }
    }
    sql.push_str(&format!(" FOR EACH {}", trigger.for_each.sql()));
    if let Some(when) = &trigger.when {
        sql.push_str(&format!(" WHEN ({})", when.as_str()));
    }
    let arguments: Vec<String> = trigger.arguments.iter().map(|a| literal(a)).collect();
    sql.push_str(&format!(
        " EXECUTE FUNCTION {}({})",
        ident(&trigger.function),
        arguments.join(", ")
    ));
    let mut statements = vec![sql];
    if let Some(comment) = &trigger.comment {
        statements.push(format!(
            "COMMENT ON TRIGGER {} ON {} IS {}",
            ident(&trigger.name),
            ident(table),
            literal(comment)
        ));
    }
    statements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dollar_quote_is_one_the_body_does_not_hold() {
        assert_eq!(dollar_quote("SELECT 1"), "$$");
        assert_eq!(dollar_quote("SELECT $$x$$"), "$body$");
        assert_eq!(dollar_quote("$$ $body$"), "$body1$");
    }

    #[test]
    fn a_search_path_keeps_its_names_one_by_one() {
        assert_eq!(setting_value("public, pg_temp"), "'public', 'pg_temp'");
    }
}
