//! Updates of the app itself (issue 14) against a local update server (127.0.0.1) on Tauri's
//! mock runtime: an update is offered, a package with a bad signature is refused, a server that
//! is down is shrugged off, nothing is installed without the version the user agreed to, and
//! the window's command asks the endpoint the settings name.
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use minisign::KeyPair;
use socialmine_app::clock::SystemClock;
use socialmine_app::persist::Persistence;
use socialmine_app::state::AppState;
use socialmine_core::Catalog;
use socialmine_setup_lib::updater::{self, UpdateCheck, UpdateError};
use socialmine_store::{AppDirs, Profile, SecretStore, Store};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, AppHandle};

type Routes = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// A tiny HTTP/1.1 server on loopback: GET path → body (200) or 404.
struct Server {
    base: String,
    routes: Routes,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes: Routes = Arc::default();
        let r = routes.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let r = r.clone();
                std::thread::spawn(move || serve(stream, &r));
            }
        });
        Server { base, routes }
    }
    fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), body.into());
    }
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(mut stream: TcpStream, routes: &Routes) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let body = routes.lock().expect("routes").get(&path).cloned();
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

struct Keys {
    pair: KeyPair,
    /// The public key as tauri.conf.json holds it: base64 of the minisign .pub file.
    pubkey: String,
}

fn keys() -> Keys {
    let pair = KeyPair::generate_unencrypted_keypair().expect("keypair");
    let pubkey = B64.encode(pair.pk.to_box().expect("pk box").to_string());
    Keys { pair, pubkey }
}

/// The signature as the manifest holds it (base64 of the .minisig file), signed for `version`
/// the way the Tauri CLI signs (the version in the trusted comment).
fn sign(keys: &Keys, data: &[u8], version: &str) -> String {
    let trusted = format!("timestamp:1764633600\tfile:socialmine-setup.deb\tversion:{version}");
    let sig = minisign::sign(
        Some(&keys.pair.pk),
        &keys.pair.sk,
        Cursor::new(data),
        Some(&trusted),
        Some("signature from tauri secret key"),
    )
    .expect("sign");
    B64.encode(sig.to_string())
}

fn manifest(version: &str, url: &str, signature: &str) -> String {
    serde_json::json!({
        "version": version,
        "notes": "Fixes the callback check for Threads.",
        "pub_date": "2026-12-01T10:00:00Z",
        "platforms": {
            "linux-x86_64": { "url": url, "signature": signature },
            "linux-x86_64-deb": { "url": url, "signature": signature }
        }
    })
    .to_string()
}

/// The app (version 0.1.0) with the updater plugin, trusting `pubkey`. `loopback_http` allows
/// the test server's http:// address, as only a test configuration does.
fn app(pubkey: &str, loopback_http: bool) -> (App<MockRuntime>, AppHandle<MockRuntime>) {
    let mut ctx = mock_context(noop_assets());
    ctx.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({
            "pubkey": pubkey,
            "endpoints": [],
            "requireSignedVersion": true,
            "dangerousInsecureTransportProtocol": loopback_http
        }),
    );
    let app = mock_builder()
        .plugin(updater::plugin())
        .build(ctx)
        .expect("mock app");
    let handle = app.handle().clone();
    (app, handle)
}

const PACKAGE: &[u8] = b"!<arch>\nthe 0.2.0 package bytes, as a .deb would be";

#[test]
fn a_newer_signed_release_is_offered_and_its_package_verifies() {
    let k = keys();
    let s = Server::start();
    s.put("/pkg.deb", PACKAGE);
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.2.0")),
    );
    let (_app, h) = app(&k.pubkey, true);

    let found = tauri::async_runtime::block_on(updater::check(&h, &s.url("/latest.json")));
    assert_eq!(
        found,
        UpdateCheck::Available {
            current: "0.1.0".into(),
            version: "0.2.0".into(),
            notes: Some("Fixes the callback check for Threads.".into()),
            date: Some("2026-12-01".into()),
        }
    );
    let update = tauri::async_runtime::block_on(updater::find_update(&h, &s.url("/latest.json")))
        .expect("check")
        .expect("offered");
    let (_, bytes) =
        tauri::async_runtime::block_on(updater::fetch_verified(update, updater::MAX_PACKAGE_BYTES))
            .expect("verified");
    assert_eq!(bytes, PACKAGE);
}

#[test]
fn the_same_version_is_up_to_date() {
    let k = keys();
    let s = Server::start();
    s.put(
        "/latest.json",
        manifest("0.1.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.1.0")),
    );
    let (_app, h) = app(&k.pubkey, true);
    let found = tauri::async_runtime::block_on(updater::check(&h, &s.url("/latest.json")));
    assert_eq!(
        found,
        UpdateCheck::UpToDate {
            current: "0.1.0".into()
        }
    );
}

#[test]
fn a_package_signed_by_another_key_is_refused() {
    let (trusted, other) = (keys(), keys());
    let s = Server::start();
    s.put("/pkg.deb", PACKAGE);
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&other, PACKAGE, "0.2.0")),
    );
    let (_app, h) = app(&trusted.pubkey, true);
    let update = tauri::async_runtime::block_on(updater::find_update(&h, &s.url("/latest.json")))
        .expect("check")
        .expect("offered");
    let err =
        tauri::async_runtime::block_on(updater::fetch_verified(update, updater::MAX_PACKAGE_BYTES))
            .map(|_| ())
            .expect_err("refused");
    assert!(matches!(err, UpdateError::BadSignature), "{err:?}");
    assert!(err.to_string().contains("was not installed"));
}

#[test]
fn a_tampered_package_is_refused() {
    let k = keys();
    let s = Server::start();
    s.put("/pkg.deb", b"!<arch>\nsomething else entirely".to_vec());
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.2.0")),
    );
    let (_app, h) = app(&k.pubkey, true);
    let update = tauri::async_runtime::block_on(updater::find_update(&h, &s.url("/latest.json")))
        .expect("check")
        .expect("offered");
    let err =
        tauri::async_runtime::block_on(updater::fetch_verified(update, updater::MAX_PACKAGE_BYTES))
            .map(|_| ())
            .expect_err("refused");
    assert!(matches!(err, UpdateError::BadSignature), "{err:?}");
}

#[test]
fn an_old_signed_package_announced_as_new_is_refused() {
    let k = keys();
    let s = Server::start();
    s.put("/pkg.deb", PACKAGE);
    // A genuine signature, but for 0.1.5: the manifest cannot pass it off as 0.2.0.
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.1.5")),
    );
    let (_app, h) = app(&k.pubkey, true);
    let update = tauri::async_runtime::block_on(updater::find_update(&h, &s.url("/latest.json")))
        .expect("check")
        .expect("offered");
    let err =
        tauri::async_runtime::block_on(updater::fetch_verified(update, updater::MAX_PACKAGE_BYTES))
            .map(|_| ())
            .expect_err("refused");
    assert!(matches!(err, UpdateError::BadSignature), "{err:?}");
}

#[test]
fn a_package_larger_than_the_limit_is_not_downloaded() {
    let k = keys();
    let s = Server::start();
    let big = vec![7u8; 64 * 1024];
    s.put("/pkg.deb", big.clone());
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, &big, "0.2.0")),
    );
    let (_app, h) = app(&k.pubkey, true);
    let update = tauri::async_runtime::block_on(updater::find_update(&h, &s.url("/latest.json")))
        .expect("check")
        .expect("offered");
    let err = tauri::async_runtime::block_on(updater::fetch_verified(update, 1024))
        .map(|_| ())
        .expect_err("refused");
    assert!(matches!(err, UpdateError::TooLarge), "{err:?}");
}

#[test]
fn a_server_that_is_down_is_shrugged_off() {
    let k = keys();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    }; // closed again: nothing listens there
    let (_app, h) = app(&k.pubkey, true);
    let started = Instant::now();
    let found = tauri::async_runtime::block_on(updater::check(
        &h,
        &format!("http://127.0.0.1:{port}/latest.json"),
    ));
    assert!(started.elapsed() < Duration::from_secs(5));
    match found {
        UpdateCheck::Unreachable { message } => {
            assert!(message.contains("could not be reached"), "{message}")
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[test]
fn a_server_answering_nonsense_is_shrugged_off() {
    let k = keys();
    let s = Server::start();
    s.put("/latest.json", "<html>maintenance</html>");
    let (_app, h) = app(&k.pubkey, true);
    let found = tauri::async_runtime::block_on(updater::check(&h, &s.url("/latest.json")));
    assert!(
        matches!(found, UpdateCheck::Unreachable { .. }),
        "{found:?}"
    );
}

#[test]
fn an_http_endpoint_is_refused_outside_tests() {
    let k = keys();
    let s = Server::start();
    s.put(
        "/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.2.0")),
    );
    let (_app, h) = app(&k.pubkey, false);
    match tauri::async_runtime::block_on(updater::check(&h, &s.url("/latest.json"))) {
        UpdateCheck::Unreachable { message } => {
            assert!(message.contains("not a valid https address"), "{message}")
        }
        other => panic!("expected the http endpoint refused, got {other:?}"),
    }
}

#[test]
fn nothing_is_installed_but_the_version_the_user_agreed_to() {
    let k = keys();
    let s = Server::start();
    s.put("/pkg.deb", PACKAGE);
    s.put(
        "/latest.json",
        manifest("0.3.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.3.0")),
    );
    let (_app, h) = app(&k.pubkey, true);
    let err = tauri::async_runtime::block_on(updater::install(&h, &s.url("/latest.json"), "0.2.0"))
        .map(|_| ())
        .expect_err("refused");
    match err {
        UpdateError::Changed { agreed, offered } => {
            assert_eq!((agreed.as_str(), offered.as_str()), ("0.2.0", "0.3.0"))
        }
        other => panic!("expected Changed, got {other:?}"),
    }
}

#[test]
fn the_default_endpoint_is_https_and_documented() {
    assert!(updater::DEFAULT_ENDPOINT.starts_with("https://"));
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README");
    assert!(
        readme.contains(updater::DEFAULT_ENDPOINT),
        "README documents the default update endpoint"
    );
    assert!(
        readme.contains("update_endpoint"),
        "README names the setting"
    );
}

#[test]
fn the_app_trusts_the_project_key_and_signed_versions_only() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json"))
        .expect("tauri.conf.json");
    let conf: serde_json::Value = serde_json::from_str(&text).expect("json");
    let u = &conf["plugins"]["updater"];
    let pubkey = B64
        .decode(u["pubkey"].as_str().expect("pubkey"))
        .expect("base64");
    // The same minisign key as the signed provider catalog (one project key to guard).
    assert_eq!(
        String::from_utf8(pubkey).expect("utf-8").trim(),
        socialmine_store::CATALOG_PUBLIC_KEY.trim()
    );
    assert_eq!(u["requireSignedVersion"], serde_json::json!(true));
    assert!(u.get("dangerousInsecureTransportProtocol").is_none());
    assert!(u.get("dangerousAcceptInvalidCerts").is_none());
    assert_eq!(
        u["endpoints"],
        serde_json::json!([updater::DEFAULT_ENDPOINT])
    );
}

/// The window's `check_for_update` command, called over IPC as the page calls it, on an app
/// whose settings name `endpoint`.
fn check_command(endpoint: &str) -> serde_json::Value {
    let root = tempfile::tempdir().expect("tempdir");
    let dirs = AppDirs::at(Profile::new_test(), root.path());
    let store = Store::open(
        dirs.clone(),
        SecretStore::session_only(&dirs.keyring_service()),
    )
    .expect("store");
    store
        .update_settings(|s| s.update_endpoint = Some(endpoint.to_owned()))
        .expect("settings");
    let state = Arc::new(AppState::over(
        Catalog::built_in(),
        Arc::new(SystemClock),
        Persistence {
            store: Arc::new(store),
        },
    ));
    let mut ctx = mock_context(noop_assets());
    ctx.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({
            "pubkey": keys().pubkey,
            "endpoints": [],
            "requireSignedVersion": true,
            "dangerousInsecureTransportProtocol": true
        }),
    );
    let app = mock_builder()
        .plugin(updater::plugin())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            socialmine_setup_lib::commands::check_for_update
        ])
        .build(ctx)
        .expect("mock app");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    let answer = tauri::test::get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: "check_for_update".into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        },
    )
    .expect("the command answers");
    answer.deserialize().expect("json")
}

#[test]
fn the_window_asks_the_endpoint_the_settings_name() {
    let k = keys();
    let s = Server::start();
    s.put(
        "/mirror/latest.json",
        manifest("0.2.0", &s.url("/pkg.deb"), &sign(&k, PACKAGE, "0.2.0")),
    );
    let answer = check_command(&s.url("/mirror/latest.json"));
    assert_eq!(answer["kind"], "available", "{answer}");
    assert_eq!(answer["version"], "0.2.0", "{answer}");
    assert_eq!(
        answer["notes"], "Fixes the callback check for Threads.",
        "{answer}"
    );
}

#[test]
fn the_window_hears_a_quiet_unreachable_when_the_server_is_down() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let answer = check_command(&format!("http://127.0.0.1:{port}/latest.json"));
    assert_eq!(answer["kind"], "unreachable", "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("try again later")),
        "{answer}"
    );
}
