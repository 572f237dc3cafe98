//! `plan`: the SQL `generate` would write, without writing it.

use std::time::SystemTime;

use serde_json::json;
use tablewright_core::project::{Outcome, Project};

use super::{emit, load, print_json};
use crate::args::Format;
use crate::failure::Failure;

pub fn plan(project: Project, format: Format) -> Result<(), Failure> {
    let loaded = load(&project)?;
    let preview = project
        .preview(&loaded.schema, SystemTime::now())
        .map_err(Failure::error)?;
    let (outcome, folder, summary) = match &preview.outcome {
        Outcome::UpToDate => ("up_to_date", None, Vec::new()),
        Outcome::Created { folder, summary } => ("create", Some(folder), summary.clone()),
        Outcome::Updated { folder, summary, .. } => ("update", Some(folder), summary.clone()),
        Outcome::Removed { folder } => ("remove", Some(folder), Vec::new()),
    };
    if format == Format::Json {
        print_json(&json!({
            "outcome": outcome,
            "folder": folder.map(|f| f.display().to_string()),
            "summary": summary,
            "up": preview.up,
            "down": preview.down,
            "migrations": preview.migrations.iter().map(|m| json!({
                "folder": m.folder.display().to_string(),
                "up": m.up,
                "down": m.down,
                "metadata": m.metadata,
            })).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let mut text = match preview.outcome {
        Outcome::UpToDate => format!(
            "the migrations in {}/ are up to date: generate would write nothing\n",
            project.migrations_dir.display()
        ),
        ref outcome => format!("-- {}\n", outcome.describe()),
    };
    // Changes to existing tables may need several migrations (an index built concurrently, a
    // constraint validated after it was added): each is shown with its folder.
    for migration in &preview.migrations {
        let name = migration
            .folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (file, sql) in [
            ("up.sql", &migration.up),
            ("down.sql", &migration.down),
            ("metadata.toml", &migration.metadata),
        ] {
            text.push_str(&format!("\n-- ===== {name}/{file} =====\n{sql}"));
        }
    }
    emit(&text);
    Ok(())
}
