//! Character-level helpers shared by the checks and the one-click fixes.

/// Characters that copying from a web page or a chat picks up and that nobody can see:
/// zero-width characters, the byte-order mark, soft hyphens, bidirectional controls and
/// no-break spaces.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' // no-break space
        | '\u{00AD}' // soft hyphen
        | '\u{034F}' // combining grapheme joiner
        | '\u{061C}' // Arabic letter mark
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
        | '\u{180E}' // Mongolian vowel separator
        | '\u{2007}' // figure space
        | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{202A}'..='\u{202F}' // bidi embedding controls, narrow no-break space
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format characters
        | '\u{FEFF}' // byte-order mark / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
    ) || c.is_control() && !is_plain_whitespace(c)
}

/// Ordinary whitespace that trimming removes: spaces, tabs, newlines and the other Unicode
/// spaces, except the no-break ones (which count as invisible characters).
pub fn is_plain_whitespace(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// A short description of an invisible character, for messages.
pub fn describe_invisible(c: char) -> String {
    let name = match c {
        '\u{00A0}' => "a no-break space",
        '\u{00AD}' => "a soft hyphen",
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{200E}' | '\u{200F}' => "a text-direction mark",
        '\u{202F}' => "a narrow no-break space",
        '\u{2007}' => "a figure space",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a byte-order mark (BOM)",
        '\t' => "a tab",
        '\n' | '\r' => "a line break",
        c if c.is_control() => "a control character",
        _ => "an invisible formatting character",
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

/// The value without invisible characters: zero-width characters, byte-order marks and
/// control characters are removed; no-break spaces, tabs and line breaks become plain spaces;
/// the result is trimmed. This is what [`FixAction::RemoveInvisible`](crate::FixAction) does.
pub fn remove_invisible(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out.trim_matches(is_plain_whitespace).to_owned()
}

/// The quote characters people paste around values.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '‹' | '›'
    )
}

/// The value without one quote character at each end (and the whitespace inside them).
pub fn remove_quotes(value: &str) -> String {
    let t = value.trim_matches(is_plain_whitespace);
    let t = t.strip_prefix(is_quote).unwrap_or(t);
    let t = t.strip_suffix(is_quote).unwrap_or(t);
    t.trim_matches(is_plain_whitespace).to_owned()
}

/// Levenshtein distance over characters, giving up (returning `None`) above `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_whitespace() {
        assert!(
            is_invisible('\u{200B}')
                && is_invisible('\u{FEFF}')
                && is_invisible('\u{00A0}')
                && is_invisible('\u{0007}')
        );
        assert!(!is_invisible(' ') && !is_invisible('\n') && !is_invisible('a'));
        assert!(is_plain_whitespace('\n') && !is_plain_whitespace('\u{00A0}'));
        assert_eq!(remove_invisible("\u{FEFF}ab\u{200B}c\u{00A0}"), "abc");
        assert_eq!(remove_invisible("a\tb"), "a b");
    }

    #[test]
    fn quotes() {
        assert_eq!(remove_quotes("\"abc\""), "abc");
        assert_eq!(remove_quotes(" “abc” "), "abc");
        assert_eq!(remove_quotes("'abc"), "abc");
        assert_eq!(remove_quotes("abc"), "abc");
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("tweet.wrte", "tweet.write", 2), Some(1));
        assert_eq!(edit_distance("abc", "xyzxyz", 2), None);
        assert_eq!(edit_distance("", "", 0), Some(0));
    }
}
