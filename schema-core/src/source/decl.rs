//! What a table declaration says, before normalization, in a form both sources fill in.
//!
//! The YAML reader and the `#[derive(Table)]` parser each turn their syntax into a [`TableDecl`];
//! [`TableDecl::lower`] then does everything else once: column shorthands (`unique`, `index`,
//! `references`, `check`) become table-level constraints, and unnamed objects get their names.
//! That single path is what makes the same table written both ways produce the same model.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{
    naming, AutoIncrement, Check, Column, ColumnType, DefaultValue, Deferrable, EnumValues, Exclusion,
    ExclusionElement, External, FkAction, ForeignKey, Generated, GeneratedKind, Index, IndexKey, IndexMethod,
    Lifecycle, Narrowing, Origin, PrimaryKey, Reference, Sequence, Table, Tenant, Unique, Waiver,
    DEFAULT_TENANT_SETTING,
};
use crate::sql::SqlExpr;

#[derive(Clone, Debug, Default)]
pub struct TableDecl {
    pub name: String,
    pub comment: Option<String>,
    pub tenant: Option<TenantDecl>,
    pub external: Option<External>,
    /// Table-level primary key (composite keys); column flags are the other way.
    pub primary_key: Option<Vec<String>>,
    /// The primary key constraint's name, when not `<table>_pkey`.
    pub primary_key_name: Option<String>,
    /// The primary key constraint's comment.
    pub primary_key_comment: Option<String>,
    pub columns: Vec<ColumnDecl>,
    pub indexes: Vec<IndexDecl>,
    pub uniques: Vec<UniqueDecl>,
    pub checks: Vec<CheckDecl>,
    pub foreign_keys: Vec<ForeignKeyDecl>,
    pub exclusions: Vec<ExclusionDecl>,
    /// Declared triggers, final as written (their names are never derived).
    pub triggers: Vec<crate::model::Trigger>,
    pub renamed_from: Option<String>,
    pub lifecycle: Lifecycle,
    pub group: Option<String>,
    pub waivers: Vec<Waiver>,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default)]
pub struct TenantDecl {
    pub column: String,
    pub setting: Option<String>,
    pub policy: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ColumnDecl {
    pub name: String,
    pub ty: ColumnType,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    pub comment: Option<String>,
    pub values: Option<Vec<String>>,
    pub set_on_update: bool,
    pub native_types: BTreeMap<Dialect, String>,
    pub diesel_type: Option<String>,
    pub primary_key: bool,
    pub unique: bool,
    pub unique_per_tenant: bool,
    pub index: Option<IndexMethod>,
    pub check: Option<SqlExpr>,
    pub references: Option<Reference>,
    pub on_delete: Option<FkAction>,
    pub on_update: Option<FkAction>,
    /// Of the column's foreign key.
    pub deferrable: Option<Deferrable>,
    pub renamed_from: Option<String>,
    pub lifecycle: Lifecycle,
    pub removed_values: Vec<String>,
    pub narrowing: Option<Narrowing>,
    /// `generated`: the expression of a generated column.
    pub generated: Option<SqlExpr>,
    /// `stored: false`: a virtual generated column (`None`: not said, stored).
    pub stored: Option<bool>,
    /// `auto_increment`: how a serial column is numbered (`None`: not said, an identity).
    pub auto_increment: Option<AutoIncrement>,
    /// `sequence`: the name and options of a serial column's sequence.
    pub sequence: Option<Sequence>,
    pub origin: Origin,
}

impl ColumnDecl {
    pub fn new(name: impl Into<String>, ty: ColumnType, origin: Origin) -> ColumnDecl {
        ColumnDecl {
            name: name.into(),
            ty,
            nullable: false,
            default: None,
            comment: None,
            values: None,
            set_on_update: false,
            native_types: BTreeMap::new(),
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
            lifecycle: Lifecycle::Live,
            removed_values: Vec::new(),
            narrowing: None,
            generated: None,
            stored: None,
            auto_increment: None,
            sequence: None,
            origin,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct IndexDecl {
    pub name: Option<String>,
    pub columns: Vec<IndexKey>,
    pub unique: bool,
    pub method: IndexMethod,
    pub predicate: Option<SqlExpr>,
    pub include: Vec<String>,
    pub with: BTreeMap<String, String>,
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default)]
pub struct UniqueDecl {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub deferrable: Option<Deferrable>,
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct CheckDecl {
    pub name: Option<String>,
    pub expr: SqlExpr,
    pub not_valid: bool,
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct ForeignKeyDecl {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: Reference,
    pub on_delete: Option<FkAction>,
    pub on_update: Option<FkAction>,
    pub deferrable: Option<Deferrable>,
    pub not_valid: bool,
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct ExclusionDecl {
    pub name: Option<String>,
    pub method: IndexMethod,
    pub elements: Vec<ExclusionElement>,
    pub predicate: Option<SqlExpr>,
    pub deferrable: Option<Deferrable>,
    pub comment: Option<String>,
    pub origin: Origin,
}

impl TableDecl {
    /// Normalizes the declaration into a model table. Contradictions between the two ways of
    /// saying the same thing are reported; everything else is left to the checks.
    pub fn lower(self) -> (Table, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let table = self.name.clone();
        let tenant_column = self.tenant.as_ref().map(|t| t.column.clone());
        if self.columns.is_empty() {
            let help = self.origin.pick(
                "list them under `columns:`, e.g. `id: bigserial` and `primary_key: [id]`",
                "give the struct one field per column, e.g. `#[column(primary_key)] pub id: i64`",
            );
            problems.push(
                Diagnostic::error("no-columns", &self.origin, format!("table `{table}` has no columns")).help(help),
            );
        }

        let flagged: Vec<&ColumnDecl> = self.columns.iter().filter(|c| c.primary_key).collect();
        let flagged_pk: Vec<String> = flagged.iter().map(|c| c.name.clone()).collect();
        let mut origin = self.origin;
        if let (None, Some(first)) = (&self.primary_key, flagged.first()) {
            // A key declared by column flags is written where the first flag is.
            origin.set_key("primary_key", first.origin.key("primary_key").clone());
        }
        let primary_key = match (self.primary_key, flagged_pk.is_empty()) {
            (Some(columns), true) => Some(columns),
            (None, false) => Some(flagged_pk),
            (None, true) => None,
            (Some(columns), false) => {
                let help = format!(
                    "keep one: {} for a composite key, or {} on a single column",
                    origin.spell("primary_key: [a, b]", "#[table(primary_key(a, b))]"),
                    origin.spell("primary_key: true", "#[column(primary_key)]"),
                );
                problems.push(
                    Diagnostic::error(
                        "primary-key-declared-twice",
                        origin.key("primary_key"),
                        format!("table `{table}` declares its primary key both on the table and on columns"),
                    )
                    .help(help),
                );
                Some(columns)
            }
        }
        .map(|columns| PrimaryKey {
            name: self
                .primary_key_name
                .clone()
                .unwrap_or_else(|| naming::primary_key(&table)),
            columns,
            comment: self.primary_key_comment.clone(),
        });
        let without_key = match (&self.primary_key_name, &self.primary_key_comment) {
            (Some(_), _) => Some("primary_key_name"),
            (None, Some(_)) => Some("primary_key_comment"),
            (None, None) => None,
        };
        if let (Some(key), None) = (without_key, &primary_key) {
            problems.push(
                Diagnostic::error(
                    "primary-key-name-without-key",
                    origin.key(key),
                    format!(
                        "table `{table}` {} its primary key but declares none",
                        if key == "primary_key_name" { "names" } else { "comments" }
                    ),
                )
                .help(format!(
                    "declare the key ({} or {}), or remove the {}",
                    origin.spell("primary_key: [a, b]", "#[table(primary_key(a, b))]"),
                    origin.spell("primary_key: true", "#[column(primary_key)]"),
                    if key == "primary_key_name" { "name" } else { "comment" },
                )),
            );
        }

        let mut uniques = Vec::new();
        let mut checks = Vec::new();
        let mut foreign_keys = Vec::new();
        let mut indexes = Vec::new();
        // Exactly as many as declared: a model column is half a kilobyte, and a vector grown by
        // doubling would keep a third of a thousand tables' columns empty.
        let mut columns = Vec::with_capacity(self.columns.len());

        for mut decl in self.columns {
            let name = decl.name.clone();
            if !decl.lifecycle.is_live() {
                // A dropped column takes its constraints and indexes with it.
                decl.unique = false;
                decl.unique_per_tenant = false;
                decl.index = None;
                decl.check = None;
                decl.references = None;
                decl.on_delete = None;
                decl.on_update = None;
                decl.deferrable = None;
                decl.values = None;
                decl.set_on_update = false;
            }
            // Made only for the keys and constraints a column declares: most declare none.
            let one = || vec![name.clone()];
            // What a column declares for itself is written at its key.
            let at = |key: &str| decl.origin.key(key).clone();
            if decl.unique {
                uniques.push(Unique {
                    name: naming::unique(&table, &one()),
                    columns: one(),
                    deferrable: None,
                    comment: None,
                    origin: at("unique"),
                });
            }
            if decl.unique_per_tenant {
                match &tenant_column {
                    Some(tenant) => {
                        let pair = vec![tenant.clone(), name.clone()];
                        uniques.push(Unique {
                            name: naming::unique(&table, &pair),
                            columns: pair,
                            deferrable: None,
                            comment: None,
                            origin: at("unique_per_tenant"),
                        });
                    }
                    None => problems.push(
                        Diagnostic::error(
                            "unique-per-tenant-without-tenant",
                            decl.origin.key("unique_per_tenant"),
                            format!(
                                "column `{table}.{name}` is unique per tenant, but the table declares no tenant column"
                            ),
                        )
                        .help(format!(
                            "declare the tenant on the table ({}), or use {} for a table-wide unique column",
                            decl.origin
                                .spell("tenant: tenant_id", "#[table(tenant = \"tenant_id\")]"),
                            decl.origin.spell("unique: true", "#[column(unique)]"),
                        )),
                    ),
                }
            }
            let has_check = decl.check.is_some();
            if let Some(expr) = decl.check {
                checks.push(Check {
                    name: naming::column_check(&table, &name),
                    expr,
                    not_valid: false,
                    comment: None,
                    origin: at("check"),
                });
            }
            if let Some(references) = decl.references {
                // The key is written at `references`; its actions are keys of the column.
                let mut origin = at("references");
                for action in ["on_delete", "on_update", "deferrable"] {
                    if decl.origin.has_key(action) {
                        origin.set_key(action, at(action));
                    }
                }
                foreign_keys.push(ForeignKey {
                    name: naming::foreign_key(&table, &one()),
                    columns: one(),
                    references,
                    on_delete: decl.on_delete,
                    on_update: decl.on_update,
                    deferrable: decl.deferrable,
                    not_valid: false,
                    comment: None,
                    origin,
                });
            } else if decl.on_delete.is_some() || decl.on_update.is_some() || decl.deferrable.is_some() {
                let key = if decl.on_delete.is_some() {
                    "on_delete"
                } else if decl.on_update.is_some() {
                    "on_update"
                } else {
                    "deferrable"
                };
                problems.push(
                    Diagnostic::error(
                        "on-delete-without-reference",
                        decl.origin.key(key),
                        format!("column `{table}.{name}` sets {key} but references nothing"),
                    )
                    .help(format!(
                        "add {}, or remove `{key}`",
                        decl.origin
                            .spell("references: other_table.column", "references = \"other_table.column\"")
                    )),
                );
            }
            if decl.stored.is_some() && decl.generated.is_none() {
                problems.push(
                    Diagnostic::error(
                        "generated-column",
                        decl.origin.key("stored"),
                        format!("column `{table}.{name}` says `stored` but is not generated"),
                    )
                    .help(format!(
                        "add the expression, e.g. {}, or remove `stored`",
                        decl.origin
                            .spell("generated: price * quantity", "generated = \"price * quantity\"")
                    )),
                );
            }
            let generated = decl.generated.map(|expr| Generated {
                expr,
                kind: match decl.stored {
                    Some(false) => GeneratedKind::Virtual,
                    _ => GeneratedKind::Stored,
                },
            });
            if (decl.auto_increment.is_some() || decl.sequence.is_some()) && !decl.ty.is_serial() {
                let key = if decl.auto_increment.is_some() {
                    "auto_increment"
                } else {
                    "sequence"
                };
                problems.push(
                    Diagnostic::error(
                        "auto-increment",
                        decl.origin.key(key),
                        format!(
                            "column `{table}.{name}` sets `{key}` but is {}, not an auto-incrementing type",
                            decl.ty
                        ),
                    )
                    .help(format!(
                        "make it {} (or `bigserial`), or remove `{key}`",
                        decl.origin.spell("type: serial", "sql_type = \"serial\"")
                    )),
                );
            }
            if let Some(method) = decl.index {
                let mut index = Index::plain(
                    naming::index(&table, &one()),
                    vec![IndexKey::column(name.clone())],
                    at("index"),
                );
                index.method = method;
                indexes.push(index);
            }
            let values = decl.values.map(|values| EnumValues {
                values,
                check_name: match has_check {
                    true => naming::values_check(&table, &name),
                    false => naming::column_check(&table, &name),
                },
                removed: decl.removed_values,
            });
            columns.push(Column {
                name,
                ty: decl.ty,
                nullable: decl.nullable,
                default: decl.default,
                comment: decl.comment,
                values,
                set_on_update: decl.set_on_update,
                native_types: decl.native_types,
                diesel_type: decl.diesel_type,
                renamed_from: decl.renamed_from,
                lifecycle: decl.lifecycle,
                narrowing: decl.narrowing,
                generated,
                auto_increment: decl.auto_increment.unwrap_or_default(),
                // Written without a name or an option, it says nothing.
                sequence: decl.sequence.filter(|s| *s != Sequence::default()),
                origin: decl.origin,
            });
        }

        uniques.extend(self.uniques.into_iter().map(|u| Unique {
            name: u.name.unwrap_or_else(|| naming::unique(&table, &u.columns)),
            columns: u.columns,
            deferrable: u.deferrable,
            comment: u.comment,
            origin: u.origin,
        }));
        let mut unnamed_checks = 0;
        checks.extend(self.checks.into_iter().map(|c| Check {
            name: c.name.unwrap_or_else(|| {
                unnamed_checks += 1;
                naming::table_check(&table, unnamed_checks - 1)
            }),
            expr: c.expr,
            not_valid: c.not_valid,
            comment: c.comment,
            origin: c.origin,
        }));
        foreign_keys.extend(self.foreign_keys.into_iter().map(|f| ForeignKey {
            name: f.name.unwrap_or_else(|| naming::foreign_key(&table, &f.columns)),
            columns: f.columns,
            references: f.references,
            on_delete: f.on_delete,
            on_update: f.on_update,
            deferrable: f.deferrable,
            not_valid: f.not_valid,
            comment: f.comment,
            origin: f.origin,
        }));
        indexes.extend(self.indexes.into_iter().map(|i| Index {
            name: i.name.unwrap_or_else(|| naming::index_on(&table, &i.columns)),
            columns: i.columns,
            unique: i.unique,
            method: i.method,
            predicate: i.predicate,
            include: i.include,
            with: i.with,
            comment: i.comment,
            origin: i.origin,
        }));

        let exclusions = self
            .exclusions
            .into_iter()
            .map(|x| Exclusion {
                name: x.name.unwrap_or_else(|| {
                    let keys: Vec<IndexKey> = x.elements.iter().map(|e| e.key.clone()).collect();
                    naming::exclusion(&table, &keys)
                }),
                method: x.method,
                elements: x.elements,
                predicate: x.predicate,
                deferrable: x.deferrable,
                comment: x.comment,
                origin: x.origin,
            })
            .collect();

        let tenant = self.tenant.map(|t| Tenant {
            policy: t.policy.unwrap_or_else(|| naming::tenant_policy(&table)),
            setting: t.setting.unwrap_or_else(|| DEFAULT_TENANT_SETTING.to_string()),
            column: t.column,
        });

        let lowered = Table {
            name: self.name,
            comment: self.comment,
            columns,
            primary_key,
            uniques,
            checks,
            foreign_keys,
            indexes,
            exclusions,
            triggers: self.triggers,
            tenant,
            external: self.external,
            renamed_from: self.renamed_from,
            lifecycle: self.lifecycle,
            group: self.group,
            waivers: self.waivers,
            origin,
        };
        (lowered, problems)
    }
}
