//! Read-only lookups for the command line: which stored deployment a deployment file stands
//! for. Nothing here creates, moves or deletes a file (unlike [`crate::Store::open`], which
//! creates the data folder and tidies it, and [`crate::Store::list`], which sets corrupt files
//! aside).

use std::path::{Path, PathBuf};

use socialmine_core::Deployment;

use crate::id::DeploymentId;
use crate::paths::AppDirs;

/// The suffix of the bookkeeping side files beside the deployment files (not deployments).
const STATE_SUFFIX: &str = ".state.toml";

/// The stored deployment `file` stands for: the file itself when it is one of the data
/// folder's deployment files, else the stored deployment with the same name and
/// API_PUBLIC_URL (names compared without case, URLs without a trailing slash). `None` when
/// the data folder does not exist or nothing matches. Unreadable files are skipped, never
/// touched.
pub fn find_stored_deployment(
    dirs: &AppDirs,
    file: &Path,
    deployment: &Deployment,
) -> Option<DeploymentId> {
    let dir = dirs.deployments_dir();
    let canonical_dir = dir.canonicalize().ok()?;
    let parent = file
        .canonicalize()
        .ok()
        .and_then(|f| f.parent().map(PathBuf::from));
    if parent.as_deref() == Some(canonical_dir.as_path())
        && let Some(id) = file
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| DeploymentId::parse(s).ok())
    {
        return Some(id);
    }
    let name = deployment.name.as_deref()?.trim().to_lowercase();
    let url = deployment.api_public_url.trim().trim_end_matches('/');
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    entries.into_iter().find_map(|path| {
        let file_name = path.file_name()?.to_str()?;
        if file_name.ends_with(STATE_SUFFIX) {
            return None;
        }
        let id = DeploymentId::parse(file_name.strip_suffix(".toml")?).ok()?;
        let stored = Deployment::parse(&std::fs::read_to_string(&path).ok()?).ok()?;
        let same = stored.name.as_deref()?.trim().to_lowercase() == name
            && stored.api_public_url.trim().trim_end_matches('/') == url;
        same.then_some(id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Profile, SecretStore, Store};

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walk(dir)
            .into_iter()
            .map(|p| p.display().to_string())
            .collect();
        names.sort();
        names
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            }
            out.push(p);
        }
        out
    }

    #[test]
    fn a_file_finds_its_stored_deployment_by_path_or_by_name_and_url_and_changes_nothing() {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dirs = AppDirs::at(Profile::new_test(), root.path().join("data"));
        // No data folder: nothing found, nothing created.
        let mut d = Deployment::new("https://api.acme.com/");
        d.name = Some("Acme production".into());
        let elsewhere = root.path().join("acme.toml");
        std::fs::write(&elsewhere, d.to_toml_without_secrets()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(find_stored_deployment(&dirs, &elsewhere, &d), None);
        assert!(!dirs.root().exists());

        let store = Store::open(dirs.clone(), SecretStore::session_only("t"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut other = Deployment::new("https://api.acme.com");
        other.name = Some("Acme staging".into());
        store.create(other).unwrap_or_else(|e| panic!("{e}"));
        let mut stored = d.clone();
        stored.api_public_url = "https://api.acme.com".into();
        stored.name = Some("ACME Production".into());
        let id = store.create(stored).unwrap_or_else(|e| panic!("{e}"));
        // A corrupt file stays where it is.
        std::fs::write(dirs.deployments_dir().join("broken-abc123.toml"), "= nope")
            .unwrap_or_else(|e| panic!("{e}"));
        let before = listing(root.path());

        assert_eq!(
            find_stored_deployment(&dirs, &elsewhere, &d),
            Some(id.clone())
        );
        let own = dirs.deployments_dir().join(format!("{}.toml", id.as_str()));
        assert_eq!(find_stored_deployment(&dirs, &own, &d), Some(id));
        let mut unknown = d.clone();
        unknown.name = Some("Beta".into());
        assert_eq!(find_stored_deployment(&dirs, &elsewhere, &unknown), None);
        assert_eq!(
            listing(root.path()),
            before,
            "a lookup changed the data folder"
        );
    }
}
