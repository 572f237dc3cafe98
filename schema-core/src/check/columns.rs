//! Columns: defaults that fit their type, enum values, keys, and the per-dialect type rules.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Column, ColumnType, DefaultValue, GeneratedKind, Literal, Table};

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    primary_key(table, dialect, found);
    for column in table.live_columns() {
        if super::type_known(column) {
            default_fits(table, column, dialect, found);
            enum_values(table, column, found);
            set_on_update(table, column, found);
        }
        native_type(table, column, found);
        type_exists(table, column, dialect, found);
        generated(table, column, dialect, found);
        text_is_storable(table, column, dialect, found);
    }
    if let Some(comment) = &table.comment {
        comment_fits(&table.name, comment, table.origin.key("comment"), 2048, dialect, found);
    }
}

fn primary_key(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(pk) = &table.primary_key else {
        if table.columns.is_empty() {
            return; // `no-columns` says it all
        }
        found.push(
            Diagnostic::error(
                "missing-primary-key",
                &table.origin,
                format!("table `{}` has no primary key", table.name),
            )
            .help(format!(
                "diesel's `table!` needs one: {} on a {}, or a composite key on the table: {}",
                table.origin.spell("primary_key: true", "#[column(primary_key)]"),
                table.origin.pick("column", "field"),
                table.origin.spell("primary_key: [a, b]", "#[table(primary_key(a, b))]"),
            ))
            .about(&table.name, &table.name),
        );
        return;
    };
    for name in &pk.columns {
        match table.column(name) {
            None => found.push(
                Diagnostic::error(
                    "unknown-column",
                    table.origin.key("primary_key"),
                    format!("primary key of `{}` names unknown column `{name}`", table.name),
                )
                .help(format!("columns are: {}", column_list(table))),
            ),
            Some(column) if column.nullable => found.push(
                Diagnostic::error(
                    "nullable-primary-key",
                    column.origin.key("nullable"),
                    format!("primary-key column `{}.{name}` is nullable", table.name),
                )
                .help(column.origin.pick(
                    "primary keys are NOT NULL; remove `nullable: true`",
                    "primary keys are NOT NULL; use the type without `Option<...>`",
                )),
            ),
            Some(_) => {}
        }
    }
    for column in table.columns.iter().filter(|c| c.ty.is_serial()) {
        let sole_key = pk.columns == [column.name.clone()];
        let leading = pk.columns.first() == Some(&column.name);
        let problem = match dialect {
            Some(Dialect::Sqlite) if !sole_key => {
                Some("SQLite auto-increments only a single-column INTEGER PRIMARY KEY")
            }
            Some(Dialect::Mysql) if !leading => Some("MySQL auto-increments only the first column of the primary key"),
            _ => None,
        };
        if let Some(problem) = problem {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    column.origin.key("type"),
                    format!(
                        "`{}.{}` is {} but not the table's key: {problem}",
                        table.name, column.name, column.ty
                    ),
                )
                .help(column.origin.pick(
                    "make it the primary key, or use `integer`/`bigint` with an explicit value",
                    "make it the primary key, or use an `i32`/`i64` field with an explicit value",
                )),
            );
        }
        if column.default.is_some() {
            found.push(
                Diagnostic::error(
                    "default-type-mismatch",
                    column.origin.key("default"),
                    format!(
                        "`{}.{}` is {} and also has a default",
                        table.name, column.name, column.ty
                    ),
                )
                .help("serial columns get their values from the database; remove the default"),
            );
        }
    }
}

fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a default value can be stored in the column's type: its native type on `dialect`
/// where it has one (an imported MySQL `DATETIME` or SQLite `DATETIME` column takes `now()`).
fn default_fits(table: &Table, column: &Column, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(default) = &column.default else { return };
    let native = dialect.and_then(|d| column.native_types.get(&d));
    if let (Some(native), DefaultValue::CurrentTimestamp) = (native, default) {
        if is_date_time_type(native) {
            return;
        }
    }
    let mismatch = |why: String, help: &str| {
        Diagnostic::error(
            "default-type-mismatch",
            column.origin.key("default"),
            format!("default of `{}.{}` ({}): {why}", table.name, column.name, column.ty),
        )
        .help(help.to_string())
    };
    let problem = match default {
        DefaultValue::CurrentTimestamp if !column.ty.is_timestamp() => Some(mismatch(
            "`now()` fits timestamp and timestamptz columns only".into(),
            &format!(
                "{}, or use a default that fits, e.g. {}",
                column.origin.pick(
                    "make the column `timestamptz`",
                    "make the field a `chrono::DateTime<chrono::Utc>` (timestamptz)"
                ),
                column
                    .origin
                    .spell("default_sql: CURRENT_DATE", "default_sql = \"CURRENT_DATE\""),
            ),
        )),
        DefaultValue::RandomUuid if column.ty != ColumnType::Uuid => Some(mismatch(
            "`gen_random_uuid()` fits uuid columns only".into(),
            column
                .origin
                .pick("make the column `uuid`", "make the field a `uuid::Uuid`"),
        )),
        DefaultValue::Literal(literal) => {
            literal_fits(column, literal).map(|why| mismatch(why, "change the value or the column type"))
        }
        _ => None,
    };
    found.extend(problem);
}

/// A native type that holds a point in time, on any of the three databases.
fn is_date_time_type(native: &str) -> bool {
    let name = native.trim().to_ascii_lowercase();
    ["timestamp", "datetime"].iter().any(|t| name.starts_with(t))
}

fn literal_fits(column: &Column, literal: &Literal) -> Option<String> {
    use ColumnType as T;
    let ty = column.ty;
    match (literal, ty) {
        (Literal::Bool(_), T::Boolean) => None,
        (Literal::Number(n), t) if t.is_integer() => (n.contains('.') || n.parse::<i64>().is_err())
            .then(|| format!("{} is not a whole number in range", literal.describe()))
            .or_else(|| {
                let v: i64 = n.parse().ok()?;
                let fits = match t {
                    T::SmallInt => i16::try_from(v).is_ok(),
                    T::Integer | T::Serial => i32::try_from(v).is_ok(),
                    _ => true,
                };
                (!fits).then(|| format!("{} is out of range for {t}", literal.describe()))
            }),
        (Literal::Number(n), T::Numeric(Some((precision, scale)))) => {
            let digits = n.trim_start_matches('-');
            let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
            let whole = whole.trim_start_matches('0');
            let fraction = fraction.trim_end_matches('0');
            if fraction.len() > scale as usize {
                Some(format!("{} has more than {scale} decimal places", literal.describe()))
            } else if whole.len() > (precision - scale) as usize {
                Some(format!(
                    "{} has more than {} digits before the point",
                    literal.describe(),
                    precision - scale
                ))
            } else {
                None
            }
        }
        (Literal::Number(_), T::Numeric(None) | T::Real | T::Double) => None,
        (Literal::String(s), _) if s.contains('\0') => Some("NUL characters cannot be stored".into()),
        // A declared type: an enum's values are checked with the type (`check::pg_types`), a
        // domain's or an extension type's by PostgreSQL.
        (_, T::Named(_)) => None,
        (Literal::String(s), T::Char(n)) => {
            (s.chars().count() > n as usize).then(|| format!("{} is longer than {n} characters", literal.describe()))
        }
        // PostgreSQL reads these from their text form, and refuses a malformed one.
        (Literal::String(_), T::Postgres(_) | T::Array(_)) => None,
        (Literal::String(s), T::Text | T::Varchar(_) | T::UnboundedVarchar) => {
            if let Some(values) = &column.values {
                (!values.values.contains(s)).then(|| {
                    format!(
                        "{} is not one of the allowed values ({})",
                        literal.describe(),
                        values.values.join(", ")
                    )
                })
            } else if let T::Varchar(n) = ty {
                (s.chars().count() > n as usize)
                    .then(|| format!("{} is longer than {n} characters", literal.describe()))
            } else {
                None
            }
        }
        (Literal::String(s), T::Date) => {
            (!is_date(s)).then(|| format!("{} is not a date like '2024-01-31'", literal.describe()))
        }
        (Literal::String(s), T::Time(_)) => {
            (!is_time(s)).then(|| format!("{} is not a time like '13:45:00'", literal.describe()))
        }
        (Literal::String(s), T::Timestamp(_) | T::Timestamptz(_)) => {
            let ok = s
                .split_once([' ', 'T'])
                .is_some_and(|(d, t)| is_date(d) && is_time(t.trim_end_matches('Z')));
            (!ok).then(|| format!("{} is not a timestamp like '2024-01-31 13:45:00'", literal.describe()))
        }
        (Literal::String(s), T::Uuid) => (!is_uuid(s)).then(|| format!("{} is not a UUID", literal.describe())),
        (Literal::String(s), T::Json | T::Jsonb) => serde_json::from_str::<serde_json::Value>(s)
            .err()
            .map(|e| format!("{} is not valid JSON ({e})", literal.describe())),
        // "quoted" only when the text is a number: `default: abc` was never quoted.
        (Literal::String(s), t) if t.is_integer() || matches!(t, T::Numeric(_) | T::Real | T::Double) => {
            Some(if s.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                format!("{} is quoted; write the number without quotes", literal.describe())
            } else {
                format!("{} is not a number", literal.describe())
            })
        }
        (Literal::Number(_), T::Text | T::Varchar(_) | T::UnboundedVarchar | T::Char(_)) => {
            Some(format!("{} is a number; quote it to store text", literal.describe()))
        }
        _ => Some(format!("{} does not fit this type", literal.describe())),
    }
}

/// `YYYY-MM-DD`, a day the calendar has (shared with the seed files' checks).
pub(crate) fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) => {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            (1..=days[m as usize - 1]).contains(&d)
        }
        _ => false,
    }
}

/// `HH:MM[:SS[.fraction]]`, an offset after it ignored.
pub(crate) fn is_time(s: &str) -> bool {
    let s = s.split(['+', '-']).next().unwrap_or(s);
    let (hms, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let parts: Vec<&str> = hms.split(':').collect();
    let two = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|v| v <= max);
    fraction.bytes().all(|b| b.is_ascii_digit())
        && match parts[..] {
            [h, m] => two(h, 23) && two(m, 59),
            [h, m, sec] => two(h, 23) && two(m, 59) && two(sec, 60),
            _ => false,
        }
}

pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn enum_values(table: &Table, column: &Column, found: &mut Vec<Diagnostic>) {
    let Some(values) = &column.values else { return };
    let here = |message: String, help: &str| {
        Diagnostic::error(
            "enum-values",
            column.origin.key("values"),
            format!("`{}.{}`: {message}", table.name, column.name),
        )
        .help(help.to_string())
    };
    if !column.ty.is_textual() {
        found.push(here(
            format!("`values` needs a text column, not {}", column.ty),
            column.origin.pick(
                "use `varchar(n)` or `text`",
                "make the field a `String` (with `max_length = n` for a varchar)",
            ),
        ));
        return;
    }
    if values.values.is_empty() {
        found.push(here(
            "`values` is empty".into(),
            "list the allowed values, or remove `values`",
        ));
    }
    for (i, value) in values.values.iter().enumerate() {
        if values.values[..i].contains(value) {
            found.push(here(format!("value {value:?} is listed twice"), "remove the duplicate"));
        }
        if value.contains('\0') {
            found.push(here("a value contains a NUL character".into(), "remove it"));
        }
        if let ColumnType::Varchar(n) = column.ty {
            if value.chars().count() > n as usize {
                found.push(here(
                    format!("value {value:?} is longer than varchar({n})"),
                    "widen the column or shorten the value",
                ));
            }
        }
    }
}

fn set_on_update(table: &Table, column: &Column, found: &mut Vec<Diagnostic>) {
    if !column.set_on_update {
        return;
    }
    if !column.ty.is_timestamp() {
        found.push(
            Diagnostic::error(
                "set-on-update",
                column.origin.key("set_on_update"),
                format!(
                    "`{}.{}` is {}; set_on_update needs timestamp or timestamptz",
                    table.name, column.name, column.ty
                ),
            )
            .help(column.origin.pick(
                "make the column `timestamptz`",
                "make the field a `chrono::DateTime<chrono::Utc>` (timestamptz)",
            )),
        );
    }
    let others = table.columns.iter().filter(|c| c.set_on_update).count();
    if others > 1 && table.set_on_update_column().map(|c| &c.name) != Some(&column.name) {
        found.push(
            Diagnostic::error(
                "set-on-update",
                column.origin.key("set_on_update"),
                format!("table `{}` has more than one set_on_update column", table.name),
            )
            .help("keep one `updated_at`-style column per table"),
        );
    }
}

fn native_type(table: &Table, column: &Column, found: &mut Vec<Diagnostic>) {
    for (dialect, native) in &column.native_types {
        if !is_type_name(native) {
            found.push(
                Diagnostic::error("invalid-native-type", column.origin.key("native_type"), format!("native {dialect} type `{}` of `{}.{}` is not a type name", native.escape_debug(), table.name, column.name))
                    .help("write a type such as `citext`, `varchar(255)` or `text[]`: letters, digits, spaces, commas inside parentheses, and `[]` for arrays"),
            );
        }
    }
    if let Some(path) = &column.diesel_type {
        if crate::source::rust::depth::too_deep(path).is_some() {
            found.push(
                Diagnostic::error(
                    "invalid-diesel-type",
                    column.origin.key("diesel_type"),
                    format!(
                        "diesel_type of `{}.{}` nests generics more than {} levels deep",
                        table.name,
                        column.name,
                        crate::source::rust::depth::MAX_DEPTH
                    ),
                )
                .help("name the inner type with a type alias (`type Inner = ...;`) and use the alias"),
            );
        } else if syn::parse_str::<syn::Path>(path).is_err() {
            found.push(
                Diagnostic::error(
                    "invalid-diesel-type",
                    column.origin.key("diesel_type"),
                    format!(
                        "diesel_type `{path}` of `{}.{}` is not a Rust path",
                        table.name, column.name
                    ),
                )
                .help("e.g. `diesel::sql_types::Citext` or `crate::schema::sql_types::Mood`"),
            );
        }
    }
}

/// PostgreSQL's own types and arrays, on another database: refused, unless the column says what
/// to use there instead.
fn type_exists(table: &Table, column: &Column, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(dialect) = dialect.filter(|d| *d != Dialect::Postgres) else {
        return;
    };
    if !column.ty.postgres_only() || column.native_types.contains_key(&dialect) {
        return;
    }
    let what = if column.ty.element().is_some() {
        "an array"
    } else {
        "a type"
    };
    let name = dialect.name();
    found.push(
        Diagnostic::error(
            "unsupported-feature",
            column.origin.key("type"),
            format!(
                "`{}.{}` is `{}`, {what} only PostgreSQL has; {dialect} has no such column type",
                table.name, column.name, column.ty
            ),
        )
        .help(format!(
            "give {dialect} a type of its own, e.g. {}, or use a portable type",
            column.origin.spell(
                &format!("native_type: {{ {name}: text }}"),
                &format!("#[column(native_type({name} = \"text\"))]")
            )
        )),
    );
}

/// A generated column takes its values from its expression only, and PostgreSQL keeps them.
fn generated(table: &Table, column: &Column, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(generated) = &column.generated else { return };
    let what = format!("`{}.{}`", table.name, column.name);
    let conflict = if column.default.is_some() {
        Some(("default", "a default"))
    } else if column.ty.is_serial() {
        Some(("type", "an auto-incrementing type"))
    } else if column.set_on_update {
        Some(("set_on_update", "set_on_update"))
    } else {
        None
    };
    if let Some((key, conflict)) = conflict {
        found.push(
            Diagnostic::error(
                "generated-column",
                column.origin.key(key),
                format!("{what} is generated and also has {conflict}"),
            )
            .help("the database computes a generated column from its expression alone: remove one of the two"),
        );
    }
    if !column.nullable && dialect == Some(Dialect::Mysql) {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                column.origin.key("generated"),
                format!("{what} is a NOT NULL generated column; MariaDB has no NOT NULL on generated columns"),
            )
            .help(column.origin.pick(
                "add `nullable: true` (the expression decides whether the value can be NULL)",
                "make the field an `Option<...>` (the expression decides whether the value can be NULL)",
            )),
        );
    }
    if generated.kind == GeneratedKind::Virtual && dialect == Some(Dialect::Postgres) {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                column.origin.key("stored"),
                format!(
                    "{what} is a virtual generated column; PostgreSQL (before 18) keeps generated columns only STORED"
                ),
            )
            .help(column.origin.pick(
                "remove `stored: false`: the value is computed on every write and kept",
                "remove `stored = false`: the value is computed on every write and kept",
            )),
        );
    }
}

/// A type as SQL spells it: words, arguments in balanced parentheses, `[]` array suffixes. A
/// comma outside parentheses would end the column definition and start another.
fn is_type_name(native: &str) -> bool {
    let mut base = native.trim_end();
    while let Some(rest) = base.strip_suffix("[]") {
        base = rest.trim_end();
    }
    let mut depth = 0usize;
    for c in base.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            ',' if depth == 0 => return false,
            c if c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == ',' => {}
            _ => return false,
        }
    }
    depth == 0 && !base.trim().is_empty()
}

fn text_is_storable(table: &Table, column: &Column, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    if let Some(comment) = &column.comment {
        comment_fits(
            &format!("{}.{}", table.name, column.name),
            comment,
            column.origin.key("comment"),
            1024,
            dialect,
            found,
        );
    }
}

fn comment_fits(
    what: &str,
    comment: &str,
    origin: &crate::model::Origin,
    mysql_limit: usize,
    dialect: Option<Dialect>,
    found: &mut Vec<Diagnostic>,
) {
    if comment.contains('\0') {
        found.push(
            Diagnostic::error(
                "invalid-comment",
                origin,
                format!("the comment of `{what}` contains a NUL character"),
            )
            .help("remove it"),
        );
    }
    if dialect == Some(Dialect::Mysql) && comment.chars().count() > mysql_limit {
        found.push(
            Diagnostic::error(
                "invalid-comment",
                origin,
                format!("the comment of `{what}` is longer than MySQL's {mysql_limit} characters"),
            )
            .help("shorten it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for ok in [
            "citext",
            "varchar(255)",
            "numeric(12, 3)",
            "double precision",
            "text[]",
            "integer [] []",
            "TEXT COLLATE NOCASE",
        ] {
            assert!(is_type_name(ok), "{ok}");
        }
        for bad in [
            "",
            " ",
            "text, evil integer",
            "x) NOT NULL, y (",
            "varchar(10",
            "text[",
            "text]",
            "a;b",
            "text -- x",
            "text[1]",
        ] {
            assert!(!is_type_name(bad), "{bad}");
        }
    }

    #[test]
    fn date_time_uuid_shapes() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
        assert!(is_time("13:45"));
        assert!(is_time("13:45:00.123"));
        assert!(!is_time("25:00"));
        assert!(is_uuid("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"));
        assert!(!is_uuid("not-a-uuid"));
    }
}
