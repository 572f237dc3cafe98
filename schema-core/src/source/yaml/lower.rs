//! From the YAML document types to the shared declaration, with every value parsed and every
//! problem reported at its line.

use std::path::PathBuf;
use std::sync::Arc;

use super::document::{
    ColumnDoc, ColumnFull, DeferrableDoc, ExcludeDoc, ExternalDoc, IndexFlag, IndexKeyDoc, IndexKeyFull, LiteralDoc,
    NarrowingDoc, SequenceDoc, TableDoc, TenantDoc,
};
use super::node::{Kind, Node, Seg};
use super::shape::{Shape, CHECK, COLUMN, EXCLUDE, FOREIGN_KEY, INDEX, TABLE, UNIQUE, WAIVER};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{
    parse_order, valid_opclass, valid_storage_parameter, AutoIncrement, ColumnType, DefaultValue, Deferrable, External,
    FkAction, IndexKey, IndexMethod, Lifecycle, Literal, Narrowing, NullsOrder, Origin, Reference, Sequence, Waiver,
};
use crate::source::decl::{
    CheckDecl, ColumnDecl, ExclusionDecl, ForeignKeyDecl, IndexDecl, TableDecl, TenantDecl, UniqueDecl,
};
use crate::sql::SqlExpr;

struct Lowerer<'a> {
    /// The document the table was read from, for positions and numbers as written.
    root: &'a Node,
    file: Option<Arc<PathBuf>>,
    problems: Vec<Diagnostic>,
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

impl Lowerer<'_> {
    fn origin(&self, path: &[Seg]) -> Origin {
        let (line, column) = self.root.find(path);
        Origin::yaml(self.file.clone(), line, column)
    }

    /// The origin of the element at `at`, with where each of its keys (the entries of the mapping
    /// at `mapping`) was written, so a diagnostic about one key points at that key.
    fn keyed_origin(&self, at: &[Seg], mapping: &[Seg], shape: &Shape) -> Origin {
        let mut origin = self.origin(at);
        let Some(Kind::Mapping(entries)) = self.root.get(mapping).map(|node| &node.kind) else {
            return origin;
        };
        for (key_node, _) in entries {
            let known = key_node
                .key_text()
                .and_then(|text| shape.keys.iter().find(|k| **k == text));
            // Where the key node is, as a walk from the root to it would find (the first of a
            // repeated key), without the walk: a table's columns each have several keys.
            if let Some(known) = known.filter(|known| !origin.has_key(known)) {
                let (line, column) = key_node.position;
                origin.set_key(known, Origin::yaml(self.file.clone(), line, column));
            }
        }
        origin
    }

    /// The text of the unquoted scalar at `path`, as written: a number keeps its digits.
    fn plain_text(&self, path: &[Seg]) -> Option<String> {
        let scalar = self.root.get(path)?.scalar()?;
        scalar.plain.then(|| scalar.text.clone())
    }

    fn error(&mut self, code: &'static str, path: &[Seg], message: String, help: &str) {
        let origin = self.origin(path);
        self.problems.push(Diagnostic::error(code, &origin, message).help(help));
    }

    fn expr(&mut self, path: &[Seg], text: &str, what: &str) -> Option<SqlExpr> {
        match SqlExpr::parse(text) {
            Ok(expr) => Some(expr),
            Err(e) => {
                self.error(
                    "invalid-expression",
                    path,
                    format!("{what} `{text}`: {e}"),
                    "write one SQL expression, e.g. `quantity > 0`",
                );
                None
            }
        }
    }

    fn fk_action(&mut self, path: &[Seg], text: Option<&str>) -> Option<FkAction> {
        let text = text?;
        let action = FkAction::parse(text);
        if action.is_none() {
            self.error(
                "invalid-fk-action",
                path,
                format!("`{text}` is not a foreign-key action"),
                "use one of: cascade, restrict, set_null, set_default, no_action",
            );
        }
        action
    }

    /// `deferrable:` of a unique or foreign key: `true` is initially immediate, as `DEFERRABLE`
    /// alone is in SQL.
    fn deferrable(&mut self, path: &[Seg], doc: Option<DeferrableDoc>) -> Option<Deferrable> {
        match doc? {
            DeferrableDoc::Flag(false) => None,
            DeferrableDoc::Flag(true) => Some(Deferrable::InitiallyImmediate),
            DeferrableDoc::When(text) => {
                let parsed = Deferrable::parse(&text);
                if parsed.is_none() {
                    self.error(
                        "invalid-value",
                        path,
                        format!("`{text}` is not when a deferrable constraint is checked"),
                        "use `true` (initially_immediate), `initially_immediate` or `initially_deferred`",
                    );
                }
                parsed
            }
        }
    }

    fn method(&mut self, path: &[Seg], text: &str) -> IndexMethod {
        IndexMethod::parse(text).unwrap_or_else(|| {
            self.error(
                "invalid-index-method",
                path,
                format!("`{text}` is not an index method"),
                "use one of: btree, gin, gist, hash, spgist, brin",
            );
            IndexMethod::Btree
        })
    }

    /// One index key: a column, or exactly one of `column` and `expression` with valid options.
    fn index_key(&mut self, path: &[Seg], doc: IndexKeyDoc) -> Option<IndexKey> {
        let full = match doc {
            IndexKeyDoc::Column(name) => return Some(IndexKey::column(name)),
            IndexKeyDoc::Full(full) => full,
        };
        let at = |k: &str| {
            let mut p = path.to_vec();
            p.push(key(k));
            p
        };
        let mut key = match (full.column, &full.expression) {
            (Some(column), None) => IndexKey::column(column),
            (None, Some(text)) => IndexKey::expression(self.expr(&at("expression"), text, "index key expression")?),
            (column, _) => {
                let both = column.is_some();
                self.error(
                    "invalid-index-key",
                    path,
                    if both {
                        "an index key has both `column` and `expression`".into()
                    } else {
                        "an index key has neither `column` nor `expression`".into()
                    },
                    "write one: `{ column: created_at, order: desc }` or `{ expression: lower(email) }`",
                );
                return None;
            }
        };
        if let Some(order) = &full.order {
            match parse_order(order) {
                Some(descending) => key.descending = descending,
                None => self.error(
                    "invalid-index-key",
                    &at("order"),
                    format!("`{order}` is not an order"),
                    "use `asc` or `desc`",
                ),
            }
        }
        if let Some(nulls) = &full.nulls {
            match NullsOrder::parse(nulls) {
                Some(n) => key.nulls = Some(n),
                None => self.error(
                    "invalid-index-key",
                    &at("nulls"),
                    format!("`{nulls}` is not a place for nulls"),
                    "use `first` or `last`",
                ),
            }
        }
        if let Some(opclass) = full.opclass {
            match valid_opclass(&opclass) {
                true => key.opclass = Some(opclass),
                false => self.error(
                    "invalid-index-key",
                    &at("opclass"),
                    format!("`{opclass}` is not an operator class name"),
                    "write its name, e.g. `text_pattern_ops` or `gin_trgm_ops` (or `schema.name`)",
                ),
            }
        }
        Some(key)
    }

    fn reference(&mut self, path: &[Seg], text: &str) -> Option<Reference> {
        match Reference::parse(text) {
            Ok(r) => Some(r),
            Err(message) => {
                self.error(
                    "invalid-reference",
                    path,
                    message,
                    "e.g. `references: storage_locations.location_id`",
                );
                None
            }
        }
    }

    fn column(&mut self, name: &str, doc: ColumnDoc) -> Option<ColumnDecl> {
        let base = [key("columns"), key(name)];
        let full = match doc {
            ColumnDoc::Type(ty) => Box::new(ColumnFull::from_type(ty)),
            ColumnDoc::Full(full) => full,
        };
        let at = |k: &str| [base[0].clone(), base[1].clone(), key(k)];
        let ty = match ColumnType::parse_declared(&full.ty) {
            Ok(ty) => Some(ty),
            // No type at all was reported while reading.
            Err(_) if full.ty.is_empty() => None,
            Err(e) => {
                self.error(
                    "unknown-type",
                    &at("type"),
                    format!("column `{name}`: {e}"),
                    "types are portable names; put a database-specific type in `native_type: {postgres: ...}`",
                );
                None
            }
        };
        let mut origin = self.keyed_origin(&base, &base, &COLUMN);
        if full.default.is_none() {
            // `default_sql` is the column's default as much as `default` is.
            origin.set_key("default", origin.key("default_sql").clone());
        }
        // A type that could not be read stands in as text; the rules do not judge it.
        origin.read_with_errors = ty.is_none();
        let mut column = ColumnDecl::new(name, ty.unwrap_or(ColumnType::Text), origin);
        column.nullable = full.nullable;
        column.comment = full.comment;
        column.values = full.values;
        column.set_on_update = full.set_on_update;
        column.diesel_type = full.diesel_type;
        column.primary_key = full.primary_key;
        column.unique = full.unique;
        column.unique_per_tenant = full.unique_per_tenant;
        column.renamed_from = full.renamed_from;
        column.lifecycle = lifecycle(full.dropped, full.purged);
        column.removed_values = full.removed_values;
        column.narrowing = full.narrowing.map(|n| match n {
            NarrowingDoc::Allowed => Narrowing::Allowed,
            NarrowingDoc::Purged => Narrowing::Purged,
        });
        column.default = match (full.default, full.default_sql) {
            (Some(_), Some(_)) => {
                self.error(
                    "default-declared-twice",
                    &at("default_sql"),
                    format!("column `{name}` has both `default` and `default_sql`"),
                    "keep `default` for a value or `default_sql` for an SQL expression",
                );
                None
            }
            (Some(LiteralDoc::Bool(b)), None) => Some(DefaultValue::Literal(Literal::Bool(b))),
            (Some(LiteralDoc::String(s)), None) => Some(DefaultValue::Literal(Literal::String(s))),
            (Some(number), None) => {
                // The digits as written (`0.00` stays `0.00`, as in the derive), else the value
                // serde read; `.inf` and `.nan` are neither and have no SQL spelling.
                let parsed = match number {
                    LiteralDoc::Integer(i) => i.to_string(),
                    LiteralDoc::Float(f) => f.to_string(),
                    LiteralDoc::Bool(_) | LiteralDoc::String(_) => unreachable!("matched above"),
                };
                let written = self.plain_text(&at("default"));
                match written
                    .as_deref()
                    .and_then(Literal::number)
                    .or_else(|| Literal::number(&parsed))
                {
                    Some(literal) => Some(DefaultValue::Literal(literal)),
                    None => {
                        self.error(
                            "invalid-default",
                            &at("default"),
                            format!("default of `{name}`: `{}` is not a decimal number", written.unwrap_or(parsed)),
                            "write digits with an optional `-` and decimal point, e.g. `0.5`; quote the value to store it as text",
                        );
                        None
                    }
                }
            }
            (None, Some(sql)) => match DefaultValue::from_sql(&sql) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.error(
                        "invalid-expression",
                        &at("default_sql"),
                        format!("default of `{name}`: {e}"),
                        "write one SQL expression, e.g. `now()`",
                    );
                    None
                }
            },
            (None, None) => None,
        };
        for (dialect, native) in full.native_type {
            match dialect.parse::<Dialect>() {
                Ok(d) => {
                    column.native_types.insert(d, native);
                }
                Err(e) => self.error(
                    "unknown-dialect",
                    &[base[0].clone(), base[1].clone(), key("native_type"), key(&dialect)],
                    e,
                    "keys are postgres, sqlite, mysql",
                ),
            }
        }
        column.index = match full.index {
            None | Some(IndexFlag::Flag(false)) => None,
            Some(IndexFlag::Flag(true)) => Some(IndexMethod::Btree),
            Some(IndexFlag::Method(m)) => Some(self.method(&at("index"), &m)),
        };
        column.check = match full.check {
            Some(text) => self.expr(&at("check"), &text, &format!("check of `{name}`")),
            None => None,
        };
        column.generated = match full.generated {
            Some(text) => self.expr(&at("generated"), &text, &format!("generated column `{name}`")),
            None => None,
        };
        column.stored = full.stored;
        column.auto_increment = match full.auto_increment.as_deref() {
            None => None,
            Some(text) => {
                let parsed = AutoIncrement::parse(text);
                if parsed.is_none() {
                    self.error(
                        "invalid-value",
                        &at("auto_increment"),
                        format!("`auto_increment` of column `{name}`: `{text}` is not a kind of auto-increment"),
                        "use one of: identity (GENERATED BY DEFAULT AS IDENTITY, the default), always (GENERATED ALWAYS AS IDENTITY), sequence (DEFAULT nextval(...), as PostgreSQL's serial makes)",
                    );
                }
                parsed
            }
        };
        column.sequence = match full.sequence {
            None => None,
            Some(SequenceDoc::Name(name)) => Some(Sequence {
                name: Some(name),
                ..Sequence::default()
            }),
            Some(SequenceDoc::Full(full)) => Some(Sequence {
                name: full.name,
                start: full.start,
                increment: full.increment,
                min_value: full.min_value,
                max_value: full.max_value,
                cache: full.cache,
                cycle: full.cycle,
            }),
        };
        column.references = match &full.references {
            Some(text) => self.reference(&at("references"), text),
            None => None,
        };
        // The keys' paths are made only for a key written: most columns have none of the three.
        if let Some(text) = full.on_delete.as_deref() {
            column.on_delete = self.fk_action(&at("on_delete"), Some(text));
        }
        if let Some(text) = full.on_update.as_deref() {
            column.on_update = self.fk_action(&at("on_update"), Some(text));
        }
        if let Some(doc) = full.deferrable {
            column.deferrable = self.deferrable(&at("deferrable"), Some(doc));
        }
        if column.references.is_none() && full.references.is_some() {
            // The unreadable reference is reported; its actions would only add "references nothing".
            (column.on_delete, column.on_update, column.deferrable) = (None, None, None);
        }
        // A column with an unreadable type stays (as text) so later checks do not cascade into
        // "unknown column" errors; the type error already stops generation.
        Some(column)
    }

    fn table(&mut self, doc: TableDoc) -> TableDecl {
        let mut decl = TableDecl {
            origin: self.keyed_origin(&[key("table")], &[], &TABLE),
            name: doc.table,
            comment: doc.comment,
            primary_key: doc.primary_key,
            primary_key_name: doc.primary_key_name,
            primary_key_comment: doc.primary_key_comment,
            renamed_from: doc.renamed_from,
            lifecycle: lifecycle(doc.dropped, doc.purged),
            group: doc.group,
            ..TableDecl::default()
        };
        decl.tenant = doc.tenant.map(|t| match t {
            TenantDoc::Column(column) => TenantDecl {
                column,
                setting: None,
                policy: None,
            },
            TenantDoc::Full(full) => TenantDecl {
                column: full.column,
                setting: full.setting,
                policy: full.policy,
            },
        });
        decl.external = match doc.external {
            None | Some(ExternalDoc::Flag(false)) => None,
            Some(ExternalDoc::Flag(true)) => Some(External::default()),
            Some(ExternalDoc::Owned(full)) => Some(External { owner: full.owner }),
        };
        for (name, column) in doc.columns.0 {
            if let Some(column) = self.column(&name, column) {
                decl.columns.push(column);
            }
        }
        for (i, index) in doc.indexes.into_iter().enumerate() {
            let path = [key("indexes"), Seg::Index(i)];
            let method = match &index.method {
                Some(m) => self.method(&[path[0].clone(), path[1].clone(), key("method")], m),
                None => IndexMethod::Btree,
            };
            let predicate = match &index.predicate {
                Some(p) => self.expr(
                    &[path[0].clone(), path[1].clone(), key("predicate")],
                    p,
                    "index predicate",
                ),
                None => None,
            };
            let columns = index
                .columns
                .into_iter()
                .enumerate()
                .filter_map(|(j, k)| {
                    self.index_key(&[path[0].clone(), path[1].clone(), key("columns"), Seg::Index(j)], k)
                })
                .collect();
            let mut with = std::collections::BTreeMap::new();
            for (name, value) in index.with {
                let LiteralDoc::String(value) = value else { continue };
                if valid_storage_parameter(&name, &value) {
                    with.insert(name, value);
                } else {
                    self.error(
                        "invalid-value",
                        &[path[0].clone(), path[1].clone(), key("with"), key(&name)],
                        format!("`{name}: {value}` is not a storage parameter"),
                        "write a parameter's name and a number or a word, e.g. `with: { fillfactor: 70 }`",
                    );
                }
            }
            decl.indexes.push(IndexDecl {
                name: index.name,
                include: index.include.unwrap_or_default(),
                with,
                columns,
                unique: index.unique,
                method,
                predicate,
                comment: index.comment,
                origin: self.keyed_origin(&path, &path, &INDEX),
            });
        }
        for (i, unique) in doc.uniques.into_iter().enumerate() {
            let path = [key("uniques"), Seg::Index(i)];
            let origin = self.keyed_origin(&path, &path, &UNIQUE);
            let deferrable = self.deferrable(
                &[path[0].clone(), path[1].clone(), key("deferrable")],
                unique.deferrable,
            );
            decl.uniques.push(UniqueDecl {
                name: unique.name,
                columns: unique.columns,
                deferrable,
                comment: unique.comment,
                origin,
            });
        }
        for (i, check) in doc.checks.into_iter().enumerate() {
            let path = [key("checks"), Seg::Index(i)];
            if let Some(expr) = self.expr(&[path[0].clone(), path[1].clone(), key("expr")], &check.expr, "check") {
                decl.checks.push(CheckDecl {
                    name: check.name,
                    expr,
                    not_valid: check.not_valid,
                    comment: check.comment,
                    origin: self.keyed_origin(&path, &path, &CHECK),
                });
            }
        }
        for (i, fk) in doc.foreign_keys.into_iter().enumerate() {
            let path = [key("foreign_keys"), Seg::Index(i)];
            let at = |k: &str| [path[0].clone(), path[1].clone(), key(k)];
            let on_delete = self.fk_action(&at("on_delete"), fk.on_delete.as_deref());
            let on_update = self.fk_action(&at("on_update"), fk.on_update.as_deref());
            let deferrable = self.deferrable(&at("deferrable"), fk.deferrable);
            if let Some(references) = self.reference(&at("references"), &fk.references) {
                decl.foreign_keys.push(ForeignKeyDecl {
                    name: fk.name,
                    columns: fk.columns,
                    references,
                    on_delete,
                    on_update,
                    deferrable,
                    not_valid: fk.not_valid,
                    comment: fk.comment,
                    origin: self.keyed_origin(&path, &path, &FOREIGN_KEY),
                });
            }
        }
        for (i, exclusion) in doc.excludes.into_iter().enumerate() {
            if let Some(exclusion) = self.exclusion(i, exclusion) {
                decl.exclusions.push(exclusion);
            }
        }
        let (triggers, mut found) = super::trigger_doc::lower_triggers(doc.triggers, self.root, self.file.clone());
        decl.triggers = triggers;
        self.problems.append(&mut found);
        for (i, waiver) in doc.waive.into_iter().enumerate() {
            let path = [key("waive"), Seg::Index(i)];
            decl.waivers.push(Waiver {
                check: waiver.check,
                object: waiver.object,
                reason: waiver.reason,
                origin: self.keyed_origin(&path, &path, &WAIVER),
            });
        }
        decl
    }
}

impl Lowerer<'_> {
    /// One entry of `excludes`: its method (one that can enforce it), elements (each a key and
    /// an operator) and predicate, each mistake at its key.
    fn exclusion(&mut self, i: usize, doc: ExcludeDoc) -> Option<ExclusionDecl> {
        let path = [key("excludes"), Seg::Index(i)];
        let at = |k: &str| [path[0].clone(), path[1].clone(), key(k)];
        let method = match &doc.method {
            Some(text) => {
                let method = self.method(&at("method"), text);
                if matches!(method, IndexMethod::Gin | IndexMethod::Brin) {
                    self.error(
                        "invalid-index-method",
                        &at("method"),
                        format!("an exclusion constraint cannot use `{text}`: its index cannot compare one row with another"),
                        "use gist (the default), spgist, btree or hash",
                    );
                }
                method
            }
            None => IndexMethod::Gist,
        };
        if doc.elements.is_empty() {
            self.error(
                "missing-key",
                &at("elements"),
                "`elements` of an exclusion constraint is empty".into(),
                "list what two rows are compared by, e.g. `elements: [{ column: room_id, with: '=' }, { column: during, with: '&&' }]`",
            );
        }
        let mut elements = Vec::new();
        for (j, element) in doc.elements.into_iter().enumerate() {
            let element_path = [path[0].clone(), path[1].clone(), key("elements"), Seg::Index(j)];
            let with_path = [element_path.clone().to_vec(), vec![key("with")]].concat();
            if !crate::model::valid_operator(&element.with) {
                self.error(
                    "invalid-value",
                    &with_path,
                    format!("`with: {}` is not an operator", element.with),
                    "write the operator two rows are compared with, quoted: `with: '='`, `with: '&&'`",
                );
                continue;
            }
            let full = IndexKeyFull {
                column: element.column,
                expression: element.expression,
                order: None,
                nulls: None,
                opclass: element.opclass,
            };
            if let Some(key) = self.index_key(&element_path, IndexKeyDoc::Full(full)) {
                elements.push(crate::model::ExclusionElement {
                    key,
                    with: element.with,
                });
            }
        }
        if elements.is_empty() {
            return None; // each element's mistake is reported, or `elements` is empty
        }
        let predicate = match &doc.predicate {
            Some(text) => self.expr(&at("where"), text, "exclusion constraint's `where`"),
            None => None,
        };
        Some(ExclusionDecl {
            name: doc.name,
            method,
            elements,
            predicate,
            deferrable: self.deferrable(&at("deferrable"), doc.deferrable),
            comment: doc.comment,
            origin: self.keyed_origin(&path, &path, &EXCLUDE),
        })
    }
}

/// `purged` implies `dropped`: purging is the second step of dropping.
fn lifecycle(dropped: bool, purged: bool) -> Lifecycle {
    match (dropped, purged) {
        (_, true) => Lifecycle::Purged,
        (true, false) => Lifecycle::Dropped,
        (false, false) => Lifecycle::Live,
    }
}

impl ColumnFull {
    /// The long form of the `name: type` shorthand.
    fn from_type(ty: String) -> ColumnFull {
        ColumnFull {
            ty,
            nullable: false,
            default: None,
            default_sql: None,
            comment: None,
            values: None,
            set_on_update: false,
            native_type: Default::default(),
            diesel_type: None,
            primary_key: false,
            unique: false,
            unique_per_tenant: false,
            index: None,
            check: None,
            references: None,
            on_delete: None,
            on_update: None,
            deferrable: None,
            renamed_from: None,
            dropped: false,
            purged: false,
            removed_values: Vec::new(),
            narrowing: None,
            generated: None,
            stored: None,
            auto_increment: None,
            sequence: None,
        }
    }
}

/// Lowers one document read from `root`.
pub(super) fn lower(doc: TableDoc, root: &Node, file: Option<Arc<PathBuf>>) -> (TableDecl, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        root,
        file,
        problems: Vec::new(),
    };
    let decl = lowerer.table(doc);
    (decl, lowerer.problems)
}
