//! The schema of the quickstart: two tables declared as Rust structs. `cargo build` turns them
//! into the migrations under `migrations/`; the derive also gives diesel's `table!` for each.

mod project;
mod task;

pub use project::projects;
pub use project::{NewProject, Project};
pub use task::tasks;
pub use task::{NewTask, Task};

diesel::joinable!(tasks -> projects (project_id));
diesel::allow_tables_to_appear_in_same_query!(projects, tasks);
