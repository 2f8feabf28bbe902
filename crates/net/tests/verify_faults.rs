//! Issue 13, item 14, for verify: the provider probes through the faults a real network and a
//! hostile or broken server bring (latency, 5xx, a connection dropped mid-answer, a server that
//! never answers, a 307 to another origin, an endless answer). Each ends quickly with a clear,
//! secret-free message per platform, no secret goes anywhere it does not belong, and a second
//! run against healthy providers verifies every platform.

mod common;
mod verify_support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Hostile, Reply};
use socialmine_core::{Catalog, PlatformId};
use socialmine_net::verify::{
    CheckCode, CheckKind, CheckStatus, ProviderRoutes, VerifyReport, VerifySettings,
    verify_deployment,
};
use verify_support::providers::{Emulator, HOSTS};
use verify_support::*;

const TIMEOUT: Duration = Duration::from_millis(1500);

/// Every provider host sent to `base` (`{base}/{host}/…`, as the emulator serves them).
fn settings_to(base: &str) -> VerifySettings {
    let routes = HOSTS
        .iter()
        .map(|h| format!("{h}={base}/{h}"))
        .collect::<Vec<_>>()
        .join(",");
    VerifySettings {
        timeout: TIMEOUT,
        routes: ProviderRoutes::parse(&routes).expect("routes"),
        system_proxy: false,
        ..VerifySettings::default()
    }
}

async fn run(settings: &VerifySettings) -> VerifyReport {
    // The callback address is of no concern here (a closed port): only the provider probes.
    let d = deployment("http://127.0.0.1:9");
    verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &PlatformId::ALL,
        settings,
    )
    .await
}

/// Every platform's credentials check is inconclusive with `code`, says `words`, offers a way
/// forward, and the report holds no secret.
fn says(r: &VerifyReport, code: CheckCode, words: &[&str]) {
    for p in PlatformId::ALL {
        let c = r.check(p, CheckKind::Credentials).expect("credentials");
        assert_eq!(
            (c.status, c.code),
            (CheckStatus::Inconclusive, code),
            "{p}: {}",
            c.message
        );
        for w in words {
            assert!(c.message.contains(w), "{p}: {:?} lacks {w:?}", c.message);
        }
        assert!(c.fix.is_some(), "{p}: no way forward");
    }
    assert_no_secret(&r.to_json());
    assert_no_secret(&r.to_text());
}

/// A second run against healthy providers verifies every platform.
async fn recovers(emu: &Emulator) {
    let r = run(&settings(emu)).await;
    for p in PlatformId::ALL {
        let c = r.check(p, CheckKind::Credentials).expect("credentials");
        assert_eq!(
            (c.status, c.code),
            (CheckStatus::Verified, CheckCode::CredentialsValid),
            "{p}: {}",
            c.message
        );
    }
}

#[tokio::test]
async fn latency_under_the_timeout_is_waited_for() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").delay = Duration::from_millis(400);
    let mut s = settings(&emu);
    s.timeout = TIMEOUT;
    let r = run(&s).await;
    for p in PlatformId::ALL {
        let c = r.check(p, CheckKind::Credentials).expect("credentials");
        assert_eq!(c.code, CheckCode::CredentialsValid, "{p}: {}", c.message);
    }
}

#[tokio::test]
async fn latency_past_the_timeout() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").delay = TIMEOUT * 3;
    let mut s = settings(&emu);
    s.timeout = TIMEOUT;
    let started = Instant::now();
    let r = run(&s).await;
    assert!(started.elapsed() < TIMEOUT * 3, "{:?}", started.elapsed());
    says(&r, CheckCode::Timeout, &["did not answer within"]);
    emu.behaviour.lock().expect("b").delay = Duration::ZERO;
    recovers(&emu).await;
}

#[tokio::test]
async fn a_server_error() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").broken =
        Some((503, "text/html", "<h1>Service Unavailable</h1>".into()));
    let r = run(&settings(&emu)).await;
    says(&r, CheckCode::ProviderError, &["HTTP 503"]);
    emu.behaviour.lock().expect("b").broken = None;
    recovers(&emu).await;
}

#[tokio::test]
async fn a_connection_dropped_mid_answer() {
    let emu = emulator().await;
    let cut = Hostile::start(|_| {
        Reply::Raw(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n{\"access_tok"
                .into(),
        )
    })
    .await;
    let r = run(&settings_to(&cut.base_url())).await;
    says(
        &r,
        CheckCode::Network,
        &["answer was cut off", "connection broke"],
    );
    recovers(&emu).await;
}

#[tokio::test]
async fn a_server_that_never_answers() {
    let emu = emulator().await;
    let silent = verify_support::servers::silent().await;
    let started = Instant::now();
    let r = run(&settings_to(&format!("http://{silent}"))).await;
    assert!(started.elapsed() < TIMEOUT * 3, "{:?}", started.elapsed());
    says(&r, CheckCode::Timeout, &["did not answer"]);
    recovers(&emu).await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let emu = emulator().await;
    let elsewhere = Hostile::start(|_| Reply::Json("{\"access_token\":\"stolen\"}".into())).await;
    let target = elsewhere.base_url();
    let to = target.clone();
    let redirecting = Hostile::start(move |req| Reply::Redirect {
        status: 307,
        location: format!("{to}{}", req.path),
    })
    .await;
    let r = run(&settings_to(&redirecting.base_url())).await;
    says(
        &r,
        CheckCode::UnexpectedAnswer,
        &[
            &format!("a redirect (HTTP 307) to {target}"),
            "not followed",
        ],
    );
    assert!(
        elsewhere.received().is_empty(),
        "the probe followed the redirect: {:?}",
        elsewhere.received()
    );
    recovers(&emu).await;
}

#[tokio::test]
async fn an_endless_answer_is_cut_off() {
    let emu = emulator().await;
    let endless = Hostile::start(|_| Reply::Endless).await;
    let started = Instant::now();
    let r = run(&settings_to(&endless.base_url())).await;
    assert!(started.elapsed() < TIMEOUT * 3, "{:?}", started.elapsed());
    says(&r, CheckCode::UnexpectedAnswer, &["larger than"]);
    recovers(&emu).await;
}
