//! Issue 13 item 15: every command of the window, called through Tauri's IPC (the mock runtime
//! with the app's real context, capability and invoke handler) with malformed and oversize
//! payloads, answers in time with a typed `{code, message}` error: never a panic, a hang or
//! Tauri's bare text. The commands come from `command_names::COMMANDS` and their arguments from
//! the command map, so a command added later is tested without editing this file (a new
//! argument type needs a sample below, or the test says so).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Map, Value, json};
use socialmine_app::clock::SystemClock;
use socialmine_app::persist::Persistence;
use socialmine_app::state::AppState;
use socialmine_core::Catalog;
use socialmine_setup_lib::command_map::{Signature, signatures};
use socialmine_setup_lib::command_names::COMMANDS;
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow};

const BIG: usize = 2 * 1024 * 1024;
const MANY: usize = 100_000;

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    root: PathBuf,
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The app over a fresh test data folder (session-only secrets, no sandbox), with the window
/// the capability names.
fn harness() -> Harness {
    let root = std::env::temp_dir().join(format!(
        "sm-ipc-bounds-{}-{}",
        std::process::id(),
        DeploymentId::generate("t").as_str()
    ));
    let dirs = AppDirs::at(Profile::new_test(), &root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let store = Store::open(dirs, secrets).expect("test store");
    let persist = Persistence {
        store: Arc::new(store),
    };
    let state = Arc::new(AppState::over(
        Catalog::built_in(),
        Arc::new(SystemClock),
        persist,
    ));
    let app = mock_builder()
        .manage(state)
        .invoke_handler(socialmine_setup_lib::ipc::handler())
        .build(tauri::generate_context!())
        .expect("mock app");
    let window = match app.get_webview_window("main") {
        Some(w) => w,
        None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window"),
    };
    Harness {
        _app: app,
        window,
        root,
    }
}

/// Calls `cmd` with `body`; the answer within 30 s, or the test fails (a hang).
fn call(h: &Harness, cmd: &str, body: InvokeBody) -> Result<Value, Value> {
    let window = h.window.clone();
    let request = InvokeRequest {
        cmd: cmd.to_owned(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body,
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_owned(),
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = tauri::test::get_ipc_response(&window, request)
            .map(|b| b.deserialize::<Value>().unwrap_or(Value::Null));
        let _ = tx.send(r);
    });
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("`{cmd}` did not answer (hang or panic): {e}"))
}

/// The answer is a typed error with one of `codes` and a message that does not echo `not_in`.
fn assert_refused(r: Result<Value, Value>, cmd: &str, case: &str, codes: &[&str]) {
    let e = match r {
        Ok(v) => {
            let shown: String = v.to_string().chars().take(300).collect();
            panic!("`{cmd}` {case}: accepted, answered {shown}")
        }
        Err(e) => e,
    };
    let code = e["code"].as_str();
    let message = e["message"].as_str();
    assert!(
        code.is_some_and(|c| codes.contains(&c)) && message.is_some_and(|m| !m.is_empty()),
        "`{cmd}` {case}: expected a {{code, message}} error with a code in {codes:?}, got {e}"
    );
    let message = message.unwrap_or_default();
    assert!(
        message.len() < 1000 && !message.contains("xxxxxxxx"),
        "`{cmd}` {case}: the message echoes the input: {message:.200}"
    );
}

fn json_body(map: Map<String, Value>) -> InvokeBody {
    InvokeBody::Json(Value::Object(map))
}

/// A value of the TypeScript type `ts` that the command accepts.
fn sample(ts: &str) -> Value {
    if let Some(inner) = ts.strip_suffix(" | null") {
        let _ = sample(inner);
        return Value::Null;
    }
    if ts.starts_with("Array<") {
        return json!([]);
    }
    if ts.starts_with("Channel<") {
        return json!("__CHANNEL__:1");
    }
    match ts {
        "string" => json!("x"),
        "boolean" => json!(true),
        "number" => json!(0),
        "PlatformId" => json!("facebook"),
        "Field" => json!("name"),
        "FixAction" => json!({"kind": "trim"}),
        "PlatformProgress" => json!({}),
        "PushSelection" => json!({"platform": "facebook", "enable": true}),
        "ExportFormat" => json!("toml"),
        "OnClash" => json!({"kind": "ask"}),
        "ItemKey" => json!({"kind": "step", "id": "x"}),
        "ReportFormat" => json!("md"),
        other => panic!("no sample for the argument type {other}: add one to this test"),
    }
}

/// An oversize value of `ts` (a 2 MiB text, a list of 100,000 items, or a 2 MiB file), or
/// `None` when the type cannot be made large (an enum, a bool, a channel).
fn oversize(ts: &str) -> Option<Value> {
    if let Some(inner) = ts.strip_suffix(" | null") {
        return oversize(inner);
    }
    let big = || Value::String("x".repeat(BIG));
    if let Some(item) = ts.strip_prefix("Array<").and_then(|s| s.strip_suffix('>')) {
        let n = if item == "number" { BIG } else { MANY };
        return Some(Value::Array(vec![sample(item); n]));
    }
    match ts {
        "string" => Some(big()),
        "FixAction" => Some(json!({"kind": "replace_with", "value": big()})),
        "PlatformProgress" => Some(json!({"scopes_confirmed": vec!["openid"; MANY]})),
        "OnClash" => Some(json!({"kind": "rename", "new_name": big()})),
        "ItemKey" => Some(json!({"kind": "step", "id": big()})),
        _ => None,
    }
}

/// A value of the right JSON shape but an unknown enum value, when the type has one.
fn unknown_value(ts: &str) -> Option<Value> {
    let ts = ts.strip_suffix(" | null").unwrap_or(ts);
    if let Some(item) = ts.strip_prefix("Array<").and_then(|s| s.strip_suffix('>')) {
        return unknown_value(item).map(|v| json!([v]));
    }
    match ts {
        "PlatformId" | "Field" | "ExportFormat" | "ReportFormat" => Some(json!("no_such_value")),
        "FixAction" | "OnClash" | "ItemKey" => Some(json!({"kind": "no_such_kind"})),
        "PushSelection" => Some(json!({"platform": "myspace", "enable": true})),
        "Channel<PushOutcome>" | "Channel<VerifyProgress>" => Some(json!("not a channel")),
        _ => None,
    }
}

/// Lists nested `depth` levels deep: the wrong type for every argument (and for every item
/// of a list argument).
fn nested(depth: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..depth {
        v = json!([v]);
    }
    v
}

struct Arg {
    key: String,
    ts: String,
    optional: bool,
}

fn args_of(sig: &Signature) -> Vec<Arg> {
    sig.args
        .iter()
        .map(|(name, ts)| Arg {
            key: name.trim_end_matches('?').to_owned(),
            ts: ts.clone(),
            optional: name.ends_with('?'),
        })
        .collect()
}

fn valid(args: &[Arg]) -> Map<String, Value> {
    args.iter()
        .map(|a| (a.key.clone(), sample(&a.ts)))
        .collect()
}

fn signature(name: &str) -> Signature {
    let mut imports = Default::default();
    signatures(&mut imports)
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("`{name}` is declared but not in the command map"))
}

const MALFORMED: &[&str] = &["input_malformed"];
const TOO_LARGE: &[&str] = &["input_too_large", "too_many_items"];

#[test]
fn every_command_refuses_malformed_payloads_with_a_typed_error() {
    let h = harness();
    for &cmd in COMMANDS {
        let args = args_of(&signature(cmd));

        let r = call(&h, cmd, InvokeBody::Json(json!([1, 2, 3])));
        assert_refused(r, cmd, "with an array for arguments", MALFORMED);
        let r = call(&h, cmd, InvokeBody::Raw(vec![0; 64]));
        assert_refused(r, cmd, "with raw bytes for arguments", MALFORMED);

        let mut extra = valid(&args);
        extra.insert("zzUnknown".into(), Value::String("x".repeat(BIG)));
        assert_refused(
            call(&h, cmd, json_body(extra)),
            cmd,
            "with an unknown 2 MiB argument",
            MALFORMED,
        );

        for a in &args {
            let mut wrong = valid(&args);
            wrong.insert(a.key.clone(), nested(200));
            let case = format!("with `{}` nested 200 lists deep", a.key);
            assert_refused(call(&h, cmd, json_body(wrong)), cmd, &case, MALFORMED);

            if a.ts != "string" && a.ts != "string | null" {
                let mut wrong = valid(&args);
                wrong.insert(a.key.clone(), json!("x"));
                let case = format!("with `{}` a string", a.key);
                assert_refused(call(&h, cmd, json_body(wrong)), cmd, &case, MALFORMED);
            } else {
                let mut wrong = valid(&args);
                wrong.insert(a.key.clone(), json!(12));
                let case = format!("with `{}` a number", a.key);
                assert_refused(call(&h, cmd, json_body(wrong)), cmd, &case, MALFORMED);
            }

            if !a.optional {
                let mut missing = valid(&args);
                missing.remove(&a.key);
                let case = format!("without `{}`", a.key);
                assert_refused(call(&h, cmd, json_body(missing)), cmd, &case, MALFORMED);
            }

            if let Some(v) = unknown_value(&a.ts) {
                let mut unknown = valid(&args);
                unknown.insert(a.key.clone(), v);
                let case = format!("with `{}` an unknown value", a.key);
                assert_refused(call(&h, cmd, json_body(unknown)), cmd, &case, MALFORMED);
            }
        }
    }
}

#[test]
fn every_command_refuses_oversize_payloads_with_a_typed_error() {
    let h = harness();
    let mut bounded = 0;
    for &cmd in COMMANDS {
        let args = args_of(&signature(cmd));
        for a in &args {
            let Some(big) = oversize(&a.ts) else { continue };
            let mut body = valid(&args);
            body.insert(a.key.clone(), big);
            let case = format!("with an oversize `{}` ({})", a.key, a.ts);
            assert_refused(call(&h, cmd, json_body(body)), cmd, &case, TOO_LARGE);
            bounded += 1;
        }
        // A command without a sizeable argument still refuses a 2 MiB payload (as an argument
        // it does not take: see the malformed test); nothing of it reaches the command.
    }
    assert!(bounded >= 25, "only {bounded} sizeable arguments found");
}

#[test]
fn well_formed_calls_still_reach_the_commands() {
    let h = harness();
    let r = call(&h, "get_catalog", json_body(Map::new()));
    assert!(r.as_ref().is_ok_and(|v| v.is_object()), "{r:?}");
    let r = call(&h, "get_catalog", InvokeBody::Json(Value::Null));
    assert!(r.is_ok(), "no arguments at all: {r:?}");
    let body = json!({"text": "redirect_uri_mismatch", "platform": "facebook"});
    let r = call(&h, "troubleshoot", InvokeBody::Json(body));
    assert!(r.as_ref().is_ok_and(Value::is_array), "{r:?}");
    // The largest accepted values pass.
    let body = json!({"platform": null, "field": "name", "value": "n".repeat(512)});
    let r = call(&h, "set_field", InvokeBody::Json(body));
    assert!(r.is_ok(), "{r:?}");
    let body = json!({"platform": "facebook", "field": "client_secret", "value": "s".repeat(4096)});
    let r = call(&h, "set_field", InvokeBody::Json(body));
    assert!(r.is_ok(), "{r:?}");
    let r = call(
        &h,
        "get_checklist",
        InvokeBody::Json(json!({"platforms": ["facebook", "linkedin"]})),
    );
    assert!(r.is_ok(), "{r:?}");
}
