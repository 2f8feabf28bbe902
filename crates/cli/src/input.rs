//! What subcommands read: a deployment file, a date, a catalog file. Each failure comes with
//! a code for scripts and a sentence saying what to do.

use std::path::{Path, PathBuf};

use socialmine_core::{Catalog, Date, Deployment};

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
    pub code: &'static str,
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
        code: "file_invalid",
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
            code: "file_unreadable",
            message: format!("{why}."),
            line: None,
            key: None,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| FileError {
        code: "not_utf8",
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

/// The catalog a subcommand uses: the built-in one, or `path` when it is newer. A catalog
/// that is broken or not newer is reported on stderr (prefixed with `who`) and the built-in
/// one used; `Err` only when `path` cannot be read.
pub fn load_catalog(who: &str, path: Option<&Path>) -> Result<Catalog, FileError> {
    let Some(path) = path else {
        return Ok(Catalog::built_in());
    };
    let text = std::fs::read_to_string(path).map_err(|e| FileError {
        code: "catalog_unreadable",
        message: format!(
            "the catalog file could not be read ({e}). Check the path given to --catalog."
        ),
        line: None,
        key: None,
    })?;
    let (catalog, problem) = Catalog::newest(Some(&text));
    if let Some(e) = problem {
        eprintln!(
            "{who}: the catalog {} was ignored ({e}); using the built-in catalog of {}.",
            path.display(),
            catalog.checked
        );
    } else if catalog.checked == Catalog::built_in_ref().checked {
        eprintln!(
            "{who}: the catalog {} is not newer than the built-in one ({}); using the built-in one.",
            path.display(),
            catalog.checked
        );
    }
    Ok(catalog)
}
