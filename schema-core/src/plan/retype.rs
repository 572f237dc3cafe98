//! How a column's type can change: in place, by a lossless conversion, or by one that may fail
//! or lose data (narrowing), which the schema must allow explicitly.

use crate::dialect::Dialect;
use crate::model::{fractional_digits, ColumnType, IntervalFields, PgType, MAX_PRECISION};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Retype {
    /// The database changes only its catalog: no row is rewritten.
    InPlace,
    /// Every value converts, and converting it back gives it again.
    Lossless,
    /// Some values may not convert (the change fails on them) or convert with a loss.
    Narrowing,
    /// No conversion between the two types.
    Impossible,
}

pub(super) fn classify(from: ColumnType, to: ColumnType, dialect: Dialect) -> Retype {
    if in_place(from, to, dialect) {
        Retype::InPlace
    } else if !convertible(from, to) {
        Retype::Impossible
    } else if lossless(from, to) {
        Retype::Lossless
    } else {
        Retype::Narrowing
    }
}

/// Whether the two types are the same in the database: only their precision differs, and the
/// database writes them alike (MySQL: no precision is 6 digits; SQLite writes none). A change
/// between them changes nothing.
pub(super) fn same_in_database(from: ColumnType, to: ColumnType, dialect: Dialect) -> bool {
    let (Some(a), Some(b)) = (from.with_precision(None), to.with_precision(None)) else {
        return from == to;
    };
    let precision = |t: ColumnType| match t.element() {
        Some(element) => element.precision(),
        None => t.precision(),
    };
    a == b
        && match dialect {
            Dialect::Postgres => from == to,
            Dialect::Sqlite => true,
            Dialect::Mysql => fractional_digits(precision(from)) == fractional_digits(precision(to)),
        }
}

/// A change of the fractional digits of a time type: PostgreSQL changes only its catalog when
/// no value can change (`timestamp_support`, `time_support`: the new precision is none, 6, or
/// at least the old one; `interval_support`: the least field kept stays or gets smaller, and the
/// seconds keep at least their digits).
fn precision_in_place(from: ColumnType, to: ColumnType) -> Option<bool> {
    use ColumnType as T;
    use PgType as P;
    let digits = |old: Option<u8>, new: Option<u8>| match (old, new) {
        (_, None) => true,
        (_, Some(MAX_PRECISION)) => true,
        (Some(old), Some(new)) => new >= old,
        (None, Some(_)) => false,
    };
    Some(match (from, to) {
        (T::Time(a), T::Time(b))
        | (T::Timestamp(a), T::Timestamp(b))
        | (T::Timestamptz(a), T::Timestamptz(b))
        | (T::Postgres(P::TimeTz(a)), T::Postgres(P::TimeTz(b))) => digits(a, b),
        (T::Postgres(P::Interval(f, a)), T::Postgres(P::Interval(g, b))) => {
            if g.is_none() && b.is_none() {
                return Some(true);
            }
            let least = |fields: Option<IntervalFields>| fields.map_or(0, IntervalFields::least_field);
            least(g) <= least(f) && (least(f) > 0 || fractional_digits(b) >= fractional_digits(a))
        }
        _ => return None,
    })
}

/// Whether every value of a time type keeps its value in the other (same kind, at least the
/// fractional digits, an interval keeping at least its fields).
fn precision_lossless(from: ColumnType, to: ColumnType) -> Option<bool> {
    use ColumnType as T;
    use PgType as P;
    let digits = |a: Option<u8>, b: Option<u8>| fractional_digits(b) >= fractional_digits(a);
    Some(match (from, to) {
        (T::Time(a), T::Time(b))
        | (T::Timestamp(a), T::Timestamp(b))
        | (T::Timestamptz(a), T::Timestamptz(b))
        | (T::Postgres(P::TimeTz(a)), T::Postgres(P::TimeTz(b))) => digits(a, b),
        (T::Postgres(P::Interval(..)), T::Postgres(P::Interval(..))) => precision_in_place(from, to)?,
        _ => return None,
    })
}

/// Type changes the database makes without rewriting rows.
fn in_place(from: ColumnType, to: ColumnType, dialect: Dialect) -> bool {
    use ColumnType as T;
    if dialect == Dialect::Postgres {
        if let Some(in_place) = precision_in_place(from, to) {
            return in_place;
        }
    }
    match (from, to, dialect) {
        (_, _, Dialect::Sqlite) => false,
        (T::Varchar(a), T::Varchar(b), Dialect::Postgres) => b >= a,
        // One storage for the three: only the length check changes.
        (T::Varchar(_) | T::UnboundedVarchar | T::Text, T::Text | T::UnboundedVarchar, Dialect::Postgres) => true,
        (T::Numeric(Some((p, s))), T::Numeric(Some((q, t))), Dialect::Postgres) => t == s && q >= p,
        (T::Numeric(Some(_)), T::Numeric(None), Dialect::Postgres) => true,
        // MySQL keeps a 1-byte length prefix up to 255 bytes (utf8mb4: 63 characters); crossing
        // it copies the table.
        (T::Varchar(a), T::Varchar(b), Dialect::Mysql) => b >= a && (b <= 63 || a > 63),
        _ => false,
    }
}

/// Pairs every database converts between (PostgreSQL has a cast, MySQL and SQLite convert).
fn convertible(from: ColumnType, to: ColumnType) -> bool {
    use ColumnType as T;
    match (from.element(), to.element()) {
        (Some(a), Some(b)) => return convertible(a, b),
        (None, None) => {}
        // An array and a single value: no cast keeps the values.
        _ => return false,
    }
    let textual = |t: ColumnType| matches!(t, T::Text | T::Varchar(_) | T::UnboundedVarchar | T::Char(_));
    let temporal = |t: ColumnType| matches!(t, T::Date | T::Timestamp(_) | T::Timestamptz(_));
    let json = |t: ColumnType| matches!(t, T::Json | T::Jsonb);
    textual(from)
        || textual(to)
        || precision_lossless(from, to).is_some()
        || (numeric(from).is_some() && numeric(to).is_some())
        || (temporal(from) && temporal(to))
        || (temporal(from) && matches!(to, T::Time(_)) && from != T::Date)
        || (json(from) && json(to))
        || matches!((from, to), (T::Boolean, T::Integer) | (T::Integer, T::Boolean))
}

/// Conversions that keep every value exactly.
fn lossless(from: ColumnType, to: ColumnType) -> bool {
    use ColumnType as T;
    if let (Some(a), Some(b)) = (numeric(from), numeric(to)) {
        return a.fits_in(b);
    }
    if let (Some(a), Some(b)) = (from.element(), to.element()) {
        return lossless(a, b);
    }
    if let Some(lossless) = precision_lossless(from, to) {
        return lossless;
    }
    let unbounded = |t: ColumnType| matches!(t, T::Text | T::UnboundedVarchar);
    match (from, to) {
        (T::Varchar(a), T::Varchar(b)) | (T::Char(a), T::Char(b)) => b >= a,
        (T::Varchar(_) | T::Text | T::UnboundedVarchar, to) if unbounded(to) => true,
        // Their text reads back as the same value (money's depends on the locale).
        (T::Postgres(p), to) if unbounded(to) => p != crate::model::PgType::Money,
        // The text of every value reads back as that value.
        (T::SmallInt | T::Integer | T::BigInt | T::Numeric(_) | T::Uuid | T::Boolean | T::Date, to)
            if unbounded(to) =>
        {
            true
        }
        (from, T::Varchar(n)) => text_width(from).is_some_and(|w| w <= n),
        (T::Date, T::Timestamp(_)) => true,
        (T::Jsonb, T::Json) => true,
        _ => false,
    }
}

/// The longest text of a value of the type, where it is bounded and small.
fn text_width(ty: ColumnType) -> Option<u32> {
    use ColumnType as T;
    match ty {
        T::SmallInt => Some(6),
        T::Integer => Some(11),
        T::BigInt => Some(20),
        T::Numeric(Some((p, s))) => Some(p + 2 + u32::from(s == 0)),
        T::Uuid => Some(36),
        T::Boolean => Some(5),
        _ => None,
    }
}

/// A number type as the values it holds.
#[derive(Clone, Copy)]
enum Number {
    /// Integers of up to this many decimal digits.
    Integer(u32),
    /// Decimals: digits before and after the point (`None`: unbounded).
    Decimal(Option<(u32, u32)>),
    /// Binary floating point with this many mantissa bits.
    Float(u32),
}

fn numeric(ty: ColumnType) -> Option<Number> {
    use ColumnType as T;
    Some(match ty {
        T::SmallInt => Number::Integer(5),
        T::Integer | T::Serial => Number::Integer(10),
        T::BigInt | T::BigSerial => Number::Integer(19),
        T::Numeric(Some((p, s))) => Number::Decimal(Some((p - s, s))),
        T::Numeric(None) => Number::Decimal(None),
        T::Real => Number::Float(24),
        T::Double => Number::Float(53),
        _ => return None,
    })
}

impl Number {
    fn fits_in(self, other: Number) -> bool {
        use Number::*;
        match (self, other) {
            (Integer(a), Integer(b)) => a <= b,
            (Integer(_), Decimal(None)) => true,
            (Integer(a), Decimal(Some((whole, _)))) => a <= whole,
            (Decimal(Some(_)), Decimal(None)) => true,
            (Decimal(Some((w, f))), Decimal(Some((v, g)))) => w <= v && f <= g,
            // 2^24 and 2^53 bound the integers a float holds exactly.
            (Integer(a), Float(bits)) => (a <= 5 && bits >= 24) || (a <= 10 && bits >= 53),
            (Float(a), Float(b)) => a <= b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType as T;

    #[test]
    fn widening_integers_and_decimals_is_lossless() {
        for (from, to) in [
            (T::SmallInt, T::Integer),
            (T::Integer, T::BigInt),
            (T::Integer, T::Numeric(Some((12, 2)))),
            (T::Integer, T::Double),
            (T::Real, T::Double),
            (T::Numeric(Some((10, 2))), T::Numeric(Some((14, 4)))),
            (T::BigInt, T::Text),
            (T::Uuid, T::Varchar(36)),
            (T::Date, T::Timestamp(None)),
            (T::Jsonb, T::Json),
        ] {
            assert_eq!(
                classify(from, to, Dialect::Postgres),
                Retype::Lossless,
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn changes_that_may_fail_or_lose_values_are_narrowing() {
        for (from, to) in [
            (T::BigInt, T::Integer),
            (T::Numeric(Some((10, 2))), T::Numeric(Some((10, 1)))),
            (T::Double, T::Real),
            (T::BigInt, T::Double),
            (T::Text, T::Integer),
            (T::Text, T::Varchar(10)),
            (T::Timestamp(None), T::Timestamptz(None)),
            (T::Timestamp(None), T::Date),
            (T::Json, T::Jsonb),
            (T::BigInt, T::Varchar(11)),
        ] {
            assert_eq!(
                classify(from, to, Dialect::Postgres),
                Retype::Narrowing,
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn arrays_convert_as_their_elements() {
        let ints = ColumnType::array_of(T::Integer).unwrap();
        let bigs = ColumnType::array_of(T::BigInt).unwrap();
        assert_eq!(classify(ints, bigs, Dialect::Postgres), Retype::Lossless);
        assert_eq!(classify(bigs, ints, Dialect::Postgres), Retype::Narrowing);
        assert_eq!(classify(ints, T::Integer, Dialect::Postgres), Retype::Impossible);
        assert_eq!(classify(T::Text, ints, Dialect::Postgres), Retype::Impossible);
    }

    #[test]
    fn unbounded_varchar_is_text_on_postgres() {
        assert_eq!(
            classify(T::Varchar(20), T::UnboundedVarchar, Dialect::Postgres),
            Retype::InPlace
        );
        assert_eq!(
            classify(T::Text, T::UnboundedVarchar, Dialect::Postgres),
            Retype::InPlace
        );
        assert_eq!(
            classify(T::UnboundedVarchar, T::Varchar(20), Dialect::Postgres),
            Retype::Narrowing
        );
        let inet = T::Postgres(crate::model::PgType::Inet);
        assert_eq!(classify(inet, T::Text, Dialect::Postgres), Retype::Lossless);
        assert_eq!(classify(T::Text, inet, Dialect::Postgres), Retype::Narrowing);
    }

    #[test]
    fn unrelated_types_do_not_convert() {
        for (from, to) in [(T::Uuid, T::Integer), (T::Boolean, T::Date), (T::Json, T::Integer)] {
            assert_eq!(
                classify(from, to, Dialect::Postgres),
                Retype::Impossible,
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn time_precision_changes() {
        use crate::model::{IntervalFields as F, PgType as P};
        let pg = |a, b| classify(a, b, Dialect::Postgres);
        // No value changes: PostgreSQL relabels the column.
        assert_eq!(pg(T::Timestamp(None), T::Timestamp(Some(6))), Retype::InPlace);
        assert_eq!(pg(T::Timestamp(Some(6)), T::Timestamp(None)), Retype::InPlace);
        assert_eq!(pg(T::Timestamptz(Some(3)), T::Timestamptz(Some(5))), Retype::InPlace);
        assert_eq!(pg(T::Time(Some(0)), T::Time(None)), Retype::InPlace);
        // Fewer digits round the values: a rewrite that loses part of them.
        assert_eq!(pg(T::Timestamp(None), T::Timestamp(Some(3))), Retype::Narrowing);
        assert_eq!(pg(T::Timestamptz(Some(6)), T::Timestamptz(Some(0))), Retype::Narrowing);
        let interval = |f, p| T::Postgres(P::Interval(f, p));
        assert_eq!(pg(interval(Some(F::Day), None), interval(None, None)), Retype::InPlace);
        assert_eq!(
            pg(interval(Some(F::Day), None), interval(Some(F::DayToSecond), None)),
            Retype::InPlace
        );
        assert_eq!(pg(interval(None, Some(3)), interval(None, Some(4))), Retype::InPlace);
        assert_eq!(
            pg(interval(None, None), interval(Some(F::Day), None)),
            Retype::Narrowing
        );
        assert_eq!(pg(interval(None, None), interval(None, Some(2))), Retype::Narrowing);
        // MySQL copies the table to change the digits.
        let my = |a, b| classify(a, b, Dialect::Mysql);
        assert_eq!(my(T::Timestamp(Some(3)), T::Timestamp(None)), Retype::Lossless);
        assert_eq!(my(T::Timestamp(None), T::Timestamp(Some(3))), Retype::Narrowing);
        // One type in the database.
        assert!(same_in_database(
            T::Timestamp(None),
            T::Timestamp(Some(6)),
            Dialect::Mysql
        ));
        assert!(!same_in_database(
            T::Timestamp(None),
            T::Timestamp(Some(6)),
            Dialect::Postgres
        ));
        assert!(!same_in_database(
            T::Timestamp(Some(3)),
            T::Timestamp(Some(6)),
            Dialect::Mysql
        ));
        assert!(same_in_database(T::Time(Some(3)), T::Time(Some(6)), Dialect::Sqlite));
        assert!(!same_in_database(
            T::Time(Some(3)),
            T::Timestamp(Some(3)),
            Dialect::Sqlite
        ));
    }

    #[test]
    fn in_place_depends_on_the_database() {
        assert_eq!(classify(T::Varchar(20), T::Text, Dialect::Postgres), Retype::InPlace);
        assert_eq!(classify(T::Varchar(20), T::Text, Dialect::Mysql), Retype::Lossless);
        assert_eq!(
            classify(T::Varchar(20), T::Varchar(40), Dialect::Mysql),
            Retype::InPlace
        );
        assert_eq!(
            classify(T::Varchar(20), T::Varchar(100), Dialect::Mysql),
            Retype::Lossless
        );
        assert_eq!(classify(T::Integer, T::BigInt, Dialect::Sqlite), Retype::Lossless);
    }
}
