//! A test app over a fresh data folder of its own (test profile), with session-only secrets
//! and no window or sandbox: for the unit tests of the application layer.

use std::path::PathBuf;
use std::sync::Arc;

use socialmine_core::Catalog;
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store};

use crate::clock::SystemClock;
use crate::persist::Persistence;
use crate::state::AppState;

pub(crate) fn app() -> (AppState, PathBuf) {
    let root = std::env::temp_dir().join(format!(
        "sm-app-report-test-{}-{}",
        std::process::id(),
        DeploymentId::generate("t").as_str()
    ));
    let dirs = AppDirs::at(Profile::new_test(), &root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let p = Persistence {
        store: Store::open(dirs, secrets).unwrap().into(),
    };
    let state = AppState::over(Catalog::built_in(), Arc::new(SystemClock), p);
    (state, root)
}
