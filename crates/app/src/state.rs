//! What the running app holds: the catalog in use, the embedded sandbox, the draft of the
//! deployment being worked on, where it is kept, and the admin API session.

use std::sync::{Mutex, MutexGuard};

use socialmine_core::{AppError, Catalog, PlatformId, Report};
use socialmine_net::{AdminClient, PushReport, RemotePlatform};
use socialmine_sandbox::Sandbox;
use socialmine_store::DeploymentId;

use crate::persist::Persistence;
use crate::view::{DraftView, SandboxView, SaveState};
use crate::workspace::{RemoteState, Workspace, today};

/// Managed state of the app.
pub struct AppState {
    pub catalog: Catalog,
    /// The embedded sandbox, the practice deployment's server. `None` if it failed to start,
    /// in which case `sandbox_error` says why.
    pub sandbox: Option<Sandbox>,
    pub sandbox_error: Option<String>,
    /// Where drafts and secrets are kept; `None` when the data folder could not be opened
    /// (`storage_error` says why), in which case work is kept in memory for this session.
    pub persist: Option<Persistence>,
    pub storage_error: Option<String>,
    pub workspace: Mutex<Workspace>,
    pub save: Mutex<SaveState>,
    /// The signed-in admin API client of the deployment in use.
    pub admin: Mutex<Option<AdminClient>>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock (a panic while editing) still holds the last consistent value, so it is
    // used rather than lost.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        lock(&self.workspace)
    }

    /// Runs the offline checks on a draft.
    pub fn report(&self, ws: &Workspace) -> Report {
        crate::checks::report(&self.catalog, ws, today())
    }

    /// Edits the draft with `f`, autosaves it, and returns what the window shows.
    pub fn edit(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<(), AppError>,
    ) -> Result<DraftView, AppError> {
        let mut ws = self.workspace();
        f(&mut ws)?;
        let saved = match &self.persist {
            Some(p) => p.save(&mut ws),
            None => SaveState {
                saved: false,
                error: self.storage_error.clone(),
            },
        };
        *lock(&self.save) = saved;
        Ok(self.view(&ws))
    }

    pub fn is_sandbox(&self, ws: &Workspace) -> bool {
        self.persist.as_ref().is_some_and(|p| p.is_sandbox(&ws.id))
            || (self.persist.is_none() && ws.id == "sandbox")
    }

    /// The draft as the window sees it.
    pub fn view(&self, ws: &Workspace) -> DraftView {
        let report = self.report(ws);
        let is_sandbox = self.is_sandbox(ws);
        DraftView {
            deployment_id: ws.id.clone(),
            deployment: ws.deployment.clone(),
            secrets: ws.secrets.keys().copied().collect(),
            progress: ws.progress.clone(),
            statuses: ws.statuses(&self.catalog, &report),
            report,
            is_sandbox,
            sandbox: if is_sandbox {
                self.sandbox.as_ref().map(sandbox_view)
            } else {
                None
            },
            save: lock(&self.save).clone(),
        }
    }

    /// Where the admin API of the deployment in use answers: the embedded sandbox for the
    /// practice deployment, else the deployment's admin URL or API_PUBLIC_URL.
    pub fn admin_base(&self) -> Result<String, AppError> {
        let ws = self.workspace();
        if self.is_sandbox(&ws) {
            return self.sandbox.as_ref().map(Sandbox::base_url).ok_or_else(|| {
                AppError::new(
                    "sandbox_unavailable",
                    self.sandbox_error
                        .clone()
                        .unwrap_or_else(|| "The practice server is not running.".into()),
                )
            });
        }
        Ok(ws.deployment.admin_base().trim().to_owned())
    }

    /// The signed-in client, or an error that leads back to sign-in.
    pub fn admin(&self) -> Result<AdminClient, AppError> {
        lock(&self.admin).clone().ok_or_else(|| {
            AppError::new(
                "not_signed_in",
                "Sign in to the SocialMine admin API first (Review and push).",
            )
        })
    }

    pub fn set_admin(&self, client: AdminClient) {
        *lock(&self.admin) = Some(client);
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
            *lock(&self.admin) = None;
        }
        if let Some(p) = &self.persist {
            let id =
                DeploymentId::parse(&ws.id).map_err(|e| AppError::new("store", e.to_string()))?;
            p.store
                .record_push(&id, &pushed)
                .map_err(|e| AppError::new("store", e.to_string()))?;
            let servers = report
                .outcomes
                .iter()
                .filter(|o| pushed.contains(&o.platform))
                .filter_map(|o| o.server.as_ref().map(|s| (o.platform, s)));
            record_readings(p, &id, servers)?;
        }
        Ok(())
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

impl AppState {
    /// Remembers a reading of the server's platforms (a dry run reads them all) for the fleet
    /// view's drift and "not switched on" columns.
    pub fn record_server_readings(&self, remote: &[RemotePlatform]) -> Result<(), AppError> {
        let Some(p) = &self.persist else {
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

fn sandbox_view(sb: &Sandbox) -> SandboxView {
    let admin = sb.admin();
    SandboxView {
        admin_url: sb.base_url(),
        admin_email: admin.email.clone(),
        admin_password: admin.password.expose_str().to_owned(),
    }
}
