//! `tablewright docs` and `tablewright types`: the pages and types of a schema, checked by the
//! tools that read them (Mermaid's own parser, the TypeScript compiler), and their `--check`.

mod common;

use std::path::Path;
use std::process::Command;

use common::Project;

fn project() -> Project {
    Project::new("outputs")
}

#[test]
fn docs_pages_are_deterministic_and_checked() {
    let project = project();
    // Before the first `docs`, the check says the pages were never written.
    project
        .run(None, &["docs", "--dialect", "postgres", "--check"])
        .expect(1)
        .assert_contains("there are no schema docs in docs/schema/ yet")
        .assert_contains("run `tablewright docs --out docs/schema`");
    project.run(None, &["docs", "--dialect", "postgres"]).expect(0);
    let dir = project.path().join("docs/schema");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    insta::assert_snapshot!("docs_summary", read("README.md"));
    insta::assert_snapshot!("docs_accounts", read("accounts.md"));
    insta::assert_snapshot!("docs_orders", read("orders.md"));

    // Written again: nothing changes, and the check passes.
    project
        .run(None, &["docs", "--dialect", "postgres"])
        .expect(0)
        .assert_contains("(0 changed, 0 removed)");
    project
        .run(None, &["docs", "--dialect", "postgres", "--check"])
        .expect(0)
        .assert_contains("up to date");

    // A schema edit makes the committed pages stale: the check names them and writes nothing.
    let orders = project.path().join("schemas/orders.yaml");
    let text = std::fs::read_to_string(&orders).unwrap();
    std::fs::write(&orders, text.replace("  note: { type: text, nullable: true }\n", "")).unwrap();
    let before = read("orders.md");
    project
        .run(None, &["docs", "--dialect", "postgres", "--check"])
        .expect(1)
        .assert_contains("are stale: README.md, orders.md")
        .assert_contains("run `tablewright docs --out docs/schema`");
    assert_eq!(read("orders.md"), before, "--check writes nothing");

    // A table that left the schema leaves a page behind: stale too, and removed when written.
    std::fs::remove_file(project.path().join("schemas/profiles.yaml")).unwrap();
    project
        .run(None, &["docs", "--dialect", "postgres", "--check"])
        .expect(1)
        .assert_contains("profiles.md (no such table)");
    project
        .run(None, &["docs", "--dialect", "postgres"])
        .expect(0)
        .assert_contains("1 removed");
    assert!(!dir.join("profiles.md").exists());
}

#[test]
fn docs_diagrams_parse_with_mermaid() {
    let Some(tools) = tablewright_db_tests::node_tools() else {
        return;
    };
    let project = project();
    project.run(None, &["docs", "--dialect", "postgres"]).expect(0);
    // The repository's warehouse schemas too: external tables, tenants, comments with quotes.
    let warehouse = project.path().join("warehouse-docs");
    let schemas = tablewright_db_tests::repo_root().join("schemas");
    project
        .run(
            None,
            &[
                "docs",
                "--dialect",
                "postgres",
                "--schemas",
                schemas.to_str().unwrap(),
                "--out",
                warehouse.to_str().unwrap(),
            ],
        )
        .expect(0);
    let summaries = [
        project.path().join("docs/schema/README.md"),
        warehouse.join("README.md"),
    ];
    let output = node(&tools, "parse-mermaid.mjs", &summaries);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(text(&output).matches(": er").count(), 2, "{}", text(&output));

    // The parser does refuse a broken diagram, so the check above can fail.
    let broken = project.path().join("broken.md");
    std::fs::write(&broken, "```mermaid\nerDiagram\n    a numeric(12,2) {\n    }\n```\n").unwrap();
    let output = node(&tools, "parse-mermaid.mjs", &[broken]);
    assert!(!output.status.success(), "{}", text(&output));
}

#[test]
fn typescript_types_compile_and_refuse_wrong_rows() {
    let project = project();
    let out = project
        .run(None, &["types", "--lang", "typescript", "--dialect", "postgres"])
        .expect(0);
    insta::assert_snapshot!("typescript_default", out.stdout);
    let options = [
        "types",
        "--lang",
        "typescript",
        "--dialect",
        "postgres",
        "--bigint",
        "string",
        "--camel-case",
        "--json-type",
        "JsonValue",
        "--preamble",
        "import type { JsonValue } from \"./json\";",
    ];
    insta::assert_snapshot!("typescript_options", project.run(None, &options).expect(0).stdout);
    // `types --out web/db.ts`, and with `--check`.
    let check = [
        "types",
        "--lang",
        "typescript",
        "--dialect",
        "postgres",
        "--out",
        "web/db.ts",
        "--check",
    ];
    let write = &check[..check.len() - 1];
    // Before the first `types --out`, the check says the file was never written.
    project
        .run(None, &check)
        .expect(1)
        .assert_contains("there are no schema types at web/db.ts yet")
        .assert_contains("help: run `tablewright types --lang typescript --out web/db.ts`");

    let Some(tools) = tablewright_db_tests::node_tools() else {
        return;
    };
    let src = project.path().join("web");
    std::fs::create_dir_all(&src).unwrap();
    project.run(None, write).expect(0);
    std::fs::write(
        src.join("good.ts"),
        r#"import type { AccountsInsert, AccountsPlan, AccountsRow, OrdersInsert } from "./db";
const plan: AccountsPlan = "it's \"odd\"";
export const row: AccountsRow = {
  id: 1, email: "a@example.com", plan, balance: "10.50", visits: 3, score: null, settings: { a: 1 },
  avatar: [1, 2], external_id: "6f1c", is_active: true, born_on: null,
  created_at: "2026-12-04T10:00:00Z", updated_at: "2026-12-04T10:00:00Z",
};
// Only what the database cannot fill in is required.
export const account: AccountsInsert = { email: "b@example.com" };
export const order: OrdersInsert = { tenant_id: "t", account_id: 1, total: "0", note: null };
"#,
    )
    .unwrap();
    let good = tsc(&tools, &src, &["good.ts"]);
    assert!(good.status.success(), "tsc refused good.ts:\n{}", text(&good));

    std::fs::write(
        src.join("bad.ts"),
        r#"import type { AccountsInsert, AccountsRow, OrdersInsert } from "./db";
export const missing: AccountsInsert = {};
export const value: OrdersInsert = { tenant_id: "t", account_id: 1, total: "0", status: "lost" };
export const nulls: Pick<AccountsRow, "email"> = { email: null };
"#,
    )
    .unwrap();
    let bad = tsc(&tools, &src, &["bad.ts"]);
    let said = text(&bad);
    assert!(!bad.status.success(), "tsc accepted bad.ts");
    for (line, what) in [
        (2, "Property 'email' is missing"),
        (3, "Type '\"lost\"' is not assignable to type 'OrdersStatus"),
        (4, "Type 'null' is not assignable to type 'string'"),
    ] {
        assert!(
            said.contains(&format!("bad.ts({line},")) && said.contains(what),
            "{what}:\n{said}"
        );
    }
    assert_eq!(said.matches("error TS").count(), 3, "{said}");

    // --check: up to date, then stale after a schema edit.
    project.run(None, &check).expect(0);
    let accounts = project.path().join("schemas/accounts.yaml");
    let text = std::fs::read_to_string(&accounts).unwrap();
    std::fs::write(&accounts, text.replace("  visits: { type: integer, default: 0 }\n", "")).unwrap();
    project
        .run(None, &check)
        .expect(1)
        .assert_contains("web/db.ts is stale");
}

fn tsc(tools: &Path, dir: &Path, files: &[&str]) -> std::process::Output {
    Command::new("node")
        .arg(tools.join("node_modules/typescript/bin/tsc"))
        .args([
            "--strict",
            "--noEmit",
            "--target",
            "es2020",
            "--module",
            "es2020",
            "--moduleResolution",
            "bundler",
        ])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("node runs (install Node.js)")
}

/// Runs one of `.ci/node`'s scripts, copied next to the tools' `node_modules` it imports.
fn node(tools: &Path, script: &str, args: &[std::path::PathBuf]) -> std::process::Output {
    let source = tablewright_db_tests::repo_root().join(".ci/node").join(script);
    std::fs::copy(&source, tools.join(script)).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    Command::new("node")
        .arg(tools.join(script))
        .args(args)
        .output()
        .expect("node runs (install Node.js)")
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
