//! Building push requests from a deployment file and the offline checks.

use std::collections::BTreeSet;

use socialmine_core::{Catalog, Deployment, PlatformId, check_deployment};
use socialmine_net::{PlatformDraft, PushRequest, SecretInput};

const FILE: &str = r#"api_public_url = "https://api.acme.com"

[platforms.facebook]
client_id = "1234567890123456"
client_secret = "0123456789abcdef0123456789abcdef"
app_version = "v23.0"
callback_url = ""
scope = ""

[platforms.linkedin]
client_id = "\"86abcdefghijkl\""
"#;

#[test]
fn offline_errors_block_only_their_platform_and_empty_overrides_mean_default() {
    let d = Deployment::parse(FILE).expect("parse");
    let report = check_deployment(
        &Catalog::built_in(),
        "2026-11-28".parse().expect("date"),
        &d,
        &BTreeSet::from([PlatformId::Linkedin]),
    );
    let fb_secret = PlatformDraft::from_file(d.platform(PlatformId::Facebook).expect("fb")).secret;
    assert!(matches!(fb_secret, SecretInput::Known(_)));
    let fb = PushRequest::from_deployment(&d, &report, PlatformId::Facebook, fb_secret, true);
    assert!(fb.blocked_by.is_empty(), "{:?}", fb.blocked_by);
    assert_eq!(
        (fb.draft.callback_url.as_deref(), fb.draft.scope.as_deref()),
        (None, None)
    );
    assert!(fb.enable);

    let li =
        PushRequest::from_deployment(&d, &report, PlatformId::Linkedin, SecretInput::Keep, false);
    assert!(
        li.blocked_by.iter().any(|m| m.starts_with("client_id:")),
        "{:?}",
        li.blocked_by
    );

    // A deployment-wide error blocks every platform.
    let mut bad = d.clone();
    bad.api_public_url = "https://api.acme.com/api".into();
    let report = check_deployment(
        &Catalog::built_in(),
        "2026-11-28".parse().expect("date"),
        &bad,
        &BTreeSet::new(),
    );
    let fb = PushRequest::from_deployment(
        &bad,
        &report,
        PlatformId::Facebook,
        SecretInput::Keep,
        false,
    );
    assert!(
        fb.blocked_by
            .iter()
            .any(|m| m.starts_with("api_public_url:")),
        "{:?}",
        fb.blocked_by
    );
}
