//! Screenshots of each screen of the real app, for docs/screenshots (`make screenshots`).
//! Not a check: it walks the screens a new user sees and saves what the window shows.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use socialmine_tests::driver::{AppSession, workspace_root};

async fn shot(_s: &AppSession, name: &str) {
    // Let the page settle (fonts, layout) before taking the picture.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let dir: PathBuf = workspace_root().join("docs").join("screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join(format!("{name}.png"));
    // WebKitWebDriver's own screenshot stops answering after the first one, so the picture is
    // taken from the X server: the app's window as the user sees it.
    let ids = Command::new("xdotool")
        .args(["search", "--name", "^SocialMine Setup Assistant$"])
        .output()
        .unwrap_or_else(|e| panic!("xdotool (apt-get install xdotool): {e}"));
    let ids = String::from_utf8_lossy(&ids.stdout);
    let id = ids
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no app window on the display"));
    let status = Command::new("import")
        .args(["-window", id])
        .arg(&path)
        .status()
        .unwrap_or_else(|e| panic!("import (apt-get install imagemagick): {e}"));
    assert!(status.success(), "import failed for {name}");
    println!("wrote {}", path.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_every_screen() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;
    shot(&s, "start").await;

    s.click("[data-testid=open-facebook]").await;
    s.find("#wizard-heading").await;
    shot(&s, "wizard-step").await;

    // A step with the callback to register, and a pasted value with a problem to fix.
    for _ in 0..8 {
        if s.count("[data-testid=callback-url]").await > 0 {
            break;
        }
        s.click("[data-testid=next]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    if s.count("[data-testid=field-facebook-console_redirect_url]")
        .await
        > 0
    {
        let callback = s
            .wait_text("[data-testid=callback-url]", |t| !t.is_empty())
            .await;
        s.paste(
            "[data-testid=field-facebook-console_redirect_url]",
            &format!("{}/", callback.replace("https://", "http://")),
        )
        .await;
        s.find("[data-testid=mismatch]").await;
    }
    shot(&s, "wizard-callback-check").await;

    for _ in 0..10 {
        if s.count(".scopes").await > 0 || s.count("[data-testid=next]").await == 0 {
            break;
        }
        s.click("[data-testid=next]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    shot(&s, "wizard-scopes").await;

    s.click("nav[aria-label=Screens] button:nth-child(2)").await;
    s.paste(
        "[data-testid=troubleshoot-text]",
        "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
    )
    .await;
    s.click("form button[type=submit]").await;
    s.find("[data-testid=troubleshoot-result]").await;
    shot(&s, "troubleshoot").await;

    s.click("nav[aria-label=Screens] button:nth-child(3)").await;
    s.click("[data-testid=sign-in]").await;
    s.find("table.plan").await;
    shot(&s, "review-and-push").await;

    s.click("nav[aria-label=Screens] button:nth-child(4)").await;
    s.find("[data-testid=platform-name], table, h2").await;
    shot(&s, "deployments").await;

    s.click("nav[aria-label=Screens] button:nth-child(5)").await;
    shot(&s, "fleet").await;

    s.click("nav[aria-label=Screens] button:nth-child(6)").await;
    s.find("[data-testid=checklist-facebook]").await;
    shot(&s, "checklists").await;

    s.client
        .set_window_size(800, 600)
        .await
        .unwrap_or_else(|e| panic!("resize: {e}"));
    s.click("nav[aria-label=Screens] button:nth-child(1)").await;
    shot(&s, "start-800x600").await;
    s.close().await;
}
