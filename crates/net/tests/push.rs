//! The admin API client against the sandbox over real loopback HTTP: the push scenarios of
//! issue 4's "done when".

use std::time::Duration;

use axum::http::Method;
use socialmine_core::{Field, PlatformId, Secret};
use socialmine_net::{
    AdminClient, EnableOutcome, HttpSettings, NetError, PlatformDraft, PushRequest, PushStatus,
    SecretInput, SecretPlan, dry_run, push,
};
use socialmine_sandbox::{FaultAction, FaultMatch, FaultRule, Sandbox, SandboxConfig};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const X_SECRET: &str = "x-secret-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD";
const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts")
}

fn client(sb: &Sandbox) -> AdminClient {
    AdminClient::new(&sb.base_url(), None, HttpSettings::default()).expect("client")
}

async fn signed_in(sb: &Sandbox) -> AdminClient {
    let c = client(sb);
    c.sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    c
}

fn facebook(secret: SecretInput) -> PlatformDraft {
    PlatformDraft {
        client_id: Some("1234567890123456".into()),
        secret,
        app_version: Some("v23.0".into()),
        callback_url: None,
        scope: None,
    }
}

fn twitter(secret: SecretInput) -> PlatformDraft {
    PlatformDraft {
        client_id: Some("Vm1hY2xpZW50aWRleGFtcGxlMTIzOjE6Y2k".into()),
        secret,
        app_version: None,
        callback_url: None,
        scope: None,
    }
}

fn linkedin(secret: SecretInput) -> PlatformDraft {
    PlatformDraft {
        client_id: Some("86abcdefghijkl".into()),
        secret,
        app_version: None,
        callback_url: None,
        scope: Some("openid profile email w_member_social".into()),
    }
}

fn known(s: &str) -> SecretInput {
    SecretInput::Known(Secret::from(s))
}

fn new(s: &str) -> SecretInput {
    SecretInput::New(Secret::from(s))
}

fn puts(sb: &Sandbox) -> Vec<String> {
    sb.faults()
        .requests()
        .into_iter()
        .filter(|r| r.method == Method::PUT)
        .map(|r| r.path)
        .collect()
}

#[tokio::test]
async fn first_push_saves_every_platform_and_turns_them_on() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![
            PushRequest::new(PlatformId::Facebook, facebook(new(FB_SECRET)), true),
            PushRequest::new(PlatformId::Twitter, twitter(new(X_SECRET)), true),
        ],
    )
    .await;
    assert!(report.all_tried_saved(), "{report:#?}");
    for o in &report.outcomes {
        assert_eq!(o.status, PushStatus::Saved, "{o:#?}");
        assert_eq!(o.enable, EnableOutcome::TurnedOn, "{o:#?}");
    }
    // The order SocialMine asks for: save first, then turn on.
    assert_eq!(
        puts(&sb),
        [
            "/api/admin/social-platforms/facebook",
            "/api/admin/social-platforms/facebook/enabled",
            "/api/admin/social-platforms/twitter",
            "/api/admin/social-platforms/twitter/enabled"
        ]
    );
    let fb = c.platform(PlatformId::Facebook).await.expect("read");
    assert!(fb.enabled && fb.client_secret_set);
    assert_eq!(fb.client_id.as_deref(), Some("1234567890123456"));
    assert_eq!(fb.app_version.as_deref(), Some("v23.0"));
    assert_eq!(fb.client_secret_hint.as_deref(), Some("cdef"));
    assert_eq!(
        fb.effective_callback_url.as_deref(),
        Some(format!("{}/api/connect/facebook/callback", sb.api_public_url()).as_str())
    );
    assert!(
        sb.stored_secret_matches(PlatformId::Facebook, FB_SECRET)
            .expect("store")
    );
    assert!(
        sb.stored_secret_matches(PlatformId::Twitter, X_SECRET)
            .expect("store")
    );
    // Nothing secret in what the UI would show.
    let shown = serde_json::to_string(&report).expect("json");
    assert!(!shown.contains(FB_SECRET) && !shown.contains(X_SECRET));
}

#[tokio::test]
async fn a_second_identical_push_sends_nothing() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let reqs = || {
        vec![
            PushRequest::new(PlatformId::Facebook, facebook(known(FB_SECRET)), true),
            PushRequest::new(PlatformId::Linkedin, linkedin(known(LI_SECRET)), false),
        ]
    };
    let first = push(&c, &socialmine_core::Catalog::built_in(), reqs()).await;
    assert!(first.all_tried_saved(), "{first:#?}");
    let before = c.platforms().await.expect("read");
    sb.faults().clear_requests();

    let second = push(&c, &socialmine_core::Catalog::built_in(), reqs()).await;
    assert!(second.all_tried_saved(), "{second:#?}");
    for o in &second.outcomes {
        assert_eq!(o.status, PushStatus::Unchanged, "{o:#?}");
    }
    assert_eq!(
        second
            .outcome(PlatformId::Facebook)
            .map(|o| o.enable.clone()),
        Some(EnableOutcome::AlreadyOn)
    );
    assert!(puts(&sb).is_empty(), "a no-op push sent {:?}", puts(&sb));
    assert_eq!(
        c.platforms().await.expect("read"),
        before,
        "revisions and values unchanged"
    );
}

#[tokio::test]
async fn the_stored_secret_is_kept_when_none_is_entered() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let first = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(
            PlatformId::Twitter,
            twitter(new(X_SECRET)),
            false,
        )],
    )
    .await;
    assert!(first.all_tried_saved(), "{first:#?}");

    let mut changed = twitter(SecretInput::Keep);
    changed.scope = Some("tweet.read tweet.write users.read offline.access".into());
    let plan = dry_run(
        &c,
        &socialmine_core::Catalog::built_in(),
        &[PushRequest::new(
            PlatformId::Twitter,
            changed.clone(),
            false,
        )],
    )
    .await
    .expect("dry run");
    assert_eq!(plan[0].diff.secret, SecretPlan::Unchanged);
    assert_eq!(plan[0].diff.changes.len(), 1);

    let second = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(PlatformId::Twitter, changed, false)],
    )
    .await;
    let o = second.outcome(PlatformId::Twitter).expect("outcome");
    assert_eq!(o.status, PushStatus::Saved, "{o:#?}");
    assert!(o.message.contains("kept"), "{}", o.message);
    assert!(
        sb.stored_secret_matches(PlatformId::Twitter, X_SECRET)
            .expect("store"),
        "secret kept"
    );
    let tw = c.platform(PlatformId::Twitter).await.expect("read");
    assert!(tw.client_secret_set);
    assert_eq!(
        tw.scope.as_deref(),
        Some("tweet.read tweet.write users.read offline.access")
    );
}

#[tokio::test]
async fn a_conflicting_edit_is_reported_and_overwritten_only_when_confirmed() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    assert!(
        push(
            &c,
            &socialmine_core::Catalog::built_in(),
            vec![PushRequest::new(
                PlatformId::Linkedin,
                linkedin(new(LI_SECRET)),
                false
            )]
        )
        .await
        .all_tried_saved()
    );

    // The admin reviews (reads) the platform...
    let base = c.platform(PlatformId::Linkedin).await.expect("read");
    // ...while a colleague changes it in SocialMine's own form.
    let colleague = signed_in(&sb).await;
    let mut theirs = linkedin(SecretInput::Keep).update_for(&base);
    theirs.scope = Some("openid profile".into());
    theirs.callback_url = Some("https://api.other.example/api/connect/linkedin/callback".into());
    colleague
        .save_platform(PlatformId::Linkedin, &theirs, base.revision)
        .await
        .expect("colleague saves");

    let mut mine = linkedin(SecretInput::Keep);
    mine.client_id = Some("86zzzzzzzzzzzz".into());
    let req = PushRequest {
        base: Some(base.clone()),
        ..PushRequest::new(PlatformId::Linkedin, mine.clone(), true)
    };
    let report = push(&c, &socialmine_core::Catalog::built_in(), vec![req.clone()]).await;
    let o = report.outcome(PlatformId::Linkedin).expect("outcome");
    assert_eq!(o.status, PushStatus::Failed, "{o:#?}");
    assert_eq!(
        o.error_code.map(socialmine_core::ErrorCode::as_str),
        Some("revision_mismatch")
    );
    assert!(
        matches!(o.enable, EnableOutcome::NotAttempted { .. }),
        "{o:#?}"
    );
    let conflict = o.conflict.as_ref().expect("conflict details");
    let fields: Vec<Field> = conflict.changed_on_server.iter().map(|c| c.field).collect();
    assert_eq!(fields, [Field::CallbackUrl, Field::Scope]);
    assert_eq!(
        conflict.changed_on_server[1].now.as_deref(),
        Some("openid profile")
    );
    assert!(conflict.server_revision > conflict.base_revision);
    assert!(o.message.contains("Callback URL"), "{}", o.message);
    // Nothing was changed by the refused save.
    let now = c.platform(PlatformId::Linkedin).await.expect("read");
    assert_eq!(now.scope.as_deref(), Some("openid profile"));
    assert_eq!(now.client_id.as_deref(), Some("86abcdefghijkl"));

    // With the admin's explicit confirmation the draft replaces the colleague's values.
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
    let now = c.platform(PlatformId::Linkedin).await.expect("read");
    assert_eq!(now.client_id.as_deref(), Some("86zzzzzzzzzzzz"));
    assert_eq!(now.scope.as_deref(), mine.scope.as_deref());
    assert_eq!(now.callback_url, None);
    assert!(now.enabled);
}

#[tokio::test]
async fn rejected_values_are_mapped_onto_their_fields() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let mut draft = facebook(new(FB_SECRET));
    draft.scope = Some("email,".repeat(400));
    draft.callback_url = Some("not a url".into());
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(PlatformId::Facebook, draft, true)],
    )
    .await;
    let o = report.outcome(PlatformId::Facebook).expect("outcome");
    assert_eq!(o.status, PushStatus::Failed);
    assert_eq!(
        o.error_code.map(socialmine_core::ErrorCode::as_str),
        Some("validation_failed")
    );
    let mut fields: Vec<(Option<Field>, &str)> = o
        .field_errors
        .iter()
        .map(|f| (f.field, f.label.as_str()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            (Some(Field::CallbackUrl), "Callback URL"),
            (Some(Field::Scope), "Scope")
        ]
    );
    assert!(
        o.field_errors
            .iter()
            .any(|f| f.message.contains("at most 1024")),
        "{o:#?}"
    );
    assert!(matches!(o.enable, EnableOutcome::NotAttempted { .. }));

    // An empty client ID straight through the client.
    let update = PlatformDraft {
        client_id: Some("   ".into()),
        ..facebook(SecretInput::Keep)
    };
    let err = c
        .save_platform(
            PlatformId::Facebook,
            &update.update_for(&Default::default()),
            None,
        )
        .await
        .expect_err("empty client id");
    match err {
        NetError::Validation { fields, .. } => assert_eq!(fields["clientId"], "must not be empty"),
        other => panic!("expected 422, got {other:?}"),
    }
}

#[tokio::test]
async fn an_expired_token_sends_the_admin_back_to_sign_in() {
    let sb = Sandbox::start(SandboxConfig {
        token_ttl: Duration::from_secs(1),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let c = signed_in(&sb).await;
    c.platforms().await.expect("fresh token works");
    sb.advance_clock(Duration::from_secs(2));
    let err = c.platforms().await.expect_err("expired");
    assert!(matches!(err, NetError::Unauthenticated { .. }), "{err:?}");
    assert!(err.needs_sign_in());
    assert!(err.to_string().contains("Sign in again"), "{err}");
    assert!(!c.is_signed_in(), "the dead token is forgotten");

    // A push with a token that expired stops at once and says so.
    c.use_token(Secret::from("smsb_expired_or_revoked"));
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![
            PushRequest::new(PlatformId::Facebook, facebook(new(FB_SECRET)), false),
            PushRequest::new(PlatformId::Twitter, twitter(new(X_SECRET)), false),
        ],
    )
    .await;
    assert!(
        report.needs_sign_in && report.stopped.is_some(),
        "{report:#?}"
    );
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| o.status == PushStatus::Failed)
    );
    assert_eq!(
        report.outcomes[1]
            .error_code
            .map(socialmine_core::ErrorCode::as_str),
        Some("not_tried")
    );

    // Signing in again and retrying completes.
    c.sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in again");
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(
            PlatformId::Facebook,
            facebook(new(FB_SECRET)),
            false,
        )],
    )
    .await;
    assert!(report.all_tried_saved(), "{report:#?}");
}

#[tokio::test]
async fn an_admin_without_the_permission_is_told_so() {
    let sb = sandbox().await;
    let c = client(&sb);
    c.sign_in(&sb.viewer().email, &sb.viewer().password)
        .await
        .expect("viewer can sign in");
    let err = c.platforms().await.expect_err("403");
    assert!(matches!(err, NetError::Forbidden), "{err:?}");
    assert!(
        err.to_string().contains("social-platforms permission"),
        "{err}"
    );
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(
            PlatformId::Facebook,
            facebook(new(FB_SECRET)),
            true,
        )],
    )
    .await;
    let o = report.outcome(PlatformId::Facebook).expect("outcome");
    assert_eq!(
        o.error_code.map(socialmine_core::ErrorCode::as_str),
        Some("forbidden")
    );
    assert!(report.stopped.is_some() && !report.needs_sign_in);
    assert!(puts(&sb).is_empty());
}

#[tokio::test]
async fn a_server_error_mid_push_loses_nothing_and_a_retry_completes() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let reqs = || {
        vec![
            PushRequest::new(PlatformId::Facebook, facebook(known(FB_SECRET)), true),
            PushRequest::new(PlatformId::Linkedin, linkedin(known(LI_SECRET)), true),
            PushRequest::new(PlatformId::Twitter, twitter(known(X_SECRET)), true),
        ]
    };
    sb.faults().fail(
        FaultMatch::ends(Method::PUT, "/social-platforms/linkedin"),
        503,
        1,
    );
    // Twitter's save is applied, but its answer never arrives.
    sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/twitter"),
        action: FaultAction::DropAfterHandling,
        times: 1,
    });
    let report = push(&c, &socialmine_core::Catalog::built_in(), reqs()).await;
    assert!(!report.all_tried_saved());
    let status =
        |r: &socialmine_net::PushReport, id| r.outcome(id).map(|o| (o.status, o.error_code));
    assert_eq!(
        status(&report, PlatformId::Facebook),
        Some((PushStatus::Saved, None))
    );
    assert_eq!(
        status(&report, PlatformId::Linkedin),
        Some((
            PushStatus::Failed,
            Some(socialmine_core::ErrorCode::ServerError)
        ))
    );
    assert_eq!(
        status(&report, PlatformId::Twitter),
        Some((
            PushStatus::Failed,
            Some(socialmine_core::ErrorCode::ConnectionLost)
        ))
    );
    let li = report.outcome(PlatformId::Linkedin).expect("li");
    assert!(li.message.contains("try again"), "{}", li.message);
    assert!(matches!(li.enable, EnableOutcome::NotAttempted { .. }));
    assert!(
        !c.platform(PlatformId::Linkedin)
            .await
            .expect("read")
            .enabled
    );

    // The retry is the same call with the same drafts: it finishes the job without redoing it.
    let retry = push(&c, &socialmine_core::Catalog::built_in(), reqs()).await;
    assert!(retry.all_tried_saved(), "{retry:#?}");
    assert_eq!(
        status(&retry, PlatformId::Facebook),
        Some((PushStatus::Unchanged, None))
    );
    assert_eq!(
        status(&retry, PlatformId::Linkedin),
        Some((PushStatus::Saved, None))
    );
    assert_eq!(
        status(&retry, PlatformId::Twitter),
        Some((PushStatus::Unchanged, None))
    );
    for id in [
        PlatformId::Facebook,
        PlatformId::Linkedin,
        PlatformId::Twitter,
    ] {
        assert!(c.platform(id).await.expect("read").enabled, "{id} on");
    }
    assert!(
        sb.stored_secret_matches(PlatformId::Linkedin, LI_SECRET)
            .expect("store")
    );
}

#[tokio::test]
async fn a_lost_answer_with_a_newly_entered_secret_is_retried_safely() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    let req = PushRequest::new(PlatformId::Facebook, facebook(new(FB_SECRET)), false);
    let base = c.platform(PlatformId::Facebook).await.expect("read");
    sb.faults().drop_connection(
        FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        1,
    );
    let first = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest {
            base: Some(base.clone()),
            ..req.clone()
        }],
    )
    .await;
    assert_eq!(
        first.outcomes[0]
            .error_code
            .map(socialmine_core::ErrorCode::as_str),
        Some("connection_lost"),
        "{first:#?}"
    );
    // Same base as before (the GUI keeps what it read): the save goes through.
    let retry = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest {
            base: Some(base.clone()),
            ..req.clone()
        }],
    )
    .await;
    assert!(retry.all_tried_saved(), "{retry:#?}");

    // Now the answer is lost after the server saved; the retry with the stale base meets a
    // 412 whose current values already equal the draft, and sends the secret once more.
    let base = c.platform(PlatformId::Facebook).await.expect("read");
    let mut draft = facebook(new("ffffffffffffffffffffffffffff0000"));
    draft.app_version = Some("v24.0".into());
    let req = PushRequest {
        base: Some(base),
        ..PushRequest::new(PlatformId::Facebook, draft, false)
    };
    sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        action: FaultAction::DropAfterHandling,
        times: 1,
    });
    let lost = push(&c, &socialmine_core::Catalog::built_in(), vec![req.clone()]).await;
    assert_eq!(
        lost.outcomes[0]
            .error_code
            .map(socialmine_core::ErrorCode::as_str),
        Some("connection_lost")
    );
    let retry = push(&c, &socialmine_core::Catalog::built_in(), vec![req]).await;
    assert!(retry.all_tried_saved(), "{retry:#?}");
    assert!(
        sb.stored_secret_matches(PlatformId::Facebook, "ffffffffffffffffffffffffffff0000")
            .expect("store")
    );
}

#[tokio::test]
async fn enabling_is_never_tried_before_a_successful_save() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;

    // Offline errors: refused, nothing sent at all.
    let blocked = PushRequest {
        blocked_by: vec!["Client Secret: the value is wrapped in quotes".into()],
        ..PushRequest::new(PlatformId::Tiktok, facebook(new("\"quoted\"")), true)
    };
    // A save the server rejects: no enable call follows.
    let mut bad = twitter(new(X_SECRET));
    bad.app_version = Some("v23.0".into());
    let rejected = PushRequest::new(PlatformId::Twitter, bad, true);
    let report = push(
        &c,
        &socialmine_core::Catalog::built_in(),
        vec![blocked, rejected],
    )
    .await;

    let tiktok = report.outcome(PlatformId::Tiktok).expect("tiktok");
    assert_eq!(tiktok.status, PushStatus::Refused);
    assert!(tiktok.message.contains("quotes"), "{}", tiktok.message);
    assert!(matches!(tiktok.enable, EnableOutcome::NotAttempted { .. }));
    let tw = report.outcome(PlatformId::Twitter).expect("twitter");
    assert_eq!(tw.status, PushStatus::Failed);
    assert_eq!(tw.field_errors[0].field, Some(Field::AppVersion));
    assert!(matches!(tw.enable, EnableOutcome::NotAttempted { .. }));
    assert!(!report.all_tried_saved());
    assert_eq!(
        puts(&sb),
        ["/api/admin/social-platforms/twitter"],
        "no /enabled call, nothing for tiktok"
    );
    assert!(!c.platform(PlatformId::Twitter).await.expect("read").enabled);

    // And the server itself refuses to turn on a platform with nothing saved (409).
    let err = c
        .set_enabled(PlatformId::Threads, true)
        .await
        .expect_err("409");
    assert!(matches!(err, NetError::NotConfigured { .. }), "{err:?}");
    assert!(
        err.to_string().contains("client ID and client secret"),
        "{err}"
    );
}

#[tokio::test]
async fn a_dry_run_shows_each_difference_and_secrets_only_as_states() {
    let sb = sandbox().await;
    let c = signed_in(&sb).await;
    assert!(
        push(
            &c,
            &socialmine_core::Catalog::built_in(),
            vec![PushRequest::new(
                PlatformId::Facebook,
                facebook(new(FB_SECRET)),
                false
            )]
        )
        .await
        .all_tried_saved()
    );
    sb.faults().clear_requests();

    let mut draft = facebook(known("a-rotated-secret-9999"));
    draft.app_version = Some("v24.0".into());
    let plan = dry_run(
        &c,
        &socialmine_core::Catalog::built_in(),
        &[
            PushRequest::new(PlatformId::Facebook, draft, true),
            PushRequest::new(PlatformId::Threads, twitter(SecretInput::Keep), true),
        ],
    )
    .await
    .expect("dry run");
    let fb = &plan[0];
    assert_eq!(fb.diff.secret, SecretPlan::New);
    assert_eq!(fb.diff.server_secret_hint.as_deref(), Some("cdef"));
    assert_eq!(fb.diff.changes.len(), 1);
    assert_eq!(
        (
            fb.diff.changes[0].server.as_deref(),
            fb.diff.changes[0].draft.as_deref()
        ),
        (Some("v23.0"), Some("v24.0"))
    );
    assert!(fb.would_enable);
    let th = &plan[1];
    assert_eq!(th.diff.secret, SecretPlan::NotSet);
    assert!(
        !th.would_enable,
        "no secret anywhere: the server would refuse"
    );
    assert!(puts(&sb).is_empty(), "a dry run sends nothing");
    let shown = serde_json::to_string(&plan).expect("json");
    assert!(!shown.contains("a-rotated-secret-9999"));
}

#[tokio::test]
async fn repeated_bad_sign_ins_are_throttled_and_retry_after_is_honoured() {
    let sb = Sandbox::start(SandboxConfig {
        max_login_failures: 2,
        login_lockout: Duration::from_secs(2),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let c = client(&sb);
    let wrong = Secret::from("not-the-password");
    for _ in 0..2 {
        let e = c
            .sign_in(&sb.admin().email, &wrong)
            .await
            .expect_err("wrong password");
        assert!(matches!(e, NetError::InvalidCredentials), "{e:?}");
        assert!(!e.to_string().contains("not-the-password"));
    }
    let e = c
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect_err("locked");
    let NetError::RateLimited {
        retry_after: Some(wait),
    } = e
    else {
        panic!("expected 429, got {e:?}")
    };
    assert!(
        wait >= Duration::from_secs(1) && wait <= Duration::from_secs(2),
        "{wait:?}"
    );
    // The client waits by itself: no request goes out before Retry-After has passed.
    let sent = sb.faults().requests().len();
    let e = c
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect_err("still waiting");
    assert!(matches!(e, NetError::RateLimited { .. }), "{e:?}");
    assert_eq!(sb.faults().requests().len(), sent);
    // Time passes on both clocks (the server's lock, the client's own wait): no sleeping.
    let later = Duration::from_secs(wait.as_secs() + 1);
    sb.advance_clock(later);
    c.advance_clock(later);
    c.sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("after the wait");
}

#[tokio::test]
async fn a_slow_server_times_out_with_a_clear_error() {
    let sb = sandbox().await;
    let settings = HttpSettings {
        timeout: Duration::from_millis(1500),
        ..HttpSettings::default()
    };
    let c = AdminClient::new(&sb.base_url(), None, settings).expect("client");
    c.sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    sb.faults().set_latency(Duration::from_secs(4));
    let e = c.system_info().await.expect_err("timeout");
    assert_eq!(e.code(), "timeout", "{e:?}");
    assert!(e.is_transient());
    sb.faults().clear();
    let info = c.system_info().await.expect("fast again");
    assert_eq!(info.product.as_deref(), Some("SocialMine"));
    assert_eq!(info.api_public_url.as_deref(), Some(sb.api_public_url()));
}

#[tokio::test]
async fn a_closed_port_is_unreachable_and_plain_http_elsewhere_is_refused() {
    let sb = sandbox().await;
    let url = sb.base_url();
    sb.stop().await;
    let c = AdminClient::new(&url, None, HttpSettings::default()).expect("client");
    let e = c
        .sign_in("a@b.c", &Secret::from("pw"))
        .await
        .expect_err("closed");
    assert_eq!(e.code(), "unreachable", "{e:?}");
    let e = AdminClient::new(
        "http://socialmine.example.com",
        None,
        HttpSettings::default(),
    )
    .expect_err("http");
    assert_eq!(e.code(), "insecure_url");
}

#[tokio::test]
async fn tokens_are_kept_in_the_store_and_dropped_when_rejected() {
    use std::sync::Arc;

    use socialmine_net::{MemoryTokenStore, TokenStore};
    let sb = sandbox().await;
    let store = Arc::new(MemoryTokenStore::default());
    let first = client(&sb);
    assert!(
        !first
            .keep_tokens_in(store.clone(), "sandbox")
            .expect("store")
    );
    first
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    assert!(
        store.load("sandbox").expect("load").is_some(),
        "the new token is kept"
    );

    // The next run of the app finds it.
    let later = client(&sb);
    assert!(
        later
            .keep_tokens_in(store.clone(), "sandbox")
            .expect("store")
    );
    later.platforms().await.expect("the kept token works");

    // A revoked token is forgotten, so the app asks to sign in again.
    sb.revoke_sessions().expect("revoke");
    let e = later.platforms().await.expect_err("revoked");
    assert!(e.needs_sign_in());
    assert_eq!(store.load("sandbox").expect("load"), None);
}

#[tokio::test]
async fn https_to_a_plain_http_port_fails_cleanly() {
    let sb = sandbox().await;
    let c = AdminClient::new(
        &format!("https://{}", sb.addr()),
        None,
        HttpSettings::default(),
    )
    .expect("client");
    let e = c
        .sign_in("a@b.c", &Secret::from("pw"))
        .await
        .expect_err("no TLS there");
    assert!(
        matches!(e.code().as_str(), "unreachable" | "connection_lost"),
        "{e:?}"
    );
}

/// Tauri runs commands on a multi-threaded runtime: every future the UI awaits must be Send.
#[test]
fn client_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let c =
        AdminClient::new("https://api.acme.com", None, HttpSettings::default()).expect("client");
    let secret = Secret::from("x");
    send(&c.sign_in("a", &secret));
    send(&c.system_info());
    send(&c.platforms());
    send(&c.platform(PlatformId::Facebook));
    send(&c.set_enabled(PlatformId::Facebook, true));
    send(&push(&c, &socialmine_core::Catalog::built_in(), Vec::new()));
    send(&socialmine_net::push_with_progress(
        &c,
        &socialmine_core::Catalog::built_in(),
        Vec::new(),
        |_| {},
    ));
    send(&dry_run(&c, &socialmine_core::Catalog::built_in(), &[]));
    fn sync<T: Send + Sync>() {}
    sync::<AdminClient>();
    sync::<Sandbox>();
}
