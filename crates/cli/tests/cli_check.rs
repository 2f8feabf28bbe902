//! `socialmine-setup-cli check` end to end: the built binary, run on sample deployment files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .arg("check")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn run(file: &str, extra: &[&str]) -> (i32, String, String) {
    let path = fixture(file);
    let mut args = vec![path.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let out = check(&args);
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

const TODAY: [&str; 2] = ["--today", "2026-11-28"];

#[test]
fn a_correct_file_exits_0_with_no_error_and_no_warning() {
    let (code, out, _) = run("good.toml", &TODAY);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    for p in [
        "Facebook",
        "Instagram",
        "LinkedIn",
        "X (Twitter)",
        "TikTok",
        "Threads",
    ] {
        assert!(out.contains(p), "{p} missing: {out}");
    }
    assert!(
        out.contains("https://api.acme.com/api/connect/twitter/callback"),
        "{out}"
    );
    // No secret from the file is printed.
    assert!(!out.contains("0123456789abcdef0123456789abcdef"), "{out}");
    assert!(
        !out.contains("Zk3x-9Qw_eR7tY2uI8oP4aS6dF1gH5jK0lZ9xC3vB7nM2q-W_e"),
        "{out}"
    );
}

#[test]
fn mistakes_exit_1_grouped_by_platform_worst_first_each_with_a_fix() {
    let (code, out, _) = run("messy.toml", &TODAY);
    assert_eq!(code, 1, "{out}");
    for needle in [
        "[trailing_slash]",
        "[swapped]",
        "[legacy_x_api_key]",
        "[redirect_mismatch]",
        "[shared_with_facebook]",
        "[deprecated_scope]",
        "[scope_separator]",
        "[expired]",
        "[whitespace]",
    ] {
        assert!(out.contains(needle), "{needle} missing: {out}");
    }
    // Every finding is followed by its fix.
    let findings = out.matches("ERROR   ").count() + out.matches("WARNING ").count();
    assert_eq!(out.matches("Fix: ").count(), findings, "{out}");
    // The deployment comes first, then the platform with the most errors (X: five), then Facebook.
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} missing: {out}"));
    assert!(pos("Deployment\n") < pos("X (Twitter) (twitter)"));
    assert!(pos("X (Twitter) (twitter)") < pos("Facebook (facebook)"));
    assert!(pos("Facebook (facebook)") < pos("Threads (threads)"));
    // Within a platform, errors come before warnings.
    let linkedin = &out[pos("LinkedIn (linkedin)")..];
    let linkedin = &linkedin[..linkedin.find("\n\n").unwrap_or(linkedin.len())];
    assert!(
        linkedin.find("ERROR").expect("error") < linkedin.find("WARNING").expect("warning"),
        "{linkedin}"
    );
    // The console URL is shown beside the callback with each differing part marked on its
    // own (a doubled slash and another segment are two differences, nothing in between).
    assert!(
        out.contains("SocialMine sends: https://api.acme.com/[/]api/connect/[twitter]/callback"),
        "{out}"
    );
    assert!(
        out.contains("Console has:      https://api.acme.com/[]api/connect/[x]/callback"),
        "{out}"
    );
    assert!(
        out.contains("Console has:      https://api.acme.com/[]api/connect/facebook/callback[/]"),
        "{out}"
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let (code, out, _) = run("messy.toml", &["--format", "json", "--today", "2026-11-28"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["deployment"]["findings"][0]["code"], "trailing_slash");
    let fb = &v["platforms"]["facebook"];
    assert_eq!(
        fb["callback_url"],
        "https://api.acme.com//api/connect/facebook/callback"
    );
    let first = &fb["findings"][0];
    assert_eq!(first["field"], "client_id");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "swapped");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("each other's fields"))
    );
    assert!(first["fix"].as_str().is_some_and(|f| !f.is_empty()));
    let x = v["platforms"]["twitter"]["findings"]
        .as_array()
        .expect("array");
    let mismatch = x
        .iter()
        .find(|f| f["code"] == "redirect_mismatch")
        .expect("mismatch");
    assert_eq!(mismatch["mismatch"]["detail"], "platform_segment");
    // The segments the window shows: each difference on its own.
    let marked: Vec<(&str, &str)> = mismatch["mismatch"]["expected_segments"]
        .as_array()
        .expect("segments")
        .iter()
        .zip(
            mismatch["mismatch"]["actual_segments"]
                .as_array()
                .expect("segments"),
        )
        .filter(|(e, _)| e["differs"] == true)
        .map(|(e, a)| (e["text"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();
    assert_eq!(marked, [("/", ""), ("twitter", "x")]);
    // Platforms absent from the file are absent from the report.
    assert!(v["platforms"].get("tiktok").is_none());
}

#[test]
fn today_decides_expiry() {
    let (code, out, _) = run(
        "warnings_only.toml",
        &["--format", "json", "--today", "2026-11-28"],
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let codes: Vec<&str> = v["platforms"]["facebook"]["findings"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["expiring_soon"]);
    let tiktok: Vec<&str> = v["platforms"]["tiktok"]["findings"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(
        tiktok.contains(&"tiktok_sandbox_key") && tiktok.contains(&"differs_from_default"),
        "{tiktok:?}"
    );

    let (code, out, _) = run("warnings_only.toml", &["--today", "2027-02-01"]);
    assert_eq!(code, 1, "v21.0 expired on 2027-01-21: {out}");
    assert!(out.contains("[expired]"), "{out}");
}

#[test]
fn secrets_kept_in_the_keyring_are_not_reported_missing() {
    let (code, out, _) = run("secret_in_keyring.toml", &TODAY);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("client_secret [required]"), "{out}");
    let (code, out, _) = run(
        "secret_in_keyring.toml",
        &[
            "--today",
            "2026-11-28",
            "--secret-stored",
            "linkedin,twitter",
        ],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn an_unparseable_file_exits_2_naming_line_and_key() {
    let (code, out, err) = run("wrong_type.toml", &TODAY);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("line 4") && err.contains("platforms.facebook.client_id"),
        "{err}"
    );
    assert!(err.contains("double quotes"), "{err}");

    let (code, _, err) = run("unknown_key.toml", &TODAY);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 5") && err.contains("clientSecret"),
        "{err}"
    );
    assert!(
        !err.contains("s3cr3t-value-never-shown"),
        "a secret leaked: {err}"
    );

    let (code, _, err) = run("bad_toml.toml", &TODAY);
    assert_eq!(code, 2);
    assert!(err.contains("line 2"), "{err}");

    let (code, out, err) = run("wrong_type.toml", &["--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json error");
    assert_eq!(v["error"]["line"], 4);
    assert_eq!(v["error"]["key"], "platforms.facebook.client_id");
    assert!(!err.is_empty());
}

#[test]
fn a_missing_file_exits_2() {
    let (code, out, err) = run("does-not-exist.toml", &[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn a_bad_today_is_refused() {
    let (code, _, err) = run("good.toml", &["--today", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn a_catalog_file_named_with_catalog_teaches_a_new_graph_api_version_as_unofficial_facts() {
    let file =
        std::env::temp_dir().join(format!("socialmine-check-v28-{}.toml", std::process::id()));
    std::fs::write(
        &file,
        "api_public_url = \"https://api.acme.com\"\n[platforms.facebook]\nclient_id = \"1234567890123456\"\n\
         client_secret = \"0123456789abcdef0123456789abcdef\"\napp_version = \"v28.0\"\n",
    )
    .expect("write deployment");
    let file_arg = file.to_str().expect("utf-8");
    let out = check(&[file_arg, "--today", "2026-12-02"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("[unknown_version]"), "{text}");

    let builtin = include_str!("../../core/data/catalog.toml");
    let own = format!(
        "checked = \"{}\"",
        socialmine_core::Catalog::built_in().checked
    );
    let newer = builtin.replacen(&own, "checked = \"2027-03-01\"", 1);
    let newer = newer.replacen(
        "version = \"v27.0\"\nreleased = \"2026-11-04\"\nsource = \"graph_v27\"\n",
        "version = \"v27.0\"\nreleased = \"2026-11-04\"\nsource = \"graph_v27\"\n\n[[graph_api_versions]]\n\
         version = \"v28.0\"\nreleased = \"2026-11-20\"\nsource = \"graph_versions\"\n",
        1,
    );
    assert!(newer.contains("v28.0"), "the test must change the catalog");
    let catalog =
        std::env::temp_dir().join(format!("socialmine-catalog-{}.toml", std::process::id()));
    std::fs::write(&catalog, newer).expect("write catalog");
    let out = check(&[
        file_arg,
        "--today",
        "2026-12-02",
        "--catalog",
        catalog.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("[unknown_version]"), "{text}");
    // Unsigned facts are never used silently: the report and stderr say so.
    assert!(text.contains("Unofficial provider facts"), "{text}");
    assert!(err.contains("Unofficial provider facts"), "{err}");

    // A broken catalog is reported and the built-in one used.
    std::fs::write(&catalog, "schema = 1\n").expect("write catalog");
    let out = check(&[
        file_arg,
        "--today",
        "2026-12-02",
        "--catalog",
        catalog.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(err.contains("was ignored"), "{err}");
    assert!(
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .contains("[unknown_version]")
    );
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_file(&catalog);
}

/// Every path under `dir`, sorted.
fn listing(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(listing(&p));
        }
        out.push(p);
    }
    out.sort();
    out
}

/// `check` with the app's data folder under `data_home` and the session bus at `bus`.
fn check_with_data(data_home: &std::path::Path, bus: &str, file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"))
        .args([
            "check",
            file.to_str().expect("utf-8"),
            "--today",
            "2026-11-28",
        ])
        .env("XDG_DATA_HOME", data_home)
        .env("HOME", data_home)
        .env("SOCIALMINE_PROFILE", "dev")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

const LINKEDIN_ONLY: &str = "name = \"Acme\"\napi_public_url = \"https://api.acme.com\"\n\n\
                             [platforms.linkedin]\nclient_id = \"86abcdefghij12\"\n";

#[test]
fn check_creates_nothing_and_asks_no_keyring_for_a_file_the_app_does_not_know() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("acme.toml");
    std::fs::write(&file, LINKEDIN_ONLY).expect("write");
    let before = listing(home.path());
    // A bus address that would fail loudly if the keyring were asked.
    let out = check_with_data(home.path(), "unix:path=/nonexistent/bus", &file);
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("keyring"), "{err}");
    assert_eq!(
        listing(home.path()),
        before,
        "check changed the home folder"
    );
}

#[test]
fn check_says_so_when_the_keyring_of_a_known_deployment_cannot_answer() {
    let home = tempfile::tempdir().expect("tempdir");
    let deployments = home.path().join("socialmine-setup-dev/deployments");
    std::fs::create_dir_all(&deployments).expect("mkdir");
    std::fs::write(deployments.join("acme-abc123.toml"), LINKEDIN_ONLY).expect("write");
    std::fs::write(
        deployments.join("acme-abc123.toml.tmp-1"),
        "left by a crash",
    )
    .expect("write");
    let file = home.path().join("acme.toml");
    std::fs::write(&file, LINKEDIN_ONLY).expect("write");
    let before = listing(home.path());

    let out = check_with_data(home.path(), "unix:path=/nonexistent/bus", &file);
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("acme-abc123") && err.contains("keyring could not"),
        "{err}"
    );
    assert!(err.contains("--secret-stored"), "{err}");
    assert_eq!(
        listing(home.path()),
        before,
        "check changed the data folder"
    );
}

#[cfg(unix)]
#[test]
fn check_gives_up_on_a_keyring_that_never_answers_within_seconds() {
    let home = tempfile::tempdir().expect("tempdir");
    let deployments = home.path().join("socialmine-setup-dev/deployments");
    std::fs::create_dir_all(&deployments).expect("mkdir");
    std::fs::write(deployments.join("acme-abc123.toml"), LINKEDIN_ONLY).expect("write");
    let file = home.path().join("acme.toml");
    std::fs::write(&file, LINKEDIN_ONLY).expect("write");
    // A session bus that accepts the connection and never says a word.
    let socket = home.path().join("silent-bus");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let held = std::thread::spawn(move || {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept() {
            held.push(stream);
        }
    });
    let started = std::time::Instant::now();
    let out = check_with_data(
        home.path(),
        &format!("unix:path={}", socket.display()),
        &file,
    );
    let took = started.elapsed();
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(took < std::time::Duration::from_secs(15), "took {took:?}");
    assert!(err.contains("keyring could not"), "{err}");
    drop(held);
}
