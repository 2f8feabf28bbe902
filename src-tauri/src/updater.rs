//! Updates of the app itself (issue 14). Owns: asking the update endpoint whether a newer
//! release exists, offering it, and installing it only after the user said yes.
//!
//! - The endpoint is a setting (`update_endpoint` in the settings file, read by
//!   `socialmine_app`); its documented default is [`DEFAULT_ENDPOINT`]. It must be `https`
//!   unless the configuration allows plain http for loopback tests
//!   (`dangerousInsecureTransportProtocol`, set only by the `e2e` build).
//! - The endpoint answers with Tauri's update manifest (`latest.json`): version, notes, date
//!   and, per platform, the package URL and its minisign signature. The package is verified
//!   against the public key in `tauri.conf.json` (`plugins.updater.pubkey`, the same minisign
//!   key format as the signed provider catalog) before anything is installed, and the signature
//!   must name the announced version (`requireSignedVersion`), so an old signed package cannot
//!   be passed off as a new one.
//! - Nothing is downloaded or installed without consent: [`check`] only reports; [`install`]
//!   takes the version the user agreed to and refuses when the server now offers another.
//! - A server that is down, slow or answers nonsense is no error for the user: [`check`]
//!   returns [`UpdateCheck::Unreachable`] with a plain sentence, and the app carries on.
//! - Every answer is bounded: the manifest by [`CHECK_TIMEOUT`], the package by
//!   [`DOWNLOAD_TIMEOUT`] and [`MAX_PACKAGE_BYTES`].
//!
//! The window's commands over this module are in `commands/updates.rs`; the tests, against a
//! local update server on Tauri's mock runtime, in `tests/updater.rs`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Runtime, Url};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};
use ts_rs::TS;

/// Where the app asks for updates unless the settings name another endpoint.
pub const DEFAULT_ENDPOINT: &str =
    "https://example.invalid/socialmine-setup/releases/latest/download/latest.json";
/// How long the update manifest may take to arrive.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the package may take to download.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(600);
/// The largest package the app downloads (the .deb is about 10 MB).
pub const MAX_PACKAGE_BYTES: u64 = 200 * 1024 * 1024;

/// What a check found, for the window to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum UpdateCheck {
    /// This is the newest version.
    UpToDate { current: String },
    /// A newer version can be installed, if the user wants it.
    Available {
        current: String,
        version: String,
        notes: Option<String>,
        date: Option<String>,
    },
    /// The update server could not be asked; nothing to do, try again later.
    Unreachable { message: String },
}

/// Why an update was not installed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(
        "The update address \"{0}\" is not a valid https address. Check it in the settings, or clear it to use the default."
    )]
    BadEndpoint(String),
    #[error("The update server could not be reached ({0}). Nothing was changed; try again later.")]
    Unreachable(String),
    #[error("There is no update to install any more: this is the newest version.")]
    NoUpdate,
    #[error(
        "The update server now offers version {offered} instead of {agreed}. Nothing was installed; check for updates again to see what it offers."
    )]
    Changed { agreed: String, offered: String },
    #[error(
        "The downloaded update's signature does not match the app's signing key, so it was not installed. The download may have been damaged or tampered with; try again later."
    )]
    BadSignature,
    #[error("The update package is larger than {} MB, so it was not downloaded. Download the package by hand instead.", MAX_PACKAGE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("The update could not be installed: {0}. The current version keeps running.")]
    Install(String),
}

/// The endpoint to ask: `https` only (the plugin alone lets `http` through in debug builds),
/// unless the configuration says `dangerousInsecureTransportProtocol` (tests on loopback).
fn endpoint_url<R: Runtime>(app: &AppHandle<R>, endpoint: &str) -> Result<Url, UpdateError> {
    let endpoint = endpoint.trim();
    let endpoint = if endpoint.is_empty() {
        DEFAULT_ENDPOINT
    } else {
        endpoint
    };
    let url = Url::parse(endpoint).map_err(|_| UpdateError::BadEndpoint(endpoint.to_string()))?;
    let insecure_allowed = app
        .config()
        .plugins
        .0
        .get("updater")
        .and_then(|c| c.get("dangerousInsecureTransportProtocol"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    if url.scheme() != "https" && !insecure_allowed {
        return Err(UpdateError::BadEndpoint(endpoint.to_string()));
    }
    Ok(url)
}

/// The update the endpoint offers, if any (not yet downloaded).
pub async fn find_update<R: Runtime>(
    app: &AppHandle<R>,
    endpoint: &str,
) -> Result<Option<Update>, UpdateError> {
    let url = endpoint_url(app, endpoint)?;
    let updater = app
        .updater_builder()
        .endpoints(vec![url])
        .map_err(|_| UpdateError::BadEndpoint(endpoint.to_string()))?
        .timeout(CHECK_TIMEOUT)
        .build()
        .map_err(|e| UpdateError::Unreachable(plain(&e)))?;
    updater
        .check()
        .await
        .map_err(|e| UpdateError::Unreachable(plain(&e)))
}

/// Asks the endpoint whether a newer version exists. Never downloads or installs anything.
pub async fn check<R: Runtime>(app: &AppHandle<R>, endpoint: &str) -> UpdateCheck {
    let current = app.package_info().version.to_string();
    match find_update(app, endpoint).await {
        Ok(None) => UpdateCheck::UpToDate { current },
        Ok(Some(u)) => UpdateCheck::Available {
            current,
            version: u.version.clone(),
            notes: u.body.clone(),
            date: u.date.map(|d| d.date().to_string()),
        },
        Err(e) => UpdateCheck::Unreachable {
            message: e.to_string(),
        },
    }
}

/// Downloads the package of `update` (bounded in time and size) and returns it once its
/// signature checks out against the app's public key.
pub async fn fetch_verified(
    mut update: Update,
    max_bytes: u64,
) -> Result<(Update, Vec<u8>), UpdateError> {
    update.timeout = Some(DOWNLOAD_TIMEOUT);
    let received = Arc::new(AtomicU64::new(0));
    let too_large = Arc::new(tokio::sync::Notify::new());
    let (r, t) = (received.clone(), too_large.clone());
    let on_chunk = move |len: usize, total: Option<u64>| {
        let now = r.fetch_add(len as u64, Ordering::Relaxed) + len as u64;
        if now > max_bytes || total.is_some_and(|t| t > max_bytes) {
            t.notify_one();
        }
    };
    let bytes = tokio::select! {
        r = update.download(on_chunk, || {}) => r.map_err(|e| match e {
            PluginError::Minisign(_) | PluginError::Base64(_) | PluginError::SignatureUtf8(_)
            | PluginError::SignedVersionMismatch { .. } | PluginError::MissingSignedVersion => UpdateError::BadSignature,
            other => UpdateError::Unreachable(plain(&other)),
        })?,
        () = too_large.notified() => return Err(UpdateError::TooLarge),
    };
    // A small package can arrive whole in the same poll that saw it grow too large.
    if bytes.len() as u64 > max_bytes || received.load(Ordering::Relaxed) > max_bytes {
        return Err(UpdateError::TooLarge);
    }
    Ok((update, bytes))
}

/// Installs the version the user agreed to, then restarts the app. Refuses when the endpoint
/// now offers another version (the user agreed to that one, not this one).
pub async fn install<R: Runtime>(
    app: &AppHandle<R>,
    endpoint: &str,
    agreed_version: &str,
) -> Result<(), UpdateError> {
    let update = find_update(app, endpoint)
        .await?
        .ok_or(UpdateError::NoUpdate)?;
    if update.version != agreed_version {
        return Err(UpdateError::Changed {
            agreed: agreed_version.to_string(),
            offered: update.version,
        });
    }
    let (update, bytes) = fetch_verified(update, MAX_PACKAGE_BYTES).await?;
    update.install(bytes).map_err(|e| match e {
        PluginError::Minisign(_) | PluginError::SignedVersionMismatch { .. } => {
            UpdateError::BadSignature
        }
        other => UpdateError::Install(plain(&other)),
    })?;
    app.restart()
}

/// The plugin's error in words, without URLs' query strings.
fn plain(e: &PluginError) -> String {
    let s = e.to_string();
    match s.find('?') {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The plugin, registered in `app.rs`. The window never calls it directly (no `updater:`
/// permission is granted): only through `check_for_update` and `install_update`.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}
