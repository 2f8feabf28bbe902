//! Where provider requests may go: the compiled-in allowlist of provider hosts, and the
//! test-only `SOCIALMINE_SETUP_PROVIDER_OVERRIDE` that maps those hosts to local servers.
//!
//! A deployment file or a catalog can name any URL; only hosts on [`PROVIDER_HOSTS`] are ever
//! contacted with a client secret, over https. The override maps a listed host to a loopback
//! base (`graph.facebook.com=http://127.0.0.1:9001`): the request keeps its path and query and
//! goes to that base instead. A base that is not loopback, or a host that is not a provider
//! host, is refused with a message.

use std::collections::BTreeMap;
use std::fmt;

use url::Url;

use crate::transport::is_loopback_host;

/// The environment variable that maps provider hosts to local servers (tests only).
pub const OVERRIDE_ENV: &str = "SOCIALMINE_SETUP_PROVIDER_OVERRIDE";

/// Every provider host the assistant may send a request (or a user) to.
pub const PROVIDER_HOSTS: &[&str] = &[
    // Meta: Facebook Login, Graph API (facebook, instagram)
    "www.facebook.com",
    "graph.facebook.com",
    // Threads
    "threads.net",
    "www.threads.net",
    "threads.com",
    "www.threads.com",
    "graph.threads.net",
    "graph.threads.com",
    // LinkedIn
    "www.linkedin.com",
    // X
    "x.com",
    "twitter.com",
    "api.x.com",
    "api.twitter.com",
    // TikTok
    "www.tiktok.com",
    "open.tiktokapis.com",
];

/// Whether `host` is on the provider allowlist.
pub fn is_provider_host(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    PROVIDER_HOSTS.contains(&h.as_str())
}

/// Why an address was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error(
        "{OVERRIDE_ENV} entry '{entry}' is not of the form host=http://127.0.0.1:PORT; separate entries with commas"
    )]
    Malformed { entry: String },
    #[error(
        "{OVERRIDE_ENV} maps '{host}', which is not a provider host this app calls; use one of: {}",
        PROVIDER_HOSTS.join(", ")
    )]
    UnknownHost { host: String },
    #[error(
        "{OVERRIDE_ENV} may only send '{host}' to this computer (http://127.0.0.1:PORT or http://localhost:PORT), not to {base}"
    )]
    NotLoopback { host: String, base: String },
    #[error(
        "the address {url} is not on this app's list of provider addresses, so no client secret is sent there; update the app if the provider moved"
    )]
    NotAllowed { url: String },
    #[error("the provider address {url} must start with https://")]
    Insecure { url: String },
    #[error("the provider address '{url}' is not a valid address")]
    Invalid { url: String },
}

/// Provider hosts mapped to local bases. Empty (the default) in normal use.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProviderRoutes {
    map: BTreeMap<String, Url>,
}

impl fmt::Debug for ProviderRoutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.map.iter().map(|(h, b)| (h, b.as_str())))
            .finish()
    }
}

impl ProviderRoutes {
    /// No overrides: every request goes to the provider itself.
    pub fn none() -> ProviderRoutes {
        ProviderRoutes::default()
    }

    /// The routes of [`OVERRIDE_ENV`], or none when it is not set.
    pub fn from_env() -> Result<ProviderRoutes, RouteError> {
        match std::env::var(OVERRIDE_ENV) {
            Ok(v) => ProviderRoutes::parse(&v),
            Err(_) => Ok(ProviderRoutes::none()),
        }
    }

    /// Parses `host=base,host=base`.
    pub fn parse(text: &str) -> Result<ProviderRoutes, RouteError> {
        let mut map = BTreeMap::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let malformed = || RouteError::Malformed {
                entry: entry.to_owned(),
            };
            let (host, base) = entry.split_once('=').ok_or_else(malformed)?;
            let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
            if host.is_empty() {
                return Err(malformed());
            }
            if !is_provider_host(&host) {
                return Err(RouteError::UnknownHost { host });
            }
            let base = base.trim();
            let url = Url::parse(base).map_err(|_| malformed())?;
            let loopback = url.host_str().is_some_and(is_loopback_host);
            if !matches!(url.scheme(), "http" | "https") || !loopback {
                return Err(RouteError::NotLoopback {
                    host,
                    base: base.to_owned(),
                });
            }
            map.insert(host, url);
        }
        Ok(ProviderRoutes { map })
    }

    /// Whether no host is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Where a request for `url` really goes: refused unless its host is a provider host and
    /// it is https; mapped to the local base when the host is overridden (path and query kept).
    pub fn route(&self, url: &str) -> Result<Url, RouteError> {
        let parsed = Url::parse(url).map_err(|_| RouteError::Invalid {
            url: url.to_owned(),
        })?;
        let host = parsed
            .host_str()
            .ok_or_else(|| RouteError::Invalid {
                url: url.to_owned(),
            })?
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if !is_provider_host(&host) || parsed.port().is_some() {
            return Err(RouteError::NotAllowed {
                url: parsed.origin().ascii_serialization(),
            });
        }
        if parsed.scheme() != "https" {
            return Err(RouteError::Insecure {
                url: parsed.origin().ascii_serialization(),
            });
        }
        let Some(base) = self.map.get(&host) else {
            return Ok(parsed);
        };
        let mut out = base.clone();
        let path = format!(
            "{}/{}",
            base.path().trim_end_matches('/'),
            parsed.path().trim_start_matches('/')
        );
        out.set_path(&path);
        out.set_query(parsed.query());
        Ok(out)
    }

    /// Whether `url` (already routed) points at a mapped local base.
    pub fn is_local(&self, url: &Url) -> bool {
        url.host_str().is_some_and(is_loopback_host)
            && self.map.values().any(|b| b.origin() == url.origin())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_map_provider_hosts_to_loopback_only() {
        let r = ProviderRoutes::parse(
            "graph.facebook.com=http://127.0.0.1:9001, api.x.com=http://127.0.0.1:9002/base",
        )
        .expect("valid");
        assert_eq!(
            r.route("https://graph.facebook.com/v23.0/oauth/access_token?a=b")
                .expect("mapped")
                .as_str(),
            "http://127.0.0.1:9001/v23.0/oauth/access_token?a=b"
        );
        assert_eq!(
            r.route("https://api.x.com/2/oauth2/token")
                .expect("mapped")
                .as_str(),
            "http://127.0.0.1:9002/base/2/oauth2/token"
        );
        assert_eq!(
            r.route("https://www.linkedin.com/oauth/v2/accessToken")
                .expect("allowed")
                .as_str(),
            "https://www.linkedin.com/oauth/v2/accessToken"
        );

        let e = ProviderRoutes::parse("graph.facebook.com=http://10.0.0.1:9001").expect_err("lan");
        assert!(matches!(e, RouteError::NotLoopback { .. }), "{e}");
        assert!(e.to_string().contains("127.0.0.1"), "{e}");
        let e = ProviderRoutes::parse("graph.facebook.com=https://evil.example").expect_err("far");
        assert!(matches!(e, RouteError::NotLoopback { .. }));
        let e = ProviderRoutes::parse("evil.example=http://127.0.0.1:1").expect_err("host");
        assert!(matches!(e, RouteError::UnknownHost { .. }));
        let e = ProviderRoutes::parse("graph.facebook.com").expect_err("form");
        assert!(matches!(e, RouteError::Malformed { .. }));
        assert!(ProviderRoutes::parse("").expect("empty").is_empty());
    }

    #[test]
    fn every_built_in_provider_address_is_on_the_allowlist() {
        let c = socialmine_core::Catalog::built_in();
        let r = ProviderRoutes::none();
        for p in socialmine_core::PlatformId::ALL {
            let e = c.provider_endpoints(p).expect("endpoints");
            let urls = [
                Some(&e.authorize_url),
                Some(&e.token_url),
                e.version_probe_url.as_ref(),
            ];
            for u in urls.into_iter().flatten() {
                let u = socialmine_core::endpoints::fill_version(u, Some("v23.0"));
                assert!(r.route(&u).is_ok(), "{p}: {u}");
            }
        }
    }

    #[test]
    fn only_https_provider_hosts_are_routed() {
        let r = ProviderRoutes::none();
        for bad in [
            "https://evil.example/oauth/access_token",
            "https://graph.facebook.com.evil.example/x",
            "https://graph.facebook.com:8443/x",
        ] {
            assert!(
                matches!(r.route(bad), Err(RouteError::NotAllowed { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            r.route("http://graph.facebook.com/x"),
            Err(RouteError::Insecure { .. })
        ));
    }
}
