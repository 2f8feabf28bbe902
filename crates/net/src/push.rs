//! Push: save each selected platform with `If-Match`, then (only after a successful save, with
//! no offline error, and when asked) turn it on. Every platform gets its own outcome; nothing
//! local is changed, so a failed push can simply be run again.

use serde::Serialize;
use socialmine_core::{Catalog, Deployment, ErrorCode, Field, PlatformId, Report, Severity};
use ts_rs::TS;

use crate::client::AdminClient;
use crate::diff::{
    FieldChange, PlatformDiff, PlatformDraft, SecretInput, SecretPlan, field_from_api, form_label,
};
use crate::error::{NetError, capitalize};
use crate::model::RemotePlatform;

/// One platform to push.
#[derive(Debug, Clone)]
pub struct PushRequest {
    pub platform: PlatformId,
    pub draft: PlatformDraft,
    /// Turn the platform on after its values are saved.
    pub enable: bool,
    /// The offline checks' error messages for this platform; any makes the push refuse it.
    pub blocked_by: Vec<String>,
    /// The platform as last read from the server (its revision is sent as `If-Match`);
    /// `None` reads it now.
    pub base: Option<RemotePlatform>,
    /// The admin confirmed that the draft may replace changes made on the server since
    /// `base` was read.
    pub overwrite: bool,
}

impl PushRequest {
    /// The request for one platform of a deployment: its draft with `secret`, blocked by every
    /// error the offline checks (`report`, from `socialmine_core::check_deployment`) found for
    /// the deployment as a whole or for this platform.
    pub fn from_deployment(
        deployment: &Deployment,
        report: &Report,
        platform: PlatformId,
        secret: SecretInput,
        enable: bool,
    ) -> PushRequest {
        let cfg = deployment.platform(platform).cloned().unwrap_or_default();
        let errors = report
            .deployment
            .findings
            .iter()
            .chain(
                report
                    .platforms
                    .get(&platform)
                    .map(|p| p.findings.iter())
                    .into_iter()
                    .flatten(),
            )
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect();
        PushRequest {
            blocked_by: errors,
            ..PushRequest::new(platform, PlatformDraft::from_config(&cfg, secret), enable)
        }
    }

    /// A request with no offline errors, no base (read at push time) and no overwrite.
    pub fn new(platform: PlatformId, draft: PlatformDraft, enable: bool) -> PushRequest {
        PushRequest {
            platform,
            draft,
            enable,
            blocked_by: Vec::new(),
            base: None,
            overwrite: false,
        }
    }
}

/// How a platform's save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PushStatus {
    /// The server accepted the values.
    Saved,
    /// The server already had exactly these values; nothing was sent.
    Unchanged,
    /// Not pushed: the offline checks show an error (or the draft has no client ID).
    Refused,
    /// Tried and not saved; `message` says why. The local draft is untouched.
    Failed,
}

/// What happened about turning the platform on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum EnableOutcome {
    /// Not asked for.
    NotRequested,
    /// It was already on.
    AlreadyOn,
    /// Turned on by this push.
    TurnedOn,
    /// Not tried, because the save did not succeed or the checks show an error.
    NotAttempted { reason: String },
    /// Tried, and the server refused or failed.
    Failed { reason: String },
}

/// A server message about one field of a rejected save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The draft field it belongs to, when the server's name is one we know.
    pub field: Option<Field>,
    /// The field as the server named it (`clientId`).
    pub server_field: String,
    /// The field's label in SocialMine's form.
    pub label: String,
    pub message: String,
}

/// What changed on the server since the draft's base was read (a 412).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    #[ts(type = "number | null")]
    pub base_revision: Option<u64>,
    #[ts(type = "number | null")]
    pub server_revision: Option<u64>,
    /// Field by field, the value read earlier and the server's value now.
    pub changed_on_server: Vec<ServerChange>,
    /// Whether the server's secret changed (by its hint or whether one is set).
    pub secret_changed_on_server: bool,
    pub enabled_changed_on_server: bool,
    /// The platform as the server holds it now.
    pub current: RemotePlatform,
}

/// A field that someone changed on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ServerChange {
    pub field: Field,
    /// The field's name in SocialMine's Configure form.
    pub label: String,
    /// When the draft's base was read.
    pub before: Option<String>,
    /// On the server now.
    pub now: Option<String>,
}

/// The result for one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PushOutcome {
    pub platform: PlatformId,
    pub status: PushStatus,
    /// What happened, in plain English; for failures, what to do next.
    pub message: String,
    /// The error's stable code, when it failed.
    pub error_code: Option<ErrorCode>,
    /// For a rejected save: each field's message.
    pub field_errors: Vec<FieldError>,
    /// For a 412: what changed on the server.
    pub conflict: Option<Conflict>,
    /// The platform on the server after the push, when known.
    pub server: Option<RemotePlatform>,
    pub enable: EnableOutcome,
}

impl PushOutcome {
    /// Saved or unchanged, and turned on when that was asked.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, PushStatus::Saved | PushStatus::Unchanged)
            && matches!(
                self.enable,
                EnableOutcome::NotRequested | EnableOutcome::AlreadyOn | EnableOutcome::TurnedOn
            )
    }
}

/// The result of a push, one outcome per requested platform, in request order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PushReport {
    pub outcomes: Vec<PushOutcome>,
    /// Set when the push stopped early because the admin must sign in again or lacks the
    /// permission; the platforms after that point were not tried.
    pub stopped: Option<String>,
    /// Whether the admin must sign in again before pushing.
    pub needs_sign_in: bool,
}

impl PushReport {
    /// Every platform that was tried was saved (or already up to date) and, where asked,
    /// turned on. Refused platforms were not tried.
    pub fn all_tried_saved(&self) -> bool {
        self.outcomes
            .iter()
            .filter(|o| o.status != PushStatus::Refused)
            .all(PushOutcome::succeeded)
    }

    pub fn outcome(&self, platform: PlatformId) -> Option<&PushOutcome> {
        self.outcomes.iter().find(|o| o.platform == platform)
    }
}

fn outcome(platform: PlatformId, status: PushStatus, message: String) -> PushOutcome {
    PushOutcome {
        platform,
        status,
        message,
        error_code: None,
        field_errors: Vec::new(),
        conflict: None,
        server: None,
        enable: EnableOutcome::NotRequested,
    }
}

fn failed(platform: PlatformId, e: &NetError) -> PushOutcome {
    let mut o = outcome(platform, PushStatus::Failed, capitalize(&e.to_string()));
    o.error_code = Some(e.code());
    o
}

fn stops_the_push(e: &NetError) -> bool {
    matches!(
        e,
        NetError::Unauthenticated { .. }
            | NetError::Forbidden
            | NetError::NoAdminApi { .. }
            | NetError::RedirectRefused { .. }
    )
}

/// Pushes the requests one after the other. Never fails as a whole: each platform's outcome
/// says what happened to it.
pub async fn push(
    client: &AdminClient,
    catalog: &Catalog,
    requests: Vec<PushRequest>,
) -> PushReport {
    push_with_progress(client, catalog, requests, |_| {}).await
}

/// [`push()`], calling `on_outcome` as soon as each platform is done (for a progress display,
/// e.g. a Tauri event per platform).
pub async fn push_with_progress(
    client: &AdminClient,
    catalog: &Catalog,
    requests: Vec<PushRequest>,
    mut on_outcome: impl FnMut(&PushOutcome) + Send,
) -> PushReport {
    let mut report = PushReport {
        outcomes: Vec::new(),
        stopped: None,
        needs_sign_in: false,
    };
    for req in requests {
        if let Some(reason) = &report.stopped {
            let mut o = outcome(
                req.platform,
                PushStatus::Failed,
                format!("Not tried: {reason}"),
            );
            o.error_code = Some(ErrorCode::NotTried);
            if req.enable {
                o.enable = EnableOutcome::NotAttempted {
                    reason: "the push stopped before this platform".into(),
                };
            }
            on_outcome(&o);
            report.outcomes.push(o);
            continue;
        }
        let (o, stop) = push_one(client, catalog, req).await;
        if let Some(e) = stop {
            report.needs_sign_in = e.needs_sign_in();
            report.stopped = Some(capitalize(&e.to_string()));
        }
        on_outcome(&o);
        report.outcomes.push(o);
    }
    report
}

async fn push_one(
    client: &AdminClient,
    catalog: &Catalog,
    req: PushRequest,
) -> (PushOutcome, Option<NetError>) {
    let id = req.platform;
    let not_enabled = |reason: &str| {
        if req.enable {
            EnableOutcome::NotAttempted {
                reason: reason.to_owned(),
            }
        } else {
            EnableOutcome::NotRequested
        }
    };
    if !req.blocked_by.is_empty() {
        let mut o = outcome(
            id,
            PushStatus::Refused,
            format!(
                "Not pushed: the checks found {}: {}",
                plural(req.blocked_by.len(), "error"),
                req.blocked_by.join("; ")
            ),
        );
        o.enable = not_enabled("the checks show an error");
        return (o, None);
    }
    if req.draft.client_id.is_none() {
        let label = form_label(catalog, Some(id), Field::ClientId);
        let mut o = outcome(
            id,
            PushStatus::Refused,
            format!("Not pushed: the {label} is empty. Enter it first."),
        );
        o.enable = not_enabled("the values were not saved");
        return (o, None);
    }
    let listed = match req.base.clone() {
        Some(b) => b,
        None => match client.platform(id).await {
            Ok(b) => b,
            Err(e) => {
                let mut o = failed(id, &e);
                o.enable = not_enabled("its values could not be read or saved");
                let stop = stops_the_push(&e).then_some(e);
                return (o, stop);
            }
        },
    };
    // A base without a revision (a list entry from a server that only sends ETags): read the
    // platform itself, so the save can carry If-Match.
    let base = match listed.revision {
        Some(_) => listed,
        None => client.platform(id).await.unwrap_or(listed),
    };

    let saved = if req.draft.in_sync_with(&base) {
        let mut o = outcome(
            id,
            PushStatus::Unchanged,
            "The server already has these values; nothing was sent.".into(),
        );
        o.server = Some(base);
        o
    } else {
        match save(client, catalog, &req, &base).await {
            Ok(o) => o,
            Err((o, stop)) => {
                let mut o = *o;
                o.enable = not_enabled(
                    "its values were not saved, and SocialMine turns a platform on only after saving",
                );
                return (o, stop);
            }
        }
    };
    enable(client, &req, saved).await
}

type SaveError = (Box<PushOutcome>, Option<NetError>);

async fn save(
    client: &AdminClient,
    catalog: &Catalog,
    req: &PushRequest,
    base: &RemotePlatform,
) -> Result<PushOutcome, SaveError> {
    let id = req.platform;
    let update = req.draft.update_for(base);
    let err = match client.save_platform(id, &update, base.revision).await {
        Ok(p) => return Ok(saved_outcome(id, p, update.client_secret.is_some())),
        Err(e) => e,
    };
    match err {
        NetError::RevisionMismatch { current } => {
            let current = match current.revision {
                Some(_) => *current,
                None => client.platform(id).await.map_err(|e| {
                    let stop = stops_the_push(&e).then(|| e.clone());
                    (Box::new(failed(id, &e)), stop)
                })?,
            };
            // The server already holds the draft (an earlier attempt whose answer was lost):
            // nothing to overwrite.
            if req.draft.in_sync_with(&current) {
                let mut o = outcome(
                    id,
                    PushStatus::Unchanged,
                    "The server already has these values; nothing was sent.".into(),
                );
                o.server = Some(current);
                return Ok(o);
            }
            let only_secret_left = req.draft.same_fields_as(&current);
            // Sending a secret now would replace one someone else saved since `base` was
            // read: that needs the admin's confirmation like any other change of theirs.
            let replaces_their_secret = req.draft.update_for(&current).client_secret.is_some()
                && secret_replaced_elsewhere(base, &current, &req.draft);
            if req.overwrite || (only_secret_left && !replaces_their_secret) {
                let update = req.draft.update_for(&current);
                return match client.save_platform(id, &update, current.revision).await {
                    Ok(p) => Ok(saved_outcome(id, p, update.client_secret.is_some())),
                    Err(NetError::RevisionMismatch { current: again }) => {
                        let at_risk = secret_replaced_elsewhere(base, &again, &req.draft);
                        Err((Box::new(conflict(catalog, id, base, *again, at_risk)), None))
                    }
                    Err(e) => Err(save_failure(catalog, id, e)),
                };
            }
            Err((
                Box::new(conflict(catalog, id, base, current, replaces_their_secret)),
                None,
            ))
        }
        e => Err(save_failure(catalog, id, e)),
    }
}

/// Whether the server's client secret changed between `base` and `current` to something that
/// is not the draft's own secret (an earlier attempt of this push whose answer was lost
/// leaves the draft's secret there, recognisable by its hint). When the server shows no hint,
/// a revision that moved with nothing else visibly changed may be a new secret: assume it is.
fn secret_replaced_elsewhere(
    base: &RemotePlatform,
    current: &RemotePlatform,
    draft: &PlatformDraft,
) -> bool {
    if !current.client_secret_set {
        return false;
    }
    let hint = |p: &RemotePlatform| p.client_secret_hint.clone().filter(|h| !h.is_empty());
    let ours = match &draft.secret {
        SecretInput::New(s) | SecretInput::Known(s) => Some(s),
        SecretInput::Keep => None,
    };
    match (hint(base), hint(current)) {
        (_, Some(now)) if ours.is_some_and(|s| s.expose_str().ends_with(&now)) => false,
        (Some(before), Some(now)) => !base.client_secret_set || before != now,
        (None, Some(_)) => true,
        (_, None) => {
            !base.client_secret_set
                || (base.revision != current.revision
                    && base.enabled == current.enabled
                    && draft_of(current).same_fields_as(base))
        }
    }
}

/// The server's values as a draft that keeps the secret, to diff two server readings.
fn draft_of(p: &RemotePlatform) -> PlatformDraft {
    PlatformDraft {
        client_id: p.client_id.clone(),
        secret: SecretInput::Keep,
        app_version: p.app_version.clone(),
        callback_url: p.callback_url.clone(),
        scope: p.scope.clone(),
    }
}

fn saved_outcome(id: PlatformId, p: RemotePlatform, sent_secret: bool) -> PushOutcome {
    let secret = if sent_secret {
        " (with the new client secret)"
    } else if p.client_secret_set {
        " (the stored client secret was kept)"
    } else {
        " (without a client secret: the server has none yet, so it cannot be switched On until one is saved)"
    };
    let mut o = outcome(
        id,
        PushStatus::Saved,
        format!("Saved on the server{secret}."),
    );
    o.server = Some(p);
    o
}

fn save_failure(catalog: &Catalog, id: PlatformId, e: NetError) -> SaveError {
    let mut o = failed(id, &e);
    if let NetError::Validation { fields, .. } = &e {
        o.field_errors = fields
            .iter()
            .map(|(k, v)| {
                let field = field_from_api(k);
                FieldError {
                    field,
                    server_field: k.clone(),
                    label: field.map_or_else(
                        || k.clone(),
                        |f| form_label(catalog, Some(id), f).to_owned(),
                    ),
                    message: v.clone(),
                }
            })
            .collect();
        let list = o
            .field_errors
            .iter()
            .map(|f| format!("{}: {}", f.label, f.message))
            .collect::<Vec<_>>();
        o.message = format!(
            "The server rejected {}: {}. Correct the value{} and push again.",
            if list.len() == 1 {
                "a value"
            } else {
                "some values"
            },
            list.join("; "),
            if list.len() == 1 { "" } else { "s" }
        );
    }
    let stop = stops_the_push(&e).then_some(e);
    (Box::new(o), stop)
}

/// A 412 the admin must review. `secret_at_risk`: the draft would replace a client secret
/// someone else saved meanwhile.
fn conflict(
    catalog: &Catalog,
    id: PlatformId,
    base: &RemotePlatform,
    current: RemotePlatform,
    secret_at_risk: bool,
) -> PushOutcome {
    // Earlier read against now, expressed as a draft-less field diff.
    let changed_on_server: Vec<ServerChange> = draft_of(&current)
        .changes(catalog, base)
        .into_iter()
        .map(|c: FieldChange| ServerChange {
            field: c.field,
            label: c.label,
            before: c.server,
            now: c.draft,
        })
        .collect();
    let secret_changed_on_server = secret_at_risk
        || base.client_secret_set != current.client_secret_set
        || base.client_secret_hint != current.client_secret_hint;
    let mut what: Vec<String> = changed_on_server.iter().map(|c| c.label.clone()).collect();
    if secret_changed_on_server {
        let label = form_label(catalog, Some(id), Field::ClientSecret);
        what.push(if secret_at_risk {
            format!("a new {label}, which this push would replace")
        } else {
            label.to_owned()
        });
    }
    if base.enabled != current.enabled {
        what.push(if current.enabled {
            "turned On".into()
        } else {
            "turned Off".into()
        });
    }
    let what = if what.is_empty() {
        "its revision".to_owned()
    } else {
        what.join(", ")
    };
    let mut o = outcome(
        id,
        PushStatus::Failed,
        format!(
            "Not saved: someone changed this platform on the server since it was read ({what}). Review the \
             server's values, then push again and confirm that yours should replace them."
        ),
    );
    o.error_code = Some(ErrorCode::RevisionMismatch);
    o.conflict = Some(Conflict {
        base_revision: base.revision,
        server_revision: current.revision,
        changed_on_server,
        secret_changed_on_server,
        enabled_changed_on_server: base.enabled != current.enabled,
        current: current.clone(),
    });
    o.server = Some(current);
    o
}

async fn enable(
    client: &AdminClient,
    req: &PushRequest,
    mut o: PushOutcome,
) -> (PushOutcome, Option<NetError>) {
    if !req.enable {
        return (o, None);
    }
    if o.server.as_ref().is_some_and(|s| s.enabled) {
        o.enable = EnableOutcome::AlreadyOn;
        return (o, None);
    }
    match client.set_enabled(req.platform, true).await {
        Ok(p) => {
            o.enable = EnableOutcome::TurnedOn;
            o.server = Some(p);
            (o, None)
        }
        Err(e) => {
            o.enable = EnableOutcome::Failed {
                reason: capitalize(&e.to_string()),
            };
            let stop = stops_the_push(&e).then_some(e);
            (o, stop)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One platform of a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlannedPush {
    pub platform: PlatformId,
    /// Why it would be refused (offline errors); empty when it would be pushed.
    pub refused_because: Vec<String>,
    pub diff: PlatformDiff,
    /// Whether the push would turn it on (asked, and not already on).
    pub would_enable: bool,
}

/// A dry run: reads the server's platforms and shows, per platform and field, what a push
/// would change. Sends nothing.
pub async fn dry_run(
    client: &AdminClient,
    catalog: &Catalog,
    requests: &[PushRequest],
) -> Result<Vec<PlannedPush>, NetError> {
    let needs_read = requests.iter().any(|r| r.base.is_none());
    let server = if needs_read {
        client.platforms().await?
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for req in requests {
        let base = match &req.base {
            Some(b) => b.clone(),
            None => match server
                .iter()
                .find(|p| p.platform_id() == Some(req.platform))
            {
                Some(p) => p.clone(),
                None => client.platform(req.platform).await?,
            },
        };
        let mut refused_because = req.blocked_by.clone();
        if req.draft.client_id.is_none() {
            refused_because.push(format!(
                "the {} is empty",
                form_label(catalog, Some(req.platform), Field::ClientId)
            ));
        }
        let diff = req.draft.diff(catalog, req.platform, &base);
        let would_enable = req.enable && refused_because.is_empty() && !base.enabled && {
            // The server refuses to turn on a platform that has no secret after the save.
            base.client_secret_set || diff.secret == SecretPlan::New
        };
        out.push(PlannedPush {
            platform: req.platform,
            refused_because,
            diff,
            would_enable,
        });
    }
    Ok(out)
}
