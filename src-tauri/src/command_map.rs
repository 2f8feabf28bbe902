//! The typed command map the UI calls through: every window command's name, argument names
//! and types, and result type, generated from Rust into `ui/src/lib/bindings/commands.ts`
//! (`make bindings`). Each entry is checked against the real command's signature at compile
//! time (the `typecheck` shims below call it with exactly these types), so the UI's
//! `backend.ts` and its test double cannot drift from the commands.

use std::collections::BTreeSet;

use socialmine_app::catalog::{CatalogCheck, CatalogView};
use socialmine_app::checklist::ReportDone;
use socialmine_app::clipboard::CopyDone;
use socialmine_app::verify::{VerificationsView, VerifyProgress};
use socialmine_app::view::{
    DeploymentsView, DraftView, ExportDone, ExportFormat, PlatformProgress, PushPlan,
    PushSelection, SaveState, SignedInView,
};
use socialmine_core::report::{ChecklistView, ItemKey, ReportFormat};
use socialmine_core::{
    Catalog, Field, FixAction, PlatformId, Secret, Sensitive, TroubleshootEntry,
};
use socialmine_net::{PasteSheet, PushOutcome, PushReport};
use socialmine_store::{ImportOutcome, OnClash, SecretStorageStatus};
use tauri::ipc::Channel;
use ts_rs::TS;

/// A Rust type as the UI sees it; named types are imported from their ts-rs binding.
pub trait TsType {
    fn ts(imports: &mut BTreeSet<String>) -> String;

    /// Whether the argument may be left out (Tauri reads a missing `Option` as `None`).
    fn optional() -> bool {
        false
    }
}

macro_rules! named {
    ($($t:ty),* $(,)?) => {$(
        impl TsType for $t {
            fn ts(imports: &mut BTreeSet<String>) -> String {
                let name = <$t as TS>::name(&ts_rs::Config::default());
                imports.insert(name.clone());
                name
            }
        }
    )*};
}

named!(
    Catalog,
    CatalogView,
    CatalogCheck,
    TroubleshootEntry,
    DraftView,
    Field,
    FixAction,
    PlatformId,
    PlatformProgress,
    SaveState,
    SignedInView,
    PushSelection,
    PushPlan,
    PushOutcome,
    PushReport,
    PasteSheet,
    DeploymentsView,
    SecretStorageStatus,
    ExportFormat,
    ExportDone,
    ImportOutcome,
    ChecklistView,
    ItemKey,
    ReportDone,
    ReportFormat,
    OnClash,
    VerificationsView,
    VerifyProgress,
    CopyDone,
);

impl TsType for String {
    fn ts(_: &mut BTreeSet<String>) -> String {
        "string".into()
    }
}

/// A secret argument (a client secret, a password, a token, a passphrase) is a string in the
/// UI and a zeroizing `Secret` in Rust.
impl TsType for Secret {
    fn ts(_: &mut BTreeSet<String>) -> String {
        "string".into()
    }
}

/// A file's bytes that may hold secrets (an import): zeroized once used.
impl TsType for Sensitive<Vec<u8>> {
    fn ts(imports: &mut BTreeSet<String>) -> String {
        <Vec<u8> as TsType>::ts(imports)
    }
}

impl TsType for bool {
    fn ts(_: &mut BTreeSet<String>) -> String {
        "boolean".into()
    }
}

impl TsType for u8 {
    fn ts(_: &mut BTreeSet<String>) -> String {
        "number".into()
    }
}

impl<T: TsType> TsType for Option<T> {
    fn ts(imports: &mut BTreeSet<String>) -> String {
        format!("{} | null", T::ts(imports))
    }

    fn optional() -> bool {
        true
    }
}

impl<T: TsType> TsType for Vec<T> {
    fn ts(imports: &mut BTreeSet<String>) -> String {
        format!("Array<{}>", T::ts(imports))
    }
}

impl<T: TsType + tauri::ipc::IpcResponse> TsType for Channel<T> {
    fn ts(imports: &mut BTreeSet<String>) -> String {
        imports.insert("@Channel".into());
        format!("Channel<{}>", T::ts(imports))
    }
}

/// One command as the UI calls it.
pub struct Signature {
    pub name: &'static str,
    /// Whether the command is `async` (runs off the main thread).
    pub is_async: bool,
    /// (argument name as the UI passes it, camelCase; TypeScript type)
    pub args: Vec<(String, String)>,
    pub returns: String,
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

macro_rules! commands {
    ($($kind:ident $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty;)*) => {
        /// Every command, with the types the UI uses.
        pub fn signatures(imports: &mut BTreeSet<String>) -> Vec<Signature> {
            vec![$(Signature {
                name: stringify!($name),
                is_async: stringify!($kind) == "async",
                args: vec![$((
                    format!(
                        "{}{}",
                        camel(stringify!($arg)),
                        if <$ty as TsType>::optional() { "?" } else { "" }
                    ),
                    <$ty as TsType>::ts(imports),
                )),*],
                returns: <$ret as TsType>::ts(imports),
            }),*]
        }

        /// Compile-time proof that each entry matches the command it names.
        #[allow(dead_code, clippy::too_many_arguments)]
        mod typecheck {
            use super::*;
            use crate::commands::App;
            use socialmine_core::AppError;
            $(commands!(@shim $kind $name($($arg: $ty),*) -> $ret);)*
        }
    };
    (@shim sync $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty) => {
        fn $name(state: App<'_>, $($arg: $ty),*) -> Result<$ret, AppError> {
            crate::commands::$name(state, $($arg),*)
        }
    };
    (@shim async $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty) => {
        async fn $name(state: App<'_>, $($arg: $ty),*) -> Result<$ret, AppError> {
            crate::commands::$name(state, $($arg),*).await
        }
    };
}

commands! {
    sync get_catalog() -> Catalog;
    async catalog_status() -> CatalogView;
    async check_catalog_update() -> CatalogCheck;
    async background_catalog_check() -> Option<CatalogCheck>;
    async set_catalog_auto_check(on: bool) -> CatalogView;
    sync troubleshoot(text: String, platform: Option<PlatformId>) -> Vec<TroubleshootEntry>;
    async get_draft() -> DraftView;
    sync set_field(platform: Option<PlatformId>, field: Field, value: Secret) -> DraftView;
    sync apply_fix(platform: Option<PlatformId>, field: Field, action: FixAction) -> DraftView;
    sync set_progress(platform: PlatformId, progress: PlatformProgress) -> DraftView;
    sync import_env(text: Secret) -> DraftView;
    async save_draft() -> SaveState;
    async sign_in(email: String, password: Secret) -> SignedInView;
    async sign_in_with_token(token: Secret) -> SignedInView;
    async resume_sign_in() -> Option<SignedInView>;
    async plan_push(selection: Vec<PushSelection>) -> PushPlan;
    async push(selection: Vec<PushSelection>, overwrite: Vec<PlatformId>, on_progress: Channel<PushOutcome>) -> PushReport;
    sync paste_sheet(platform: PlatformId) -> PasteSheet;
    sync remove_secret(platform: PlatformId) -> DraftView;
    async copy_secret(platform: PlatformId) -> CopyDone;
    async list_deployments() -> DeploymentsView;
    async create_deployment(name: String, api_public_url: String, env_text: Option<Secret>) -> String;
    async rename_deployment(id: String, name: String) -> DeploymentsView;
    async duplicate_deployment(id: String) -> String;
    async delete_deployment(id: String) -> DeploymentsView;
    async switch_deployment(id: String) -> DraftView;
    async secret_storage() -> SecretStorageStatus;
    async retry_keyring() -> SecretStorageStatus;
    async use_session_only_secrets() -> SecretStorageStatus;
    async export_deployment(format: ExportFormat, passphrase: Option<Secret>, passphrase_again: Option<Secret>, include_admin_sign_in: bool) -> ExportDone;
    async import_deployment(bytes: Sensitive<Vec<u8>>, passphrase: Option<Secret>, on_clash: OnClash) -> ImportOutcome;
    async verifications() -> VerificationsView;
    async verify(platforms: Vec<PlatformId>, on_progress: Channel<VerifyProgress>) -> VerificationsView;
    sync get_checklist(platforms: Vec<PlatformId>) -> ChecklistView;
    sync set_checklist_item(platform: PlatformId, item: ItemKey, ticked: bool, note: Option<String>) -> DraftView;
    async export_checklist(platforms: Vec<PlatformId>, format: ReportFormat) -> ReportDone;
    async export_handover(id: Option<String>, format: ReportFormat) -> ReportDone;
}

/// The text of `commands.ts`.
pub fn typescript() -> String {
    let mut imports = BTreeSet::new();
    let sigs = signatures(&mut imports);
    let mut out = String::from(
        "// Generated from src-tauri/src/command_map.rs by `make bindings`. Do not edit.\n",
    );
    if imports.remove("@Channel") {
        out.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
    }
    for name in &imports {
        out.push_str(&format!("import type {{ {name} }} from './{name}';\n"));
    }
    out.push_str("\n/** Every command of the window: its arguments and what it resolves to. */\n");
    out.push_str("export type Commands = {\n");
    for s in &sigs {
        let args = if s.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = s.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; returns: {} }};\n",
            s.name, s.returns
        ));
    }
    out.push_str("};\n\nexport type CommandName = keyof Commands;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_bindings_commands() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("commands.ts"), typescript()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn the_map_the_permissions_and_the_declared_commands_are_the_same_set() {
        let mut imports = BTreeSet::new();
        let mapped: BTreeSet<&str> = signatures(&mut imports).iter().map(|s| s.name).collect();
        let declared: BTreeSet<&str> = crate::command_names::COMMANDS.iter().copied().collect();
        assert_eq!(mapped, declared);
        assert_eq!(
            declared.len(),
            crate::command_names::COMMANDS.len(),
            "a name twice"
        );

        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let cap: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let granted: BTreeSet<String> = cap["permissions"]
            .as_array()
            .unwrap_or_else(|| panic!("permissions"))
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        let mut expected: BTreeSet<String> = declared
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        expected.insert("shell:allow-open".into());
        assert_eq!(
            granted, expected,
            "the capability grants exactly the app's commands"
        );
    }

    /// Commands that read or write files, the keyring or the clipboard, or encrypt with scrypt
    /// (a second or more), never run on the main thread (issue 13 items 5 and 12).
    #[test]
    fn slow_commands_run_off_the_main_thread() {
        let mut imports = BTreeSet::new();
        let sigs = signatures(&mut imports);
        for name in [
            "export_deployment",
            "import_deployment",
            "copy_secret",
            "sign_in",
            "sign_in_with_token",
        ] {
            let s = sigs
                .iter()
                .find(|s| s.name == name)
                .unwrap_or_else(|| panic!("{name} is in the map"));
            assert!(s.is_async, "{name} must be async");
        }
        assert!(!sigs.iter().any(|s| s.name == "reveal_secret_for_copy"));
    }

    /// What the window sends for a secret argument arrives in the zeroizing types.
    #[test]
    fn secret_arguments_deserialize_from_what_the_ui_sends() {
        let bytes: Sensitive<Vec<u8>> =
            serde_json::from_value(serde_json::json!([115, 109, 10])).unwrap_or_default();
        assert_eq!(bytes.expose(), &b"sm\n".to_vec());
        let pass: Option<Secret> =
            serde_json::from_value(serde_json::json!("a long passphrase")).unwrap_or_default();
        assert_eq!(
            pass.as_ref().map(Secret::expose_str),
            Some("a long passphrase")
        );
        let none: Option<Secret> =
            serde_json::from_value(serde_json::Value::Null).unwrap_or_default();
        assert!(none.is_none());
    }

    #[test]
    fn secret_arguments_are_zeroizing_secrets_and_strings_in_the_ui() {
        let ts = typescript();
        assert!(
            ts.contains("copy_secret: { args: { platform: PlatformId }; returns: CopyDone };"),
            "{ts}"
        );
        assert!(ts.contains("includeAdminSignIn: boolean"), "{ts}");
    }

    #[test]
    fn argument_names_are_the_camel_case_tauri_expects() {
        assert_eq!(camel("api_public_url"), "apiPublicUrl");
        assert_eq!(camel("text"), "text");
        let ts = typescript();
        assert!(ts.contains("set_field: { args: { platform?: PlatformId | null; field: Field; value: string }; returns: DraftView };"), "{ts}");
        assert!(ts.contains("onProgress: Channel<PushOutcome>"), "{ts}");
        assert!(
            ts.contains("get_draft: { args: Record<string, never>; returns: DraftView };"),
            "{ts}"
        );
    }
}
