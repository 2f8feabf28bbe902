//! The SocialMine admin API client (`shared/reference/socialmine-admin-api.md`).
//!
//! - [`AdminClient`]: one client per deployment (HTTPS required except on loopback); sign in
//!   with email + password (never stored) or a pasted token; read `system/info` and the
//!   platforms; save with `If-Match`; turn platforms on.
//! - [`PlatformDraft`]: the local values of a platform, compared with the server's
//!   ([`PlatformDraft::diff`]) without ever showing a secret.
//! - [`push()`] and [`dry_run()`]: per-platform outcomes, safe to retry.
//! - [`compare_with_server`]: the server's `apiPublicUrl` and callbacks against the deployment.
//! - [`paste_sheet`]: what to type into SocialMine's own form when the API is not there.
//! - [`fetch_bounded`]: a public file (the signed provider-facts catalog) downloaded with a
//!   size cap and a timeout.
//!
//! Everything returns typed results; the UI-facing types derive `Serialize` and `ts_rs::TS`,
//! and every future is `Send`, so a Tauri command is a few lines:
//!
//! ```no_run
//! use std::collections::BTreeSet;
//! use socialmine_core::{AppError, Catalog, Deployment, PlatformId, Secret, check_deployment};
//! use socialmine_net::{AdminClient, HttpSettings, PushReport, PushRequest, SecretInput, push};
//!
//! async fn push_facebook(
//!     deployment: &Deployment,
//!     email: &str,
//!     password: Secret,
//!     new_secret: Option<Secret>,
//! ) -> Result<PushReport, AppError> {
//!     let client = AdminClient::new(deployment.admin_base(), None, HttpSettings::default())?;
//!     client.sign_in(email, &password).await?;
//!     // The one catalog in use (the built-in one here; the app passes its newest).
//!     let catalog = Catalog::built_in();
//!     let report = check_deployment(&catalog, "2026-11-28".parse().unwrap(), deployment, &BTreeSet::new());
//!     let secret = new_secret.map_or(SecretInput::Keep, SecretInput::New);
//!     let request = PushRequest::from_deployment(deployment, &report, PlatformId::Facebook, secret, true);
//!     Ok(push(&client, &catalog, vec![request]).await)
//! }
//! ```

mod client;
mod diff;
mod download;
mod error;
mod findings;
mod model;
mod paste;
mod push;
mod tokens;
mod transport;
pub mod verify;

pub use client::{AdminClient, PlatformUpdate, SignedIn};
pub use diff::{
    FieldChange, PlatformDiff, PlatformDraft, SecretInput, SecretPlan, api_field_name,
    field_from_api, form_label,
};
pub use download::{DownloadError, fetch_bounded};
pub use error::NetError;
pub use findings::{ServerFinding, ServerFindingCode, compare_with_server, local_callback};
pub use model::{RemotePlatform, SystemInfo};
pub use paste::{PasteField, PasteSheet, SecretLocation, paste_sheet};
pub use push::{
    Conflict, EnableOutcome, FieldError, PlannedPush, PushOutcome, PushReport, PushRequest,
    PushStatus, ServerChange, dry_run, push, push_with_progress,
};
pub use tokens::{BoundToken, MemoryTokenStore, TokenOrigin, TokenStore, TokenStoreError};
pub use transport::{
    ADMIN_ANSWER_LIMIT, AdminEndpoint, HttpSettings, http_client, is_loopback_host,
    redirect_target, require_secure,
};
