//! Input bounds for everything the app accepts from its UI (Tauri commands) or command line
//! (issue 13 item 15): the largest value, list and file each kind of input may be, and a
//! typed error naming the input, the limit and what to do. Commands check their arguments
//! with these helpers first, so an oversize or malformed payload gets an [`InputError`]
//! (an [`AppError`] with code `input_too_large`, `too_many_items` or `input_malformed`), never
//! a panic or an unbounded allocation further down.
//!
//! The limits ([`Limits::DEFAULT`]) are generous for real use and small against abuse:
//!
//! | input | limit |
//! |---|---|
//! | a short text field (name, client ID, app version) | 512 characters |
//! | a URL (API_PUBLIC_URL, admin URL, callback, console redirect) | 2,048 characters |
//! | a scope string | 4,096 characters |
//! | a secret (client secret, token, password, passphrase) | 4,096 characters |
//! | a search or free note | 8,192 characters |
//! | a file read for import (deployment file, bundle, `.env`, catalog) | 1 MiB |
//! | a list (platforms, fields, selections) | 64 items |
//! | an identifier (deployment id, platform id) | 128 characters of `[a-z0-9._-]` |

use crate::api::AppError;
use crate::error_code::ErrorCode;
use crate::secret::Secret;

/// The limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub short_text: usize,
    pub url: usize,
    pub scope: usize,
    pub secret: usize,
    pub note: usize,
    pub file_bytes: usize,
    pub list: usize,
    pub id: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        short_text: 512,
        url: 2048,
        scope: 4096,
        secret: 4096,
        note: 8192,
        file_bytes: 1024 * 1024,
        list: 64,
        id: 128,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// What kind of text an input is, which picks its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Short,
    Url,
    Scope,
    Note,
}

/// Why an input was refused. Never contains the input itself (it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("The {what} is too long ({got} characters; at most {max}). Shorten it and try again.")]
    TooLong {
        what: String,
        max: usize,
        got: usize,
    },
    #[error(
        "The {what} is too large ({got} bytes; at most {max}). Choose the right file: deployment files, bundles and .env files are a few kilobytes."
    )]
    TooLarge {
        what: String,
        max: usize,
        got: usize,
    },
    #[error("Too many {what} ({got}; at most {max}). Choose fewer and try again.")]
    TooMany {
        what: String,
        max: usize,
        got: usize,
    },
    #[error("The {what} is not valid: {reason}.")]
    Malformed { what: String, reason: String },
}

impl InputError {
    /// The stable code the UI receives.
    pub fn code(&self) -> ErrorCode {
        match self {
            InputError::TooLong { .. } | InputError::TooLarge { .. } => ErrorCode::InputTooLarge,
            InputError::TooMany { .. } => ErrorCode::TooManyItems,
            InputError::Malformed { .. } => ErrorCode::InputMalformed,
        }
    }
}

impl From<InputError> for AppError {
    fn from(e: InputError) -> AppError {
        AppError::new(e.code(), e.to_string())
    }
}

impl Limits {
    /// A text argument of `kind`, at most its limit in characters.
    pub fn text(&self, what: &str, value: &str, kind: TextKind) -> Result<(), InputError> {
        let max = match kind {
            TextKind::Short => self.short_text,
            TextKind::Url => self.url,
            TextKind::Scope => self.scope,
            TextKind::Note => self.note,
        };
        chars_at_most(what, value, max)
    }

    /// An optional text argument.
    pub fn opt_text(
        &self,
        what: &str,
        value: Option<&str>,
        kind: TextKind,
    ) -> Result<(), InputError> {
        value.map_or(Ok(()), |v| self.text(what, v, kind))
    }

    /// A secret argument (its value is never part of the error).
    pub fn secret(&self, what: &str, value: &Secret) -> Result<(), InputError> {
        chars_at_most(what, value.expose_str(), self.secret)
    }

    /// A secret that arrives as plain text (a password, a pasted token); its value is never
    /// part of the error.
    pub fn secret_text(&self, what: &str, value: &str) -> Result<(), InputError> {
        chars_at_most(what, value, self.secret)
    }

    /// An optional secret as plain text.
    pub fn opt_secret_text(&self, what: &str, value: Option<&str>) -> Result<(), InputError> {
        value.map_or(Ok(()), |v| self.secret_text(what, v))
    }

    /// File contents read for import.
    pub fn file(&self, what: &str, bytes: &[u8]) -> Result<(), InputError> {
        self.file_len(what, bytes.len() as u64)
    }

    /// A file's size before reading it (from its metadata).
    pub fn file_len(&self, what: &str, len: u64) -> Result<(), InputError> {
        let max = self.file_bytes;
        if len > max as u64 {
            return Err(InputError::TooLarge {
                what: what.to_owned(),
                max,
                got: usize::try_from(len).unwrap_or(usize::MAX),
            });
        }
        Ok(())
    }

    /// A list argument.
    pub fn list<T>(&self, what: &str, items: &[T]) -> Result<(), InputError> {
        if items.len() > self.list {
            return Err(InputError::TooMany {
                what: what.to_owned(),
                max: self.list,
                got: items.len(),
            });
        }
        Ok(())
    }

    /// An identifier: 1 to `id` characters of lower-case letters, digits, `.`, `_` and `-`.
    pub fn id(&self, what: &str, value: &str) -> Result<(), InputError> {
        chars_at_most(what, value, self.id)?;
        let ok = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if ok {
            Ok(())
        } else {
            Err(InputError::Malformed {
                what: what.to_owned(),
                reason: "it may only hold lower-case letters, digits, '.', '_' and '-'".to_owned(),
            })
        }
    }
}

/// Counts characters only up to `max + 1`, so a huge input costs no more than the limit.
fn chars_at_most(what: &str, value: &str, max: usize) -> Result<(), InputError> {
    // A string of at most `max` bytes has at most `max` characters.
    if value.len() <= max {
        return Ok(());
    }
    let n = value.chars().take(max + 1).count();
    if n > max {
        return Err(InputError::TooLong {
            what: what.to_owned(),
            max,
            got: value.chars().count(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits::DEFAULT;

    #[test]
    fn texts_are_bounded_by_kind_in_characters() {
        assert!(L.text("name", &"é".repeat(512), TextKind::Short).is_ok());
        let e = L
            .text("name", &"é".repeat(513), TextKind::Short)
            .expect_err("long");
        assert_eq!(e.code(), "input_too_large");
        assert!(e.to_string().contains("513 characters; at most 512"), "{e}");
        assert!(L.text("url", &"a".repeat(2048), TextKind::Url).is_ok());
        assert!(L.text("url", &"a".repeat(2049), TextKind::Url).is_err());
        assert!(L.opt_text("scope", None, TextKind::Scope).is_ok());
        assert!(
            L.opt_text("scope", Some(&"s ".repeat(3000)), TextKind::Scope)
                .is_err()
        );
    }

    #[test]
    fn a_secret_too_long_is_refused_without_echoing_it() {
        let s = Secret::from("x".repeat(5000));
        let e = L.secret("client secret", &s).expect_err("long");
        assert!(!e.to_string().contains("xxxx"), "{e}");
        let app: AppError = e.into();
        assert_eq!(app.code, "input_too_large");
        let e = L
            .secret_text("password", &"p".repeat(4097))
            .expect_err("long");
        assert!(!e.to_string().contains("pppp"), "{e}");
        assert!(L.secret_text("password", &"p".repeat(4096)).is_ok());
        assert!(L.opt_secret_text("passphrase", None).is_ok());
    }

    #[test]
    fn files_lists_and_ids() {
        assert!(L.file("bundle", &vec![0u8; 1024 * 1024]).is_ok());
        let e = L
            .file_len("bundle", 10 * 1024 * 1024 * 1024)
            .expect_err("huge");
        assert!(e.to_string().contains("at most 1048576"), "{e}");
        assert!(L.list("platforms", &[0; 64]).is_ok());
        assert_eq!(
            L.list("platforms", &[0; 65]).expect_err("many").code(),
            "too_many_items"
        );
        assert!(L.id("deployment id", "acme-prod.2").is_ok());
        for bad in ["", "../etc", "Acme", "a b", &"a".repeat(129)] {
            assert!(L.id("deployment id", bad).is_err(), "{bad:?}");
        }
    }
}
