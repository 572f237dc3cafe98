//! `#[derive(Table)]` structs: the attribute parser shared by the derive (spans become compile
//! errors) and the build script's source scan (spans become file:line:column).

pub mod attrs;
pub mod depth;
mod types;
pub mod view;

use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{ColumnType, Origin, Table};
use crate::source::decl::TableDecl;

pub use types::{infer as infer_type, unwrap_option};

/// Parsing state: where spans go, and the syntax errors collected so far.
pub struct Ctx {
    file: Option<Arc<PathBuf>>,
    spans: Vec<Span>,
    errors: Option<syn::Error>,
}

impl Ctx {
    pub fn new(file: Option<Arc<PathBuf>>) -> Ctx {
        Ctx {
            file,
            spans: Vec::new(),
            errors: None,
        }
    }

    /// An origin that remembers `span` (for compile errors) and its line (for the scan).
    pub fn origin(&mut self, span: Span) -> Origin {
        self.spans.push(span);
        let start = span.start();
        Origin::derive(
            self.file.clone(),
            start.line,
            start.column + 1,
            Some(self.spans.len() - 1),
        )
    }

    pub fn error(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(existing) => existing.combine(error),
            None => self.errors = Some(error),
        }
    }
}

/// One parsed `#[derive(Table)]` struct.
pub struct ParsedTable {
    pub table: Table,
    /// Spans referenced by `Origin::span` in `table` and `problems`.
    pub spans: Vec<Span>,
    /// Problems found while normalizing (not syntax errors, which fail the parse).
    pub problems: Vec<Diagnostic>,
    /// `#[table(dialect = "...")]`, if given.
    pub dialect: Option<Dialect>,
    /// The Rust type of each column, in column order (`None` for columns from attributes only).
    pub field_types: Vec<syn::Type>,
}

impl ParsedTable {
    /// The span a diagnostic points at, falling back to `fallback`.
    pub fn span_of(&self, origin: &Origin, fallback: Span) -> Span {
        origin.span.and_then(|i| self.spans.get(i).copied()).unwrap_or(fallback)
    }
}

/// Reads a struct with `#[derive(Table)]`. Attribute syntax errors are returned together as one
/// combined `syn::Error`; problems in what the attributes say are in `ParsedTable::problems`.
pub fn parse_struct(input: &DeriveInput, file: Option<Arc<PathBuf>>) -> Result<ParsedTable, syn::Error> {
    match read_struct(input, file) {
        (parsed, None) => Ok(parsed),
        (_, Some(errors)) => Err(errors),
    }
}

/// Reads a struct as far as its attributes can be read: the table even when some attribute has
/// a syntax error (returned next to it, all combined). Such a table is marked
/// `read_with_errors`, so it still resolves references and emits its `table!` without the rules
/// adding consequences of the error.
pub fn read_struct(input: &DeriveInput, file: Option<Arc<PathBuf>>) -> (ParsedTable, Option<syn::Error>) {
    let mut ctx = Ctx::new(file);
    let origin = ctx.origin(input.ident.span());
    let mut decl = TableDecl {
        name: default_table_name(&input.ident.to_string()),
        origin,
        ..TableDecl::default()
    };
    let mut options = attrs::TableOptions::default();
    let mut seen = Default::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("table")) {
        attrs::table_attribute(&mut ctx, attr, &mut decl, &mut options, &mut seen);
    }

    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
            _ => {
                ctx.error(syn::Error::new(
                    input.ident.span(),
                    "#[derive(Table)] needs a struct with named fields, one per column",
                ));
                Vec::new()
            }
        },
        _ => {
            ctx.error(syn::Error::new(
                input.ident.span(),
                "#[derive(Table)] works on structs: one named field per column",
            ));
            Vec::new()
        }
    };

    let mut field_types = Vec::new();
    for field in fields {
        let ident = field.ident.as_ref().expect("named field");
        let field_origin = ctx.origin(ident.span());
        let parsed = attrs::column_attributes(&mut ctx, &field.attrs, field_origin);
        if parsed.skip {
            continue;
        }
        let (inner, nullable) = types::unwrap_option(&field.ty);
        let ty = match (parsed.sql_type, parsed.max_length) {
            (Some(_), Some((_, span))) => {
                ctx.error(syn::Error::new(
                    span,
                    "give either `sql_type` or `max_length`, not both",
                ));
                ColumnType::Text
            }
            (Some((ty, _)), None) => ty,
            (None, Some((n, span))) => match types::infer(inner) {
                Some(ColumnType::Text) if (1..=65_535).contains(&n) => ColumnType::Varchar(n),
                // `Vec<String>`: each element is at most n characters long.
                Some(ColumnType::Array(ColumnType::Text)) if (1..=65_535).contains(&n) => {
                    ColumnType::array_of(ColumnType::Varchar(n)).expect("varchar has arrays")
                }
                Some(ColumnType::Text) => {
                    ctx.error(syn::Error::new(span, "max_length must be from 1 to 65535"));
                    ColumnType::Text
                }
                // A type nothing is known of: that is the mistake to fix first.
                None => {
                    ctx.error(syn::Error::new(field.ty.span(), types::not_inferred(inner)));
                    ColumnType::Text
                }
                _ => {
                    ctx.error(syn::Error::new(
                        span,
                        "max_length applies to `String` fields; use `sql_type = \"...\"` for other types",
                    ));
                    ColumnType::Text
                }
            },
            (None, None) => types::infer(inner).unwrap_or_else(|| {
                ctx.error(syn::Error::new(field.ty.span(), types::not_inferred(inner)));
                ColumnType::Text
            }),
        };
        let ty = match parsed.precision {
            None => ty,
            Some((_, span)) if parsed.sql_type.is_some() || parsed.max_length.is_some() => {
                ctx.error(syn::Error::new(
                    span,
                    "give the precision in `sql_type` (e.g. `sql_type = \"timestamp(3)\"`), not both",
                ));
                ty
            }
            Some((p, span)) => ty.with_precision(Some(p)).unwrap_or_else(|| {
                ctx.error(syn::Error::new(
                    span,
                    "precision applies to time fields: `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>` (and their `time` crate types) and `PgInterval`",
                ));
                ty
            }),
        };
        let mut column = parsed.decl;
        column.name = parsed
            .name
            .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
        column.ty = ty;
        column.nullable = nullable;
        // The field's Rust type says the SQL type (unless `sql_type` or `max_length` does) and
        // whether the column is nullable: diagnostics about either point at it.
        let written_type = ctx.origin(field.ty.span());
        if nullable {
            column.origin.set_key("nullable", written_type.clone());
        }
        if !column.origin.has_key("type") {
            column.origin.set_key("type", written_type);
        }
        decl.columns.push(column);
        field_types.push(field.ty.clone());
    }

    let errors = ctx.errors.take();
    decl.origin.read_with_errors = errors.is_some();
    let (table, problems) = decl.lower();
    let parsed = ParsedTable {
        table,
        spans: ctx.spans,
        // What a declaration with syntax errors says is not judged (see `read_with_errors`).
        problems: if errors.is_some() { Vec::new() } else { problems },
        dialect: options.dialect,
        field_types,
    };
    (parsed, errors)
}

/// diesel's convention: `StorageLocation` → `storage_locations`.
pub fn default_table_name(struct_name: &str) -> String {
    format!("{}s", heck::ToSnakeCase::to_snake_case(struct_name))
}

/// Every `#[derive(Table)]` struct in a Rust source file, found at any module depth.
pub fn scan_file(text: &str, file: Arc<PathBuf>) -> (Vec<Table>, Vec<Diagnostic>) {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    if let Some((line, column)) = depth::too_deep(text) {
        problems.push(
            Diagnostic::error(
                "rust-syntax",
                &Origin::derive(Some(file), line, column, None),
                format!("this file nests brackets or generics more than {} levels deep here, too deep to read", depth::MAX_DEPTH),
            )
            .help("nest less deeply (a type alias names an inner part); the tables of this file are read again once it does, and nothing is generated until then"),
        );
        return (tables, problems);
    }
    let syntax = match syn::parse_file(text) {
        Ok(syntax) => syntax,
        Err(e) => {
            // Its tables are unknown until it parses: nothing may be generated from a schema
            // that lacks them (they would look removed).
            let start = e.span().start();
            problems.push(
                Diagnostic::error(
                    "rust-syntax",
                    &Origin::derive(Some(file), start.line, start.column + 1, None),
                    format!("this file does not parse: {e}"),
                )
                .help("fix the Rust syntax here; the tables of this file are read again once it parses, and nothing is generated until then"),
            );
            return (tables, problems);
        }
    };
    let mut structs = Vec::new();
    collect_structs(&syntax.items, &mut structs);
    for item in structs {
        let input = DeriveInput::from(item.clone());
        let (parsed, errors) = read_struct(&input, Some(file.clone()));
        for error in errors.into_iter().flatten() {
            let start = error.span().start();
            problems.push(Diagnostic::error(
                "attribute",
                &Origin::derive(Some(file.clone()), start.line, start.column + 1, None),
                error.to_string(),
            ));
        }
        // Kept with its errors, so tables referencing it do not add "unknown table".
        problems.extend(parsed.problems);
        tables.push(parsed.table);
    }
    (tables, problems)
}

/// The module of every `#[derive(Table)]` struct in a Rust source file, by table name, as a path
/// from `file_module` (the file's own module, see [`file_module`]): where the struct's `table!`
/// is. `None` for a struct under `#[cfg(...)]` (on it or on an inline module around it), whose
/// module may not exist in every build.
pub fn table_modules(text: &str, file_module: &str) -> Vec<(String, Option<String>)> {
    fn walk(items: &[syn::Item], path: Option<String>, out: &mut Vec<(String, Option<String>)>) {
        let has_cfg = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("cfg"));
        for item in items {
            match item {
                syn::Item::Struct(s) if derives_table(&s.attrs) => {
                    if let Ok(parsed) = parse_struct(&DeriveInput::from(s.clone()), None) {
                        let path = path.clone().filter(|_| !has_cfg(&s.attrs));
                        out.push((parsed.table.name, path));
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        let path = path
                            .as_ref()
                            .filter(|_| !has_cfg(&m.attrs))
                            .map(|p| format!("{p}::{}", m.ident));
                        walk(items, path, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if depth::too_deep(text).is_some() {
        return out; // `scan_file` reports it
    }
    if let Ok(syntax) = syn::parse_file(text) {
        walk(&syntax.items, Some(file_module.to_string()), &mut out);
    }
    out
}

/// The module a source file is, as a path from the crate root, by Rust's file layout:
/// `src/models/task.rs` and `src/models/task/mod.rs` are `crate::models::task`, `src/lib.rs`
/// and `src/main.rs` are `crate`. `None` for a file outside `src`, under `src/bin` (another
/// crate), or whose name is no Rust identifier. `#[path]` attributes are not followed.
pub fn file_module(src: &std::path::Path, file: &std::path::Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let mut names: Vec<String> = relative
        .iter()
        .map(|part| part.to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    let last = names.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if names.first().is_some_and(|first| first == "bin") {
        return None;
    }
    match (names.is_empty(), stem) {
        (true, "lib" | "main") | (false, "mod") => {}
        _ => names.push(stem.to_string()),
    }
    let mut path = String::from("crate");
    for name in names {
        let ident = match syn::parse_str::<syn::Ident>(&name) {
            Ok(ident) => ident.to_string(),
            Err(_) if syn::parse_str::<syn::Ident>(&format!("r#{name}")).is_ok() => format!("r#{name}"),
            Err(_) => return None,
        };
        path.push_str("::");
        path.push_str(&ident);
    }
    Some(path)
}

fn collect_structs<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemStruct>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if derives_table(&s.attrs) => out.push(s),
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_structs(items, out);
                }
            }
            _ => {}
        }
    }
}

/// `#[derive(Table)]`, `#[derive(tablewright::Table)]`, also inside `cfg_attr`-free lists.
fn derives_table(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|attr| {
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.segments.last().is_some_and(|s| s.ident == "Table") {
                found = true;
            }
            Ok(())
        });
        found
    })
}

#[cfg(test)]
mod constraint_tests;
#[cfg(test)]
mod index_key_tests;
#[cfg(test)]
mod tests;
