//! `socialmine-setup-cli verify` end to end: the built binary, with
//! SOCIALMINE_SETUP_PROVIDER_OVERRIDE sending every provider request to local emulators
//! (the same ones the probes are tested against) and a local SocialMine-like callback.

#[path = "../../net/tests/verify_support/providers.rs"]
#[allow(dead_code)]
mod providers;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::any;
use providers::{Behaviour, Emulator};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const X_SECRET: &str = "x-secret-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD";
const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";

async fn emulator() -> Emulator {
    let mut apps: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    apps.entry("graph.facebook.com")
        .or_default()
        .insert("1234567890123456".into(), FB_SECRET.into());
    apps.entry("api.x.com").or_default().insert(
        "Vm1hY2xpZW50aWRleGFtcGxlMTIzOjE6Y2k".into(),
        X_SECRET.into(),
    );
    apps.entry("www.linkedin.com")
        .or_default()
        .insert("86abcdefghijkl".into(), LI_SECRET.into());
    Emulator::start(Behaviour {
        apps,
        ..Behaviour::default()
    })
    .await
}

/// Answers the callback like SocialMine (a redirect to its client app with an error).
async fn socialmine_like() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new().fallback(any(|uri: Uri| async move {
        if uri.path().starts_with("/api/connect/") && uri.path().ends_with("/callback") {
            let mut r = StatusCode::FOUND.into_response();
            r.headers_mut().insert(
                "location",
                HeaderValue::from_static("/settings?error=missing_code"),
            );
            r
        } else {
            StatusCode::NOT_FOUND.into_response()
        }
    }));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

fn write_file(dir: &Path, api: &str, x_secret: &str) -> std::path::PathBuf {
    let path = dir.join("acme.toml");
    std::fs::write(
        &path,
        format!(
            r#"api_public_url = "{api}"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "{FB_SECRET}"
app_version = "v23.0"

[platforms.twitter]
client_id = "Vm1hY2xpZW50aWRleGFtcGxlMTIzOjE6Y2k"
client_secret = "{x_secret}"

[platforms.linkedin]
client_id = "86abcdefghijkl"
client_secret = "{LI_SECRET}"
"#
        ),
    )
    .expect("write");
    path
}

async fn verify(args: Vec<String>, routes: String) -> (i32, String, String) {
    let out: Output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
            .arg("verify")
            .args(args)
            .env("SOCIALMINE_SETUP_PROVIDER_OVERRIDE", routes)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("join");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn no_secret(text: &str) {
    for s in [FB_SECRET, X_SECRET, LI_SECRET] {
        assert!(!text.contains(s), "a secret was printed: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_exits_0_when_nothing_is_rejected_and_prints_issue_10_json() {
    let emu = emulator().await;
    let cb = socialmine_like().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = write_file(dir.path(), &format!("http://{cb}"), X_SECRET);
    let (code, out, err) = verify(
        vec![file.display().to_string(), "--format".into(), "json".into()],
        emu.override_value(),
    )
    .await;
    assert_eq!(code, 0, "{out}\n{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    for p in ["facebook", "twitter", "linkedin"] {
        let checks = v["platforms"][p]["checks"].as_array().expect("checks");
        assert_eq!(checks[0]["check"], "credentials");
        assert_eq!(checks[0]["code"], "credentials_valid", "{p}: {out}");
        assert_eq!(checks.last().expect("callback")["code"], "reachable");
    }
    assert_eq!(
        v["platforms"]["facebook"]["checks"][1]["code"],
        "version_ok"
    );
    no_secret(&out);
    no_secret(&err);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_exits_1_on_a_rejection_and_2_on_an_unreadable_file_or_bad_override() {
    let emu = emulator().await;
    let cb = socialmine_like().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = write_file(dir.path(), &format!("http://{cb}"), "not-the-x-secret-000");
    let (code, out, err) = verify(
        vec![
            file.display().to_string(),
            "--platform".into(),
            "twitter".into(),
        ],
        emu.override_value(),
    )
    .await;
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("REJECTED"), "{out}");
    assert!(out.contains("bad_client"), "{out}");
    assert!(
        !out.contains("facebook"),
        "--platform limits the run: {out}"
    );
    assert!(!out.contains("not-the-x-secret-000"));

    let missing = dir.path().join("missing.toml");
    let (code, out, err) = verify(
        vec![
            missing.display().to_string(),
            "--format".into(),
            "json".into(),
        ],
        emu.override_value(),
    )
    .await;
    assert_eq!(code, 2, "{out}\n{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json error");
    assert_eq!(v["error"]["code"], "file_unreadable");

    let (code, _, err) = verify(
        vec![file.display().to_string()],
        "api.x.com=http://192.0.2.1:80".into(),
    )
    .await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SOCIALMINE_SETUP_PROVIDER_OVERRIDE"), "{err}");
}
