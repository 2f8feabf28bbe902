//! `socialmine-fuzz [--seconds N] [--seed S] [--list] [TARGET…]`: fuzzes each target (all by
//! default) for N seconds (`FUZZ_SECONDS`, default 10) and prints executions per target.
//! Exits 1 when any input crashed; the inputs are saved under `fuzz/artifacts/<target>/`.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use socialmine_fuzz::runner::{crash_name, read_dir, run};
use socialmine_fuzz::{fuzz_dir, targets};

fn main() -> ExitCode {
    let mut seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(10);
    let mut seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let mut chosen: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seconds = s,
                None => return usage("--seconds takes a whole number"),
            },
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage("--seed takes a whole number"),
            },
            "--replay" => {
                let Some(name) = args.next() else {
                    return usage("--replay takes a target and files");
                };
                return replay(&name, args.collect());
            }
            "--list" => {
                for t in targets::all() {
                    println!("{:<16} {}", t.name, t.about);
                }
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => return usage(""),
            name => chosen.push(name.to_owned()),
        }
    }
    let all = targets::all();
    for name in &chosen {
        if !all.iter().any(|t| t.name == name) {
            return usage(&format!("there is no target '{name}'"));
        }
    }
    println!(
        "fuzzing {} target(s), {seconds} s each, seed {seed}",
        if chosen.is_empty() {
            all.len()
        } else {
            chosen.len()
        }
    );
    println!(
        "{:<16} {:>12} {:>10} {:>12} {:>8}",
        "target", "executions", "per s", "slowest ms", "crashes"
    );
    let mut crashed = false;
    for (i, t) in all.iter().enumerate() {
        if !chosen.is_empty() && !chosen.iter().any(|c| c == t.name) {
            continue;
        }
        let corpus: Vec<Vec<u8>> = read_dir(&fuzz_dir().join("corpus").join(t.name))
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        let stats = run(
            t,
            &corpus,
            Duration::from_secs(seconds),
            seed.wrapping_add(i as u64),
        );
        let per_s = stats.executions as f64 / stats.elapsed.as_secs_f64().max(0.001);
        println!(
            "{:<16} {:>12} {:>10.0} {:>12.1} {:>8}",
            t.name,
            stats.executions,
            per_s,
            stats.slowest.as_secs_f64() * 1000.0,
            stats.crashes.len()
        );
        for c in &stats.crashes {
            crashed = true;
            let dir = fuzz_dir().join("artifacts").join(t.name);
            let path = dir.join(crash_name(c));
            match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, c)) {
                Ok(()) => println!(
                    "  crash saved to {path} (see it: cargo run -p socialmine-fuzz -- --replay {name} {path}; \
                     once fixed, move it to fuzz/regressions/{name}/)",
                    path = path.display(),
                    name = t.name
                ),
                Err(e) => println!(
                    "  crash could not be saved ({e}): {:?}",
                    String::from_utf8_lossy(c)
                ),
            }
        }
    }
    if crashed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs each file through the target with the panic message shown.
fn replay(name: &str, files: Vec<String>) -> ExitCode {
    let Some(t) = targets::all().into_iter().find(|t| t.name == name) else {
        return usage(&format!("there is no target '{name}'"));
    };
    let mut failed = false;
    for f in files {
        let input = match std::fs::read(&f) {
            Ok(b) => b,
            Err(e) => return usage(&format!("{f}: {e}")),
        };
        let crashed = std::panic::catch_unwind(|| (t.run)(&input)).is_err();
        println!("{f}: {}", if crashed { "CRASH" } else { "ok" });
        failed |= crashed;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("{problem}");
    }
    eprintln!(
        "usage: socialmine-fuzz [--seconds N] [--seed S] [--list] [TARGET...]\n       \
         socialmine-fuzz --replay TARGET FILE..."
    );
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
