//! End-to-end tests: the real app in real WebKitGTK, driven through tauri-driver.
//! Run with `make e2e` (Xvfb, a dbus session with an unlocked gnome-keyring, and private XDG
//! folders are set up there; each test gets its own data folder).

mod checklists;
mod latency;
mod secrets;
mod updates;

use std::time::Duration;

use socialmine_core::Catalog;
use socialmine_tests::driver::{AppSession, wait_for_saved_file};

mod verify;
#[path = "../../crates/net/tests/verify_support/mod.rs"]
mod verify_support;

#[tokio::test(flavor = "multi_thread")]
async fn the_window_shows_the_six_platforms_from_the_catalog() {
    let session = AppSession::start().await;
    let names = session
        .texts_of("[data-testid=platform-name]", 6, Duration::from_secs(30))
        .await;
    let title = session.client.title().await.unwrap_or_default();
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
}

#[tokio::test(flavor = "multi_thread")]
async fn api_public_url_findings_show_live_and_the_fix_button_repairs_the_value() {
    let s = AppSession::start().await;
    let field = "[data-testid=field-api_public_url]";
    s.paste(field, "https://api.acme.com/api/ ").await;
    let findings = s
        .wait_text("#api_public_url-findings", |t| t.contains("/api"))
        .await;
    let codes = codes_of(&s, "#api_public_url-findings").await;
    assert!(
        codes.contains(&"whitespace".to_owned()),
        "{codes:?}: {findings}"
    );
    assert!(
        codes.contains(&"api_suffix".to_owned()),
        "{codes:?}: {findings}"
    );

    // Repair with the one-click fixes, one at a time, until nothing is left to fix.
    for _ in 0..5 {
        if s.count("#api_public_url-findings [data-testid=fix-button]")
            .await
            == 0
        {
            break;
        }
        s.click("#api_public_url-findings [data-testid=fix-button]")
            .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let value = s.value_of(field).await;
    s.close().await;
    assert_eq!(value, "https://api.acme.com");
}

#[tokio::test(flavor = "multi_thread")]
async fn facebook_and_x_walk_to_ready_with_a_pasted_newline_repaired_and_push_to_the_sandbox() {
    let s = AppSession::start().await;
    walk(
        &s,
        "facebook",
        &[
            ("client_id", "1234567890123456\n"),
            ("client_secret", "0123456789abcdef0123456789abcdef"),
            ("app_version", "v24.0"),
        ],
    )
    .await;
    let fb_status = card_status(&s, "facebook").await;
    walk(
        &s,
        "twitter",
        &[
            ("client_id", "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ"),
            (
                "client_secret",
                "p8Wq-2Zt_0RkYhL3nX9vB7mQ1sD4fG6jK0lP5oI8uY2tR3eW4a",
            ),
        ],
    )
    .await;
    let x_status = card_status(&s, "twitter").await;

    // Push both to the embedded sandbox, signed in with the credentials the window shows.
    s.click("nav[aria-label=Screens] button:nth-child(3)").await;
    s.click("[data-testid=sign-in]").await;
    s.wait_text("[data-testid=signed-in]", |t| t.contains("Signed in"))
        .await;
    for _ in 0..100 {
        if s.count("table.plan").await > 0 || s.count("[data-testid=review-problem]").await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        s.count("[data-testid=review-problem]").await,
        0,
        "{}",
        s.wait_text("[data-testid=review-problem]", |_| true).await
    );
    s.find("table.plan").await;
    s.click("[data-testid=push]").await;
    s.click("[data-testid=confirm-push]").await;
    let results = s
        .wait_text("[data-testid=push-results]", |t| {
            t.contains("Facebook") && t.contains("X (Twitter)")
        })
        .await;
    s.close().await;

    assert_eq!(fb_status, "Ready to push");
    assert_eq!(x_status, "Ready to push");
    assert!(results.contains("Facebook: Saved"), "{results}");
    assert!(results.contains("X (Twitter): Saved"), "{results}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_in_the_middle_of_a_wizard_loses_nothing() {
    let home = std::env::temp_dir().join(format!("socialmine-e2e-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let s = AppSession::start_in(&home).await;
    s.click("[data-testid=open-twitter]").await;
    let id_css = "[data-testid=field-twitter-client_id]";
    // Go forward until the step that asks for the client ID.
    for _ in 0..8 {
        if s.count(id_css).await > 0 {
            break;
        }
        next(&s).await;
    }
    s.paste(id_css, "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ").await;
    let heading = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
    // Wait for the autosave: the draft with the client ID, and the wizard's place beside it.
    let data = home.join("data");
    wait_for_saved_file(
        &data,
        |_, text| text.contains("cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ"),
        Duration::from_secs(10),
    )
    .await;
    wait_for_saved_file(
        &data,
        |path, text| {
            path.parent().is_some_and(|d| d.ends_with("wizard")) && text.contains("twitter")
        },
        Duration::from_secs(10),
    )
    .await;
    // Kill the window without "Finish later".
    s.close().await;

    let s = AppSession::start_in(&home).await;
    let status = card_status(&s, "twitter").await;
    s.click("[data-testid=open-twitter]").await;
    let heading_after = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
    let value = s.value_of(id_css).await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);

    assert!(status.starts_with("In progress"), "{status}");
    assert_eq!(heading_after, heading);
    assert_eq!(value, "cXJ2d0VZSUZuMzBFNHp3Z0pSZkM6MTpjaQ");
}

/// The finding codes shown inside `css`.
async fn codes_of(s: &AppSession, css: &str) -> Vec<String> {
    let els = s
        .client
        .find_all(fantoccini::Locator::Css(&format!(
            "{css} [data-testid=finding]"
        )))
        .await
        .unwrap_or_default();
    let mut out = Vec::new();
    for el in els {
        if let Ok(Some(code)) = el.attr("data-code").await {
            out.push(code);
        }
    }
    out
}

async fn card_status(s: &AppSession, platform: &str) -> String {
    s.find(&format!(
        "[data-platform={platform}] [data-testid=platform-status]"
    ))
    .await
    .text()
    .await
    .unwrap_or_default()
}

async fn next(s: &AppSession) {
    let before = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
    s.click("[data-testid=next]").await;
    s.wait_text("#wizard-heading", |t| t != before).await;
}

/// Walks a platform's wizard from the start screen to its last step, filling the given fields
/// where they appear (each paste checked and, when it has a one-click fix, repaired), pasting
/// the derived callback back, and ticking every scope; then returns to the start screen.
async fn walk(s: &AppSession, platform: &str, values: &[(&str, &str)]) {
    s.click(&format!("[data-testid=open-{platform}]")).await;
    for _ in 0..12 {
        for (field, value) in values {
            let css = format!("[data-testid=field-{platform}-{field}]");
            if s.count(&css).await == 0 {
                continue;
            }
            s.paste(&css, value).await;
            if value.ends_with('\n') {
                let findings = format!("#{platform}-{field}-findings");
                let codes = s.wait_text(&findings, |t| !t.is_empty()).await;
                assert!(
                    codes_of(s, &findings)
                        .await
                        .contains(&"whitespace".to_owned()),
                    "a pasted trailing newline in {field} was not flagged: {codes}"
                );
                s.click(&format!("{findings} [data-testid=fix-button]"))
                    .await;
                let fixed = value.trim_end();
                for _ in 0..50 {
                    if s.value_of(&css).await == fixed {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                assert_eq!(
                    s.value_of(&css).await,
                    fixed,
                    "the fix did not trim {field}"
                );
            }
        }
        let redirect = format!("[data-testid=field-{platform}-console_redirect_url]");
        if s.count(&redirect).await > 0 {
            let callback = s
                .wait_text("[data-testid=callback-url]", |t| !t.is_empty())
                .await;
            s.paste(&redirect, &callback).await;
        }
        let boxes = s
            .client
            .find_all(fantoccini::Locator::Css(".scopes input[type=checkbox]"))
            .await
            .unwrap_or_default();
        for b in boxes {
            if !b.is_selected().await.unwrap_or(false) {
                let _ = b.click().await;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        if s.count("[data-testid=next]").await == 0 {
            break;
        }
        next(s).await;
    }
    let heading = s
        .wait_text("#wizard-heading", |t| t.ends_with("is ready to push"))
        .await;
    assert!(
        heading.ends_with("is ready to push"),
        "{platform} did not get ready: {heading}"
    );
    s.click("nav[aria-label=Screens] button:nth-child(1)").await;
    s.find(&format!("[data-platform={platform}]")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployment_is_added_opened_listed_and_the_practice_one_opened_again() {
    let s = AppSession::start().await;
    s.find("[data-testid=deployment-name]").await;
    s.click("nav[aria-label=Screens] button:nth-child(4)").await;
    s.find("[data-testid=deployment-list]").await;
    s.paste("[data-testid=new-name]", "Acme production").await;
    s.paste("[data-testid=new-url]", "https://api.acme.com")
        .await;
    s.click("[data-testid=add-deployment]").await;
    s.wait_text("[data-testid=added]", |t| t.contains("Acme production"))
        .await;
    s.click("[data-testid=open-added]").await;
    let opened = s
        .wait_text("[data-testid=deployment-name]", |t| {
            t.contains("Acme production")
        })
        .await;
    let url = s.value_of("[data-testid=field-api_public_url]").await;

    // Listed, and marked as the open one; the practice deployment is still there.
    s.click("nav[aria-label=Screens] button:nth-child(4)").await;
    let names = s
        .texts_of(
            "[data-testid=deployment-row-name]",
            2,
            Duration::from_secs(20),
        )
        .await;
    let open_row = s
        .wait_text("tr.current [data-testid=deployment-row-name]", |t| {
            t == "Acme production"
        })
        .await;
    // Export the open deployment as TOML, then import that file back under another name.
    s.click("[data-testid=export]").await;
    let export_path = s
        .wait_text("[data-testid=export-path]", |t| t.ends_with(".toml"))
        .await;
    let exported = std::fs::read_to_string(&export_path).unwrap_or_default();
    s.find("[data-testid=import-file]")
        .await
        .send_keys(&export_path)
        .await
        .unwrap_or_else(|e| panic!("could not pick {export_path}: {e}"));
    s.click("[data-testid=import]").await;
    s.find("[data-testid=import-clash]").await;
    s.paste("[data-testid=clash-name]", "Acme staging").await;
    s.click("[data-testid=clash-rename]").await;
    let imported = s
        .wait_text("[data-testid=imported]", |t| t.contains("Acme staging"))
        .await;
    let names_after_import = s
        .texts_of(
            "[data-testid=deployment-row-name]",
            3,
            Duration::from_secs(20),
        )
        .await;

    let fleet_rows = {
        s.click("nav[aria-label=Screens] button:nth-child(5)").await;
        s.texts_of("[data-testid=fleet-row]", 3, Duration::from_secs(20))
            .await
            .len()
    };

    // Back to the practice deployment in one click.
    s.click("nav[aria-label=Screens] button:nth-child(4)").await;
    s.find("[data-testid=deployment-list]").await;
    s.click("tr.sandbox [data-testid=switch]").await;
    let back = s
        .wait_text("[data-testid=deployment-name]", |t| t.contains("Sandbox"))
        .await;
    let password = s.count("[data-testid=sandbox-password]").await;
    s.close().await;

    assert!(opened.contains("Acme production"), "{opened}");
    assert_eq!(url, "https://api.acme.com");
    assert_eq!(names, ["Acme production", "Sandbox (practice server)"]);
    assert_eq!(open_row, "Acme production");
    assert!(
        exported.contains("https://api.acme.com"),
        "{export_path}: {exported}"
    );
    assert!(imported.contains("Imported “Acme staging”"), "{imported}");
    assert_eq!(
        names_after_import,
        [
            "Acme production",
            "Acme staging",
            "Sandbox (practice server)"
        ]
    );
    assert_eq!(fleet_rows, 3);
    assert!(back.contains("Sandbox (practice server)"), "{back}");
    assert_eq!(password, 1, "the practice server's sign-in is shown again");
}
