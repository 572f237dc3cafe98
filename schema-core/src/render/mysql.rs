//! MySQL and MariaDB: inline comments and `ON UPDATE`, `AUTO_INCREMENT`, InnoDB with utf8mb4,
//! and their spellings for dropping keys and checks.

use super::SqlDialect;
use crate::dialect::Dialect;
use crate::model::{fractional_digits, Column, ColumnType, ForeignKey, Index, Table, Unique};

pub struct Mysql;

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn type_name(&self, ty: ColumnType) -> String {
        match ty {
            ColumnType::SmallInt => "SMALLINT".into(),
            ColumnType::Integer => "INT".into(),
            ColumnType::BigInt => "BIGINT".into(),
            ColumnType::Serial => "INT AUTO_INCREMENT".into(),
            ColumnType::BigSerial => "BIGINT AUTO_INCREMENT".into(),
            ColumnType::Boolean => "BOOLEAN".into(),
            ColumnType::Text => "TEXT".into(),
            ColumnType::Varchar(n) => format!("VARCHAR({n})"),
            // MySQL's bare DECIMAL is DECIMAL(10,0) and would round every value: keep the most
            // precision it has instead.
            ColumnType::Numeric(None) => "DECIMAL(65, 30)".into(),
            ColumnType::Numeric(Some((p, s))) => format!("DECIMAL({p}, {s})"),
            ColumnType::Real => "FLOAT".into(),
            ColumnType::Double => "DOUBLE".into(),
            ColumnType::Date => "DATE".into(),
            // Microseconds unless the type says otherwise (MySQL's own default is 0 digits).
            ColumnType::Time(p) => format!("TIME({})", fractional_digits(p)),
            ColumnType::Timestamp(p) => format!("DATETIME({})", fractional_digits(p)),
            ColumnType::Timestamptz(p) => format!("TIMESTAMP({})", fractional_digits(p)),
            ColumnType::Uuid => "CHAR(36)".into(),
            ColumnType::Json | ColumnType::Jsonb => "JSON".into(),
            ColumnType::Binary => "LONGBLOB".into(),
            // MySQL has no unbounded VARCHAR: TEXT is its unbounded string.
            ColumnType::UnboundedVarchar => "TEXT".into(),
            ColumnType::Char(n) => format!("CHAR({n})"),
            // Refused by the checks (`unsupported-feature`) unless a native type replaces them.
            ColumnType::Postgres(_) | ColumnType::Array(_) | ColumnType::Named(_) => ty.to_string(),
        }
    }

    /// With the column's fractional digits: MySQL refuses a default or `ON UPDATE` of another
    /// precision than the column's.
    fn current_timestamp(&self, ty: ColumnType) -> String {
        match fractional_digits(ty.precision()) {
            0 => "CURRENT_TIMESTAMP".into(),
            p => format!("CURRENT_TIMESTAMP({p})"),
        }
    }

    fn random_uuid(&self) -> String {
        "(UUID())".into()
    }

    /// TEXT, BLOB and JSON columns take literal defaults only as expressions.
    fn string_default(&self, column: &Column, value: &str) -> String {
        let literal = self.literal(value);
        let needs_expression = !column.native_types.contains_key(&Dialect::Mysql)
            && matches!(
                column.ty,
                ColumnType::Text
                    | ColumnType::UnboundedVarchar
                    | ColumnType::Json
                    | ColumnType::Jsonb
                    | ColumnType::Binary
            );
        if needs_expression {
            format!("({literal})")
        } else {
            literal
        }
    }

    /// Says NULL explicitly: without it MySQL gives a TIMESTAMP column NOT NULL and a default.
    /// A generated column says neither: MariaDB refuses both there (its values may be NULL).
    fn column_definition(&self, column: &Column) -> String {
        let mut def = format!("{} {}", self.ident(&column.name), self.column_type(column));
        if column.generated.is_some() {
            def.push_str(&self.generated_clause(column));
        } else {
            def.push_str(if column.nullable { " NULL" } else { " NOT NULL" });
        }
        if let Some(default) = self.default_value(column) {
            def.push_str(" DEFAULT ");
            def.push_str(&default);
        }
        if column.set_on_update {
            def.push_str(" ON UPDATE ");
            def.push_str(&self.current_timestamp(column.ty));
        }
        if let Some(comment) = &column.comment {
            def.push_str(" COMMENT ");
            def.push_str(&self.literal(comment));
        }
        def
    }

    fn primary_key_clause(&self, table: &Table) -> Option<String> {
        let pk = table.primary_key.as_ref()?;
        Some(format!("PRIMARY KEY ({})", self.idents(&pk.columns)))
    }

    fn table_options(&self, table: &Table) -> String {
        let mut options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4".to_string();
        // The first value of the table's AUTO_INCREMENT column (`sequence: { start: n }`).
        let start = table
            .live_columns()
            .filter(|c| c.ty.is_serial())
            .find_map(|c| c.sequence.as_ref()?.start);
        if let Some(start) = start {
            options.push_str(&format!(" AUTO_INCREMENT={start}"));
        }
        if let Some(comment) = &table.comment {
            options.push_str(" COMMENT=");
            options.push_str(&self.literal(comment));
        }
        options
    }

    /// A plain column (no default, or a constant one) is added instantly: only the table's
    /// metadata changes. With a check, a key or an expression default the server chooses, and
    /// may copy the table.
    fn add_column(&self, table: &str, column: &Column, foreign_key: Option<&ForeignKey>) -> Vec<String> {
        let mut parts = vec![format!("ADD COLUMN {}", self.column_definition(column))];
        parts.extend(self.enum_check(column).map(|c| format!("ADD {c}")));
        parts.extend(foreign_key.map(|fk| format!("ADD {}", self.foreign_key_clause(fk))));
        let constant = matches!(column.default, None | Some(crate::model::DefaultValue::Literal(_)));
        // A stored generated column is computed into every row: the server copies the table.
        let stored = column.generated.as_ref().is_some_and(|g| g.kind.is_stored());
        if parts.len() == 1 && constant && !column.set_on_update && !stored {
            parts.push("ALGORITHM=INSTANT".into());
        }
        vec![format!("ALTER TABLE {} {}", self.ident(table), parts.join(", "))]
    }

    /// The column's enum check goes with it. (Its foreign key is a separate step on MySQL, which
    /// the down migration drops first.)
    fn drop_column(&self, table: &str, column: &Column, _foreign_key: Option<&ForeignKey>) -> Vec<String> {
        let mut statements = Vec::new();
        let mut parts = Vec::new();
        if let Some(values) = &column.values {
            parts.push(format!("DROP CONSTRAINT {}", self.ident(&values.check_name)));
        }
        parts.push(format!("DROP COLUMN {}", self.ident(&column.name)));
        statements.push(format!("ALTER TABLE {} {}", self.ident(table), parts.join(", ")));
        statements
    }

    fn drop_unique(&self, table: &str, unique: &Unique) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} DROP INDEX {}",
            self.ident(table),
            self.ident(&unique.name)
        )]
    }

    fn drop_foreign_key(&self, table: &str, fk: &ForeignKey) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} DROP FOREIGN KEY {}",
            self.ident(table),
            self.ident(&fk.name)
        )]
    }

    fn drop_index(&self, table: &str, index: &Index, _concurrently: bool) -> Vec<String> {
        // DROP INDEX takes no algorithm clause on MariaDB; ALTER TABLE does on both.
        vec![format!(
            "ALTER TABLE {} DROP INDEX {}, ALGORITHM=INPLACE, LOCK=NONE",
            self.ident(table),
            self.ident(&index.name)
        )]
    }

    /// InnoDB builds secondary indexes in place while writes continue; the server refuses with
    /// an error, instead of locking the table, where it cannot.
    fn create_index(&self, table: &str, index: &Index, _concurrently: bool) -> Vec<String> {
        let unique = if index.unique { "UNIQUE " } else { "" };
        vec![format!(
            "CREATE {unique}INDEX {} ON {} ({}) ALGORITHM=INPLACE LOCK=NONE",
            self.ident(&index.name),
            self.ident(table),
            self.index_keys(&index.columns)
        )]
    }

    fn set_nullable(&self, table: &str, column: &Column) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} MODIFY COLUMN {}",
            self.ident(table),
            self.column_definition(column)
        )]
    }

    /// In place where the planner knows the server can (so the server refuses instead of copying
    /// the table if it cannot); a copy, said out loud, where it must.
    fn alter_type(&self, table: &str, column: &Column, before: &Column, copies: bool) -> Vec<String> {
        let widening = match (before.ty, column.ty) {
            (ColumnType::Varchar(a), ColumnType::Varchar(b)) => b > a,
            _ => false,
        };
        let waiver = if copies {
            "-- tablewright-lint: ignore changing-column-type (declared in the schema; MySQL can only copy the table for it)\n"
        } else {
            ""
        };
        let algorithm = if copies {
            ", ALGORITHM=COPY, LOCK=SHARED"
        } else if widening {
            ", ALGORITHM=INPLACE, LOCK=NONE"
        } else {
            ""
        };
        vec![format!(
            "{waiver}ALTER TABLE {} MODIFY COLUMN {}{algorithm}",
            self.ident(table),
            self.column_definition(column)
        )]
    }

    fn restate_column(&self, table: &str, column: &Column) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} MODIFY COLUMN {}",
            self.ident(table),
            self.column_definition(column)
        )]
    }

    /// MySQL's primary key is always named PRIMARY; the server rebuilds the table in place.
    fn change_primary_key(
        &self,
        table: &str,
        _before: &crate::model::PrimaryKey,
        after: &crate::model::PrimaryKey,
        _using_index: Option<&str>,
    ) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} DROP PRIMARY KEY, ADD PRIMARY KEY ({}), ALGORITHM=INPLACE, LOCK=NONE",
            self.ident(table),
            self.idents(&after.columns)
        )]
    }

    /// Only unique constraints are renamed (they are indexes on MySQL).
    fn rename_constraint(&self, table: &str, from: &str, to: &str) -> Vec<String> {
        self.rename_index(table, from, to)
    }

    /// Kept inline as `ON UPDATE CURRENT_TIMESTAMP(6)`; the planner adds no trigger step.
    fn create_update_trigger(&self, _table: &str, _column: &Column) -> Vec<String> {
        Vec::new()
    }

    fn drop_update_trigger(&self, _table: &str, _column: &Column) -> Vec<String> {
        Vec::new()
    }

    fn comment_table(&self, table: &str, comment: Option<&str>) -> Vec<String> {
        let value = self.literal(comment.unwrap_or(""));
        vec![format!("ALTER TABLE {} COMMENT = {value}", self.ident(table))]
    }

    fn comment_column(&self, table: &str, column: &Column) -> Vec<String> {
        vec![format!(
            "ALTER TABLE {} MODIFY COLUMN {}",
            self.ident(table),
            self.column_definition(column)
        )]
    }
}
