//! A library's tables and a host's, shared by the tests of migration sets (the runtime's in
//! db-tests, the command line's in tablewright-cli).

/// The library's tables: a core set, and `schedules` in the optional group `scheduler`.
pub const LIBRARY: &str = "
table: sessions
columns:
  id: { type: bigint, primary_key: true }
  title: { type: varchar(100) }
---
table: messages
columns:
  id: { type: bigint, primary_key: true }
  session_id: { type: bigint, references: sessions, on_delete: cascade, index: true }
  body: { type: text }
---
table: schedules
group: scheduler
columns:
  id: { type: bigint, primary_key: true }
  session_id: { type: bigint, references: sessions, on_delete: cascade, index: true }
  cron: { type: varchar(50) }
";

/// The host's table, referencing the library's core.
pub const HOST: &str = "
table: notes
columns:
  id: { type: bigint, primary_key: true }
  session_id: { type: bigint, references: sessions, on_delete: cascade, index: true }
";
