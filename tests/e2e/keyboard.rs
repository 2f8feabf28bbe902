//! A keyboard-only walk through the real window (issue 14): from the start screen to Facebook
//! pushed to the embedded sandbox with Tab, Shift+Tab, Enter, Space, Escape and typing — no
//! click, no script click. At every Tab stop the focus must be on something and be drawn; after
//! each screen change it must be on the new screen's heading, and a dialog must take the focus
//! and give it back.
//!
//! Run with `make e2e`.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::Value;
use socialmine_tests::driver::AppSession;
use socialmine_tests::keys::{press, tab_to, type_text, wait_focus};

const VALUES: &[(&str, &str)] = &[
    ("client_id", "1234567890123456"),
    ("client_secret", "0123456789abcdef0123456789abcdef"),
    ("app_version", "v24.0"),
];

/// The wizard's fields and scope boxes, in the order Tab reaches them (read, never touched).
async fn stops(s: &AppSession) -> Vec<(String, bool)> {
    let v = s
        .client
        .execute(
            "return [...document.querySelectorAll('.wizard form [data-testid^=\"field-facebook-\"], \
             .wizard .scopes input[type=checkbox]')].map((e) => [e.dataset.testid, !!e.checked]);",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("could not list the fields: {e}"));
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            (
                p.get(0).and_then(Value::as_str).unwrap_or("").to_owned(),
                p.get(1).and_then(Value::as_bool).unwrap_or(false),
            )
        })
        .collect()
}

/// Replaces the focused field's text: Ctrl+A, then the new text.
async fn replace_text(s: &AppSession, text: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let ctrl: char = Key::Control.into();
    s.client
        .perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: ctrl })
                .then(KeyAction::Down { value: 'a' })
                .then(KeyAction::Up { value: 'a' })
                .then(KeyAction::Up { value: ctrl }),
        )
        .await
        .unwrap_or_else(|e| panic!("Ctrl+A failed: {e}"));
    type_text(s, text).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn from_start_to_a_pushed_platform_with_the_keyboard_only() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;

    // Start: Tab through the navigation and the server's fields to Facebook's card.
    let path = tab_to(&s, "[data-testid=open-facebook]", 40, false).await;
    assert!(
        path.first().is_some_and(|p| p.contains("\"Start\"")),
        "the first Tab stop is the navigation: {path:#?}"
    );
    println!("Tab stops on Start: {path:#?}");
    press(&s, Key::Enter).await;
    wait_focus(&s, "#wizard-heading", "opening Facebook's wizard").await;

    let mut typed = 0;
    let mut ticked = 0;
    for _ in 0..12 {
        let heading = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
        for (testid, checked) in stops(&s).await {
            let css = format!("[data-testid='{testid}']");
            if let Some(field) = testid.strip_prefix("field-facebook-") {
                let value = if field == "console_redirect_url" {
                    s.wait_text("[data-testid=callback-url]", |t| !t.is_empty())
                        .await
                } else if let Some((_, v)) = VALUES.iter().find(|(f, _)| *f == field) {
                    (*v).to_owned()
                } else {
                    continue;
                };
                tab_to(&s, &css, 15, false).await;
                replace_text(&s, &value).await;
                typed += 1;
            } else if !checked {
                tab_to(&s, &css, 15, false).await;
                press(&s, Key::Space).await;
                ticked += 1;
            }
        }
        if s.count("[data-testid=field-facebook-app_version]").await > 0 {
            // Shift+Tab goes back through the secret's Show button to the client ID, as typed.
            tab_to(&s, "[data-testid=field-facebook-client_id]", 6, true).await;
            assert_eq!(
                s.value_of("[data-testid=field-facebook-client_id]").await,
                "1234567890123456"
            );
        }
        if s.count("[data-testid=next]").await == 0 {
            break;
        }
        tab_to(&s, "[data-testid=next]", 40, false).await;
        press(&s, Key::Enter).await;
        let moved = s
            .wait_text("#wizard-heading", |t| !t.is_empty() && t != heading)
            .await;
        assert_ne!(moved, heading, "Enter on Next did not move on");
        wait_focus(&s, "#wizard-heading", "after Next").await;
    }
    let last = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
    assert_eq!(last, "Facebook is ready to push");
    assert_eq!(
        typed, 4,
        "client ID, secret, version and the callback typed"
    );
    assert!(ticked > 0, "the scopes were ticked with Space");

    // Review and push: the sign-in is filled in for the practice server.
    tab_to(&s, "[data-testid=to-review]", 30, false).await;
    press(&s, Key::Enter).await;
    wait_focus(&s, "#review-heading", "opening Review and push").await;
    // The sign-in form shows once the window knows there is no earlier sign-in to resume.
    s.find("[data-testid=sign-in]").await;
    tab_to(&s, "[data-testid=sign-in]", 15, false).await;
    press(&s, Key::Enter).await;
    wait_focus(&s, "[data-testid=signed-in]", "after signing in").await;
    s.find("table.plan").await;
    tab_to(&s, "[data-testid=push]", 30, false).await;
    press(&s, Key::Enter).await;
    wait_focus(&s, "[data-testid=confirm-push]", "the confirmation opened").await;
    // Escape cancels and gives the focus back to Push; Enter asks again.
    press(&s, Key::Escape).await;
    wait_focus(&s, "[data-testid=push]", "the confirmation was cancelled").await;
    press(&s, Key::Enter).await;
    wait_focus(
        &s,
        "[data-testid=confirm-push]",
        "the confirmation opened again",
    )
    .await;
    press(&s, Key::Enter).await;
    let results = s
        .wait_text("[data-testid=push-results]", |t| t.contains("Facebook"))
        .await;
    let focus = wait_focus(&s, "#push-result-heading", "after the push").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.close().await;

    assert!(results.contains("Facebook: Saved"), "{results}");
    assert!(!focus.lost);
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_leaves_the_wizard_and_the_focus_lands_on_the_start_screen() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;
    tab_to(&s, "[data-testid=open-twitter]", 40, false).await;
    press(&s, Key::Enter).await;
    wait_focus(&s, "#wizard-heading", "opening X's wizard").await;
    press(&s, Key::Escape).await;
    wait_focus(&s, "#deployment-heading", "back on Start").await;
    // The navigation is reached backwards, and it opens a screen with its heading focused.
    tab_to(&s, "nav[aria-label=Screens] button:nth-child(6)", 10, true).await;
    press(&s, Key::Enter).await;
    let f = wait_focus(&s, "#checklists-heading", "opening Checklists").await;
    s.close().await;
    assert!(!f.lost);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployment_is_added_and_deleted_with_the_keyboard_and_the_dialog_gives_the_focus_back() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;
    tab_to(&s, "nav[aria-label=Screens] button:nth-child(4)", 10, false).await;
    press(&s, Key::Enter).await;
    wait_focus(&s, "#deployments-heading", "opening Deployments").await;
    s.find("[data-testid=deployment-list]").await;

    // Add one: its name, its address, Enter.
    tab_to(&s, "[data-testid=new-name]", 30, false).await;
    type_text(&s, "Acme production").await;
    tab_to(&s, "[data-testid=new-url]", 3, false).await;
    type_text(&s, "https://api.acme.com").await;
    press(&s, Key::Enter).await;
    s.wait_text("[data-testid=added]", |t| t.contains("Acme production"))
        .await;

    // Its Delete button is above, in the list: Shift+Tab back to it.
    let delete = "tr[data-testid=deployment-row]:not(.sandbox) [data-testid=delete]";
    tab_to(&s, delete, 30, true).await;
    press(&s, Key::Enter).await;
    let keep = "[data-testid=confirm-delete] button.secondary";
    wait_focus(
        &s,
        keep,
        "the delete confirmation opened on the safe choice",
    )
    .await;
    press(&s, Key::Escape).await;
    wait_focus(&s, delete, "Escape kept the deployment").await;
    press(&s, Key::Enter).await;
    wait_focus(&s, keep, "the confirmation opened again").await;
    tab_to(&s, "[data-testid=confirm-delete-button]", 2, true).await;
    press(&s, Key::Enter).await;
    let notice = wait_focus(&s, "[data-testid=deployments-notice]", "after deleting").await;
    let names = s
        .texts_of(
            "[data-testid=deployment-row-name]",
            1,
            Duration::from_secs(10),
        )
        .await;
    s.close().await;

    assert!(notice.what.contains("Deleted"), "{}", notice.what);
    assert_eq!(names, ["Sandbox (practice server)"]);
}
