//! Updates of the app itself (issue 14): where to ask for them. The check and the install are
//! the window's (`src-tauri/src/updater.rs`), because they run through Tauri's updater plugin;
//! this module only reads the setting.

use crate::state::AppState;

impl AppState {
    /// The update endpoint named in the settings (`update_endpoint` in `app.toml`), or `None`
    /// for the built-in default (also when there is no data folder). Reads one small file.
    pub fn update_endpoint(&self) -> Option<String> {
        self.persistence()
            .and_then(|p| p.store.settings().update_endpoint().map(str::to_owned))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_endpoint_comes_from_the_settings_and_blank_means_the_default() {
        let (state, root) = crate::test_app::app();
        assert_eq!(state.update_endpoint(), None);
        let store = &state
            .persistence()
            .unwrap_or_else(|| panic!("no data folder"))
            .store;
        store
            .update_settings(|s| {
                s.update_endpoint = Some(" http://127.0.0.1:9/latest.json ".into())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            state.update_endpoint().as_deref(),
            Some("http://127.0.0.1:9/latest.json")
        );
        store
            .update_settings(|s| s.update_endpoint = Some(String::new()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(state.update_endpoint(), None);
        let _ = std::fs::remove_dir_all(root);
    }
}
