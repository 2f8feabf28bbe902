//! The application layer without a window: edits are in memory and quick, a burst of them is
//! one save, a secret reaches the secret store once typing pauses or when asked, and each
//! change of the draft has a newer revision. Time is tokio's paused clock; tests wait on the
//! save counter, not on sleeps.

use std::sync::Arc;
use std::time::Duration;

use socialmine_app::clock::{FixedClock, SystemClock};
use socialmine_app::persist::{Persistence, SANDBOX_NAME, SANDBOX_PUBLIC_URL, StorageOpener};
use socialmine_app::state::AppState;
use socialmine_core::{Catalog, ErrorCode, Field, PlatformId};
use socialmine_store::{
    AppDirs, DeploymentId, Profile, SecretField, SecretStorageMode, SecretStore, Store,
};

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn app(root: &std::path::Path) -> Arc<AppState> {
    let dirs = AppDirs::at(Profile::new_test(), root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let store = Store::open(dirs, secrets).unwrap_or_else(|e| panic!("{e}"));
    let p = Persistence {
        store: Arc::new(store),
    };
    Arc::new(AppState::over(
        Catalog::built_in(),
        Arc::new(SystemClock),
        p,
    ))
}

fn stored_secret(state: &AppState) -> Option<String> {
    let p = state.persistence()?;
    let id = DeploymentId::parse(&state.workspace().id).ok()?;
    p.store
        .get_secret(&id, SecretField::ClientSecret(PlatformId::Facebook))
        .ok()
        .flatten()
        .map(|s| s.expose_str().to_owned())
}

#[tokio::test(start_paused = true)]
async fn typing_a_secret_is_one_save_once_typing_pauses() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let state = app(root.path());
    state.start_autosave();
    let mut saves = state.saves();
    let before = *saves.borrow_and_update();
    let mut revision = state.view(&state.workspace()).revision;
    for i in 1..=SECRET.len() {
        let view = state
            .edit(|ws| {
                ws.set_field(
                    Some(PlatformId::Facebook),
                    Field::ClientSecret,
                    SECRET[..i].into(),
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(view.revision > revision, "each edit is a newer revision");
        revision = view.revision;
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    assert_eq!(*saves.borrow(), before, "a save happened while typing");
    assert_eq!(
        stored_secret(&state),
        None,
        "the secret reached the store while typing"
    );
    saves
        .wait_for(|n| *n > before)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(*saves.borrow(), before + 1);
    assert_eq!(stored_secret(&state).as_deref(), Some(SECRET));
    assert!(state.save_state().saved);
}

#[tokio::test(start_paused = true)]
async fn leaving_the_field_saves_at_once() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let state = app(root.path());
    state.start_autosave();
    state
        .edit(|ws| {
            ws.set_field(
                Some(PlatformId::Facebook),
                Field::ClientSecret,
                SECRET.into(),
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let started = tokio::time::Instant::now();
    state.flush().await;
    assert!(started.elapsed() < socialmine_app::autosave::DEBOUNCE);
    assert_eq!(stored_secret(&state).as_deref(), Some(SECRET));
}

#[test]
fn the_state_before_start_up_touches_nothing_and_refuses_edits_until_ready() {
    let clock = Arc::new(FixedClock::new(
        time::macros::datetime!(2026-11-28 12:00 UTC),
    ));
    let state = AppState::new(Catalog::built_in(), clock);
    assert!(state.persistence().is_none());
    let err = state
        .edit(|ws| ws.set_field(None, Field::ApiPublicUrl, "https://x".into()))
        .err()
        .map(|e| e.code);
    assert_eq!(err, Some(ErrorCode::Starting));
}

/// A locked keyring that nobody unlocks: opening the secret store blocks until the test says
/// so. The first screen's draft is there at once all the same; the secret status and the
/// stored secrets fill in once the keyring answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyring_that_blocks_does_not_hold_up_the_first_screen() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dirs = AppDirs::at(Profile::new_test(), root.path());
    // What the keyring holds once it answers: the practice deployment's Facebook secret.
    let keyring = SecretStore::session_only(&dirs.keyring_service());
    {
        let store = Store::open(
            dirs.clone(),
            SecretStore::session_only(&dirs.keyring_service()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let id = store
            .ensure_practice_deployment(SANDBOX_NAME, SANDBOX_PUBLIC_URL)
            .unwrap_or_else(|e| panic!("{e}"));
        keyring
            .set(
                &id,
                SecretField::ClientSecret(PlatformId::Facebook),
                &SECRET.into(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (unlock, unlocked) = std::sync::mpsc::channel::<()>();
    let opener = StorageOpener {
        dirs: Ok(dirs),
        open_secrets: Box::new(move |_service| {
            // Blocks like a keyring waiting for its unlock prompt.
            let _ = unlocked.recv();
            keyring
        }),
    };
    let state = Arc::new(AppState::new(Catalog::built_in(), Arc::new(SystemClock)));
    let starting = state.clone();
    let start = tokio::spawn(async move { starting.start_with(opener).await });

    tokio::time::timeout(Duration::from_secs(10), state.ready())
        .await
        .unwrap_or_else(|_| panic!("the first screen waited for the keyring"));
    let first = state.view(&state.workspace());
    assert_eq!(first.deployment.name.as_deref(), Some(SANDBOX_NAME));
    assert!(
        first.secrets.is_empty(),
        "no secret before the keyring answers"
    );
    assert!(!state.is_settled());
    // Edits work meanwhile.
    state
        .edit(|ws| ws.set_field(None, Field::ApiPublicUrl, "https://api.acme.com".into()))
        .unwrap_or_else(|e| panic!("{e}"));

    unlock.send(()).unwrap_or_else(|e| panic!("{e}"));
    tokio::time::timeout(Duration::from_secs(30), state.settled())
        .await
        .unwrap_or_else(|_| panic!("never settled"));
    start.await.unwrap_or_else(|e| panic!("{e}"));
    let later = state.view(&state.workspace());
    assert!(later.revision > first.revision);
    assert_eq!(later.secrets, vec![PlatformId::Facebook]);
    assert_eq!(
        later.deployment.api_public_url, "https://api.acme.com",
        "the edit made while waiting is kept"
    );
    let status = state.secret_storage().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.mode, SecretStorageMode::SessionOnly);
}

/// Opening the app changes nothing on disk by itself: with nothing typed, start-up (the
/// keyring arriving included) saves nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_saves_nothing_when_nothing_changed() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dirs = AppDirs::at(Profile::new_test(), root.path());
    let opener = StorageOpener {
        dirs: Ok(dirs),
        open_secrets: Box::new(SecretStore::session_only),
    };
    let state = Arc::new(AppState::new(Catalog::built_in(), Arc::new(SystemClock)));
    let saves = state.saves();
    state.start_with(opener).await;
    assert!(state.is_settled());
    assert_eq!(*saves.borrow(), 0, "start-up wrote the draft");
}
