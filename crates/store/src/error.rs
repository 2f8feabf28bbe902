//! The store's errors: each says what went wrong and what to do, and never carries a secret.

use std::io;
use std::path::PathBuf;

use socialmine_core::{AppError, DeploymentError, ErrorCode};

use crate::secrets::SecretStoreError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Could not {action} ({path}): {source}. Check that the folder exists, that you may write \
         to it and that the disk is not full, then try again."
    )]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "There is no deployment `{id}` (any more). It may have been deleted or set aside as \
         corrupt; reload the list of deployments."
    )]
    NotFound { id: String },
    #[error(
        "The deployment file `{file_name}` could not be read and was set aside as `{moved_to}` so \
         that nothing is lost. What is wrong: {problem}. Fix that file and import it, or delete it."
    )]
    Corrupt {
        file_name: String,
        moved_to: String,
        problem: String,
    },
    #[error(
        "Give the deployment a name, like \"Acme production\", so you can find it in the list."
    )]
    NameMissing,
    #[error(
        "There is already a deployment named \"{name}\". Choose another name, or open that one."
    )]
    NameTaken { name: String },
    #[error(transparent)]
    InvalidId(#[from] crate::id::InvalidDeploymentId),
    #[error(transparent)]
    Secrets(#[from] SecretStoreError),
    #[error("This is not a valid deployment file: {0}")]
    BadDeploymentFile(DeploymentError),
    #[error(
        "This file is neither a deployment file (TOML) nor a SocialMine Setup bundle. Pick a file \
         exported from SocialMine Setup (.toml or .smbundle)."
    )]
    NotAnImport,
    #[error("This bundle is encrypted: enter the passphrase it was exported with to import it.")]
    PassphraseNeeded,
    #[error(
        "The passphrase does not open this bundle. Check it (it is case-sensitive) and try again; \
         the person who exported the bundle chose it."
    )]
    WrongPassphrase,
    #[error(
        "The passphrase is too short: use at least {min} characters (a few unrelated words work \
         well). Anyone who gets the bundle can try to guess it."
    )]
    WeakPassphrase { min: usize },
    #[error(
        "This bundle was made by a newer version of SocialMine Setup (bundle format {found}; this \
         version reads up to {supported}). Update SocialMine Setup, then import it again."
    )]
    NewerBundle { found: u32, supported: u32 },
    #[error(
        "This bundle is damaged or incomplete ({detail}). Export it again from the original \
         computer, and copy it as a file rather than through a chat or e-mail body."
    )]
    BadBundle { detail: String },
}

impl StoreError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// A stable code for the UI.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Io { .. } => ErrorCode::StoreIo,
            StoreError::NotFound { .. } => ErrorCode::DeploymentNotFound,
            StoreError::Corrupt { .. } => ErrorCode::DeploymentCorrupt,
            StoreError::NameMissing => ErrorCode::DeploymentNameMissing,
            StoreError::NameTaken { .. } => ErrorCode::DeploymentNameTaken,
            StoreError::InvalidId(_) => ErrorCode::DeploymentIdInvalid,
            StoreError::Secrets(e) => e.code(),
            StoreError::BadDeploymentFile(_) => ErrorCode::DeploymentFileInvalid,
            StoreError::NotAnImport => ErrorCode::ImportNotRecognized,
            StoreError::PassphraseNeeded => ErrorCode::BundlePassphraseNeeded,
            StoreError::WrongPassphrase => ErrorCode::BundleWrongPassphrase,
            StoreError::WeakPassphrase { .. } => ErrorCode::BundleWeakPassphrase,
            StoreError::NewerBundle { .. } => ErrorCode::BundleNewerVersion,
            StoreError::BadBundle { .. } => ErrorCode::BundleDamaged,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<SecretStoreError> for AppError {
    fn from(e: SecretStoreError) -> AppError {
        AppError::new(e.code(), e.to_string())
    }
}
