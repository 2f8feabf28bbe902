//! The client against servers written by someone else from the same contract: different but
//! valid spellings (weak or unquoted ETags, no revision in the body, extra fields, empty
//! strings for unset values), and servers that do not offer the admin API at all.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{Value, json};
use socialmine_core::{PlatformId, Secret};
use socialmine_net::{
    AdminClient, HttpSettings, PlatformDraft, PushRequest, PushStatus, SecretInput, push,
};
use tokio::net::TcpListener;

#[derive(Default)]
struct Foreign {
    revision: u64,
    client_id: String,
    secret_set: bool,
    if_match_seen: Vec<String>,
    /// Answer the next save with a 412 that carries no `current`.
    conflict_once: bool,
    enabled: bool,
}

type Shared = Arc<Mutex<Foreign>>;

fn platform(f: &Foreign) -> Value {
    // No revision in the body: only the ETag carries it. Unknown fields, "" for unset values.
    json!({
        "id": "linkedin", "enabled": f.enabled, "clientId": f.client_id, "clientSecretSet": f.secret_set,
        "clientSecretHint": if f.secret_set { "wxyz" } else { "" }, "appVersion": null,
        "callbackUrl": "", "scope": "", "effectiveCallbackUrl": "https://api.acme.com/api/connect/linkedin/callback",
        "defaultScopes": ["openid", "profile", "email", "w_member_social"],
        "updatedAt": "2026-11-28T10:00:00Z", "tenantCount": 12, "extra": { "nested": [1, 2] }
    })
}

fn with_weak_etag(f: &Foreign) -> Response {
    let mut r = Json(platform(f)).into_response();
    r.headers_mut().insert(
        header::ETAG,
        format!("W/\"{}\"", f.revision).parse().expect("etag"),
    );
    r
}

fn authorized(h: &HeaderMap) -> bool {
    h.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) == Some("Bearer foreign-token")
}

async fn login(Json(body): Json<Value>) -> Response {
    if body["password"] == "right" {
        Json(json!({ "token": "foreign-token", "expiresAt": "2099-01-01T00:00:00Z", "admin": { "name": "Ops" } }))
            .into_response()
    } else {
        (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": { "code": "invalid_credentials", "message": "no" } })),
        )
            .into_response()
    }
}

async fn get_one(State(s): State<Shared>, h: HeaderMap) -> Response {
    if !authorized(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    with_weak_etag(&s.lock().expect("lock"))
}

async fn save(State(s): State<Shared>, h: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorized(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut f = s.lock().expect("lock");
    let tag = h
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    f.if_match_seen.push(tag.clone());
    if f.conflict_once {
        f.conflict_once = false;
        f.revision += 1;
        return (
            StatusCode::PRECONDITION_FAILED,
            Json(json!({ "error": { "code": "revision_mismatch", "message": "changed" } })),
        )
            .into_response();
    }
    if !tag.is_empty() && tag.trim_matches('"') != f.revision.to_string() {
        return (StatusCode::PRECONDITION_FAILED, Json(json!({ "error": { "code": "revision_mismatch", "message": "changed", "current": platform(&f) } })))
            .into_response();
    }
    f.client_id = body["clientId"].as_str().unwrap_or_default().to_owned();
    if body.get("clientSecret").is_some_and(Value::is_string) {
        f.secret_set = true;
    }
    f.revision += 1;
    with_weak_etag(&f)
}

async fn list(State(s): State<Shared>, h: HeaderMap) -> Response {
    if !authorized(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    Json(json!({ "platforms": [platform(&s.lock().expect("lock"))], "page": 1 })).into_response()
}

/// Turns the platform on and answers `204 No Content`, as some servers do.
async fn enable(State(s): State<Shared>, h: HeaderMap, Json(body): Json<Value>) -> StatusCode {
    if !authorized(&h) {
        return StatusCode::UNAUTHORIZED;
    }
    let mut f = s.lock().expect("lock");
    f.enabled = body["enabled"] == true;
    f.revision += 1;
    StatusCode::NO_CONTENT
}

async fn serve(app: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn weak_etags_and_revisionless_bodies_are_understood() {
    let state: Shared = Arc::new(Mutex::new(Foreign {
        revision: 5,
        ..Foreign::default()
    }));
    let app = Router::new()
        .route("/api/admin/auth/login", post(login))
        .route("/api/admin/social-platforms", get(list))
        .route(
            "/api/admin/social-platforms/linkedin",
            get(get_one).put(save),
        )
        .route("/api/admin/social-platforms/linkedin/enabled", put(enable))
        .with_state(state.clone());
    let base = serve(app).await;
    let c = AdminClient::new(&base, None, HttpSettings::default()).expect("client");
    assert!(
        c.sign_in("ops@acme.com", &Secret::from("wrong"))
            .await
            .is_err()
    );
    let signed = c
        .sign_in("ops@acme.com", &Secret::from("right"))
        .await
        .expect("sign in");
    assert_eq!(signed.expires_at.as_deref(), Some("2099-01-01T00:00:00Z"));

    let p = c.platform(PlatformId::Linkedin).await.expect("read");
    assert_eq!(p.revision, Some(5), "revision from the weak ETag");
    assert_eq!(p.client_id.as_deref(), Some(""));

    let draft = PlatformDraft {
        client_id: Some("86abcdefghijkl".into()),
        secret: SecretInput::New(Secret::from("secret-wxyz")),
        app_version: None,
        callback_url: None,
        scope: None,
    };
    // The base comes from the list, which has no revision: the client reads the platform
    // for its ETag before saving with If-Match.
    let listed = c.platforms().await.expect("list");
    assert_eq!(listed[0].revision, None);
    let req = PushRequest {
        base: Some(listed[0].clone()),
        ..PushRequest::new(PlatformId::Linkedin, draft.clone(), true)
    };
    let report = push(&c, &socialmine_core::Catalog::built_in(), vec![req]).await;
    assert!(report.all_tried_saved(), "{report:#?}");
    let o = report.outcome(PlatformId::Linkedin).expect("outcome");
    assert_eq!(o.enable, socialmine_net::EnableOutcome::TurnedOn);
    assert!(
        o.server
            .as_ref()
            .is_some_and(|p| p.enabled && p.revision == Some(7)),
        "re-read after a 204: {o:#?}"
    );
    state.lock().expect("lock").enabled = false;
    assert_eq!(state.lock().expect("lock").if_match_seen, ["\"5\""]);

    // A 412 without `current`: the client reads the platform again rather than guessing.
    state.lock().expect("lock").conflict_once = true;
    let mut changed = draft;
    changed.client_id = Some("86zzzzzzzzzzzz".into());
    changed.secret = SecretInput::Keep;
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(PlatformId::Linkedin, changed, false)],
    )
    .await;
    let o = report.outcome(PlatformId::Linkedin).expect("outcome");
    assert_eq!(o.status, PushStatus::Failed, "{o:#?}");
    let conflict = o.conflict.as_ref().expect("conflict");
    assert_eq!(conflict.server_revision, Some(8));
    assert_eq!(
        state.lock().expect("lock").client_id,
        "86abcdefghijkl",
        "nothing overwritten"
    );
}

#[tokio::test]
async fn a_server_without_the_admin_api_points_to_the_paste_sheet() {
    // A single-page app answering every path with its index page.
    let spa = Router::new()
        .fallback(|| async { Html("<!doctype html><html><body>SocialMine</body></html>") });
    let base = serve(spa).await;
    let c = AdminClient::new(&base, None, HttpSettings::default()).expect("client");
    let e = c
        .sign_in("ops@acme.com", &Secret::from("pw"))
        .await
        .expect_err("no api");
    assert_eq!(e.code(), "no_admin_api", "{e:?}");
    assert!(e.to_string().contains("paste sheet"), "{e}");

    // A plain 404 for the admin routes.
    let bare = Router::new().route("/", get(|| async { "hello" }));
    let base = serve(bare).await;
    let c = AdminClient::new(&base, None, HttpSettings::default()).expect("client");
    let e = c
        .sign_in("ops@acme.com", &Secret::from("pw"))
        .await
        .expect_err("404");
    assert_eq!(e.code(), "no_admin_api", "{e:?}");
    c.use_token(Secret::from("t"));
    let e = c.platform(PlatformId::Facebook).await.expect_err("404");
    assert_eq!(e.code(), "no_admin_api", "{e:?}");
}

#[tokio::test]
async fn a_configurable_path_prefix_is_used() {
    let app = Router::new().route(
        "/socialmine/backend/admin/system/info",
        get(|h: HeaderMap| async move {
            if h.get(header::AUTHORIZATION).is_none() {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            Json(json!({ "product": "SocialMine", "version": "2.0", "apiPublicUrl": "https://api.acme.com" }))
                .into_response()
        }),
    );
    let base = serve(app).await;
    let c = AdminClient::new(
        &format!("{base}/socialmine"),
        Some("backend"),
        HttpSettings::default(),
    )
    .expect("client");
    c.use_token(Secret::from("pasted-token"));
    let info = c.system_info().await.expect("info");
    assert_eq!(info.version.as_deref(), Some("2.0"));
    assert!(info.platforms.is_empty());
}
