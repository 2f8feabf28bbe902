//! The sandbox against the admin API contract, over raw loopback HTTP (no client crate, so a
//! client bug cannot hide a server bug).

use std::time::Duration;

use serde_json::{Value, json};
use socialmine_core::PlatformId;
use socialmine_sandbox::{FaultMatch, Sandbox, SandboxConfig};

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

mod common;

async fn raw(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<Value>,
) -> Option<Answer> {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let (status, head, body) = common::raw_request(addr, method, path, &headers, &body).await?;
    Some(Answer { status, head, body })
}

async fn call(
    sb: &Sandbox,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let headers: Vec<(&str, String)> = token
        .map(|t| ("Authorization", format!("Bearer {t}")))
        .into_iter()
        .collect();
    raw(sb.addr(), method, path, &headers, body)
        .await
        .expect("an answer")
}

async fn login(sb: &Sandbox, email: &str, password: &str) -> Answer {
    call(
        sb,
        "POST",
        "/api/admin/auth/login",
        None,
        Some(json!({ "email": email, "password": password })),
    )
    .await
}

async fn admin_token(sb: &Sandbox) -> String {
    let a = login(sb, &sb.admin().email, sb.admin().password.expose_str()).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["token"].as_str().expect("token").to_owned()
}

const FB: &str = "/api/admin/social-platforms/facebook";

#[tokio::test]
async fn sign_in_permissions_and_errors_follow_the_contract() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let bad = login(&sb, &sb.admin().email, "wrong").await;
    assert_eq!(
        (bad.status, bad.code()),
        (401, "invalid_credentials".to_owned())
    );
    let ok = login(
        &sb,
        &sb.admin().email.to_uppercase(),
        sb.admin().password.expose_str(),
    )
    .await;
    assert_eq!(ok.status, 200, "emails are case-insensitive: {}", ok.body);
    assert!(
        ok.json()["expiresAt"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );

    let none = call(&sb, "GET", "/api/admin/social-platforms", None, None).await;
    assert_eq!(
        (none.status, none.code()),
        (401, "unauthenticated".to_owned())
    );
    let bogus = call(
        &sb,
        "GET",
        "/api/admin/social-platforms",
        Some("smsb_nope"),
        None,
    )
    .await;
    assert_eq!(
        (bogus.status, bogus.code()),
        (401, "unauthenticated".to_owned())
    );

    let viewer = login(&sb, &sb.viewer().email, sb.viewer().password.expose_str())
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let denied = call(
        &sb,
        "GET",
        "/api/admin/social-platforms",
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(
        (denied.status, denied.code()),
        (403, "forbidden".to_owned())
    );
    let info = call(&sb, "GET", "/api/admin/system/info", Some(&viewer), None).await;
    assert_eq!(info.status, 200, "any admin may read system/info");

    let token = admin_token(&sb).await;
    let list = call(
        &sb,
        "GET",
        "/api/admin/social-platforms",
        Some(&token),
        None,
    )
    .await;
    let ids: Vec<String> = list.json()["platforms"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "facebook",
            "instagram",
            "linkedin",
            "twitter",
            "tiktok",
            "threads"
        ]
    );
    let unknown = call(
        &sb,
        "GET",
        "/api/admin/social-platforms/x",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (404, "unknown_platform".to_owned())
    );

    sb.revoke_sessions().expect("revoke");
    let revoked = call(&sb, "GET", FB, Some(&token), None).await;
    assert_eq!(revoked.status, 401);
}

#[tokio::test]
async fn repeated_bad_sign_ins_get_429_with_retry_after() {
    let sb = Sandbox::start(SandboxConfig {
        max_login_failures: 3,
        login_lockout: Duration::from_secs(30),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    for _ in 0..3 {
        assert_eq!(login(&sb, &sb.admin().email, "wrong").await.status, 401);
    }
    let locked = login(&sb, &sb.admin().email, sb.admin().password.expose_str()).await;
    assert_eq!(
        (locked.status, locked.code()),
        (429, "too_many_attempts".to_owned())
    );
    let wait: u64 = locked
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&wait), "{wait}");
    // Another account is not locked.
    assert_eq!(
        login(&sb, &sb.viewer().email, sb.viewer().password.expose_str())
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn saves_keep_secrets_hidden_and_honour_if_match() {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.acme.com".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let t = admin_token(&sb).await;
    let first = call(&sb, "GET", FB, Some(&t), None).await;
    assert_eq!(first.header("etag").as_deref(), Some("\"1\""));
    let p = first.json();
    assert_eq!(
        p["effectiveCallbackUrl"],
        "https://api.acme.com/api/connect/facebook/callback"
    );
    assert_eq!(p["clientSecretSet"], false);
    assert_eq!(p["defaultScopes"][0], "public_profile");

    let body = json!({ "clientId": "1234567890123456", "clientSecret": "s3cr3t-value-3f9a", "appVersion": "v23.0", "callbackUrl": null, "scope": null });
    let saved = raw(
        sb.addr(),
        "PUT",
        FB,
        &[
            ("Authorization", format!("Bearer {t}")),
            ("If-Match", "\"1\"".into()),
        ],
        Some(body.clone()),
    )
    .await
    .expect("answer");
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        !saved.body.contains("s3cr3t-value"),
        "secret never returned"
    );
    let p = saved.json();
    assert_eq!(
        (
            p["revision"].as_u64(),
            p["clientSecretHint"].as_str(),
            p["enabled"].as_bool()
        ),
        (Some(2), Some("3f9a"), Some(false))
    );

    // A stale If-Match: 412 with the current platform, nothing changed.
    let stale = raw(
        sb.addr(),
        "PUT",
        FB,
        &[
            ("Authorization", format!("Bearer {t}")),
            ("If-Match", "\"1\"".into()),
        ],
        Some(json!({ "clientId": "999" })),
    )
    .await
    .expect("answer");
    assert_eq!(
        (stale.status, stale.code()),
        (412, "revision_mismatch".to_owned())
    );
    assert_eq!(
        stale.json()["error"]["current"]["clientId"],
        "1234567890123456"
    );
    assert_eq!(stale.json()["error"]["current"]["revision"], 2);

    // Secret omitted: kept. Same values: no new revision.
    let same = call(&sb, "PUT", FB, Some(&t), Some(json!({ "clientId": "1234567890123456", "appVersion": "v23.0", "callbackUrl": null, "scope": null }))).await;
    assert_eq!(same.json()["revision"], 2);
    assert!(
        sb.stored_secret_matches(PlatformId::Facebook, "s3cr3t-value-3f9a")
            .expect("store")
    );
    // An override changes the effective callback; null clears it again.
    let o = call(
        &sb,
        "PUT",
        FB,
        Some(&t),
        Some(json!({ "clientId": "1234567890123456", "callbackUrl": "https://x.example/cb" })),
    )
    .await;
    assert_eq!(
        (
            o.json()["effectiveCallbackUrl"].as_str(),
            o.json()["revision"].as_u64()
        ),
        (Some("https://x.example/cb"), Some(3))
    );
    let o = call(
        &sb,
        "PUT",
        FB,
        Some(&t),
        Some(json!({ "clientId": "1234567890123456", "callbackUrl": null })),
    )
    .await;
    assert_eq!(
        o.json()["effectiveCallbackUrl"],
        "https://api.acme.com/api/connect/facebook/callback"
    );
}

#[tokio::test]
async fn invalid_values_get_422_and_enabling_needs_a_configured_platform() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let t = admin_token(&sb).await;
    let bad = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/tiktok",
        Some(&t),
        Some(json!({ "clientId": "", "clientSecret": "x".repeat(600), "appVersion": "v23.0", "scope": "a\nb" })),
    )
    .await;
    assert_eq!(
        (bad.status, bad.code()),
        (422, "validation_failed".to_owned())
    );
    let fields = &bad.json()["error"]["fields"];
    assert_eq!(fields["clientId"], "must not be empty");
    assert_eq!(fields["clientSecret"], "must be at most 512 characters");
    assert!(
        fields["appVersion"]
            .as_str()
            .is_some_and(|m| m.contains("only Facebook and Instagram"))
    );
    assert!(
        fields["scope"]
            .as_str()
            .is_some_and(|m| m.contains("line breaks"))
    );
    assert!(!bad.body.contains(&"x".repeat(600)));

    let on = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/tiktok/enabled",
        Some(&t),
        Some(json!({ "enabled": true })),
    )
    .await;
    assert_eq!((on.status, on.code()), (409, "not_configured".to_owned()));
    let cfg = call(&sb, "PUT", "/api/admin/social-platforms/tiktok", Some(&t), Some(json!({ "clientId": "awabcdefghijklmn", "clientSecret": "S3cretS3cretS3cretS3cretS3cret12" }))).await;
    assert_eq!(cfg.status, 200, "{}", cfg.body);
    let on = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/tiktok/enabled",
        Some(&t),
        Some(json!({ "enabled": true })),
    )
    .await;
    assert_eq!(
        (on.status, on.json()["enabled"].as_bool()),
        (200, Some(true))
    );
    // A save never changes `enabled`.
    let cfg = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/tiktok",
        Some(&t),
        Some(json!({ "clientId": "awabcdefghijklmo" })),
    )
    .await;
    assert_eq!(cfg.json()["enabled"], true);
    let junk = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/tiktok/enabled",
        Some(&t),
        Some(json!({ "enabled": "yes" })),
    )
    .await;
    assert_eq!(junk.status, 422);
}

#[tokio::test]
async fn data_survives_a_restart_and_no_secret_is_stored_in_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = || SandboxConfig {
        data_dir: Some(dir.path().to_owned()),
        ..SandboxConfig::default()
    };
    let secret = "Very-Secret-Client-Secret-Value-0042";
    let sb = Sandbox::start(cfg()).await.expect("start");
    let t = admin_token(&sb).await;
    let saved = call(
        &sb,
        "PUT",
        "/api/admin/social-platforms/linkedin",
        Some(&t),
        Some(json!({ "clientId": "86abcdefghijkl", "clientSecret": secret })),
    )
    .await;
    assert_eq!(saved.status, 200);
    let old_password = sb.admin().password.expose_str().to_owned();
    sb.stop().await;

    let sb = Sandbox::start(cfg()).await.expect("restart");
    let t2 = admin_token(&sb).await;
    let p = call(
        &sb,
        "GET",
        "/api/admin/social-platforms/linkedin",
        Some(&t2),
        None,
    )
    .await
    .json();
    assert_eq!(
        (
            p["clientId"].as_str(),
            p["revision"].as_u64(),
            p["clientSecretHint"].as_str()
        ),
        (Some("86abcdefghijkl"), Some(2), Some("0042"))
    );
    assert!(
        sb.stored_secret_matches(PlatformId::Linkedin, secret)
            .expect("store")
    );
    // Tokens issued before the restart stay valid until they expire, as a real server's would.
    assert_eq!(
        call(&sb, "GET", "/api/admin/system/info", Some(&t), None)
            .await
            .status,
        200
    );
    assert_ne!(
        sb.admin().password.expose_str(),
        old_password,
        "a new random password each start"
    );
    assert_eq!(
        login(&sb, &sb.admin().email, &old_password).await.status,
        401
    );
    sb.stop().await;

    for entry in std::fs::read_dir(dir.path()).expect("read dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for needle in [secret, old_password.as_str(), t.as_str(), t2.as_str()] {
            assert!(
                !text.contains(needle),
                "a secret is stored in clear in the data folder"
            );
        }
    }
}

#[tokio::test]
async fn the_public_callback_route_answers_like_socialmine() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let a = call(&sb, "GET", "/api/connect/twitter/callback", None, None).await;
    assert_eq!((a.status, a.code()), (400, "missing_code".to_owned()));
    let a = call(
        &sb,
        "GET",
        "/api/connect/twitter/callback?code=abc&state=zzz",
        None,
        None,
    )
    .await;
    assert_eq!((a.status, a.code()), (400, "invalid_state".to_owned()));
    let a = call(&sb, "GET", "/api/connect/x/callback", None, None).await;
    assert_eq!(a.status, 404, "the wrong segment is not reachable");
    let a = call(&sb, "GET", "/api/connect/twitter", None, None).await;
    assert_eq!(a.status, 401, "connecting needs a tenant session");
    sb.stop().await;

    let sb = Sandbox::start(SandboxConfig {
        client_app_url: Some("https://app.acme.com/".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let a = call(
        &sb,
        "GET",
        "/api/connect/tiktok/callback?error=access_denied",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, 302);
    assert_eq!(
        a.header("location").as_deref(),
        Some("https://app.acme.com/social-profile?platform=tiktok&error=access_denied")
    );
}

#[tokio::test]
async fn injected_faults_fail_drop_and_delay_chosen_calls() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let t = admin_token(&sb).await;
    sb.faults()
        .fail(FaultMatch::path("/social-platforms/threads"), 502, 1);
    let a = call(
        &sb,
        "GET",
        "/api/admin/social-platforms/threads",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(a.status, 502);
    assert_eq!(
        call(
            &sb,
            "GET",
            "/api/admin/social-platforms/threads",
            Some(&t),
            None
        )
        .await
        .status,
        200,
        "only once"
    );

    sb.faults()
        .drop_connection(FaultMatch::path("/system/info"), 1);
    let headers = [("Authorization", format!("Bearer {t}"))];
    assert!(
        raw(sb.addr(), "GET", "/api/admin/system/info", &headers, None)
            .await
            .is_none(),
        "closed without an answer"
    );
    let log = sb.faults().requests();
    assert_eq!(
        log.last().map(|r| (r.path.as_str(), r.status)),
        Some(("/api/admin/system/info", None))
    );

    sb.faults().set_latency(Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert_eq!(
        call(&sb, "GET", "/api/admin/system/info", Some(&t), None)
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}
