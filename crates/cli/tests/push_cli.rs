//! `socialmine-setup push` end to end: a deployment file, the offline checks, the admin API
//! client and the sandbox over real loopback HTTP, through the CLI's own entry point.

use std::path::PathBuf;

use axum::http::Method;
use serde_json::Value;
use socialmine_cli::push::{Credentials, PushArgs, PushFormat, PushOutput, execute};
use socialmine_core::{Catalog, PlatformId};
use socialmine_sandbox::{FaultMatch, Sandbox, SandboxConfig};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const TT_SECRET: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

const FILE: &str = r#"name = "Acme"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"

[platforms.tiktok]
client_id = "awabcdefghijklmn"
client_secret = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"

[platforms.twitter]
client_id = "\"Vm1hY2xpZW50aWRleGFtcGxlMTIzOjE6Y2k\""
client_secret = "x-secret-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD"
"#;

struct Fixture {
    sb: Sandbox,
    _dir: tempfile::TempDir,
    file: PathBuf,
}

async fn fixture(text: &str) -> Fixture {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.acme.com".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, text).expect("write");
    Fixture {
        sb,
        _dir: dir,
        file,
    }
}

fn args(f: &Fixture, server: Option<String>) -> PushArgs {
    PushArgs {
        file: f.file.clone(),
        server,
        api_prefix: None,
        enable: true,
        dry_run: false,
        format: PushFormat::Text,
        today: Some("2026-11-28".parse().expect("date")),
        lock_wait: socialmine_cli::push::DEFAULT_LOCK_WAIT_SECS,
    }
}

fn catalog() -> Catalog {
    Catalog::built_in()
}

fn creds(sb: &Sandbox) -> Result<Credentials, String> {
    let (email, pw) = (
        sb.admin().email.clone(),
        sb.admin().password.expose_str().to_owned(),
    );
    Credentials::from_env(|k| match k {
        "SOCIALMINE_ADMIN_EMAIL" => Some(email.clone()),
        "SOCIALMINE_ADMIN_PASSWORD" => Some(pw.clone()),
        _ => None,
    })
}

fn no_secret_in(out: &PushOutput) {
    for s in [FB_SECRET, TT_SECRET, "x-secret-abcdefghijklmnopqrstuvwxyz"] {
        assert!(
            !out.stdout.contains(s) && !out.stderr.contains(s),
            "a secret was printed"
        );
    }
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
async fn pushes_the_good_platforms_refuses_the_broken_one_and_a_rerun_changes_nothing() {
    let f = fixture(FILE).await;
    let out = execute(&args(&f, Some(f.sb.base_url())), &catalog(), creds(&f.sb)).await;
    no_secret_in(&out);
    assert_eq!(
        out.exit, 0,
        "refused platforms are not tried, the rest were saved:\n{}{}",
        out.stdout, out.stderr
    );
    let line = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("facebook").contains("saved"), "{}", out.stdout);
    assert!(line("tiktok").contains("saved"), "{}", out.stdout);
    assert!(
        line("twitter").contains("refused") && line("twitter").contains("client_id"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("switched On"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("2 saved, 0 unchanged, 1 refused, 0 failed."),
        "{}",
        out.stdout
    );
    assert!(
        f.sb.stored_secret_matches(PlatformId::Facebook, FB_SECRET)
            .expect("store")
    );
    assert!(
        f.sb.stored_secret_matches(PlatformId::Tiktok, TT_SECRET)
            .expect("store")
    );
    assert!(
        !puts(&f.sb).iter().any(|p| p.contains("twitter")),
        "nothing sent for the refused platform"
    );

    f.sb.faults().clear_requests();
    let again = execute(&args(&f, Some(f.sb.base_url())), &catalog(), creds(&f.sb)).await;
    assert_eq!(again.exit, 0, "{}", again.stdout);
    assert!(
        again
            .stdout
            .contains("0 saved, 2 unchanged, 1 refused, 0 failed."),
        "{}",
        again.stdout
    );
    assert!(
        puts(&f.sb).is_empty(),
        "a rerun sends nothing: {:?}",
        puts(&f.sb)
    );
}

#[tokio::test]
async fn a_server_failure_exits_1_and_the_same_command_then_completes() {
    let f = fixture(FILE).await;
    f.sb.faults().fail(
        FaultMatch::ends(Method::PUT, "/social-platforms/tiktok"),
        500,
        1,
    );
    let out = execute(&args(&f, Some(f.sb.base_url())), &catalog(), creds(&f.sb)).await;
    assert_eq!(out.exit, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("tiktok") && l.contains("failed")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("run the same command again"),
        "{}",
        out.stdout
    );
    let before = std::fs::read_to_string(&f.file).expect("read");
    assert_eq!(before, FILE, "the local file is untouched");

    let retry = execute(&args(&f, Some(f.sb.base_url())), &catalog(), creds(&f.sb)).await;
    assert_eq!(retry.exit, 0, "{}", retry.stdout);
    assert!(
        retry
            .stdout
            .contains("1 saved, 1 unchanged, 1 refused, 0 failed."),
        "{}",
        retry.stdout
    );
}

#[tokio::test]
async fn json_output_and_dry_run() {
    let f = fixture(FILE).await;
    let mut a = args(&f, Some(f.sb.base_url()));
    a.format = PushFormat::Json;
    a.dry_run = true;
    let out = execute(&a, &catalog(), creds(&f.sb)).await;
    no_secret_in(&out);
    assert_eq!(out.exit, 0, "{}", out.stdout);
    let j: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(j["dry_run"], true);
    let plan = j["plan"].as_array().expect("plan");
    let fb = plan
        .iter()
        .find(|p| p["platform"] == "facebook")
        .expect("facebook");
    assert_eq!(fb["diff"]["secret"], "new");
    assert_eq!(fb["would_enable"], true);
    assert!(puts(&f.sb).is_empty(), "a dry run sends nothing");

    a.dry_run = false;
    let out = execute(&a, &catalog(), creds(&f.sb)).await;
    let j: Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(j["ok"], true);
    let outcomes = j["report"]["outcomes"].as_array().expect("outcomes");
    let status: Vec<(&str, &str)> = outcomes
        .iter()
        .map(|o| {
            (
                o["platform"].as_str().unwrap_or(""),
                o["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("facebook", "saved"),
            ("twitter", "refused"),
            ("tiktok", "saved")
        ]
    );
    assert_eq!(outcomes[0]["enable"]["state"], "turned_on");
}

#[tokio::test]
async fn missing_credentials_and_a_forbidden_admin_are_explained() {
    let f = fixture(FILE).await;
    let out = execute(
        &args(&f, Some(f.sb.base_url())),
        &catalog(),
        Credentials::from_env(|_| None),
    )
    .await;
    assert_eq!(out.exit, 2);
    assert!(
        out.stderr.contains("SOCIALMINE_ADMIN_TOKEN"),
        "{}",
        out.stderr
    );

    let (email, pw) = (
        f.sb.viewer().email.clone(),
        f.sb.viewer().password.expose_str().to_owned(),
    );
    let viewer = Credentials::from_env(|k| match k {
        "SOCIALMINE_ADMIN_EMAIL" => Some(email.clone()),
        "SOCIALMINE_ADMIN_PASSWORD" => Some(pw.clone()),
        _ => None,
    });
    let out = execute(&args(&f, Some(f.sb.base_url())), &catalog(), viewer).await;
    assert_eq!(out.exit, 1);
    assert!(
        out.stderr.contains("social-platforms permission"),
        "{}",
        out.stderr
    );

    // A token works as well as a password.
    let c = socialmine_net::AdminClient::new(&f.sb.base_url(), None, Default::default())
        .expect("client");
    c.sign_in(&f.sb.admin().email, &f.sb.admin().password)
        .await
        .expect("sign in");
    let token = c.token().expect("token").token.expose_str().to_owned();
    let out = execute(
        &args(&f, Some(f.sb.base_url())),
        &catalog(),
        Credentials::from_env(|k| (k == "SOCIALMINE_ADMIN_TOKEN").then(|| token.clone())),
    )
    .await;
    assert_eq!(out.exit, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains(&token));
}

#[tokio::test]
async fn the_server_defaults_to_the_files_admin_url_and_plain_http_elsewhere_is_refused() {
    let f = fixture(FILE).await;
    let with_admin_url = FILE.replacen(
        "api_public_url = \"https://api.acme.com\"\n",
        &format!(
            "api_public_url = \"https://api.acme.com\"\nadmin_url = \"{}\"\n",
            f.sb.base_url()
        ),
        1,
    );
    std::fs::write(&f.file, with_admin_url).expect("write");
    let out = execute(&args(&f, None), &catalog(), creds(&f.sb)).await;
    assert_eq!(out.exit, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains(&f.sb.base_url()), "{}", out.stdout);

    let out = execute(
        &args(&f, Some("http://api.acme.com".into())),
        &catalog(),
        creds(&f.sb),
    )
    .await;
    assert_eq!(out.exit, 2);
    assert!(out.stderr.contains("https"), "{}", out.stderr);
}

#[tokio::test]
async fn a_server_without_the_admin_api_gets_the_paste_sheet() {
    let f = fixture(FILE).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "SocialMine 1.2" }));
        let _ = axum::serve(listener, app).await;
    });
    let out = execute(
        &args(&f, Some(format!("http://{addr}"))),
        &catalog(),
        creds(&f.sb),
    )
    .await;
    no_secret_in(&out);
    assert_eq!(out.exit, 1);
    assert!(out.stderr.contains("paste sheet"), "{}", out.stderr);
    let s = &out.stdout;
    assert!(
        s.contains("Paste sheet for Facebook") && s.contains("Paste sheet for TikTok"),
        "{s}"
    );
    assert!(
        s.contains("Client Key") && s.contains("awabcdefghijklmn"),
        "{s}"
    );
    assert!(s.contains("App Version") && s.contains("v23.0"), "{s}");
    assert!(
        s.contains("https://api.acme.com/api/connect/facebook/callback"),
        "{s}"
    );
    let save = s.find("Click Save").expect("save step");
    let on = s.find("switch Facebook On").expect("on step");
    assert!(save < on, "save first, then On");
    assert!(s.contains("client_secret"), "says where the secret is: {s}");
}

#[tokio::test]
async fn an_expired_token_says_how_to_sign_in_again_on_the_command_line() {
    let f = fixture(FILE).await;
    let out = execute(
        &args(&f, Some(f.sb.base_url())),
        &catalog(),
        Credentials::from_env(|k| (k == "SOCIALMINE_ADMIN_TOKEN").then(|| "smsb_stale".to_owned())),
    )
    .await;
    assert_eq!(out.exit, 1);
    assert!(
        out.stderr.contains("Sign in again") && out.stderr.contains("SOCIALMINE_ADMIN_TOKEN"),
        "{}",
        out.stderr
    );
}

/// A newer catalog, signed with a throwaway key, installed in a data folder and read back as
/// the catalog in use, the way `push` reads it (`socialmine_store::load_catalog`, with the
/// project's key).
fn installed_newer_catalog(dir: &std::path::Path) -> socialmine_store::CatalogInUse {
    const BUILT_IN: &str = include_str!("../../core/data/catalog.toml");
    let built_in = Catalog::built_in();
    let newer = BUILT_IN
        .replacen(
            &format!("checked = \"{}\"", built_in.checked),
            "checked = \"2099-12-05\"",
            1,
        )
        .replacen(
            "{ field = \"client_id\", label = \"Client ID\", console_name = \"App ID\"",
            "{ field = \"client_id\", label = \"Meta App ID (renamed)\", console_name = \"App ID\"",
            1,
        );
    assert!(
        newer.contains("Meta App ID (renamed)"),
        "the fixture edit applies"
    );
    let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("keys");
    let public = pair.pk.to_box().expect("box").into_string();
    let sig = minisign::sign(
        None,
        &pair.sk,
        std::io::Cursor::new(newer.as_bytes()),
        None,
        None,
    )
    .expect("sign")
    .into_string();
    let verified = socialmine_store::verify_catalog(
        newer.as_bytes(),
        sig.as_bytes(),
        &public,
        &built_in,
        "2099-12-06".parse().expect("date"),
    )
    .expect("verified");
    socialmine_store::install_catalog(dir, &verified).expect("installed");
    socialmine_store::load_catalog_with_key(Some(dir), None, &public)
}

#[tokio::test]
async fn the_push_path_uses_the_installed_newer_catalog() {
    let f = fixture(FILE).await;
    let data = tempfile::tempdir().expect("tmp");
    let in_use = installed_newer_catalog(data.path());
    assert_eq!(in_use.catalog.checked, "2099-12-05", "{:?}", in_use.notes);
    let mut a = args(&f, Some(f.sb.base_url()));
    a.format = PushFormat::Json;
    a.dry_run = true;
    let label_of_facebook_client_id = |out: &PushOutput| {
        let j: Value = serde_json::from_str(&out.stdout).expect("json");
        j["plan"]
            .as_array()
            .expect("plan")
            .iter()
            .find(|p| p["platform"] == "facebook")
            .and_then(|p| {
                p["diff"]["changes"]
                    .as_array()?
                    .iter()
                    .find(|c| c["field"] == "client_id")
                    .map(|c| c["label"].as_str().unwrap_or("").to_owned())
            })
    };
    let newer = execute(&a, &in_use.catalog, creds(&f.sb)).await;
    assert_eq!(newer.exit, 0, "{}{}", newer.stdout, newer.stderr);
    assert_eq!(
        label_of_facebook_client_id(&newer).as_deref(),
        Some("Meta App ID (renamed)"),
        "{}",
        newer.stdout
    );
    let built_in = execute(&a, &catalog(), creds(&f.sb)).await;
    assert_eq!(
        label_of_facebook_client_id(&built_in).as_deref(),
        Some("Client ID")
    );
}
