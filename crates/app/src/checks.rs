//! The offline checks of a draft, as the window shows them.

use std::collections::BTreeSet;

use socialmine_core::checks::{
    FieldContext, check_deployment, effective_callback, secret_in_field,
};
use socialmine_core::{Catalog, Date, PlatformId, PlatformReport, Report};

use crate::workspace::Workspace;

/// Checks the draft. Its secrets are judged too (shape, swapped, same as the ID) but never
/// appear in a finding. Platforms not started get their callback URL, which the wizard shows.
pub fn report(catalog: &Catalog, ws: &Workspace, today: Date) -> Report {
    let deployment = ws.deployment_with_secrets();
    // Secrets are all in the deployment handed to the checks, so none is "stored elsewhere".
    let mut report = check_deployment(catalog, today, &deployment, &BTreeSet::new());
    for id in PlatformId::ALL {
        report
            .platforms
            .entry(id)
            .or_insert_with(|| PlatformReport {
                callback_url: effective_callback(catalog, id, &FieldContext::of(&deployment, id)),
                findings: Vec::new(),
            });
    }
    // A secret typed into a field that is not secret was kept out of the draft: say so on
    // that field, in place of what the checks said about the value it kept.
    for (platform, field) in ws.misplaced.keys() {
        let findings = match platform {
            Some(p) => &mut report.platforms.entry(*p).or_default().findings,
            None => &mut report.deployment.findings,
        };
        findings.retain(|f| f.field != *field);
        findings.insert(0, secret_in_field(catalog, *platform, *field));
    }
    report
}
