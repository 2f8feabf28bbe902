//! The local draft of a platform, and its difference from what the server holds.

use serde::Serialize;
use socialmine_core::{Catalog, Field, PlatformConfig, PlatformId, Secret};
use ts_rs::TS;

use crate::client::PlatformUpdate;
use crate::model::RemotePlatform;

/// The client secret a push may send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretInput {
    /// No secret at hand: the server keeps the one it has.
    Keep,
    /// The admin entered this secret now: it is sent.
    New(Secret),
    /// A secret kept from earlier (the deployment file or the keyring). It is sent only when the
    /// server has none, or when the server's hint (its last ≤4 characters) shows it differs.
    Known(Secret),
}

/// What the admin wants one platform to look like on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformDraft {
    pub client_id: Option<String>,
    pub secret: SecretInput,
    pub app_version: Option<String>,
    pub callback_url: Option<String>,
    pub scope: Option<String>,
}

fn non_empty(v: Option<&str>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty()).map(str::to_owned)
}

impl PlatformDraft {
    /// A draft from the deployment file's section. Empty strings mean "not set" (for
    /// `callback_url` and `scope`: use SocialMine's default). Values are otherwise sent as
    /// written: the offline checks decide whether they may be pushed.
    pub fn from_config(cfg: &PlatformConfig, secret: SecretInput) -> PlatformDraft {
        PlatformDraft {
            client_id: non_empty(cfg.client_id.as_deref()),
            secret,
            app_version: non_empty(cfg.app_version.as_deref()),
            callback_url: non_empty(cfg.callback_url.as_deref()),
            scope: non_empty(cfg.scope.as_deref()),
        }
    }

    /// A draft from the deployment file, whose secret (if any) counts as [`SecretInput::Known`].
    pub fn from_file(cfg: &PlatformConfig) -> PlatformDraft {
        let secret = match &cfg.client_secret {
            Some(s) if !s.expose_str().trim().is_empty() => SecretInput::Known(s.clone()),
            _ => SecretInput::Keep,
        };
        PlatformDraft::from_config(cfg, secret)
    }

    /// What happens to the secret if this draft is pushed onto `server`.
    pub fn secret_plan(&self, server: &RemotePlatform) -> SecretPlan {
        match &self.secret {
            SecretInput::New(_) => SecretPlan::New,
            SecretInput::Known(s) => {
                let hint = server.client_secret_hint.as_deref().unwrap_or("");
                if server.client_secret_set && !hint.is_empty() && s.expose_str().ends_with(hint) {
                    SecretPlan::Unchanged
                } else {
                    SecretPlan::New
                }
            }
            SecretInput::Keep if server.client_secret_set => SecretPlan::Unchanged,
            SecretInput::Keep => SecretPlan::NotSet,
        }
    }

    /// The fields whose values differ between the server and the draft (secret aside), with
    /// their labels on SocialMine's Configure form as `catalog` names them.
    pub fn changes(&self, catalog: &Catalog, server: &RemotePlatform) -> Vec<FieldChange> {
        let platform = server.platform_id();
        self.changed_fields(server)
            .into_iter()
            .map(|(field, s, d)| FieldChange {
                field,
                label: form_label(catalog, platform, field).to_owned(),
                server: s,
                draft: d,
            })
            .collect()
    }

    /// The fields whose values differ (secret aside): the field, the server's value and the
    /// draft's.
    fn changed_fields(
        &self,
        server: &RemotePlatform,
    ) -> Vec<(Field, Option<String>, Option<String>)> {
        let pairs = [
            (
                Field::ClientId,
                server.client_id.as_deref(),
                self.client_id.as_deref(),
            ),
            (
                Field::AppVersion,
                server.app_version.as_deref(),
                self.app_version.as_deref(),
            ),
            (
                Field::CallbackUrl,
                server.callback_url.as_deref(),
                self.callback_url.as_deref(),
            ),
            (Field::Scope, server.scope.as_deref(), self.scope.as_deref()),
        ];
        pairs
            .into_iter()
            .filter(|(_, s, d)| non_empty(*s) != non_empty(*d))
            .map(|(field, s, d)| (field, non_empty(s), non_empty(d)))
            .collect()
    }

    /// Whether only the secret (or nothing) differs from `server`.
    pub fn same_fields_as(&self, server: &RemotePlatform) -> bool {
        self.changed_fields(server).is_empty()
    }

    /// Whether pushing would change nothing on `server`.
    pub fn in_sync_with(&self, server: &RemotePlatform) -> bool {
        self.same_fields_as(server) && self.secret_plan(server) != SecretPlan::New
    }

    /// The request body for pushing onto `server` (the secret only when it is to be sent).
    pub fn update_for(&self, server: &RemotePlatform) -> PlatformUpdate {
        let client_secret = match (&self.secret, self.secret_plan(server)) {
            (SecretInput::New(s) | SecretInput::Known(s), SecretPlan::New) => Some(s.clone()),
            _ => None,
        };
        PlatformUpdate {
            client_id: self.client_id.clone().unwrap_or_default(),
            client_secret,
            app_version: self.app_version.clone(),
            callback_url: self.callback_url.clone(),
            scope: self.scope.clone(),
        }
    }

    /// The difference between `server` and this draft, for review before a push.
    pub fn diff(
        &self,
        catalog: &Catalog,
        platform: PlatformId,
        server: &RemotePlatform,
    ) -> PlatformDiff {
        let changes = self.changes(catalog, server);
        let secret = self.secret_plan(server);
        PlatformDiff {
            platform,
            in_sync: changes.is_empty() && secret != SecretPlan::New,
            changes,
            secret,
            server_secret_hint: server.client_secret_hint.clone().filter(|h| !h.is_empty()),
            server_enabled: server.enabled,
            server_revision: server.revision,
            server_effective_callback_url: server.effective_callback_url.clone(),
        }
    }
}

/// SocialMine's Configure form label of a field (TikTok's client ID is its "Client Key"), from
/// the form fields of the catalog in use.
pub fn form_label(catalog: &Catalog, platform: Option<PlatformId>, field: Field) -> &str {
    if let Some(id) = platform
        && let Some(f) = catalog
            .platform(id)
            .form_fields
            .iter()
            .find(|f| f.field == field)
    {
        return &f.label;
    }
    match field {
        Field::ClientId if platform == Some(PlatformId::Tiktok) => "Client Key",
        Field::ClientId => "Client ID",
        Field::ClientSecret => "Client Secret",
        Field::AppVersion => "App Version",
        Field::CallbackUrl => "Callback URL",
        Field::Scope => "Custom scope",
        Field::ConsoleRedirectUrl => "Redirect URL in the provider's console",
        Field::ApiPublicUrl => "API_PUBLIC_URL",
        Field::AdminUrl => "Admin URL",
        Field::Name => "Name",
    }
}

/// The admin API's JSON name of a field (`clientId`), and back.
pub fn api_field_name(field: Field) -> &'static str {
    match field {
        Field::ClientId => "clientId",
        Field::ClientSecret => "clientSecret",
        Field::AppVersion => "appVersion",
        Field::CallbackUrl => "callbackUrl",
        Field::Scope => "scope",
        Field::ConsoleRedirectUrl => "consoleRedirectUrl",
        Field::ApiPublicUrl => "apiPublicUrl",
        Field::AdminUrl => "adminUrl",
        Field::Name => "name",
    }
}

/// The field an API field name (`clientId`, also `client_id`) stands for.
pub fn field_from_api(name: &str) -> Option<Field> {
    let n = name.trim().to_ascii_lowercase().replace(['_', '-'], "");
    Some(match n.as_str() {
        "clientid" | "clientkey" => Field::ClientId,
        "clientsecret" => Field::ClientSecret,
        "appversion" => Field::AppVersion,
        "callbackurl" => Field::CallbackUrl,
        "scope" | "customscope" => Field::Scope,
        _ => return None,
    })
}

/// One field whose value differs. Never used for the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: Field,
    /// The field's name in SocialMine's Configure form.
    pub label: String,
    /// On the server (`null`: not set / SocialMine's default).
    pub server: Option<String>,
    /// In the draft (`null`: not set / SocialMine's default).
    pub draft: Option<String>,
}

/// What a push does to the client secret, without ever showing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SecretPlan {
    /// The server keeps the secret it has.
    Unchanged,
    /// A new secret is sent (replacing the server's, if it has one).
    New,
    /// The server has no secret and none is sent: the platform cannot be turned on.
    NotSet,
}

/// Server against draft for one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlatformDiff {
    pub platform: PlatformId,
    /// Nothing to send.
    pub in_sync: bool,
    pub changes: Vec<FieldChange>,
    pub secret: SecretPlan,
    /// The last ≤4 characters of the server's secret, as the server shows them.
    pub server_secret_hint: Option<String>,
    pub server_enabled: bool,
    #[ts(type = "number | null")]
    pub server_revision: Option<u64>,
    pub server_effective_callback_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> RemotePlatform {
        RemotePlatform {
            id: "facebook".into(),
            client_id: Some("111".into()),
            client_secret_set: true,
            client_secret_hint: Some("abcd".into()),
            app_version: Some("v23.0".into()),
            revision: Some(3),
            ..RemotePlatform::default()
        }
    }

    fn draft(secret: SecretInput) -> PlatformDraft {
        PlatformDraft {
            client_id: Some("111".into()),
            secret,
            app_version: Some("v23.0".into()),
            callback_url: None,
            scope: Some(String::new()).filter(|s: &String| !s.is_empty()),
        }
    }

    #[test]
    fn identical_values_are_in_sync() {
        assert!(draft(SecretInput::Keep).in_sync_with(&server()));
        assert!(draft(SecretInput::Known(Secret::from("zzzzabcd"))).in_sync_with(&server()));
        assert!(!draft(SecretInput::Known(Secret::from("zzzzabce"))).in_sync_with(&server()));
        assert!(!draft(SecretInput::New(Secret::from("zzzzabcd"))).in_sync_with(&server()));
    }

    #[test]
    fn the_secret_is_sent_only_when_new() {
        assert_eq!(
            draft(SecretInput::Keep).update_for(&server()).client_secret,
            None
        );
        assert_eq!(
            draft(SecretInput::Known(Secret::from("xxabcd")))
                .update_for(&server())
                .client_secret,
            None
        );
        let u = draft(SecretInput::Known(Secret::from("other"))).update_for(&server());
        assert_eq!(
            u.client_secret
                .map(|s| s.expose_str().to_owned())
                .as_deref(),
            Some("other")
        );
        let no_secret = RemotePlatform {
            client_secret_set: false,
            client_secret_hint: None,
            ..server()
        };
        assert_eq!(
            draft(SecretInput::Keep).secret_plan(&no_secret),
            SecretPlan::NotSet
        );
    }

    #[test]
    fn changes_name_fields_and_treat_empty_as_unset() {
        let mut d = draft(SecretInput::Keep);
        d.client_id = Some("222".into());
        d.scope = Some("email".into());
        let mut s = server();
        s.callback_url = Some(String::new());
        let c = d.changes(&Catalog::built_in(), &s);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(
            (c[0].field, c[0].server.as_deref(), c[0].draft.as_deref()),
            (Field::ClientId, Some("111"), Some("222"))
        );
        assert_eq!(c[1].field, Field::Scope);
        let tiktok = RemotePlatform {
            id: "tiktok".into(),
            ..s
        };
        assert_eq!(
            d.changes(&Catalog::built_in(), &tiktok)[0].label,
            "Client Key"
        );
    }

    #[test]
    fn api_field_names_map_back() {
        for f in [
            Field::ClientId,
            Field::ClientSecret,
            Field::AppVersion,
            Field::CallbackUrl,
            Field::Scope,
        ] {
            assert_eq!(field_from_api(api_field_name(f)), Some(f));
            assert_eq!(field_from_api(f.as_str()), Some(f));
        }
        assert_eq!(field_from_api("enabled"), None);
    }
}
