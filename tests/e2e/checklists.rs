//! The scope checklists in the real window (issue 12): a tick and a note made on the
//! Checklists screen are saved with the deployment (they survive a restart), the wizard's
//! permissions step shows the same tick, and the export written to disk carries both.

use std::time::Duration;

use socialmine_tests::driver::{AppSession, wait_for_saved_file};

const TICK: &str = "[data-testid=tick-facebook-scope-pages_manage_posts]";
const NOTE: &str = "[data-testid=note-facebook-scope-pages_manage_posts]";
const NOTE_TEXT: &str = "Ann, 2 Dec: Advanced Access granted";

/// Sets an input's or a select's value and fires `input` and `change`, as leaving the field does.
async fn set_and_leave(s: &AppSession, css: &str, value: &str) {
    let el = s.find(css).await;
    let arg = serde_json::to_value(&el).unwrap_or_else(|e| panic!("element to JSON: {e}"));
    s.client
        .execute(
            "const el = arguments[0]; el.focus(); el.value = arguments[1]; \
             el.dispatchEvent(new Event('input', { bubbles: true })); \
             el.dispatchEvent(new Event('change', { bubbles: true })); el.blur();",
            vec![arg, serde_json::Value::String(value.to_owned())],
        )
        .await
        .unwrap_or_else(|e| panic!("could not set {css}: {e}"));
}

async fn is_checked(s: &AppSession, css: &str) -> bool {
    s.find(css)
        .await
        .prop("checked")
        .await
        .ok()
        .flatten()
        .is_some_and(|v| v == "true")
}

async fn open_checklists(s: &AppSession) {
    s.click("nav[aria-label=Screens] button:nth-child(6)").await;
    s.find(TICK).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tick_and_note_made_in_the_window_are_kept_and_exported() {
    let home =
        std::env::temp_dir().join(format!("socialmine-e2e-checklist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let s = AppSession::start_in(&home).await;
    s.find("[data-testid=platform-name]").await;
    open_checklists(&s).await;
    assert!(
        !is_checked(&s, TICK).await,
        "a fresh deployment has no tick"
    );
    s.click(TICK).await;
    let count = s
        .wait_text("[data-testid=checklist-count-facebook]", |t| {
            t.starts_with("1 of")
        })
        .await;
    assert!(count.starts_with("1 of"), "{count}");
    set_and_leave(&s, NOTE, NOTE_TEXT).await;
    // Saved when the note is left: wait until the deployment file holds it.
    wait_for_saved_file(
        &home.join("data"),
        |_, text| text.contains(NOTE_TEXT),
        Duration::from_secs(10),
    )
    .await;

    // Export the Facebook checklist as Markdown, and the whole checklist as a page to print.
    set_and_leave(&s, "[data-testid=checklist-platform]", "facebook").await;
    s.click("[data-testid=checklist-export-md]").await;
    s.click("[data-testid=checklist-export-button]").await;
    let md_path = s
        .wait_text("[data-testid=checklist-export-path]", |t| {
            t.ends_with(".md")
        })
        .await;
    set_and_leave(&s, "[data-testid=checklist-platform]", "all").await;
    s.click("[data-testid=checklist-export] input[value=html]")
        .await;
    s.click("[data-testid=checklist-export-button]").await;
    let html_path = s
        .wait_text("[data-testid=checklist-export-path]", |t| {
            t.ends_with(".html")
        })
        .await;
    s.close().await;

    // After a restart: the same tick and note, on the Checklists screen and in the wizard.
    let s = AppSession::start_in(&home).await;
    s.find("[data-testid=platform-name]").await;
    open_checklists(&s).await;
    let ticked_after = is_checked(&s, TICK).await;
    let note_after = s.value_of(NOTE).await;
    s.click("nav[aria-label=Screens] button:nth-child(1)").await;
    s.click("[data-testid=open-facebook]").await;
    for _ in 0..12 {
        if s.count(".scopes").await > 0 || s.count("[data-testid=next]").await == 0 {
            break;
        }
        s.click("[data-testid=next]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let wizard_note = s
        .value_of("[data-testid='note-wizard-facebook-pages_manage_posts']")
        .await;
    s.close().await;

    let md = std::fs::read_to_string(&md_path)
        .unwrap_or_else(|e| panic!("the export {md_path:?} cannot be read: {e}"));
    let html = std::fs::read_to_string(&html_path)
        .unwrap_or_else(|e| panic!("the export {html_path:?} cannot be read: {e}"));
    let _ = std::fs::remove_dir_all(&home);

    assert!(ticked_after, "the tick survived the restart");
    assert_eq!(note_after, NOTE_TEXT);
    assert_eq!(wizard_note, NOTE_TEXT, "the wizard shows the same note");
    let line = md
        .lines()
        .filter(|l| l.trim_start().starts_with("- ["))
        .find(|l| l.contains("pages\\_manage\\_posts") || l.contains("pages_manage_posts"))
        .unwrap_or_else(|| panic!("no pages_manage_posts line in {md}"));
    assert!(line.contains("[x]"), "ticked in the export: {line}");
    assert!(md.contains(NOTE_TEXT), "{md}");
    assert!(!md.contains("LinkedIn"), "one platform only: {md}");
    assert!(html.contains(NOTE_TEXT), "the note in the page");
    assert!(html.contains("LinkedIn"), "every platform in the page");
}
