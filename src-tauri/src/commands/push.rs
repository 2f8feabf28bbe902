use socialmine_core::{AppError, PlatformId, Severity};
use socialmine_net::{
    AdminClient, HttpSettings, PasteSheet, PlatformDraft, PushOutcome, PushReport, PushRequest,
    SecretInput, SecretLocation, compare_with_server, dry_run,
};
use std::sync::Arc;

use socialmine_store::KeyringTokens;
use tauri::State;
use tauri::ipc::Channel;

use socialmine_app::state::AppState;
use socialmine_app::view::{PushPlan, PushSelection, SignedInView};
use socialmine_app::workspace::Workspace;

/// Signs in to the deployment's admin API with email and password (the password is used for
/// this request only).
#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    email: String,
    password: String,
) -> Result<SignedInView, AppError> {
    let (client, _) = new_client(&state)?;
    let password = socialmine_core::Secret::new(password);
    let signed = client
        .sign_in(email.trim(), &password)
        .await
        .map_err(|e| e.to_app_error())?;
    let view = SignedInView::new(&client, Some(email.trim()), signed.expires_at);
    state.set_admin(client);
    Ok(view)
}

/// Uses a pasted admin token.
#[tauri::command]
pub async fn sign_in_with_token(
    state: State<'_, AppState>,
    token: String,
) -> Result<SignedInView, AppError> {
    let (client, _) = new_client(&state)?;
    client.use_token(socialmine_core::Secret::new(token.trim().to_owned()));
    // A cheap authenticated call tells a wrong or expired token at once.
    client.system_info().await.map_err(|e| e.to_app_error())?;
    let view = SignedInView::new(&client, None, None);
    state.set_admin(client);
    Ok(view)
}

/// Compares the server with the draft for every platform: sends nothing.
#[tauri::command]
pub async fn plan_push(
    state: State<'_, AppState>,
    selection: Vec<PushSelection>,
) -> Result<PushPlan, AppError> {
    let client = state.admin()?;
    let (requests, deployment) = {
        let ws = state.workspace();
        (
            requests(&state, &ws, &selection, &[]),
            ws.deployment.clone(),
        )
    };
    let planned = dry_run(&client, &requests)
        .await
        .map_err(|e| e.to_app_error())?;
    let info = client.system_info().await.map_err(|e| e.to_app_error())?;
    let remote = client.platforms().await.map_err(|e| e.to_app_error())?;
    if let Err(e) = state.record_server_readings(&remote) {
        tracing::warn!(
            "the server's platforms were read but not remembered: {}",
            e.message
        );
    }
    let server_findings = compare_with_server(&deployment, &info, &remote);
    Ok(PushPlan {
        planned,
        server_findings,
    })
}

/// Saves the selected platforms, then switches on those asked for.
#[tauri::command]
pub async fn push(
    state: State<'_, AppState>,
    selection: Vec<PushSelection>,
    overwrite: Vec<PlatformId>,
    on_progress: Channel<PushOutcome>,
) -> Result<PushReport, AppError> {
    let client = state.admin()?;
    let requests = {
        let ws = state.workspace();
        requests(&state, &ws, &selection, &overwrite)
    };
    // Each platform's outcome goes to the window as soon as it is known.
    let report = socialmine_net::push_with_progress(&client, requests, |outcome| {
        let _ = on_progress.send(outcome.clone());
    })
    .await;
    state.record_push(&report)?;
    Ok(report)
}

/// What to type into SocialMine's own Configure form for one platform.
#[tauri::command]
pub fn paste_sheet(
    state: State<'_, AppState>,
    platform: PlatformId,
) -> Result<PasteSheet, AppError> {
    let ws = state.workspace();
    let location = if ws.secrets.contains_key(&platform) {
        SecretLocation::Keyring
    } else {
        SecretLocation::Missing
    };
    Ok(socialmine_net::paste_sheet(
        &ws.deployment,
        platform,
        &location,
    ))
}

/// The stored client secret, for the admin's own Copy click on the paste sheet.
#[tauri::command]
pub fn reveal_secret_for_copy(
    state: State<'_, AppState>,
    platform: PlatformId,
) -> Result<String, AppError> {
    state.workspace().secrets.get(&platform).map(|s| s.expose_str().to_owned()).ok_or_else(|| {
        AppError::new(
            "no_secret",
            "No client secret has been entered for this platform yet. Enter it in the platform's wizard first.",
        )
    })
}

/// A client for the open deployment's admin API whose token is kept in the OS keyring (one
/// entry per deployment), so that signing in once is enough. Returns whether a kept token was
/// found.
fn new_client(state: &AppState) -> Result<(AdminClient, bool), AppError> {
    let base = state.admin_base()?;
    let client =
        AdminClient::new(&base, None, HttpSettings::default()).map_err(|e| e.to_app_error())?;
    let mut found = false;
    if let Some(p) = &state.persist {
        let id = state.workspace().id.clone();
        let tokens = Arc::new(KeyringTokens::new(p.store.clone()));
        match client.keep_tokens_in(tokens, id) {
            Ok(f) => found = f,
            // No keyring: the token lives in memory for this session only.
            Err(e) => tracing::warn!("admin token not kept: {e}"),
        }
    }
    Ok((client, found))
}

/// Signs in again with the token kept in the keyring from an earlier sign-in, if there is one
/// and the server still accepts it; `null` otherwise.
#[tauri::command]
pub async fn resume_sign_in(state: State<'_, AppState>) -> Result<Option<SignedInView>, AppError> {
    if let Ok(client) = state.admin() {
        return Ok(Some(SignedInView::new(
            &client,
            None,
            client.token_expires_at(),
        )));
    }
    let (client, found) = new_client(&state)?;
    if !found {
        return Ok(None);
    }
    match client.system_info().await {
        Ok(_) => {
            let view = SignedInView::new(&client, None, None);
            state.set_admin(client);
            Ok(Some(view))
        }
        // Expired or revoked: the client has dropped it; the admin signs in again.
        Err(e) if e.needs_sign_in() => Ok(None),
        Err(e) => Err(e.to_app_error()),
    }
}

/// The push requests for a selection: the draft values, the secret only when newly entered,
/// and the offline errors that make a platform refused.
fn requests(
    state: &AppState,
    ws: &Workspace,
    selection: &[PushSelection],
    overwrite: &[PlatformId],
) -> Vec<PushRequest> {
    let report = state.report(ws);
    let deployment_errors: Vec<String> = report
        .deployment
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message.clone())
        .collect();
    selection
        .iter()
        .map(|sel| {
            let cfg = ws
                .deployment
                .platform(sel.platform)
                .cloned()
                .unwrap_or_default();
            let secret = match ws.secrets.get(&sel.platform) {
                Some(s) if ws.new_secrets.contains(&sel.platform) => SecretInput::New(s.clone()),
                Some(s) => SecretInput::Known(s.clone()),
                None => SecretInput::Keep,
            };
            let mut req = PushRequest::new(
                sel.platform,
                PlatformDraft::from_config(&cfg, secret),
                sel.enable,
            );
            req.blocked_by = deployment_errors.clone();
            if let Some(p) = report.platforms.get(&sel.platform) {
                req.blocked_by.extend(
                    p.findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| f.message.clone()),
                );
            }
            req.overwrite = overwrite.contains(&sel.platform);
            req
        })
        .collect()
}
