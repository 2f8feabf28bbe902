//! Provider OAuth endpoint facts for live verification: where each provider authorizes and
//! issues tokens, how a client authenticates there, whether PKCE is required, which cheap
//! request proves a client ID and secret belong together, and what each of the provider's
//! answers to that request means.
//!
//! These are catalog data (`[[provider_endpoints]]` in `data/catalog.toml`, read through
//! [`crate::Catalog::provider_endpoints`]), each with a
//! source, so a newer catalog file can correct them without a release. Which hosts a request
//! may actually go to is not decided here: the network crate keeps a compiled-in allowlist,
//! so a catalog can describe a provider but never send a secret anywhere else.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::platform::PlatformId;

/// The placeholder in a URL that stands for the configured Graph API version (`v23.0`).
pub const VERSION_PLACEHOLDER: &str = "{version}";

/// How a provider's OAuth endpoints behave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ProviderEndpoints {
    pub platform: PlatformId,
    /// Where users are sent to consent; may contain `{version}`.
    pub authorize_url: String,
    /// The token endpoint; may contain `{version}`.
    pub token_url: String,
    /// A cheap authenticated call on the configured version whose answer names the version
    /// that really answered (Meta). Absent where there is no versioned API to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version_probe_url: Option<String>,
    /// The response header naming the version that answered (Meta: `facebook-api-version`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version_header: Option<String>,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuth,
    /// The name of the client ID parameter (`client_id`; TikTok: `client_key`).
    pub client_id_param: String,
    /// Whether the authorization request must carry a PKCE S256 challenge.
    pub pkce: PkceRule,
    /// The requests that prove the client ID and secret, tried in order until one answer is
    /// explained by `answers`.
    pub credential_probes: Vec<CredentialProbe>,
    /// What the provider's answers mean. An answer matching none is inconclusive.
    pub answers: Vec<ProbeAnswer>,
    /// The [`crate::catalog::Source`] id of these facts.
    pub source: String,
}

/// How a client authenticates at a token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClientAuth {
    /// HTTP Basic with the client ID and secret.
    Basic,
    /// The client ID and secret as form fields in the request body.
    RequestBody,
}

/// Whether a provider requires PKCE on the authorization request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PkceRule {
    Required,
    Optional,
    NotRequired,
    /// Not documented either way.
    Unknown,
}

/// A request that proves a client ID and secret without any user logging in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialProbe {
    /// `grant_type=client_credentials`: the provider issues an app token to a valid pair.
    AppToken,
    /// `grant_type=authorization_code` with a deliberately bogus code: the error tells whether
    /// the client authenticated.
    BogusCode,
}

/// What a provider's answer says about the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnswerMeaning {
    /// The client authenticated.
    CredentialsValid,
    /// The client ID is not known.
    BadClientId,
    /// The client ID is known, the secret is wrong.
    BadClientSecret,
    /// The client did not authenticate; the provider does not say which value is wrong.
    BadClient,
}

/// One known answer of a provider to a credential probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ProbeAnswer {
    /// The probe this answer belongs to.
    pub probe: CredentialProbe,
    /// The error: the OAuth `error` string (`invalid_client`) or Meta's numeric `error.code`
    /// written as a string (`"101"`).
    pub error: String,
    /// When not empty, the error's description must contain this (case-insensitive).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_contains: String,
    pub means: AnswerMeaning,
    /// Whether no official document confirms this answer (⚠ in the facts).
    #[serde(default)]
    pub unconfirmed: bool,
    /// More advice for the admin when this answer comes back (plain words), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// The [`crate::catalog::Source`] id.
    pub source: String,
}

impl ProviderEndpoints {
    /// The known answer matching a provider error, if any.
    pub fn answer(
        &self,
        probe: CredentialProbe,
        error: &str,
        description: &str,
    ) -> Option<&ProbeAnswer> {
        let description = description.to_lowercase();
        self.answers.iter().find(|a| {
            a.probe == probe
                && a.error == error
                && (a.description_contains.is_empty()
                    || description.contains(&a.description_contains.to_lowercase()))
        })
    }

    /// Checks the facts; `source_ok` tells whether a source id exists. Returns the place and
    /// the problem of the first mistake.
    pub fn problems(&self, source_ok: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
        let at = |what: &str| format!("provider_endpoints {} {what}", self.platform);
        let urls = [
            ("authorize_url", Some(&self.authorize_url)),
            ("token_url", Some(&self.token_url)),
            ("version_probe_url", self.version_probe_url.as_ref()),
        ];
        for (name, url) in urls {
            if let Some(u) = url
                && !is_https_template(u)
            {
                return Some((
                    at(name),
                    "must be an https:// address (with at most a {version} placeholder)".into(),
                ));
            }
        }
        if self.version_probe_url.is_some() != self.version_header.is_some() {
            return Some((
                at("version_header"),
                "version_probe_url and version_header go together".into(),
            ));
        }
        if self.client_id_param.is_empty()
            || !self
                .client_id_param
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
        {
            return Some((
                at("client_id_param"),
                "must be lowercase letters and _".into(),
            ));
        }
        if self.credential_probes.is_empty() {
            return Some((
                at("credential_probes"),
                "name at least one probe (app_token or bogus_code)".into(),
            ));
        }
        if !source_ok(&self.source) {
            return Some((
                at("source"),
                format!("source '{}' is not one of the [[sources]] ids", self.source),
            ));
        }
        for a in &self.answers {
            if a.error.trim().is_empty() {
                return Some((at("answers"), "an answer needs its error".into()));
            }
            if !source_ok(&a.source) {
                return Some((
                    at("answers"),
                    format!("source '{}' is not one of the [[sources]] ids", a.source),
                ));
            }
        }
        None
    }
}

fn is_https_template(u: &str) -> bool {
    let Some(rest) = u.strip_prefix("https://") else {
        return false;
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    !host.is_empty()
        && !host.contains('{')
        && !u.contains(char::is_whitespace)
        && u.replace(VERSION_PLACEHOLDER, "")
            .chars()
            .all(|c| c != '{' && c != '}')
}

/// Puts a Graph API version into a URL template. Without a version, the `/{version}` path
/// segment is left out (the provider's unversioned endpoint).
pub fn fill_version(template: &str, version: Option<&str>) -> String {
    match version.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => template.replace(VERSION_PLACEHOLDER, v),
        None => template
            .replace(&format!("/{VERSION_PLACEHOLDER}"), "")
            .replace(VERSION_PLACEHOLDER, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_fill_templates_or_drop_their_segment() {
        let t = "https://graph.facebook.com/{version}/oauth/access_token";
        assert_eq!(
            fill_version(t, Some("v23.0")),
            "https://graph.facebook.com/v23.0/oauth/access_token"
        );
        assert_eq!(
            fill_version(t, None),
            "https://graph.facebook.com/oauth/access_token"
        );
        assert_eq!(
            fill_version(t, Some("  ")),
            "https://graph.facebook.com/oauth/access_token"
        );
    }

    #[test]
    fn the_built_in_catalog_describes_every_provider() {
        let c = crate::Catalog::built_in();
        for p in PlatformId::ALL {
            let e = c.provider_endpoints(p).expect("endpoints");
            assert!(!e.credential_probes.is_empty(), "{p}");
            assert!(e.token_url.starts_with("https://"), "{p}");
        }
        let tiktok = c.provider_endpoints(PlatformId::Tiktok).expect("tiktok");
        assert_eq!(tiktok.client_id_param, "client_key");
        let x = c.provider_endpoints(PlatformId::Twitter).expect("x");
        assert_eq!(
            (x.client_auth, x.pkce),
            (ClientAuth::Basic, PkceRule::Required)
        );
        assert!(
            x.answer(
                CredentialProbe::BogusCode,
                "invalid_request",
                "Value passed for the authorization code was invalid."
            )
            .is_some_and(|a| a.means == AnswerMeaning::CredentialsValid)
        );
        assert!(
            x.answer(
                CredentialProbe::BogusCode,
                "invalid_request",
                "Missing code_verifier"
            )
            .is_none(),
            "an answer the facts do not explain is not matched"
        );
    }

    #[test]
    fn a_catalog_with_bad_endpoints_is_refused() {
        let text = include_str!("../data/catalog.toml").replace(
            "token_url = \"https://api.x.com/2/oauth2/token\"",
            "token_url = \"http://api.x.com/2/oauth2/token\"",
        );
        let e = crate::Catalog::parse(&text).expect_err("http token url");
        assert!(
            e.to_string()
                .contains("provider_endpoints twitter token_url"),
            "{e}"
        );
    }

    #[test]
    fn templates_must_be_https_with_only_the_version_placeholder() {
        assert!(is_https_template("https://a.example/{version}/x"));
        assert!(!is_https_template("http://a.example/x"));
        assert!(!is_https_template("https://{host}/x"));
        assert!(!is_https_template("https://a.example/{other}"));
        assert!(!is_https_template("https:///x"));
    }
}
