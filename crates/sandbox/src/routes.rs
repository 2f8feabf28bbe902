//! The HTTP routes of the sandbox: the whole admin API contract plus the public callback route.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{Map, Value, json};
use socialmine_core::{Catalog, PlatformId};

use crate::attempts::{Attempts, Verdict};
use crate::faults::{self, Faults};
use crate::guard::{OwnHosts, host_guard};
use crate::store::{PlatformValues, Store, StoreError, StoredAdmin, StoredPlatform};

/// Longest values a save accepts, in characters.
pub(crate) const MAX_CLIENT_ID: usize = 256;
pub(crate) const MAX_SECRET: usize = 512;
pub(crate) const MAX_URL: usize = 2048;
pub(crate) const MAX_SCOPE: usize = 1024;
pub(crate) const MAX_APP_VERSION: usize = 16;

/// State shared by the request handlers.
pub(crate) struct Inner {
    pub api_public_url: String,
    pub client_app_url: Option<String>,
    pub token_ttl: Duration,
    pub store: Mutex<Store>,
    pub catalog: Catalog,
    attempts: Mutex<Attempts>,
    /// How far the sessions' and sign-in locks' clock is ahead of the system clock (tests of
    /// token expiry and `Retry-After` move it instead of sleeping).
    clock_ahead_secs: AtomicI64,
}

impl Inner {
    pub(crate) fn new(
        api_public_url: String,
        client_app_url: Option<String>,
        token_ttl: Duration,
        attempts: Attempts,
        store: Store,
    ) -> Inner {
        Inner {
            api_public_url,
            client_app_url,
            token_ttl,
            store: Mutex::new(store),
            catalog: Catalog::built_in(),
            attempts: Mutex::new(attempts),
            clock_ahead_secs: AtomicI64::new(0),
        }
    }

    /// The time sessions are issued and judged by.
    pub(crate) fn now(&self) -> time::OffsetDateTime {
        now() + time::Duration::seconds(self.clock_ahead_secs.load(Ordering::SeqCst))
    }

    /// The time sign-in locks are judged by (moved with the sessions' clock).
    pub(crate) fn instant(&self) -> Instant {
        let ahead = u64::try_from(self.clock_ahead_secs.load(Ordering::SeqCst)).unwrap_or(0);
        Instant::now() + Duration::from_secs(ahead)
    }

    /// Moves the sessions' clock forward by `by`.
    pub(crate) fn advance_clock(&self, by: Duration) {
        let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.clock_ahead_secs.fetch_add(secs, Ordering::SeqCst);
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn attempts(&self) -> MutexGuard<'_, Attempts> {
        self.attempts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `{API_PUBLIC_URL}/api/connect/{segment}/callback`, as the seed guide derives it.
    fn default_callback(&self, id: PlatformId) -> String {
        format!(
            "{}/api/connect/{}/callback",
            self.api_public_url,
            self.catalog.platform(id).callback_segment
        )
    }
}

type Shared = Arc<Inner>;

pub(crate) fn router(inner: Shared, faults: Faults, own: OwnHosts) -> Router {
    Router::new()
        .route("/api/admin/auth/login", post(login))
        .route("/api/admin/system/info", get(system_info))
        .route("/api/admin/social-platforms", get(list_platforms))
        .route(
            "/api/admin/social-platforms/{id}",
            get(get_platform).put(save_platform),
        )
        .route("/api/admin/social-platforms/{id}/enabled", put(set_enabled))
        .route("/api/connect/{id}", get(connect_start))
        .route("/api/connect/{id}/callback", get(connect_callback))
        .fallback(not_found)
        .with_state(inner)
        .layer(axum::middleware::from_fn_with_state(
            faults,
            faults::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(own, host_guard))
}

/// An error answer in the contract's shape.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: Value,
    retry_after: Option<u64>,
}

pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> ApiError {
    ApiError {
        status,
        body: json!({ "error": { "code": code, "message": message } }),
        retry_after: None,
    }
}

impl ApiError {
    fn with(mut self, key: &str, value: Value) -> ApiError {
        if let Some(e) = self.body.get_mut("error").and_then(Value::as_object_mut) {
            e.insert(key.to_owned(), value);
        }
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        tracing::error!("sandbox store: {e}");
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "The sandbox's database failed; see its log.",
        )
    }
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

pub(crate) fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(crate) fn now_rfc3339() -> String {
    rfc3339(now())
}

async fn not_found() -> ApiError {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such route on this server.",
    )
}

fn parse_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(error(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(error(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            &format!("The request body is not valid JSON: {e}"),
        )),
    }
}

fn validation(fields: BTreeMap<String, String>) -> ApiError {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "Some values were not accepted; see error.fields.",
    )
    .with("fields", json!(fields))
}

// ---------------------------------------------------------------------------------------------
// Authentication

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginAnswer {
    token: String,
    expires_at: String,
}

/// Whether a request declares a JSON body (`application/json`, parameters allowed). Sign-in
/// requires it, so a web page cannot post a "simple" cross-site form or text/plain request.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

fn too_many(retry_after: Duration, message: &str) -> ApiError {
    let mut e = error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message);
    e.retry_after = Some(retry_after.as_secs().max(1));
    e
}

async fn login(
    State(inner): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<LoginAnswer>, ApiError> {
    if !is_json(&headers) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Sign-in takes a JSON body: send Content-Type: application/json.",
        ));
    }
    let m = parse_object(&body)?;
    let mut fields = BTreeMap::new();
    let email = m
        .get("email")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let password = m
        .get("password")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if email.is_empty() {
        fields.insert("email".to_owned(), "must not be empty".to_owned());
    }
    if password.is_empty() {
        fields.insert("password".to_owned(), "must not be empty".to_owned());
    }
    if !fields.is_empty() {
        return Err(validation(fields));
    }
    if let Some(wait) = inner.attempts().locked(&email, inner.instant()) {
        return Err(too_many(
            wait,
            "Too many failed sign-ins for this account; wait before trying again.",
        ));
    }
    let admin = inner.store().check_password(&email, password)?;
    let Some(admin) = admin else {
        if let Verdict::Full { retry_after } = inner.attempts().fail(&email, inner.instant()) {
            return Err(too_many(
                retry_after,
                "Too many failed sign-ins on this server; wait before trying again.",
            ));
        }
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "The email address or password is wrong.",
        ));
    };
    inner.attempts().succeed(&email);
    let token = format!("smsb_{}", crate::store::random_hex(32)?);
    let expires = inner.now() + inner.token_ttl;
    inner
        .store()
        .add_session(&token, &admin.email, expires.unix_timestamp())?;
    Ok(Json(LoginAnswer {
        token,
        expires_at: rfc3339(expires),
    }))
}

fn authenticate(inner: &Inner, headers: &HeaderMap) -> Result<StoredAdmin, ApiError> {
    let unauthenticated = |msg: &str| error(StatusCode::UNAUTHORIZED, "unauthenticated", msg);
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| unauthenticated("Sign in first: this call needs an admin bearer token."))?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(unauthenticated(
            "The Authorization header must be 'Bearer <token>'.",
        ));
    }
    inner
        .store()
        .session(token.trim(), inner.now().unix_timestamp())?
        .ok_or_else(|| {
            unauthenticated("The session token is unknown or has expired; sign in again.")
        })
}

fn authorize(inner: &Inner, headers: &HeaderMap) -> Result<StoredAdmin, ApiError> {
    let admin = authenticate(inner, headers)?;
    if !admin.can_manage_platforms {
        return Err(error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "This admin lacks the social-platforms permission; ask an owner to grant it.",
        ));
    }
    Ok(admin)
}

fn platform_id(raw: &str) -> Result<PlatformId, ApiError> {
    raw.parse::<PlatformId>().map_err(|_| {
        error(
            StatusCode::NOT_FOUND,
            "unknown_platform",
            &format!("There is no platform '{raw}'. Known: facebook, instagram, linkedin, twitter, tiktok, threads."),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// System information and platforms

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SystemInfo {
    product: &'static str,
    version: &'static str,
    api_public_url: String,
    platforms: Vec<&'static str>,
}

async fn system_info(
    State(inner): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<SystemInfo>, ApiError> {
    authenticate(&inner, &headers)?;
    Ok(Json(SystemInfo {
        product: "SocialMine",
        version: crate::VERSION,
        api_public_url: inner.api_public_url.clone(),
        platforms: PlatformId::ALL.iter().map(|p| p.as_str()).collect(),
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlatformJson {
    id: PlatformId,
    enabled: bool,
    client_id: Option<String>,
    client_secret_set: bool,
    client_secret_hint: Option<String>,
    app_version: Option<String>,
    callback_url: Option<String>,
    scope: Option<String>,
    effective_callback_url: String,
    default_scopes: Vec<String>,
    revision: u64,
    updated_at: String,
}

fn to_json(inner: &Inner, p: StoredPlatform) -> PlatformJson {
    PlatformJson {
        id: p.id,
        enabled: p.enabled,
        effective_callback_url: p
            .callback_url
            .clone()
            .unwrap_or_else(|| inner.default_callback(p.id)),
        client_id: p.client_id,
        client_secret_set: p.secret_digest.is_some(),
        client_secret_hint: p.secret_hint,
        app_version: p.app_version,
        callback_url: p.callback_url,
        scope: p.scope,
        default_scopes: inner.catalog.platform(p.id).default_scopes.clone(),
        revision: p.revision,
        updated_at: p.updated_at,
    }
}

fn with_etag(inner: &Inner, p: StoredPlatform) -> Response {
    let etag = format!("\"{}\"", p.revision);
    let mut r = Json(to_json(inner, p)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

async fn list_platforms(
    State(inner): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize(&inner, &headers)?;
    let rows: Vec<StoredPlatform> = {
        let store = inner.store();
        PlatformId::ALL
            .into_iter()
            .map(|id| store.platform(id))
            .collect::<Result<_, _>>()?
    };
    let list: Vec<PlatformJson> = rows.into_iter().map(|p| to_json(&inner, p)).collect();
    Ok(Json(json!({ "platforms": list })))
}

async fn get_platform(
    State(inner): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&inner, &headers)?;
    let id = platform_id(&id)?;
    let p = inner.store().platform(id)?;
    Ok(with_etag(&inner, p))
}

/// Whether an `If-Match` header value names `revision` (`"7"`, `W/"7"`, `7`, `*`, or a list).
fn if_match_accepts(value: &str, revision: u64) -> bool {
    value.split(',').map(str::trim).any(|tag| {
        tag == "*"
            || tag
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse::<u64>()
                .is_ok_and(|r| r == revision)
    })
}

/// An optional string field: `Ok(None)` when absent, `Ok(Some(None))` for null or "".
fn optional_text(
    m: &Map<String, Value>,
    key: &str,
    fields: &mut BTreeMap<String, String>,
) -> Option<Option<String>> {
    match m.get(key) {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) if s.is_empty() => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => {
            fields.insert(key.to_owned(), "must be a string or null".to_owned());
            None
        }
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

fn check_length(fields: &mut BTreeMap<String, String>, key: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        fields.insert(key.to_owned(), format!("must be at most {max} characters"));
    } else if has_control(value) {
        fields.insert(
            key.to_owned(),
            "must not contain control characters or line breaks".to_owned(),
        );
    }
}

fn validate_save(
    id: PlatformId,
    cur: &StoredPlatform,
    m: &Map<String, Value>,
) -> Result<PlatformValues, ApiError> {
    let mut fields = BTreeMap::new();
    let client_id = match m.get("clientId") {
        Some(Value::String(s)) if s.trim().is_empty() => {
            fields.insert("clientId".to_owned(), "must not be empty".to_owned());
            String::new()
        }
        Some(Value::String(s)) => {
            check_length(&mut fields, "clientId", s, MAX_CLIENT_ID);
            s.clone()
        }
        None | Some(Value::Null) => {
            fields.insert("clientId".to_owned(), "must not be empty".to_owned());
            String::new()
        }
        Some(_) => {
            fields.insert("clientId".to_owned(), "must be a string".to_owned());
            String::new()
        }
    };
    let client_secret = match m.get("clientSecret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => {
            fields.insert(
                "clientSecret".to_owned(),
                "must not be empty; leave it out to keep the stored secret".to_owned(),
            );
            None
        }
        Some(Value::String(s)) => {
            check_length(&mut fields, "clientSecret", s, MAX_SECRET);
            Some(socialmine_core::Secret::from(s.as_str()))
        }
        Some(_) => {
            fields.insert("clientSecret".to_owned(), "must be a string".to_owned());
            None
        }
    };
    let app_version =
        optional_text(m, "appVersion", &mut fields).unwrap_or_else(|| cur.app_version.clone());
    if let Some(v) = &app_version {
        let meta = matches!(id, PlatformId::Facebook | PlatformId::Instagram);
        if !meta {
            fields.insert(
                "appVersion".to_owned(),
                "only Facebook and Instagram use an App Version".to_owned(),
            );
        } else if v.chars().count() > MAX_APP_VERSION || !is_graph_version(v) {
            fields.insert("appVersion".to_owned(), "must look like v23.0".to_owned());
        }
    }
    let callback_url =
        optional_text(m, "callbackUrl", &mut fields).unwrap_or_else(|| cur.callback_url.clone());
    if let Some(u) = &callback_url {
        check_length(&mut fields, "callbackUrl", u, MAX_URL);
        let ok = url::Url::parse(u).is_ok_and(|p| {
            matches!(p.scheme(), "http" | "https") && p.host_str().is_some_and(|h| !h.is_empty())
        });
        if !ok && !fields.contains_key("callbackUrl") {
            fields.insert(
                "callbackUrl".to_owned(),
                "must be an absolute http(s) URL".to_owned(),
            );
        }
    }
    let scope = optional_text(m, "scope", &mut fields).unwrap_or_else(|| cur.scope.clone());
    if let Some(s) = &scope {
        check_length(&mut fields, "scope", s, MAX_SCOPE);
    }
    if !fields.is_empty() {
        return Err(validation(fields));
    }
    Ok(PlatformValues {
        client_id,
        client_secret,
        app_version,
        callback_url,
        scope,
    })
}

fn is_graph_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let Some((major, minor)) = rest.split_once('.') else {
        return false;
    };
    !major.is_empty()
        && major.len() <= 3
        && major.bytes().all(|b| b.is_ascii_digit())
        && !minor.is_empty()
        && minor.len() <= 2
        && minor.bytes().all(|b| b.is_ascii_digit())
}

async fn save_platform(
    State(inner): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&inner, &headers)?;
    let id = platform_id(&id)?;
    let m = parse_object(&body)?;
    let if_match = headers
        .get(header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let saved = {
        let store = inner.store();
        let cur = store.platform(id)?;
        if let Some(tag) = if_match
            && !if_match_accepts(&tag, cur.revision)
        {
            let current = to_json(&inner, cur);
            return Err(error(
                StatusCode::PRECONDITION_FAILED,
                "revision_mismatch",
                "The platform was changed since you read it; review error.current and try again.",
            )
            .with("current", json!(current)));
        }
        let values = validate_save(id, &cur, &m)?;
        store.save(id, &values, &now_rfc3339())?
    };
    Ok(with_etag(&inner, saved))
}

async fn set_enabled(
    State(inner): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&inner, &headers)?;
    let id = platform_id(&id)?;
    let m = parse_object(&body)?;
    let Some(enabled) = m.get("enabled").and_then(Value::as_bool) else {
        return Err(validation(BTreeMap::from([(
            "enabled".to_owned(),
            "must be true or false".to_owned(),
        )])));
    };
    let saved = {
        let store = inner.store();
        let cur = store.platform(id)?;
        let configured =
            cur.client_id.as_deref().is_some_and(|c| !c.is_empty()) && cur.secret_digest.is_some();
        if enabled && !configured {
            return Err(error(
                StatusCode::CONFLICT,
                "not_configured",
                "Save a client ID and client secret for this platform before turning it on.",
            ));
        }
        store.set_enabled(id, enabled, &now_rfc3339())?
    };
    Ok(with_etag(&inner, saved))
}

// ---------------------------------------------------------------------------------------------
// Public connect routes

async fn connect_start(Path(id): Path<String>) -> ApiError {
    match platform_id(&id) {
        Err(e) => e,
        Ok(_) => error(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Connecting an account needs a signed-in tenant user; open Social Profile in the SocialMine app.",
        ),
    }
}

async fn connect_callback(
    State(inner): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let id = platform_id(&id)?;
    let reason = if let Some(e) = q.get("error") {
        e.clone()
    } else if q.get("code").is_none_or(String::is_empty) {
        "missing_code".to_owned()
    } else {
        // The sandbox starts no OAuth flows, so no state can be one it issued.
        "invalid_state".to_owned()
    };
    if let Some(app) = &inner.client_app_url {
        let mut target = url::Url::parse(app)
            .ok()
            .and_then(|u| u.join("social-profile").ok())
            .ok_or_else(|| {
                error(
                    StatusCode::BAD_REQUEST,
                    &reason,
                    "The connect attempt failed.",
                )
            })?;
        target
            .query_pairs_mut()
            .append_pair("platform", id.as_str())
            .append_pair("error", &reason);
        // SocialMine redirects with a plain 302 Found.
        let mut r = StatusCode::FOUND.into_response();
        if let Ok(v) = HeaderValue::from_str(target.as_str()) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return Ok(r);
    }
    let message = match reason.as_str() {
        "missing_code" => {
            "The provider did not send an authorization code; start the connection again from SocialMine."
        }
        "invalid_state" => {
            "This connect attempt is unknown or has expired; start it again from SocialMine."
        }
        _ => "The provider reported an error; start the connection again from SocialMine.",
    };
    Ok(error(StatusCode::BAD_REQUEST, &reason, message).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_the_usual_spellings() {
        assert!(if_match_accepts("\"7\"", 7));
        assert!(if_match_accepts("W/\"7\"", 7));
        assert!(if_match_accepts("7", 7));
        assert!(if_match_accepts("*", 3));
        assert!(if_match_accepts("\"5\", \"7\"", 7));
        assert!(!if_match_accepts("\"6\"", 7));
        assert!(!if_match_accepts("abc", 7));
    }

    #[test]
    fn graph_versions() {
        assert!(is_graph_version("v23.0"));
        assert!(!is_graph_version("23.0"));
        assert!(!is_graph_version("v23"));
        assert!(!is_graph_version("v.0"));
    }
}
