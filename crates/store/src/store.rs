//! The deployments in the data folder: `<id>.toml` (the deployment file, never with a secret)
//! and `<id>.state.toml` (bookkeeping for the fleet view).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use socialmine_core::{Deployment, PlatformConfig, PlatformId, Secret};
use ts_rs::TS;

use crate::atomic::{TEMP_PREFIX, sync_dir, write_atomic};
use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::paths::AppDirs;
use crate::secrets::{SecretField, SecretStorageStatus, SecretStore};
use crate::state::{
    DeploymentState, ServerReading, Verification, VerificationOutcome, platform_fingerprint,
};

const DEPLOYMENT_EXT: &str = ".toml";
const STATE_EXT: &str = ".state.toml";
const SELECTION_FILE: &str = "selection.toml";

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
    pub draft_saved_at: Option<String>,
    pub last_pushed_at: Option<String>,
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
    pub pushed_at: Option<String>,
    /// The server's values differ from the draft; `None` when the server was never read.
    pub drift: Option<bool>,
    /// Whether the server has credentials saved / has it switched on, when last read.
    pub saved_on_server: Option<bool>,
    pub enabled_on_server: Option<bool>,
    #[ts(type = "number | null")]
    pub server_revision: Option<u64>,
    pub server_read_at: Option<String>,
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

/// Which deployment the app has open: the embedded practice server or a stored deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum Selection {
    /// The embedded sandbox (always there, never stored).
    Sandbox,
    Deployment(DeploymentId),
}

#[derive(Serialize, serde::Deserialize, Default)]
struct SelectionFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deployment: Option<String>,
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

    fn replace_secrets(&self, s: SecretStore) {
        *self.secrets.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(s);
    }

    // ---- listing and loading ----------------------------------------------------------------

    /// Every deployment, sorted by name. A file that cannot be read is set aside and reported
    /// in [`DeploymentList::set_aside`]; the others still load.
    pub fn list(&self) -> Result<DeploymentList, StoreError> {
        let _guard = self.lock();
        let (loaded, scanned) = self.scan()?;
        let mut set_aside: Vec<SetAsideFile> =
            std::mem::take(&mut *self.unreported.lock().unwrap_or_else(|p| p.into_inner()));
        set_aside.extend(scanned);
        let mut deployments = Vec::with_capacity(loaded.len());
        for (id, d) in loaded {
            let state = match self.read_state(&id) {
                Ok(s) => s,
                Err(f) => {
                    set_aside.push(f);
                    DeploymentState::default()
                }
            };
            deployments.push(list_item(id, &d, &state));
        }
        deployments.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        Ok(DeploymentList {
            deployments,
            set_aside,
        })
    }

    /// One deployment with its bookkeeping. A corrupt file is set aside and reported as
    /// [`StoreError::Corrupt`].
    pub fn load(&self, id: &DeploymentId) -> Result<StoredDeployment, StoreError> {
        let _guard = self.lock();
        let deployment = self.read_deployment_or_set_aside(id)?;
        let state = self.read_state_reporting(id);
        Ok(StoredDeployment {
            id: id.clone(),
            deployment,
            state,
        })
    }

    /// The deployment opened last ([`Selection::Sandbox`] when none was, or it is gone).
    pub fn selection(&self) -> Selection {
        let path = self.dirs.root().join(SELECTION_FILE);
        let saved = fs::read_to_string(path)
            .ok()
            .and_then(|t| toml::from_str::<SelectionFile>(&t).ok())
            .and_then(|f| f.deployment)
            .and_then(|id| DeploymentId::parse(&id).ok());
        match saved {
            Some(id) if self.deployment_path(&id).is_file() => Selection::Deployment(id),
            _ => Selection::Sandbox,
        }
    }

    /// Remembers which deployment is open (switching is one call).
    pub fn select(&self, selection: &Selection) -> Result<(), StoreError> {
        let _guard = self.lock();
        let file = match selection {
            Selection::Sandbox => SelectionFile::default(),
            Selection::Deployment(id) => {
                self.ensure_exists(id)?;
                SelectionFile {
                    deployment: Some(id.to_string()),
                }
            }
        };
        let path = self.dirs.root().join(SELECTION_FILE);
        let text = toml::to_string(&file).unwrap_or_default();
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("remember the open deployment", path, e))
    }

    // ---- changing deployments ---------------------------------------------------------------

    /// Adds a deployment; returns its new id. Needs a name not used by another deployment.
    /// Client secrets typed into `deployment` go to the secret store, never into the file.
    pub fn create(&self, deployment: Deployment) -> Result<DeploymentId, StoreError> {
        let _guard = self.lock();
        let name = required_name(&deployment)?;
        self.ensure_name_free(&name, None)?;
        self.create_locked(deployment)
    }

    pub(crate) fn create_locked(
        &self,
        mut deployment: Deployment,
    ) -> Result<DeploymentId, StoreError> {
        let name = display_name(&deployment);
        let id = loop {
            let id = DeploymentId::generate(&name);
            if !self.deployment_path(&id).exists() {
                break id;
            }
        };
        self.move_inline_secrets(&id, &mut deployment)?;
        if let Err(e) = self.write_deployment(&id, &deployment) {
            let _ = self.secrets().delete_all(&id);
            return Err(e);
        }
        let state = DeploymentState {
            draft_saved_at: Some(now()),
            ..DeploymentState::default()
        };
        self.write_state(&id, &state)?;
        Ok(id)
    }

    /// Saves the draft of an existing deployment atomically (autosave). Client secrets typed
    /// into `deployment` go to the secret store, never into the file. Renaming to a name another
    /// deployment has is refused.
    pub fn save_draft(&self, id: &DeploymentId, deployment: &Deployment) -> Result<(), StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        let name = display_name(deployment);
        self.ensure_name_free(&name, Some(id))?;
        let mut deployment = deployment.clone();
        let secret_platforms = self.move_inline_secrets(id, &mut deployment)?;
        self.write_deployment(id, &deployment)?;
        let mut state = self.read_state_reporting(id);
        state.draft_saved_at = Some(now());
        for p in secret_platforms {
            state
                .platforms
                .entry(p)
                .or_default()
                .secret_changed_since_push = true;
        }
        self.write_state(id, &state)
    }

    /// Renames a deployment. Its id (and so its keyring entries) stays the same.
    pub fn rename(&self, id: &DeploymentId, new_name: &str) -> Result<(), StoreError> {
        let _guard = self.lock();
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(StoreError::NameMissing);
        }
        let mut d = self.read_deployment_or_set_aside(id)?;
        self.ensure_name_free(new_name, Some(id))?;
        d.name = Some(new_name.to_owned());
        self.write_deployment(id, &d)
    }

    /// Copies a deployment under a new name, without its secrets and without its history.
    /// `new_name` defaults to `"<name> (copy)"` (numbered when taken).
    pub fn duplicate(
        &self,
        id: &DeploymentId,
        new_name: Option<&str>,
    ) -> Result<DeploymentId, StoreError> {
        let _guard = self.lock();
        let mut d = self.read_deployment_or_set_aside(id)?;
        let name = match new_name.map(str::trim) {
            Some("") => return Err(StoreError::NameMissing),
            Some(n) => {
                self.ensure_name_free(n, None)?;
                n.to_owned()
            }
            None => {
                let base = format!("{} (copy)", display_name(&d));
                let mut candidate = base.clone();
                let mut n = 2;
                while self.ensure_name_free(&candidate, None).is_err() {
                    candidate = format!("{} (copy {n})", display_name(&d));
                    n += 1;
                }
                candidate
            }
        };
        d.name = Some(name);
        for p in d.platforms.values_mut() {
            p.client_secret = None;
        }
        self.create_locked(d)
    }

    /// Deletes a deployment: first its secrets, then its files. Call it only after the user
    /// confirmed. When the secrets cannot be deleted (keyring locked) nothing is deleted.
    pub fn delete(&self, id: &DeploymentId) -> Result<(), StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        self.secrets().delete_all(id)?;
        self.remove_files(id)
    }

    pub(crate) fn remove_files(&self, id: &DeploymentId) -> Result<(), StoreError> {
        for path in [self.state_path(id), self.deployment_path(id)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io("delete the deployment file", path, e)),
            }
        }
        let dir = self.dirs.deployments_dir();
        sync_dir(&dir).map_err(|e| StoreError::io("flush the deployments folder", dir, e))
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

    // ---- bookkeeping for the fleet view -----------------------------------------------------

    /// The bookkeeping of a deployment (default when it has none yet).
    pub fn state(&self, id: &DeploymentId) -> Result<DeploymentState, StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        Ok(self.read_state_reporting(id))
    }

    /// Records that `platforms` were pushed to the server now, as they are in the saved draft.
    pub fn record_push(
        &self,
        id: &DeploymentId,
        platforms: &[PlatformId],
    ) -> Result<(), StoreError> {
        self.update_state(id, |d, state| {
            let at = now();
            state.last_pushed_at = Some(at.clone());
            for p in platforms {
                let fp = platform_fingerprint(&d.platforms.get(p).cloned().unwrap_or_default());
                let ps = state.platforms.entry(*p).or_default();
                ps.pushed_at = Some(at.clone());
                ps.pushed_fingerprint = Some(fp);
                ps.secret_changed_since_push = false;
            }
        })
    }

    /// Records what the server holds for a platform (its values without the secret).
    pub fn record_server_reading(
        &self,
        id: &DeploymentId,
        platform: PlatformId,
        revision: Option<u64>,
        saved: bool,
        enabled: bool,
        values: &PlatformConfig,
    ) -> Result<(), StoreError> {
        let reading = ServerReading {
            read_at: now(),
            revision,
            saved,
            enabled,
            fingerprint: platform_fingerprint(values),
        };
        self.update_state(id, |_, state| {
            state.platforms.entry(platform).or_default().server = Some(reading);
        })
    }

    /// Records the result of a verification. `summary` is shown in the fleet view; it must not
    /// contain a secret.
    pub fn record_verification(
        &self,
        id: &DeploymentId,
        platform: PlatformId,
        outcome: VerificationOutcome,
        summary: &str,
    ) -> Result<(), StoreError> {
        let v = Verification {
            at: now(),
            outcome,
            summary: summary.to_owned(),
        };
        self.update_state(id, |_, state| {
            state
                .platforms
                .entry(platform)
                .or_default()
                .last_verification = Some(v);
        })
    }

    fn update_state(
        &self,
        id: &DeploymentId,
        f: impl FnOnce(&Deployment, &mut DeploymentState),
    ) -> Result<(), StoreError> {
        let _guard = self.lock();
        let d = self.read_deployment_or_set_aside(id)?;
        let mut state = self.read_state_reporting(id);
        f(&d, &mut state);
        self.write_state(id, &state)
    }

    // ---- internals (callers hold the write lock) --------------------------------------------

    pub(crate) fn lock(&self) -> MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn deployment_path(&self, id: &DeploymentId) -> PathBuf {
        self.dirs
            .deployments_dir()
            .join(format!("{id}{DEPLOYMENT_EXT}"))
    }

    fn state_path(&self, id: &DeploymentId) -> PathBuf {
        self.dirs.deployments_dir().join(format!("{id}{STATE_EXT}"))
    }

    pub(crate) fn ensure_exists(&self, id: &DeploymentId) -> Result<(), StoreError> {
        if self.deployment_path(id).is_file() {
            Ok(())
        } else {
            Err(StoreError::NotFound { id: id.to_string() })
        }
    }

    /// Every readable deployment; unreadable files are set aside and returned separately.
    pub(crate) fn scan(&self) -> Result<(Vec<Loaded>, Vec<SetAsideFile>), StoreError> {
        let dir = self.dirs.deployments_dir();
        let entries = fs::read_dir(&dir)
            .map_err(|e| StoreError::io("read the deployments folder", &dir, e))?;
        let mut ids = Vec::new();
        let mut bad_names = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| StoreError::io("read the deployments folder", &dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(STATE_EXT) {
                continue;
            }
            let Some(stem) = name.strip_suffix(DEPLOYMENT_EXT) else {
                continue;
            };
            match DeploymentId::parse(stem) {
                Ok(id) => ids.push(id),
                // A hand-placed file whose name cannot be an id: set it aside and say so.
                Err(e) => bad_names.push((entry.path(), e.to_string())),
            }
        }
        let mut set_aside = Vec::new();
        for (path, problem) in bad_names {
            let problem = format!(
                "its name cannot be a deployment id ({problem}); import it instead of copying it \
                 into the folder"
            );
            set_aside.push(self.set_aside_or_report(&path, &problem));
        }
        ids.sort();
        let mut loaded = Vec::new();
        for id in ids {
            match self.read_deployment(&id) {
                Ok(d) => loaded.push((id, d)),
                Err(ReadProblem::Missing) => {}
                // One unreadable file must not hide the others.
                Err(ReadProblem::Io(e)) => {
                    let problem = format!("the file could not be read ({e})");
                    set_aside.push(self.set_aside_or_report(&self.deployment_path(&id), &problem));
                }
                Err(ReadProblem::Corrupt(problem)) => {
                    set_aside.push(self.set_aside_or_report(&self.deployment_path(&id), &problem));
                }
            }
        }
        Ok((loaded, set_aside))
    }

    fn read_deployment(&self, id: &DeploymentId) -> Result<Deployment, ReadProblem> {
        let path = self.deployment_path(id);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadProblem::Missing),
            Err(e) => return Err(ReadProblem::Io(e)),
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            ReadProblem::Corrupt("the file is not UTF-8 text (it may be damaged)".to_owned())
        })?;
        Deployment::parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
            .map_err(|e| ReadProblem::Corrupt(e.to_string()))
    }

    pub(crate) fn read_deployment_or_set_aside(
        &self,
        id: &DeploymentId,
    ) -> Result<Deployment, StoreError> {
        match self.read_deployment(id) {
            Ok(d) => Ok(d),
            Err(ReadProblem::Missing) => Err(StoreError::NotFound { id: id.to_string() }),
            Err(ReadProblem::Io(e)) => Err(StoreError::io(
                "read a deployment file",
                self.deployment_path(id),
                e,
            )),
            Err(ReadProblem::Corrupt(problem)) => {
                let f = self.set_aside(&self.deployment_path(id), &problem)?;
                Err(StoreError::Corrupt {
                    file_name: f.file_name,
                    moved_to: f.moved_to,
                    problem: f.problem,
                })
            }
        }
    }

    /// The state side file, or the default; a corrupt one is set aside and reported by the
    /// next [`Store::list`].
    fn read_state_reporting(&self, id: &DeploymentId) -> DeploymentState {
        self.read_state(id).unwrap_or_else(|f| {
            self.unreported
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(f);
            DeploymentState::default()
        })
    }

    /// The state side file; a corrupt one is set aside and reported.
    fn read_state(&self, id: &DeploymentId) -> Result<DeploymentState, SetAsideFile> {
        let path = self.state_path(id);
        let problem = match fs::read(&path) {
            Err(_) => return Ok(DeploymentState::default()),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "the file is not UTF-8 text (it may be damaged)".to_owned(),
                Ok(text) => match toml::from_str::<DeploymentState>(&text) {
                    Ok(s) => return Ok(s),
                    Err(e) => format!(
                        "the bookkeeping file is not valid ({}); the deployment itself is fine, only \
                         its push and verification history was reset",
                        e.message()
                    ),
                },
            },
        };
        match self.set_aside(&path, &problem) {
            Ok(f) => Err(f),
            Err(_) => Ok(DeploymentState::default()),
        }
    }

    pub(crate) fn write_deployment(
        &self,
        id: &DeploymentId,
        d: &Deployment,
    ) -> Result<(), StoreError> {
        let path = self.deployment_path(id);
        // `to_toml_without_secrets` never writes a client secret; clear them anyway so that a
        // change in the core crate cannot make this file hold one.
        let mut clean = d.clone();
        for p in clean.platforms.values_mut() {
            p.client_secret = None;
        }
        let text = format!(
            "# SocialMine Setup deployment file. Secrets are not kept here but in the system keyring.\n{}",
            clean.to_toml_without_secrets()
        );
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the deployment file", path, e))
    }

    fn write_state(&self, id: &DeploymentId, s: &DeploymentState) -> Result<(), StoreError> {
        let path = self.state_path(id);
        let text = toml::to_string(s).map_err(|e| {
            StoreError::io(
                "save the deployment's bookkeeping",
                &path,
                io::Error::other(e.to_string()),
            )
        })?;
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the deployment's bookkeeping", path, e))
    }

    pub(crate) fn write_fresh_state(&self, id: &DeploymentId) -> Result<(), StoreError> {
        self.write_state(
            id,
            &DeploymentState {
                draft_saved_at: Some(now()),
                ..DeploymentState::default()
            },
        )
    }

    /// Moves client secrets typed into a deployment to the secret store; returns the platforms
    /// whose secret was set.
    pub(crate) fn move_inline_secrets(
        &self,
        id: &DeploymentId,
        d: &mut Deployment,
    ) -> Result<Vec<PlatformId>, StoreError> {
        let secrets = self.secrets();
        let mut moved = Vec::new();
        for (p, cfg) in d.platforms.iter_mut() {
            if let Some(s) = cfg.client_secret.take()
                && !s.is_empty()
            {
                secrets.set(id, SecretField::ClientSecret(*p), &s)?;
                moved.push(*p);
            }
        }
        Ok(moved)
    }

    /// `Ok` when no deployment other than `except` is called `name` (case-insensitively).
    pub(crate) fn ensure_name_free(
        &self,
        name: &str,
        except: Option<&DeploymentId>,
    ) -> Result<(), StoreError> {
        match self.find_by_name(name)? {
            Some(other) if Some(&other) != except => Err(StoreError::NameTaken {
                name: name.trim().to_owned(),
            }),
            _ => Ok(()),
        }
    }

    pub(crate) fn find_by_name(&self, name: &str) -> Result<Option<DeploymentId>, StoreError> {
        let wanted = name.trim().to_lowercase();
        let (loaded, set_aside) = self.scan()?;
        self.unreported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(set_aside);
        Ok(loaded
            .into_iter()
            .find(|(_, d)| display_name(d).to_lowercase() == wanted)
            .map(|(id, _)| id))
    }

    /// [`Store::set_aside`], or when even renaming fails, a report that leaves the file where
    /// it is.
    fn set_aside_or_report(&self, path: &Path, problem: &str) -> SetAsideFile {
        self.set_aside(path, problem).unwrap_or_else(|e| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            SetAsideFile {
                moved_to: file_name.clone(),
                file_name,
                folder: path
                    .parent()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
                problem: format!("{problem}. It could not be moved aside either: {e}"),
            }
        })
    }

    fn set_aside(&self, path: &Path, problem: &str) -> Result<SetAsideFile, StoreError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap_or_else(|_| "unknown-time".to_owned());
        let mut moved_to = format!("{file_name}.corrupt-{stamp}");
        let mut n = 2;
        while dir.join(&moved_to).exists() {
            moved_to = format!("{file_name}.corrupt-{stamp}-{n}");
            n += 1;
        }
        fs::rename(path, dir.join(&moved_to))
            .map_err(|e| StoreError::io("set a corrupt file aside", path, e))?;
        sync_dir(dir).map_err(|e| StoreError::io("flush the deployments folder", dir, e))?;
        Ok(SetAsideFile {
            file_name,
            moved_to,
            folder: dir.display().to_string(),
            problem: problem.to_owned(),
        })
    }

    fn remove_stale_temp_files(&self) {
        let Ok(entries) = fs::read_dir(self.dirs.deployments_dir()) else {
            return;
        };
        let cutoff = SystemTime::now() - Duration::from_secs(600);
        for e in entries.flatten() {
            let stale = e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < cutoff);
            if stale {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// A deployment file that was read.
pub(crate) type Loaded = (DeploymentId, Deployment);

enum ReadProblem {
    Missing,
    Io(io::Error),
    Corrupt(String),
}

/// Now, as RFC 3339 in UTC.
pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The name shown for a deployment: its name, or its API_PUBLIC_URL.
pub(crate) fn display_name(d: &Deployment) -> String {
    match d.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => d.api_public_url.trim().to_owned(),
    }
}

fn required_name(d: &Deployment) -> Result<String, StoreError> {
    match d.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => Ok(n.to_owned()),
        _ => Err(StoreError::NameMissing),
    }
}

fn list_item(id: DeploymentId, d: &Deployment, state: &DeploymentState) -> DeploymentListItem {
    let platforms = PlatformId::ALL
        .into_iter()
        .map(|p| {
            let draft = d.platforms.get(&p);
            let in_draft = draft.is_some_and(|c| !c.is_blank());
            let draft_fp = platform_fingerprint(&draft.cloned().unwrap_or_default());
            let ps = state.platforms.get(&p).cloned().unwrap_or_default();
            let unpushed_changes = match &ps.pushed_fingerprint {
                None => in_draft,
                Some(fp) => *fp != draft_fp,
            } || ps.secret_changed_since_push;
            PlatformStatus {
                platform: p,
                in_draft,
                app_version: draft
                    .and_then(|c| c.app_version.clone())
                    .filter(|v| !v.trim().is_empty()),
                unpushed_changes,
                pushed_at: ps.pushed_at.clone(),
                drift: ps.server.as_ref().map(|s| s.fingerprint != draft_fp),
                saved_on_server: ps.server.as_ref().map(|s| s.saved),
                enabled_on_server: ps.server.as_ref().map(|s| s.enabled),
                server_revision: ps.server.as_ref().and_then(|s| s.revision),
                server_read_at: ps.server.as_ref().map(|s| s.read_at.clone()),
                last_verification: ps.last_verification.clone(),
            }
        })
        .collect();
    DeploymentListItem {
        id,
        name: display_name(d),
        api_public_url: d.api_public_url.clone(),
        admin_url: d.admin_base().to_owned(),
        draft_saved_at: state.draft_saved_at.clone(),
        last_pushed_at: state.last_pushed_at.clone(),
        platforms,
    }
}
