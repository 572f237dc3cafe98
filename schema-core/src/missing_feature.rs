//! The error for inputs whose reader this build left out (a cargo feature off, so an app pays
//! only for the formats it reads): reported at a file, never skipped, with the line of
//! Cargo.toml that turns the reader on.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::model::Origin;

/// The diagnostic's code.
pub const CODE: &str = "missing-feature";

/// An input format read only with a cargo feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A `.yaml`/`.yml` file in a schemas folder (an application's or a library's).
    YamlSchema,
    /// `seeds/<table>.yaml` or `.yml`.
    YamlSeeds,
    /// `seeds/<table>.csv`.
    CsvSeeds,
}

impl Input {
    /// The feature of tablewright-build (and tablewright-core) that reads it.
    pub fn feature(self) -> &'static str {
        match self {
            Input::YamlSchema | Input::YamlSeeds => "yaml",
            Input::CsvSeeds => "csv",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Input::YamlSchema => "YAML schemas",
            Input::YamlSeeds => "YAML seeds",
            Input::CsvSeeds => "CSV seeds",
        }
    }
}

/// `files` are `input`, which this build cannot read: one error at the first, counting the
/// others (a folder of a thousand YAML files misses one line of Cargo.toml, not a thousand).
/// `None` when there are none.
pub fn missing_feature<P: AsRef<Path>>(input: Input, files: &[P]) -> Option<Diagnostic> {
    let first = files.first()?.as_ref();
    let feature = input.feature();
    let others = match files.len() - 1 {
        0 => String::new(),
        1 => " (this file and 1 more)".to_string(),
        n => format!(" (this file and {n} more)"),
    };
    let error = Diagnostic::error(
        CODE,
        &Origin::at(Some(Arc::new(first.to_path_buf())), 1, 1),
        format!(
            "reading {} needs tablewright-build's `{feature}` feature{others}",
            input.name()
        ),
    )
    // `...` keeps the user's own source: not on crates.io yet, so most depend on it by path,
    // and a `version = ...` line copied from here would send cargo to the registry.
    .help(format!(
        "turn it on in Cargo.toml, under [build-dependencies]: \
         tablewright-build = {{ ..., features = [\"{feature}\"] }} (keep its `path` or `version`)"
    ));
    Some(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_file_the_feature_and_the_line_that_turns_it_on() {
        let shown = missing_feature(Input::YamlSchema, &["schemas/orders.yaml"])
            .unwrap()
            .to_string();
        assert_eq!(
            shown,
            "error[missing-feature]: reading YAML schemas needs tablewright-build's `yaml` feature\n  \
             --> schemas/orders.yaml:1:1\n  \
             = help: turn it on in Cargo.toml, under [build-dependencies]: \
             tablewright-build = { ..., features = [\"yaml\"] } (keep its `path` or `version`)"
        );
        let csv = missing_feature(Input::CsvSeeds, &["seeds/a.csv", "seeds/b.csv", "seeds/c.csv"]).unwrap();
        assert_eq!(
            csv.message,
            "reading CSV seeds needs tablewright-build's `csv` feature (this file and 2 more)"
        );
        assert_eq!(
            csv.origin.file.as_deref().map(|f| f.to_str().unwrap()),
            Some("seeds/a.csv")
        );
        assert!(csv.help.unwrap().contains("features = [\"csv\"]"));
        let yaml_seeds = missing_feature(Input::YamlSeeds, &["seeds/orders.yml"]).unwrap();
        assert_eq!(
            yaml_seeds.message,
            "reading YAML seeds needs tablewright-build's `yaml` feature"
        );
        assert!(missing_feature::<&str>(Input::YamlSeeds, &[]).is_none());
    }
}
