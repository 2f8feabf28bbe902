//! Tests of the catalog in use: the built-in one, a developer's unofficial file, a signed
//! update, the 45-day notice and the daily background check (offline).

use std::path::PathBuf;
use std::sync::Arc;

use socialmine_core::{Catalog, CatalogOrigin, Date};
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store};

use super::*;
use crate::clock::SystemClock;
use crate::persist::Persistence;

/// An app over a fresh data folder (test profile) with the catalog loaded as the window does.
fn app(prepare: impl FnOnce(&Store)) -> (AppState, PathBuf) {
    let root = std::env::temp_dir().join(format!(
        "sm-catalog-test-{}-{}",
        std::process::id(),
        DeploymentId::generate("t").as_str()
    ));
    let dirs = AppDirs::at(Profile::new_test(), &root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let store = Store::open(dirs, secrets).unwrap();
    prepare(&store);
    let catalog = CatalogCell::load(Some(&store));
    let p = Persistence {
        store: store.into(),
    };
    let state = AppState::over(catalog, Arc::new(SystemClock), p);
    (state, root)
}

const BUILT_IN: &str = include_str!("../../core/data/catalog.toml");

fn plus(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + days)
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// An address on this machine where nothing listens: the computer is "offline".
fn offline_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/catalog.toml")
}

fn block_on<T>(f: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn point_updates_at(store: &Store, url: &str) {
    store
        .update_settings(|s| s.catalog.update_url = Some(url.to_owned()))
        .unwrap();
}

#[test]
fn the_built_in_catalog_is_used_and_an_unsigned_drop_in_is_only_reported() {
    let (state, root) = app(|store| {
        let text = BUILT_IN.replacen("checked = ", "checked = \"2099-01-01\"\n# ", 1);
        std::fs::write(store.dirs().root().join("catalog.toml"), text).unwrap();
    });
    let in_use = state.catalog.get();
    assert_eq!(in_use.origin, CatalogOrigin::BuiltIn);
    assert_eq!(in_use.catalog, Catalog::built_in());
    assert!(
        in_use.notes.iter().any(|n| n.contains("no signature")),
        "{:?}",
        in_use.notes
    );
    let view = state.catalog_view(day(&Catalog::built_in().checked));
    assert_eq!(view.status.checked, Catalog::built_in().checked);
    assert_eq!(view.status.unofficial_banner, None);
    assert!(view.auto_check, "the background check is on by default");
    assert!(view.can_update);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn the_developer_setting_uses_an_unofficial_file_and_says_so() {
    let file = std::env::temp_dir().join(format!(
        "sm-unofficial-{}-{}.toml",
        std::process::id(),
        DeploymentId::generate("u").as_str()
    ));
    std::fs::write(&file, BUILT_IN).unwrap();
    let (state, root) = app(|store| {
        store
            .update_settings(|s| s.catalog.unofficial_file = Some(file.clone()))
            .unwrap();
    });
    assert_eq!(state.catalog.get().origin, CatalogOrigin::Unofficial);
    let view = state.catalog_view(day("2026-12-02"));
    let banner = view
        .status
        .unofficial_banner
        .expect("the unofficial banner");
    assert!(banner.contains("Unofficial provider facts"), "{banner}");
    assert!(banner.contains(&file.display().to_string()), "{banner}");
    std::fs::remove_dir_all(root).ok();
    std::fs::remove_file(file).ok();
}

#[test]
fn the_stale_notice_follows_the_injected_date() {
    let (state, root) = app(|_| {});
    let checked = day(&Catalog::built_in().checked);
    let fresh = state.catalog_view(plus(checked, 10));
    assert_eq!(fresh.status.stale, None);
    let stale = state.catalog_view(plus(checked, 46)).status.stale;
    let notice = stale.expect("the 45-day notice");
    assert_eq!(notice.code, "catalog_stale");
    assert_eq!(notice.days_old, 46);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn the_background_check_runs_once_a_day_and_offline_changes_nothing() {
    let url = offline_url();
    let (state, root) = app(|store| point_updates_at(store, &url));
    let today = day("2026-12-20");
    let before = state.catalog.get();

    assert_eq!(block_on(state.background_catalog_check(today)), None);
    let settings = state.persistence().unwrap().store.settings().catalog;
    assert_eq!(settings.last_check.as_deref(), Some("2026-12-20"));
    assert!(!settings.background_check_due(today), "not again today");
    assert!(
        settings.background_check_due(plus(today, 1)),
        "due tomorrow"
    );
    assert_eq!(
        *state.catalog.get(),
        *before,
        "offline: the catalog is unchanged"
    );

    // Not due again the same day: nothing is tried (the day stays as it was).
    assert_eq!(block_on(state.background_catalog_check(today)), None);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_switched_off_background_check_looks_for_nothing() {
    let url = offline_url();
    let (state, root) = app(|store| point_updates_at(store, &url));
    let today = day("2026-12-20");
    let view = state.set_catalog_auto_check(false, today).unwrap();
    assert!(!view.auto_check);
    assert_eq!(block_on(state.background_catalog_check(today)), None);
    let settings = state.persistence().unwrap().store.settings().catalog;
    assert_eq!(settings.last_check, None, "no check was made");
    assert!(
        state
            .set_catalog_auto_check(true, today)
            .unwrap()
            .auto_check
    );
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn check_for_updates_offline_is_a_plain_error_and_keeps_the_facts() {
    let url = offline_url();
    let (state, root) = app(|store| point_updates_at(store, &url));
    let today = day("2026-12-20");
    let err = block_on(state.check_for_catalog_update(today)).unwrap_err();
    assert_eq!(err.code, "download_failed", "{err:?}");
    assert!(err.message.contains("unchanged"), "{}", err.message);
    assert_eq!(state.catalog.get().origin, CatalogOrigin::BuiltIn);
    // The explicit check is not the background one: the day is not recorded.
    let settings = state.persistence().unwrap().store.settings().catalog;
    assert_eq!(settings.last_check, None);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn without_a_data_folder_there_is_no_update_and_no_background_check() {
    let state = AppState::new(Catalog::built_in(), Arc::new(SystemClock));
    let today = day("2026-12-20");
    let view = state.catalog_view(today);
    assert!(!view.can_update && !view.auto_check);
    assert_eq!(block_on(state.background_catalog_check(today)), None);
    let err = block_on(state.check_for_catalog_update(today)).unwrap_err();
    assert_eq!(err.code, "no_data_folder");
}
