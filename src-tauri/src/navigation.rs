//! The main window stays on the app's own pages (issue 13 item 10). A link, a script or a
//! redirect that would take the webview to another origin is refused, so a page from elsewhere
//! can never run with the app's commands. Provider consoles and docs open in the system browser
//! instead, through the opener plugin and its allowlist (capabilities/default.json).

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The guard, as a plugin: it applies to every webview of the app.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev_url = if cfg!(feature = "custom-protocol") {
                None
            } else {
                webview.config().build.dev_url.clone()
            };
            let allowed = is_app_page(url, dev_url.as_ref());
            if !allowed {
                tracing::warn!(
                    "the window was kept from leaving the app for {}",
                    url.origin().ascii_serialization()
                );
            }
            allowed
        })
        .build()
}

/// Whether `url` is one of the app's own pages: the embedded UI (`tauri://localhost`, or
/// `http(s)://tauri.localhost` on Windows), or in a development build the Vite dev server
/// (`dev_url`). Nothing else, not even `about:blank` or a `data:` page.
pub fn is_app_page(url: &Url, dev_url: Option<&Url>) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost") && url.port().is_none(),
        "http" | "https" => {
            (url.host_str() == Some("tauri.localhost") && url.port().is_none())
                || dev_url.is_some_and(|dev| dev.origin() == url.origin())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn the_apps_own_pages_are_allowed() {
        for ok in [
            "tauri://localhost",
            "tauri://localhost/index.html",
            "tauri://localhost/#/review",
            "http://tauri.localhost/",
            "https://tauri.localhost/index.html",
        ] {
            assert!(is_app_page(&url(ok), None), "{ok}");
        }
        let dev = url("http://localhost:5173");
        assert!(is_app_page(
            &url("http://localhost:5173/src/main.ts"),
            Some(&dev)
        ));
    }

    #[test]
    fn every_other_origin_is_refused() {
        let dev = url("http://localhost:5173");
        for bad in [
            "https://evil.example/",
            "http://127.0.0.1:8080/",
            "https://developers.facebook.com/apps",
            "tauri://evil",
            "tauri://localhost:8080/",
            "http://tauri.localhost.evil.example/",
            "http://localhost:5174/",
            "https://localhost:5173/",
            "about:blank",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "blob:tauri://localhost/0f3c",
        ] {
            assert!(!is_app_page(&url(bad), Some(&dev)), "{bad}");
        }
        // Without a dev server (every release build), the dev address is not the app's.
        assert!(!is_app_page(&url("http://localhost:5173/"), None));
    }
}
