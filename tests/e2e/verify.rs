//! Live verification in the real window (issue 10): the app is started with
//! `SOCIALMINE_SETUP_PROVIDER_OVERRIDE` pointing at the provider emulators this test runs on
//! loopback, and the practice deployment's API_PUBLIC_URL at a SocialMine-like callback server.
//! Facebook is verified from its wizard's last step, then everything from Review (X with a
//! wrong secret), and the Start screen's cards show both outcomes. Screenshots of the three
//! screens are written to the temp folder for a look at the layout.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use socialmine_tests::driver::AppSession;

use super::walk;
use crate::verify_support::{FB_ID, FB_SECRET, X_ID, emulator, servers};

/// The app's window as the user sees it, into the temp folder (for looking at the layout).
async fn shot(name: &str) {
    tokio::time::sleep(Duration::from_millis(800)).await;
    let path: PathBuf = std::env::temp_dir().join(format!("socialmine-verify-{name}.png"));
    let ids = Command::new("xdotool")
        .args(["search", "--name", "^SocialMine Setup Assistant$"])
        .output();
    let Ok(ids) = ids else { return };
    let ids = String::from_utf8_lossy(&ids.stdout);
    if let Some(id) = ids.lines().last()
        && Command::new("import")
            .args(["-window", id])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success())
    {
        println!("wrote {}", path.display());
    }
}

/// Scrolls the first element matching `css` into view (for the screenshots).
async fn show(s: &AppSession, css: &str) {
    let el = s.find(css).await;
    if let Ok(arg) = serde_json::to_value(&el) {
        let _ = s
            .client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![arg],
            )
            .await;
    }
}

/// Waits up to 60 s until `css` matches `n` elements.
async fn wait_count(s: &AppSession, css: &str, n: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let c = s.count(css).await;
        if c >= n || Instant::now() >= deadline {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_platform_is_verified_against_local_provider_emulators_and_the_results_show() {
    let emu = emulator().await;
    let callback_server = servers::socialmine_like(None).await;
    let home = std::env::temp_dir().join(format!(
        "socialmine-e2e-verify-{}-{}",
        std::process::id(),
        callback_server.port()
    ));
    let routes = emu.override_value();
    let s = AppSession::start_in_with_env(
        &home,
        &[(socialmine_net::verify::OVERRIDE_ENV, routes.as_str())],
    )
    .await;
    s.paste(
        "[data-testid=field-api_public_url]",
        &format!("http://{callback_server}"),
    )
    .await;
    walk(
        &s,
        "facebook",
        &[
            ("client_id", FB_ID),
            ("client_secret", FB_SECRET),
            ("app_version", "v24.0"),
        ],
    )
    .await;
    walk(
        &s,
        "twitter",
        &[
            ("client_id", X_ID),
            (
                "client_secret",
                "x-secret-wrongwrongwrongwrongwrong-0123456789-ABCD",
            ),
        ],
    )
    .await;

    // One platform, from its wizard's last step.
    s.click("[data-testid=open-facebook]").await;
    s.click("[data-testid=verify-facebook]").await;
    let outcome = s
        .wait_text(
            "[data-testid=verify-panel-facebook] [data-testid=verify-outcome]",
            |t| !t.is_empty(),
        )
        .await;
    let panel = s
        .wait_text("[data-testid=verify-panel-facebook]", |_| true)
        .await;
    shot("wizard").await;
    assert!(
        outcome.contains("Verified") && !outcome.contains("Partly"),
        "{outcome}\n{panel}"
    );
    for words in [
        "Client ID and secret: Verified.",
        "Graph API version: Verified.",
        "Callback URL: Verified.",
        "Try it in the browser",
    ] {
        assert!(panel.contains(words), "{words} missing from:\n{panel}");
    }

    // Everything, from Review: X's wrong secret is rejected, with what to do.
    s.click("nav[aria-label=Screens] button:nth-child(3)").await;
    s.click("[data-testid=verify-all]").await;
    let outcomes = "[data-testid=verify-panel-all] [data-testid=verify-outcome]";
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The outcomes of the earlier run are replaced when this one ends.
    let deadline = Instant::now() + Duration::from_secs(60);
    while s
        .count("[data-testid=verify-panel-all] [data-testid=verify-progress]")
        .await
        > 0
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(wait_count(&s, outcomes, 2).await, 2);
    let x = s
        .wait_text(
            "[data-testid=verify-panel-all] [data-testid=verify-checks-twitter]",
            |t| t.contains("Verification failed"),
        )
        .await;
    show(
        &s,
        "[data-testid=verify-panel-all] [data-testid=verify-checks-twitter]",
    )
    .await;
    shot("review").await;
    assert!(x.contains("Verification failed"), "{x}");
    assert!(x.contains("Client ID and secret: Rejected."), "{x}");
    assert!(x.contains("How to fix:"), "{x}");
    assert!(
        !x.contains("wrongwrongwrong"),
        "the secret is never shown: {x}"
    );

    // The Start screen's cards show both outcomes.
    s.click("nav[aria-label=Screens] button:nth-child(1)").await;
    let badges = s
        .texts_of(
            "[data-testid=platform-verification]",
            2,
            Duration::from_secs(20),
        )
        .await;
    show(&s, "[data-testid=platform-verification]").await;
    shot("start").await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);
    assert_eq!(badges.len(), 2, "{badges:?}");
    assert!(badges[0].contains("Verified on"), "{badges:?}");
    assert!(badges[1].contains("Verification failed on"), "{badges:?}");
}
