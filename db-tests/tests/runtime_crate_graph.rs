//! An application links the runtime, not the schema compiler: in the crate graph of the README's
//! application (an outside app, so it has exactly the features its `Cargo.toml` asks for), what
//! is linked into the binary holds none of the compiler's crates, and the compiler is reached only
//! through the proc-macro crate, which runs at compile time.

use tablewright_db_tests::OutsideApp;

/// The schema compiler and what only it uses: the engine, its YAML reader, JSON Schema, Rust
/// parsing and printing, the settings file, suggestions, case conversion, the linter and its SQL
/// parser, and the build script's crate.
const COMPILER: &[&str] = &[
    "tablewright-core",
    "tablewright-lint",
    "tablewright-build",
    "serde_yaml",
    "saphyr-parser",
    "schemars",
    "prettyplease",
    "syn",
    "quote",
    "proc-macro2",
    "strsim",
    "heck",
    "sqlparser",
];

/// `cargo tree` in the app's folder with `args`: one package name per line.
fn tree(app: &OutsideApp, args: &[&str]) -> Vec<String> {
    let mut all = vec!["tree", "--prefix", "none", "--format", "{p}"];
    all.extend_from_slice(args);
    let output = app.cargo(&all).ok();
    output
        .stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_app_links_the_runtime_and_none_of_the_compiler() {
    let app = OutsideApp::from_readme("runtime-graph");

    // What the binary links: normal dependencies, proc macros left out (they run in the compiler).
    let linked = tree(&app, &["-e", "normal,no-proc-macro"]);
    for expected in ["tablewright", "tablewright-runtime-core", "diesel"] {
        assert!(
            linked.iter().any(|p| p == expected),
            "{expected} is not linked: {linked:?}"
        );
    }
    let compiler: Vec<&String> = linked.iter().filter(|p| COMPILER.contains(&p.as_str())).collect();
    assert!(
        compiler.is_empty(),
        "the application links the schema compiler's {compiler:?}; everything it links: {linked:?}"
    );

    // Nor diesel's migration harness and its `metadata.toml` reader: the migrator reads diesel's
    // table itself, and its migrations are embedded, not read from folders at run time.
    let harness: Vec<&String> = linked
        .iter()
        .filter(|p| ["diesel_migrations", "migrations_internals", "migrations_macros", "toml"].contains(&p.as_str()))
        .collect();
    assert!(harness.is_empty(), "the application links {harness:?}: {linked:?}");

    // What every build of the app compiles and a no-op build checks, build script and derive
    // included, holds none of what was cut from it: stack growth for the SQL parser (the
    // engine bounds nesting itself), the SQL parser's visitor derive (the engine reads tokens),
    // sha2 and its crates (hmac-sha256 computes the same digest), tracing (behind
    // `tablewright`'s `tracing` feature), and the readers of the inputs a derive-only app does
    // not have: YAML (saphyr-parser, arraydeque) and CSV seeds (csv, csv-core), behind
    // tablewright-build's `yaml` and `csv` features.
    let built = tree(&app, &["-e", "normal,build"]);
    let cut: Vec<&String> = built
        .iter()
        .filter(|p| {
            [
                "recursive",
                "stacker",
                "psm",
                "sqlparser_derive",
                "sha2",
                "digest",
                "generic-array",
                "typenum",
                "tracing",
                "tracing-core",
                "saphyr-parser",
                "arraydeque",
                "csv",
                "csv-core",
            ]
            .contains(&p.as_str())
        })
        .collect();
    assert!(cut.is_empty(), "the app's build has {cut:?}; everything: {built:?}");

    // Nor does its lock file, which a no-op build reads and resolves package by package, hold
    // what toml's `std` feature resolves without building (its weak `indexmap?/std` and
    // `toml_writer?/std`), nor the readers behind features the app leaves off.
    let lock = app.read("Cargo.lock");
    for resolved_only in [
        "indexmap",
        "hashbrown",
        "equivalent",
        "toml_writer",
        "saphyr-parser",
        "arraydeque",
        "csv",
        "csv-core",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{resolved_only}\"")),
            "the app's Cargo.lock resolves {resolved_only}"
        );
    }

    // The runtime's error type writes its messages out: no derive crate in what the binary
    // links (the compiler's crates may use one at build time).
    let derive_crates: Vec<&String> = linked.iter().filter(|p| p.as_str() == "thiserror").collect();
    assert!(
        derive_crates.is_empty(),
        "the application links {derive_crates:?}: {linked:?}"
    );

    // The compiler is in the graph only as the proc macros' dependency.
    let dependents = tree(&app, &["-e", "normal", "--invert", "tablewright-core", "--depth", "1"]);
    assert_eq!(
        dependents,
        ["tablewright-core", "tablewright-macros"],
        "tablewright-core and what depends on it directly"
    );
}
