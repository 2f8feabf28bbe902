//! Verifying a whole deployment: all platforms at once, progress per check, the JSON of
//! issue 10, the `verify` command's output and exit codes, and the override variable read from
//! the environment of a fresh process.

mod verify_support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use socialmine_core::{Catalog, PlatformId, Secret};
use socialmine_net::verify::{
    CheckKind, OVERRIDE_ENV, RouteError, VerifyArgs, VerifyFormat, VerifySettings,
    run_verify_command, verify_deployment, verify_deployment_with_progress,
};
use verify_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_platforms_run_at_once_and_report_progress() {
    let emu = emulator().await;
    emu.behaviour.lock().expect("b").delay = Duration::from_millis(300);
    let cb = verify_support::servers::socialmine_like(None).await;
    let d = deployment(&format!("http://{cb}"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let started = Instant::now();
    let r = verify_deployment_with_progress(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[],
        &settings(&emu),
        Arc::new(move |p, c| sink.lock().expect("sink").push((p, c.check, c.code))),
    )
    .await;
    let took = started.elapsed();
    // Seven provider answers of 300 ms each (Facebook and Instagram need two): in a row they
    // would take 2.1 s; at once about 0.6 s.
    assert!(took < Duration::from_millis(1800), "took {took:?}");
    assert_eq!(r.exit_code(), 0, "{}", r.to_text());
    let progress = seen.lock().expect("seen").clone();
    assert_eq!(progress.len(), r.checks().count());
    assert_eq!(
        progress.len(),
        6 * 2 + 2,
        "credentials + callback, graph_version on Meta"
    );
    for (p, c) in r.checks() {
        assert!(progress.contains(&(p, c.check, c.code)));
        if c.check == CheckKind::Credentials && p == PlatformId::Facebook {
            assert!(c.elapsed_ms >= 300, "{}", c.elapsed_ms);
        }
    }
}

#[tokio::test]
async fn the_json_has_exactly_the_fields_of_issue_10() {
    let emu = emulator().await;
    let cb = verify_support::servers::fixed(404, None).await;
    let d = deployment(&format!("http://{cb}"));
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[PlatformId::Facebook],
        &settings(&emu),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
    let checks = v["platforms"]["facebook"]["checks"]
        .as_array()
        .expect("checks");
    let names: Vec<&str> = checks
        .iter()
        .map(|c| c["check"].as_str().expect("check"))
        .collect();
    assert_eq!(names, ["credentials", "graph_version", "callback"]);
    for c in checks {
        let mut keys: Vec<&str> = c
            .as_object()
            .expect("obj")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["check", "code", "elapsed_ms", "fix", "message", "status"]
        );
    }
    assert_eq!(checks[0]["status"], "verified");
    assert_eq!(checks[0]["code"], "credentials_valid");
    assert_eq!(checks[0]["fix"], serde_json::Value::Null);
    assert_eq!(checks[2]["status"], "rejected");
    assert_eq!(checks[2]["code"], "not_found");
    assert!(checks[2]["fix"].is_string());
}

fn args(platforms: &[PlatformId], format: VerifyFormat) -> VerifyArgs {
    VerifyArgs {
        file_name: "acme.toml".into(),
        platforms: platforms.to_vec(),
        format,
    }
}

fn file_of(d: &socialmine_core::Deployment) -> std::io::Result<Vec<u8>> {
    Ok(d.to_toml(socialmine_core::SecretsInFile::Include)
        .into_bytes())
}

#[tokio::test]
async fn the_command_exits_0_1_or_2() {
    let emu = emulator().await;
    let cb = verify_support::servers::socialmine_like(None).await;
    let d = deployment(&format!("http://{cb}"));
    let cat = Catalog::built_in();

    let out = run_verify_command(
        &args(&[PlatformId::Linkedin], VerifyFormat::Json),
        file_of(&d),
        &cat,
        |_| BTreeMap::new(),
        Ok(settings(&emu)),
    )
    .await;
    assert_eq!(out.exit_code, 0, "{}", out.stdout);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        v["platforms"].as_object().expect("platforms").len(),
        1,
        "--platform limits the run"
    );
    assert_no_secret(&out.stdout);

    let mut bad = d.clone();
    set(&mut bad, PlatformId::Twitter, |c| {
        c.client_secret = Some(Secret::from("not-the-secret-0000"))
    });
    let out = run_verify_command(
        &args(&[], VerifyFormat::Text),
        file_of(&bad),
        &cat,
        |_| BTreeMap::new(),
        Ok(settings(&emu)),
    )
    .await;
    assert_eq!(out.exit_code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("REJECTED"), "{}", out.stdout);
    assert!(out.stdout.contains("bad_client"), "{}", out.stdout);
    // Verified platforms offer their consent page.
    assert!(
        out.stdout.contains("Try linkedin in the browser"),
        "{}",
        out.stdout
    );
    assert_no_secret(&out.stdout);

    // Secrets the app keeps in the keyring are used when the file has none.
    let mut no_secret = d.clone();
    set(&mut no_secret, PlatformId::Twitter, |c| {
        c.client_secret = None
    });
    let out = run_verify_command(
        &args(&[PlatformId::Twitter], VerifyFormat::Json),
        file_of(&no_secret),
        &cat,
        |_| BTreeMap::from([(PlatformId::Twitter, Secret::from(X_SECRET))]),
        Ok(settings(&emu)),
    )
    .await;
    assert_eq!(out.exit_code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("credentials_valid"));

    let missing = run_verify_command(
        &args(&[], VerifyFormat::Json),
        Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        &cat,
        |_| BTreeMap::new(),
        Ok(settings(&emu)),
    )
    .await;
    assert_eq!(missing.exit_code, 2);
    assert!(
        missing.stderr.contains("no such file"),
        "{}",
        missing.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&missing.stdout).expect("json error");
    assert_eq!(v["error"]["code"], "file_unreadable");

    let invalid = run_verify_command(
        &args(&[], VerifyFormat::Text),
        Ok(b"api_public_url = ".to_vec()),
        &cat,
        |_| BTreeMap::new(),
        Ok(settings(&emu)),
    )
    .await;
    assert_eq!(invalid.exit_code, 2);
    assert!(invalid.stderr.contains("line 1"), "{}", invalid.stderr);

    let bad_override = run_verify_command(
        &args(&[], VerifyFormat::Text),
        file_of(&d),
        &cat,
        |_| BTreeMap::new(),
        Err(RouteError::NotLoopback {
            host: "api.x.com".into(),
            base: "http://10.1.1.1".into(),
        }),
    )
    .await;
    assert_eq!(bad_override.exit_code, 2);
    assert!(bad_override.stderr.contains(OVERRIDE_ENV));
    assert!(
        emu.seen()
            .iter()
            .all(|s| !s.all_text().contains("not-the-secret") || s.host == "api.x.com")
    );
}

const CHILD_FILE: &str = "SOCIALMINE_VERIFY_TEST_FILE";

/// Runs in a child process started by `the_override_variable_is_read_from_the_environment`
/// (ignored otherwise): reads the override from the real environment.
#[tokio::test]
#[ignore = "run by the_override_variable_is_read_from_the_environment in a child process"]
async fn child_verifies_with_the_environment() {
    let Ok(file) = std::env::var(CHILD_FILE) else {
        return;
    };
    let out = run_verify_command(
        &args(&[], VerifyFormat::Json),
        std::fs::read(&file),
        &Catalog::built_in(),
        |_| BTreeMap::new(),
        VerifySettings::from_env(),
    )
    .await;
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    std::process::exit(i32::from(out.exit_code));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_override_variable_is_read_from_the_environment() {
    let emu = emulator().await;
    let cb = verify_support::servers::socialmine_like(None).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("acme.toml");
    std::fs::write(
        &path,
        deployment(&format!("http://{cb}")).to_toml(socialmine_core::SecretsInFile::Include),
    )
    .expect("write");
    let run = |value: String| {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(std::env::current_exe().expect("exe"))
                .args([
                    "--exact",
                    "child_verifies_with_the_environment",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(OVERRIDE_ENV, value)
                .env(CHILD_FILE, &path)
                .output()
                .expect("child runs")
        })
    };
    let out = run(emu.override_value()).await.expect("join");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("\"credentials_valid\""), "{stdout}");
    assert_eq!(
        emu.seen()
            .iter()
            .map(|s| s.host.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        5,
        "every provider host was mapped to the emulator"
    );

    let out = run("api.x.com=http://10.0.0.1:9002".into())
        .await
        .expect("join");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("only send 'api.x.com' to this computer"),
        "{stderr}"
    );
}
