//! `CREATE POLICY name ON table [AS PERMISSIVE|RESTRICTIVE] [FOR command] [USING (expr)] [WITH
//! CHECK (expr)]`, as Tablewright writes one per tenant table. Each expression is read by
//! `expr.rs` when it has one of its shapes, otherwise by sqlparser alone (its tokens moved to
//! their place). `TO roles`, a comment or anything else leaves the statement to sqlparser.

use sqlparser::ast::{CreatePolicy, CreatePolicyCommand, CreatePolicyType, Statement};

use super::cursor::Cursor;
use super::expr::bracketed;

pub(super) fn create_policy(text: &str) -> Option<Statement> {
    if text.contains(['\\', '$']) || text.contains("--") || text.contains("/*") {
        return None;
    }
    let mut at = Cursor::new(text);
    at.keyword("CREATE")?;
    at.keyword("POLICY")?;
    at.blanks();
    let name = at.ident()?;
    at.keyword("ON")?;
    let table_name = at.object_name()?;
    let policy_type = match at.keyword("AS") {
        None => None,
        Some(_) if at.keyword("PERMISSIVE").is_some() => Some(CreatePolicyType::Permissive),
        Some(_) => {
            at.keyword("RESTRICTIVE")?;
            Some(CreatePolicyType::Restrictive)
        }
    };
    let command = match at.keyword("FOR") {
        None => None,
        Some(_) => Some(
            [
                ("ALL", CreatePolicyCommand::All),
                ("SELECT", CreatePolicyCommand::Select),
                ("INSERT", CreatePolicyCommand::Insert),
                ("UPDATE", CreatePolicyCommand::Update),
                ("DELETE", CreatePolicyCommand::Delete),
            ]
            .into_iter()
            .find_map(|(word, command)| at.keyword(word).map(|_| command))?,
        ),
    };
    let using = match at.keyword("USING") {
        Some(_) => Some(bracketed(&mut at)?),
        None => None,
    };
    let with_check = match at.keyword("WITH") {
        Some(_) => {
            at.keyword("CHECK")?;
            Some(bracketed(&mut at)?)
        }
        None => None,
    };
    at.end()?;
    Some(Statement::CreatePolicy(CreatePolicy {
        name,
        table_name,
        policy_type,
        command,
        to: None,
        using,
        with_check,
    }))
}
