//! `socialmine-setup-cli catalog status|update` and the provider-facts notice of `check`, with
//! the app's data folder in a temporary home and update servers on loopback.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

fn cli(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .args(args)
        .env("XDG_DATA_HOME", home)
        .env("HOME", home)
        .env("SOCIALMINE_PROFILE", "dev")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("utf-8")
}

/// Every path under `dir`, sorted.
fn listing(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(listing(&p));
        }
        out.push(p);
    }
    out.sort();
    out
}

const BUILT_IN: &str = include_str!("../../core/data/catalog.toml");

fn built_in_checked() -> String {
    socialmine_core::Catalog::built_in().checked
}

#[test]
fn status_names_the_facts_in_use_and_when_they_were_checked() {
    let home = tempfile::tempdir().expect("tmp");
    let out = cli(
        home.path(),
        &["catalog", "status", "--today", &built_in_checked()],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("Provider facts checked on {}", built_in_checked())),
        "{stdout}"
    );
    assert!(stdout.contains("built into this version"), "{stdout}");
    assert!(!stdout.contains("catalog_stale"), "{stdout}");

    let out = cli(
        home.path(),
        &[
            "catalog",
            "status",
            "--today",
            "2099-01-01",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["origin"], "built_in");
    assert_eq!(v["stale"]["code"], "catalog_stale");
    assert!(listing(home.path()).is_empty(), "status creates nothing");
}

#[test]
fn check_says_when_the_facts_are_older_than_45_days_and_offers_the_update() {
    let home = tempfile::tempdir().expect("tmp");
    let file = home.path().join("acme.toml");
    std::fs::write(
        &file,
        "name = \"Acme\"\napi_public_url = \"https://api.acme.com\"\n",
    )
    .expect("write");
    let fresh = cli(
        home.path(),
        &[
            "check",
            file.to_str().expect("utf-8"),
            "--today",
            &built_in_checked(),
        ],
    );
    assert!(
        !text(&fresh.stdout).contains("catalog_stale"),
        "{}",
        text(&fresh.stdout)
    );
    let old = cli(
        home.path(),
        &[
            "check",
            file.to_str().expect("utf-8"),
            "--today",
            "2099-01-01",
        ],
    );
    let stdout = text(&old.stdout);
    assert!(stdout.contains("catalog_stale"), "{stdout}");
    assert!(stdout.contains("catalog update"), "{stdout}");
    // JSON keeps its shape; the notice goes to stderr.
    let json = cli(
        home.path(),
        &[
            "check",
            file.to_str().expect("utf-8"),
            "--today",
            "2099-01-01",
            "--format",
            "json",
        ],
    );
    let _: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(
        text(&json.stderr).contains("catalog_stale"),
        "{}",
        text(&json.stderr)
    );
}

#[test]
fn an_unsigned_catalog_in_the_data_folder_is_reported_not_used() {
    let home = tempfile::tempdir().expect("tmp");
    let data = home.path().join("socialmine-setup-dev");
    std::fs::create_dir_all(&data).expect("dir");
    // A catalog that would teach v28.0, dropped into the data folder without a signature.
    let relaxed = BUILT_IN.replacen(
        "version = \"v27.0\"\nreleased = \"2026-11-04\"\nsource = \"graph_v27\"\n",
        "version = \"v27.0\"\nreleased = \"2026-11-04\"\nsource = \"graph_v27\"\n\n[[graph_api_versions]]\n\
         version = \"v28.0\"\nreleased = \"2026-11-20\"\nsource = \"graph_versions\"\n",
        1,
    );
    assert_ne!(relaxed, BUILT_IN);
    std::fs::write(data.join("catalog.toml"), relaxed).expect("write");
    let out = cli(home.path(), &["catalog", "status"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("built into this version"), "{stdout}");
    assert!(stdout.contains("no signature"), "{stdout}");
    let file = home.path().join("acme.toml");
    std::fs::write(
        &file,
        "api_public_url = \"https://api.acme.com\"\n[platforms.facebook]\nclient_id = \"1234567890123456\"\n\
         client_secret = \"0123456789abcdef0123456789abcdef\"\napp_version = \"v28.0\"\n",
    )
    .expect("write");
    let out = cli(
        home.path(),
        &[
            "check",
            file.to_str().expect("utf-8"),
            "--today",
            "2026-12-02",
        ],
    );
    assert!(
        text(&out.stdout).contains("[unknown_version]"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("no signature"),
        "{}",
        text(&out.stderr)
    );
}

/// A loopback server answering `/catalog.toml` and `/catalog.toml.minisig`.
fn serve(catalog: Vec<u8>, signature: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            let body = if req.starts_with("GET /catalog.toml.minisig ") {
                &signature
            } else {
                &catalog
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body);
        }
    });
    format!("http://{addr}/catalog.toml")
}

#[test]
fn update_refuses_a_catalog_not_signed_with_the_project_key_and_changes_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let newer = BUILT_IN.replacen(
        &format!("checked = \"{}\"", built_in_checked()),
        "checked = \"2027-01-05\"",
        1,
    );
    let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("keys");
    let sig = minisign::sign(
        None,
        &pair.sk,
        std::io::Cursor::new(newer.as_bytes()),
        None,
        None,
    )
    .expect("sign")
    .into_string();
    let url = serve(newer.into_bytes(), sig.into_bytes());
    let out = cli(
        home.path(),
        &["catalog", "update", "--from", &url, "--today", "2027-01-10"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("[wrong_key]"), "{err}");
    let out = cli(home.path(), &["catalog", "status"]);
    assert!(
        text(&out.stdout).contains("built into this version"),
        "{}",
        text(&out.stdout)
    );
    let installed: Vec<_> = listing(home.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(installed.is_empty(), "nothing installed: {installed:?}");
}

#[test]
fn update_with_the_server_down_says_so_and_changes_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let out = cli(
        home.path(),
        &[
            "catalog",
            "update",
            "--from",
            &format!("http://{addr}/catalog.toml"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("[download_failed]") && err.contains("stay as they are"),
        "{err}"
    );
    let out = cli(home.path(), &["catalog", "status"]);
    assert!(
        text(&out.stdout).contains("built into this version"),
        "{}",
        text(&out.stdout)
    );
}
