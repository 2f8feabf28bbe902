//! Issue 13, item 14: the app killed mid-push. The real CLI binary pushes a deployment file to
//! the sandbox, slowed down by its fault injection; once the first platform is saved the
//! process is killed with SIGKILL. The deployment file is intact (same bytes, parses, same
//! values), nothing is left beside it, every platform on the server is either fully saved or
//! untouched, and the same command run again completes every platform.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::Method;
use socialmine_core::{Deployment, PlatformId};
use socialmine_net::{AdminClient, HttpSettings};
use socialmine_sandbox::{Sandbox, SandboxConfig};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";
const TT_SECRET: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

const FILE: &str = r#"name = "Acme"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"

[platforms.linkedin]
client_id = "86abcdefghijkl"
client_secret = "WPL_AP1.abcdefghijklmnop.QRSTUV=="
scope = "openid profile email w_member_social"

[platforms.tiktok]
client_id = "awabcdefghijklmn"
client_secret = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
"#;

const PLATFORMS: [(PlatformId, &str, &str); 3] = [
    (PlatformId::Facebook, "1234567890123456", FB_SECRET),
    (PlatformId::Linkedin, "86abcdefghijkl", LI_SECRET),
    (PlatformId::Tiktok, "awabcdefghijklmn", TT_SECRET),
];

/// `socialmine-setup-cli push FILE --server URL --enable`, signing in with the sandbox's admin,
/// with every folder it could write to inside `home`.
fn push(sb: &Sandbox, file: &Path, home: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .arg("push")
        .arg(file)
        .args([
            "--server",
            &sb.base_url(),
            "--enable",
            "--today",
            "2026-11-28",
        ])
        .env("SOCIALMINE_ADMIN_EMAIL", &sb.admin().email)
        .env(
            "SOCIALMINE_ADMIN_PASSWORD",
            sb.admin().password.expose_str(),
        )
        .env("SOCIALMINE_PROFILE", "dev")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("SOCIALMINE_ADMIN_TOKEN")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts")
}

/// Platforms whose values the sandbox has answered a save of (PUT …/social-platforms/{id}).
fn saved(sb: &Sandbox) -> Vec<String> {
    sb.faults()
        .requests()
        .into_iter()
        .filter(|r| r.method == Method::PUT && !r.path.ends_with("/enabled"))
        .filter(|r| r.status.is_some_and(|s| (200..300).contains(&s)))
        .map(|r| r.path)
        .collect()
}

async fn admin(sb: &Sandbox) -> AdminClient {
    let client =
        AdminClient::new(&sb.base_url(), None, HttpSettings::default()).expect("admin client");
    client
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_killed_midway_loses_nothing_and_the_same_command_completes_it() {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.acme.com".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("home");
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, FILE).expect("write");

    // Slow: each request waits, so the push is still running after its first save.
    sb.faults().set_latency(Duration::from_millis(400));
    let mut child = push(&sb, &file, home.path());
    let started = Instant::now();
    while saved(&sb).is_empty() {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            panic!(
                "the push ended ({status}) before its first save:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no platform was saved within a minute"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert_eq!(status.signal(), Some(9), "killed mid-push: {status}");
    sb.faults().clear();

    // Nothing lost locally: the same bytes, parsing to the same values, nothing beside it.
    let after = std::fs::read_to_string(&file).expect("the file is still there");
    assert_eq!(after, FILE, "the deployment file changed");
    let parsed = Deployment::parse(&after).expect("the file parses");
    assert_eq!(parsed, Deployment::parse(FILE).expect("original"));
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        beside,
        vec![std::ffi::OsString::from("acme.toml")],
        "left beside the file"
    );

    // Nothing half-written on the server: each platform saved whole or not at all, and the
    // kill came before the end (some platform is not switched on yet).
    let client = admin(&sb).await;
    let mut enabled = 0;
    for (id, client_id, secret) in PLATFORMS {
        let p = client.platform(id).await.expect("read");
        if p.client_secret_set {
            assert_eq!(p.client_id.as_deref(), Some(client_id), "{id}: {p:#?}");
            assert!(sb.stored_secret_matches(id, secret).expect("store"), "{id}");
        }
        enabled += usize::from(p.enabled);
    }
    assert!(
        enabled < PLATFORMS.len(),
        "the push had finished before the kill"
    );

    // The same command again completes every platform.
    let out = push(&sb, &file, home.path())
        .wait_with_output()
        .expect("second push");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    for s in [FB_SECRET, LI_SECRET, TT_SECRET] {
        assert!(
            !stdout.contains(s) && !stderr.contains(s),
            "a secret was printed"
        );
    }
    for (id, client_id, secret) in PLATFORMS {
        let p = client.platform(id).await.expect("read");
        assert!(p.enabled && p.client_secret_set, "{id}: {p:#?}");
        assert_eq!(p.client_id.as_deref(), Some(client_id), "{id}");
        assert!(sb.stored_secret_matches(id, secret).expect("store"), "{id}");
    }
    assert_eq!(std::fs::read_to_string(&file).expect("read"), FILE);
}
