//! Issue 13, item 14: push through the sandbox's fault injection. Each fault ends the push with a
//! clear message, loses nothing (the requests are reused as they were, nothing half-saved is
//! left behind) and a second push completes the work.

mod common;

use std::time::Duration;

use axum::http::Method;
use common::{Hostile, Reply};
use socialmine_core::{PlatformId, Secret};
use socialmine_net::{
    AdminClient, HttpSettings, PlatformDraft, PushReport, PushRequest, SecretInput, push,
};
use socialmine_sandbox::{FaultAction, FaultMatch, FaultRule, Sandbox, SandboxConfig};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";

fn requests() -> Vec<PushRequest> {
    vec![
        PushRequest::new(
            PlatformId::Facebook,
            PlatformDraft {
                client_id: Some("1234567890123456".into()),
                secret: SecretInput::New(Secret::from(FB_SECRET)),
                app_version: Some("v23.0".into()),
                callback_url: None,
                scope: None,
            },
            true,
        ),
        PushRequest::new(
            PlatformId::Linkedin,
            PlatformDraft {
                client_id: Some("86abcdefghijkl".into()),
                secret: SecretInput::New(Secret::from(LI_SECRET)),
                app_version: None,
                callback_url: None,
                scope: Some("openid profile email w_member_social".into()),
            },
            true,
        ),
    ]
}

struct Setup {
    sb: Sandbox,
    client: AdminClient,
}

async fn setup() -> Setup {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let settings = HttpSettings {
        timeout: Duration::from_secs(2),
        ..HttpSettings::default()
    };
    let client = AdminClient::new(&sb.base_url(), None, settings).expect("client");
    client
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    Setup { sb, client }
}

/// The failed push said what happened in words; a second push with the same requests
/// finishes everything; the server holds exactly the pushed values.
async fn recovers(s: &Setup, first: &PushReport, code: &str, says: &[&str]) {
    assert!(!first.all_tried_saved(), "{first:#?}");
    let failed = first
        .outcomes
        .iter()
        .find(|o| o.error_code.map(socialmine_core::ErrorCode::as_str) == Some(code))
        .unwrap_or_else(|| panic!("no {code} outcome in {first:#?}"));
    for words in says {
        assert!(
            failed.message.contains(words),
            "{code}: {:?} lacks {words:?}",
            failed.message
        );
    }
    let shown = serde_json::to_string(first).expect("json");
    assert!(!shown.contains(FB_SECRET) && !shown.contains(LI_SECRET));

    s.sb.faults().clear();
    let second = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    assert!(second.all_tried_saved(), "{code}: {second:#?}");
    for (id, secret) in [
        (PlatformId::Facebook, FB_SECRET),
        (PlatformId::Linkedin, LI_SECRET),
    ] {
        let p = s.client.platform(id).await.expect("read");
        assert!(p.enabled && p.client_secret_set, "{code}: {p:#?}");
        assert!(
            s.sb.stored_secret_matches(id, secret).expect("store"),
            "{code}: {id} secret"
        );
    }
}

#[tokio::test]
async fn latency_past_the_timeout() {
    let s = setup().await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/linkedin"),
        action: FaultAction::Delay(Duration::from_secs(4)),
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    recovers(
        &s,
        &first,
        "timeout",
        &["did not answer within 2 seconds", "retry is safe"],
    )
    .await;
}

#[tokio::test]
async fn a_server_error() {
    let s = setup().await;
    s.sb.faults().fail(
        FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        503,
        1,
    );
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    recovers(&s, &first, "server_error", &["HTTP 503", "try again later"]).await;
}

#[tokio::test]
async fn the_connection_dropped_mid_answer_after_the_save() {
    let s = setup().await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        action: FaultAction::DropMidAnswer { handled: true },
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    recovers(
        &s,
        &first,
        "connection_lost",
        &["broke before its answer arrived", "run the push again"],
    )
    .await;
}

#[tokio::test]
async fn the_connection_dropped_mid_answer_before_the_save() {
    let s = setup().await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/linkedin/enabled"),
        action: FaultAction::DropMidAnswer { handled: false },
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    let li = first.outcome(PlatformId::Linkedin).expect("linkedin");
    assert!(
        matches!(li.enable, socialmine_net::EnableOutcome::Failed { .. }),
        "{li:#?}"
    );
    assert!(!first.all_tried_saved());
    s.sb.faults().clear();
    let second = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    assert!(second.all_tried_saved(), "{second:#?}");
    assert!(
        s.client
            .platform(PlatformId::Linkedin)
            .await
            .expect("read")
            .enabled
    );
}

#[tokio::test]
async fn a_server_that_never_answers() {
    let s = setup().await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::GET, "/social-platforms/facebook"),
        action: FaultAction::NeverAnswer,
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    recovers(&s, &first, "timeout", &["did not answer", "retry is safe"]).await;
}

#[tokio::test]
async fn a_redirect_to_another_origin() {
    let s = setup().await;
    let elsewhere = Hostile::start(|_| Reply::Json("{}".into())).await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        action: FaultAction::Redirect {
            status: 307,
            location: format!(
                "{}/api/admin/social-platforms/facebook",
                elsewhere.base_url()
            ),
        },
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    assert!(
        first.stopped.is_some(),
        "a redirect elsewhere stops the push: {first:#?}"
    );
    recovers(
        &s,
        &first,
        "redirect_refused",
        &[elsewhere.base_url().as_str(), "not followed"],
    )
    .await;
    assert!(
        elsewhere.received().is_empty(),
        "the secret went to {:?}",
        elsewhere.received()
    );
}

#[tokio::test]
async fn an_endless_answer() {
    let s = setup().await;
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::GET, "/social-platforms/linkedin"),
        action: FaultAction::EndlessAnswer,
        times: 1,
    });
    let first = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    recovers(&s, &first, "answer_too_large", &["kept on coming", "1 MiB"]).await;
}

#[tokio::test]
async fn the_push_abandoned_midway_like_a_killed_app() {
    let s = setup().await;
    // The second platform's save hangs; the push is dropped while it waits, as when the app
    // is closed or killed in the middle.
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/linkedin"),
        action: FaultAction::NeverAnswer,
        times: 1,
    });
    let abandoned = tokio::time::timeout(
        Duration::from_millis(1500),
        push(&s.client, &socialmine_core::Catalog::built_in(), requests()),
    )
    .await;
    assert!(abandoned.is_err(), "the push was still running");
    assert!(
        s.client
            .platform(PlatformId::Facebook)
            .await
            .expect("read")
            .enabled
    );
    s.sb.faults().clear();
    let second = push(&s.client, &socialmine_core::Catalog::built_in(), requests()).await;
    assert!(second.all_tried_saved(), "{second:#?}");
    assert!(
        s.client
            .platform(PlatformId::Linkedin)
            .await
            .expect("read")
            .enabled
    );
}
