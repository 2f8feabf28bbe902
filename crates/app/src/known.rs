//! What the app keeps for a deployment file named on the command line: the stored deployment
//! it stands for and that deployment's keyring entries, found without changing anything (no
//! folder created, no file tidied, nothing written to the keyring) and without waiting more
//! than a few seconds on a keyring that does not answer.

use std::path::Path;
use std::time::Duration;

use socialmine_core::{Deployment, PlatformId, Secret};
use socialmine_net::{BoundToken, TokenOrigin};
use socialmine_store::{
    AppDirs, DeploymentId, Profile, SecretField, SecretStore, SecretStoreError,
    find_stored_deployment,
};

/// How long the command line waits for the keyring (a locked one may wait for a prompt that
/// nobody answers on a server).
pub const CLI_KEYRING_WAIT: Duration = Duration::from_secs(3);

/// A stored deployment of this profile that a deployment file stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDeployment {
    pub id: DeploymentId,
    service: String,
}

/// Why the keyring could not tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringSilent {
    /// It did not answer within the wait.
    Timeout(Duration),
    /// It answered with an error (locked, no Secret Service, …).
    Failed(String),
}

impl std::fmt::Display for KeyringSilent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyringSilent::Timeout(d) => write!(
                f,
                "the keyring did not answer within {} seconds (it may be locked)",
                d.as_secs()
            ),
            KeyringSilent::Failed(why) => write!(f, "{why}"),
        }
    }
}

impl KnownDeployment {
    /// The stored deployment `file` stands for in this build's profile (see
    /// [`find_stored_deployment`]); `None` when there is no data folder or no match.
    pub fn find(file: &Path, deployment: &Deployment) -> Option<KnownDeployment> {
        let profile = Profile::from_env_or_build().ok()?;
        let dirs = AppDirs::resolve(profile).ok()?;
        KnownDeployment::find_in(&dirs, file, deployment)
    }

    /// [`KnownDeployment::find`] in an explicit data folder.
    pub fn find_in(
        dirs: &AppDirs,
        file: &Path,
        deployment: &Deployment,
    ) -> Option<KnownDeployment> {
        let id = find_stored_deployment(dirs, file, deployment)?;
        Some(KnownDeployment {
            id,
            service: dirs.keyring_service(),
        })
    }

    /// The platforms whose client secret is in the keyring for this deployment.
    pub fn client_secrets_stored(&self, wait: Duration) -> Result<Vec<PlatformId>, KeyringSilent> {
        self.read(wait, |store, id| {
            let mut found = Vec::new();
            for p in PlatformId::ALL {
                if store.get(id, SecretField::ClientSecret(p))?.is_some() {
                    found.push(p);
                }
            }
            Ok(found)
        })
    }

    /// The client secrets kept in the keyring for this deployment (for live verification).
    pub fn client_secrets(
        &self,
        wait: Duration,
    ) -> Result<std::collections::BTreeMap<PlatformId, Secret>, KeyringSilent> {
        self.read(wait, |store, id| {
            let mut found = std::collections::BTreeMap::new();
            for p in PlatformId::ALL {
                if let Some(s) = store.get(id, SecretField::ClientSecret(p))? {
                    found.insert(p, s);
                }
            }
            Ok(found)
        })
    }

    /// The admin token kept from a sign-in in the app, if any.
    ///
    /// The keyring keeps each token with the origin (scheme, host, port) that issued it: the
    /// token is returned only for that `origin`, never for another server.
    pub fn admin_token(
        &self,
        origin: &TokenOrigin,
        wait: Duration,
    ) -> Result<Option<Secret>, KeyringSilent> {
        let origin = origin.clone();
        self.read(wait, move |store, id| {
            Ok(store
                .get(id, SecretField::AdminToken)?
                .as_ref()
                .and_then(BoundToken::decode)
                .and_then(|bound| bound.for_origin(&origin).cloned()))
        })
    }

    /// Reads the keyring on a thread of its own and gives up after `wait` (the thread is left
    /// to finish or not; nothing it does writes).
    fn read<T: Send + 'static>(
        &self,
        wait: Duration,
        f: impl FnOnce(&SecretStore, &DeploymentId) -> Result<T, SecretStoreError> + Send + 'static,
    ) -> Result<T, KeyringSilent> {
        let (tx, rx) = std::sync::mpsc::channel();
        let service = self.service.clone();
        let id = self.id.clone();
        std::thread::spawn(move || {
            let answer = SecretStore::open_keyring_for_reading(&service)
                .and_then(|store| f(&store, &id))
                .map_err(|e| KeyringSilent::Failed(e.to_string()));
            let _ = tx.send(answer);
        });
        rx.recv_timeout(wait)
            .unwrap_or(Err(KeyringSilent::Timeout(wait)))
    }
}
