//! The proc-macro entry point of Tablewright. All logic lives in `tablewright-core`, where it is
//! unit-tested; use the derive through the `tablewright` crate, which documents it.

use proc_macro::TokenStream;

/// Declares a table. See the `tablewright` crate for the attribute reference.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    tablewright_core::derive::expand(input.into()).into()
}

/// Declares a view: its output columns as fields, the view in `#[view(query = "...")]`. Emits
/// diesel's `table!` for it. See the `tablewright` crate for the attribute reference.
#[proc_macro_derive(View, attributes(view, column))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    tablewright_core::derive::expand_view(input.into()).into()
}

/// Embeds the migration folders (default `migrations`, relative to the crate root) in the binary,
/// as a `tablewright::Migrations`.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    tablewright_core::embed::expand(input.into()).into()
}
