//! A migration error returned from `main` with `?` is printed with `Debug` (`Error: {err:?}`):
//! it must read as the teaching message of `Display`, not as a dump of the enum.

use std::error::Error;
use std::time::Duration;

use tablewright::{MigrateError, Refusal};

fn errors() -> Vec<MigrateError> {
    vec![
        MigrateError::Refused(vec![Refusal::Tampered {
            name: "20261123163522_create_tasks".into(),
            recorded: "0123456789abcdef".into(),
            current: "fedcba9876543210".into(),
        }]),
        MigrateError::LockTimeout {
            waited: Duration::from_secs(60),
        },
        MigrateError::Failed {
            name: "20261123163522_create_tasks".into(),
            statement: Some(2),
            message: "relation \"tasks\" already exists".into(),
        },
    ]
}

#[test]
fn debug_is_the_display_message() {
    for error in errors() {
        let shown = error.to_string();
        let boxed: Box<dyn Error> = Box::new(error);
        assert_eq!(format!("{boxed:?}"), shown);
    }
}

#[test]
fn main_prints_no_variant_dump() {
    let boxed: Box<dyn Error> = Box::new(errors().remove(0));
    // What `main` prints for `Err(boxed)`.
    let printed = format!("Error: {boxed:?}");
    assert!(printed.starts_with("Error: refusing to migrate:"), "{printed}");
    for dump in ["Refused(", "Tampered {", "recorded:", "name: \""] {
        assert!(!printed.contains(dump), "`{dump}` in:\n{printed}");
    }
}

#[test]
fn the_data_stays_in_the_variants() {
    match errors().remove(1) {
        MigrateError::LockTimeout { waited } => assert_eq!(waited, Duration::from_secs(60)),
        other => panic!("{other}"),
    }
}

#[test]
fn a_lock_timeout_names_the_library_option() {
    let shown = errors().remove(1).to_string();
    assert!(shown.starts_with("waited 60.0s for the migration lock"), "{shown}");
    assert!(shown.contains("wait longer with Migrator::lock_timeout"), "{shown}");
    // `revert` takes the timeout as an argument, which the message names too.
    assert!(
        shown.contains("for tablewright::revert, its lock_timeout argument"),
        "{shown}"
    );
}
