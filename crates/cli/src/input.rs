//! What subcommands read: a deployment file, a date, a catalog file. Each failure comes with
//! a code for scripts and a sentence saying what to do.

use std::path::{Path, PathBuf};

use socialmine_core::{Date, Deployment, ErrorCode};
use socialmine_store::{AppDirs, CatalogInUse, Profile};

/// A deployment file, read and parsed.
#[derive(Debug, Clone)]
pub struct DeploymentFile {
    pub path: PathBuf,
    /// The path as given, for messages.
    pub shown: String,
    pub deployment: Deployment,
}

/// Why a file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// `file_unreadable`, `not_utf8` or `file_invalid`.
    pub code: ErrorCode,
    /// What is wrong and what to do, one or two sentences.
    pub message: String,
    /// Where in the file (for `file_invalid`).
    pub line: Option<usize>,
    pub key: Option<String>,
}

/// Reads and parses a deployment file (TOML). Reads only.
pub fn read_deployment_file(path: &Path) -> Result<DeploymentFile, FileError> {
    let text = read_text(path)?;
    let deployment = Deployment::parse(&text).map_err(|e| FileError {
        code: ErrorCode::FileInvalid,
        message: e.to_string(),
        line: e.line,
        key: e.key.clone(),
    })?;
    Ok(DeploymentFile {
        path: path.to_path_buf(),
        shown: path.display().to_string(),
        deployment,
    })
}

/// A UTF-8 text file's contents.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "there is no such file. Check the path, or create the file".to_owned()
            }
            std::io::ErrorKind::PermissionDenied => {
                "you do not have permission to read it".to_owned()
            }
            _ => format!("it could not be read ({e})"),
        };
        FileError {
            code: ErrorCode::FileUnreadable,
            message: format!("{why}."),
            line: None,
            key: None,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| FileError {
        code: ErrorCode::NotUtf8,
        message: "the file is not UTF-8 text. Save it as UTF-8 (any text editor can) and run the command again."
            .to_owned(),
        line: None,
        key: None,
    })
}

/// `--today YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, socialmine_core::BadDate> {
    s.parse()
}

/// The app's data folder for this profile (`SOCIALMINE_PROFILE`), without creating it; `None`
/// when it cannot be determined (then only the built-in catalog is available).
pub fn data_dirs() -> Option<AppDirs> {
    let profile = Profile::from_env_or_build().ok()?;
    AppDirs::resolve(profile).ok()
}

/// The catalog a subcommand uses ([`socialmine_store::load_catalog`]): `path` when given and
/// valid (then "unofficial provider facts"), else a signed update in the data folder newer than
/// the built-in catalog, else the built-in one. Files that were not used are reported on stderr
/// (prefixed with `who`), as is the unofficial-facts banner. Reads only. `Err` only when `path`
/// cannot be read at all.
pub fn load_catalog(who: &str, path: Option<&Path>) -> Result<CatalogInUse, FileError> {
    if let Some(path) = path {
        std::fs::metadata(path).map_err(|e| FileError {
            code: ErrorCode::CatalogUnreadable,
            message: format!(
                "the catalog file could not be read ({e}). Check the path given to --catalog."
            ),
            line: None,
            key: None,
        })?;
    }
    let dirs = data_dirs();
    let in_use = socialmine_store::load_catalog(dirs.as_ref().map(AppDirs::root), path);
    for note in &in_use.notes {
        eprintln!("{who}: {note}");
    }
    if let Some(banner) = in_use.unofficial_banner() {
        eprintln!("{who}: warning: {banner}");
    }
    Ok(in_use)
}
