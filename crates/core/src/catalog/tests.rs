//! Tests of the catalog: the built-in file, validation and look-ups.

use super::*;
use crate::finding::Field;

#[test]
fn built_in_catalog_describes_the_six_platforms_with_socialmine_scopes() {
    let c = Catalog::built_in();
    let names: Vec<_> = c
        .platforms_in_order()
        .iter()
        .map(|p| p.display_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Facebook",
            "Instagram",
            "LinkedIn",
            "X (Twitter)",
            "TikTok",
            "Threads"
        ]
    );
    assert_eq!(
        c.platform(PlatformId::Twitter).default_scopes,
        ["tweet.read", "tweet.write", "users.read", "offline.access"]
    );
    assert_eq!(c.platform(PlatformId::Twitter).callback_segment, "twitter");
    for p in &c.platforms {
        assert!(!p.source.is_empty(), "{} has no source", p.id);
    }
}

#[test]
fn a_newer_override_wins_and_an_older_one_does_not() {
    let own = format!("checked = \"{}\"", Catalog::built_in().checked);
    let newer = BUILT_IN.replacen(&own, "checked = \"2099-01-01\"", 1);
    let (c, err) = Catalog::newest(Some(&newer));
    assert_eq!((c.checked.as_str(), err), ("2099-01-01", None));

    let older = BUILT_IN.replacen(&own, "checked = \"2000-01-01\"", 1);
    let (c, err) = Catalog::newest(Some(&older));
    assert_eq!((c, err), (Catalog::built_in(), None));
}

#[test]
fn a_broken_override_is_reported_and_ignored() {
    let (c, err) = Catalog::newest(Some(
        "schema = 1\nchecked = \"2099-01-01\"\nsources = []\ngraph_api_versions = []\ntroubleshooting = []\nplatforms = []",
    ));
    assert_eq!(c, Catalog::built_in());
    assert_eq!(
        err,
        Some(CatalogError::MissingPlatform(PlatformId::Facebook))
    );

    let (_, err) = Catalog::newest(Some(
        "schema = 99\nchecked = \"2099-01-01\"\nplatforms = []",
    ));
    assert_eq!(err, Some(CatalogError::Schema { found: 99 }));

    let (_, err) = Catalog::newest(Some("not toml ["));
    assert!(matches!(err, Some(CatalogError::Parse(_))));
}

fn broken(from: &str, to: &str) -> CatalogError {
    assert!(BUILT_IN.contains(from), "test edit must apply: {from}");
    Catalog::parse(&BUILT_IN.replacen(from, to, 1)).expect_err("edited catalog must be refused")
}

#[test]
fn schema_validation_is_strict_with_clear_errors() {
    let e = broken(
        "id = \"facebook\"\n",
        "id = \"facebook\"\ncolour = \"blue\"\n",
    );
    assert!(
        matches!(&e, CatalogError::Parse(m) if m.contains("colour")),
        "{e}"
    );

    let e = broken("source = \"meta_permissions\" }", "source = \"nowhere\" }");
    assert!(
        e.to_string()
            .contains("'nowhere' is not one of the [[sources]] ids"),
        "{e}"
    );

    let e = broken(
        "replacement = \"pages_manage_posts\"",
        "replacement = \"pages_manage_everything\"",
    );
    assert!(e.to_string().contains("pages_manage_everything"), "{e}");

    let e = broken("expires = \"2025-09-12\"", "expires = \"2025-02-30\"");
    assert_eq!(e, CatalogError::BadDate("2025-02-30".into()));

    let e = broken("version = \"v18.0\"", "version = \"v16.0\"");
    assert!(e.to_string().contains("oldest first"), "{e}");

    let e = broken("charset = \"digits\"", "charset = \"emoji\"");
    assert!(matches!(e, CatalogError::Parse(_)), "{e}");

    let e = broken("confidence = \"high\"", "confidence = \"certain\"");
    assert!(matches!(e, CatalogError::Parse(_)), "{e}");

    let e = broken(
        "link = \"https://developers.facebook.com/apps/\"",
        "link = \"ftp://example.com\"",
    );
    assert!(e.to_string().contains("https"), "{e}");

    let e = broken("app_version = true", "app_version = false");
    assert!(e.to_string().contains("app_version"), "{e}");

    let e = broken("codes = [\"101\"]", "codes = [\"1o1\"]");
    assert!(e.to_string().contains("codes"), "{e}");
}

#[test]
fn every_platform_has_steps_scopes_fields_and_links() {
    let c = Catalog::built_in();
    for p in c.platforms_in_order() {
        assert!(p.steps.len() >= 3, "{}", p.id);
        assert!(
            p.steps.iter().any(|s| s.yields.contains(&Field::ClientId)),
            "{}",
            p.id
        );
        assert!(p.required_scopes().count() >= 2, "{}", p.id);
        assert!(!p.links.is_empty(), "{}", p.id);
        for d in &p.default_scopes {
            assert_eq!(
                p.scope(d).map(|s| s.status),
                Some(ScopeStatus::Current),
                "{} {d}",
                p.id
            );
        }
    }
    assert_eq!(
        c.platform(PlatformId::Tiktok)
            .form_field(Field::ClientId)
            .map(|f| f.label.as_str()),
        Some("Client Key")
    );
    assert!(
        c.platform(PlatformId::Facebook).app_version
            && c.platform(PlatformId::Instagram).app_version
    );
    assert!(
        !c.platform(PlatformId::Threads).app_version
            && !c.platform(PlatformId::Twitter).app_version
    );
    assert_eq!(
        c.platform(PlatformId::Linkedin).scope_separator,
        ScopeSeparator::Space
    );
    assert_eq!(
        c.platform(PlatformId::Tiktok).scope_separator,
        ScopeSeparator::Comma
    );
}

#[test]
fn graph_versions_come_from_the_data() {
    let c = Catalog::built_in();
    let v = c.graph_version("v23.0").expect("v23.0");
    assert_eq!(
        (v.released.as_str(), v.expires.as_deref()),
        ("2025-05-29", Some("2027-10-08"))
    );
    assert_eq!(c.newest_graph_version().version, "v27.0");
    let d = |s: &str| s.parse::<Date>().expect("date");
    // v27.0 shipped on 2026-11-04: suggested from then on, v26.0 before.
    assert_eq!(
        c.recommended_graph_version(d("2026-12-02")).version,
        "v27.0"
    );
    assert_eq!(
        c.recommended_graph_version(d("2026-11-03")).version,
        "v26.0"
    );
    assert_eq!(
        c.graph_version("v26.0").and_then(|v| v.expires.clone()),
        None
    );
    assert_eq!(
        c.graph_version("v20.0")
            .and_then(|v| v.expires.clone())
            .as_deref(),
        Some("2026-09-24")
    );
    assert_eq!(
        c.recommended_graph_version(d("2026-03-01")).version,
        "v25.0"
    );
    assert_eq!(parse_version("v23.0"), Some((23, 0)));
    assert_eq!(parse_version("23.0"), None);
}

#[test]
fn credential_shapes_match_what_they_describe() {
    let c = Catalog::built_in();
    let fb = c.platform(PlatformId::Facebook);
    let id = fb
        .shapes(Field::ClientId, CredentialRole::Expected)
        .next()
        .expect("shape");
    assert!(id.matches("1234567890123456") && !id.matches("12345abc") && !id.matches("123"));
    let x = c.platform(PlatformId::Twitter);
    let xid = x
        .shapes(Field::ClientId, CredentialRole::Expected)
        .next()
        .expect("shape");
    assert!(xid.matches("cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ"));
    let legacy = x
        .shapes(Field::ClientId, CredentialRole::LegacyXApiKey)
        .next()
        .expect("shape");
    assert!(
        legacy.matches("xvz1evFS4wEEPTGEFPHBog5Zz")
            && !legacy.matches("cVhlN2FaN1BlT0ZJZ2VvZUVfd0M6MTpjaQ")
    );
    let li = c.platform(PlatformId::Linkedin);
    assert!(
        li.shapes(Field::ClientSecret, CredentialRole::Expected)
            .any(|s| s.matches("WPL_AP1.abcdEFGH12345678.aBcD1234"))
    );
}

#[test]
fn troubleshooting_finds_the_likely_cause() {
    let c = Catalog::built_in();
    let first =
        |text: &str, p: Option<PlatformId>| c.troubleshoot(text, p).first().map(|t| t.id.clone());
    assert_eq!(
        first(
            "URL Blocked: This redirect failed because the redirect URI is not whitelisted",
            None
        )
        .as_deref(),
        Some("url_blocked")
    );
    assert_eq!(
        first("The redirect_uri does not match the registered value", None).as_deref(),
        Some("linkedin_redirect_mismatch")
    );
    assert_eq!(
        first("Invalid Scopes: pages_manage_posts", None).as_deref(),
        Some("invalid_scopes")
    );
    assert_eq!(
        first(
            "Error validating application. Invalid application ID.",
            None
        )
        .as_deref(),
        Some("invalid_app_id")
    );
    assert_eq!(
        first(
            "{\"error\":{\"message\":\"x\",\"code\":101}}",
            Some(PlatformId::Facebook)
        )
        .as_deref(),
        Some("invalid_app_id")
    );
    assert_eq!(
        first("(#100) Invalid verification code format.", None).as_deref(),
        Some("meta_code_100")
    );
    assert_eq!(
        first("error code 1349026", Some(PlatformId::Threads)).as_deref(),
        Some("threads_no_application_data")
    );
    assert_eq!(
        first("error_code=4476002", None).as_deref(),
        Some("threads_no_application_data")
    );
    assert_eq!(
        first(
            "Callback URL not approved for this client application",
            None
        )
        .as_deref(),
        Some("x_callback_not_approved")
    );
    assert_eq!(first("nothing to see here", None), None);
    // A bare number that is not an error code does not match.
    assert_eq!(first("posted 100 photos", None), None);
    // Platform filter.
    assert!(
        c.troubleshoot("URL blocked", Some(PlatformId::Linkedin))
            .iter()
            .all(|t| t.id != "url_blocked")
    );
}

#[test]
fn every_source_is_a_public_address_with_a_date() {
    let c = Catalog::built_in();
    let checked: Date = c.checked.parse().expect("date");
    for s in &c.sources {
        assert!(s.url.starts_with("https://"), "{}: {}", s.id, s.url);
        let lower = format!("{} {}", s.title, s.url).to_lowercase();
        for internal in [".md", "provider-facts", "operator guide", "guide'"] {
            assert!(
                !lower.contains(internal),
                "{} names an internal file: {}",
                s.id,
                s.title
            );
        }
        let d: Date = s.checked.parse().expect("date");
        assert!(d <= checked, "{} checked after the catalog", s.id);
    }
}

#[test]
fn every_console_step_has_its_date_and_an_openable_source() {
    let c = Catalog::built_in();
    let checked: Date = c.checked.parse().expect("date");
    for p in &c.platforms {
        for step in &p.steps {
            let d: Date = step.checked.parse().expect("every step has a date");
            assert!(d <= checked, "{}: {}", p.id, step.title);
            let source = c.source(&step.source).expect("a known source");
            assert!(source.url.starts_with("https://"), "{}", step.title);
        }
    }
}

#[test]
fn a_step_without_a_date_takes_its_platforms_and_a_bad_one_is_refused() {
    // Drop every step date: parsing fills in the platform's date.
    let mut in_step = false;
    let mut dropped = 0;
    let mut undated = Vec::new();
    for line in BUILT_IN.lines() {
        if line.starts_with("[[") {
            in_step = line == "[[platforms.steps]]";
        }
        if in_step && line.starts_with("checked = ") {
            dropped += 1;
        } else {
            undated.push(line);
        }
    }
    assert!(dropped > 6, "the test must remove step dates");
    let c = Catalog::parse(&undated.join("\n")).expect("valid without step dates");
    for p in &c.platforms {
        assert!(p.steps.iter().all(|s| s.checked == p.checked), "{}", p.id);
    }
    let bad = BUILT_IN.replacen(
        "source = \"meta_use_case_invalid_scopes\"\nchecked = \"2026-12-02\"",
        "source = \"meta_use_case_invalid_scopes\"\nchecked = \"soon\"",
        1,
    );
    assert_ne!(bad, BUILT_IN);
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::BadDate("soon".into()))
    );
}

#[test]
fn a_source_without_a_public_address_is_found() {
    assert_eq!(
        Catalog::built_in().sources_without_address(),
        Vec::<&str>::new()
    );
    let bad = BUILT_IN.replacen(
        "url = \"https://github.com/gitleaks/gitleaks/blob/master/cmd/generate/config/rules/facebook.go\"",
        "url = \"\"",
        1,
    );
    assert_ne!(bad, BUILT_IN);
    let c = Catalog::parse(&bad).expect("older files may leave it empty");
    assert_eq!(c.sources_without_address(), ["gitleaks_facebook"]);
    let bad = BUILT_IN.replacen(
        "url = \"https://github.com/gitleaks/gitleaks/blob/master/cmd/generate/config/rules/facebook.go\"",
        "url = \"http://example.com\"",
        1,
    );
    let err = Catalog::parse(&bad).expect_err("refused");
    assert!(err.to_string().contains("https://"), "{err}");
}
