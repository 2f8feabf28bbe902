//! The provider-facts catalog in use, and signed updates of it.
//!
//! - [`load_catalog`]: which catalog the app uses: the built-in one, a signed update installed
//!   in the data folder (used only while its signature verifies with the project's public key
//!   and it is newer than the built-in one), or an unofficial file the admin named explicitly
//!   (`--catalog FILE`, or the developer setting), which every screen then labels "unofficial
//!   provider facts". A `catalog.toml` merely dropped into the data folder is never used: it is
//!   reported in [`CatalogInUse::notes`].
//! - [`update_catalog`]: downloads `catalog.toml` and its detached minisign signature
//!   (`catalog.toml.minisig`) with a size cap and a timeout, verifies the signature against
//!   [`CATALOG_PUBLIC_KEY`], validates the schema, requires a `checked` date newer than the
//!   catalog in use and not in the future, installs it with one atomic write and reports what
//!   changed. Any failure leaves the catalog in use exactly as it was.
//!
//! The installed file (`signed-catalog.toml`) is the catalog text preceded by its signature as
//! `#minisig:` comment lines, so catalog and signature are replaced together in one atomic write.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use socialmine_core::{
    Catalog, CatalogDiff, CatalogError, CatalogOrigin, Date, StaleNotice, staleness,
};
use socialmine_net::{DownloadError, fetch_bounded};
use ts_rs::TS;

use crate::atomic::write_atomic;

/// The project's minisign public key (`minisign.pub` format). Updates signed with any other
/// key are refused. The secret key never enters the repository.
pub const CATALOG_PUBLIC_KEY: &str = include_str!("../catalog-signing.pub");

/// Where updates are published by default: `catalog.toml`, with the signature at the same
/// address plus `.minisig`. A setting may name another address.
pub const DEFAULT_CATALOG_URL: &str =
    "https://example.invalid/socialmine-setup/provider-facts/v1/catalog.toml";

/// No catalog is anywhere near this large (the built-in one is about 100 KB).
pub const MAX_CATALOG_BYTES: usize = 2 * 1024 * 1024;
/// A minisign signature is four short lines.
pub const MAX_SIGNATURE_BYTES: usize = 4 * 1024;
/// Each download's time limit.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// The provider-facts settings (kept with the app's other settings; all fields optional in the
/// file, so an old settings file loads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CatalogSettings {
    /// Where to look for updates; `None`: [`DEFAULT_CATALOG_URL`].
    pub update_url: Option<String>,
    /// Whether the app looks for an update in the background, at most once a day.
    pub auto_check: bool,
    /// The day of the last background look (YYYY-MM-DD), successful or not.
    pub last_check: Option<String>,
    /// Developer setting: an unsigned catalog file to use anyway (shown as "unofficial
    /// provider facts" on every screen and report).
    pub unofficial_file: Option<PathBuf>,
}

impl Default for CatalogSettings {
    fn default() -> Self {
        CatalogSettings {
            update_url: None,
            auto_check: true,
            last_check: None,
            unofficial_file: None,
        }
    }
}

impl CatalogSettings {
    /// The address updates are fetched from.
    pub fn url(&self) -> &str {
        self.update_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .unwrap_or(DEFAULT_CATALOG_URL)
    }

    /// Whether a background look is due on `today`: switched on, and not yet done today (a
    /// `last_check` in the future, after a clock change, counts as not done).
    pub fn background_check_due(&self, today: Date) -> bool {
        self.auto_check
            && self
                .last_check
                .as_deref()
                .and_then(|d| d.parse::<Date>().ok())
                .is_none_or(|last| last != today)
    }
}

/// The signed update in the data folder.
pub const INSTALLED_CATALOG_FILE: &str = "signed-catalog.toml";
/// The file older versions read unsigned from the data folder; now only reported, never used.
const UNSIGNED_DROP_IN: &str = "catalog.toml";
const SIG_LINE: &str = "#minisig: ";
const INSTALLED_HEADER: &str = "# Provider facts installed by SocialMine Setup from a signed update. Do not edit: \
     an edited file fails its signature check and is not used.\n";

/// The catalog the app uses and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogInUse {
    pub catalog: Catalog,
    pub origin: CatalogOrigin,
    /// The file it was read from (`None` for the built-in catalog).
    pub file: Option<PathBuf>,
    /// Catalog files that were not used, and why (plain words, for the log, `catalog status`
    /// and the start screen).
    pub notes: Vec<String>,
}

/// What the start screen and `catalog status` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CatalogStatus {
    pub origin: CatalogOrigin,
    /// "Provider facts checked on DATE" (YYYY-MM-DD).
    pub checked: String,
    /// Where it came from, in plain words.
    pub from: String,
    /// The banner text for unofficial facts ("Unofficial provider facts: …"), else `None`.
    pub unofficial_banner: Option<String>,
    /// The 45-day notice, when due.
    pub stale: Option<StaleNotice>,
    /// Catalog files that were not used, and why.
    pub notes: Vec<String>,
}

impl CatalogInUse {
    /// The built-in catalog.
    pub fn built_in() -> CatalogInUse {
        CatalogInUse {
            catalog: Catalog::built_in(),
            origin: CatalogOrigin::BuiltIn,
            file: None,
            notes: Vec::new(),
        }
    }

    /// The banner every screen and report shows for unofficial facts.
    pub fn unofficial_banner(&self) -> Option<String> {
        (self.origin == CatalogOrigin::Unofficial).then(|| {
            format!(
                "Unofficial provider facts: the checks and console steps come from {}, a file without the \
                 SocialMine Setup project's signature. They may be wrong.",
                self.file
                    .as_deref()
                    .map_or_else(|| "a file".to_owned(), |f| f.display().to_string())
            )
        })
    }

    /// The status for the start screen and `catalog status`, with the staleness notice as of
    /// `today`.
    pub fn status(&self, today: Date) -> CatalogStatus {
        let from = match (self.origin, &self.file) {
            (CatalogOrigin::BuiltIn, _) | (_, None) => self.origin.describe().to_owned(),
            (_, Some(f)) => format!("{} ({})", self.origin.describe(), f.display()),
        };
        CatalogStatus {
            origin: self.origin,
            checked: self.catalog.checked.clone(),
            from,
            unofficial_banner: self.unofficial_banner(),
            stale: staleness(&self.catalog, today),
            notes: self.notes.clone(),
        }
    }
}

impl CatalogStatus {
    /// The status as plain lines, for `catalog status` and above the findings of `check`:
    /// where the facts come from and when they were checked, the unofficial banner, the
    /// staleness notice with its way forward, and any catalog file that was not used.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(b) = &self.unofficial_banner {
            out.push(format!("warning: {b}"));
        }
        out.push(format!(
            "Provider facts checked on {} ({}).",
            self.checked, self.from
        ));
        if let Some(n) = &self.stale {
            out.push(format!("notice [{}]: {} {}", n.code, n.message, n.fix));
        }
        for note in &self.notes {
            out.push(format!("note: {note}"));
        }
        out
    }
}

/// The catalog to use: `unofficial` when the admin named a file explicitly (and it is valid),
/// else a verified signed update in `data_dir` (the app's data folder; `None` when there is
/// none) newer than the built-in catalog, else the built-in one. Never fails: what was not used
/// is explained in [`CatalogInUse::notes`]. Reads at most three small files and creates
/// nothing; call it off the UI thread all the same.
pub fn load_catalog(data_dir: Option<&Path>, unofficial: Option<&Path>) -> CatalogInUse {
    load_catalog_with_key(data_dir, unofficial, CATALOG_PUBLIC_KEY)
}

/// [`load_catalog`] with another public key (tests).
pub fn load_catalog_with_key(
    data_dir: Option<&Path>,
    unofficial: Option<&Path>,
    public_key: &str,
) -> CatalogInUse {
    let mut notes = Vec::new();
    let drop_in = data_dir.map(|d| d.join(UNSIGNED_DROP_IN));
    if let Some(drop_in) = drop_in.filter(|p| p.is_file()) {
        notes.push(format!(
            "{} was not used: it has no signature from the SocialMine Setup project. To use it anyway, run \
             socialmine-setup with --catalog {} (every screen then says \"unofficial provider facts\").",
            drop_in.display(),
            drop_in.display()
        ));
    }
    if let Some(file) = unofficial {
        let read = std::fs::read(file)
            .map_err(|e| format!("it could not be read ({e})"))
            .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8 text".to_owned()))
            .and_then(|t| Catalog::parse(&t).map_err(|e| e.to_string()));
        match read {
            Ok(catalog) => {
                return CatalogInUse {
                    catalog,
                    origin: CatalogOrigin::Unofficial,
                    file: Some(file.to_path_buf()),
                    notes,
                };
            }
            Err(why) => notes.push(format!(
                "The catalog file {} was ignored and the built-in provider facts used: {why}.",
                file.display()
            )),
        }
    }
    let built_in = Catalog::built_in();
    let Some(installed) = data_dir.map(|d| d.join(INSTALLED_CATALOG_FILE)) else {
        return CatalogInUse {
            catalog: built_in,
            origin: CatalogOrigin::BuiltIn,
            file: None,
            notes,
        };
    };
    match std::fs::read(&installed) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => notes.push(format!(
            "The installed provider-facts update {} could not be read ({e}); the built-in facts are used.",
            installed.display()
        )),
        Ok(bytes) => match read_installed(&bytes, public_key) {
            Ok(catalog) if catalog.is_newer_than(&built_in) => {
                return CatalogInUse {
                    catalog,
                    origin: CatalogOrigin::SignedUpdate,
                    file: Some(installed),
                    notes,
                };
            }
            // This version of the app carries the same or newer facts: nothing to say.
            Ok(_) => {}
            Err(e) => notes.push(format!(
                "The installed provider-facts update {} was not used: {e} The built-in facts are used; \
                 run \"catalog update\" to install a good copy.",
                installed.display()
            )),
        },
    }
    CatalogInUse {
        catalog: built_in,
        origin: CatalogOrigin::BuiltIn,
        file: None,
        notes,
    }
}

/// Why an update was not installed. In every case the catalog in use is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum CatalogUpdateError {
    #[error("{0}")]
    Download(#[from] DownloadError),
    #[error(
        "the signature file is not a minisign signature, so the update cannot be trusted and was not installed"
    )]
    SignatureUnreadable,
    #[error(
        "the update was signed with a key other than the SocialMine Setup project's, so it was not installed"
    )]
    WrongKey,
    #[error(
        "the update's signature does not match its contents (it was changed or damaged on the way), so it was not installed"
    )]
    BadSignature,
    #[error("the signed catalog is not UTF-8 text, so it was not installed")]
    NotText,
    #[error("the signed catalog is not valid, so it was not installed: {0}")]
    Invalid(#[from] CatalogError),
    #[error(
        "the update was checked on {offered}, which is not newer than the provider facts in use (checked {in_use}); nothing to install"
    )]
    NotNewer { offered: String, in_use: String },
    #[error(
        "the update claims to be checked on {offered}, after today ({today}); a date in the future cannot be right, so it was not installed. Check the computer's date"
    )]
    FutureDated { offered: String, today: String },
    #[error(
        "the update could not be saved in {path} ({source}); the provider facts in use are unchanged. Check that you may write to the folder and that the disk is not full"
    )]
    Install {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CatalogUpdateError {
    /// A stable snake_case code for scripts and the UI.
    pub fn code(&self) -> socialmine_core::ErrorCode {
        match self {
            CatalogUpdateError::Download(DownloadError::Interrupted { .. }) => {
                socialmine_core::ErrorCode::DownloadInterrupted
            }
            CatalogUpdateError::Download(DownloadError::TooLarge { .. }) => {
                socialmine_core::ErrorCode::DownloadTooLarge
            }
            CatalogUpdateError::Download(_) => socialmine_core::ErrorCode::DownloadFailed,
            CatalogUpdateError::SignatureUnreadable => {
                socialmine_core::ErrorCode::SignatureUnreadable
            }
            CatalogUpdateError::WrongKey => socialmine_core::ErrorCode::WrongKey,
            CatalogUpdateError::BadSignature => socialmine_core::ErrorCode::BadSignature,
            CatalogUpdateError::NotText | CatalogUpdateError::Invalid(_) => {
                socialmine_core::ErrorCode::InvalidCatalog
            }
            CatalogUpdateError::NotNewer { .. } => socialmine_core::ErrorCode::NotNewer,
            CatalogUpdateError::FutureDated { .. } => socialmine_core::ErrorCode::FutureDated,
            CatalogUpdateError::Install { .. } => socialmine_core::ErrorCode::InstallFailed,
        }
    }
}

/// Checks a detached minisign signature of `data` against `public_key` (the text of a
/// `minisign.pub` file, or its base64 line).
pub fn verify_signature(
    data: &[u8],
    signature: &[u8],
    public_key: &str,
) -> Result<(), CatalogUpdateError> {
    let key = public_key
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
        .and_then(|b64| minisign_verify::PublicKey::from_base64(b64).ok())
        .ok_or(CatalogUpdateError::WrongKey)?;
    let text =
        std::str::from_utf8(signature).map_err(|_| CatalogUpdateError::SignatureUnreadable)?;
    let sig = minisign_verify::Signature::decode(text.trim())
        .map_err(|_| CatalogUpdateError::SignatureUnreadable)?;
    key.verify(data, &sig, false).map_err(|e| match e {
        minisign_verify::Error::UnexpectedKeyId => CatalogUpdateError::WrongKey,
        minisign_verify::Error::InvalidEncoding
        | minisign_verify::Error::UnsupportedAlgorithm
        | minisign_verify::Error::UnexpectedAlgorithm
        | minisign_verify::Error::UnsupportedLegacyMode => CatalogUpdateError::SignatureUnreadable,
        _ => CatalogUpdateError::BadSignature,
    })
}

/// A catalog whose signature verified and whose schema and date were accepted.
#[derive(Debug, Clone)]
pub struct VerifiedCatalog {
    pub catalog: Catalog,
    text: String,
    signature: String,
}

/// Verifies a downloaded catalog: signature, schema, a `checked` date newer than `in_use`'s
/// and not after `today`.
pub fn verify_catalog(
    catalog_bytes: &[u8],
    signature: &[u8],
    public_key: &str,
    in_use: &Catalog,
    today: Date,
) -> Result<VerifiedCatalog, CatalogUpdateError> {
    verify_signature(catalog_bytes, signature, public_key)?;
    let text =
        String::from_utf8(catalog_bytes.to_vec()).map_err(|_| CatalogUpdateError::NotText)?;
    let catalog = Catalog::parse(&text)?;
    let offered: Date = catalog
        .checked
        .parse()
        .map_err(|_| CatalogError::BadDate(catalog.checked.clone()))?;
    if offered > today {
        return Err(CatalogUpdateError::FutureDated {
            offered: catalog.checked.clone(),
            today: today.to_string(),
        });
    }
    if offered <= in_use.checked_date() {
        return Err(CatalogUpdateError::NotNewer {
            offered: catalog.checked.clone(),
            in_use: in_use.checked.clone(),
        });
    }
    let signature = String::from_utf8_lossy(signature).trim().to_owned();
    Ok(VerifiedCatalog {
        catalog,
        text,
        signature,
    })
}

/// Installs a verified catalog in `data_dir` with one atomic write (catalog and signature
/// together).
pub fn install_catalog(
    data_dir: &Path,
    v: &VerifiedCatalog,
) -> Result<PathBuf, CatalogUpdateError> {
    let path = data_dir.join(INSTALLED_CATALOG_FILE);
    let mut file = String::from(INSTALLED_HEADER);
    for line in v.signature.lines() {
        file.push_str(SIG_LINE);
        file.push_str(line);
        file.push('\n');
    }
    file.push_str(&v.text);
    std::fs::create_dir_all(data_dir)
        .and_then(|()| write_atomic(&path, file.as_bytes()))
        .map_err(|source| CatalogUpdateError::Install {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}

/// Reads and verifies the installed file.
fn read_installed(bytes: &[u8], public_key: &str) -> Result<Catalog, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text.".to_owned())?;
    let mut signature = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(sig) = line.strip_prefix(SIG_LINE) {
            signature.push_str(sig);
        } else if !(signature.is_empty() && line.starts_with('#')) {
            break;
        }
        offset += line.len();
    }
    if signature.is_empty() {
        return Err("it has no signature.".to_owned());
    }
    let body = &text[offset..];
    verify_signature(body.as_bytes(), signature.as_bytes(), public_key)
        .map_err(|e| format!("{e}."))?;
    Catalog::parse(body).map_err(|e| format!("{e}."))
}

/// What an update installed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CatalogUpdateOutcome {
    /// The new catalog's `checked` date.
    pub checked: String,
    /// The `checked` date of the catalog it replaces.
    pub previous_checked: String,
    pub diff: CatalogDiff,
    /// The changes in plain lines.
    pub summary: Vec<String>,
}

/// Downloads `url` and `url` + `.minisig`, verifies, installs in `data_dir`, and says what
/// changed against `in_use`. On any error the catalog in use is unchanged.
pub async fn update_catalog(
    data_dir: &Path,
    url: &str,
    in_use: &Catalog,
    today: Date,
) -> Result<CatalogUpdateOutcome, CatalogUpdateError> {
    update_catalog_with_key(
        data_dir,
        url,
        in_use,
        today,
        CATALOG_PUBLIC_KEY,
        DOWNLOAD_TIMEOUT,
    )
    .await
}

/// [`update_catalog`] with another public key and time limit (tests).
pub async fn update_catalog_with_key(
    data_dir: &Path,
    url: &str,
    in_use: &Catalog,
    today: Date,
    public_key: &str,
    timeout: Duration,
) -> Result<CatalogUpdateOutcome, CatalogUpdateError> {
    let url = url.trim();
    let catalog = fetch_bounded(url, MAX_CATALOG_BYTES, timeout).await?;
    let signature = fetch_bounded(&signature_url(url), MAX_SIGNATURE_BYTES, timeout).await?;
    let verified = verify_catalog(&catalog, &signature, public_key, in_use, today)?;
    install_catalog(data_dir, &verified)?;
    let diff = socialmine_core::catalog::diff(in_use, &verified.catalog);
    Ok(CatalogUpdateOutcome {
        checked: verified.catalog.checked.clone(),
        previous_checked: in_use.checked.clone(),
        summary: diff.summary(),
        diff,
    })
}

/// The signature's address: the catalog's plus `.minisig` (before any query).
pub fn signature_url(catalog_url: &str) -> String {
    match catalog_url.split_once('?') {
        Some((path, query)) => format!("{path}.minisig?{query}"),
        None => format!("{catalog_url}.minisig"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap_or_else(|_| panic!("{s}"))
    }

    #[test]
    fn a_background_check_is_due_at_most_once_a_day_and_can_be_switched_off() {
        let mut s = CatalogSettings::default();
        assert_eq!(s.url(), DEFAULT_CATALOG_URL);
        assert!(s.background_check_due(day("2026-12-02")));
        s.last_check = Some("2026-12-02".into());
        assert!(!s.background_check_due(day("2026-12-02")));
        assert!(s.background_check_due(day("2026-12-03")));
        s.last_check = Some("2027-05-01".into());
        assert!(
            s.background_check_due(day("2026-12-03")),
            "a clock set back"
        );
        s.auto_check = false;
        assert!(!s.background_check_due(day("2026-12-03")));
        s.update_url = Some("  https://mirror.example/catalog.toml ".into());
        assert_eq!(s.url(), "https://mirror.example/catalog.toml");
        let old: CatalogSettings = toml::from_str("").expect("an empty file loads");
        assert_eq!(old, CatalogSettings::default());
    }

    #[test]
    fn the_signature_lives_next_to_the_catalog() {
        assert_eq!(
            signature_url("https://a.example/v1/catalog.toml"),
            "https://a.example/v1/catalog.toml.minisig"
        );
        assert_eq!(
            signature_url("https://a.example/catalog.toml?x=1"),
            "https://a.example/catalog.toml.minisig?x=1"
        );
    }
}
