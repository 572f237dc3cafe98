//! A database comment as the text of a `#[doc]` attribute. rustdoc reads docs as Markdown, and a
//! comment is plain text: `Format: [ZONE]-[BIN]` would be two broken links, `Vec<u8>` an unclosed
//! HTML tag and a bare URL a lint, each a warning in the application's `cargo doc`. Markdown's
//! punctuation is escaped so the text shows as written, and URLs become links.

/// What Markdown would read as syntax in plain text (CommonMark lets any of them be escaped).
const MARKDOWN: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '!'];

pub fn doc_text(comment: &str) -> String {
    let mut out = String::with_capacity(comment.len() + 8);
    let mut rest = comment;
    while let Some(at) = ["https://", "http://"].iter().filter_map(|s| rest.find(s)).min() {
        let end = rest[at..].find(char::is_whitespace).map_or(rest.len(), |e| at + e);
        let (text, url) = (&rest[..at], &rest[at..end]);
        push_escaped(&mut out, text);
        // An autolink, unless the URL holds `<` or `>` (which would end one): then it is text.
        if url.contains(['<', '>']) {
            push_escaped(&mut out, url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[end..];
    }
    push_escaped(&mut out, rest);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if MARKDOWN.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn markdown_punctuation_is_shown_as_written() {
        assert_eq!(
            doc_text("Format: [ZONE]-[AISLE]-[BIN] (e.g., \"A-01-05\")"),
            r#"Format: \[ZONE\]-\[AISLE\]-\[BIN\] (e.g., "A-01-05")"#
        );
        assert_eq!(
            doc_text("bytes as Vec<u8>, *not* text_"),
            r"bytes as Vec\<u8\>, \*not\* text\_"
        );
        assert_eq!(doc_text(r"C:\path # `x` | ~y~ !"), r"C:\\path \# \`x\` \| \~y\~ \!");
        assert_eq!(doc_text("plain words, 100% kept"), "plain words, 100% kept");
    }

    #[test]
    fn urls_become_links() {
        assert_eq!(
            doc_text("see https://example.com/a_b for [details]"),
            r"see <https://example.com/a_b> for \[details\]"
        );
        assert_eq!(doc_text("http://x.test"), "<http://x.test>");
        assert_eq!(doc_text("odd https://x.test/<y>"), r"odd https://x.test/\<y\>");
    }
}
