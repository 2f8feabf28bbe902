//! `socialmine-setup verify FILE [--platform P]... [--format text|json]`
//!
//! Live verification (issue 10): asks the providers whether each platform's client ID and
//! secret authenticate and whether Meta's Graph API version still exists, and asks the public
//! internet whether the callback answers. Client secrets come from FILE or, for a deployment
//! the app knows, from the OS keyring (read only, waiting a few seconds at most). Exit status 0
//! when nothing was rejected, 1 when something was, 2 when the file cannot be read (or
//! `SOCIALMINE_SETUP_PROVIDER_OVERRIDE` is not usable).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use socialmine_app::known::{CLI_KEYRING_WAIT, KnownDeployment};
use socialmine_core::{ErrorCode, PlatformId};
use socialmine_net::verify::{self, SecretSource, VerifyFormat, VerifySettings, verify_parsed};

use crate::exit::Exit;
use crate::input::{load_catalog, read_deployment_file};

/// The arguments of `socialmine-setup verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The deployment file (TOML) to verify.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Verify only this platform (repeat for more; default: every platform FILE sets up).
    #[arg(long = "platform", value_name = "P")]
    pub platforms: Vec<PlatformId>,
    /// How to print the result: `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// A provider catalog file to use instead of the built-in one when it is newer.
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
}

/// Output format of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// Runs `verify`.
pub fn run(args: VerifyArgs) -> ExitCode {
    let format = match args.format {
        OutputFormat::Text => VerifyFormat::Text,
        OutputFormat::Json => VerifyFormat::Json,
    };
    let shown = args.file.display().to_string();
    let file = match read_deployment_file(&args.file) {
        Ok(f) => f,
        Err(e) => return unreadable(format, &shown, e.code, &e.message),
    };
    let catalog = match load_catalog("socialmine-setup verify", args.catalog.as_deref()) {
        Ok(c) => c.catalog,
        Err(e) => return unreadable(format, &shown, e.code, &e.message),
    };
    let settings = VerifySettings::from_env();
    // The keyring is read only when the run can happen at all.
    let secrets = match &settings {
        Ok(_) => keyring_secrets(&file.path, &file.deployment),
        Err(_) => SecretSource::new(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("socialmine-setup verify: could not start: {e}");
            return Exit::Unusable.into();
        }
    };
    let net_args = verify::VerifyArgs {
        file_name: shown,
        platforms: args.platforms,
        format,
    };
    let out = runtime.block_on(verify_parsed(
        &net_args,
        &file.deployment,
        &catalog,
        &secrets,
        settings,
    ));
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    ExitCode::from(out.exit_code)
}

fn unreadable(format: VerifyFormat, file: &str, code: ErrorCode, message: &str) -> ExitCode {
    eprintln!("socialmine-setup verify: {file}: {message}");
    if format == VerifyFormat::Json {
        let body =
            serde_json::json!({ "error": { "code": code, "message": message, "file": file } });
        println!("{body}");
    }
    Exit::Unusable.into()
}

/// The client secrets the app keeps in the OS keyring for the deployment this file stands
/// for; none when there is no such deployment or the keyring does not answer in time.
fn keyring_secrets(
    file: &std::path::Path,
    deployment: &socialmine_core::Deployment,
) -> SecretSource {
    let Some(known) = KnownDeployment::find(file, deployment) else {
        return SecretSource::new();
    };
    match known.client_secrets(CLI_KEYRING_WAIT) {
        Ok(s) => s,
        Err(why) => {
            tracing::warn!(
                "the client secrets kept for {} could not be read: {why}",
                known.id
            );
            SecretSource::new()
        }
    }
}
