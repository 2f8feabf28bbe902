//! Keeping the work: the deployment in use is loaded from and autosaved to the store
//! (`socialmine-store`: TOML files written atomically, secrets in the OS keyring), with the
//! wizard's progress in a side file beside it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use socialmine_core::{Deployment, PlatformId, Secret};
use socialmine_store::{
    AppDirs, DeploymentId, Profile, SecretField, SecretStore, SecretStoreError, Store, StoreError,
    write_atomic,
};

use crate::view::{PlatformProgress, SaveState};
use crate::workspace::{RemoteState, Workspace};

/// The practice deployment's name; its API_PUBLIC_URL starts as [`SANDBOX_PUBLIC_URL`].
pub const SANDBOX_NAME: &str = "Sandbox (practice server)";
pub const SANDBOX_PUBLIC_URL: &str = "https://api.example.com";

/// Which deployments the app knows as special, and which one is open.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct AppSettings {
    sandbox: Option<String>,
    current: Option<String>,
}

/// The wizard's progress of one deployment.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct WizardFile {
    progress: BTreeMap<PlatformId, PlatformProgress>,
}

pub struct Persistence {
    /// Shared with the admin client, which keeps its token in the keyring through it.
    pub store: Arc<Store>,
}

impl Persistence {
    /// Opens the store of this build's profile (release, dev, or `SOCIALMINE_PROFILE`).
    pub fn open() -> Result<Persistence, String> {
        let profile = Profile::from_env_or_build().map_err(|e| e.to_string())?;
        let dirs = AppDirs::resolve(profile).map_err(|e| {
            format!("The app's data folder could not be found or created: {e}. Check that HOME is set and writable.")
        })?;
        let secrets = open_keyring_in_time(&dirs.keyring_service(), KEYRING_WAIT);
        let store = Store::open(dirs, secrets).map_err(|e| e.to_string())?;
        Ok(Persistence {
            store: Arc::new(store),
        })
    }

    pub fn data_dir(&self) -> PathBuf {
        self.store.dirs().root().to_path_buf()
    }

    fn settings_path(&self) -> PathBuf {
        self.data_dir().join("app.toml")
    }

    /// The wizard's progress of a deployment: in a folder of its own, since every `.toml` file
    /// in the deployments folder is read as a deployment file.
    fn wizard_path(&self, id: &DeploymentId) -> PathBuf {
        self.data_dir()
            .join("wizard")
            .join(format!("{}.toml", id.as_str()))
    }

    fn settings(&self) -> AppSettings {
        std::fs::read_to_string(self.settings_path())
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn write_settings(&self, s: &AppSettings) -> Result<(), StoreError> {
        let text = toml::to_string(s).unwrap_or_default();
        write_atomic(&self.settings_path(), text.as_bytes()).map_err(|e| StoreError::Io {
            action: "save the app settings",
            path: self.settings_path(),
            source: e,
        })
    }

    /// The practice deployment's id, created on first use.
    pub fn sandbox_id(&self) -> Result<DeploymentId, StoreError> {
        let mut settings = self.settings();
        if let Some(id) = settings
            .sandbox
            .as_deref()
            .and_then(|s| DeploymentId::parse(s).ok())
            && self.store.load(&id).is_ok()
        {
            return Ok(id);
        }
        let mut d = Deployment::new(SANDBOX_PUBLIC_URL);
        d.name = Some(SANDBOX_NAME.to_owned());
        let id = match self.store.create(d) {
            Ok(id) => id,
            Err(StoreError::NameTaken { .. }) => {
                // A practice deployment from an earlier run whose settings were lost: reuse it.
                let list = self.store.list()?;
                let found = list
                    .deployments
                    .into_iter()
                    .find(|d| d.name == SANDBOX_NAME);
                match found {
                    Some(item) => item.id,
                    None => {
                        return Err(StoreError::NameTaken {
                            name: SANDBOX_NAME.to_owned(),
                        });
                    }
                }
            }
            Err(e) => return Err(e),
        };
        settings.sandbox = Some(id.as_str().to_owned());
        self.write_settings(&settings)?;
        Ok(id)
    }

    /// The practice deployment's id as recorded, without creating it.
    pub fn settings_sandbox_id(&self) -> Option<DeploymentId> {
        self.settings()
            .sandbox
            .as_deref()
            .and_then(|s| DeploymentId::parse(s).ok())
    }

    /// Whether `id` is the practice deployment.
    pub fn is_sandbox(&self, id: &str) -> bool {
        self.settings().sandbox.as_deref() == Some(id)
    }

    /// The deployment that was open last, or the practice one.
    pub fn load_current(&self) -> Result<Workspace, StoreError> {
        let settings = self.settings();
        if let Some(id) = settings
            .current
            .as_deref()
            .and_then(|s| DeploymentId::parse(s).ok())
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
        for p in PlatformId::ALL {
            match self.store.get_secret(id, SecretField::ClientSecret(p)) {
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
        if let Ok(text) = std::fs::read_to_string(self.wizard_path(id))
            && let Ok(w) = toml::from_str::<WizardFile>(&text)
        {
            ws.progress = w.progress;
        }
        let mut settings = self.settings();
        if settings.current.as_deref() != Some(id.as_str()) {
            settings.current = Some(id.as_str().to_owned());
            self.write_settings(&settings)?;
        }
        Ok(ws)
    }

    /// Forgets what the app keeps beside a deleted deployment (its wizard progress, and being
    /// the one opened last).
    pub fn forget(&self, id: &DeploymentId) {
        let _ = std::fs::remove_file(self.wizard_path(id));
        let mut settings = self.settings();
        if settings.current.as_deref() == Some(id.as_str()) {
            settings.current = None;
            let _ = self.write_settings(&settings);
        }
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
        let wizard = WizardFile {
            progress: ws.progress.clone(),
        };
        let text = toml::to_string(&wizard).unwrap_or_default();
        let path = self.wizard_path(&id);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                action: "create the wizard's folder",
                path: dir.to_path_buf(),
                source: e,
            })?;
        }
        write_atomic(&path, text.as_bytes()).map_err(|e| StoreError::Io {
            action: "save the wizard's progress",
            path: self.wizard_path(&id),
            source: e,
        })
    }

    /// The stored deployment a deployment file stands for: the file itself when it is one of
    /// the store's, else the one with the same name and API_PUBLIC_URL.
    pub fn find(&self, file: &std::path::Path, deployment: &Deployment) -> Option<DeploymentId> {
        let dir = self.store.dirs().deployments_dir().canonicalize().ok();
        let parent = file
            .canonicalize()
            .ok()
            .and_then(|f| f.parent().map(PathBuf::from));
        if dir.is_some()
            && dir == parent
            && let Some(id) = file
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| DeploymentId::parse(s).ok())
        {
            return Some(id);
        }
        let name = deployment.name.as_deref()?.trim().to_lowercase();
        let url = deployment.api_public_url.trim().trim_end_matches('/');
        self.store
            .list()
            .ok()?
            .deployments
            .into_iter()
            .find_map(|d| {
                (d.name.trim().to_lowercase() == name
                    && d.api_public_url.trim().trim_end_matches('/') == url)
                    .then_some(d.id)
            })
    }

    /// The admin token kept for the deployment a file stands for, if any.
    pub fn admin_token_for(
        &self,
        file: &std::path::Path,
        deployment: &Deployment,
    ) -> Option<Secret> {
        let id = self.find(file, deployment)?;
        self.store
            .get_secret(&id, SecretField::AdminToken)
            .ok()
            .flatten()
    }

    /// The practice server's admin password, kept in the keyring; made up on first use.
    pub fn sandbox_password(&self, id: &DeploymentId) -> Result<Secret, StoreError> {
        if let Some(p) = self.store.get_secret(id, SecretField::SandboxPassword)? {
            return Ok(p);
        }
        let p = Secret::new(random_password());
        self.store
            .set_secret(id, SecretField::SandboxPassword, &p)?;
        Ok(p)
    }
}

/// How long the app waits for the OS keyring to open (a locked keyring may be waiting for an
/// unlock prompt that nobody answers) before it carries on without it.
const KEYRING_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

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

/// 16 characters from an unambiguous alphabet, from the OS's random source.
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (never seen on Linux): fall back to the time, still unique per run.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> (i % 16 * 8)) as u8;
        }
    }
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_store::SecretStore;

    fn persistence() -> (Persistence, PathBuf) {
        let root = std::env::temp_dir().join(format!(
            "sm-persist-test-{}-{}",
            std::process::id(),
            DeploymentId::generate("t").as_str()
        ));
        let dirs = AppDirs::at(Profile::new_test(), &root);
        let secrets = SecretStore::session_only(&dirs.keyring_service());
        let store = Store::open(dirs, secrets).unwrap_or_else(|e| panic!("{e}"));
        (
            Persistence {
                store: Arc::new(store),
            },
            root,
        )
    }

    #[test]
    fn a_keyring_that_does_not_answer_in_time_is_reported_not_waited_for() {
        let started = std::time::Instant::now();
        let s = open_keyring_in_time("socialmine-setup-test-timeout", std::time::Duration::ZERO);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(s.mode(), socialmine_store::SecretStorageMode::Unavailable);
    }

    #[test]
    fn wizard_progress_survives_listing_the_deployments() {
        let (p, root) = persistence();
        let mut ws = p.load_current().unwrap_or_else(|e| panic!("{e}"));
        ws.progress.insert(
            PlatformId::Twitter,
            PlatformProgress {
                step: 3,
                ..Default::default()
            },
        );
        assert!(p.save(&mut ws).saved);
        // Listing reads every deployment file; the wizard's file must not be taken for one.
        let list = p.store.list().unwrap_or_else(|e| panic!("{e}"));
        assert!(list.set_aside.is_empty(), "{:?}", list.set_aside);
        let again = p.load(&DeploymentId::parse(&ws.id).unwrap_or_else(|e| panic!("{e}")));
        let again = again.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            again.progress.get(&PlatformId::Twitter).map(|p| p.step),
            Some(3)
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_deployment_file_finds_its_stored_deployment_and_admin_token() {
        let (p, root) = persistence();
        let mut d = Deployment::new("https://api.acme.com");
        d.name = Some("Acme production".into());
        let id = p.store.create(d.clone()).unwrap_or_else(|e| panic!("{e}"));
        let token = Secret::new("tok-123".to_owned());
        p.store
            .set_secret(&id, SecretField::AdminToken, &token)
            .unwrap_or_else(|e| panic!("{e}"));

        // A copy of the file elsewhere: found by name and API_PUBLIC_URL.
        let elsewhere = root.join("acme.toml");
        std::fs::write(&elsewhere, d.to_toml_without_secrets()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.find(&elsewhere, &d), Some(id.clone()));
        assert_eq!(
            p.admin_token_for(&elsewhere, &d)
                .map(|s| s.expose_str().to_owned()),
            Some("tok-123".to_owned())
        );

        // The store's own file: found by its name.
        let own = p
            .store
            .dirs()
            .deployments_dir()
            .join(format!("{}.toml", id.as_str()));
        assert_eq!(p.find(&own, &d), Some(id));

        // Another deployment (other URL) has no token.
        let mut other = d.clone();
        other.api_public_url = "https://api.other.com".into();
        assert_eq!(p.find(&elsewhere, &other), None);
        assert!(p.admin_token_for(&elsewhere, &other).is_none());
        let _ = std::fs::remove_dir_all(root);
    }
}
