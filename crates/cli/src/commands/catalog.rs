//! `socialmine-setup catalog status` and `socialmine-setup catalog update [--from URL]`: which
//! provider facts are in use (built in, a signed update, or an unofficial file), when they were
//! checked and whether that is more than 45 days ago; and installing a signed update.
//!
//! `status` reads only. `update` downloads `catalog.toml` and `catalog.toml.minisig` from the
//! address in the settings (`[catalog] update_url` in `app.toml`; default
//! [`socialmine_store::DEFAULT_CATALOG_URL`]) or `--from`, verifies the signature against the
//! project's key, and installs it in the data folder only when it is whole, valid, newer than
//! the facts in use and not dated in the future. Exit 0: installed, or nothing newer; 2: the
//! update could not be installed (the facts in use are unchanged).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use socialmine_core::Date;
use socialmine_store::{CatalogUpdateError, read_settings, update_catalog};

use crate::exit::Exit;
use crate::input::{data_dirs, load_catalog, parse_date};

/// The arguments of `socialmine-setup catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub action: CatalogAction,
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Which provider facts are in use, when they were checked and where they came from.
    Status(StatusArgs),
    /// Download, verify and install a signed update of the provider facts.
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The date staleness is judged by (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// An unsigned catalog file to report on as it would be used ("unofficial provider facts").
    #[arg(long, value_name = "CATALOG")]
    pub catalog: Option<PathBuf>,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Where `catalog.toml` is published (its signature is at the same address plus
    /// `.minisig`). Default: the address in the settings, else the project's.
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// The date the update's own date is judged by (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
}

/// Output format of `catalog status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: CatalogArgs) -> ExitCode {
    match args.action {
        CatalogAction::Status(a) => status(a),
        CatalogAction::Update(a) => update(a),
    }
}

fn status(args: StatusArgs) -> ExitCode {
    let today = args.today.unwrap_or_else(socialmine_app::clock::today_utc);
    let in_use = match load_catalog("socialmine-setup catalog status", args.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("socialmine-setup catalog status: {}", e.message);
            return Exit::Unusable.into();
        }
    };
    let status = in_use.status(today);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&status) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("socialmine-setup catalog status: could not write JSON: {e}");
                return Exit::Unusable.into();
            }
        },
        Format::Text => {
            for line in status.lines() {
                println!("{line}");
            }
        }
    }
    Exit::Ok.into()
}

fn update(args: UpdateArgs) -> ExitCode {
    let who = "socialmine-setup catalog update";
    let today = args.today.unwrap_or_else(socialmine_app::clock::today_utc);
    let Some(dirs) = data_dirs() else {
        eprintln!(
            "{who}: the app's data folder could not be determined (HOME is not set). Set HOME, or \
             XDG_DATA_HOME, and run it again."
        );
        return Exit::Unusable.into();
    };
    let url = args
        .from
        .clone()
        .unwrap_or_else(|| read_settings(&dirs).catalog.url().to_owned());
    // The facts the update must be newer than: the signed update or the built-in catalog,
    // never an unofficial file.
    let in_use = socialmine_store::load_catalog(Some(dirs.root()), None);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{who}: could not start: {e}");
            return Exit::Unusable.into();
        }
    };
    println!(
        "Looking for newer provider facts at {url} (in use: checked {}).",
        in_use.catalog.checked
    );
    let result = runtime.block_on(async {
        std::fs::create_dir_all(dirs.root()).map_err(|source| CatalogUpdateError::Install {
            path: dirs.root().to_path_buf(),
            source,
        })?;
        update_catalog(dirs.root(), &url, &in_use.catalog, today).await
    });
    match result {
        Ok(outcome) => {
            println!(
                "Installed the provider facts checked on {} (replacing {}).",
                outcome.checked, outcome.previous_checked
            );
            for line in outcome.summary.iter().skip(1) {
                println!("  {line}");
            }
            Exit::Ok.into()
        }
        Err(CatalogUpdateError::NotNewer { in_use, .. }) => {
            println!("The provider facts in use (checked {in_use}) are already the newest.");
            Exit::Ok.into()
        }
        Err(e) => {
            eprintln!("{who}: {e} [{}]", e.code());
            Exit::Unusable.into()
        }
    }
}
