//! Linting files and folders: metadata.toml, the order of migrations, what earlier and later
//! migrations tell, down.sql, and errors.

use std::fs;
use std::path::{Path, PathBuf};

use tablewright_lint::{lint_path, Dialect, Error, Finding, Options};

fn migration(root: &Path, name: &str, up: &str, metadata: Option<&str>) -> PathBuf {
    let dir = root.join(name);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("up.sql"), up).unwrap();
    fs::write(dir.join("down.sql"), "DROP TABLE lots;\n").unwrap();
    if let Some(metadata) = metadata {
        fs::write(dir.join("metadata.toml"), metadata).unwrap();
    }
    dir
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

fn lint(path: &Path) -> Vec<Finding> {
    lint_path(path, Dialect::Postgres, &Options::default()).unwrap()
}

const CONCURRENT: &str = "CREATE INDEX CONCURRENTLY idx_lots_code ON lots (lot_code);\n";

#[test]
fn metadata_says_whether_a_migration_runs_in_a_transaction() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let outside = migration(
        root.path(),
        "01_outside",
        CONCURRENT,
        Some("run_in_transaction = false\n"),
    );
    assert_eq!(rules(&lint(&outside)), Vec::<&str>::new());
    let inside = migration(
        root.path(),
        "02_inside",
        CONCURRENT,
        Some("run_in_transaction = true\n"),
    );
    assert_eq!(rules(&lint(&inside)), ["refused-in-transaction"]);
    // diesel's default, without metadata.toml or without the key.
    let default = migration(root.path(), "03_default", CONCURRENT, None);
    assert_eq!(rules(&lint(&default)), ["refused-in-transaction"]);
    let no_key = migration(
        root.path(),
        "04_no_key",
        CONCURRENT,
        Some("[tablewright]\ndraft = true\n"),
    );
    assert_eq!(rules(&lint(&no_key)), ["refused-in-transaction"]);
    // The up.sql file alone reads its folder's metadata too.
    assert_eq!(rules(&lint(&outside.join("up.sql"))), Vec::<&str>::new());
}

#[test]
fn a_folder_is_linted_in_order_and_each_migration_knows_the_earlier_ones() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    migration(
        root.path(),
        "20260101000000_create_lots",
        "CREATE TABLE lots (lot_id uuid PRIMARY KEY, location_id uuid, lot_code text);\nCREATE INDEX idx_lots_location_id ON lots (location_id);\n",
        None,
    );
    // lots exists now: altering it locks a table in use, and the foreign key's index is known.
    migration(
        root.path(),
        "20260102000000_reference_locations",
        "ALTER TABLE lots ADD CONSTRAINT lots_location_id_fkey FOREIGN KEY (location_id) REFERENCES storage_locations (location_id) ON DELETE RESTRICT NOT VALID;\n",
        None,
    );
    let findings = lint(root.path());
    assert_eq!(rules(&findings), ["missing-lock-timeout"]);
    let file = findings[0].file.as_ref().unwrap();
    assert!(
        file.ends_with("20260102000000_reference_locations/up.sql"),
        "{}",
        file.display()
    );
}

#[test]
fn an_index_built_concurrently_by_a_later_migration_counts() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    migration(
        root.path(),
        "01_create",
        "CREATE TABLE lots (lot_id uuid PRIMARY KEY, location_id uuid REFERENCES storage_locations (location_id) ON DELETE RESTRICT);\n",
        None,
    );
    migration(
        root.path(),
        "02_index",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_lots_location_id ON lots (location_id);\n",
        Some("run_in_transaction = false\n"),
    );
    assert_eq!(rules(&lint(root.path())), Vec::<&str>::new());
    // Linted alone, the first migration is followed by the ones after it in its folder.
    assert_eq!(rules(&lint(&root.path().join("01_create"))), Vec::<&str>::new());
}

#[test]
fn sql_files_in_a_folder_are_migrations_too() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(
        root.path().join("002_drop.sql"),
        "SET LOCAL lock_timeout = '5s';\nDROP TABLE scratch;\n",
    )
    .unwrap();
    fs::write(
        root.path().join("001_create.sql"),
        "CREATE TABLE scratch (id int PRIMARY KEY);\n",
    )
    .unwrap();
    fs::write(root.path().join("notes.txt"), "not SQL").unwrap();
    let findings = lint(root.path());
    assert_eq!(rules(&findings), ["drop-table"]);
    assert!(findings[0].file.as_ref().unwrap().ends_with("002_drop.sql"));
}

#[test]
fn down_migrations_are_linted_on_request() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = migration(
        root.path(),
        "01_create",
        "CREATE TABLE lots (lot_id uuid PRIMARY KEY);\n",
        None,
    );
    assert_eq!(rules(&lint(&dir)), Vec::<&str>::new());
    let options = Options {
        include_down: true,
        ..Options::default()
    };
    let findings = lint_path(&dir, Dialect::Postgres, &options).unwrap();
    assert_eq!(rules(&findings), ["drop-table", "missing-lock-timeout"]);
    assert!(findings.iter().all(|f| f.file.as_ref().unwrap().ends_with("down.sql")));
}

#[test]
fn errors_name_the_path() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let missing = root.path().join("nowhere");
    assert!(matches!(
        lint_path(&missing, Dialect::Postgres, &Options::default()),
        Err(Error::Read { .. })
    ));
    let empty = root.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let error = lint_path(&empty, Dialect::Postgres, &Options::default()).unwrap_err();
    assert!(matches!(error, Error::NotMigrations { .. }));
    assert!(error
        .to_string()
        .ends_with("is not a .sql file, a migration folder (with up.sql) or a folder of migrations"));
    let bad = migration(
        root.path(),
        "01_bad",
        "SELECT 1;\n",
        Some("run_in_transaction = \"no\"\n"),
    );
    let error = lint_path(&bad, Dialect::Postgres, &Options::default()).unwrap_err();
    assert!(matches!(error, Error::Metadata { .. }));
    assert!(
        error
            .to_string()
            .contains("run_in_transaction must be true or false, not \"no\""),
        "{error}"
    );
}

/// In a generated migration the schema's `tenant` declaration, not the column's name, says which
/// tables are tenant tables; a hand-written one goes by the column.
#[test]
fn a_generated_migration_declares_its_tenant_tables() {
    use tablewright_core::migrations::{Snapshot, SNAPSHOT_FILE};
    use tablewright_core::model::Schema;

    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let up = "CREATE TABLE \"notes\" (\"id\" bigint PRIMARY KEY, \"tenant_id\" uuid NOT NULL);\n";
    // Hand-written, in a project that isolates tenants with row-level security (bins).
    let condition = "\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid";
    let hand_up = format!(
        "{up}CREATE TABLE \"bins\" (\"id\" bigint PRIMARY KEY, \"tenant_id\" uuid NOT NULL);\nALTER TABLE \"bins\" ENABLE ROW LEVEL SECURITY;\nALTER TABLE \"bins\" FORCE ROW LEVEL SECURITY;\nCREATE POLICY \"bins_tenant_isolation\" ON \"bins\" USING ({condition}) WITH CHECK ({condition});\n"
    );
    let hand_written = migration(root.path(), "01_notes", &hand_up, None);
    assert_eq!(rules(&lint(&hand_written)), ["tenant-without-forced-rls"]);

    let yaml = "table: notes\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: uuid\n";
    let (tables, problems) = tablewright_core::source::yaml::parse_str(yaml, None);
    assert!(problems.is_empty());
    let generated = migration(root.path(), "02_notes", up, None);
    let snapshot = Snapshot::new(
        Dialect::Postgres,
        Schema {
            tables,
            ..Default::default()
        },
    );
    fs::write(generated.join(SNAPSHOT_FILE), snapshot.to_json()).unwrap();
    assert_eq!(rules(&lint(&generated)), Vec::<&str>::new());
    assert_eq!(rules(&lint(&generated.join("up.sql"))), Vec::<&str>::new());

    // Declared a tenant table, it must be isolated.
    let tenant_yaml = yaml.replace("columns:", "tenant: tenant_id\ncolumns:");
    let (tables, _) = tablewright_core::source::yaml::parse_str(&tenant_yaml, None);
    fs::write(
        generated.join(SNAPSHOT_FILE),
        Snapshot::new(
            Dialect::Postgres,
            Schema {
                tables,
                ..Default::default()
            },
        )
        .to_json(),
    )
    .unwrap();
    assert_eq!(rules(&lint(&generated)), ["tenant-without-forced-rls"]);
}

/// MySQL's MODIFY COLUMN restates the type: a later restatement of the same column is compared
/// with it, not with the type before the first one.
#[test]
fn a_restated_column_is_compared_with_its_last_type() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    migration(
        root.path(),
        "01_create",
        "CREATE TABLE items (id BIGINT PRIMARY KEY, note VARCHAR(40) NULL);\n",
        None,
    );
    migration(
        root.path(),
        "02_change",
        "SET SESSION lock_wait_timeout = 5;\n\
         -- tablewright-lint: ignore changing-column-type (declared)\n\
         ALTER TABLE items MODIFY COLUMN note VARCHAR(30) NULL, ALGORITHM=COPY, LOCK=SHARED;\n\
         ALTER TABLE items MODIFY COLUMN note VARCHAR(30) NOT NULL DEFAULT '-';\n",
        None,
    );
    let findings = lint_path(root.path(), Dialect::Mysql, &Options::default()).unwrap();
    assert_eq!(rules(&findings), Vec::<&str>::new(), "{findings:#?}");
}

/// `start_after`: older migrations are read (their tables exist) but not reported.
#[test]
fn migrations_up_to_start_after_are_read_not_reported() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    migration(
        root.path(),
        "2020-01-01-000000_create",
        "SET LOCAL lock_timeout = '5s';\nCREATE TABLE lots (lot_id bigint PRIMARY KEY);\nDROP TABLE legacy;\n",
        None,
    );
    migration(
        root.path(),
        "2021-01-01-000000_more",
        "SET LOCAL lock_timeout = '5s';\nDROP TABLE lots;\n",
        None,
    );
    let all = lint_path(root.path(), Dialect::Postgres, &Options::default()).unwrap();
    assert_eq!(rules(&all), ["drop-table", "drop-table"]);
    let options = Options {
        start_after: Some("20200101000000".to_string()),
        ..Options::default()
    };
    let later = lint_path(root.path(), Dialect::Postgres, &options).unwrap();
    assert_eq!(rules(&later), ["drop-table"]);
    assert!(later[0].file.as_ref().unwrap().to_string_lossy().contains("2021-01-01"));
}

/// Linting one migration folder, the index the next migration of its parent folder builds still
/// serves its foreign key (concurrently or not: it is that migration's own finding).
#[test]
fn one_migration_sees_the_index_the_next_one_builds() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let first = migration(
        root.path(),
        "2020-01-01-000001_kids",
        "CREATE TABLE parents (id bigint PRIMARY KEY);\nCREATE TABLE kids (id bigint PRIMARY KEY, parent_id bigint REFERENCES parents (id) ON DELETE CASCADE);\n",
        None,
    );
    let alone = lint_path(&first, Dialect::Postgres, &Options::default()).unwrap();
    assert_eq!(rules(&alone), ["unindexed-foreign-key"]);
    migration(
        root.path(),
        "2020-01-01-000002_index",
        "SET LOCAL lock_timeout = '5s';\nCREATE INDEX idx_kids_parent_id ON kids (parent_id);\n",
        None,
    );
    assert!(lint_path(&first, Dialect::Postgres, &Options::default())
        .unwrap()
        .is_empty());
    assert!(lint_path(&first.join("up.sql"), Dialect::Postgres, &Options::default())
        .unwrap()
        .is_empty());
}

/// What `generate` and the build script lint: the new migrations only, the earlier ones read for
/// what they made. The findings are the ones `lint_path` reports for those migrations, with
/// the history's context kept: a table from an earlier migration is an existing table, a
/// function it defined without a volatility marker is volatile, its index serves a foreign key.
#[test]
fn new_migrations_are_linted_on_top_of_the_history_they_follow() {
    use tablewright_lint::lint_new_migrations;
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let old = migration(
        root.path(),
        "2024-01-01-000000_old",
        "CREATE TABLE lots (lot_id bigint PRIMARY KEY, lot_code text);\nCREATE FUNCTION short_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;\nDROP TABLE lots_draft;\n",
        None,
    );
    migration(
        root.path(),
        "2024-01-02-000000_bins",
        "CREATE TABLE bins (bin_id bigint PRIMARY KEY, lot_id bigint REFERENCES lots (lot_id) ON DELETE RESTRICT);\nCREATE INDEX idx_bins_lot_id ON bins (lot_id);\n",
        None,
    );
    let new = migration(
        root.path(),
        "2024-02-01-000000_new",
        "SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN short text DEFAULT short_code();\nALTER TABLE bins DROP COLUMN lot_id;\n",
        None,
    );
    let found = lint_new_migrations(root.path(), &new, Dialect::Postgres, &Options::default()).unwrap();
    assert_eq!(rules(&found), ["adding-volatile-default", "drop-column"]);
    assert!(found
        .iter()
        .all(|f| f.file.as_deref() == Some(new.join("up.sql").as_path())));
    let all = lint(root.path());
    let later: Vec<&Finding> = all
        .iter()
        .filter(|f| f.file.as_deref() != Some(old.join("up.sql").as_path()))
        .collect();
    assert_eq!(
        found.iter().collect::<Vec<_>>(),
        later,
        "the same findings as lint_path's"
    );
    assert_eq!(
        rules(&all)[0],
        "drop-table",
        "the history has its own, not reported for a new migration"
    );
}
