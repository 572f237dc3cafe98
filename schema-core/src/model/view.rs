//! Views and materialized views: a name over a query the schema writes in SQL. The query is the
//! user's SQL and is rendered as written; what the model reads from it (the relations and
//! functions it names, its output columns) is read with sqlparser, and a query sqlparser cannot
//! read declares what it reads in `depends_on` instead.

use serde::{Deserialize, Serialize};

use sqlparser::ast::{SetExpr, Statement};
use sqlparser::dialect::{Dialect as ParserDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use super::{Index, Origin};
use crate::sql::query_names;

/// One view: `CREATE [MATERIALIZED] VIEW name [(columns)] AS query`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub name: String,
    /// The SELECT, as written (without a trailing `;`).
    pub query: String,
    /// The output columns' names, when given (`CREATE VIEW v (a, b)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// A materialized view (PostgreSQL): the rows are stored, and `REFRESH` computes them again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// Materialized: filled when created (the default), or `WITH NO DATA` (unreadable until the
    /// first `REFRESH`).
    #[serde(default = "filled", skip_serializing_if = "Clone::clone")]
    pub with_data: bool,
    /// Materialized: its indexes (a unique one lets `REFRESH ... CONCURRENTLY` run).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Tables, views and functions it reads besides those its query names (or all of them, for
    /// a query sqlparser cannot read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The view's previous name: the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

fn filled() -> bool {
    true
}

impl View {
    /// `view` or `materialized view`, as the messages and drift name it.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }

    /// `VIEW` or `MATERIALIZED VIEW`.
    pub fn kind_sql(&self) -> &'static str {
        if self.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        }
    }

    /// The names (unqualified, as the database folds them) of the relations and functions the
    /// view reads: the tables and views its query names, the functions it calls, and
    /// `depends_on`. Names that are not the schema's (a CTE, a catalog table) are left to the
    /// caller to ignore.
    pub fn reads(&self) -> Vec<String> {
        let mut names: Vec<String> = self.depends_on.clone();
        let Some((_, dialect)) = parse_query(&self.query) else {
            return names;
        };
        let Some((relations, calls)) = query_names::relations_and_calls(&self.query, dialect) else {
            return names;
        };
        for name in relations.into_iter().chain(calls) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether the query reads as one SELECT (on one of the databases' grammars).
    pub fn query_parses(&self) -> bool {
        parse_query(&self.query).is_some()
    }

    /// The output columns' expressions, as sqlparser prints them back (`None` when the query
    /// does not read, or is not a plain SELECT).
    fn projection(&self) -> Option<Vec<String>> {
        let Some((Statement::Query(query), _)) = parse_query(&self.query) else {
            return None;
        };
        match query.body.as_ref() {
            SetExpr::Select(select) => Some(select.projection.iter().map(|item| item.to_string()).collect()),
            _ => None,
        }
    }

    /// Whether PostgreSQL's `CREATE OR REPLACE VIEW` can turn this view into `new` and back
    /// (the down does): both plain views with the same output columns, names and expressions
    /// (as sqlparser prints them), the rest of the query free to change. PostgreSQL refuses a
    /// column changed, renamed or removed, so a column added at the end could not be taken away
    /// by the down: such a view is dropped and created again, as is anything else.
    pub fn replaceable_by(&self, new: &View) -> bool {
        if self.materialized || new.materialized || self.with_data != new.with_data {
            return false;
        }
        let (Some(old_items), Some(new_items)) = (self.projection(), new.projection()) else {
            return false;
        };
        self.columns == new.columns && old_items == new_items
    }

    /// The view without what is not part of its definition in the database (its previous name).
    pub fn definition(&self) -> View {
        View {
            renamed_from: None,
            ..self.clone()
        }
    }
}

/// The query as one statement, read with the first grammar that reads it as a single SELECT, and
/// that grammar.
fn parse_query(query: &str) -> Option<(Statement, &'static dyn ParserDialect)> {
    let dialects: [&'static dyn ParserDialect; 4] = [
        &PostgreSqlDialect {},
        &MySqlDialect {},
        &SQLiteDialect {},
        &GenericDialect {},
    ];
    dialects.into_iter().find_map(|dialect| {
        let mut statements = Parser::new(dialect)
            .with_recursion_limit(64)
            .try_with_sql(query)
            .ok()?
            .parse_statements()
            .ok()?;
        match (statements.pop(), statements.is_empty()) {
            (Some(statement @ Statement::Query(_)), true) => Some((statement, dialect)),
            _ => None,
        }
    })
}

/// Orders `views` so that each comes after the views of the list it reads (a cycle, which the
/// database refuses anyway, keeps the order given).
pub fn in_dependency_order<'v>(views: &[&'v View]) -> Vec<&'v View> {
    let mut ordered: Vec<&View> = Vec::new();
    let reads: Vec<Vec<String>> = views.iter().map(|v| v.reads()).collect();
    while ordered.len() < views.len() {
        let pending = |v: &&View| !ordered.iter().any(|o| o.name == v.name);
        let ready = views.iter().zip(&reads).find(|(v, reads)| {
            pending(v)
                && reads
                    .iter()
                    .all(|r| *r == v.name || !views.iter().any(|o| &o.name == r && pending(o)))
        });
        let next = ready.map(|(v, _)| *v).or_else(|| views.iter().copied().find(pending));
        ordered.push(next.expect("one is left"));
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(query: &str) -> View {
        View {
            name: "v".into(),
            query: query.into(),
            columns: Vec::new(),
            materialized: false,
            with_data: true,
            indexes: Vec::new(),
            depends_on: Vec::new(),
            comment: None,
            renamed_from: None,
            origin: Origin::default(),
        }
    }

    #[test]
    fn a_view_reads_the_relations_and_functions_its_query_names() {
        let v = view("SELECT l.id, s.\"Name\", total(l.qty) FROM public.lots l JOIN \"Sites\" s ON s.id = l.site_id WHERE l.id IN (SELECT lot_id FROM holds)");
        assert_eq!(v.reads(), vec!["lots", "Sites", "holds", "total"]);
        let cte = view("WITH t AS (SELECT 1 AS n) SELECT n FROM t");
        assert_eq!(
            cte.reads(),
            vec!["t"],
            "a CTE's name is left to the caller, which knows none"
        );
        let mut unreadable = view("SELECT qty FROM lots WHERE qty >");
        unreadable.depends_on = vec!["lots".into()];
        assert!(!unreadable.query_parses());
        assert_eq!(unreadable.reads(), vec!["lots"]);
    }

    /// The shapes a query names relations and functions in; every name a view reads must be
    /// found (a missed one would order a view before what it reads, or keep it across a change
    /// it breaks).
    #[test]
    fn every_shape_of_relation_and_call_is_read() {
        for (query, expected) in [
            ("SELECT * FROM a, b AS x, c", &["a", "b", "c"][..]),
            ("SELECT * FROM a JOIN b ON a.id = b.id, c LEFT JOIN d USING (id)", &["a", "b", "c", "d"]),
            ("SELECT * FROM a NATURAL JOIN b CROSS JOIN c", &["a", "b", "c"]),
            ("SELECT * FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id", &["a", "b", "c"]),
            ("SELECT * FROM (SELECT id FROM a) AS s, (SELECT id FROM b) t", &["a", "b"]),
            ("SELECT id FROM a UNION ALL SELECT id FROM b EXCEPT SELECT id FROM c", &["a", "b", "c"]),
            (
                "SELECT EXTRACT(YEAR FROM made), SUBSTRING(code FROM 2 FOR 3) FROM lots",
                &["lots"],
            ),
            ("SELECT a.id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id)", &["a", "b"]),
            ("SELECT (SELECT max(n) FROM b) FROM a", &["b", "a", "max"]),
            ("SELECT * FROM a, LATERAL (SELECT * FROM b WHERE b.a = a.id) s", &["a", "b"]),
            ("SELECT * FROM generate_series(1, 3) AS g", &["generate_series"]),
            ("SELECT app.total(qty), \"Weigh\"(qty), lower(code) FROM app.lots", &["lots", "total", "Weigh", "lower"]),
            (
                "WITH t AS (SELECT site, count(*) AS n FROM lots GROUP BY site) SELECT * FROM t JOIN sites ON sites.id = t.site",
                &["lots", "t", "sites", "count"],
            ),
            (
                "SELECT id, row_number() OVER (PARTITION BY site ORDER BY id) FROM lots WHERE qty IN (1, 2) AND CAST(qty AS int) > 0",
                &["lots", "row_number"],
            ),
            (
                "SELECT coalesce(sum(qty) FILTER (WHERE qty > 0), 0) FROM lots GROUP BY site HAVING count(*) > 1 ORDER BY 1",
                &["lots", "coalesce", "sum", "count"],
            ),
            ("SELECT `code` FROM `Lots` JOIN sites ON TRUE", &["Lots", "sites"]),
            ("SELECT * FROM LOTS", &["lots"]),
            ("SELECT n FROM (WITH x AS (SELECT 1 AS n) SELECT n FROM x) AS s", &["x"]),
            ("SELECT * FROM (VALUES (1), (2)) AS v (n) JOIN lots ON lots.qty = v.n", &["lots"]),
            ("SELECT * FROM offset JOIN window ON TRUE", &["offset", "window"]),
            ("SELECT STRAIGHT_JOIN * FROM a STRAIGHT_JOIN b ON a.id = b.id", &["a", "b"]),
        ] {
            assert_eq!(view(query).reads(), expected, "{query}");
        }
    }

    #[test]
    fn create_or_replace_keeps_the_columns() {
        let old = view("SELECT id, qty FROM lots");
        assert!(old.replaceable_by(&view("SELECT  id,qty FROM lots JOIN sites ON true WHERE qty > 0")));
        assert!(
            !old.replaceable_by(&view("SELECT id, qty, code FROM lots")),
            "a column added, which the down could not take away"
        );
        assert!(!old.replaceable_by(&view("SELECT id FROM lots")), "a column removed");
        assert!(
            !old.replaceable_by(&view("SELECT id, qty * 2 AS qty FROM lots")),
            "a column changed"
        );
        assert!(
            !old.replaceable_by(&view("SELECT 1 UNION SELECT 2")),
            "not a plain SELECT"
        );
        let mut materialized = view("SELECT id, qty FROM lots");
        materialized.materialized = true;
        assert!(!materialized.replaceable_by(&materialized.clone()));
    }

    #[test]
    fn views_come_after_the_views_they_read() {
        let mut a = view("SELECT * FROM b");
        a.name = "a".into();
        let mut b = view("SELECT * FROM lots");
        b.name = "b".into();
        let order: Vec<&str> = in_dependency_order(&[&a, &b]).iter().map(|v| v.name.as_str()).collect();
        assert_eq!(order, ["b", "a"]);
    }
}
