//! Reading SQL scripts without parsing them ([`lex`], the statement splitter) and the only way
//! text becomes an identifier or a literal ([`quote`]).

pub mod lex;
pub mod quote;
mod split;

pub use split::{
    concurrent_index_name, dollar_quote_end, leading_comments_len, needs_own_transaction, skip_quoted,
    split_statements, statement_ranges,
};
