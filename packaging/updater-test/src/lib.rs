//! The app's updater module, compiled on its own for its tests (tests/updater.rs).
#[path = "../../../src-tauri/src/updater.rs"]
pub mod updater;
