//! Escaping every value that reaches a report: HTML text and attributes, Markdown text and
//! code spans. Whatever a note or a pasted value holds comes out as inert text.

/// Text for HTML element content or a quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (other than line breaks and tabs) are dropped: they have no
            // place in a printed page and some are invalid in HTML.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown paragraph or table cell, on one line: every character Markdown or the
/// HTML it may pass through could act on is backslash-escaped, line breaks become spaces.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut last_space = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' || c == '\t' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = c == ' ';
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    // A line starting with "1." or "-" or "+" would turn into a list item.
    let trimmed = out.trim().to_owned();
    if trimmed.starts_with(['-', '+', '=']) {
        return format!("\\{trimmed}");
    }
    // "1." or "1)" would start a numbered list: escape the dot or parenthesis.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    trimmed
}

/// A Markdown code span holding `s` literally (on one line).
pub fn md_code(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in one_line.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = one_line.starts_with('`') || one_line.ends_with('`');
    if pad {
        format!("{fence} {one_line} {fence}")
    } else {
        format!("{fence}{one_line}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn markdown_text_cannot_become_markup() {
        assert_eq!(
            md("<b>*hi*</b>\n[x](http://e)"),
            "\\<b\\>\\*hi\\*\\</b\\> \\[x\\](http://e)"
        );
        assert_eq!(md("1. first"), "1\\. first");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("a | b"), "a \\| b");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(md_code("tweet.read"), "`tweet.read`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
    }
}
