//! `#[derive(Table)]`: parse the struct with the shared attribute parser, run the table-local
//! checks, and emit diesel's `table!` for it. Every problem becomes a compile error at the span
//! that caused it, all in one build.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::check;
use crate::dialect::Dialect;
use crate::diesel_schema;
use crate::source::rust::{parse_struct, ParsedTable};

/// The environment variable through which `tablewright_build::Builder` tells the derive which
/// database the crate targets (it decides a few diesel SQL types, e.g. `uuid`).
pub const DIALECT_ENV: &str = "TABLEWRIGHT_DIALECT";

/// Expands `#[derive(Table)]`. Never panics: malformed input becomes `compile_error!`.
pub fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input) {
        Ok(input) => derive_table(&input),
        Err(error) => error.into_compile_error(),
    }
}

fn derive_table(input: &DeriveInput) -> TokenStream {
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
        .chain(check::check_table(&parsed.table, dialect));
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
    let errors = errors.map(syn::Error::into_compile_error);
    quote! {
        #table
        #errors
    }
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

#[cfg(test)]
mod tests;
