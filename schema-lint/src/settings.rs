//! The linter's options from a project's `[lint]` table, built in one place for
//! `tablewright lint`, `tablewright generate` and the build script, so all three report the same.

use tablewright_core::config::{Config, LintLevel};

use crate::{rule_named, Options, Severity, RULES};

impl Options {
    /// The options a project's settings ask for: each rule's level from `[lint] levels` (`off`
    /// turns it off) and `start_after`; the defaults for the rest. A rule name the linter does
    /// not know is an error that names the settings file and lists the rules.
    pub fn from_config(config: &Config) -> Result<Options, String> {
        let mut options = Options::default();
        for (rule, level) in &config.lint.levels {
            if rule_named(rule).is_none() {
                let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
                return Err(format!(
                    "{}: `lint.levels` names unknown rule `{rule}`; the rules are: {}",
                    config.file.display(),
                    names.join(", ")
                ));
            }
            match level {
                LintLevel::Off => {
                    options.disabled.insert(rule.clone());
                }
                LintLevel::Error => {
                    options.levels.insert(rule.clone(), Severity::Error);
                }
                LintLevel::Warning => {
                    options.levels.insert(rule.clone(), Severity::Warning);
                }
            }
        }
        options.start_after = config.lint.start_after.clone();
        Ok(options)
    }
}
