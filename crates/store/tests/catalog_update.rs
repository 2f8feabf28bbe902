//! Signed provider-facts updates against a local server, with throwaway key pairs made here:
//! the catalog in use changes only when a whole, verified, newer catalog arrived.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use minisign::KeyPair;
use socialmine_core::{Catalog, CatalogOrigin, Date};
use socialmine_store::{
    CATALOG_PUBLIC_KEY, CatalogUpdateError, INSTALLED_CATALOG_FILE, load_catalog_with_key,
    update_catalog_with_key, verify_signature,
};

struct Keys {
    pair: KeyPair,
    public: String,
}

fn keys() -> Keys {
    let pair = KeyPair::generate_unencrypted_keypair().expect("key pair");
    let public = pair.pk.to_box().expect("box").into_string();
    Keys { pair, public }
}

fn sign(k: &Keys, data: &[u8]) -> Vec<u8> {
    minisign::sign(
        Some(&k.pair.pk),
        &k.pair.sk,
        std::io::Cursor::new(data),
        None,
        None,
    )
    .expect("sign")
    .into_string()
    .into_bytes()
}

fn day(s: &str) -> Date {
    s.parse().expect("date")
}

const BUILT_IN: &str = include_str!("../../core/data/catalog.toml");

/// The built-in catalog, checked on `checked`, with an extra Graph API version `extra`.
fn catalog_text(checked: &str, extra: &str) -> String {
    let own = format!("checked = \"{}\"", Catalog::built_in().checked);
    let t = BUILT_IN.replacen(&own, &format!("checked = \"{checked}\""), 1);
    let marker = "# ---------------------------------------------------------------------------------------------\n# Troubleshooting";
    assert!(
        t.contains(marker),
        "the test inserts a version before the troubleshooting block"
    );
    t.replacen(
        marker,
        &format!(
            "[[graph_api_versions]]\nversion = \"{extra}\"\nreleased = \"2026-12-01\"\nsource = \"graph_versions\"\n\n{marker}"
        ),
        1,
    )
}

/// A loopback server: `/catalog.toml` and `/catalog.toml.minisig` answer with the given raw
/// HTTP responses; anything else is a 404.
fn serve(catalog: Vec<u8>, signature: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("").to_owned();
            let reply = match path.as_str() {
                "/catalog.toml" => catalog.clone(),
                "/catalog.toml.minisig" => signature.clone(),
                _ => ok_raw("404 Not Found", b""),
            };
            let _ = s.write_all(&reply);
            let _ = s.flush();
        }
    });
    format!("http://{addr}/catalog.toml")
}

fn ok_raw(status: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn ok(body: &[u8]) -> Vec<u8> {
    ok_raw("200 OK", body)
}

async fn update(
    dir: &Path,
    url: &str,
    in_use: &Catalog,
    today: &str,
    k: &Keys,
) -> Result<socialmine_store::CatalogUpdateOutcome, CatalogUpdateError> {
    update_catalog_with_key(
        dir,
        url,
        in_use,
        day(today),
        &k.public,
        Duration::from_secs(5),
    )
    .await
}

/// Installs a first signed update (checked 2026-12-20, with v98.0) and returns the bytes of
/// the installed file.
async fn first_update(dir: &Path, k: &Keys) -> Vec<u8> {
    let text = catalog_text("2026-12-20", "v98.0");
    let url = serve(ok(text.as_bytes()), ok(&sign(k, text.as_bytes())));
    let outcome = update(dir, &url, &Catalog::built_in(), "2026-12-31", k)
        .await
        .expect("a good update installs");
    assert_eq!(outcome.checked, "2026-12-20");
    assert_eq!(outcome.diff.versions_added, ["v98.0"]);
    assert!(
        outcome.summary.iter().any(|l| l.contains("v98.0")),
        "{:?}",
        outcome.summary
    );
    std::fs::read(dir.join(INSTALLED_CATALOG_FILE)).expect("installed")
}

/// The catalog in use after a failed update is still the first update, byte for byte.
fn assert_unchanged(dir: &Path, k: &Keys, installed: &[u8]) {
    assert_eq!(
        std::fs::read(dir.join(INSTALLED_CATALOG_FILE)).expect("still there"),
        installed
    );
    let in_use = load_catalog_with_key(Some(dir), None, &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::SignedUpdate);
    assert_eq!(in_use.catalog.checked, "2026-12-20");
    assert!(in_use.notes.is_empty(), "{:?}", in_use.notes);
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != INSTALLED_CATALOG_FILE)
        .collect();
    assert!(leftovers.is_empty(), "no partial files: {leftovers:?}");
}

#[tokio::test]
async fn a_signed_newer_catalog_is_installed_and_used() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    assert_eq!(
        load_catalog_with_key(Some(dir.path()), None, &k.public).origin,
        CatalogOrigin::BuiltIn
    );
    first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::SignedUpdate);
    assert!(in_use.catalog.graph_version("v98.0").is_some());
    let status = in_use.status(day("2026-12-31"));
    assert_eq!(status.checked, "2026-12-20");
    assert_eq!(status.unofficial_banner, None);
    assert_eq!(status.stale, None);
    assert!(in_use.status(day("2027-03-01")).stale.is_some());
    // The same file is not trusted under another key.
    let other = keys();
    let in_use = load_catalog_with_key(Some(dir.path()), None, &other.public);
    assert_eq!(in_use.origin, CatalogOrigin::BuiltIn);
    assert_eq!(in_use.notes.len(), 1, "{:?}", in_use.notes);
}

#[tokio::test]
async fn a_bad_signature_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    let text = catalog_text("2027-01-05", "v99.0");
    let signature = sign(&k, text.as_bytes());
    let tampered = text.replacen("v99.0", "v99.1", 1);
    let url = serve(ok(tampered.as_bytes()), ok(&signature));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("tampered");
    assert!(matches!(e, CatalogUpdateError::BadSignature), "{e:?}");
    assert_eq!(e.code(), "bad_signature");
    assert_unchanged(dir.path(), &k, &installed);
    // A signature that is not one at all.
    let url = serve(ok(text.as_bytes()), ok(b"not a signature"));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("garbage");
    assert!(
        matches!(e, CatalogUpdateError::SignatureUnreadable),
        "{e:?}"
    );
    assert_unchanged(dir.path(), &k, &installed);
}

#[tokio::test]
async fn a_catalog_signed_with_another_key_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    let stranger = keys();
    let text = catalog_text("2027-01-05", "v99.0");
    let url = serve(ok(text.as_bytes()), ok(&sign(&stranger, text.as_bytes())));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("wrong key");
    assert!(matches!(e, CatalogUpdateError::WrongKey), "{e:?}");
    assert!(e.to_string().contains("key other than"), "{e}");
    assert_unchanged(dir.path(), &k, &installed);
}

#[tokio::test]
async fn an_older_or_future_dated_catalog_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    for checked in ["2026-12-20", "2026-12-10"] {
        let text = catalog_text(checked, "v99.0");
        let url = serve(ok(text.as_bytes()), ok(&sign(&k, text.as_bytes())));
        let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
            .await
            .expect_err("not newer");
        assert!(
            matches!(e, CatalogUpdateError::NotNewer { .. }),
            "{checked}: {e:?}"
        );
        assert_unchanged(dir.path(), &k, &installed);
    }
    let text = catalog_text("2027-02-01", "v99.0");
    let url = serve(ok(text.as_bytes()), ok(&sign(&k, text.as_bytes())));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("future");
    assert!(matches!(e, CatalogUpdateError::FutureDated { .. }), "{e:?}");
    assert!(e.to_string().contains("2027-01-10"), "{e}");
    assert_unchanged(dir.path(), &k, &installed);
}

#[tokio::test]
async fn a_signed_catalog_with_a_schema_error_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    for broken in [
        catalog_text("2027-01-05", "v99.0").replacen("schema = 1", "schema = 7", 1),
        catalog_text("2027-01-05", "not-a-version"),
        "schema = 1\nchecked = \"2027-01-05\"\nplatforms = []\n".to_owned(),
    ] {
        let url = serve(ok(broken.as_bytes()), ok(&sign(&k, broken.as_bytes())));
        let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
            .await
            .expect_err("invalid");
        assert!(matches!(e, CatalogUpdateError::Invalid(_)), "{e:?}");
        assert_eq!(e.code(), "invalid_catalog");
        assert_unchanged(dir.path(), &k, &installed);
    }
}

#[tokio::test]
async fn a_server_that_is_down_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let e = update(
        dir.path(),
        &format!("http://{addr}/catalog.toml"),
        &in_use,
        "2027-01-10",
        &k,
    )
    .await
    .expect_err("down");
    assert!(matches!(e, CatalogUpdateError::Download(_)), "{e:?}");
    assert!(e.to_string().contains("stay as they are"), "{e}");
    assert_unchanged(dir.path(), &k, &installed);
    // The signature missing on the server (404) is no better.
    let text = catalog_text("2027-01-05", "v99.0");
    let url = serve(ok(text.as_bytes()), ok_raw("404 Not Found", b""));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("no signature");
    assert!(matches!(e, CatalogUpdateError::Download(_)), "{e:?}");
    assert_unchanged(dir.path(), &k, &installed);
}

#[tokio::test]
async fn an_interrupted_download_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public).catalog;
    let text = catalog_text("2027-01-05", "v99.0");
    let signature = sign(&k, text.as_bytes());
    // The server promises the whole file and closes the connection halfway.
    let half = &text.as_bytes()[..text.len() / 2];
    let mut cut = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        text.len()
    )
    .into_bytes();
    cut.extend_from_slice(half);
    let url = serve(cut, ok(&signature));
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("interrupted");
    assert_eq!(e.code(), "download_interrupted", "{e:?}");
    assert_unchanged(dir.path(), &k, &installed);
    // The same with the signature cut off.
    let mut cut_sig = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        signature.len()
    )
    .into_bytes();
    cut_sig.extend_from_slice(&signature[..signature.len() / 2]);
    let url = serve(ok(text.as_bytes()), cut_sig);
    let e = update(dir.path(), &url, &in_use, "2027-01-10", &k)
        .await
        .expect_err("interrupted");
    assert_eq!(e.code(), "download_interrupted", "{e:?}");
    assert_unchanged(dir.path(), &k, &installed);
}

#[test]
fn an_unsigned_catalog_in_the_data_folder_is_never_used_silently() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    // Old versions read a plain catalog.toml from the data folder: a newer one that relaxes
    // the checks must not be picked up.
    let relaxed = catalog_text("2027-01-05", "v99.0");
    std::fs::write(dir.path().join("catalog.toml"), &relaxed).expect("write");
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::BuiltIn);
    assert_eq!(in_use.catalog, Catalog::built_in());
    assert!(
        in_use
            .notes
            .iter()
            .any(|n| n.contains("no signature") && n.contains("--catalog")),
        "{:?}",
        in_use.notes
    );
    // Named explicitly, it is used, and labelled unofficial everywhere.
    let file = dir.path().join("catalog.toml");
    let in_use = load_catalog_with_key(Some(dir.path()), Some(&file), &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::Unofficial);
    assert!(in_use.catalog.graph_version("v99.0").is_some());
    let status = in_use.status(day("2027-01-10"));
    let banner = status.unofficial_banner.expect("banner");
    assert!(banner.starts_with("Unofficial provider facts"), "{banner}");
    assert!(status.from.contains("unofficial"), "{}", status.from);
    // A broken explicit file is reported and the built-in facts used.
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "schema = 1\n").expect("write");
    let in_use = load_catalog_with_key(Some(dir.path()), Some(&broken), &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::BuiltIn);
    assert!(
        in_use.notes.iter().any(|n| n.contains("broken.toml")),
        "{:?}",
        in_use.notes
    );
}

#[tokio::test]
async fn an_edited_installed_catalog_is_not_used() {
    let dir = tempfile::tempdir().expect("tmp");
    let k = keys();
    let installed = first_update(dir.path(), &k).await;
    let edited = String::from_utf8(installed)
        .expect("utf-8")
        .replacen("v98.0", "v98.5", 1);
    std::fs::write(dir.path().join(INSTALLED_CATALOG_FILE), edited).expect("write");
    let in_use = load_catalog_with_key(Some(dir.path()), None, &k.public);
    assert_eq!(in_use.origin, CatalogOrigin::BuiltIn);
    assert!(
        in_use.notes.iter().any(|n| n.contains("does not match")),
        "{:?}",
        in_use.notes
    );
}

#[test]
fn the_project_public_key_is_a_minisign_key() {
    let k = keys();
    let text = b"some catalog";
    let sig = sign(&k, text);
    // The embedded key is well formed: a signature by another key is "wrong key", not
    // "unreadable".
    let e = verify_signature(text, &sig, CATALOG_PUBLIC_KEY).expect_err("not our key");
    assert!(matches!(e, CatalogUpdateError::WrongKey), "{e:?}");
    assert!(minisign_verify_key_line(CATALOG_PUBLIC_KEY));
}

fn minisign_verify_key_line(text: &str) -> bool {
    text.lines()
        .nth(1)
        .is_some_and(|l| l.starts_with("RW") && l.len() == 56)
}
