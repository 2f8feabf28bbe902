//! End-to-end tests: the real app in real WebKitGTK, driven through tauri-driver.
//! Run with `make e2e` (Xvfb, a dbus session and a private XDG home are set up there).

use std::time::Duration;

use socialmine_core::Catalog;
use socialmine_tests::driver::AppSession;

#[tokio::test(flavor = "multi_thread")]
async fn the_window_shows_the_six_platforms_from_the_catalog() {
    let session = AppSession::start().await;
    let names = session
        .texts_of("[data-testid=platform-name]", 6, Duration::from_secs(30))
        .await;
    let title = session.client.title().await.unwrap_or_default();
    let public_url = session
        .texts_of("[data-testid=api-public-url]", 1, Duration::from_secs(10))
        .await;
    session.close().await;

    let expected: Vec<String> = Catalog::built_in()
        .platforms_in_order()
        .iter()
        .map(|p| p.display_name.clone())
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        names,
        [
            "Facebook",
            "Instagram",
            "LinkedIn",
            "X (Twitter)",
            "TikTok",
            "Threads"
        ]
    );
    assert_eq!(title, "SocialMine Setup Assistant");
    // The default deployment is the embedded sandbox on a loopback port.
    assert_eq!(public_url.len(), 1, "no API_PUBLIC_URL shown");
    assert!(
        public_url[0].starts_with("http://127.0.0.1:"),
        "{public_url:?}"
    );
}
