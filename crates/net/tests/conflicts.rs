//! Issue 13, item 8: a 412 retry never replaces a client secret someone else saved on the
//! server in between, unless the admin confirms.

use socialmine_core::{PlatformId, Secret};
use socialmine_net::{
    AdminClient, HttpSettings, PlatformDraft, PushRequest, PushStatus, SecretInput, push,
};
use socialmine_sandbox::{Sandbox, SandboxConfig};

const MINE_FIRST: &str = "0123456789abcdef0123456789ab1111";
const THEIRS: &str = "fedcba9876543210fedcba987654ffff";
const MINE_NEW: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaa2222";

fn facebook(secret: SecretInput) -> PlatformDraft {
    PlatformDraft {
        client_id: Some("1234567890123456".into()),
        secret,
        app_version: Some("v23.0".into()),
        callback_url: None,
        scope: None,
    }
}

async fn signed_in(sb: &Sandbox) -> AdminClient {
    let c = AdminClient::new(&sb.base_url(), None, HttpSettings::default()).expect("client");
    c.sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    c
}

/// The admin read the platform, a colleague rotated the secret in SocialMine's own form, and the
/// admin's push (same other values, another secret) meets a 412.
async fn rotated_meanwhile(sb: &Sandbox, mine: SecretInput) -> (AdminClient, PushRequest) {
    let c = signed_in(sb).await;
    let first = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(
            PlatformId::Facebook,
            facebook(SecretInput::New(Secret::from(MINE_FIRST))),
            false,
        )],
    )
    .await;
    assert!(first.all_tried_saved(), "{first:#?}");
    let base = c.platform(PlatformId::Facebook).await.expect("read");

    let colleague = signed_in(sb).await;
    let theirs = facebook(SecretInput::New(Secret::from(THEIRS))).update_for(&base);
    colleague
        .save_platform(PlatformId::Facebook, &theirs, base.revision)
        .await
        .expect("colleague rotates the secret");

    let req = PushRequest {
        base: Some(base),
        ..PushRequest::new(PlatformId::Facebook, facebook(mine), false)
    };
    (c, req)
}

#[tokio::test]
async fn a_secret_rotated_by_someone_else_is_reported_not_overwritten() {
    for mine in [
        SecretInput::New(Secret::from(MINE_NEW)),
        SecretInput::Known(Secret::from(MINE_NEW)),
    ] {
        let sb = Sandbox::start(SandboxConfig::default())
            .await
            .expect("start");
        let (c, req) = rotated_meanwhile(&sb, mine).await;
        let report = push(&c, &socialmine_core::Catalog::built_in(), vec![req.clone()]).await;
        let o = report.outcome(PlatformId::Facebook).expect("outcome");
        assert_eq!(o.status, PushStatus::Failed, "{o:#?}");
        assert_eq!(
            o.error_code.map(socialmine_core::ErrorCode::as_str),
            Some("revision_mismatch")
        );
        let conflict = o.conflict.as_ref().expect("conflict");
        assert!(conflict.secret_changed_on_server, "{conflict:#?}");
        assert!(conflict.changed_on_server.is_empty(), "{conflict:#?}");
        assert!(
            o.message.contains("App Secret") || o.message.contains("Client Secret"),
            "{}",
            o.message
        );
        assert!(o.message.contains("would replace"), "{}", o.message);
        assert!(
            sb.stored_secret_matches(PlatformId::Facebook, THEIRS)
                .expect("store"),
            "the colleague's secret is still there"
        );

        // Confirmed: the admin's secret replaces theirs.
        let report = push(
            &c,
            &socialmine_core::Catalog::built_in(),
            vec![PushRequest {
                overwrite: true,
                ..req
            }],
        )
        .await;
        assert!(report.all_tried_saved(), "{report:#?}");
        assert!(
            sb.stored_secret_matches(PlatformId::Facebook, MINE_NEW)
                .expect("store")
        );
    }
}

#[tokio::test]
async fn keeping_the_stored_secret_after_a_rotation_needs_no_confirmation() {
    // The admin sends no secret: the colleague's stays, whatever the 412 says.
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let (c, req) = rotated_meanwhile(&sb, SecretInput::Keep).await;
    let report = push(&c, &socialmine_core::Catalog::built_in(), vec![req]).await;
    let o = report.outcome(PlatformId::Facebook).expect("outcome");
    assert!(
        matches!(o.status, PushStatus::Unchanged | PushStatus::Saved),
        "{o:#?}"
    );
    assert!(
        sb.stored_secret_matches(PlatformId::Facebook, THEIRS)
            .expect("store")
    );
}

#[tokio::test]
async fn a_412_from_a_change_that_left_the_secret_alone_is_still_retried() {
    // Someone switched the platform on meanwhile (revision moved, secret untouched): the
    // admin's new secret is the only difference left and goes through without a question.
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let c = signed_in(&sb).await;
    assert!(
        push(
            &c,
            &socialmine_core::Catalog::built_in(),
            vec![PushRequest::new(
                PlatformId::Facebook,
                facebook(SecretInput::New(Secret::from(MINE_FIRST))),
                false,
            )],
        )
        .await
        .all_tried_saved()
    );
    let base = c.platform(PlatformId::Facebook).await.expect("read");
    signed_in(&sb)
        .await
        .set_enabled(PlatformId::Facebook, true)
        .await
        .expect("colleague turns it on");
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest {
            base: Some(base),
            ..PushRequest::new(
                PlatformId::Facebook,
                facebook(SecretInput::New(Secret::from(MINE_NEW))),
                false,
            )
        }],
    )
    .await;
    assert!(report.all_tried_saved(), "{report:#?}");
    assert!(
        sb.stored_secret_matches(PlatformId::Facebook, MINE_NEW)
            .expect("store")
    );
}
