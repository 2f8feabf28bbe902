//! The deployment file: one SocialMine installation, as the GUI and the CLI share it.
//!
//! ```toml
//! name = "Acme production"
//! api_public_url = "https://api.acme.com"
//! # admin_url = "https://api.acme.com"   (optional, defaults to api_public_url)
//!
//! [platforms.facebook]
//! client_id = "1234567890123456"
//! client_secret = "..."          # optional; normally kept in the OS keyring
//! app_version = "v23.0"          # Meta platforms only
//! callback_url = ""              # SocialMine's optional override
//! scope = ""                     # SocialMine's optional custom scope string
//! console_redirect_url = "https://api.acme.com/api/connect/facebook/callback"
//! ```
//!
//! Values are kept exactly as written (no trimming), so that the checks can point out stray
//! whitespace, quotes and invisible characters. Parsing takes text and returns typed values or
//! an error naming the line and the key; reading and writing files is the caller's business.
//!
//! This module owns the model ([`Deployment`], [`PlatformConfig`]) and editing it field by
//! field; `toml_errors` turns the TOML parser's errors into plain messages, and
//! `env_import` reads `API_PUBLIC_URL` from a SocialMine `.env` text.

mod env_import;
mod toml_errors;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::finding::{Field, FixAction};
use crate::platform::PlatformId;
use crate::report::ChecklistState;
use crate::secret::Secret;

pub use env_import::{EnvImportError, api_public_url_from_env};
pub use toml_errors::DeploymentError;
use toml_errors::explain_toml_error;
/// One SocialMine installation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Deployment {
    /// A name for people ("Acme production").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    /// The deployment's `API_PUBLIC_URL`, exactly as in SocialMine's root `.env`.
    pub api_public_url: String,
    /// Where the admin API answers, when not at `api_public_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub admin_url: Option<String>,
    /// The platforms set up so far; an absent platform is simply not set up yet.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub platforms: BTreeMap<PlatformId, PlatformConfig>,
    /// Ticks and notes of the scope checklists (`[checklist.<platform>...]`); absent in files
    /// written before checklists existed.
    #[serde(default, skip_serializing_if = "ChecklistState::is_empty")]
    pub checklist: ChecklistState,
}

/// What the admin entered for one platform. Every value is optional and kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PlatformConfig {
    /// The Client ID (Meta: App ID; TikTok: Client Key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub client_id: Option<String>,
    /// The client secret, when kept in the file rather than the OS keyring. Never serialized
    /// by `Serialize` (use [`Deployment::to_toml`] with [`SecretsInFile::Include`] to write it on purpose).
    #[serde(default, skip_serializing)]
    #[ts(skip)]
    pub client_secret: Option<Secret>,
    /// The Graph API version (`v23.0`), Meta platforms only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub app_version: Option<String>,
    /// SocialMine's optional callback URL override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub callback_url: Option<String>,
    /// SocialMine's optional custom scope string (replaces the default scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub scope: Option<String>,
    /// What the admin registered as redirect URL in the provider's console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub console_redirect_url: Option<String>,
}

impl PlatformConfig {
    /// Whether nothing at all is filled in (empty strings count as not filled in).
    pub fn is_blank(&self) -> bool {
        [
            &self.client_id,
            &self.app_version,
            &self.callback_url,
            &self.scope,
            &self.console_redirect_url,
        ]
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
            && self
                .client_secret
                .as_ref()
                .is_none_or(|s| s.expose_str().trim().is_empty())
    }
}

/// Whether [`Deployment::to_toml`] writes client secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsInFile {
    /// Leave secrets out (the default: they belong in the OS keyring).
    Omit,
    /// Write them: only when the admin explicitly asked for a self-contained file.
    Include,
}

impl Deployment {
    /// A new deployment with only its `API_PUBLIC_URL`.
    pub fn new(api_public_url: impl Into<String>) -> Deployment {
        Deployment {
            api_public_url: api_public_url.into(),
            ..Deployment::default()
        }
    }

    /// Parses a deployment file's text. Unknown keys, bad TOML and wrong types are errors
    /// naming the line and the key.
    pub fn parse(text: &str) -> Result<Deployment, DeploymentError> {
        toml::from_str::<Deployment>(text).map_err(|e| explain_toml_error(text, &e))
    }

    /// Where the admin API answers: `admin_url` when set (and not blank), else `api_public_url`.
    pub fn admin_base(&self) -> &str {
        match self.admin_url.as_deref() {
            Some(a) if !a.trim().is_empty() => a,
            _ => &self.api_public_url,
        }
    }

    /// The configuration of one platform, if any was entered.
    pub fn platform(&self, id: PlatformId) -> Option<&PlatformConfig> {
        self.platforms.get(&id)
    }

    /// The file's TOML text, without secrets unless `secrets` says otherwise.
    pub fn to_toml(&self, secrets: SecretsInFile) -> String {
        let result = match secrets {
            SecretsInFile::Omit => toml::to_string(self),
            SecretsInFile::Include => toml::to_string(&WithSecrets::from(self)),
        };
        // Serializing plain strings and string maps into TOML cannot fail.
        result.unwrap_or_else(|e| panic!("deployment could not be written as TOML: {e}"))
    }

    /// The file's TOML text without secrets (the default way to save a deployment).
    pub fn to_toml_without_secrets(&self) -> String {
        self.to_toml(SecretsInFile::Omit)
    }
}

/// Why a one-click fix could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("{field} belongs to a platform; say which platform the fix is for")]
    PlatformNeeded { field: Field },
    #[error("{field} is not a field of a platform section")]
    NotAPlatformField { field: Field },
    #[error(
        "the fields {0} and {1} cannot be swapped; only a platform's client ID and client secret can"
    )]
    CannotSwap(Field, Field),
}

impl Deployment {
    /// The value of a field as typed (`None` when absent). `platform` is `None` for the
    /// deployment's own fields. The client secret is exposed: handle with care.
    pub fn field_value(
        &self,
        platform: Option<PlatformId>,
        field: Field,
    ) -> Result<Option<String>, FixError> {
        match (platform, field) {
            (_, Field::Name) => Ok(self.name.clone()),
            (_, Field::ApiPublicUrl) => Ok(Some(self.api_public_url.clone())),
            (_, Field::AdminUrl) => Ok(self.admin_url.clone()),
            (None, f) => Err(FixError::PlatformNeeded { field: f }),
            (Some(p), f) => {
                let Some(c) = self.platforms.get(&p) else {
                    return Ok(None);
                };
                Ok(match f {
                    Field::ClientId => c.client_id.clone(),
                    Field::ClientSecret => {
                        c.client_secret.as_ref().map(|s| s.expose_str().to_owned())
                    }
                    Field::AppVersion => c.app_version.clone(),
                    Field::CallbackUrl => c.callback_url.clone(),
                    Field::Scope => c.scope.clone(),
                    Field::ConsoleRedirectUrl => c.console_redirect_url.clone(),
                    other => return Err(FixError::NotAPlatformField { field: other }),
                })
            }
        }
    }

    /// Sets a field (`None` removes it; `api_public_url` becomes empty).
    pub fn set_field(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        value: Option<String>,
    ) -> Result<(), FixError> {
        match (platform, field) {
            (_, Field::Name) => self.name = value,
            (_, Field::ApiPublicUrl) => self.api_public_url = value.unwrap_or_default(),
            (_, Field::AdminUrl) => self.admin_url = value,
            (None, f) => return Err(FixError::PlatformNeeded { field: f }),
            (Some(p), f) => {
                let c = self.platforms.entry(p).or_default();
                match f {
                    Field::ClientId => c.client_id = value,
                    Field::ClientSecret => c.client_secret = value.map(Secret::from),
                    Field::AppVersion => c.app_version = value,
                    Field::CallbackUrl => c.callback_url = value,
                    Field::Scope => c.scope = value,
                    Field::ConsoleRedirectUrl => c.console_redirect_url = value,
                    other => return Err(FixError::NotAPlatformField { field: other }),
                }
            }
        }
        Ok(())
    }

    /// Applies a finding's one-click fix to the field it is about. Clearing a field removes
    /// it, so SocialMine's default applies.
    pub fn apply_fix(
        &mut self,
        platform: Option<PlatformId>,
        field: Field,
        action: &FixAction,
    ) -> Result<(), FixError> {
        if let FixAction::SwapFields { other } = action {
            let pair = [field, *other];
            if platform.is_none()
                || !(pair.contains(&Field::ClientId) && pair.contains(&Field::ClientSecret))
            {
                return Err(FixError::CannotSwap(field, *other));
            }
            let a = self.field_value(platform, field)?;
            let b = self.field_value(platform, *other)?;
            self.set_field(platform, field, b)?;
            return self.set_field(platform, *other, a);
        }
        let current = self.field_value(platform, field)?.unwrap_or_default();
        let new = action.apply(&current).unwrap_or(current);
        let new = if new.is_empty() && field != Field::ApiPublicUrl {
            None
        } else {
            Some(new)
        };
        self.set_field(platform, field, new)
    }
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) if !n.trim().is_empty() => write!(f, "{n} ({})", self.api_public_url),
            _ => f.write_str(&self.api_public_url),
        }
    }
}

#[derive(Serialize)]
struct WithSecrets<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    api_public_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin_url: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    platforms: BTreeMap<PlatformId, PlatformWithSecret<'a>>,
    #[serde(skip_serializing_if = "ChecklistState::is_empty")]
    checklist: &'a ChecklistState,
}

#[derive(Serialize)]
struct PlatformWithSecret<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    console_redirect_url: Option<&'a str>,
}

impl<'a> From<&'a Deployment> for WithSecrets<'a> {
    fn from(d: &'a Deployment) -> Self {
        WithSecrets {
            name: d.name.as_deref(),
            api_public_url: &d.api_public_url,
            admin_url: d.admin_url.as_deref(),
            platforms: d
                .platforms
                .iter()
                .map(|(id, p)| {
                    (
                        *id,
                        PlatformWithSecret {
                            client_id: p.client_id.as_deref(),
                            client_secret: p.client_secret.as_ref().map(|s| s.expose_str()),
                            app_version: p.app_version.as_deref(),
                            callback_url: p.callback_url.as_deref(),
                            scope: p.scope.as_deref(),
                            console_redirect_url: p.console_redirect_url.as_deref(),
                        },
                    )
                })
                .collect(),
            checklist: &d.checklist,
        }
    }
}
