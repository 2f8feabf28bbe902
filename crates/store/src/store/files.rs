//! The deployment files: listing and loading them, creating, saving, renaming, duplicating
//! and deleting them, checking names, and setting aside a file that cannot be read.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use socialmine_core::{Deployment, PlatformId};

use super::{
    DeploymentList, DeploymentListItem, Loaded, PlatformStatus, SetAsideFile, Store,
    StoredDeployment, display_name, now,
};
use crate::atomic::{TEMP_PREFIX, sync_dir, write_atomic};
use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::secrets::SecretField;
use crate::state::{DeploymentState, platform_fingerprint};

const DEPLOYMENT_EXT: &str = ".toml";
pub(super) const STATE_EXT: &str = ".state.toml";

impl Store {
    // ---- listing and loading ----------------------------------------------------------------

    /// Every deployment, sorted by name. A file that cannot be read is set aside and reported
    /// in [`DeploymentList::set_aside`]; the others still load.
    pub fn list(&self) -> Result<DeploymentList, StoreError> {
        let _guard = self.lock();
        let (loaded, scanned) = self.scan()?;
        let mut set_aside: Vec<SetAsideFile> =
            std::mem::take(&mut *self.unreported.lock().unwrap_or_else(|p| p.into_inner()));
        set_aside.extend(scanned);
        let mut deployments = Vec::with_capacity(loaded.len());
        for (id, d) in loaded {
            let state = match self.read_state(&id) {
                Ok(s) => s,
                Err(f) => {
                    set_aside.push(f);
                    DeploymentState::default()
                }
            };
            deployments.push(list_item(id, &d, &state));
        }
        deployments.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        Ok(DeploymentList {
            deployments,
            set_aside,
        })
    }

    /// One deployment with its bookkeeping. A corrupt file is set aside and reported as
    /// [`StoreError::Corrupt`].
    pub fn load(&self, id: &DeploymentId) -> Result<StoredDeployment, StoreError> {
        let _guard = self.lock();
        let deployment = self.read_deployment_or_set_aside(id)?;
        let state = self.read_state_reporting(id);
        Ok(StoredDeployment {
            id: id.clone(),
            deployment,
            state,
        })
    }

    // ---- changing deployments ---------------------------------------------------------------

    /// Adds a deployment; returns its new id. Needs a name not used by another deployment.
    /// Client secrets typed into `deployment` go to the secret store, never into the file.
    pub fn create(&self, deployment: Deployment) -> Result<DeploymentId, StoreError> {
        let _guard = self.lock();
        let name = required_name(&deployment)?;
        self.ensure_name_free(&name, None)?;
        self.create_locked(deployment)
    }

    pub(crate) fn create_locked(
        &self,
        mut deployment: Deployment,
    ) -> Result<DeploymentId, StoreError> {
        let name = display_name(&deployment);
        let id = loop {
            let id = DeploymentId::generate(&name);
            if !self.deployment_path(&id).exists() {
                break id;
            }
        };
        self.move_inline_secrets(&id, &mut deployment)?;
        if let Err(e) = self.write_deployment(&id, &deployment) {
            let _ = self.secrets().delete_all(&id);
            return Err(e);
        }
        let state = DeploymentState {
            draft_saved_at: Some(now()),
            ..DeploymentState::default()
        };
        self.write_state(&id, &state)?;
        Ok(id)
    }

    /// Saves the draft of an existing deployment atomically (autosave). Client secrets typed
    /// into `deployment` go to the secret store, never into the file. Renaming to a name another
    /// deployment has is refused.
    pub fn save_draft(&self, id: &DeploymentId, deployment: &Deployment) -> Result<(), StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        let name = display_name(deployment);
        self.ensure_name_free(&name, Some(id))?;
        let mut deployment = deployment.clone();
        let secret_platforms = self.move_inline_secrets(id, &mut deployment)?;
        self.write_deployment(id, &deployment)?;
        let mut state = self.read_state_reporting(id);
        state.draft_saved_at = Some(now());
        for p in secret_platforms {
            state
                .platforms
                .entry(p)
                .or_default()
                .secret_changed_since_push = true;
        }
        self.write_state(id, &state)
    }

    /// Renames a deployment. Its id (and so its keyring entries) stays the same.
    pub fn rename(&self, id: &DeploymentId, new_name: &str) -> Result<(), StoreError> {
        let _guard = self.lock();
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(StoreError::NameMissing);
        }
        let mut d = self.read_deployment_or_set_aside(id)?;
        self.ensure_name_free(new_name, Some(id))?;
        d.name = Some(new_name.to_owned());
        self.write_deployment(id, &d)
    }

    /// Copies a deployment under a new name, without its secrets and without its history.
    /// `new_name` defaults to `"<name> (copy)"` (numbered when taken).
    pub fn duplicate(
        &self,
        id: &DeploymentId,
        new_name: Option<&str>,
    ) -> Result<DeploymentId, StoreError> {
        let _guard = self.lock();
        let mut d = self.read_deployment_or_set_aside(id)?;
        let name = match new_name.map(str::trim) {
            Some("") => return Err(StoreError::NameMissing),
            Some(n) => {
                self.ensure_name_free(n, None)?;
                n.to_owned()
            }
            None => {
                let base = format!("{} (copy)", display_name(&d));
                let mut candidate = base.clone();
                let mut n = 2;
                while self.ensure_name_free(&candidate, None).is_err() {
                    candidate = format!("{} (copy {n})", display_name(&d));
                    n += 1;
                }
                candidate
            }
        };
        d.name = Some(name);
        for p in d.platforms.values_mut() {
            p.client_secret = None;
        }
        self.create_locked(d)
    }

    /// Deletes a deployment: first its secrets, then its files. Call it only after the user
    /// confirmed. When the secrets cannot be deleted (keyring locked) nothing is deleted.
    pub fn delete(&self, id: &DeploymentId) -> Result<(), StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        self.secrets().delete_all(id)?;
        self.remove_files(id)
    }

    pub(crate) fn remove_files(&self, id: &DeploymentId) -> Result<(), StoreError> {
        for path in [self.state_path(id), self.deployment_path(id)] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io("delete the deployment file", path, e)),
            }
        }
        let dir = self.dirs.deployments_dir();
        sync_dir(&dir).map_err(|e| StoreError::io("flush the deployments folder", dir, e))
    }

    // ---- internals (callers hold the write lock) --------------------------------------------

    pub(crate) fn deployment_path(&self, id: &DeploymentId) -> PathBuf {
        self.dirs
            .deployments_dir()
            .join(format!("{id}{DEPLOYMENT_EXT}"))
    }

    pub(crate) fn ensure_exists(&self, id: &DeploymentId) -> Result<(), StoreError> {
        if self.deployment_path(id).is_file() {
            Ok(())
        } else {
            Err(StoreError::NotFound { id: id.to_string() })
        }
    }

    /// Every readable deployment; unreadable files are set aside and returned separately.
    pub(crate) fn scan(&self) -> Result<(Vec<Loaded>, Vec<SetAsideFile>), StoreError> {
        let dir = self.dirs.deployments_dir();
        let entries = fs::read_dir(&dir)
            .map_err(|e| StoreError::io("read the deployments folder", &dir, e))?;
        let mut ids = Vec::new();
        let mut bad_names = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| StoreError::io("read the deployments folder", &dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(STATE_EXT) {
                continue;
            }
            let Some(stem) = name.strip_suffix(DEPLOYMENT_EXT) else {
                continue;
            };
            match DeploymentId::parse(stem) {
                Ok(id) => ids.push(id),
                // A hand-placed file whose name cannot be an id: set it aside and say so.
                Err(e) => bad_names.push((entry.path(), e.to_string())),
            }
        }
        let mut set_aside = Vec::new();
        for (path, problem) in bad_names {
            let problem = format!(
                "its name cannot be a deployment id ({problem}); import it instead of copying it \
                 into the folder"
            );
            set_aside.push(self.set_aside_or_report(&path, &problem));
        }
        ids.sort();
        let mut loaded = Vec::new();
        for id in ids {
            match self.read_deployment(&id) {
                Ok(d) => loaded.push((id, d)),
                Err(ReadProblem::Missing) => {}
                // One unreadable file must not hide the others.
                Err(ReadProblem::Io(e)) => {
                    let problem = format!("the file could not be read ({e})");
                    set_aside.push(self.set_aside_or_report(&self.deployment_path(&id), &problem));
                }
                Err(ReadProblem::Corrupt(problem)) => {
                    set_aside.push(self.set_aside_or_report(&self.deployment_path(&id), &problem));
                }
            }
        }
        Ok((loaded, set_aside))
    }

    fn read_deployment(&self, id: &DeploymentId) -> Result<Deployment, ReadProblem> {
        let path = self.deployment_path(id);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadProblem::Missing),
            Err(e) => return Err(ReadProblem::Io(e)),
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            ReadProblem::Corrupt("the file is not UTF-8 text (it may be damaged)".to_owned())
        })?;
        let mut d = Deployment::parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
            .map_err(|e| ReadProblem::Corrupt(e.to_string()))?;
        self.move_secrets_out_of_file(id, &mut d);
        Ok(d)
    }

    /// A deployment file with client secrets written in it (by hand, or by another program):
    /// they go to the secret store and the file is rewritten without them, so no secret stays
    /// on disk (issue 13 item 7). When the secret store refuses them (no keyring yet), the
    /// file is left as it is and the secrets stay in `d`: the app keeps them in memory and
    /// stores them, and rewrites the file, with its next save.
    fn move_secrets_out_of_file(&self, id: &DeploymentId, d: &mut Deployment) {
        let inline = d
            .platforms
            .values()
            .any(|c| c.client_secret.as_ref().is_some_and(|s| !s.is_empty()));
        if !inline {
            return;
        }
        let mut clean = d.clone();
        // Left as it is when the secret store refuses: `d` keeps the secrets for the app.
        let Ok(moved) = self.move_inline_secrets(id, &mut clean) else {
            return;
        };
        if self.write_deployment(id, &clean).is_err() {
            // The secrets are in the store now, and still in the file: the next save rewrites
            // it; meanwhile the app holds them as read.
            return;
        }
        let mut state = self.read_state_reporting(id);
        for p in moved {
            state
                .platforms
                .entry(p)
                .or_default()
                .secret_changed_since_push = true;
        }
        // Best effort: without it the moved secret is sent with the next push of a change.
        let _ = self.write_state(id, &state);
        *d = clean;
    }

    pub(crate) fn read_deployment_or_set_aside(
        &self,
        id: &DeploymentId,
    ) -> Result<Deployment, StoreError> {
        match self.read_deployment(id) {
            Ok(d) => Ok(d),
            Err(ReadProblem::Missing) => Err(StoreError::NotFound { id: id.to_string() }),
            Err(ReadProblem::Io(e)) => Err(StoreError::io(
                "read a deployment file",
                self.deployment_path(id),
                e,
            )),
            Err(ReadProblem::Corrupt(problem)) => {
                let f = self.set_aside(&self.deployment_path(id), &problem)?;
                Err(StoreError::Corrupt {
                    file_name: f.file_name,
                    moved_to: f.moved_to,
                    problem: f.problem,
                })
            }
        }
    }

    pub(crate) fn write_deployment(
        &self,
        id: &DeploymentId,
        d: &Deployment,
    ) -> Result<(), StoreError> {
        let path = self.deployment_path(id);
        // `to_toml_without_secrets` never writes a client secret; clear them anyway so that a
        // change in the core crate cannot make this file hold one.
        let mut clean = d.clone();
        for p in clean.platforms.values_mut() {
            p.client_secret = None;
        }
        let text = format!(
            "# SocialMine Setup deployment file. Secrets are not kept here but in the system keyring.\n{}",
            clean.to_toml_without_secrets()
        );
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the deployment file", path, e))
    }

    /// Moves client secrets typed into a deployment to the secret store; returns the platforms
    /// whose secret was set.
    pub(crate) fn move_inline_secrets(
        &self,
        id: &DeploymentId,
        d: &mut Deployment,
    ) -> Result<Vec<PlatformId>, StoreError> {
        let secrets = self.secrets();
        let mut moved = Vec::new();
        for (p, cfg) in d.platforms.iter_mut() {
            if let Some(s) = cfg.client_secret.take()
                && !s.is_empty()
            {
                secrets.set(id, SecretField::ClientSecret(*p), &s)?;
                moved.push(*p);
            }
        }
        Ok(moved)
    }

    /// `Ok` when no deployment other than `except` is called `name` (case-insensitively).
    pub(crate) fn ensure_name_free(
        &self,
        name: &str,
        except: Option<&DeploymentId>,
    ) -> Result<(), StoreError> {
        match self.find_by_name(name)? {
            Some(other) if Some(&other) != except => Err(StoreError::NameTaken {
                name: name.trim().to_owned(),
            }),
            _ => Ok(()),
        }
    }

    pub(crate) fn find_by_name(&self, name: &str) -> Result<Option<DeploymentId>, StoreError> {
        let wanted = name.trim().to_lowercase();
        let (loaded, set_aside) = self.scan()?;
        self.unreported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(set_aside);
        Ok(loaded
            .into_iter()
            .find(|(_, d)| display_name(d).to_lowercase() == wanted)
            .map(|(id, _)| id))
    }

    /// [`Store::set_aside`], or when even renaming fails, a report that leaves the file where
    /// it is.
    pub(super) fn set_aside_or_report(&self, path: &Path, problem: &str) -> SetAsideFile {
        self.set_aside(path, problem).unwrap_or_else(|e| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            SetAsideFile {
                moved_to: file_name.clone(),
                file_name,
                folder: path
                    .parent()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
                problem: format!("{problem}. It could not be moved aside either: {e}"),
            }
        })
    }

    pub(super) fn set_aside(&self, path: &Path, problem: &str) -> Result<SetAsideFile, StoreError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap_or_else(|_| "unknown-time".to_owned());
        let mut moved_to = format!("{file_name}.corrupt-{stamp}");
        let mut n = 2;
        while dir.join(&moved_to).exists() {
            moved_to = format!("{file_name}.corrupt-{stamp}-{n}");
            n += 1;
        }
        // The copy is kept for the user, without any secret it may hold.
        let removed = crate::scrub::move_scrubbed(path, &dir.join(&moved_to))
            .map_err(|e| StoreError::io("set a corrupt file aside", path, e))?;
        sync_dir(dir).map_err(|e| StoreError::io("flush the deployments folder", dir, e))?;
        let problem = if removed > 0 {
            format!(
                "{problem} (the copy set aside has its secret values removed: enter them again in the app)"
            )
        } else {
            problem.to_owned()
        };
        Ok(SetAsideFile {
            file_name,
            moved_to,
            folder: dir.display().to_string(),
            problem,
        })
    }

    pub(super) fn remove_stale_temp_files(&self) {
        let Ok(entries) = fs::read_dir(self.dirs.deployments_dir()) else {
            return;
        };
        let cutoff = SystemTime::now() - Duration::from_secs(600);
        for e in entries.flatten() {
            let stale = e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < cutoff);
            if stale {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

enum ReadProblem {
    Missing,
    Io(io::Error),
    Corrupt(String),
}

fn required_name(d: &Deployment) -> Result<String, StoreError> {
    match d.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => Ok(n.to_owned()),
        _ => Err(StoreError::NameMissing),
    }
}

fn list_item(id: DeploymentId, d: &Deployment, state: &DeploymentState) -> DeploymentListItem {
    let platforms = PlatformId::ALL
        .into_iter()
        .map(|p| {
            let draft = d.platforms.get(&p);
            let in_draft = draft.is_some_and(|c| !c.is_blank());
            let draft_fp = platform_fingerprint(&draft.cloned().unwrap_or_default());
            let ps = state.platforms.get(&p).cloned().unwrap_or_default();
            let unpushed_changes = match &ps.pushed_fingerprint {
                None => in_draft,
                Some(fp) => *fp != draft_fp,
            } || ps.secret_changed_since_push;
            PlatformStatus {
                platform: p,
                in_draft,
                app_version: draft
                    .and_then(|c| c.app_version.clone())
                    .filter(|v| !v.trim().is_empty()),
                unpushed_changes,
                pushed_at: ps.pushed_at,
                drift: ps.server.as_ref().map(|s| s.fingerprint != draft_fp),
                saved_on_server: ps.server.as_ref().map(|s| s.saved),
                enabled_on_server: ps.server.as_ref().map(|s| s.enabled),
                server_revision: ps.server.as_ref().and_then(|s| s.revision),
                server_read_at: ps.server.as_ref().map(|s| s.read_at),
                last_verification: ps.last_verification.clone(),
            }
        })
        .collect();
    DeploymentListItem {
        id,
        name: display_name(d),
        api_public_url: d.api_public_url.clone(),
        admin_url: d.admin_base().to_owned(),
        draft_saved_at: state.draft_saved_at,
        last_pushed_at: state.last_pushed_at,
        platforms,
    }
}
