//! Reading SQL expressions: function calls, volatile defaults, and what a row-level security
//! policy evaluates to when the tenant setting is not set.
//!
//! The policy evaluator is a small abstract interpreter. `current_setting(...)` is replaced by
//! what PostgreSQL returns in a session without a tenant: NULL (never set, read with
//! `missing_ok`), or `''` (set with `set_config(..., true)` in an earlier transaction of the same
//! connection, which leaves an empty string behind). Everything else from the row is unknown.
//! A policy *fails open* when that evaluation is TRUE for every row because of the setting, and
//! *fails with an error* when it casts the empty string.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, UnaryOperator,
    Value, Visit,
};

/// Lower-case name of a function, without its schema (`pg_catalog.now` is `now`).
pub(crate) fn function_name(function: &Function) -> String {
    function
        .name
        .0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident.value.to_lowercase())
        .unwrap_or_default()
}

/// The positional arguments of a call.
pub(crate) fn arguments(function: &Function) -> Vec<&Expr> {
    match &function.args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) => Some(expr),
                FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(expr),
                    ..
                } => Some(expr),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every function call in `node`, outermost first.
pub(crate) fn calls(node: &impl Visit) -> Vec<Function> {
    let mut found = Vec::new();
    let _ = sqlparser::ast::visit_expressions(node, |expr| {
        if let Expr::Function(function) = expr {
            found.push(function.clone());
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

/// A string literal's text.
pub(crate) fn string_literal(expr: &Expr) -> Option<&str> {
    match strip(expr) {
        Expr::Value(value) => match &value.value {
            Value::SingleQuotedString(s)
            | Value::DoubleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A boolean literal (`true`, `false`, and the strings PostgreSQL reads as booleans).
pub(crate) fn boolean_literal(expr: &Expr) -> Option<bool> {
    match strip(expr) {
        Expr::Value(value) => match &value.value {
            Value::Boolean(b) => Some(*b),
            Value::SingleQuotedString(s) => match s.to_ascii_lowercase().as_str() {
                "t" | "true" | "on" | "yes" | "1" => Some(true),
                "f" | "false" | "off" | "no" | "0" => Some(false),
                _ => None,
            },
            Value::Number(n, _) => Some(n != "0"),
            _ => None,
        },
        _ => None,
    }
}

/// The expression without enclosing parentheses.
pub(crate) fn strip(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

/// PostgreSQL functions whose value differs per row (`VOLATILE`): a column added with one of
/// them as its default is filled row by row, which rewrites the table. `now()` and
/// `CURRENT_TIMESTAMP` are `STABLE`: computed once and stored without a rewrite (PostgreSQL 11+).
pub(crate) const VOLATILE_FUNCTIONS: &[&str] = &[
    "random",
    "random_normal",
    "clock_timestamp",
    "timeofday",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "gen_random_bytes",
    "nextval",
    "setval",
    "txid_current",
    "pg_current_xact_id",
];

/// The first volatile function called in `expr`, if any.
pub(crate) fn volatile_call(expr: &Expr) -> Option<String> {
    calls(expr)
        .iter()
        .map(function_name)
        .find(|name| VOLATILE_FUNCTIONS.contains(&name.as_str()))
}

/// Whether SQLite accepts `expr` as the default of a column added to an existing table: only
/// constants (literals, signed numbers, parenthesised constants).
pub(crate) fn is_constant(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Value(_) => true,
        Expr::UnaryOp { op, expr } => matches!(op, UnaryOperator::Minus | UnaryOperator::Plus) && is_constant(expr),
        _ => false,
    }
}

/// Whether a cast to `data_type` keeps any text (so casting `''` cannot fail).
fn is_text_type(data_type: &DataType) -> bool {
    let name = data_type.to_string().to_ascii_lowercase();
    let base = name.split('(').next().unwrap_or_default().trim();
    matches!(
        base,
        "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "name" | "citext" | "string"
    )
}

/// `current_setting(name [, missing_ok])` calls in `node`: (setting name if literal, whether
/// `missing_ok` is a literal true, the call).
pub(crate) fn current_settings(node: &impl Visit) -> Vec<(Option<String>, bool, Function)> {
    calls(node)
        .into_iter()
        .filter(|f| function_name(f) == "current_setting")
        .map(|f| {
            let args = arguments(&f);
            let name = args.first().and_then(|a| string_literal(a)).map(str::to_string);
            let missing_ok = args.get(1).and_then(|a| boolean_literal(a)) == Some(true);
            (name, missing_ok, f)
        })
        .collect()
}

/// What a session without a tenant reads from `current_setting`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unset {
    /// Never set on this connection: NULL with `missing_ok`, an error without it.
    Never,
    /// Set with `set_config(..., true)` in a transaction that has ended: `''`.
    Empty,
}

/// The abstract value of an expression.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Null {
        via: bool,
    },
    Str {
        s: String,
        via: bool,
    },
    /// `why` is the innermost expression that made it TRUE, for messages.
    Bool {
        b: bool,
        via: bool,
        why: Option<Box<Expr>>,
    },
    /// A value read from the row, identified by its SQL text.
    Row {
        key: String,
        via: bool,
    },
    Unknown {
        via: bool,
    },
    /// Evaluating it raises an error: the query fails (closed, but failing).
    Raises,
}

impl Val {
    /// Whether the value depends on the setting.
    fn via(&self) -> bool {
        match self {
            Val::Null { via } | Val::Str { via, .. } | Val::Bool { via, .. } | Val::Row { via, .. } => *via,
            Val::Unknown { via } => *via,
            Val::Raises => false,
        }
    }

    fn with_via(self, more: bool) -> Val {
        match self {
            Val::Null { via } => Val::Null { via: via || more },
            Val::Str { s, via } => Val::Str { s, via: via || more },
            Val::Bool { b, via, why } => Val::Bool {
                b,
                via: via || more,
                why,
            },
            Val::Row { key, via } => Val::Row { key, via: via || more },
            Val::Unknown { via } => Val::Unknown { via: via || more },
            Val::Raises => Val::Raises,
        }
    }

    fn is_true(&self) -> bool {
        matches!(self, Val::Bool { b: true, .. })
    }

    fn is_false(&self) -> bool {
        matches!(self, Val::Bool { b: false, .. })
    }
}

/// How a policy expression behaves when the setting is unset.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Verdict {
    /// TRUE for every row, whatever the setting: `USING (true)`, `tenant_id = tenant_id`.
    pub always_true: Option<Expr>,
    /// TRUE for every row because the setting is unset; the sub-expression responsible.
    pub open_when_never_set: Option<Expr>,
    pub open_when_empty: Option<Expr>,
    /// Casts of the setting that raise on `''`, as SQL text.
    pub failing_casts: Vec<Expr>,
}

pub(crate) fn judge(expr: &Expr) -> Verdict {
    let mut verdict = Verdict::default();
    for unset in [Unset::Never, Unset::Empty] {
        let mut evaluator = Evaluator {
            unset,
            failing_casts: Vec::new(),
            depth: 0,
        };
        let value = evaluator.eval(expr);
        if let Val::Bool { b: true, via, why } = value {
            let why = why.map_or_else(|| strip(expr).clone(), |why| *why);
            match (via, unset) {
                (false, _) => verdict.always_true = Some(why),
                (true, Unset::Never) => verdict.open_when_never_set = Some(why),
                (true, Unset::Empty) => verdict.open_when_empty = Some(why),
            }
        }
        if unset == Unset::Empty {
            verdict.failing_casts = evaluator.failing_casts;
        }
    }
    verdict
}

struct Evaluator {
    unset: Unset,
    failing_casts: Vec<Expr>,
    /// Nesting of the expression being evaluated: past `MAX_DEPTH` it is unknown (no policy is
    /// that deep, and the stack is not unlimited).
    depth: usize,
}

const MAX_DEPTH: usize = 64;

fn mentions_setting(expr: &Expr) -> bool {
    calls(expr).iter().any(|f| function_name(f) == "current_setting")
}

fn compare(op: &BinaryOperator, left: &Val, right: &Val) -> Option<bool> {
    let ordering = match (left, right) {
        (Val::Str { s: a, .. }, Val::Str { s: b, .. }) => a.cmp(b),
        (Val::Bool { b: a, .. }, Val::Bool { b: b2, .. }) => a.cmp(b2),
        (Val::Row { key: a, .. }, Val::Row { key: b, .. }) if a == b => std::cmp::Ordering::Equal,
        _ => return None,
    };
    // Rows compare equal to themselves only; their order against each other is unknown.
    let rows = matches!(left, Val::Row { .. });
    Some(match op {
        BinaryOperator::Eq => ordering.is_eq(),
        BinaryOperator::NotEq => ordering.is_ne(),
        BinaryOperator::LtEq if rows || ordering.is_eq() => true,
        BinaryOperator::GtEq if rows || ordering.is_eq() => true,
        BinaryOperator::Lt if rows => false,
        BinaryOperator::Gt if rows => false,
        BinaryOperator::Lt => ordering.is_lt(),
        BinaryOperator::Gt => ordering.is_gt(),
        BinaryOperator::LtEq => ordering.is_le(),
        BinaryOperator::GtEq => ordering.is_ge(),
        _ => return None,
    })
}

impl Evaluator {
    fn eval(&mut self, expr: &Expr) -> Val {
        if self.depth >= MAX_DEPTH {
            return Val::Unknown {
                via: mentions_setting(expr),
            };
        }
        self.depth += 1;
        let value = self.eval_inner(expr);
        self.depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &Expr) -> Val {
        match expr {
            Expr::Nested(inner) => self.eval(inner),
            Expr::Value(value) => match &value.value {
                Value::Boolean(b) => Val::Bool {
                    b: *b,
                    via: false,
                    why: Some(Box::new(expr.clone())),
                },
                Value::Null => Val::Null { via: false },
                Value::Number(n, _) => Val::Str {
                    s: n.clone(),
                    via: false,
                },
                _ => match string_literal(expr) {
                    Some(s) => Val::Str {
                        s: s.to_string(),
                        via: false,
                    },
                    None => Val::Unknown { via: false },
                },
            },
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => Val::Row {
                key: expr.to_string().to_lowercase(),
                via: false,
            },
            Expr::Function(function) => self.call(function),
            Expr::Cast {
                kind,
                expr: inner,
                data_type,
                ..
            } => {
                let value = self.eval(inner);
                match value {
                    Val::Str { s, via } if !is_text_type(data_type) && s.trim().is_empty() => {
                        if matches!(kind, CastKind::TryCast | CastKind::SafeCast) {
                            return Val::Null { via };
                        }
                        if via {
                            self.failing_casts.push(expr.clone());
                        }
                        Val::Raises
                    }
                    Val::Str { s, via } if is_text_type(data_type) => Val::Str { s, via },
                    Val::Str { via, .. } => Val::Unknown { via },
                    Val::Row { key, via } => Val::Row {
                        key: format!("{key}::{}", data_type.to_string().to_lowercase()),
                        via,
                    },
                    other => other,
                }
            }
            Expr::BinaryOp { left, op, right } => {
                let (l, r) = (self.eval(left), self.eval(right));
                self.binary(expr, op, l, r)
            }
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => match self.eval(inner) {
                Val::Bool { b, via, .. } => Val::Bool {
                    b: !b,
                    via,
                    why: Some(Box::new(expr.clone())),
                },
                other => other,
            },
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                let wants_null = matches!(expr, Expr::IsNull(_));
                match self.eval(inner) {
                    Val::Null { via } => Val::Bool {
                        b: wants_null,
                        via,
                        why: Some(Box::new(expr.clone())),
                    },
                    Val::Str { via, .. } | Val::Bool { via, .. } => Val::Bool {
                        b: !wants_null,
                        via,
                        why: Some(Box::new(expr.clone())),
                    },
                    Val::Raises => Val::Raises,
                    other => Val::Unknown { via: other.via() },
                }
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                let distinct = matches!(expr, Expr::IsDistinctFrom(..));
                let (l, r) = (self.eval(a), self.eval(b));
                let via = l.via() || r.via();
                let same = match (&l, &r) {
                    (Val::Null { .. }, Val::Null { .. }) => Some(true),
                    (Val::Null { .. }, Val::Str { .. } | Val::Bool { .. })
                    | (Val::Str { .. } | Val::Bool { .. }, Val::Null { .. }) => Some(false),
                    _ => compare(&BinaryOperator::Eq, &l, &r),
                };
                match same {
                    Some(same) => Val::Bool {
                        b: same != distinct,
                        via,
                        why: Some(Box::new(expr.clone())),
                    },
                    None if l == Val::Raises || r == Val::Raises => Val::Raises,
                    None => Val::Unknown { via },
                }
            }
            Expr::Like {
                negated,
                expr: inner,
                pattern,
                ..
            }
            | Expr::ILike {
                negated,
                expr: inner,
                pattern,
                ..
            } => {
                let (value, pattern) = (self.eval(inner), self.eval(pattern));
                match (&value, &pattern) {
                    (Val::Raises, _) | (_, Val::Raises) => Val::Raises,
                    (Val::Null { via: a }, _) | (_, Val::Null { via: a }) => Val::Null { via: *a },
                    // `%` alone matches every string.
                    (Val::Row { via: a, .. } | Val::Str { via: a, .. }, Val::Str { s, via: b })
                        if !s.is_empty() && s.chars().all(|c| c == '%') =>
                    {
                        Val::Bool {
                            b: !negated,
                            via: *a || *b,
                            why: Some(Box::new(expr.clone())),
                        }
                    }
                    _ => Val::Unknown {
                        via: value.via() || pattern.via(),
                    },
                }
            }
            other => Val::Unknown {
                via: mentions_setting(other),
            },
        }
    }

    fn binary(&mut self, expr: &Expr, op: &BinaryOperator, l: Val, r: Val) -> Val {
        let via = l.via() || r.via();
        match op {
            BinaryOperator::And => {
                if l.is_false() || r.is_false() {
                    Val::Bool {
                        b: false,
                        via,
                        why: None,
                    }
                } else if l == Val::Raises || r == Val::Raises {
                    Val::Raises
                } else if l.is_true() && r.is_true() {
                    let why = match (&l, &r) {
                        (Val::Bool { via: true, why, .. }, _) | (_, Val::Bool { via: true, why, .. }) => why.clone(),
                        _ => Some(Box::new(expr.clone())),
                    };
                    Val::Bool { b: true, via, why }
                } else if matches!(l, Val::Null { .. }) || matches!(r, Val::Null { .. }) {
                    Val::Null { via }
                } else {
                    Val::Unknown { via }
                }
            }
            BinaryOperator::Or => {
                // A TRUE operand decides, and the one caused by the setting is the one to show.
                let mut trues: Vec<&Val> = [&l, &r].into_iter().filter(|v| v.is_true()).collect();
                trues.sort_by_key(|v| !v.via());
                if let Some(first) = trues.first() {
                    return (*first).clone();
                }
                if l == Val::Raises || r == Val::Raises {
                    Val::Raises
                } else if l.is_false() && r.is_false() {
                    Val::Bool {
                        b: false,
                        via,
                        why: None,
                    }
                } else if matches!(l, Val::Null { .. } | Val::Bool { b: false, .. })
                    && matches!(r, Val::Null { .. } | Val::Bool { b: false, .. })
                {
                    Val::Null { via }
                } else {
                    Val::Unknown { via }
                }
            }
            BinaryOperator::StringConcat => match (l, r) {
                (Val::Raises, _) | (_, Val::Raises) => Val::Raises,
                (Val::Null { .. }, _) | (_, Val::Null { .. }) => Val::Null { via },
                (Val::Str { s: a, .. }, Val::Str { s: b, .. }) => Val::Str { s: a + &b, via },
                _ => Val::Unknown { via },
            },
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::Gt
            | BinaryOperator::LtEq
            | BinaryOperator::GtEq => {
                if l == Val::Raises || r == Val::Raises {
                    return Val::Raises;
                }
                if matches!(l, Val::Null { .. }) || matches!(r, Val::Null { .. }) {
                    return Val::Null { via };
                }
                match compare(op, &l, &r) {
                    Some(b) => Val::Bool {
                        b,
                        via,
                        why: Some(Box::new(expr.clone())),
                    },
                    None => Val::Unknown { via },
                }
            }
            _ => {
                if l == Val::Raises || r == Val::Raises {
                    Val::Raises
                } else {
                    Val::Unknown { via }
                }
            }
        }
    }

    fn call(&mut self, function: &Function) -> Val {
        let name = function_name(function);
        let args = arguments(function);
        match name.as_str() {
            "current_setting" => {
                let missing_ok = args.get(1).and_then(|a| boolean_literal(a)) == Some(true);
                match self.unset {
                    Unset::Never if missing_ok => Val::Null { via: true },
                    // Raises `unrecognized configuration parameter`: the missing_ok rule's case.
                    Unset::Never => Val::Raises,
                    Unset::Empty => Val::Str {
                        s: String::new(),
                        via: true,
                    },
                }
            }
            "nullif" if args.len() == 2 => {
                let (a, b) = (self.eval(args[0]), self.eval(args[1]));
                let via = a.via() || b.via();
                match (&a, &b) {
                    (Val::Raises, _) | (_, Val::Raises) => Val::Raises,
                    (Val::Null { .. }, _) => Val::Null { via },
                    (Val::Str { s: x, .. }, Val::Str { s: y, .. }) if x == y => Val::Null { via },
                    (Val::Str { .. }, Val::Str { .. }) => a.with_via(via),
                    _ => Val::Unknown { via },
                }
            }
            "coalesce" => {
                let mut skipped_via = false;
                for arg in args {
                    match self.eval(arg) {
                        Val::Null { via } => skipped_via |= via,
                        Val::Raises => return Val::Raises,
                        value => return value.with_via(skipped_via),
                    }
                }
                Val::Null { via: skipped_via }
            }
            _ => {
                let values: Vec<Val> = args.into_iter().map(|a| self.eval(a)).collect();
                if values.contains(&Val::Raises) {
                    Val::Raises
                } else {
                    Val::Unknown {
                        via: values.iter().any(Val::via),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn text(expr: &Option<Expr>) -> Option<String> {
        expr.as_ref().map(|e| e.to_string())
    }

    fn verdict(sql: &str) -> Verdict {
        let expr = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(sql)
            .and_then(|mut p| p.parse_expr())
            .unwrap();
        judge(&expr)
    }

    #[test]
    fn the_generated_condition_fails_closed() {
        let v = verdict("\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid");
        assert_eq!(v, Verdict::default());
    }

    #[test]
    fn an_unguarded_cast_raises_on_the_empty_string() {
        let v = verdict("tenant_id = current_setting('app.current_tenant_id', true)::uuid");
        assert_eq!(v.failing_casts.len(), 1);
        assert_eq!(v.open_when_never_set, None);
        let v = verdict("tenant_id = CAST(coalesce(current_setting('app.t', true), '') AS uuid)");
        assert_eq!(v.failing_casts.len(), 1);
        // Casting to text cannot fail.
        assert!(verdict("tenant_id::text = current_setting('app.t', true)::text")
            .failing_casts
            .is_empty());
    }

    #[test]
    fn ways_to_fail_open() {
        let v = verdict(
            "tenant_id = NULLIF(current_setting('app.t', true), '')::uuid OR current_setting('app.t', true) IS NULL",
        );
        assert_eq!(
            text(&v.open_when_never_set).as_deref(),
            Some("current_setting('app.t', true) IS NULL")
        );
        assert_eq!(v.open_when_empty, None);

        let v = verdict("tenant_id::text = coalesce(current_setting('app.t', true), tenant_id::text)");
        assert!(v.open_when_never_set.is_some(), "{v:?}");

        let v = verdict("tenant_id = coalesce(NULLIF(current_setting('app.t', true), '')::uuid, tenant_id)");
        assert!(v.open_when_never_set.is_some() && v.open_when_empty.is_some(), "{v:?}");

        let v = verdict(
            "tenant_id = NULLIF(current_setting('app.t', true), '')::uuid OR current_setting('app.t', true) = ''",
        );
        assert_eq!(v.open_when_never_set, None);
        assert_eq!(
            text(&v.open_when_empty).as_deref(),
            Some("current_setting('app.t', true) = ''")
        );

        let v = verdict("tenant_id::text LIKE current_setting('app.t', true) || '%'");
        assert!(v.open_when_empty.is_some(), "{v:?}");
        assert_eq!(v.open_when_never_set, None);
    }

    #[test]
    fn always_true_policies() {
        assert_eq!(text(&verdict("true").always_true).as_deref(), Some("true"));
        assert_eq!(text(&verdict("(1 = 1)").always_true).as_deref(), Some("1 = 1"));
        assert!(verdict("tenant_id = tenant_id").always_true.is_some());
        assert_eq!(verdict("is_public").always_true, None);
    }

    #[test]
    fn other_conditions_are_not_blamed_on_the_setting() {
        let v = verdict("is_public OR tenant_id = NULLIF(current_setting('app.t', true), '')::uuid");
        assert_eq!(v, Verdict::default());
        let v = verdict("owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid AND NOT archived");
        assert_eq!(v, Verdict::default());
    }

    #[test]
    fn volatile_and_constant_defaults() {
        let parse = |sql: &str| {
            Parser::new(&PostgreSqlDialect {})
                .try_with_sql(sql)
                .and_then(|mut p| p.parse_expr())
                .unwrap()
        };
        assert_eq!(
            volatile_call(&parse("gen_random_uuid()")).as_deref(),
            Some("gen_random_uuid")
        );
        assert_eq!(
            volatile_call(&parse("(extract(epoch from clock_timestamp()))")).as_deref(),
            Some("clock_timestamp")
        );
        assert_eq!(volatile_call(&parse("now()")), None);
        assert_eq!(volatile_call(&parse("CURRENT_TIMESTAMP")), None);
        assert!(is_constant(&parse("-1")));
        assert!(is_constant(&parse("('x')")));
        assert!(!is_constant(&parse("CURRENT_TIMESTAMP")));
    }
}
