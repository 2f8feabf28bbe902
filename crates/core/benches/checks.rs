//! How long the checks take: one field (runs on every keystroke; must stay well under a
//! millisecond) and a whole six-platform deployment file (under 5 ms).
//!
//! `CARGO_TARGET_DIR=… cargo bench -p socialmine-core --bench checks`

use std::collections::BTreeSet;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use socialmine_core::{
    Catalog, Deployment, Field, FieldContext, PlatformId, check_deployment, check_field,
};

const SIX_PLATFORMS: &str = include_str!("../../cli/tests/fixtures/good.toml");
const CATALOG: &str = include_str!("../data/catalog.toml");
const MESSY: &str = include_str!("../../cli/tests/fixtures/messy.toml");

fn bench(c: &mut Criterion) {
    let catalog = Catalog::built_in();
    let today = "2026-11-28".parse().expect("date");
    let ctx = FieldContext {
        api_public_url: "https://api.acme.com",
        callback_url: None,
    };

    c.bench_function("field/client_id (pasted with a newline)", |b| {
        b.iter(|| {
            check_field(
                &catalog,
                today,
                Some(PlatformId::Facebook),
                Field::ClientId,
                black_box("1234567890123456\n"),
                &ctx,
            )
        })
    });
    c.bench_function("field/scope (typo + missing scope)", |b| {
        b.iter(|| {
            check_field(
                &catalog,
                today,
                Some(PlatformId::Twitter),
                Field::Scope,
                black_box("tweet.read,tweet.wrte,users.read"),
                &ctx,
            )
        })
    });
    c.bench_function("field/console_redirect_url (mismatch)", |b| {
        b.iter(|| {
            check_field(
                &catalog,
                today,
                Some(PlatformId::Twitter),
                Field::ConsoleRedirectUrl,
                black_box("https://api.acme.com/api/connect/x/callback/"),
                &ctx,
            )
        })
    });
    c.bench_function("file/six platforms, parse + check", |b| {
        b.iter(|| {
            let d = Deployment::parse(black_box(SIX_PLATFORMS)).expect("valid");
            check_deployment(&catalog, today, &d, &BTreeSet::new())
        })
    });
    c.bench_function("file/messy, parse + check", |b| {
        b.iter(|| {
            let d = Deployment::parse(black_box(MESSY)).expect("valid");
            check_deployment(&catalog, today, &d, &BTreeSet::new())
        })
    });
    // Done once per process (`Catalog::built_in` caches it), or when an override file loads.
    c.bench_function("catalog/parse and validate the built-in file", |b| {
        b.iter(|| Catalog::parse(black_box(CATALOG)).expect("valid"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
