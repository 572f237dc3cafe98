//! How deeply Rust code nests, measured before syn parses it: syn descends one level of
//! recursion per bracket and per generic argument, and a few hundred levels (a `diesel_type`
//! of 200 nested generics) overflow the stack of a build script. Tokenizing is iterative, so
//! measuring is safe at any depth.

use proc_macro2::{Spacing, TokenStream, TokenTree};

/// More than any real type or struct needs (`Nullable<Array<Nullable<Text>>>` is 3).
pub const MAX_DEPTH: usize = 64;

/// Where `text` first nests deeper than [`MAX_DEPTH`] (brackets and generic `<...>` together),
/// as a 1-based line and column; `None` if it does not, or does not tokenize (syn then reports
/// the syntax error).
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let tokens: TokenStream = text.parse().ok()?;
    // Each open group: its remaining tokens, and the generic depth inside it so far.
    let mut stack: Vec<(std::vec::IntoIter<TokenTree>, usize)> =
        vec![(tokens.into_iter().collect::<Vec<_>>().into_iter(), 0)];
    let mut previous: Option<(char, Spacing)> = None;
    loop {
        let groups = stack.len();
        let Some((tokens, angles)) = stack.last_mut() else {
            break;
        };
        let Some(token) = tokens.next() else {
            stack.pop();
            continue;
        };
        if groups - 1 + *angles > MAX_DEPTH {
            let start = token.span().start();
            return Some((start.line, start.column + 1));
        }
        match &token {
            TokenTree::Punct(punct) => {
                // `->` and `=>` are arrows, not closing brackets.
                let arrow = matches!(previous, Some(('-' | '=', Spacing::Joint)));
                match punct.as_char() {
                    '<' => *angles += 1,
                    '>' if !arrow => *angles = angles.saturating_sub(1),
                    // A generic list never holds a statement: comparisons before it are done.
                    ';' => *angles = 0,
                    _ => {}
                }
                previous = Some((punct.as_char(), punct.spacing()));
            }
            TokenTree::Group(group) => {
                previous = None;
                stack.push((group.stream().into_iter().collect::<Vec<_>>().into_iter(), 0));
            }
            _ => previous = None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("a::B{}{}", "<a::B".repeat(n), ">".repeat(n))
    }

    #[test]
    fn generics_and_brackets_count() {
        assert_eq!(too_deep(&nested(MAX_DEPTH)), None);
        // At the name after the 65th `<`.
        assert_eq!(too_deep(&nested(200)), Some((1, 4 + 5 * MAX_DEPTH + 2)));
        let parens = format!("fn f() {{ {}1{} }}", "(".repeat(200), ")".repeat(200));
        assert!(too_deep(&parens).is_some());
        assert_eq!(
            too_deep("diesel::sql_types::Nullable<diesel::sql_types::Array<Text>>"),
            None
        );
    }

    #[test]
    fn arrows_and_comparisons_do_not_add_up() {
        let mut code = String::new();
        for _ in 0..500 {
            code.push_str(
                "fn f(a: u8) -> Vec<u8> { if a < 2 && a <= 3 { vec![] } else { match a { _ => vec![] } } }\n",
            );
        }
        assert_eq!(too_deep(&code), None);
        let shifts = "const X: u64 = 1 << 2;\n".repeat(500);
        assert_eq!(too_deep(&shifts), None);
    }
}
