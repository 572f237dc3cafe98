//! diesel `table!` definitions from the model, and the relations between them: the derive emits
//! one `table!` per struct, the build script writes one file with every YAML table; the
//! `joinable!` and `allow_tables_to_appear_in_same_query!` that a hand-kept `schema.rs` would have
//! come from the [`TableMap`] the build script writes for the whole schema.
//!
//! The SQL type of some columns depends on the database (`uuid` is `Uuid` on PostgreSQL and
//! `Text` elsewhere), which is why the dialect is an input.

mod doc_text;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;
use crate::model::{backup_name, Column, ColumnType, Lifecycle, Origin, Schema, Table};
use doc_text::doc_text;

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

fn sql_type_name(ty: ColumnType, dialect: Option<Dialect>) -> Result<String, String> {
    use ColumnType as T;
    use Dialect as D;
    Ok(match (ty, dialect) {
        (T::Array(element), _) => format!("Array<::diesel::sql_types::{}>", sql_type_name(*element, dialect)?),
        (T::Postgres(pg), _) => match pg.diesel_name() {
            Some(name) => name.into(),
            None => {
                return Err(format!(
                    "diesel has no SQL type for `{ty}`; name one with `diesel_type` (e.g. `diesel_full_text_search::Tsvector` for tsvector, or a type of your own made with `#[derive(diesel::sql_types::SqlType)]` and `#[diesel(postgres_type(name = \"{}\"))]`)",
                    pg.catalog_name()
                ))
            }
        },
        (T::Named(name), _) => {
            return Err(format!(
                "`{name}` is a declared type, which diesel does not know; name its SQL type with `diesel_type` (for an enum or a composite type, a type of your own made with `#[derive(diesel::sql_types::SqlType)]` and `#[diesel(postgres_type(name = \"{name}\"))]`, or `::diesel::sql_types::Text` on MySQL and SQLite; for a domain or `citext`, its base type's, e.g. `::diesel::sql_types::Text`)"
            ))
        }
        (T::UnboundedVarchar, _) => "Varchar".into(),
        (T::Char(_), Some(D::Postgres)) => "Bpchar".into(),
        (T::Char(_), _) => "Char".into(),
        other => simple_sql_type_name(other.0, other.1)?.into(),
    })
}

fn simple_sql_type_name(ty: ColumnType, dialect: Option<Dialect>) -> Result<&'static str, String> {
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
        (T::Time(_), _) => "Time",
        (T::Timestamp(_), _) => "Timestamp",
        (T::Binary, _) => "Binary",
        (T::Json, Some(_)) => "Json",
        (T::Timestamptz(_), Some(D::Postgres)) => "Timestamptz",
        (T::Timestamptz(_), Some(D::Sqlite)) => "TimestamptzSqlite",
        (T::Timestamptz(_), Some(D::Mysql)) => "Timestamp",
        (T::Uuid, Some(D::Postgres)) => "Uuid",
        (T::Uuid, Some(D::Sqlite | D::Mysql)) => "Text",
        (T::Jsonb, Some(D::Postgres | D::Sqlite)) => "Jsonb",
        (T::Jsonb, Some(D::Mysql)) => "Json",
        (T::Json | T::Timestamptz(_) | T::Uuid | T::Jsonb, None) => {
            return Err(format!(
                "the diesel type of `{ty}` depends on the database; set the dialect in build.rs (`tablewright_build::Builder::dialect`) or with #[table(dialect = \"postgres\")]"
            ))
        }
        (T::UnboundedVarchar | T::Char(_) | T::Postgres(_) | T::Array(_) | T::Named(_), _) => {
            unreachable!("`sql_type_name` names these")
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
///
/// A dropped column stays in it under its own Rust name, with `#[sql_name]` pointing at the
/// column that keeps its values (`<column>__dropped`, nullable: rows inserted from now on leave
/// it out), so a struct deriving diesel's `Queryable` or `Selectable` keeps compiling until the
/// column is purged. A purged column is gone from the database and from `table!`.
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
        let _ = writeln!(out, "    #[doc = {:?}]", doc_text(comment));
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
    for column in table.columns.iter().filter(|c| c.lifecycle != Lifecycle::Purged) {
        let dropped = column.lifecycle == Lifecycle::Dropped;
        let kept = Column {
            nullable: column.nullable || dropped,
            ..column.clone()
        };
        match diesel_type(&kept, dialect) {
            Ok(ty) => {
                if let Some(comment) = &column.comment {
                    let _ = writeln!(out, "        #[doc = {:?}]", doc_text(comment));
                }
                let (ident, renamed) = column_ident(table, &column.name);
                if dropped {
                    let kept_name = backup_name(&column.name);
                    let _ = writeln!(
                        out,
                        "        #[doc = {:?}]",
                        format!("Dropped: reads the values kept in `{kept_name}` until the column is purged.")
                    );
                    let _ = writeln!(out, "        #[sql_name = {kept_name:?}]");
                } else if renamed {
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

/// The build script's file for the YAML tables: their `table!`, and the `joinable!` and
/// `allow_tables_to_appear_in_same_query!` between them (those with derived tables are emitted
/// by the derives, see [`TableMap`]).
/// The table with the diesel SQL type of each column of a declared type filled in where the
/// schema tells it: a domain's is its base type's, `citext`'s is `Text`, and an enum's is `Text`
/// on MySQL and SQLite (where it is an inline `ENUM` or text). A PostgreSQL enum needs a SQL type
/// of its own, named with `diesel_type`.
fn with_named_diesel_types(schema: &Schema, table: &Table, dialect: Dialect) -> Table {
    use crate::model::NamedType;
    let mut table = table.clone();
    for column in table.columns.iter_mut().filter(|c| c.diesel_type.is_none()) {
        let base = match column.ty {
            ColumnType::Named(name) => match schema.named_type(name) {
                Some(NamedType::Domain(domain)) => Some(domain.base),
                Some(NamedType::Extension("citext")) => Some(ColumnType::Text),
                Some(NamedType::Enum(_)) if dialect != Dialect::Postgres => Some(ColumnType::Text),
                _ => None,
            },
            _ => None,
        };
        if let Some(path) = base.and_then(|ty| sql_type_name(ty, Some(dialect)).ok()) {
            column.diesel_type = Some(format!("::diesel::sql_types::{path}"));
        }
    }
    table
}

pub fn schema_file(yaml: &Schema, map: &TableMap, dialect: Dialect) -> Result<String, Vec<TypeProblem>> {
    let mut out = String::from("// @generated by tablewright-build from the schema. Do not edit.\n\n");
    let mut problems = Vec::new();
    for table in yaml.tables.iter().filter(|t| t.is_live()) {
        let table = &with_named_diesel_types(yaml, table, dialect);
        match table_macro(table, Some(dialect)) {
            Ok(text) => {
                out.push_str(&text);
                out.push('\n');
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    let relations = map.relations_of(Emitter::SchemaFile);
    for join in &relations.joins {
        let _ = writeln!(
            out,
            "::diesel::joinable!({} -> {} ({}));",
            join.child, join.parent, join.column
        );
    }
    // One call for every pair: the tables of this file are all in this module.
    let names: Vec<&str> = map
        .tables
        .iter()
        .filter(|t| t.source == TableSource::Yaml)
        .map(|t| t.ident.as_str())
        .collect();
    if names.len() > 1 {
        let _ = write!(
            out,
            "\n::diesel::allow_tables_to_appear_in_same_query!(\n    {},\n);\n",
            names.join(",\n    ")
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Where the `table!` of every table is, and which foreign keys diesel can join on.
///
/// A derive expands one struct and sees no other, while diesel needs one `joinable!` per pair
/// of tables linked by a foreign key and one `allow_tables_to_appear_in_same_query!` per pair of
/// tables, each exactly once in the crate. The build script reads the whole schema, so it writes
/// this map (into `OUT_DIR`, named by [`crate::derive::TABLES_ENV`]); every derive reads it and
/// emits the relations it owns ([`TableMap::emitter`]), next to its own `table!`, where
/// the sibling modules it names are in reach.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableMap {
    /// Every table that has a `table!`, by name.
    pub tables: Vec<TableEntry>,
    /// The pairs diesel can join without `.on(...)`.
    pub joins: Vec<Join>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    /// The table's SQL name.
    pub name: String,
    /// The name of the module its `table!` defines.
    pub ident: String,
    pub source: TableSource,
    /// The Rust path of that module from the crate root (`crate::models::task::tasks`), or
    /// `None` when it cannot be known (a struct outside `src/`, under `#[cfg]`, or a YAML table
    /// with no `schema_module`): its relations with other tables are then not generated.
    pub path: Option<String>,
    /// The source file of a derived table's struct: a derive expanding elsewhere (a doctest, an
    /// integration test declaring a table of the same name) is not that table's and emits no
    /// relations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<std::path::PathBuf>,
}

/// Where a table's `table!` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableSource {
    /// The build script's `tablewright_schema.rs`.
    Yaml,
    /// The table's `#[derive(Table)]`.
    Derive,
}

/// One `joinable!(child -> parent (column))`, in Rust names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Join {
    pub child: String,
    pub parent: String,
    pub column: String,
}

/// Who writes the relations of a pair of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emitter<'a> {
    /// The build script's file, for two YAML tables.
    SchemaFile,
    /// The derive of this table (by SQL name).
    Derive(&'a str),
}

/// What one emitter writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relations {
    /// Paths of the other tables' modules, brought into scope by their last segment.
    pub uses: Vec<String>,
    pub joins: Vec<Join>,
    /// Pairs of module names for `allow_tables_to_appear_in_same_query!`.
    pub pairs: Vec<(String, String)>,
}

impl TableMap {
    /// The map of `schema`: `yaml_tables` come from YAML (their module is `schema_module`, where
    /// the app includes `tablewright_schema.rs`); for the others, `derived_module` gives the path
    /// of the module holding the struct, if known.
    ///
    /// `joinable!` needs the only foreign key between two tables, on one column, to the other's
    /// single-column primary key (diesel joins on the primary key): two foreign keys between the
    /// same tables, either way, leave the choice to `.on(...)` in the query.
    pub fn new(
        schema: &Schema,
        yaml_tables: &[String],
        mut derived_module: impl FnMut(&Table) -> Option<String>,
        schema_module: Option<&str>,
    ) -> TableMap {
        let with_macro = |t: &&Table| t.is_live() && t.primary_key.is_some();
        let tables: Vec<TableEntry> = schema
            .tables
            .iter()
            .filter(with_macro)
            .map(|table| {
                let ident = rust_name(&table.name).0;
                let (source, module, file) = if yaml_tables.contains(&table.name) {
                    (
                        TableSource::Yaml,
                        schema_module.filter(|m| !m.is_empty()).map(str::to_string),
                        None,
                    )
                } else {
                    let file = table.origin.file.as_deref().cloned();
                    (TableSource::Derive, derived_module(table), file)
                };
                TableEntry {
                    name: table.name.clone(),
                    path: module.map(|m| format!("{m}::{ident}")),
                    ident,
                    source,
                    file,
                }
            })
            .collect();

        let known = |name: &str| tables.iter().any(|t| t.name == name);
        let mut links: BTreeMap<(String, String), Vec<Option<Join>>> = BTreeMap::new();
        for child in schema.tables.iter().filter(with_macro) {
            for fk in &child.foreign_keys {
                let parent_name = &fk.references.table;
                if *parent_name == child.name || !known(parent_name) {
                    continue;
                }
                let parent = schema.table(parent_name).expect("a known table is in the schema");
                let key = parent.primary_key.as_ref().map(|pk| &pk.columns);
                let joinable = fk.columns.len() == 1
                    && child.column(&fk.columns[0]).is_some_and(|c| c.lifecycle.is_live())
                    && key.is_some_and(|key| key.len() == 1 && *key == fk.references.columns);
                let pair = if child.name < *parent_name {
                    (child.name.clone(), parent_name.clone())
                } else {
                    (parent_name.clone(), child.name.clone())
                };
                links.entry(pair).or_default().push(joinable.then(|| Join {
                    child: rust_name(&child.name).0,
                    parent: rust_name(parent_name).0,
                    column: column_ident(child, &fk.columns[0]).0,
                }));
            }
        }
        let joins = links
            .into_values()
            .filter(|links| links.len() == 1)
            .filter_map(|mut links| links.pop().flatten())
            .collect();
        TableMap { tables, joins }
    }

    /// Who writes the relations of `a` and `b`: the build script's file for two YAML tables;
    /// otherwise a derive, which names the other table by its path. Of two derived tables, the
    /// first by name does (or the other, when only the first has a known path). `None` when
    /// neither side can name the other.
    pub fn emitter<'a>(&self, a: &'a TableEntry, b: &'a TableEntry) -> Option<Emitter<'a>> {
        use TableSource::{Derive, Yaml};
        match (a.source, b.source) {
            (Yaml, Yaml) => Some(Emitter::SchemaFile),
            (Derive, Yaml) => b.path.as_ref().map(|_| Emitter::Derive(&a.name)),
            (Yaml, Derive) => a.path.as_ref().map(|_| Emitter::Derive(&b.name)),
            (Derive, Derive) => {
                let (first, second) = if a.name < b.name { (a, b) } else { (b, a) };
                if second.path.is_some() {
                    Some(Emitter::Derive(&first.name))
                } else if first.path.is_some() {
                    Some(Emitter::Derive(&second.name))
                } else {
                    None
                }
            }
        }
    }

    /// The relations `emitter` writes.
    pub fn relations_of(&self, emitter: Emitter<'_>) -> Relations {
        let mut relations = Relations::default();
        let own = match emitter {
            Emitter::Derive(name) => self.tables.iter().find(|t| t.name == name),
            Emitter::SchemaFile => None,
        };
        if matches!(emitter, Emitter::Derive(_)) && own.is_none() {
            return relations;
        }
        for (i, a) in self.tables.iter().enumerate() {
            if own.is_some_and(|own| own.name != a.name) {
                continue;
            }
            let others = match own {
                Some(_) => &self.tables[..],
                None => &self.tables[i + 1..],
            };
            for b in others.iter().filter(|b| b.name != a.name) {
                if self.emitter(a, b) != Some(emitter) {
                    continue;
                }
                if let (Some(_), Some(path)) = (own, &b.path) {
                    relations.uses.push(path.clone());
                }
                let join = self.joins.iter().find(|j| {
                    (j.child == a.ident && j.parent == b.ident) || (j.child == b.ident && j.parent == a.ident)
                });
                relations.joins.extend(join.cloned());
                relations.pairs.push((a.ident.clone(), b.ident.clone()));
            }
        }
        relations
    }

    /// The relations the derive of `table` emits, as source text: one `const _` block that
    /// brings the other tables' modules into scope and invokes diesel's macros. Empty when it
    /// owns none.
    pub fn derive_source(&self, table: &str) -> String {
        let relations = self.relations_of(Emitter::Derive(table));
        if relations.pairs.is_empty() {
            return String::new();
        }
        let mut out = String::from("const _: () = {\n");
        for path in &relations.uses {
            let _ = writeln!(out, "    use {path};");
        }
        for join in &relations.joins {
            let _ = writeln!(
                out,
                "    ::diesel::joinable!({} -> {} ({}));",
                join.child, join.parent, join.column
            );
        }
        for (a, b) in &relations.pairs {
            let _ = writeln!(out, "    ::diesel::allow_tables_to_appear_in_same_query!({a}, {b});");
        }
        out.push_str("};\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        let (tables, problems) = crate::source::yaml::parse_str(yaml, None);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        let mut schema = Schema {
            tables,
            ..Default::default()
        };
        schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
        schema.resolve_references();
        schema
    }

    const SHOP: &str = "table: customers
columns:
  id: { type: serial, primary_key: true }
---
table: orders
columns:
  id: { type: serial, primary_key: true }
  customer_id: { type: integer, references: customers, on_delete: cascade, index: true }
---
table: parcels
columns:
  id: { type: serial, primary_key: true }
  order_id: { type: integer, references: orders.id, on_delete: cascade, index: true }
  return_of: { type: integer, nullable: true, references: parcels, on_delete: set_null, index: true }
  old_order_id: { type: integer, dropped: true }
";

    fn all_derived(schema: &Schema) -> TableMap {
        TableMap::new(schema, &[], |t| Some(format!("crate::m::{}", t.name)), None)
    }

    #[test]
    fn comments_are_docs_shown_as_written() {
        let schema = schema(
            "table: locations
comment: 'Bins, see https://wiki.test/bins'
columns:
  id: { type: serial, primary_key: true }
  code: { type: text, comment: 'Format: [ZONE]-[BIN], bytes as Vec<u8>' }
",
        );
        let text = table_macro(&schema.tables[0], Some(Dialect::Postgres)).unwrap();
        for line in [
            r#"    #[doc = "Bins, see <https://wiki.test/bins>"]"#,
            r#"        #[doc = "Format: \\[ZONE\\]-\\[BIN\\], bytes as Vec\\<u8\\>"]"#,
        ] {
            assert!(text.contains(line), "{line} in:\n{text}");
        }
    }

    #[test]
    fn postgres_types_and_arrays_in_table() {
        let schema = schema(
            "table: packages
columns:
  id: { type: serial, primary_key: true }
  keywords: 'varchar(40)[]'
  scores: { type: 'integer[]', nullable: true }
  origin: inet
  during: tstzrange
  code: char(2)
  search: { type: tsvector, diesel_type: diesel_full_text_search::Tsvector }
",
        );
        let text = table_macro(&schema.tables[0], Some(Dialect::Postgres)).unwrap();
        for line in [
            "keywords -> ::diesel::sql_types::Array<::diesel::sql_types::Varchar>,",
            "scores -> ::diesel::sql_types::Nullable<::diesel::sql_types::Array<::diesel::sql_types::Integer>>,",
            "origin -> ::diesel::sql_types::Inet,",
            "during -> ::diesel::sql_types::Tstzrange,",
            "code -> ::diesel::sql_types::Bpchar,",
            "search -> diesel_full_text_search::Tsvector,",
        ] {
            assert!(text.contains(line), "{line} in:\n{text}");
        }
        let mut without = schema.tables[0].clone();
        without.columns.last_mut().unwrap().diesel_type = None;
        let problems = table_macro(&without, Some(Dialect::Postgres)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("column `search`: diesel has no SQL type for `tsvector`; name one with `diesel_type`"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn one_foreign_key_between_two_tables_is_joinable() {
        let map = all_derived(&schema(SHOP));
        let joins: Vec<String> = map
            .joins
            .iter()
            .map(|j| format!("{} -> {} ({})", j.child, j.parent, j.column))
            .collect();
        // The self-reference of parcels is no join diesel can express.
        assert_eq!(
            joins,
            ["orders -> customers (customer_id)", "parcels -> orders (order_id)"]
        );
    }

    #[test]
    fn two_foreign_keys_or_one_not_to_the_key_leave_the_join_to_the_query() {
        let text = format!(
            "{SHOP}---
table: refunds
columns:
  id: {{ type: serial, primary_key: true }}
  order_id: {{ type: integer, references: orders.id, on_delete: cascade, index: true }}
  replacement_id: {{ type: integer, references: orders.id, on_delete: cascade, index: true }}
---
table: coupons
columns:
  code: {{ type: varchar(20), primary_key: true }}
  customer_id: {{ type: integer, unique: true }}
---
table: visits
columns:
  id: {{ type: serial, primary_key: true }}
  customer_id: {{ type: integer, references: coupons.customer_id, on_delete: cascade, index: true }}
"
        );
        let map = all_derived(&schema(&text));
        assert!(!map.joins.iter().any(|j| j.child == "refunds"), "{:?}", map.joins);
        assert!(!map.joins.iter().any(|j| j.child == "visits"), "{:?}", map.joins);
    }

    #[test]
    fn each_pair_has_exactly_one_emitter() {
        let schema = schema(SHOP);
        // customers from YAML, orders derived with a path, parcels derived without one.
        let map = TableMap::new(
            &schema,
            &["customers".to_string()],
            |t| (t.name == "orders").then(|| "crate::models::order".to_string()),
            Some("crate::schema"),
        );
        let emitted = |emitter| {
            let r = map.relations_of(emitter);
            (
                r.uses,
                r.pairs.iter().map(|(a, b)| format!("{a}+{b}")).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            emitted(Emitter::Derive("orders")),
            (
                vec!["crate::schema::customers".to_string()],
                vec!["orders+customers".to_string()]
            )
        );
        // parcels cannot be named, so it names the others: orders by its path, customers in the
        // schema module.
        assert_eq!(
            emitted(Emitter::Derive("parcels")),
            (
                vec![
                    "crate::schema::customers".to_string(),
                    "crate::models::order::orders".to_string()
                ],
                vec!["parcels+customers".to_string(), "parcels+orders".to_string()]
            )
        );
        assert_eq!(emitted(Emitter::SchemaFile), (vec![], vec![]));

        // Without a schema module, a derived table and a YAML one get no relations.
        let map = TableMap::new(&schema, &["customers".to_string()], |_| None, Some(""));
        assert!(map.relations_of(Emitter::Derive("orders")).pairs.is_empty());
    }

    #[test]
    fn the_schema_file_relates_its_own_tables_only() {
        let schema = schema(SHOP);
        let yaml: Vec<String> = vec!["customers".into(), "orders".into()];
        let map = TableMap::new(&schema, &yaml, |_| Some("crate::models".into()), Some("crate::schema"));
        let own = Schema {
            tables: schema
                .tables
                .iter()
                .filter(|t| yaml.contains(&t.name))
                .cloned()
                .collect(),
            ..Default::default()
        };
        let text = schema_file(&own, &map, Dialect::Postgres).unwrap();
        assert!(
            text.contains("::diesel::joinable!(orders -> customers (customer_id));"),
            "{text}"
        );
        assert!(!text.contains("parcels"), "{text}");
        assert!(
            text.contains("::diesel::allow_tables_to_appear_in_same_query!(\n    customers,\n    orders,\n);"),
            "{text}"
        );
    }

    #[test]
    fn a_dropped_column_keeps_its_rust_name_and_a_purged_one_leaves() {
        let mut schema = schema(SHOP);
        let parcels = schema.tables.iter_mut().find(|t| t.name == "parcels").unwrap();
        parcels.columns.push(Column {
            name: "note".into(),
            lifecycle: Lifecycle::Purged,
            ..parcels.columns[0].clone()
        });
        let text = table_macro(schema.table("parcels").unwrap(), Some(Dialect::Sqlite)).unwrap();
        assert!(
            text.contains("        #[sql_name = \"old_order_id__dropped\"]\n        old_order_id -> ::diesel::sql_types::Nullable<::diesel::sql_types::Integer>,"),
            "{text}"
        );
        assert!(!text.contains("note"), "{text}");
    }
}
