//! The window's binary without a display it can reach: a message that says what to do and exit
//! code 1, never a panic (Tauri's own start panics there; under the release profile's
//! `panic = "abort"` that was an abort with a Rust backtrace). See src/display.rs.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn start(display: Option<&str>) -> (Output, Duration) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_socialmine-setup"));
    cmd.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("RUST_LOG", "warn");
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    let t0 = Instant::now();
    let out = cmd.output().unwrap();
    let took = t0.elapsed();
    // Nothing was created: the data folder is opened only once the window is there.
    assert!(
        !home.path().join("data").exists(),
        "the data folder was created"
    );
    (out, took)
}

fn check_refusal(out: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit status {:?}; stderr:\n{stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    assert!(stderr.contains(says), "{says:?} missing from:\n{stderr}");
    assert!(
        stderr.contains("socialmine-setup-cli"),
        "no way forward:\n{stderr}"
    );
}

#[test]
fn without_a_display_the_window_says_so_and_exits() {
    let (out, _) = start(None);
    check_refusal(&out, "no display to open the window on");
    // Nothing to wait for when no display is named: not a single retry.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("trying again").count(), 0, "{stderr}");
}

#[test]
fn a_display_that_never_answers_is_tried_again_then_given_up_on() {
    // No X server listens on display 4242 here.
    let (out, took) = start(Some(":4242"));
    check_refusal(&out, "the display :4242 did not answer");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("trying again").count(), 4, "{stderr}");
    assert!(
        took >= Duration::from_millis(1500),
        "gave up after {took:?}"
    );
}
