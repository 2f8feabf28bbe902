//! What the sandbox refuses before any route sees a request: a `Host` that is not its own
//! loopback address and port (a web page that rebinds its DNS name to 127.0.0.1 still sends its
//! own name as `Host`), so no other site can drive the practice server through a browser.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The `Host` values the sandbox answers: `127.0.0.1:PORT` and `localhost:PORT`.
#[derive(Debug, Clone)]
pub(crate) struct OwnHosts(Vec<String>);

impl OwnHosts {
    pub(crate) fn for_port(port: u16) -> OwnHosts {
        OwnHosts(vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
        ])
    }

    fn accepts(&self, host: &str) -> bool {
        let host = host.trim();
        self.0.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// Answers `421 wrong_host` to a request whose `Host` (or, in an absolute-form request line,
/// whose authority) is not the sandbox's own.
pub(crate) async fn host_guard(State(own): State<OwnHosts>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_owned()));
    match host {
        Some(h) if own.accepts(&h) => next.run(req).await,
        other => {
            let shown: String = other
                .unwrap_or_else(|| "none".to_owned())
                .chars()
                .take(100)
                .collect();
            crate::routes::error(
                StatusCode::MISDIRECTED_REQUEST,
                "wrong_host",
                &format!(
                    "This practice server answers only requests addressed to {} (the request named {shown}).",
                    own.0.join(" or ")
                ),
            )
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_own_loopback_host_and_port() {
        let own = OwnHosts::for_port(8080);
        assert!(own.accepts("127.0.0.1:8080"));
        assert!(own.accepts("LOCALHOST:8080"));
        assert!(!own.accepts("127.0.0.1:8081"));
        assert!(!own.accepts("127.0.0.1"));
        assert!(!own.accepts("evil.example:8080"));
        assert!(!own.accepts("127.0.0.1.evil.example:8080"));
        assert!(!own.accepts(""));
    }
}
