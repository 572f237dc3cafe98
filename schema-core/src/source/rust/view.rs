//! `#[derive(View)]`: a struct whose fields are a view's output columns, with the view itself in
//! `#[view(query = "...", ...)]`. The fields are read as a table's are (their Rust types give
//! the diesel SQL types, `#[column(...)]` what differs), so diesel's `table!` for the view is the
//! table's generator's; the `#[view]` keys become a [`View`] of the schema.

use std::path::PathBuf;
use std::sync::Arc;

use syn::{parse_quote, DeriveInput, LitBool, LitStr};

use super::{parse_struct, ParsedTable};
use crate::diagnostic::Diagnostic;
use crate::model::{Origin, View};

/// The keys `#[view(...)]` takes.
const VIEW_KEYS: &[&str] = &[
    "name",
    "query",
    "materialized",
    "with_data",
    "comment",
    "renamed_from",
    "primary_key",
    "depends_on",
    "dialect",
];

/// A view read from a struct: the view, and its columns as a table (for `table!`).
pub struct ParsedView {
    pub view: View,
    pub table: ParsedTable,
}

fn names(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<String>> {
    let mut found = Vec::new();
    meta.parse_nested_meta(|inner| {
        found.push(
            inner
                .path
                .get_ident()
                .map(|i| i.to_string())
                .ok_or_else(|| inner.error("write a name"))?,
        );
        Ok(())
    })?;
    Ok(found)
}

/// Reads a `#[derive(View)]` struct. The error names what is missing or unknown, at its span.
pub fn parse_view_struct(input: &DeriveInput, file: Option<Arc<PathBuf>>) -> Result<ParsedView, syn::Error> {
    let struct_name = input.ident.to_string();
    let mut name = heck::ToSnakeCase::to_snake_case(struct_name.as_str());
    let mut query: Option<String> = None;
    let mut materialized = false;
    let mut with_data = true;
    let mut comment = None;
    let mut renamed_from = None;
    let mut primary_key: Vec<String> = Vec::new();
    let mut depends_on = Vec::new();
    let mut dialect: Option<String> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("view")) {
        attr.parse_nested_meta(|meta| {
            let text = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<String> {
                Ok(meta.value()?.parse::<LitStr>()?.value())
            };
            if meta.path.is_ident("name") {
                name = text(&meta)?;
            } else if meta.path.is_ident("query") {
                query = Some(text(&meta)?);
            } else if meta.path.is_ident("materialized") {
                materialized = true;
            } else if meta.path.is_ident("with_data") {
                with_data = meta.value()?.parse::<LitBool>()?.value;
            } else if meta.path.is_ident("comment") {
                comment = Some(text(&meta)?);
            } else if meta.path.is_ident("renamed_from") {
                renamed_from = Some(text(&meta)?);
            } else if meta.path.is_ident("primary_key") {
                primary_key = names(&meta)?;
            } else if meta.path.is_ident("depends_on") {
                depends_on = names(&meta)?;
            } else if meta.path.is_ident("dialect") {
                dialect = Some(text(&meta)?);
            } else {
                return Err(meta.error(format!(
                    "unknown key of #[view(...)]; the keys are: {}",
                    VIEW_KEYS.join(", ")
                )));
            }
            Ok(())
        })?;
    }
    let Some(query) = query else {
        return Err(syn::Error::new(
            input.ident.span(),
            format!(
                "view `{name}` has no query\n  = help: write it in the struct's attribute: #[view(query = \"SELECT ... FROM ...\")]"
            ),
        ));
    };
    // diesel's `table!` needs a key: the one declared, or the first field.
    if primary_key.is_empty() {
        let first = match &input.data {
            syn::Data::Struct(data) => data.fields.iter().next().and_then(|f| f.ident.clone()),
            _ => None,
        };
        let Some(first) = first else {
            return Err(syn::Error::new(
                input.ident.span(),
                "#[derive(View)] needs a struct with named fields: its output columns",
            ));
        };
        primary_key.push(first.to_string());
    }
    let key: Vec<syn::Ident> = primary_key
        .iter()
        .map(|k| syn::Ident::new(k, input.ident.span()))
        .collect();
    let mut shadow = input.clone();
    shadow.attrs.retain(|a| !a.path().is_ident("view"));
    shadow
        .attrs
        .push(parse_quote!(#[table(name = #name, primary_key(#(#key),*))]));
    if let Some(dialect) = &dialect {
        shadow.attrs.push(parse_quote!(#[table(dialect = #dialect)]));
    }
    let table = parse_struct(&shadow, file.clone())?;
    let origin = match &file {
        Some(file) => {
            let start = input.ident.span().start();
            Origin::derive(Some(file.clone()), start.line, start.column + 1, None)
        }
        None => Origin::default(),
    };
    let view = View {
        name,
        query: query.trim().trim_end_matches(';').trim_end().to_string(),
        columns: Vec::new(),
        materialized,
        with_data,
        indexes: Vec::new(),
        depends_on,
        comment,
        renamed_from,
        origin,
    };
    Ok(ParsedView { view, table })
}

/// Every `#[derive(View)]` struct of a Rust source file, as views of the schema (the checks see
/// them with the YAML ones).
pub fn scan_views(text: &str, file: Arc<PathBuf>) -> (Vec<View>, Vec<Diagnostic>) {
    let mut views = Vec::new();
    let mut problems = Vec::new();
    // A file that does not parse is reported by the tables' scan.
    let Ok(syntax) = syn::parse_file(text) else {
        return (views, problems);
    };
    let mut structs = Vec::new();
    collect(&syntax.items, &mut structs);
    for item in structs {
        let input = DeriveInput::from(item.clone());
        match parse_view_struct(&input, Some(file.clone())) {
            Ok(parsed) => views.push(parsed.view),
            Err(error) => {
                let start = error.span().start();
                problems.push(Diagnostic::error(
                    "attribute",
                    &Origin::derive(Some(file.clone()), start.line, start.column + 1, None),
                    error.to_string(),
                ));
            }
        }
    }
    (views, problems)
}

fn collect<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemStruct>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if derives_view(&s.attrs) => out.push(s),
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

fn derives_view(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|attr| {
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            found |= meta.path.segments.last().is_some_and(|s| s.ident == "View");
            Ok(())
        });
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_struct_is_a_view_and_the_columns_of_its_table() {
        let input: DeriveInput = parse_quote! {
            #[view(query = "SELECT id AS lot_id, qty FROM lots;", comment = "Lots")]
            struct LotQty {
                lot_id: i64,
                qty: Option<i32>,
            }
        };
        let parsed = parse_view_struct(&input, None).unwrap();
        assert_eq!(parsed.view.name, "lot_qty");
        assert_eq!(parsed.view.query, "SELECT id AS lot_id, qty FROM lots");
        assert_eq!(parsed.view.comment.as_deref(), Some("Lots"));
        let table = &parsed.table.table;
        assert_eq!(table.name, "lot_qty");
        assert_eq!(table.primary_key.as_ref().unwrap().columns, ["lot_id"]);
        assert!(table.columns[1].nullable);

        let missing: DeriveInput = parse_quote! {
            #[view(name = "lot_qty")]
            struct LotQty { lot_id: i64 }
        };
        let error = parse_view_struct(&missing, None).err().unwrap().to_string();
        assert!(error.starts_with("view `lot_qty` has no query"), "{error}");
    }

    #[test]
    fn a_source_file_declares_its_views() {
        let text = "mod m {\n#[derive(tablewright::View)]\n#[view(name = \"totals\", materialized, query = \"SELECT 1 AS n\")]\npub struct Totals { pub n: i32 }\n}\n";
        let (views, problems) = scan_views(text, Arc::new(PathBuf::from("src/m.rs")));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(views.len(), 1);
        assert!(views[0].materialized);
        assert_eq!(views[0].origin.line, 4);
    }
}
