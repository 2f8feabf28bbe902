//! `checklist` and `report` end to end: the built binary, with no display, printing to
//! standard output.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs the binary with a throwaway home, so no data folder or keyring of the machine is
/// involved. Returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("temp home");
    let out = Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

const TODAY: [&str; 2] = ["--today", "2026-12-02"];

#[test]
fn a_blank_checklist_of_all_platforms_in_markdown() {
    let (code, out, err) = run(&["checklist", "--today", "2026-12-02"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# Scope checklist (blank)"), "{out}");
    assert!(out.contains("Date: 2026-12-02"));
    for p in [
        "Facebook",
        "Instagram",
        "LinkedIn",
        "X (Twitter)",
        "TikTok",
        "Threads",
    ] {
        assert!(out.contains(&format!("## {p}")), "{p}");
    }
    assert!(out.contains("`{API_PUBLIC_URL}/api/connect/tiktok/callback`"));
    assert!(out.contains("- [ ] **`video.publish`**"));
}

#[test]
fn one_platform_of_a_deployment_as_html() {
    let file = fixture("checklist.toml");
    let (code, out, err) = run(&[
        "checklist",
        "facebook",
        "--deployment",
        file.to_str().expect("utf-8"),
        "--format",
        "html",
        TODAY[0],
        TODAY[1],
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert!(out.contains("<h2>Facebook</h2>") && !out.contains("<h2>LinkedIn</h2>"));
    assert!(out.contains("https://api.acme.com/api/connect/facebook/callback"));
    assert!(out.contains("Advanced Access granted, seen by Ann"));
    assert!(out.contains("&lt;script&gt;") && !out.contains("<script"));
    assert!(
        !out.contains("0123456789abcdef0123456789abcdef"),
        "a secret in the file"
    );
}

#[test]
fn the_handover_report_of_a_file() {
    let file = fixture("checklist.toml");
    let path = file.to_str().expect("utf-8");
    let (code, out, err) = run(&["report", path, TODAY[0], TODAY[1]]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Handover report: Acme production"),
        "{out}"
    );
    assert!(
        out.contains("| Client ID (App ID) | `1234567890123456` |"),
        "{out}"
    );
    assert!(
        out.contains("Written in the deployment file (not shown)"),
        "{out}"
    );
    assert!(!out.contains("0123456789abcdef0123456789abcdef") && !out.contains("cdef"));
    // The file alone says nothing about pushes or verification: the report does not guess.
    assert!(
        out.contains("Pushed: Not known: this report was made from the deployment file alone"),
        "{out}"
    );
    assert!(!out.contains("Not pushed yet") && !out.contains("Not verified yet"));
    assert!(out.contains("Checklist: 2 of 9 items ticked"), "{out}");
    let (code, html, _) = run(&["report", path, "--format", "html", TODAY[0], TODAY[1]]);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
}

#[test]
fn an_unreadable_file_exits_2_with_a_message() {
    let (code, out, err) = run(&["report", "/nonexistent/acme.toml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no such file"), "{err}");
    let (code, _, err) = run(&["checklist", "all", "--deployment", "/nonexistent/acme.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such file"), "{err}");
    let bad = fixture("bad_toml.toml");
    let (code, _, err) = run(&["report", bad.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn wrong_arguments_say_what_is_accepted() {
    let (code, _, err) = run(&["checklist", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("twitter"), "{err}");
    let (code, _, err) = run(&["checklist", "--format", "pdf"]);
    assert_ne!(code, 0);
    assert!(err.contains("md") && err.contains("html"), "{err}");
}
