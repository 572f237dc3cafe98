//! Schema documentation in Markdown: a summary page (`README.md`, with the counts a team would
//! otherwise keep by hand and a Mermaid ER diagram of the whole schema and of each group) and a
//! page per table. Deterministic: the same schema always gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{default_text, described_tables, mermaid};
use crate::model::{ColumnType, DefaultValue, Schema, Table};

/// A file of the documentation, relative to the folder it is written to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocFile {
    pub path: String,
    pub text: String,
}

/// The summary page.
pub const SUMMARY: &str = "README.md";

pub fn render(schema: &Schema) -> Vec<DocFile> {
    let tables = described_tables(schema);
    let mut files = vec![DocFile {
        path: SUMMARY.to_string(),
        text: summary(&tables),
    }];
    for table in &tables {
        files.push(DocFile {
            path: page_name(&table.name),
            text: table_page(table, &tables),
        });
    }
    files
}

/// The counts of the summary page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tables: usize,
    pub columns: usize,
    pub primary_keys: usize,
    pub unique_constraints: usize,
    pub indexes: usize,
    pub foreign_keys: usize,
    pub checks: usize,
    pub triggers: usize,
    pub policies: usize,
}

impl Counts {
    pub fn of(tables: &[&Table]) -> Counts {
        let mut counts = Counts::default();
        for table in tables {
            counts.tables += 1;
            counts.columns += table.live_columns().count();
            counts.primary_keys += usize::from(table.primary_key.is_some());
            counts.unique_constraints += table.uniques.len();
            counts.indexes += table.indexes.len();
            counts.foreign_keys += table.foreign_keys.len();
            counts.checks += table.checks.len() + table.live_columns().filter(|c| c.values.is_some()).count();
            counts.triggers += usize::from(table.set_on_update_column().is_some());
            counts.policies += usize::from(table.tenant.is_some());
        }
        counts
    }

    /// Every index the database holds for these tables: keys and unique constraints are indexes
    /// too.
    pub fn all_indexes(&self) -> usize {
        self.primary_keys + self.unique_constraints + self.indexes
    }
}

fn summary(tables: &[&Table]) -> String {
    let counts = Counts::of(tables);
    let mut out =
        String::from("<!-- Written by `tablewright docs` from the schema; do not edit. -->\n# Database schema\n\n");
    out.push_str("| | Count |\n|---|---:|\n");
    for (what, n) in [
        ("Tables", counts.tables),
        ("Columns", counts.columns),
        ("Indexes, all", counts.all_indexes()),
        ("- primary keys", counts.primary_keys),
        ("- unique constraints", counts.unique_constraints),
        ("- declared indexes", counts.indexes),
        ("Foreign keys", counts.foreign_keys),
        ("Checks (enum values included)", counts.checks),
        ("Triggers (columns set on update)", counts.triggers),
        ("Row-level security policies (PostgreSQL)", counts.policies),
    ] {
        let _ = writeln!(out, "| {what} | {n} |");
    }

    let groups = groups(tables);
    for (group, members) in &groups {
        match group {
            None if groups.len() == 1 => out.push_str("\n## Tables\n\n"),
            None => out.push_str("\n## Tables (core)\n\n"),
            Some(group) => {
                let _ = write!(out, "\n## Tables of the optional group `{group}`\n\n");
            }
        }
        out.push_str("| Table | Columns | Description |\n|---|---:|---|\n");
        for table in members {
            let _ = writeln!(
                out,
                "| [{}]({}) | {} | {} |",
                code(&table.name),
                page_name(&table.name),
                table.live_columns().count(),
                cell(&describe(table))
            );
        }
    }

    out.push_str("\n## Diagram\n\n```mermaid\n");
    out.push_str(&mermaid::er_diagram(tables));
    out.push_str("```\n");
    if groups.len() > 1 {
        for (group, members) in &groups {
            let title = group.as_deref().map_or("core".to_string(), |g| format!("group `{g}`"));
            let _ = write!(out, "\n### Diagram: {title}\n\n```mermaid\n");
            out.push_str(&mermaid::er_diagram(members));
            out.push_str("```\n");
        }
    }
    out
}

/// Tables by group, the core (no group) first.
fn groups<'a>(tables: &[&'a Table]) -> BTreeMap<Option<String>, Vec<&'a Table>> {
    let mut groups: BTreeMap<Option<String>, Vec<&Table>> = BTreeMap::new();
    for table in tables {
        groups.entry(table.group.clone()).or_default().push(table);
    }
    groups
}

fn describe(table: &Table) -> String {
    let mut text = table.comment.clone().unwrap_or_default();
    if let Some(external) = &table.external {
        let owner = external
            .owner
            .as_deref()
            .map(|o| format!(" (owned by {o})"))
            .unwrap_or_default();
        text = format!("{text}{}external{owner}", if text.is_empty() { "" } else { "; " });
    }
    text
}

fn table_page(table: &Table, tables: &[&Table]) -> String {
    let mut out = format!(
        "<!-- Written by `tablewright docs` from the schema; do not edit. -->\n# {}\n\n",
        code(&table.name)
    );
    if let Some(comment) = &table.comment {
        let _ = write!(out, "{comment}\n\n");
    }
    if let Some(group) = &table.group {
        let _ = write!(out, "Part of the optional group `{group}`.\n\n");
    }
    if let Some(external) = &table.external {
        let owner = external
            .owner
            .as_deref()
            .map(|o| format!(" by {o}"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "External: owned{owner}; migrations never create, change or drop it.\n\n"
        );
    }
    out.push_str("[All tables](README.md)\n\n## Columns\n\n");
    out.push_str("| Column | Type | Null | Default | Description |\n|---|---|---|---|---|\n");
    for column in table.live_columns() {
        let mut description = column.comment.as_deref().map(cell).unwrap_or_default();
        if let Some(values) = &column.values {
            let list: Vec<String> = values.values.iter().map(|v| code(v)).collect();
            push_sentence(&mut description, &format!("one of {}", list.join(", ")));
        }
        if column.set_on_update {
            push_sentence(&mut description, "set to the current time on every update");
        }
        let default = match (&column.default, column.ty) {
            (Some(default @ (DefaultValue::CurrentTimestamp | DefaultValue::RandomUuid)), _) => default_text(default),
            (Some(default), _) => code(&default_text(default)),
            (None, ColumnType::Serial | ColumnType::BigSerial) => "generated".into(),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            code(&column.name),
            cell(&type_text(column)),
            if column.nullable { "yes" } else { "no" },
            default,
            description
        );
    }

    if let Some(pk) = &table.primary_key {
        let _ = write!(
            out,
            "\n## Primary key\n\n{}: {}\n",
            code(&pk.name),
            columns(&pk.columns)
        );
    }
    if !table.uniques.is_empty() {
        out.push_str("\n## Unique constraints\n\n| Name | Columns |\n|---|---|\n");
        for unique in &table.uniques {
            let _ = writeln!(out, "| {} | {} |", code(&unique.name), columns(&unique.columns));
        }
    }
    if !table.foreign_keys.is_empty() {
        out.push_str(
            "\n## Foreign keys\n\n| Name | Columns | References | On delete | On update |\n|---|---|---|---|---|\n",
        );
        for fk in &table.foreign_keys {
            let action =
                |a: Option<crate::model::FkAction>| a.map_or("no action".to_string(), |a| a.sql().to_ascii_lowercase());
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}) | {} | {} |",
                code(&fk.name),
                columns(&fk.columns),
                table_link(&fk.references.table, tables),
                columns(&fk.references.columns),
                action(fk.on_delete),
                action(fk.on_update)
            );
        }
    }
    if !table.indexes.is_empty() {
        out.push_str("\n## Indexes\n\n| Name | Columns | Unique | Method | Where |\n|---|---|---|---|---|\n");
        for index in &table.indexes {
            let predicate = index.predicate.as_ref().map(|p| code(p.as_str()));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                code(&index.name),
                index
                    .columns
                    .iter()
                    .map(|k| code(&k.to_string()))
                    .collect::<Vec<_>>()
                    .join(", "),
                if index.unique { "yes" } else { "no" },
                index.method.name(),
                predicate.unwrap_or_default()
            );
        }
    }
    let enum_checks: Vec<(String, String)> = table
        .live_columns()
        .filter_map(|c| {
            let values = c.values.as_ref()?;
            Some((
                values.check_name.clone(),
                format!("{} is one of its values", code(&c.name)),
            ))
        })
        .collect();
    if !table.checks.is_empty() || !enum_checks.is_empty() {
        out.push_str("\n## Checks\n\n| Name | Rule |\n|---|---|\n");
        for check in &table.checks {
            let _ = writeln!(out, "| {} | {} |", code(&check.name), code(check.expr.as_str()));
        }
        for (name, rule) in enum_checks {
            let _ = writeln!(out, "| {} | {} |", code(&name), rule);
        }
    }
    if let Some(column) = table.set_on_update_column() {
        let _ = write!(
            out,
            "\n## Triggers\n\n- {} is set to the current time whenever a row is updated (a trigger on PostgreSQL and SQLite, `ON UPDATE CURRENT_TIMESTAMP` on MySQL).\n",
            code(&column.name)
        );
    }
    if let Some(tenant) = &table.tenant {
        let _ = write!(
            out,
            "\n## Row-level security\n\nPolicy {} (PostgreSQL, forced for the owner too): a session sees and writes only the rows whose {} equals the setting {}.\n",
            code(&tenant.policy),
            code(&tenant.column),
            code(&tenant.setting)
        );
    }
    let referenced_by: Vec<String> = tables
        .iter()
        .flat_map(|other| {
            (other.foreign_keys.iter())
                .filter(|fk| fk.references.table == table.name)
                .map(move |fk| format!("- {} ({})", table_link(&other.name, tables), columns(&fk.columns)))
        })
        .collect();
    if !referenced_by.is_empty() {
        let _ = write!(out, "\n## Referenced by\n\n{}\n", referenced_by.join("\n"));
    }
    out
}

fn type_text(column: &crate::model::Column) -> String {
    let mut text = column.ty.to_string();
    if !column.native_types.is_empty() {
        let natives: Vec<String> = column.native_types.iter().map(|(d, t)| format!("{d}: {t}")).collect();
        text = format!("{text} ({})", natives.join("; "));
    }
    text
}

fn push_sentence(text: &mut String, sentence: &str) {
    if !text.is_empty() {
        text.push_str("; ");
    }
    text.push_str(sentence);
}

fn columns(columns: &[String]) -> String {
    columns.iter().map(|c| code(c)).collect::<Vec<_>>().join(", ")
}

fn table_link(name: &str, tables: &[&Table]) -> String {
    if tables.iter().any(|t| t.name == name) {
        format!("[{}]({})", code(name), page_name(name))
    } else {
        code(name)
    }
}

/// A table's page: its name where that is a safe file name, else with the rest as `_`.
pub fn page_name(table: &str) -> String {
    let safe: String = table
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.md")
}

/// Text inside a table cell: a `|` would end the cell and a line break the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A name or expression as code in a cell (a backtick inside would end the code span).
fn code(text: &str) -> String {
    format!("`{}`", cell(&text.replace('`', "'")))
}

/// How a docs folder differs from the pages of the schema.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stale {
    /// Pages missing or with other content.
    pub changed: Vec<String>,
    /// Markdown files of the folder that are no page of the schema (a table that left it).
    pub extra: Vec<String>,
}

impl Stale {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.extra.is_empty()
    }

    /// `README.md, orders.md, profiles.md (no such table)`.
    pub fn describe(&self) -> String {
        let extra = self.extra.iter().map(|name| format!("{name} (no such table)"));
        self.changed.iter().cloned().chain(extra).collect::<Vec<_>>().join(", ")
    }
}

/// Compares `dir` with `files`: the folder is the docs' own, so it must hold exactly them.
pub fn compare(dir: &std::path::Path, files: &[DocFile]) -> std::io::Result<Stale> {
    let mut extra = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && entry.path().is_file() && !files.iter().any(|f| f.path == name) {
                    extra.push(name);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    extra.sort();
    let changed = files
        .iter()
        .filter(|f| std::fs::read_to_string(dir.join(&f.path)).ok().as_deref() != Some(f.text.as_str()))
        .map(|f| f.path.clone())
        .collect();
    Ok(Stale { changed, extra })
}

/// Makes `dir` hold exactly `files`; returns what it changed.
pub fn write(dir: &std::path::Path, files: &[DocFile]) -> std::io::Result<Stale> {
    let stale = compare(dir, files)?;
    std::fs::create_dir_all(dir)?;
    for file in files.iter().filter(|f| stale.changed.contains(&f.path)) {
        std::fs::write(dir.join(&file.path), &file.text)?;
    }
    for name in &stale.extra {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(stale)
}
