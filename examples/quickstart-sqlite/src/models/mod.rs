//! The schema of the quickstart: two tables declared as Rust structs. `cargo build` turns them
//! into the migrations under `migrations/`; the derive also gives diesel's `table!` for each, and
//! the `joinable!` and `allow_tables_to_appear_in_same_query!` between them (`tasks` joins
//! `projects` through its foreign key), so nothing here is written by hand.

mod project;
mod task;

pub use project::projects;
pub use project::{NewProject, Project};
pub use task::tasks;
pub use task::{NewTask, Task};
