//! The application writing while a schema change is applied: writer threads that update every
//! column of `items` and insert rows, counting every write that fails, and the change classes
//! the write-load test (`tests/writes_under_load.rs`) and the lock benchmark
//! (`benches/locks.rs`) apply under that load.
//!
//! A write either succeeds or is counted as failed with its error. Two kinds of refusal are told
//! apart because the schema change itself means them, and neither is a failed write:
//!
//! - a NULL written into the column the change makes NOT NULL, once the change is complete: the
//!   final schema refuses it (`Tally::refused_by_final_schema`);
//! - a statement naming a table or column the change renames, issued under the name that no
//!   longer (or not yet) exists: the writer then uses the other name and the write goes through
//!   (`Tally::renamed_under_it`). Renames do not keep the old name working (docs/yaml.md).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, RunQueryDsl};
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;

/// The schema every class starts from.
pub const BASE: &str = "
table: owners
columns:
  id: { type: integer, primary_key: true }
---
table: items
columns:
  id: { type: bigint, primary_key: true }
  owner: integer
  name: varchar(40)
  qty: integer
  note: { type: varchar(40), nullable: true }
  code: { type: varchar(20), nullable: true }
  status: { type: varchar(10), values: [new, open, done], default: new }
  big: bigint
";

/// Owners 1..=OWNERS exist; writers only point `items.owner` at them.
pub const OWNERS: i64 = 50;

const BOTH: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql];

/// One kind of schema change, applied to `items` under write load.
#[derive(Clone, Copy, Debug)]
pub struct Class {
    pub name: &'static str,
    /// What changes, in a few words.
    pub change: &'static str,
    /// `(from, to)` replacements of [`BASE`] that give the schema after the change.
    pub edits: &'static [(&'static str, &'static str)],
    /// Names the change renames, `(old, new)`: the writers follow them.
    pub renames: &'static [(&'static str, &'static str)],
    /// A column the change takes out of use (`dropped`): the writers stop writing it.
    pub retired: Option<&'static str>,
    /// The column the change makes NOT NULL.
    pub made_not_null: Option<&'static str>,
    pub dialects: &'static [Dialect],
}

impl Class {
    pub fn after(&self) -> Schema {
        schema(self.edits)
    }

    /// The table's name once the change is applied.
    pub fn table(&self) -> &'static str {
        self.renames
            .iter()
            .find(|(old, _)| *old == "items")
            .map_or("items", |(_, new)| new)
    }
}

const NOTE_NULLABLE: &str = "  note: { type: varchar(40), nullable: true }\n";

/// Every class, in the order they run.
pub const CLASSES: &[Class] = &[
    Class {
        name: "not_null",
        change: "make note NOT NULL with a default (half its rows hold NULL)",
        edits: &[(NOTE_NULLABLE, "  note: { type: varchar(40), default: '-' }\n")],
        renames: &[],
        retired: None,
        made_not_null: Some("note"),
        dialects: BOTH,
    },
    Class {
        name: "not_null_expression_default",
        change: "make note NOT NULL with an expression default",
        edits: &[(
            NOTE_NULLABLE,
            "  note: { type: varchar(40), default_sql: \"concat('n', 'a')\" }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: Some("note"),
        dialects: BOTH,
    },
    Class {
        name: "add_column_volatile_default",
        change: "add a NOT NULL column with a per-row default (gen_random_uuid())",
        edits: &[(
            "  big: bigint\n",
            "  big: bigint\n  token: { type: uuid, default_sql: gen_random_uuid() }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "add_column_literal_default",
        change: "add a NOT NULL column with a literal default",
        edits: &[(
            "  big: bigint\n",
            "  big: bigint\n  extra: { type: integer, default: 7 }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "check_add",
        change: "add a check on qty",
        edits: &[("  qty: integer\n", "  qty: { type: integer, check: qty >= 0 }\n")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "foreign_key_add",
        change: "make owner a foreign key (and index it)",
        edits: &[(
            "  owner: integer\n",
            "  owner: { type: integer, references: owners.id, on_delete: restrict, index: true }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "unique_add",
        change: "make code unique",
        edits: &[(
            "  code: { type: varchar(20), nullable: true }\n",
            "  code: { type: varchar(20), nullable: true, unique: true }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "index_add",
        change: "index name",
        edits: &[("  name: varchar(40)\n", "  name: { type: varchar(40), index: true }\n")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "enum_add_value",
        change: "allow one more status value",
        edits: &[("values: [new, open, done]", "values: [new, open, done, held]")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "enum_remove_value",
        change: "remove a status value no row holds (removed_values)",
        edits: &[(
            "values: [new, open, done]",
            "values: [new, open], removed_values: [done]",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "retype_lossless",
        change: "change qty from integer to bigint (the writers increment it)",
        edits: &[("  qty: integer\n", "  qty: bigint\n")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "retype_narrowing_not_null",
        change: "narrow note to varchar(30) and make it NOT NULL with a default (narrowing: allowed)",
        edits: &[(
            NOTE_NULLABLE,
            "  note: { type: varchar(30), default: '-', narrowing: allowed }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: Some("note"),
        dialects: BOTH,
    },
    Class {
        name: "retype_narrowing",
        change: "narrow big from bigint to integer (narrowing: allowed; the writers increment it)",
        edits: &[("  big: bigint\n", "  big: { type: integer, narrowing: allowed }\n")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "widen_varchar",
        change: "widen name from varchar(40) to varchar(60)",
        edits: &[("  name: varchar(40)\n", "  name: varchar(60)\n")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "make_nullable",
        change: "make name nullable",
        edits: &[(
            "  name: varchar(40)\n",
            "  name: { type: varchar(40), nullable: true }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "default_change",
        change: "change the default of status",
        edits: &[("default: new", "default: open")],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "comment_change",
        change: "comment on the table and a column",
        edits: &[
            ("table: items\n", "table: items\ncomment: Things\n"),
            (
                "  code: { type: varchar(20), nullable: true }\n",
                "  code: { type: varchar(20), nullable: true, comment: A code }\n",
            ),
        ],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "primary_key_change",
        change: "move the primary key from id to (id, owner)",
        edits: &[
            ("table: items\n", "table: items\nprimary_key: [id, owner]\n"),
            ("  id: { type: bigint, primary_key: true }\n", "  id: bigint\n"),
        ],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "column_rename",
        change: "rename name to label (renamed_from)",
        edits: &[(
            "  name: varchar(40)\n",
            "  label: { type: varchar(40), renamed_from: name }\n",
        )],
        renames: &[("name", "label")],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "table_rename",
        change: "rename items to goods (renamed_from)",
        edits: &[("table: items\n", "table: goods\nrenamed_from: items\n")],
        renames: &[("items", "goods")],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "column_drop",
        change: "drop note (dropped: true)",
        edits: &[(
            NOTE_NULLABLE,
            "  note: { type: varchar(40), nullable: true, dropped: true }\n",
        )],
        renames: &[],
        retired: Some("note"),
        made_not_null: None,
        dialects: BOTH,
    },
    Class {
        name: "set_on_update_add",
        change: "add a column set on every update",
        edits: &[(
            "  big: bigint\n",
            "  big: bigint\n  touched: { type: timestamp, default_sql: now(), set_on_update: true }\n",
        )],
        renames: &[],
        retired: None,
        made_not_null: None,
        dialects: BOTH,
    },
];

/// [`BASE`] with `edits` applied, as the sources read it.
pub fn schema(edits: &[(&str, &str)]) -> Schema {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "the base schema has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    let (tables, problems) = tablewright_core::source::yaml::parse_str(&text, None);
    assert!(
        problems.iter().all(|d| !d.is_error()),
        "{}",
        problems.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema.resolve_references();
    schema
}

/// The rows every class starts with, in batches of one statement each: `rows` items, every
/// second one with a NULL note, every third with a NULL code, `qty` 0 and `big` 1000 times the id.
pub fn seed_statements(rows: i64) -> Vec<String> {
    let owners: Vec<String> = (1..=OWNERS).map(|o| format!("({o})")).collect();
    let mut statements = vec![format!("INSERT INTO owners (id) VALUES {}", owners.join(", "))];
    let mut id = 1;
    while id <= rows {
        let last = (id + 999).min(rows);
        let values: Vec<String> = (id..=last)
            .map(|i| {
                let note = if i % 2 == 0 { "NULL".into() } else { format!("'n{i}'") };
                let code = if i % 3 == 0 { "NULL".into() } else { format!("'c{i}'") };
                let status = if i % 2 == 0 { "new" } else { "open" };
                format!(
                    "({i}, {}, 'item {i}', 0, {note}, {code}, '{status}', {})",
                    1 + i % OWNERS,
                    i * 1000
                )
            })
            .collect();
        statements.push(format!(
            "INSERT INTO items (id, owner, name, qty, note, code, status, big) VALUES {}",
            values.join(", ")
        ));
        id = last + 1;
    }
    statements
}

/// A connection to either server database.
pub enum Conn {
    Pg(PgConnection),
    My(MysqlConnection),
}

impl Conn {
    pub fn establish(dialect: Dialect, url: &str) -> Conn {
        match dialect {
            Dialect::Postgres => Conn::Pg(PgConnection::establish(url).unwrap_or_else(|e| panic!("{url}: {e}"))),
            Dialect::Mysql => Conn::My(MysqlConnection::establish(url).unwrap_or_else(|e| panic!("{url}: {e}"))),
            Dialect::Sqlite => panic!("the write load runs on server databases"),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&mut self, sql: &str) -> Result<usize, String> {
        match self {
            Conn::Pg(c) => diesel::sql_query(sql).execute(c),
            Conn::My(c) => diesel::sql_query(sql).execute(c),
        }
        .map_err(|e| e.to_string())
    }

    /// A query returning one row with a bigint column `n`.
    pub fn number(&mut self, sql: &str) -> i64 {
        match self {
            Conn::Pg(c) => diesel::sql_query(sql).get_result::<Number>(c),
            Conn::My(c) => diesel::sql_query(sql).get_result::<Number>(c),
        }
        .unwrap_or_else(|e| panic!("`{sql}`: {e}"))
        .n
    }

    /// `sum(column)` of `table`, as a bigint on both databases.
    pub fn sum(&mut self, table: &str, column: &str) -> i64 {
        let sql = match self {
            Conn::Pg(_) => format!("SELECT COALESCE(sum({column}), 0)::bigint AS n FROM {table}"),
            Conn::My(_) => format!("SELECT CAST(COALESCE(SUM({column}), 0) AS SIGNED) AS n FROM {table}"),
        };
        self.number(&sql)
    }
}

#[derive(QueryableByName)]
pub struct Number {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// When a write happened, relative to the schema change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Phase {
    Before = 0,
    During = 1,
    After = 2,
}

/// What the writers did and met.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Writes that succeeded, per phase.
    pub writes: [u64; 3],
    /// The longest single write, per phase.
    pub longest: [Duration; 3],
    /// Failed writes: error message → how many.
    pub failed: BTreeMap<String, u64>,
    /// NULLs written into the column made NOT NULL that the completed change refused.
    pub refused_by_final_schema: u64,
    /// Writes that named a renamed table or column under its other name first.
    pub renamed_under_it: u64,
    /// Successful `qty = qty + 1` updates, plus 1 per inserted row (inserted with qty 1).
    pub qty_added: i64,
    /// The same for `big`.
    pub big_added: i64,
    pub inserted: i64,
}

impl Tally {
    pub fn failures(&self) -> u64 {
        self.failed.values().sum()
    }

    fn merge(&mut self, other: Tally) {
        for p in 0..3 {
            self.writes[p] += other.writes[p];
            self.longest[p] = self.longest[p].max(other.longest[p]);
        }
        for (message, n) in other.failed {
            *self.failed.entry(message).or_default() += n;
        }
        self.refused_by_final_schema += other.refused_by_final_schema;
        self.renamed_under_it += other.renamed_under_it;
        self.qty_added += other.qty_added;
        self.big_added += other.big_added;
        self.inserted += other.inserted;
    }
}

/// What the writers may write.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Seeded item ids are 1..=rows; updates pick among them.
    pub rows: i64,
    pub class: Class,
    /// Whether writers set the column made NOT NULL to NULL explicitly (see the MySQL limit in
    /// docs/migrations.md).
    pub null_writes: bool,
    /// A row half of the updates go to, and a column of it they leave alone: the row and the
    /// value a change has trouble with, whose other columns the application goes on writing.
    pub hot_row: Option<(i64, &'static str)>,
}

/// Writer threads, each on its own connection, until stopped.
pub struct Writers {
    stop: Arc<AtomicBool>,
    phase: Arc<AtomicU8>,
    threads: Vec<std::thread::JoinHandle<Tally>>,
}

impl Writers {
    pub fn start(dialect: Dialect, url: &str, threads: usize, workload: &Workload) -> Writers {
        let stop = Arc::new(AtomicBool::new(false));
        let phase = Arc::new(AtomicU8::new(Phase::Before as u8));
        let ready = Arc::new(Mutex::new(0usize));
        let threads = (0..threads)
            .map(|i| {
                let (stop, phase, ready) = (stop.clone(), phase.clone(), ready.clone());
                let (url, workload) = (url.to_string(), workload.clone());
                std::thread::spawn(move || {
                    let mut writer = Writer::new(dialect, &url, i, workload);
                    *ready.lock().unwrap() += 1;
                    let mut tally = Tally::default();
                    while !stop.load(Ordering::Relaxed) {
                        writer.write_once(&mut tally, &phase);
                    }
                    tally
                })
            })
            .collect::<Vec<_>>();
        // Every writer connected before anything is measured.
        while *ready.lock().unwrap() < threads.len() {
            std::thread::sleep(Duration::from_millis(5));
        }
        Writers { stop, phase, threads }
    }

    pub fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }

    pub fn stop(self) -> Tally {
        self.stop.store(true, Ordering::Relaxed);
        let mut total = Tally::default();
        for thread in self.threads {
            total.merge(thread.join().expect("a writer panicked"));
        }
        total
    }
}

/// One writer: a connection, its own random sequence and its own range of ids to insert.
struct Writer {
    conn: Conn,
    dialect: Dialect,
    workload: Workload,
    seed: u64,
    /// Part of every value it writes, so that no two writes set the same value (MySQL counts a
    /// row set to the value it already holds as unchanged).
    index: usize,
    next_insert: i64,
    n: u64,
    /// Whether the writer uses the new names of a rename.
    renamed: bool,
}

impl Writer {
    fn new(dialect: Dialect, url: &str, index: usize, workload: Workload) -> Writer {
        Writer {
            conn: Conn::establish(dialect, url),
            dialect,
            seed: 0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d),
            index,
            next_insert: 1_000_000_000 * (index as i64 + 1),
            workload,
            n: 0,
            renamed: false,
        }
    }

    fn random(&mut self) -> u64 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed
    }

    /// `name` as the writer currently calls it.
    fn named(&self, name: &str) -> String {
        match self.workload.class.renames.iter().find(|(old, _)| *old == name) {
            Some((_, new)) if self.renamed => new.to_string(),
            _ => name.to_string(),
        }
    }

    /// One write, picked at random: an update of one column of a random seeded row, or an
    /// insert of a whole row.
    fn write_once(&mut self, tally: &mut Tally, phase: &AtomicU8) {
        self.n += 1;
        let (n, i) = (self.n, self.index);
        let (coin, roll) = (self.random(), self.random());
        let id = match self.workload.hot_row {
            Some((hot, _)) if coin % 2 == 0 => hot,
            _ => 1 + (roll % self.workload.rows as u64) as i64,
        };
        let mut pick = self.random() % 10;
        const COLUMNS: [&str; 9] = ["qty", "qty", "qty", "name", "note", "code", "status", "big", "owner"];
        if let Some((hot, column)) = self.workload.hot_row {
            if id == hot && COLUMNS.get(pick as usize) == Some(&column) {
                pick = 3; // its name instead
            }
        }
        let retired = self.workload.class.retired;
        let null_note = self.workload.null_writes && self.random().is_multiple_of(3);
        // (statement template with {items}/{name} placeholders, what it adds to qty and big,
        // whether it writes NULL into the column made NOT NULL, whether it must change one row)
        let (template, qty, big, writes_null, one_row): (String, i64, i64, bool, bool) = match pick {
            0..=2 => (
                "UPDATE {items} SET qty = qty + 1 WHERE id = ID".into(),
                1,
                0,
                false,
                true,
            ),
            3 => (
                format!("UPDATE {{items}} SET {{name}} = 'w{i}-{n}' WHERE id = ID"),
                0,
                0,
                false,
                true,
            ),
            4 if retired == Some("note") => (
                "UPDATE {items} SET qty = qty + 1 WHERE id = ID".into(),
                1,
                0,
                false,
                true,
            ),
            4 if null_note => ("UPDATE {items} SET note = NULL WHERE id = ID".into(), 0, 0, true, false),
            4 => (
                format!("UPDATE {{items}} SET note = 'v{i}-{n}' WHERE id = ID"),
                0,
                0,
                false,
                true,
            ),
            5 if n % 4 == 0 => (
                "UPDATE {items} SET code = NULL WHERE id = ID".into(),
                0,
                0,
                false,
                false,
            ),
            5 => (
                format!("UPDATE {{items}} SET code = 'c{id}-{i}-{n}' WHERE id = ID"),
                0,
                0,
                false,
                true,
            ),
            6 => {
                let status = if n % 2 == 0 { "new" } else { "open" };
                (
                    format!("UPDATE {{items}} SET status = '{status}' WHERE id = ID"),
                    0,
                    0,
                    false,
                    false,
                )
            }
            7 => (
                "UPDATE {items} SET big = big + 1 WHERE id = ID".into(),
                0,
                1,
                false,
                true,
            ),
            8 => (
                format!("UPDATE {{items}} SET owner = {} WHERE id = ID", 1 + n as i64 % OWNERS),
                0,
                0,
                false,
                false,
            ),
            _ => {
                let new = self.next_insert;
                self.next_insert += 1;
                let (note_column, note) = match retired {
                    Some("note") => ("", String::new()),
                    _ if null_note => (", note", ", NULL".to_string()),
                    _ => (", note", format!(", 'i{new}'")),
                };
                (
                    format!(
                        "INSERT INTO {{items}} (id, owner, {{name}}, qty{note_column}, code, status, big) VALUES ({new}, {}, 'new {new}', 1{note}, 'i{new}', 'new', 1)",
                        1 + new % OWNERS
                    ),
                    1,
                    1,
                    null_note && retired.is_none(),
                    true,
                )
            }
        };
        let template = template.replace("ID", &id.to_string());
        let insert = template.starts_with("INSERT");
        let current = Phase::from(phase.load(Ordering::SeqCst));
        let began = Instant::now();
        let mut result = self.conn.execute(&self.sql(&template));
        if result.as_ref().is_err_and(|e| self.names_missing(e)) && !self.workload.class.renames.is_empty() {
            // The rename happened (or has not yet): the same write under the other names.
            self.renamed = !self.renamed;
            tally.renamed_under_it += 1;
            result = self.conn.execute(&self.sql(&template));
        }
        let took = began.elapsed();
        let p = current as usize;
        tally.longest[p] = tally.longest[p].max(took);
        match result {
            Ok(changed) if one_row && changed != 1 => {
                *tally
                    .failed
                    .entry(format!("`{template}` changed {changed} rows, not 1"))
                    .or_default() += 1;
            }
            Ok(_) => {
                tally.writes[p] += 1;
                tally.qty_added += qty;
                tally.big_added += big;
                tally.inserted += i64::from(insert);
            }
            Err(e) if writes_null && self.refused_null(&e) => tally.refused_by_final_schema += 1,
            Err(e) => *tally.failed.entry(e).or_default() += 1,
        }
    }

    fn sql(&self, template: &str) -> String {
        template
            .replace("{items}", &self.named("items"))
            .replace("{name}", &self.named("name"))
    }

    /// The database's error for a table or column that does not exist.
    fn names_missing(&self, error: &str) -> bool {
        match self.dialect {
            Dialect::Postgres => error.contains("does not exist"),
            _ => error.contains("doesn't exist") || error.contains("Unknown column"),
        }
    }

    /// The NOT NULL of the changed column refusing a NULL: the final schema's own rule.
    fn refused_null(&self, error: &str) -> bool {
        let Some(column) = self.workload.class.made_not_null else {
            return false;
        };
        match self.dialect {
            Dialect::Postgres => {
                error.contains(&format!("null value in column \"{column}\"")) && error.contains("not-null constraint")
            }
            _ => error.contains(&format!("Column '{column}' cannot be null")),
        }
    }
}

impl From<u8> for Phase {
    fn from(value: u8) -> Phase {
        match value {
            0 => Phase::Before,
            1 => Phase::During,
            _ => Phase::After,
        }
    }
}
