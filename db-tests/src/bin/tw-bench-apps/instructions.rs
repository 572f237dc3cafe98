//! The instructions cargo itself executes in one no-op build, counted by valgrind's callgrind:
//! the steady figure beside the no-op build's time, which moves by 10% from run to run on a
//! shared 2-core machine while the count moves by well under 1%. User-space only (cargo's
//! system calls, about a third of its time, are not counted), and cargo alone: a no-op build
//! starts no compiler.

use std::path::Path;
use std::process::Command;

use crate::apps::App;
use crate::Errors;

/// `None` without valgrind (said once in the output, not an error: the timed figure stands
/// alone), or on an error (counted).
pub fn noop_build(app: &App, target: &Path, cargo: &str, errors: &mut Errors) -> Option<u64> {
    let output = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            cargo,
            "build",
            "--release",
        ])
        .current_dir(&app.dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CI")
        .env_remove("RUSTFLAGS")
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let collected = stderr
        .lines()
        .find_map(|line| line.split_once("Collected :").map(|(_, n)| n.trim().to_string()))
        .and_then(|n| n.parse().ok());
    if !output.status.success() || collected.is_none() || stderr.contains("Compiling") {
        errors.push(format!(
            "counting the instructions of a no-op build of {}: {stderr}",
            app.package
        ));
        return None;
    }
    collected
}

/// The toolchain's cargo binary, not rustup's proxy (which callgrind would count instead):
/// `CARGO` when run by cargo, else what `rustup which cargo` names.
pub fn real_cargo() -> String {
    if let Ok(cargo) = std::env::var("CARGO") {
        return cargo;
    }
    Command::new("rustup")
        .args(["which", "cargo"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "cargo".into())
}

pub fn have_valgrind() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
