//! Where a set's applied migrations are recorded: the application's own set in diesel's table
//! and the ledger, by version; a library's set in the ledger only, as `<set>:<version>`, so the
//! versions of different sets never collide and diesel's table stays the host's.

use tablewright_runtime_core::APP_SET;

/// Separates a set's name from a version in the ledger.
const SEPARATOR: char = ':';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The application's own migrations.
    App,
    /// A library's set, by name (`agents`, `agents/scheduler`).
    Set(&'a str),
}

impl Scope<'_> {
    /// The ledger's key of `version` in this scope.
    pub fn key(&self, version: &str) -> String {
        match self {
            Scope::App => version.to_string(),
            Scope::Set(name) => format!("{name}{SEPARATOR}{version}"),
        }
    }

    /// The version a ledger key holds, if the key is this scope's.
    pub fn version<'k>(&self, key: &'k str) -> Option<&'k str> {
        match self {
            Scope::App => (!key.contains(SEPARATOR)).then_some(key),
            Scope::Set(name) => key.strip_prefix(name)?.strip_prefix(SEPARATOR),
        }
    }

    /// The set's name, [`APP_SET`] for the application's own.
    pub fn set_name(&self) -> &str {
        match self {
            Scope::App => APP_SET,
            Scope::Set(name) => name,
        }
    }

    /// The scope of a set's name.
    pub fn of(set: &str) -> Scope<'_> {
        if set == APP_SET {
            Scope::App
        } else {
            Scope::Set(set)
        }
    }

    /// The library set a ledger key belongs to (`None`: the application's own).
    pub fn set_of(key: &str) -> Option<&str> {
        key.rsplit_once(SEPARATOR).map(|(set, _)| set)
    }

    /// Whether diesel's `__diesel_schema_migrations` records this scope's migrations too.
    pub fn in_diesel(&self) -> bool {
        *self == Scope::App
    }

    /// How logs and errors name a migration of this scope.
    pub fn name(&self, migration: &str) -> String {
        match self {
            Scope::App => migration.to_string(),
            Scope::Set(set) => format!("{set}: {migration}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_sets_apart() {
        let agents = Scope::Set("agents");
        let scheduler = Scope::Set("agents/scheduler");
        assert_eq!(agents.key("20260101000000"), "agents:20260101000000");
        assert_eq!(agents.version("agents:20260101000000"), Some("20260101000000"));
        assert_eq!(agents.version("agents/scheduler:20260101000000"), None);
        assert_eq!(
            scheduler.version("agents/scheduler:20260101000000"),
            Some("20260101000000")
        );
        assert_eq!(Scope::App.version("20260101000000"), Some("20260101000000"));
        assert_eq!(Scope::App.version("agents:20260101000000"), None);
    }
}
