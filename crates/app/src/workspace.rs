//! The deployment being worked on: the values entered, wizard progress and secrets, with the
//! rules for editing them and for telling where each platform stands.

use std::collections::{BTreeMap, BTreeSet};

use socialmine_core::{
    AppError, Catalog, Deployment, ErrorCode, Field, FixAction, PlatformId, Report, Secret,
    Severity,
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
    /// The admin URL or `API_PUBLIC_URL` was edited (or a `.env` imported) since the last
    /// save: the admin session ends and the token kept in the keyring is forgotten, so a token
    /// never follows the deployment to another server.
    pub sign_out_pending: bool,
    /// The secret each platform held before the admin began typing a replacement: emptying
    /// the field again brings it back (an empty field never deletes a secret).
    replaced_secrets: BTreeMap<PlatformId, Secret>,
    /// Values typed into a field that is not secret but that look like a client secret
    /// ([`Workspace::set_field_checked`]): kept here, in memory only, never in the deployment
    /// (so never autosaved to its file); the field keeps its value from before, and the checks
    /// say where the secret belongs.
    pub misplaced: BTreeMap<(Option<PlatformId>, Field), Secret>,
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
            sign_out_pending: false,
            replaced_secrets: BTreeMap::new(),
            misplaced: BTreeMap::new(),
        };
        ws.take_secrets_out_of_deployment();
        ws
    }

    /// Moves any client secret that came with the deployment (a file the admin imported) into
    /// the secrets map.
    fn take_secrets_out_of_deployment(&mut self) {
        let deployment = std::mem::take(&mut self.deployment);
        self.adopt(deployment);
    }

    /// Takes `deployment` as the new draft, keeping its client secrets apart: a secret that
    /// differs from the one held is new (to save in the keyring and send on the next push).
    fn adopt(&mut self, mut deployment: Deployment) {
        for id in PlatformId::ALL {
            let incoming = deployment
                .platforms
                .get_mut(&id)
                .and_then(|c| c.client_secret.take())
                .filter(|s| !s.expose_str().is_empty());
            let changed = incoming.as_ref().map(Secret::expose_str)
                != self.secrets.get(&id).map(Secret::expose_str);
            if changed {
                match incoming {
                    Some(secret) => {
                        self.secrets.insert(id, secret);
                        self.new_secrets.insert(id);
                    }
                    None => {
                        self.secrets.remove(&id);
                        self.new_secrets.remove(&id);
                    }
                }
                self.dirty_secrets.insert(id);
            }
        }
        deployment.platforms.retain(|_, c| !c.is_blank());
        self.deployment = deployment;
    }

    /// Sets one field, as typed (an empty value removes it). `platform` is `None` for the
    /// deployment's own fields. An empty client secret keeps the stored one (the field shows
    /// "stored — type to replace"): removing a secret is [`Workspace::remove_secret`].
    pub fn set_field(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        value: String,
    ) -> Result<(), AppError> {
        crate::bounds::field_value(field, &value)?;
        if field == Field::ClientSecret
            && let Some(id) = platform
        {
            self.type_secret(id, Secret::new(value));
            return Ok(());
        }
        self.misplaced.remove(&(platform, field));
        let origin_before = self.admin_address();
        let mut d = self.deployment_with_secrets();
        let value = (!value.is_empty() || field == Field::ApiPublicUrl).then_some(value);
        d.set_field(platform, field, value).map_err(fix_error)?;
        self.adopt(d);
        self.sign_out_if_moved(origin_before);
        Ok(())
    }

    /// The secret field of `id` as typed: a value replaces the secret (the one held before is
    /// kept aside); an empty field brings back the secret held before typing began, or keeps
    /// the one held.
    fn type_secret(&mut self, id: PlatformId, value: Secret) {
        let incoming = if value.is_empty() {
            match self.replaced_secrets.remove(&id) {
                Some(before) => before,
                None => return,
            }
        } else {
            value
        };
        if let Some(held) = self.secrets.get(&id)
            && held.expose_str() == incoming.expose_str()
        {
            return;
        }
        if let Some(previous) = self.secrets.insert(id, incoming) {
            self.replaced_secrets.entry(id).or_insert(previous);
        }
        self.new_secrets.insert(id);
        self.dirty_secrets.insert(id);
    }

    /// [`Workspace::set_field`] for a value the admin typed or pasted, which may be a secret.
    /// A client secret goes to the secrets. A value of a field that is not secret but that
    /// looks like a client secret (one the workspace holds, or one shaped like it, by the
    /// catalog) is not taken into the deployment, so it is never written to the deployment
    /// file: it is kept in memory ([`Workspace::misplaced`]) and the checks say where it
    /// belongs (issue 13 item 7).
    pub fn set_field_checked(
        &mut self,
        catalog: &Catalog,
        platform: Option<PlatformId>,
        field: Field,
        value: Secret,
    ) -> Result<(), AppError> {
        if field == Field::ClientSecret
            && let Some(id) = platform
        {
            self.type_secret(id, value);
            return Ok(());
        }
        let held: Vec<&str> = self
            .secrets
            .values()
            .chain(self.replaced_secrets.values())
            .map(Secret::expose_str)
            .collect();
        if socialmine_core::checks::looks_like_secret(
            catalog,
            platform,
            field,
            value.expose_str(),
            &held,
        ) {
            self.misplaced.insert((platform, field), value);
            return Ok(());
        }
        self.set_field(platform, field, value.into_inner())
    }

    /// Removes the stored client secret of `platform` (the admin asked for it and confirmed).
    /// Returns whether there was one.
    pub fn remove_secret(&mut self, platform: PlatformId) -> bool {
        self.replaced_secrets.remove(&platform);
        let had = self.secrets.remove(&platform).is_some();
        if had {
            self.new_secrets.remove(&platform);
            self.dirty_secrets.insert(platform);
        }
        had
    }

    /// What says where the admin API answers: the admin URL and `API_PUBLIC_URL` as entered.
    fn admin_address(&self) -> (Option<String>, String) {
        (
            self.deployment.admin_url.clone(),
            self.deployment.api_public_url.clone(),
        )
    }

    fn sign_out_if_moved(&mut self, before: (Option<String>, String)) {
        if self.admin_address() != before {
            self.sign_out_pending = true;
        }
    }

    /// Applies a finding's one-click fix, exactly as the CLI and the checks' tests do.
    pub fn apply_fix(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        action: &FixAction,
    ) -> Result<(), AppError> {
        crate::bounds::fix(field, action)?;
        let mut d = self.deployment_with_secrets();
        let origin_before = self.admin_address();
        d.apply_fix(platform, field, action).map_err(fix_error)?;
        self.adopt(d);
        self.sign_out_if_moved(origin_before);
        Ok(())
    }

    pub fn set_progress(
        &mut self,
        platform: PlatformId,
        progress: PlatformProgress,
    ) -> Result<(), AppError> {
        crate::bounds::progress(&progress)?;
        self.progress.insert(platform, progress);
        Ok(())
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
    crate::bounds::file_text(".env file", text)?;
    let url = socialmine_core::deployment::api_public_url_from_env(text)
        .map_err(|e| AppError::new(ErrorCode::EnvImportFailed, e.to_string()))?;
    ws.deployment.api_public_url = url;
    // Importing a `.env` signs out, even when it names the same URL: it may be another server's.
    ws.sign_out_pending = true;
    Ok(())
}

fn fix_error(e: socialmine_core::deployment::FixError) -> AppError {
    AppError::new(
        ErrorCode::CannotEditField,
        format!(
            "{e}. This is a bug in the assistant; please report it, and edit the value by hand meanwhile."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_core::Date;

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap_or_else(|| panic!("valid date"))
    }

    fn ws() -> Workspace {
        Workspace::new("t", Deployment::new("https://api.acme.com"))
    }

    #[test]
    fn an_empty_secret_field_keeps_the_stored_secret_and_removing_is_explicit() {
        let mut w = ws();
        let fb = Some(PlatformId::Facebook);
        let secret = "0123456789abcdef0123456789abcdef";
        w.set_field(fb, Field::ClientSecret, secret.into()).unwrap();
        w.dirty_secrets.clear();
        // An empty field keeps what is stored.
        w.set_field(fb, Field::ClientSecret, String::new()).unwrap();
        assert_eq!(w.secrets[&PlatformId::Facebook].expose_str(), secret);
        assert!(
            w.dirty_secrets.is_empty(),
            "nothing to write to the keyring"
        );
        // One character typed into "stored — type to replace", then deleted: the stored
        // secret is back.
        w.set_field(fb, Field::ClientSecret, "x".into()).unwrap();
        assert_eq!(w.secrets[&PlatformId::Facebook].expose_str(), "x");
        w.set_field(fb, Field::ClientSecret, String::new()).unwrap();
        assert_eq!(w.secrets[&PlatformId::Facebook].expose_str(), secret);
        // Removing is its own action.
        assert!(w.remove_secret(PlatformId::Facebook));
        assert!(!w.secrets.contains_key(&PlatformId::Facebook));
        assert!(w.dirty_secrets.contains(&PlatformId::Facebook));
        assert!(!w.remove_secret(PlatformId::Facebook));
    }

    #[test]
    fn editing_where_the_admin_api_answers_signs_out() {
        let mut w = ws();
        w.set_field(None, Field::Name, "Acme".into()).unwrap();
        assert!(!w.sign_out_pending, "other fields keep the session");
        w.set_field(None, Field::AdminUrl, "https://admin.acme.com".into())
            .unwrap();
        assert!(w.sign_out_pending);

        let mut w = ws();
        w.set_field(None, Field::ApiPublicUrl, "https://api.other.com".into())
            .unwrap();
        assert!(w.sign_out_pending);

        let mut w = ws();
        import_env(&mut w, "API_PUBLIC_URL=https://api.acme.com\n").unwrap();
        assert!(w.sign_out_pending, "a .env may come from another server");
    }

    fn status(ws: &Workspace, id: PlatformId) -> CardStatusKind {
        let catalog = Catalog::built_in();
        let report = crate::checks::report(&catalog, ws, today());
        ws.statuses(&catalog, &report)[&id].kind
    }

    #[test]
    fn secrets_are_kept_apart_from_the_deployment_and_marked_new() {
        let mut w = ws();
        w.set_field(
            Some(PlatformId::Facebook),
            Field::ClientSecret,
            "0123456789abcdef0123456789abcdef".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            w.deployment
                .platforms
                .values()
                .all(|c| c.client_secret.is_none())
        );
        assert!(w.secrets.contains_key(&PlatformId::Facebook));
        assert!(w.new_secrets.contains(&PlatformId::Facebook));
        assert!(w.dirty_secrets.contains(&PlatformId::Facebook));
        // Nothing that serializes the draft can carry the secret.
        let json = serde_json::to_string(&w.deployment).unwrap_or_default();
        assert!(!json.contains("0123456789abcdef"), "{json}");
    }

    #[test]
    fn swapping_id_and_secret_moves_both_values() {
        let mut w = ws();
        let fb = Some(PlatformId::Facebook);
        let secret = "0123456789abcdef0123456789abcdef";
        w.set_field(fb, Field::ClientId, secret.into())
            .unwrap_or_else(|e| panic!("{e}"));
        w.set_field(fb, Field::ClientSecret, "1234567890123456".into())
            .unwrap_or_else(|e| panic!("{e}"));
        w.apply_fix(
            fb,
            Field::ClientId,
            &FixAction::SwapFields {
                other: Field::ClientSecret,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.deployment.platforms[&PlatformId::Facebook]
                .client_id
                .as_deref(),
            Some("1234567890123456")
        );
        assert_eq!(w.secrets[&PlatformId::Facebook].expose_str(), secret);
    }

    #[test]
    fn trimming_a_pasted_newline_fixes_the_value() {
        let mut w = ws();
        let x = Some(PlatformId::Twitter);
        w.set_field(
            x,
            Field::ClientId,
            "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ\n".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        w.apply_fix(x, Field::ClientId, &FixAction::Trim)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.deployment.platforms[&PlatformId::Twitter]
                .client_id
                .as_deref(),
            Some("cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ")
        );
    }

    #[test]
    fn clearing_every_field_forgets_the_platform() {
        let mut w = ws();
        let li = Some(PlatformId::Linkedin);
        w.set_field(li, Field::ClientId, "abc".into())
            .unwrap_or_else(|e| panic!("{e}"));
        w.set_field(li, Field::ClientId, String::new())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(w.deployment.platforms.is_empty());
        assert_eq!(status(&w, PlatformId::Linkedin), CardStatusKind::NotStarted);
    }

    #[test]
    fn statuses_follow_progress_checks_and_the_server() {
        let mut w = ws();
        let id = PlatformId::Twitter;
        assert_eq!(status(&w, id), CardStatusKind::NotStarted);

        w.set_progress(
            id,
            PlatformProgress {
                step: 1,
                ..Default::default()
            },
        )
        .unwrap();
        w.set_field(
            Some(id),
            Field::ClientId,
            "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // The secret is still missing, but the admin is mid-way: in progress, not a problem.
        assert_eq!(status(&w, id), CardStatusKind::InProgress);

        w.set_progress(
            id,
            PlatformProgress {
                step: 5,
                finished: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(status(&w, id), CardStatusKind::Problem);

        w.set_field(
            Some(id),
            Field::ClientSecret,
            "p8Wq-2Zt_0RkYhL3nX9vB7mQ1sD4fG6jK0lP5oI8uY2tR3eW4a".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status(&w, id), CardStatusKind::Ready);

        w.remote.insert(
            id,
            RemoteState {
                saved: true,
                enabled: false,
            },
        );
        assert_eq!(status(&w, id), CardStatusKind::Saved);
        w.remote.insert(
            id,
            RemoteState {
                saved: true,
                enabled: true,
            },
        );
        assert_eq!(status(&w, id), CardStatusKind::Enabled);

        // A pasted ID of the wrong kind is a problem even mid-way.
        w.set_progress(
            id,
            PlatformProgress {
                step: 1,
                ..Default::default()
            },
        )
        .unwrap();
        w.set_field(Some(id), Field::ClientId, "\"quoted\"".into())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status(&w, id), CardStatusKind::Problem);
    }
}
