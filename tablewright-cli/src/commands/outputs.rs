//! `docs` and `types`: what the schema gives besides migrations, written or checked.

use std::path::Path;

use tablewright_core::outputs::{docs, typescript};
use tablewright_core::project::Project;

use super::load;
use crate::args::BigInt;
use crate::failure::Failure;

pub fn docs(project: Project, out: &Path, check: bool) -> Result<(), Failure> {
    let loaded = load(&project)?;
    let files = docs::render(&loaded.schema);
    // Pages of tables that are gone are stale too: the folder must hold exactly these files.
    let existing = markdown_files(out)?;
    let extra: Vec<&String> = existing
        .iter()
        .filter(|name| !files.iter().any(|f| &f.path == *name))
        .collect();
    let changed: Vec<&docs::DocFile> = files
        .iter()
        .filter(|f| std::fs::read_to_string(out.join(&f.path)).ok().as_deref() != Some(f.text.as_str()))
        .collect();
    if check {
        if changed.is_empty() && extra.is_empty() {
            println!("the schema docs in {}/ are up to date", out.display());
            return Ok(());
        }
        let mut stale: Vec<String> = changed.iter().map(|f| f.path.clone()).collect();
        stale.extend(extra.iter().map(|name| format!("{name} (no such table)")));
        return Err(Failure::found(format!(
            "the schema docs in {}/ are stale: {}\n  = help: run `tablewright docs --out {}` and commit the result",
            out.display(),
            stale.join(", "),
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| Failure::error(format!("{}: {e}", out.display())))?;
    for file in &changed {
        let path = out.join(&file.path);
        std::fs::write(&path, &file.text).map_err(|e| Failure::error(format!("{}: {e}", path.display())))?;
    }
    for name in &extra {
        let path = out.join(name);
        std::fs::remove_file(&path).map_err(|e| Failure::error(format!("{}: {e}", path.display())))?;
    }
    println!(
        "wrote {} page(s) to {}/ ({} changed, {} removed)",
        files.len(),
        out.display(),
        changed.len(),
        extra.len()
    );
    Ok(())
}

/// The Markdown files `docs` wrote before: every `.md` of the folder (it is the docs' own).
fn markdown_files(dir: &Path) -> Result<Vec<String>, Failure> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Failure::error(format!("{}: {e}", dir.display()))),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

pub fn typescript_options(
    json_type: String,
    bigint: BigInt,
    camel_case: bool,
    preamble: Option<String>,
) -> typescript::Options {
    typescript::Options {
        json_type,
        bigint: match bigint {
            BigInt::Number => typescript::BigIntAs::Number,
            BigInt::String => typescript::BigIntAs::String,
            BigInt::BigInt => typescript::BigIntAs::BigInt,
        },
        camel_case,
        preamble,
    }
}

pub fn types(project: Project, options: typescript::Options, out: Option<&Path>, check: bool) -> Result<(), Failure> {
    let loaded = load(&project)?;
    let text = typescript::render(&loaded.schema, &options).map_err(Failure::error)?;
    let Some(out) = out else {
        print!("{text}");
        return Ok(());
    };
    let current = std::fs::read_to_string(out).ok();
    if check {
        if current.as_deref() == Some(text.as_str()) {
            println!("{} is up to date", out.display());
            return Ok(());
        }
        return Err(Failure::found(format!(
            "{} is stale: it does not hold the schema's types\n  = help: run `tablewright types --lang typescript --out {}` (with the same options) and commit the result",
            out.display(),
            out.display()
        )));
    }
    if current.as_deref() != Some(text.as_str()) {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Failure::error(format!("{}: {e}", parent.display())))?;
        }
        std::fs::write(out, &text).map_err(|e| Failure::error(format!("{}: {e}", out.display())))?;
    }
    println!("wrote {}", out.display());
    Ok(())
}
