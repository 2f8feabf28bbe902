//! One local server emulating every provider the probes call, answering as
//! `shared/reference/provider-facts.md` says: Meta's error object (codes 101 and 1) and its
//! expired-version answer (`facebook-api-version`), Threads' app token, LinkedIn's and X's
//! errors for a bogus code, TikTok's `client_key` and its errors inside an HTTP 200.
//!
//! Each provider host is served under `/{host}/…`, so the override maps
//! `graph.facebook.com=http://127.0.0.1:PORT/graph.facebook.com`.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine as _;
use serde_json::json;

/// Every provider host the emulator answers for.
pub const HOSTS: [&str; 5] = [
    "graph.facebook.com",
    "graph.threads.net",
    "www.linkedin.com",
    "api.x.com",
    "open.tiktokapis.com",
];

/// A request the emulator received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub host: String,
    pub path: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub query: String,
    pub body: String,
}

impl Seen {
    /// Everything of the request as one text, to search for secrets.
    pub fn all_text(&self) -> String {
        format!(
            "{} {} {:?} {} {}",
            self.method, self.path, self.headers, self.query, self.body
        )
    }
}

/// How the emulated providers behave.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Registered apps per host: client ID → secret.
    pub apps: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// Meta: a configured version answered by another one (expired → next usable).
    pub expired: BTreeMap<String, String>,
    /// TikTok issues client_credentials tokens (else it refuses them with unauthorized_client).
    pub tiktok_app_token: bool,
    /// Added before every answer.
    pub delay: Duration,
    /// Never answer.
    pub hang: bool,
    /// Answer everything with this (status, content type, body).
    pub broken: Option<(u16, &'static str, String)>,
    /// Meta leaves out the version header.
    pub no_version_header: bool,
}

/// A running emulator.
pub struct Emulator {
    pub addr: SocketAddr,
    pub behaviour: Arc<Mutex<Behaviour>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    tokens: Arc<Mutex<BTreeSet<String>>>,
}

impl Emulator {
    pub async fn start(behaviour: Behaviour) -> Emulator {
        let state = Shared {
            behaviour: Arc::new(Mutex::new(behaviour)),
            seen: Arc::default(),
            tokens: Arc::default(),
        };
        let app = Router::new()
            .route("/{host}/{*rest}", any(handle))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Emulator {
            addr,
            behaviour: state.behaviour,
            seen: state.seen,
            tokens: state.tokens,
        }
    }

    /// The override value mapping every provider host to this emulator.
    pub fn override_value(&self) -> String {
        HOSTS
            .iter()
            .map(|h| format!("{h}=http://{}/{h}", self.addr))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen").clone()
    }

    pub fn issued_tokens(&self) -> Vec<String> {
        self.tokens
            .lock()
            .expect("tokens")
            .iter()
            .cloned()
            .collect()
    }
}

#[derive(Clone)]
struct Shared {
    behaviour: Arc<Mutex<Behaviour>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    tokens: Arc<Mutex<BTreeSet<String>>>,
}

fn params(query: &str, body: &str) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(query.as_bytes())
        .chain(url::form_urlencoded::parse(body.as_bytes()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn json_answer(status: u16, body: serde_json::Value) -> Response {
    let mut r = (
        StatusCode::from_u16(status).expect("status"),
        body.to_string(),
    )
        .into_response();
    r.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn meta_error(status: u16, code: u32, message: &str) -> Response {
    json_answer(
        status,
        json!({"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}}),
    )
}

async fn handle(
    State(s): State<Shared>,
    Path((host, rest)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let query = query.unwrap_or_default();
    let body = String::from_utf8_lossy(&body).into_owned();
    s.seen.lock().expect("seen").push(Seen {
        host: host.clone(),
        path: rest.clone(),
        method: method.to_string(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        query: query.clone(),
        body: body.clone(),
    });
    let b = s.behaviour.lock().expect("behaviour").clone();
    if b.hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    if !b.delay.is_zero() {
        tokio::time::sleep(b.delay).await;
    }
    if let Some((status, ct, text)) = &b.broken {
        let mut r = (StatusCode::from_u16(*status).expect("status"), text.clone()).into_response();
        r.headers_mut()
            .insert("content-type", HeaderValue::from_static(ct));
        return r;
    }
    let p = params(&query, &body);
    let apps = b.apps.get(host.as_str()).cloned().unwrap_or_default();
    let path = rest.trim_matches('/');
    match (host.as_str(), path) {
        ("graph.facebook.com", p_) if p_.ends_with("oauth/access_token") => {
            meta_token(&s, &apps, &p, "EAA")
        }
        ("graph.facebook.com", p_) if p_.ends_with("app") => meta_app(&s, &b, path, &headers),
        ("graph.threads.net", "oauth/access_token") => threads_token(&s, &apps, &p),
        ("www.linkedin.com", "oauth/v2/accessToken") => linkedin_token(&apps, &p),
        ("api.x.com", "2/oauth2/token") => x_token(&apps, &p, &headers),
        ("open.tiktokapis.com", "v2/oauth/token") => tiktok_token(&s, &b, &apps, &p),
        _ => json_answer(404, json!({"error": "not_found"})),
    }
}

fn issue(s: &Shared, token: String) -> String {
    s.tokens.lock().expect("tokens").insert(token.clone());
    token
}

fn meta_token(
    s: &Shared,
    apps: &BTreeMap<String, String>,
    p: &BTreeMap<String, String>,
    prefix: &str,
) -> Response {
    if p.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return meta_error(400, 100, "Missing grant_type");
    }
    let id = p.get("client_id").cloned().unwrap_or_default();
    let Some(secret) = apps.get(&id) else {
        return meta_error(
            400,
            101,
            "Error validating application. Invalid application ID.",
        );
    };
    if p.get("client_secret") != Some(secret) {
        return meta_error(400, 1, "Error validating client secret.");
    }
    let token = issue(s, format!("{prefix}{id}apptoken"));
    json_answer(200, json!({"access_token": token, "token_type": "bearer"}))
}

fn meta_app(s: &Shared, b: &Behaviour, path: &str, headers: &HeaderMap) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !s.tokens.lock().expect("tokens").contains(token) {
        return meta_error(400, 190, "Invalid OAuth access token.");
    }
    let asked = path.split('/').next().unwrap_or("");
    let answered = b
        .expired
        .get(asked)
        .cloned()
        .unwrap_or_else(|| asked.to_owned());
    let mut r = json_answer(
        200,
        json!({"id": "1234567890123456", "name": "Emulated app"}),
    );
    if !b.no_version_header {
        r.headers_mut().insert(
            "facebook-api-version",
            HeaderValue::from_str(&answered).expect("header"),
        );
    }
    r
}

fn threads_token(
    s: &Shared,
    apps: &BTreeMap<String, String>,
    p: &BTreeMap<String, String>,
) -> Response {
    let id = p.get("client_id").cloned().unwrap_or_default();
    match apps.get(&id) {
        Some(secret)
            if p.get("client_secret") == Some(secret)
                && p.get("grant_type").map(String::as_str) == Some("client_credentials") =>
        {
            let token = issue(s, format!("TH|{id}|emulated"));
            json_answer(200, json!({"access_token": token, "token_type": "bearer"}))
        }
        // How Threads refuses is not documented; this is one plausible answer.
        _ => meta_error(400, 101, "Invalid application ID or secret."),
    }
}

fn linkedin_token(apps: &BTreeMap<String, String>, p: &BTreeMap<String, String>) -> Response {
    let id = p.get("client_id").cloned().unwrap_or_default();
    if apps
        .get(&id)
        .is_none_or(|s| p.get("client_secret") != Some(s))
    {
        return json_answer(
            401,
            json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
        );
    }
    json_answer(
        400,
        json!({"error": "invalid_request", "error_description": "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired."}),
    )
}

fn x_token(
    apps: &BTreeMap<String, String>,
    p: &BTreeMap<String, String>,
    headers: &HeaderMap,
) -> Response {
    let unauthorized = || {
        json_answer(
            401,
            json!({"error": "unauthorized_client", "error_description": "Missing valid authorization header"}),
        )
    };
    let Some(basic) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    else {
        return unauthorized();
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(basic) else {
        return unauthorized();
    };
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    let Some((id, secret)) = decoded.split_once(':') else {
        return unauthorized();
    };
    let dec = |s: &str| {
        url::form_urlencoded::parse(format!("a={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    if apps.get(&dec(id)) != Some(&dec(secret)) {
        return unauthorized();
    }
    if !p.contains_key("code_verifier") {
        return json_answer(
            400,
            json!({"error": "invalid_request", "error_description": "Missing required parameter [code_verifier]."}),
        );
    }
    json_answer(
        400,
        json!({"error": "invalid_request", "error_description": "Value passed for the authorization code was invalid."}),
    )
}

fn tiktok_token(
    s: &Shared,
    b: &Behaviour,
    apps: &BTreeMap<String, String>,
    p: &BTreeMap<String, String>,
) -> Response {
    // TikTok answers errors with HTTP 200.
    let Some(key) = p.get("client_key") else {
        return json_answer(
            200,
            json!({"error": "invalid_request", "error_description": "client_key is missing", "log_id": "L1"}),
        );
    };
    if apps
        .get(key)
        .is_none_or(|sec| p.get("client_secret") != Some(sec))
    {
        return json_answer(
            200,
            json!({"error": "invalid_client", "error_description": "Client key or secret is incorrect.", "log_id": "L2"}),
        );
    }
    match p.get("grant_type").map(String::as_str) {
        Some("client_credentials") if b.tiktok_app_token => {
            let token = issue(s, format!("clt.{key}emulated"));
            json_answer(
                200,
                json!({"access_token": token, "expires_in": 7200, "token_type": "Bearer"}),
            )
        }
        Some("client_credentials") => json_answer(
            200,
            json!({"error": "unauthorized_client", "error_description": "This app may not use client_credentials.", "log_id": "L3"}),
        ),
        Some("authorization_code") => json_answer(
            200,
            json!({"error": "invalid_grant", "error_description": "Authorization code is expired.", "log_id": "L4"}),
        ),
        _ => json_answer(
            200,
            json!({"error": "invalid_request", "error_description": "bad grant_type", "log_id": "L5"}),
        ),
    }
}
