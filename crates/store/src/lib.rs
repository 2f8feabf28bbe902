//! Where the SocialMine Setup Assistant keeps its work.
//!
//! - [`AppDirs`] and [`Profile`]: the app's data folder and keyring namespace. Release, dev and
//!   test builds each have their own, so a test never touches a user's real deployments or
//!   keyring entries.
//! - [`Store`]: the deployments, one TOML file each (`<id>.toml`, the deployment file of
//!   `socialmine_core::Deployment`, never with a secret in it), plus a side file
//!   `<id>.state.toml` with what the fleet view needs (last push, server readings,
//!   verifications). Every file is written atomically ([`write_atomic`]). A corrupt file is set
//!   aside (`*.corrupt-<timestamp>`) and reported by name; the others still load.
//! - [`SecretStore`]: client secrets, admin tokens and sandbox passwords in the OS keyring, one
//!   entry per deployment and field, or, when the user explicitly chooses it because no keyring
//!   is available, in memory for this session only. Never in a file.
//! - [`KeyringTokens`]: the admin API client's `socialmine_net::TokenStore`, over the same
//!   secret store.
//! - [`AppSettings`] (`app.toml`: the practice deployment, the one open last), the wizard's
//!   progress per deployment ([`WizardProgress`]), and the one password generator
//!   ([`generate_password`]) for the practice server's admin password.
//! - Export and import: a deployment as TOML without secrets, or as an encrypted bundle with
//!   its secrets (age, passphrase mode).
//! - Advisory locks ([`AppDirs::lock_folder`], [`AppDirs::lock_push`]): one window per data
//!   folder, one push per deployment at a time.
//! - The provider-facts catalog in use ([`load_catalog`]: built in, a signed update, or an
//!   unofficial file named explicitly) and signed updates of it ([`update_catalog`]).
//!
//! Everything here is blocking (file system, D-Bus). Call it from a synchronous Tauri command
//! or from `tokio::task::spawn_blocking`, not directly on an async executor thread.
//!
//! ```no_run
//! use socialmine_store::{AppDirs, OnClash, Profile, SecretField, Store};
//! use socialmine_core::{Deployment, PlatformId, Secret};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // At start-up (SOCIALMINE_PROFILE=release|dev|test overrides the build's profile).
//! let dirs = AppDirs::resolve(Profile::from_env_or_build()?)?;
//! let store = Store::open_with_keyring(dirs)?; // keep it as Arc<Store> in Tauri state
//! let status = store.secret_storage(); // mode Keyring, or Unavailable with how to fix it
//! if status.mode == socialmine_store::SecretStorageMode::Unavailable {
//!     // show status.message; on the user's choice:
//!     store.use_session_only_secrets(); // or store.retry_keyring()?
//! }
//!
//! let mut d = Deployment::new("https://api.acme.com");
//! d.name = Some("Acme production".into());
//! let id = store.create(d)?;
//! store.set_secret(&id, SecretField::ClientSecret(PlatformId::Facebook), &Secret::from("…"))?;
//! let list = store.list()?; // rows for the list and fleet view + files set aside
//! let bundle = store.export_bundle(&id, &Secret::from("a long passphrase"))?;
//! let outcome = store.import(&bundle, Some(&Secret::from("a long passphrase")), OnClash::Ask)?;
//! # let _ = (status, list, outcome);
//! # Ok(())
//! # }
//! ```

mod atomic;
mod bundle;
mod catalog_update;
mod error;
mod id;
mod lock;
mod lookup;
mod password;
mod paths;
mod scrub;
mod secrets;
mod settings;
mod state;
mod store;
pub mod timestamp;
mod tokens;
mod wizard;

pub use atomic::write_atomic;
pub use bundle::{
    BUNDLE_FORMAT_VERSION, BUNDLE_SCRYPT_LOG_N, BUNDLE_SCRYPT_MAX_LOG_N, BundleOptions, ImportKind,
    ImportOutcome, MIN_PASSPHRASE_CHARS, OnClash, read_bundle_payload,
};
pub use catalog_update::{
    CATALOG_PUBLIC_KEY, CatalogInUse, CatalogSettings, CatalogStatus, CatalogUpdateError,
    CatalogUpdateOutcome, DEFAULT_CATALOG_URL, DOWNLOAD_TIMEOUT, INSTALLED_CATALOG_FILE,
    MAX_CATALOG_BYTES, MAX_SIGNATURE_BYTES, VerifiedCatalog, install_catalog, load_catalog,
    load_catalog_with_key, signature_url, update_catalog, update_catalog_with_key, verify_catalog,
    verify_signature,
};
pub use error::StoreError;
pub use id::{DeploymentId, InvalidDeploymentId};
pub use lock::{HeldLock, LockError, lock_file};
pub use lookup::find_stored_deployment;
pub use password::{PASSWORD_CHARS, generate_password};
pub use paths::{AppDirs, PROFILE_ENV, Profile, ProfileError};
pub use secrets::{
    SecretField, SecretStorageMode, SecretStorageStatus, SecretStore, SecretStoreError,
};
pub use settings::{
    AppSettings, CLIPBOARD_CLEAR_SECONDS_RANGE, DEFAULT_CLIPBOARD_CLEAR_SECONDS, read_settings,
};
pub use state::{
    DeploymentState, PlatformState, ServerReading, Verification, VerificationOutcome,
    platform_fingerprint,
};
pub use store::{
    DeploymentList, DeploymentListItem, PlatformStatus, SetAsideFile, Store, StoredDeployment,
};
pub use wizard::{PlatformProgress, WizardProgress};

pub use tokens::KeyringTokens;

/// Re-exported so callers need not depend on `socialmine-core` for the secret type.
pub use socialmine_core::Secret;

#[cfg(test)]
mod tests {
    #[test]
    fn the_store_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<crate::Store>();
        shared::<crate::SecretStore>();
    }
}
