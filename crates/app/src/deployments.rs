//! Managing the stored deployments from the window: the list and fleet view, add, rename,
//! duplicate, delete, switch, secret storage, export and import. The commands call these.

use std::path::{Path, PathBuf};

use socialmine_core::{AppError, Date, Deployment, ErrorCode, Secret};
use socialmine_store::{
    BundleOptions, DeploymentId, ImportOutcome, MIN_PASSPHRASE_CHARS, OnClash, Profile,
    SecretStorageStatus, StoreError, write_atomic,
};

use crate::fleet;
use crate::persist::Persistence;
use crate::state::AppState;
use crate::view::{DeploymentRow, DeploymentsView, DraftView, ExportDone, ExportFormat, SaveState};

/// The largest file the import accepts (deployment files and bundles are a few kB).
pub const MAX_IMPORT_BYTES: usize = 1_000_000;

fn store_error(e: StoreError) -> AppError {
    e.into()
}

fn parse_id(id: &str) -> Result<DeploymentId, AppError> {
    DeploymentId::parse(id).map_err(|e| store_error(e.into()))
}

fn sandbox_refused(what: &str) -> AppError {
    AppError::new(
        ErrorCode::SandboxProtected,
        format!(
            "The practice deployment is always there, so it cannot be {what}. Duplicate it to get a copy you can {what}."
        ),
    )
}

impl AppState {
    /// The store, or why there is none (with what to do).
    pub fn persist(&self) -> Result<&Persistence, AppError> {
        self.persistence().ok_or_else(|| {
            AppError::new(
                ErrorCode::StorageUnavailable,
                self.storage_error().unwrap_or_else(|| {
                    "The app's data folder could not be opened. Check that HOME is set and writable, then restart the app.".into()
                }),
            )
        })
    }

    /// The Deployments screen and the fleet view.
    pub fn deployments(&self) -> Result<DeploymentsView, AppError> {
        let p = self.persist()?;
        let list = p.store.list().map_err(store_error)?;
        let sandbox_id = p.settings_sandbox_id();
        let current_id = self.workspace().id.clone();
        let today = self.clock.today();
        let items: Vec<_> = list
            .deployments
            .into_iter()
            .map(|item| {
                let is_sandbox = sandbox_id.as_ref() == Some(&item.id);
                (item, is_sandbox)
            })
            .collect();
        let catalog = self.catalog.get();
        let attention = fleet::attention(&catalog.catalog, &items, today);
        let deployments = items
            .into_iter()
            .map(|(mut item, is_sandbox)| {
                if is_sandbox && let Some(url) = self.sandbox_url() {
                    item.admin_url = url;
                }
                let cells = item
                    .platforms
                    .iter()
                    .map(|st| fleet::cell(&catalog.catalog, &item, st, today))
                    .collect();
                DeploymentRow {
                    is_current: item.id.as_str() == current_id,
                    is_sandbox,
                    cells,
                    item,
                }
            })
            .collect();
        Ok(DeploymentsView {
            deployments,
            set_aside: list.set_aside,
            attention,
            current_id,
            data_folder: p.store.dirs().deployments_dir().display().to_string(),
            secret_storage: p.store.secret_storage(),
            min_passphrase_chars: MIN_PASSPHRASE_CHARS as u32,
            today: today.to_string(),
        })
    }

    /// Adds a deployment (not opened yet); returns its id. The URL is typed, or read from the
    /// text of a SocialMine root `.env` file.
    pub fn create_deployment(
        &self,
        name: &str,
        api_public_url: &str,
        env_text: Option<&str>,
    ) -> Result<String, AppError> {
        crate::bounds::new_deployment(name, api_public_url, env_text)?;
        let p = self.persist()?;
        let url = match env_text {
            Some(text) => socialmine_core::deployment::api_public_url_from_env(text)
                .map_err(|e| AppError::new(ErrorCode::EnvImportFailed, e.to_string()))?,
            None => api_public_url.trim().to_owned(),
        };
        if url.is_empty() {
            return Err(AppError::new(
                ErrorCode::ApiPublicUrlMissing,
                "Enter the deployment's API_PUBLIC_URL (like https://api.acme.com), or pick its SocialMine .env file.",
            ));
        }
        let mut d = Deployment::new(url);
        d.name = Some(name.trim().to_owned());
        let id = p.store.create(d).map_err(store_error)?;
        Ok(id.to_string())
    }

    pub fn rename_deployment(&self, id: &str, name: &str) -> Result<(), AppError> {
        crate::bounds::id(id)?;
        crate::bounds::name(name)?;
        let p = self.persist()?;
        let id = parse_id(id)?;
        if p.is_sandbox(id.as_str()) {
            return Err(sandbox_refused("renamed"));
        }
        let _one = self.save_guard();
        p.store.rename(&id, name).map_err(store_error)?;
        // The open draft is autosaved with its name: keep it in step.
        let mut ws = self.workspace();
        if ws.id == id.as_str() {
            ws.deployment.name = Some(name.trim().to_owned());
        }
        Ok(())
    }

    /// A copy without secrets and without history; returns the copy's id.
    pub fn duplicate_deployment(&self, id: &str) -> Result<String, AppError> {
        crate::bounds::id(id)?;
        let p = self.persist()?;
        let id = parse_id(id)?;
        self.flush_current(p)?;
        let copy = p.store.duplicate(&id, None).map_err(store_error)?;
        Ok(copy.to_string())
    }

    /// Deletes a deployment with its keyring entries. The open one is closed first (the
    /// practice deployment opens instead); the practice deployment cannot be deleted.
    pub fn delete_deployment(&self, id: &str) -> Result<(), AppError> {
        crate::bounds::id(id)?;
        let p = self.persist()?;
        let id = parse_id(id)?;
        if p.is_sandbox(id.as_str()) {
            return Err(sandbox_refused("deleted"));
        }
        if self.workspace().id == id.as_str() {
            let sandbox = p.sandbox_id().map_err(store_error)?;
            self.open_deployment(p, &sandbox, false)?;
        }
        p.store.delete(&id).map_err(store_error)?;
        p.forget(&id);
        Ok(())
    }

    /// Opens another deployment in the window. What was typed in the open one is saved first;
    /// the admin API session belongs to the old deployment and is ended.
    pub fn switch_deployment(&self, id: &str) -> Result<DraftView, AppError> {
        crate::bounds::id(id)?;
        let p = self.persist()?;
        let id = parse_id(id)?;
        self.open_deployment(p, &id, true)?;
        Ok(self.view(&self.workspace()))
    }

    /// Saves the open draft; an error when that fails, so nothing typed is lost by what follows.
    fn flush_current(&self, p: &Persistence) -> Result<(), AppError> {
        let saved = self.save_now();
        let id = self.workspace().id.clone();
        match &saved.error {
            // A draft the store does not know (the store failed at start) has nothing to keep.
            Some(e) if DeploymentId::parse(&id).is_ok_and(|id| p.store.load(&id).is_ok()) => {
                Err(AppError::new(
                    ErrorCode::UnsavedChanges,
                    format!(
                        "The open deployment could not be saved, so this would lose what you typed. {e}"
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    fn open_deployment(
        &self,
        p: &Persistence,
        id: &DeploymentId,
        save_first: bool,
    ) -> Result<(), AppError> {
        if save_first && self.workspace().id != id.as_str() {
            self.flush_current(p)?;
        }
        let loaded = p.load(id).map_err(store_error)?;
        self.replace_workspace(loaded);
        self.set_admin(None);
        self.set_save_state(SaveState {
            saved: true,
            error: None,
        });
        Ok(())
    }

    /// Where secrets are kept now.
    pub fn secret_storage(&self) -> Result<SecretStorageStatus, AppError> {
        Ok(self.persist()?.store.secret_storage())
    }

    /// Tries the keyring again; on success the open deployment's secrets are read from it.
    pub fn retry_keyring(&self) -> Result<SecretStorageStatus, AppError> {
        let p = self.persist()?;
        let status = p.store.retry_keyring().map_err(store_error)?;
        self.reload_after_storage_change(p);
        Ok(status)
    }

    /// Keeps secrets in memory for this session (the explicit choice without a keyring).
    pub fn use_session_only_secrets(&self) -> Result<SecretStorageStatus, AppError> {
        let p = self.persist()?;
        let status = p.store.use_session_only_secrets();
        self.reload_after_storage_change(p);
        Ok(status)
    }

    /// Secrets typed while there was no secret storage are stored now, and the open
    /// deployment's stored secrets are read.
    pub(crate) fn reload_after_storage_change(&self, p: &Persistence) {
        self.save_if_unsaved();
        let id = self.workspace().id.clone();
        if let Ok(id) = DeploymentId::parse(&id)
            && let Ok(mut fresh) = p.load(&id)
        {
            let ws = self.workspace().clone();
            if ws.id != fresh.id {
                return;
            }
            // Keep anything still unsaved.
            for platform in ws.dirty_secrets.clone() {
                match ws.secrets.get(&platform) {
                    Some(s) => fresh.secrets.insert(platform, s.clone()),
                    None => fresh.secrets.remove(&platform),
                };
                fresh.dirty_secrets.insert(platform);
            }
            self.replace_workspace(fresh);
        }
    }

    /// Writes the open deployment to a file: its TOML without secrets, or an encrypted bundle
    /// with them (the passphrase typed twice).
    pub fn export_current(
        &self,
        format: ExportFormat,
        passphrase: Option<Secret>,
        passphrase_again: Option<Secret>,
        include_admin_sign_in: bool,
    ) -> Result<ExportDone, AppError> {
        crate::bounds::passphrases(
            passphrase.as_ref().map(|p| p.expose_str()),
            passphrase_again.as_ref().map(|p| p.expose_str()),
        )?;
        let p = self.persist()?;
        self.flush_current(p)?;
        let id = parse_id(&self.workspace().id)?;
        let folder = export_folder(p);
        let (bytes, ext, summary) = match format {
            ExportFormat::Toml => (
                p.store.export_toml(&id).map_err(store_error)?.into_bytes(),
                "toml",
                "The deployment file, without secrets: enter the client secrets again after importing it.",
            ),
            ExportFormat::Bundle => {
                let pass = check_passphrases(passphrase, passphrase_again)?;
                let options = BundleOptions {
                    include_admin_token: include_admin_sign_in,
                };
                (
                    p.store
                        .export_bundle_with(&id, &pass, options)
                        .map_err(store_error)?,
                    "smbundle",
                    if include_admin_sign_in {
                        "The deployment with its secrets and your admin sign-in, encrypted with your passphrase. Send the passphrase another way than the file; whoever has both can change the server's settings until the sign-in expires."
                    } else {
                        "The deployment with its client secrets, encrypted with your passphrase (without your admin sign-in: whoever imports it signs in themselves). Send the passphrase another way than the file."
                    },
                )
            }
        };
        let path = write_export(&folder, id.as_str(), self.clock.today(), ext, &bytes)?;
        Ok(ExportDone {
            format,
            path: path.display().to_string(),
            summary: summary.to_owned(),
        })
    }

    /// Imports a deployment file or an encrypted bundle (not opened). Replacing the open
    /// deployment reloads it; the practice deployment cannot be replaced.
    pub fn import_deployment(
        &self,
        bytes: &[u8],
        passphrase: Option<Secret>,
        on_clash: OnClash,
    ) -> Result<ImportOutcome, AppError> {
        crate::bounds::file_bytes("file", bytes)?;
        crate::bounds::passphrases(passphrase.as_ref().map(|p| p.expose_str()), None)?;
        crate::bounds::on_clash(&on_clash)?;
        let p = self.persist()?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(AppError::new(
                ErrorCode::ImportTooLarge,
                "This file is larger than 1 MB; a deployment file or bundle is a few kB. Pick the .toml or .smbundle file exported from SocialMine Setup.",
            ));
        }
        let pass = passphrase.filter(|s| !s.is_empty());
        if on_clash == OnClash::Replace {
            // Ask first (it imports when the name is free by now): the practice deployment is
            // never replaced, as its secrets belong to the running sandbox.
            match p
                .store
                .import(bytes, pass.as_ref(), OnClash::Ask)
                .map_err(store_error)?
            {
                ImportOutcome::Clash { existing_id, .. }
                    if p.settings_sandbox_id().as_ref() == Some(&existing_id) =>
                {
                    return Err(AppError::new(
                        ErrorCode::SandboxProtected,
                        "This file has the practice deployment's name, which cannot be replaced. Import it under another name instead.",
                    ));
                }
                ImportOutcome::Clash { .. } => {}
                imported => return Ok(imported),
            }
        }
        let outcome = p
            .store
            .import(bytes, pass.as_ref(), on_clash)
            .map_err(store_error)?;
        if let ImportOutcome::Imported {
            id, replaced: true, ..
        } = &outcome
            && self.workspace().id == id.as_str()
        {
            self.open_deployment(p, id, false)?;
        }
        Ok(outcome)
    }
}

fn check_passphrases(a: Option<Secret>, b: Option<Secret>) -> Result<Secret, AppError> {
    let a = a.unwrap_or_default();
    if a.expose_str().trim().is_empty() {
        return Err(AppError::new(
            ErrorCode::PassphraseMissing,
            format!(
                "Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters to encrypt the bundle, and type it twice."
            ),
        ));
    }
    if b.as_ref().map(Secret::expose_str) != Some(a.expose_str()) {
        return Err(AppError::new(
            ErrorCode::PassphrasesDiffer,
            "The two passphrases are not the same. Type the same passphrase in both fields.",
        ));
    }
    Ok(a)
}

/// Where exports go: the user's Downloads (or Documents) folder; for a test profile, or when
/// neither exists, `exports` in the app's data folder.
pub fn export_folder(p: &Persistence) -> PathBuf {
    let fallback = p.data_dir().join("exports");
    if matches!(p.store.dirs().profile(), Profile::Test { .. }) {
        return fallback;
    }
    directories::UserDirs::new()
        .and_then(|u| {
            [u.download_dir(), u.document_dir()]
                .into_iter()
                .flatten()
                .find(|d| d.is_dir())
                .map(Path::to_path_buf)
        })
        .unwrap_or(fallback)
}

/// Writes `bytes` to `<folder>/<stem>-<date>.<ext>`, numbered when that exists; never
/// replaces a file.
pub fn write_export(
    folder: &Path,
    stem: &str,
    today: Date,
    ext: &str,
    bytes: &[u8],
) -> Result<PathBuf, AppError> {
    let io_error = |e: std::io::Error, path: &Path| {
        AppError::new(
            ErrorCode::ExportFailed,
            format!(
                "The export could not be written to {}: {e}. Check that the folder exists and that you may write to it, then try again.",
                path.display()
            ),
        )
    };
    std::fs::create_dir_all(folder).map_err(|e| io_error(e, folder))?;
    let base = format!("{stem}-{today}");
    let mut n = 1;
    let path = loop {
        let name = if n == 1 {
            format!("{base}.{ext}")
        } else {
            format!("{base}-{n}.{ext}")
        };
        let path = folder.join(name);
        if !path.exists() {
            break path;
        }
        n += 1;
    };
    write_atomic(&path, bytes).map_err(|e| io_error(e, &path))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::clock::SystemClock;

    use socialmine_core::{Catalog, Field, PlatformId};
    use socialmine_store::{AppDirs, SecretStore, SecretStoreError, Store};

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    /// An app over a fresh data folder of its own (test profile), without a window or sandbox.
    fn app(secrets: impl FnOnce(&str) -> SecretStore) -> (AppState, PathBuf) {
        let root = std::env::temp_dir().join(format!(
            "sm-app-test-{}-{}",
            std::process::id(),
            DeploymentId::generate("t").as_str()
        ));
        let dirs = AppDirs::at(Profile::new_test(), &root);
        let secrets = secrets(&dirs.keyring_service());
        let p = Persistence {
            store: Store::open(dirs, secrets).unwrap().into(),
        };
        let state = AppState::over(Catalog::built_in(), Arc::new(SystemClock), p);
        (state, root)
    }

    fn session_only(service: &str) -> SecretStore {
        SecretStore::session_only(service)
    }

    fn type_secret(state: &AppState) {
        state
            .edit(|ws| {
                ws.set_field(
                    Some(PlatformId::Facebook),
                    Field::ClientSecret,
                    SECRET.into(),
                )
            })
            .unwrap();
    }

    #[test]
    fn switching_saves_the_open_draft_signs_out_and_is_remembered() {
        let (state, root) = app(session_only);
        let sandbox = state.workspace().id.clone();
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state
            .edit(|ws| ws.set_field(None, Field::ApiPublicUrl, "https://api.example.org".into()))
            .unwrap();
        state.set_admin(Some(
            socialmine_net::AdminClient::new(
                "http://127.0.0.1:9",
                None,
                socialmine_net::HttpSettings::default(),
            )
            .unwrap(),
        ));

        let view = state.switch_deployment(&acme).unwrap();
        assert_eq!(view.deployment.name.as_deref(), Some("Acme"));
        assert!(!view.is_sandbox);
        assert!(state.admin().is_err(), "the old deployment's session ended");
        let p = state.persist().unwrap();
        assert_eq!(p.load_current().unwrap().id, acme, "app.toml remembers it");

        let back = state.switch_deployment(&sandbox).unwrap();
        assert!(back.is_sandbox);
        assert_eq!(back.deployment.api_public_url, "https://api.example.org");
        let list = state.deployments().unwrap();
        let current: Vec<_> = list.deployments.iter().filter(|r| r.is_current).collect();
        assert_eq!(current.len(), 1);
        assert!(current[0].is_sandbox);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn editing_the_admin_url_forgets_the_session_and_the_kept_token() {
        use socialmine_net::{BoundToken, TokenOrigin};
        let (state, root) = app(session_only);
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state.switch_deployment(&acme).unwrap();
        let id = DeploymentId::parse(&acme).unwrap();
        let p = state.persist().unwrap();
        let origin = TokenOrigin::parse("https://api.acme.com").unwrap();
        p.store
            .set_admin_token(
                &id,
                &BoundToken::new(origin, Secret::new("tok-1234".into())),
            )
            .unwrap();
        state.set_admin(Some(
            socialmine_net::AdminClient::new(
                "https://api.acme.com",
                None,
                socialmine_net::HttpSettings::default(),
            )
            .unwrap(),
        ));
        // Another field: still signed in.
        state
            .edit(|ws| ws.set_field(None, Field::Name, "Acme two".into()))
            .unwrap();
        state.save_now();
        assert!(state.admin().is_ok());
        assert!(p.store.bound_admin_token(&id).unwrap().is_some());

        state
            .edit(|ws| ws.set_field(None, Field::AdminUrl, "https://evil.example".into()))
            .unwrap();
        assert!(state.admin().is_err(), "the session ends at once");
        state.save_now();
        assert!(
            p.store.bound_admin_token(&id).unwrap().is_none(),
            "the kept token is forgotten"
        );
        assert!(!state.workspace().sign_out_pending);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn renaming_the_open_deployment_survives_the_next_autosave() {
        let (state, root) = app(session_only);
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state.switch_deployment(&acme).unwrap();
        state
            .rename_deployment(&acme, "  Acme production ")
            .unwrap();
        type_secret(&state); // autosaves the draft
        let list = state.deployments().unwrap();
        let names: Vec<_> = list
            .deployments
            .iter()
            .map(|r| r.item.name.as_str())
            .collect();
        assert!(names.contains(&"Acme production"), "{names:?}");
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn the_practice_deployment_is_protected_and_deleting_the_open_one_opens_it() {
        let (state, root) = app(session_only);
        let sandbox = state.workspace().id.clone();
        assert_eq!(
            state.delete_deployment(&sandbox).unwrap_err().code,
            "sandbox_protected"
        );
        assert_eq!(
            state.rename_deployment(&sandbox, "Mine").unwrap_err().code,
            "sandbox_protected"
        );
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state.switch_deployment(&acme).unwrap();
        type_secret(&state);
        let p = state.persist().unwrap();
        let acme_id = DeploymentId::parse(&acme).unwrap();
        assert_eq!(p.store.secrets_present(&acme_id).unwrap().len(), 1);

        state.delete_deployment(&acme).unwrap();
        assert_eq!(state.workspace().id, sandbox);
        assert!(p.store.secrets_present(&acme_id).unwrap().is_empty());
        let list = state.deployments().unwrap();
        assert_eq!(list.deployments.len(), 1);
        assert!(list.deployments[0].is_current && list.deployments[0].is_sandbox);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_url_comes_from_a_env_file_and_a_missing_one_is_explained() {
        let (state, root) = app(session_only);
        let e = state.create_deployment("Acme", "  ", None).unwrap_err();
        assert_eq!(e.code, "api_public_url_missing");
        let id = state
            .create_deployment(
                "Acme",
                "",
                Some("APP=x\nAPI_PUBLIC_URL=https://api.acme.io\n"),
            )
            .unwrap();
        let row = state
            .deployments()
            .unwrap()
            .deployments
            .into_iter()
            .find(|r| r.item.id.as_str() == id)
            .unwrap();
        assert_eq!(row.item.api_public_url, "https://api.acme.io");
        assert_eq!(row.cells.len(), 6);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn exports_hold_no_plain_secret_and_a_bundle_imports_back_with_a_clash_answered() {
        let (state, root) = app(session_only);
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state.switch_deployment(&acme).unwrap();
        type_secret(&state);

        let toml = state
            .export_current(ExportFormat::Toml, None, None, false)
            .unwrap();
        let bundle = state
            .export_current(
                ExportFormat::Bundle,
                Some("a long passphrase".into()),
                Some("a long passphrase".into()),
                false,
            )
            .unwrap();
        let exports = root.join("exports");
        for done in [&toml, &bundle] {
            assert!(
                done.path.starts_with(exports.to_str().unwrap()),
                "{}",
                done.path
            );
            let text = std::fs::read_to_string(&done.path).unwrap();
            assert!(!text.contains(SECRET), "{}", done.path);
        }
        assert!(bundle.path.ends_with(".smbundle"));
        let e = state
            .export_current(
                ExportFormat::Bundle,
                Some("a long passphrase".into()),
                Some("another".into()),
                false,
            )
            .unwrap_err();
        assert_eq!(e.code, "passphrases_differ");

        let bytes = std::fs::read(&bundle.path).unwrap();
        let e = state
            .import_deployment(&bytes, Some("wrong passphrase".into()), OnClash::Ask)
            .unwrap_err();
        assert_eq!(e.code, "bundle_wrong_passphrase");
        let pass: Option<Secret> = Some("a long passphrase".into());
        let clash = state
            .import_deployment(&bytes, pass.clone(), OnClash::Ask)
            .unwrap();
        assert!(matches!(clash, ImportOutcome::Clash { .. }), "{clash:?}");
        // Replacing the open deployment reloads it, secrets included.
        state
            .edit(|ws| ws.set_field(None, Field::ApiPublicUrl, "https://changed.acme.com".into()))
            .unwrap();
        let replaced = state
            .import_deployment(&bytes, pass, OnClash::Replace)
            .unwrap();
        assert!(matches!(
            replaced,
            ImportOutcome::Imported { replaced: true, .. }
        ));
        let ws = state.workspace();
        assert_eq!(ws.deployment.api_public_url, "https://api.acme.com");
        assert_eq!(
            ws.secrets
                .get(&PlatformId::Facebook)
                .map(|s| s.expose_str().to_owned()),
            Some(SECRET.to_owned())
        );
        drop(ws);
        let _ = std::fs::remove_dir_all(root);
    }

    /// Issue 13 item 12: the admin sign-in goes into a bundle only when asked for.
    #[test]
    fn a_bundle_leaves_the_admin_sign_in_out_unless_asked() {
        use socialmine_store::SecretField;
        let (state, root) = app(session_only);
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        state.switch_deployment(&acme).unwrap();
        type_secret(&state);
        let p = state.persist().unwrap();
        let id = DeploymentId::parse(&acme).unwrap();
        let token = Secret::from("the-admin-token-0f1e2d3c");
        p.store
            .secrets()
            .set(&id, SecretField::AdminToken, &token)
            .unwrap();
        let pass = || Some(Secret::from("a long passphrase"));
        let export = |include: bool| {
            let done = state
                .export_current(ExportFormat::Bundle, pass(), pass(), include)
                .unwrap();
            std::fs::read(&done.path).unwrap()
        };
        // Import each bundle into a fresh store and look at what arrived.
        let token_after_import = |bytes: &[u8]| {
            let dir = tempfile::tempdir().unwrap();
            let profile = Profile::new_test();
            let other = Store::open(
                AppDirs::at(profile.clone(), dir.path()),
                SecretStore::session_only(&profile.namespace()),
            )
            .unwrap();
            let ImportOutcome::Imported { id, .. } =
                other.import(bytes, pass().as_ref(), OnClash::Ask).unwrap()
            else {
                panic!("a clash in an empty store")
            };
            let client = other
                .get_secret(&id, SecretField::ClientSecret(PlatformId::Facebook))
                .unwrap();
            assert_eq!(
                client.map(|s| s.expose_str().to_owned()).as_deref(),
                Some(SECRET)
            );
            other
                .get_secret(&id, SecretField::AdminToken)
                .unwrap()
                .map(|s| s.expose_str().to_owned())
        };
        assert_eq!(token_after_import(&export(false)), None);
        assert_eq!(
            token_after_import(&export(true)).as_deref(),
            Some(token.expose_str())
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn the_practice_deployment_is_never_replaced_by_an_import() {
        let (state, root) = app(session_only);
        let toml = state
            .export_current(ExportFormat::Toml, None, None, false)
            .unwrap();
        let bytes = std::fs::read(&toml.path).unwrap();
        let e = state
            .import_deployment(&bytes, None, OnClash::Replace)
            .unwrap_err();
        assert_eq!(e.code, "sandbox_protected");
        let renamed = state
            .import_deployment(
                &bytes,
                None,
                OnClash::Rename {
                    new_name: "Practice copy".into(),
                },
            )
            .unwrap();
        assert!(matches!(
            renamed,
            ImportOutcome::Imported {
                replaced: false,
                ..
            }
        ));
        let e = state
            .import_deployment(&vec![b'x'; MAX_IMPORT_BYTES + 1], None, OnClash::Ask)
            .unwrap_err();
        assert_eq!(e.code, "import_too_large");
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn without_a_keyring_the_draft_opens_and_a_typed_secret_is_kept_until_session_only_is_chosen() {
        let (state, root) = app(|service| {
            SecretStore::unavailable(
                service,
                SecretStoreError::Unavailable {
                    detail: "no Secret Service".into(),
                },
            )
        });
        let sandbox = state.workspace().id.clone();
        let acme = state
            .create_deployment("Acme", "https://api.acme.com", None)
            .unwrap();
        let view = state.switch_deployment(&acme).unwrap();
        assert!(view.save.saved);
        type_secret(&state);
        assert!(!state.save_state().saved, "the secret could not be stored");
        let e = state.switch_deployment(&sandbox).unwrap_err();
        assert_eq!(e.code, "unsaved_changes");
        assert!(e.message.contains("keyring"), "{}", e.message);

        let status = state.use_session_only_secrets().unwrap();
        assert_eq!(
            status.mode,
            socialmine_store::SecretStorageMode::SessionOnly
        );
        assert!(
            state.save_state().saved,
            "the typed secret went to this session's memory"
        );
        state.switch_deployment(&sandbox).unwrap();
        let back = state.switch_deployment(&acme).unwrap();
        assert_eq!(back.secrets, [PlatformId::Facebook]);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn exports_never_replace_a_file() {
        let dir = std::env::temp_dir().join(format!("sm-export-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let today = Date::new(2026, 11, 28).unwrap();
        let a = write_export(&dir, "acme-abc123", today, "toml", b"one").unwrap();
        let b = write_export(&dir, "acme-abc123", today, "toml", b"two").unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert!(b.to_string_lossy().ends_with("-2.toml"), "{}", b.display());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_bundle_passphrase_must_be_typed_twice_the_same() {
        let e = check_passphrases(
            Some("long enough pass".into()),
            Some("long enough pas".into()),
        )
        .unwrap_err();
        assert_eq!(e.code, "passphrases_differ");
        let e = check_passphrases(None, None).unwrap_err();
        assert_eq!(e.code, "passphrase_missing");
        assert!(e.message.contains(&MIN_PASSPHRASE_CHARS.to_string()));
        let ok = check_passphrases(
            Some("long enough pass".into()),
            Some("long enough pass".into()),
        );
        assert_eq!(ok.unwrap().expose_str(), "long enough pass");
    }
}
