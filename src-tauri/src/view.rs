//! What the window is shown of the app's state: view types shared with the UI through ts-rs
//! (`make bindings` regenerates `ui/src/lib/bindings`). None of them carries a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use socialmine_core::{Deployment, PlatformId, Report};
use ts_rs::TS;

/// How far the admin got in one platform's wizard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PlatformProgress {
    /// The step shown last (0-based).
    pub step: u32,
    /// The default scopes the admin has confirmed in the console.
    pub scopes_confirmed: Vec<String>,
    /// Whether the admin reached the wizard's last step at least once.
    pub finished: bool,
}

/// Where a platform stands, as the start screen's card shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CardStatusKind {
    NotStarted,
    InProgress,
    /// Every check passes and the wizard was finished: it can be pushed.
    Ready,
    /// Something entered has an error.
    Problem,
    /// Saved on the server, not switched on.
    Saved,
    /// Saved and switched on.
    Enabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CardStatus {
    pub kind: CardStatusKind,
    /// One line for people: "Step 2 of 6", "Ready to push", "2 problems to fix".
    pub summary: String,
}

/// The embedded practice server's sign-in, shown on its start screen (never written to a file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SandboxView {
    pub admin_url: String,
    pub admin_email: String,
    pub admin_password: String,
}

/// Where the draft was last saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaveState {
    /// Whether every change so far is on disk.
    pub saved: bool,
    /// Why the last save failed, with what to do; `null` when it worked.
    pub error: Option<String>,
}

/// The current deployment's draft as the window sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DraftView {
    pub deployment_id: String,
    /// The values entered, without secrets.
    pub deployment: Deployment,
    /// The platforms whose client secret has been entered (kept in the keyring).
    pub secrets: Vec<PlatformId>,
    pub progress: BTreeMap<PlatformId, PlatformProgress>,
    pub statuses: BTreeMap<PlatformId, CardStatus>,
    /// The offline checks of the whole draft.
    pub report: Report,
    pub is_sandbox: bool,
    pub sandbox: Option<SandboxView>,
    pub save: SaveState,
}

/// One platform the admin chose to push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PushSelection {
    pub platform: PlatformId,
    /// Switch it on after its values are saved.
    pub enable: bool,
}

/// A dry run: what a push would change, and how the server's settings compare with the draft.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PushPlan {
    pub planned: Vec<socialmine_net::PlannedPush>,
    pub server_findings: Vec<socialmine_net::ServerFinding>,
}

/// Who is signed in to the admin API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SignedInView {
    pub server: String,
    pub email: Option<String>,
    pub expires_at: Option<String>,
    /// One line for people: "Signed in to http://127.0.0.1:4000 as ops@example.com".
    pub summary: String,
}

impl SignedInView {
    pub fn new(
        client: &socialmine_net::AdminClient,
        email: Option<&str>,
        expires_at: Option<String>,
    ) -> SignedInView {
        let server = client.endpoint().origin();
        let mut summary = format!("Signed in to {server}");
        if let Some(e) = email {
            summary.push_str(&format!(" as {e}"));
        }
        if let Some(t) = &expires_at {
            summary.push_str(&format!(" until {t}"));
        }
        summary.push('.');
        SignedInView {
            server,
            email: email.map(str::to_owned),
            expires_at,
            summary,
        }
    }
}
