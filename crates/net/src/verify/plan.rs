//! What one platform's verification works with: the values SocialMine will use (client ID,
//! secret, app version, the effective callback, the scope string), the provider's endpoint
//! facts from the catalog, and the names the admin knows the values by.

use std::collections::BTreeMap;

use socialmine_core::catalog::Catalog;
use socialmine_core::checks::{FieldContext, clean_value, effective_callback};
use socialmine_core::endpoints::ProviderEndpoints;
use socialmine_core::{Deployment, Field, PlatformId, Secret};

/// Where client secrets come from, besides the deployment file itself.
pub type SecretSource = BTreeMap<PlatformId, Secret>;

/// One platform, ready to verify.
#[derive(Debug, Clone)]
pub struct VerifyTarget {
    pub platform: PlatformId,
    /// "Facebook", "X (Twitter)"…
    pub display_name: String,
    /// The client ID as written (TikTok: the Client Key); `None` when empty.
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    /// The Graph API version (Meta platforms).
    pub app_version: Option<String>,
    /// The callback SocialMine sends: the override, else derived from API_PUBLIC_URL.
    pub callback: Option<String>,
    /// The scope string SocialMine sends: the override, else the defaults joined by the
    /// provider's separator.
    pub scope: String,
    pub endpoints: Option<ProviderEndpoints>,
    /// How the admin knows the client ID ("Client ID (App ID in the provider's console)").
    pub id_words: String,
    pub secret_words: String,
    /// Where to find each value, in plain words.
    pub id_help: String,
    pub secret_help: String,
    /// The newest Graph API version the catalog knows.
    pub newest_version: String,
}

fn non_empty(v: Option<&str>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty()).map(str::to_owned)
}

impl VerifyTarget {
    /// The target of `platform` in `deployment`. The secret comes from `secrets` when given
    /// there, else from the deployment file.
    pub fn new(
        catalog: &Catalog,
        deployment: &Deployment,
        platform: PlatformId,
        secrets: &SecretSource,
    ) -> VerifyTarget {
        let facts = catalog.platform(platform);
        let cfg = deployment.platform(platform).cloned().unwrap_or_default();
        let label = |field: Field, fallback: &str| -> (String, String) {
            match facts.form_fields.iter().find(|f| f.field == field) {
                Some(f) if f.label == f.console_name => (f.label.clone(), f.help.clone()),
                Some(f) => (
                    format!(
                        "{} (called {} in {}'s console)",
                        f.label, f.console_name, facts.display_name
                    ),
                    f.help.clone(),
                ),
                None => (fallback.to_owned(), String::new()),
            }
        };
        let (id_words, id_help) = label(Field::ClientId, "Client ID");
        let (secret_words, secret_help) = label(Field::ClientSecret, "Client Secret");
        let callback = {
            let ctx = FieldContext::of(deployment, platform);
            effective_callback(catalog, platform, &ctx)
        };
        let scope = match non_empty(cfg.scope.as_deref()) {
            Some(s) => clean_value(&s),
            None => facts.default_scopes.join(facts.scope_separator.as_str()),
        };
        let client_secret = secrets
            .get(&platform)
            .cloned()
            .or(cfg.client_secret.clone())
            .filter(|s| !s.expose_str().trim().is_empty());
        VerifyTarget {
            platform,
            display_name: facts.display_name.clone(),
            client_id: non_empty(cfg.client_id.as_deref()),
            client_secret,
            app_version: non_empty(cfg.app_version.as_deref()).map(|v| clean_value(&v)),
            callback,
            scope,
            endpoints: endpoints_of(catalog, platform),
            id_words,
            secret_words,
            id_help,
            secret_help,
            newest_version: catalog.newest_graph_version().version.clone(),
        }
    }

    /// The secret as the value to scrub from anything a server sends back.
    pub(crate) fn secrets_to_scrub(&self) -> Vec<&str> {
        self.client_secret.iter().map(|s| s.expose_str()).collect()
    }
}

/// The endpoint facts of a platform: the catalog's, else the built-in ones.
pub(crate) fn endpoints_of(catalog: &Catalog, platform: PlatformId) -> Option<ProviderEndpoints> {
    catalog.provider_endpoints(platform).cloned()
}
