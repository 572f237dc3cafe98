//! The only ways text from a schema reaches SQL: [`quote`] for identifiers and literals, and
//! [`SqlExpr`] for the expressions a schema writes in SQL (checks, partial-index predicates,
//! defaults).

mod expr;
pub mod lex;
pub mod one_expression;
pub mod quote;
mod split;

pub use expr::{ExprError, SqlExpr};
pub use split::{
    concurrent_index_name, dollar_quote_end, leading_comments_len, needs_own_transaction, skip_quoted, split_statements,
};
