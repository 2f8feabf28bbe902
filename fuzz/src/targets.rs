//! The fuzz targets: one per parser or validator named in issue 13. Each takes raw bytes and
//! panics (so the runner records a crash) when the code under test panics or when a property
//! that must hold for every input does not.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use socialmine_core::{
    Catalog, Date, Deployment, Field, FieldContext, PlatformId, api_public_url_from_env,
    check_deployment, check_field, clean_value, compare_redirect, derive_callback,
};
use socialmine_net::{AdminEndpoint, TokenOrigin, is_loopback_host};
use socialmine_store::{AppDirs, OnClash, Profile, SecretStore, Store};

/// A fuzz target.
pub struct Target {
    pub name: &'static str,
    /// What it exercises, for `--list`.
    pub about: &'static str,
    pub run: fn(&[u8]),
    /// Tokens worth inserting for this target.
    pub dict: &'static [&'static str],
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn today() -> Date {
    static TODAY: OnceLock<Date> = OnceLock::new();
    *TODAY.get_or_init(|| "2026-11-28".parse().unwrap_or_else(|_| panic!("date")))
}

fn catalog() -> &'static Catalog {
    Catalog::built_in_ref()
}

const FIELDS: [Field; 9] = [
    Field::Name,
    Field::ApiPublicUrl,
    Field::AdminUrl,
    Field::ClientId,
    Field::ClientSecret,
    Field::AppVersion,
    Field::CallbackUrl,
    Field::Scope,
    Field::ConsoleRedirectUrl,
];

const DEPLOYMENT_DICT: &[&str] = &[
    "name = ",
    "api_public_url = ",
    "admin_url = ",
    "[platforms.facebook]",
    "[platforms.instagram]",
    "[platforms.linkedin]",
    "[platforms.twitter]",
    "[platforms.tiktok]",
    "[platforms.threads]",
    "[platforms.myspace]",
    "client_id = ",
    "client_secret = ",
    "app_version = ",
    "callback_url = ",
    "scope = ",
    "console_redirect_url = ",
    "\"\"\"",
    "'''",
    "\"https://api.acme.com\"",
    "true",
    "42",
    "[]",
    "{}",
];

/// Deployment TOML: parse; what parses is written back (without secrets) and parses to the
/// same deployment minus its secrets; the written file never holds a secret; the whole
/// deployment can be checked.
fn deployment_toml(bytes: &[u8]) {
    let t = text(bytes);
    let Ok(d) = Deployment::parse(&t) else {
        return;
    };
    let written = d.to_toml_without_secrets();
    let again = Deployment::parse(&written)
        .unwrap_or_else(|e| panic!("a written deployment does not parse: {e}\n{written}"));
    let mut expected = d.clone();
    for p in expected.platforms.values_mut() {
        p.client_secret = None;
    }
    // Equal to the original without its secrets: nothing lost, no secret written.
    assert_eq!(
        again, expected,
        "write-back changed the deployment:\n{written}"
    );
    let _ = check_deployment(catalog(), today(), &d, &BTreeSet::new());
}

/// `.env` import: finds API_PUBLIC_URL or says why not; never echoes a line it could not read;
/// never leaks its `$` stand-in.
fn env_import(bytes: &[u8]) {
    let t = text(bytes);
    match api_public_url_from_env(&t) {
        Ok(v) => assert!(
            !v.contains('\u{e000}') || t.contains('\u{e000}'),
            "the $ stand-in leaked: {v:?}"
        ),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty());
        }
    }
}

fn temp_store() -> &'static (tempfile::TempDir, Store) {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let profile = Profile::new_test();
        let secrets = SecretStore::session_only(&profile.namespace());
        let store = Store::open(AppDirs::at(profile, dir.path().join("data")), secrets)
            .unwrap_or_else(|e| panic!("store: {e}"));
        (dir, store)
    })
}

/// Bundle (and deployment file) import, without a passphrase: every input is a clear error,
/// a name clash, or an imported deployment that loads back and is then removed again.
fn bundle_import(bytes: &[u8]) {
    let (_, store) = temp_store();
    match store.import(bytes, None, OnClash::Ask) {
        Ok(socialmine_store::ImportOutcome::Imported { id, .. }) => {
            let loaded = store
                .load(&id)
                .unwrap_or_else(|e| panic!("an imported deployment does not load: {e}"));
            for p in loaded.deployment.platforms.values() {
                assert!(p.client_secret.is_none(), "a secret reached the file");
            }
            store.delete(&id).unwrap_or_else(|e| panic!("delete: {e}"));
        }
        Ok(_) => {}
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A bundle's decrypted payload (what a passphrase opens): read it as an import would.
fn bundle_payload(bytes: &[u8]) {
    let _ = socialmine_store::read_bundle_payload(&text(bytes));
}

/// Catalog files: parse; a parsed catalog answers every platform and checks a deployment.
fn catalog_parse(bytes: &[u8]) {
    let t = text(bytes);
    let Ok(c) = Catalog::parse(&t) else {
        return;
    };
    let mut d = Deployment::new("https://api.acme.com");
    d.platforms.insert(PlatformId::Facebook, Default::default());
    for id in PlatformId::ALL {
        let _ = c.platform(id);
    }
    let _ = c.recommended_graph_version(today());
    let _ = check_deployment(&c, today(), &d, &BTreeSet::new());
}

/// URL normalisation and comparison: the callback comparison is exact and symmetric in its
/// verdict; admin endpoints and token origins normalise idempotently and agree on origins.
fn urls(bytes: &[u8]) {
    let t = text(bytes);
    let (a, b) = t.split_once('\n').unwrap_or((&t, ""));
    assert!(compare_redirect(a, a).is_none());
    assert_eq!(compare_redirect(a, b).is_none(), a == b);
    assert_eq!(compare_redirect(b, a).is_none(), a == b);
    let _ = derive_callback(a, "facebook");
    let _ = is_loopback_host(a);
    let o = TokenOrigin::parse(a);
    if let Some(o) = &o {
        assert_eq!(TokenOrigin::parse(o.as_str()).as_ref(), Some(o), "{a:?}");
    }
    if let Ok(ep) = AdminEndpoint::new(a, if b.is_empty() { None } else { Some(b) }) {
        let url = ep.url("/admin/system/info");
        assert_eq!(TokenOrigin::of(&url), Some(ep.token_origin()), "{a:?}");
        assert_eq!(o.as_ref(), Some(&ep.token_origin()), "{a:?}");
        let again = AdminEndpoint::new(ep.base().as_str(), None)
            .unwrap_or_else(|e| panic!("a normalised base is refused: {e} ({a:?})"));
        assert_eq!(again.token_origin(), ep.token_origin());
    }
}

/// Scope strings, for every platform: checked without panicking, deterministically.
fn scope(bytes: &[u8]) {
    let t = text(bytes);
    let ctx = FieldContext {
        api_public_url: "https://api.acme.com",
        callback_url: None,
    };
    for id in PlatformId::ALL {
        let first = check_field(catalog(), today(), Some(id), Field::Scope, &t, &ctx);
        let second = check_field(catalog(), today(), Some(id), Field::Scope, &t, &ctx);
        assert_eq!(first, second);
    }
}

/// Every validator: each field of each platform (and the deployment's own fields), with the
/// input's first line as the value and the next two as API_PUBLIC_URL and the callback
/// override; cleaning is idempotent; every offered fix applies to the deployment.
fn validators(bytes: &[u8]) {
    let t = text(bytes);
    let mut parts = t.splitn(3, '\n');
    let value = parts.next().unwrap_or("");
    let api = parts.next().unwrap_or("https://api.acme.com");
    let callback = parts.next();
    // Cleaning removes one layer of quotes by design (a secret may end with a quote), so it
    // is not idempotent; it only ever shortens, and leaves no plain space at either end.
    let cleaned = clean_value(value);
    assert!(cleaned.len() <= value.len(), "cleaning grew {value:?}");
    assert_eq!(cleaned.trim_matches(' '), cleaned, "{value:?}");
    let ctx = FieldContext {
        api_public_url: api,
        callback_url: callback,
    };
    let platforms: Vec<Option<PlatformId>> = std::iter::once(None)
        .chain(PlatformId::ALL.into_iter().map(Some))
        .collect();
    for platform in platforms {
        for field in FIELDS {
            let own = matches!(field, Field::Name | Field::ApiPublicUrl | Field::AdminUrl);
            if own != platform.is_none() {
                continue;
            }
            for f in check_field(catalog(), today(), platform, field, value, &ctx) {
                assert!(!f.message.is_empty());
                if let Some(action) = &f.action {
                    let mut d = Deployment::new(api);
                    if let Some(p) = platform {
                        d.platforms.insert(p, Default::default());
                    }
                    if d.set_field(platform, field, Some(value.to_owned())).is_ok() {
                        let _ = d.apply_fix(platform, field, action);
                    }
                }
            }
        }
    }
}

const URL_DICT: &[&str] = &[
    "https://api.acme.com",
    "http://127.0.0.1:8080",
    "/api/connect/facebook/callback",
    "https://api.acme.com/api",
    "HTTPS://API.ACME.COM:443/",
    "http://[::1]:9/",
    "http://user:pw@",
    "?code=1",
    "#frag",
];

const SCOPE_DICT: &[&str] = &[
    "public_profile",
    "email",
    "pages_show_list",
    "instagram_business_basic",
    "openid profile email w_member_social",
    "tweet.read tweet.write users.read offline.access",
    "user.info.basic,video.publish",
    "threads_basic,threads_content_publish",
    ",",
    " ",
    "+",
];

const CATALOG_DICT: &[&str] = &[
    "[[platforms]]",
    "[[sources]]",
    "[[graph_versions]]",
    "[[platforms.scopes]]",
    "id = ",
    "version = ",
    "released = \"2026-01-01\"",
    "expires = ",
    "url = ",
    "checked = ",
    "pattern = ",
];

const ENV_DICT: &[&str] = &[
    "API_PUBLIC_URL=",
    "export API_PUBLIC_URL=",
    "DB_PASSWORD=hunter2",
    "# comment",
    "$API",
    "${HOST}",
    "\"",
    "'",
];

const BUNDLE_DICT: &[&str] = &[
    "socialmine-bundle-format = ",
    "-----BEGIN AGE ENCRYPTED FILE-----",
    "-----END AGE ENCRYPTED FILE-----",
    "age-encryption.org/v1",
    "-> scrypt ",
    "name = \"Acme\"",
    "api_public_url = \"https://api.acme.com\"",
    "format = 1",
    "[secrets]",
    "\"facebook.client_secret\" = ",
    "admin_token = ",
];

/// Every target, in the order `make fuzz` runs them.
pub fn all() -> Vec<Target> {
    vec![
        Target {
            name: "deployment_toml",
            about: "Deployment::parse, write-back and check_deployment",
            run: deployment_toml,
            dict: DEPLOYMENT_DICT,
        },
        Target {
            name: "env_import",
            about: "api_public_url_from_env (.env import)",
            run: env_import,
            dict: ENV_DICT,
        },
        Target {
            name: "bundle_import",
            about: "Store::import of bundles and deployment files (no passphrase)",
            run: bundle_import,
            dict: BUNDLE_DICT,
        },
        Target {
            name: "bundle_payload",
            about: "a bundle's decrypted payload, as an import reads it",
            run: bundle_payload,
            dict: BUNDLE_DICT,
        },
        Target {
            name: "catalog",
            about: "Catalog::parse and use of the parsed catalog",
            run: catalog_parse,
            dict: CATALOG_DICT,
        },
        Target {
            name: "urls",
            about: "compare_redirect, derive_callback, AdminEndpoint, TokenOrigin",
            run: urls,
            dict: URL_DICT,
        },
        Target {
            name: "scope",
            about: "scope strings through check_field for every platform",
            run: scope,
            dict: SCOPE_DICT,
        },
        Target {
            name: "validators",
            about: "check_field for every field and platform, clean_value, apply_fix",
            run: validators,
            dict: SCOPE_DICT,
        },
    ]
}
