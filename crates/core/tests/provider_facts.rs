//! The provider facts as of the catalog's last check (2026-12-02): Graph API versions, the
//! consoles' current wording, the X and TikTok errors people meet, and the shapes and scopes
//! that are only ever warnings.

use std::collections::BTreeSet;

use socialmine_core::{
    Catalog, Code, Deployment, Field, PlatformId, Severity, check_deployment, staleness,
};

const TODAY: &str = "2026-12-02";

fn today() -> socialmine_core::Date {
    TODAY.parse().expect("date")
}

fn facebook_on(version: &str) -> Deployment {
    Deployment::parse(&format!(
        "name = \"Acme\"\napi_public_url = \"https://api.acme.com\"\n\n[platforms.facebook]\n\
         client_id = \"1234567890123456\"\nclient_secret = \"0123456789abcdef0123456789abcdef\"\n\
         app_version = \"{version}\"\n\
         console_redirect_url = \"https://api.acme.com/api/connect/facebook/callback\"\n"
    ))
    .expect("parses")
}

fn findings(d: &Deployment, p: PlatformId) -> Vec<(Field, Code, Severity)> {
    let r = check_deployment(&Catalog::built_in(), today(), d, &BTreeSet::new());
    r.platforms[&p]
        .findings
        .iter()
        .map(|f| (f.field, f.code, f.severity))
        .collect()
}

#[test]
fn a_deployment_on_v27_has_no_version_finding() {
    let got = findings(&facebook_on("v27.0"), PlatformId::Facebook);
    assert!(
        !got.iter().any(|f| f.0 == Field::AppVersion),
        "v27.0 was released on 2026-11-04: {got:?}"
    );
    assert!(got.is_empty(), "the whole deployment is fine: {got:?}");
}

#[test]
fn a_deployment_on_v20_is_expired_and_the_fix_suggests_the_newest_version() {
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &facebook_on("v20.0"), &BTreeSet::new());
    let f = r.platforms[&PlatformId::Facebook]
        .findings
        .iter()
        .find(|f| f.field == Field::AppVersion)
        .expect("a version finding");
    assert_eq!((f.code, f.severity), (Code::Expired, Severity::Error));
    assert!(f.fix.contains("v27.0"), "suggest the newest: {}", f.fix);
    assert_eq!(catalog.recommended_graph_version(today()).version, "v27.0");
    // The guide's old example is expired too: never suggested.
    let got = findings(&facebook_on("v18.0"), PlatformId::Facebook);
    assert!(got.contains(&(Field::AppVersion, Code::Expired, Severity::Error)));
}

#[test]
fn x_credits_and_spending_limit_errors_are_explained() {
    let c = Catalog::built_in();
    let hit = |text: &str| {
        c.troubleshoot(text, Some(PlatformId::Twitter))
            .first()
            .map(|t| t.id.clone())
    };
    for text in [
        "HTTP 402 Payment Required",
        "{\"title\":\"CreditsDepleted\",\"detail\":\"Your enrolled account does not have any credits\"}",
    ] {
        assert_eq!(hit(text).as_deref(), Some("x_credits_depleted"), "{text}");
    }
    assert_eq!(
        hit("429 {\"title\":\"UsageCapExceeded\"}").as_deref(),
        Some("x_usage_cap_exceeded")
    );
    let e = c
        .troubleshooting
        .iter()
        .find(|t| t.id == "x_credits_depleted")
        .expect("entry");
    assert!(e.fix.contains("console.x.com"), "{}", e.fix);
    // Not offered for other platforms.
    assert!(
        c.troubleshoot("CreditsDepleted", Some(PlatformId::Linkedin))
            .iter()
            .all(|t| t.id != "x_credits_depleted")
    );
}

#[test]
fn tiktok_pre_audit_errors_and_a_cancelled_consent_are_explained() {
    let c = Catalog::built_in();
    let first = |text: &str, p: Option<PlatformId>| {
        c.troubleshoot(text, p)
            .first()
            .map(|t| (t.id.clone(), t.fix.clone()))
    };
    let (id, fix) = first(
        "{\"error\":{\"code\":\"unaudited_client_can_only_post_to_private_accounts\"}}",
        Some(PlatformId::Tiktok),
    )
    .expect("found");
    assert_eq!(id, "tiktok_unaudited_private_only");
    assert!(fix.to_lowercase().contains("private"), "{fix}");
    let (id, _) = first("spam_risk_too_many_posts", Some(PlatformId::Tiktok)).expect("found");
    assert_eq!(id, "tiktok_daily_limit");
    for p in [Some(PlatformId::Tiktok), Some(PlatformId::Facebook), None] {
        let (id, _) = first("?error=access_denied&error_description=", p).expect("found");
        assert_eq!(id, "access_denied", "{p:?}");
    }
    let tiktok = c.platform(PlatformId::Tiktok);
    let steps = tiktok
        .steps
        .iter()
        .map(|s| format!("{} {} {}", s.action, s.common_issues.join(" "), s.title))
        .collect::<String>();
    for rule in [
        "private",
        "5 people a day",
        "Direct Post",
        "verify that domain",
    ] {
        assert!(steps.contains(rule), "TikTok steps do not mention {rule}");
    }
}

#[test]
fn linkedin_r_basicprofile_and_short_client_ids_are_warnings_only() {
    let d = Deployment::parse(
        "name = \"Acme\"\napi_public_url = \"https://api.acme.com\"\n\n[platforms.linkedin]\n\
         client_id = \"86abcdefghij1\"\nclient_secret = \"WPL_AP1.abcdEFGH12345678.aBcD1234\"\n\
         scope = \"openid profile email w_member_social r_basicprofile\"\n\
         console_redirect_url = \"https://api.acme.com/api/connect/linkedin/callback\"\n",
    )
    .expect("parses");
    let got = findings(&d, PlatformId::Linkedin);
    assert!(
        got.contains(&(Field::ClientId, Code::Format, Severity::Warning)),
        "{got:?}"
    );
    assert!(
        got.contains(&(Field::Scope, Code::RestrictedScope, Severity::Warning)),
        "{got:?}"
    );
    assert!(
        got.iter().all(|f| f.2 < Severity::Error),
        "nothing here is an error: {got:?}"
    );
    // 14 characters: no finding at all.
    let ok = d
        .to_toml_without_secrets()
        .replace("86abcdefghij1\"", "86abcdefghij12\"");
    let got = findings(
        &Deployment::parse(&ok).expect("parses"),
        PlatformId::Linkedin,
    );
    assert!(!got.iter().any(|f| f.0 == Field::ClientId), "{got:?}");
}

#[test]
fn x_without_media_write_warns_that_media_posts_fail() {
    let d = Deployment::parse(
        "name = \"Acme\"\napi_public_url = \"https://api.acme.com\"\n\n[platforms.twitter]\n\
         client_id = \"cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ\"\n\
         client_secret = \"Zk3x-9Qw_eR7tY2uI8oP4aS6dF1gH5jK0lZ9xC3vB7nM2q-W_e\"\n\
         scope = \"tweet.read tweet.write users.read offline.access\"\n",
    )
    .expect("parses");
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    let f = r.platforms[&PlatformId::Twitter]
        .findings
        .iter()
        .find(|f| f.code == Code::RecommendedScopeMissing)
        .expect("a media.write warning");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("media.write") && f.message.contains("images or video"),
        "{}",
        f.message
    );
    assert!(f.fix.contains("offline.access media.write"), "{}", f.fix);
}

#[test]
fn meta_steps_use_the_use_case_dashboard_and_the_threads_app_id_label() {
    let c = Catalog::built_in();
    for p in [
        PlatformId::Facebook,
        PlatformId::Instagram,
        PlatformId::Threads,
    ] {
        let facts = c.platform(p);
        let text: String = facts
            .steps
            .iter()
            .map(|s| format!("{} {} ", s.action, s.common_issues.join(" ")))
            .collect();
        for gone in [
            "Add products",
            "Add Product",
            "App Review → Permissions and Features",
        ] {
            assert!(
                !text.contains(gone),
                "{p}: the console no longer has {gone:?}"
            );
        }
        assert!(
            text.contains("Use cases"),
            "{p}: steps must use Meta's use-case wording"
        );
    }
    let threads = c.platform(PlatformId::Threads);
    assert_eq!(
        threads
            .form_field(Field::ClientId)
            .map(|f| f.console_name.as_str()),
        Some("Threads App ID")
    );
    assert!(
        threads
            .steps
            .iter()
            .any(|s| s.action.contains("labelled \"Threads App ID\""))
    );
    let ig = c.platform(PlatformId::Instagram);
    assert!(ig.steps.iter().any(|s| {
        s.common_issues
            .iter()
            .any(|i| i.contains("only one Instagram setup"))
    }));
}

#[test]
fn new_scopes_are_known() {
    let c = Catalog::built_in();
    for (p, s) in [
        (PlatformId::Facebook, "publish_video"),
        (PlatformId::Facebook, "pages_manage_engagement"),
        (PlatformId::Facebook, "pages_read_user_content"),
        (PlatformId::Threads, "threads_profile_discovery"),
        (PlatformId::Threads, "threads_share_to_instagram"),
    ] {
        assert!(c.platform(p).scope(s).is_some(), "{p} {s}");
    }
}

#[test]
fn the_built_in_catalog_is_not_stale_on_its_own_date_but_is_45_days_later() {
    let c = Catalog::built_in();
    assert_eq!(c.checked, TODAY);
    assert!(staleness(&c, today()).is_none());
    let later = socialmine_core::Date::from_days_since_epoch(today().days_since_epoch() + 46);
    assert!(staleness(&c, later).is_some());
}
