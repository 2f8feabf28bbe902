//! The deployments in the data folder: `<id>.toml` (the deployment file, never with a secret)
//! and `<id>.state.toml` (bookkeeping for the fleet view).
//!
//! This module owns the [`Store`] value, the types it hands out, the secret store it holds
//! and the write lock. The files themselves are in `files` (listing, loading, creating,
//! renaming, setting corrupt files aside); the push/verification history of each deployment
//! is in `history`.

mod files;
mod history;

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::Serialize;
use socialmine_core::{Deployment, PlatformId, Secret};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::paths::AppDirs;
use crate::secrets::{SecretField, SecretStorageStatus, SecretStore};
use crate::state::{DeploymentState, Verification};

/// A deployment as loaded: its file (without secrets) and its bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StoredDeployment {
    pub id: DeploymentId,
    pub deployment: Deployment,
    pub state: DeploymentState,
}

/// The list of deployments, and any file that was set aside while reading it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct DeploymentList {
    /// Sorted by name.
    pub deployments: Vec<DeploymentListItem>,
    /// Files that could not be read; they were renamed, not deleted. Show them to the user.
    pub set_aside: Vec<SetAsideFile>,
}

/// One row of the deployment list and of the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeploymentListItem {
    pub id: DeploymentId,
    /// The name, or the API_PUBLIC_URL when it has none.
    pub name: String,
    pub api_public_url: String,
    /// Where the admin API answers (the admin URL, or API_PUBLIC_URL).
    pub admin_url: String,
    #[serde(with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub draft_saved_at: Option<OffsetDateTime>,
    #[serde(with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub last_pushed_at: Option<OffsetDateTime>,
    /// All six platforms, in the guide's order.
    pub platforms: Vec<PlatformStatus>,
}

/// One platform of one deployment, for the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlatformStatus {
    pub platform: PlatformId,
    /// Something is entered for it in the draft.
    pub in_draft: bool,
    /// The Graph API version in the draft (Meta platforms), to check against expiry dates.
    pub app_version: Option<String>,
    /// The draft differs from what was last pushed (or was never pushed, or its client secret
    /// changed since).
    pub unpushed_changes: bool,
    #[serde(with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub pushed_at: Option<OffsetDateTime>,
    /// The server's values differ from the draft; `None` when the server was never read.
    pub drift: Option<bool>,
    /// Whether the server has credentials saved / has it switched on, when last read.
    pub saved_on_server: Option<bool>,
    pub enabled_on_server: Option<bool>,
    #[ts(type = "number | null")]
    pub server_revision: Option<u64>,
    #[serde(with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub server_read_at: Option<OffsetDateTime>,
    pub last_verification: Option<Verification>,
}

/// A file that could not be read and was renamed out of the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SetAsideFile {
    /// The file's name before (`acme-3f9a1c.toml`).
    pub file_name: String,
    /// Its name now (`acme-3f9a1c.toml.corrupt-20261128T120000Z`), in the same folder.
    pub moved_to: String,
    /// The full path of the folder, to show the user.
    pub folder: String,
    /// What was wrong, naming the line and key when known.
    pub problem: String,
}

/// The deployments and their secrets. Cheap to share (`Arc<Store>`); all methods take `&self`.
pub struct Store {
    dirs: AppDirs,
    secrets: RwLock<Arc<SecretStore>>,
    write_lock: Mutex<()>,
    /// Files set aside by a scan whose caller was not [`Store::list`] (a name check); the next
    /// `list` reports them, so that none goes unmentioned.
    unreported: Mutex<Vec<SetAsideFile>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dirs", &self.dirs).finish()
    }
}

impl Store {
    /// Opens (and creates) the data folder, and removes temporary files left by a crash.
    pub fn open(dirs: AppDirs, secrets: SecretStore) -> Result<Store, StoreError> {
        dirs.ensure()
            .map_err(|e| StoreError::io("create the data folder", dirs.root(), e))?;
        let store = Store {
            dirs,
            secrets: RwLock::new(Arc::new(secrets)),
            write_lock: Mutex::new(()),
            unreported: Mutex::new(Vec::new()),
        };
        store.remove_stale_temp_files();
        Ok(store)
    }

    /// [`Store::open`] with the OS keyring under the profile's namespace, or, when it cannot be
    /// opened, a secret store that explains why on every use (see [`Store::secret_storage`]).
    pub fn open_with_keyring(dirs: AppDirs) -> Result<Store, StoreError> {
        let secrets = SecretStore::open_keyring_or_unavailable(&dirs.keyring_service());
        Store::open(dirs, secrets)
    }

    pub fn dirs(&self) -> &AppDirs {
        &self.dirs
    }

    /// The secret store in use.
    pub fn secrets(&self) -> Arc<SecretStore> {
        self.secrets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Where secrets are kept now, for the UI.
    pub fn secret_storage(&self) -> SecretStorageStatus {
        self.secrets().status()
    }

    /// Tries the OS keyring again (after the user unlocked or started it). On success, secrets
    /// kept in memory for this session move into the keyring. When the keyring still cannot be
    /// opened, the current secret store stays as it is and the reason is returned.
    pub fn retry_keyring(&self) -> Result<SecretStorageStatus, StoreError> {
        let keyring = SecretStore::open_keyring(&self.dirs.keyring_service())?;
        let _guard = self.lock();
        let current = self.secrets();
        for (user, secret) in current.memory_entries() {
            keyring.set_user_entry(&user, &secret)?;
        }
        self.replace_secrets(keyring);
        Ok(self.secret_storage())
    }

    /// Keeps secrets in memory for this session, forgotten when the app closes: offer it only
    /// when no keyring is available ([`SecretStorageMode::Unavailable`](crate::SecretStorageMode)).
    /// Does nothing when secrets already have a home (the keyring, or this session's memory),
    /// so that no stored secret becomes unreachable.
    pub fn use_session_only_secrets(&self) -> SecretStorageStatus {
        let _guard = self.lock();
        if self.secrets().mode() == crate::SecretStorageMode::Unavailable {
            self.replace_secrets(SecretStore::session_only(&self.dirs.keyring_service()));
        }
        self.secret_storage()
    }

    /// Puts the secret store opened in the background (the OS keyring, which may take its
    /// time) in place of the stand-in the data folder was opened with. A choice made meanwhile
    /// (secrets in memory for this session, or a keyring opened by a retry) is kept. Returns
    /// whether `s` was put in place.
    pub fn install_secret_store(&self, s: SecretStore) -> bool {
        let _guard = self.lock();
        if self.secrets().mode() != crate::SecretStorageMode::Unavailable {
            return false;
        }
        self.replace_secrets(s);
        true
    }

    fn replace_secrets(&self, s: SecretStore) {
        *self.secrets.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(s);
    }

    // ---- secrets ------------------------------------------------------------------------------

    /// Stores a secret of an existing deployment (an empty one deletes it).
    pub fn set_secret(
        &self,
        id: &DeploymentId,
        field: SecretField,
        secret: &Secret,
    ) -> Result<(), StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        self.secrets().set(id, field, secret)?;
        if let SecretField::ClientSecret(p) = field {
            let mut state = self.read_state_reporting(id);
            state
                .platforms
                .entry(p)
                .or_default()
                .secret_changed_since_push = true;
            self.write_state(id, &state)?;
        }
        Ok(())
    }

    /// Reads a secret of a deployment; `None` when none is stored.
    pub fn get_secret(
        &self,
        id: &DeploymentId,
        field: SecretField,
    ) -> Result<Option<Secret>, StoreError> {
        Ok(self.secrets().get(id, field)?)
    }

    /// Deletes one secret; returns whether there was one.
    pub fn delete_secret(&self, id: &DeploymentId, field: SecretField) -> Result<bool, StoreError> {
        Ok(self.secrets().delete(id, field)?)
    }

    /// Which secrets a deployment has (to show "saved in keyring" without revealing them).
    pub fn secrets_present(&self, id: &DeploymentId) -> Result<Vec<SecretField>, StoreError> {
        Ok(self.secrets().present(id)?)
    }

    // ---- internals (callers hold the write lock) --------------------------------------------

    pub(crate) fn lock(&self) -> MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A deployment file that was read.
pub(crate) type Loaded = (DeploymentId, Deployment);

/// Now, as RFC 3339 in UTC.
pub(crate) use crate::timestamp::now;

/// The name shown for a deployment: its name, or its API_PUBLIC_URL.
pub(crate) fn display_name(d: &Deployment) -> String {
    match d.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => d.api_public_url.trim().to_owned(),
    }
}
