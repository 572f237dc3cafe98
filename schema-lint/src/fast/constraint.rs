//! A named table constraint as Tablewright writes one: `CONSTRAINT name PRIMARY KEY (columns)`,
//! `UNIQUE (columns)`, `CHECK (expr)` or `FOREIGN KEY (columns) REFERENCES table (columns) [ON
//! DELETE action] [ON UPDATE action]`, with nothing after. Anything else gives `None`.

use sqlparser::ast::{
    CheckConstraint, Expr, ForeignKeyConstraint, Ident, IndexColumn, KeyOrIndexDisplay, NullsDistinctOption,
    OrderByExpr, OrderByOptions, PrimaryKeyConstraint, ReferentialAction, TableConstraint, UniqueConstraint,
};
use sqlparser::tokenizer::Location;

use super::cursor::{is_keyword, Cursor};
use super::expr::bracketed;

pub(super) fn table_constraint(text: &str, start: Location) -> Option<TableConstraint> {
    let mut at = Cursor::starting_at(text, start);
    at.keyword("CONSTRAINT")?;
    at.blanks();
    let name = Some(at.ident()?);
    let constraint = if at.keyword("PRIMARY").is_some() {
        at.keyword("KEY")?;
        PrimaryKeyConstraint {
            name,
            index_name: None,
            index_type: None,
            columns: index_columns(names(&mut at)?),
            include: Vec::new(),
            index_options: Vec::new(),
            characteristics: None,
        }
        .into()
    } else if at.keyword("UNIQUE").is_some() {
        UniqueConstraint {
            name,
            index_name: None,
            index_type_display: KeyOrIndexDisplay::None,
            index_type: None,
            columns: index_columns(names(&mut at)?),
            include: Vec::new(),
            index_options: Vec::new(),
            characteristics: None,
            nulls_distinct: NullsDistinctOption::None,
        }
        .into()
    } else if at.keyword("CHECK").is_some() {
        CheckConstraint {
            name,
            expr: Box::new(bracketed(&mut at)?),
            no_inherit: false,
            enforced: None,
        }
        .into()
    } else {
        at.keyword("FOREIGN")?;
        at.keyword("KEY")?;
        let columns = names(&mut at)?;
        at.keyword("REFERENCES")?;
        let foreign_table = at.object_name()?;
        let referred_columns = names(&mut at)?;
        let on_delete = on(&mut at, "DELETE")?;
        let on_update = on(&mut at, "UPDATE")?;
        ForeignKeyConstraint {
            name,
            index_name: None,
            columns,
            foreign_table,
            referred_columns,
            on_delete,
            on_update,
            match_kind: None,
            characteristics: None,
        }
        .into()
    };
    at.end()?;
    Some(constraint)
}

/// `(name, ...)`: names quoted, or plain ones that are not keywords.
fn names(at: &mut Cursor) -> Option<Vec<Ident>> {
    at.blanks();
    at.punctuation('(')?;
    let mut names = Vec::new();
    loop {
        at.blanks();
        let name = at.ident()?;
        if name.quote_style.is_none() && is_keyword(&name.value) {
            return None;
        }
        names.push(name);
        at.blanks();
        if at.punctuation(',').is_none() {
            at.punctuation(')')?;
            return Some(names);
        }
    }
}

fn index_columns(names: Vec<Ident>) -> Vec<IndexColumn> {
    names
        .into_iter()
        .map(|name| IndexColumn {
            column: OrderByExpr {
                expr: Expr::Identifier(name),
                options: OrderByOptions {
                    sort: None,
                    nulls_first: None,
                },
                with_fill: None,
            },
            operator_class: None,
        })
        .collect()
}

/// `[ON event action]`: `Some(None)` when absent, `None` when unreadable.
fn on(at: &mut Cursor, event: &str) -> Option<Option<ReferentialAction>> {
    if at.keyword("ON").is_none() {
        return Some(None);
    }
    // `ON UPDATE` alone, where `ON DELETE` comes first: sqlparser's.
    at.keyword(event)?;
    let action = if at.keyword("RESTRICT").is_some() {
        ReferentialAction::Restrict
    } else if at.keyword("CASCADE").is_some() {
        ReferentialAction::Cascade
    } else if at.keyword("NO").is_some() {
        at.keyword("ACTION")?;
        ReferentialAction::NoAction
    } else {
        at.keyword("SET")?;
        if at.keyword("NULL").is_some() {
            ReferentialAction::SetNull
        } else {
            at.keyword("DEFAULT")?;
            ReferentialAction::SetDefault
        }
    };
    Some(Some(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constraints Tablewright writes are read here, not by sqlparser.
    #[test]
    fn generated_constraints_take_the_fast_way() {
        for text in [
            "CONSTRAINT \"t0001_pkey\" PRIMARY KEY (\"id\")",
            "CONSTRAINT \"t0001_tenant_id_code_key\" UNIQUE (\"tenant_id\", \"code\")",
            "CONSTRAINT \"t0001_quantity_check\" CHECK (quantity >= 0)",
            "CONSTRAINT \"t0001_parent_id_fkey\" FOREIGN KEY (\"parent_id\") REFERENCES \"t0000\" (\"id\") ON DELETE RESTRICT",
        ] {
            assert!(table_constraint(text, Location::new(9, 5)).is_some(), "{text}");
        }
    }
}
