//! What the window is shown of the app's state: view types shared with the UI through ts-rs
//! (`make bindings` regenerates `ui/src/lib/bindings`). None of them carries a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use socialmine_core::{Deployment, PlatformId, Report};
use ts_rs::TS;

pub use socialmine_store::PlatformProgress;

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
/// Its `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SandboxView {
    pub admin_url: String,
    pub admin_email: String,
    pub admin_password: String,
}

impl std::fmt::Debug for SandboxView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxView")
            .field("admin_url", &self.admin_url)
            .field("admin_email", &self.admin_email)
            .field("admin_password", &socialmine_core::secret::REDACTED)
            .finish()
    }
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
    /// Grows with every change of the draft: a view older than the one shown is dropped.
    #[ts(type = "number")]
    pub revision: u64,
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

/// How a cell of the fleet table (one platform of one deployment) looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CellTone {
    /// Nothing entered yet.
    Muted,
    /// On the server and switched on, as in the draft.
    Ok,
    /// Something to do soon (not pushed, not switched on, a version expiring).
    Attention,
    /// Something broken (a failed verification, an expired version).
    Problem,
}

/// One platform of one deployment in the list and in the fleet table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FleetCell {
    pub platform: PlatformId,
    /// One or two words: "Switched on", "Not pushed", "Differs from server".
    pub label: String,
    pub tone: CellTone,
}

/// Why a platform of a deployment needs attention, most urgent kinds first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttentionKind {
    /// The Graph API version in the draft is no longer available.
    GraphVersionExpired,
    /// The Graph API version in the draft stops working within 90 days.
    GraphVersionExpiring,
    /// The last verification failed.
    VerificationFailed,
    /// The server's values differ from the draft.
    Drift,
    /// The draft has changes the server does not have.
    NotPushed,
    /// The last verification is old, or older than the last push.
    VerificationStale,
    /// Saved on the server but not switched on.
    NotSwitchedOn,
}

/// One thing to look at in the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Attention {
    pub deployment_id: String,
    pub deployment_name: String,
    pub platform: PlatformId,
    pub kind: AttentionKind,
    pub tone: CellTone,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub action: String,
}

/// One deployment in the Deployments screen and the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeploymentRow {
    #[serde(flatten)]
    pub item: socialmine_store::DeploymentListItem,
    /// The practice deployment (the embedded sandbox): cannot be renamed or deleted.
    pub is_sandbox: bool,
    /// The deployment open in the window.
    pub is_current: bool,
    /// The six platforms, in the guide's order.
    pub cells: Vec<FleetCell>,
}

/// The Deployments screen and the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeploymentsView {
    pub deployments: Vec<DeploymentRow>,
    /// Deployment files that could not be read and were set aside (renamed, not deleted).
    pub set_aside: Vec<socialmine_store::SetAsideFile>,
    /// Most urgent first.
    pub attention: Vec<Attention>,
    pub current_id: String,
    /// Where the deployment files are.
    pub data_folder: String,
    pub secret_storage: socialmine_store::SecretStorageStatus,
    /// The shortest passphrase an encrypted export accepts.
    pub min_passphrase_chars: u32,
    /// The date the expiry checks used (YYYY-MM-DD).
    pub today: String,
}

/// How to export the open deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// The deployment file without secrets (for review or handover).
    Toml,
    /// An encrypted bundle with its secrets.
    Bundle,
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportDone {
    pub format: ExportFormat,
    /// The full path of the file written.
    pub path: String,
    /// One sentence for people: what is in it, and what to do with it.
    pub summary: String,
}
