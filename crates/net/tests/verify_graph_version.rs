//! The graph_version probe against the Meta emulator: a live version, an expired one answered
//! by another (`facebook-api-version`), no version set, no app token, no version header.

mod verify_support;

use std::collections::BTreeMap;

use socialmine_core::{Catalog, PlatformId, Secret};
use socialmine_net::verify::{CheckCode, CheckKind, CheckResult, CheckStatus, verify_deployment};
use verify_support::providers::Emulator;
use verify_support::*;

async fn version_checks(emu: &Emulator, d: &socialmine_core::Deployment) -> Vec<CheckResult> {
    let r = verify_deployment(
        &Catalog::built_in(),
        d,
        &BTreeMap::new(),
        &[
            PlatformId::Facebook,
            PlatformId::Instagram,
            PlatformId::Linkedin,
        ],
        &settings(emu),
    )
    .await;
    assert!(
        r.check(PlatformId::Linkedin, CheckKind::GraphVersion)
            .is_none(),
        "only Meta platforms have a Graph API version"
    );
    let out: Vec<CheckResult> = [PlatformId::Facebook, PlatformId::Instagram]
        .into_iter()
        .map(|p| {
            r.check(p, CheckKind::GraphVersion)
                .expect("graph_version")
                .clone()
        })
        .collect();
    for t in emu.issued_tokens() {
        assert!(!r.to_json().contains(&t), "the app token leaked");
    }
    out
}

#[tokio::test]
async fn a_live_version_is_ok_and_an_expired_one_is_rejected() {
    let emu = emulator().await;
    emu.behaviour
        .lock()
        .expect("b")
        .expired
        .insert("v18.0".into(), "v21.0".into());
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Instagram, |c| {
        c.app_version = Some("v18.0".into())
    });
    let checks = version_checks(&emu, &d).await;
    assert_eq!(
        (checks[0].status, checks[0].code),
        (CheckStatus::Verified, CheckCode::VersionOk),
        "{}",
        checks[0].message
    );
    assert_eq!(
        (checks[1].status, checks[1].code),
        (CheckStatus::Rejected, CheckCode::VersionUpgraded),
        "{}",
        checks[1].message
    );
    assert!(checks[1].message.contains("v18.0"), "{}", checks[1].message);
    assert!(checks[1].message.contains("v21.0"), "{}", checks[1].message);
    assert!(checks[1].fix.as_deref().unwrap_or("").contains("v21.0"));
    // The call went to the configured version with the app token in a header, not the URL.
    let seen = emu.seen();
    let app_calls: Vec<_> = seen.iter().filter(|s| s.path.ends_with("/app")).collect();
    assert_eq!(app_calls.len(), 2);
    assert!(app_calls.iter().any(|s| s.path == "v18.0/app"));
    assert!(app_calls.iter().all(|s| s.query.is_empty()));
}

#[tokio::test]
async fn no_version_no_token_or_no_header_are_not_guessed() {
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Facebook, |c| c.app_version = None);
    set(&mut d, PlatformId::Instagram, |c| {
        c.client_secret = Some(Secret::from("00000000000000000000000000000000"))
    });
    let checks = version_checks(&emu, &d).await;
    assert_eq!(
        (checks[0].status, checks[0].code),
        (CheckStatus::Skipped, CheckCode::NotConfigured)
    );
    assert_eq!(
        (checks[1].status, checks[1].code),
        (CheckStatus::Skipped, CheckCode::NeedsCredentials)
    );

    emu.behaviour.lock().expect("b").no_version_header = true;
    let d = deployment("http://127.0.0.1:9");
    let checks = version_checks(&emu, &d).await;
    assert_eq!(
        (checks[0].status, checks[0].code),
        (CheckStatus::Inconclusive, CheckCode::UnexpectedAnswer),
        "{}",
        checks[0].message
    );
}
