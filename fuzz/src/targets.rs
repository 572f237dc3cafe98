//! One function per parser that reads user input. Each must return, whatever the text: no
//! panic, no stack overflow, no unbounded work; and each checks what must hold of what it
//! accepts. Used by the cargo-fuzz targets (fuzz/fuzz_targets/) and, on stable, by
//! schema-lint/tests/random_inputs.rs and the regression inputs in fuzz/regressions/.

use std::path::PathBuf;
use std::sync::Arc;

use tablewright_core::check::check_schema;
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::sql::{one_expression, split_statements, SqlExpr};

/// A YAML schema file: read, checked for every database, and, when clean, planned and rendered.
pub fn yaml_reader(text: &str) {
    let (tables, _) = tablewright_core::source::yaml::parse_str(text, Some(Arc::new(PathBuf::from("fuzz.yaml"))));
    judge(tables);
}

/// A Rust source file with `#[derive(Table)]` structs: attributes read, tables checked.
pub fn attribute_parser(text: &str) {
    let (tables, _) = tablewright_core::source::rust::scan_file(text, Arc::new(PathBuf::from("src/fuzz.rs")));
    judge(tables);
}

fn judge(tables: Vec<tablewright_core::model::Table>) {
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    for dialect in Dialect::ALL {
        let found = check_schema(&schema, dialect);
        if found.iter().any(|d| d.is_error()) {
            continue;
        }
        if let Ok(plan) = tablewright_core::plan::plan(&Schema::default(), &schema, dialect) {
            tablewright_core::render::render(&plan, dialect);
        }
    }
}

/// An expression (a check, a default, a predicate): whatever is accepted for a database stays one
/// expression inside the statement it is written into there.
pub fn expression_checker(text: &str) {
    let Ok(expr) = SqlExpr::parse(text) else { return };
    for dialect in Dialect::ALL {
        if one_expression::validate(expr.as_str(), dialect).is_err() {
            continue;
        }
        let script = format!("ALTER TABLE t ADD CONSTRAINT c CHECK ({expr});\nSELECT 1;\n");
        let statements = split_statements(&script, dialect);
        assert_eq!(
            statements.len(),
            2,
            "{dialect}: the accepted expression {text:?} broke out of its statement: {statements:?}"
        );
    }
}

/// A migration's SQL, cut into statements: every byte is lexed once, and splitting returns.
pub fn statement_splitter(text: &str) {
    for dialect in Dialect::ALL {
        let tokens = tablewright_core::sql::lex::tokens(text, dialect);
        let mut at = 0;
        for token in &tokens {
            assert_eq!(token.start, at, "{dialect}: a gap or overlap in the tokens of {text:?}");
            assert!(token.end > token.start, "{dialect}: an empty token in {text:?}");
            at = token.end;
        }
        assert_eq!(at, text.len(), "{dialect}: the tokens of {text:?} stop short");
        split_statements(text, dialect);
    }
}

/// A migration's SQL, linted for every database.
pub fn linter_reader(text: &str) {
    let options = tablewright_lint::Options::default();
    for dialect in Dialect::ALL {
        tablewright_lint::lint_sql(text, dialect, &options);
    }
}
