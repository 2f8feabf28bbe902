//! Issue 13, item 14, from the application layer: the window's push through the sandbox's fault
//! injection (a 5xx, a connection dropped mid-answer after the save, a 307 to another origin,
//! an endless answer). Each push ends with a clear message for the platform it hit; the draft
//! is intact in memory and on disk (same values, the secret still there and still to be sent);
//! and pushing again completes every platform.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::Method;
use socialmine_app::clock::SystemClock;
use socialmine_app::persist::Persistence;
use socialmine_app::state::AppState;
use socialmine_app::view::PushSelection;
use socialmine_core::{Catalog, Deployment, Field, PlatformId};
use socialmine_net::{AdminClient, HttpSettings, PushReport};
use socialmine_sandbox::{FaultAction, FaultMatch, FaultRule, Sandbox, SandboxConfig};
use socialmine_store::{AppDirs, DeploymentId, Profile, SecretStore, Store};

const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";

fn open(root: &Path) -> AppState {
    let dirs = AppDirs::at(Profile::new_test(), root);
    let secrets = SecretStore::session_only(&dirs.keyring_service());
    let p = Persistence {
        store: Store::open(dirs, secrets).expect("store").into(),
    };
    AppState::over(Catalog::built_in(), Arc::new(SystemClock), p)
}

struct Setup {
    sb: Sandbox,
    state: Arc<AppState>,
    root: PathBuf,
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A deployment "Acme" whose admin API is the sandbox, with Facebook and LinkedIn filled in
/// (secrets typed, not pushed yet), signed in.
async fn setup() -> Setup {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.acme.com".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let root = std::env::temp_dir().join(format!(
        "sm-app-push-faults-{}-{}",
        std::process::id(),
        DeploymentId::generate("t").as_str()
    ));
    let state = Arc::new(open(&root));
    let id = state
        .create_deployment("Acme", "https://api.acme.com", None)
        .expect("create");
    state.switch_deployment(&id).expect("switch");
    let edits: [(Option<PlatformId>, Field, String); 7] = [
        (None, Field::AdminUrl, sb.base_url()),
        (
            Some(PlatformId::Facebook),
            Field::ClientId,
            "1234567890123456".into(),
        ),
        (
            Some(PlatformId::Facebook),
            Field::AppVersion,
            "v23.0".into(),
        ),
        (
            Some(PlatformId::Facebook),
            Field::ClientSecret,
            FB_SECRET.into(),
        ),
        (
            Some(PlatformId::Linkedin),
            Field::ClientId,
            "86abcdefghijkl".into(),
        ),
        (
            Some(PlatformId::Linkedin),
            Field::ClientSecret,
            LI_SECRET.into(),
        ),
        (
            Some(PlatformId::Linkedin),
            Field::Scope,
            "openid profile email w_member_social".into(),
        ),
    ];
    for (platform, field, value) in edits {
        state
            .edit(|ws| ws.set_field(platform, field, value))
            .expect("edit");
    }
    let admin = sb.admin();
    state
        .sign_in(admin.email.clone(), admin.password.clone())
        .await
        .expect("sign in");
    Setup { sb, state, root }
}

fn selection() -> Vec<PushSelection> {
    [PlatformId::Facebook, PlatformId::Linkedin]
        .into_iter()
        .map(|platform| PushSelection {
            platform,
            enable: true,
        })
        .collect()
}

/// The draft as kept: its values, and the secrets typed and still to be sent.
fn draft(state: &AppState) -> (Deployment, Vec<(PlatformId, String)>, Vec<PlatformId>) {
    let ws = state.workspace();
    let secrets = ws
        .secrets
        .iter()
        .map(|(p, s)| (*p, s.expose_str().to_owned()))
        .collect();
    let pending = ws.new_secrets.iter().copied().collect();
    (ws.deployment.clone(), secrets, pending)
}

/// Pushes with `fault` on Facebook's save, checks the first push's message and the draft, then
/// pushes again and checks everything was saved and switched on.
async fn through(s: &Setup, fault: FaultAction, code: &str, says: &[&str]) {
    let before = draft(&s.state);
    assert_eq!(before.2.len(), 2, "both secrets are still to be sent");
    s.sb.faults().inject(FaultRule {
        matcher: FaultMatch::ends(Method::PUT, "/social-platforms/facebook"),
        action: fault,
        times: 1,
    });
    let first: PushReport = s
        .state
        .push(selection(), Vec::new(), |_| {})
        .await
        .expect("the push reports");
    assert!(!first.all_tried_saved(), "{first:#?}");
    let fb = first.outcome(PlatformId::Facebook).expect("facebook");
    assert_eq!(fb.error_code.map(|c| c.as_str()), Some(code), "{fb:#?}");
    for w in says {
        assert!(
            fb.message.contains(w),
            "{code}: {:?} lacks {w:?}",
            fb.message
        );
    }
    let shown = serde_json::to_string(&first).expect("json");
    assert!(!shown.contains(FB_SECRET) && !shown.contains(LI_SECRET));

    // Nothing lost: the draft's values and secrets, and Facebook's secret still to be sent.
    let after = draft(&s.state);
    assert_eq!(after.0, before.0, "{code}: the draft changed");
    assert_eq!(after.1, before.1, "{code}: a secret was lost");
    assert!(
        after.2.contains(&PlatformId::Facebook),
        "{code}: {:?}",
        after.2
    );
    // On disk too: the deployment file read back has the same values.
    let id = DeploymentId::parse(&s.state.workspace().id).expect("id");
    let store = &s.state.persistence().expect("data folder").store;
    let on_disk = store.load(&id).expect("the file reads").deployment;
    assert_eq!(on_disk, before.0, "{code}: on disk");

    s.sb.faults().clear();
    let second = s
        .state
        .push(selection(), Vec::new(), |_| {})
        .await
        .expect("the second push reports");
    assert!(second.all_tried_saved(), "{code}: {second:#?}");
    let client = AdminClient::new(&s.sb.base_url(), None, HttpSettings::default()).expect("client");
    let admin = s.sb.admin();
    client
        .sign_in(&admin.email, &admin.password)
        .await
        .expect("sign in");
    for (id, secret) in [
        (PlatformId::Facebook, FB_SECRET),
        (PlatformId::Linkedin, LI_SECRET),
    ] {
        let p = client.platform(id).await.expect("read");
        assert!(p.enabled && p.client_secret_set, "{code}: {p:#?}");
        assert!(
            s.sb.stored_secret_matches(id, secret).expect("store"),
            "{code}: {id}"
        );
    }
    assert!(
        draft(&s.state).2.is_empty(),
        "{code}: every secret was sent"
    );
    assert_eq!(draft(&s.state).0, before.0, "{code}: the draft changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error() {
    let s = setup().await;
    through(
        &s,
        FaultAction::Status(503),
        "server_error",
        &["HTTP 503", "try again later"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_mid_answer_after_the_save() {
    let s = setup().await;
    through(
        &s,
        FaultAction::DropMidAnswer { handled: true },
        "connection_lost",
        &["run the push again"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_origin() {
    let s = setup().await;
    let elsewhere = "http://127.0.0.1:9/api/admin/social-platforms/facebook";
    through(
        &s,
        FaultAction::Redirect {
            status: 307,
            location: elsewhere.into(),
        },
        "redirect_refused",
        &["http://127.0.0.1:9", "not followed"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_answer() {
    let s = setup().await;
    through(
        &s,
        FaultAction::EndlessAnswer,
        "answer_too_large",
        &["kept on coming"],
    )
    .await;
}
