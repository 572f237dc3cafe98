//! The two ways to write a schema. Both produce [`crate::model::Table`]s through the shared
//! [`decl::TableDecl`], so the same table written either way is the same model.

pub mod decl;
pub mod rust;
pub mod yaml;
