//! The order seeds load in: parents first, and a cycle an error rather than a guess.

use std::path::PathBuf;
use std::sync::Arc;

use super::check::check;
use super::SeedFile;
use crate::dialect::Dialect;
use crate::model::{Origin, Schema};
use crate::source::yaml::{parse_str, seed_rows};

/// `schema` (YAML tables) and one seed file per `(table, rows)`, checked.
fn checked(schema: &str, seeds: &[(&str, &str)]) -> Result<Vec<String>, crate::Diagnostics> {
    let (tables, problems) = parse_str(schema, None);
    assert!(problems.is_empty(), "{problems:?}");
    let schema = Schema {
        tables,
        ..Schema::default()
    };
    let files: Vec<SeedFile> = seeds
        .iter()
        .map(|(table, text)| {
            let path = Arc::new(PathBuf::from(format!("seeds/{table}.yaml")));
            let (rows, problems) = seed_rows(text, &path);
            assert!(problems.is_empty(), "{problems:?}");
            SeedFile {
                table: table.to_string(),
                origin: Origin::at(Some(path.clone()), 1, 1),
                path,
                rows,
            }
        })
        .collect();
    check(&schema, &files, Dialect::Postgres).map(|tables| tables.into_iter().map(|t| t.table.name).collect())
}

const AUTHORS_AND_BOOKS: &str = "\
table: authors
columns:
  id: { type: integer, primary_key: true }
  favourite_book_id: { type: integer, nullable: true, references: books.id, on_delete: set_null }
---
table: books
columns:
  id: { type: integer, primary_key: true }
  author_id: { type: integer, references: authors.id, on_delete: cascade }
  sequel_of: { type: integer, nullable: true, references: books.id, on_delete: set_null }
";

#[test]
fn tables_that_refer_to_each_other_are_a_seed_cycle() {
    let problems = checked(
        AUTHORS_AND_BOOKS,
        &[("authors", "- { id: 1 }\n"), ("books", "- { id: 1, author_id: 1 }\n")],
    )
    .unwrap_err();
    let cycle: Vec<_> = problems.0.iter().filter(|p| p.code == "seed-cycle").collect();
    assert_eq!(cycle.len(), 1, "{problems}");
    assert_eq!(
        cycle[0].message,
        "the seeded tables authors, books refer to each other in a cycle: none can be loaded first"
    );
    assert_eq!(
        cycle[0].help.as_deref(),
        Some("leave a nullable foreign key of one of them out of its seeds")
    );
    let file = cycle[0]
        .origin
        .file
        .as_deref()
        .expect("the cycle is reported at a file");
    assert!(file.ends_with("authors.yaml"), "{}", file.display());
}

#[test]
fn parents_load_first_and_a_table_may_refer_to_itself() {
    // Without the authors' reference to books: no cycle, only parents and children.
    let schema = AUTHORS_AND_BOOKS.replace(
        "  favourite_book_id: { type: integer, nullable: true, references: books.id, on_delete: set_null }\n",
        "",
    );
    let order = checked(
        &schema,
        &[
            (
                "books",
                "- { id: 1, author_id: 1 }\n- { id: 2, author_id: 1, sequel_of: 1 }\n",
            ),
            ("authors", "- { id: 1 }\n"),
        ],
    )
    .unwrap();
    assert_eq!(order, ["authors", "books"]);
}
