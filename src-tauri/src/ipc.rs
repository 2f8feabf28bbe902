//! The window's invoke handler (issue 13 item 15). Before a command runs, its arguments are
//! checked against the types the command map gives it (`command_map::check_args`): a payload
//! that is not an object, an unknown or missing argument, a wrong JSON type or an unknown enum
//! value is answered with the same `{code: "input_malformed", message}` error as every other
//! refusal, never Tauri's bare text, and never echoes the value (it may be a secret). Sizes
//! (strings, lists) are bounded by the commands themselves, in `socialmine_app::bounds`.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::{Map, Value};
use socialmine_app::view::{ExportFormat, PlatformProgress, PushSelection};
use socialmine_core::report::{ItemKey, ReportFormat};
use socialmine_core::{AppError, Field, FixAction, InputError, PlatformId, Secret, Sensitive};
use socialmine_store::OnClash;
use tauri::Runtime;
use tauri::ipc::{Channel, Invoke, InvokeBody, JavaScriptChannelId};

use crate::command_map::{TsType, camel};

/// Whether a JSON value (or its absence) is accepted as an argument of this type.
pub trait IpcArg {
    fn accepts(value: Option<&Value>) -> bool;
}

macro_rules! deserialized {
    ($($t:ty),* $(,)?) => {$(
        impl IpcArg for $t {
            fn accepts(value: Option<&Value>) -> bool {
                value.is_some_and(|v| <$t as Deserialize>::deserialize(v).is_ok())
            }
        }
    )*};
}

deserialized!(
    String,
    Secret,
    Sensitive<Vec<u8>>,
    bool,
    u8,
    PlatformId,
    Field,
    FixAction,
    PlatformProgress,
    PushSelection,
    ExportFormat,
    OnClash,
    ItemKey,
    ReportFormat,
);

impl<T: IpcArg> IpcArg for Option<T> {
    fn accepts(value: Option<&Value>) -> bool {
        match value {
            None | Some(Value::Null) => true,
            Some(v) => T::accepts(Some(v)),
        }
    }
}

impl<T: IpcArg> IpcArg for Vec<T> {
    fn accepts(value: Option<&Value>) -> bool {
        value
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().all(|v| T::accepts(Some(v))))
    }
}

impl<T> IpcArg for Channel<T> {
    fn accepts(value: Option<&Value>) -> bool {
        value.is_some_and(|v| JavaScriptChannelId::deserialize(v).is_ok())
    }
}

const RESTART: &str = "the window and the app may be out of step: restart the app, and report this if it happens again";

fn malformed(what: String, reason: String) -> AppError {
    InputError::Malformed {
        what,
        reason: format!("{reason}; {RESTART}"),
    }
    .into()
}

/// One argument of `command`, by its Rust name (the window sends it in camelCase).
pub fn arg<T: IpcArg + TsType>(
    command: &str,
    name: &str,
    args: &Map<String, Value>,
) -> Result<(), AppError> {
    let key = camel(name);
    let value = args.get(&key);
    if T::accepts(value) {
        return Ok(());
    }
    let expected = T::ts(&mut BTreeSet::new());
    let reason = match value {
        None => format!("it is missing (expected {expected})"),
        Some(_) => format!("expected {expected}"),
    };
    Err(malformed(
        format!("argument `{key}` of `{command}`"),
        reason,
    ))
}

/// No argument the command does not take (its names in camelCase).
pub fn only_known(
    command: &str,
    args: &Map<String, Value>,
    names: &[&str],
) -> Result<(), AppError> {
    let known: BTreeSet<String> = names.iter().map(|n| camel(n)).collect();
    match args.keys().find(|k| !known.contains(k.as_str())) {
        None => Ok(()),
        Some(k) => {
            // A key is shown only when it is short and plain (it is not a secret's place).
            let shown = if k.len() <= 40 && k.chars().all(|c| c.is_ascii_alphanumeric()) {
                format!("`{k}`")
            } else {
                "an argument".to_owned()
            };
            Err(malformed(
                format!("call to `{command}`"),
                format!("it has {shown} the command does not take"),
            ))
        }
    }
}

/// The arguments of a call, checked against the command it names; `Ok` for a name that is not
/// one of the app's commands (Tauri answers those).
pub fn check(command: &str, body: &InvokeBody) -> Result<(), AppError> {
    let empty = Map::new();
    let args = match body {
        InvokeBody::Json(Value::Object(map)) => map,
        InvokeBody::Json(Value::Null) => &empty,
        InvokeBody::Json(_) | InvokeBody::Raw(_) => {
            if crate::command_names::COMMANDS.contains(&command) {
                return Err(malformed(
                    format!("call to `{command}`"),
                    "its arguments are not a JSON object".to_owned(),
                ));
            }
            return Ok(());
        }
    };
    crate::command_map::check_args(command, args).unwrap_or(Ok(()))
}

/// Gives the generated handler its argument type (the macro's closure has none of its own).
fn typed<R: Runtime, F: Fn(Invoke<R>) -> bool>(f: F) -> F {
    f
}

/// Every command of the window, each call checked first.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    let commands = typed::<R, _>(tauri::generate_handler![
        crate::commands::get_catalog,
        crate::commands::catalog_status,
        crate::commands::check_catalog_update,
        crate::commands::background_catalog_check,
        crate::commands::set_catalog_auto_check,
        crate::commands::troubleshoot,
        crate::commands::get_draft,
        crate::commands::set_field,
        crate::commands::apply_fix,
        crate::commands::set_progress,
        crate::commands::import_env,
        crate::commands::save_draft,
        crate::commands::sign_in,
        crate::commands::sign_in_with_token,
        crate::commands::resume_sign_in,
        crate::commands::plan_push,
        crate::commands::push,
        crate::commands::paste_sheet,
        crate::commands::copy_secret,
        crate::commands::remove_secret,
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
        crate::commands::verifications,
        crate::commands::verify,
        crate::commands::get_checklist,
        crate::commands::set_checklist_item,
        crate::commands::export_checklist,
        crate::commands::export_handover,
        crate::commands::check_for_update,
        crate::commands::install_update,
    ]);
    move |invoke: Invoke<R>| {
        if let Err(e) = check(invoke.message.command(), invoke.message.payload()) {
            invoke.resolver.reject(e);
            return true;
        }
        commands(invoke)
    }
}
