//! A migration history of N steps, written by the `tablewright` command line from
//! `#[derive(Table)]` structs as a team would: each step edits the structs, generates and seals.
//! Steps 1 to 20 each add a table; every later step adds a nullable column to one of them.

use std::path::Path;
use std::process::Command;

use crate::Errors;

/// The tables of every history.
pub const TABLES: usize = 20;

/// The `src/models/mod.rs` of the history's step `step` (1-based).
pub fn models(step: usize) -> String {
    let tables = step.min(TABLES);
    let mut out = String::from("use tablewright::Table;\n");
    for t in 1..=tables {
        out.push_str(&format!(
            "\n#[derive(Table)]\n#[table(name = \"t{t:02}\")]\npub struct T{t:02} {{\n    \
             #[column(primary_key)]\n    pub id: i64,\n    #[column(max_length = 40)]\n    pub name: String,\n"
        ));
        // Step TABLES + k adds column k to table (k - 1) % TABLES + 1.
        for k in (1..=step.saturating_sub(TABLES)).filter(|k| (k - 1) % TABLES + 1 == t) {
            out.push_str(&format!("    pub c{k:03}: Option<String>,\n"));
        }
        out.push_str("}\n");
    }
    out
}

/// Writes the history of `steps` steps for each database into `<dir>/<dialect>/`, with the
/// command line `cli`; every failed command is counted in `errors`.
pub fn write(cli: &Path, dir: &Path, steps: usize, errors: &mut Errors) {
    let _ = std::fs::remove_dir_all(dir);
    let models_dir = dir.join("models");
    std::fs::create_dir_all(&models_dir).unwrap();
    for step in 1..=steps {
        std::fs::write(models_dir.join("mod.rs"), models(step)).unwrap();
        for dialect in ["postgres", "mysql", "sqlite"] {
            let migrations = dir.join(dialect);
            let scan = models_dir.to_str().unwrap();
            let folder = migrations.to_str().unwrap();
            let generate = ["generate", "--scan", scan, "--migrations", folder, "--dialect", dialect];
            let seal = ["seal", "--migrations", folder];
            for args in [&generate[..], &seal[..]] {
                let output = Command::new(cli).args(args).current_dir(dir).output().unwrap();
                if !output.status.success() {
                    errors.push(format!(
                        "history step {step}, {dialect}: tablewright {}: {}",
                        args.join(" "),
                        String::from_utf8_lossy(&output.stderr)
                    ));
                }
            }
        }
    }
}
