//! [`AdminClient`]: sign-in and the platform calls of the admin API contract.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use socialmine_core::{PlatformId, Secret};
use url::Url;
use zeroize::Zeroize;

use crate::error::NetError;
use crate::model::{
    ErrorBody, LoginAnswer, RemotePlatform, SystemInfo, parse_platform_list, revision_from_etag,
};
use crate::tokens::{BoundToken, TokenOrigin, TokenStore, TokenStoreError};
use crate::transport::{
    AdminEndpoint, CapError, HttpSettings, http_client, origin, read_capped, redirect_target,
};

/// The values of a platform save (`PUT /api/admin/social-platforms/{id}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformUpdate {
    pub client_id: String,
    /// `None`: the stored secret is kept (the field is left out of the request).
    pub client_secret: Option<Secret>,
    /// `None` clears the override / version.
    pub app_version: Option<String>,
    pub callback_url: Option<String>,
    pub scope: Option<String>,
}

impl PlatformUpdate {
    fn body(&self) -> Value {
        let mut body = json!({
            "clientId": self.client_id,
            "appVersion": self.app_version,
            "callbackUrl": self.callback_url,
            "scope": self.scope,
        });
        if let (Some(secret), Some(m)) = (&self.client_secret, body.as_object_mut()) {
            m.insert(
                "clientSecret".into(),
                Value::String(secret.expose_str().to_owned()),
            );
        }
        body
    }
}

/// The result of a sign-in. The token stays inside the client; [`AdminClient::token`] hands it
/// out, bound to this server's origin, for safe keeping (the OS keyring).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// When the server says the token expires (RFC 3339), if it said.
    pub expires_at: Option<String>,
}

#[derive(Default)]
struct Session {
    /// Always bound to this client's own admin origin.
    token: Option<BoundToken>,
    expires_at: Option<String>,
    /// No sign-in attempt before this instant (the server's `Retry-After`).
    login_not_before: Option<Instant>,
    /// How far this client's clock is ahead of the system's ([`AdminClient::advance_clock`]).
    clock_ahead: Duration,
    /// Where tokens are kept between runs, and under which key.
    store: Option<(Arc<dyn TokenStore>, String)>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: AdminEndpoint,
    settings: HttpSettings,
    session: Mutex<Session>,
}

/// A client for one deployment's admin API. Cheap to clone; clones share the session.
/// Every call is `async` and returns a typed result, so thin Tauri commands can call it.
#[derive(Clone)]
pub struct AdminClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminClient")
            .field("endpoint", &self.inner.endpoint.base().as_str())
            .finish()
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    url: Url,
}

/// Which call is answering, to tell "no admin API here" from "no such platform".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Call {
    Login,
    Info,
    Platform,
}

impl AdminClient {
    /// A client for the admin API at `admin_base` (the deployment's admin URL, by default its
    /// `API_PUBLIC_URL`) under the path prefix `prefix` (`None`: `/api`).
    pub fn new(
        admin_base: &str,
        prefix: Option<&str>,
        settings: HttpSettings,
    ) -> Result<AdminClient, NetError> {
        let endpoint = AdminEndpoint::new(admin_base, prefix)?;
        let http = http_client(&settings, endpoint.is_loopback())?;
        Ok(AdminClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                settings,
                session: Mutex::new(Session::default()),
            }),
        })
    }

    /// Where this client sends its requests.
    pub fn endpoint(&self) -> &AdminEndpoint {
        &self.inner.endpoint
    }

    /// The time `Retry-After` waits are judged by.
    fn now(&self) -> Instant {
        Instant::now() + self.session().clock_ahead
    }

    /// Moves the clock `Retry-After` waits are judged by forward by `by`, so that tests see a
    /// wait end without sleeping through it.
    pub fn advance_clock(&self, by: Duration) {
        self.session().clock_ahead += by;
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        self.inner
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The origin (scheme, host, port) tokens of this client belong to.
    pub fn token_origin(&self) -> TokenOrigin {
        self.inner.endpoint.token_origin()
    }

    fn bind(&self, token: Secret) -> BoundToken {
        BoundToken::new(self.token_origin(), token)
    }

    /// Uses a token the admin pasted for this server: it is bound to this client's origin.
    pub fn use_token(&self, token: Secret) {
        let token = self.bind(Secret::from(token.expose_str().trim()));
        let store = {
            let mut s = self.session();
            s.token = Some(token.clone());
            s.expires_at = None;
            s.store.clone()
        };
        if let Some((store, key)) = store
            && let Err(e) = store.save(&key, &token)
        {
            tracing::warn!("{e}");
        }
    }

    /// Uses a token kept earlier, only if it was issued by this client's origin. Returns
    /// whether it was taken; a token of another origin is refused and never sent.
    pub fn use_bound_token(&self, token: BoundToken) -> bool {
        if token.origin != self.token_origin() {
            return false;
        }
        let mut s = self.session();
        s.token = Some(token);
        s.expires_at = None;
        true
    }

    /// The current token with the origin it belongs to, for safe keeping in the OS keyring.
    pub fn token(&self) -> Option<BoundToken> {
        self.session().token.clone()
    }

    /// When the current token expires, if the server said.
    pub fn token_expires_at(&self) -> Option<String> {
        self.session().expires_at.clone()
    }

    /// Whether a token is held (it may still have expired on the server).
    pub fn is_signed_in(&self) -> bool {
        self.session().token.is_some()
    }

    /// Forgets the token.
    pub fn sign_out(&self) {
        let store = {
            let mut s = self.session();
            s.token = None;
            s.expires_at = None;
            s.store.clone()
        };
        if let Some((store, key)) = store
            && let Err(e) = store.delete(&key)
        {
            tracing::warn!("{e}");
        }
    }

    /// Keeps this client's token in `store` under `key` (one key per deployment): a token
    /// already there is used now if this client's origin issued it, a new sign-in is saved
    /// (bound to this origin), and a rejected token is deleted. A kept token of another origin
    /// (the admin URL was edited, another server was named) is left alone and never sent; the
    /// next sign-in replaces it. Returns whether a usable token was found.
    pub fn keep_tokens_in(
        &self,
        store: Arc<dyn TokenStore>,
        key: impl Into<String>,
    ) -> Result<bool, TokenStoreError> {
        let key = key.into();
        let found = store
            .load(&key)?
            .filter(|t| t.origin == self.token_origin());
        let mut s = self.session();
        if let Some(t) = &found {
            s.token = Some(t.clone());
            s.expires_at = None;
        }
        s.store = Some((store, key));
        Ok(found.is_some())
    }

    /// Signs in with email and password. The password is sent once and never kept.
    pub async fn sign_in(&self, email: &str, password: &Secret) -> Result<SignedIn, NetError> {
        let now = self.now();
        if let Some(wait) = self
            .session()
            .login_not_before
            .and_then(|t| t.checked_duration_since(now))
        {
            return Err(NetError::RateLimited {
                retry_after: Some(round_up(wait)),
            });
        }
        let body = json!({ "email": email.trim(), "password": password.expose_str() });
        let answer = self
            .send(Method::POST, "/admin/auth/login", Some(body), None, false)
            .await?;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = retry_after(&answer.headers);
            let now = self.now();
            self.session().login_not_before = retry_after.map(|d| now + d);
            return Err(NetError::RateLimited { retry_after });
        }
        if answer.status == StatusCode::UNAUTHORIZED || answer.status == StatusCode::FORBIDDEN {
            let e = ErrorBody::parse(&answer.body).unwrap_or_default();
            if answer.status == StatusCode::FORBIDDEN && e.code == "forbidden" {
                return Err(NetError::Forbidden);
            }
            return Err(NetError::InvalidCredentials);
        }
        let answer = check(answer, Call::Login)?;
        let mut answer = answer;
        let parsed: Result<LoginAnswer, NetError> = parse_json(&answer);
        // The answer's bytes hold the token: do not leave them in freed memory.
        answer.body.zeroize();
        let parsed = parsed?;
        let token = parsed
            .token
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| NetError::BadResponse {
                url: origin(&answer.url),
                detail: "the sign-in answer has no token".into(),
            })?;
        let token = self.bind(Secret::from(token));
        let store = {
            let mut s = self.session();
            s.token = Some(token.clone());
            s.expires_at = parsed.expires_at.clone();
            s.login_not_before = None;
            s.store.clone()
        };
        if let Some((store, key)) = store
            && let Err(e) = store.save(&key, &token)
        {
            // The session goes on with the token in memory; the admin signs in again next time.
            tracing::warn!("{e}");
        }
        Ok(SignedIn {
            expires_at: parsed.expires_at,
        })
    }

    /// `GET /api/admin/system/info`.
    pub async fn system_info(&self) -> Result<SystemInfo, NetError> {
        let answer = self
            .authed(Method::GET, "/admin/system/info", None, None, Call::Info)
            .await?;
        parse_json(&answer)
    }

    /// `GET /api/admin/social-platforms`.
    pub async fn platforms(&self) -> Result<Vec<RemotePlatform>, NetError> {
        let answer = self
            .authed(
                Method::GET,
                "/admin/social-platforms",
                None,
                None,
                Call::Platform,
            )
            .await?;
        let v: Value = parse_json(&answer)?;
        parse_platform_list(v).map_err(|e| NetError::BadResponse {
            url: origin(&answer.url),
            detail: e.to_string(),
        })
    }

    /// `GET /api/admin/social-platforms/{id}`; the revision comes from the body or the `ETag`.
    pub async fn platform(&self, id: PlatformId) -> Result<RemotePlatform, NetError> {
        let answer = self
            .authed(Method::GET, &platform_path(id), None, None, Call::Platform)
            .await?;
        platform_answer(&answer, id)
    }

    /// `PUT /api/admin/social-platforms/{id}` with `If-Match: "<revision>"` when given.
    /// 412 → [`NetError::RevisionMismatch`] with the server's current values; 422 →
    /// [`NetError::Validation`] with the message of each field.
    pub async fn save_platform(
        &self,
        id: PlatformId,
        update: &PlatformUpdate,
        if_match: Option<u64>,
    ) -> Result<RemotePlatform, NetError> {
        let answer = self
            .authed(
                Method::PUT,
                &platform_path(id),
                Some(update.body()),
                if_match,
                Call::Platform,
            )
            .await?;
        self.platform_or_reread(&answer, id).await
    }

    /// `PUT /api/admin/social-platforms/{id}/enabled`. 409 → [`NetError::NotConfigured`].
    pub async fn set_enabled(
        &self,
        id: PlatformId,
        enabled: bool,
    ) -> Result<RemotePlatform, NetError> {
        let path = format!("{}/enabled", platform_path(id));
        let answer = self
            .authed(
                Method::PUT,
                &path,
                Some(json!({ "enabled": enabled })),
                None,
                Call::Platform,
            )
            .await?;
        self.platform_or_reread(&answer, id).await
    }

    /// The platform in a write's answer; a server that answers `204` or an empty body is
    /// asked for the platform instead.
    async fn platform_or_reread(
        &self,
        answer: &Answer,
        id: PlatformId,
    ) -> Result<RemotePlatform, NetError> {
        if answer.body.trim_ascii().is_empty() {
            return self.platform(id).await;
        }
        platform_answer(answer, id)
    }

    /// An authenticated call; waits out a short `Retry-After` on 429, maps every error status.
    async fn authed(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<u64>,
        call: Call,
    ) -> Result<Answer, NetError> {
        let mut waited = Duration::ZERO;
        loop {
            let answer = self
                .send(method.clone(), path, body.clone(), if_match, true)
                .await?;
            if answer.status == StatusCode::TOO_MANY_REQUESTS {
                let wait = retry_after(&answer.headers);
                match wait {
                    Some(w) if waited + w <= self.inner.settings.max_retry_wait => {
                        waited += w;
                        tokio::time::sleep(w).await;
                        continue;
                    }
                    _ => return Err(NetError::RateLimited { retry_after: wait }),
                }
            }
            if answer.status == StatusCode::UNAUTHORIZED {
                self.sign_out();
            }
            return check(answer, call);
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<u64>,
        with_token: bool,
    ) -> Result<Answer, NetError> {
        let url = self.inner.endpoint.url(path);
        let mut req = self
            .inner
            .http
            .request(method, url.clone())
            .header(header::ACCEPT, "application/json");
        if with_token {
            let token = self.session().token.clone();
            // A token goes only to the origin that issued it.
            let token = token
                .as_ref()
                .and_then(|t| TokenOrigin::of(&url).and_then(|o| t.for_origin(&o).cloned()))
                .ok_or_else(|| NetError::Unauthenticated {
                    message: "not signed in to this server on this computer".into(),
                })?;
            req = req.bearer_auth(token.expose_str());
        }
        if let Some(rev) = if_match {
            req = req.header(header::IF_MATCH, format!("\"{rev}\""));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| transport_error(&e, &url, &self.inner.settings))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        // The HTTP client follows redirects within this origin only; any 3xx that reaches
        // here points elsewhere (or nowhere) and is refused, naming where it pointed.
        if status.is_redirection() {
            return Err(NetError::RedirectRefused {
                url: origin(&url),
                target: redirect_target(resp.url(), &headers),
            });
        }
        let limit = self.inner.settings.max_answer_bytes;
        let body = read_capped(resp, limit).await.map_err(|e| match e {
            CapError::TooLarge { declared } => NetError::AnswerTooLarge {
                url: origin(&url),
                limit,
                declared,
            },
            CapError::Read(e) => transport_error(&e, &url, &self.inner.settings),
        })?;
        Ok(Answer {
            status,
            headers,
            body,
            url,
        })
    }
}

fn platform_path(id: PlatformId) -> String {
    format!("/admin/social-platforms/{}", id.as_str())
}

fn round_up(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs() + u64::from(d.subsec_nanos() > 0))
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(round_up(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    ))
}

fn transport_error(e: &reqwest::Error, url: &Url, settings: &HttpSettings) -> NetError {
    let url = origin(url);
    if e.is_timeout() {
        return NetError::Timeout {
            url,
            after: settings.timeout,
        };
    }
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail = format!("{detail}: {s}");
        source = s.source();
    }
    if e.is_connect() {
        NetError::Unreachable { url, detail }
    } else if e.is_redirect() {
        NetError::InvalidUrl {
            url,
            reason: detail,
        }
    } else {
        NetError::ConnectionLost { url, detail }
    }
}

fn looks_like_html(answer: &Answer) -> bool {
    let ct = answer
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    ct.contains("text/html") || answer.body.trim_ascii_start().starts_with(b"<")
}

/// Maps an error status to a [`NetError`]; passes 2xx through.
fn check(answer: Answer, call: Call) -> Result<Answer, NetError> {
    let status = answer.status;
    if status.is_success() {
        if looks_like_html(&answer) {
            return Err(NetError::NoAdminApi {
                url: origin(&answer.url),
                detail: "it answered with a web page instead of JSON".into(),
            });
        }
        return Ok(answer);
    }
    let body = ErrorBody::parse(&answer.body);
    let e = body.unwrap_or_default();
    let url = origin(&answer.url);
    let message = if e.message.trim().is_empty() {
        status
            .canonical_reason()
            .unwrap_or("no explanation")
            .to_owned()
    } else {
        e.message.trim().trim_end_matches('.').to_owned()
    };
    Err(match status.as_u16() {
        401 => NetError::Unauthenticated { message },
        403 => NetError::Forbidden,
        404 if call == Call::Platform && e.code == "unknown_platform" => {
            let platform = answer
                .url
                .path()
                .rsplit('/')
                .find(|s| *s != "enabled")
                .unwrap_or("")
                .to_owned();
            NetError::UnknownPlatform { platform, message }
        }
        404 | 405 | 501 => NetError::NoAdminApi {
            url,
            detail: format!("HTTP {status} on {}", answer.url.path()),
        },
        409 if e.code == "not_configured" || answer.url.path().ends_with("/enabled") => {
            NetError::NotConfigured { message }
        }
        412 => {
            let current = e
                .current
                .and_then(|c| serde_json::from_value::<RemotePlatform>(c).ok())
                .unwrap_or_default();
            NetError::RevisionMismatch {
                current: Box::new(current),
            }
        }
        422 | 400 if !e.fields.is_empty() || e.code == "validation_failed" => {
            NetError::Validation {
                fields: e.fields,
                message,
            }
        }
        500..=599 => NetError::Server {
            status: status.as_u16(),
            code: e.code,
            message,
        },
        s => NetError::Rejected {
            status: s,
            code: e.code,
            message,
        },
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, NetError> {
    serde_json::from_slice(&answer.body).map_err(|e| NetError::BadResponse {
        url: origin(&answer.url),
        detail: format!("not the JSON the contract describes ({e})"),
    })
}

fn platform_answer(answer: &Answer, id: PlatformId) -> Result<RemotePlatform, NetError> {
    let mut p: RemotePlatform = parse_json(answer)?;
    if p.revision.is_none() {
        p.revision = answer
            .headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .and_then(revision_from_etag);
    }
    if p.id.is_empty() {
        p.id = id.as_str().to_owned();
    }
    Ok(p)
}
