//! The bookkeeping of each deployment (`<id>.state.toml`): when its draft was saved, what was
//! pushed and when, what the server held when last read, and the last verification. The fleet
//! view is built from it.

use std::fs;
use std::io;
use std::path::PathBuf;

use socialmine_core::{Deployment, PlatformConfig, PlatformId};

use super::files::STATE_EXT;
use super::{SetAsideFile, Store, now};
use crate::atomic::write_atomic;
use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::state::{
    DeploymentState, ServerReading, Verification, VerificationOutcome, platform_fingerprint,
};

impl Store {
    // ---- bookkeeping for the fleet view -----------------------------------------------------

    /// The bookkeeping of a deployment (default when it has none yet).
    pub fn state(&self, id: &DeploymentId) -> Result<DeploymentState, StoreError> {
        let _guard = self.lock();
        self.ensure_exists(id)?;
        Ok(self.read_state_reporting(id))
    }

    /// Records that `platforms` were pushed to the server now, as they are in the saved draft.
    pub fn record_push(
        &self,
        id: &DeploymentId,
        platforms: &[PlatformId],
    ) -> Result<(), StoreError> {
        self.update_state(id, |d, state| {
            let at = now();
            state.last_pushed_at = Some(at);
            for p in platforms {
                let fp = platform_fingerprint(&d.platforms.get(p).cloned().unwrap_or_default());
                let ps = state.platforms.entry(*p).or_default();
                ps.pushed_at = Some(at);
                ps.pushed_fingerprint = Some(fp);
                ps.secret_changed_since_push = false;
            }
        })
    }

    /// Records what the server holds for a platform (its values without the secret).
    pub fn record_server_reading(
        &self,
        id: &DeploymentId,
        platform: PlatformId,
        revision: Option<u64>,
        saved: bool,
        enabled: bool,
        values: &PlatformConfig,
    ) -> Result<(), StoreError> {
        let reading = ServerReading {
            read_at: now(),
            revision,
            saved,
            enabled,
            fingerprint: platform_fingerprint(values),
        };
        self.update_state(id, |_, state| {
            state.platforms.entry(platform).or_default().server = Some(reading);
        })
    }

    /// Records the result of a verification. `summary` is shown in the fleet view; it must not
    /// contain a secret.
    pub fn record_verification(
        &self,
        id: &DeploymentId,
        platform: PlatformId,
        outcome: VerificationOutcome,
        summary: &str,
    ) -> Result<(), StoreError> {
        self.record_verification_checks(id, platform, outcome, summary, Vec::new())
    }

    /// [`Store::record_verification`] with each check's result (which holds no secret).
    pub fn record_verification_checks(
        &self,
        id: &DeploymentId,
        platform: PlatformId,
        outcome: VerificationOutcome,
        summary: &str,
        checks: Vec<socialmine_net::verify::CheckResult>,
    ) -> Result<(), StoreError> {
        let v = Verification {
            at: now(),
            outcome,
            summary: summary.to_owned(),
            checks,
        };
        self.update_state(id, |_, state| {
            state
                .platforms
                .entry(platform)
                .or_default()
                .last_verification = Some(v);
        })
    }

    fn update_state(
        &self,
        id: &DeploymentId,
        f: impl FnOnce(&Deployment, &mut DeploymentState),
    ) -> Result<(), StoreError> {
        let _guard = self.lock();
        let d = self.read_deployment_or_set_aside(id)?;
        let mut state = self.read_state_reporting(id);
        f(&d, &mut state);
        self.write_state(id, &state)
    }

    // ---- internals (callers hold the write lock) --------------------------------------------

    pub(super) fn state_path(&self, id: &DeploymentId) -> PathBuf {
        self.dirs.deployments_dir().join(format!("{id}{STATE_EXT}"))
    }

    /// The state side file, or the default; a corrupt one is set aside and reported by the
    /// next [`Store::list`].
    pub(super) fn read_state_reporting(&self, id: &DeploymentId) -> DeploymentState {
        self.read_state(id).unwrap_or_else(|f| {
            self.unreported
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(f);
            DeploymentState::default()
        })
    }

    /// The state side file; a corrupt one is set aside and reported.
    pub(super) fn read_state(&self, id: &DeploymentId) -> Result<DeploymentState, SetAsideFile> {
        let path = self.state_path(id);
        let problem = match fs::read(&path) {
            Err(_) => return Ok(DeploymentState::default()),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "the file is not UTF-8 text (it may be damaged)".to_owned(),
                Ok(text) => match toml::from_str::<DeploymentState>(&text) {
                    Ok(s) => return Ok(s),
                    Err(e) => format!(
                        "the bookkeeping file is not valid ({}); the deployment itself is fine, only \
                         its push and verification history was reset",
                        e.message()
                    ),
                },
            },
        };
        match self.set_aside(&path, &problem) {
            Ok(f) => Err(f),
            Err(_) => Ok(DeploymentState::default()),
        }
    }

    pub(super) fn write_state(
        &self,
        id: &DeploymentId,
        s: &DeploymentState,
    ) -> Result<(), StoreError> {
        let path = self.state_path(id);
        let text = toml::to_string(s).map_err(|e| {
            StoreError::io(
                "save the deployment's bookkeeping",
                &path,
                io::Error::other(e.to_string()),
            )
        })?;
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the deployment's bookkeeping", path, e))
    }

    pub(crate) fn write_fresh_state(&self, id: &DeploymentId) -> Result<(), StoreError> {
        self.write_state(
            id,
            &DeploymentState {
                draft_saved_at: Some(now()),
                ..DeploymentState::default()
            },
        )
    }
}
