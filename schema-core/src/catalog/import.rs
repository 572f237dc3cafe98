//! Import: a live database's catalog written as the YAML files the loader reads, one per table.
//!
//! Every fact is written in the form that makes Tablewright build it back as the database holds
//! it: types by the spellings the database reports for each portable type (anything else as a
//! `native_type`), defaults as literals when the database shows a literal and as `default_sql`
//! otherwise, checks with their expression as the database prints it, and the names of keys,
//! constraints and indexes where they differ from the names Tablewright would give. What the
//! YAML format cannot express yet (an index key's collation, other
//! triggers and functions) is listed in the notes, never silently
//! dropped: `tablewright diff` against the same database then shows it too.

mod exclusions;

use std::collections::{BTreeMap, BTreeSet};

use super::{
    expected_types, is_bookkeeping_table, normalize_type, Catalog, CatalogColumn, CatalogIndexKey, CatalogTable,
};
use crate::dialect::Dialect;
use crate::model::{naming, ColumnType, Deferrable, PgType, DEFAULT_TENANT_SETTING};

/// What to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Only these tables (empty: every table). Tables they reference are added as external.
    pub tables: Vec<String>,
    /// These tables are written as external: another team's, declared with their columns only.
    pub external: Vec<String>,
}

/// The YAML files of an import, and what could not be expressed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// `(file name, YAML text)`, one per table, by table name.
    pub files: Vec<(String, String)>,
    /// Facts of the database the YAML format cannot express yet, one line each, naming the object.
    pub notes: Vec<String>,
}

/// Writes `catalog` as YAML tables for `dialect`.
pub fn import(catalog: &Catalog, dialect: Dialect, options: &ImportOptions) -> Imported {
    let mut chosen: BTreeSet<String> = catalog
        .tables
        .keys()
        .filter(|name| !is_bookkeeping_table(name))
        .filter(|name| options.tables.is_empty() || options.tables.contains(name))
        .cloned()
        .collect();
    let mut external: BTreeSet<String> = options.external.iter().cloned().collect();
    // A chosen table's foreign keys need their targets: declared as external when not chosen.
    let targets: Vec<String> = chosen
        .iter()
        .flat_map(|name| {
            catalog.tables[name]
                .foreign_keys
                .iter()
                .map(|fk| fk.references_table.clone())
        })
        .filter(|target| !chosen.contains(target) && catalog.tables.contains_key(target))
        .collect();
    for target in targets {
        chosen.insert(target.clone());
        external.insert(target);
    }
    let mut imported = Imported::default();
    let mysql_enums = super::import_types::mysql_enums(catalog, chosen.iter(), dialect);
    let declared = super::import_types::declared(catalog, &mysql_enums);
    let (composites, mut notes) = super::import_composites::documents(catalog, &declared);
    imported.notes.append(&mut notes);
    if let Some(text) = super::import_types::types_file(catalog, &mysql_enums, composites) {
        imported.files.push((super::import_types::TYPES_FILE.to_string(), text));
    }
    for name in &chosen {
        let table = &catalog.tables[name];
        let mut writer = TableWriter {
            name,
            table,
            dialect,
            declared: &declared,
            notes: &mut imported.notes,
            out: String::new(),
        };
        let text = if external.contains(name) {
            writer.external()
        } else {
            writer.owned()
        };
        imported.files.push((format!("{name}.yaml"), text));
    }
    // Functions other than the update triggers' (which `set_on_update` writes) are written as
    // `function:` documents.
    let trigger_functions: BTreeSet<String> = chosen
        .iter()
        .flat_map(|name| {
            let table = &catalog.tables[name];
            table
                .columns
                .iter()
                .filter(|c| table.triggers.contains_key(&naming::update_trigger(name, &c.name)))
                .map(|c| format!("{}()", naming::update_trigger_function(name, &c.name)))
                .collect::<Vec<_>>()
        })
        .collect();
    if let Some(file) = super::import_functions::functions_file(catalog, &trigger_functions, &mut imported.notes) {
        imported.files.push(file);
    }
    // Views read tables: imported with every table only.
    if !options.tables.is_empty() {
        for name in catalog.views.keys() {
            imported.notes.push(format!(
                "(schema): view `{name}` is not imported: views are imported with every table (no `--table`)"
            ));
        }
    } else if let Some(file) = super::import_views::views_file(catalog, dialect, &mut imported.notes) {
        imported.files.push(file);
    }
    imported
}

struct TableWriter<'a> {
    name: &'a str,
    table: &'a CatalogTable,
    dialect: Dialect,
    /// Enum types, domains and extension types columns may use by name.
    declared: &'a BTreeSet<String>,
    notes: &'a mut Vec<String>,
    out: String,
}

/// A YAML scalar: plain when it cannot be read as anything else, single-quoted otherwise.
pub(super) fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| scalar(i)).collect::<Vec<_>>().join(", "))
}

/// Index keys as a flow list: a plain column as its name, any other key as a mapping.
fn key_list(keys: &[CatalogIndexKey]) -> String {
    let items: Vec<String> = keys
        .iter()
        .map(|key| {
            let mut fields = Vec::new();
            match (&key.column, &key.expression) {
                (Some(column), _) => fields.push(format!("column: {}", scalar(column))),
                (None, expression) => {
                    fields.push(format!("expression: {}", scalar(expression.as_deref().unwrap_or(""))))
                }
            }
            if key.descending {
                fields.push("order: desc".into());
            }
            if let Some(nulls) = &key.nulls {
                fields.push(format!("nulls: {}", scalar(nulls)));
            }
            if let Some(opclass) = &key.opclass {
                fields.push(format!("opclass: {}", scalar(opclass)));
            }
            match (fields.len(), &key.column) {
                (1, Some(column)) => scalar(column),
                _ => format!("{{ {} }}", fields.join(", ")),
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// The model type the database reports as `reported` (normalized), if there is one.
pub(super) fn portable_type_of(reported: &str, dialect: Dialect) -> Option<ColumnType> {
    use ColumnType as T;
    // `format_type` prints an array as its element's type and `[]`.
    if let Some(element) = reported.strip_suffix("[]") {
        let array = ColumnType::array_of(portable_type_of(element, dialect)?).ok()?;
        return expected_types(array, dialect)
            .iter()
            .any(|t| t == reported)
            .then_some(array);
    }
    let sized = |prefixes: &[&str]| {
        prefixes
            .iter()
            .find_map(|p| reported.strip_prefix(p)?.strip_suffix(')').map(str::to_string))
    };
    let length = |prefixes: &[&str]| sized(prefixes).and_then(|n| n.parse::<u32>().ok());
    let mut candidates = vec![
        T::SmallInt,
        T::Integer,
        T::BigInt,
        T::Boolean,
        T::Text,
        T::Real,
        T::Double,
        T::Date,
        T::Time(None),
        T::Timestamp(None),
        T::Timestamptz(None),
        T::Uuid,
        T::Json,
        T::Jsonb,
        T::Binary,
        T::Numeric(None),
        T::UnboundedVarchar,
        T::Postgres(PgType::VarBit(None)),
    ];
    // Only PostgreSQL reports its own types (elsewhere they are refused).
    candidates.extend(crate::model::PgType::PLAIN.iter().map(|t| T::Postgres(*t)));
    if let Some(n) = length(&["character varying(", "varchar("]) {
        candidates.insert(0, T::Varchar(n));
    }
    // After `uuid`, which MySQL keeps as char(36).
    if let Some(n) = length(&["character(", "char("]) {
        candidates.push(T::Char(n));
    }
    if let Some(n) = length(&["bit("]) {
        candidates.push(T::Postgres(PgType::Bit(n)));
    }
    if let Some(n) = length(&["bit varying("]) {
        candidates.push(T::Postgres(PgType::VarBit(Some(n))));
    }
    if let Some((p, s)) = sized(&["numeric(", "decimal("]).and_then(|ps| {
        let (p, s) = ps.split_once(',')?;
        Some((p.trim().parse().ok()?, s.trim().parse().ok()?))
    }) {
        candidates.insert(0, T::Numeric(Some((p, s))));
    }
    // Declared precisions, after the types without one (MySQL's `datetime(6)` is `timestamp`).
    for p in 0..=crate::model::MAX_PRECISION {
        candidates.extend([T::Time(Some(p)), T::Timestamp(Some(p)), T::Timestamptz(Some(p))]);
    }
    // PostgreSQL's `time(3) with time zone`, `interval day to second(3)`.
    if let Ok(ty @ T::Postgres(PgType::TimeTz(_) | PgType::Interval(..))) = reported.parse::<ColumnType>() {
        candidates.push(ty);
    }
    candidates
        .into_iter()
        .find(|t| expected_types(*t, dialect).iter().any(|e| e == reported))
}

/// `'it''s'::character varying` → `it's`: a string literal, with or without the cast the
/// database adds.
fn string_literal(default: &str) -> Option<String> {
    let rest = default.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                value.push('\'');
                continue;
            }
            let after = &rest[i + 1..];
            let cast_only = after.is_empty()
                || (after.starts_with("::")
                    && after[2..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || " _()[]".contains(c)));
            return cast_only.then_some(value);
        }
        value.push(c);
    }
    None
}

/// PostgreSQL prints `col IN ('a', 'b')` back as `col::text = ANY (ARRAY['a'::character
/// varying, ...]::text[])`, which it does not read back the same way: the column and the values.
fn in_list(expr: &str) -> Option<(String, Vec<String>)> {
    let (left, rest) = expr.split_once(" = ANY (ARRAY[")?;
    let column = left.trim_start_matches('(').trim_end_matches(')');
    let column = column
        .strip_suffix("::text")
        .unwrap_or(column)
        .trim_matches(|c| c == '(' || c == ')');
    if column.is_empty() || !column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let mut values = Vec::new();
    let mut rest = rest;
    loop {
        let after_quote = rest.strip_prefix('\'')?;
        let mut value = String::new();
        let mut end = None;
        let mut chars = after_quote.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    value.push('\'');
                    continue;
                }
                end = Some(i + 1);
                break;
            }
            value.push(c);
        }
        values.push(value);
        rest = &after_quote[end?..];
        if let Some(cast) = rest.strip_prefix("::") {
            rest = cast.trim_start_matches(|c: char| {
                c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == '(' || c == ')'
            });
        }
        if let Some(next) = rest.strip_prefix(", ") {
            rest = next;
        } else {
            let tail = rest.strip_prefix(']')?;
            let closed = matches!(tail, ")" | "::text[])" | "::character varying[])");
            return closed.then(|| (column.to_string(), values));
        }
    }
}

fn number_literal(default: &str) -> Option<String> {
    let text = default.trim_start_matches('(').trim_end_matches(')');
    let digits = text.strip_prefix('-').unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    valid.then(|| text.to_string())
}

impl TableWriter<'_> {
    fn line(&mut self, text: impl AsRef<str>) {
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    fn note(&mut self, text: String) {
        self.notes.push(format!("{}: {text}", self.name));
    }

    fn header(&mut self) {
        self.line("# Imported by `tablewright import` from the database's catalog.");
        self.line(format!("table: {}", scalar(self.name)));
        if let Some(comment) = &self.table.comment {
            self.line(format!("comment: {}", scalar(comment)));
        }
    }

    fn portable_type(&self, column: &CatalogColumn) -> Option<ColumnType> {
        use ColumnType as T;
        let reported = normalize_type(&column.data_type, self.dialect);
        let element = reported.strip_suffix("[]").unwrap_or(&reported);
        let inline_enum = super::import_types::mysql_enum_name(self.name, &column.name);
        if self.dialect == Dialect::Mysql && reported.starts_with("enum(") && self.declared.contains(&inline_enum) {
            return Some(ColumnType::named(&inline_enum));
        }
        if self.dialect == Dialect::Postgres && self.declared.contains(element) {
            let named = ColumnType::named(element);
            return Some(if element == reported {
                named
            } else {
                ColumnType::array_of(named).ok()?
            });
        }
        let found = portable_type_of(&reported, self.dialect)?;
        Some(match (found, column.auto_increment) {
            (T::Integer, true) => T::Serial,
            (T::BigInt, true) => T::BigSerial,
            (other, _) => other,
        })
    }

    /// The table's own triggers that Tablewright writes for `set_on_update` columns.
    fn update_trigger_columns(&mut self) -> BTreeSet<String> {
        let mut columns = BTreeSet::new();
        for trigger in self.table.triggers.keys() {
            let column = self
                .table
                .columns
                .iter()
                .find(|c| naming::update_trigger(self.name, &c.name) == *trigger);
            match column {
                Some(column) => {
                    columns.insert(column.name.clone());
                }
                // PostgreSQL's are written as `triggers:` (see `import_functions`).
                None if self.table.trigger_parts.contains_key(trigger) => {}
                None => self.note(format!(
                    "trigger `{trigger}` is not imported: on {}, the YAML format declares PostgreSQL triggers only",
                    self.dialect
                )),
            }
        }
        columns
    }

    fn external(&mut self) -> String {
        self.header();
        self.line("external: true");
        self.columns(&BTreeSet::new(), &BTreeMap::new(), &BTreeMap::new(), true);
        std::mem::take(&mut self.out)
    }

    fn owned(&mut self) -> String {
        self.header();
        self.tenant();
        let key = self.table.primary_key.clone();
        if key.len() > 1 {
            self.line(format!("primary_key: {}", list(&key)));
        }
        if let Some(name) = &self.table.primary_key_name {
            if *name != naming::primary_key(self.name) {
                self.line(format!("primary_key_name: {}", scalar(name)));
            }
            if let Some(comment) = self.table.constraint_comments.get(name) {
                self.line(format!("primary_key_comment: {}", scalar(comment)));
            }
        }
        let set_on_update = self.update_trigger_columns();
        // Single-column constraints written on their column, when they have the names
        // Tablewright would give them; the others at table level, with their names.
        // SQLite names a `UNIQUE` written in a table itself (`sqlite_autoindex_...`, a name
        // reserved to it): such constraints take the name Tablewright gives.
        let uniques: BTreeMap<String, Vec<String>> = self
            .table
            .uniques
            .iter()
            .map(|(name, columns)| match name.starts_with("sqlite_autoindex_") {
                true => (naming::unique(self.name, columns), columns.clone()),
                false => (name.clone(), columns.clone()),
            })
            .collect();
        let mut column_uniques = BTreeMap::new();
        for (name, columns) in &uniques {
            if let [column] = columns.as_slice() {
                let deferrable = self.table.deferrable_uniques.contains_key(name);
                let commented = self.table.constraint_comments.contains_key(name);
                if *name == naming::unique(self.name, columns) && !deferrable && !commented {
                    column_uniques.insert(column.clone(), name.clone());
                }
            }
        }
        let mut column_indexes = BTreeMap::new();
        for (name, index) in &self.table.indexes {
            if let [column] = index.columns.as_slice() {
                let plain = !index.unique
                    && index.predicate.is_none()
                    && index.include.is_empty()
                    && index.with.is_empty()
                    && self.plain_keys(index)
                    && !self.table.index_comments.contains_key(name);
                if plain && *name == naming::index(self.name, &index.columns) {
                    column_indexes.insert(column.clone(), index.method.clone());
                }
            }
        }
        self.columns(&set_on_update, &column_uniques, &column_indexes, false);
        self.indexes(&column_indexes);
        let uniques: Vec<(String, Vec<String>)> = uniques
            .iter()
            .filter(|(_, columns)| !(columns.len() == 1 && column_uniques.contains_key(&columns[0])))
            .map(|(n, c)| (n.clone(), c.clone()))
            .collect();
        if !uniques.is_empty() {
            self.line("uniques:");
            for (name, columns) in uniques {
                self.line(format!("  - name: {}", scalar(&name)));
                self.line(format!("    columns: {}", list(&columns)));
                if let Some(timing) = self.table.deferrable_uniques.get(&name).cloned() {
                    self.deferrable(&timing, "    ");
                }
                self.comment_of(&name, "    ");
            }
        }
        self.checks();
        self.foreign_keys();
        self.exclusions();
        let own: BTreeSet<String> = set_on_update
            .iter()
            .map(|c| naming::update_trigger(self.name, c))
            .collect();
        let triggers = super::import_functions::triggers_section(self.name, self.table, &own, self.notes);
        self.out.push_str(&triggers);
        std::mem::take(&mut self.out)
    }

    /// Whether an index's keys are its columns, ascending, with the default operator class (what
    /// a column's `index:` and a plain `columns:` list write).
    fn plain_keys(&self, index: &super::CatalogIndex) -> bool {
        if !index.keys.is_empty() {
            return self.expressible(index)
                && index
                    .keys
                    .iter()
                    .all(|k| k.column.is_some() && !k.descending && k.nulls.is_none() && k.opclass.is_none());
        }
        let definition = index.definition.to_ascii_uppercase();
        self.expressible(index)
            && !definition.contains(" DESC")
            && !definition.contains("NULLS ")
            && !definition.contains("_OPS")
            && !index.columns.iter().any(|c| c.contains('(') || c == "<expression>")
    }

    /// Whether the YAML format can write the index: its keys are known one by one (with its
    /// `INCLUDE` columns and storage parameters), and it has no collation.
    fn expressible(&self, index: &super::CatalogIndex) -> bool {
        let definition = index.definition.to_ascii_uppercase();
        let include_known = !definition.contains("INCLUDE") || !index.include.is_empty();
        let with_known = !definition.contains(" WITH (") || !index.with.is_empty();
        !definition.contains("COLLATE") && include_known && with_known
    }

    fn tenant(&mut self) {
        if !self.table.row_level_security {
            return;
        }
        // Tablewright's isolation: one policy for ALL commands comparing the tenant column with a
        // session setting, in USING and WITH CHECK.
        let found = self.table.policies.iter().find_map(|(name, policy)| {
            let using = policy.using.as_deref()?;
            let setting_start = using.find("current_setting('")? + "current_setting('".len();
            let setting = &using[setting_start..setting_start + using[setting_start..].find('\'')?];
            let column = using.trim_start_matches('(').split_whitespace().next()?.to_string();
            Some((name.clone(), column, setting.to_string()))
        });
        match found {
            Some((policy, column, setting)) if self.table.policies.len() == 1 => {
                self.line("tenant:");
                self.line(format!("  column: {}", scalar(&column)));
                if setting != DEFAULT_TENANT_SETTING {
                    self.line(format!("  setting: {}", scalar(&setting)));
                }
                if policy != naming::tenant_policy(self.name) {
                    self.line(format!("  policy: {}", scalar(&policy)));
                }
            }
            _ => self.note(
                "row-level security and its policies are not imported: they are not the tenant isolation the YAML format declares".into(),
            ),
        }
    }

    fn columns(
        &mut self,
        set_on_update: &BTreeSet<String>,
        uniques: &BTreeMap<String, String>,
        indexes: &BTreeMap<String, String>,
        external: bool,
    ) {
        self.line("columns:");
        let single_fks: BTreeMap<String, super::CatalogForeignKey> = self
            .table
            .foreign_keys
            .iter()
            .filter(|fk| self.on_its_column(fk))
            .map(|fk| (fk.columns[0].clone(), fk.clone()))
            .collect();
        for column in self.table.columns.clone() {
            self.line(format!("  {}:", scalar(&column.name)));
            match self.portable_type(&column) {
                Some(ty) => self.line(format!("    type: {}", scalar(&ty.to_string()))),
                None => {
                    self.line("    type: text");
                    self.line(format!(
                        "    native_type: {{ {}: {} }}",
                        self.dialect.name(),
                        scalar(&column.data_type)
                    ));
                }
            }
            if self.table.primary_key.len() == 1 && self.table.primary_key[0] == column.name {
                self.line("    primary_key: true");
            }
            if column.nullable {
                self.line("    nullable: true");
            }
            if external {
                continue;
            }
            self.auto_increment(&column);
            let boolean = self.portable_type(&column) == Some(ColumnType::Boolean);
            self.default(&column, boolean);
            if let Some((expr, kind)) = &column.generated {
                self.line(format!("    generated: {}", scalar(expr)));
                if kind == "VIRTUAL" {
                    self.line("    stored: false");
                }
            }
            if let Some(comment) = &column.comment {
                self.line(format!("    comment: {}", scalar(comment)));
            }
            if let Some(values) = self.enum_columns().get(&column.name) {
                self.line(format!("    values: {}", list(values)));
            }
            if set_on_update.contains(&column.name) || column.on_update_now {
                self.line("    set_on_update: true");
            }
            if uniques.contains_key(&column.name) {
                self.line("    unique: true");
            }
            if let Some(method) = indexes.get(&column.name) {
                if method == "btree" {
                    self.line("    index: true");
                } else {
                    self.line(format!("    index: {}", scalar(method)));
                }
            }
            if let Some(fk) = single_fks.get(&column.name) {
                self.line(format!(
                    "    references: {}",
                    scalar(&format!("{}.{}", fk.references_table, fk.references_columns.join(",")))
                ));
                self.actions(fk, "    ");
            }
        }
    }

    /// PostgreSQL's kind of auto-increment when it is not an identity `BY DEFAULT`, and the
    /// sequence's name and options where they are not PostgreSQL's defaults.
    fn auto_increment(&mut self, column: &CatalogColumn) {
        use crate::model::{AutoIncrement, SequenceFacts};
        if self.dialect != Dialect::Postgres || !column.auto_increment {
            return;
        }
        let Some(ty) = self.portable_type(column).filter(|t| t.is_serial()) else {
            return;
        };
        let kind = match column.identity.as_deref() {
            Some("ALWAYS") => AutoIncrement::Always,
            Some(_) => AutoIncrement::Identity,
            None => AutoIncrement::Sequence,
        };
        if kind != AutoIncrement::Identity {
            self.line(format!("    auto_increment: {}", kind.name()));
        }
        let Some(found) = &column.sequence else { return };
        let data_type = if ty == ColumnType::Serial { "integer" } else { "bigint" };
        let facts = SequenceFacts {
            name: found.name.clone(),
            data_type,
            start: found.start,
            increment: found.increment,
            min_value: found.min_value,
            max_value: found.max_value,
            cache: found.cache,
            cycle: found.cycle,
        };
        let options = facts.options_beyond_defaults(data_type);
        let mut fields = Vec::new();
        if found.name != crate::model::default_sequence_name(self.name, &column.name) {
            fields.push(format!("name: {}", scalar(&found.name)));
        }
        let numbers = [
            ("start", options.start),
            ("increment", options.increment),
            ("min_value", options.min_value),
            ("max_value", options.max_value),
            ("cache", options.cache),
        ];
        fields.extend(
            numbers
                .iter()
                .filter_map(|(key, value)| value.map(|v| format!("{key}: {v}"))),
        );
        if options.cycle {
            fields.push("cycle: true".into());
        }
        match fields.as_slice() {
            [] => {}
            [only] if only.starts_with("name: ") => {
                self.line(format!("    sequence: {}", only.trim_start_matches("name: ")))
            }
            _ => self.line(format!("    sequence: {{ {} }}", fields.join(", "))),
        }
    }

    /// `boolean`: MySQL keeps a boolean default as `1` or `0`.
    fn default(&mut self, column: &CatalogColumn, boolean: bool) {
        let Some(default) = &column.default else { return };
        if column.auto_increment && column.identity.is_none() {
            return; // a serial's sequence, or MySQL's AUTO_INCREMENT
        }
        // A column set on update has its default written by `set_on_update` only on MySQL.
        if column.on_update_now && default.to_ascii_lowercase().starts_with("current_timestamp") {
            self.line(format!("    default_sql: {}", scalar(default)));
            return;
        }
        if let Some(text) = string_literal(default) {
            self.line(format!("    default: {}", scalar(&text)));
        } else if boolean && matches!(default.as_str(), "1" | "0") {
            self.line(format!("    default: {}", default == "1"));
        } else if let Some(number) = number_literal(default) {
            self.line(format!("    default: {number}"));
        } else if matches!(default.to_ascii_lowercase().as_str(), "true" | "false") {
            self.line(format!("    default: {}", default.to_ascii_lowercase()));
        } else {
            self.line(format!("    default_sql: {}", scalar(default)));
        }
    }

    fn actions(&mut self, fk: &super::CatalogForeignKey, indent: &str) {
        let action = |a: &str| a.to_ascii_lowercase().replace(' ', "_");
        self.line(format!("{indent}on_delete: {}", action(&fk.on_delete)));
        if fk.on_update != "NO ACTION" {
            self.line(format!("{indent}on_update: {}", action(&fk.on_update)));
        }
        self.deferrable(&fk.deferrable, indent);
    }

    /// `deferrable:` of a unique constraint or foreign key, as the catalog prints it.
    fn deferrable(&mut self, timing: &str, indent: &str) {
        match Deferrable::from_sql(timing) {
            Some(Deferrable::InitiallyImmediate) => self.line(format!("{indent}deferrable: true")),
            Some(when) => self.line(format!("{indent}deferrable: {}", when.name())),
            None => {}
        }
    }

    fn indexes(&mut self, on_columns: &BTreeMap<String, String>) {
        let mut written = Vec::new();
        for (name, index) in &self.table.indexes {
            if index.columns.len() == 1
                && on_columns.contains_key(&index.columns[0])
                && *name == naming::index(self.name, &index.columns)
            {
                continue;
            }
            let keys = if self.plain_keys(index) {
                list(&index.columns)
            } else if self.expressible(index) && !index.keys.is_empty() {
                key_list(&index.keys)
            } else {
                written.push(Err(format!(
                    "index `{name}` ({}) is not imported: the YAML format cannot write its keys yet",
                    index.definition
                )));
                continue;
            };
            let mut text = format!("  - name: {}\n    columns: {keys}\n", scalar(name));
            if index.unique {
                text.push_str("    unique: true\n");
            }
            if index.method != "btree" {
                text.push_str(&format!("    method: {}\n", scalar(&index.method)));
            }
            if !index.include.is_empty() {
                text.push_str(&format!("    include: {}\n", list(&index.include)));
            }
            if !index.with.is_empty() {
                let parameters: Vec<String> = index
                    .with
                    .iter()
                    .map(|p| match p.split_once('=') {
                        Some((name, value)) => format!("{}: {}", scalar(name), scalar(value)),
                        None => scalar(p),
                    })
                    .collect();
                text.push_str(&format!("    with: {{ {} }}\n", parameters.join(", ")));
            }
            if let Some(predicate) = &index.predicate {
                text.push_str(&format!("    predicate: {}\n", scalar(predicate)));
            }
            if let Some(comment) = self.table.index_comments.get(name) {
                text.push_str(&format!("    comment: {}\n", scalar(comment)));
            }
            written.push(Ok(text));
        }
        if written.iter().any(Result::is_ok) {
            self.line("indexes:");
        }
        for entry in written {
            match entry {
                Ok(text) => self.out.push_str(&text),
                Err(note) => self.note(note),
            }
        }
    }

    /// Enum checks Tablewright wrote for `values:` (`<table>_<column>_check`, `column IN (...)`),
    /// by column; their checks are not written again.
    fn enum_columns(&self) -> BTreeMap<String, Vec<String>> {
        self.table
            .checks
            .iter()
            // One that is NOT VALID stays a check: `values:` are always validated; and so does
            // one with a comment, which `values:` cannot carry.
            .filter(|(_, definition)| !definition.trim_end().ends_with(" NOT VALID"))
            .filter(|(name, _)| !self.table.constraint_comments.contains_key(*name))
            .filter_map(|(name, definition)| {
                let (column, values) = in_list(&check_expr(definition))?;
                (*name == naming::column_check(self.name, &column)).then_some((column, values))
            })
            .collect()
    }

    fn checks(&mut self) {
        let enums = self.enum_columns();
        let checks: Vec<(String, String)> = self
            .table
            .checks
            .iter()
            .filter(|(name, _)| !enums.keys().any(|c| **name == naming::column_check(self.name, c)))
            .map(|(n, d)| (n.clone(), d.clone()))
            .collect();
        if checks.is_empty() {
            return;
        }
        self.line("checks:");
        for (name, definition) in checks {
            // PostgreSQL prints `CHECK (expr)` (and `NOT VALID`); the others the expression.
            let mut expr = definition.trim().to_string();
            let not_valid = expr.ends_with(" NOT VALID");
            expr = check_expr(&expr);
            if let Some((column, values)) = in_list(&expr) {
                let quoted: Vec<String> = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
                expr = format!("{column} IN ({})", quoted.join(", "));
            }
            self.line(format!("  - name: {}", scalar(&name)));
            self.line(format!("    expr: {}", scalar(&expr)));
            if not_valid {
                self.line("    not_valid: true");
            }
            self.comment_of(&name, "    ");
        }
    }

    /// `comment:` of a constraint, when it has one.
    fn comment_of(&mut self, name: &str, indent: &str) {
        if let Some(comment) = self.table.constraint_comments.get(name).cloned() {
            self.line(format!("{indent}comment: {}", scalar(&comment)));
        }
    }

    /// Whether a foreign key is written on its column (`references:`): one column, the name
    /// Tablewright gives, validated, and nothing a column's key cannot say (a comment).
    fn on_its_column(&self, fk: &super::CatalogForeignKey) -> bool {
        fk.validated
            && fk.columns.len() == 1
            && fk.name == naming::foreign_key(self.name, &fk.columns)
            && !self.table.constraint_comments.contains_key(&fk.name)
    }

    fn foreign_keys(&mut self) {
        let keys: Vec<super::CatalogForeignKey> = self
            .table
            .foreign_keys
            .iter()
            .filter(|fk| !self.on_its_column(fk))
            .cloned()
            .collect();
        if keys.is_empty() {
            return;
        }
        self.line("foreign_keys:");
        for fk in keys {
            if !fk.name.is_empty() {
                self.line(format!("  - name: {}", scalar(&fk.name)));
                self.line(format!("    columns: {}", list(&fk.columns)));
            } else {
                self.line(format!("  - columns: {}", list(&fk.columns)));
            }
            self.line(format!(
                "    references: {}",
                scalar(&format!(
                    "{}({})",
                    fk.references_table,
                    fk.references_columns.join(", ")
                ))
            ));
            self.actions(&fk, "    ");
            if !fk.validated {
                self.line("    not_valid: true");
            }
            self.comment_of(&fk.name, "    ");
        }
    }
}

/// The expression of a check as the catalog holds it: PostgreSQL's `CHECK (expr)` unwrapped.
pub(super) fn check_expr(definition: &str) -> String {
    let expr = definition.trim();
    let expr = expr.strip_suffix(" NOT VALID").unwrap_or(expr);
    expr.strip_prefix("CHECK (")
        .and_then(|e| e.strip_suffix(')'))
        .unwrap_or(expr)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_the_names_the_databases_print() {
        let pg = |reported: &str| portable_type_of(reported, Dialect::Postgres).map(|t| t.to_string());
        assert_eq!(pg("text[]").as_deref(), Some("text[]"));
        assert_eq!(pg("character varying(40)[]").as_deref(), Some("varchar(40)[]"));
        assert_eq!(pg("numeric(12,3)[]").as_deref(), Some("numeric(12,3)[]"));
        assert_eq!(pg("timestamp with time zone[]").as_deref(), Some("timestamptz[]"));
        assert_eq!(pg("character varying").as_deref(), Some("varchar"));
        assert_eq!(pg("character(2)").as_deref(), Some("char(2)"));
        assert_eq!(pg("time with time zone").as_deref(), Some("timetz"));
        assert_eq!(pg("bit varying(16)").as_deref(), Some("varbit(16)"));
        assert_eq!(pg("bit varying").as_deref(), Some("varbit"));
        assert_eq!(pg("bit(4)").as_deref(), Some("bit(4)"));
        assert_eq!(pg("tstzrange").as_deref(), Some("tstzrange"));
        assert_eq!(pg("inet[]").as_deref(), Some("inet[]"));
        // Precisions exactly as declared: `timestamp(6)` is not `timestamp` in the catalog.
        assert_eq!(pg("timestamp(6) without time zone").as_deref(), Some("timestamp(6)"));
        assert_eq!(pg("timestamp without time zone").as_deref(), Some("timestamp"));
        assert_eq!(pg("timestamp(3) with time zone").as_deref(), Some("timestamptz(3)"));
        assert_eq!(pg("time(0) without time zone").as_deref(), Some("time(0)"));
        assert_eq!(pg("time(2) with time zone").as_deref(), Some("timetz(2)"));
        assert_eq!(
            pg("interval day to second(3)").as_deref(),
            Some("interval day to second(3)")
        );
        assert_eq!(pg("interval(4)").as_deref(), Some("interval(4)"));
        assert_eq!(
            pg("timestamp(3) without time zone[]").as_deref(),
            Some("timestamp(3)[]")
        );
        // An extension's type stays a native type.
        assert_eq!(pg("ltree"), None);
        assert_eq!(pg("ltree[]"), None);
        let mysql = |reported: &str| portable_type_of(reported, Dialect::Mysql).map(|t| t.to_string());
        assert_eq!(mysql("char(36)").as_deref(), Some("uuid"));
        assert_eq!(mysql("char(2)").as_deref(), Some("char(2)"));
        assert_eq!(mysql("inet"), None);
        // Six digits are what Tablewright writes for no precision; MySQL prints no `(0)`.
        assert_eq!(mysql("datetime(6)").as_deref(), Some("timestamp"));
        assert_eq!(mysql("datetime(3)").as_deref(), Some("timestamp(3)"));
        assert_eq!(mysql("datetime").as_deref(), Some("timestamp(0)"));
        assert_eq!(mysql("timestamp").as_deref(), Some("timestamptz(0)"));
        assert_eq!(mysql("time(2)").as_deref(), Some("time(2)"));
        let sqlite = |reported: &str| portable_type_of(reported, Dialect::Sqlite).map(|t| t.to_string());
        assert_eq!(sqlite("varchar").as_deref(), Some("varchar"));
        assert_eq!(sqlite("text[]"), None);
    }

    #[test]
    fn serial_and_identity_as_the_database_has_them() {
        use crate::catalog::CatalogSequence;
        let sequence = |name: &str, data_type: &str, max: i64| CatalogSequence {
            name: name.into(),
            data_type: data_type.into(),
            start: 1,
            increment: 1,
            min_value: 1,
            max_value: max,
            cache: 1,
            cycle: false,
        };
        let mut crates = CatalogTable {
            primary_key: vec!["id".into()],
            ..CatalogTable::default()
        };
        crates.columns = vec![
            CatalogColumn {
                name: "id".into(),
                data_type: "integer".into(),
                auto_increment: true,
                default: Some("nextval('packages_id_seq'::regclass)".into()),
                // Made before PostgreSQL 10: a bigint sequence behind an integer column.
                sequence: Some(sequence("packages_id_seq", "bigint", i64::MAX)),
                ..CatalogColumn::default()
            },
            CatalogColumn {
                name: "number".into(),
                data_type: "bigint".into(),
                auto_increment: true,
                identity: Some("ALWAYS".into()),
                sequence: Some(CatalogSequence {
                    start: 100,
                    increment: 10,
                    min_value: 100,
                    ..sequence("crates_number_seq", "bigint", i64::MAX)
                }),
                ..CatalogColumn::default()
            },
            CatalogColumn {
                name: "plain".into(),
                data_type: "bigint".into(),
                auto_increment: true,
                identity: Some("BY DEFAULT".into()),
                sequence: Some(sequence("crates_plain_seq", "bigint", i64::MAX)),
                ..CatalogColumn::default()
            },
        ];
        // A start at the lowest value is PostgreSQL's default: not written.
        let mut catalog = Catalog::default();
        catalog.tables.insert("crates".into(), crates);
        let imported = import(&catalog, Dialect::Postgres, &ImportOptions::default());
        let yaml = &imported.files[0].1;
        assert!(
            yaml.contains("  id:\n    type: serial\n    primary_key: true\n    auto_increment: sequence\n    sequence: { name: packages_id_seq, max_value: 9223372036854775807 }\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  number:\n    type: bigserial\n    auto_increment: always\n    sequence: { increment: 10, min_value: 100 }\n"),
            "{yaml}"
        );
        assert!(yaml.ends_with("  plain:\n    type: bigserial\n"), "{yaml}");
        assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    }

    #[test]
    fn literals_as_the_database_prints_them() {
        assert_eq!(string_literal("'it''s'::character varying").as_deref(), Some("it's"));
        assert_eq!(string_literal("'{}'::jsonb").as_deref(), Some("{}"));
        assert_eq!(string_literal("'a'"), Some("a".into()));
        assert_eq!(string_literal("'a'::text || 'b'::text"), None);
        assert_eq!(number_literal("0").as_deref(), Some("0"));
        assert_eq!(number_literal("-1.5").as_deref(), Some("-1.5"));
        assert_eq!(number_literal("now()"), None);
        assert_eq!(scalar("lot_code"), "lot_code");
        assert_eq!(scalar("true"), "'true'");
        assert_eq!(scalar("it's"), "'it''s'");
        assert_eq!(
            in_list("status::text = ANY (ARRAY['A'::character varying, 'it''s, b'::character varying]::text[])"),
            Some(("status".to_string(), vec!["A".to_string(), "it's, b".to_string()]))
        );
        assert_eq!(
            in_list("kind = ANY (ARRAY['x'::text, 'y'::text])"),
            Some(("kind".into(), vec!["x".into(), "y".into()]))
        );
        assert_eq!(in_list("a > 0"), None);
    }
}

#[cfg(test)]
mod snapshot {
    use super::*;
    use crate::catalog::{CatalogForeignKey, CatalogIndex, CatalogPolicy};

    fn column(name: &str, data_type: &str) -> CatalogColumn {
        CatalogColumn {
            name: name.into(),
            data_type: data_type.into(),
            ..CatalogColumn::default()
        }
    }

    /// A PostgreSQL catalog with what the format writes (shorthands, names, tenant, enum values,
    /// update trigger, native types) and what it cannot yet (listed in the notes).
    #[test]
    fn a_postgres_catalog_as_yaml() {
        let mut lots = CatalogTable {
            primary_key: vec!["id".into()],
            primary_key_name: Some("lots_pk".into()),
            row_level_security: true,
            force_row_level_security: true,
            comment: Some("Lots, one per tenant's receipt".into()),
            ..CatalogTable::default()
        };
        lots.columns = vec![
            CatalogColumn {
                auto_increment: true,
                identity: Some("BY DEFAULT".into()),
                ..column("id", "bigint")
            },
            column("tenant_id", "uuid"),
            CatalogColumn {
                default: Some("'OPEN'::character varying".into()),
                ..column("status", "character varying(10)")
            },
            CatalogColumn {
                nullable: true,
                default: Some("0".into()),
                comment: Some("In kg".into()),
                ..column("weight", "numeric(12,3)")
            },
            column("path", "ltree"),
            CatalogColumn {
                nullable: true,
                generated: Some(("weight * 1000::numeric".into(), "STORED".into())),
                ..column("grams", "numeric")
            },
            column("tags", "character varying(20)[]"),
            CatalogColumn {
                default: Some("now()".into()),
                ..column("updated_at", "timestamp with time zone")
            },
            column("site_id", "bigint"),
        ];
        lots.checks.insert(
            "lots_status_check".into(),
            "CHECK (status::text = ANY (ARRAY['OPEN'::character varying, 'SHUT'::character varying]::text[]))".into(),
        );
        lots.checks.insert(
            "lots_weight_check".into(),
            "CHECK (weight >= 0::numeric) NOT VALID".into(),
        );
        lots.indexes.insert(
            "idx_lots_tenant_id".into(),
            CatalogIndex {
                columns: vec!["tenant_id".into()],
                method: "btree".into(),
                definition: "USING btree (tenant_id)".into(),
                ..CatalogIndex::default()
            },
        );
        lots.indexes.insert(
            "idx_lots_open".into(),
            CatalogIndex {
                columns: vec!["tenant_id".into(), "status".into()],
                method: "btree".into(),
                predicate: Some("status::text = 'OPEN'::text".into()),
                definition: "USING btree (tenant_id, status) WHERE status::text = 'OPEN'::text".into(),
                ..CatalogIndex::default()
            },
        );
        lots.indexes.insert(
            "idx_lots_recent".into(),
            CatalogIndex {
                columns: vec!["updated_at".into()],
                method: "btree".into(),
                definition: "USING btree (updated_at DESC NULLS LAST)".into(),
                keys: vec![CatalogIndexKey {
                    column: Some("updated_at".into()),
                    descending: true,
                    nulls: Some("last".into()),
                    ..CatalogIndexKey::default()
                }],
                ..CatalogIndex::default()
            },
        );
        lots.indexes.insert(
            "idx_lots_code_lower".into(),
            CatalogIndex {
                columns: vec!["lower(code)".into(), "code".into()],
                method: "btree".into(),
                definition: "USING btree (lower(code), code text_pattern_ops)".into(),
                keys: vec![
                    CatalogIndexKey {
                        expression: Some("lower(code)".into()),
                        ..CatalogIndexKey::default()
                    },
                    CatalogIndexKey {
                        column: Some("code".into()),
                        opclass: Some("text_pattern_ops".into()),
                        ..CatalogIndexKey::default()
                    },
                ],
                ..CatalogIndex::default()
            },
        );
        lots.indexes.insert(
            "idx_lots_covering".into(),
            CatalogIndex {
                columns: vec!["code".into()],
                method: "btree".into(),
                definition: "USING btree (code) INCLUDE (status) WITH (fillfactor='70')".into(),
                keys: vec![CatalogIndexKey {
                    column: Some("code".into()),
                    ..CatalogIndexKey::default()
                }],
                include: vec!["status".into()],
                with: vec!["fillfactor=70".into()],
                ..CatalogIndex::default()
            },
        );
        lots.foreign_keys.push(CatalogForeignKey {
            name: "lots_site_id_fkey".into(),
            columns: vec!["site_id".into()],
            references_table: "sites".into(),
            references_columns: vec!["id".into()],
            on_delete: "RESTRICT".into(),
            on_update: "NO ACTION".into(),
            deferrable: "DEFERRABLE INITIALLY DEFERRED".into(),
            validated: true,
        });
        lots.triggers
            .insert("lots_updated_at".into(), "CREATE TRIGGER ...".into());
        lots.triggers.insert("lots_audit".into(), "CREATE TRIGGER ...".into());
        lots.trigger_parts.insert(
            "lots_audit".into(),
            super::super::CatalogTrigger {
                timing: "AFTER".into(),
                events: vec!["INSERT".into(), "UPDATE".into()],
                update_columns: vec!["qty".into()],
                for_each: "ROW".into(),
                when: Some("old.qty IS DISTINCT FROM new.qty".into()),
                function: "audit".into(),
                arguments: vec!["lots".into(), "it's".into()],
                enabled: "D".into(),
                comment: Some("Audits quantities".into()),
                ..Default::default()
            },
        );
        lots.policies.insert(
            "lots_tenant_isolation".into(),
            CatalogPolicy {
                command: "ALL".into(),
                permissive: "PERMISSIVE".into(),
                roles: "{public}".into(),
                using: Some("(tenant_id = (NULLIF(current_setting('app.tenant'::text, true), ''::text))::uuid)".into()),
                with_check: None,
            },
        );
        let mut sites = CatalogTable {
            primary_key: vec!["id".into()],
            ..CatalogTable::default()
        };
        sites.columns = vec![column("id", "bigint"), column("name", "text")];
        let mut catalog = Catalog::default();
        catalog.tables.insert("lots".into(), lots);
        catalog.tables.insert("sites".into(), sites);
        catalog
            .tables
            .insert("__diesel_schema_migrations".into(), CatalogTable::default());
        let function = |name: &str, language: &str| super::super::CatalogFunction {
            name: name.into(),
            result: "trigger".into(),
            language: language.into(),
            volatility: "VOLATILE".into(),
            body: "BEGIN\n  RETURN NEW;\nEND;".into(),
            kind: "f".into(),
            ..Default::default()
        };
        catalog.functions.insert(
            "lots_set_updated_at()".into(),
            function("lots_set_updated_at", "plpgsql"),
        );
        catalog.functions.insert("audit()".into(), function("audit", "plpgsql"));
        catalog.functions.insert("native()".into(), function("native", "c"));
        let options = ImportOptions {
            tables: vec!["lots".into()],
            external: vec![],
        };
        let imported = import(&catalog, Dialect::Postgres, &options);
        let mut text = String::new();
        for (file, yaml) in &imported.files {
            text.push_str(&format!("--- {file}\n{yaml}"));
        }
        text.push_str("--- notes\n");
        for note in &imported.notes {
            text.push_str(&format!("{note}\n"));
        }
        insta::assert_snapshot!(text);
    }
}
