//! Admin tokens and the origin each belongs to.
//!
//! A token is only ever valid for the server that issued it, so it is kept together with that
//! server's origin ([`TokenOrigin`]: scheme, host and port) as a [`BoundToken`]. The client
//! uses a kept token only when its own admin origin is the same; a token from another origin is
//! never sent (not to a new `admin_url`, not to `--server`, not to a look-alike file).
//!
//! [`TokenStore`] keeps one bound token per deployment between sessions (the OS keyring
//! implementation lives in `socialmine-store`); [`MemoryTokenStore`] keeps them for this run.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use socialmine_core::Secret;
use url::Url;

/// Why a token store failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the admin token could not be kept: {0}")]
pub struct TokenStoreError(pub String);

/// `scheme://host[:port]` of an http(s) server, normalised the way browsers compare origins:
/// scheme and host in lower case, IDNA host names in punycode, the default port left out
/// (`https://a.example:443` is `https://a.example`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenOrigin(String);

impl TokenOrigin {
    /// The origin of an http(s) URL; `None` for any other scheme or a URL without a host.
    pub fn of(url: &Url) -> Option<TokenOrigin> {
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return None;
        }
        let o = url.origin();
        o.is_tuple().then(|| TokenOrigin(o.ascii_serialization()))
    }

    /// Parses an origin or any http(s) URL (its path, query and credentials are dropped).
    pub fn parse(text: &str) -> Option<TokenOrigin> {
        Url::parse(text.trim()).ok().as_ref().and_then(Self::of)
    }

    /// `scheme://host[:port]`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TokenOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An admin token and the origin of the server that issued it. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct BoundToken {
    pub origin: TokenOrigin,
    pub token: Secret,
}

impl fmt::Debug for BoundToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundToken")
            .field("origin", &self.origin.as_str())
            .field("token", &self.token)
            .finish()
    }
}

/// The text form a store keeps: a version line, the origin, the token. A value without the
/// version line (a token kept by an older version, with no origin) does not decode, so it is
/// never used.
const ENCODING: &str = "socialmine-token-v1";

impl BoundToken {
    pub fn new(origin: TokenOrigin, token: Secret) -> BoundToken {
        BoundToken { origin, token }
    }

    /// The token, if it belongs to `origin`.
    pub fn for_origin(&self, origin: &TokenOrigin) -> Option<&Secret> {
        (self.origin == *origin).then_some(&self.token)
    }

    /// The single string a keyring entry keeps.
    pub fn encode(&self) -> Secret {
        Secret::from(format!(
            "{ENCODING}\n{}\n{}",
            self.origin.as_str(),
            self.token.expose_str()
        ))
    }

    /// The inverse of [`BoundToken::encode`]; `None` for anything else (an unbound token from
    /// an older version included).
    pub fn decode(value: &Secret) -> Option<BoundToken> {
        let mut lines = value.expose_str().splitn(3, '\n');
        if lines.next()? != ENCODING {
            return None;
        }
        let origin = lines.next()?;
        let parsed = TokenOrigin::parse(origin).filter(|o| o.as_str() == origin)?;
        let token = lines.next()?.trim();
        if token.is_empty() || token.contains(['\n', '\r']) {
            return None;
        }
        Some(BoundToken::new(parsed, Secret::from(token)))
    }
}

/// Keeps one bound admin token per deployment (keyed by a stable deployment key, such as its
/// id). Implementations must never write a token to a plain file.
pub trait TokenStore: Send + Sync {
    fn load(&self, deployment: &str) -> Result<Option<BoundToken>, TokenStoreError>;
    fn save(&self, deployment: &str, token: &BoundToken) -> Result<(), TokenStoreError>;
    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError>;
}

/// Tokens in memory only, for this run of the app.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<HashMap<String, BoundToken>>,
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, deployment: &str) -> Result<Option<BoundToken>, TokenStoreError> {
        Ok(self
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(deployment)
            .cloned())
    }

    fn save(&self, deployment: &str, token: &BoundToken) -> Result<(), TokenStoreError> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(deployment.to_owned(), token.clone());
        Ok(())
    }

    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(deployment);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> TokenOrigin {
        TokenOrigin::parse(s).expect(s)
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port_only() {
        assert_eq!(
            origin("https://API.acme.com:443/api/admin?x=1"),
            origin("https://api.acme.com")
        );
        assert_eq!(
            origin("https://api.acme.com").as_str(),
            "https://api.acme.com"
        );
        assert_ne!(
            origin("https://api.acme.com"),
            origin("http://api.acme.com")
        );
        assert_ne!(
            origin("https://api.acme.com"),
            origin("https://api.acme.com:8443")
        );
        assert_ne!(origin("http://127.0.0.1:1"), origin("http://127.0.0.1:2"));
        assert_ne!(origin("https://acme.com"), origin("https://api.acme.com"));
        assert_eq!(
            origin("https://user:pw@acme.com/x").as_str(),
            "https://acme.com"
        );
        assert_eq!(TokenOrigin::parse("ftp://acme.com"), None);
        assert_eq!(TokenOrigin::parse("file:///etc/passwd"), None);
        assert_eq!(TokenOrigin::parse("acme.com"), None);
    }

    #[test]
    fn a_bound_token_is_only_handed_out_for_its_origin() {
        let t = BoundToken::new(origin("https://a.example"), Secret::from("tok"));
        assert!(t.for_origin(&origin("https://a.example:443")).is_some());
        assert!(t.for_origin(&origin("https://b.example")).is_none());
        assert!(!format!("{t:?}").contains("tok\""), "{t:?}");
    }

    #[test]
    fn encoding_round_trips_and_refuses_unbound_values() {
        let t = BoundToken::new(origin("http://127.0.0.1:8080"), Secret::from("smsb_abc"));
        assert_eq!(BoundToken::decode(&t.encode()), Some(t));
        for bad in [
            "smsb_abc",
            "socialmine-token-v1\nsmsb_abc",
            "socialmine-token-v1\nhttps://a.example/path\ntok",
            "socialmine-token-v1\nftp://a.example\ntok",
            "socialmine-token-v1\nhttps://a.example\n",
            "socialmine-token-v1\nhttps://a.example\ntok\nmore",
            "socialmine-token-v2\nhttps://a.example\ntok",
        ] {
            assert_eq!(BoundToken::decode(&Secret::from(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn memory_store_round_trips() {
        let s = MemoryTokenStore::default();
        assert_eq!(s.load("a"), Ok(None));
        let t = BoundToken::new(origin("https://a.example"), Secret::from("t"));
        s.save("a", &t).expect("save");
        assert_eq!(s.load("a"), Ok(Some(t)));
        s.delete("a").expect("delete");
        assert_eq!(s.load("a"), Ok(None));
    }
}
