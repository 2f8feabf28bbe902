//! What the running app holds, and the rules for touching it: the catalog in use, the
//! embedded sandbox, the draft of the deployment being worked on, where it is kept, the admin
//! API session, and the autosave of the draft.
//!
//! Start-up is split in two: [`AppState::new`] touches nothing but the catalog (one small
//! file) so the window appears at once; [`AppState::start`] opens the data folder and the
//! keyring, loads the open deployment and starts the sandbox, in the background. Commands that
//! need the draft wait for it with [`AppState::ready`].
//!
//! Locks, always taken in this order and never held across an `.await`: `save_lock` (one
//! save at a time), `workspace`, then `save`, `sandbox`, `admin`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use socialmine_core::{AppError, Deployment, ErrorCode, PlatformId, Report};
use socialmine_net::{AdminClient, PushReport, RemotePlatform};
use socialmine_sandbox::{Sandbox, SandboxConfig};
use socialmine_store::{AppDirs, CatalogInUse, DeploymentId, HeldLock, Profile, StoreError};
use tokio::sync::watch;

use crate::autosave::{Autosaver, DEBOUNCE};
use crate::catalog::CatalogCell;
use crate::clock::{Clock, SystemClock};
use crate::persist::{
    FOLDER_LOCK_WAIT, Persistence, SANDBOX_NAME, SANDBOX_PUBLIC_URL, SecretsOpener, StorageOpener,
    lock_data_folder,
};
use crate::view::{DraftView, SandboxView, SaveState};
use crate::workspace::{RemoteState, Workspace};

/// The embedded practice server, once started (or why it is not).
pub enum SandboxSlot {
    Starting,
    Running(Sandbox),
    Failed(String),
}

/// Managed state of the app.
pub struct AppState {
    /// The provider facts in use, shared by every screen and swapped whole after an update.
    pub catalog: crate::catalog::CatalogCell,
    pub clock: Arc<dyn Clock>,
    /// Where drafts and secrets are kept; unset until [`AppState::start`] opened it, and for
    /// good when the data folder could not be opened (`storage_error` says why), in which case
    /// work is kept in memory for this session.
    persist: OnceLock<Persistence>,
    storage_error: OnceLock<String>,
    /// The data folder's lock, held while the app runs (see [`crate::persist::lock_data_folder`]).
    folder_lock: OnceLock<HeldLock>,
    sandbox: Mutex<SandboxSlot>,
    workspace: Mutex<Workspace>,
    save: Mutex<SaveState>,
    /// The signed-in admin API client of the deployment in use.
    admin: Mutex<Option<AdminClient>>,
    /// Bumped by every change of the draft: the window drops a view older than the one shown.
    revision: AtomicU64,
    ready: watch::Sender<bool>,
    /// Set once the secret store is open (or given up on) and the sandbox started: what the
    /// first screen does not wait for.
    settled: watch::Sender<bool>,
    /// How many saves have finished (tests wait on it).
    saves: watch::Sender<u64>,
    autosave: OnceLock<Autosaver>,
    /// Whether the draft changed since the last save began.
    pending: AtomicBool,
    save_lock: Mutex<()>,
    /// Copies client secrets to the clipboard and clears them (the system clipboard, opened on
    /// the first copy; a test double in tests).
    copier: Mutex<Arc<crate::clipboard::SecretCopier>>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock (a panic while editing) still holds the last consistent value, so it is
    // used rather than lost.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The practice deployment as held in memory when there is no data folder.
fn practice_draft() -> Workspace {
    let mut d = Deployment::new(SANDBOX_PUBLIC_URL);
    d.name = Some(SANDBOX_NAME.to_owned());
    Workspace::new("sandbox", d)
}

/// The catalog for the window ([`socialmine_store::load_catalog`]): the developer's unofficial
/// file when the settings name one, else a verified signed update in the data folder, else the
/// built-in one; never an unsigned file dropped in the folder. A few small files read; nothing
/// created, no network.
pub fn window_catalog() -> CatalogInUse {
    let dirs = Profile::from_env_or_build()
        .ok()
        .and_then(|p| AppDirs::resolve(p).ok());
    crate::catalog::load_in(dirs.as_ref())
}

impl AppState {
    /// The state before anything is loaded: no file, keyring or network touched.
    pub fn new(catalog: impl Into<CatalogCell>, clock: Arc<dyn Clock>) -> AppState {
        AppState {
            catalog: catalog.into(),
            clock,
            persist: OnceLock::new(),
            storage_error: OnceLock::new(),
            folder_lock: OnceLock::new(),
            sandbox: Mutex::new(SandboxSlot::Starting),
            workspace: Mutex::new(practice_draft()),
            save: Mutex::new(SaveState {
                saved: true,
                error: None,
            }),
            admin: Mutex::new(None),
            revision: AtomicU64::new(0),
            ready: watch::Sender::new(false),
            settled: watch::Sender::new(false),
            saves: watch::Sender::new(0),
            autosave: OnceLock::new(),
            pending: AtomicBool::new(false),
            save_lock: Mutex::new(()),
            copier: Mutex::new(Arc::new(crate::clipboard::SecretCopier::system())),
        }
    }

    /// Copies secrets through `backend` instead of the system clipboard (tests).
    pub fn use_clipboard(&self, backend: Arc<dyn crate::clipboard::ClipboardBackend>) {
        *lock(&self.copier) = Arc::new(crate::clipboard::SecretCopier::new(backend));
    }

    /// What copies secrets to the clipboard.
    pub fn copier(&self) -> Arc<crate::clipboard::SecretCopier> {
        lock(&self.copier).clone()
    }

    /// A started app over `persist` with no sandbox and no autosave task (each edit is saved at
    /// once): for tests of the application layer.
    pub fn over(
        catalog: impl Into<CatalogCell>,
        clock: Arc<dyn Clock>,
        persist: Persistence,
    ) -> AppState {
        let state = AppState::new(catalog, clock);
        let ws = persist.load_current().unwrap_or_else(|e| {
            tracing::error!("{e}");
            practice_draft()
        });
        *lock(&state.workspace) = ws;
        let _ = state.persist.set(persist);
        *lock(&state.sandbox) = SandboxSlot::Failed("no sandbox in this test".into());
        state.ready.send_replace(true);
        state.settled.send_replace(true);
        state
    }

    /// The app with the system clock and the window's catalog.
    pub fn for_window() -> AppState {
        AppState::new(window_catalog(), Arc::new(SystemClock))
    }

    /// Start-up with this build's data folder and the OS keyring: see [`AppState::start_with`].
    pub async fn start(self: &Arc<Self>) {
        self.start_with(StorageOpener::system()).await;
    }

    /// [`AppState::start`] over the data folder `dirs` (tests, portable installs), with the OS
    /// keyring.
    pub async fn start_in(self: &Arc<Self>, dirs: AppDirs) {
        let system = StorageOpener::system();
        self.start_with(StorageOpener {
            dirs: Ok(dirs),
            open_secrets: system.open_secrets,
        })
        .await;
    }

    /// Start-up, run in the background: opens the data folder and loads the deployment open
    /// last (files only: [`AppState::ready`] then, and the first screen shows), starts the
    /// autosave, then opens the secret store (a locked keyring may wait a long time), reads the
    /// draft's secrets and starts the sandbox (its admin password is kept in the keyring):
    /// [`AppState::settled`] then.
    pub async fn start_with(self: &Arc<Self>, opener: StorageOpener) {
        let StorageOpener { dirs, open_secrets } = opener;
        let app = self.clone();
        let _ = tokio::task::spawn_blocking(move || app.open_files(dirs)).await;
        self.start_autosave();
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.ready.send_replace(true);

        let app = self.clone();
        let config = tokio::task::spawn_blocking(move || app.open_secrets(open_secrets))
            .await
            .unwrap_or_default();
        let slot = match Sandbox::start(config).await {
            Ok(sb) => SandboxSlot::Running(sb),
            Err(e) => {
                tracing::error!("{e}");
                SandboxSlot::Failed(e.to_string())
            }
        };
        *lock(&self.sandbox) = slot;
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.settled.send_replace(true);
    }

    /// Starts saving edits once they pause (on the current tokio runtime).
    pub fn start_autosave(self: &Arc<Self>) {
        let weak = Arc::downgrade(self);
        let _ = self.autosave.set(Autosaver::spawn(DEBOUNCE, move || {
            if let Some(app) = weak.upgrade() {
                app.save_now();
            }
        }));
    }

    /// Counts finished saves; tests wait on it instead of sleeping.
    pub fn saves(&self) -> watch::Receiver<u64> {
        self.saves.subscribe()
    }

    /// Waits until [`AppState::start`] has loaded the draft.
    pub async fn ready(&self) {
        let mut rx = self.ready.subscribe();
        let _ = rx.wait_for(|r| *r).await;
    }

    fn is_ready(&self) -> bool {
        *self.ready.borrow()
    }

    /// Waits until the secret store is open (or given up on) and the sandbox started.
    pub async fn settled(&self) {
        let mut rx = self.settled.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }

    /// Whether [`AppState::settled`] has happened.
    pub fn is_settled(&self) -> bool {
        *self.settled.borrow()
    }

    /// Blocking, files only: the data folder and the deployment open last, without its
    /// secrets (they come with the secret store).
    fn open_files(&self, dirs: Result<AppDirs, String>) {
        let opened = dirs.and_then(|dirs| {
            let held = lock_data_folder(&dirs, FOLDER_LOCK_WAIT)?;
            let _ = self.folder_lock.set(held);
            Persistence::open_files(dirs)
        });
        let persist = match opened {
            Ok(p) => p,
            Err(e) => {
                tracing::error!("{e}");
                let message = format!("{e} Your work is kept in memory until the app closes.");
                *lock(&self.save) = SaveState {
                    saved: false,
                    error: Some(message.clone()),
                };
                let _ = self.storage_error.set(message);
                return;
            }
        };
        let ws = persist.load_current().unwrap_or_else(|e| {
            tracing::error!("{e}");
            practice_draft()
        });
        *lock(&self.workspace) = ws;
        let _ = self.persist.set(persist);
    }

    /// Blocking, may wait long: opens the secret store, reads the open draft's secrets (keeping
    /// any typed meanwhile), and returns the sandbox's settings.
    fn open_secrets(&self, open: SecretsOpener) -> SandboxConfig {
        let mut config = SandboxConfig::default();
        let Some(persist) = self.persist.get() else {
            config.api_public_url = Some(SANDBOX_PUBLIC_URL.to_owned());
            return config;
        };
        let secrets = open(&persist.store.dirs().keyring_service());
        if persist.store.install_secret_store(secrets) {
            self.reload_after_storage_change(persist);
        }
        // The practice server: its data beside the app's, its admin password in the keyring.
        config.data_dir = Some(persist.data_dir().join("sandbox"));
        let sandbox_id = persist.settings_sandbox_id();
        if let Some(id) = &sandbox_id {
            match persist.sandbox_password(id) {
                Ok(pw) => config.admin_password = Some(pw),
                Err(e) => tracing::warn!("no keyring for the sandbox password: {e}"),
            }
        }
        let (open_id, open_url) = {
            let ws = self.workspace();
            (ws.id.clone(), ws.deployment.api_public_url.clone())
        };
        // The practice deployment's API_PUBLIC_URL, whichever deployment is open (the window
        // can switch to the practice one later).
        let url = sandbox_id
            .and_then(|id| {
                if id.as_str() == open_id {
                    return Some(open_url);
                }
                persist
                    .store
                    .load(&id)
                    .ok()
                    .map(|s| s.deployment.api_public_url)
            })
            .map(|u| u.trim().to_owned())
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .unwrap_or_else(|| SANDBOX_PUBLIC_URL.to_owned());
        config.api_public_url = Some(url);
        config
    }

    /// Where drafts are kept, once opened.
    pub fn persistence(&self) -> Option<&Persistence> {
        self.persist.get()
    }

    /// Why there is no data folder, when there is none.
    pub fn storage_error(&self) -> Option<String> {
        self.storage_error.get().cloned()
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        lock(&self.workspace)
    }

    /// Runs blocking work (files, keyring) on tokio's blocking pool, after start-up.
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        self.ready().await;
        let app = self.clone();
        tokio::task::spawn_blocking(move || f(&app))
            .await
            .map_err(|e| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("The operation stopped unexpectedly: {e}"),
                )
            })?
    }

    /// Runs the offline checks on a draft.
    pub fn report(&self, ws: &Workspace) -> Report {
        crate::checks::report(&self.catalog.get().catalog, ws, self.clock.today())
    }

    /// Marks the draft changed (a new revision) and hands it to the autosave.
    pub fn changed(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.pending.store(true, Ordering::SeqCst);
        match self.autosave.get() {
            Some(a) => a.touch(),
            // No autosave task (tests): save at once.
            None => {
                self.save_now();
            }
        }
    }

    /// Edits the draft with `f` in memory, schedules the autosave, and returns what the window
    /// shows. Touches no file and no keyring: quick enough to run on every keystroke.
    pub fn edit(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<(), AppError>,
    ) -> Result<DraftView, AppError> {
        if !self.is_ready() {
            return Err(AppError::new(
                ErrorCode::Starting,
                "The app is still opening your deployment. Try again in a moment.",
            ));
        }
        let mut ws = self.workspace();
        f(&mut ws)?;
        let moved = ws.sign_out_pending;
        drop(ws);
        if moved {
            // The admin API may be another server now: the session ends at once; the kept
            // token is forgotten with the next save (or the next sign-in, whichever is first).
            self.set_admin(None);
        }
        self.changed();
        Ok(self.view(&self.workspace()))
    }

    /// Saves what is pending now (blocking) and returns how it went. One save at a time; the
    /// draft is copied out so that edits go on while it is written.
    pub fn save_now(&self) -> SaveState {
        let _one = lock(&self.save_lock);
        let Some(p) = self.persist.get() else {
            let state = SaveState {
                saved: false,
                error: self.storage_error(),
            };
            *lock(&self.save) = state.clone();
            return state;
        };
        self.pending.store(false, Ordering::SeqCst);
        let mut snapshot = self.workspace().clone();
        let dirty_before = snapshot.dirty_secrets.clone();
        let state = p.save(&mut snapshot);
        {
            let mut ws = self.workspace();
            if ws.id == snapshot.id {
                if !snapshot.sign_out_pending {
                    ws.sign_out_pending = false;
                }
                for platform in dirty_before.difference(&snapshot.dirty_secrets) {
                    let same = ws.secrets.get(platform).map(|s| s.expose_str())
                        == snapshot.secrets.get(platform).map(|s| s.expose_str());
                    if same {
                        ws.dirty_secrets.remove(platform);
                    }
                }
            }
        }
        *lock(&self.save) = state.clone();
        self.saves.send_modify(|n| *n += 1);
        state
    }

    /// Saves now (blocking) if anything changed since the last save: the last thing done
    /// before the process exits.
    pub fn save_if_pending(&self) {
        if self.pending.load(Ordering::SeqCst) {
            self.save_now();
        }
    }

    /// Saves now (blocking) if anything is not saved yet: a change since the last save, or a
    /// secret an earlier save could not store (no secret store then). Nothing is written
    /// otherwise.
    pub fn save_if_unsaved(&self) {
        let secrets_unsaved = !self.workspace().dirty_secrets.is_empty();
        if secrets_unsaved || self.pending.load(Ordering::SeqCst) {
            self.save_now();
        }
    }

    /// Saves what is pending before returning (a field was left, the window closes).
    pub async fn flush(&self) {
        if let Some(a) = self.autosave.get() {
            a.flush().await;
        }
    }

    /// Replaces the open draft (another deployment opened, or reloaded).
    pub fn replace_workspace(&self, ws: Workspace) {
        *self.workspace() = ws;
        self.revision.fetch_add(1, Ordering::SeqCst);
    }

    /// How the last save went.
    pub fn save_state(&self) -> SaveState {
        lock(&self.save).clone()
    }

    /// Held while the store is changed beside the draft (a rename), so no save runs meanwhile.
    pub fn save_guard(&self) -> MutexGuard<'_, ()> {
        lock(&self.save_lock)
    }

    pub fn set_save_state(&self, state: SaveState) {
        *lock(&self.save) = state;
    }

    pub fn is_sandbox(&self, ws: &Workspace) -> bool {
        match self.persist.get() {
            Some(p) => p.is_sandbox(&ws.id),
            None => ws.id == "sandbox",
        }
    }

    /// The draft as the window sees it.
    pub fn view(&self, ws: &Workspace) -> DraftView {
        let report = self.report(ws);
        let is_sandbox = self.is_sandbox(ws);
        DraftView {
            revision: self.revision.load(Ordering::SeqCst),
            deployment_id: ws.id.clone(),
            deployment: ws.deployment.clone(),
            secrets: ws.secrets.keys().copied().collect(),
            progress: ws.progress.clone(),
            statuses: ws.statuses(&self.catalog.get().catalog, &report),
            report,
            is_sandbox,
            sandbox: if is_sandbox {
                match &*lock(&self.sandbox) {
                    SandboxSlot::Running(sb) => Some(sandbox_view(sb)),
                    _ => None,
                }
            } else {
                None
            },
            save: lock(&self.save).clone(),
        }
    }

    /// The practice server's address, when it runs.
    pub fn sandbox_url(&self) -> Option<String> {
        match &*lock(&self.sandbox) {
            SandboxSlot::Running(sb) => Some(sb.base_url()),
            _ => None,
        }
    }

    /// Where the admin API of the deployment in use answers: the embedded sandbox for the
    /// practice deployment, else the deployment's admin URL or API_PUBLIC_URL.
    pub fn admin_base(&self) -> Result<String, AppError> {
        let ws = self.workspace();
        if self.is_sandbox(&ws) {
            return match &*lock(&self.sandbox) {
                SandboxSlot::Running(sb) => Ok(sb.base_url()),
                SandboxSlot::Starting => Err(AppError::new(
                    ErrorCode::SandboxUnavailable,
                    "The practice server is still starting. Try again in a moment.",
                )),
                SandboxSlot::Failed(why) => {
                    Err(AppError::new(ErrorCode::SandboxUnavailable, why.clone()))
                }
            };
        }
        Ok(ws.deployment.admin_base().trim().to_owned())
    }

    /// The signed-in client, or an error that leads back to sign-in.
    pub fn admin(&self) -> Result<AdminClient, AppError> {
        lock(&self.admin).clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::NotSignedIn,
                "Sign in to the SocialMine admin API first (Review and push).",
            )
        })
    }

    pub fn set_admin(&self, client: Option<AdminClient>) {
        *lock(&self.admin) = client;
    }

    /// Remembers what a push saved, so the start screen and the fleet view can tell.
    pub fn record_push(&self, report: &PushReport) -> Result<(), AppError> {
        let mut ws = self.workspace();
        let mut pushed: Vec<PlatformId> = Vec::new();
        for o in &report.outcomes {
            if !crate::push::saved(o.status) {
                continue;
            }
            pushed.push(o.platform);
            ws.new_secrets.remove(&o.platform);
            if let Some(server) = &o.server {
                ws.remote.insert(
                    o.platform,
                    RemoteState {
                        saved: server.is_configured(),
                        enabled: server.enabled,
                    },
                );
            }
        }
        if report.needs_sign_in {
            self.set_admin(None);
        }
        let id = ws.id.clone();
        drop(ws);
        self.revision.fetch_add(1, Ordering::SeqCst);
        if let Some(p) = self.persist.get() {
            let id = DeploymentId::parse(&id).map_err(|e| AppError::from(StoreError::from(e)))?;
            p.store.record_push(&id, &pushed).map_err(AppError::from)?;
            let servers = report
                .outcomes
                .iter()
                .filter(|o| pushed.contains(&o.platform))
                .filter_map(|o| o.server.as_ref().map(|s| (o.platform, s)));
            record_readings(p, &id, servers)?;
        }
        Ok(())
    }

    /// Remembers a reading of the server's platforms (a dry run reads them all) for the fleet
    /// view's drift and "not switched on" columns.
    pub fn record_server_readings(&self, remote: &[RemotePlatform]) -> Result<(), AppError> {
        let Some(p) = self.persist.get() else {
            return Ok(());
        };
        let Ok(id) = DeploymentId::parse(&self.workspace().id) else {
            return Ok(());
        };
        let servers = remote
            .iter()
            .filter_map(|r| r.id.parse::<PlatformId>().ok().map(|pid| (pid, r)));
        record_readings(p, &id, servers)
    }
}

/// Remembers what the server holds, so the fleet view can tell drift from the draft.
fn record_readings<'a>(
    p: &Persistence,
    id: &DeploymentId,
    servers: impl Iterator<Item = (PlatformId, &'a RemotePlatform)>,
) -> Result<(), AppError> {
    for (platform, server) in servers {
        let values = socialmine_core::PlatformConfig {
            client_id: server.client_id.clone(),
            client_secret: None,
            app_version: server.app_version.clone(),
            callback_url: server.callback_url.clone(),
            scope: server.scope.clone(),
            console_redirect_url: None,
        };
        p.store
            .record_server_reading(
                id,
                platform,
                server.revision,
                server.is_configured(),
                server.enabled,
                &values,
            )
            .map_err(AppError::from)?;
    }
    Ok(())
}

fn sandbox_view(sb: &Sandbox) -> SandboxView {
    let admin = sb.admin();
    SandboxView {
        admin_url: sb.base_url(),
        admin_email: admin.email.clone(),
        admin_password: admin.password.expose_str().to_owned(),
    }
}
