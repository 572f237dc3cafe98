//! The `#[table(...)]` and `#[column(...)]` attribute grammar, parsed with syn's
//! `parse_nested_meta`. Each branch shows the syntax it accepts. The derive, the build script's
//! source scan and the CLI all call this one parser.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Lit, LitStr, Token, UnOp};

use super::Ctx;
use crate::diagnostic::closest;
use crate::dialect::Dialect;
use crate::model::{
    parse_order, valid_opclass, ColumnType, DefaultValue, Deferrable, External, FkAction, IndexKey, IndexMethod,
    Literal, NullsOrder, Reference, Waiver,
};
use crate::source::decl::{CheckDecl, ColumnDecl, ForeignKeyDecl, IndexDecl, TableDecl, TenantDecl, UniqueDecl};
use crate::sql::SqlExpr;

mod exclusion;
mod trigger;

pub const TABLE_KEYS: &[&str] = &[
    "name",
    "comment",
    "tenant",
    "external",
    "primary_key",
    "primary_key_name",
    "primary_key_comment",
    "index",
    "unique",
    "check",
    "foreign_key",
    "exclude",
    "dialect",
    "renamed_from",
    "dropped",
    "purged",
    "group",
    "waive",
    "trigger",
];
/// The table keys that say something about the table itself (not elements of it).
const TABLE_OWN_KEYS: &[&str] = &[
    "name",
    "comment",
    "tenant",
    "external",
    "primary_key",
    "primary_key_name",
    "primary_key_comment",
    "renamed_from",
    "dropped",
    "purged",
    "group",
];
pub const COLUMN_KEYS: &[&str] = &[
    "name",
    "sql_type",
    "type_name",
    "max_length",
    "precision",
    "primary_key",
    "unique",
    "unique_per_tenant",
    "index",
    "default",
    "default_sql",
    "comment",
    "values",
    "check",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "set_on_update",
    "native_type",
    "diesel_type",
    "skip",
    "renamed_from",
    "dropped",
    "purged",
    "removed_values",
    "narrowing",
    "generated",
    "stored",
    "auto_increment",
    "sequence",
];

/// Table-level settings that are not part of the declaration.
#[derive(Default)]
pub struct TableOptions {
    pub dialect: Option<Dialect>,
}

/// Keys seen in one attribute scope, to report duplicates.
#[derive(Default)]
struct Seen(HashSet<String>);

impl Seen {
    fn once(&mut self, meta: &ParseNestedMeta, key: &str) -> syn::Result<()> {
        if self.0.insert(key.to_string()) {
            Ok(())
        } else {
            Err(meta.error(format!("duplicate `{key}`; each key may appear once")))
        }
    }
}

/// `key = "text"`, with the correct form in the error when the value is not a string.
fn string(meta: &ParseNestedMeta, form: &str) -> syn::Result<LitStr> {
    let value = meta.value()?;
    value.parse::<LitStr>().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("expected a string; the correct form looks like `{form}`"),
        )
    })
}

/// `key(a, b, c)` as a list of identifiers.
fn ident_list(meta: &ParseNestedMeta, form: &str) -> syn::Result<Vec<String>> {
    let mut names = Vec::new();
    meta.parse_nested_meta(|inner| match inner.path.get_ident() {
        Some(ident) if inner.input.is_empty() || inner.input.peek(Token![,]) => {
            names.push(ident.to_string().trim_start_matches("r#").to_string());
            Ok(())
        }
        _ => Err(inner.error(format!("expected a column name; the correct form looks like `{form}`"))),
    })
    .map_err(|e| {
        if e.to_string().starts_with("expected a column name") {
            e
        } else {
            syn::Error::new(e.span(), format!("{e}; the correct form looks like `{form}`"))
        }
    })?;
    if names.is_empty() {
        return Err(meta.error(format!("the list is empty; the correct form looks like `{form}`")));
    }
    Ok(names)
}

fn parenthesized<T: Parse>(meta: &ParseNestedMeta) -> syn::Result<Punctuated<T, Token![,]>> {
    let content;
    syn::parenthesized!(content in meta.input);
    Punctuated::parse_terminated(&content)
}

/// The string values of `meta`'s nested `key = "..."` entries, one per key of `keys`, in that
/// order; an unknown key is an error naming `path` (`table(index(key`) and the keys, a repeated
/// one an error too.
fn string_keys<const N: usize>(
    meta: &ParseNestedMeta,
    path: &str,
    keys: [&str; N],
    form: &str,
) -> syn::Result<[Option<LitStr>; N]> {
    let mut values: [Option<LitStr>; N] = std::array::from_fn(|_| None);
    let name = path.rsplit('(').next().unwrap_or(path);
    meta.parse_nested_meta(|inner| {
        let Some(at) = keys.iter().position(|key| inner.path.is_ident(key)) else {
            return Err(unknown_key(&inner, path, &keys));
        };
        if values[at].is_some() {
            return Err(inner.error(format!("duplicate key in `{name}(...)`")));
        }
        values[at] = Some(string(&inner, form)?);
        Ok(())
    })?;
    Ok(values)
}

fn unknown_key(meta: &ParseNestedMeta, attribute: &str, keys: &[&str]) -> syn::Error {
    let found = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_else(|| {
        quote::ToTokens::to_token_stream(&meta.path)
            .to_string()
            .replace(' ', "")
    });
    let hint = match closest(&found, keys.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? "),
        None => String::new(),
    };
    // `table(index` is written `#[table(index(...))]`: close what the attribute path opened.
    let closing = ")".repeat(attribute.matches('(').count());
    meta.error(format!(
        "unknown key `{found}` in #[{attribute}(...){closing}]; {hint}expected one of: {}",
        keys.join(", ")
    ))
}

/// Where the value of `key = value` is written, or the key itself for a flag or a list: what a
/// diagnostic about this key points at.
fn value_span(meta: &ParseNestedMeta) -> Span {
    let value = meta.input.fork();
    value
        .parse::<Token![=]>()
        .and_then(|_| value.parse::<Expr>())
        .map(|expr| expr.span())
        .unwrap_or_else(|_| meta.path.span())
}

/// A key that is a flag: `primary_key`, not `primary_key = true`.
fn flag(meta: &ParseNestedMeta, form: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let key = quote::ToTokens::to_token_stream(&meta.path).to_string();
        return Err(meta.error(format!(
            "`{key}` is a flag and takes no value; the correct form looks like `{form}`"
        )));
    }
    Ok(())
}

fn fk_action(ctx: &mut Ctx, lit: &LitStr) -> Option<FkAction> {
    let action = FkAction::parse(&lit.value());
    if action.is_none() {
        ctx.error(syn::Error::new(
            lit.span(),
            format!(
                "`{}` is not a foreign-key action; use one of: cascade, restrict, set_null, set_default, no_action",
                lit.value()
            ),
        ));
    }
    action
}

/// `deferrable` (initially immediate, as `DEFERRABLE` alone is in SQL) or
/// `deferrable = "initially_deferred"`.
fn deferrable(ctx: &mut Ctx, meta: &ParseNestedMeta, form: &str) -> syn::Result<Option<Deferrable>> {
    if !meta.input.peek(Token![=]) {
        flag(meta, form)?;
        return Ok(Some(Deferrable::InitiallyImmediate));
    }
    let lit = string(meta, form)?;
    let parsed = Deferrable::parse(&lit.value());
    if parsed.is_none() {
        ctx.error(syn::Error::new(
            lit.span(),
            format!(
                "`{}` is not when a deferrable constraint is checked; use `deferrable`, `deferrable = \"initially_immediate\"` or `deferrable = \"initially_deferred\"`",
                lit.value()
            ),
        ));
    }
    Ok(parsed)
}

fn index_method(ctx: &mut Ctx, lit: &LitStr) -> IndexMethod {
    IndexMethod::parse(&lit.value()).unwrap_or_else(|| {
        ctx.error(syn::Error::new(
            lit.span(),
            format!(
                "`{}` is not an index method; use one of: btree, gin, gist, hash, spgist, brin",
                lit.value()
            ),
        ));
        IndexMethod::Btree
    })
}

/// `key(column = "b", order = "desc", nulls = "last", opclass = "text_pattern_ops")` or
/// `key(expression = "lower(email)", ...)`: one index key with its options. `None` after a
/// reported mistake in a value.
fn index_key(ctx: &mut Ctx, meta: &ParseNestedMeta) -> syn::Result<Option<IndexKey>> {
    let form = "#[table(index(key(column = \"created_at\", order = \"desc\", nulls = \"last\", opclass = \"...\")))] or key(expression = \"lower(email)\")";
    let [column, expression, order, nulls, opclass] = string_keys(
        meta,
        "table(index(key",
        ["column", "expression", "order", "nulls", "opclass"],
        form,
    )?;
    let mut key = match (column, expression) {
        (Some(column), None) => IndexKey::column(column.value()),
        (None, Some(lit)) => match expr(ctx, &lit) {
            Some(e) => IndexKey::expression(e),
            None => return Ok(None),
        },
        _ => {
            return Err(meta.error(format!(
                "an index key has exactly one of `column` and `expression`; the correct form looks like `{form}`"
            )))
        }
    };
    let mut bad =
        |lit: &LitStr, what: &str| ctx.error(syn::Error::new(lit.span(), format!("`{}` is not {what}", lit.value())));
    if let Some(lit) = order {
        match parse_order(&lit.value()) {
            Some(descending) => key.descending = descending,
            None => bad(&lit, "an order; use \"asc\" or \"desc\""),
        }
    }
    if let Some(lit) = nulls {
        match NullsOrder::parse(&lit.value()) {
            Some(n) => key.nulls = Some(n),
            None => bad(&lit, "a place for nulls; use \"first\" or \"last\""),
        }
    }
    if let Some(lit) = opclass {
        match valid_opclass(&lit.value()) {
            true => key.opclass = Some(lit.value()),
            false => bad(
                &lit,
                "an operator class name; write its name, e.g. \"text_pattern_ops\"",
            ),
        }
    }
    Ok(Some(key))
}

/// `with(fillfactor = 70, fastupdate = "off")`: an index's storage parameters, each a number, a
/// boolean or a word.
fn storage_parameters(
    ctx: &mut Ctx,
    meta: &ParseNestedMeta,
    into: &mut std::collections::BTreeMap<String, String>,
) -> syn::Result<()> {
    meta.parse_nested_meta(|inner| {
        let name = inner.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        let lit: Lit = inner.value()?.parse()?;
        let value = match &lit {
            Lit::Int(i) => i.base10_digits().to_string(),
            Lit::Float(f) => f.base10_digits().to_string(),
            Lit::Bool(b) => b.value.to_string(),
            Lit::Str(s) => s.value(),
            _ => String::new(),
        };
        if crate::model::valid_storage_parameter(&name, &value) {
            into.insert(name, value);
        } else {
            ctx.error(syn::Error::new(
                lit.span(),
                format!("`{name} = {value}` is not a storage parameter; the correct form looks like `with(fillfactor = 70)`"),
            ));
        }
        Ok(())
    })
}

fn expr(ctx: &mut Ctx, lit: &LitStr) -> Option<SqlExpr> {
    SqlExpr::parse(&lit.value())
        .map_err(|e| ctx.error(syn::Error::new(lit.span(), format!("invalid SQL expression: {e}"))))
        .ok()
}

fn reference(ctx: &mut Ctx, lit: &LitStr) -> Option<Reference> {
    Reference::parse(&lit.value())
        .map_err(|e| ctx.error(syn::Error::new(lit.span(), e)))
        .ok()
}

/// Reads one `#[table(...)]` attribute into `decl`.
pub fn table_attribute(
    ctx: &mut Ctx,
    attr: &Attribute,
    decl: &mut TableDecl,
    options: &mut TableOptions,
    seen: &mut HashSet<String>,
) {
    let mut scope = Seen(std::mem::take(seen));
    let result = attr.parse_nested_meta(|meta| {
        let span = meta.path.span();
        // Keys of the table itself are recorded where they are written; the other keys
        // (`index`, `unique`, ...) declare elements with origins of their own.
        if let Some(key) = TABLE_OWN_KEYS.iter().find(|k| meta.path.is_ident(k)) {
            let origin = ctx.origin(value_span(&meta));
            decl.origin.set_key(key, origin);
        }
        // name = "lots"
        if meta.path.is_ident("name") {
            scope.once(&meta, "name")?;
            decl.name = string(&meta, "#[table(name = \"lots\")]")?.value();
        // comment = "Inventory lots"
        } else if meta.path.is_ident("comment") {
            scope.once(&meta, "comment")?;
            decl.comment = Some(string(&meta, "#[table(comment = \"...\")]")?.value());
        // tenant = "tenant_id" | tenant(column = "tenant_id", setting = "app.tenant", policy = "p")
        } else if meta.path.is_ident("tenant") {
            scope.once(&meta, "tenant")?;
            let form = "#[table(tenant = \"tenant_id\")] or #[table(tenant(column = \"tenant_id\", setting = \"app.current_tenant_id\"))]";
            let mut tenant = TenantDecl::default();
            if meta.input.peek(Token![=]) {
                tenant.column = string(&meta, form)?.value();
            } else {
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("column") {
                        tenant.column = string(&inner, form)?.value();
                    } else if inner.path.is_ident("setting") {
                        tenant.setting = Some(string(&inner, form)?.value());
                    } else if inner.path.is_ident("policy") {
                        tenant.policy = Some(string(&inner, form)?.value());
                    } else {
                        return Err(unknown_key(&inner, "table(tenant", &["column", "setting", "policy"]));
                    }
                    Ok(())
                })?;
                if tenant.column.is_empty() {
                    return Err(meta.error(format!("tenant needs its column; the correct form looks like `{form}`")));
                }
            }
            decl.tenant = Some(tenant);
        // external | external(owner = "main system team")
        } else if meta.path.is_ident("external") {
            scope.once(&meta, "external")?;
            let mut external = External::default();
            if meta.input.peek(Token![=]) {
                return Err(meta.error("`external` is a flag and takes no value; the correct form looks like `#[table(external)]` or `#[table(external(owner = \"main system team\"))]`"));
            }
            if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("owner") {
                        external.owner = Some(string(&inner, "#[table(external(owner = \"main system team\"))]")?.value());
                        Ok(())
                    } else {
                        Err(unknown_key(&inner, "table(external", &["owner"]))
                    }
                })?;
            }
            decl.external = Some(external);
        // primary_key_name = "lots_pk"
        } else if meta.path.is_ident("primary_key_name") {
            scope.once(&meta, "primary_key_name")?;
            decl.primary_key_name = Some(string(&meta, "#[table(primary_key_name = \"lots_pk\")]")?.value());
        // primary_key_comment = "..."
        } else if meta.path.is_ident("primary_key_comment") {
            scope.once(&meta, "primary_key_comment")?;
            decl.primary_key_comment =
                Some(string(&meta, "#[table(primary_key_comment = \"One row per lot\")]")?.value());
        // primary_key(tenant_id, order_id)
        } else if meta.path.is_ident("primary_key") {
            scope.once(&meta, "primary_key")?;
            decl.primary_key = Some(ident_list(&meta, "#[table(primary_key(tenant_id, order_id))]")?);
        // index(columns(a, b), name = "...", unique, method = "gin", predicate = "is_active")
        // index(columns(a), key(column = "b", order = "desc", nulls = "last", opclass = "..."),
        //       key(expression = "lower(email)"))  (keys in the order written)
        } else if meta.path.is_ident("index") {
            let form = "#[table(index(columns(tenant_id, status), name = \"idx_...\", unique, method = \"btree\", predicate = \"...\"))]";
            let mut index = IndexDecl { origin: ctx.origin(span), ..IndexDecl::default() };
            let mut key_reported = false;
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("columns") {
                    index.origin.set_key("columns", ctx.origin(value_span(&inner)));
                    index.columns.extend(ident_list(&inner, form)?.into_iter().map(IndexKey::column));
                } else if inner.path.is_ident("key") {
                    index.origin.set_key("columns", ctx.origin(value_span(&inner)));
                    match index_key(ctx, &inner)? {
                        Some(key) => index.columns.push(key),
                        None => key_reported = true,
                    }
                // include(a, b)
                } else if inner.path.is_ident("include") {
                    index.origin.set_key("include", ctx.origin(value_span(&inner)));
                    index.include = ident_list(&inner, "#[table(index(columns(a), include(b, c)))]")?;
                // with(fillfactor = 70, fastupdate = "off")
                } else if inner.path.is_ident("with") {
                    index.origin.set_key("with", ctx.origin(value_span(&inner)));
                    storage_parameters(ctx, &inner, &mut index.with)?;
                } else if inner.path.is_ident("name") {
                    index.origin.set_key("name", ctx.origin(value_span(&inner)));
                    index.name = Some(string(&inner, form)?.value());
                } else if inner.path.is_ident("unique") {
                    flag(&inner, "#[table(index(columns(a, b), unique))]")?;
                    index.unique = true;
                } else if inner.path.is_ident("method") {
                    let lit = string(&inner, form)?;
                    index.method = index_method(ctx, &lit);
                } else if inner.path.is_ident("predicate") {
                    let lit = string(&inner, form)?;
                    index.predicate = expr(ctx, &lit);
                } else if inner.path.is_ident("comment") {
                    index.comment = Some(string(&inner, form)?.value());
                } else {
                    return Err(unknown_key(
                        &inner,
                        "table(index",
                        &["columns", "key", "name", "unique", "method", "predicate", "include", "with", "comment"],
                    ));
                }
                Ok(())
            })?;
            if index.columns.is_empty() {
                // A key whose mistake is reported already leaves nothing else to say.
                if !key_reported {
                    return Err(meta.error(format!(
                        "index needs `columns(...)` or `key(...)`; the correct form looks like `{form}`"
                    )));
                }
            } else {
                decl.indexes.push(index);
            }
        // unique(columns(tenant_id, code), name = "...", deferrable = "initially_deferred")
        } else if meta.path.is_ident("unique") {
            let form = "#[table(unique(columns(tenant_id, lot_code), name = \"...\"))]";
            let mut unique = UniqueDecl { origin: ctx.origin(span), ..UniqueDecl::default() };
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("columns") {
                    unique.columns = ident_list(&inner, form)?;
                } else if inner.path.is_ident("name") {
                    unique.origin.set_key("name", ctx.origin(value_span(&inner)));
                    unique.name = Some(string(&inner, form)?.value());
                } else if inner.path.is_ident("deferrable") {
                    unique.origin.set_key("deferrable", ctx.origin(value_span(&inner)));
                    unique.deferrable = deferrable(ctx, &inner, "#[table(unique(columns(a, b), deferrable = \"initially_deferred\"))]")?;
                } else if inner.path.is_ident("comment") {
                    unique.comment = Some(string(&inner, form)?.value());
                } else {
                    return Err(unknown_key(&inner, "table(unique", &["columns", "name", "deferrable", "comment"]));
                }
                Ok(())
            })?;
            if unique.columns.is_empty() {
                return Err(meta.error(format!("unique needs `columns(...)`; the correct form looks like `{form}`")));
            }
            decl.uniques.push(unique);
        // check(expr = "quantity >= 0", name = "...", not_valid)
        } else if meta.path.is_ident("check") {
            let form = "#[table(check(expr = \"quantity >= 0\", name = \"...\"))]";
            let mut origin = ctx.origin(span);
            let (mut name, mut text, mut not_valid, mut comment) = (None, None, false, None);
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("expr") {
                    text = Some(string(&inner, form)?);
                } else if inner.path.is_ident("name") {
                    origin.set_key("name", ctx.origin(value_span(&inner)));
                    name = Some(string(&inner, form)?.value());
                } else if inner.path.is_ident("not_valid") {
                    origin.set_key("not_valid", ctx.origin(inner.path.span()));
                    flag(&inner, "#[table(check(expr = \"quantity >= 0\", not_valid))]")?;
                    not_valid = true;
                } else if inner.path.is_ident("comment") {
                    comment = Some(string(&inner, form)?.value());
                } else {
                    return Err(unknown_key(&inner, "table(check", &["expr", "name", "not_valid", "comment"]));
                }
                Ok(())
            })?;
            let Some(text) = text else {
                return Err(meta.error(format!("check needs `expr`; the correct form looks like `{form}`")));
            };
            if let Some(expr) = expr(ctx, &text) {
                decl.checks.push(CheckDecl { name, expr, not_valid, comment, origin });
            }
        // foreign_key(columns(a, b), references = "t(x, y)", on_delete = "cascade", on_update = "...", name = "...",
        //             deferrable = "initially_deferred")
        } else if meta.path.is_ident("foreign_key") {
            let form = "#[table(foreign_key(columns(tenant_id, order_id), references = \"orders(tenant_id, order_id)\", on_delete = \"cascade\"))]";
            let mut origin = ctx.origin(span);
            let (mut name, mut columns, mut target, mut on_delete, mut on_update) = (None, Vec::new(), None, None, None);
            let (mut deferrable_when, mut not_valid, mut comment) = (None, false, None);
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("columns") {
                    columns = ident_list(&inner, form)?;
                } else if inner.path.is_ident("references") {
                    let lit = string(&inner, form)?;
                    target = reference(ctx, &lit);
                } else if inner.path.is_ident("on_delete") {
                    let lit = string(&inner, form)?;
                    on_delete = fk_action(ctx, &lit);
                } else if inner.path.is_ident("on_update") {
                    let lit = string(&inner, form)?;
                    on_update = fk_action(ctx, &lit);
                } else if inner.path.is_ident("name") {
                    origin.set_key("name", ctx.origin(value_span(&inner)));
                    name = Some(string(&inner, form)?.value());
                } else if inner.path.is_ident("deferrable") {
                    origin.set_key("deferrable", ctx.origin(value_span(&inner)));
                    deferrable_when = deferrable(ctx, &inner, "#[table(foreign_key(columns(a), references = \"t(x)\", on_delete = \"cascade\", deferrable = \"initially_deferred\"))]")?;
                } else if inner.path.is_ident("not_valid") {
                    origin.set_key("not_valid", ctx.origin(inner.path.span()));
                    flag(&inner, "#[table(foreign_key(columns(a), references = \"t(x)\", on_delete = \"cascade\", not_valid))]")?;
                    not_valid = true;
                } else if inner.path.is_ident("comment") {
                    comment = Some(string(&inner, form)?.value());
                } else {
                    return Err(unknown_key(&inner, "table(foreign_key", &["columns", "references", "on_delete", "on_update", "deferrable", "not_valid", "name", "comment"]));
                }
                Ok(())
            })?;
            if columns.is_empty() {
                return Err(meta.error(format!("foreign_key needs `columns(...)`; the correct form looks like `{form}`")));
            }
            if let Some(references) = target {
                decl.foreign_keys.push(ForeignKeyDecl { name, columns, references, on_delete, on_update, deferrable: deferrable_when, not_valid, comment, origin });
            }
        // exclude(element(column = "room_id", with = "="), element(column = "during", with = "&&"), ...)
        } else if meta.path.is_ident("exclude") {
            let exclusion = exclusion::exclusion(ctx, &meta, span)?;
            if !exclusion.elements.is_empty() {
                decl.exclusions.push(exclusion);
            }
        // trigger(name = "...", timing = "before", events = "update", execute = "touch()", ...)
        } else if meta.path.is_ident("trigger") {
            trigger::trigger(ctx, &meta, decl)?;
        // renamed_from = "old_name"
        } else if meta.path.is_ident("renamed_from") {
            scope.once(&meta, "renamed_from")?;
            decl.renamed_from = Some(string(&meta, "#[table(renamed_from = \"old_name\")]")?.value());
        // group = "scheduler"
        } else if meta.path.is_ident("group") {
            scope.once(&meta, "group")?;
            decl.group = Some(string(&meta, "#[table(group = \"scheduler\")]")?.value());
        // waive(check = "unindexed-foreign-key", object = "lots_location_id_fkey", reason = "...")
        } else if meta.path.is_ident("waive") {
            let form = "#[table(waive(check = \"unindexed-foreign-key\", object = \"lots_location_id_fkey\", reason = \"...\"))]";
            let mut waiver = Waiver { origin: ctx.origin(span), ..Waiver::default() };
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("check") {
                    waiver.check = string(&inner, form)?.value();
                } else if inner.path.is_ident("object") {
                    waiver.object = string(&inner, form)?.value();
                } else if inner.path.is_ident("reason") {
                    waiver.reason = string(&inner, form)?.value();
                } else {
                    return Err(unknown_key(&inner, "table(waive", &["check", "object", "reason"]));
                }
                Ok(())
            })?;
            if waiver.check.is_empty() || waiver.object.is_empty() {
                return Err(meta.error(format!("waive needs `check` and `object`; the correct form looks like `{form}`")));
            }
            decl.waivers.push(waiver);
        // dropped | purged
        } else if meta.path.is_ident("dropped") || meta.path.is_ident("purged") {
            let key = if meta.path.is_ident("dropped") { "dropped" } else { "purged" };
            scope.once(&meta, key)?;
            flag(&meta, &format!("#[table({key})]"))?;
            decl.lifecycle = match (key, decl.lifecycle) {
                ("purged", _) | (_, crate::model::Lifecycle::Purged) => crate::model::Lifecycle::Purged,
                _ => crate::model::Lifecycle::Dropped,
            };
        // dialect = "postgres"
        } else if meta.path.is_ident("dialect") {
            scope.once(&meta, "dialect")?;
            let lit = string(&meta, "#[table(dialect = \"postgres\")]")?;
            match lit.value().parse() {
                Ok(dialect) => options.dialect = Some(dialect),
                Err(e) => return Err(syn::Error::new(lit.span(), e)),
            }
        } else {
            return Err(unknown_key(&meta, "table", TABLE_KEYS));
        }
        Ok(())
    });
    *seen = scope.0;
    if let Err(e) = result {
        ctx.error(e);
    }
}

/// What `#[column(...)]` attributes say about one field.
pub struct FieldAttrs {
    pub name: Option<String>,
    pub sql_type: Option<(ColumnType, Span)>,
    pub max_length: Option<(u32, Span)>,
    /// Fractional digits of seconds for a time field (`precision = 6`: `timestamp(6)`).
    pub precision: Option<(u8, Span)>,
    pub skip: bool,
    pub decl: ColumnDecl,
}

/// Reads every `#[column(...)]` attribute of a field.
pub fn column_attributes(ctx: &mut Ctx, attrs: &[Attribute], field_origin: crate::model::Origin) -> FieldAttrs {
    let mut out = FieldAttrs {
        name: None,
        sql_type: None,
        max_length: None,
        precision: None,
        skip: false,
        decl: ColumnDecl::new(String::new(), ColumnType::Text, field_origin),
    };
    let mut scope = Seen::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("column")) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(ident) = meta.path.get_ident().map(|i| i.to_string()) else {
                return Err(unknown_key(&meta, "column", COLUMN_KEYS));
            };
            let Some(key) = COLUMN_KEYS.iter().find(|k| **k == ident) else {
                return Err(unknown_key(&meta, "column", COLUMN_KEYS));
            };
            scope.once(&meta, &ident)?;
            let at = ctx.origin(value_span(&meta));
            match *key {
                // The column's type is what these two say.
                "sql_type" | "max_length" | "precision" => out.decl.origin.set_key("type", at.clone()),
                "default_sql" => out.decl.origin.set_key("default", at.clone()),
                _ => {}
            }
            out.decl.origin.set_key(key, at);
            let form = |example: &str| format!("#[column({example})]");
            let decl = &mut out.decl;
            match ident.as_str() {
                // name = "sql_name"
                "name" => out.name = Some(string(&meta, &form("name = \"lot_code\""))?.value()),
                // sql_type = "varchar(50)"
                "sql_type" => {
                    let lit = string(&meta, &form("sql_type = \"varchar(50)\""))?;
                    match lit.value().parse::<ColumnType>() {
                        Ok(ty) => out.sql_type = Some((ty, lit.span())),
                        Err(e) => ctx.error(syn::Error::new(lit.span(), e.to_string())),
                    }
                }
                // type_name = "mood": an enum type or a domain the schema declares (in YAML), or
                // an extension's type; `mood[]` for an array of it. The schema's checks resolve it.
                "type_name" => {
                    let lit = string(&meta, &form("type_name = \"mood\""))?;
                    match ColumnType::parse_declared(&lit.value()) {
                        Ok(ty) if ty.declared_name().is_some() => out.sql_type = Some((ty, lit.span())),
                        Ok(ty) => ctx.error(syn::Error::new(
                            lit.span(),
                            format!("`{ty}` is a built-in type: write `sql_type = \"{ty}\"`"),
                        )),
                        Err(e) => ctx.error(syn::Error::new(lit.span(), e.to_string())),
                    }
                }
                // max_length = 50
                "max_length" => {
                    let lit: syn::LitInt = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(e.span(), format!("expected a number; the correct form looks like `{}`", form("max_length = 50")))
                    })?;
                    out.max_length = Some((lit.base10_parse()?, lit.span()));
                }
                // precision = 6
                "precision" => {
                    let lit: syn::LitInt = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(e.span(), format!("expected a number; the correct form looks like `{}`", form("precision = 6")))
                    })?;
                    match lit.base10_parse::<u8>() {
                        Ok(p) if p <= crate::model::MAX_PRECISION => out.precision = Some((p, lit.span())),
                        _ => ctx.error(syn::Error::new(
                            lit.span(),
                            "precision (fractional digits of seconds) must be from 0 to 6",
                        )),
                    }
                }
                // primary_key | unique | unique_per_tenant | set_on_update | skip | dropped | purged
                "primary_key" | "unique" | "unique_per_tenant" | "set_on_update" | "skip" | "dropped" | "purged" => {
                    flag(&meta, &form(&ident))?;
                    match ident.as_str() {
                        "primary_key" => decl.primary_key = true,
                        "unique" => decl.unique = true,
                        "unique_per_tenant" => decl.unique_per_tenant = true,
                        "set_on_update" => decl.set_on_update = true,
                        "purged" => decl.lifecycle = crate::model::Lifecycle::Purged,
                        "dropped" if decl.lifecycle.is_live() => decl.lifecycle = crate::model::Lifecycle::Dropped,
                        "dropped" => {}
                        _ => out.skip = true,
                    }
                }
                // renamed_from = "old_name"
                "renamed_from" => decl.renamed_from = Some(string(&meta, &form("renamed_from = \"old_name\""))?.value()),
                // generated = "price * quantity"
                "generated" => {
                    let lit = string(&meta, &form("generated = \"price * quantity\""))?;
                    decl.generated = expr(ctx, &lit);
                }
                // stored = false
                "stored" => {
                    let lit: syn::LitBool = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            format!("expected `true` or `false`; the correct form looks like `{}`", form("stored = false")),
                        )
                    })?;
                    decl.stored = Some(lit.value);
                }
                // narrowing = "allowed" | "purged"
                "narrowing" => {
                    let example = form("narrowing = \"allowed\"");
                    let lit = string(&meta, &example)?;
                    decl.narrowing = match lit.value().as_str() {
                        "allowed" => Some(crate::model::Narrowing::Allowed),
                        "purged" => Some(crate::model::Narrowing::Purged),
                        other => {
                            return Err(syn::Error::new(
                                lit.span(),
                                format!("unknown narrowing `{other}`: it is \"allowed\" or \"purged\", e.g. `{example}`"),
                            ))
                        }
                    };
                }
                // removed_values("ON_HOLD")
                "removed_values" => {
                    let list: Punctuated<LitStr, Token![,]> = parenthesized(&meta).map_err(|e| {
                        syn::Error::new(e.span(), format!("expected strings; the correct form looks like `{}`", form("removed_values(\"ON_HOLD\")")))
                    })?;
                    decl.removed_values = list.iter().map(LitStr::value).collect();
                }
                // index | index = "gin"
                "index" => {
                    if meta.input.peek(syn::token::Paren) {
                        return Err(meta.error(format!(
                            "a column's index is `{}` or `{}`; an index over several columns goes on the struct: `#[table(index(columns(a, b)))]`",
                            form("index"),
                            form("index = \"gin\"")
                        )));
                    }
                    decl.index = Some(if meta.input.peek(Token![=]) {
                        let lit = string(&meta, &form("index = \"gin\""))?;
                        index_method(ctx, &lit)
                    } else {
                        IndexMethod::Btree
                    });
                }
                // default = 0 | default = -1.5 | default = "WAREHOUSE" | default = true
                "default" => {
                    let value: Expr = meta.value()?.parse()?;
                    decl.default = Some(DefaultValue::Literal(literal(&value).ok_or_else(|| {
                        syn::Error::new(value.span(), format!(
                            "expected a literal value; the correct form looks like `{}` (use `default_sql = \"now()\"` for an SQL expression)",
                            form("default = 0")
                        ))
                    })?));
                }
                // default_sql = "now()"
                "default_sql" => {
                    let lit = string(&meta, &form("default_sql = \"now()\""))?;
                    match DefaultValue::from_sql(&lit.value()) {
                        Ok(d) => decl.default = Some(d),
                        Err(e) => ctx.error(syn::Error::new(lit.span(), format!("invalid SQL expression: {e}"))),
                    }
                }
                // comment = "..."
                "comment" => decl.comment = Some(string(&meta, &form("comment = \"...\""))?.value()),
                // values("WAREHOUSE", "ZONE")
                "values" => {
                    let list: Punctuated<LitStr, Token![,]> = parenthesized(&meta).map_err(|e| {
                        syn::Error::new(e.span(), format!("expected strings; the correct form looks like `{}`", form("values(\"WAREHOUSE\", \"ZONE\")")))
                    })?;
                    decl.values = Some(list.iter().map(LitStr::value).collect());
                }
                // check = "quantity >= 0"
                "check" => {
                    let lit = string(&meta, &form("check = \"quantity >= 0\""))?;
                    decl.check = expr(ctx, &lit);
                }
                // references = "storage_locations.location_id"
                "references" => {
                    let lit = string(&meta, &form("references = \"storage_locations.location_id\""))?;
                    decl.references = reference(ctx, &lit);
                }
                // on_delete = "restrict"
                "on_delete" => {
                    let lit = string(&meta, &form("on_delete = \"restrict\""))?;
                    decl.on_delete = fk_action(ctx, &lit);
                }
                "on_update" => {
                    let lit = string(&meta, &form("on_update = \"cascade\""))?;
                    decl.on_update = fk_action(ctx, &lit);
                }
                // deferrable | deferrable = "initially_deferred" (of the column's foreign key)
                "deferrable" => decl.deferrable = deferrable(ctx, &meta, &form("deferrable = \"initially_deferred\""))?,
                // native_type(postgres = "citext")
                "native_type" => {
                    meta.parse_nested_meta(|inner| {
                        let name = quote::ToTokens::to_token_stream(&inner.path).to_string();
                        let dialect = name.parse::<Dialect>().map_err(|e| inner.error(e))?;
                        let lit = string(&inner, &form("native_type(postgres = \"citext\")"))?;
                        decl.native_types.insert(dialect, lit.value());
                        Ok(())
                    })?;
                }
                // auto_increment = "sequence" | "identity" | "always"
                "auto_increment" => {
                    let example = form("auto_increment = \"sequence\"");
                    let lit = string(&meta, &example)?;
                    match crate::model::AutoIncrement::parse(&lit.value()) {
                        Some(kind) => decl.auto_increment = Some(kind),
                        None => {
                            return Err(syn::Error::new(
                                lit.span(),
                                format!(
                                    "unknown auto_increment `{}`: it is \"identity\" (the default), \"always\" or \"sequence\", e.g. `{example}`",
                                    lit.value()
                                ),
                            ))
                        }
                    }
                }
                // sequence = "packages_id_seq"
                // sequence(name = "packages_id_seq", start = 1000, increment = 10, min_value = 1,
                //          max_value = 99999, cache = 20, cycle)
                "sequence" => {
                    let example = form("sequence(name = \"packages_id_seq\", start = 1000)");
                    let mut sequence = crate::model::Sequence::default();
                    if meta.input.peek(syn::Token![=]) {
                        sequence.name = Some(string(&meta, &form("sequence = \"packages_id_seq\""))?.value());
                    } else {
                        meta.parse_nested_meta(|inner| {
                            let key = quote::ToTokens::to_token_stream(&inner.path).to_string();
                            let number = |inner: &syn::meta::ParseNestedMeta| -> syn::Result<i64> {
                                let expr: Expr = inner.value()?.parse()?;
                                let (negative, expr) = match expr {
                                    Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => (true, *expr),
                                    other => (false, other),
                                };
                                match expr {
                                    Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => {
                                        let text = format!("{}{}", if negative { "-" } else { "" }, i.base10_digits());
                                        text.parse::<i64>().map_err(|_| {
                                            syn::Error::new(i.span(), format!("`{key}` must fit in 64 bits, e.g. `{example}`"))
                                        })
                                    }
                                    other => Err(syn::Error::new_spanned(
                                        other,
                                        format!("`{key}` is a whole number, e.g. `{example}`"),
                                    )),
                                }
                            };
                            match key.as_str() {
                                "name" => sequence.name = Some(string(&inner, &example)?.value()),
                                "start" => sequence.start = Some(number(&inner)?),
                                "increment" => sequence.increment = Some(number(&inner)?),
                                "min_value" => sequence.min_value = Some(number(&inner)?),
                                "max_value" => sequence.max_value = Some(number(&inner)?),
                                "cache" => sequence.cache = Some(number(&inner)?),
                                "cycle" => sequence.cycle = true,
                                other => {
                                    return Err(inner.error(format!(
                                        "unknown sequence option `{other}`; valid: name, start, increment, min_value, max_value, cache, cycle, e.g. `{example}`"
                                    )))
                                }
                            }
                            Ok(())
                        })?;
                    }
                    decl.sequence = Some(sequence);
                }
                // diesel_type = "diesel_citext::sql_types::Citext"
                "diesel_type" => {
                    decl.diesel_type = Some(string(&meta, &form("diesel_type = \"my_crate::sql_types::Citext\""))?.value());
                }
                _ => unreachable!("every key in COLUMN_KEYS has a branch"),
            }
            Ok(())
        });
        if let Err(e) = result {
            ctx.error(e);
        }
    }
    out
}

/// A literal default: `0`, `-1.5`, `"text"`, `true`.
fn literal(expr: &Expr) -> Option<Literal> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => match lit {
            Lit::Str(s) => Some(Literal::String(s.value())),
            Lit::Bool(b) => Some(Literal::Bool(b.value)),
            Lit::Int(i) => Literal::number(i.base10_digits()),
            Lit::Float(f) => Literal::number(f.base10_digits()),
            _ => None,
        },
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_), expr, ..
        }) => match literal(expr)? {
            Literal::Number(n) => Literal::number(&format!("-{n}")),
            _ => None,
        },
        Expr::Group(group) => literal(&group.expr),
        _ => None,
    }
}
