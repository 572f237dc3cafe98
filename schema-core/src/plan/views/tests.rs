use crate::dialect::Dialect;
use crate::model::Schema;
use crate::plan::{plan, UnitKind};
use crate::render::render;
use crate::source::yaml::parse_schema_str;

const LOTS: &str =
    "table: lots\ncolumns:\n  id: { type: bigserial, primary_key: true }\n  site_id: bigint\n  qty: integer\n";
const SITES: &str = "table: sites\ncolumns:\n  id: { type: bigserial, primary_key: true }\n  name: varchar(50)\n";
const STOCK: &str =
    "view: site_stock\nquery: |\n  SELECT s.id, s.name, l.qty\n  FROM sites s JOIN lots l ON l.site_id = s.id\n";
const TOTALS: &str = "view: site_totals\nmaterialized: true\ncomment: per site\nquery: SELECT id, sum(qty) AS qty FROM site_stock GROUP BY id\nindexes:\n  - { columns: [id], unique: true }\n";

fn schema(documents: &[&str], dialect: Dialect) -> Schema {
    let (mut schema, problems) = parse_schema_str(&documents.join("---\n"), None);
    assert!(problems.is_empty(), "{problems:?}");
    let problems = crate::check::check_schema(&schema, dialect);
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    schema.resolve_references();
    schema
}

/// Every migration's up and down, in order.
fn sql(old: &[&str], new: &[&str], dialect: Dialect) -> Vec<(String, String)> {
    let (old, new) = (schema(old, dialect), schema(new, dialect));
    let plan = plan(&old, &new, dialect).unwrap_or_else(|e| panic!("{e:?}"));
    render(&plan, dialect).into_iter().map(|m| (m.up, m.down)).collect()
}

fn at(text: &str, what: &str) -> usize {
    text.find(what).unwrap_or_else(|| panic!("no `{what}` in\n{text}"))
}

#[test]
fn views_are_created_after_what_they_read_and_dropped_before() {
    let migrations = sql(&[], &[LOTS, SITES, TOTALS, STOCK], Dialect::Postgres);
    let (up, down) = &migrations[0];
    let view = at(
        up,
        "CREATE VIEW \"site_stock\" AS\nSELECT s.id, s.name, l.qty\nFROM sites s JOIN lots l ON l.site_id = s.id;",
    );
    assert!(view > at(up, "CREATE TABLE \"lots\"") && view > at(up, "CREATE TABLE \"sites\""));
    let totals = at(
        up,
        "CREATE MATERIALIZED VIEW \"site_totals\" AS\nSELECT id, sum(qty) AS qty FROM site_stock GROUP BY id;",
    );
    assert!(totals > view, "the view it reads first:\n{up}");
    assert!(
        at(
            up,
            "CREATE UNIQUE INDEX \"idx_site_totals_id\" ON \"site_totals\" (\"id\")"
        ) > totals
    );
    at(up, "COMMENT ON MATERIALIZED VIEW \"site_totals\" IS 'per site'");
    assert!(at(down, "DROP MATERIALIZED VIEW \"site_totals\"") < at(down, "DROP VIEW \"site_stock\""));
    assert!(
        at(down, "DROP VIEW \"site_stock\"") < at(down, "DROP TABLE \"lots\""),
        "{down}"
    );
    assert!(
        !down.contains("DROP INDEX"),
        "the view takes its index with it:\n{down}"
    );

    let sqlite = sql(&[], &[LOTS, SITES, STOCK], Dialect::Sqlite);
    at(&sqlite[0].0, "CREATE VIEW \"site_stock\" AS\nSELECT s.id");
    let mysql = sql(&[], &[LOTS, SITES, STOCK], Dialect::Mysql);
    at(&mysql[0].0, "CREATE VIEW `site_stock` AS\nSELECT s.id");
}

#[test]
fn a_new_query_replaces_the_view_when_its_columns_stay_and_else_creates_it_again() {
    let filtered = STOCK.replace("= s.id\n", "= s.id\n  WHERE l.qty > 0\n");
    let migrations = sql(
        &[LOTS, SITES, STOCK, TOTALS],
        &[LOTS, SITES, &filtered, TOTALS],
        Dialect::Postgres,
    );
    assert_eq!(migrations.len(), 1);
    let (up, down) = &migrations[0];
    at(up, "CREATE OR REPLACE VIEW \"site_stock\" AS\nSELECT s.id, s.name, l.qty\nFROM sites s JOIN lots l ON l.site_id = s.id\nWHERE l.qty > 0;");
    assert!(!up.contains("DROP"), "{up}");
    at(down, "CREATE OR REPLACE VIEW \"site_stock\" AS\nSELECT s.id, s.name, l.qty\nFROM sites s JOIN lots l ON l.site_id = s.id;");

    // A column removed (or added, which the down could not take away): dropped and created
    // again, with the materialized view reading it.
    let removed = STOCK.replace("s.name, ", "");
    let migrations = sql(
        &[LOTS, SITES, STOCK, TOTALS],
        &[LOTS, SITES, &removed, TOTALS],
        Dialect::Postgres,
    );
    let (up, down) = &migrations[0];
    assert!(at(up, "DROP MATERIALIZED VIEW \"site_totals\"") < at(up, "DROP VIEW \"site_stock\""));
    let created = at(up, "CREATE VIEW \"site_stock\" AS\nSELECT s.id, l.qty\n");
    assert!(at(up, "CREATE MATERIALIZED VIEW \"site_totals\"") > created, "{up}");
    at(up, "CREATE UNIQUE INDEX \"idx_site_totals_id\" ON \"site_totals\"");
    at(down, "CREATE VIEW \"site_stock\" AS\nSELECT s.id, s.name, l.qty\n");
    assert!(at(down, "CREATE MATERIALIZED VIEW \"site_totals\"") > at(down, "CREATE VIEW \"site_stock\""));

    // SQLite has no CREATE OR REPLACE; MySQL's replaces whatever the columns.
    let sqlite = sql(&[LOTS, SITES, STOCK], &[LOTS, SITES, &removed], Dialect::Sqlite);
    assert!(at(&sqlite[0].0, "DROP VIEW \"site_stock\"") < at(&sqlite[0].0, "CREATE VIEW \"site_stock\""));
    let mysql = sql(&[LOTS, SITES, STOCK], &[LOTS, SITES, &removed], Dialect::Mysql);
    at(
        &mysql[0].0,
        "CREATE OR REPLACE VIEW `site_stock` AS\nSELECT s.id, l.qty",
    );
}

#[test]
fn a_type_change_drops_the_views_reading_the_table_around_the_swap() {
    let widened = LOTS.replace("qty: integer", "qty: bigint");
    let (old, new) = (
        schema(&[LOTS, SITES, STOCK, TOTALS], Dialect::Postgres),
        schema(&[&widened, SITES, STOCK, TOTALS], Dialect::Postgres),
    );
    let plan = plan(&old, &new, Dialect::Postgres).unwrap();
    let rendered = render(&plan, Dialect::Postgres);
    let swap = plan
        .units
        .iter()
        .position(|u| u.kind == UnitKind::Swap)
        .expect("a swap");
    let (up, down) = (&rendered[swap].up, &rendered[swap].down);
    let drop_totals = at(up, "DROP MATERIALIZED VIEW \"site_totals\"");
    assert!(drop_totals < at(up, "DROP VIEW \"site_stock\""));
    assert!(
        at(up, "DROP VIEW \"site_stock\"") < at(up, "ALTER TABLE \"lots\""),
        "{up}"
    );
    let again = at(up, "CREATE VIEW \"site_stock\"");
    assert!(again > at(up, "ALTER TABLE \"lots\"") && at(up, "CREATE MATERIALIZED VIEW \"site_totals\"") > again);
    assert!(
        at(down, "DROP VIEW \"site_stock\"") < at(down, "ALTER TABLE \"lots\""),
        "{down}"
    );
    assert!(
        at(down, "CREATE VIEW \"site_stock\"") > at(down, "ALTER TABLE \"lots\""),
        "{down}"
    );
    assert!(
        !rendered[0].up.contains("VIEW"),
        "the main migration leaves the views:\n{}",
        rendered[0].up
    );

    // SQLite rebuilds the table in the main migration: the views around it there.
    let sqlite = sql(&[LOTS, SITES, STOCK], &[&widened, SITES, STOCK], Dialect::Sqlite);
    let up = &sqlite[0].0;
    assert!(
        at(up, "DROP VIEW \"site_stock\"") < at(up, "DROP TABLE \"lots\""),
        "{up}"
    );
    assert!(
        at(up, "CREATE VIEW \"site_stock\"") > at(up, "RENAME TO \"lots\""),
        "{up}"
    );
}

#[test]
fn a_renamed_view_is_renamed_in_place() {
    let renamed = STOCK.replace("view: site_stock\n", "view: stock_by_site\nrenamed_from: site_stock\n");
    let totals = TOTALS.replace("FROM site_stock", "FROM stock_by_site");
    let migrations = sql(
        &[LOTS, SITES, STOCK, TOTALS],
        &[LOTS, SITES, &renamed, &totals],
        Dialect::Postgres,
    );
    let (up, down) = &migrations[0];
    at(up, "ALTER VIEW \"site_stock\" RENAME TO \"stock_by_site\"");
    at(down, "ALTER VIEW \"stock_by_site\" RENAME TO \"site_stock\"");
    assert!(!up.contains("DROP VIEW"), "{up}");

    let mysql = sql(&[LOTS, SITES, STOCK], &[LOTS, SITES, &renamed], Dialect::Mysql);
    at(&mysql[0].0, "RENAME TABLE `site_stock` TO `stock_by_site`");
    let sqlite = sql(&[LOTS, SITES, STOCK], &[LOTS, SITES, &renamed], Dialect::Sqlite);
    assert!(at(&sqlite[0].0, "DROP VIEW \"site_stock\"") < at(&sqlite[0].0, "CREATE VIEW \"stock_by_site\""));
}

#[test]
fn a_materialized_view_gains_an_index_and_a_comment_in_place() {
    let more = TOTALS.replace("comment: per site", "comment: stock per site")
        + "  - { name: site_totals_qty, columns: [qty] }\n";
    let migrations = sql(
        &[LOTS, SITES, STOCK, TOTALS],
        &[LOTS, SITES, STOCK, &more],
        Dialect::Postgres,
    );
    let (up, down) = &migrations[0];
    at(up, "CREATE INDEX \"site_totals_qty\" ON \"site_totals\" (\"qty\")");
    at(up, "COMMENT ON MATERIALIZED VIEW \"site_totals\" IS 'stock per site'");
    at(down, "DROP INDEX \"site_totals_qty\"");
    at(down, "COMMENT ON MATERIALIZED VIEW \"site_totals\" IS 'per site'");
    assert!(!up.contains("CREATE MATERIALIZED VIEW"), "{up}");
}

#[test]
fn a_view_calling_a_function_dropped_or_renamed_is_created_again_around_it() {
    let code = "function: lot_code\narguments: [integer]\nreturns: text\nlanguage: sql\nbody: SELECT 'L' || $1\n";
    let coded = "view: lot_codes\nquery: SELECT lot_code(qty) AS code FROM lots\n";
    let varchar = code.replace("returns: text", "returns: varchar");
    let migrations = sql(&[LOTS, code, coded], &[LOTS, &varchar, coded], Dialect::Postgres);
    let up = &migrations[0].0;
    let drop_view = at(up, "DROP VIEW \"lot_codes\"");
    assert!(drop_view < at(up, "DROP FUNCTION \"lot_code\"(integer)"), "{up}");
    assert!(at(up, "CREATE VIEW \"lot_codes\"") > at(up, "CREATE FUNCTION \"lot_code\"(integer) RETURNS varchar"));

    let renamed = code.replace("function: lot_code\n", "function: code_of\nrenamed_from: lot_code\n");
    let calls_renamed = coded.replace("lot_code(", "code_of(");
    let migrations = sql(
        &[LOTS, code, coded],
        &[LOTS, &renamed, &calls_renamed],
        Dialect::Postgres,
    );
    let (up, down) = &migrations[0];
    assert!(at(up, "DROP VIEW \"lot_codes\"") < at(up, "ALTER FUNCTION \"lot_code\"(integer) RENAME TO \"code_of\""));
    at(
        up,
        "CREATE VIEW \"lot_codes\" AS\nSELECT code_of(qty) AS code FROM lots",
    );
    assert!(
        at(down, "CREATE VIEW \"lot_codes\" AS\nSELECT lot_code(qty)") > at(down, "RENAME TO \"lot_code\""),
        "the old query once the old name is back:\n{down}"
    );
}

#[test]
fn a_sql_function_reading_a_view_is_created_after_it() {
    // PostgreSQL checks a SQL function's body when it creates the function: the view it reads
    // must be there. A function a view calls comes before that view, as before.
    let reads = "function: all_stock\nreturns: bigint\nlanguage: sql\nvolatility: stable\nbody: SELECT sum(qty) FROM site_stock\n";
    let called =
        "function: shop_name\nreturns: text\nlanguage: sql\nvolatility: immutable\nbody: SELECT 'shop'::text\n";
    let calls = "view: named_sites\nquery: SELECT id, shop_name() AS shop FROM sites\n";
    let migrations = sql(&[], &[LOTS, SITES, STOCK, reads, called, calls], Dialect::Postgres);
    let (up, down) = &migrations[0];
    let function = at(up, "CREATE FUNCTION \"all_stock\"()");
    assert!(function > at(up, "CREATE VIEW \"site_stock\""), "{up}");
    assert!(
        at(up, "CREATE FUNCTION \"shop_name\"()") < at(up, "CREATE VIEW \"named_sites\""),
        "{up}"
    );
    assert!(
        at(down, "DROP FUNCTION \"all_stock\"()") < at(down, "DROP VIEW \"site_stock\""),
        "{down}"
    );
}
