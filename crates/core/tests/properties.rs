//! Property tests: no input string — any Unicode, any length up to 1 MB — panics a validator,
//! the deployment file parser, the `.env` import or a one-click fix; secrets never show up in
//! a report; the invisible-character and whitespace fixes always remove what they fix.

use std::collections::BTreeSet;

use proptest::prelude::*;
use socialmine_core::{
    Catalog, Code, Deployment, Field, FieldContext, FixAction, PlatformConfig, PlatformId, Secret,
    Severity, api_public_url_from_env, check_deployment, check_field, compare_redirect,
};

fn today() -> socialmine_core::Date {
    "2026-11-28".parse().expect("date")
}

const FIELDS: [Field; 9] = [
    Field::Name,
    Field::ApiPublicUrl,
    Field::AdminUrl,
    Field::ClientId,
    Field::ClientSecret,
    Field::AppVersion,
    Field::CallbackUrl,
    Field::Scope,
    Field::ConsoleRedirectUrl,
];

fn platform() -> impl Strategy<Value = Option<PlatformId>> {
    prop_oneof![
        Just(None),
        proptest::sample::select(PlatformId::ALL.to_vec()).prop_map(Some)
    ]
}

fn field() -> impl Strategy<Value = Field> {
    proptest::sample::select(FIELDS.to_vec())
}

/// Strings mixing URL-ish, credential-ish and hostile characters, more often than `any`
/// alone would produce them.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("https://".to_owned()),
        Just("http://".to_owned()),
        Just("api.acme.com".to_owned()),
        Just("/api/connect/twitter/callback".to_owned()),
        Just("/".to_owned()),
        Just(":".to_owned()),
        Just("?#@[]".to_owned()),
        Just("\"'“”".to_owned()),
        Just("\u{200B}\u{FEFF}\u{00A0}\u{0000}\n\t ".to_owned()),
        Just("v23.0".to_owned()),
        Just("tweet.read,tweet.write users.read".to_owned()),
        Just("WPL_AP1.".to_owned()),
        Just("sbaw".to_owned()),
        Just("MTpjaQ".to_owned()),
        Just("ǅ𝔘ñ\u{0301}".to_owned()),
        "[0-9a-f]{1,40}",
        any::<String>(),
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_field_validator_never_panics(p in platform(), f in field(), value in tricky(), api in tricky(), cb in proptest::option::of(tricky())) {
        let catalog = Catalog::built_in();
        let ctx = FieldContext { api_public_url: &api, callback_url: cb.as_deref() };
        for finding in check_field(&catalog, today(), p, f, &value, &ctx) {
            prop_assert!(!finding.message.is_empty() && !finding.fix.is_empty());
            if let Some(action) = &finding.action {
                let _ = action.apply(&value);
            }
        }
    }

    #[test]
    fn the_file_parser_never_panics(text in any::<String>()) {
        let _ = Deployment::parse(&text);
        let _ = api_public_url_from_env(&text);
    }

    #[test]
    fn the_file_parser_never_panics_on_near_valid_files(a in tricky(), b in tricky(), key in "[a-z_]{1,20}") {
        let text = format!(
            "api_public_url = \"{}\"\n[platforms.facebook]\nclient_id = \"{}\"\n{key} = {}\n",
            a.replace(['"', '\\'], ""), b.replace(['"', '\\'], ""), b
        );
        if let Err(e) = Deployment::parse(&text) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn redirect_comparison_never_panics(a in tricky(), b in tricky()) {
        if let Some(m) = compare_redirect(&a, &b) {
            prop_assert!(m.diff_start <= m.expected_diff_end && m.diff_start <= m.actual_diff_end);
            let join = |s: &[socialmine_core::Segment]| s.iter().map(|x| x.text.as_str()).collect::<String>();
            prop_assert_eq!(join(&m.expected_segments), a.clone());
            prop_assert_eq!(join(&m.actual_segments), b.clone());
            prop_assert_eq!(m.expected_segments.len(), m.actual_segments.len());
            prop_assert!(m.expected_segments.iter().any(|s| s.differs));
        } else {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn trim_and_remove_invisible_fix_what_they_say(p in platform(), f in field(), value in tricky()) {
        let catalog = Catalog::built_in();
        let ctx = FieldContext { api_public_url: "https://api.acme.com", callback_url: None };
        let codes = |v: &str| check_field(&catalog, today(), p, f, v, &ctx).into_iter().map(|x| x.code).collect::<Vec<_>>();
        if let Some(fixed) = FixAction::RemoveInvisible.apply(&value) {
            let after = codes(&fixed);
            prop_assert!(!after.contains(&Code::InvisibleCharacter) && !after.contains(&Code::Whitespace), "{:?} -> {:?}: {:?}", value, fixed, after);
        }
        if let Some(fixed) = FixAction::Trim.apply(&value) {
            prop_assert!(!codes(&fixed).contains(&Code::Whitespace));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the admin typed, saving a deployment and reading it back gives it back
    /// exactly (secrets included only when asked for).
    #[test]
    fn a_deployment_survives_a_round_trip_through_its_file(
        name in proptest::option::of(tricky()),
        api in tricky(),
        admin in proptest::option::of(tricky()),
        values in proptest::collection::vec(proptest::option::of(tricky()), 6 * 6),
    ) {
        let mut d = Deployment::new(api);
        d.name = name;
        d.admin_url = admin;
        for (i, id) in PlatformId::ALL.into_iter().enumerate() {
            let v = |k: usize| values[i * 6 + k].clone();
            d.platforms.insert(id, PlatformConfig {
                client_id: v(0),
                client_secret: v(1).map(Secret::from),
                app_version: v(2),
                callback_url: v(3),
                scope: v(4),
                console_redirect_url: v(5),
            });
        }
        let with = d.to_toml(socialmine_core::SecretsInFile::Include);
        prop_assert_eq!(Deployment::parse(&with).expect("own output parses"), d.clone());
        let without = d.to_toml_without_secrets();
        let back = Deployment::parse(&without).expect("own output parses");
        for (id, p) in &back.platforms {
            prop_assert!(p.client_secret.is_none());
            prop_assert_eq!(&p.client_id, &d.platforms[id].client_id);
        }
    }
}

proptest! {
    // Each case checks six platforms: fewer cases keep the suite fast.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_whole_deployment_never_panics_and_never_shows_a_secret(
        api in tricky(),
        values in proptest::collection::vec((tricky(), tricky(), tricky(), tricky(), tricky()), 6),
        secret in "ZQX[A-Za-z0-9_-]{20,40}",
    ) {
        let mut d = Deployment::new(api);
        for (id, (client_id, version, cb, scope, console)) in PlatformId::ALL.into_iter().zip(values) {
            d.platforms.insert(id, PlatformConfig {
                client_id: Some(client_id),
                client_secret: Some(Secret::from(format!("\u{200B}\"{secret}\" "))),
                app_version: Some(version),
                callback_url: Some(cb),
                scope: Some(scope),
                console_redirect_url: Some(console),
            });
        }
        let catalog = Catalog::built_in();
        let report = check_deployment(&catalog, today(), &d, &BTreeSet::new());
        let json = serde_json::to_string(&report).expect("json");
        prop_assert!(!json.contains(&secret), "a secret leaked");
        prop_assert!(report.all_findings().all(|f| f.severity >= Severity::Info));
    }
}

proptest! {
    // Big inputs are slow to generate; a few cases show that size alone breaks nothing.
    #![proptest_config(ProptestConfig { cases: 3, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn megabyte_inputs_never_panic(chars in proptest::collection::vec(any::<char>(), 0..262_144), p in platform(), f in field()) {
        let value: String = chars.into_iter().collect();
        prop_assert!(value.len() <= 1 << 20);
        let catalog = Catalog::built_in();
        let ctx = FieldContext { api_public_url: &value, callback_url: Some(&value) };
        let _ = check_field(&catalog, today(), p, f, &value, &ctx);
        let _ = Deployment::parse(&value);
        let _ = api_public_url_from_env(&value);
    }
}

/// Hand-made 1 MB worst cases for the code paths that loop over the value, each run through
/// the fields whose checks do the most work with it (debug builds are slow; keep it lean).
#[test]
fn megabyte_worst_cases_are_handled() {
    let catalog = Catalog::built_in();
    let mb = 1 << 20;
    let unique_scopes: String = (0..).map(|i| format!("s{i},")).take_while_inclusive(mb);
    let url_fields = [
        Field::ApiPublicUrl,
        Field::CallbackUrl,
        Field::ConsoleRedirectUrl,
    ];
    let cases: [(String, &[Field]); 8] = [
        ("a,".repeat(mb / 2), &[Field::Scope, Field::ClientId]),
        (unique_scopes, &[Field::Scope]),
        (
            "\u{200B}".repeat(mb / 3),
            &[Field::ClientSecret, Field::AppVersion],
        ),
        (format!("https://{}.com/", "a".repeat(mb - 13)), &url_fields),
        (
            format!("\"{}\"", "x ".repeat(mb / 2 - 1)),
            &[Field::Scope, Field::ClientId],
        ),
        (
            "v".repeat(mb),
            &[Field::AppVersion, Field::ConsoleRedirectUrl],
        ),
        ("[".repeat(mb), &[Field::ApiPublicUrl]),
        (
            format!("api_public_url = \"{}\"", "\\u0041".repeat(mb / 6 - 4)),
            &[Field::Name],
        ),
    ];
    let ctx = FieldContext {
        api_public_url: "https://api.acme.com",
        callback_url: None,
    };
    for (value, fields) in &cases {
        assert!(value.len() <= mb + 8);
        for f in *fields {
            let findings = check_field(
                &catalog,
                today(),
                Some(PlatformId::Twitter),
                *f,
                value,
                &ctx,
            );
            // Even for a megabyte of input the report stays readable.
            assert!(findings.len() <= 30, "{f}: {} findings", findings.len());
        }
        let _ = Deployment::parse(value);
        let _ = api_public_url_from_env(value);
    }
}

trait TakeWhileInclusive {
    fn take_while_inclusive(self, bytes: usize) -> String;
}

impl<I: Iterator<Item = String>> TakeWhileInclusive for I {
    fn take_while_inclusive(self, bytes: usize) -> String {
        let mut out = String::new();
        for s in self {
            if out.len() + s.len() > bytes {
                break;
            }
            out.push_str(&s);
        }
        out
    }
}
