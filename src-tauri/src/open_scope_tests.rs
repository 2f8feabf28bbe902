//! The opener's allowlist (capabilities/default.json, `opener:allow-open-url`): every page the
//! window offers to open is in it, and nothing else is. Matched the way the plugin matches
//! (`glob::Pattern::matches` on the whole URL, no program named).

use socialmine_core::Catalog;

fn patterns() -> Vec<glob::Pattern> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let cap: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let opener = cap["permissions"]
        .as_array()
        .and_then(|ps| {
            ps.iter()
                .find(|p| p["identifier"] == "opener:allow-open-url")
        })
        .unwrap_or_else(|| panic!("no opener:allow-open-url grant"));
    assert!(opener.get("deny").is_none());
    opener["allow"]
        .as_array()
        .unwrap_or_else(|| panic!("no allow list"))
        .iter()
        .map(|entry| {
            assert!(
                entry.get("app").is_none(),
                "no program may be named: {entry}"
            );
            let url = entry["url"].as_str().unwrap_or_else(|| panic!("{entry}"));
            assert!(url.starts_with("https://"), "{url}");
            glob::Pattern::new(url).unwrap_or_else(|e| panic!("{url}: {e}"))
        })
        .collect()
}

fn allowed(patterns: &[glob::Pattern], url: &str) -> bool {
    patterns.iter().any(|p| p.matches(url))
}

#[test]
fn every_console_step_link_and_cited_source_of_the_catalog_may_be_opened() {
    let patterns = patterns();
    let catalog = Catalog::built_in();
    let mut urls: Vec<String> = catalog
        .sources
        .iter()
        .map(|s| s.url.clone())
        .filter(|u| !u.is_empty())
        .collect();
    for p in catalog.platforms_in_order() {
        urls.extend(p.links.iter().map(|l| l.url.clone()));
        urls.extend(p.steps.iter().map(|s| s.link.clone()));
    }
    assert!(urls.len() > 20, "{urls:?}");
    let refused: Vec<&String> = urls.iter().filter(|u| !allowed(&patterns, u)).collect();
    assert!(refused.is_empty(), "not in the allowlist: {refused:#?}");
}

#[test]
fn the_providers_consent_pages_may_be_opened_with_their_query() {
    let patterns = patterns();
    for url in [
        "https://www.facebook.com/v24.0/dialog/oauth?client_id=1&redirect_uri=https%3A%2F%2Fapi.acme.com",
        "https://www.facebook.com/dialog/oauth?client_id=1",
        "https://x.com/i/oauth2/authorize?response_type=code&client_id=abc",
        "https://twitter.com/i/oauth2/authorize?response_type=code",
        "https://www.linkedin.com/oauth/v2/authorization?response_type=code",
        "https://www.tiktok.com/v2/auth/authorize/?client_key=aw",
        "https://www.threads.net/oauth/authorize?client_id=1",
        "https://threads.com/oauth/authorize?client_id=1",
    ] {
        assert!(allowed(&patterns, url), "{url}");
    }
}

#[test]
fn anything_else_is_refused() {
    let patterns = patterns();
    for url in [
        "https://evil.example/",
        "http://developers.facebook.com/apps",
        "https://developers.facebook.com.evil.example/apps",
        "https://developers.facebook.com@evil.example/",
        "https://developers.facebook.com:8443/",
        "https://www.facebook.com/login.php",
        "https://x.com/someone",
        "https://x.com/i/oauth2/authorize",
        "https://github.com/someone/else",
        "https://api.x.com/2/oauth2/token",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "tauri://localhost/",
        "mailto:someone@example.com",
    ] {
        assert!(!allowed(&patterns, url), "{url}");
    }
}
