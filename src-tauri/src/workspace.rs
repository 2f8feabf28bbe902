//! The deployment being worked on: the values entered, wizard progress and secrets, with the
//! rules for editing them and for telling where each platform stands.

use std::collections::{BTreeMap, BTreeSet};

use socialmine_core::{
    AppError, Catalog, Date, Deployment, Field, FixAction, PlatformConfig, PlatformId, Report,
    Secret, Severity,
};

use crate::view::{CardStatus, CardStatusKind, PlatformProgress};

/// What the server last said about a platform after a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RemoteState {
    pub saved: bool,
    pub enabled: bool,
}

/// One deployment's draft. Secrets are held apart from the deployment (whose
/// `client_secret` fields stay empty) so that nothing that serializes it can leak one.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub id: String,
    pub deployment: Deployment,
    pub progress: BTreeMap<PlatformId, PlatformProgress>,
    pub secrets: BTreeMap<PlatformId, Secret>,
    /// The platforms whose secret was entered since the last successful push: only these
    /// are sent to the server.
    pub new_secrets: BTreeSet<PlatformId>,
    /// The platforms whose secret changed since the last save (to write to the keyring).
    pub dirty_secrets: BTreeSet<PlatformId>,
    pub remote: BTreeMap<PlatformId, RemoteState>,
}

impl Workspace {
    pub fn new(id: impl Into<String>, deployment: Deployment) -> Workspace {
        let mut ws = Workspace {
            id: id.into(),
            deployment,
            progress: BTreeMap::new(),
            secrets: BTreeMap::new(),
            new_secrets: BTreeSet::new(),
            dirty_secrets: BTreeSet::new(),
            remote: BTreeMap::new(),
        };
        ws.take_secrets_out_of_deployment();
        ws
    }

    /// Moves any client secret that came with the deployment (a file the admin imported) into
    /// the secrets map.
    fn take_secrets_out_of_deployment(&mut self) {
        for (id, cfg) in self.deployment.platforms.iter_mut() {
            if let Some(secret) = cfg.client_secret.take()
                && !secret.expose_str().is_empty()
            {
                self.secrets.insert(*id, secret);
                self.new_secrets.insert(*id);
                self.dirty_secrets.insert(*id);
            }
        }
    }

    /// Sets one field. `platform` is `None` for the deployment's own fields.
    pub fn set_field(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        value: String,
    ) -> Result<(), AppError> {
        match platform {
            None => {
                match field {
                    Field::Name => self.deployment.name = non_empty(value),
                    Field::ApiPublicUrl => self.deployment.api_public_url = value,
                    Field::AdminUrl => self.deployment.admin_url = non_empty(value),
                    other => return Err(not_a_deployment_field(other)),
                }
                Ok(())
            }
            Some(id) if field == Field::ClientSecret => {
                if value.is_empty() {
                    self.secrets.remove(&id);
                    self.new_secrets.remove(&id);
                    self.dirty_secrets.insert(id);
                } else {
                    self.secrets.insert(id, Secret::new(value));
                    self.new_secrets.insert(id);
                    self.dirty_secrets.insert(id);
                }
                Ok(())
            }
            Some(id) => {
                let cfg = self.deployment.platforms.entry(id).or_default();
                let slot = platform_slot(cfg, field)?;
                *slot = non_empty(value);
                if cfg.is_blank() {
                    self.deployment.platforms.remove(&id);
                }
                Ok(())
            }
        }
    }

    /// The current value of a field, secrets included (for fixes; never sent to the window).
    fn value_of(&self, platform: Option<PlatformId>, field: Field) -> String {
        match platform {
            None => match field {
                Field::Name => self.deployment.name.clone().unwrap_or_default(),
                Field::ApiPublicUrl => self.deployment.api_public_url.clone(),
                Field::AdminUrl => self.deployment.admin_url.clone().unwrap_or_default(),
                _ => String::new(),
            },
            Some(id) if field == Field::ClientSecret => self
                .secrets
                .get(&id)
                .map(|s| s.expose_str().to_owned())
                .unwrap_or_default(),
            Some(id) => {
                let Some(cfg) = self.deployment.platforms.get(&id) else {
                    return String::new();
                };
                match field {
                    Field::ClientId => cfg.client_id.clone(),
                    Field::AppVersion => cfg.app_version.clone(),
                    Field::CallbackUrl => cfg.callback_url.clone(),
                    Field::Scope => cfg.scope.clone(),
                    Field::ConsoleRedirectUrl => cfg.console_redirect_url.clone(),
                    _ => None,
                }
                .unwrap_or_default()
            }
        }
    }

    /// Applies a one-click fix to a field.
    pub fn apply_fix(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        action: &FixAction,
    ) -> Result<(), AppError> {
        if let FixAction::SwapFields { other } = action {
            let a = self.value_of(platform, field);
            let b = self.value_of(platform, *other);
            self.set_field(platform, field, b)?;
            return self.set_field(platform, *other, a);
        }
        let current = self.value_of(platform, field);
        match action.apply(&current) {
            Some(fixed) => self.set_field(platform, field, fixed),
            None => Err(AppError::new(
                "fix_not_applicable",
                "That fix cannot be applied to this field. Edit the value by hand.",
            )),
        }
    }

    pub fn set_progress(&mut self, platform: PlatformId, progress: PlatformProgress) {
        self.progress.insert(platform, progress);
    }

    /// The deployment with its secrets, for the checks (which never print them).
    pub fn deployment_with_secrets(&self) -> Deployment {
        let mut d = self.deployment.clone();
        for (id, secret) in &self.secrets {
            d.platforms.entry(*id).or_default().client_secret = Some(secret.clone());
        }
        d
    }

    /// Where each platform stands, from the checks, the wizard progress and the server.
    pub fn statuses(&self, catalog: &Catalog, report: &Report) -> BTreeMap<PlatformId, CardStatus> {
        PlatformId::ALL
            .into_iter()
            .map(|id| {
                let steps = catalog.platform(id).steps.len() as u32 + 2;
                let progress = self.progress.get(&id);
                let started = progress.is_some()
                    || self.deployment.platforms.contains_key(&id)
                    || self.secrets.contains_key(&id);
                let findings = report
                    .platforms
                    .get(&id)
                    .map(|p| p.findings.as_slice())
                    .unwrap_or(&[]);
                let errors = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let remote = self.remote.get(&id).copied().unwrap_or_default();
                let has_credentials =
                    self.deployment.platforms.get(&id).is_some_and(|c| {
                        c.client_id.as_deref().is_some_and(|v| !v.trim().is_empty())
                    });
                let status = if !started {
                    (CardStatusKind::NotStarted, "Not started".to_owned())
                } else if errors > 0
                    && (progress.is_some_and(|p| p.finished)
                        || findings.iter().any(|f| {
                            f.severity == Severity::Error
                                && f.code != socialmine_core::Code::Required
                        }))
                {
                    let s = if errors == 1 {
                        "1 problem to fix".to_owned()
                    } else {
                        format!("{errors} problems to fix")
                    };
                    (CardStatusKind::Problem, s)
                } else if remote.enabled {
                    (
                        CardStatusKind::Enabled,
                        "Saved on the server and switched on".to_owned(),
                    )
                } else if remote.saved {
                    (
                        CardStatusKind::Saved,
                        "Saved on the server, not switched on yet".to_owned(),
                    )
                } else if errors == 0 && has_credentials && progress.is_some_and(|p| p.finished) {
                    (CardStatusKind::Ready, "Ready to push".to_owned())
                } else {
                    let step = progress.map(|p| p.step + 1).unwrap_or(1).min(steps);
                    (
                        CardStatusKind::InProgress,
                        format!("In progress: step {step} of {steps}"),
                    )
                };
                (
                    id,
                    CardStatus {
                        kind: status.0,
                        summary: status.1,
                    },
                )
            })
            .collect()
    }
}

/// The deployment's API_PUBLIC_URL parsed out of a SocialMine root `.env` text.
pub fn import_env(ws: &mut Workspace, text: &str) -> Result<(), AppError> {
    let url = socialmine_core::deployment::api_public_url_from_env(text)
        .map_err(|e| AppError::new("env_import_failed", e.to_string()))?;
    ws.deployment.api_public_url = url;
    Ok(())
}

/// Today's date in UTC, for the version expiry checks.
pub fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    Date::from_days_since_epoch(days)
}

fn non_empty(value: String) -> Option<String> {
    if value.is_empty() { None } else { Some(value) }
}

fn platform_slot(cfg: &mut PlatformConfig, field: Field) -> Result<&mut Option<String>, AppError> {
    Ok(match field {
        Field::ClientId => &mut cfg.client_id,
        Field::AppVersion => &mut cfg.app_version,
        Field::CallbackUrl => &mut cfg.callback_url,
        Field::Scope => &mut cfg.scope,
        Field::ConsoleRedirectUrl => &mut cfg.console_redirect_url,
        other => return Err(not_a_deployment_field(other)),
    })
}

fn not_a_deployment_field(field: Field) -> AppError {
    AppError::new(
        "unknown_field",
        format!("'{field}' is not a field here. This is a bug in the assistant; please report it."),
    )
}
