//! The pure domain of the SocialMine Setup Assistant.
//!
//! Nothing in this crate touches tauri, the file system or the network: callers hand it
//! strings and get typed answers back, which keeps it fast to test and safe to fuzz.

pub mod api;
pub mod catalog;
pub mod deployment;
pub mod platform;
pub mod secret;

pub use api::{AppError, DeploymentSummary};
pub use catalog::{Catalog, CatalogError, PlatformFacts};
pub use deployment::{
    Deployment, DeploymentError, EnvImportError, PlatformConfig, SecretsInFile,
    api_public_url_from_env,
};
pub use platform::{PlatformId, UnknownPlatform};
pub use secret::{Secret, Sensitive};
