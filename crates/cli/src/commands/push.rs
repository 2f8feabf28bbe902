//! `socialmine-setup push FILE [--server URL] [--enable] [--dry-run] [--format text|json]`
//!
//! Pushes a deployment file's platforms to a SocialMine server over its admin API. Signs in
//! with `SOCIALMINE_ADMIN_TOKEN`, or `SOCIALMINE_ADMIN_EMAIL` + `SOCIALMINE_ADMIN_PASSWORD`.
//! Platforms whose offline checks show an error are refused (and named); the rest are saved,
//! then switched on with `--enable`. Exit status: 0 when every platform tried was saved (or
//! already up to date) and, with `--enable`, switched on; 1 otherwise; 2 when the file cannot
//! be read, the server address is unusable or no credentials are given, or when another push
//! of the same deployment is still running after `--lock-wait` seconds (one push of a
//! deployment at a time: see [`take_push_lock`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Serialize;
use socialmine_app::known::{CLI_KEYRING_WAIT, KnownDeployment};
use socialmine_core::{
    AppError, Catalog, Date, ErrorCode, Field, PlatformId, Secret, check_deployment,
};
use socialmine_net::{
    AdminClient, EnableOutcome, HttpSettings, NetError, PasteSheet, PlannedPush, PlatformDraft,
    PushReport, PushRequest, PushStatus, SecretLocation, SecretPlan, ServerFinding, SystemInfo,
    TokenOrigin, compare_with_server, dry_run, paste_sheet, push,
};

use sha2::{Digest, Sha256};
use socialmine_store::{AppDirs, HeldLock, LockError, Profile};

use crate::exit::Exit;
use crate::input::{load_catalog, parse_date, read_deployment_file};

/// The arguments of `socialmine-setup push`.
#[derive(Debug, Clone, Args)]
pub struct PushArgs {
    /// The deployment file (TOML) to push.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The server's admin base URL (default: the file's admin_url, else its api_public_url).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The path prefix of the admin API on that server (default: /api).
    #[arg(long, value_name = "PATH")]
    pub api_prefix: Option<String>,
    /// Switch each platform On after its values are saved.
    #[arg(long)]
    pub enable: bool,
    /// Show what would change, per platform and field, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How to print the result: `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = PushFormat::Text)]
    pub format: PushFormat,
    /// The date Graph API version expiry is judged by (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// How long to wait for another push of the same deployment to finish, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_LOCK_WAIT_SECS)]
    pub lock_wait: u64,
}

/// How long a push waits, by default, for another push of the same deployment.
pub const DEFAULT_LOCK_WAIT_SECS: u64 = 60;

/// Output format of `push`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PushFormat {
    Text,
    Json,
}

/// How the CLI signs in.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A token (`SOCIALMINE_ADMIN_TOKEN`).
    Token(Secret),
    /// Email and password (`SOCIALMINE_ADMIN_EMAIL`, `SOCIALMINE_ADMIN_PASSWORD`).
    Password { email: String, password: Secret },
}

impl Credentials {
    /// From the environment variables, looked up with `var`. `Err` says what is missing.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Credentials, String> {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        if let Some(t) = get("SOCIALMINE_ADMIN_TOKEN") {
            return Ok(Credentials::Token(Secret::from(t)));
        }
        match (get("SOCIALMINE_ADMIN_EMAIL"), get("SOCIALMINE_ADMIN_PASSWORD")) {
            (Some(email), Some(p)) => Ok(Credentials::Password { email, password: Secret::from(p) }),
            (Some(_), None) => Err("SOCIALMINE_ADMIN_EMAIL is set but SOCIALMINE_ADMIN_PASSWORD is not. Set both \
                                    (or SOCIALMINE_ADMIN_TOKEN) and run the push again."
                .into()),
            (None, Some(_)) => Err("SOCIALMINE_ADMIN_PASSWORD is set but SOCIALMINE_ADMIN_EMAIL is not. Set both \
                                    (or SOCIALMINE_ADMIN_TOKEN) and run the push again."
                .into()),
            (None, None) => Err("no admin credentials: set SOCIALMINE_ADMIN_TOKEN to an admin token, or \
                                 SOCIALMINE_ADMIN_EMAIL and SOCIALMINE_ADMIN_PASSWORD to an admin who has the \
                                 social-platforms permission, then run the push again (or sign in once in \
                                 the app's Review and push screen: the command line then uses the token it keeps \
                                 in the OS keyring for this deployment)."
                .into()),
        }
    }
}

/// The admin token the app kept in the OS keyring for the deployment this file stands for
/// (the same file in the app's data folder, or a deployment there with the same name and
/// API_PUBLIC_URL): signing in once in the app is enough for the command line too. Reads
/// only, and waits a few seconds at most for the keyring.
///
/// A kept token goes only to the server that issued it: never with `--server`, and never to a
/// file whose admin address is another origin than the one the token was issued by.
fn keyring_credentials(args: &PushArgs) -> Option<Credentials> {
    if args.server.is_some() {
        return None;
    }
    let deployment = read_deployment_file(&args.file).ok()?.deployment;
    let origin = url::Url::parse(deployment.admin_base().trim())
        .ok()
        .as_ref()
        .and_then(TokenOrigin::of)?;
    let known = KnownDeployment::find(&args.file, &deployment)?;
    match known.admin_token(&origin, CLI_KEYRING_WAIT) {
        Ok(token) => token.map(Credentials::Token),
        Err(why) => {
            tracing::warn!(
                "the admin token kept for {} could not be read: {why}",
                known.id
            );
            None
        }
    }
}

/// What `push` printed and the exit status it chose, for the binary and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOutput {
    pub exit: u8,
    pub stdout: String,
    pub stderr: String,
}

/// How to sign in again from the command line.
const SIGN_IN_HINT: &str = " On the command line: set SOCIALMINE_ADMIN_TOKEN to a fresh token, or \
                            SOCIALMINE_ADMIN_EMAIL and SOCIALMINE_ADMIN_PASSWORD, and run the push again.";

const EXIT_OK: u8 = Exit::Ok.code();
const EXIT_NOT_ALL_SAVED: u8 = Exit::Problems.code();
const EXIT_CANNOT_START: u8 = Exit::Unusable.code();

/// The JSON printed with `--format json`.
#[derive(Debug, Serialize)]
struct JsonOut<'a> {
    server: &'a str,
    dry_run: bool,
    /// Whether every platform tried was saved (and switched on where asked).
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<AppError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    system_info: Option<&'a SystemInfo>,
    findings: &'a [ServerFinding],
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a [PlannedPush]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a PushReport>,
    #[serde(skip_serializing_if = "<[PasteSheet]>::is_empty")]
    paste_sheets: &'a [PasteSheet],
}

const WHO: &str = "socialmine-setup push";

/// The push lock of the deployment `file` stands for: the stored deployment's id when the app
/// knows it (so the app's copy and an exported file count as one deployment), else the file's
/// own path. Taken in this profile's data folder; waits up to `--lock-wait` seconds for another
/// push to end. `Ok(None)`: a dry run (it changes nothing), an unreadable file (the push
/// reports it) or no data folder to keep the lock in (the push goes ahead, with a warning).
pub fn take_push_lock(args: &PushArgs) -> Result<Option<HeldLock>, PushOutput> {
    if args.dry_run {
        return Ok(None);
    }
    let Ok(file) = read_deployment_file(&args.file) else {
        return Ok(None);
    };
    let Some(dirs) = Profile::from_env_or_build()
        .ok()
        .and_then(|p| AppDirs::resolve(p).ok())
    else {
        tracing::warn!("no data folder: this push is not protected against a second one");
        return Ok(None);
    };
    let key = match KnownDeployment::find_in(&dirs, &args.file, &file.deployment) {
        Some(known) => known.id.to_string(),
        None => {
            let path = args
                .file
                .canonicalize()
                .unwrap_or_else(|_| args.file.clone());
            let digest = Sha256::digest(path.to_string_lossy().as_bytes());
            let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
            format!("file-{hex}")
        }
    };
    match dirs.lock_push(&key, Duration::from_secs(args.lock_wait)) {
        Ok(lock) => Ok(Some(lock)),
        Err(LockError::Held { waited }) => {
            let shown = args.file.display();
            Err(fail(
                args,
                "",
                EXIT_CANNOT_START,
                AppError::new(
                    socialmine_core::ErrorCode::PushInProgress,
                    format!(
                        "another push of this deployment ({shown}) is still running; waited {} s for it to \
                         finish. Nothing was sent. Let it finish, then push again (or wait longer with \
                         --lock-wait SECONDS).",
                        waited.as_secs()
                    ),
                ),
            ))
        }
        Err(e) => {
            tracing::warn!("this push is not protected against a second one: {e}");
            Ok(None)
        }
    }
}

/// Runs `push` with the credentials from the environment (or kept by the app), holding the
/// deployment's push lock (see [`take_push_lock`]).
pub fn run(args: PushArgs) -> ExitCode {
    let _lock = match take_push_lock(&args) {
        Ok(lock) => lock,
        Err(out) => {
            print!("{}", out.stdout);
            eprint!("{}", out.stderr);
            return ExitCode::from(out.exit);
        }
    };
    let in_use = match load_catalog(WHO, None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{WHO}: {}", e.message);
            return ExitCode::from(EXIT_CANNOT_START);
        }
    };
    let creds = Credentials::from_env(|k| std::env::var(k).ok())
        .or_else(|why| keyring_credentials(&args).ok_or(why));
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("socialmine-setup: could not start the async runtime: {e}");
            return ExitCode::from(EXIT_CANNOT_START);
        }
    };
    let out = rt.block_on(execute(&args, &in_use.catalog, creds));
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    ExitCode::from(out.exit)
}

fn fail(args: &PushArgs, server: &str, exit: u8, e: AppError) -> PushOutput {
    match args.format {
        PushFormat::Text => PushOutput {
            exit,
            stdout: String::new(),
            stderr: format!("socialmine-setup push: {}\n", e.message),
        },
        PushFormat::Json => {
            let j = JsonOut {
                server,
                dry_run: args.dry_run,
                ok: false,
                error: Some(e),
                system_info: None,
                findings: &[],
                plan: None,
                report: None,
                paste_sheets: &[],
            };
            PushOutput {
                exit,
                stdout: json_line(&j),
                stderr: String::new(),
            }
        }
    }
}

fn json_line<T: Serialize>(v: &T) -> String {
    // Plain structs of strings, numbers and maps: serialization cannot fail.
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

/// Runs `push` with the given catalog (the one in use) and credentials and returns what it
/// prints.
pub async fn execute(
    args: &PushArgs,
    catalog: &Catalog,
    creds: Result<Credentials, String>,
) -> PushOutput {
    let shown = args.file.display().to_string();
    let deployment = match read_deployment_file(&args.file) {
        Ok(f) => f.deployment,
        Err(e) if e.code == ErrorCode::FileInvalid => {
            return fail(
                args,
                "",
                EXIT_CANNOT_START,
                AppError::new(
                    ErrorCode::FileInvalid,
                    format!(
                        "{shown}: {}. Fix it (`socialmine-setup check {shown}` explains every problem) and push again.",
                        e.message
                    ),
                ),
            );
        }
        Err(e) => {
            return fail(
                args,
                "",
                EXIT_CANNOT_START,
                AppError::new(e.code, format!("cannot read {shown}: {}", e.message)),
            );
        }
    };
    let server = args
        .server
        .clone()
        .unwrap_or_else(|| deployment.admin_base().trim().to_owned());
    let client = match AdminClient::new(
        &server,
        args.api_prefix.as_deref(),
        HttpSettings::default(),
    ) {
        Ok(c) => c,
        Err(e) => {
            let mut app = e.to_app_error();
            if args.server.is_none() {
                app.message.push_str(" (The address comes from the file's admin_url / api_public_url; use --server to give another.)");
            }
            return fail(args, &server, EXIT_CANNOT_START, app);
        }
    };
    let creds = match creds {
        Ok(c) => c,
        Err(why) => {
            return fail(
                args,
                &server,
                EXIT_CANNOT_START,
                AppError::new(ErrorCode::NoCredentials, why),
            );
        }
    };

    // The offline checks decide which platforms may be pushed.
    let today = args.today.unwrap_or_else(socialmine_app::clock::today_utc);
    let chosen: Vec<PlatformId> = deployment
        .platforms
        .iter()
        .filter(|(_, c)| !c.is_blank())
        .map(|(id, _)| *id)
        .collect();
    if chosen.is_empty() {
        return fail(
            args,
            &server,
            EXIT_CANNOT_START,
            AppError::new(
                ErrorCode::NothingToPush,
                format!(
                    "{shown} sets up no platform yet. Add a [platforms.facebook] section (or another platform) and push again."
                ),
            ),
        );
    }
    // A secret missing from the file may already be on the server: it is not an offline error.
    let secret_elsewhere: BTreeSet<PlatformId> = chosen
        .iter()
        .copied()
        .filter(|id| {
            deployment
                .platform(*id)
                .is_none_or(|c| c.client_secret.as_ref().is_none_or(Secret::is_empty))
        })
        .collect();
    let report = check_deployment(catalog, today, &deployment, &secret_elsewhere);
    let requests: Vec<PushRequest> = chosen
        .iter()
        .map(|id| {
            let cfg = deployment.platform(*id).cloned().unwrap_or_default();
            // The file's secret is "known": sent only when the server's differs.
            let secret = PlatformDraft::from_file(&cfg).secret;
            PushRequest::from_deployment(&deployment, &report, *id, secret, args.enable)
        })
        .collect();

    let sheets = || -> Vec<PasteSheet> {
        chosen
            .iter()
            .map(|id| {
                let has_secret = !secret_elsewhere.contains(id);
                let loc = if has_secret {
                    SecretLocation::File(shown.clone())
                } else {
                    SecretLocation::Missing
                };
                paste_sheet(catalog, &deployment, *id, &loc)
            })
            .collect()
    };

    // Sign in, read the server.
    let signed_in_as = match &creds {
        Credentials::Token(t) => {
            client.use_token(t.clone());
            "a token (SOCIALMINE_ADMIN_TOKEN)".to_owned()
        }
        Credentials::Password { email, password } => {
            if let Err(e) = client.sign_in(email, password).await {
                return server_failure(args, &server, &e, &sheets);
            }
            email.clone()
        }
    };
    let info = match client.system_info().await {
        Ok(i) => i,
        Err(e) => return server_failure(args, &server, &e, &sheets),
    };
    let remote = match client.platforms().await {
        Ok(p) => p,
        Err(e) => return server_failure(args, &server, &e, &sheets),
    };
    let findings = compare_with_server(catalog, &deployment, &info, &remote);
    let requests: Vec<PushRequest> = requests
        .into_iter()
        .map(|r| {
            let base = remote
                .iter()
                .find(|p| p.platform_id() == Some(r.platform))
                .cloned();
            PushRequest { base, ..r }
        })
        .collect();

    let mut head = String::new();
    let _ = writeln!(head, "Server: {server} (signed in with {signed_in_as})");
    let _ = writeln!(
        head,
        "It reports: {} {}, API_PUBLIC_URL {}",
        info.product.as_deref().unwrap_or("(no product name)"),
        info.version.as_deref().unwrap_or("(no version)"),
        info.api_public_url.as_deref().unwrap_or("(not given)")
    );
    if !findings.is_empty() {
        let _ = writeln!(head, "\nDifferences between the server and {shown}:");
        for f in &findings {
            let whom = f
                .platform
                .map_or_else(|| "deployment".to_owned(), |p| p.to_string());
            let _ = writeln!(
                head,
                "  {:<7} {whom}: {}\n          Fix: {}",
                f.severity.to_string(),
                f.message,
                f.fix
            );
        }
    }

    if args.dry_run {
        let plan = match dry_run(&client, catalog, &requests).await {
            Ok(p) => p,
            Err(e) => return server_failure(args, &server, &e, &sheets),
        };
        return match args.format {
            PushFormat::Json => PushOutput {
                exit: EXIT_OK,
                stdout: json_line(&JsonOut {
                    server: &server,
                    dry_run: true,
                    ok: true,
                    error: None,
                    system_info: Some(&info),
                    findings: &findings,
                    plan: Some(&plan),
                    report: None,
                    paste_sheets: &[],
                }),
                stderr: String::new(),
            },
            PushFormat::Text => {
                let mut s = head;
                let _ = writeln!(s, "\nDry run: nothing is sent.\n");
                for p in &plan {
                    s.push_str(&describe_plan(catalog, p));
                }
                PushOutput {
                    exit: EXIT_OK,
                    stdout: s,
                    stderr: String::new(),
                }
            }
        };
    }

    let result = push(&client, catalog, requests).await;
    let ok = result.all_tried_saved() && result.stopped.is_none();
    let exit = if ok { EXIT_OK } else { EXIT_NOT_ALL_SAVED };
    let no_api = result
        .outcomes
        .iter()
        .any(|o| o.error_code == Some(ErrorCode::NoAdminApi));
    let sheets_shown = if no_api { sheets() } else { Vec::new() };
    match args.format {
        PushFormat::Json => PushOutput {
            exit,
            stdout: json_line(&JsonOut {
                server: &server,
                dry_run: false,
                ok,
                error: None,
                system_info: Some(&info),
                findings: &findings,
                plan: None,
                report: Some(&result),
                paste_sheets: &sheets_shown,
            }),
            stderr: String::new(),
        },
        PushFormat::Text => {
            let mut s = head;
            s.push('\n');
            for o in &result.outcomes {
                let status = match o.status {
                    PushStatus::Saved => "saved",
                    PushStatus::Unchanged => "unchanged",
                    PushStatus::Refused => "refused",
                    PushStatus::Failed => "failed",
                };
                let _ = writeln!(s, "{:<10} {:<9} {}", o.platform.as_str(), status, o.message);
                for fe in &o.field_errors {
                    let _ = writeln!(s, "{:<21}{}: {}", "", fe.label, fe.message);
                }
                if let Some(c) = &o.conflict {
                    for ch in &c.changed_on_server {
                        let _ = writeln!(
                            s,
                            "{:<21}{} on the server: {} → {}",
                            "",
                            ch.label,
                            ch.before.as_deref().unwrap_or("(empty)"),
                            ch.now.as_deref().unwrap_or("(empty)")
                        );
                    }
                    let _ = writeln!(
                        s,
                        "{:<21}Running the same command again replaces them with the file's values \
                         (add --dry-run first to see the difference).",
                        ""
                    );
                }
                match &o.enable {
                    EnableOutcome::NotRequested => {}
                    EnableOutcome::AlreadyOn => {
                        let _ = writeln!(s, "{:<21}already On", "");
                    }
                    EnableOutcome::TurnedOn => {
                        let _ = writeln!(s, "{:<21}switched On", "");
                    }
                    EnableOutcome::NotAttempted { reason } => {
                        let _ = writeln!(s, "{:<21}not switched On: {reason}", "");
                    }
                    EnableOutcome::Failed { reason } => {
                        let _ = writeln!(s, "{:<21}switching On failed: {reason}", "");
                    }
                }
            }
            let count = |st: PushStatus| result.outcomes.iter().filter(|o| o.status == st).count();
            let _ = writeln!(
                s,
                "\n{} saved, {} unchanged, {} refused, {} failed.",
                count(PushStatus::Saved),
                count(PushStatus::Unchanged),
                count(PushStatus::Refused),
                count(PushStatus::Failed)
            );
            if let Some(why) = &result.stopped {
                let hint = if result.needs_sign_in {
                    SIGN_IN_HINT
                } else {
                    ""
                };
                let _ = writeln!(s, "The push stopped early: {why}{hint}");
            }
            if count(PushStatus::Failed) > 0 {
                let _ = writeln!(
                    s,
                    "Nothing in {shown} was changed. Fix what is reported and run the same command again: \
                     platforms already saved are left as they are."
                );
            }
            if count(PushStatus::Refused) > 0 {
                let _ = writeln!(
                    s,
                    "Run `socialmine-setup check {shown}` for every problem and its fix."
                );
            }
            for sheet in &sheets_shown {
                s.push_str(&render_sheet(sheet));
            }
            PushOutput {
                exit,
                stdout: s,
                stderr: String::new(),
            }
        }
    }
}

/// A failure before the push itself (sign-in, reading the server). A server without the admin
/// API gets the paste sheet.
fn server_failure(
    args: &PushArgs,
    server: &str,
    e: &NetError,
    sheets: &dyn Fn() -> Vec<PasteSheet>,
) -> PushOutput {
    let no_api = matches!(e, NetError::NoAdminApi { .. });
    let shown_sheets = if no_api { sheets() } else { Vec::new() };
    let mut app = e.to_app_error();
    if e.needs_sign_in() {
        app.message.push_str(SIGN_IN_HINT);
    }
    match args.format {
        PushFormat::Json => {
            let j = JsonOut {
                server,
                dry_run: args.dry_run,
                ok: false,
                error: Some(app),
                system_info: None,
                findings: &[],
                plan: None,
                report: None,
                paste_sheets: &shown_sheets,
            };
            PushOutput {
                exit: EXIT_NOT_ALL_SAVED,
                stdout: json_line(&j),
                stderr: String::new(),
            }
        }
        PushFormat::Text => {
            let mut stdout = String::new();
            for sheet in &shown_sheets {
                stdout.push_str(&render_sheet(sheet));
            }
            PushOutput {
                exit: EXIT_NOT_ALL_SAVED,
                stdout,
                stderr: format!("socialmine-setup push: {}\n", app.message),
            }
        }
    }
}

fn describe_plan(catalog: &Catalog, p: &PlannedPush) -> String {
    let mut s = String::new();
    let d = &p.diff;
    let rev = d
        .server_revision
        .map(|r| format!(" (server revision {r})"))
        .unwrap_or_default();
    if !p.refused_because.is_empty() {
        let _ = writeln!(
            s,
            "{}{rev}: would be refused: {}",
            p.platform,
            p.refused_because.join("; ")
        );
        return s;
    }
    if d.in_sync {
        let _ = writeln!(
            s,
            "{}{rev}: the server already has these values; nothing to send",
            p.platform
        );
    } else {
        let _ = writeln!(s, "{}{rev}: would save", p.platform);
    }
    for c in &d.changes {
        let _ = writeln!(
            s,
            "  {}: {} → {}",
            c.label,
            c.server.as_deref().unwrap_or("(empty)"),
            c.draft.as_deref().unwrap_or("(empty)")
        );
    }
    let hint = d
        .server_secret_hint
        .as_deref()
        .map(|h| format!(", which ends in …{h}"))
        .unwrap_or_default();
    let secret = match d.secret {
        SecretPlan::Unchanged => format!("unchanged (the server keeps its secret{hint})"),
        SecretPlan::New => {
            if d.server_secret_hint.is_some() {
                format!("new (replaces the server's{hint})")
            } else {
                "new (the server has none yet)".to_owned()
            }
        }
        SecretPlan::NotSet => {
            "not set anywhere: add it to the file, or the platform cannot be switched On".to_owned()
        }
    };
    let _ = writeln!(
        s,
        "  {}: {secret}",
        socialmine_net::form_label(catalog, Some(p.platform), Field::ClientSecret)
    );
    if p.would_enable {
        let _ = writeln!(s, "  would switch it On after saving");
    } else if d.server_enabled {
        let _ = writeln!(s, "  already On");
    }
    s
}

fn render_sheet(sheet: &PasteSheet) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nPaste sheet for {} ({}):",
        sheet.display_name, sheet.platform
    );
    for (i, step) in sheet.steps.iter().enumerate() {
        let _ = writeln!(s, "  {}. {step}", i + 1);
    }
    for f in &sheet.fields {
        match &f.value {
            Some(v) => {
                let _ = writeln!(s, "     {:<14} {v}", f.label);
            }
            None => {
                let _ = writeln!(s, "     {:<14} {}", f.label, f.note);
            }
        }
    }
    s
}
