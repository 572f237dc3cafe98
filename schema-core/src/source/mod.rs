//! The two ways to write a schema. Both produce [`crate::model::Table`]s through the shared
//! [`decl::TableDecl`], so the same table written either way is the same model.

pub mod decl;
pub mod rust;
/// Only with the `yaml` feature: build scripts that read no YAML leave its parser out.
#[cfg(feature = "yaml")]
pub mod yaml;
