//! Table-driven tests of every finding code: true positives, and clean values that must not
//! trigger them. `today` is fixed so the Graph API expiry cases do not drift: 2026-12-02, the
//! day the catalog was last checked (Graph API v27.0 released, v17.0–v20.0 expired).

use std::collections::BTreeSet;

use socialmine_core::{
    Catalog, Code, Deployment, Field, FieldContext, FixAction, MismatchDetail, PlatformId,
    Severity, check_deployment, check_field,
};

const TODAY: &str = "2026-12-02";
const API: &str = "https://api.acme.com";

fn today() -> socialmine_core::Date {
    TODAY.parse().expect("date")
}

/// A fully correct six-platform deployment.
const GOOD: &str = r#"
name = "Acme production"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v24.0"
console_redirect_url = "https://api.acme.com/api/connect/facebook/callback"

[platforms.instagram]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v25.0"
scope = "instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement"
console_redirect_url = "https://api.acme.com/api/connect/instagram/callback"

[platforms.linkedin]
client_id = "86abcdefghij12"
client_secret = "WPL_AP1.abcdEFGH12345678.aBcD1234"
scope = "openid profile email w_member_social"
console_redirect_url = "https://api.acme.com/api/connect/linkedin/callback"

[platforms.twitter]
client_id = "cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ"
client_secret = "Zk3x-9Qw_eR7tY2uI8oP4aS6dF1gH5jK0lZ9xC3vB7nM2q-W_e"
scope = "tweet.read tweet.write users.read offline.access media.write"
callback_url = ""
console_redirect_url = "https://api.acme.com/api/connect/twitter/callback"

[platforms.tiktok]
client_id = "aw1234567890abcd"
client_secret = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"
console_redirect_url = "https://api.acme.com/api/connect/tiktok/callback"

[platforms.threads]
client_id = "990602627938098"
client_secret = "fedcba9876543210fedcba9876543210"
console_redirect_url = "https://api.acme.com/api/connect/threads/callback"
"#;

fn good() -> Deployment {
    Deployment::parse(GOOD).expect("GOOD parses")
}

fn field(p: Option<PlatformId>, f: Field, value: &str) -> Vec<(Code, Severity)> {
    let catalog = Catalog::built_in();
    let ctx = FieldContext {
        api_public_url: API,
        callback_url: None,
    };
    check_field(&catalog, today(), p, f, value, &ctx)
        .into_iter()
        .map(|x| (x.code, x.severity))
        .collect()
}

fn report_codes(
    d: &Deployment,
    stored: &[PlatformId],
) -> Vec<(Option<PlatformId>, Field, Code, Severity)> {
    let catalog = Catalog::built_in();
    let stored: BTreeSet<PlatformId> = stored.iter().copied().collect();
    let r = check_deployment(&catalog, today(), d, &stored);
    let mut out: Vec<_> = r
        .deployment
        .findings
        .iter()
        .map(|f| (None, f.field, f.code, f.severity))
        .collect();
    for (id, p) in &r.platforms {
        out.extend(
            p.findings
                .iter()
                .map(|f| (Some(*id), f.field, f.code, f.severity)),
        );
    }
    out
}

#[test]
fn a_fully_correct_deployment_has_no_error_and_no_warning() {
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &good(), &BTreeSet::new());
    let bad: Vec<_> = r
        .all_findings()
        .filter(|f| f.severity > Severity::Info)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(r.platforms.len(), 6);
    assert_eq!(
        r.platforms[&PlatformId::Twitter].callback_url.as_deref(),
        Some("https://api.acme.com/api/connect/twitter/callback")
    );
}

const S: Option<PlatformId> = None;
const FB: Option<PlatformId> = Some(PlatformId::Facebook);
const IG: Option<PlatformId> = Some(PlatformId::Instagram);
const LI: Option<PlatformId> = Some(PlatformId::Linkedin);
const X: Option<PlatformId> = Some(PlatformId::Twitter);
const TT: Option<PlatformId> = Some(PlatformId::Tiktok);
const TH: Option<PlatformId> = Some(PlatformId::Threads);

use Severity::{Error as E, Info as I, Warning as W};

/// (platform, field, value, code, severity): the value must produce that finding.
const POSITIVES: &[(Option<PlatformId>, Field, &str, Code, Severity)] = &[
    // api_public_url
    (S, Field::ApiPublicUrl, "", Code::Required, E),
    (S, Field::ApiPublicUrl, "api.acme.com", Code::NotAUrl, E),
    (
        S,
        Field::ApiPublicUrl,
        "https://api .acme.com",
        Code::NotAUrl,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "mailto:ops@acme.com",
        Code::NotAUrl,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com/api",
        Code::ApiSuffix,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com/",
        Code::TrailingSlash,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "http://api.acme.com",
        Code::InsecureScheme,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://acme.com/socialmine",
        Code::HasPath,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com?env=prod",
        Code::HasQueryOrFragment,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com#top",
        Code::HasQueryOrFragment,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "http://localhost:3000",
        Code::NotPublicHost,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://10.1.2.3",
        Code::NotPublicHost,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://socialmine.internal",
        Code::NotPublicHost,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://API.acme.com",
        Code::UppercaseHost,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        " https://api.acme.com",
        Code::Whitespace,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com\n",
        Code::Whitespace,
        W,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "https://api.acme.com\u{200B}",
        Code::InvisibleCharacter,
        E,
    ),
    (
        S,
        Field::ApiPublicUrl,
        "\"https://api.acme.com\"",
        Code::Quoted,
        E,
    ),
    (
        S,
        Field::AdminUrl,
        "http://admin.acme.com",
        Code::InsecureScheme,
        E,
    ),
    // pasted credentials
    (
        FB,
        Field::ClientId,
        "1234567890123456 ",
        Code::Whitespace,
        W,
    ),
    (
        FB,
        Field::ClientId,
        "\u{FEFF}1234567890123456",
        Code::InvisibleCharacter,
        E,
    ),
    (
        FB,
        Field::ClientId,
        "1234567890\u{00A0}123456",
        Code::InvisibleCharacter,
        E,
    ),
    (
        FB,
        Field::ClientId,
        "12345678\u{0007}90123456",
        Code::InvisibleCharacter,
        E,
    ),
    (FB, Field::ClientId, "'1234567890123456'", Code::Quoted, E),
    (
        FB,
        Field::ClientSecret,
        "\"0123456789abcdef0123456789abcdef\"",
        Code::Quoted,
        E,
    ),
    (
        FB,
        Field::ClientSecret,
        "0123456789abcdef0123456789abcdef\r\n",
        Code::Whitespace,
        W,
    ),
    (FB, Field::AppVersion, " v24.0", Code::Whitespace, W),
    (
        FB,
        Field::Scope,
        "“public_profile,email,pages_show_list,pages_read_engagement,pages_manage_posts”",
        Code::Quoted,
        E,
    ),
    (
        X,
        Field::CallbackUrl,
        "https://api.acme.com/api/connect/twitter/callback\u{200D}",
        Code::InvisibleCharacter,
        E,
    ),
    (
        X,
        Field::ConsoleRedirectUrl,
        "  https://api.acme.com/api/connect/twitter/callback",
        Code::Whitespace,
        W,
    ),
    // credential shapes
    (FB, Field::ClientId, "12345abc", Code::Format, W),
    (
        FB,
        Field::ClientId,
        "https://developers.facebook.com/apps/1234567890123456",
        Code::Format,
        W,
    ),
    (LI, Field::ClientId, "86ABCDEFGHIJ12", Code::Format, E),
    (LI, Field::ClientId, "86abcdefghij1234", Code::Format, E),
    // 12 or 13 characters: some rule sets allow it, so only a warning.
    (LI, Field::ClientId, "86abcdefghij1", Code::Format, W),
    (LI, Field::ClientId, "86abcdefghij", Code::Format, W),
    (LI, Field::ClientSecret, "tooshort", Code::Format, W),
    (
        X,
        Field::ClientId,
        "cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaX",
        Code::Format,
        W,
    ),
    (TT, Field::ClientSecret, "abc", Code::Format, W),
    (
        X,
        Field::ClientId,
        "xvz1evFS4wEEPTGEFPHBog5Zz",
        Code::LegacyXApiKey,
        E,
    ),
    (
        X,
        Field::ClientSecret,
        "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg",
        Code::LegacyXApiKey,
        E,
    ),
    (
        TT,
        Field::ClientId,
        "sbaw1234567890abcd",
        Code::TiktokSandboxKey,
        W,
    ),
    (
        X,
        Field::ClientId,
        "xvz1evFS4wEEPTGEFPHBog",
        Code::LegacyXApiKey,
        E,
    ),
    (
        X,
        Field::ClientSecret,
        "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOgabcd",
        Code::Format,
        W,
    ),
    // app_version
    (FB, Field::AppVersion, "23.0", Code::Format, E),
    (FB, Field::AppVersion, "version 23", Code::Format, E),
    (FB, Field::AppVersion, "v17.0", Code::Expired, E),
    (FB, Field::AppVersion, "v20.0", Code::Expired, E),
    (IG, Field::AppVersion, "v18.0", Code::Expired, E),
    (FB, Field::AppVersion, "v2.8", Code::Expired, E),
    (FB, Field::AppVersion, "v21.0", Code::ExpiringSoon, W),
    (FB, Field::AppVersion, "v28.0", Code::UnknownVersion, W),
    (FB, Field::AppVersion, "v24.5", Code::UnknownVersion, W),
    (LI, Field::AppVersion, "v23.0", Code::NotApplicable, W),
    (TH, Field::AppVersion, "v1.0", Code::NotApplicable, W),
    // scope
    (
        LI,
        Field::Scope,
        "openid,profile,email,w_member_social",
        Code::ScopeSeparator,
        E,
    ),
    (
        X,
        Field::Scope,
        "tweet.read, tweet.write, users.read, offline.access",
        Code::ScopeSeparator,
        E,
    ),
    (
        FB,
        Field::Scope,
        "public_profile email pages_show_list pages_read_engagement pages_manage_posts",
        Code::ScopeSeparator,
        E,
    ),
    (
        TT,
        Field::Scope,
        "user.info.basic video.publish",
        Code::ScopeSeparator,
        E,
    ),
    (
        X,
        Field::Scope,
        "tweet.read tweet.wrte users.read offline.access",
        Code::UnknownScope,
        W,
    ),
    (
        LI,
        Field::Scope,
        "openid profile email w_member_social r_basicprofile",
        Code::RestrictedScope,
        W,
    ),
    (
        X,
        Field::Scope,
        "tweet.read tweet.write users.read offline.access",
        Code::RecommendedScopeMissing,
        W,
    ),
    (
        X,
        Field::Scope,
        "tweet.read tweet.write users.read offline.access w_member_social",
        Code::UnknownScope,
        W,
    ),
    (
        IG,
        Field::Scope,
        "instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement,instagram_business_basic",
        Code::UnknownScope,
        W,
    ),
    (
        LI,
        Field::Scope,
        "openid profile r_liteprofile w_member_social",
        Code::DeprecatedScope,
        E,
    ),
    (
        FB,
        Field::Scope,
        "pages_show_list,pages_read_engagement,pages_manage_posts,publish_actions",
        Code::DeprecatedScope,
        E,
    ),
    (
        TT,
        Field::Scope,
        "user.info.basic,video.create",
        Code::DeprecatedScope,
        E,
    ),
    (
        X,
        Field::Scope,
        "tweet.read users.read offline.access",
        Code::MissingRequiredScope,
        E,
    ),
    (
        TH,
        Field::Scope,
        "threads_basic",
        Code::MissingRequiredScope,
        E,
    ),
    (
        X,
        Field::Scope,
        "tweet.read tweet.write tweet.read users.read offline.access",
        Code::DuplicateScope,
        W,
    ),
    // callback_url override
    (
        X,
        Field::CallbackUrl,
        "https://social.acme.com/api/connect/twitter/callback",
        Code::DiffersFromDefault,
        W,
    ),
    (
        X,
        Field::CallbackUrl,
        "https://api.acme.com/api/connect/twitter/callback",
        Code::RedundantOverride,
        I,
    ),
    (
        X,
        Field::CallbackUrl,
        "http://social.acme.com/api/connect/twitter/callback",
        Code::InsecureScheme,
        E,
    ),
    (
        X,
        Field::CallbackUrl,
        "https://api.acme.com/api/connect/twitter/callback?x=1",
        Code::HasQueryOrFragment,
        E,
    ),
    (
        X,
        Field::CallbackUrl,
        "api/connect/twitter/callback",
        Code::NotAUrl,
        E,
    ),
    // console_redirect_url
    (
        X,
        Field::ConsoleRedirectUrl,
        "https://api.acme.com/api/connect/x/callback",
        Code::RedirectMismatch,
        E,
    ),
    (
        FB,
        Field::ConsoleRedirectUrl,
        "https://api.acme.com/api/connect/facebook/callback/",
        Code::RedirectMismatch,
        E,
    ),
];

#[test]
fn every_positive_case_is_found() {
    for (p, f, v, code, sev) in POSITIVES {
        let got = field(*p, *f, v);
        assert!(
            got.contains(&(*code, *sev)),
            "{p:?} {f} {v:?}: expected {code} ({sev}), got {got:?}"
        );
    }
}

/// (platform, field, value): clean values that produce no error and no warning.
const CLEAN: &[(Option<PlatformId>, Field, &str)] = &[
    (S, Field::ApiPublicUrl, "https://api.acme.com"),
    (S, Field::ApiPublicUrl, "https://api.acme.com:8443"),
    (S, Field::ApiPublicUrl, "https://xn--bcher-kva.example"),
    (S, Field::AdminUrl, "http://127.0.0.1:8080"),
    (S, Field::AdminUrl, "https://admin.acme.com"),
    (FB, Field::ClientId, "1234567890123456"),
    (FB, Field::ClientSecret, "0123456789abcdef0123456789abcdef"),
    (IG, Field::ClientId, "123456789012345"),
    (LI, Field::ClientId, "86abcdefghij12"),
    (LI, Field::ClientSecret, "AbCdEf1234567890"),
    (LI, Field::ClientSecret, "WPL_AP1.abcdEFGH12345678.aBcD12=="),
    (X, Field::ClientId, "cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ"),
    (
        X,
        Field::ClientSecret,
        "Zk3x-9Qw_eR7tY2uI8oP4aS6dF1gH5jK0lZ9xC3vB7nM2q-W_e",
    ),
    (TT, Field::ClientId, "aw1234567890abcd"),
    (TT, Field::ClientSecret, "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"),
    (TH, Field::ClientId, "990602627938098"),
    (FB, Field::AppVersion, "v24.0"),
    (FB, Field::AppVersion, "v26.0"),
    (FB, Field::AppVersion, "v27.0"),
    (IG, Field::AppVersion, "v27.0"),
    (IG, Field::AppVersion, "v23.0"),
    (FB, Field::AppVersion, ""),
    (LI, Field::AppVersion, ""),
    (FB, Field::Scope, ""),
    (
        FB,
        Field::Scope,
        "public_profile,email,pages_show_list,pages_read_engagement,pages_manage_posts",
    ),
    (
        FB,
        Field::Scope,
        "public_profile, email, pages_show_list, pages_read_engagement, pages_manage_posts",
    ),
    (LI, Field::Scope, "openid profile email w_member_social"),
    (
        X,
        Field::Scope,
        "tweet.read tweet.write users.read offline.access media.write",
    ),
    (
        TT,
        Field::Scope,
        "user.info.basic,user.info.profile,video.publish",
    ),
    (
        TH,
        Field::Scope,
        "threads_basic,threads_content_publish,threads_delete",
    ),
    (X, Field::CallbackUrl, ""),
    (
        X,
        Field::ConsoleRedirectUrl,
        "https://api.acme.com/api/connect/twitter/callback",
    ),
    (X, Field::ConsoleRedirectUrl, ""),
    (
        TT,
        Field::ConsoleRedirectUrl,
        "https://api.acme.com/api/connect/tiktok/callback",
    ),
];

#[test]
fn clean_values_produce_no_error_and_no_warning() {
    for (p, f, v) in CLEAN {
        let got: Vec<_> = field(*p, *f, v)
            .into_iter()
            .filter(|(_, s)| *s > Severity::Info)
            .collect();
        assert!(
            got.is_empty(),
            "{p:?} {f} {v:?}: expected nothing, got {got:?}"
        );
    }
}

/// Every code is produced by at least one case: a field value of [`POSITIVES`] or a whole
/// deployment of [`cross_field_cases`]. Codes are counted only when the check really reports
/// them, so a table entry that stopped producing its code does not count.
#[test]
fn every_code_is_covered() {
    let mut seen: BTreeSet<&'static str> = BTreeSet::new();
    for (p, f, v, _, _) in POSITIVES {
        seen.extend(field(*p, *f, v).into_iter().map(|(c, _)| c.as_str()));
    }
    for (_, d, stored, _) in cross_field_cases() {
        seen.extend(report_codes(&d, stored).into_iter().map(|c| c.2.as_str()));
    }
    let missing: Vec<_> = Code::ALL
        .into_iter()
        .filter(|c| !seen.contains(c.as_str()))
        .collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}

fn with(d: &mut Deployment, p: PlatformId, f: impl FnOnce(&mut socialmine_core::PlatformConfig)) {
    f(d.platforms.entry(p).or_default());
}

type Expected = (Option<PlatformId>, Field, Code, Severity);

/// Deployments with a problem that only shows across fields (or across platforms), the
/// secrets kept in the keyring, and a finding each must produce.
fn cross_field_cases() -> Vec<(&'static str, Deployment, &'static [PlatformId], Expected)> {
    let mut cases = Vec::new();
    let mut d = good();
    with(&mut d, PlatformId::Facebook, |c| {
        c.client_id = Some("0123456789abcdef0123456789abcdef".into());
        c.client_secret = Some("1234567890123456".into());
    });
    let e = (
        Some(PlatformId::Facebook),
        Field::ClientId,
        Code::Swapped,
        E,
    );
    cases.push(("swapped", d, &[][..], e));

    let mut d = good();
    with(&mut d, PlatformId::Linkedin, |c| {
        c.client_secret = Some("86abcdefghij12".into())
    });
    let e = (
        Some(PlatformId::Linkedin),
        Field::ClientSecret,
        Code::SameValue,
        E,
    );
    cases.push(("same value", d, &[][..], e));

    let mut d = good();
    with(&mut d, PlatformId::Threads, |c| {
        c.client_id = Some("1234567890123456".into())
    });
    let e = (
        Some(PlatformId::Threads),
        Field::ClientId,
        Code::SharedWithFacebook,
        E,
    );
    cases.push(("threads with the facebook app id", d, &[][..], e));

    // X API Key pair: flagged even though the secret fits the OAuth 2.0 alphabet.
    let mut d = good();
    with(&mut d, PlatformId::Twitter, |c| {
        c.client_id = Some("xvz1evFS4wEEPTGEFPHBog5Zz".into());
        c.client_secret = Some("L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOgabcdefghi".into());
    });
    let e = (
        Some(PlatformId::Twitter),
        Field::ClientSecret,
        Code::LegacyXApiKey,
        E,
    );
    cases.push(("x api key pair", d, &[][..], e));

    let mut d = good();
    with(&mut d, PlatformId::Tiktok, |c| c.client_id = None);
    let e = (Some(PlatformId::Tiktok), Field::ClientId, Code::Required, E);
    cases.push(("secret without a client id", d, &[][..], e));

    // Issue 13 item 7: a client secret in the client ID field, its own secret kept elsewhere.
    let mut d = good();
    with(&mut d, PlatformId::Facebook, |c| {
        c.client_id = Some("0123456789abcdef0123456789abcdef".into());
        c.client_secret = None;
    });
    let e = (
        Some(PlatformId::Facebook),
        Field::ClientId,
        Code::SecretInField,
        E,
    );
    cases.push((
        "secret in the client id field",
        d,
        &[PlatformId::Facebook][..],
        e,
    ));

    // ... and another platform's client secret pasted as the admin address.
    let mut d = good();
    let x_secret = d.platforms[&PlatformId::Twitter]
        .client_secret
        .as_ref()
        .map(|s| s.expose_str().to_owned())
        .expect("GOOD has an X secret");
    d.admin_url = Some(x_secret);
    let e = (None, Field::AdminUrl, Code::SecretInField, E);
    cases.push(("secret as the admin url", d, &[][..], e));
    cases
}

#[test]
fn cross_field_codes() {
    for (what, d, stored, expected) in cross_field_cases() {
        let codes = report_codes(&d, stored);
        assert!(codes.contains(&expected), "{what}: {codes:?}");
    }

    // The swap explains the shapes of both fields: said once, with a swap fix.
    let (_, d, _, _) = cross_field_cases().swap_remove(0);
    let codes = report_codes(&d, &[]);
    assert!(
        codes.contains(&(
            Some(PlatformId::Facebook),
            Field::ClientId,
            Code::Swapped,
            E
        )),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|c| c.2 == Code::Format),
        "the swap explains the shapes: {codes:?}"
    );
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    let swap = r.platforms[&PlatformId::Facebook]
        .findings
        .iter()
        .find(|f| f.code == Code::Swapped)
        .expect("swapped");
    assert_eq!(
        swap.action,
        Some(FixAction::SwapFields {
            other: Field::ClientSecret
        })
    );

    // Instagram reusing the Facebook app is normal.
    let mut d = good();
    with(&mut d, PlatformId::Threads, |c| {
        c.client_id = Some("1234567890123456".into())
    });
    let codes = report_codes(&d, &[]);
    assert!(
        !codes.iter().any(|c| c.0 == Some(PlatformId::Instagram)),
        "{codes:?}"
    );

    // The X API Key pair flags both fields.
    let (_, d, _, _) = cross_field_cases().swap_remove(3);
    let codes = report_codes(&d, &[]);
    for f in [Field::ClientId, Field::ClientSecret] {
        assert!(
            codes.contains(&(Some(PlatformId::Twitter), f, Code::LegacyXApiKey, E)),
            "{f}: {codes:?}"
        );
    }
}

#[test]
fn required_values() {
    // A secret without a client ID.
    let mut d = good();
    with(&mut d, PlatformId::Tiktok, |c| c.client_id = None);
    let codes = report_codes(&d, &[]);
    assert!(
        codes.contains(&(Some(PlatformId::Tiktok), Field::ClientId, Code::Required, E)),
        "{codes:?}"
    );

    // A version or scope alone also counts as partly filled in.
    let mut d = Deployment::new(API);
    with(&mut d, PlatformId::Facebook, |c| {
        c.app_version = Some("v24.0".into())
    });
    assert!(report_codes(&d, &[]).contains(&(
        Some(PlatformId::Facebook),
        Field::ClientId,
        Code::Required,
        E
    )));

    // A client ID without a secret, unless the keyring has it.
    let mut d = good();
    with(&mut d, PlatformId::Linkedin, |c| c.client_secret = None);
    let codes = report_codes(&d, &[]);
    assert!(
        codes.contains(&(
            Some(PlatformId::Linkedin),
            Field::ClientSecret,
            Code::Required,
            E
        )),
        "{codes:?}"
    );
    let codes = report_codes(&d, &[PlatformId::Linkedin]);
    assert!(!codes.iter().any(|c| c.2 == Code::Required), "{codes:?}");

    // A platform with nothing filled in (or only the console URL) is simply not started.
    let mut d = Deployment::new(API);
    with(&mut d, PlatformId::Threads, |_| {});
    with(&mut d, PlatformId::Twitter, |c| {
        c.console_redirect_url = Some("https://api.acme.com/api/connect/twitter/callback".into());
    });
    assert_eq!(report_codes(&d, &[]), []);

    // An empty API_PUBLIC_URL.
    let d = Deployment::new("");
    assert_eq!(
        report_codes(&d, &[]),
        [(None, Field::ApiPublicUrl, Code::Required, E)]
    );
}

#[test]
fn redirect_mismatch_names_the_detail_and_marks_both_strings() {
    let cases = [
        (
            "https://api.acme.com/api/connect/twitter/callback/",
            MismatchDetail::TrailingSlash,
        ),
        (
            "http://api.acme.com/api/connect/twitter/callback",
            MismatchDetail::Scheme,
        ),
        (
            "https://www.acme.com/api/connect/twitter/callback",
            MismatchDetail::Host,
        ),
        (
            "https://API.ACME.COM/api/connect/twitter/callback",
            MismatchDetail::HostCase,
        ),
        (
            "https://api.acme.com:444/api/connect/twitter/callback",
            MismatchDetail::Port,
        ),
        ("https://api.acme.com/auth/twitter", MismatchDetail::Path),
        (
            "https://api.acme.com/api/connect/x/callback",
            MismatchDetail::PlatformSegment,
        ),
        (
            "https://api.acme.com/connect/twitter/callback",
            MismatchDetail::ApiPrefix,
        ),
        (
            "https://api.acme.com/api/connect/twitter/callback?state=1",
            MismatchDetail::Query,
        ),
    ];
    let catalog = Catalog::built_in();
    let ctx = FieldContext {
        api_public_url: API,
        callback_url: None,
    };
    for (console, detail) in cases {
        let f = check_field(
            &catalog,
            today(),
            X,
            Field::ConsoleRedirectUrl,
            console,
            &ctx,
        );
        let m = f
            .iter()
            .find(|f| f.code == Code::RedirectMismatch)
            .unwrap_or_else(|| panic!("{console}: {f:?}"));
        let mm = m.mismatch.as_ref().expect("mismatch detail");
        assert_eq!(mm.detail, detail, "{console}");
        assert_eq!(
            mm.expected,
            "https://api.acme.com/api/connect/twitter/callback"
        );
        assert_eq!(mm.actual, console);
        assert!(
            mm.expected_marked.contains('[') && mm.actual_marked.contains('['),
            "{mm:?}"
        );
        assert!(m.message.contains(&mm.actual_marked), "{}", m.message);
        assert!(
            m.fix
                .contains("https://api.acme.com/api/connect/twitter/callback"),
            "{}",
            m.fix
        );
        let json = serde_json::to_value(m).expect("json");
        assert_eq!(json["mismatch"]["detail"], detail.as_str());
    }
    // The override is what SocialMine sends, so the console is compared with it.
    let ctx = FieldContext {
        api_public_url: API,
        callback_url: Some("https://social.acme.com/api/connect/twitter/callback"),
    };
    let f = check_field(
        &catalog,
        today(),
        X,
        Field::ConsoleRedirectUrl,
        "https://social.acme.com/api/connect/twitter/callback",
        &ctx,
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn one_click_fixes_repair_the_value() {
    let catalog = Catalog::built_in();
    let ctx = FieldContext {
        api_public_url: API,
        callback_url: None,
    };
    let cases: &[(Option<PlatformId>, Field, &str)] = &[
        (FB, Field::ClientId, "1234567890123456\n"),
        (FB, Field::ClientId, "\"1234567890123456\""),
        (FB, Field::ClientId, "\u{FEFF}1234567890123456\u{200B}"),
        (S, Field::ApiPublicUrl, "https://api.acme.com/"),
        (S, Field::ApiPublicUrl, "https://api.acme.com/api"),
        (S, Field::ApiPublicUrl, "http://api.acme.com"),
        (S, Field::ApiPublicUrl, "api.acme.com"),
        (S, Field::ApiPublicUrl, "https://API.Acme.com"),
        (FB, Field::AppVersion, "23.0"),
        (FB, Field::AppVersion, "v17.0"),
        (LI, Field::AppVersion, "v23.0"),
        (LI, Field::Scope, "openid,profile,email,w_member_social"),
        (
            X,
            Field::Scope,
            "tweet.read tweet.wrte users.read offline.access",
        ),
        (X, Field::Scope, "tweet.read users.read offline.access"),
        (
            LI,
            Field::Scope,
            "openid profile r_liteprofile w_member_social",
        ),
        (
            X,
            Field::Scope,
            "tweet.read tweet.write tweet.read users.read offline.access",
        ),
    ];
    for (p, f, v) in cases {
        let mut value = (*v).to_owned();
        // Apply the first one-click fix until none is left (at most a few rounds).
        for _ in 0..5 {
            let findings = check_field(&catalog, today(), *p, *f, &value, &ctx);
            let Some(action) = findings
                .iter()
                .filter(|x| x.severity > Severity::Info)
                .find_map(|x| x.action.clone())
            else {
                break;
            };
            value = action.apply(&value).expect("single-field fix");
        }
        let left: Vec<_> = check_field(&catalog, today(), *p, *f, &value, &ctx)
            .into_iter()
            .filter(|x| x.severity > Severity::Info)
            .map(|x| x.code)
            .collect();
        assert!(
            left.is_empty(),
            "{p:?} {f} {v:?} -> {value:?} still has {left:?}"
        );
    }
}

#[test]
fn secrets_never_appear_in_findings() {
    let secret = "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg";
    let mut d = good();
    for bad in [
        format!("\"{secret}\""),
        format!("{secret}\u{200B}"),
        secret.to_owned(),
        format!(" {secret} "),
    ] {
        with(&mut d, PlatformId::Twitter, |c| {
            c.client_secret = Some(bad.clone().into())
        });
        with(&mut d, PlatformId::Linkedin, |c| {
            c.client_secret = Some(bad.clone().into())
        });
        with(&mut d, PlatformId::Facebook, |c| {
            c.client_id = Some(bad.clone())
        });
        let catalog = Catalog::built_in();
        let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
        let json = serde_json::to_string(&r).expect("json");
        assert!(!json.contains(secret), "a secret leaked: {json}");
    }
}

#[test]
fn report_json_has_the_issue_shape() {
    let mut d = good();
    with(&mut d, PlatformId::Facebook, |c| {
        c.client_id = Some("0123456789abcdef0123456789abcdef".into());
        c.client_secret = Some("1234567890123456".into());
    });
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    let json = serde_json::to_value(&r).expect("json");
    assert!(json["deployment"]["findings"].is_array());
    let fb = &json["platforms"]["facebook"];
    assert_eq!(
        fb["callback_url"],
        "https://api.acme.com/api/connect/facebook/callback"
    );
    let f = &fb["findings"][0];
    assert_eq!(
        (
            f["field"].as_str(),
            f["severity"].as_str(),
            f["code"].as_str()
        ),
        (Some("client_id"), Some("error"), Some("swapped"))
    );
    assert!(
        f["message"].as_str().is_some_and(|m| m.len() > 40)
            && f["fix"].as_str().is_some_and(|m| !m.is_empty())
    );
    assert_eq!(f["action"]["kind"], "swap_fields");
}

#[test]
fn findings_come_worst_first() {
    // One field: an error (duplicate) and lesser findings (whitespace).
    let got = field(X, Field::Scope, " tweet.read tweet.read users.read ");
    let sev: Vec<_> = got.iter().map(|(_, s)| *s).collect();
    assert!(
        sev.len() >= 2 && sev.first() != sev.last(),
        "the case must give findings of different severities: {got:?}"
    );
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted, "{got:?}");

    // One platform: a warning on an earlier field comes after an error on a later one, and
    // findings of one severity come in the order of the form.
    let mut d = good();
    with(&mut d, PlatformId::Twitter, |c| {
        c.client_id = Some(" cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ".into());
        c.scope = Some("tweet.read,tweet.write users.read offline.access".into());
        c.console_redirect_url = Some("http://api.acme.com/api/connect/twitter/callback".into());
    });
    let catalog = Catalog::built_in();
    let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    let got: Vec<_> = r.platforms[&PlatformId::Twitter]
        .findings
        .iter()
        .map(|f| (f.severity, f.field, f.code))
        .collect();
    assert!(got.len() >= 3, "{got:?}");
    let form = Field::PLATFORM_FIELDS;
    let rank = |f: Field| form.iter().position(|x| *x == f).unwrap_or(usize::MAX);
    for pair in got.windows(2) {
        let ((s1, f1, _), (s2, f2, _)) = (pair[0], pair[1]);
        assert!(
            s1 > s2 || (s1 == s2 && rank(f1) <= rank(f2)),
            "out of order: {got:?}"
        );
    }
    let severities: BTreeSet<_> = got.iter().map(|g| g.0).collect();
    assert!(severities.len() >= 2, "{got:?}");
}

#[test]
fn messages_are_plain_and_give_a_way_forward() {
    for (p, f, v, code, _) in POSITIVES {
        let catalog = Catalog::built_in();
        let ctx = FieldContext {
            api_public_url: API,
            callback_url: None,
        };
        for x in check_field(&catalog, today(), *p, *f, v, &ctx) {
            assert!(
                x.message.len() >= 30,
                "{code}: message too short: {}",
                x.message
            );
            assert!(x.fix.len() >= 10, "{code}: fix too short: {}", x.fix);
            assert!(
                !x.message.contains("{}") && !x.fix.contains("{}"),
                "{code}: unfilled placeholder"
            );
        }
    }
}

#[test]
fn a_broken_api_public_url_is_fixed_first() {
    let catalog = Catalog::built_in();
    let ctx = FieldContext {
        api_public_url: "https://api.acme.com/api/",
        callback_url: None,
    };
    let f = check_field(
        &catalog,
        today(),
        X,
        Field::ConsoleRedirectUrl,
        "https://api.acme.com/api/connect/twitter/callback",
        &ctx,
    );
    let m = f
        .iter()
        .find(|f| f.code == Code::RedirectMismatch)
        .expect("mismatch");
    assert!(
        m.fix.starts_with("API_PUBLIC_URL has problems of its own"),
        "{}",
        m.fix
    );
    // No advice to fall back on a default derived from a broken address.
    let f = check_field(
        &catalog,
        today(),
        X,
        Field::CallbackUrl,
        "https://api.acme.com/api/connect/twitter/callback",
        &ctx,
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn applying_every_offered_fix_to_a_messy_deployment_converges() {
    let text = include_str!("../../cli/tests/fixtures/messy.toml");
    let mut d = Deployment::parse(text).expect("parses");
    let catalog = Catalog::built_in();
    let before = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    let mut applied = 0;
    for _ in 0..50 {
        let r = check_deployment(&catalog, today(), &d, &BTreeSet::new());
        let next = r
            .deployment
            .findings
            .iter()
            .map(|f| (None, f))
            .chain(
                r.platforms
                    .iter()
                    .flat_map(|(id, p)| p.findings.iter().map(move |f| (Some(*id), f))),
            )
            .find_map(|(p, f)| {
                f.action
                    .clone()
                    .filter(|_| f.severity > Severity::Info)
                    .map(|a| (p, f.field, a))
            });
        let Some((p, field, action)) = next else {
            break;
        };
        d.apply_fix(p, field, &action).expect("fix applies");
        applied += 1;
    }
    let after = check_deployment(&catalog, today(), &d, &BTreeSet::new());
    assert!(applied >= 8, "only {applied} fixes applied");
    assert!(after.count(Severity::Error) < before.count(Severity::Error));
    let left: Vec<_> = after
        .all_findings()
        .filter(|f| f.severity > Severity::Info)
        .collect();
    assert!(left.iter().all(|f| f.action.is_none()), "{left:#?}");
    for gone in [
        Code::Swapped,
        Code::TrailingSlash,
        Code::Whitespace,
        Code::ScopeSeparator,
        Code::Expired,
        Code::DeprecatedScope,
    ] {
        assert!(
            !left.iter().any(|f| f.code == gone),
            "{gone} still there: {left:#?}"
        );
    }
}

#[test]
fn redirect_mismatch_marks_each_difference_on_its_own() {
    let m = socialmine_core::compare_redirect(
        "https://api.acme.com/api/connect/google/callback",
        "http://api.acme.com/api/connect/google/callback/",
    )
    .expect("a mismatch");
    assert_eq!(
        m.expected_marked,
        "http[s]://api.acme.com/api/connect/google/callback[]"
    );
    assert_eq!(
        m.actual_marked,
        "http[]://api.acme.com/api/connect/google/callback[/]"
    );
    let differing: Vec<_> = m
        .actual_segments
        .iter()
        .filter(|s| s.differs)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(differing, ["", "/"]);
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["expected_segments"][1]["text"], "s");
    assert_eq!(json["expected_segments"][1]["differs"], true);
}
