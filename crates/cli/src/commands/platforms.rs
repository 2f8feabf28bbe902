//! `socialmine-setup platforms`: the platforms the assistant knows.

use std::process::ExitCode;

use crate::exit::Exit;
use crate::input::load_catalog;

/// Lists the platforms of the catalog in use (a newer signed update installed in the app's
/// data folder, else the built-in one).
pub fn run() -> ExitCode {
    let in_use = match load_catalog("socialmine-setup platforms", None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("socialmine-setup platforms: {}", e.message);
            return Exit::Unusable.into();
        }
    };
    for p in in_use.catalog.platforms_in_order() {
        println!(
            "{:<10} {:<12} /api/connect/{}/callback  {}",
            p.id.as_str(),
            p.display_name,
            p.callback_segment,
            p.default_scopes.join(", ")
        );
    }
    Exit::Ok.into()
}
