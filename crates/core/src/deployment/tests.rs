//! Tests of the deployment file: parsing, writing, fixes, error messages and `.env` import.

use super::*;

const FULL: &str = r#"name = "Acme production"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"
callback_url = ""
scope = ""
console_redirect_url = "https://api.acme.com/api/connect/facebook/callback"

[platforms.twitter]
client_id = "abc"
"#;

#[test]
fn parses_the_issue_example() {
    let d = Deployment::parse(FULL).expect("valid");
    assert_eq!(d.name.as_deref(), Some("Acme production"));
    assert_eq!(d.admin_base(), "https://api.acme.com");
    let fb = d.platform(PlatformId::Facebook).expect("facebook");
    assert_eq!(fb.client_id.as_deref(), Some("1234567890123456"));
    assert_eq!(
        fb.client_secret.as_ref().map(|s| s.expose_str()),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(fb.callback_url.as_deref(), Some(""));
    assert!(d.platform(PlatformId::Linkedin).is_none());
    assert!(!format!("{d:?}").contains("0123456789abcdef0123456789abcdef"));
}

#[test]
fn only_api_public_url_is_required() {
    let d = Deployment::parse("api_public_url = \"https://x.example\"").expect("valid");
    assert_eq!(d, Deployment::new("https://x.example"));
    let e = Deployment::parse("name = \"n\"").expect_err("missing url");
    assert!(e.message.contains("API_PUBLIC_URL"), "{e}");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (None, Some("api_public_url")),
        "{e}"
    );
}

#[test]
fn values_are_kept_exactly_as_written() {
    let d = Deployment::parse("api_public_url = \" https://a.example/ \"").expect("valid");
    assert_eq!(d.api_public_url, " https://a.example/ ");
}

#[test]
fn unknown_key_names_line_and_key() {
    let text = "api_public_url = \"https://a.example\"\n\n[platforms.facebook]\nclient_id = \"1\"\nclientSecret = \"s\"\n";
    let e = Deployment::parse(text).expect_err("unknown key");
    assert_eq!(e.line, Some(5), "{e}");
    assert_eq!(
        e.key.as_deref(),
        Some("platforms.facebook.clientSecret"),
        "{e}"
    );
    assert!(
        e.message.contains("client_secret"),
        "allowed keys listed: {e}"
    );
    assert!(e.to_string().contains("line 5"), "{e}");
}

#[test]
fn unknown_top_level_key() {
    let e = Deployment::parse("api_public_url = \"https://a.example\"\napi_url = \"x\"\n")
        .expect_err("unknown");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("api_url")),
        "{e}"
    );
}

#[test]
fn unknown_platform_suggests_twitter_for_x() {
    let e = Deployment::parse(
        "api_public_url = \"https://a.example\"\n[platforms.x]\nclient_id = \"1\"\n",
    )
    .expect_err("x");
    assert_eq!(e.line, Some(2), "{e}");
    assert_eq!(e.key.as_deref(), Some("platforms.x"), "{e}");
    assert!(e.message.contains("`twitter`"), "{e}");
}

#[test]
fn wrong_type_names_key_and_says_to_quote() {
    let e = Deployment::parse("api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_id = 1234567890123456\n")
        .expect_err("number");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(3), Some("platforms.facebook.client_id")),
        "{e}"
    );
    assert!(
        e.message.contains("double quotes") && e.message.contains("a number"),
        "{e}"
    );
    assert!(!e.message.contains("1234567890123456"), "{e}");
}

#[test]
fn secret_values_never_appear_in_errors() {
    for text in [
        "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = 98765432123\n",
        "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = \"s3cr3tvalue\n",
        "api_public_url = \"https://a.example\"\n[platforms.facebook]\nclient_secret = s3cr3tvalue\n",
    ] {
        let e = Deployment::parse(text).expect_err("bad");
        let shown = e.to_string();
        assert!(
            !shown.contains("98765432123") && !shown.contains("s3cr3tvalue"),
            "{shown}"
        );
        assert_eq!(e.line, Some(3), "{shown}");
    }
}

#[test]
fn bad_toml_names_line() {
    let e =
        Deployment::parse("api_public_url = \"https://a.example\"\nname = \n").expect_err("bad");
    assert_eq!(e.line, Some(2), "{e}");
    assert_eq!(e.key.as_deref(), Some("name"), "{e}");
}

#[test]
fn an_unclosed_header_names_its_table() {
    let e = Deployment::parse(
        "api_public_url = \"https://a.example\"\n[platforms.facebook\nclient_id = \"1\"\n",
    )
    .expect_err("bad");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("platforms.facebook")),
        "{e}"
    );
}

#[test]
fn duplicate_key_is_an_error() {
    let e = Deployment::parse(
        "api_public_url = \"https://a.example\"\napi_public_url = \"https://b.example\"\n",
    )
    .expect_err("dup");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn round_trips_without_secrets_by_default() {
    let d = Deployment::parse(FULL).expect("valid");
    let text = d.to_toml_without_secrets();
    assert!(!text.contains("client_secret"), "{text}");
    let back = Deployment::parse(&text).expect("own output parses");
    let mut expected = d.clone();
    for p in expected.platforms.values_mut() {
        p.client_secret = None;
    }
    assert_eq!(back, expected);

    let with = d.to_toml(SecretsInFile::Include);
    assert_eq!(Deployment::parse(&with).expect("parses"), d);
}

#[test]
fn one_click_fixes_apply_to_the_deployment() {
    let mut d = Deployment::parse(FULL).expect("valid");
    let fb = Some(PlatformId::Facebook);
    d.apply_fix(
        fb,
        Field::ClientId,
        &FixAction::SwapFields {
            other: Field::ClientSecret,
        },
    )
    .expect("swap");
    let c = d.platform(PlatformId::Facebook).expect("fb");
    assert_eq!(
        c.client_id.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(
        c.client_secret.as_ref().map(|s| s.expose_str()),
        Some("1234567890123456")
    );

    d.set_field(fb, Field::AppVersion, Some(" \"v23.0\"\n".into()))
        .expect("set");
    d.apply_fix(fb, Field::AppVersion, &FixAction::Trim)
        .expect("trim");
    d.apply_fix(fb, Field::AppVersion, &FixAction::RemoveQuotes)
        .expect("unquote");
    assert_eq!(
        d.platform(PlatformId::Facebook)
            .and_then(|c| c.app_version.as_deref()),
        Some("v23.0")
    );

    d.apply_fix(
        fb,
        Field::CallbackUrl,
        &FixAction::UseDerivedCallback { value: "x".into() },
    )
    .expect("clear");
    assert_eq!(
        d.platform(PlatformId::Facebook)
            .and_then(|c| c.callback_url.as_deref()),
        None
    );

    d.apply_fix(
        None,
        Field::ApiPublicUrl,
        &FixAction::ReplaceWith {
            value: "https://b.example".into(),
        },
    )
    .expect("url");
    assert_eq!(d.api_public_url, "https://b.example");

    assert_eq!(
        d.apply_fix(
            fb,
            Field::Scope,
            &FixAction::SwapFields {
                other: Field::AppVersion
            }
        ),
        Err(FixError::CannotSwap(Field::Scope, Field::AppVersion))
    );
    assert!(d.apply_fix(None, Field::Scope, &FixAction::Trim).is_err());
}

#[test]
fn env_import_reads_api_public_url() {
    let env = "# SocialMine\nDB_PASSWORD=\"p@ss word\"\nexport API_PUBLIC_URL='https://api.acme.com'\nOTHER=1\n";
    assert_eq!(
        api_public_url_from_env(env),
        Ok("https://api.acme.com".to_owned())
    );
    assert_eq!(
        api_public_url_from_env("API_PUBLIC_URL=https://a.example # comment\n"),
        Ok("https://a.example".to_owned())
    );
    assert_eq!(
        api_public_url_from_env("FOO=1\n"),
        Err(EnvImportError::NotFound)
    );
    assert_eq!(
        api_public_url_from_env("API_PUBLIC_URL=\n"),
        Err(EnvImportError::Empty)
    );
}

#[test]
fn env_import_does_not_substitute_from_the_process_environment() {
    let env = "HOST=api.acme.com\nAPI_PUBLIC_URL=https://${HOST}$PATH\n";
    assert_eq!(
        api_public_url_from_env(env),
        Ok("https://${HOST}$PATH".to_owned())
    );
}

#[test]
fn env_import_reports_a_bad_line_without_its_content() {
    let env = "A=1\nSECRET=\"unterminated\nB=2\n";
    let e = api_public_url_from_env(env).expect_err("bad");
    assert!(matches!(e, EnvImportError::BadLine { .. }), "{e:?}");
    assert!(!e.to_string().contains("unterminated"));
    // The key is still found when another line is broken.
    assert!(api_public_url_from_env("API_PUBLIC_URL=https://a.example\nX='a\n").is_ok());
}
