//! The provider facts in the real window (issue 11): the start screen's facts line, and the
//! daily background check that, offline, changes nothing and only records the day.

use std::time::Duration;

use socialmine_core::Catalog;
use socialmine_tests::driver::AppSession;

#[tokio::test(flavor = "multi_thread")]
async fn the_start_screen_says_when_the_provider_facts_were_checked_and_offline_changes_nothing() {
    let home = std::env::temp_dir().join(format!(
        "socialmine-e2e-catalog-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    // Updates come from a loopback address where nothing listens: the computer is offline,
    // and no test reaches the internet.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let data = home.join("data").join("socialmine-setup-dev");
    std::fs::create_dir_all(&data).unwrap();
    let settings = data.join("app.toml");
    std::fs::write(
        &settings,
        format!("[catalog]\nupdate_url = \"http://127.0.0.1:{closed}/catalog.toml\"\n"),
    )
    .unwrap();

    let session = AppSession::start_in(&home).await;
    let line = session
        .wait_text("[data-testid=facts-checked]", |t| !t.is_empty())
        .await;
    let checkbox = session.count("[data-testid=catalog-auto-check]").await;
    let platforms = session.count("[data-testid=platform-name]").await;
    let unofficial = session.count("[data-testid=unofficial-banner]").await;
    // The background look ran after the window was up, failed quietly, and recorded the day.
    let mut recorded = String::new();
    for _ in 0..50 {
        recorded = std::fs::read_to_string(&settings).unwrap_or_default();
        if recorded.contains("last_check") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let line_after = session
        .wait_text("[data-testid=facts-checked]", |t| !t.is_empty())
        .await;
    let errors = session.count("[data-testid=error-banner]").await;
    session.close().await;

    let checked = Catalog::built_in().checked;
    assert_eq!(line, format!("Provider facts checked on {checked}"));
    assert_eq!(line_after, line, "offline: the facts in use are unchanged");
    assert_eq!(checkbox, 1, "the background check can be switched off");
    assert_eq!(platforms, 6);
    assert_eq!(unofficial, 0, "the built-in facts are official");
    assert_eq!(errors, 0, "an offline background check shows nothing");
    assert!(recorded.contains("last_check"), "{recorded}");
    std::fs::remove_dir_all(home).ok();
}
