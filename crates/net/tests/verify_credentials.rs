//! The credentials probe against local emulators of every provider: valid pairs, each
//! documented refusal, answers the facts do not explain, and requests that get no answer.

mod verify_support;

use std::collections::BTreeMap;
use std::time::Duration;

use socialmine_core::{Catalog, PlatformId, Secret};
use socialmine_net::verify::{
    CheckCode, CheckKind, CheckStatus, ProviderRoutes, VerifyReport, VerifySettings,
    verify_deployment,
};
use verify_support::providers::Emulator;
use verify_support::*;

async fn run(emu: &Emulator, d: &socialmine_core::Deployment, only: &[PlatformId]) -> VerifyReport {
    verify_deployment(
        &Catalog::built_in(),
        d,
        &BTreeMap::new(),
        only,
        &settings(emu),
    )
    .await
}

fn creds(r: &VerifyReport, p: PlatformId) -> (CheckStatus, CheckCode, String, Option<String>) {
    let c = r
        .check(p, CheckKind::Credentials)
        .expect("credentials check");
    (c.status, c.code, c.message.clone(), c.fix.clone())
}

#[tokio::test]
async fn every_platform_with_a_valid_pair_is_verified() {
    let emu = emulator().await;
    let cb = verify_support::servers::socialmine_like(None).await;
    let d = deployment(&format!("http://{cb}"));
    let r = run(&emu, &d, &[]).await;
    assert_eq!(r.platforms.len(), 6);
    for p in PlatformId::ALL {
        let (status, code, message, fix) = creds(&r, p);
        assert_eq!(
            (status, code),
            (CheckStatus::Verified, CheckCode::CredentialsValid),
            "{p}: {message}"
        );
        assert_eq!(fix, None);
    }
    // X and LinkedIn were checked with a bogus code, the others with an app token.
    let seen = emu.seen();
    let body_of = |host: &str| {
        seen.iter()
            .filter(|s| s.host == host)
            .map(|s| s.body.clone())
            .collect::<Vec<_>>()
            .join("&")
    };
    assert!(body_of("api.x.com").contains("grant_type=authorization_code"));
    assert!(body_of("api.x.com").contains("code_verifier="));
    assert!(
        !body_of("api.x.com").contains("client_secret"),
        "X uses HTTP Basic"
    );
    assert!(body_of("www.linkedin.com").contains("client_secret="));
    assert!(body_of("www.linkedin.com").contains("grant_type=authorization_code"));
    assert!(body_of("open.tiktokapis.com").contains("client_key="));
    assert!(!body_of("open.tiktokapis.com").contains("client_id="));
    assert!(body_of("graph.threads.net").contains("grant_type=client_credentials"));
    assert!(
        seen.iter()
            .any(|s| s.host == "graph.facebook.com" && s.path == "v23.0/oauth/access_token")
    );
    // Each secret went only to its own provider.
    for s in &seen {
        let text = s.all_text();
        for (secret, host) in [
            (FB_SECRET, "graph.facebook.com"),
            (IG_SECRET, "graph.facebook.com"),
            (TH_SECRET, "graph.threads.net"),
            (LI_SECRET, "www.linkedin.com"),
            (TT_SECRET, "open.tiktokapis.com"),
        ] {
            assert!(
                !text.contains(secret) || s.host == host,
                "secret for {host} sent to {}",
                s.host
            );
        }
    }
    assert_no_secret(&r.to_json());
    assert_no_secret(&r.to_text());
    assert_no_secret(&format!("{r:?}"));
}

#[tokio::test]
async fn meta_says_which_value_is_wrong() {
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Facebook, |c| {
        c.client_id = Some("9999999999999999".into())
    });
    set(&mut d, PlatformId::Instagram, |c| {
        c.client_secret = Some(Secret::from("ffffffffffffffffffffffffffffffff"))
    });
    let r = run(&emu, &d, &[PlatformId::Facebook, PlatformId::Instagram]).await;
    let (status, code, message, fix) = creds(&r, PlatformId::Facebook);
    assert_eq!(
        (status, code),
        (CheckStatus::Rejected, CheckCode::BadClientId)
    );
    assert!(message.contains("Invalid application ID"), "{message}");
    assert!(fix.expect("fix").contains("App ID"));
    let (status, code, message, fix) = creds(&r, PlatformId::Instagram);
    assert_eq!(
        (status, code),
        (CheckStatus::Rejected, CheckCode::BadClientSecret),
        "{message}"
    );
    assert!(fix.expect("fix").contains("App Secret"));
    assert_no_secret(&r.to_json());
    assert!(!r.to_json().contains("ffffffffffffffffffffffffffffffff"));
}

#[tokio::test]
async fn x_linkedin_and_tiktok_refuse_without_saying_which() {
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    for p in [
        PlatformId::Twitter,
        PlatformId::Linkedin,
        PlatformId::Tiktok,
    ] {
        set(&mut d, p, |c| {
            c.client_secret = Some(Secret::from("wrong-secret-value-0000"))
        });
    }
    let r = run(
        &emu,
        &d,
        &[
            PlatformId::Twitter,
            PlatformId::Linkedin,
            PlatformId::Tiktok,
        ],
    )
    .await;
    for p in [
        PlatformId::Twitter,
        PlatformId::Linkedin,
        PlatformId::Tiktok,
    ] {
        let (status, code, message, fix) = creds(&r, p);
        assert_eq!(
            (status, code),
            (CheckStatus::Rejected, CheckCode::BadClient),
            "{p}: {message}"
        );
        assert!(message.contains("does not say which"), "{message}");
        assert!(fix.is_some());
    }
    // X's refusal also names the app-type mix-up; TikTok's answer came in an HTTP 200.
    let (_, _, _, fix) = creds(&r, PlatformId::Twitter);
    assert!(fix.expect("fix").contains("confidential client"));
    let (_, _, message, _) = creds(&r, PlatformId::Tiktok);
    assert!(message.contains("invalid_client"), "{message}");
    assert!(!r.to_json().contains("wrong-secret-value-0000"));
}

#[tokio::test]
async fn tiktok_without_app_tokens_falls_back_to_a_bogus_code() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").tiktok_app_token = false;
    let d = deployment("http://127.0.0.1:9");
    let r = run(&emu, &d, &[PlatformId::Tiktok]).await;
    let (status, code, message, _) = creds(&r, PlatformId::Tiktok);
    assert_eq!(
        (status, code),
        (CheckStatus::Verified, CheckCode::CredentialsValid),
        "{message}"
    );
    assert!(message.contains("made-up authorization code"), "{message}");
    let grants: Vec<String> = emu
        .seen()
        .iter()
        .filter(|s| s.host == "open.tiktokapis.com")
        .map(|s| s.body.clone())
        .collect();
    assert_eq!(grants.len(), 2, "{grants:?}");
    assert!(grants[0].contains("grant_type=client_credentials"));
    assert!(grants[1].contains("grant_type=authorization_code"));
}

#[tokio::test]
async fn threads_refusals_are_inconclusive_because_the_facts_do_not_explain_them() {
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Threads, |c| {
        c.client_id = Some(FB_ID.into())
    });
    let r = run(&emu, &d, &[PlatformId::Threads]).await;
    let (status, code, message, _) = creds(&r, PlatformId::Threads);
    assert_eq!(
        (status, code),
        (CheckStatus::Inconclusive, CheckCode::ProviderError)
    );
    // It says what came back.
    assert!(
        message.contains("101: Invalid application ID or secret."),
        "{message}"
    );
    assert!(message.contains("HTTP 400"), "{message}");
}

#[tokio::test]
async fn answers_that_are_not_oauth_are_inconclusive() {
    let emu = emulator().await;
    let d = deployment("http://127.0.0.1:9");

    emu.behaviour.lock().expect("b").broken =
        Some((200, "text/html", "<html>Welcome to the proxy</html>".into()));
    let r = run(&emu, &d, &[PlatformId::Linkedin, PlatformId::Facebook]).await;
    for p in [PlatformId::Linkedin, PlatformId::Facebook] {
        let (status, code, message, _) = creds(&r, p);
        assert_eq!(
            (status, code),
            (CheckStatus::Inconclusive, CheckCode::UnexpectedAnswer),
            "{p}: {message}"
        );
        assert!(message.contains("a web page (HTTP 200)"), "{message}");
    }

    emu.behaviour.lock().expect("b").broken = Some((
        503,
        "application/json",
        r#"{"error":"temporarily_unavailable","error_description":"try later"}"#.into(),
    ));
    let r = run(&emu, &d, &[PlatformId::Twitter]).await;
    let (status, code, message, _) = creds(&r, PlatformId::Twitter);
    assert_eq!(
        (status, code),
        (CheckStatus::Inconclusive, CheckCode::ProviderError),
        "{message}"
    );
    assert!(
        message.contains("temporarily_unavailable: try later"),
        "{message}"
    );

    emu.behaviour.lock().expect("b").broken =
        Some((502, "text/html", "<h1>Bad gateway</h1>".into()));
    let r = run(&emu, &d, &[PlatformId::Twitter]).await;
    let (_, code, message, _) = creds(&r, PlatformId::Twitter);
    assert_eq!(code, CheckCode::ProviderError, "{message}");

    emu.behaviour.lock().expect("b").broken = Some((
        200,
        "application/json",
        format!("{{\"pad\":\"{}\"}}", "x".repeat(200_000)),
    ));
    let r = run(&emu, &d, &[PlatformId::Facebook]).await;
    let (_, code, message, _) = creds(&r, PlatformId::Facebook);
    assert_eq!(code, CheckCode::UnexpectedAnswer, "{message}");
    assert!(message.contains("larger than"), "{message}");
}

#[tokio::test]
async fn silence_is_a_timeout_and_a_closed_port_a_network_problem() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").hang = true;
    let d = deployment("http://127.0.0.1:9");
    let mut s = settings(&emu);
    s.timeout = Duration::from_millis(700);
    let started = std::time::Instant::now();
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Linkedin, PlatformId::Facebook],
        &s,
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    for p in [PlatformId::Linkedin, PlatformId::Facebook] {
        let (status, code, message, _) = creds(&r, p);
        assert_eq!(
            (status, code),
            (CheckStatus::Inconclusive, CheckCode::Timeout),
            "{message}"
        );
    }
    // The graph_version check needs the token it never got.
    let v = r
        .check(PlatformId::Facebook, CheckKind::GraphVersion)
        .expect("graph_version");
    assert_eq!(
        (v.status, v.code),
        (CheckStatus::Skipped, CheckCode::NeedsCredentials)
    );

    let port = verify_support::servers::refused_port().await;
    let s = VerifySettings {
        routes: ProviderRoutes::parse(&format!("www.linkedin.com=http://127.0.0.1:{port}"))
            .expect("routes"),
        timeout: Duration::from_secs(3),
        system_proxy: false,
        ..VerifySettings::default()
    };
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Linkedin],
        &s,
    )
    .await;
    let (status, code, message, fix) = creds(&r, PlatformId::Linkedin);
    assert_eq!(
        (status, code),
        (CheckStatus::Inconclusive, CheckCode::Network),
        "{message}"
    );
    assert!(message.contains("refused"), "{message}");
    assert!(fix.is_some());
}

#[tokio::test]
async fn missing_values_are_skipped_and_keyring_secrets_are_used() {
    let emu = emulator().await;
    let mut d = deployment("http://127.0.0.1:9");
    set(&mut d, PlatformId::Linkedin, |c| c.client_secret = None);
    set(&mut d, PlatformId::Twitter, |c| {
        c.client_id = Some("  ".into())
    });
    let r = run(&emu, &d, &[PlatformId::Linkedin, PlatformId::Twitter]).await;
    for p in [PlatformId::Linkedin, PlatformId::Twitter] {
        let (status, code, message, fix) = creds(&r, p);
        assert_eq!(
            (status, code),
            (CheckStatus::Skipped, CheckCode::NotConfigured),
            "{message}"
        );
        assert!(fix.is_some());
    }
    assert!(emu.seen().is_empty(), "nothing sent without values");

    // The secret kept in the keyring is used when the file has none.
    let keyring = BTreeMap::from([(PlatformId::Linkedin, Secret::from(LI_SECRET))]);
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &keyring,
        &[PlatformId::Linkedin],
        &settings(&emu),
    )
    .await;
    assert_eq!(
        creds(&r, PlatformId::Linkedin).1,
        CheckCode::CredentialsValid
    );
}

#[tokio::test]
async fn without_an_override_only_allowlisted_https_hosts_are_called() {
    // Not a test of the internet: the allowlist refuses before anything is sent, and the
    // override refuses anything but loopback.
    let e = ProviderRoutes::parse("api.x.com=http://192.168.1.10:80").expect_err("not loopback");
    assert!(e.to_string().contains("127.0.0.1"), "{e}");
    let e = ProviderRoutes::parse("example.com=http://127.0.0.1:80").expect_err("not a provider");
    assert!(e.to_string().contains("graph.facebook.com"), "{e}");
    let routes = ProviderRoutes::none();
    assert!(routes.route("https://evil.example/oauth").is_err());
    assert!(routes.route("https://api.x.com/2/oauth2/token").is_ok());
}
