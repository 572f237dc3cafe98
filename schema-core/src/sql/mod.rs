//! The only ways text from a schema reaches SQL: [`quote`] for identifiers and literals, and
//! [`SqlExpr`] for the expressions a schema writes in SQL (checks, partial-index predicates,
//! defaults).
//!
//! The lexer, the statement splitter and the quoting functions are the runtime's too: they live
//! in `tablewright-runtime-core` and are re-exported here.

mod expr;
pub mod one_expression;
pub mod query_names;

pub use expr::{ExprError, SqlExpr};
pub use tablewright_runtime_core::sql::{
    concurrent_index_name, dollar_quote_end, leading_comments_len, lex, needs_own_transaction, quote, skip_quoted,
    split_statements, statement_ranges,
};
