//! The app's settings file (`app.toml` in the data folder): which deployment is the practice
//! one (the embedded sandbox's), which one was open last, and the provider-facts settings
//! (`[catalog]`: update address, daily background check). Small, written atomically.

use serde::{Deserialize, Serialize};
use socialmine_core::Deployment;

use crate::atomic::write_atomic;
use crate::catalog_update::CatalogSettings;
use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::paths::AppDirs;
use crate::store::Store;

const SETTINGS_FILE: &str = "app.toml";

/// What `app.toml` holds. Unknown or unreadable contents read as the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// The practice deployment's id.
    pub sandbox: Option<String>,
    /// The deployment open last.
    pub current: Option<String>,
    /// Provider-facts updates: where from, whether to look daily (see [`CatalogSettings`]).
    pub catalog: CatalogSettings,
    /// Seconds after which a client secret copied by the app is cleared from the clipboard
    /// (if it is still there); [`DEFAULT_CLIPBOARD_CLEAR_SECONDS`] when unset.
    pub clipboard_clear_seconds: Option<u64>,
}

/// How long a copied secret stays on the clipboard unless the settings say otherwise.
pub const DEFAULT_CLIPBOARD_CLEAR_SECONDS: u64 = 30;

/// The shortest and longest times the clipboard setting accepts (a value outside is brought
/// within them).
pub const CLIPBOARD_CLEAR_SECONDS_RANGE: std::ops::RangeInclusive<u64> = 1..=600;

impl AppSettings {
    pub fn sandbox_id(&self) -> Option<DeploymentId> {
        self.sandbox
            .as_deref()
            .and_then(|s| DeploymentId::parse(s).ok())
    }

    /// How long a copied secret stays on the clipboard.
    pub fn clipboard_clear_after(&self) -> std::time::Duration {
        let secs = self
            .clipboard_clear_seconds
            .unwrap_or(DEFAULT_CLIPBOARD_CLEAR_SECONDS)
            .clamp(
                *CLIPBOARD_CLEAR_SECONDS_RANGE.start(),
                *CLIPBOARD_CLEAR_SECONDS_RANGE.end(),
            );
        std::time::Duration::from_secs(secs)
    }

    pub fn current_id(&self) -> Option<DeploymentId> {
        self.current
            .as_deref()
            .and_then(|s| DeploymentId::parse(s).ok())
    }
}

/// The settings as saved, read without opening the store (creates nothing; the defaults when
/// there is no file or it cannot be read). For read-only commands such as `check`.
pub fn read_settings(dirs: &AppDirs) -> AppSettings {
    std::fs::read_to_string(dirs.root().join(SETTINGS_FILE))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

impl Store {
    /// The settings as saved (the defaults when there is no file or it cannot be read).
    pub fn settings(&self) -> AppSettings {
        read_settings(self.dirs())
    }

    /// Changes the settings with `f`; writes only when something changed.
    pub fn update_settings(&self, f: impl FnOnce(&mut AppSettings)) -> Result<(), StoreError> {
        let before = self.settings();
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return Ok(());
        }
        let path = self.dirs().root().join(SETTINGS_FILE);
        let text = toml::to_string(&after).unwrap_or_default();
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the app settings", path, e))
    }

    /// Whether `id` is the practice deployment.
    pub fn is_practice_deployment(&self, id: &str) -> bool {
        self.settings().sandbox.as_deref() == Some(id)
    }

    /// The practice deployment's id, created (named `name`, with `api_public_url`) on first use;
    /// a practice deployment of an earlier run whose settings were lost is reused.
    pub fn ensure_practice_deployment(
        &self,
        name: &str,
        api_public_url: &str,
    ) -> Result<DeploymentId, StoreError> {
        if let Some(id) = self.settings().sandbox_id()
            && self.load(&id).is_ok()
        {
            return Ok(id);
        }
        let mut d = Deployment::new(api_public_url);
        d.name = Some(name.to_owned());
        let id = match self.create(d) {
            Ok(id) => id,
            Err(StoreError::NameTaken { .. }) => self
                .list()?
                .deployments
                .into_iter()
                .find(|d| d.name == name)
                .map(|item| item.id)
                .ok_or_else(|| StoreError::NameTaken {
                    name: name.to_owned(),
                })?,
            Err(e) => return Err(e),
        };
        self.update_settings(|s| s.sandbox = Some(id.as_str().to_owned()))?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppDirs, Profile, SecretStore};

    fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dirs = AppDirs::at(Profile::new_test(), dir.path());
        let store =
            Store::open(dirs, SecretStore::session_only("t")).unwrap_or_else(|e| panic!("{e}"));
        (store, dir)
    }

    #[test]
    fn the_clipboard_clears_after_30_seconds_unless_the_settings_say_otherwise() {
        let (store, _dir) = store();
        assert_eq!(
            store.settings().clipboard_clear_after(),
            std::time::Duration::from_secs(30)
        );
        store
            .update_settings(|s| s.clipboard_clear_seconds = Some(5))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            store.settings().clipboard_clear_after(),
            std::time::Duration::from_secs(5)
        );
        let never = AppSettings {
            clipboard_clear_seconds: Some(0),
            ..AppSettings::default()
        };
        assert_eq!(
            never.clipboard_clear_after(),
            std::time::Duration::from_secs(1),
            "a copied secret is always cleared"
        );
    }

    #[test]
    fn the_practice_deployment_is_made_once_and_found_again_when_the_settings_are_lost() {
        let (store, dir) = store();
        let id = store
            .ensure_practice_deployment("Practice", "https://api.example.com")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(store.is_practice_deployment(id.as_str()));
        assert_eq!(
            store
                .ensure_practice_deployment("Practice", "https://api.example.com")
                .ok(),
            Some(id.clone())
        );
        std::fs::remove_file(dir.path().join(SETTINGS_FILE)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.settings(), AppSettings::default());
        assert_eq!(
            store
                .ensure_practice_deployment("Practice", "https://api.example.com")
                .ok(),
            Some(id)
        );
        assert_eq!(store.list().map(|l| l.deployments.len()).ok(), Some(1));
    }

    #[test]
    fn an_unchanged_setting_is_not_written() {
        let (store, dir) = store();
        store
            .update_settings(|_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!dir.path().join(SETTINGS_FILE).exists());
        store
            .update_settings(|s| s.current = Some("acme-abc123".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            store.settings().current_id().map(|i| i.to_string()),
            Some("acme-abc123".into())
        );
    }
}
