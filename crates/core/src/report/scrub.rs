//! Keeping secrets out of reports, even when one was pasted into the wrong place (a note, the
//! Client ID field, a deployment name).
//!
//! Every value a report shows passes through a [`Scrubber`] before it is escaped. It hides:
//! - any known secret (the client secrets in the deployment file and those the app hands in
//!   from the keyring), any piece of one of 8 characters or more, and its last 4 characters
//!   wherever they appear;
//! - any word shaped like a client secret of some platform (per the catalog's credential
//!   shapes) that does not also look like a Client ID, so a secret the app does not know
//!   about is still not printed.

use crate::catalog::{Catalog, CredentialShape};
use crate::deployment::Deployment;
use crate::finding::Field;
use crate::secret::Secret;

/// What a hidden part of a value is replaced with.
pub const HIDDEN: &str = "[hidden: looks like a secret]";

/// The shortest piece of a known secret that is hidden anywhere in a value.
const MIN_PIECE: usize = 8;
/// The length of a known secret's tail that is hidden wherever it appears.
const TAIL: usize = 4;
/// Values longer than this (in characters) are cut before scrubbing, to bound the work.
pub const MAX_VALUE_CHARS: usize = 4000;

/// Hides secrets in the values a report shows.
#[derive(Clone)]
pub struct Scrubber<'a> {
    secrets: Vec<Vec<char>>,
    secret_shapes: Vec<&'a CredentialShape>,
    id_shapes: Vec<&'a CredentialShape>,
}

impl std::fmt::Debug for Scrubber<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scrubber({} secrets)", self.secrets.len())
    }
}

impl<'a> Scrubber<'a> {
    /// A scrubber that knows the deployment's own client secrets, the `extra` secrets (the
    /// keyring's) and the catalog's credential shapes.
    pub fn new(catalog: &'a Catalog, deployment: Option<&Deployment>, extra: &[Secret]) -> Self {
        let mut secrets: Vec<Vec<char>> = Vec::new();
        let from_file = deployment
            .into_iter()
            .flat_map(|d| d.platforms.values())
            .filter_map(|p| p.client_secret.as_ref());
        for s in from_file.chain(extra.iter()) {
            let v = s.expose_str().trim();
            if !v.is_empty() {
                secrets.push(v.chars().collect());
            }
        }
        secrets.sort();
        secrets.dedup();
        let shapes = catalog.platforms.iter().flat_map(|p| p.credentials.iter());
        let (secret_shapes, id_shapes) = shapes.partition(|c| c.field == Field::ClientSecret);
        Scrubber {
            secrets,
            secret_shapes,
            id_shapes,
        }
    }

    /// The value with every secret-looking part replaced by [`HIDDEN`].
    pub fn clean(&self, value: &str) -> String {
        let chars: Vec<char> = value.chars().take(MAX_VALUE_CHARS).collect();
        let mut hide = vec![false; chars.len()];
        for s in &self.secrets {
            mark_known(&chars, s, &mut hide);
        }
        self.mark_shaped(&chars, &mut hide);
        let mut out = String::with_capacity(value.len());
        let mut i = 0;
        while i < chars.len() {
            if hide[i] {
                out.push_str(HIDDEN);
                while i < chars.len() && hide[i] {
                    i += 1;
                }
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }

    /// Whether the value holds anything secret-looking.
    pub fn is_dirty(&self, value: &str) -> bool {
        self.clean(value) != value.chars().take(MAX_VALUE_CHARS).collect::<String>()
    }

    /// Words shaped like a client secret and not like a client ID.
    fn mark_shaped(&self, chars: &[char], hide: &mut [bool]) {
        let is_word =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/' | '=');
        let mut i = 0;
        while i < chars.len() {
            if !is_word(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // Trailing sentence punctuation is not part of a credential.
            let word = word.trim_end_matches(['.', '/', '-']);
            let has_digit = word.chars().any(|c| c.is_ascii_digit());
            let has_letter = word.chars().any(|c| c.is_ascii_alphabetic());
            if has_digit
                && has_letter
                && self.secret_shapes.iter().any(|s| s.matches(word))
                && !self.id_shapes.iter().any(|s| s.matches(word))
            {
                let end = start + word.chars().count();
                hide[start..end].iter_mut().for_each(|h| *h = true);
            }
        }
    }
}

/// Marks every piece of `text` that matches a piece of `secret` of at least [`MIN_PIECE`]
/// characters (or the whole secret when shorter), and every occurrence of its last
/// [`TAIL`] characters together with whatever precedes it that also matches the secret.
fn mark_known(text: &[char], secret: &[char], hide: &mut [bool]) {
    let n = secret.len();
    let min_piece = MIN_PIECE.min(n);
    let tail = TAIL.min(n);
    for start in 0..text.len() {
        for j in 0..n {
            let len = text[start..]
                .iter()
                .zip(&secret[j..])
                .take_while(|(a, b)| a == b)
                .count();
            let reaches_end = j + len == n;
            if len >= min_piece || (reaches_end && len >= tail) {
                hide[start..start + len].iter_mut().for_each(|h| *h = true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::PlatformId;

    #[test]
    fn known_secrets_their_pieces_and_tails_are_hidden() {
        let c = Catalog::built_in();
        let secret = Secret::from("Zq9vXk2LmP0wRt7Y");
        let s = Scrubber::new(&c, None, &[secret]);
        assert_eq!(
            s.clean("pasted Zq9vXk2LmP0wRt7Y here"),
            format!("pasted {HIDDEN} here")
        );
        assert_eq!(s.clean("ends in …Rt7Y"), format!("ends in …{HIDDEN}"));
        assert_eq!(s.clean("part Xk2LmP0w"), format!("part {HIDDEN}"));
        assert_eq!(s.clean("nothing here: Zq9v"), "nothing here: Zq9v");
    }

    #[test]
    fn secret_shaped_words_are_hidden_but_ids_are_not() {
        let c = Catalog::built_in();
        let s = Scrubber::new(&c, None, &[]);
        let meta_secret = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            s.clean(&format!("secret {meta_secret}.")),
            format!("secret {HIDDEN}.")
        );
        assert_eq!(
            s.clean("app id 1234567890123456"),
            "app id 1234567890123456"
        );
        assert_eq!(s.clean("WPL_AP1.abcdEFGH12345678.aBcD1234"), HIDDEN);
        assert_eq!(
            s.clean("TikTok key aw1234abcd5678ef"),
            "TikTok key aw1234abcd5678ef"
        );
        assert_eq!(s.clean("verificationdone ok"), "verificationdone ok");
    }

    #[test]
    fn secrets_in_the_deployment_file_are_known() {
        let c = Catalog::built_in();
        let mut d = Deployment::new("https://api.acme.com");
        d.set_field(
            Some(PlatformId::Linkedin),
            Field::ClientSecret,
            Some("shortsec".into()),
        )
        .expect("set");
        let s = Scrubber::new(&c, Some(&d), &[]);
        assert_eq!(s.clean("note: shortsec"), format!("note: {HIDDEN}"));
        assert!(s.is_dirty("…tsec") && !s.is_dirty("ssec"));
    }
}
