//! Issue 13 item 1 on the command line: the admin token the app keeps in the keyring is asked
//! for only when the push goes to the deployment's own admin server — never with `--server`,
//! which could name any server at all. The keyring here is a session bus address that fails at
//! once, so asking it shows on standard error ("the admin token kept for … could not be read").

use std::path::Path;
use std::process::{Command, Output};

/// A deployment the app knows (the same file is in its data folder), whose admin API is on a
/// closed loopback port: nothing answers, so nothing is sent anywhere.
const ACME: &str = "name = \"Acme\"\napi_public_url = \"http://127.0.0.1:9\"\n\
                    admin_url = \"http://127.0.0.1:9\"\n\n\
                    [platforms.linkedin]\nclient_id = \"86abcdefghij12\"\n";

fn push(home: &Path, extra: &[&str]) -> (Output, String) {
    let deployments = home.join("socialmine-setup-dev/deployments");
    std::fs::create_dir_all(&deployments).expect("mkdir");
    std::fs::write(deployments.join("acme-abc123.toml"), ACME).expect("write");
    let file = home.join("acme.toml");
    std::fs::write(&file, ACME).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .arg("push")
        .arg(&file)
        .args(["--dry-run", "--lock-wait", "0"])
        .args(extra)
        .env("XDG_DATA_HOME", home)
        .env("HOME", home)
        .env("SOCIALMINE_PROFILE", "dev")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("SOCIALMINE_ADMIN_TOKEN")
        .env_remove("SOCIALMINE_ADMIN_EMAIL")
        .env_remove("SOCIALMINE_ADMIN_PASSWORD")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

#[test]
fn the_kept_token_is_asked_for_when_the_push_goes_to_the_deployments_own_server() {
    let home = tempfile::tempdir().expect("tempdir");
    let (out, err) = push(home.path(), &[]);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("admin token kept for acme-abc123 could not be read"),
        "the keyring was not asked:\n{err}"
    );
}

#[test]
fn the_kept_token_is_never_asked_for_with_server() {
    let home = tempfile::tempdir().expect("tempdir");
    // The same address as the file's: even then `--server` takes no kept token.
    let (out, err) = push(home.path(), &["--server", "http://127.0.0.1:9"]);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("admin token kept"),
        "the keyring was asked:\n{err}"
    );
    assert!(err.contains("no admin credentials"), "{err}");
}
