//! Applications that live outside the workspace and depend on Tablewright's crates by path, the
//! way a user's application does, built and run by a real `cargo`.
//!
//! Inside the workspace, `cargo test --workspace` unifies features: every crate sees the features
//! any crate enables, so an app that forgot one still compiles there. An [`OutsideApp`] is its own
//! cargo project, so it gets exactly the features its `Cargo.toml` asks for.
//!
//! Each app is a folder `<target>/outside-apps/<name>/` (emptied when the app is made) holding the
//! workspace's `Cargo.lock`, so it uses the same dependency versions. Every app builds into one
//! shared target folder, `<target>/outside-apps/target`, so dependencies are compiled once for all
//! of them and stay compiled between runs. Everything stays under the target folder; the
//! workspace's `Cargo.toml` excludes `target` so cargo does not take an app for a workspace member.
//!
//! ```no_run
//! use tablewright_db_tests::OutsideApp;
//!
//! let app = OutsideApp::from_readme("my-test");   // the README's "Five minutes with it"
//! app.build().ok();                               // cargo build; writes migrations/
//! app.run(&[], &[("DATABASE_URL", "app.db")]).ok().assert_stdout_contains("1 migration(s) applied");
//! app.edit("src/models/mod.rs", |text| text.replace("max_length = 200", "max_length = 300"));
//! app.build().ok();
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{repo_root, target_dir};

/// The package name the README gives its application; [`OutsideApp::from_readme`] renames it.
const README_PACKAGE: &str = "name = \"tasks\"";
/// Where the README assumes the clone is, relative to the application folder.
const README_CLONE: &str = "../tablewright/";
/// The README's section the application is written from.
const README_SECTION: &str = "## Five minutes with it";

/// A cargo project outside the workspace.
pub struct OutsideApp {
    dir: PathBuf,
    name: String,
}

/// What one command printed, and how it ended.
#[derive(Debug)]
pub struct Output {
    /// The command, for messages.
    pub command: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    fn of(command: String, output: std::process::Output) -> Output {
        Output {
            command,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Panics, showing everything printed, unless the command succeeded.
    pub fn ok(self) -> Output {
        assert!(self.success(), "`{}` failed:\n{self}", self.command);
        self
    }

    /// Panics, showing everything printed, unless the command failed.
    pub fn failed(self) -> Output {
        assert!(!self.success(), "`{}` should have failed:\n{self}", self.command);
        self
    }

    pub fn assert_stdout_contains(&self, expected: &str) -> &Output {
        assert!(
            self.stdout.contains(expected),
            "expected {expected:?} on the stdout of `{}`:\n{self}",
            self.command
        );
        self
    }

    pub fn assert_stderr_contains(&self, expected: &str) -> &Output {
        assert!(
            self.stderr.contains(expected),
            "expected {expected:?} on the stderr of `{}`:\n{self}",
            self.command
        );
        self
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A code block of the README that is a whole file: its first line names it (`// src/main.rs`,
/// `# Cargo.toml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadmeFile {
    pub path: String,
    pub text: String,
}

/// Every code block of the README's "Five minutes with it" that is a whole file, in order.
pub fn readme_files() -> Vec<ReadmeFile> {
    readme_blocks()
        .into_iter()
        .filter_map(|(_, text)| {
            let first = text.lines().next()?;
            let path = first
                .strip_prefix("// ")
                .or_else(|| first.strip_prefix("# "))?
                .trim()
                .to_string();
            let is_file = !path.contains(' ') && (path.contains('/') || path.contains('.'));
            is_file.then_some(ReadmeFile { path, text })
        })
        .collect()
}

/// The fenced code blocks of the README's "Five minutes with it": (info string, text).
pub fn readme_blocks() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let start = readme
        .find(README_SECTION)
        .unwrap_or_else(|| panic!("README.md has no `{README_SECTION}` section"));
    let section = &readme[start + README_SECTION.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let mut text = String::new();
        for line in lines.by_ref() {
            if line.trim_start().starts_with("```") {
                break;
            }
            text.push_str(line.get(indent..).unwrap_or(line.trim_start()));
            text.push('\n');
        }
        blocks.push((info.trim().to_string(), text));
    }
    blocks
}

impl OutsideApp {
    /// An empty project folder `<target>/outside-apps/<name>/` (emptied if it exists), holding
    /// only the workspace's `Cargo.lock`. `name` is also the package name to use: give every app
    /// its own, so that their binaries do not overwrite each other in the shared target folder.
    pub fn new(name: &str) -> OutsideApp {
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "an app name is a package name: letters, digits and dashes ({name:?})"
        );
        assert_ne!(name, "target", "`target` is the apps' shared target folder");
        let dir = apps_dir().join(name);
        let root = repo_root().canonicalize().expect("the repository root");
        assert!(
            !dir.starts_with(&root) || dir.starts_with(root.join("target")),
            "{} is inside the repository but not under its `target/`, which the workspace excludes: cargo would take \
             the app for a workspace member; set CARGO_TARGET_DIR to `target` or to a folder outside the repository",
            dir.display()
        );
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("cannot empty {}: {e}", dir.display()),
        }
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy the workspace's Cargo.lock");
        OutsideApp {
            dir,
            name: name.to_string(),
        }
    }

    /// The application of the README's "Five minutes with it": every file the README shows
    /// (each code block whose first line names a file), written as it is, with two
    /// substitutions: the clone's path (`../tablewright/`) becomes this repository's, and the
    /// package name (`tasks`) becomes `name`.
    pub fn from_readme(name: &str) -> OutsideApp {
        let app = OutsideApp::new(name);
        let files = readme_files();
        assert!(
            files.iter().any(|f| f.path == "Cargo.toml"),
            "the README's `{README_SECTION}` shows no Cargo.toml: {files:#?}"
        );
        let root = format!(
            "{}/",
            repo_root().canonicalize().expect("the repository root").display()
        );
        for file in files {
            let mut text = file.text.replace(README_CLONE, &root);
            if file.path == "Cargo.toml" {
                assert!(
                    text.contains(README_PACKAGE),
                    "the README's Cargo.toml no longer says {README_PACKAGE}:\n{text}"
                );
                text = text.replace(README_PACKAGE, &format!("name = \"{name}\""));
            }
            app.write(&file.path, &text);
        }
        app
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Writes a file of the app (folders are created), replacing what was there.
    pub fn write(&self, relative: &str, text: &str) -> &OutsideApp {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        self
    }

    /// Writes `src/models/<file>`, the folder the README's build script scans for
    /// `#[derive(Table)]` (`mod.rs` in the README's app).
    pub fn write_model(&self, file: &str, source: &str) -> &OutsideApp {
        self.write(&format!("src/models/{file}"), source)
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.dir.join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Rewrites a file with `change`, which must change it.
    pub fn edit(&self, relative: &str, change: impl FnOnce(String) -> String) -> &OutsideApp {
        let before = self.read(relative);
        let after = change(before.clone());
        assert_ne!(before, after, "the edit of {relative} changed nothing");
        self.write(relative, &after)
    }

    /// Runs `cargo ARGS` in the app's folder, into the shared target folder, as a developer's
    /// terminal would: without `CI` or `TABLEWRIGHT_CHECK`, so the build script writes migrations.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", shared_target_dir())
            .env_remove("CI")
            .env_remove("TABLEWRIGHT_CHECK")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        Output::of(format!("cargo {} (in {})", args.join(" "), self.dir.display()), output)
    }

    /// `cargo build`; check the result with [`Output::ok`] or [`Output::failed`].
    pub fn build(&self) -> Output {
        self.cargo(&["build"])
    }

    /// The binary `build` made.
    pub fn binary(&self) -> PathBuf {
        shared_target_dir()
            .join("debug")
            .join(format!("{}{}", self.name, std::env::consts::EXE_SUFFIX))
    }

    /// Runs the built binary in the app's folder with `args` and the environment `env` (on top
    /// of this process's, without `CI`).
    pub fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let binary = self.binary();
        assert!(
            binary.is_file(),
            "{} is not built: call build() first",
            binary.display()
        );
        let output = Command::new(&binary)
            .args(args)
            .current_dir(&self.dir)
            .env_remove("CI")
            .envs(env.iter().copied())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
        Output::of(format!("{} {}", self.name, args.join(" ")), output)
    }

    /// The migration folders under `migrations/`, oldest first (dot-folders such as the draft
    /// history are not migrations; diesel skips them too).
    pub fn migrations(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.join("migrations"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// `<target>/outside-apps`: the apps' folders and their shared target folder.
fn apps_dir() -> PathBuf {
    target_dir().join("outside-apps")
}

/// The target folder every outside app builds into.
pub fn shared_target_dir() -> PathBuf {
    apps_dir().join("target")
}
