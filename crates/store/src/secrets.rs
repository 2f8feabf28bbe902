//! Secrets in the OS keyring, one entry per deployment and field; or, only when the user
//! explicitly chooses it because no keyring is available, in memory for this session.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use serde::{Deserialize, Serialize};
use socialmine_core::{PlatformId, Secret};
use ts_rs::TS;

use crate::id::DeploymentId;

/// One secret of a deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "platform", rename_all = "snake_case")]
#[ts(export)]
pub enum SecretField {
    /// A platform's client secret (Meta: App Secret; TikTok: Client Secret).
    ClientSecret(PlatformId),
    /// The token for the SocialMine server's admin API.
    AdminToken,
    /// The password of the embedded practice server (sandbox) account.
    SandboxPassword,
}

impl SecretField {
    /// Every field a deployment can have a secret for.
    pub fn all() -> Vec<SecretField> {
        let mut v: Vec<SecretField> = PlatformId::ALL
            .into_iter()
            .map(SecretField::ClientSecret)
            .collect();
        v.push(SecretField::AdminToken);
        v.push(SecretField::SandboxPassword);
        v
    }

    /// The field's key in keyring entry names and bundles: `facebook.client_secret`,
    /// `admin_token`, `sandbox_password`.
    pub fn key(self) -> String {
        match self {
            SecretField::ClientSecret(p) => format!("{}.client_secret", p.as_str()),
            SecretField::AdminToken => "admin_token".to_owned(),
            SecretField::SandboxPassword => "sandbox_password".to_owned(),
        }
    }

    /// The inverse of [`SecretField::key`].
    pub fn from_key(key: &str) -> Option<SecretField> {
        SecretField::all().into_iter().find(|f| f.key() == key)
    }

    /// How people call it: "facebook client secret".
    pub fn label(self) -> String {
        match self {
            SecretField::ClientSecret(p) => format!("{p} client secret"),
            SecretField::AdminToken => "admin token".to_owned(),
            SecretField::SandboxPassword => "sandbox password".to_owned(),
        }
    }
}

impl fmt::Display for SecretField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Where secrets are kept right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SecretStorageMode {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// Memory only, forgotten when the app closes: the explicit fallback without a keyring.
    SessionOnly,
    /// No keyring could be opened and the user has not chosen the session-only fallback yet:
    /// every secret operation fails with the reason and how to fix it.
    Unavailable,
}

/// What the UI shows about secret storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SecretStorageStatus {
    pub mode: SecretStorageMode,
    /// The keyring service name entries are stored under (`socialmine-setup`, `-dev`, `-test-…`).
    pub namespace: String,
    /// One plain sentence for the user.
    pub message: String,
}

/// Why a secret could not be stored, read or deleted. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretStoreError {
    #[error(
        "No system keyring is available ({detail}). SocialMine Setup keeps client secrets and tokens \
         only in the system keyring, never in a file. On Linux it needs a Secret Service on the \
         session bus: log in to a desktop session with GNOME Keyring or KWallet running, or install \
         gnome-keyring and run `eval \"$(gnome-keyring-daemon --start --components=secrets)\"` \
         in a session with D-Bus, then restart the app. Until then you can choose to keep secrets \
         in memory for this session only: they are forgotten when the app closes."
    )]
    Unavailable { detail: String },
    #[error(
        "The system keyring is locked or refused access ({detail}). Unlock it (on GNOME: open \
         \"Passwords and Keys\" and unlock the Login keyring; logging out and in again also \
         works) and try again, or choose to keep secrets in memory for this session only."
    )]
    Locked { detail: String },
    #[error(
        "The keyring holds the {field} of deployment `{deployment}` in a form that is not text. \
         Enter the secret again to replace it."
    )]
    NotText {
        deployment: String,
        field: SecretField,
    },
    #[error(
        "The system keyring did not accept the {field} of deployment `{deployment}`: {detail}. \
         Check that the value is a plain secret (no line breaks) and try again."
    )]
    Rejected {
        deployment: String,
        field: SecretField,
        detail: String,
    },
    #[error(
        "The system keyring failed while handling the {field} of deployment `{deployment}`: \
         {detail}. Try again; if it keeps failing, restart the keyring (log out and in) or choose \
         to keep secrets in memory for this session only."
    )]
    Failed {
        deployment: String,
        field: SecretField,
        detail: String,
    },
}

impl SecretStoreError {
    /// A stable code for the UI.
    pub fn code(&self) -> socialmine_core::ErrorCode {
        match self {
            SecretStoreError::Unavailable { .. } => socialmine_core::ErrorCode::KeyringUnavailable,
            SecretStoreError::Locked { .. } => socialmine_core::ErrorCode::KeyringLocked,
            SecretStoreError::NotText { .. } => socialmine_core::ErrorCode::KeyringEntryNotText,
            SecretStoreError::Rejected { .. } => socialmine_core::ErrorCode::KeyringRejected,
            SecretStoreError::Failed { .. } => socialmine_core::ErrorCode::KeyringFailed,
        }
    }
}

enum Backend {
    Keyring(Arc<CredentialStore>),
    SessionOnly(Mutex<HashMap<String, Secret>>),
    Unavailable(SecretStoreError),
}

/// Client secrets, admin tokens and sandbox passwords, one entry per deployment and field,
/// under the keyring service name of the profile (see [`crate::Profile::namespace`]).
pub struct SecretStore {
    service: String,
    backend: Backend,
    /// Fault injection for tests of what a failing keyring leaves behind: the writes done so
    /// far, and the one (counted from 0) that fails. `None` for every real store.
    failing_write: Option<(AtomicUsize, usize)>,
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretStore")
            .field("service", &self.service)
            .field("mode", &self.mode())
            .finish()
    }
}

impl SecretStore {
    /// Opens the OS keyring and checks that it answers, under the keyring service name
    /// `service` (use [`crate::AppDirs::keyring_service`]). Fails with
    /// [`SecretStoreError::Unavailable`] or [`SecretStoreError::Locked`] and a message saying
    /// how to fix it; the app may then offer [`SecretStore::session_only`].
    pub fn open_keyring(service: &str) -> Result<SecretStore, SecretStoreError> {
        let store = native_store().map_err(|e| open_error(&e))?;
        let s = SecretStore {
            service: service.to_owned(),
            backend: Backend::Keyring(store),
            failing_write: None,
        };
        // Write, read back and delete a throwaway entry: a read alone succeeds on a locked
        // keyring (it finds nothing), a write does not. On a desktop a locked keyring asks the
        // user to unlock it here, which is the moment to ask.
        let probe = s
            .entry_for_user(&format!(".probe-{}", crate::id::random_hex(4)))
            .map_err(|e| open_error(&e))?;
        let value = "socialmine-setup keyring check";
        probe.set_password(value).map_err(|e| open_error(&e))?;
        let read = probe.get_password();
        let _ = probe.delete_credential();
        match read {
            Ok(v) if v == value => Ok(s),
            Ok(_) => Err(SecretStoreError::Unavailable {
                detail: "the keyring returned a different value than was stored".to_owned(),
            }),
            Err(e) => Err(open_error(&e)),
        }
    }

    /// Opens the OS keyring for reading only: no probe entry is written, so nothing in the
    /// keyring changes (for `socialmine-setup check`, which must leave everything as it was).
    /// A locked or missing keyring shows up on the first read instead.
    pub fn open_keyring_for_reading(service: &str) -> Result<SecretStore, SecretStoreError> {
        let store = native_store().map_err(|e| open_error(&e))?;
        Ok(SecretStore {
            service: service.to_owned(),
            backend: Backend::Keyring(store),
            failing_write: None,
        })
    }

    /// Keeps secrets in this process's memory only, forgotten when it ends. For when no keyring
    /// is available and the user chose to go on anyway. Never writes a file.
    pub fn session_only(service: &str) -> SecretStore {
        SecretStore {
            service: service.to_owned(),
            backend: Backend::SessionOnly(Mutex::new(HashMap::new())),
            failing_write: None,
        }
    }

    /// A store that refuses every operation with `reason` (from [`SecretStore::open_keyring`]),
    /// until the app retries the keyring or the user picks [`SecretStore::session_only`].
    pub fn unavailable(service: &str, reason: SecretStoreError) -> SecretStore {
        SecretStore {
            service: service.to_owned(),
            backend: Backend::Unavailable(reason),
            failing_write: None,
        }
    }

    /// The OS keyring if it answers, else [`SecretStore::unavailable`] with the reason.
    /// A session-only store whose write number `n` (counted from 0) fails with
    /// [`SecretStoreError::Failed`], every other succeeding: for fault tests (an import whose
    /// keyring write fails half-way must leave the secrets as they were).
    pub fn session_only_failing_write(service: &str, n: usize) -> SecretStore {
        let mut s = SecretStore::session_only(service);
        s.failing_write = Some((AtomicUsize::new(0), n));
        s
    }

    pub fn open_keyring_or_unavailable(service: &str) -> SecretStore {
        SecretStore::open_keyring(service).unwrap_or_else(|e| SecretStore::unavailable(service, e))
    }

    pub fn mode(&self) -> SecretStorageMode {
        match self.backend {
            Backend::Keyring(_) => SecretStorageMode::Keyring,
            Backend::SessionOnly(_) => SecretStorageMode::SessionOnly,
            Backend::Unavailable(_) => SecretStorageMode::Unavailable,
        }
    }

    /// The keyring service name entries live under.
    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn status(&self) -> SecretStorageStatus {
        let message = match self.mode() {
            SecretStorageMode::Keyring => format!(
                "Secrets are kept in the system keyring (service \"{}\").",
                self.service
            ),
            SecretStorageMode::SessionOnly => "No system keyring: secrets are kept in memory for \
                 this session only and are forgotten when the app closes. Deployment files never \
                 hold them."
                .to_owned(),
            SecretStorageMode::Unavailable => match &self.backend {
                Backend::Unavailable(e) => e.to_string(),
                _ => String::new(),
            },
        };
        SecretStorageStatus {
            mode: self.mode(),
            namespace: self.service.clone(),
            message,
        }
    }

    /// Stores a secret, replacing any earlier one. An empty secret deletes the entry.
    pub fn set(
        &self,
        deployment: &DeploymentId,
        field: SecretField,
        secret: &Secret,
    ) -> Result<(), SecretStoreError> {
        if secret.is_empty() {
            return self.delete(deployment, field).map(|_| ());
        }
        if let Some((done, fail_at)) = &self.failing_write
            && done.fetch_add(1, Ordering::SeqCst) == *fail_at
        {
            return Err(SecretStoreError::Failed {
                deployment: deployment.as_str().to_owned(),
                field,
                detail: "the write was refused (injected fault)".to_owned(),
            });
        }
        let user = user_key(deployment, field);
        match &self.backend {
            Backend::Unavailable(e) => Err(e.clone()),
            Backend::SessionOnly(m) => {
                lock(m).insert(user, secret.clone());
                Ok(())
            }
            Backend::Keyring(_) => {
                let entry = self.entry(deployment, field)?;
                match entry.set_password(secret.expose_str()) {
                    Ok(()) => Ok(()),
                    Err(KeyringError::Ambiguous(dups)) => {
                        for d in dups {
                            d.delete_credential()
                                .map_err(|e| op_error(&e, deployment, field))?;
                        }
                        entry
                            .set_password(secret.expose_str())
                            .map_err(|e| op_error(&e, deployment, field))
                    }
                    Err(e) => Err(op_error(&e, deployment, field)),
                }
            }
        }
    }

    /// Reads a secret; `None` when none is stored.
    pub fn get(
        &self,
        deployment: &DeploymentId,
        field: SecretField,
    ) -> Result<Option<Secret>, SecretStoreError> {
        match &self.backend {
            Backend::Unavailable(e) => Err(e.clone()),
            Backend::SessionOnly(m) => Ok(lock(m).get(&user_key(deployment, field)).cloned()),
            Backend::Keyring(_) => {
                let entry = self.entry(deployment, field)?;
                match entry.get_password() {
                    Ok(p) => Ok(Some(Secret::from(p))),
                    Err(KeyringError::NoEntry) => Ok(None),
                    Err(KeyringError::Ambiguous(dups)) => match dups.first() {
                        Some(first) => first
                            .get_password()
                            .map(|p| Some(Secret::from(p)))
                            .map_err(|e| op_error(&e, deployment, field)),
                        None => Ok(None),
                    },
                    Err(e) => Err(op_error(&e, deployment, field)),
                }
            }
        }
    }

    /// Deletes a secret; returns whether there was one.
    pub fn delete(
        &self,
        deployment: &DeploymentId,
        field: SecretField,
    ) -> Result<bool, SecretStoreError> {
        match &self.backend {
            Backend::Unavailable(e) => Err(e.clone()),
            Backend::SessionOnly(m) => Ok(lock(m).remove(&user_key(deployment, field)).is_some()),
            Backend::Keyring(_) => {
                let entry = self.entry(deployment, field)?;
                match entry.delete_credential() {
                    Ok(()) => Ok(true),
                    Err(KeyringError::NoEntry) => Ok(false),
                    Err(KeyringError::Ambiguous(dups)) => {
                        for d in dups {
                            match d.delete_credential() {
                                Ok(()) | Err(KeyringError::NoEntry) => {}
                                Err(e) => return Err(op_error(&e, deployment, field)),
                            }
                        }
                        Ok(true)
                    }
                    Err(e) => Err(op_error(&e, deployment, field)),
                }
            }
        }
    }

    /// Deletes every secret of a deployment; returns how many there were.
    pub fn delete_all(&self, deployment: &DeploymentId) -> Result<usize, SecretStoreError> {
        let mut n = 0;
        for field in SecretField::all() {
            if self.delete(deployment, field)? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Which secrets a deployment has stored.
    pub fn present(&self, deployment: &DeploymentId) -> Result<Vec<SecretField>, SecretStoreError> {
        let mut v = Vec::new();
        for field in SecretField::all() {
            if self.get(deployment, field)?.is_some() {
                v.push(field);
            }
        }
        Ok(v)
    }

    /// Every secret of a deployment (for an encrypted bundle).
    pub fn get_all(
        &self,
        deployment: &DeploymentId,
    ) -> Result<BTreeMap<SecretField, Secret>, SecretStoreError> {
        let mut m = BTreeMap::new();
        for field in SecretField::all() {
            if let Some(s) = self.get(deployment, field)? {
                m.insert(field, s);
            }
        }
        Ok(m)
    }

    /// The entries of a session-only store (empty for the others), to move them into the
    /// keyring once it is available.
    pub(crate) fn memory_entries(&self) -> Vec<(String, Secret)> {
        match &self.backend {
            Backend::SessionOnly(m) => lock(m)
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Stores a secret under a raw entry name from [`SecretStore::memory_entries`].
    pub(crate) fn set_user_entry(
        &self,
        user: &str,
        secret: &Secret,
    ) -> Result<(), SecretStoreError> {
        let (deployment, key) = user.split_once('/').unwrap_or((user, ""));
        let (Ok(deployment), Some(field)) =
            (DeploymentId::parse(deployment), SecretField::from_key(key))
        else {
            return Ok(());
        };
        self.set(&deployment, field, secret)
    }

    fn entry(
        &self,
        deployment: &DeploymentId,
        field: SecretField,
    ) -> Result<Entry, SecretStoreError> {
        self.entry_for_user(&user_key(deployment, field))
            .map_err(|e| op_error(&e, deployment, field))
    }

    fn entry_for_user(&self, user: &str) -> Result<Entry, KeyringError> {
        let Backend::Keyring(store) = &self.backend else {
            return Err(KeyringError::NoDefaultStore);
        };
        #[cfg(all(
            unix,
            not(any(target_os = "macos", target_os = "ios", target_os = "android"))
        ))]
        {
            // The label is what the user sees in "Passwords and Keys" / KWallet.
            let label = format!("SocialMine Setup ({}): {user}", self.service);
            let mods = HashMap::from([("label", label.as_str())]);
            Entry::new_in_store_with_modifiers(store, &self.service, user, &mods)
        }
        #[cfg(not(all(
            unix,
            not(any(target_os = "macos", target_os = "ios", target_os = "android"))
        )))]
        {
            Entry::new_in_store(store, &self.service, user)
        }
    }
}

/// The keyring "user" (account) of one deployment's field: `acme-production-3f9a1c/admin_token`.
fn user_key(deployment: &DeploymentId, field: SecretField) -> String {
    format!("{}/{}", deployment.as_str(), field.key())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding this lock cannot leave a HashMap half-updated.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
fn native_store() -> Result<Arc<CredentialStore>, KeyringError> {
    let s: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok(s)
}

#[cfg(target_os = "macos")]
fn native_store() -> Result<Arc<CredentialStore>, KeyringError> {
    let s: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(s)
}

#[cfg(target_os = "windows")]
fn native_store() -> Result<Arc<CredentialStore>, KeyringError> {
    let s: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(s)
}

#[cfg(not(any(
    target_os = "macos",
    target_os = "windows",
    all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    )
)))]
fn native_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Err(KeyringError::NotSupportedByStore(
        "this operating system has no keyring SocialMine Setup can use".to_owned(),
    ))
}

/// A platform error's text, without anything that could be secret data.
fn detail(e: &KeyringError) -> String {
    match e {
        KeyringError::PlatformFailure(inner) | KeyringError::NoStorageAccess(inner) => {
            inner.to_string()
        }
        KeyringError::BadEncoding(_) => "the stored value is not text".to_owned(),
        KeyringError::BadDataFormat(_, _) => "the stored value is malformed".to_owned(),
        KeyringError::Ambiguous(items) => {
            format!("{} entries match where one was expected", items.len())
        }
        KeyringError::TooLong(name, len) => {
            format!("the {name} is longer than the keyring's limit of {len}")
        }
        KeyringError::Invalid(attr, reason) => format!("{attr} is invalid: {reason}"),
        KeyringError::BadStoreFormat(reason) => format!("the keyring is malformed: {reason}"),
        KeyringError::NoDefaultStore => "no keyring store is set up".to_owned(),
        KeyringError::NotSupportedByStore(what) => format!("not supported: {what}"),
        KeyringError::NoEntry => "no such entry".to_owned(),
        _ => "an unexpected keyring error".to_owned(),
    }
}

fn open_error(e: &KeyringError) -> SecretStoreError {
    match e {
        KeyringError::NoStorageAccess(_) => SecretStoreError::Locked { detail: detail(e) },
        _ => SecretStoreError::Unavailable { detail: detail(e) },
    }
}

fn op_error(e: &KeyringError, deployment: &DeploymentId, field: SecretField) -> SecretStoreError {
    let deployment = deployment.to_string();
    match e {
        KeyringError::NoStorageAccess(_) => SecretStoreError::Locked { detail: detail(e) },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(_, _) => {
            SecretStoreError::NotText { deployment, field }
        }
        KeyringError::TooLong(_, _) | KeyringError::Invalid(_, _) => SecretStoreError::Rejected {
            deployment,
            field,
            detail: detail(e),
        },
        KeyringError::PlatformFailure(_) | KeyringError::NoDefaultStore => {
            SecretStoreError::Failed {
                deployment,
                field,
                detail: detail(e),
            }
        }
        _ => SecretStoreError::Failed {
            deployment,
            field,
            detail: detail(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> DeploymentId {
        DeploymentId::parse(s).expect("id")
    }

    #[test]
    fn field_keys_round_trip() {
        let all = SecretField::all();
        assert_eq!(all.len(), 8);
        for f in all {
            assert_eq!(SecretField::from_key(&f.key()), Some(f));
        }
        assert_eq!(
            SecretField::ClientSecret(PlatformId::Twitter).key(),
            "twitter.client_secret"
        );
        assert_eq!(SecretField::from_key("x.client_secret"), None);
    }

    #[test]
    fn session_only_store_keeps_secrets_per_deployment_and_field() {
        let s = SecretStore::session_only("socialmine-setup-test-unit");
        assert_eq!(s.mode(), SecretStorageMode::SessionOnly);
        let a = id("a-1");
        let b = id("b-1");
        let fb = SecretField::ClientSecret(PlatformId::Facebook);
        s.set(&a, fb, &Secret::from("one")).expect("set");
        s.set(&b, fb, &Secret::from("two")).expect("set");
        s.set(&a, SecretField::AdminToken, &Secret::from("tok"))
            .expect("set");
        assert_eq!(
            s.get(&a, fb).expect("get").map(|x| x.into_inner()),
            Some("one".into())
        );
        s.set(&a, fb, &Secret::from("uno")).expect("update");
        assert_eq!(
            s.get(&a, fb).expect("get").map(|x| x.into_inner()),
            Some("uno".into())
        );
        assert_eq!(
            s.present(&a).expect("present"),
            vec![fb, SecretField::AdminToken]
        );
        assert_eq!(s.delete_all(&a).expect("delete"), 2);
        assert_eq!(s.get(&a, fb).expect("get"), None);
        assert!(s.get(&b, fb).expect("get").is_some());
        // An empty secret deletes.
        s.set(&b, fb, &Secret::from("")).expect("empty");
        assert_eq!(s.get(&b, fb).expect("get"), None);
        assert!(!format!("{s:?}").contains("two"));
    }

    #[test]
    fn errors_never_carry_the_secret_bytes() {
        let e = KeyringError::BadEncoding(b"hunter2".to_vec());
        let shown = op_error(&e, &id("a-1"), SecretField::AdminToken).to_string();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("Enter the secret again"), "{shown}");
    }
}
