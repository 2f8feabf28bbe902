//! Runs one target for a set time: every corpus entry first, then mutations of them, each call
//! under `catch_unwind`. A panic is a crash: its input is written to `fuzz/artifacts/<target>/`
//! so it can be turned into a regression test (copied to `fuzz/regressions/<target>/`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use crate::mutate::{Rng, mutate};
use crate::targets::Target;

/// What one run did.
#[derive(Debug, Clone)]
pub struct Stats {
    pub target: &'static str,
    pub executions: u64,
    pub elapsed: Duration,
    /// The slowest single input, to spot inputs that are too costly.
    pub slowest: Duration,
    /// Inputs that panicked (at most a few are kept).
    pub crashes: Vec<Vec<u8>>,
}

/// Silences the default panic message while fuzzing (crashes are reported by the runner).
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::env::var_os("FUZZ_VERBOSE").is_some() {
                default(info);
            }
        }));
    });
}

/// Runs `input` through `target`; `true` when it panicked.
pub fn crashes(target: &Target, input: &[u8]) -> bool {
    quiet_panics();
    catch_unwind(AssertUnwindSafe(|| (target.run)(input))).is_err()
}

/// The files of a corpus folder, sorted by name (missing folder: none).
pub fn read_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

/// Fuzzes `target` for `duration`, starting from `corpus`.
pub fn run(target: &Target, corpus: &[Vec<u8>], duration: Duration, seed: u64) -> Stats {
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut stats = Stats {
        target: target.name,
        executions: 0,
        elapsed: Duration::ZERO,
        slowest: Duration::ZERO,
        crashes: Vec::new(),
    };
    let seeds: Vec<Vec<u8>> = if corpus.is_empty() {
        vec![Vec::new()]
    } else {
        corpus.to_vec()
    };
    let mut pool = seeds.clone();
    let mut i = 0usize;
    loop {
        let input = if i < seeds.len() {
            seeds[i].clone()
        } else {
            let base = &pool[rng.below(pool.len())];
            mutate(base, &mut rng, target.dict, &seeds)
        };
        i += 1;
        let t = Instant::now();
        let crashed = crashes(target, &input);
        stats.slowest = stats.slowest.max(t.elapsed());
        stats.executions += 1;
        if crashed {
            if stats.crashes.len() < 5 && !stats.crashes.contains(&input) {
                stats.crashes.push(input);
            }
        } else if rng.chance(64) && pool.len() < 4096 {
            // Keep some mutants to mutate further (no coverage feedback on stable: breadth).
            pool.push(input);
        }
        if i >= seeds.len() && start.elapsed() >= duration {
            break;
        }
    }
    stats.elapsed = start.elapsed();
    stats
}

/// A short stable name for a crash file: FNV-1a of the input.
pub fn crash_name(input: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in input {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("crash-{h:016x}")
}
