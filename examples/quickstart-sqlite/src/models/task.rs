use diesel::prelude::*;
use tablewright::Table;

/// A task belongs to a project; deleting the project deletes its tasks.
#[derive(Table, Queryable, Selectable, Debug)]
#[table(name = "tasks", comment = "Work to do")]
#[table(index(columns(project_id, status), name = "idx_tasks_project_status"))]
#[diesel(table_name = tasks)]
pub struct Task {
    #[column(primary_key, sql_type = "serial")]
    pub id: i32,
    #[column(references = "projects.id", on_delete = "cascade")]
    pub project_id: i32,
    #[column(max_length = 200)]
    pub title: String,
    #[column(max_length = 10, values("todo", "doing", "done"), default = "todo")]
    pub status: String,
    #[column(default = 3, check = "priority BETWEEN 1 AND 5")]
    pub priority: i16,
    pub due_on: Option<chrono::NaiveDate>,
    #[column(default_sql = "now()", set_on_update)]
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask<'a> {
    pub project_id: i32,
    pub title: &'a str,
    pub priority: i16,
    pub due_on: Option<chrono::NaiveDate>,
}
