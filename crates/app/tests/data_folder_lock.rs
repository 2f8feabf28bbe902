//! One window per data folder (issue 13 item 11): a window started while another process holds
//! the data folder's lock writes nothing there, keeps its work in memory and says why, instead
//! of autosaving over the other one's files.

use std::sync::Arc;
use std::time::{Duration, Instant};

use socialmine_app::clock::SystemClock;
use socialmine_app::persist::FOLDER_LOCK_WAIT;
use socialmine_app::state::AppState;
use socialmine_core::{Catalog, Field};
use socialmine_store::{AppDirs, LockError, Profile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_on_a_data_folder_another_process_holds_saves_nothing_there_and_says_why() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dirs = AppDirs::at(Profile::new_test(), root.path().join("data"));
    let other = dirs
        .lock_folder(Duration::ZERO)
        .unwrap_or_else(|e| panic!("{e}"));

    let state = Arc::new(AppState::new(Catalog::built_in(), Arc::new(SystemClock)));
    let started = Instant::now();
    state.start_in(dirs.clone()).await;
    // It waited for the other holder a while (a window closed a moment ago may still be
    // saving), then carried on without the folder.
    assert!(started.elapsed() >= FOLDER_LOCK_WAIT);

    let why = state
        .storage_error()
        .unwrap_or_else(|| panic!("no storage error"));
    assert!(
        why.contains("Another SocialMine Setup window is using the data folder"),
        "{why}"
    );
    assert!(why.contains("kept in memory"), "{why}");
    assert!(state.persistence().is_none());

    state
        .edit(|ws| ws.set_field(None, Field::Name, "Typed in the second window".into()))
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = state.save_now();
    assert!(!saved.saved);
    let written: Vec<_> = std::fs::read_dir(dirs.deployments_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "written: {written:?}");

    // The other holder still has the folder to itself.
    assert!(matches!(
        dirs.lock_folder(Duration::ZERO),
        Err(LockError::Held { .. })
    ));
    drop(other);
}
