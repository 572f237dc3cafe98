//! `docs` and `types`: what the schema gives besides migrations, written or checked.

use std::path::Path;

use tablewright_core::outputs::{docs, typescript};
use tablewright_core::project::Project;

use super::load;
use crate::args::BigIntType;
use crate::failure::Failure;

pub fn docs(project: Project, out: &Path, check: bool) -> Result<(), Failure> {
    let loaded = load(&project)?;
    let files = docs::render(&loaded.schema);
    let failed = |e: std::io::Error| Failure::error(format!("{}: {e}", out.display()));
    if check && !out.is_dir() {
        // Never written: "stale" would send the user looking for pages that are not there.
        return Err(Failure::found(format!(
            "there are no schema docs in {}/ yet\n  = help: run `tablewright docs --out {}` and commit the result",
            out.display(),
            out.display()
        )));
    }
    if check {
        let stale = docs::compare(out, &files).map_err(failed)?;
        if stale.is_empty() {
            println!("the schema docs in {}/ are up to date", out.display());
            return Ok(());
        }
        return Err(Failure::found(format!(
            "the schema docs in {}/ are stale: {}\n  = help: run `tablewright docs --out {}` and commit the result",
            out.display(),
            stale.describe(),
            out.display()
        )));
    }
    let written = docs::write(out, &files).map_err(failed)?;
    println!(
        "wrote {} page(s) to {}/ ({} changed, {} removed)",
        files.len(),
        out.display(),
        written.changed.len(),
        written.extra.len()
    );
    Ok(())
}

pub fn typescript_options(
    json_type: String,
    bigint: BigIntType,
    camel_case: bool,
    preamble: Option<String>,
) -> typescript::Options {
    typescript::Options {
        json_type,
        bigint: match bigint {
            BigIntType::Number => typescript::BigIntAs::Number,
            BigIntType::String => typescript::BigIntAs::String,
            BigIntType::BigInt => typescript::BigIntAs::BigInt,
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
    if check && !out.exists() {
        // Never written: "stale" would send the user looking for a file that is not there.
        return Err(Failure::found(format!(
            "there are no schema types at {} yet\n  = help: run `tablewright types --lang typescript --out {}` (with the options the check is given) and commit the result",
            out.display(),
            out.display()
        )));
    }
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
