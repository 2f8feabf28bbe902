//! Troubleshooting: error texts a provider or SocialMine shows, matched against what the admin
//! pastes, with the likely cause and the fix.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Catalog;
use crate::platform::PlatformId;

/// An error text a provider or SocialMine shows, its likely cause and the fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct TroubleshootEntry {
    pub id: String,
    pub title: String,
    /// Texts matched case-insensitively anywhere in what the admin pastes.
    pub patterns: Vec<String>,
    /// Error codes matched when written as `code 100`, `"code":100`, `error_code=100`, `(#100)`.
    pub codes: Vec<String>,
    /// The platforms it applies to (empty: any).
    pub platforms: Vec<PlatformId>,
    pub cause: String,
    pub fix: String,
    /// The [`Source`](super::Source) id.
    pub source: String,
}

impl TroubleshootEntry {
    /// How well the entry matches a pasted error text: 0 for no match, higher for a more
    /// specific match (a code, or a longer pattern).
    pub fn score(&self, text_lower: &str) -> usize {
        let by_pattern = self
            .patterns
            .iter()
            .filter(|p| text_lower.contains(&p.to_lowercase()))
            .map(|p| p.len())
            .max()
            .unwrap_or(0);
        let by_code = if self.codes.iter().any(|c| mentions_code(text_lower, c)) {
            1000
        } else {
            0
        };
        by_pattern.max(by_code)
    }
}

/// Whether `code` appears as an error code in the text.
fn mentions_code(text_lower: &str, code: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = text_lower[from..].find(code) {
        let start = from + pos;
        let end = start + code.len();
        from = end;
        let before = &text_lower[..start];
        let after = &text_lower[end..];
        if before.ends_with(|c: char| c.is_ascii_digit())
            || after.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let lead = before.trim_end_matches([' ', ':', '"', '=', '\'']);
        if before.ends_with('#')
            || lead.ends_with("code")
            || lead.ends_with("error_code")
            || lead.ends_with("error")
        {
            return true;
        }
    }
    false
}

impl Catalog {
    /// The troubleshooting entries matching a pasted error text, best match first. With a
    /// platform, entries limited to other platforms are left out.
    pub fn troubleshoot(
        &self,
        error_text: &str,
        platform: Option<PlatformId>,
    ) -> Vec<&TroubleshootEntry> {
        let lower = error_text.to_lowercase();
        let mut hits: Vec<(usize, &TroubleshootEntry)> = self
            .troubleshooting
            .iter()
            .filter(|t| platform.is_none_or(|p| t.platforms.is_empty() || t.platforms.contains(&p)))
            .map(|t| (t.score(&lower), t))
            .filter(|(s, _)| *s > 0)
            .collect();
        hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.platforms.is_empty().cmp(&b.1.platforms.is_empty()))
        });
        hits.into_iter().map(|(_, t)| t).collect()
    }
}
