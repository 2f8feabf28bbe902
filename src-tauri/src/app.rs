//! The desktop app: a window over the commands, with the embedded sandbox as the practice
//! deployment.

use std::process::ExitCode;
use std::sync::Mutex;

use socialmine_core::{Catalog, Deployment};
use socialmine_sandbox::{Sandbox, SandboxConfig};

use socialmine_app::persist::{Persistence, SANDBOX_NAME, SANDBOX_PUBLIC_URL};
use socialmine_app::state::AppState;
use socialmine_app::view::SaveState;
use socialmine_app::workspace::Workspace;

/// The catalog: the built-in one, or a newer `catalog.toml` in the data folder.
fn catalog(persist: Option<&Persistence>) -> Catalog {
    let text =
        persist.and_then(|p| std::fs::read_to_string(p.data_dir().join("catalog.toml")).ok());
    let (catalog, problem) = Catalog::newest(text.as_deref());
    if let Some(e) = problem {
        tracing::warn!("the catalog.toml in the data folder was ignored: {e}");
    }
    catalog
}

/// Builds the app's state: the catalog, the deployment in use, and a started sandbox.
pub fn initial_state() -> AppState {
    let (persist, storage_error) = match Persistence::open() {
        Ok(p) => (Some(p), None),
        Err(e) => {
            tracing::error!("{e}");
            (
                None,
                Some(format!(
                    "{e} Your work is kept in memory until the app closes."
                )),
            )
        }
    };
    let workspace = persist
        .as_ref()
        .and_then(|p| p.load_current().map_err(|e| tracing::error!("{e}")).ok())
        .unwrap_or_else(|| {
            let mut d = Deployment::new(SANDBOX_PUBLIC_URL);
            d.name = Some(SANDBOX_NAME.to_owned());
            Workspace::new("sandbox", d)
        });

    // The practice server: its data beside the app's, its admin password in the keyring.
    let mut config = SandboxConfig::default();
    if let Some(p) = &persist {
        config.data_dir = Some(p.data_dir().join("sandbox"));
        if let Some(id) = p.settings_sandbox_id() {
            match p.sandbox_password(&id) {
                Ok(pw) => config.admin_password = Some(pw),
                Err(e) => tracing::warn!("no keyring for the sandbox password: {e}"),
            }
        }
    }
    // The practice deployment's API_PUBLIC_URL, whichever deployment is open (the window can
    // switch to the practice one later).
    let sandbox_public_url = persist
        .as_ref()
        .and_then(|p| {
            let id = p.settings_sandbox_id()?;
            if id.as_str() == workspace.id {
                return Some(workspace.deployment.api_public_url.clone());
            }
            p.store.load(&id).ok().map(|s| s.deployment.api_public_url)
        })
        .map(|u| u.trim().to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .unwrap_or_else(|| SANDBOX_PUBLIC_URL.to_owned());
    config.api_public_url = Some(sandbox_public_url);
    let (sandbox, sandbox_error) = match tauri::async_runtime::block_on(Sandbox::start(config)) {
        Ok(sb) => (Some(sb), None),
        Err(e) => {
            tracing::error!("{e}");
            (None, Some(e.to_string()))
        }
    };
    AppState {
        catalog: catalog(persist.as_ref()),
        sandbox,
        sandbox_error,
        save: Mutex::new(SaveState {
            saved: persist.is_some(),
            error: storage_error.clone(),
        }),
        persist,
        storage_error,
        workspace: Mutex::new(workspace),
        admin: Mutex::new(None),
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    socialmine_cli::init_logging();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_shell::init())
        .manage(initial_state())
        .invoke_handler(tauri::generate_handler![
            crate::commands::list_platforms,
            crate::commands::current_deployment,
            crate::commands::get_catalog,
            crate::commands::troubleshoot,
            crate::commands::get_draft,
            crate::commands::set_field,
            crate::commands::apply_fix,
            crate::commands::set_progress,
            crate::commands::import_env,
            crate::commands::sign_in,
            crate::commands::sign_in_with_token,
            crate::commands::resume_sign_in,
            crate::commands::plan_push,
            crate::commands::push,
            crate::commands::paste_sheet,
            crate::commands::reveal_secret_for_copy,
            crate::commands::list_deployments,
            crate::commands::create_deployment,
            crate::commands::rename_deployment,
            crate::commands::duplicate_deployment,
            crate::commands::delete_deployment,
            crate::commands::switch_deployment,
            crate::commands::secret_storage,
            crate::commands::retry_keyring,
            crate::commands::use_session_only_secrets,
            crate::commands::export_deployment,
            crate::commands::import_deployment,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socialmine-setup: the window could not be opened: {e}");
            eprintln!(
                "Is a display available? Run it on a desktop session, or use a subcommand (see --help) on a server."
            );
            ExitCode::FAILURE
        }
    }
}
