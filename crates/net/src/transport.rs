//! The one HTTP client factory, the HTTPS rule and the admin API's base URL and path prefix.

use std::net::IpAddr;
use std::sync::Once;
use std::time::Duration;

use url::Url;

use crate::error::NetError;
use crate::tokens::TokenOrigin;

/// How the HTTP client behaves. `Default` suits a desktop app on an ordinary network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Longest wait for a TCP + TLS connection.
    pub connect_timeout: Duration,
    /// Longest wait for a whole request, answer included.
    pub timeout: Duration,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Use the system's proxy settings (environment variables such as `HTTPS_PROXY`).
    /// Loopback addresses never go through a proxy.
    pub system_proxy: bool,
    /// The longest `Retry-After` the client waits out by itself before giving up with
    /// [`NetError::RateLimited`] (sign-in never waits: the admin decides).
    pub max_retry_wait: Duration,
    /// The largest answer body read from a server, in bytes. A `Content-Length` above it is
    /// refused before the body is read; a body that grows past it is cut off there
    /// ([`NetError::AnswerTooLarge`]).
    pub max_answer_bytes: u64,
}

/// The admin API's answers are small JSON documents: 1 MiB is far above any real one.
pub const ADMIN_ANSWER_LIMIT: u64 = 1024 * 1024;

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: format!("socialmine-setup/{}", env!("CARGO_PKG_VERSION")),
            system_proxy: true,
            max_retry_wait: Duration::from_secs(10),
            max_answer_bytes: ADMIN_ANSWER_LIMIT,
        }
    }
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Another part of the process may have installed one already; either is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Whether `host` (as in a URL) is this computer: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") || h.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses plain http to any host that is not loopback, and anything but http(s).
pub fn require_secure(url: &Url) -> Result<(), NetError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if url.host_str().is_some_and(is_loopback_host) => Ok(()),
        "http" => Err(NetError::InsecureUrl { url: origin(url) }),
        other => Err(NetError::InvalidUrl {
            url: origin(url),
            reason: format!("the scheme must be https, not {other}"),
        }),
    }
}

/// `scheme://host[:port]` of a URL, for messages (never a path with a query).
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The HTTP client: connect and total timeouts, user agent, system proxy (never for loopback),
/// rustls with the ring provider and the platform's certificate verifier.
///
/// Redirects are followed only within the same origin (scheme, host and port), at most 5 in a
/// row, so a request body (a password, a client secret) or a token is never replayed to
/// another server. A redirect to another origin is not followed: the caller receives the 3xx
/// answer itself (see [`redirect_target`]) and decides; the admin client refuses it with
/// [`NetError::RedirectRefused`].
pub fn http_client(settings: &HttpSettings, loopback: bool) -> Result<reqwest::Client, NetError> {
    install_crypto_provider();
    let mut b = reqwest::Client::builder()
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.timeout)
        .user_agent(settings.user_agent.clone())
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            let first = attempt.previous().first().map(Url::origin);
            if first.is_some_and(|o| o != attempt.url().origin()) {
                attempt.stop()
            } else if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        }));
    if loopback || !settings.system_proxy {
        b = b.no_proxy();
    }
    b.build().map_err(|e| NetError::Client(e.to_string()))
}

/// Where a 3xx answer points (its `Location` resolved against `url`), for messages: the
/// origin and path, never the query or fragment (they may carry codes or tokens).
pub fn redirect_target(url: &Url, headers: &reqwest::header::HeaderMap) -> String {
    let Some(location) = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return "nowhere (no Location header)".to_owned();
    };
    match url.join(location.trim()) {
        Ok(mut t) => {
            t.set_query(None);
            t.set_fragment(None);
            let _ = t.set_username("");
            let _ = t.set_password(None);
            t.to_string()
        }
        Err(_) => format!(
            "an unreadable address ({})",
            location.chars().take(80).collect::<String>()
        ),
    }
}

/// Reads an answer body, refusing a declared `Content-Length` over `limit` before reading
/// anything and stopping as soon as the body read so far passes `limit`.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, CapError> {
    if let Some(declared) = resp.content_length()
        && declared > limit
    {
        return Err(CapError::TooLarge {
            declared: Some(declared),
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(CapError::Read)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(CapError::TooLarge { declared: None });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Why [`read_capped`] stopped.
#[derive(Debug)]
pub(crate) enum CapError {
    TooLarge { declared: Option<u64> },
    Read(reqwest::Error),
}

/// Where a deployment's admin API lives: a base URL and a path prefix (`/api` by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminEndpoint {
    base: Url,
    prefix: String,
    token_origin: TokenOrigin,
}

impl AdminEndpoint {
    /// The contract's default path prefix.
    pub const DEFAULT_PREFIX: &'static str = "/api";

    /// `base` is the deployment's admin URL (by default its `API_PUBLIC_URL`, without `/api`);
    /// `prefix` the path prefix of the API routes (`None`: `/api`). A base that already ends
    /// in the prefix (a common slip: `https://api.acme.com/api`) is accepted as if it did not.
    pub fn new(base: &str, prefix: Option<&str>) -> Result<AdminEndpoint, NetError> {
        let trimmed = base.trim();
        if trimmed.is_empty() {
            return Err(NetError::InvalidUrl {
                url: String::new(),
                reason: "it is empty".into(),
            });
        }
        let mut url = Url::parse(trimmed).map_err(|e| NetError::InvalidUrl {
            url: trimmed.to_owned(),
            reason: format!("{e}; it must start with https://"),
        })?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(NetError::InvalidUrl {
                url: trimmed.to_owned(),
                reason: "it has no host name".into(),
            });
        }
        require_secure(&url)?;
        let token_origin = TokenOrigin::of(&url).ok_or_else(|| NetError::InvalidUrl {
            url: trimmed.to_owned(),
            reason: "it has no usable host name".into(),
        })?;
        url.set_query(None);
        url.set_fragment(None);
        let prefix = match prefix.map(str::trim) {
            None | Some("") => Self::DEFAULT_PREFIX.to_owned(),
            Some(p) => format!("/{}", p.trim_matches('/')),
        };
        let mut path = url.path().trim_end_matches('/').to_owned();
        if prefix != "/" && path.ends_with(&prefix) {
            path.truncate(path.len() - prefix.len());
        }
        url.set_path(&path);
        Ok(AdminEndpoint {
            base: url,
            prefix: if prefix == "/" { String::new() } else { prefix },
            token_origin,
        })
    }

    /// The base URL as given (normalized).
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        origin(&self.base)
    }

    /// The origin admin tokens of this endpoint belong to.
    pub fn token_origin(&self) -> TokenOrigin {
        self.token_origin.clone()
    }

    /// Whether the host is this computer.
    pub fn is_loopback(&self) -> bool {
        self.base.host_str().is_some_and(is_loopback_host)
    }

    /// The full URL of an API path such as `/admin/system/info`.
    pub fn url(&self, path: &str) -> Url {
        let mut u = self.base.clone();
        let joined = format!(
            "{}{}/{}",
            self.base.path().trim_end_matches('/'),
            self.prefix,
            path.trim_start_matches('/')
        );
        u.set_path(&joined);
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_on_loopback() {
        for ok in [
            "https://api.acme.com",
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:9",
        ] {
            assert!(AdminEndpoint::new(ok, None).is_ok(), "{ok}");
        }
        let e = AdminEndpoint::new("http://api.acme.com", None).expect_err("plain http");
        assert_eq!(e.code(), "insecure_url");
        assert!(e.to_string().contains("https"), "{e}");
        let e = AdminEndpoint::new("http://10.0.0.5", None).expect_err("private is not loopback");
        assert_eq!(e.code(), "insecure_url");
        assert_eq!(
            AdminEndpoint::new("ftp://a.example", None)
                .expect_err("scheme")
                .code(),
            "invalid_url"
        );
        assert_eq!(
            AdminEndpoint::new("api.acme.com", None)
                .expect_err("no scheme")
                .code(),
            "invalid_url"
        );
        assert_eq!(
            AdminEndpoint::new("  ", None).expect_err("empty").code(),
            "invalid_url"
        );
    }

    #[test]
    fn paths_join_base_and_prefix() {
        let e = AdminEndpoint::new("https://api.acme.com/", None).expect("ok");
        assert_eq!(
            e.url("/admin/system/info").as_str(),
            "https://api.acme.com/api/admin/system/info"
        );
        let e =
            AdminEndpoint::new("https://acme.com/socialmine", Some("backend/api/")).expect("ok");
        assert_eq!(
            e.url("admin/social-platforms").as_str(),
            "https://acme.com/socialmine/backend/api/admin/social-platforms"
        );
        let e = AdminEndpoint::new("https://api.acme.com/api/", None).expect("ok");
        assert_eq!(
            e.url("/admin/x").as_str(),
            "https://api.acme.com/api/admin/x"
        );
        let e = AdminEndpoint::new("http://127.0.0.1:9/", Some("/")).expect("ok");
        assert_eq!(e.url("/admin/x").as_str(), "http://127.0.0.1:9/admin/x");
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("127.0.0.2"));
        assert!(is_loopback_host("[::1]"));
        assert!(is_loopback_host("LOCALHOST"));
        assert!(!is_loopback_host("localhost.evil.com"));
        assert!(!is_loopback_host("192.168.1.1"));
    }
}
