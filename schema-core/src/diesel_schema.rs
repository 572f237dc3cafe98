//! diesel `table!` definitions from the model: the derive emits one per struct, the build script
//! writes one file with every YAML table plus `joinable!` and
//! `allow_tables_to_appear_in_same_query!`.
//!
//! The SQL type of some columns depends on the database (`uuid` is `Uuid` on PostgreSQL and
//! `Text` elsewhere), which is why the dialect is an input.

use std::fmt::Write;

use crate::dialect::Dialect;
use crate::model::{Column, ColumnType, Origin, Schema, Table};

/// A column whose diesel type cannot be chosen.
#[derive(Clone, Debug)]
pub struct TypeProblem {
    pub origin: Origin,
    pub message: String,
}

/// The diesel SQL type path for a column.
pub fn diesel_type(column: &Column, dialect: Option<Dialect>) -> Result<String, TypeProblem> {
    let base = match &column.diesel_type {
        Some(path) => path.clone(),
        None => format!(
            "::diesel::sql_types::{}",
            sql_type_name(column.ty, dialect).map_err(|message| TypeProblem {
                origin: column.origin.key("type").clone(),
                message: format!("column `{}`: {message}", column.name),
            })?
        ),
    };
    Ok(if column.nullable {
        format!("::diesel::sql_types::Nullable<{base}>")
    } else {
        base
    })
}

fn sql_type_name(ty: ColumnType, dialect: Option<Dialect>) -> Result<&'static str, String> {
    use ColumnType as T;
    use Dialect as D;
    Ok(match (ty, dialect) {
        (T::SmallInt, _) => "SmallInt",
        (T::Integer | T::Serial, _) => "Integer",
        (T::BigInt | T::BigSerial, _) => "BigInt",
        (T::Boolean, _) => "Bool",
        (T::Text, _) => "Text",
        (T::Varchar(_), _) => "Varchar",
        (T::Numeric(_), _) => "Numeric",
        (T::Real, _) => "Float",
        (T::Double, _) => "Double",
        (T::Date, _) => "Date",
        (T::Time, _) => "Time",
        (T::Timestamp, _) => "Timestamp",
        (T::Binary, _) => "Binary",
        (T::Json, Some(_)) => "Json",
        (T::Timestamptz, Some(D::Postgres)) => "Timestamptz",
        (T::Timestamptz, Some(D::Sqlite)) => "TimestamptzSqlite",
        (T::Timestamptz, Some(D::Mysql)) => "Timestamp",
        (T::Uuid, Some(D::Postgres)) => "Uuid",
        (T::Uuid, Some(D::Sqlite | D::Mysql)) => "Text",
        (T::Jsonb, Some(D::Postgres | D::Sqlite)) => "Jsonb",
        (T::Jsonb, Some(D::Mysql)) => "Json",
        (T::Json | T::Timestamptz | T::Uuid | T::Jsonb, None) => {
            return Err(format!(
                "the diesel type of `{ty}` depends on the database; set the dialect in build.rs (`tablewright_build::Builder::dialect`) or with #[table(dialect = \"postgres\")]"
            ))
        }
    })
}

/// Rust keywords cannot name a `table!` module or column; those get `#[sql_name]` and a
/// trailing underscore.
fn rust_name(name: &str) -> (String, bool) {
    let reserved = syn::parse_str::<syn::Ident>(name).is_err()
        || name == "self"
        || name == "crate"
        || name == "super"
        || name == "Self";
    if reserved {
        (format!("{name}_"), true)
    } else {
        (name.to_string(), false)
    }
}

/// The `table!` invocation for one table, as source text.
pub fn table_macro(table: &Table, dialect: Option<Dialect>) -> Result<String, Vec<TypeProblem>> {
    let pk = table.primary_key.as_ref().ok_or_else(|| {
        vec![TypeProblem {
            origin: table.origin.clone(),
            message: format!("table `{}` needs a primary key for diesel's table!", table.name),
        }]
    })?;
    let mut out = String::new();
    let mut problems = Vec::new();
    out.push_str("::diesel::table! {\n");
    if let Some(comment) = &table.comment {
        let _ = writeln!(out, "    #[doc = {comment:?}]");
    }
    let (module, renamed) = rust_name(&table.name);
    if renamed {
        let _ = writeln!(out, "    #[sql_name = {:?}]", table.name);
    }
    let columns_of = |name: &str| {
        let (ident, _) = column_ident(table, name);
        ident
    };
    let keys = pk.columns.iter().map(|c| columns_of(c)).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "    {module} ({keys}) {{");
    // Dropped columns are gone for the application.
    for column in table.live_columns() {
        match diesel_type(column, dialect) {
            Ok(ty) => {
                if let Some(comment) = &column.comment {
                    let _ = writeln!(out, "        #[doc = {comment:?}]");
                }
                let (ident, renamed) = column_ident(table, &column.name);
                if renamed {
                    let _ = writeln!(out, "        #[sql_name = {:?}]", column.name);
                }
                let _ = writeln!(out, "        {ident} -> {ty},");
            }
            Err(problem) => problems.push(problem),
        }
    }
    out.push_str("    }\n}\n");
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// diesel refuses a column named like its table; such a column is renamed in Rust only.
fn column_ident(table: &Table, column: &str) -> (String, bool) {
    let (ident, renamed) = rust_name(column);
    if ident == rust_name(&table.name).0 {
        (format!("{ident}_"), true)
    } else {
        (ident, renamed)
    }
}

/// One file with the `table!` of every table in `schema`, and the macros that let them join.
pub fn schema_file(schema: &Schema, dialect: Dialect) -> Result<String, Vec<TypeProblem>> {
    let mut out = String::from("// @generated by tablewright-build from the schema. Do not edit.\n\n");
    let mut problems = Vec::new();
    for table in schema.tables.iter().filter(|t| t.is_live()) {
        match table_macro(table, Some(dialect)) {
            Ok(text) => {
                out.push_str(&text);
                out.push('\n');
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    // diesel allows one joinable! per pair of tables.
    let mut pairs = Vec::new();
    for table in schema.tables.iter().filter(|t| t.is_live()) {
        for fk in table
            .foreign_keys
            .iter()
            .filter(|fk| fk.columns.len() == 1 && fk.references.table != table.name)
        {
            let pair = (table.name.clone(), fk.references.table.clone());
            if schema.table(&pair.1).is_some() && !pairs.iter().any(|(p, _): &((String, String), String)| *p == pair) {
                pairs.push((pair, fk.columns[0].clone()));
            } else {
                pairs.retain(|(p, _)| *p != pair);
            }
        }
    }
    for ((child, parent), column) in &pairs {
        let _ = writeln!(
            out,
            "::diesel::joinable!({} -> {} ({}));",
            rust_name(child).0,
            rust_name(parent).0,
            column_ident(schema.table(child).expect("child exists"), column).0
        );
    }
    if schema.tables.len() > 1 {
        let names = schema
            .tables
            .iter()
            .map(|t| rust_name(&t.name).0)
            .collect::<Vec<_>>()
            .join(",\n    ");
        let _ = write!(
            out,
            "\n::diesel::allow_tables_to_appear_in_same_query!(\n    {names},\n);\n"
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
