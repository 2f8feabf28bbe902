//! Shared pieces of the verify tests: the provider emulator, the callback servers, the apps the
//! emulator knows and deployments that use them.

#![allow(dead_code)]

pub mod providers;
pub mod servers;

use std::collections::BTreeMap;
use std::time::Duration;

use socialmine_core::{Deployment, PlatformId};
use socialmine_net::verify::{ProviderRoutes, VerifySettings};

use providers::{Behaviour, Emulator};

pub const FB_ID: &str = "1234567890123456";
pub const FB_SECRET: &str = "0123456789abcdef0123456789abcdef";
pub const IG_ID: &str = "2234567890123456";
pub const IG_SECRET: &str = "1123456789abcdef0123456789abcdef";
pub const TH_ID: &str = "990602627938098";
pub const TH_SECRET: &str = "abcdef0123456789abcdef0123456789";
pub const LI_ID: &str = "86abcdefghijkl";
pub const LI_SECRET: &str = "WPL_AP1.abcdefghijklmnop.QRSTUV==";
pub const X_ID: &str = "Vm1hY2xpZW50aWRleGFtcGxlMTIzOjE6Y2k";
pub const X_SECRET: &str = "x-secret-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD";
pub const TT_ID: &str = "awabcdefghijklmn";
pub const TT_SECRET: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

/// Every secret the tests use (none may ever show up in a result).
pub const ALL_SECRETS: [&str; 6] = [
    FB_SECRET, IG_SECRET, TH_SECRET, LI_SECRET, X_SECRET, TT_SECRET,
];

/// The emulator with every test app registered, answering as documented.
pub fn behaviour() -> Behaviour {
    let mut apps: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    let meta = apps.entry("graph.facebook.com").or_default();
    meta.insert(FB_ID.into(), FB_SECRET.into());
    meta.insert(IG_ID.into(), IG_SECRET.into());
    apps.entry("graph.threads.net")
        .or_default()
        .insert(TH_ID.into(), TH_SECRET.into());
    apps.entry("www.linkedin.com")
        .or_default()
        .insert(LI_ID.into(), LI_SECRET.into());
    apps.entry("api.x.com")
        .or_default()
        .insert(X_ID.into(), X_SECRET.into());
    apps.entry("open.tiktokapis.com")
        .or_default()
        .insert(TT_ID.into(), TT_SECRET.into());
    Behaviour {
        apps,
        tiktok_app_token: true,
        ..Behaviour::default()
    }
}

pub async fn emulator() -> Emulator {
    Emulator::start(behaviour()).await
}

/// Settings sending every provider request to `emu`, with short timeouts.
pub fn settings(emu: &Emulator) -> VerifySettings {
    VerifySettings {
        timeout: Duration::from_secs(3),
        routes: ProviderRoutes::parse(&emu.override_value()).expect("routes"),
        system_proxy: false,
        ..VerifySettings::default()
    }
}

/// A deployment at `api_public_url` with all six platforms set up with the test apps, each
/// with its secret in the file.
pub fn deployment(api_public_url: &str) -> Deployment {
    let text = format!(
        r#"api_public_url = "{api_public_url}"

[platforms.facebook]
client_id = "{FB_ID}"
client_secret = "{FB_SECRET}"
app_version = "v23.0"

[platforms.instagram]
client_id = "{IG_ID}"
client_secret = "{IG_SECRET}"
app_version = "v23.0"

[platforms.threads]
client_id = "{TH_ID}"
client_secret = "{TH_SECRET}"

[platforms.linkedin]
client_id = "{LI_ID}"
client_secret = "{LI_SECRET}"

[platforms.twitter]
client_id = "{X_ID}"
client_secret = "{X_SECRET}"

[platforms.tiktok]
client_id = "{TT_ID}"
client_secret = "{TT_SECRET}"
"#
    );
    Deployment::parse(&text).expect("deployment")
}

/// Sets one value of one platform.
pub fn set(
    d: &mut Deployment,
    p: PlatformId,
    f: impl FnOnce(&mut socialmine_core::PlatformConfig),
) {
    f(d.platforms.entry(p).or_default());
}

/// Asserts that no test secret appears in `text`.
pub fn assert_no_secret(text: &str) {
    for s in ALL_SECRETS {
        assert!(!text.contains(s), "a secret leaked into: {text}");
    }
}
