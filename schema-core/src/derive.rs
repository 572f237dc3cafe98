//! `#[derive(Table)]`: parse the struct with the shared attribute parser, run the table-local
//! checks, and emit diesel's `table!` for it, with the `joinable!` and
//! `allow_tables_to_appear_in_same_query!` it owns (from the build script's [`TableMap`]). Every
//! problem becomes a compile error at the span that caused it, all in one build.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::check;
use crate::dialect::Dialect;
use crate::diesel_schema::{self, TableMap};
use crate::model::{backup_name, Lifecycle};
use crate::source::rust::{parse_struct, ParsedTable};

/// The environment variable through which `tablewright_build::Builder` tells the derive which
/// database the crate targets (it decides a few diesel SQL types, e.g. `uuid`).
pub const DIALECT_ENV: &str = "TABLEWRIGHT_DIALECT";

/// The environment variable through which `tablewright_build::Builder` tells the derive where
/// the [`TableMap`] of the whole schema is (a JSON file in `OUT_DIR`): where every other table's
/// `table!` is, so the derive can emit the relations of its table.
pub const TABLES_ENV: &str = "TABLEWRIGHT_TABLES";

/// Expands `#[derive(Table)]`. Never panics: malformed input becomes `compile_error!`.
pub fn expand(input: TokenStream) -> TokenStream {
    let tables = match std::env::var_os(TABLES_ENV) {
        Some(path) if !path.is_empty() => Some(read_table_map(Path::new(&path))),
        _ => None,
    };
    expand_with(input, tables)
}

/// [`expand`], with the table map given instead of read from [`TABLES_ENV`] (`None`: no build
/// script told the derive about other tables; it emits no relations).
pub fn expand_with(input: TokenStream, tables: Option<Result<Arc<TableMap>, String>>) -> TokenStream {
    match syn::parse2::<DeriveInput>(input) {
        Ok(input) => derive_table(&input, tables),
        Err(error) => error.into_compile_error(),
    }
}

/// The table map at `path`, read once per change: every derive of a crate reads the same file,
/// and rust-analyzer keeps this library loaded across edits.
fn read_table_map(path: &Path) -> Result<Arc<TableMap>, String> {
    type Cache = Mutex<Vec<(PathBuf, SystemTime, Arc<TableMap>)>>;
    static CACHE: Cache = Mutex::new(Vec::new());
    let failed = |e: &dyn std::fmt::Display| {
        format!(
            "cannot read the table map the build script wrote ({}={}): {e}; run `cargo build` again",
            TABLES_ENV,
            path.display()
        )
    };
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| failed(&e))?;
    let mut cache = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, _, map)) = cache.iter().find(|(p, m, _)| p == path && *m == modified) {
        return Ok(map.clone());
    }
    let text = std::fs::read_to_string(path).map_err(|e| failed(&e))?;
    let map: Arc<TableMap> = Arc::new(serde_json::from_str(&text).map_err(|e| failed(&e))?);
    cache.retain(|(p, _, _)| p != path);
    cache.push((path.to_path_buf(), modified, map.clone()));
    Ok(map)
}

fn derive_table(input: &DeriveInput, tables: Option<Result<Arc<TableMap>, String>>) -> TokenStream {
    let parsed = match parse_struct(input, None) {
        Ok(parsed) => parsed,
        Err(errors) => return errors.into_compile_error(),
    };
    let fallback = input.ident.span();
    let mut errors: Option<syn::Error> = None;
    let mut push = |error: syn::Error| match &mut errors {
        Some(existing) => existing.combine(error),
        None => errors = Some(error),
    };

    let dialect = match dialect(&parsed) {
        Ok(dialect) => dialect,
        Err(message) => {
            push(syn::Error::new(fallback, message));
            None
        }
    };
    let found = parsed
        .problems
        .iter()
        .cloned()
        .chain(crate::diagnostic::collapse(check::check_table(&parsed.table, dialect)));
    for diagnostic in found.filter(|d| d.is_error()) {
        let mut message = format!("{} [{}]", diagnostic.message, diagnostic.code);
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\n  = help: {help}"));
        }
        push(syn::Error::new(parsed.span_of(&diagnostic.origin, fallback), message));
    }

    // The table! is emitted even next to errors, so code using it does not add a cascade; a
    // dropped table has none, as with YAML: code still using it fails to compile.
    let table = match diesel_schema::table_macro(&parsed.table, dialect) {
        _ if !parsed.table.is_live() => TokenStream::new(),
        Ok(text) => text.parse::<TokenStream>().unwrap_or_else(|e| {
            syn::Error::new(
                fallback,
                format!("internal error: generated table! does not tokenize: {e}"),
            )
            .into_compile_error()
        }),
        Err(problems) => {
            // Without a key there is no `table!`; the checks have already said so.
            let problems = problems.into_iter().filter(|_| parsed.table.primary_key.is_some());
            for problem in problems {
                push(syn::Error::new(
                    parsed.span_of(&problem.origin, fallback),
                    problem.message,
                ));
            }
            TokenStream::new()
        }
    };
    // diesel reads a dropped column's kept values as nullable: the field must be an `Option`.
    for (column, ty) in parsed.table.columns.iter().zip(&parsed.field_types) {
        if parsed.table.is_live() && column.lifecycle == Lifecycle::Dropped && !column.nullable {
            push(syn::Error::new_spanned(
                ty,
                format!(
                    "`{}` is dropped: its values are kept in `{}`, which is nullable (rows inserted from now on leave it out), so `table!` reads it as `Nullable`\n  = help: make the field `Option<{}>`; diesel reads it until the column is purged",
                    column.name,
                    backup_name(&column.name),
                    type_text(ty)
                ),
            ));
        }
    }

    // The relations this table owns, once its `table!` exists and nothing else is wrong (a
    // relation naming a table! that is missing would only add errors).
    let relations = match tables {
        Some(Ok(map)) if errors.is_none() && !table.is_empty() && is_mapped(&map, &parsed, input) => {
            let text = map.derive_source(&parsed.table.name);
            text.parse::<TokenStream>().unwrap_or_else(|e| {
                syn::Error::new(
                    fallback,
                    format!("internal error: generated relations do not tokenize: {e}"),
                )
                .into_compile_error()
            })
        }
        Some(Err(message)) => syn::Error::new(fallback, message).into_compile_error(),
        _ => TokenStream::new(),
    };
    let errors = errors.map(syn::Error::into_compile_error);
    quote! {
        #table
        #relations
        #errors
    }
}

/// Whether this struct is the one the build script mapped for its table: the same source file,
/// when the compiler says which file it is expanding. A doctest or an integration test declaring
/// a table of the same name is another crate, where the map's paths do not exist.
fn is_mapped(map: &TableMap, parsed: &ParsedTable, input: &DeriveInput) -> bool {
    let mapped = map.tables.iter().find(|t| t.name == parsed.table.name);
    let mapped_file = mapped.and_then(|t| t.file.as_deref());
    same_file(mapped_file, input.ident.span().local_file().as_deref())
}

/// Two source paths name one file; an unknown side (no build script path, or a compiler that
/// does not say, like rust-analyzer's) is taken to agree.
fn same_file(mapped: Option<&Path>, expanding: Option<&Path>) -> bool {
    match (mapped, expanding) {
        (Some(mapped), Some(expanding)) => match (mapped.canonicalize(), expanding.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => mapped == expanding,
        },
        _ => true,
    }
}

/// A type as a user writes it, for a message: `chrono::NaiveDate`, `Vec<u8>`.
fn type_text(ty: &syn::Type) -> String {
    quote!(#ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

fn dialect(parsed: &ParsedTable) -> Result<Option<Dialect>, String> {
    if let Some(dialect) = parsed.dialect {
        return Ok(Some(dialect));
    }
    match std::env::var(DIALECT_ENV) {
        Ok(value) if !value.is_empty() => value
            .parse()
            .map(Some)
            .map_err(|e| format!("{DIALECT_ENV}={value:?}: {e}")),
        _ => Ok(None),
    }
}

mod view;

pub use view::expand_view;

#[cfg(test)]
mod tests;
