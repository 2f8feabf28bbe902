//! The HTTP underneath the probes: one bounded request at a time (timeout, answer size cap,
//! no redirects), routed through the provider allowlist, and the classification of what went
//! wrong (timeout, refused, DNS, which TLS failure). Also the adapter that lets the `oauth2`
//! crate send its requests over this client and records the raw answer, so that providers that
//! depart from RFC 6749 (Meta's error object, TikTok's errors in an HTTP 200) can be read.

use std::error::Error as StdError;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use reqwest::redirect::Policy;
use rustls::pki_types::CertificateDer;

use super::VerifySettings;
use super::hosts::{ProviderRoutes, RouteError};
use super::tls::{self, Recording, Tls};

/// An answer as it came back, its body cut at the size cap.
#[derive(Debug, Clone)]
pub(crate) struct RawAnswer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

/// Which certificate problem a TLS connection had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TlsProblem {
    Expired,
    WrongHost,
    UnknownIssuer,
    Other(String),
}

impl TlsProblem {
    pub fn words(&self) -> String {
        match self {
            TlsProblem::Expired => "its certificate has expired".into(),
            TlsProblem::WrongHost => "its certificate is for a different host name".into(),
            TlsProblem::UnknownIssuer => {
                "its certificate is not signed by an authority this computer trusts (self-signed or an incomplete chain)".into()
            }
            TlsProblem::Other(d) => format!("the secure connection failed ({d})"),
        }
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum Failure {
    #[error("no answer within {} seconds", .0.as_secs_f32())]
    Timeout(Duration),
    #[error("the connection was refused")]
    Refused,
    #[error("the name could not be resolved")]
    Dns,
    #[error("TLS: {}", .0.words())]
    Tls(TlsProblem),
    #[error("{0}")]
    Network(String),
    #[error("the answer was larger than {0} bytes")]
    TooLarge(usize),
    #[error("the connection broke before the whole answer arrived")]
    Cut,
    #[error(transparent)]
    NotAllowed(#[from] RouteError),
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Another part of the process may have installed one already; either is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The TLS configuration of every probe: the platform's certificate verifier (the system's
/// roots plus `extra_roots_der`), recording the certificates it refuses. Loading the system's
/// roots is slow, so it is done once per process (or once per run when extra roots are given).
pub(crate) fn tls_config(settings: &VerifySettings) -> Result<Tls, Failure> {
    install_crypto_provider();
    let build = |extra: Vec<CertificateDer<'static>>| -> Result<Tls, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = if extra.is_empty() {
            rustls_platform_verifier::Verifier::new(provider.clone())
        } else {
            rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
        }
        .map_err(|e| format!("the trusted certificates could not be loaded: {e}"))?;
        let recording = Arc::new(Recording::new(Arc::new(verifier)));
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(recording.clone())
            .with_no_client_auth();
        Ok(Tls { config, recording })
    };
    let result = if settings.extra_roots_der.is_empty() {
        tls::default_cache()
            .get_or_init(|| build(Vec::new()))
            .clone()
    } else {
        build(
            settings
                .extra_roots_der
                .iter()
                .map(|d| CertificateDer::from(d.clone()))
                .collect(),
        )
    };
    result.map_err(Failure::Network)
}

/// A client for one kind of probe: no redirects, the settings' timeouts, the shared TLS
/// configuration.
pub(crate) fn client(
    settings: &VerifySettings,
    tls: &rustls::ClientConfig,
    proxy: bool,
    resolve: Option<(&str, &[std::net::SocketAddr])>,
) -> Result<reqwest::Client, Failure> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(settings.timeout)
        .timeout(settings.timeout)
        .user_agent(settings.user_agent.clone())
        .redirect(Policy::none())
        .tls_backend_preconfigured(tls.clone());
    if !proxy || !settings.system_proxy {
        b = b.no_proxy();
    }
    if let Some((host, addrs)) = resolve {
        b = b.resolve_to_addrs(host, addrs);
    }
    b.build()
        .map_err(|e| Failure::Network(format!("could not set up the connection: {e}")))
}

/// Reads an answer's body up to `cap` bytes.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    cap: usize,
    timeout: Duration,
) -> Result<RawAnswer, Failure> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    if response.content_length().is_some_and(|l| l > cap as u64) {
        return Err(Failure::TooLarge(cap));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > cap {
                    return Err(Failure::TooLarge(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            // Reached, then dropped mid-answer: said so, not "could not reach".
            Err(e) => {
                return Err(match classify(&e, timeout) {
                    Failure::Network(_) => Failure::Cut,
                    other => other,
                });
            }
        }
    }
    Ok(RawAnswer {
        status,
        headers,
        body,
    })
}

/// Sends provider requests: routed through the allowlist, bounded, never redirected.
#[derive(Clone)]
pub(crate) struct ProviderHttp {
    client: reqwest::Client,
    /// For overridden hosts (loopback): never through a proxy.
    local: reqwest::Client,
    routes: ProviderRoutes,
    timeout: Duration,
    max_body: usize,
}

impl ProviderHttp {
    pub fn new(
        settings: &VerifySettings,
        tls: &rustls::ClientConfig,
    ) -> Result<ProviderHttp, Failure> {
        Ok(ProviderHttp {
            client: client(settings, tls, true, None)?,
            local: client(settings, tls, false, None)?,
            routes: settings.routes.clone(),
            timeout: settings.timeout,
            max_body: settings.max_body,
        })
    }

    /// Sends one request. The URL must be on the allowlist; an overridden host goes to its
    /// local base.
    pub async fn send(&self, request: http::Request<Vec<u8>>) -> Result<RawAnswer, Failure> {
        let (parts, body) = request.into_parts();
        let url = self.routes.route(&parts.uri.to_string())?;
        let client = if self.routes.is_local(&url) {
            &self.local
        } else {
            &self.client
        };
        let mut builder = client
            .request(parts.method, url)
            .timeout(self.timeout)
            .body(body);
        for (name, value) in &parts.headers {
            builder = builder.header(name, value);
        }
        let work = async {
            let response = builder
                .send()
                .await
                .map_err(|e| classify(&e, self.timeout))?;
            read_capped(response, self.max_body, self.timeout).await
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(Failure::Timeout(self.timeout)),
        }
    }
}

/// The answer of the last request an [`OAuthAdapter`] sent, or why there was none.
pub(crate) type Captured = Arc<Mutex<Option<Result<RawAnswer, Failure>>>>;

/// What the `oauth2` crate's requests go through: renames the client ID parameter where a
/// provider wants another name (TikTok's `client_key`), sends over [`ProviderHttp`] and keeps a
/// copy of the raw answer.
pub(crate) struct OAuthAdapter {
    pub http: ProviderHttp,
    pub client_id_param: String,
    pub captured: Captured,
}

impl<'c> oauth2::AsyncHttpClient<'c> for OAuthAdapter {
    type Error = Failure;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<http::Response<Vec<u8>>, Failure>> + Send + 'c>,
    >;

    fn call(&'c self, request: http::Request<Vec<u8>>) -> Self::Future {
        Box::pin(self.send(request))
    }
}

impl OAuthAdapter {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let request = rename_client_id(request, &self.client_id_param);
        let as_get = (request.method() == http::Method::POST)
            .then(|| post_as_get(&request))
            .flatten();
        let mut result = self.http.send(request).await;
        // Meta documents its token endpoint with GET and a query: a server that refuses the
        // POST's method gets the same request as a GET.
        if let (Ok(raw), Some(get)) = (&result, as_get)
            && matches!(raw.status, 405 | 501)
        {
            result = self.http.send(get).await;
        }
        if let Ok(mut slot) = self.captured.lock() {
            *slot = Some(result.clone());
        }
        let raw = result?;
        let mut response = http::Response::builder().status(raw.status);
        if let Some(h) = response.headers_mut() {
            *h = raw.headers;
        }
        response
            .body(raw.body)
            .map_err(|e| Failure::Network(e.to_string()))
    }
}

/// The same form request as a GET with the form in the query.
fn post_as_get(request: &http::Request<Vec<u8>>) -> Option<http::Request<Vec<u8>>> {
    let mut url = url::Url::parse(&request.uri().to_string()).ok()?;
    let form = String::from_utf8(request.body().clone()).ok()?;
    url.set_query(Some(&form));
    let mut get = http::Request::get(url.as_str());
    for (name, value) in request.headers() {
        if name != http::header::CONTENT_TYPE {
            get = get.header(name, value);
        }
    }
    get.body(Vec::new()).ok()
}

fn rename_client_id(request: http::Request<Vec<u8>>, param: &str) -> http::Request<Vec<u8>> {
    if param == "client_id" {
        return request;
    }
    let (parts, body) = request.into_parts();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body)
        .map(|(k, v)| {
            let k = if k == "client_id" {
                param.to_owned()
            } else {
                k.into_owned()
            };
            (k, v.into_owned())
        })
        .collect();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes();
    http::Request::from_parts(parts, body)
}

/// What a transport error was.
pub(crate) fn classify(e: &reqwest::Error, timeout: Duration) -> Failure {
    if let Some(p) = tls_problem(e) {
        return Failure::Tls(p);
    }
    if e.is_timeout() || chain_has_io_kind(e, std::io::ErrorKind::TimedOut) {
        return Failure::Timeout(timeout);
    }
    if chain_has_io_kind(e, std::io::ErrorKind::ConnectionRefused) {
        return Failure::Refused;
    }
    let text = chain_text(e);
    if text.contains("dns error") || text.contains("failed to lookup address") {
        return Failure::Dns;
    }
    Failure::Network(text)
}

/// Every error in a chain, looking inside `io::Error`s (whose `source` skips the wrapped one).
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(e);
    while let Some(err) = next {
        out.push(err);
        if out.len() > 32 {
            break;
        }
        next = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    out
}

fn chain_has_io_kind(e: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    chain(e)
        .iter()
        .filter_map(|err| err.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == kind)
}

fn chain_text(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for err in chain(e) {
        let s = match err.downcast_ref::<reqwest::Error>() {
            // Never the URL: it may carry a query.
            Some(r) if r.url().is_some() => {
                let mut r2 = String::new();
                if r.is_connect() {
                    r2.push_str("could not connect");
                } else if r.is_request() {
                    r2.push_str("the request failed");
                } else if r.is_body() || r.is_decode() {
                    r2.push_str("the answer could not be read");
                } else {
                    r2.push_str("the request failed");
                }
                r2
            }
            _ => err.to_string(),
        };
        if !s.is_empty() && !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

/// The certificate problem in an error chain, if any.
fn tls_problem(e: &reqwest::Error) -> Option<TlsProblem> {
    use rustls::CertificateError as C;
    for err in chain(e) {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(match r {
                rustls::Error::InvalidCertificate(c) => match c {
                    C::Expired | C::ExpiredContext { .. } => TlsProblem::Expired,
                    C::NotValidForName | C::NotValidForNameContext { .. } => TlsProblem::WrongHost,
                    C::UnknownIssuer => TlsProblem::UnknownIssuer,
                    other => TlsProblem::Other(format!("{other:?}")),
                },
                other => TlsProblem::Other(other.to_string()),
            });
        }
    }
    None
}
