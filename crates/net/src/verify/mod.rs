//! Live verification (issue 10): ask the providers themselves whether a deployment's values
//! work, and ask the public internet whether its callback answers.
//!
//! - [`verify_deployment`] runs, for every chosen platform at once, the `credentials` probe
//!   (an app token, or a deliberately bogus authorization code, through the `oauth2` crate),
//!   the `graph_version` probe (Meta platforms) and the `callback` probe, and returns a
//!   [`VerifyReport`]; [`verify_deployment_with_progress`] also reports each check as it ends.
//! - [`authorization_url`] builds the URL SocialMine sends users to, for "Try it in the browser".
//! - [`run_verify_command`] is the whole `verify FILE` command of both command lines.
//!
//! Where requests may go is decided in [`hosts`]: provider hosts are compiled in; the
//! `SOCIALMINE_SETUP_PROVIDER_OVERRIDE` variable maps them to loopback servers for tests.
//! Every request has a timeout and a cap on the answer's size; secrets arrive as
//! [`socialmine_core::Secret`] and never appear in a result, a log line or an error.

mod authorize;
mod callback;
mod command;
mod credentials;
mod graph_version;
pub mod hosts;
mod http;
mod plan;
mod reply;
mod report;
mod run;

use std::time::Duration;

pub use authorize::{AuthorizationUrl, AuthorizeError, authorization_url};
pub use command::{
    EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, VerifyArgs, VerifyFormat, VerifyOutput,
    run_verify_command,
};
pub use hosts::{OVERRIDE_ENV, PROVIDER_HOSTS, ProviderRoutes, RouteError};
pub use plan::{SecretSource, VerifyTarget};
pub use report::{
    CheckCode, CheckKind, CheckResult, CheckStatus, PlatformVerification, VerifyOutcome,
    VerifyReport,
};
pub use run::{Progress, verify_deployment, verify_deployment_with_progress, verify_targets};

/// How verification behaves. [`VerifySettings::from_env`] suits the app and the command line.
#[derive(Debug, Clone)]
pub struct VerifySettings {
    /// The longest any one request may take (connection, TLS and answer together).
    pub timeout: Duration,
    /// The largest answer body read from a provider, in bytes.
    pub max_body: usize,
    /// Provider hosts mapped to local servers (tests); empty in normal use.
    pub routes: ProviderRoutes,
    /// Extra trusted root certificates (DER) for the callback probe, beside the system's:
    /// a company's own certificate authority, or a test's.
    pub extra_roots_der: Vec<Vec<u8>>,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Use the system's proxy settings for requests that leave this computer.
    pub system_proxy: bool,
}

impl Default for VerifySettings {
    fn default() -> VerifySettings {
        VerifySettings {
            timeout: Duration::from_secs(10),
            max_body: 64 * 1024,
            routes: ProviderRoutes::none(),
            extra_roots_der: Vec::new(),
            user_agent: format!("socialmine-setup/{} (verify)", env!("CARGO_PKG_VERSION")),
            system_proxy: true,
        }
    }
}

impl VerifySettings {
    /// The defaults, with the provider routes of `SOCIALMINE_SETUP_PROVIDER_OVERRIDE`.
    pub fn from_env() -> Result<VerifySettings, RouteError> {
        Ok(VerifySettings {
            routes: ProviderRoutes::from_env()?,
            ..VerifySettings::default()
        })
    }
}
