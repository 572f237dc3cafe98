//! What a long command shows while it works, on a terminal only: a spinner with the migration
//! being applied and how long it has run (a backfill of a large table takes minutes), and bars
//! for row counts. In CI (`CI` set) or with output piped, nothing is drawn; the summary lines
//! printed at the end are the same either way.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Whether progress is drawn: a terminal, and not CI.
pub fn drawn() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    !ci && std::io::stderr().is_terminal()
}

/// A bar of `length` steps, or a hidden one.
pub fn bar(length: u64, template: &str) -> ProgressBar {
    if !drawn() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length);
    bar.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
    bar
}

/// Runs `work` with a spinner that follows the migrator's log (`tablewright::migrate`): the
/// migration being applied and its elapsed time.
pub fn while_migrating<T>(work: impl FnOnce() -> T) -> T {
    if !drawn() {
        return work();
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}").expect("the template is valid"));
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner.set_message("waiting for the migration lock");
    let subscriber = tracing_subscriber::registry().with(Follow(spinner.clone()));
    let result = tracing::subscriber::with_default(subscriber, work);
    spinner.finish_and_clear();
    result
}

/// Moves the spinner on at each "applying" event of the migrator.
struct Follow(ProgressBar);

impl<S: Subscriber> Layer<S> for Follow {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "tablewright::migrate" {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if let (Some(message), Some(migration)) = (fields.message, fields.migration) {
            if message == "applying" {
                self.0.reset_elapsed();
                self.0.set_message(format!("applying {migration}"));
            }
        }
    }
}

#[derive(Default)]
struct Fields {
    message: Option<String>,
    migration: Option<String>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "migration" {
            self.migration = Some(value.to_string());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = Some(format!("{value:?}")),
            "migration" => self.migration = Some(format!("{value:?}").trim_matches('"').to_string()),
            _ => {}
        }
    }
}
