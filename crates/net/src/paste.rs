//! The manual paste sheet: for servers without the admin API (or admins who prefer the form),
//! each field exactly as SocialMine's Configure form names it, the value to paste and the
//! order to do it in. The secret itself is never on the sheet, only where to find it.

use serde::Serialize;
use socialmine_core::{Catalog, Deployment, Field, PlatformId};
use ts_rs::TS;

use crate::findings::local_callback;

/// One field of SocialMine's Configure form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PasteField {
    pub field: Field,
    /// The label in SocialMine's form ("Client Key" on TikTok).
    pub label: String,
    /// What to paste; `null` for the secret (never on the sheet) and for fields to leave empty.
    pub value: Option<String>,
    /// Whether this is the client secret (copied only on the admin's click, from where it is kept).
    pub secret: bool,
    /// What to do with the field, in plain English.
    pub note: String,
}

/// The paste sheet of one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PasteSheet {
    pub platform: PlatformId,
    pub display_name: String,
    /// The order to do it in.
    pub steps: Vec<String>,
    pub fields: Vec<PasteField>,
}

/// Where the client secret is kept, for the sheet to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretLocation {
    /// In the deployment file (path as the admin knows it).
    File(String),
    /// In the OS keyring entry of the deployment.
    Keyring,
    /// Nowhere yet.
    Missing,
}

fn present(v: Option<&str>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty()).map(str::to_owned)
}

/// The paste sheet for `platform` of `deployment`, with the labels and steps of `catalog`, the
/// catalog in use.
pub fn paste_sheet(
    catalog: &Catalog,
    deployment: &Deployment,
    platform: PlatformId,
    secret: &SecretLocation,
) -> PasteSheet {
    let facts = catalog.platform(platform);
    let name = facts.display_name.clone();
    let cfg = deployment.platform(platform).cloned().unwrap_or_default();
    let derived = local_callback(
        catalog,
        &Deployment {
            platforms: Default::default(),
            ..deployment.clone()
        },
        platform,
    );
    let mut fields = Vec::new();
    for f in &facts.form_fields {
        let (value, note) = match f.field {
            Field::ClientId => match present(cfg.client_id.as_deref()) {
                Some(v) => (Some(v), "Paste this value.".to_owned()),
                None => (
                    None,
                    format!(
                        "Not entered yet: copy the {} from the provider's console.",
                        f.console_name
                    ),
                ),
            },
            Field::ClientSecret => (
                None,
                match secret {
                    SecretLocation::File(path) => format!(
                        "Not shown here. Copy it from {path}, [platforms.{platform}] client_secret (or from the \
                         provider's console, where it is called {}).",
                        f.console_name
                    ),
                    SecretLocation::Keyring => format!(
                        "Not shown here. Use the Copy button next to the secret in the assistant (it comes from your \
                         system keyring), or copy the {} from the provider's console.",
                        f.console_name
                    ),
                    SecretLocation::Missing => {
                        format!(
                            "Not entered yet: copy the {} from the provider's console.",
                            f.console_name
                        )
                    }
                },
            ),
            Field::AppVersion => match present(cfg.app_version.as_deref()) {
                Some(v) => (Some(v), "Paste this value.".to_owned()),
                None => (
                    None,
                    "Leave it empty: SocialMine uses its default Graph API version.".to_owned(),
                ),
            },
            Field::CallbackUrl => match present(cfg.callback_url.as_deref()) {
                Some(v) => (
                    Some(v),
                    "Paste this override (advanced: it replaces the derived callback).".to_owned(),
                ),
                None => (
                    None,
                    format!(
                        "Leave it empty. SocialMine then uses {derived}; the form's Copy button should show exactly \
                         that, and it must match the provider's console."
                    ),
                ),
            },
            Field::Scope => match present(cfg.scope.as_deref()) {
                Some(v) => (
                    Some(v),
                    "Paste this custom scope (it replaces SocialMine's default scopes).".to_owned(),
                ),
                None => (
                    None,
                    format!(
                        "Leave it empty: SocialMine requests its defaults ({}).",
                        facts.default_scopes.join(", ")
                    ),
                ),
            },
            _ => continue,
        };
        fields.push(PasteField {
            field: f.field,
            label: f.label.clone(),
            value,
            secret: f.field == Field::ClientSecret,
            note,
        });
    }
    let steps = vec![
        format!("In SocialMine, open Admin → Social Platform and click Configure on {name}."),
        "Fill in each field below exactly as shown (use Copy; do not retype).".to_owned(),
        "Click Save and wait until SocialMine confirms it.".to_owned(),
        format!("Only after the save succeeded, switch {name} On."),
    ];
    PasteSheet {
        platform,
        display_name: name,
        steps,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_core::{PlatformConfig, Secret};

    #[test]
    fn tiktok_sheet_names_the_client_key_and_hides_the_secret() {
        let mut d = Deployment::new("https://api.acme.com");
        d.platforms.insert(
            PlatformId::Tiktok,
            PlatformConfig {
                client_id: Some("aw1234567890abcd".into()),
                client_secret: Some(Secret::from("TOPSECRETVALUE")),
                ..PlatformConfig::default()
            },
        );
        let s = paste_sheet(
            &Catalog::built_in(),
            &d,
            PlatformId::Tiktok,
            &SecretLocation::File("acme.toml".into()),
        );
        let labels: Vec<_> = s.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels[0], "Client Key");
        assert!(labels.contains(&"Client Secret"));
        let text = serde_json::to_string(&s).expect("json");
        assert!(!text.contains("TOPSECRETVALUE"));
        assert!(text.contains("https://api.acme.com/api/connect/tiktok/callback"));
        assert!(s.steps[2].contains("Save") && s.steps[3].contains("On"));
    }
}
