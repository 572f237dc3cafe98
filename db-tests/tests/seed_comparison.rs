//! The field notes' hand-written `storage_locations` migration on one PostgreSQL database, the
//! migration generated from `schemas/storage_locations.yaml` on another: their catalogs are
//! identical except for the deliberate improvements listed in docs/seed-comparison.md, which this
//! test pins line by line.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::{plan, render};
use tablewright_db_tests::{fixture, load_schema, repo_root, ServerDatabase};

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// Everything PostgreSQL knows about the schema's objects, one canonical line each.
const FINGERPRINT: &[&str] = &[
    "SELECT format('column %s.%s %s%s default %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, coalesce(pg_get_expr(d.adbin, d.adrelid), '-')) AS line
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
    "SELECT format('constraint %s.%s %s', c.relname, con.conname, pg_get_constraintdef(con.oid)) AS line
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema()",
    "SELECT format('index %s', pg_get_indexdef(i.indexrelid)) AS line
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema()",
    "SELECT format('trigger %s', pg_get_triggerdef(t.oid)) AS line FROM pg_trigger t WHERE NOT t.tgisinternal",
    "SELECT format('function %s', p.proname) AS line FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema()",
    "SELECT format('row level security %s enabled=%s forced=%s', relname, relrowsecurity, relforcerowsecurity) AS line
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
    "SELECT format('policy %s.%s %s %s using (%s) with check (%s)', tablename, policyname, permissive, cmd,
                   coalesce(qual, '-'), coalesce(with_check, '-')) AS line FROM pg_policies",
    "SELECT format('comment %s %s', coalesce(c.relname || '.' || a.attname, c.relname), d.description) AS line
     FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()",
];

fn fingerprint(url: &str, sql: &str) -> BTreeSet<String> {
    let mut conn = PgConnection::establish(url).unwrap();
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("applying migration: {e}"));
    FINGERPRINT
        .iter()
        .flat_map(|query| diesel::sql_query(*query).load::<Line>(&mut conn).unwrap())
        .map(|l| l.line)
        .collect()
}

#[test]
fn generated_storage_locations_matches_the_hand_written_one() {
    let (Some(seed_db), Some(generated_db)) = (ServerDatabase::postgres(), ServerDatabase::postgres()) else {
        return;
    };
    let seed_sql = std::fs::read_to_string(fixture("seed/storage_locations_up.sql")).unwrap();
    let schema = load_schema(&[repo_root().join("schemas")], Dialect::Postgres);
    let only = Schema {
        tables: vec![schema.table("storage_locations").unwrap().clone()],
        ..Default::default()
    };
    let generated_sql = render::render(
        &plan::plan(&Schema::default(), &only, Dialect::Postgres).unwrap(),
        Dialect::Postgres,
    )
    .remove(0)
    .up;

    let seed = fingerprint(&seed_db.url, &seed_sql);
    let generated = fingerprint(&generated_db.url, &generated_sql);
    let only_seed: Vec<&String> = seed.difference(&generated).collect();
    let only_generated: Vec<&String> = generated.difference(&seed).collect();

    // The deliberate improvements (docs/seed-comparison.md). Anything else is a regression.
    let expected_only_seed = [
        // 1. The tenant index is dropped: the unique (tenant_id, location_code) and the composite
        //    (tenant_id, location_type, zone) both lead with tenant_id and serve the same queries.
        "index CREATE INDEX idx_storage_locations_tenant_id ON public.storage_locations USING btree (tenant_id)",
        // 2. A trigger function per table instead of a shared one, so dropping one table's
        //    migration never breaks another table's trigger, and down leaves no function behind.
        "function update_updated_at_column",
        "trigger CREATE TRIGGER storage_locations_updated_at BEFORE UPDATE ON public.storage_locations FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()",
        // 3. Row-level security is forced, so the table owner is isolated too.
        "row level security storage_locations enabled=t forced=f",
        // 4. The policy fails closed: an unset or empty tenant sees no rows (instead of an error),
        //    and WITH CHECK stops writing rows of another tenant.
        "policy storage_locations.storage_locations_tenant_isolation PERMISSIVE ALL using ((tenant_id = (current_setting('app.current_tenant_id'::text))::uuid)) with check (-)",
    ];
    let expected_only_generated = [
        "function storage_locations_set_updated_at",
        "trigger CREATE TRIGGER storage_locations_updated_at BEFORE UPDATE ON public.storage_locations FOR EACH ROW EXECUTE FUNCTION storage_locations_set_updated_at()",
        "row level security storage_locations enabled=t forced=t",
        "policy storage_locations.storage_locations_tenant_isolation PERMISSIVE ALL using ((tenant_id = (NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))::uuid)) with check ((tenant_id = (NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))::uuid))",
    ];
    assert_eq!(
        only_seed,
        expected_only_seed
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "only in the hand-written schema"
    );
    assert_eq!(
        only_generated,
        expected_only_generated
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>(),
        "only in the generated schema"
    );
    // And the bulk really was compared.
    assert!(
        seed.intersection(&generated).count() >= 30,
        "{} lines in common",
        seed.intersection(&generated).count()
    );
}
