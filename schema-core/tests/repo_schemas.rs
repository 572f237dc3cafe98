//! The repository's own `schemas/` (the warehouse tables of the field notes): they load without a
//! warning, and the SQL generated for them is pinned per dialect.

use std::path::PathBuf;

use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::project::Project;
use tablewright_core::{plan, render};

fn project(dialect: Dialect) -> Project {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    Project {
        schema_dirs: vec![root.join("schemas")],
        source_dirs: vec![],
        migrations_dir: root.join("migrations"),
        dialect,
    }
}

#[test]
fn warehouse_schema_loads_cleanly_for_postgres() {
    let loaded = project(Dialect::Postgres).load().unwrap_or_else(|d| panic!("{d}"));
    assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
    let names: Vec<&str> = loaded.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "document_chunks",
            "documents",
            "lots",
            "maintenance_agent_memory",
            "maintenance_tasks_queue",
            "storage_locations",
            "systems"
        ]
    );
}

#[test]
fn warehouse_sql_for_postgres() {
    let loaded = project(Dialect::Postgres).load().unwrap_or_else(|d| panic!("{d}"));
    let plan = plan::plan(&Schema::default(), &loaded.schema, Dialect::Postgres).unwrap();
    let rendered = render::render(&plan, Dialect::Postgres);
    assert_eq!(rendered.len(), 1, "a new schema is one migration");
    let sql = &rendered[0];
    insta::assert_snapshot!("warehouse_postgres_up", sql.up);
    insta::assert_snapshot!("warehouse_postgres_down", sql.down);
}

/// Row-level security has no equivalent on SQLite and MySQL: the tenant tables are refused there,
/// with the reason, instead of being generated without isolation.
#[test]
fn warehouse_is_refused_where_rls_is_missing() {
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let errors = project(dialect).load().unwrap_err();
        let text = errors.to_string();
        assert!(text.contains("table `lots` is multi-tenant, but"), "{dialect}: {text}");
        assert!(
            text.contains("table `storage_locations` is multi-tenant, but"),
            "{dialect}: {text}"
        );
    }
}
