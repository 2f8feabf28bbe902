//! The authorization URL SocialMine sends users to: the provider's consent address with the
//! client ID (TikTok: `client_key`), the callback, the scopes joined by the provider's
//! separator, a random `state`, and a PKCE S256 challenge where the provider requires one.
//! Built with the `oauth2` crate. Opening it in a browser ("Try it in the browser") shows the
//! provider's consent screen or its error about the app, the callback or the scopes.

use std::borrow::Cow;

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl};
use serde::Serialize;
use socialmine_core::catalog::Catalog;
use socialmine_core::endpoints::{PkceRule, fill_version};
use socialmine_core::{Deployment, PlatformId};
use ts_rs::TS;
use url::Url;

use super::hosts::{ProviderRoutes, RouteError};
use super::plan::{SecretSource, VerifyTarget};

/// The address to send a user to, and what it contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuthorizationUrl {
    pub platform: PlatformId,
    /// The full address, ready to open in a browser.
    pub url: String,
    /// The callback it asks the provider to return to.
    pub callback: String,
    /// The scope string it requests.
    pub scope: String,
    /// Whether it carries a PKCE S256 challenge.
    pub pkce: bool,
    /// What the admin will see and what it proves, in plain words.
    pub explanation: String,
}

/// Why no authorization URL could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeError {
    #[error("the {0} is empty: fill it in first")]
    NoClientId(String),
    #[error("API_PUBLIC_URL is empty, so there is no callback to send: fill it in first")]
    NoCallback,
    #[error("the callback '{0}' is not a valid web address: correct API_PUBLIC_URL first")]
    BadCallback(String),
    #[error("the catalog does not say where {0} asks users for consent: update the app")]
    NoEndpoints(String),
    #[error("{0}")]
    Address(#[from] RouteError),
}

/// The URL SocialMine would send a user of `platform` to. `routes` maps provider hosts to
/// local servers in tests ([`ProviderRoutes::none`] otherwise).
pub fn authorization_url(
    catalog: &Catalog,
    deployment: &Deployment,
    platform: PlatformId,
    routes: &ProviderRoutes,
) -> Result<AuthorizationUrl, AuthorizeError> {
    let target = VerifyTarget::new(catalog, deployment, platform, &SecretSource::new());
    build(&target, routes)
}

pub(crate) fn build(
    target: &VerifyTarget,
    routes: &ProviderRoutes,
) -> Result<AuthorizationUrl, AuthorizeError> {
    let endpoints = target
        .endpoints
        .as_ref()
        .ok_or_else(|| AuthorizeError::NoEndpoints(target.display_name.clone()))?;
    let client_id = target
        .client_id
        .clone()
        .ok_or_else(|| AuthorizeError::NoClientId(target.id_words.clone()))?;
    let callback = target.callback.clone().ok_or(AuthorizeError::NoCallback)?;
    let redirect = RedirectUrl::new(callback.clone())
        .map_err(|_| AuthorizeError::BadCallback(callback.clone()))?;
    let auth = fill_version(&endpoints.authorize_url, target.app_version.as_deref());
    // Refuses addresses off the allowlist before anything is built.
    routes.route(&auth)?;
    let auth_url =
        AuthUrl::new(auth.clone()).map_err(|_| RouteError::Invalid { url: auth.clone() })?;
    let client = BasicClient::new(ClientId::new(client_id))
        .set_auth_uri(auth_url)
        .set_redirect_uri(redirect);
    let mut request = client.authorize_url(CsrfToken::new_random);
    if !target.scope.is_empty() {
        request = request.add_extra_param("scope", Cow::Owned(target.scope.clone()));
    }
    let pkce = endpoints.pkce == PkceRule::Required;
    if pkce {
        // The verifier is dropped: this request is only ever looked at, never completed here.
        let (challenge, _verifier) = PkceCodeChallenge::new_random_sha256();
        request = request.set_pkce_challenge(challenge);
    }
    let (url, _state) = request.url();
    let url = rename_param(url, "client_id", &endpoints.client_id_param);
    let url = routes.route(url.as_str())?;
    let name = &target.display_name;
    Ok(AuthorizationUrl {
        platform: target.platform,
        url: url.to_string(),
        callback,
        scope: target.scope.clone(),
        pkce,
        explanation: format!(
            "This opens {name}'s sign-in and consent screen exactly as SocialMine's users will see it. If {name} shows an error instead, it names what it refuses (the app, the callback or a scope). If you approve and land on SocialMine's page afterwards, even with an error about the state or the session, {name} accepted the app, the callback and the scopes: that error only means the sign-in did not start inside SocialMine."
        ),
    })
}

fn rename_param(mut url: Url, from: &str, to: &str) -> Url {
    if from == to {
        return url;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let k = if k == from {
                to.to_owned()
            } else {
                k.into_owned()
            };
            (k, v.into_owned())
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}
