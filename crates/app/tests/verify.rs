//! Verifying the open deployment from the application layer, against the provider emulators of
//! socialmine-net's tests (included by path: one copy of the emulator code): secrets from the
//! keyring, progress per check, results kept with the deployment (surviving a restart) and
//! feeding the fleet view, and offline work going on while the probes wait.

#[path = "../../net/tests/verify_support/mod.rs"]
mod verify_support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use socialmine_app::clock::SystemClock;
use socialmine_app::persist::Persistence;
use socialmine_app::state::AppState;
use socialmine_app::view::AttentionKind;
use socialmine_core::{Catalog, Field, PlatformId};
use socialmine_net::verify::{CheckKind, CheckStatus};
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store, VerificationOutcome};
use verify_support::*;

fn open(root: &PathBuf) -> AppState {
    let dirs = AppDirs::at(Profile::new_test(), root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let p = Persistence {
        store: Store::open(dirs, secrets).expect("store").into(),
    };
    AppState::over(Catalog::built_in(), Arc::new(SystemClock), p)
}

/// An app over a fresh data folder, with a deployment "Acme" at `api_public_url` open.
fn app(api_public_url: &str) -> (AppState, PathBuf) {
    let root = std::env::temp_dir().join(format!(
        "sm-app-verify-{}-{}",
        std::process::id(),
        DeploymentId::generate("t").as_str()
    ));
    let state = open(&root);
    let id = state
        .create_deployment("Acme", api_public_url, None)
        .expect("create");
    state.switch_deployment(&id).expect("switch");
    (state, root)
}

fn set(state: &AppState, p: PlatformId, field: Field, value: &str) {
    state
        .edit(|ws| ws.set_field(Some(p), field, value.into()))
        .expect("edit");
}

/// Every file under `dir`, as text.
fn all_files(dir: &std::path::Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = e.path();
        if path.is_dir() {
            out.push_str(&all_files(&path));
        } else {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(&path).expect("file"),
            ));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_kept_with_the_deployment_feed_the_fleet_and_survive_a_restart() {
    let emu = emulator().await;
    let cb = servers::socialmine_like(None).await;
    let (state, root) = app(&format!("http://{cb}"));
    set(&state, PlatformId::Facebook, Field::ClientId, FB_ID);
    set(&state, PlatformId::Facebook, Field::AppVersion, "v23.0");
    set(&state, PlatformId::Facebook, Field::ClientSecret, FB_SECRET);
    set(&state, PlatformId::Twitter, Field::ClientId, X_ID);
    set(
        &state,
        PlatformId::Twitter,
        Field::ClientSecret,
        "x-secret-wrongwrongwrongwrongwrong-0123456789-ABCD",
    );
    assert!(
        state.workspace().dirty_secrets.is_empty(),
        "the secrets are in the keyring"
    );

    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let view = state
        .verify(
            Vec::new(),
            &settings(&emu),
            Arc::new(move |p, c| sink.lock().expect("sink").push((p, c.check))),
        )
        .await
        .expect("verify");
    assert_eq!(view.keep_error, None);

    let fb = &view.platforms[&PlatformId::Facebook];
    assert_eq!(fb.outcome, VerificationOutcome::Passed, "{fb:?}");
    assert_eq!(
        fb.checks.iter().map(|c| c.check).collect::<Vec<_>>(),
        [
            CheckKind::Credentials,
            CheckKind::GraphVersion,
            CheckKind::Callback
        ]
    );
    let x = &view.platforms[&PlatformId::Twitter];
    assert_eq!(x.outcome, VerificationOutcome::Failed, "{x:?}");
    let creds = &x.checks[0];
    assert_eq!(
        (creds.check, creds.status),
        (CheckKind::Credentials, CheckStatus::Rejected)
    );
    assert!(creds.fix.is_some(), "a rejection says what to do");
    assert!(
        x.summary.starts_with("Client ID and secret: "),
        "{}",
        x.summary
    );
    // Only the two platforms set up were verified, with progress for every check.
    assert_eq!(view.platforms.len(), 2);
    assert_eq!(seen.lock().expect("seen").len(), 3 + 2);
    // The consent address of each platform, with its client ID.
    assert!(view.links[&PlatformId::Facebook].url.contains(FB_ID));
    assert!(
        view.links[&PlatformId::Twitter]
            .url
            .contains("code_challenge")
    );

    // Kept with the deployment: the fleet view tells the failure, and nothing kept holds a
    // secret.
    let list = state.deployments().expect("list");
    let failed: Vec<_> = list
        .attention
        .iter()
        .filter(|a| a.kind == AttentionKind::VerificationFailed)
        .map(|a| a.platform)
        .collect();
    assert_eq!(failed, [PlatformId::Twitter]);
    let row = list.deployments.iter().find(|r| r.is_current).expect("row");
    let cell = row
        .cells
        .iter()
        .find(|c| c.platform == PlatformId::Twitter)
        .expect("cell");
    assert_eq!(cell.label, "Verification failed");
    let files = all_files(&root);
    assert!(files.contains("credentials_valid"), "results are in a file");
    assert_no_secret(&files);
    assert!(!files.contains("wrongwrongwrong"));

    // After a restart the results are still there, checks included.
    drop(state);
    let again = open(&root);
    let kept = again
        .verifications(&settings(&emu).routes)
        .await
        .expect("kept");
    assert_eq!(
        kept.platforms[&PlatformId::Facebook].checks,
        view.platforms[&PlatformId::Facebook].checks
    );
    assert_eq!(
        kept.platforms[&PlatformId::Twitter].outcome,
        VerificationOutcome::Failed
    );
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_platform_is_verified_alone_and_the_draft_stays_editable_meanwhile() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").delay = Duration::from_millis(1500);
    let cb = servers::socialmine_like(None).await;
    let (state, root) = app(&format!("http://{cb}"));
    set(&state, PlatformId::Tiktok, Field::ClientId, TT_ID);
    set(&state, PlatformId::Tiktok, Field::ClientSecret, TT_SECRET);
    set(&state, PlatformId::Linkedin, Field::ClientId, LI_ID);
    let state = Arc::new(state);
    let running = Arc::clone(&state);
    let s = settings(&emu);
    let run = tokio::spawn(async move {
        running
            .verify(vec![PlatformId::Tiktok], &s, Arc::new(|_, _| {}))
            .await
    });
    // Wait until a probe is at the provider (held there by its delay), not for a guessed time.
    let deadline = Instant::now() + Duration::from_secs(10);
    while emu.seen().is_empty() {
        assert!(Instant::now() < deadline, "no probe reached the provider");
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    set(&state, PlatformId::Linkedin, Field::ClientSecret, LI_SECRET);
    let view = state.view(&state.workspace());
    assert!(view.secrets.contains(&PlatformId::Linkedin));
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "editing waited for the probes: {:?}",
        started.elapsed()
    );
    assert!(!run.is_finished(), "the probes were still waiting");
    let done = run.await.expect("task").expect("verify");
    assert_eq!(
        done.platforms.keys().copied().collect::<Vec<_>>(),
        [PlatformId::Tiktok]
    );
    assert_eq!(
        done.platforms[&PlatformId::Tiktok].outcome,
        VerificationOutcome::Passed
    );
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn a_deployment_with_nothing_set_up_says_what_to_do() {
    let emu = emulator().await;
    let (state, root) = app("https://api.acme.com");
    let e = state
        .verify(Vec::new(), &settings(&emu), Arc::new(|_, _| {}))
        .await
        .expect_err("nothing to verify");
    assert_eq!(e.code, "nothing_to_verify");
    assert!(e.message.contains("wizard"), "{}", e.message);
    let kept = state
        .verifications(&settings(&emu).routes)
        .await
        .expect("kept");
    assert!(kept.platforms.is_empty() && kept.links.is_empty());
    let _ = std::fs::remove_dir_all(root);
}
