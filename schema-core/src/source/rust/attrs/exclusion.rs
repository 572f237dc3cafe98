//! `#[table(exclude(...))]`: an exclusion constraint, as the YAML's `excludes:` entries.

use syn::meta::ParseNestedMeta;

use super::{deferrable, expr, index_method, string, string_keys, unknown_key, value_span, Ctx};
use crate::model::{valid_opclass, valid_operator, ExclusionElement, IndexKey, IndexMethod};
use crate::source::decl::ExclusionDecl;

const FORM: &str = "#[table(exclude(element(column = \"room_id\", with = \"=\"), element(column = \"during\", with = \"&&\"), name = \"...\", method = \"gist\", where = \"NOT cancelled\", deferrable, comment = \"...\"))]";

/// exclude(element(column = "room_id", with = "="), element(expression = "...", with = "&&", opclass = "..."),
///         name = "...", method = "gist", where = "...", deferrable = "initially_deferred", comment = "...")
pub(super) fn exclusion(ctx: &mut Ctx, meta: &ParseNestedMeta, span: proc_macro2::Span) -> syn::Result<ExclusionDecl> {
    let mut decl = ExclusionDecl {
        name: None,
        method: IndexMethod::Gist,
        elements: Vec::new(),
        predicate: None,
        deferrable: None,
        comment: None,
        origin: ctx.origin(span),
    };
    let mut element_reported = false;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("element") {
            match element(ctx, &inner)? {
                Some(element) => decl.elements.push(element),
                None => element_reported = true,
            }
        } else if inner.path.is_ident("name") {
            decl.origin.set_key("name", ctx.origin(value_span(&inner)));
            decl.name = Some(string(&inner, FORM)?.value());
        } else if inner.path.is_ident("method") {
            let lit = string(&inner, FORM)?;
            decl.method = index_method(ctx, &lit);
            if matches!(decl.method, IndexMethod::Gin | IndexMethod::Brin) {
                ctx.error(syn::Error::new(
                    lit.span(),
                    "an exclusion constraint cannot use this method: its index cannot compare one row with another; use gist (the default), spgist, btree or hash",
                ));
            }
        } else if inner.path.is_ident("where") {
            let lit = string(&inner, FORM)?;
            decl.predicate = expr(ctx, &lit);
        } else if inner.path.is_ident("deferrable") {
            decl.origin.set_key("deferrable", ctx.origin(value_span(&inner)));
            decl.deferrable = deferrable(ctx, &inner, FORM)?;
        } else if inner.path.is_ident("comment") {
            decl.comment = Some(string(&inner, FORM)?.value());
        } else {
            return Err(unknown_key(
                &inner,
                "table(exclude",
                &["element", "name", "method", "where", "deferrable", "comment"],
            ));
        }
        Ok(())
    })?;
    if decl.elements.is_empty() && !element_reported {
        return Err(meta.error(format!(
            "exclude needs at least one `element(...)`; the correct form looks like `{FORM}`"
        )));
    }
    Ok(decl)
}

fn element(ctx: &mut Ctx, meta: &ParseNestedMeta) -> syn::Result<Option<ExclusionElement>> {
    let [column, expression, opclass, with] = string_keys(
        meta,
        "table(exclude(element",
        ["column", "expression", "opclass", "with"],
        FORM,
    )?;
    let Some(with) = with else {
        return Err(meta.error(format!(
            "an element needs `with = \"...\"`, its operator; the correct form looks like `{FORM}`"
        )));
    };
    if !valid_operator(&with.value()) {
        ctx.error(syn::Error::new(
            with.span(),
            format!(
                "`{}` is not an operator; write e.g. `with = \"=\"` or `with = \"&&\"`",
                with.value()
            ),
        ));
        return Ok(None);
    }
    let mut key = match (column, expression) {
        (Some(column), None) => IndexKey::column(column.value()),
        (None, Some(lit)) => match expr(ctx, &lit) {
            Some(e) => IndexKey::expression(e),
            None => return Ok(None),
        },
        _ => {
            return Err(meta.error(format!(
                "an element has exactly one of `column` and `expression`; the correct form looks like `{FORM}`"
            )))
        }
    };
    if let Some(lit) = opclass {
        if valid_opclass(&lit.value()) {
            key.opclass = Some(lit.value());
        } else {
            ctx.error(syn::Error::new(
                lit.span(),
                format!("`{}` is not an operator class name", lit.value()),
            ));
        }
    }
    Ok(Some(ExclusionElement {
        key,
        with: with.value(),
    }))
}
