//! `generate` from nothing and `check` of a schema of 1,000 tables × 20 columns (YAML, one file
//! per table), timed as whole `tablewright` processes, with their peak memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::Errors;

pub const TABLES: usize = 1000;
pub const COLUMNS: usize = 20;

/// Writes the schema into `<dir>/schemas/`.
pub fn write(dir: &Path) {
    let schemas = dir.join("schemas");
    let _ = std::fs::remove_dir_all(&schemas);
    std::fs::create_dir_all(&schemas).unwrap();
    for t in 1..=TABLES {
        let mut text = format!("table: t{t:04}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n");
        for c in 2..=COLUMNS {
            let ty = match c % 4 {
                0 => "integer",
                1 => "varchar(100)",
                2 => "text, nullable: true",
                _ => "boolean, default: false",
            };
            text.push_str(&format!("  c{c:02}: {{ type: {ty} }}\n"));
        }
        std::fs::write(schemas.join(format!("t{t:04}.yaml")), text).unwrap();
    }
}

/// One timed run: wall time, CPU time (user and system, from GNU time's `%U` and `%S`: the
/// steadier figure on a shared machine) and peak resident memory (KiB, `%M`).
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_kib: u64,
}

/// Runs `tablewright <command> --schemas schemas --migrations migrations --dialect postgres` in
/// `dir` under `/usr/bin/time`; any exit code but 0 is an error (`check` exits 0 when the
/// migrations are up to date).
pub fn run(cli: &Path, dir: &Path, command: &str, errors: &mut Errors) -> Option<Run> {
    let began = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "tw-time=%M %U %S"])
        .arg(cli)
        .args([
            command,
            "--schemas",
            "schemas",
            "--migrations",
            "migrations",
            "--dialect",
            "postgres",
        ])
        .current_dir(dir)
        .output();
    let wall = began.elapsed();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            errors.push(format!("cannot run /usr/bin/time {}: {e}", cli.display()));
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        errors.push(format!("tablewright {command} (1,000 tables) failed: {stderr}"));
        return None;
    }
    let fields: Vec<f64> = stderr
        .lines()
        .find_map(|l| l.strip_prefix("tw-time="))
        .map(|v| v.split_whitespace().filter_map(|f| f.parse().ok()).collect())
        .unwrap_or_default();
    let [max_rss_kib, user, system] = fields[..] else {
        errors.push(format!(
            "no memory and CPU time in the output of /usr/bin/time: {stderr}"
        ));
        return None;
    };
    Some(Run {
        wall,
        cpu: Duration::from_secs_f64(user + system),
        max_rss_kib: max_rss_kib as u64,
    })
}
