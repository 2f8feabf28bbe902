//! One push of a deployment at a time (issue 13 item 11): two `push` processes on the same
//! deployment file, against the sandbox over loopback. The second one waits for the first; with
//! a short `--lock-wait` it gives up, sends nothing and says why.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use socialmine_sandbox::{FaultAction, FaultMatch, FaultRule, Sandbox, SandboxConfig};
use socialmine_store::{LockError, lock_file};

const FILE: &str = r#"name = "Acme"
api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"
"#;

/// Runs `push FILE --server URL` with the sandbox's admin credentials and a private data
/// folder under `home`.
async fn push(home: &Path, file: &Path, sb: &Sandbox, extra: &[&str]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_socialmine-setup-cli"));
    cmd.arg("push")
        .arg(file)
        .args(["--server", &sb.base_url(), "--today", "2026-11-28"])
        .args(extra)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SOCIALMINE_ADMIN_EMAIL", &sb.admin().email)
        .env(
            "SOCIALMINE_ADMIN_PASSWORD",
            sb.admin().password.expose_str(),
        )
        .env_remove("SOCIALMINE_ADMIN_TOKEN")
        .env_remove("SOCIALMINE_PROFILE")
        .env_remove("DISPLAY");
    tokio::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("join")
}

/// The push lock files under `home` (the first push creates its own).
fn lock_files(home: &Path) -> Vec<PathBuf> {
    let Ok(profiles) = std::fs::read_dir(home.join("data")) else {
        return Vec::new();
    };
    profiles
        .flatten()
        .filter_map(|p| std::fs::read_dir(p.path().join("locks")).ok())
        .flat_map(|d| d.flatten().map(|e| e.path()))
        .collect()
}

/// Waits until some process holds the push lock under `home`.
async fn until_held(home: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        for path in lock_files(home) {
            if matches!(
                lock_file(&path, Duration::ZERO),
                Err(LockError::Held { .. })
            ) {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the first push never took its lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn while_a_push_runs_another_waits_for_it_and_an_impatient_one_gives_up() {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.acme.com".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("acme.toml");
    std::fs::write(&file, FILE).expect("write");
    sb.faults().inject(FaultRule {
        matcher: FaultMatch::any(),
        action: FaultAction::Delay(Duration::from_secs(5)),
        times: 1,
    });

    let (first, impatient, patient) = tokio::join!(
        push(home.path(), &file, &sb, &[]),
        async {
            until_held(home.path()).await;
            let started = Instant::now();
            let out = push(home.path(), &file, &sb, &["--lock-wait", "1"]).await;
            (out, started.elapsed())
        },
        async {
            until_held(home.path()).await;
            push(home.path(), &file, &sb, &["--lock-wait", "60"]).await
        },
    );
    let (impatient, took) = impatient;

    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(impatient.status.code(), Some(2), "{}", text(&impatient));
    let why = String::from_utf8_lossy(&impatient.stderr);
    assert!(
        why.contains("another push of this deployment") && why.contains("waited 1 s"),
        "{why}"
    );
    assert!(why.contains("Nothing was sent"), "{why}");
    assert!(took < Duration::from_secs(4), "gave up after {took:?}");
    // The patient one waited for the first to finish, then found everything up to date.
    assert_eq!(patient.status.code(), Some(0), "{}", text(&patient));
    let patient_out = String::from_utf8_lossy(&patient.stdout);
    assert!(patient_out.contains("unchanged"), "{patient_out}");
    // Only two sign-ins reached the server: the impatient push sent nothing.
    let sign_ins = sb
        .faults()
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/auth/login"))
        .count();
    assert_eq!(sign_ins, 2, "{:?}", sb.faults().requests());
}
