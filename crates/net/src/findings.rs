//! Comparing what the server says with the local deployment: its `apiPublicUrl`, and each
//! platform's `effectiveCallbackUrl` against the callback derived locally and the redirect URL
//! registered in the provider's console.

use serde::Serialize;
use socialmine_core::{Catalog, Deployment, Field, PlatformId, Severity};
use ts_rs::TS;

use crate::model::{RemotePlatform, SystemInfo};

/// The stable code of a server finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServerFindingCode {
    /// The server's `apiPublicUrl` differs from the deployment's `API_PUBLIC_URL`.
    ApiPublicUrlMismatch,
    /// The server will send a different callback than the one derived locally.
    CallbackMismatch,
    /// The server will send a callback the provider's console does not have.
    ConsoleRedirectMismatch,
    /// The server does not list this platform.
    PlatformNotOnServer,
    /// `system/info` does not say it is SocialMine.
    NotSocialmine,
}

/// One difference between the server and the local deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ServerFinding {
    /// `None`: about the deployment as a whole.
    pub platform: Option<PlatformId>,
    pub field: Field,
    pub severity: Severity,
    pub code: ServerFindingCode,
    pub message: String,
    pub fix: String,
    /// What the server has.
    pub server: Option<String>,
    /// What this computer has.
    pub local: Option<String>,
}

/// The callback the deployment expects for a platform: its override when one is set, else
/// `{API_PUBLIC_URL}/api/connect/{segment}/callback` with `API_PUBLIC_URL` exactly as written
/// and the segment from `catalog`, the catalog in use.
pub fn local_callback(catalog: &Catalog, deployment: &Deployment, platform: PlatformId) -> String {
    if let Some(o) = deployment
        .platform(platform)
        .and_then(|p| p.callback_url.as_deref())
        .filter(|s| !s.trim().is_empty())
    {
        return o.to_owned();
    }
    format!(
        "{}/api/connect/{}/callback",
        deployment.api_public_url,
        catalog.platform(platform).callback_segment
    )
}

/// Compares the server's view with the deployment. `platforms` are the server's platforms;
/// only the platforms the deployment sets up are compared.
pub fn compare_with_server(
    catalog: &Catalog,
    deployment: &Deployment,
    info: &SystemInfo,
    platforms: &[RemotePlatform],
) -> Vec<ServerFinding> {
    let mut out = Vec::new();
    if let Some(product) = info.product.as_deref()
        && !product.eq_ignore_ascii_case("socialmine")
    {
        out.push(ServerFinding {
            platform: None,
            field: Field::AdminUrl,
            severity: Severity::Warning,
            code: ServerFindingCode::NotSocialmine,
            message: format!("The server calls itself '{product}', not SocialMine."),
            fix: "Check that the admin URL points at your SocialMine API.".into(),
            server: Some(product.to_owned()),
            local: None,
        });
    }
    if let Some(server_url) = info.api_public_url.as_deref()
        && server_url != deployment.api_public_url
    {
        let only_slash =
            server_url.trim_end_matches('/') == deployment.api_public_url.trim_end_matches('/');
        out.push(ServerFinding {
            platform: None,
            field: Field::ApiPublicUrl,
            severity: Severity::Error,
            code: ServerFindingCode::ApiPublicUrlMismatch,
            message: format!(
                "The server derives its callback URLs from API_PUBLIC_URL = {server_url}, but this deployment says {}{}. \
                 Providers compare callbacks character for character, so the callbacks registered from one will not \
                 match the other.",
                deployment.api_public_url,
                if only_slash { " (they differ only by a trailing slash)" } else { "" }
            ),
            fix: "Make them the same: either correct API_PUBLIC_URL in SocialMine's root .env and restart it, or \
                  correct the deployment's API_PUBLIC_URL here, then re-register the callback URLs."
                .into(),
            server: Some(server_url.to_owned()),
            local: Some(deployment.api_public_url.clone()),
        });
    }
    for (&id, cfg) in &deployment.platforms {
        if cfg.is_blank() {
            continue;
        }
        let name = &catalog.platform(id).display_name;
        let Some(remote) = platforms.iter().find(|p| p.platform_id() == Some(id)) else {
            let listed =
                info.platforms.is_empty() || info.platforms.iter().any(|p| p == id.as_str());
            if !listed || !platforms.is_empty() {
                out.push(ServerFinding {
                    platform: Some(id),
                    field: Field::ClientId,
                    severity: Severity::Error,
                    code: ServerFindingCode::PlatformNotOnServer,
                    message: format!("The server does not offer {name} ({id})."),
                    fix: "Update SocialMine to a version that supports it, or leave this platform out.".into(),
                    server: None,
                    local: None,
                });
            }
            continue;
        };
        let Some(effective) = remote.effective_callback_url.as_deref() else {
            continue;
        };
        let local = local_callback(catalog, deployment, id);
        if effective != local {
            out.push(ServerFinding {
                platform: Some(id),
                field: Field::CallbackUrl,
                severity: Severity::Error,
                code: ServerFindingCode::CallbackMismatch,
                message: format!("For {name} the server will send the callback {effective}, but this deployment expects {local}."),
                fix: "Check API_PUBLIC_URL on both sides and the Callback URL override on the server; after a push the \
                      override is the deployment's."
                    .into(),
                server: Some(effective.to_owned()),
                local: Some(local),
            });
        }
        if let Some(console) = cfg
            .console_redirect_url
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            && console != effective
        {
            out.push(ServerFinding {
                platform: Some(id),
                field: Field::ConsoleRedirectUrl,
                severity: Severity::Error,
                code: ServerFindingCode::ConsoleRedirectMismatch,
                message: format!(
                    "For {name} the server will send the callback {effective}, but the provider's console has {console}. \
                     The provider will refuse the connection with a redirect mismatch."
                ),
                fix: format!("Register exactly {effective} in the provider's console (or correct the server's callback)."),
                server: Some(effective.to_owned()),
                local: Some(console.to_owned()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialmine_core::PlatformConfig;

    fn deployment() -> Deployment {
        let mut d = Deployment::new("https://api.acme.com");
        d.platforms.insert(
            PlatformId::Twitter,
            PlatformConfig {
                client_id: Some("abc".into()),
                console_redirect_url: Some("https://api.acme.com/api/connect/x/callback".into()),
                ..PlatformConfig::default()
            },
        );
        d
    }

    fn remote(effective: &str) -> RemotePlatform {
        RemotePlatform {
            id: "twitter".into(),
            effective_callback_url: Some(effective.into()),
            ..RemotePlatform::default()
        }
    }

    #[test]
    fn matching_server_gives_only_the_console_finding() {
        let info = SystemInfo {
            product: Some("SocialMine".into()),
            api_public_url: Some("https://api.acme.com".into()),
            ..SystemInfo::default()
        };
        let f = compare_with_server(
            &Catalog::built_in(),
            &deployment(),
            &info,
            &[remote("https://api.acme.com/api/connect/twitter/callback")],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, ServerFindingCode::ConsoleRedirectMismatch);
    }

    #[test]
    fn a_different_public_url_and_callback_are_reported() {
        let mut d = deployment();
        if let Some(p) = d.platforms.get_mut(&PlatformId::Twitter) {
            p.console_redirect_url = None;
        }
        let info = SystemInfo {
            api_public_url: Some("http://localhost:4000".into()),
            ..SystemInfo::default()
        };
        let f = compare_with_server(
            &Catalog::built_in(),
            &d,
            &info,
            &[remote("http://localhost:4000/api/connect/twitter/callback")],
        );
        let codes: Vec<_> = f.iter().map(|x| x.code).collect();
        assert_eq!(
            codes,
            [
                ServerFindingCode::ApiPublicUrlMismatch,
                ServerFindingCode::CallbackMismatch
            ]
        );
        assert_eq!(
            f[1].local.as_deref(),
            Some("https://api.acme.com/api/connect/twitter/callback")
        );
    }
}
