//! The fuzz targets' bodies, shared with the stable random-input test
//! (schema-lint/tests/random_inputs.rs includes `targets.rs`).

pub mod targets;
