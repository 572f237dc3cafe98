//! SQLite: `INTEGER PRIMARY KEY AUTOINCREMENT`, unique constraints as unique indexes, and an
//! update trigger in SQL. SQLite stores no comments.

use super::SqlDialect;
use crate::dialect::Dialect;
use crate::model::{naming, Column, ColumnType, Table, Unique};

pub struct Sqlite;

/// Whether `column` is the table's single auto-increment key, written inline.
fn is_rowid_key(table: &Table, column: &Column) -> bool {
    column.ty.is_serial()
        && table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns == [column.name.clone()])
}

impl SqlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    /// Names SQLite's type affinity and diesel's `print-schema` both understand.
    fn type_name(&self, ty: ColumnType) -> String {
        match ty {
            ColumnType::SmallInt => "SMALLINT".into(),
            ColumnType::Integer | ColumnType::Serial => "INTEGER".into(),
            ColumnType::BigInt | ColumnType::BigSerial => "BIGINT".into(),
            ColumnType::Boolean => "BOOLEAN".into(),
            ColumnType::Text | ColumnType::Uuid | ColumnType::Json => "TEXT".into(),
            ColumnType::Varchar(n) => format!("VARCHAR({n})"),
            ColumnType::Numeric(None) => "NUMERIC".into(),
            ColumnType::Numeric(Some((p, s))) => format!("NUMERIC({p}, {s})"),
            ColumnType::Real => "REAL".into(),
            ColumnType::Double => "DOUBLE".into(),
            ColumnType::Date => "DATE".into(),
            // SQLite keeps times as text and never rounds them: a precision is not written.
            ColumnType::Time(_) => "TIME".into(),
            ColumnType::Timestamp(_) => "TIMESTAMP".into(),
            ColumnType::Timestamptz(_) => "TIMESTAMPTZ".into(),
            ColumnType::Jsonb | ColumnType::Binary => "BLOB".into(),
            ColumnType::UnboundedVarchar => "VARCHAR".into(),
            ColumnType::Char(n) => format!("CHAR({n})"),
            // Refused by the checks (`unsupported-feature`) unless a native type replaces them.
            ColumnType::Postgres(_) | ColumnType::Array(_) | ColumnType::Named(_) => ty.to_string(),
        }
    }

    fn current_timestamp(&self, _ty: ColumnType) -> String {
        "CURRENT_TIMESTAMP".into()
    }

    /// A version-4 UUID in text form, from SQLite's own randomness.
    fn random_uuid(&self) -> String {
        "(lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))))".into()
    }

    /// A jsonb column holds SQLite's binary JSONB (what diesel reads and writes), so a text
    /// default is converted; stored as text, it could not be read back.
    fn string_default(&self, column: &Column, value: &str) -> String {
        let literal = self.literal(value);
        if column.ty == ColumnType::Jsonb && !column.native_types.contains_key(&Dialect::Sqlite) {
            format!("(jsonb({literal}))")
        } else {
            literal
        }
    }

    fn create_table(&self, table: &Table, foreign_keys: &[crate::model::ForeignKey]) -> Vec<String> {
        let mut lines = Vec::new();
        for column in &table.columns {
            if is_rowid_key(table, column) {
                lines.push(format!(
                    "{} INTEGER PRIMARY KEY AUTOINCREMENT",
                    self.ident(&column.name)
                ));
            } else {
                // An enum's check is a constraint of its column (as ADD COLUMN writes it), so that
                // DROP COLUMN can drop the column later: it refuses columns a table CHECK names.
                let mut definition = self.column_definition(column);
                if let Some(check) = self.enum_check(column) {
                    definition.push(' ');
                    definition.push_str(&check);
                }
                lines.push(definition);
            }
        }
        if !table.columns.iter().any(|c| is_rowid_key(table, c)) {
            lines.extend(self.primary_key_clause(table));
        }
        lines.extend(table.checks.iter().map(|c| self.check_clause(c)));
        lines.extend(foreign_keys.iter().map(|fk| self.foreign_key_clause(fk)));
        let mut statements = vec![format!(
            "CREATE TABLE {} (\n    {}\n)",
            self.ident(&table.name),
            lines.join(",\n    ")
        )];
        // Unique constraints as named unique indexes: SQLite cannot drop a UNIQUE written into
        // the table definition, but can drop an index, and a rebuild keeps the names.
        statements.extend(table.uniques.iter().flat_map(|u| self.add_unique(&table.name, u)));
        statements
    }

    fn add_unique(&self, table: &str, unique: &Unique) -> Vec<String> {
        vec![format!(
            "CREATE UNIQUE INDEX {} ON {} ({})",
            self.ident(&unique.name),
            self.ident(table),
            self.idents(&unique.columns)
        )]
    }

    fn drop_unique(&self, _table: &str, unique: &Unique) -> Vec<String> {
        vec![format!("DROP INDEX {}", self.ident(&unique.name))]
    }

    /// SQLite has no BEFORE-row assignment, so an AFTER UPDATE trigger writes the column back,
    /// unless the UPDATE set it itself (which also keeps the trigger from re-firing).
    /// The rebuild SQLite documents for changes ALTER TABLE cannot make (section 7 of its ALTER
    /// TABLE page), inside the migration's transaction. Foreign keys must be off while the old
    /// table is dropped (the migrator turns them off and checks them before committing; diesel's
    /// connection leaves them off).
    fn rebuild_table(&self, _before: &Table, after: &Table, sources: &[(String, String)]) -> Vec<String> {
        let temporary = format!("_tw_rebuild_{}", after.name);
        let mut shape = after.clone();
        shape.name = temporary.clone();
        shape.uniques.clear(); // created after the old table (and its indexes) is gone
        let foreign_keys = after.foreign_keys.clone();
        let mut statements = self.create_table(&shape, &foreign_keys);
        let (targets, values): (Vec<String>, Vec<String>) = sources
            .iter()
            .filter_map(|(to, from)| {
                let column = after.column(to)?;
                let source = self.ident(from);
                // A column that became NOT NULL takes its default where the old one was NULL
                // (literal or expression: each row gets the expression's value).
                let value = match (&column.default, column.nullable) {
                    (Some(crate::model::DefaultValue::Literal(literal)), false) => {
                        format!("coalesce({source}, {})", self.literal_value(literal))
                    }
                    (Some(_), false) => match self.default_value(column) {
                        Some(default) => format!("coalesce({source}, {default})"),
                        None => source,
                    },
                    _ => source,
                };
                Some((self.ident(to), value))
            })
            .unzip();
        statements.push(format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            self.ident(&temporary),
            targets.join(", "),
            values.join(", "),
            self.ident(&after.name)
        ));
        statements.push(format!("DROP TABLE {}", self.ident(&after.name)));
        statements.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            self.ident(&temporary),
            self.ident(&after.name)
        ));
        for unique in &after.uniques {
            statements.extend(self.add_unique(&after.name, unique));
        }
        for index in &after.indexes {
            statements.extend(self.create_index(&after.name, index, false));
        }
        if let Some(column) = after.set_on_update_column() {
            statements.extend(self.create_update_trigger(&after.name, column));
        }
        statements
    }

    /// Constraint names are only text in SQLite's schema: nothing to rename.
    fn rename_constraint(&self, _table: &str, _from: &str, _to: &str) -> Vec<String> {
        Vec::new()
    }

    fn create_update_trigger(&self, table: &str, column: &Column) -> Vec<String> {
        let trigger = naming::update_trigger(table, &column.name);
        let col = self.ident(&column.name);
        vec![format!(
            "CREATE TRIGGER {} AFTER UPDATE ON {} FOR EACH ROW WHEN NEW.{col} IS OLD.{col}\nBEGIN\n    UPDATE {} SET {col} = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid;\nEND",
            self.ident(&trigger),
            self.ident(table),
            self.ident(table),
        )]
    }

    fn drop_update_trigger(&self, table: &str, column: &Column) -> Vec<String> {
        vec![format!(
            "DROP TRIGGER {}",
            self.ident(&naming::update_trigger(table, &column.name))
        )]
    }
}
