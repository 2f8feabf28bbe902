//! Every committed seed and every crash turned regression (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) runs through its target without a crash, and each target
//! survives a short fuzz run (`FUZZ_SECONDS`, default 1 second per target, in `cargo test`).

use std::time::Duration;

use socialmine_fuzz::runner::{crashes, read_dir, run};
use socialmine_fuzz::{fuzz_dir, targets};

#[test]
fn every_target_has_a_seed_corpus() {
    for t in targets::all() {
        let n = read_dir(&fuzz_dir().join("corpus").join(t.name)).len();
        assert!(n >= 2, "{}: only {n} seeds", t.name);
    }
}

#[test]
fn corpus_and_regression_inputs_do_not_crash() {
    let mut failed = Vec::new();
    let mut replayed = 0;
    for t in targets::all() {
        for folder in ["corpus", "regressions"] {
            for (path, input) in read_dir(&fuzz_dir().join(folder).join(t.name)) {
                replayed += 1;
                if crashes(&t, &input) {
                    failed.push(path.display().to_string());
                }
            }
        }
    }
    assert!(replayed > 0);
    assert!(failed.is_empty(), "these inputs crash: {failed:#?}");
}

#[test]
fn a_short_fuzz_run_of_every_target_finds_nothing() {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    for (i, t) in targets::all().into_iter().enumerate() {
        let corpus: Vec<Vec<u8>> = read_dir(&fuzz_dir().join("corpus").join(t.name))
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        let stats = run(
            &t,
            &corpus,
            Duration::from_secs_f64(seconds),
            1234 + i as u64,
        );
        assert!(stats.executions >= corpus.len() as u64);
        assert!(
            stats.crashes.is_empty(),
            "{}: {:?}",
            t.name,
            stats
                .crashes
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
        );
    }
}

/// The runner itself notices a crash (a target that cannot fail would prove nothing).
#[test]
fn the_runner_catches_a_crashing_target() {
    fn boom(bytes: &[u8]) {
        assert!(!bytes.contains(&b'!'), "found the bang");
    }
    let t = targets::Target {
        name: "boom",
        about: "",
        run: boom,
        dict: &["!"],
    };
    let stats = run(&t, &[b"abc".to_vec()], Duration::from_millis(300), 1);
    assert!(!stats.crashes.is_empty(), "{} executions", stats.executions);
}
