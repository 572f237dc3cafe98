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
        Outcome::Updated { folder, summary } => ("update", Some(folder), summary.clone()),
        Outcome::Removed { folder } => ("remove", Some(folder), Vec::new()),
    };
    if format == Format::Json {
        print_json(&json!({
            "outcome": outcome,
            "folder": folder.map(|f| f.display().to_string()),
            "summary": summary,
            "up": preview.up,
            "down": preview.down,
        }));
        return Ok(());
    }
    let mut text = match preview.outcome {
        Outcome::UpToDate => format!(
            "migrations in {} are up to date: generate would write nothing\n",
            project.migrations_dir.display()
        ),
        ref outcome => format!("-- {}\n", outcome.describe()),
    };
    for (file, sql) in [("up.sql", &preview.up), ("down.sql", &preview.down)] {
        if let Some(sql) = sql {
            text.push_str(&format!("\n-- ===== {file} =====\n{sql}"));
        }
    }
    emit(&text);
    Ok(())
}
