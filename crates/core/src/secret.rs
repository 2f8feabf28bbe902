//! A wrapper for values that must never be printed: client secrets, admin tokens, passwords.
//!
//! `Debug` and `Display` print `<redacted>`, and the type deliberately does not implement
//! `Serialize`, so a secret cannot slip into a log line, an error, a report or a saved file by
//! accident. Code that really needs the value (the keyring, the admin API client) calls
//! [`Sensitive::expose`]. The value is overwritten with zeros when it is dropped (`zeroize`),
//! so a secret does not linger in freed memory; [`Sensitive::into_inner`] hands the value out
//! and its caller becomes responsible for it.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroize;

/// A value that is shown as `<redacted>` whenever it is formatted and zeroed when dropped.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Sensitive<T: Zeroize>(T);

/// A secret string (a client secret, an admin token, a password).
pub type Secret = Sensitive<String>;

/// What a [`Sensitive`] value prints as.
pub const REDACTED: &str = "<redacted>";

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> Sensitive<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Sensitive<T> {
        Sensitive(value)
    }

    /// The value itself. Call this only where the value is really needed, never to print it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value (the caller becomes responsible for it).
    pub fn into_inner(mut self) -> T
    where
        T: Default,
    {
        std::mem::take(&mut self.0)
    }
}

impl Sensitive<String> {
    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret as a string slice. Same caution as [`Sensitive::expose`].
    pub fn expose_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Sensitive(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Secret {
        Sensitive(s.to_owned())
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de, T: Deserialize<'de> + Zeroize> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let s = Secret::from("hunter2-very-secret");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(<redacted>)");
        assert_eq!(s.expose_str(), "hunter2-very-secret");
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        #[derive(Deserialize, Debug)]
        struct W {
            s: Secret,
        }
        let w: W = toml::from_str("s = \"abc\"").expect("parse");
        assert_eq!(w.s.expose_str(), "abc");
        assert!(!format!("{w:?}").contains("abc"));
    }
}
