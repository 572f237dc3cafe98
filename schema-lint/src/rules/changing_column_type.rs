//! A column type change on a table that exists before the migration.
//!
//! PostgreSQL rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, unless the
//! change is binary-coercible (`varchar(n)` to a longer `varchar` or to `text`, `numeric(p, s)` to
//! a larger precision with the same scale). MySQL's `MODIFY`/`CHANGE COLUMN` copies the table
//! (writes blocked) unless it can change it in place; with `ALGORITHM=INPLACE` or `INSTANT` it
//! refuses instead of copying, and is not reported. When the linted migrations show the old
//! type, the changes that rewrite nothing (and MySQL's restatements of the same type, which only
//! change a comment or a default) are not reported.

use sqlparser::ast::{AlterColumnOperation, AlterTableAlgorithm, AlterTableOperation};
use tablewright_core::Dialect;

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

const HELP: &str = "expand and contract: add a column of the new type, backfill it in batches, deploy code that uses it, then drop the old column in a later migration";

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let table = plain(&alter.name);
        let (column, data_type) = match operation {
            AlterTableOperation::AlterColumn {
                column_name,
                op: AlterColumnOperation::SetDataType { data_type, .. },
            } => (column_name, data_type),
            AlterTableOperation::ModifyColumn {
                col_name, data_type, ..
            } => (col_name, data_type),
            AlterTableOperation::ChangeColumn {
                old_name, data_type, ..
            } => (old_name, data_type),
            _ => continue,
        };
        // MySQL refuses an ALGORITHM=INPLACE or INSTANT change it cannot make in place.
        let in_place = alter.operations.iter().any(|o| {
            matches!(
                o,
                AlterTableOperation::Algorithm {
                    algorithm: AlterTableAlgorithm::Inplace | AlterTableAlgorithm::Instant,
                    ..
                }
            )
        });
        if m.dialect == Dialect::Mysql && in_place {
            continue;
        }
        if rewrites_nothing(m, s, alter, column, data_type) || utc_timestamptz(m, s, operation) {
            continue;
        }
        let data_type = data_type.to_string().to_lowercase();
        let old = m
            .old_types
            .get(&(s.index, m.key(&alter.name), m.ident(column)))
            .map(|t| t.to_lowercase());
        let from = old.map(|old| format!(" from {old}")).unwrap_or_default();
        let message = match m.dialect {
            Dialect::Mysql => format!(
                "changing `{table}.{}`{from} to {data_type} copies `{table}` unless MySQL can do it in place (ALGORITHM=COPY blocks writes until the copy is done)",
                column.value
            ),
            _ if from.is_empty() => format!(
                "changing the type of `{table}.{}` to {data_type} rewrites `{table}` and rebuilds its indexes under ACCESS EXCLUSIVE: reads and writes wait until it is done (only binary-coercible changes, such as varchar(n) to a longer varchar or to text, skip the rewrite)",
                column.value
            ),
            _ => format!(
                "changing the type of `{table}.{}`{from} to {data_type} rewrites `{table}` and rebuilds its indexes under ACCESS EXCLUSIVE: reads and writes wait until it is done",
                column.value
            ),
        };
        hits.push(Hit::new(s, message, HELP).at(m.locate_ident(s, column)));
    }
    hits
}

/// Whether the linted migrations show the column's old type and the change rewrites nothing:
/// the same type restated, or (PostgreSQL) a binary-coercible change.
pub(super) fn rewrites_nothing(
    m: &Migration,
    s: &crate::parse::Stmt,
    alter: &sqlparser::ast::AlterTable,
    column: &sqlparser::ast::Ident,
    data_type: &sqlparser::ast::DataType,
) -> bool {
    let data_type = data_type.to_string().to_lowercase();
    let Some(old) = m.old_types.get(&(s.index, m.key(&alter.name), m.ident(column))) else {
        return false;
    };
    let old = old.to_lowercase();
    normalize(&old) == normalize(&data_type) || (m.dialect == Dialect::Postgres && binary_coercible(&old, &data_type))
}

/// `timestamp` to `timestamptz` (no `USING`) after the migration set the session's time zone to
/// UTC: PostgreSQL 12+ then knows the stored values do not change and skips the rewrite.
pub(super) fn utc_timestamptz(m: &Migration, s: &crate::parse::Stmt, operation: &AlterTableOperation) -> bool {
    let AlterTableOperation::AlterColumn {
        column_name,
        op: AlterColumnOperation::SetDataType {
            data_type, using: None, ..
        },
    } = operation
    else {
        return false;
    };
    let new = normalize(&data_type.to_string());
    if m.dialect != Dialect::Postgres || !(new == "timestamptz" || new == "timestampwithtimezone") {
        return false;
    }
    // The old type, when known, is a timestamp without time zone.
    let old_ok = match m
        .old_types
        .iter()
        .find(|((at, _, c), _)| *at == s.index && *c == m.ident(column_name))
    {
        Some((_, old)) => {
            let old = normalize(old);
            old == "timestamp" || old == "timestampwithouttimezone"
        }
        None => true,
    };
    old_ok && m.statements[..s.index].iter().any(sets_utc)
}

/// `SET [LOCAL] timezone = 'UTC'` or `SET TIME ZONE 'UTC'`.
fn sets_utc(s: &crate::parse::Stmt) -> bool {
    use sqlparser::ast::{Set, Statement};
    let utc = |e: &sqlparser::ast::Expr| {
        crate::expr::string_literal(e)
            .is_some_and(|v| ["utc", "etc/utc", "z", "gmt"].contains(&v.to_lowercase().as_str()))
    };
    match s.ast() {
        Some(Statement::Set(Set::SingleAssignment { variable, values, .. })) => {
            crate::context::plain(variable).eq_ignore_ascii_case("timezone") && values.first().is_some_and(utc)
        }
        Some(Statement::Set(Set::SetTimeZone { value, .. })) => utc(value),
        _ => false,
    }
}

/// A type without spaces, with PostgreSQL's synonyms folded: `character varying(20)` is
/// `varchar(20)`, `decimal` is `numeric`.
fn normalize(ty: &str) -> String {
    let compact: String = ty.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace("charactervarying", "varchar")
        .replace("decimal", "numeric")
        .replace("int4", "integer")
        .replace("int8", "bigint")
}

/// `varchar(20)` -> ("varchar", [20]); `timestamp(3) with time zone` -> ("timestamptz", [3]).
fn split(ty: &str) -> (String, Vec<u64>) {
    let mut ty = normalize(ty);
    for (zone, tz) in [("withouttimezone", ""), ("withtimezone", "tz")] {
        if let Some(rest) = ty.strip_suffix(zone) {
            ty = match rest.split_once('(') {
                Some((base, params)) => format!("{base}{tz}({params}"),
                None => format!("{rest}{tz}"),
            };
            break;
        }
    }
    match ty.split_once('(') {
        Some((base, rest)) => {
            let params = rest
                .trim_end_matches(')')
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            (base.to_string(), params)
        }
        None => (ty, Vec::new()),
    }
}

/// Changes PostgreSQL makes without rewriting the table.
fn binary_coercible(old: &str, new: &str) -> bool {
    let ((old_base, old_params), (new_base, new_params)) = (split(old), split(new));
    match (old_base.as_str(), new_base.as_str()) {
        ("varchar", "text") | ("text", "varchar") if new_params.is_empty() => true,
        ("varchar", "text") => true,
        ("varchar", "varchar") | ("varbit", "varbit") | ("bitvarying", "bitvarying") => {
            new_params.is_empty() || (old_params.len() == 1 && new_params[0] >= old_params[0])
        }
        // PostgreSQL's `timestamp_support`: the values cannot change when the new precision is
        // none, 6, or at least the old one.
        ("timestamp", "timestamp") | ("timestamptz", "timestamptz") | ("time", "time") | ("timetz", "timetz") => {
            new_params.is_empty() || new_params == [6] || (old_params.len() == 1 && new_params[0] >= old_params[0])
        }
        ("numeric", "numeric") => {
            new_params.is_empty()
                || (old_params.len() == 2
                    && new_params.len() == 2
                    && new_params[0] >= old_params[0]
                    && new_params[1] == old_params[1])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::binary_coercible;

    #[test]
    fn changes_without_a_rewrite() {
        assert!(binary_coercible("VARCHAR(100)", "varchar(200)"));
        assert!(binary_coercible("character varying(100)", "text"));
        assert!(binary_coercible("varchar(100)", "varchar"));
        assert!(binary_coercible("text", "varchar"));
        assert!(binary_coercible("numeric(10,2)", "numeric(12, 2)"));
        assert!(!binary_coercible("varchar(200)", "varchar(100)"));
        assert!(!binary_coercible("numeric(10,2)", "numeric(12,3)"));
        assert!(!binary_coercible("integer", "bigint"));
        assert!(!binary_coercible("text", "varchar(20)"));
        assert!(binary_coercible("timestamp", "timestamp(6)"));
        assert!(binary_coercible("timestamptz(3)", "timestamptz(6)"));
        assert!(binary_coercible("timestamp(3) with time zone", "timestamptz"));
        assert!(binary_coercible("time(0)", "time(2)"));
        assert!(!binary_coercible("timestamp", "timestamp(3)"));
        assert!(!binary_coercible("timestamptz(6)", "timestamptz(3)"));
        assert!(!binary_coercible("timestamp(3)", "timestamptz(3)"));
    }
}
