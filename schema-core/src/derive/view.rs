//! `#[derive(View)]`: the view's checks as compile errors, and diesel's `table!` for its output
//! columns, so the application queries the view like a table. The view itself is created by the
//! migrations (the project's scan reads it from the same struct).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::diesel_schema;
use crate::model::Schema;
use crate::source::rust::view::parse_view_struct;

/// Expands `#[derive(View)]`. Never panics: malformed input becomes `compile_error!`.
pub fn expand_view(input: TokenStream) -> TokenStream {
    let input = match syn::parse2::<DeriveInput>(input) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let parsed = match parse_view_struct(&input, None) {
        Ok(parsed) => parsed,
        Err(errors) => return errors.into_compile_error(),
    };
    let fallback = input.ident.span();
    let dialect = super::dialect(&parsed.table).ok().flatten();
    let mut errors: Option<syn::Error> = None;
    // The view's own rules (one statement, a SELECT the parser reads, materialized only where
    // the database has it), at the struct.
    let schema = Schema {
        views: vec![parsed.view.clone()],
        ..Schema::default()
    };
    let found = crate::check::check_schema(&schema, dialect.unwrap_or(crate::dialect::Dialect::Postgres));
    // Without a dialect (no build script said), what only some databases lack is left to the
    // project's checks.
    let known = |code: &str| dialect.is_some() || code != "unsupported-feature";
    for diagnostic in found.iter().filter(|d| d.is_error() && known(d.code)) {
        let mut message = format!("{} [{}]", diagnostic.message, diagnostic.code);
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\n  = help: {help}"));
        }
        let error = syn::Error::new(fallback, message);
        match &mut errors {
            Some(existing) => existing.combine(error),
            None => errors = Some(error),
        }
    }
    let table = match diesel_schema::table_macro(&parsed.table.table, dialect) {
        Ok(text) => text.parse::<TokenStream>().unwrap_or_else(|e| {
            syn::Error::new(
                fallback,
                format!("internal error: generated table! does not tokenize: {e}"),
            )
            .into_compile_error()
        }),
        Err(problems) => {
            let mut out = TokenStream::new();
            for problem in problems {
                out.extend(
                    syn::Error::new(parsed.table.span_of(&problem.origin, fallback), problem.message)
                        .into_compile_error(),
                );
            }
            out
        }
    };
    let errors = errors.map(syn::Error::into_compile_error);
    quote! {
        #table
        #errors
    }
}
