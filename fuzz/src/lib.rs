//! Fuzzing on the stable toolchain (issue 13, item 13).
//!
//! `cargo fuzz` needs nightly, so this crate is its own small fuzzer: for each target it runs
//! the committed seed corpus (`fuzz/corpus/<target>/`), then random mutations of it
//! ([`mutate`]) for a set time, counting executions. No coverage feedback (that needs compiler
//! instrumentation); breadth comes from target dictionaries and splicing.
//!
//! - [`targets::all`]: deployment TOML, `.env` import, bundle import and bundle payloads,
//!   catalog parsing, URL normalisation and comparison, scope strings, every field validator.
//! - [`runner::run`]: one target for a duration; a panic (of the code or of a property the
//!   target asserts) is a crash, saved under `fuzz/artifacts/<target>/`.
//! - Crashes become regression tests: copy the file to `fuzz/regressions/<target>/`;
//!   `tests/regressions.rs` replays every corpus and regression file on every `cargo test`.
//!
//! `make fuzz` (or `cargo run -p socialmine-fuzz -- --seconds 30`) runs every target and
//! prints executions per target; `FUZZ_SECONDS` sets the time per target, `FUZZ_SEED` the seed.

pub mod mutate;
pub mod runner;
pub mod targets;

use std::path::PathBuf;

/// `fuzz/` in the source tree (corpora, regressions, artifacts).
pub fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
