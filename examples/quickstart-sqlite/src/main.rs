//! Tablewright quickstart: `cargo run -p quickstart-sqlite [DATABASE_FILE]`.
//!
//! Creates the database file (default `quickstart.db` in the current folder), applies the
//! migrations embedded in this binary, then writes and reads a few rows with diesel.

mod models;

use diesel::prelude::*;
use tablewright::{embed_migrations, Migrations, Migrator};

use models::{projects, tasks, NewProject, NewTask, Project, Task};

/// The folders under `migrations/`, compiled into the binary.
const MIGRATIONS: Migrations = embed_migrations!();

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "quickstart.db".to_string());
    let mut conn = SqliteConnection::establish(&path)?;
    diesel::sql_query("PRAGMA foreign_keys = ON").execute(&mut conn)?;

    // Under the database's write lock, refusing to run over an edited migration.
    let report = Migrator::new(&MIGRATIONS).run_on(&mut conn)?;
    println!("database {path}: {} migration(s) applied", report.applied.len());
    for migration in &report.applied {
        println!("  {} ({:?})", migration.name, migration.duration);
    }

    let project: Project = diesel::insert_into(projects::table)
        .values(NewProject {
            name: &format!("launch #{}", std::process::id()),
        })
        .returning(Project::as_returning())
        .get_result(&mut conn)?;
    println!(
        "created project #{} {:?} at {}",
        project.id, project.name, project.created_at
    );
    let due = chrono::Local::now().date_naive() + chrono::Days::new(7);
    diesel::insert_into(tasks::table)
        .values(&[
            NewTask {
                project_id: project.id,
                title: "write the README",
                priority: 2,
                due_on: Some(due),
            },
            NewTask {
                project_id: project.id,
                title: "ship it",
                priority: 1,
                due_on: None,
            },
        ])
        .execute(&mut conn)?;
    diesel::update(tasks::table.filter(tasks::title.eq("write the README")))
        .set(tasks::status.eq("doing"))
        .execute(&mut conn)?;

    let open: Vec<(String, Task)> = tasks::table
        .inner_join(projects::table)
        .filter(tasks::status.ne("done"))
        .order((tasks::priority, tasks::id))
        .select((projects::name, Task::as_select()))
        .load(&mut conn)?;
    println!("open tasks:");
    for (project, task) in &open {
        println!(
            "  #{} [{}] {} / {} (project #{}, priority {}, due {:?}, updated {})",
            task.id, task.status, project, task.title, task.project_id, task.priority, task.due_on, task.updated_at
        );
    }
    Ok(())
}
