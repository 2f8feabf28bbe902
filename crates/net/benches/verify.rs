//! "Verify all" over six platforms against local emulators that add 300 ms to every answer,
//! against verifying one platform. Since all probes run at once, the ratio should stay near 1
//! (goal ≤ 1.5). Prints the ratio (median of several runs) before criterion's measurements:
//!
//! `cargo bench -p socialmine-net --bench verify`

#[path = "../tests/verify_support/mod.rs"]
mod verify_support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use criterion::Criterion;
use socialmine_core::{Catalog, Deployment, PlatformId};
use socialmine_net::verify::{VerifySettings, verify_deployment};

const DELAY: Duration = Duration::from_millis(300);

struct Setup {
    rt: tokio::runtime::Runtime,
    deployment: Deployment,
    settings: VerifySettings,
    _emulator: verify_support::providers::Emulator,
}

fn setup() -> Setup {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (emulator, callback) = rt.block_on(async {
        let emu = verify_support::emulator().await;
        emu.behaviour.lock().expect("behaviour").delay = DELAY;
        let cb = verify_support::servers::socialmine_like(None).await;
        (emu, cb)
    });
    Setup {
        deployment: verify_support::deployment(&format!("http://{callback}")),
        settings: verify_support::settings(&emulator),
        rt,
        _emulator: emulator,
    }
}

fn verify(s: &Setup, only: &[PlatformId]) -> Duration {
    let catalog = Catalog::built_in_ref();
    let started = Instant::now();
    let report = s.rt.block_on(verify_deployment(
        catalog,
        &s.deployment,
        &BTreeMap::new(),
        only,
        &s.settings,
    ));
    let took = started.elapsed();
    assert_eq!(report.exit_code(), 0, "{}", report.to_text());
    took
}

fn median(s: &Setup, only: &[PlatformId], runs: usize) -> Duration {
    let mut v: Vec<Duration> = (0..runs).map(|_| verify(s, only)).collect();
    v.sort();
    v[runs / 2]
}

fn print_ratio(s: &Setup) {
    let all = median(s, &[], 7);
    for one in [PlatformId::Facebook, PlatformId::Linkedin] {
        let single = median(s, &[one], 7);
        println!(
            "verify all (6 platforms) {:>6.0} ms / verify {one} {:>6.0} ms = ratio {:.2} (goal <= 1.5; {} ms added to every provider answer)",
            all.as_secs_f64() * 1000.0,
            single.as_secs_f64() * 1000.0,
            all.as_secs_f64() / single.as_secs_f64(),
            DELAY.as_millis()
        );
    }
}

fn benches(c: &mut Criterion, s: &Setup) {
    let mut g = c.benchmark_group("verify");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    g.bench_function("one_platform_facebook", |b| {
        b.iter(|| verify(s, &[PlatformId::Facebook]))
    });
    g.bench_function("all_six_platforms", |b| b.iter(|| verify(s, &[])));
    g.finish();
}

fn main() {
    let s = setup();
    print_ratio(&s);
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &s);
    c.final_summary();
}
