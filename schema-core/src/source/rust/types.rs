//! The SQL type a Rust field type stands for, when `sql_type` does not say.

use syn::{GenericArgument, PathArguments, Type};

use crate::model::{ColumnType, PgType};

/// `Option<T>` → (`T`, nullable).
pub fn unwrap_option(ty: &Type) -> (&Type, bool) {
    match generic_argument(ty, "Option") {
        Some(inner) => (inner, true),
        None => (ty, false),
    }
}

/// The portable type for a Rust type, by the last path segment (so `uuid::Uuid`, `Uuid` and
/// `::uuid::Uuid` all work).
pub fn infer(ty: &Type) -> Option<ColumnType> {
    if let Some(inner) = generic_argument(ty, "Vec") {
        // `Vec<u8>` is bytes; any other `Vec<T>` a PostgreSQL array (diesel's `Array<T>`), whose
        // elements may be NULL when written `Vec<Option<T>>`.
        if last_segment(inner).as_deref() == Some("u8") {
            return Some(ColumnType::Binary);
        }
        let (element, _) = unwrap_option(inner);
        return ColumnType::array_of(infer(element)?).ok();
    }
    if let Some(range) = range(ty) {
        return Some(range);
    }
    let name = last_segment(ty)?;
    Some(match name.as_str() {
        "i16" => ColumnType::SmallInt,
        "i32" => ColumnType::Integer,
        "i64" => ColumnType::BigInt,
        "bool" => ColumnType::Boolean,
        "String" => ColumnType::Text,
        "f32" => ColumnType::Real,
        "f64" => ColumnType::Double,
        "Uuid" => ColumnType::Uuid,
        "NaiveDate" | "Date" => ColumnType::Date,
        "NaiveTime" | "Time" => ColumnType::Time(None),
        "NaiveDateTime" | "PrimitiveDateTime" => ColumnType::Timestamp(None),
        "DateTime" | "OffsetDateTime" => ColumnType::Timestamptz(None),
        "Value" | "JsonValue" => ColumnType::Jsonb,
        "BigDecimal" | "Decimal" => ColumnType::Numeric(None),
        // diesel's own PostgreSQL values, and the network crates it supports.
        "PgInterval" => ColumnType::Postgres(PgType::Interval(None, None)),
        "PgMoney" => ColumnType::Postgres(PgType::Money),
        "IpNetwork" | "IpNet" => ColumnType::Postgres(PgType::Inet),
        _ => return None,
    })
}

/// What to say of a field whose SQL type [`infer`] cannot tell.
pub fn not_inferred(ty: &Type) -> String {
    match last_segment(ty).as_deref() {
        // diesel reads unsigned integers on MySQL only, and none reads i8 or 128-bit integers.
        Some(int @ ("u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i128" | "isize")) => format!(
            "`{int}` has no SQL type diesel reads on every database: use `i16`, `i32` or `i64`, \
             or name the column's type with `#[column(sql_type = \"...\")]`"
        ),
        _ => "cannot tell the SQL type of this field; add e.g. `#[column(sql_type = \"numeric(12,3)\")]`".into(),
    }
}

/// `(Bound<T>, Bound<T>)`, what diesel reads a PostgreSQL range into: the range of T.
fn range(ty: &Type) -> Option<ColumnType> {
    let Type::Tuple(tuple) = ty else { return None };
    let [low, high] = [tuple.elems.first()?, tuple.elems.last()?];
    if tuple.elems.len() != 2 {
        return None;
    }
    let bound = generic_argument(low, "Bound")?;
    generic_argument(high, "Bound")?;
    Some(ColumnType::Postgres(match infer(bound)? {
        ColumnType::Integer => PgType::Int4Range,
        ColumnType::BigInt => PgType::Int8Range,
        ColumnType::Numeric(_) => PgType::NumRange,
        ColumnType::Timestamp(_) => PgType::TsRange,
        ColumnType::Timestamptz(_) => PgType::TsTzRange,
        ColumnType::Date => PgType::DateRange,
        _ => return None,
    }))
}

fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => last_segment(&r.elem).filter(|s| s == "str").map(|_| "String".into()),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

fn generic_argument<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        syn::parse_str(text).unwrap()
    }

    #[test]
    fn common_types() {
        assert_eq!(infer(&ty("uuid::Uuid")), Some(ColumnType::Uuid));
        assert_eq!(
            infer(&ty("chrono::DateTime<chrono::Utc>")),
            Some(ColumnType::Timestamptz(None))
        );
        assert_eq!(infer(&ty("Vec<u8>")), Some(ColumnType::Binary));
        assert_eq!(infer(&ty("Vec<i32>")), Some(ColumnType::Array(&ColumnType::Integer)));
        assert_eq!(
            infer(&ty("Vec<Option<String>>")),
            Some(ColumnType::Array(&ColumnType::Text))
        );
        assert_eq!(infer(&ty("Vec<MyType>")), None);
        assert_eq!(
            infer(&ty("ipnetwork::IpNetwork")),
            Some(ColumnType::Postgres(PgType::Inet))
        );
        assert_eq!(
            infer(&ty("(Bound<i32>, Bound<i32>)")),
            Some(ColumnType::Postgres(PgType::Int4Range))
        );
        assert_eq!(
            infer(&ty(
                "(std::ops::Bound<chrono::DateTime<chrono::Utc>>, std::ops::Bound<chrono::DateTime<chrono::Utc>>)"
            )),
            Some(ColumnType::Postgres(PgType::TsTzRange))
        );
        assert_eq!(infer(&ty("(i32, i32)")), None);
        assert_eq!(infer(&ty("MyType")), None);
        let option = ty("Option<chrono::NaiveDate>");
        let (inner, nullable) = unwrap_option(&option);
        assert!(nullable);
        assert_eq!(infer(inner), Some(ColumnType::Date));
    }
}
