//! Keeping the work: the deployment in use is loaded from and saved to the store
//! (`socialmine-store`: TOML files written atomically, secrets in the OS keyring, the wizard's
//! progress and the app's settings). This module only maps a [`Workspace`] onto the store.

use std::path::PathBuf;
use std::sync::Arc;

use socialmine_core::{PlatformId, Secret};
use socialmine_store::{
    AppDirs, DeploymentId, HeldLock, LockError, Profile, SecretField, SecretStorageMode,
    SecretStore, SecretStoreError, Store, StoreError,
};

use crate::view::SaveState;
use crate::workspace::{RemoteState, Workspace};

/// The practice deployment's name; its API_PUBLIC_URL starts as [`SANDBOX_PUBLIC_URL`].
pub const SANDBOX_NAME: &str = "Sandbox (practice server)";
pub const SANDBOX_PUBLIC_URL: &str = "https://api.example.com";

pub struct Persistence {
    /// Shared with the admin client, which keeps its token in the keyring through it.
    pub store: Arc<Store>,
}

/// Opens a secret store; may block (a locked keyring waits for an unlock prompt).
pub type SecretsOpener = Box<dyn FnOnce(&str) -> SecretStore + Send>;

/// What start-up opens, in two steps: the data folder (a few small files: the first screen
/// needs it at once) and the secret store (the OS keyring, which may keep it waiting: its
/// status fills in later).
pub struct StorageOpener {
    /// The data folder, or why there is none.
    pub dirs: Result<AppDirs, String>,
    /// Called with the keyring service name, off the first screen's path.
    pub open_secrets: SecretsOpener,
}

impl StorageOpener {
    /// This build's profile (release, dev, or `SOCIALMINE_PROFILE`) and the OS keyring, given
    /// up on after [`KEYRING_WAIT`].
    pub fn system() -> StorageOpener {
        let dirs = Profile::from_env_or_build()
            .map_err(|e| e.to_string())
            .and_then(|profile| {
                AppDirs::resolve(profile).map_err(|e| {
                    format!("The app's data folder could not be found or created: {e}. Check that HOME is set and writable.")
                })
            });
        StorageOpener {
            dirs,
            open_secrets: Box::new(|service| open_keyring_in_time(service, KEYRING_WAIT)),
        }
    }
}

impl Persistence {
    /// The data folder of this build's profile (release, dev, or `SOCIALMINE_PROFILE`).
    pub fn dirs() -> Result<AppDirs, String> {
        let profile = Profile::from_env_or_build().map_err(|e| e.to_string())?;
        AppDirs::resolve(profile).map_err(|e| {
            format!("The app's data folder could not be found or created: {e}. Check that HOME is set and writable.")
        })
    }

    /// Opens the data folder with the keyring not opened yet: until the secret store is
    /// installed ([`Store::install_secret_store`]), secrets read as unavailable ("still
    /// opening"). Touches files only.
    pub fn open_files(dirs: AppDirs) -> Result<Persistence, String> {
        let service = dirs.keyring_service();
        let opening = SecretStore::unavailable(
            &service,
            SecretStoreError::Locked {
                detail: "the system keyring is still opening".to_owned(),
            },
        );
        let store = Store::open(dirs, opening).map_err(|e| e.to_string())?;
        Ok(Persistence {
            store: Arc::new(store),
        })
    }

    pub fn data_dir(&self) -> PathBuf {
        self.store.dirs().root().to_path_buf()
    }

    /// The practice deployment's id, created on first use.
    pub fn sandbox_id(&self) -> Result<DeploymentId, StoreError> {
        self.store
            .ensure_practice_deployment(SANDBOX_NAME, SANDBOX_PUBLIC_URL)
    }

    /// The practice deployment's id as recorded, without creating it.
    pub fn settings_sandbox_id(&self) -> Option<DeploymentId> {
        self.store.settings().sandbox_id()
    }

    /// Whether `id` is the practice deployment.
    pub fn is_sandbox(&self, id: &str) -> bool {
        self.store.is_practice_deployment(id)
    }

    /// The deployment that was open last, or the practice one.
    pub fn load_current(&self) -> Result<Workspace, StoreError> {
        if let Some(id) = self.store.settings().current_id()
            && let Ok(ws) = self.load(&id)
        {
            return Ok(ws);
        }
        let id = self.sandbox_id()?;
        self.load(&id)
    }

    /// Loads a deployment with its secrets, wizard progress and what the server last said.
    pub fn load(&self, id: &DeploymentId) -> Result<Workspace, StoreError> {
        let stored = self.store.load(id)?;
        let mut ws = Workspace::new(id.as_str(), stored.deployment);
        // Without a secret store (still opening, or none) there is nothing to read.
        let readable = self.store.secrets().mode() != SecretStorageMode::Unavailable;
        for p in PlatformId::ALL {
            let secret = if readable {
                self.store.get_secret(id, SecretField::ClientSecret(p))
            } else {
                Ok(None)
            };
            match secret {
                Ok(Some(secret)) => {
                    ws.secrets.insert(p, secret);
                }
                Ok(None) => {}
                // Without a usable keyring the draft still opens; the window says why secrets
                // are missing and how to fix it (and nothing deletes the stored ones meanwhile).
                Err(StoreError::Secrets(e)) => {
                    tracing::warn!("the {p} client secret of {id} could not be read: {e}");
                }
                Err(e) => return Err(e),
            }
            if let Some(ps) = stored.state.platforms.get(&p) {
                if ps.secret_changed_since_push {
                    ws.new_secrets.insert(p);
                }
                if let Some(server) = &ps.server {
                    ws.remote.insert(
                        p,
                        RemoteState {
                            saved: server.saved,
                            enabled: server.enabled,
                        },
                    );
                }
            }
        }
        ws.progress = self.store.wizard_progress(id);
        // Scopes ticked in the wizard before its ticks were the deployment's checklist.
        for (p, progress) in &ws.progress {
            ws.deployment
                .checklist
                .adopt_confirmed_scopes(*p, &progress.scopes_confirmed, None);
        }
        self.store
            .update_settings(|s| s.current = Some(id.as_str().to_owned()))?;
        Ok(ws)
    }

    /// Forgets what the app keeps beside a deleted deployment (its wizard progress, and being
    /// the one opened last).
    pub fn forget(&self, id: &DeploymentId) {
        self.store.forget_wizard_progress(id);
    }

    /// Saves the draft (atomically), the secrets changed since the last save (to the keyring)
    /// and the wizard's progress. Says what went wrong, if anything, without losing the draft
    /// in memory.
    pub fn save(&self, ws: &mut Workspace) -> SaveState {
        match self.try_save(ws) {
            Ok(()) => SaveState {
                saved: true,
                error: None,
            },
            Err(e) => SaveState {
                saved: false,
                error: Some(format!(
                    "Your last change is not saved yet: {e} Everything you typed is still here; it is saved again with your next change."
                )),
            },
        }
    }

    fn try_save(&self, ws: &mut Workspace) -> Result<(), StoreError> {
        let id = DeploymentId::parse(&ws.id)?;
        self.store.save_draft(&id, &ws.deployment)?;
        if ws.sign_out_pending {
            self.store.sign_out(&id)?;
            ws.sign_out_pending = false;
        }
        let dirty: Vec<PlatformId> = ws.dirty_secrets.iter().copied().collect();
        for p in dirty {
            let field = SecretField::ClientSecret(p);
            match ws.secrets.get(&p) {
                Some(secret) => self.store.set_secret(&id, field, secret)?,
                None => {
                    self.store.delete_secret(&id, field)?;
                }
            }
            ws.dirty_secrets.remove(&p);
        }
        self.store.save_wizard_progress(&id, &ws.progress)
    }

    /// The practice server's admin password, kept in the keyring; made up on first use.
    pub fn sandbox_password(&self, id: &DeploymentId) -> Result<Secret, StoreError> {
        self.store.sandbox_password(id)
    }
}

/// How long the window waits for the data folder's lock: long enough for a window closed a
/// moment ago to finish its last save.
pub const FOLDER_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Takes the data folder's lock for the window (issue 13 item 11): one process at a time keeps
/// its drafts there, so two never autosave over each other. `Err` says, in plain words, why
/// this window works in memory instead.
pub fn lock_data_folder(dirs: &AppDirs, wait: std::time::Duration) -> Result<HeldLock, String> {
    dirs.lock_folder(wait).map_err(|e| match e {
        LockError::Held { .. } => format!(
            "Another SocialMine Setup window is using the data folder ({}), so this one does not \
             save, to keep the two from writing over each other: close this window and carry on in \
             the other one.",
            dirs.root().display()
        ),
        LockError::Io { .. } => format!(
            "The app's data folder ({}) could not be locked for this window: {e}. Check that the \
             folder exists and that you may write to it.",
            dirs.root().display()
        ),
    })
}

/// How long the app waits for the OS keyring to open (a locked keyring may be waiting for an
/// unlock prompt that nobody answers) before it carries on without it.
pub const KEYRING_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Opens the OS keyring, or gives up after `wait`: then the app starts with the keyring marked
/// unavailable (its banner says why and offers Retry) instead of hanging.
fn open_keyring_in_time(service: &str, wait: std::time::Duration) -> SecretStore {
    let (tx, rx) = std::sync::mpsc::channel();
    let svc = service.to_owned();
    std::thread::spawn(move || {
        let _ = tx.send(SecretStore::open_keyring_or_unavailable(&svc));
    });
    rx.recv_timeout(wait).unwrap_or_else(|_| {
        SecretStore::unavailable(
            service,
            SecretStoreError::Locked {
                detail: format!(
                    "the keyring did not answer within {} seconds; it is probably locked and waiting for its password",
                    wait.as_secs()
                ),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_that_does_not_answer_in_time_is_reported_not_waited_for() {
        let started = std::time::Instant::now();
        let s = open_keyring_in_time("socialmine-setup-test-timeout", std::time::Duration::ZERO);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(s.mode(), socialmine_store::SecretStorageMode::Unavailable);
    }
}
