//! The `callback` probe: `GET` the callback URL SocialMine sends to providers, without a code,
//! from this computer, through DNS, TLS and the reverse proxy, without following redirects.
//!
//! SocialMine answers a callback without a code with a redirect to its client app carrying an
//! error, or with 400: any answer but 404 (and a proxy's 502/503/504) shows the route is
//! reachable. A redirect to another scheme or host (other than SocialMine's own redirect to
//! its client app with an error) means the callback the providers call is not the one that
//! answers. The request goes only to the deployment's own host and is bounded in time; the
//! answer's body is never read.

use std::net::SocketAddr;

use url::Url;

use super::VerifySettings;
use super::http::{self, Failure, TlsProblem};
use super::plan::VerifyTarget;
use super::report::{CheckCode, CheckStatus, Verdict};
use crate::transport::is_loopback_host;

/// Runs the probe for the callback of `target`.
pub(crate) async fn probe(
    target: &VerifyTarget,
    settings: &VerifySettings,
    tls: Result<&rustls::ClientConfig, &Failure>,
) -> Verdict {
    let Some(callback) = &target.callback else {
        return Verdict::new(
            CheckStatus::Skipped,
            CheckCode::NotConfigured,
            "Not checked: API_PUBLIC_URL is empty, so there is no callback address yet.",
        )
        .fix("Fill in API_PUBLIC_URL (the value in SocialMine's .env file).");
    };
    check_url(callback, settings, tls).await
}

/// Checks one callback URL.
pub(crate) async fn check_url(
    callback: &str,
    settings: &VerifySettings,
    tls: Result<&rustls::ClientConfig, &Failure>,
) -> Verdict {
    let url = match Url::parse(callback) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => {
            return Verdict::new(
                CheckStatus::Skipped,
                CheckCode::NotConfigured,
                format!("Not checked: the callback address '{callback}' is not a web address."),
            )
            .fix("Correct API_PUBLIC_URL (or the callback URL override) first; the offline checks say what is wrong.");
        }
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let shown = shown(&url);

    let addrs = match url.host() {
        Some(url::Host::Domain(d)) => match resolve(d, port, settings).await {
            Some(a) => Some(a),
            None => {
                return Verdict::new(
                    CheckStatus::Rejected,
                    CheckCode::DnsError,
                    format!(
                        "The host name {host} could not be found (DNS), so no provider can reach {shown}."
                    ),
                )
                .fix(format!(
                    "Check the spelling of API_PUBLIC_URL, and that a DNS record for {host} exists (a new record can take a while to be visible everywhere)."
                ));
            }
        },
        _ => None,
    };
    let loopback = is_loopback_host(&host);
    let resolve = addrs.as_deref().map(|a| (host.as_str(), a));
    let tls = match tls {
        Ok(t) => t,
        Err(f) => return network(&shown, f),
    };
    let client = match http::client(settings, tls, !loopback, resolve) {
        Ok(c) => c,
        Err(f) => return network(&shown, &f),
    };
    let send = client
        .get(url.clone())
        .header(
            reqwest::header::ACCEPT,
            "text/html,application/json;q=0.9,*/*;q=0.8",
        )
        .send();
    let response = match tokio::time::timeout(settings.timeout, send).await {
        Err(_) => return unreachable(&host, port, &shown, &Failure::Timeout(settings.timeout)),
        Ok(Err(e)) => {
            let f = http::classify(&e, settings.timeout);
            return match f {
                Failure::Tls(p) => tls_failure(&host, &shown, &p),
                Failure::Refused | Failure::Timeout(_) => unreachable(&host, port, &shown, &f),
                Failure::Dns => Verdict::new(
                    CheckStatus::Rejected,
                    CheckCode::DnsError,
                    format!("The host name {host} could not be found (DNS)."),
                )
                .fix("Check the spelling of API_PUBLIC_URL and the DNS record of its host."),
                other => network(&shown, &other),
            };
        }
        Ok(Ok(r)) => r,
    };
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // The body is never read: dropping the answer closes the connection.
    drop(response);
    judge(&url, &shown, status, location.as_deref())
}

/// The URL for messages: scheme, host, port and path (never a query).
fn shown(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

async fn resolve(host: &str, port: u16, settings: &VerifySettings) -> Option<Vec<SocketAddr>> {
    let lookup = tokio::net::lookup_host((host, port));
    match tokio::time::timeout(settings.timeout, lookup).await {
        Ok(Ok(addrs)) => {
            let v: Vec<SocketAddr> = addrs.collect();
            (!v.is_empty()).then_some(v)
        }
        _ => None,
    }
}

fn judge(url: &Url, shown: &str, status: u16, location: Option<&str>) -> Verdict {
    match status {
        404 => Verdict::new(
            CheckStatus::Rejected,
            CheckCode::NotFound,
            format!(
                "{shown} answered 404 Not Found: the server is up, but nothing answers at this path."
            ),
        )
        .fix("Check API_PUBLIC_URL (the right host, no /api or path at the end) and that the reverse proxy passes /api/connect/… to SocialMine's API."),
        502..=504 => Verdict::new(
            CheckStatus::Rejected,
            CheckCode::ServerDown,
            format!(
                "{shown} answered HTTP {status}: the web server or reverse proxy is up, but SocialMine's API behind it is not answering."
            ),
        )
        .fix("Start or restart SocialMine's API service, and check the address the reverse proxy forwards to."),
        300..=399 => match location {
            Some(loc) => judge_redirect(url, shown, status, loc),
            None => reachable(shown, status, None),
        },
        _ => reachable(shown, status, None),
    }
}

fn judge_redirect(url: &Url, shown: &str, status: u16, location: &str) -> Verdict {
    let Ok(target) = url.join(location) else {
        return reachable(shown, status, None);
    };
    let to = self::shown(&target);
    if target.origin() == url.origin() {
        return reachable(shown, status, Some(&to));
    }
    let same_path = target.path().trim_end_matches('/') == url.path().trim_end_matches('/');
    let carries_error = target
        .query_pairs()
        .any(|(k, _)| k.to_ascii_lowercase().contains("error"));
    if !same_path && carries_error {
        // SocialMine's own answer: a redirect to its client app with an error.
        return reachable(shown, status, Some(&to));
    }
    let fix = if url.scheme() == "http" && target.scheme() == "https" {
        "Use https:// in API_PUBLIC_URL: providers call exactly the address SocialMine sends, and this one only redirects.".to_owned()
    } else {
        format!(
            "Set API_PUBLIC_URL to the address that really answers (the redirect goes to {}), or stop the web server from redirecting /api/connect/… .",
            target.origin().ascii_serialization()
        )
    };
    Verdict::new(
        CheckStatus::Rejected,
        CheckCode::Redirected,
        format!(
            "{shown} redirects (HTTP {status}) to {to}: the callback the providers call is not the one that answers, and providers do not follow such redirects with the sign-in result."
        ),
    )
    .fix(fix)
}

fn reachable(shown: &str, status: u16, redirect: Option<&str>) -> Verdict {
    let how = match redirect {
        Some(to) => format!(
            "it redirected to {to}, which is what SocialMine does when it is called without a sign-in code"
        ),
        None => format!("HTTP {status}"),
    };
    Verdict::new(
        CheckStatus::Verified,
        CheckCode::Reachable,
        format!("SocialMine answered at {shown} ({how}): providers can reach the callback."),
    )
}

fn tls_failure(host: &str, shown: &str, p: &TlsProblem) -> Verdict {
    let fix = match p {
        TlsProblem::Expired => {
            "Renew the certificate (for example with certbot renew) and reload the web server."
                .to_owned()
        }
        TlsProblem::WrongHost => format!(
            "Get a certificate that covers {host}, or set API_PUBLIC_URL to the host name the certificate is for."
        ),
        TlsProblem::UnknownIssuer => "Use a certificate from a public authority (for example Let's Encrypt) and make the server send the full chain (fullchain.pem); providers refuse self-signed certificates.".to_owned(),
        TlsProblem::Other(_) => {
            "Check the web server's HTTPS settings (certificate, chain and TLS versions).".to_owned()
        }
    };
    Verdict::new(
        CheckStatus::Rejected,
        CheckCode::TlsError,
        format!(
            "The secure connection to {host} failed: {}. Providers will refuse to send users back to {shown}.",
            p.words()
        ),
    )
    .fix(fix)
}

fn unreachable(host: &str, port: u16, shown: &str, f: &Failure) -> Verdict {
    let (what, fix) = match f {
        Failure::Timeout(t) => (
            format!(
                "{host} did not answer within {} seconds",
                t.as_secs().max(1)
            ),
            format!(
                "Check that the server is running and that its firewall lets visitors in on port {port}."
            ),
        ),
        _ => (
            format!("nothing accepted the connection to {host} on port {port} (refused)"),
            format!(
                "Check that the web server or reverse proxy is running and listening on port {port}, and that the firewall allows it."
            ),
        ),
    };
    Verdict::new(
        CheckStatus::Rejected,
        CheckCode::Unreachable,
        format!("{shown} could not be reached from this computer: {what}."),
    )
    .fix(fix)
}

fn network(shown: &str, f: &Failure) -> Verdict {
    Verdict::new(
        CheckStatus::Inconclusive,
        CheckCode::Network,
        format!("{shown} could not be checked: {f}."),
    )
    .fix("Check this computer's internet connection, then verify again.")
}
