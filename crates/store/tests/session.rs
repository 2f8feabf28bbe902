//! A whole session, as the "done when" asks: create a deployment, enter secrets, push
//! to the embedded sandbox, record the push and the server's answer, export; then search the
//! data folder, the logs (everything traced at TRACE level) and the exports for every secret
//! value: none is found. Runs with session-only secrets here, and with the real keyring when
//! a Secret Service is available (`make keyring-test`).

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{assert_no_file_contains, deployment};
use socialmine_core::{PlatformConfig, PlatformId, Secret};
use socialmine_net::{AdminClient, HttpSettings, PlatformDraft, PushRequest, SecretInput, push};
use socialmine_sandbox::{Sandbox, SandboxConfig};
use socialmine_store::{
    AppDirs, OnClash, Profile, SecretField, SecretStorageMode, SecretStore, Store,
    VerificationOutcome,
};

const FB_SECRET: &str = "session-fb-secret-0123456789abcdef";
const SANDBOX_PASSWORD: &str = "session-sandbox-password-Zq8!";
const PASSPHRASE: &str = "session bundle passphrase 42";

/// A log sink shared with the tracing subscriber.
#[derive(Clone, Default)]
struct LogFile(Arc<Mutex<Vec<u8>>>);

impl Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn whole_session(root: &Path, secrets: SecretStore, expected_mode: SecretStorageMode) {
    let log = LogFile::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _log_guard = tracing::subscriber::set_default(subscriber);

    let sandbox = Sandbox::start(SandboxConfig {
        admin_password: Some(Secret::from(SANDBOX_PASSWORD)),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let profile = Profile::new_test();
    let store = Store::open(AppDirs::at(profile, root.join("data")), secrets).expect("open");
    assert_eq!(store.secret_storage().mode, expected_mode);

    // Create the deployment and enter its secrets.
    let mut d = deployment("Session");
    d.api_public_url = sandbox.base_url();
    let id = store.create(d).expect("create");
    store
        .set_secret(
            &id,
            SecretField::ClientSecret(PlatformId::Facebook),
            &Secret::from(FB_SECRET),
        )
        .expect("client secret");
    store
        .set_secret(
            &id,
            SecretField::SandboxPassword,
            &Secret::from(SANDBOX_PASSWORD),
        )
        .expect("sandbox password");

    // Sign in with the stored password; keep the token in the secret store.
    let loaded = store.load(&id).expect("load");
    let client = AdminClient::new(
        loaded.deployment.admin_base(),
        None,
        HttpSettings::default(),
    )
    .expect("client");
    let password = store
        .get_secret(&id, SecretField::SandboxPassword)
        .expect("read")
        .expect("stored");
    client
        .sign_in(&sandbox.admin().email, &password)
        .await
        .expect("sign in");
    let token = client.token().expect("token");
    store.set_admin_token(&id, &token).expect("admin token");
    let token = token.token;

    // Push facebook with the stored secret.
    let secret = store
        .get_secret(&id, SecretField::ClientSecret(PlatformId::Facebook))
        .expect("read")
        .expect("stored");
    let cfg = loaded.deployment.platforms[&PlatformId::Facebook].clone();
    let report = push(
        &client,
        &socialmine_core::Catalog::built_in(),
        vec![PushRequest::new(
            PlatformId::Facebook,
            PlatformDraft::from_config(&cfg, SecretInput::New(secret)),
            true,
        )],
    )
    .await;
    assert!(report.all_tried_saved(), "{report:?}");
    store
        .record_push(&id, &[PlatformId::Facebook])
        .expect("record push");
    let server = report.outcomes[0].server.clone().expect("server state");
    assert!(server.client_secret_set);
    let server_values = PlatformConfig {
        client_id: server.client_id.clone(),
        app_version: server.app_version.clone(),
        callback_url: server.callback_url.clone(),
        scope: server.scope.clone(),
        ..PlatformConfig::default()
    };
    store
        .record_server_reading(
            &id,
            PlatformId::Facebook,
            server.revision,
            server.client_secret_set,
            server.enabled,
            &server_values,
        )
        .expect("record reading");
    store
        .record_verification(&id, PlatformId::Facebook, VerificationOutcome::Passed, "ok")
        .expect("record verification");
    let row = store.list().expect("list").deployments[0].platforms[0].clone();
    assert_eq!(row.platform, PlatformId::Facebook);
    assert!(!row.unpushed_changes, "{row:?}");
    assert_eq!(row.drift, Some(false), "{row:?}");
    assert_eq!(row.enabled_on_server, Some(true), "{row:?}");

    // Export both ways, and import the bundle back.
    let exports = root.join("exports");
    fs::create_dir_all(&exports).expect("mkdir");
    fs::write(
        exports.join("session.toml"),
        store.export_toml(&id).expect("toml"),
    )
    .expect("write");
    let bundle = store
        .export_bundle(&id, &Secret::from(PASSPHRASE))
        .expect("bundle");
    fs::write(exports.join("session.smbundle"), &bundle).expect("write");
    store
        .import(
            &bundle,
            Some(&Secret::from(PASSPHRASE)),
            OnClash::Rename {
                new_name: "Session again".into(),
            },
        )
        .expect("import");
    drop(_log_guard);
    drop(sandbox);

    let logs = log.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(
        !logs.is_empty(),
        "nothing was logged: the log search would prove nothing"
    );
    fs::write(root.join("session.log"), &logs).expect("write log");
    eprintln!(
        "searching {} bytes of logs ({} lines) and the data and export folders",
        logs.len(),
        logs.iter().filter(|b| **b == b'\n').count()
    );
    let needles = vec![
        FB_SECRET.to_owned(),
        SANDBOX_PASSWORD.to_owned(),
        token.expose_str().to_owned(),
        PASSPHRASE.to_owned(),
    ];
    let searched = assert_no_file_contains(root, &needles);
    assert!(searched >= 7, "only {searched} files searched");

    for d in store.list().expect("list").deployments {
        store.delete(&d.id).expect("clean up");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn whole_session_with_session_only_secrets_leaves_no_secret_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = SecretStore::session_only("socialmine-setup-test-session");
    whole_session(dir.path(), secrets, SecretStorageMode::SessionOnly).await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs a real Secret Service: make keyring-test"]
async fn whole_session_with_the_real_keyring_leaves_no_secret_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let secrets = SecretStore::open_keyring(&profile.namespace()).expect("a Secret Service");
    whole_session(dir.path(), secrets, SecretStorageMode::Keyring).await;
}
