//! `lint`: the migration linter over files and folders, and over what `generate` just wrote.

use std::path::{Path, PathBuf};

use tablewright_core::migrations::MigrationSet;
use tablewright_core::{Dialect, Schema};
use tablewright_lint::{
    findings_to_github, findings_to_json, findings_to_sarif, has_errors, lint_generated_migrations, lint_path, summary,
    Finding, Options,
};

use super::{emit, print_json};
use crate::args::{LintArgs, LintFormat};
use crate::failure::Failure;
use crate::settings::Settings;

pub fn lint(args: LintArgs, settings: &Settings) -> Result<(), Failure> {
    let paths = if args.paths.is_empty() {
        vec![settings.migrations(None)]
    } else {
        args.paths
    };
    let dialect = match args.dialect.or(settings.dialect()) {
        Some(dialect) => dialect,
        None => dialect_of(&paths).ok_or_else(|| {
            Failure::error("cannot tell which database the SQL is for: pass --dialect postgres, sqlite or mysql")
        })?,
    };
    let options = Options {
        include_down: args.include_down,
        ..settings.lint_options()?
    };
    let mut findings = Vec::new();
    for path in &paths {
        findings.extend(lint_path(path, dialect, &options).map_err(Failure::error)?);
    }
    match args.format {
        LintFormat::Json => print_json(
            &serde_json::from_str::<serde_json::Value>(&findings_to_json(&findings)).expect("the linter writes JSON"),
        ),
        LintFormat::Sarif => emit(&format!("{}\n", findings_to_sarif(&findings))),
        LintFormat::Github => emit(&findings_to_github(&findings)),
        LintFormat::Text => {
            for finding in &findings {
                println!("{finding}\n");
            }
            println!(
                "{}",
                if findings.is_empty() {
                    "no findings".to_string()
                } else {
                    summary(&findings)
                }
            );
        }
    }
    if has_errors(&findings) {
        // For a machine format the exit code says it; stderr stays free of prose.
        let message = match args.format {
            LintFormat::Text => "the linter found errors (see above); fix them or excuse a statement with `-- tablewright-lint: ignore rule-name (why)`",
            _ => "",
        };
        return Err(Failure::found(message));
    }
    Ok(())
}

/// The dialect recorded with the newest generated migration under any of `paths`.
fn dialect_of(paths: &[PathBuf]) -> Option<Dialect> {
    paths.iter().find_map(|path| {
        let dir = if path.join("up.sql").is_file() {
            path.parent()?
        } else {
            path.as_path()
        };
        let set = MigrationSet::read(dir).ok()?;
        let (_, latest) = set.latest_generated()?;
        Some(latest.snapshot()?.as_ref().ok()?.dialect)
    })
}

/// Lints the migrations `generate` just wrote (from `first` on) with the project's `[lint]`
/// settings, the earlier migrations read for what they create; prints what it finds, as
/// warnings: generating never fails on them.
pub fn after_generate(dir: &Path, first: &Path, dialect: Dialect, schema: &Schema, settings: &Settings) {
    let linted = settings
        .lint_options()
        .map_err(|failure| failure.message)
        .and_then(|options| {
            lint_generated_migrations(dir, first, dialect, &options, schema).map_err(|e| e.to_string())
        });
    let findings: Vec<Finding> = match linted {
        Ok(findings) => findings,
        Err(error) => {
            eprintln!("warning: could not lint the new migrations: {error}");
            return;
        }
    };
    for finding in &findings {
        eprintln!("{finding}\n");
    }
    if !findings.is_empty() {
        eprintln!("the linter reports on the new migration: {}", summary(&findings));
    }
}
