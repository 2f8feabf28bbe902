//! The window and the command line report the same failure with the same [`ErrorCode`]: the
//! code in `push --format json`'s `error` is the code of the error the window's sign-in
//! rejects with, for the same server.

#[path = "../../net/tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use common::{Hostile, Reply};
use serde_json::Value;
use socialmine_app::clock::SystemClock;
use socialmine_app::persist::Persistence;
use socialmine_app::state::AppState;
use socialmine_cli::push::{Credentials, PushArgs, PushFormat, execute};
use socialmine_core::{Catalog, ErrorCode};
use socialmine_sandbox::{Sandbox, SandboxConfig};
use socialmine_store::{AppDirs, Profile, SecretStore, Store};

const FILE: &str = r#"name = "Acme"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
"#;

const EMAIL: &str = "ops@example.com";
const PASSWORD: &str = "the-admin-password-93F1";

/// How the admin signs in, the same way in both front ends.
#[derive(Clone)]
enum SignIn {
    Password(String, String),
    Token(String),
}

/// The code of `push --format json` against `server`.
async fn cli_code(server: &str, how: &SignIn) -> ErrorCode {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, FILE).expect("write");
    let args = PushArgs {
        file,
        server: Some(server.to_owned()),
        api_prefix: None,
        enable: false,
        dry_run: false,
        format: PushFormat::Json,
        today: Some("2026-11-28".parse().expect("date")),
        lock_wait: 0,
    };
    let creds = match how.clone() {
        SignIn::Password(email, password) => Credentials::from_env(|k| match k {
            "SOCIALMINE_ADMIN_EMAIL" => Some(email.clone()),
            "SOCIALMINE_ADMIN_PASSWORD" => Some(password.clone()),
            _ => None,
        }),
        SignIn::Token(t) => {
            Credentials::from_env(|k| (k == "SOCIALMINE_ADMIN_TOKEN").then(|| t.clone()))
        }
    };
    let out = execute(&args, &Catalog::built_in(), creds).await;
    assert_ne!(out.exit, 0, "{}", out.stdout);
    let j: Value = serde_json::from_str(&out.stdout).expect("json");
    serde_json::from_value(j["error"]["code"].clone()).expect("a known code")
}

/// The code of the error the window's sign-in rejects with, for a deployment whose admin
/// address is `server`.
async fn window_code(server: &str, how: &SignIn) -> ErrorCode {
    let root = tempfile::tempdir().expect("tmp");
    let dirs = AppDirs::at(Profile::new_test(), root.path());
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let store = Store::open(dirs, secrets).expect("store");
    let state = Arc::new(AppState::over(
        Catalog::built_in(),
        Arc::new(SystemClock),
        Persistence {
            store: Arc::new(store),
        },
    ));
    let id = state
        .create_deployment("Acme", server, None)
        .expect("created");
    state.switch_deployment(&id).expect("opened");
    let e = match how.clone() {
        SignIn::Password(email, password) => state.sign_in(email, password.into()).await,
        SignIn::Token(t) => state.sign_in_with_token(t.into()).await,
    }
    .expect_err("the sign-in fails");
    assert!(!e.message.contains(PASSWORD), "{}", e.message);
    e.code
}

async fn same_code(server: &str, how: SignIn, expected: ErrorCode) {
    let cli = cli_code(server, &how).await;
    let window = window_code(server, &how).await;
    assert_eq!((cli, window), (expected, expected), "{server}");
}

fn password() -> SignIn {
    SignIn::Password(EMAIL.into(), PASSWORD.into())
}

#[tokio::test]
async fn server_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    same_code(
        &format!("http://{addr}"),
        password(),
        ErrorCode::Unreachable,
    )
    .await;
}

#[tokio::test]
async fn bad_credentials_and_an_unknown_token() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let wrong = SignIn::Password(sb.admin().email.clone(), "not-the-password-1".into());
    same_code(&sb.base_url(), wrong, ErrorCode::InvalidCredentials).await;
    same_code(
        &sb.base_url(),
        SignIn::Token("smsb_stale".into()),
        ErrorCode::Unauthenticated,
    )
    .await;
}

#[tokio::test]
async fn a_redirect_to_another_origin() {
    let elsewhere = Hostile::start(|_| Reply::Json("{}".into())).await;
    let target = format!("{}/api/admin/auth/login", elsewhere.base_url());
    let server = Hostile::start(move |_| Reply::Redirect {
        status: 307,
        location: target.clone(),
    })
    .await;
    same_code(&server.base_url(), password(), ErrorCode::RedirectRefused).await;
    assert!(elsewhere.received().is_empty());
}

#[tokio::test]
async fn an_answer_too_large() {
    let server = Hostile::start(|_| Reply::Announce(10 * 1024 * 1024 * 1024)).await;
    same_code(&server.base_url(), password(), ErrorCode::AnswerTooLarge).await;
}

#[tokio::test]
async fn invalid_input() {
    same_code("not a server address", password(), ErrorCode::InvalidUrl).await;
    same_code("http://api.acme.com", password(), ErrorCode::InsecureUrl).await;
}
