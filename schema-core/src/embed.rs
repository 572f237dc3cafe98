//! `embed_migrations!`: the migration folders of a crate, compiled into its binary with their SQL
//! text (`include_str!`, so edits recompile), as a `tablewright::Migrations`.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use crate::migrations::drafts::{self, FollowUp, Stamps};
use crate::migrations::MigrationSet;

/// Expands `embed_migrations!()` or `embed_migrations!("path")` (relative to the crate root),
/// the application's migrations; or `embed_migrations!(set = "agents")` and
/// `embed_migrations!(set = "agents", group = "scheduler")` (optionally `path = "migrations"`),
/// a library's set for every database it supports (see [`crate::library`]).
pub fn expand(input: TokenStream) -> TokenStream {
    match embed(input) {
        Ok(tokens) => tokens,
        Err(error) => error.into_compile_error(),
    }
}

const FORMS: &str = "`embed_migrations!()`, `embed_migrations!(\"migrations\")`, `embed_migrations!(set = \"agents\")` or `embed_migrations!(set = \"agents\", group = \"scheduler\")`";

fn embed(input: TokenStream) -> syn::Result<TokenStream> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    if input.is_empty() {
        return embed_folder(&root.join("migrations"), Span::call_site(), None);
    }
    if let Ok(literal) = syn::parse2::<LitStr>(input.clone()) {
        return embed_folder(&root.join(literal.value()), literal.span(), None);
    }
    let pairs = syn::parse::Parser::parse2(
        syn::punctuated::Punctuated::<syn::MetaNameValue, syn::Token![,]>::parse_terminated,
        input,
    )
    .map_err(|e| syn::Error::new(e.span(), format!("expected {FORMS}")))?;
    let (mut set, mut group, mut path) = (None, None, None);
    for pair in &pairs {
        let value = match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }) => value.clone(),
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    format!("expected a string; the forms are {FORMS}"),
                ))
            }
        };
        let slot = match pair.path.get_ident().map(|i| i.to_string()).as_deref() {
            Some("set") => &mut set,
            Some("group") => &mut group,
            Some("path") => &mut path,
            _ => {
                return Err(syn::Error::new_spanned(
                    &pair.path,
                    format!("unknown key; the forms are {FORMS}"),
                ))
            }
        };
        *slot = Some(value);
    }
    let Some(set) = set else {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("a set needs its name: {FORMS}"),
        ));
    };
    let path = path.map(|p| p.value()).unwrap_or_else(|| "migrations".into());
    embed_set(&root.join(path), &set, group.as_ref())
}

/// A library's set: the `tablewright::NamedMigrations` of `<root>/<group or core>/<dialect>/`.
fn embed_set(root: &Path, set: &LitStr, group: Option<&LitStr>) -> syn::Result<TokenStream> {
    if let Some(problem) = tablewright_runtime_core::set_name_problem(&set.value()) {
        return Err(syn::Error::new(
            set.span(),
            format!("{problem}: name the set e.g. `set = \"agents\"`"),
        ));
    }
    let span = group.unwrap_or(set).span();
    let folder = root.join(group.map(|g| g.value()).unwrap_or_else(|| crate::library::CORE.into()));
    let name = match group {
        None => set.value(),
        Some(group) => format!("{}/{}", set.value(), group.value()),
    };
    let mut per_dialect = Vec::new();
    for dialect in crate::dialect::Dialect::ALL {
        let dir = folder.join(dialect.to_string());
        per_dialect.push(if dir.is_dir() {
            let migrations = embed_folder(&dir, span, Some(&name))?;
            quote!(::core::option::Option::Some(#migrations))
        } else {
            quote!(::core::option::Option::None)
        });
    }
    if !folder.is_dir() {
        return Err(syn::Error::new(
            span,
            format!(
                "no migrations at {}: the library's build (`tablewright_build::Library`) writes them",
                folder.display()
            ),
        ));
    }
    // A group requires its library's core set.
    let requires = group.map(|_| set.value());
    let requires = requires.iter();
    let [postgres, sqlite, mysql] = [&per_dialect[0], &per_dialect[1], &per_dialect[2]];
    debug_assert_eq!(
        crate::dialect::Dialect::ALL,
        [
            crate::dialect::Dialect::Postgres,
            crate::dialect::Dialect::Sqlite,
            crate::dialect::Dialect::Mysql
        ]
    );
    Ok(quote! {{
        const REQUIRES: &[::std::borrow::Cow<'static, str>] = &[#(::std::borrow::Cow::Borrowed(#requires)),*];
        ::tablewright::NamedMigrations::embedded(#name, REQUIRES, #postgres, #sqlite, #mysql)
    }})
}

/// Refuses a library set whose ledger keys (`<set>:<version>`) would not fit the ledger's column:
/// its first start would fail to record its first migration.
fn check_ledger_keys(migrations: &MigrationSet, set: &str, span: Span) -> syn::Result<()> {
    let max = tablewright_runtime_core::MAX_LEDGER_KEY_LEN;
    match migrations.folders.iter().find(|f| set.len() + 1 + f.version.len() > max) {
        Some(folder) => Err(syn::Error::new(
            span,
            format!(
                "the ledger records this set's migration {} as `{set}:{}`, longer than the {max} characters it keeps: shorten the set's name (`{set}`, {} characters) or its group's",
                folder.name,
                folder.version,
                set.len()
            ),
        )),
        None => Ok(()),
    }
}

/// The `tablewright::Migrations` expression for the migrations folder `dir`, of the library set
/// `set` (`None`: the application's own).
fn embed_folder(dir: &Path, span: Span, set_name: Option<&str>) -> syn::Result<TokenStream> {
    if !dir.is_dir() {
        return Err(syn::Error::new(
            span,
            format!("no migrations folder at {} (paths are relative to the crate's Cargo.toml); `cargo build` with tablewright-build writes it", dir.display()),
        ));
    }
    let set =
        MigrationSet::read(dir).map_err(|e| syn::Error::new(span, format!("cannot read {}: {e}", dir.display())))?;
    if let Some(report) = set.problems_report() {
        return Err(syn::Error::new(span, report));
    }
    if let Some(name) = set_name {
        check_ledger_keys(&set, name, span)?;
    }
    let drafts = set.drafts();
    let mut files = Vec::new();
    for (index, folder) in set.folders.iter().enumerate() {
        let up = folder.path.join("up.sql");
        let path = |p: PathBuf| {
            p.to_str()
                .map(str::to_string)
                .ok_or_else(|| syn::Error::new(span, format!("{} is not valid UTF-8", p.display())))
        };
        let up = path(up)?;
        let down = match folder.path.join("down.sql") {
            p if p.is_file() => {
                let p = path(p)?;
                quote!(::core::option::Option::Some(::core::include_str!(#p)))
            }
            _ => quote!(::core::option::Option::None),
        };
        let name = &folder.name;
        let run_in_transaction = folder.metadata.as_ref().is_none_or(|m| m.run_in_transaction);
        // Recorded as a draft whichever build applies it, so that a debug build can follow it
        // later (a release build carries no follow-ups, and follows nothing).
        let draft = drafts.contains(&index);
        // Computed here, of the text include_str! embeds, so that no start hashes it again.
        let up_text = folder
            .read_file("up.sql")
            .ok_or_else(|| syn::Error::new(span, format!("cannot read {up}")))?;
        let checksum = crate::migrations::checksum(&up_text, folder.read_file("down.sql").as_deref());
        files.push(quote! {
            ::tablewright::MigrationFile::embedded(
                #name,
                ::core::include_str!(#up),
                #down,
                #run_in_transaction,
                #draft,
                #checksum,
            )
        });
    }
    let follow_ups = drafts::follow_ups(&set)
        .map_err(|e| syn::Error::new(span, format!("cannot read the drafts of {}: {e}", dir.display())))?;
    let follow_ups = follow_ups
        .iter()
        .map(|(from, follow_up)| follow_up_tokens(from, follow_up));
    // A const item extends the array's lifetime to 'static (a bare `&[...]` argument would be a
    // temporary dropped at compile time, which consts cannot do for types with destructors).
    Ok(quote! {{
        const FILES: &[::tablewright::MigrationFile] = &[#(#files),*];
        #[cfg(debug_assertions)]
        const FOLLOW_UPS: &[::tablewright::FollowUp] = &[#(#follow_ups),*];
        #[cfg(debug_assertions)]
        let migrations = ::tablewright::Migrations::embedded_for_development(FILES, FOLLOW_UPS);
        #[cfg(not(debug_assertions))]
        let migrations = ::tablewright::Migrations::embedded(FILES);
        migrations
    }})
}

/// A follow-up of the draft history, as a `tablewright::FollowUp` constant.
fn follow_up_tokens(from: &Stamps, follow_up: &FollowUp) -> TokenStream {
    let text = |s: &str| quote!(::std::borrow::Cow::Borrowed(#s));
    let stamps = |stamps: &Stamps| {
        let stamps = stamps.iter().map(|(v, c)| {
            let (v, c) = (text(v), text(c));
            quote!((#v, #c))
        });
        quote!(&[#(#stamps),*])
    };
    let (from, to) = (stamps(from), stamps(&follow_up.to));
    // A refused follow-up says why, for the migrator's warning when it rebuilds instead.
    let rebuild = follow_up.refused.is_some();
    let summary = follow_up.refused.iter().chain(&follow_up.summary).map(|s| text(s));
    let migrations = follow_up.migrations.iter().map(|m| {
        let (up, run_in_transaction) = (&m.up, m.run_in_transaction);
        quote!(::tablewright::FollowUpSql::embedded(#up, #run_in_transaction))
    });
    // Each slice is a const item of its own: a slice of values with destructors (`Cow`) is
    // promoted to 'static only as a const item's whole value, not as a call's argument.
    quote! {{
        const FROM: &[::tablewright::Stamp] = #from;
        const TO: &[::tablewright::Stamp] = #to;
        const SUMMARY: &[::std::borrow::Cow<'static, str>] = &[#(#summary),*];
        const MIGRATIONS: &[::tablewright::FollowUpSql] = &[#(#migrations),*];
        ::tablewright::FollowUp::embedded(FROM, TO, SUMMARY, MIGRATIONS, #rebuild)
    }}
}

#[cfg(test)]
mod tests;
