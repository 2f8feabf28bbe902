//! The callback probe against local servers for every outcome: SocialMine answering (directly or
//! with its redirect to the client app), 404, 502/503/504, TLS failures (self-signed, wrong
//! host, expired), DNS failure, refused, silent, and redirects to another scheme or host.

mod verify_support;

use std::collections::BTreeMap;
use std::time::Duration;

use socialmine_core::{Catalog, PlatformId};
use socialmine_net::verify::{
    CheckCode, CheckKind, CheckResult, CheckStatus, VerifySettings, verify_deployment,
};
use verify_support::servers::{self, Cert, TestCa};
use verify_support::*;

async fn callback(api_public_url: &str, tweak: impl FnOnce(&mut VerifySettings)) -> CheckResult {
    let emu = emulator().await;
    let mut s = settings(&emu);
    tweak(&mut s);
    let d = deployment(api_public_url);
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Facebook],
        &s,
    )
    .await;
    let c = r
        .check(PlatformId::Facebook, CheckKind::Callback)
        .expect("callback check")
        .clone();
    assert_no_secret(&format!("{c:?}"));
    c
}

fn expect(c: &CheckResult, status: CheckStatus, code: CheckCode) {
    assert_eq!((c.status, c.code), (status, code), "{}", c.message);
    if status == CheckStatus::Rejected {
        assert!(c.fix.is_some(), "a rejection says what to do");
    }
}

#[tokio::test]
async fn socialmine_answering_is_reachable() {
    // SocialMine's own redirect to its client app on the same origin.
    let addr = servers::socialmine_like(None).await;
    let c = callback(&format!("http://{addr}"), |_| {}).await;
    expect(&c, CheckStatus::Verified, CheckCode::Reachable);
    assert!(
        c.message.contains("/api/connect/facebook/callback"),
        "{}",
        c.message
    );
    assert!(c.message.contains("redirected"), "{}", c.message);

    // … and to a client app on another host, carrying an error.
    let addr = servers::socialmine_like(Some("https://app.acme.example")).await;
    let c = callback(&format!("http://{addr}"), |_| {}).await;
    expect(&c, CheckStatus::Verified, CheckCode::Reachable);

    // Any other answer but 404 / 502-504, like a 400 for the missing code.
    let addr = servers::fixed(400, None).await;
    let c = callback(&format!("http://{addr}"), |_| {}).await;
    expect(&c, CheckStatus::Verified, CheckCode::Reachable);
    assert!(c.message.contains("HTTP 400"), "{}", c.message);
}

#[tokio::test]
async fn a_wrong_path_is_not_found() {
    let addr = servers::socialmine_like(None).await;
    // A proxy prefix the server does not have.
    let c = callback(&format!("http://{addr}/socialmine"), |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::NotFound);
    assert!(c.message.contains("404"), "{}", c.message);
}

#[tokio::test]
async fn a_proxy_without_its_api_is_server_down() {
    for status in [502, 503, 504] {
        let addr = servers::fixed(status, None).await;
        let c = callback(&format!("http://{addr}"), |_| {}).await;
        expect(&c, CheckStatus::Rejected, CheckCode::ServerDown);
        assert!(c.message.contains(&status.to_string()), "{}", c.message);
    }
}

#[tokio::test]
async fn redirects_to_another_scheme_or_host_are_rejected() {
    let addr = servers::fixed(
        301,
        Some("https://api.acme.example/api/connect/facebook/callback"),
    )
    .await;
    let c = callback(&format!("http://{addr}"), |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::Redirected);
    assert!(
        c.message.contains("https://api.acme.example"),
        "{}",
        c.message
    );
    assert!(c.fix.as_deref().unwrap_or("").contains("https://"));

    let addr = servers::fixed(308, Some("http://other.acme.example/login")).await;
    let c = callback(&format!("http://{addr}"), |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::Redirected);
}

#[tokio::test]
async fn tls_failures_say_which() {
    let ca = TestCa::new();
    let trust = |s: &mut VerifySettings| s.extra_roots_der = vec![ca.root_der()];

    let good = servers::tls(&ca, Cert::Good).await;
    let c = callback(&format!("https://localhost:{}", good.port()), trust).await;
    expect(&c, CheckStatus::Verified, CheckCode::Reachable);

    let self_signed = servers::tls(&ca, Cert::SelfSigned).await;
    let c = callback(&format!("https://localhost:{}", self_signed.port()), trust).await;
    expect(&c, CheckStatus::Rejected, CheckCode::TlsError);
    assert!(
        c.message.contains("not signed by an authority"),
        "{}",
        c.message
    );

    // Without the test authority, even the good certificate has an unknown issuer.
    let c = callback(&format!("https://localhost:{}", good.port()), |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::TlsError);
    assert!(
        c.message.contains("not signed by an authority"),
        "{}",
        c.message
    );

    let wrong_host = servers::tls(&ca, Cert::WrongHost).await;
    let c = callback(&format!("https://localhost:{}", wrong_host.port()), trust).await;
    expect(&c, CheckStatus::Rejected, CheckCode::TlsError);
    assert!(c.message.contains("different host name"), "{}", c.message);

    let expired = servers::tls(&ca, Cert::Expired).await;
    let c = callback(&format!("https://localhost:{}", expired.port()), trust).await;
    expect(&c, CheckStatus::Rejected, CheckCode::TlsError);
    assert!(c.message.contains("expired"), "{}", c.message);
    assert!(c.fix.as_deref().unwrap_or("").contains("Renew"));
}

#[tokio::test]
async fn an_unknown_host_name_is_a_dns_error() {
    let c = callback("https://socialmine-verify-test.invalid", |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::DnsError);
    assert!(
        c.message.contains("socialmine-verify-test.invalid"),
        "{}",
        c.message
    );
}

#[tokio::test]
async fn refused_and_silent_servers_are_unreachable() {
    let port = servers::refused_port().await;
    let c = callback(&format!("http://127.0.0.1:{port}"), |_| {}).await;
    expect(&c, CheckStatus::Rejected, CheckCode::Unreachable);
    assert!(c.message.contains("refused"), "{}", c.message);

    let addr = servers::silent().await;
    let started = std::time::Instant::now();
    let c = callback(&format!("http://{addr}"), |s| {
        s.timeout = Duration::from_millis(600)
    })
    .await;
    expect(&c, CheckStatus::Rejected, CheckCode::Unreachable);
    assert!(c.message.contains("did not answer"), "{}", c.message);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn the_override_callback_is_the_one_probed_and_no_url_is_skipped() {
    let good = servers::socialmine_like(None).await;
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Facebook, |c| {
        c.callback_url = Some(format!("http://{good}/api/connect/facebook/callback"))
    });
    set(&mut d, PlatformId::Linkedin, |_| {});
    d.platforms
        .get_mut(&PlatformId::Linkedin)
        .expect("li")
        .callback_url = None;
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Facebook, PlatformId::Linkedin],
        &settings(&emu),
    )
    .await;
    let fb = r
        .check(PlatformId::Facebook, CheckKind::Callback)
        .expect("fb");
    assert_eq!(fb.code, CheckCode::Reachable, "{}", fb.message);
    let li = r
        .check(PlatformId::Linkedin, CheckKind::Callback)
        .expect("li");
    assert_eq!(li.code, CheckCode::Unreachable, "{}", li.message);

    let mut d = deployment("");
    d.api_public_url = String::new();
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Linkedin],
        &settings(&emu),
    )
    .await;
    let li = r
        .check(PlatformId::Linkedin, CheckKind::Callback)
        .expect("li");
    assert_eq!(
        (li.status, li.code),
        (CheckStatus::Skipped, CheckCode::NotConfigured)
    );
}
