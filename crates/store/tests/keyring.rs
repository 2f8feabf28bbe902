//! Secrets in a real Secret Service. The `#[ignore]`d tests need one: `make keyring-test` runs
//! them inside a private D-Bus session with an unlocked gnome-keyring:
//!
//! ```sh
//! dbus-run-session -- sh -c 'eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)"; \
//!   cargo test -p socialmine-store -- --include-ignored'
//! ```

mod common;

use std::process::Command;

use common::{assert_no_file_contains, deployment, exercise_whole_api, secret_values};
use socialmine_core::{PlatformId, Secret};
use socialmine_store::{
    AppDirs, DeploymentId, Profile, SecretField, SecretStorageMode, SecretStore, SecretStoreError,
    Store,
};

fn random_id(prefix: &str) -> DeploymentId {
    DeploymentId::generate(prefix)
}

fn value(s: Option<Secret>) -> Option<String> {
    s.map(|s| s.into_inner())
}

#[test]
#[ignore = "needs a real Secret Service: make keyring-test"]
fn real_keyring_store_read_update_delete() {
    let profile = Profile::new_test();
    let s = SecretStore::open_keyring(&profile.namespace()).expect("a Secret Service is running");
    assert_eq!(s.mode(), SecretStorageMode::Keyring);
    let a = random_id("alpha");
    let b = random_id("beta");
    let fb = SecretField::ClientSecret(PlatformId::Facebook);

    assert_eq!(s.get(&a, fb).expect("get"), None);
    s.set(&a, fb, &Secret::from("first value")).expect("store");
    s.set(&b, fb, &Secret::from("other deployment"))
        .expect("store");
    s.set(&a, SecretField::AdminToken, &Secret::from("tok"))
        .expect("store");
    assert_eq!(
        value(s.get(&a, fb).expect("read")),
        Some("first value".into())
    );

    s.set(&a, fb, &Secret::from("second value ✓"))
        .expect("update");
    assert_eq!(
        value(s.get(&a, fb).expect("read")),
        Some("second value ✓".into())
    );
    assert_eq!(
        value(s.get(&b, fb).expect("read")),
        Some("other deployment".into())
    );
    assert_eq!(
        s.present(&a).expect("present"),
        vec![fb, SecretField::AdminToken]
    );

    // A second handle (another app start) sees the same entries.
    let again = SecretStore::open_keyring(&profile.namespace()).expect("reopen");
    assert_eq!(
        value(again.get(&a, fb).expect("read")),
        Some("second value ✓".into())
    );

    assert!(s.delete(&a, fb).expect("delete"));
    assert_eq!(s.get(&a, fb).expect("read"), None);
    assert!(!s.delete(&a, fb).expect("delete twice"));
    assert_eq!(s.delete_all(&a).expect("delete all"), 1);
    assert_eq!(s.delete_all(&b).expect("delete all"), 1);
    assert!(s.present(&a).expect("present").is_empty());
    assert!(s.present(&b).expect("present").is_empty());
}

/// The user's real entries (the release namespace) are never touched by a test profile, even
/// for the same deployment id and field.
#[test]
#[ignore = "needs a real Secret Service: make keyring-test"]
fn real_keyring_test_profile_never_touches_release_entries() {
    let id = random_id("isolation");
    let real = SecretStore::open_keyring(&Profile::Release.namespace()).expect("keyring");
    real.set(
        &id,
        SecretField::AdminToken,
        &Secret::from("REAL-USER-VALUE"),
    )
    .expect("seed a 'real' entry");

    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let dirs = AppDirs::at(profile.clone(), dir.path());
    let test = SecretStore::open_keyring(&dirs.keyring_service()).expect("keyring");
    assert_ne!(test.service(), real.service());
    assert_eq!(test.get(&id, SecretField::AdminToken).expect("read"), None);
    test.set(&id, SecretField::AdminToken, &Secret::from("test value"))
        .expect("set");
    test.set(&id, SecretField::AdminToken, &Secret::from("test value 2"))
        .expect("update");
    assert_eq!(test.delete_all(&id).expect("delete all"), 1);

    let still = value(real.get(&id, SecretField::AdminToken).expect("read"));
    real.delete_all(&id).expect("clean up");
    assert_eq!(still, Some("REAL-USER-VALUE".into()));
}

#[test]
#[ignore = "needs a real Secret Service: make keyring-test"]
fn real_keyring_whole_api_leaves_no_secret_in_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = Profile::new_test();
    let store =
        Store::open_with_keyring(AppDirs::at(profile, dir.path().join("data"))).expect("open");
    assert_eq!(store.secret_storage().mode, SecretStorageMode::Keyring);
    let values = secret_values("keyring");
    let exports = exercise_whole_api(&store, &values);
    for (i, e) in exports.iter().enumerate() {
        std::fs::write(dir.path().join(format!("export-{i}")), e).expect("write");
    }
    assert!(assert_no_file_contains(dir.path(), &values) >= 8);
    // Clean up the keyring.
    for d in store.list().expect("list").deployments {
        store.delete(&d.id).expect("delete");
    }
}

#[test]
#[ignore = "needs a real Secret Service: make keyring-test"]
fn real_keyring_deleting_a_deployment_deletes_its_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store =
        Store::open_with_keyring(AppDirs::at(Profile::new_test(), dir.path())).expect("open");
    let id = store.create(deployment("Doomed")).expect("create");
    let keep = store.create(deployment("Kept")).expect("create");
    for (d, v) in [(&id, "doomed-token"), (&keep, "kept-token")] {
        store
            .set_secret(d, SecretField::AdminToken, &Secret::from(v))
            .expect("set");
        store
            .set_secret(
                d,
                SecretField::ClientSecret(PlatformId::Tiktok),
                &Secret::from(v),
            )
            .expect("set");
    }
    store.delete(&id).expect("delete");
    // A fresh handle on the keyring: the entries are gone, the other deployment's are not.
    let fresh = SecretStore::open_keyring(&store.dirs().keyring_service()).expect("keyring");
    assert!(fresh.present(&id).expect("present").is_empty());
    assert_eq!(fresh.present(&keep).expect("present").len(), 2);
    store.delete(&keep).expect("delete");
    assert!(fresh.present(&keep).expect("present").is_empty());
}

/// Secrets entered while no keyring was available move into the keyring once it is.
#[test]
#[ignore = "needs a real Secret Service: make keyring-test"]
fn real_keyring_session_only_secrets_move_into_the_keyring_on_retry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dirs = AppDirs::at(Profile::new_test(), dir.path());
    let store = Store::open(
        dirs.clone(),
        SecretStore::session_only(&dirs.keyring_service()),
    )
    .expect("open");
    let id = store.create(deployment("Later")).expect("create");
    store
        .set_secret(&id, SecretField::AdminToken, &Secret::from("typed-before"))
        .expect("set");
    let status = store.retry_keyring().expect("keyring");
    assert_eq!(status.mode, SecretStorageMode::Keyring);
    let fresh = SecretStore::open_keyring(&dirs.keyring_service()).expect("keyring");
    assert_eq!(
        value(fresh.get(&id, SecretField::AdminToken).expect("read")),
        Some("typed-before".into())
    );
    store.delete(&id).expect("clean up");
    assert_eq!(fresh.get(&id, SecretField::AdminToken).expect("read"), None);
}

// ---- no keyring ---------------------------------------------------------------------------

const NO_BUS_ENV: &str = "SOCIALMINE_NO_BUS_CHILD";

/// Not a test: runs in a child process without a session bus (see below).
#[test]
#[ignore = "helper process of no_session_bus_gives_a_clear_error; does nothing on its own"]
fn helper_process_without_a_session_bus() {
    if std::env::var(NO_BUS_ENV).is_err() {
        return;
    }
    let e = SecretStore::open_keyring("socialmine-setup-test-nobus").expect_err("no bus");
    assert!(matches!(e, SecretStoreError::Unavailable { .. }), "{e:?}");
    assert_eq!(e.code(), "keyring_unavailable");
    let msg = e.to_string();
    for needle in [
        "No system keyring",
        "gnome-keyring",
        "session only",
        "never in a file",
    ] {
        assert!(msg.contains(needle), "{needle:?} missing from: {msg}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let store =
        Store::open_with_keyring(AppDirs::at(Profile::new_test(), dir.path())).expect("open");
    assert_eq!(store.secret_storage().mode, SecretStorageMode::Unavailable);
    let id = store
        .create(deployment("No bus"))
        .expect("deployments still work");
    assert!(
        store
            .set_secret(&id, SecretField::AdminToken, &Secret::from("x"))
            .is_err()
    );
    let e = store.retry_keyring().expect_err("still no bus");
    assert_eq!(e.code(), "keyring_unavailable");
    store.use_session_only_secrets();
    store
        .set_secret(&id, SecretField::AdminToken, &Secret::from("x"))
        .expect("session only");
    // Retrying without a keyring keeps the session-only secrets.
    assert!(store.retry_keyring().is_err());
    assert_eq!(store.secret_storage().mode, SecretStorageMode::SessionOnly);
    assert!(
        store
            .get_secret(&id, SecretField::AdminToken)
            .expect("get")
            .is_some()
    );
    println!("NO-BUS-CHECKS-PASSED");
}

#[test]
fn no_session_bus_gives_a_clear_error() {
    let runtime = tempfile::tempdir().expect("tempdir");
    let out = Command::new(std::env::current_exe().expect("exe"))
        .args([
            "helper_process_without_a_session_bus",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(NO_BUS_ENV, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-such-bus", runtime.path().display()),
        )
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env_remove("DISPLAY")
        .output()
        .expect("run the helper");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("NO-BUS-CHECKS-PASSED"),
        "helper failed:\n{stdout}\n{stderr}"
    );
}

// ---- a locked keyring ---------------------------------------------------------------------

const LOCKED_ENV: &str = "SOCIALMINE_LOCKED_CHILD";

/// Not a test: runs in a child D-Bus session whose keyring is not unlocked (see below).
#[test]
#[ignore = "helper process of locked_keyring_gives_a_clear_error; does nothing on its own"]
fn helper_process_with_a_locked_keyring() {
    if std::env::var(LOCKED_ENV).is_err() {
        return;
    }
    let e = SecretStore::open_keyring("socialmine-setup-test-locked").expect_err("locked");
    assert!(matches!(e, SecretStoreError::Locked { .. }), "{e:?}");
    assert_eq!(e.code(), "keyring_locked");
    assert!(e.to_string().contains("Unlock it"), "{e}");
    let dir = tempfile::tempdir().expect("tempdir");
    let store =
        Store::open_with_keyring(AppDirs::at(Profile::new_test(), dir.path())).expect("open");
    assert_eq!(store.secret_storage().mode, SecretStorageMode::Unavailable);
    assert!(store.secret_storage().message.contains("locked"));
    println!("LOCKED-CHECKS-PASSED");
}

/// A Secret Service that runs but whose keyring is locked (here: gnome-keyring started without
/// unlocking, in a private D-Bus session of its own).
#[test]
#[ignore = "needs dbus-run-session and gnome-keyring-daemon: make keyring-test"]
fn locked_keyring_gives_a_clear_error() {
    let home = tempfile::tempdir().expect("tempdir");
    for d in ["data", "config", "cache", "runtime"] {
        std::fs::create_dir(home.path().join(d)).expect("mkdir");
    }
    let exe = std::env::current_exe().expect("exe");
    let script = format!(
        "gnome-keyring-daemon --start --components=secrets >/dev/null && exec '{}' \
         helper_process_with_a_locked_keyring --exact --ignored --nocapture --test-threads=1",
        exe.display()
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env(LOCKED_ENV, "1")
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_RUNTIME_DIR", home.path().join("runtime"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .output()
        .expect("dbus-run-session (apt-get install dbus gnome-keyring)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("LOCKED-CHECKS-PASSED"),
        "helper failed:\n{stdout}\n{stderr}"
    );
}
