//! MySQL's size limits, which it enforces only when a migration runs: the longest varchar, the
//! bytes of one row, and the bytes of one index key. Tables are utf8mb4, so a character of a
//! varchar counts 4 bytes. Sizes are those MySQL and MariaDB add up (measured on MariaDB 10.11:
//! a table one byte over each limit is refused, one at it is created).

use crate::diagnostic::Diagnostic;
use crate::model::{fractional_digits, Column, ColumnType, Lifecycle, Table};

/// One row of a table, counting every column but TEXT, BLOB and JSON in full.
const ROW_LIMIT: u64 = 65_535;
/// One index key on InnoDB (DYNAMIC rows, the default since MySQL 5.7 and MariaDB 10.2).
const KEY_LIMIT: u64 = 3_072;
/// The longest varchar: 65,535 bytes at 4 bytes a character, less its 2 length bytes.
const MAX_VARCHAR: u32 = 16_383;
const BYTES_PER_CHAR: u64 = 4;

pub fn check(table: &Table, found: &mut Vec<Diagnostic>) {
    if table.is_external() {
        return; // never created by these migrations
    }
    let mut too_long = false;
    for column in table.columns.iter().filter(|c| sized(c)) {
        if let ColumnType::Varchar(n) = column.ty {
            if n > MAX_VARCHAR {
                too_long = true;
                found.push(
                    Diagnostic::error(
                        "varchar-too-long",
                        column.origin.key("type"),
                        format!(
                            "column `{}.{}` is varchar({n}), longer than MySQL's longest varchar with utf8mb4 ({MAX_VARCHAR} characters at 4 bytes each): the migration would fail",
                            table.name, column.name
                        ),
                    )
                    .help(column.origin.pick(
                        "use `type: text` (65,535 bytes) or, for more, `native_type: { mysql: MEDIUMTEXT }`; or at most `varchar(16383)`",
                        "drop `max_length` (a text column, 65,535 bytes) or add `native_type(mysql = \"MEDIUMTEXT\")` for more; or at most `max_length = 16383`",
                    )),
                );
            }
        }
    }
    // A varchar over the limit is over the row's too: one mistake, one error.
    if !too_long {
        row_fits(table, found);
    }
    keys_fit(table, found);
}

/// Whether the column's size is known: it is in the table (a dropped column is kept there under
/// another name, a purged one is gone), its portable type is what MySQL creates (a native type
/// is whatever the user wrote), and it was read without errors.
fn sized(column: &Column) -> bool {
    column.lifecycle != Lifecycle::Purged
        && super::type_known(column)
        && !column.native_types.contains_key(&crate::dialect::Dialect::Mysql)
}

/// The bytes a column takes of the row on MySQL (the type the renderer writes).
fn row_bytes(ty: ColumnType) -> u64 {
    match ty {
        ColumnType::Boolean => 1,
        ColumnType::SmallInt => 2,
        ColumnType::Integer | ColumnType::Serial | ColumnType::Real => 4,
        ColumnType::BigInt | ColumnType::BigSerial | ColumnType::Double => 8,
        ColumnType::Varchar(n) => {
            let bytes = u64::from(n) * BYTES_PER_CHAR;
            bytes + if bytes > 255 { 2 } else { 1 }
        }
        ColumnType::Uuid => 36 * BYTES_PER_CHAR, // CHAR(36)
        ColumnType::Numeric(None) => decimal_bytes(65, 30),
        ColumnType::Numeric(Some((p, s))) => decimal_bytes(p, s),
        ColumnType::Date => 3,
        // TIME(p), DATETIME(p), TIMESTAMP(p): 3, 5 and 4 bytes, and (p + 1) / 2 more.
        ColumnType::Time(p) => 3 + u64::from(fractional_digits(p)).div_ceil(2),
        ColumnType::Timestamp(p) => 5 + u64::from(fractional_digits(p)).div_ceil(2),
        ColumnType::Timestamptz(p) => 4 + u64::from(fractional_digits(p)).div_ceil(2),
        // Stored apart from the row: a length and a pointer count toward it.
        ColumnType::Text | ColumnType::UnboundedVarchar => 10, // TEXT
        ColumnType::Char(n) => u64::from(n) * BYTES_PER_CHAR,
        // Refused on MySQL (`unsupported-feature`) unless a native type replaces them.
        ColumnType::Postgres(_) | ColumnType::Array(_) | ColumnType::Named(_) => 0,
        ColumnType::Json | ColumnType::Jsonb | ColumnType::Binary => 12,
    }
}

/// DECIMAL(p, s): 4 bytes for every 9 digits of the integer and of the fraction part, and 1 to
/// 4 bytes for the digits left over.
fn decimal_bytes(precision: u32, scale: u32) -> u64 {
    fn digits(n: u32) -> u64 {
        const LEFTOVER: [u64; 9] = [0, 1, 1, 2, 2, 3, 3, 4, 4];
        u64::from(n / 9) * 4 + LEFTOVER[(n % 9) as usize]
    }
    digits(precision.saturating_sub(scale)) + digits(scale)
}

fn row_fits(table: &Table, found: &mut Vec<Diagnostic>) {
    let sized: Vec<&Column> = table.columns.iter().filter(|c| sized(c)).collect();
    let nullable = table
        .columns
        .iter()
        .filter(|c| c.nullable && c.lifecycle != Lifecycle::Purged)
        .count() as u64;
    let total: u64 = sized.iter().map(|c| row_bytes(c.ty)).sum::<u64>() + nullable.div_ceil(8);
    if total <= ROW_LIMIT {
        return;
    }
    let mut widest: Vec<&Column> = sized
        .iter()
        .copied()
        .filter(|c| matches!(c.ty, ColumnType::Varchar(_)))
        .collect();
    widest.sort_by_key(|c| std::cmp::Reverse(row_bytes(c.ty)));
    let listed: Vec<String> = widest
        .iter()
        .take(3)
        .map(|c| format!("`{}` ({}, {} bytes)", c.name, c.ty, row_bytes(c.ty)))
        .collect();
    found.push(
        Diagnostic::error(
            "row-too-large",
            table.origin.key("name"),
            format!(
                "a row of `{}` takes up to {total} bytes on MySQL, over its limit of {ROW_LIMIT} (with utf8mb4 a varchar counts 4 bytes a character; text, binary and json columns count 10 to 12, their contents are stored apart): the migration would fail",
                table.name
            ),
        )
        .help(format!(
            "make the widest varchar columns {}, or shorten them: {}",
            table.origin.pick("`type: text`", "text (no `max_length`)"),
            listed.join(", ")
        )),
    );
}

/// The bytes a column adds to an index key: its longest value. Text, binary and json columns
/// cannot be indexed without a prefix, which the index rules report.
fn key_bytes(ty: ColumnType) -> u64 {
    match ty {
        ColumnType::Varchar(n) => u64::from(n) * BYTES_PER_CHAR,
        ColumnType::Text | ColumnType::UnboundedVarchar | ColumnType::Json | ColumnType::Jsonb | ColumnType::Binary => {
            0
        }
        other => row_bytes(other),
    }
}

fn keys_fit(table: &Table, found: &mut Vec<Diagnostic>) {
    let mut keys: Vec<(&str, &str, Vec<String>, &crate::model::Origin)> = Vec::new();
    if let Some(pk) = &table.primary_key {
        keys.push((
            "primary key",
            &pk.name,
            pk.columns.clone(),
            table.origin.key("primary_key"),
        ));
    }
    for unique in &table.uniques {
        keys.push((
            "unique constraint",
            &unique.name,
            unique.columns.clone(),
            &unique.origin,
        ));
    }
    for index in &table.indexes {
        // Expression keys are refused on MySQL (indexes.rs); the column keys are measured.
        let columns = index
            .columns
            .iter()
            .filter_map(|k| k.column_name().map(str::to_string))
            .collect();
        keys.push(("index", &index.name, columns, &index.origin));
    }
    for (what, name, columns, origin) in keys {
        let columns: Vec<&Column> = columns.iter().filter_map(|c| table.column(c)).collect();
        if columns.iter().any(|c| !sized(c)) {
            continue;
        }
        let total: u64 = columns.iter().map(|c| key_bytes(c.ty)).sum();
        if total <= KEY_LIMIT {
            continue;
        }
        let what = if what == "primary key" {
            "the primary key".to_string()
        } else {
            format!("{what} `{name}`")
        };
        let parts: Vec<String> = columns
            .iter()
            .map(|c| format!("`{}` {} bytes", c.name, key_bytes(c.ty)))
            .collect();
        found.push(
            Diagnostic::error(
                "index-key-too-long",
                origin,
                format!(
                    "{what} on `{}` has keys of up to {total} bytes on MySQL ({}), over InnoDB's {KEY_LIMIT} (with utf8mb4 a varchar counts 4 bytes a character): MySQL refuses it, and MariaDB makes it a prefix or hash index instead of the one declared",
                    table.name,
                    parts.join(", ")
                ),
            )
            .help("index fewer or shorter columns: the varchar columns of a key may have 768 characters between them"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes measured on MariaDB 10.11 (see the module's comment).
    #[test]
    fn sizes_as_mysql_counts_them() {
        assert_eq!(row_bytes(ColumnType::Varchar(16_383)), 65_534);
        assert_eq!(row_bytes(ColumnType::Varchar(63)), 253);
        assert_eq!(row_bytes(ColumnType::Varchar(64)), 258);
        assert_eq!(row_bytes(ColumnType::Numeric(None)), 30);
        assert_eq!(row_bytes(ColumnType::Numeric(Some((12, 3)))), 6);
        assert_eq!(row_bytes(ColumnType::Uuid), 144);
        assert_eq!(key_bytes(ColumnType::Varchar(768)), KEY_LIMIT);
    }
}
