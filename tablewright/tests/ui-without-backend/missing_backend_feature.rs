// A SQLite application whose `tablewright` dependency lacks the `sqlite` feature: diesel has
// SQLite, tablewright's migrator does not. Compiled by db-tests/tests/outside_apps.rs in a crate
// outside the workspace, where no other crate turns the feature on.
use diesel::Connection;

const MIGRATIONS: tablewright::Migrations = tablewright::Migrations::embedded(&[]);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = diesel::SqliteConnection::establish("app.db")?;
    tablewright::Migrator::new(&MIGRATIONS).run_on(&mut conn)?;
    Ok(())
}
