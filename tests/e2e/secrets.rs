//! Secrets in the real window (issue 13 items 4, 5 and 7): a client secret pasted into the
//! client ID field is refused with a finding; the paste sheet's "Copy the secret" puts it on
//! the X clipboard from Rust, marked for password managers; removing a stored secret asks
//! first.

use std::process::{Command, Stdio};
use std::time::Duration;

use socialmine_tests::driver::AppSession;

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn xclip(args: &[&str]) -> String {
    let out = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("xclip could not run ({e}): make apt-deps installs it"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn finding_codes(s: &AppSession, css: &str) -> Vec<String> {
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

/// Opens the Facebook wizard at the step that asks for the credentials.
async fn to_credentials(s: &AppSession) {
    s.click("[data-testid=open-facebook]").await;
    for _ in 0..8 {
        if s.count("[data-testid=field-facebook-client_id]").await > 0 {
            return;
        }
        let before = s.wait_text("#wizard-heading", |t| !t.is_empty()).await;
        s.click("[data-testid=next]").await;
        s.wait_text("#wizard-heading", |t| t != before).await;
    }
    panic!("no step asks for the Facebook client ID");
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_are_refused_in_the_id_field_copied_from_rust_and_removed_only_when_confirmed() {
    let s = AppSession::start().await;
    to_credentials(&s).await;
    let id = "[data-testid=field-facebook-client_id]";

    // The App Secret pasted as the App ID: refused, with a finding on that field.
    s.paste(id, SECRET).await;
    let findings = "#facebook-client_id-findings";
    let mut codes = Vec::new();
    for _ in 0..50 {
        codes = finding_codes(&s, findings).await;
        if !codes.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(codes.contains(&"secret_in_field".to_owned()), "{codes:?}");
    let text = s
        .wait_text(findings, |t| t.contains("Client secret field"))
        .await;
    assert!(!text.contains(SECRET), "{text}");

    s.paste(id, "1234567890123456").await;
    s.paste("[data-testid=field-facebook-client_secret]", SECRET)
        .await;
    s.find("[data-testid=remove-secret]").await;
    // Leaving the field saves at once.
    s.click("[data-testid=field-facebook-client_id]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Review: sign in to the practice server, open Facebook's paste sheet, copy the secret.
    s.click("nav[aria-label=Screens] button:nth-child(3)").await;
    s.click("[data-testid=sign-in]").await;
    s.wait_text("[data-testid=signed-in]", |t| t.contains("Signed in"))
        .await;
    s.click("[data-testid=paste-sheet-facebook]").await;
    s.click("[data-testid=copy-secret]").await;
    let done = s
        .wait_text("[data-testid=copy-secret-done]", |t| t.contains("Copied"))
        .await;
    let on_clipboard = xclip(&["-o"]);
    let targets = xclip(&["-t", "TARGETS", "-o"]);

    // Back to the wizard: remove the stored secret, after saying no once.
    s.click("nav[aria-label=Screens] button:nth-child(1)").await;
    to_credentials(&s).await;
    s.click("[data-testid=remove-secret]").await;
    let question = s
        .wait_text("[data-testid=remove-secret-confirm]", |t| !t.is_empty())
        .await;
    s.click("[data-testid=remove-secret-no]").await;
    s.find("[data-testid=remove-secret]").await;
    s.click("[data-testid=remove-secret]").await;
    s.click("[data-testid=remove-secret-yes]").await;
    for _ in 0..50 {
        if s.count("[data-testid=remove-secret]").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let still_offered = s.count("[data-testid=remove-secret]").await;
    let placeholder = s
        .find("[data-testid=field-facebook-client_secret]")
        .await
        .attr("placeholder")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    s.close().await;

    assert_eq!(done, "Copied — cleared in 30 s");
    assert_eq!(on_clipboard, SECRET);
    assert!(
        targets
            .lines()
            .any(|t| t.trim() == "x-kde-passwordManagerHint"),
        "{targets}"
    );
    assert!(
        question.contains("Remove the stored client secret for Facebook?"),
        "{question}"
    );
    assert_eq!(still_offered, 0, "the secret was not removed");
    assert!(!placeholder.contains("Stored"), "{placeholder}");
}
