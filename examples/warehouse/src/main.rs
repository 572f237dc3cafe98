//! The warehouse example: `DATABASE_URL=postgres://... cargo run -p warehouse`.
//!
//! Applies the migrations generated from `schemas/` (embedded in this binary), then acts as an
//! ordinary application role: it stores locations and lots for two tenants and shows that each
//! tenant reads only its own rows, because the tables carry row-level security.

mod schema;

use bigdecimal::BigDecimal;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use schema::{lots, storage_locations};
use tablewright::{embed_migrations, include_schema, with_tenant, Migrations, Migrator};
use uuid::Uuid;

const MIGRATIONS: Migrations = embed_migrations!("../../migrations");

/// Stands in for the main system team's migrations (seed 000): our schema only declares
/// `systems`, `documents` and `document_chunks` and checks they exist; it never creates them.
const SHARED_TABLES_STAND_IN: &str = "
CREATE TABLE IF NOT EXISTS systems (asset_uid varchar(64) PRIMARY KEY, description text, manufacturer_norm text,
    model_norm text, system_norm text, subsystem_norm text);
CREATE TABLE IF NOT EXISTS documents (doc_id uuid PRIMARY KEY, asset_uid varchar(64), storage_path text NOT NULL,
    manufacturer text, model text);
CREATE TABLE IF NOT EXISTS document_chunks (chunk_id uuid PRIMARY KEY, doc_id uuid NOT NULL, text text NOT NULL,
    metadata jsonb, chunk_index integer NOT NULL);";

#[derive(Insertable)]
#[diesel(table_name = storage_locations)]
struct NewLocation<'a> {
    tenant_id: Uuid,
    location_code: &'a str,
    location_name: &'a str,
    location_type: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = lots)]
struct NewLot<'a> {
    tenant_id: Uuid,
    lot_code: &'a str,
    material_id: Uuid,
    location_id: Option<Uuid>,
    quantity: BigDecimal,
    expiration_date: Option<chrono::NaiveDate>,
    attributes: serde_json::Value,
}

#[derive(Queryable, Debug)]
struct LotRow {
    lot_code: String,
    quality_status: String,
    quantity: BigDecimal,
    location_code: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")
        .map_err(|_| "set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/warehouse")?;
    let mut conn = PgConnection::establish(&url)?;
    conn.batch_execute(SHARED_TABLES_STAND_IN)?;

    // Safe when many replicas start at once (advisory lock), refuses edited migrations, and
    // checks that the shared tables have the columns declared in schemas/shared.yaml.
    let report = Migrator::new(&MIGRATIONS)
        .expect_schema(include_schema!())
        .run::<PgConnection>(&url)?;
    println!("{} migration(s) applied", report.applied.len());

    // Row-level security does not apply to superusers: serve requests as an ordinary role.
    let role = std::env::var("WAREHOUSE_APP_ROLE").unwrap_or_else(|_| "warehouse_app".into());
    conn.batch_execute(&format!(
        "DO $$ BEGIN CREATE ROLE \"{role}\" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\";
         SET ROLE \"{role}\";"
    ))?;

    let tenants = [("Acme", Uuid::new_v4()), ("Globex", Uuid::new_v4())];
    for (name, tenant) in tenants {
        with_tenant(&mut conn, tenant, |conn| -> QueryResult<()> {
            let warehouse: Uuid = diesel::insert_into(storage_locations::table)
                .values(NewLocation {
                    tenant_id: tenant,
                    location_code: "WH-01",
                    location_name: &format!("{name} main"),
                    location_type: "WAREHOUSE",
                })
                .returning(storage_locations::location_id)
                .get_result(conn)?;
            let expiry = chrono::Local::now().date_naive() + chrono::Days::new(90);
            diesel::insert_into(lots::table)
                .values(&[
                    NewLot {
                        tenant_id: tenant,
                        lot_code: "L-1001",
                        material_id: Uuid::new_v4(),
                        location_id: Some(warehouse),
                        quantity: BigDecimal::from(250),
                        expiration_date: Some(expiry),
                        attributes: serde_json::json!({"color": "blue"}),
                    },
                    NewLot {
                        tenant_id: tenant,
                        lot_code: "L-1002",
                        material_id: Uuid::new_v4(),
                        location_id: None,
                        quantity: BigDecimal::from(12),
                        expiration_date: None,
                        attributes: serde_json::json!({}),
                    },
                ])
                .execute(conn)?;
            Ok(())
        })?;
    }

    for (name, tenant) in tenants {
        let rows: Vec<LotRow> = with_tenant(&mut conn, tenant, |conn| {
            lots::table
                .left_join(storage_locations::table)
                .select((
                    lots::lot_code,
                    lots::quality_status,
                    lots::quantity,
                    storage_locations::location_code.nullable(),
                ))
                .order(lots::lot_code)
                .load(conn)
        })?;
        println!("{name} sees {} lot(s):", rows.len());
        for row in rows {
            println!(
                "  {} [{}] qty {} at {}",
                row.lot_code,
                row.quality_status,
                row.quantity,
                row.location_code.as_deref().unwrap_or("(in transit)")
            );
        }
    }
    // Without a tenant, nothing is visible: the policy fails closed.
    let unscoped: i64 = conn.transaction(|conn| lots::table.count().get_result(conn))?;
    println!("no tenant set: {unscoped} lot(s) visible");
    Ok(())
}
