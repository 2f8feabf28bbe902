//! The wizard's progress of each deployment: how far the admin got in each platform's steps.
//! Kept in `wizard/<id>.toml` in the data folder, apart from the deployment files (every
//! `.toml` in the deployments folder is read as a deployment).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use socialmine_core::PlatformId;
use ts_rs::TS;

use crate::atomic::write_atomic;
use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::store::Store;

/// How far the admin got in one platform's wizard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PlatformProgress {
    /// The step shown last (0-based).
    pub step: u32,
    /// The default scopes the admin has confirmed in the console.
    pub scopes_confirmed: Vec<String>,
    /// Whether the admin reached the wizard's last step at least once.
    pub finished: bool,
}

/// The progress of every platform of one deployment.
pub type WizardProgress = BTreeMap<PlatformId, PlatformProgress>;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct WizardFile {
    progress: WizardProgress,
}

impl Store {
    fn wizard_path(&self, id: &DeploymentId) -> PathBuf {
        self.dirs()
            .root()
            .join("wizard")
            .join(format!("{}.toml", id.as_str()))
    }

    /// The deployment's wizard progress (empty when none was saved or the file is unreadable).
    pub fn wizard_progress(&self, id: &DeploymentId) -> WizardProgress {
        std::fs::read_to_string(self.wizard_path(id))
            .ok()
            .and_then(|t| toml::from_str::<WizardFile>(&t).ok())
            .map(|w| w.progress)
            .unwrap_or_default()
    }

    /// Saves the deployment's wizard progress (atomically).
    pub fn save_wizard_progress(
        &self,
        id: &DeploymentId,
        progress: &WizardProgress,
    ) -> Result<(), StoreError> {
        let path = self.wizard_path(id);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::io("create the wizard's folder", dir, e))?;
        }
        let file = WizardFile {
            progress: progress.clone(),
        };
        let text = toml::to_string(&file).unwrap_or_default();
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the wizard's progress", path, e))
    }

    /// Forgets a deleted deployment's progress (and that it was the one open last).
    pub fn forget_wizard_progress(&self, id: &DeploymentId) {
        let _ = std::fs::remove_file(self.wizard_path(id));
        let _ = self.update_settings(|s| {
            if s.current.as_deref() == Some(id.as_str()) {
                s.current = None;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppDirs, Profile, SecretStore};
    use socialmine_core::Deployment;

    #[test]
    fn progress_survives_listing_the_deployments_and_is_forgotten_on_request() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dirs = AppDirs::at(Profile::new_test(), dir.path());
        let store =
            Store::open(dirs, SecretStore::session_only("t")).unwrap_or_else(|e| panic!("{e}"));
        let mut d = Deployment::new("https://api.acme.com");
        d.name = Some("Acme".into());
        let id = store.create(d).unwrap_or_else(|e| panic!("{e}"));
        let mut progress = WizardProgress::new();
        progress.insert(
            PlatformId::Twitter,
            PlatformProgress {
                step: 3,
                ..Default::default()
            },
        );
        store
            .save_wizard_progress(&id, &progress)
            .unwrap_or_else(|e| panic!("{e}"));
        let list = store.list().unwrap_or_else(|e| panic!("{e}"));
        assert!(list.set_aside.is_empty(), "{:?}", list.set_aside);
        assert_eq!(store.wizard_progress(&id), progress);
        store.forget_wizard_progress(&id);
        assert!(store.wizard_progress(&id).is_empty());
    }
}
