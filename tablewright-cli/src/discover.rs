//! Where a library crate the application depends on lives, asked of cargo, for a
//! `[[libraries]]` entry that names no `migrations` folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the package named `name` (`-` and `_` alike, as cargo treats them) among the
/// packages cargo resolves for the crate at `root`.
pub fn package_dir(root: &Path, name: &str) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run `cargo metadata`: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("`cargo metadata` failed: {}", stderr.trim()));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`cargo metadata` printed something else than JSON: {e}"))?;
    let same = |found: &str| found.replace('-', "_") == name.replace('-', "_");
    let packages = metadata["packages"].as_array().map(Vec::as_slice).unwrap_or_default();
    packages
        .iter()
        .find(|p| p["name"].as_str().is_some_and(same))
        .and_then(|p| Path::new(p["manifest_path"].as_str()?).parent().map(Path::to_path_buf))
        .ok_or_else(|| format!("no package named `{name}` among the crate's dependencies"))
}
