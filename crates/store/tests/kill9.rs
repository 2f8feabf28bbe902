//! A `kill -9` in the middle of saving leaves either the old or the new file, never a broken
//! one. The test re-runs this test binary as a child process that saves in a loop, kills it
//! with SIGKILL at random moments, and checks what is on disk.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use socialmine_core::{Deployment, PlatformConfig, PlatformId};
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store};

const DIR_ENV: &str = "SOCIALMINE_KILL9_DIR";
const ID_ENV: &str = "SOCIALMINE_KILL9_ID";
const MODE_ENV: &str = "SOCIALMINE_KILL9_MODE";
const HELPER: &str = "helper_process_saving_in_a_loop";
/// Large values make each write take long enough for kills to land inside it.
const BIG: usize = 100_000;

fn version(letter: char) -> Deployment {
    let mut d = Deployment::new("https://api.kill9.example");
    d.name = Some("Kill nine".to_owned());
    for p in PlatformId::ALL {
        d.platforms.insert(
            p,
            PlatformConfig {
                client_id: Some(format!("{letter}-{p}")),
                scope: Some(letter.to_string().repeat(BIG)),
                ..PlatformConfig::default()
            },
        );
    }
    d
}

fn open(dir: &Path) -> Store {
    let profile = Profile::Test {
        tag: "kill9".into(),
    };
    let secrets = SecretStore::session_only(&profile.namespace());
    Store::open(AppDirs::at(profile, dir), secrets).expect("open")
}

/// Not a test: the child process of the tests below. It does nothing unless started by them.
#[test]
#[ignore = "helper process of the kill -9 tests; does nothing on its own"]
fn helper_process_saving_in_a_loop() {
    let (Ok(dir), Ok(id)) = (std::env::var(DIR_ENV), std::env::var(ID_ENV)) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let naive = std::env::var(MODE_ENV).as_deref() == Ok("naive");
    let store = open(&dir);
    let id = DeploymentId::parse(&id).expect("id");
    let versions = [version('a'), version('b')];
    let path = store.dirs().deployments_dir().join(format!("{id}.toml"));
    let texts: Vec<String> = versions
        .iter()
        .map(Deployment::to_toml_without_secrets)
        .collect();
    let mut i = 0usize;
    loop {
        if naive {
            // What a non-atomic save does: truncate, then write.
            fs::write(&path, &texts[i % 2]).expect("write");
        } else {
            store.save_draft(&id, &versions[i % 2]).expect("save");
        }
        if i == 1 {
            fs::write(dir.join("ready"), b"").expect("ready");
        }
        i += 1;
    }
}

fn spawn_saver(dir: &Path, id: &DeploymentId, naive: bool) -> Child {
    let _ = fs::remove_file(dir.join("ready"));
    let child = Command::new(std::env::current_exe().expect("exe"))
        .args([HELPER, "--exact", "--ignored", "--test-threads=1"])
        .env(DIR_ENV, dir)
        .env(ID_ENV, id.as_str())
        .env(MODE_ENV, if naive { "naive" } else { "atomic" })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn helper");
    let start = Instant::now();
    while !dir.join("ready").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the helper process did not start saving"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

/// A pseudo-random delay of 0..max ms, different each round.
fn jitter(round: u64, max: u64) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    Duration::from_micros((nanos / 1000 + round * 7919) % (max * 1000))
}

/// Kills a saver `rounds` times; returns how many times the file was broken afterwards.
fn broken_after_kills(naive: bool, rounds: u64) -> (u64, [u64; 2]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(dir.path());
    let id = store.create(version('a')).expect("create");
    drop(store);
    let path = dir.path().join("deployments").join(format!("{id}.toml"));
    let expected = [version('a'), version('b')];
    let mut broken = 0;
    let mut seen = [0u64; 2];
    for round in 0..rounds {
        let mut child = spawn_saver(dir.path(), &id, naive);
        std::thread::sleep(jitter(round, 250));
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        let text = fs::read_to_string(&path).unwrap_or_default();
        match Deployment::parse(&text) {
            Ok(d) if d == expected[0] => seen[0] += 1,
            Ok(d) if d == expected[1] => seen[1] += 1,
            _ => broken += 1,
        }
        if !naive {
            // The store still opens and lists it; the state side file is intact too.
            let store = open(dir.path());
            let list = store.list().expect("list");
            assert_eq!(list.deployments.len(), 1, "round {round}");
            assert!(
                list.set_aside.is_empty(),
                "round {round}: {:?}",
                list.set_aside
            );
        }
    }
    eprintln!("naive={naive}: {rounds} kills, broken {broken}, old/new {seen:?}");
    (broken, seen)
}

#[test]
fn kill_9_while_saving_leaves_the_old_or_the_new_file() {
    let (broken, seen) = broken_after_kills(false, 20);
    assert_eq!(
        broken, 0,
        "a broken file after kill -9 (old/new seen: {seen:?})"
    );
}

/// The check above can fail: the same kills against a plain truncate-and-write leave broken
/// files.
#[test]
fn the_kill_9_check_catches_a_non_atomic_save() {
    let (broken, seen) = broken_after_kills(true, 20);
    assert!(
        broken > 0,
        "no broken file in 20 kills of a non-atomic writer (old/new seen: {seen:?})"
    );
}
