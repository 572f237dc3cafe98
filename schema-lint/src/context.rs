//! What a migration does, as facts the rules share: which tables it creates, and what every table
//! looks like afterwards (columns, keys and indexes, row-level security, policies), on top of what
//! the migrations before it did when a whole folder is linted.

use std::collections::{BTreeMap, HashMap};

use sqlparser::ast::{
    AlterPolicyOperation, AlterTableOperation, ColumnOption, CreateIndex, CreateTable, Expr, Ident, IndexColumn,
    ObjectName, ObjectType, Spanned, Statement, TableConstraint,
};
use tablewright_core::Dialect;

use crate::parse::{Lexical, Stmt};
use crate::Options;

/// How names compare: PostgreSQL folds unquoted names to lower case and keeps quoted ones;
/// MySQL and SQLite compare table and column names without regard to case.
pub(crate) fn ident_key(ident: &Ident, dialect: Dialect) -> String {
    if ident.quote_style.is_some() && dialect == Dialect::Postgres {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    }
}

/// What the schema a generated migration was written from declares (its folder's
/// `schema.snapshot.json`): the tables it has, and which of them are multi-tenant. For those
/// tables the declaration, not the tenant column's name, says whether a table is a tenant table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Declared {
    pub tables: std::collections::BTreeSet<String>,
    pub tenants: std::collections::BTreeSet<String>,
}

impl Declared {
    /// What a snapshot (`schema.snapshot.json`) declares. Only the tables' names, tenants,
    /// ownership and lifecycle are read: deserializing the whole model cost a tenth of the
    /// time to lint a migration of a thousand tables.
    pub fn from_snapshot_json(text: &str) -> Option<Declared> {
        use serde::de::IgnoredAny;
        use tablewright_core::model::Lifecycle;

        #[derive(serde::Deserialize)]
        struct Snapshot {
            dialect: Dialect,
            schema: Schema,
        }
        #[derive(serde::Deserialize)]
        struct Schema {
            tables: Vec<Table>,
        }
        #[derive(serde::Deserialize)]
        struct Table {
            name: String,
            #[serde(default)]
            tenant: Option<IgnoredAny>,
            #[serde(default)]
            external: Option<IgnoredAny>,
            #[serde(default)]
            lifecycle: Lifecycle,
        }

        let snapshot: Snapshot = serde_json::from_str(text).ok()?;
        let mut declared = Declared::default();
        let live = snapshot
            .schema
            .tables
            .iter()
            .filter(|t| t.external.is_none() && t.lifecycle.is_live());
        for table in live {
            declared.insert(snapshot.dialect, &table.name, table.tenant.is_some());
        }
        Some(declared)
    }

    /// What `schema` declares: what [`from_snapshot_json`](Declared::from_snapshot_json) reads
    /// from the snapshot file of a migration generated from it for `dialect`.
    pub fn from_schema(dialect: Dialect, schema: &tablewright_core::Schema) -> Declared {
        let mut declared = Declared::default();
        for table in schema.tables.iter().filter(|t| !t.is_external() && t.is_live()) {
            declared.insert(dialect, &table.name, table.tenant.is_some());
        }
        declared
    }

    fn insert(&mut self, dialect: Dialect, table: &str, tenant: bool) {
        // Generated SQL quotes every name: PostgreSQL keeps its case, MySQL does not.
        let key = match dialect {
            Dialect::Postgres => table.to_string(),
            _ => table.to_lowercase(),
        };
        if tenant {
            self.tenants.insert(key.clone());
        }
        self.tables.insert(key);
    }
}

/// The key of a possibly schema-qualified name: its last part (schemas are not tracked).
pub(crate) fn name_key(name: &ObjectName, dialect: Dialect) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident_key(ident, dialect))
        .unwrap_or_else(|| name.to_string().to_lowercase())
}

/// The last part of a name as written, without quotes, for messages.
pub(crate) fn plain(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident.value.clone())
        .unwrap_or_else(|| name.to_string())
}

/// Column keys of an index's columns; `None` when one of them is an expression.
pub(crate) fn index_columns(columns: &[IndexColumn], dialect: Dialect) -> Option<Vec<String>> {
    columns
        .iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(ident) => Some(ident_key(ident, dialect)),
            _ => None,
        })
        .collect()
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    pub tables: BTreeMap<String, TableFacts>,
    /// Index name key -> table key.
    pub indexes: BTreeMap<String, String>,
    /// Functions the linted migrations created without IMMUTABLE or STABLE: PostgreSQL takes
    /// them as VOLATILE, so a column default calling one is computed per row (lower-case names).
    pub volatile_functions: std::collections::BTreeSet<String>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TableFacts {
    /// The name as written, for messages.
    pub name: String,
    pub columns: Vec<ColumnFacts>,
    /// Column keys of the primary key, unique constraints and full indexes: what makes a lookup
    /// by their leading columns fast.
    pub keys: Vec<Vec<String>>,
    pub policies: Vec<String>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    /// Created by a migration the linter read, so `columns` is the whole list.
    pub complete: bool,
    /// Checks `CHECK (column IS NOT NULL)`: constraint key -> (column key, validated). A valid
    /// one lets `SET NOT NULL` skip its scan (PostgreSQL 12+).
    pub not_null_checks: BTreeMap<String, (String, bool)>,
    /// The primary key constraint's name key, when known (`<table>_pkey` by default).
    pub primary_key: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct ColumnFacts {
    pub key: String,
    /// The declared type (`uuid`, `bigint` once displayed): kept as parsed, displayed only by
    /// the few messages that name it; displaying every column's type was a visible part of
    /// linting a migration of many tables.
    pub data_type: sqlparser::ast::DataType,
}

impl TableFacts {
    pub fn column(&self, key: &str) -> Option<&ColumnFacts> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// Whether some key or index has `columns` as its leading columns (in any order).
    pub fn is_indexed(&self, columns: &[String]) -> bool {
        self.keys
            .iter()
            .any(|key| key.len() >= columns.len() && columns.iter().all(|c| key[..columns.len()].contains(c)))
    }
}

impl Catalog {
    fn table(&mut self, name: &ObjectName, dialect: Dialect) -> &mut TableFacts {
        self.tables
            .entry(name_key(name, dialect))
            .or_insert_with(|| TableFacts {
                name: plain(name),
                ..TableFacts::default()
            })
    }

    /// Records what `statement` does to the schema.
    pub fn apply(&mut self, statement: &Stmt, dialect: Dialect) {
        match statement.lexical() {
            Some(Lexical::DropIndexConcurrently { names }) => {
                for name in names {
                    self.indexes.remove(&name.to_lowercase());
                }
            }
            Some(Lexical::RenameIndex { old, new }) => {
                if let Some(table) = self.indexes.remove(&old.to_lowercase()) {
                    self.indexes.insert(new.to_lowercase(), table);
                }
            }
            _ => {}
        }
        let Some(ast) = statement.ast() else { return };
        match ast {
            Statement::CreateTable(create) => self.create_table(create, dialect),
            Statement::CreateIndex(index) => self.create_index(index, dialect),
            Statement::AlterTable(alter) => {
                for operation in &alter.operations {
                    self.alter(&alter.name, operation, dialect);
                }
            }
            Statement::CreateFunction(function) => {
                let name = plain(&function.name).to_lowercase();
                let volatile = matches!(
                    function.behavior,
                    None | Some(sqlparser::ast::FunctionBehavior::Volatile)
                );
                if volatile {
                    self.volatile_functions.insert(name);
                } else {
                    self.volatile_functions.remove(&name);
                }
            }
            Statement::CreatePolicy(policy) => {
                let name = ident_key(&policy.name, dialect);
                self.table(&policy.table_name, dialect).policies.push(name);
            }
            Statement::AlterPolicy(policy) => {
                if let AlterPolicyOperation::Rename { new_name } = &policy.operation {
                    let old = ident_key(&policy.name, dialect);
                    let table = self.table(&policy.table_name, dialect);
                    table.policies.retain(|p| *p != old);
                    table.policies.push(ident_key(new_name, dialect));
                }
            }
            Statement::DropPolicy(policy) => {
                let name = ident_key(&policy.name, dialect);
                self.table(&policy.table_name, dialect).policies.retain(|p| *p != name);
            }
            Statement::Drop { object_type, names, .. } => {
                for name in names {
                    let key = name_key(name, dialect);
                    match object_type {
                        ObjectType::Table => {
                            self.tables.remove(&key);
                            self.indexes.retain(|_, table| *table != key);
                        }
                        ObjectType::Index => {
                            self.indexes.remove(&key);
                        }
                        _ => {}
                    }
                }
            }
            Statement::RenameTable(renames) => {
                for rename in renames {
                    self.rename_table(&rename.old_name, &rename.new_name, dialect);
                }
            }
            Statement::AlterIndex {
                name,
                operation: sqlparser::ast::AlterIndexOperation::RenameIndex { index_name },
            } => {
                if let Some(table) = self.indexes.remove(&name_key(name, dialect)) {
                    self.indexes.insert(name_key(index_name, dialect), table);
                }
            }
            _ => {}
        }
    }

    fn create_table(&mut self, create: &CreateTable, dialect: Dialect) {
        let mut facts = TableFacts {
            name: plain(&create.name),
            complete: create.query.is_none() && create.like.is_none(),
            ..TableFacts::default()
        };
        for column in &create.columns {
            let key = ident_key(&column.name, dialect);
            for option in &column.options {
                if matches!(option.option, ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_)) {
                    facts.keys.push(vec![key.clone()]);
                }
            }
            facts.columns.push(ColumnFacts {
                key,
                data_type: column.data_type.clone(),
            });
        }
        for constraint in &create.constraints {
            if let Some(columns) = constraint_key(constraint, dialect) {
                facts.keys.push(columns);
            }
            if let Some((name, column)) = not_null_check(constraint, dialect) {
                facts.not_null_checks.insert(name, (column, true));
            }
            if let TableConstraint::PrimaryKey(pk) = constraint {
                facts.primary_key = Some(
                    pk.name
                        .as_ref()
                        .map_or_else(|| default_pkey(create), |n| ident_key(n, dialect)),
                );
            }
        }
        let inline_pk = create.columns.iter().any(|c| {
            c.options
                .iter()
                .any(|o| matches!(o.option, ColumnOption::PrimaryKey(_)))
        });
        if inline_pk && facts.primary_key.is_none() {
            facts.primary_key = Some(default_pkey(create));
        }
        let key = name_key(&create.name, dialect);
        if create.if_not_exists && self.tables.contains_key(&key) {
            return; // nothing happens
        }
        self.tables.insert(key, facts);
    }

    fn create_index(&mut self, index: &CreateIndex, dialect: Dialect) {
        let table_key = name_key(&index.table_name, dialect);
        if let Some(name) = &index.name {
            self.indexes.insert(name_key(name, dialect), table_key);
        }
        let btree = index
            .using
            .as_ref()
            .is_none_or(|method| method.to_string().eq_ignore_ascii_case("btree"));
        if btree && index.predicate.is_none() {
            if let Some(columns) = index_columns(&index.columns, dialect) {
                self.table(&index.table_name, dialect).keys.push(columns);
            }
        }
    }

    fn alter(&mut self, name: &ObjectName, operation: &AlterTableOperation, dialect: Dialect) {
        match operation {
            AlterTableOperation::AddColumn { column_def, .. } => {
                let key = ident_key(&column_def.name, dialect);
                let table = self.table(name, dialect);
                if column_def
                    .options
                    .iter()
                    .any(|o| matches!(o.option, ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_)))
                {
                    table.keys.push(vec![key.clone()]);
                }
                table.columns.push(ColumnFacts {
                    key,
                    data_type: column_def.data_type.clone(),
                });
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                let table = self.table(name, dialect);
                for column in column_names {
                    let key = ident_key(column, dialect);
                    table.columns.retain(|c| c.key != key);
                    table.keys.retain(|k| !k.contains(&key));
                }
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (ident_key(old_column_name, dialect), ident_key(new_column_name, dialect));
                let table = self.table(name, dialect);
                for column in &mut table.columns {
                    if column.key == old {
                        column.key = new.clone();
                    }
                }
                for key in &mut table.keys {
                    for column in key.iter_mut() {
                        if *column == old {
                            *column = new.clone();
                        }
                    }
                }
                for (column, _) in table.not_null_checks.values_mut() {
                    if *column == old {
                        *column = new.clone();
                    }
                }
            }
            AlterTableOperation::AlterColumn {
                column_name,
                op: sqlparser::ast::AlterColumnOperation::SetDataType { data_type, .. },
            } => {
                let key = ident_key(column_name, dialect);
                if let Some(column) = self.table(name, dialect).columns.iter_mut().find(|c| c.key == key) {
                    column.data_type = data_type.clone();
                }
            }
            // MySQL restates the column with its type: the next restatement compares with it.
            AlterTableOperation::ModifyColumn {
                col_name, data_type, ..
            } => {
                let key = ident_key(col_name, dialect);
                if let Some(column) = self.table(name, dialect).columns.iter_mut().find(|c| c.key == key) {
                    column.data_type = data_type.clone();
                }
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                ..
            } => {
                let (old, new) = (ident_key(old_name, dialect), ident_key(new_name, dialect));
                let table = self.table(name, dialect);
                if let Some(column) = table.columns.iter_mut().find(|c| c.key == old) {
                    column.key = new.clone();
                    column.data_type = data_type.clone();
                }
                for key in &mut table.keys {
                    for column in key.iter_mut() {
                        if *column == old {
                            *column = new.clone();
                        }
                    }
                }
            }
            AlterTableOperation::AddConstraint { constraint, not_valid } => {
                let table = self.table(name, dialect);
                if let Some(columns) = constraint_key(constraint, dialect) {
                    table.keys.push(columns);
                }
                if let Some((check, column)) = not_null_check(constraint, dialect) {
                    table.not_null_checks.insert(check, (column, !*not_valid));
                }
                if let TableConstraint::PrimaryKey(pk) = constraint {
                    table.primary_key = Some(
                        pk.name
                            .as_ref()
                            .map_or_else(|| format!("{}_pkey", table.name), |n| ident_key(n, dialect)),
                    );
                }
            }
            AlterTableOperation::ValidateConstraint { name: check } => {
                let check = ident_key(check, dialect);
                if let Some(entry) = self.table(name, dialect).not_null_checks.get_mut(&check) {
                    entry.1 = true;
                }
            }
            AlterTableOperation::DropConstraint { name: check, .. } => {
                let check = ident_key(check, dialect);
                let table = self.table(name, dialect);
                table.not_null_checks.remove(&check);
                if table.primary_key.as_ref() == Some(&check) {
                    table.primary_key = None;
                }
            }
            AlterTableOperation::DropPrimaryKey { .. } => self.table(name, dialect).primary_key = None,
            AlterTableOperation::EnableRowLevelSecurity => self.table(name, dialect).rls_enabled = true,
            AlterTableOperation::DisableRowLevelSecurity => self.table(name, dialect).rls_enabled = false,
            AlterTableOperation::ForceRowLevelSecurity => self.table(name, dialect).rls_forced = true,
            AlterTableOperation::NoForceRowLevelSecurity => self.table(name, dialect).rls_forced = false,
            AlterTableOperation::RenameTable { table_name } => {
                let new = match table_name {
                    sqlparser::ast::RenameTableNameKind::As(n) | sqlparser::ast::RenameTableNameKind::To(n) => n,
                };
                self.rename_table(name, new, dialect);
            }
            _ => {}
        }
    }

    fn rename_table(&mut self, old: &ObjectName, new: &ObjectName, dialect: Dialect) {
        let (old_key, new_key) = (name_key(old, dialect), name_key(new, dialect));
        if let Some(mut facts) = self.tables.remove(&old_key) {
            facts.name = plain(new);
            self.tables.insert(new_key.clone(), facts);
        }
        for table in self.indexes.values_mut() {
            if *table == old_key {
                *table = new_key.clone();
            }
        }
    }
}

/// PostgreSQL's name for an unnamed primary key.
fn default_pkey(create: &CreateTable) -> String {
    format!("{}_pkey", plain(&create.name))
}

/// A named `CHECK (column IS NOT NULL)`: its key and the column's.
fn not_null_check(constraint: &TableConstraint, dialect: Dialect) -> Option<(String, String)> {
    let TableConstraint::Check(check) = constraint else {
        return None;
    };
    let mut expr = check.expr.as_ref();
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    let Expr::IsNotNull(column) = expr else { return None };
    let column = match column.as_ref() {
        Expr::Identifier(ident) => ident,
        Expr::CompoundIdentifier(parts) => parts.last()?,
        _ => return None,
    };
    Some((ident_key(check.name.as_ref()?, dialect), ident_key(column, dialect)))
}

/// Columns of a primary key or unique constraint (which create an index).
fn constraint_key(constraint: &TableConstraint, dialect: Dialect) -> Option<Vec<String>> {
    match constraint {
        TableConstraint::PrimaryKey(pk) => index_columns(&pk.columns, dialect),
        TableConstraint::Unique(unique) => index_columns(&unique.columns, dialect),
        TableConstraint::Index(index) => index_columns(&index.columns, dialect),
        _ => None,
    }
}

/// One migration (one file) as the rules see it.
pub(crate) struct Migration<'a> {
    pub dialect: Dialect,
    pub options: &'a Options,
    /// The runner wraps the file in a transaction (diesel's `run_in_transaction`).
    pub in_transaction: bool,
    pub statements: Vec<Stmt>,
    /// The schema after it.
    pub after: Catalog,
    /// The schema after the last migration of the folder being linted, when there is one: an
    /// index a later migration builds `CONCURRENTLY` still serves this migration's foreign key.
    pub future: Option<&'a Catalog>,
    /// Tables this migration creates: key -> index of the creating statement.
    pub created: HashMap<String, usize>,
    /// Every index known before or created during the migration (even if dropped later in it):
    /// index key -> table key.
    pub index_tables: HashMap<String, String>,
    /// Tables renamed by the migration: old key -> new key.
    pub renamed: HashMap<String, String>,
    /// Tables the migration drops: key -> index of the last statement that drops it.
    pub dropped: HashMap<String, usize>,
    /// Names the primary key of a table had before an `ALTER TABLE` of this migration changed
    /// it: table key -> constraint keys.
    pub primary_keys: HashMap<String, Vec<String>>,
    /// Views (materialized or not) this migration creates: key -> index of the statement.
    pub new_views: HashMap<String, usize>,
    /// `SET NOT NULL`s a valid `CHECK (column IS NOT NULL)` proves when they run (PostgreSQL 12+
    /// skips the scan): (statement, table key, column key).
    pub proven_not_null: std::collections::HashSet<(usize, String, String)>,
    /// The declared type of a column just before a statement changed it, when known:
    /// (statement, table key, column key) -> type.
    pub old_types: HashMap<(usize, String, String), String>,
    /// Ignore comments that cannot be applied, for the `invalid-ignore` rule.
    pub directive_problems: Vec<crate::ignore::DirectiveProblem>,
    /// For a generated migration, what its schema declares.
    pub declared: Option<&'a Declared>,
    /// Tables with a policy of this migration that compares the tenant column, computed once.
    pub tenant_policy_tables: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// Whether any table, after the migration, has row-level security or a policy.
    pub uses_rls: std::sync::OnceLock<bool>,
}

impl<'a> Migration<'a> {
    pub fn new(
        statements: Vec<Stmt>,
        dialect: Dialect,
        options: &'a Options,
        in_transaction: bool,
        before: Catalog,
        future: Option<&'a Catalog>,
    ) -> Migration<'a> {
        let mut index_tables: HashMap<String, String> =
            before.indexes.iter().map(|(i, t)| (i.clone(), t.clone())).collect();
        let mut after = before;
        let mut created = HashMap::new();
        let mut renamed = HashMap::new();
        let mut dropped = HashMap::new();
        let mut proven_not_null = std::collections::HashSet::new();
        let mut primary_keys: HashMap<String, Vec<String>> = HashMap::new();
        let mut new_views = HashMap::new();
        let mut validated_unknown: HashMap<String, Vec<String>> = HashMap::new();
        let mut old_types = HashMap::new();
        for statement in &statements {
            match statement.ast() {
                Some(Statement::CreateTable(create)) => {
                    let key = name_key(&create.name, dialect);
                    let exists = after.tables.contains_key(&key);
                    if !(create.temporary || create.if_not_exists && exists) {
                        created.entry(key).or_insert(statement.index);
                    }
                }
                Some(Statement::CreateView(view)) => {
                    new_views
                        .entry(name_key(&view.name, dialect))
                        .or_insert(statement.index);
                }
                Some(Statement::AlterTable(alter)) => {
                    let table = name_key(&alter.name, dialect);
                    if let Some(pk) = after.tables.get(&table).and_then(|t| t.primary_key.clone()) {
                        primary_keys.entry(table.clone()).or_default().push(pk);
                    }
                    for operation in &alter.operations {
                        if let AlterTableOperation::AlterColumn {
                            column_name,
                            op: sqlparser::ast::AlterColumnOperation::SetNotNull,
                        } = operation
                        {
                            let column = ident_key(column_name, dialect);
                            // A check validated here whose definition the linter never saw (an
                            // unread earlier migration added it) counts when it is named after
                            // the column, as `<table>_<column>_not_null` is.
                            let unknown = validated_unknown
                                .get(&table)
                                .is_some_and(|names: &Vec<String>| names.iter().any(|n| n.contains(&column)));
                            let proven = unknown
                                || after.tables.get(&table).is_some_and(|t| {
                                    t.not_null_checks.values().any(|(c, valid)| *valid && *c == column)
                                });
                            if proven {
                                proven_not_null.insert((statement.index, table.clone(), column));
                            }
                            continue;
                        }
                        if let AlterTableOperation::ValidateConstraint { name } = operation {
                            let name = ident_key(name, dialect);
                            let known = after
                                .tables
                                .get(&table)
                                .is_some_and(|t| t.not_null_checks.contains_key(&name));
                            if !known {
                                validated_unknown.entry(table.clone()).or_default().push(name);
                            }
                            continue;
                        }
                        let column = match operation {
                            AlterTableOperation::AlterColumn {
                                column_name,
                                op: sqlparser::ast::AlterColumnOperation::SetDataType { .. },
                            } => column_name,
                            AlterTableOperation::ModifyColumn { col_name, .. } => col_name,
                            AlterTableOperation::ChangeColumn { old_name, .. } => old_name,
                            AlterTableOperation::RenameTable {
                                table_name:
                                    sqlparser::ast::RenameTableNameKind::As(new)
                                    | sqlparser::ast::RenameTableNameKind::To(new),
                            } => {
                                renamed.insert(table.clone(), name_key(new, dialect));
                                continue;
                            }
                            _ => continue,
                        };
                        let column = ident_key(column, dialect);
                        let known = after.tables.get(&table).and_then(|t| t.column(&column));
                        if let Some(facts) = known {
                            old_types.insert((statement.index, table.clone(), column), facts.data_type.to_string());
                        }
                    }
                }
                Some(Statement::RenameTable(renames)) => {
                    for rename in renames {
                        renamed.insert(name_key(&rename.old_name, dialect), name_key(&rename.new_name, dialect));
                    }
                }
                Some(Statement::Drop {
                    object_type: ObjectType::Table,
                    names,
                    ..
                }) => {
                    for name in names {
                        dropped.insert(name_key(name, dialect), statement.index);
                    }
                }
                _ => {}
            }
            after.apply(statement, dialect);
            // Only these statements add or move an index; looking at every index after every
            // statement made a migration of many tables quadratic.
            match statement.ast() {
                Some(Statement::CreateIndex(CreateIndex { name: Some(name), .. })) => {
                    let key = name_key(name, dialect);
                    if let Some(table) = after.indexes.get(&key) {
                        index_tables.insert(key, table.clone());
                    }
                }
                Some(Statement::AlterIndex { .. } | Statement::RenameTable(_)) => {
                    index_tables.extend(after.indexes.clone())
                }
                Some(Statement::AlterTable(alter))
                    if alter
                        .operations
                        .iter()
                        .any(|o| matches!(o, AlterTableOperation::RenameTable { .. })) =>
                {
                    index_tables.extend(after.indexes.clone())
                }
                _ => {}
            }
        }
        Migration {
            dialect,
            options,
            in_transaction,
            statements,
            after,
            future,
            created,
            index_tables,
            renamed,
            dropped,
            primary_keys,
            new_views,
            proven_not_null,
            old_types,
            directive_problems: Vec::new(),
            declared: None,
            tenant_policy_tables: std::sync::OnceLock::new(),
            uses_rls: std::sync::OnceLock::new(),
        }
    }

    /// Statements `sqlparser` understood, with their syntax tree.
    pub fn parsed(&self) -> impl Iterator<Item = (&Stmt, &Statement)> {
        self.statements.iter().filter_map(|s| s.ast().map(|ast| (s, ast)))
    }

    /// True when `name` is a table created by this migration before statement `at`: it holds no
    /// rows yet and nobody else uses it, so rules about locking or rewriting existing tables do
    /// not apply.
    pub fn is_new(&self, name: &ObjectName, at: usize) -> bool {
        self.is_new_key(&name_key(name, self.dialect), at)
    }

    pub fn is_new_key(&self, key: &str, at: usize) -> bool {
        // A view (materialized: it has rows and indexes) created earlier in the migration has
        // no reader yet either.
        let earlier = |created: &usize| *created < at;
        self.created.get(key).is_some_and(earlier) || self.new_views.get(key).is_some_and(earlier)
    }

    /// True when `name` is created by statement `at` or an earlier one of this migration.
    pub fn is_created_by(&self, name: &ObjectName, at: usize) -> bool {
        self.created.get(&self.key(name)).is_some_and(|created| *created <= at)
    }

    /// Where a table of this migration ends up: its key after the renames of the migration
    /// (the SQLite rebuild `_tw_rebuild_t` -> `t`, say).
    pub fn final_key(&self, key: &str) -> String {
        let mut key = key.to_string();
        for _ in 0..16 {
            match self.renamed.get(&key) {
                Some(next) if *next != key => key = next.clone(),
                _ => break,
            }
        }
        key
    }

    /// What the table `key` looks like once the migration is done.
    pub fn facts(&self, key: &str) -> Option<&TableFacts> {
        self.after.tables.get(&self.final_key(key))
    }

    /// True when a statement after `at` drops the table `key`.
    pub fn dropped_later(&self, key: &str, at: usize) -> bool {
        self.dropped.get(key).is_some_and(|last| *last > at)
    }

    /// The table an index belongs to, if this or an earlier migration created the index.
    pub fn index_table(&self, index: &ObjectName) -> Option<&str> {
        self.index_tables
            .get(&name_key(index, self.dialect))
            .map(String::as_str)
    }

    pub fn key(&self, name: &ObjectName) -> String {
        name_key(name, self.dialect)
    }

    pub fn ident(&self, ident: &Ident) -> String {
        ident_key(ident, self.dialect)
    }

    /// The tenant column's key.
    pub fn tenant_key(&self) -> String {
        let column = &self.options.tenant_column;
        if self.dialect == Dialect::Postgres {
            column.clone()
        } else {
            column.to_lowercase()
        }
    }

    /// File position of a node of statement `statement`, when the parser recorded one.
    pub fn locate(&self, statement: &Stmt, node: &impl Spanned) -> Option<(usize, usize)> {
        self.locate_span(statement, node.span())
    }

    /// File position of an identifier of statement `statement`.
    pub fn locate_ident(&self, statement: &Stmt, ident: &Ident) -> Option<(usize, usize)> {
        self.locate_span(statement, ident.span)
    }

    fn locate_span(&self, statement: &Stmt, span: sqlparser::tokenizer::Span) -> Option<(usize, usize)> {
        let start = span.start;
        if start.line == 0 {
            return None;
        }
        let line = statement.line + start.line as usize - 1;
        let column = if start.line == 1 {
            statement.column + start.column as usize - 1
        } else {
            start.column as usize
        };
        Some((line, column))
    }
}

#[cfg(test)]
mod declared_tests {
    use std::collections::BTreeSet;

    use tablewright_core::migrations::Snapshot;
    use tablewright_core::source::yaml::parse_schema_str;

    use super::*;

    /// `generate` hands the linter the schema it just wrote instead of the snapshot file it wrote
    /// from it: both must declare the same tables and tenants, on every database.
    #[test]
    fn a_schema_declares_what_its_snapshot_file_says() {
        let yaml = "\
table: Orders
tenant: tenant_id
columns:
  tenant_id: uuid
  id: { type: bigint, primary_key: true }
---
table: notes
columns:
  id: { type: bigint, primary_key: true }
---
table: accounts
external: true
columns:
  id: { type: bigint, primary_key: true }
---
table: old_things
dropped: true
columns:
  id: { type: bigint, primary_key: true }
";
        let (schema, problems) = parse_schema_str(yaml, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(schema.tables.len(), 4);
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let file = Declared::from_snapshot_json(&Snapshot::json_of(dialect, &schema)).expect("a snapshot reads");
            assert_eq!(Declared::from_schema(dialect, &schema), file, "{dialect}");
        }
        let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        let postgres = Declared::from_schema(Dialect::Postgres, &schema);
        assert_eq!(postgres.tables, names(&["Orders", "notes"]));
        assert_eq!(postgres.tenants, names(&["Orders"]));
        let mysql = Declared::from_schema(Dialect::Mysql, &schema);
        assert_eq!(mysql.tables, names(&["orders", "notes"]));
        assert_eq!(mysql.tenants, names(&["orders"]));
    }
}
