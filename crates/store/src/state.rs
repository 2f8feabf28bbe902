//! What the fleet view needs besides the deployment file itself, kept in a side file
//! `<id>.state.toml`: when the draft was saved and pushed, what the server answered, the last
//! verification of each platform. Never a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use socialmine_core::{PlatformConfig, PlatformId};
use time::OffsetDateTime;
use ts_rs::TS;

/// The non-secret bookkeeping of one deployment. Times are moments ([`crate::timestamp`]),
/// stored as RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DeploymentState {
    /// When the deployment file (the draft) was last saved.
    #[serde(default, with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub draft_saved_at: Option<OffsetDateTime>,
    /// When the deployment was last pushed to its server (any platform).
    #[serde(default, with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub last_pushed_at: Option<OffsetDateTime>,
    /// Per platform; a platform never pushed, read or verified is absent.
    pub platforms: BTreeMap<PlatformId, PlatformState>,
}

/// The non-secret bookkeeping of one platform of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct PlatformState {
    /// When this platform was last pushed.
    #[serde(default, with = "crate::timestamp::rfc3339::option")]
    #[ts(type = "string | null")]
    pub pushed_at: Option<OffsetDateTime>,
    /// [`platform_fingerprint`] of the platform's draft as last pushed.
    pub pushed_fingerprint: Option<String>,
    /// The client secret was changed after the last push (so the draft is not fully pushed).
    pub secret_changed_since_push: bool,
    /// What the server said when last read.
    pub server: Option<ServerReading>,
    /// The last verification run on this platform.
    pub last_verification: Option<Verification>,
}

/// One reading of a platform on the SocialMine server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServerReading {
    #[serde(with = "crate::timestamp::rfc3339")]
    #[ts(type = "string")]
    pub read_at: OffsetDateTime,
    /// The platform's `revision` on the server.
    #[ts(type = "number | null")]
    pub revision: Option<u64>,
    /// Whether the server has credentials saved for it.
    pub saved: bool,
    /// Whether it is switched on.
    pub enabled: bool,
    /// [`platform_fingerprint`] of the server's values (no secret), to spot drift from the draft.
    pub fingerprint: String,
}

/// The result of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Verification {
    #[serde(with = "crate::timestamp::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    pub outcome: VerificationOutcome,
    /// One line for the fleet view. Must not contain a secret.
    pub summary: String,
    /// Each check's result in plain words with its fix (never a secret: the probes scrub what
    /// providers send back); empty for verifications recorded before checks were kept.
    #[serde(default)]
    pub checks: Vec<socialmine_net::verify::CheckResult>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VerificationOutcome {
    Passed,
    Warnings,
    Failed,
}

/// A fingerprint of a platform's non-secret values (client id, app version, callback URL,
/// scope; the console redirect URL is the admin's note, not pushed, and not included), so
/// the draft, what was pushed and what the server holds can be compared without keeping
/// copies. Blank and absent values count the same, since the server does not tell them apart.
/// The client secret is never part of it.
pub fn platform_fingerprint(config: &PlatformConfig) -> String {
    let norm = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).unwrap_or_default();
    let mut h = Sha256::new();
    for (k, v) in [
        ("client_id", norm(&config.client_id)),
        ("app_version", norm(&config.app_version)),
        ("callback_url", norm(&config.callback_url)),
        ("scope", norm(&config.scope)),
    ] {
        h.update(k.as_bytes());
        h.update([0]);
        h.update((v.len() as u64).to_le_bytes());
        h.update(v.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_core::Secret;

    fn t(s: &str) -> OffsetDateTime {
        crate::timestamp::parse(s).expect("time")
    }

    #[test]
    fn fingerprint_ignores_secret_and_note_but_not_values() {
        let a = PlatformConfig {
            client_id: Some("123".into()),
            client_secret: Some(Secret::from("s1")),
            console_redirect_url: Some("https://x".into()),
            ..PlatformConfig::default()
        };
        let mut b = a.clone();
        b.client_secret = Some(Secret::from("s2"));
        b.console_redirect_url = None;
        b.scope = Some(String::new());
        assert_eq!(platform_fingerprint(&a), platform_fingerprint(&b));
        b.client_id = Some("124".into());
        assert_ne!(platform_fingerprint(&a), platform_fingerprint(&b));
        // Values do not run into each other.
        let c = PlatformConfig {
            client_id: Some("ab".into()),
            ..PlatformConfig::default()
        };
        let d = PlatformConfig {
            client_id: Some("a".into()),
            app_version: Some("b".into()),
            ..PlatformConfig::default()
        };
        assert_ne!(platform_fingerprint(&c), platform_fingerprint(&d));
    }

    #[test]
    fn state_round_trips_through_toml_and_tolerates_missing_keys() {
        let mut s = DeploymentState {
            draft_saved_at: Some(t("2026-11-28T12:00:00Z")),
            ..DeploymentState::default()
        };
        s.platforms.insert(
            PlatformId::Facebook,
            PlatformState {
                pushed_at: Some(t("2026-11-28T12:01:00Z")),
                server: Some(ServerReading {
                    read_at: t("2026-11-28T12:02:00Z"),
                    revision: Some(7),
                    saved: true,
                    enabled: false,
                    fingerprint: "ab".into(),
                }),
                last_verification: Some(Verification {
                    at: t("2026-11-28T12:03:00Z"),
                    outcome: VerificationOutcome::Failed,
                    summary: "redirect URL mismatch".into(),
                    checks: Vec::new(),
                }),
                ..PlatformState::default()
            },
        );
        let text = toml::to_string(&s).expect("toml");
        assert_eq!(toml::from_str::<DeploymentState>(&text).expect("back"), s);
        assert_eq!(
            toml::from_str::<DeploymentState>("").expect("empty"),
            DeploymentState::default()
        );
    }
}
