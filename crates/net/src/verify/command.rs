//! The whole `verify FILE [--platform P]... [--format text|json]` command, for both command
//! lines: the caller reads the file and hands over its bytes, a way to find secrets kept in the
//! keyring, and the settings; it gets back what to print and the exit code
//! (0 nothing rejected, 1 something rejected, 2 the file cannot be read or the settings are bad).

use socialmine_core::catalog::Catalog;
use socialmine_core::{Deployment, ErrorCode, PlatformId};

use super::authorize;
use super::hosts::RouteError;
use super::plan::{SecretSource, VerifyTarget};
use super::run::verify_deployment;
use super::{CheckStatus, VerifySettings};

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerifyFormat {
    #[default]
    Text,
    Json,
}

/// The command's arguments, once parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyArgs {
    /// The file as the user named it (for messages).
    pub file_name: String,
    /// `--platform`; empty: every platform the file sets up.
    pub platforms: Vec<PlatformId>,
    pub format: VerifyFormat,
}

/// What to print, and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: u8,
}

/// Exit code: nothing rejected.
pub const EXIT_OK: u8 = 0;
/// Exit code: something rejected.
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: the file cannot be read (or the override variable is invalid).
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs the command. `file` is the result of reading the file; `keyring` returns the secrets
/// the app keeps for the deployment this file stands for (an empty map when there are none).
pub async fn run_verify_command(
    args: &VerifyArgs,
    file: std::io::Result<Vec<u8>>,
    catalog: &Catalog,
    keyring: impl FnOnce(&Deployment) -> SecretSource,
    settings: Result<VerifySettings, RouteError>,
) -> VerifyOutput {
    let text = match file {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return unreadable(
                    args,
                    ErrorCode::NotUtf8,
                    "the file is not UTF-8 text. Save it as UTF-8 (any text editor can) and try again.".into(),
                );
            }
        },
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "there is no such file. Check the path".to_owned(),
                std::io::ErrorKind::PermissionDenied => {
                    "you do not have permission to read it".to_owned()
                }
                _ => format!("it could not be read ({e})"),
            };
            return unreadable(args, ErrorCode::FileUnreadable, format!("{why}."));
        }
    };
    let deployment = match Deployment::parse(&text) {
        Ok(d) => d,
        Err(e) => return unreadable(args, ErrorCode::FileInvalid, e.to_string()),
    };
    // A bad override is refused before the keyring is read.
    let settings = match settings {
        Ok(s) => s,
        Err(e) => return unreadable(args, ErrorCode::BadOverride, format!("{e}.")),
    };
    let secrets = keyring(&deployment);
    verify_parsed(args, &deployment, catalog, &secrets, Ok(settings)).await
}

/// The command for a file already read and parsed (a command line with its own file reading):
/// verifies and renders. `secrets` are the client secrets kept outside the file.
pub async fn verify_parsed(
    args: &VerifyArgs,
    deployment: &Deployment,
    catalog: &Catalog,
    secrets: &SecretSource,
    settings: Result<VerifySettings, RouteError>,
) -> VerifyOutput {
    let name = &args.file_name;
    let settings = match settings {
        Ok(s) => s,
        Err(e) => return unreadable(args, ErrorCode::BadOverride, format!("{e}.")),
    };
    let report = verify_deployment(catalog, deployment, secrets, &args.platforms, &settings).await;
    let stdout = match args.format {
        VerifyFormat::Json => format!("{}\n", report.to_json()),
        VerifyFormat::Text => {
            let mut out = format!("Verifying {name} with the providers themselves.\n\n");
            out.push_str(&report.to_text());
            for (platform, v) in &report.platforms {
                let creds_ok = v.checks.iter().any(|c| {
                    c.check == super::CheckKind::Credentials && c.status == CheckStatus::Verified
                });
                if !creds_ok {
                    continue;
                }
                let target = VerifyTarget::new(catalog, deployment, *platform, secrets);
                if let Ok(a) = authorize::build(&target, &settings.routes) {
                    out.push_str(&format!(
                        "\nTry {platform} in the browser (the consent page SocialMine's users see):\n  {}\n",
                        a.url
                    ));
                }
            }
            out
        }
    };
    VerifyOutput {
        stdout,
        stderr: String::new(),
        exit_code: if report.any_rejected() {
            EXIT_REJECTED
        } else {
            EXIT_OK
        },
    }
}

fn unreadable(args: &VerifyArgs, code: ErrorCode, message: String) -> VerifyOutput {
    let stdout = match args.format {
        VerifyFormat::Json => format!(
            "{}\n",
            serde_json::json!({ "error": { "code": code, "message": message, "file": args.file_name } })
        ),
        VerifyFormat::Text => String::new(),
    };
    VerifyOutput {
        stdout,
        stderr: format!("socialmine-setup verify: {}: {message}\n", args.file_name),
        exit_code: EXIT_UNREADABLE,
    }
}
