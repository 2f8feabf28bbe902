//! Character-by-character comparison of two strings (the callback SocialMine sends and the
//! one a console has), as segments: each difference is its own marked segment, so
//! `https://…/callback` against `http://…/callback/` marks the `s` and the trailing `/` and
//! nothing in between. The window, `check`'s text and its JSON all show these segments; the
//! window never computes a diff of its own.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use ts_rs::TS;

/// Above this many characters on either side (no real callback URL is that long) the
/// comparison is one difference from the common prefix to the common suffix: a character
/// diff costs time proportional to length times differences, and a pasted megabyte must not
/// stall a check.
pub const MAX_DIFF_CHARS: usize = 4096;

/// A run of characters of one side of a comparison. `differs` runs are what the other side
/// does not have; an empty `differs` run marks the place where the other side has
/// characters this one lacks (shown as `[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Segment {
    pub text: String,
    pub differs: bool,
}

/// Both sides of a comparison as segments. The two lists line up: the n-th segment of one
/// side pairs with the n-th of the other, equal runs are identical, differing runs are the
/// two sides of one difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharDiff {
    pub a: Vec<Segment>,
    pub b: Vec<Segment>,
}

impl CharDiff {
    /// Compares `a` with `b` character by character (Myers' algorithm).
    pub fn new(a: &str, b: &str) -> CharDiff {
        let ac: Vec<char> = a.chars().collect();
        let bc: Vec<char> = b.chars().collect();
        let ops = if ac.len() > MAX_DIFF_CHARS || bc.len() > MAX_DIFF_CHARS {
            prefix_suffix_ops(&ac, &bc)
        } else {
            capture_diff_slices(Algorithm::Myers, &ac, &bc)
        };
        let text = |s: &[char]| s.iter().collect::<String>();
        let mut out = CharDiff {
            a: Vec::new(),
            b: Vec::new(),
        };
        // A pending difference: the ranges in `a` and `b` not yet closed by an equal run.
        let mut pending: Option<(usize, usize, usize, usize)> = None;
        let flush = |out: &mut CharDiff, p: &mut Option<(usize, usize, usize, usize)>| {
            if let Some((a0, a1, b0, b1)) = p.take() {
                out.a.push(Segment {
                    text: text(&ac[a0..a1]),
                    differs: true,
                });
                out.b.push(Segment {
                    text: text(&bc[b0..b1]),
                    differs: true,
                });
            }
        };
        for op in ops {
            let (_, old, new) = op.as_tag_tuple();
            if let DiffOp::Equal { .. } = op {
                flush(&mut out, &mut pending);
                if !old.is_empty() {
                    let t = text(&ac[old]);
                    out.a.push(Segment {
                        text: t.clone(),
                        differs: false,
                    });
                    out.b.push(Segment {
                        text: t,
                        differs: false,
                    });
                }
                continue;
            }
            pending = Some(match pending {
                Some((a0, _, b0, _)) => (a0, old.end, b0, new.end),
                None => (old.start, old.end, new.start, new.end),
            });
        }
        flush(&mut out, &mut pending);
        out
    }

    /// How many separate differences there are.
    pub fn differences(&self) -> usize {
        self.a.iter().filter(|s| s.differs).count()
    }
}

/// The common prefix, one replacement, the common suffix.
fn prefix_suffix_ops(a: &[char], b: &[char]) -> Vec<DiffOp> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    let mut ops = vec![DiffOp::Equal {
        old_index: 0,
        new_index: 0,
        len: prefix,
    }];
    if a_end > prefix || b_end > prefix {
        ops.push(DiffOp::Replace {
            old_index: prefix,
            old_len: a_end - prefix,
            new_index: prefix,
            new_len: b_end - prefix,
        });
    }
    ops.push(DiffOp::Equal {
        old_index: a_end,
        new_index: b_end,
        len: suffix,
    });
    ops
}

/// The segments as text, each differing run wrapped in `[` `]` (an empty one as `[]`).
pub fn marked(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        if s.differs {
            out.push('[');
            out.push_str(&s.text);
            out.push(']');
        } else {
            out.push_str(&s.text);
        }
    }
    out
}

/// Character range `(start, end)` from the first to the end of the last differing run.
pub fn span(segments: &[Segment]) -> (usize, usize) {
    let mut pos = 0;
    let mut first = None;
    let mut last = 0;
    for s in segments {
        let n = s.text.chars().count();
        if s.differs {
            first.get_or_insert(pos);
            last = pos + n;
        }
        pos += n;
    }
    (first.unwrap_or(pos), last.max(first.unwrap_or(pos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(a: &str, b: &str) -> (String, String) {
        let d = CharDiff::new(a, b);
        (marked(&d.a), marked(&d.b))
    }

    #[test]
    fn scheme_and_trailing_slash_are_two_differences() {
        let a = "https://api.acme.com/api/connect/google/callback";
        let b = "http://api.acme.com/api/connect/google/callback/";
        let d = CharDiff::new(a, b);
        assert_eq!(d.differences(), 2);
        assert_eq!(
            marked(&d.a),
            "http[s]://api.acme.com/api/connect/google/callback[]"
        );
        assert_eq!(
            marked(&d.b),
            "http[]://api.acme.com/api/connect/google/callback[/]"
        );
        assert_eq!(span(&d.a), (4, 48));
        assert_eq!(span(&d.b), (4, 48));
    }

    #[test]
    fn only_the_changed_characters_are_marked() {
        assert_eq!(
            both("https://a/x/cb", "https://a/y/cb"),
            ("https://a/[x]/cb".to_owned(), "https://a/[y]/cb".to_owned())
        );
        assert_eq!(
            both("abc", "abc/"),
            ("abc[]".to_owned(), "abc[/]".to_owned())
        );
        assert_eq!(
            both("/connect/github/callback", "/conect/githb/callback"),
            (
                "/con[n]ect/gith[u]b/callback".to_owned(),
                "/con[]ect/gith[]b/callback".to_owned()
            )
        );
    }

    #[test]
    fn segments_rebuild_both_sides_and_line_up() {
        for (a, b) in [
            ("", "x"),
            ("x", ""),
            ("héllo wörld", "hello world!"),
            ("https://A.com/a", "https://a.com/b/"),
        ] {
            let d = CharDiff::new(a, b);
            let join = |s: &[Segment]| s.iter().map(|x| x.text.as_str()).collect::<String>();
            assert_eq!(join(&d.a), a);
            assert_eq!(join(&d.b), b);
            assert_eq!(d.a.len(), d.b.len());
            for (x, y) in d.a.iter().zip(&d.b) {
                assert_eq!(x.differs, y.differs);
                if !x.differs {
                    assert_eq!(x.text, y.text);
                } else {
                    assert_ne!(x.text, y.text);
                }
            }
        }
        assert_eq!(CharDiff::new("same", "same").differences(), 0);
    }

    #[test]
    fn a_megabyte_is_compared_quickly_as_one_difference() {
        let long = format!("https://{}.com/", "a".repeat(1 << 20));
        let d = CharDiff::new("https://b.com/", &long);
        assert_eq!(d.differences(), 1);
        let join = |s: &[Segment]| s.iter().map(|x| x.text.as_str()).collect::<String>();
        assert_eq!(join(&d.b), long);
        assert_eq!(join(&d.a), "https://b.com/");
    }
}
