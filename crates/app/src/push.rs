//! Signing in to the open deployment's SocialMine admin API and pushing its draft: the push
//! requests (only ever built by `PushRequest::from_deployment`, so the window and the command
//! line refuse a platform for the same reasons), the dry run, the push, and what is remembered
//! of the server afterwards.

use std::sync::Arc;

use socialmine_core::{AppError, PlatformId, Secret};
use socialmine_net::{
    AdminClient, HttpSettings, PasteSheet, PushOutcome, PushReport, PushRequest, PushStatus,
    SecretInput, SecretLocation, compare_with_server, dry_run,
};
use socialmine_store::{HeldLock, KeyringTokens, LockError};

use crate::state::AppState;
use crate::view::{PushPlan, PushSelection, SignedInView};

/// How long the window waits for another push of the same deployment to end.
const PUSH_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether a push outcome means the server now holds the draft's values.
pub fn saved(status: PushStatus) -> bool {
    matches!(status, PushStatus::Saved | PushStatus::Unchanged)
}

impl AppState {
    /// The push requests for a selection: the draft values, the secret only when newly
    /// entered, and the offline errors that make a platform refused.
    pub fn push_requests(
        &self,
        selection: &[PushSelection],
        overwrite: &[PlatformId],
    ) -> Vec<PushRequest> {
        let ws = self.workspace();
        let report = self.report(&ws);
        selection
            .iter()
            .map(|sel| {
                let secret = match ws.secrets.get(&sel.platform) {
                    Some(s) if ws.new_secrets.contains(&sel.platform) => {
                        SecretInput::New(s.clone())
                    }
                    Some(s) => SecretInput::Known(s.clone()),
                    None => SecretInput::Keep,
                };
                let mut req = PushRequest::from_deployment(
                    &ws.deployment,
                    &report,
                    sel.platform,
                    secret,
                    sel.enable,
                );
                req.overwrite = overwrite.contains(&sel.platform);
                req
            })
            .collect()
    }

    /// A client for the open deployment's admin API whose token is kept in the OS keyring (one
    /// entry per deployment), so that signing in once is enough. Returns whether a kept token
    /// was found. Blocking (the keyring).
    fn new_client(&self) -> Result<(AdminClient, bool), AppError> {
        let base = self.admin_base()?;
        let client =
            AdminClient::new(&base, None, HttpSettings::default()).map_err(|e| e.to_app_error())?;
        let mut found = false;
        if let Some(p) = self.persistence() {
            let (id, moved) = {
                let ws = self.workspace();
                (ws.id.clone(), ws.sign_out_pending)
            };
            if moved {
                // The admin address was edited and not saved yet: the kept token goes first.
                self.save_now();
            }
            let tokens = Arc::new(KeyringTokens::new(p.store.clone()));
            match client.keep_tokens_in(tokens, id) {
                Ok(f) => found = f,
                // No keyring: the token lives in memory for this session only.
                Err(e) => tracing::warn!("admin token not kept: {e}"),
            }
        }
        Ok((client, found))
    }

    /// Signs in with email and password (the password is used for this request only).
    pub async fn sign_in(
        self: &Arc<Self>,
        email: String,
        password: Secret,
    ) -> Result<SignedInView, AppError> {
        crate::bounds::sign_in(&email, password.expose_str())?;
        let (client, _) = self.blocking(|app| app.new_client()).await?;
        let signed = client
            .sign_in(email.trim(), &password)
            .await
            .map_err(|e| e.to_app_error())?;
        let view = SignedInView::new(&client, Some(email.trim()), signed.expires_at);
        self.set_admin(Some(client));
        Ok(view)
    }

    /// Uses a pasted admin token; a cheap authenticated call tells a wrong one at once.
    pub async fn sign_in_with_token(
        self: &Arc<Self>,
        token: Secret,
    ) -> Result<SignedInView, AppError> {
        crate::bounds::token(token.expose_str())?;
        let (client, _) = self.blocking(|app| app.new_client()).await?;
        let trimmed = token.expose_str().trim();
        let token = if trimmed.len() == token.expose_str().len() {
            token
        } else {
            Secret::from(trimmed)
        };
        client.use_token(token);
        client.system_info().await.map_err(|e| e.to_app_error())?;
        let view = SignedInView::new(&client, None, None);
        self.set_admin(Some(client));
        Ok(view)
    }

    /// Signs in again with the token kept from an earlier sign-in, if the server still
    /// accepts it; `None` otherwise.
    pub async fn resume_sign_in(self: &Arc<Self>) -> Result<Option<SignedInView>, AppError> {
        if let Ok(client) = self.admin() {
            return Ok(Some(SignedInView::new(
                &client,
                None,
                client.token_expires_at(),
            )));
        }
        let (client, found) = self.blocking(|app| app.new_client()).await?;
        if !found {
            return Ok(None);
        }
        match client.system_info().await {
            Ok(_) => {
                let view = SignedInView::new(&client, None, None);
                self.set_admin(Some(client));
                Ok(Some(view))
            }
            // Expired or revoked: the client has dropped it; the admin signs in again.
            Err(e) if e.needs_sign_in() => Ok(None),
            Err(e) => Err(e.to_app_error()),
        }
    }

    /// Compares the server with the draft for every platform selected: sends nothing.
    pub async fn plan_push(
        self: &Arc<Self>,
        selection: Vec<PushSelection>,
    ) -> Result<PushPlan, AppError> {
        crate::bounds::selection(&selection)?;
        let client = self.admin()?;
        let requests = self.push_requests(&selection, &[]);
        let deployment = self.workspace().deployment.clone();
        let in_use = self.catalog.get();
        let planned = dry_run(&client, &in_use.catalog, &requests)
            .await
            .map_err(|e| e.to_app_error())?;
        let info = client.system_info().await.map_err(|e| e.to_app_error())?;
        let remote = client.platforms().await.map_err(|e| e.to_app_error())?;
        let server_findings = compare_with_server(&in_use.catalog, &deployment, &info, &remote);
        let recorded = self
            .blocking(move |app| app.record_server_readings(&remote))
            .await;
        if let Err(e) = recorded {
            tracing::warn!(
                "the server's platforms were read but not remembered: {}",
                e.message
            );
        }
        Ok(PushPlan {
            planned,
            server_findings,
        })
    }

    /// Saves the selected platforms, then switches on those asked for; each outcome goes to
    /// `on_progress` as soon as it is known.
    pub async fn push(
        self: &Arc<Self>,
        selection: Vec<PushSelection>,
        overwrite: Vec<PlatformId>,
        on_progress: impl Fn(&PushOutcome) + Send + Sync,
    ) -> Result<PushReport, AppError> {
        crate::bounds::selection(&selection)?;
        crate::bounds::platforms("platforms to overwrite", &overwrite)?;
        let _one_push = self.blocking(|app| app.take_push_lock()).await?;
        let client = self.admin()?;
        let requests = self.push_requests(&selection, &overwrite);
        let in_use = self.catalog.get();
        let report =
            socialmine_net::push_with_progress(&client, &in_use.catalog, requests, on_progress)
                .await;
        let copy = report.clone();
        self.blocking(move |app| app.record_push(&copy)).await?;
        Ok(report)
    }

    /// The open deployment's push lock, the one `socialmine-setup push` takes too: one push of
    /// a deployment at a time, from the window or the command line. `None` without a data
    /// folder (or when the lock file cannot be made: the push goes ahead). Blocking.
    fn take_push_lock(&self) -> Result<Option<HeldLock>, AppError> {
        let Some(p) = self.persistence() else {
            return Ok(None);
        };
        let id = self.workspace().id.clone();
        match p.store.dirs().lock_push(&id, PUSH_LOCK_WAIT) {
            Ok(lock) => Ok(Some(lock)),
            Err(LockError::Held { .. }) => Err(AppError::new(
                socialmine_core::ErrorCode::PushInProgress,
                "Another push of this deployment is running (from the command line, or another \
                 copy of the app). Nothing was sent. Wait for it to finish, then push again.",
            )),
            Err(e) => {
                tracing::warn!("this push is not protected against a second one: {e}");
                Ok(None)
            }
        }
    }

    /// What to type into SocialMine's own Configure form for one platform.
    pub fn paste_sheet(&self, platform: PlatformId) -> PasteSheet {
        let ws = self.workspace();
        let location = if ws.secrets.contains_key(&platform) {
            SecretLocation::Keyring
        } else {
            SecretLocation::Missing
        };
        socialmine_net::paste_sheet(
            &self.catalog.get().catalog,
            &ws.deployment,
            platform,
            &location,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test]
    async fn the_window_does_not_push_while_another_push_of_the_deployment_runs() {
        let (state, root) = crate::test_app::app();
        let state = Arc::new(state);
        let dirs = state
            .persistence()
            .unwrap_or_else(|| panic!("no data folder"))
            .store
            .dirs()
            .clone();
        let id = state.workspace().id.clone();
        // `socialmine-setup push` of the same deployment holds its lock.
        let cli = dirs
            .lock_push(&id, Duration::ZERO)
            .unwrap_or_else(|e| panic!("{e}"));
        let err = state
            .push(Vec::new(), Vec::new(), |_| {})
            .await
            .map(|_| ())
            .expect_err("refused");
        assert_eq!(err.code, "push_in_progress", "{}", err.message);
        assert!(err.message.contains("Nothing was sent"), "{}", err.message);
        drop(cli);
        // Once it ends the window may push (here: not signed in, so it says that instead).
        let err = state
            .push(Vec::new(), Vec::new(), |_| {})
            .await
            .map(|_| ())
            .expect_err("not signed in");
        assert_ne!(err.code, "push_in_progress", "{}", err.message);
        let _ = std::fs::remove_dir_all(root);
    }
}
