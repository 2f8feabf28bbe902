//! `socialmine-setup platforms`: the platforms the assistant knows.

use std::process::ExitCode;

use crate::exit::Exit;

pub fn run() -> ExitCode {
    let catalog = socialmine_core::Catalog::built_in();
    for p in catalog.platforms_in_order() {
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
