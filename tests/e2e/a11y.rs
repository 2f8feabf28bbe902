//! The axe-core audit of every screen of the real window (issue 14): start with the provider
//! facts, each kind of wizard step (console steps, credentials with a finding to fix, the
//! callback check with a mismatch, the scopes checklist, the last step with Verify),
//! troubleshoot, review and push with its confirmation and results, the paste sheet,
//! deployments with the delete confirmation and the import clash, fleet, checklists, and the
//! keyring banner. No serious or critical violation may remain; each one found is printed with
//! its rule, impact, help and the elements at fault.
//!
//! Run with `make e2e` (axe-core comes from ui/node_modules, installed by `npm ci`).

use std::time::Duration;

use socialmine_tests::axe;
use socialmine_tests::driver::{AppSession, workspace_root};

/// The audits of one window, gathered so that one run reports every screen at once.
struct Audits<'a> {
    s: &'a AppSession,
    failures: Vec<String>,
    screens: usize,
    /// Appended to each screen's name (" (dark)").
    theme: String,
}

impl<'a> Audits<'a> {
    fn new(s: &'a AppSession) -> Self {
        Audits {
            s,
            failures: Vec::new(),
            screens: 0,
            theme: String::new(),
        }
    }

    /// Audits the window as it is now, with every disclosure (`<details>`) opened so that
    /// their contents are checked too.
    async fn check(&mut self, screen: &str) {
        // Let the screen settle (answers from the backend, live regions).
        tokio::time::sleep(Duration::from_millis(400)).await;
        let _ = self
            .s
            .client
            .execute(
                "document.querySelectorAll('details').forEach((d) => { d.open = true; });",
                vec![],
            )
            .await;
        self.screens += 1;
        let screen = format!("{screen}{}", self.theme);
        if let Some(found) = axe::blocking_violations(self.s, &screen).await {
            self.failures.push(found);
        }
    }

    /// What the audits found: how many screens, and the failures.
    fn finish(self) -> Found {
        Found {
            screens: self.screens,
            failures: self.failures,
        }
    }
}

/// The audits' outcome, kept after the window is closed.
struct Found {
    screens: usize,
    failures: Vec<String>,
}

impl Found {
    fn assert_clean(&self, at_least: usize) {
        assert!(
            self.screens >= at_least,
            "only {} screens audited, expected {at_least}",
            self.screens
        );
        assert!(
            self.failures.is_empty(),
            "serious or critical accessibility violations (axe-core):\n{}",
            self.failures.join("\n")
        );
    }
}

async fn heading(s: &AppSession) -> String {
    s.wait_text("#wizard-heading", |t| !t.is_empty()).await
}

async fn next(s: &AppSession) {
    let before = heading(s).await;
    s.click("[data-testid=next]").await;
    s.wait_text("#wizard-heading", |t| t != before).await;
}

/// Opens a screen from the navigation bar (1 = Start … 6 = Checklists).
async fn tab(s: &AppSession, n: usize) {
    s.click(&format!("nav[aria-label=Screens] button:nth-child({n})"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_finds_violations_planted_in_the_window() {
    // The audit itself can fail: a button without a name, a field without a label and grey
    // text on white, planted in the real window, are each reported with the element at fault.
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;
    s.client
        .execute(
            "const main = document.querySelector('main'); \
             const b = document.createElement('button'); b.id = 'planted-button'; \
             const i = document.createElement('input'); i.id = 'planted-input'; \
             const p = document.createElement('p'); p.id = 'planted-text'; \
             p.textContent = 'Hard to read'; p.style.color = '#d0d0d0'; p.style.background = '#ffffff'; \
             main.append(b, i, p);",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("could not plant the faults: {e}"));
    let audit = axe::audit(&s).await;
    s.close().await;
    let blocking = audit.blocking();
    for (rule, impact, element) in [
        ("button-name", "critical", "#planted-button"),
        ("label", "critical", "#planted-input"),
        ("color-contrast", "serious", "#planted-text"),
    ] {
        let found = blocking
            .iter()
            .find(|v| v.id == rule)
            .unwrap_or_else(|| panic!("{rule} not reported: {:#?}", audit.violations));
        assert_eq!(found.impact, impact, "{found:?}");
        assert!(
            found.nodes.iter().any(|(t, _)| t.contains(element)),
            "{rule} does not point at {element}: {found:?}"
        );
    }
    assert!(
        axe::describe(&blocking).contains("#planted-text"),
        "the report names the element"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn start_every_kind_of_wizard_step_troubleshoot_checklists_and_fleet_have_no_serious_violation()
 {
    let s = AppSession::start().await;
    let found = setup_screens(&s, "").await;
    s.close().await;
    found.assert_clean(10);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_screens_in_the_dark_theme_have_no_serious_violation() {
    // WebKitGTK follows GTK's theme: a dark one makes the page prefer a dark colour scheme.
    let home =
        std::env::temp_dir().join(format!("socialmine-e2e-a11y-dark-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let s = AppSession::start_in_with_env(&home, &[("GTK_THEME", "Adwaita:dark")]).await;
    s.find("[data-testid=platform-name]").await;
    let dark = s
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("could not ask for the colour scheme: {e}"));
    let found = setup_screens(&s, " (dark)").await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);
    assert_eq!(
        dark,
        serde_json::Value::Bool(true),
        "the window is not dark"
    );
    found.assert_clean(10);
}

/// Audits Start, each kind of wizard step, Troubleshoot, Checklists and Fleet; `theme` is
/// appended to each screen's name in the report.
async fn setup_screens(s: &AppSession, theme: &str) -> Found {
    let mut a = Audits::new(s);
    a.theme = theme.to_owned();
    s.find("[data-testid=platform-name]").await;
    s.find("[data-testid=provider-facts]").await;
    a.check("start, with the provider facts").await;

    // A pasted API_PUBLIC_URL with problems: findings with one-click fixes on Start.
    let url = s.value_of("[data-testid=field-api_public_url]").await;
    s.paste("[data-testid=field-api_public_url]", &format!("{url}/api "))
        .await;
    s.find("#api_public_url-findings [data-testid=fix-button]")
        .await;
    a.check("start, API_PUBLIC_URL with findings").await;
    s.paste("[data-testid=field-api_public_url]", &url).await;
    tokio::time::sleep(Duration::from_millis(400)).await;

    s.click("[data-testid=open-facebook]").await;
    let first = heading(s).await;
    a.check(&format!("wizard, first console step ({first})"))
        .await;
    for _ in 0..10 {
        if s.count("[data-testid=next]").await == 0 {
            break;
        }
        next(s).await;
        let h = heading(s).await;
        if s.count("[data-testid=field-facebook-console_redirect_url]")
            .await
            > 0
        {
            // What the console shows differs from the callback: the mismatch is marked.
            let callback = s
                .wait_text("[data-testid=callback-url]", |t| !t.is_empty())
                .await;
            s.paste(
                "[data-testid=field-facebook-console_redirect_url]",
                &format!("{}/", callback.replace("https://", "http://")),
            )
            .await;
            s.find("[data-testid=mismatch]").await;
            a.check(&format!("wizard, callback check with a mismatch ({h})"))
                .await;
        } else if s.count("[data-testid=field-facebook-client_id]").await > 0 {
            // A pasted credential with a line break: a finding with its fix button.
            s.paste(
                "[data-testid=field-facebook-client_id]",
                "1234567890123456\n",
            )
            .await;
            s.find("#facebook-client_id-findings [data-testid=fix-button]")
                .await;
            s.paste("[data-testid=field-facebook-client_secret]", "short")
                .await;
            a.check(&format!("wizard, credentials with findings ({h})"))
                .await;
        } else if s.count(".scopes").await > 0 {
            a.check(&format!("wizard, scopes checklist ({h})")).await;
        } else if s.count("[data-testid=verify-panel-facebook]").await > 0 {
            a.check(&format!("wizard, last step with Verify ({h})"))
                .await;
        } else {
            a.check(&format!("wizard, console step ({h})")).await;
        }
    }

    tab(s, 2).await;
    s.find("#ts-heading").await;
    a.check("troubleshoot, empty").await;
    s.paste(
        "[data-testid=troubleshoot-text]",
        "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
    )
    .await;
    s.click("form button[type=submit]").await;
    s.find("[data-testid=troubleshoot-result]").await;
    a.check("troubleshoot, with a diagnosis").await;

    tab(s, 6).await;
    s.find("[data-testid=checklist-facebook]").await;
    a.check("checklists").await;

    tab(s, 5).await;
    s.find("[data-testid=fleet-table]").await;
    a.check("fleet").await;

    a.finish()
}

/// Fills a platform's wizard by pasting `values` where the fields appear, the callback pasted
/// back and every scope ticked, then returns to Start.
async fn fill(s: &AppSession, platform: &str, values: &[(&str, &str)]) {
    s.click(&format!("[data-testid=open-{platform}]")).await;
    for _ in 0..12 {
        for (field, value) in values {
            let css = format!("[data-testid=field-{platform}-{field}]");
            if s.count(&css).await > 0 {
                s.paste(&css, value).await;
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
    s.wait_text("#wizard-heading", |t| t.ends_with("is ready to push"))
        .await;
    tab(s, 1).await;
    s.find(&format!("[data-platform={platform}]")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn review_and_push_its_dialogs_and_deployments_have_no_serious_violation() {
    let s = AppSession::start().await;
    let mut a = Audits::new(&s);
    s.find("[data-testid=platform-name]").await;
    fill(
        &s,
        "facebook",
        &[
            ("client_id", "1234567890123456"),
            ("client_secret", "0123456789abcdef0123456789abcdef"),
            ("app_version", "v24.0"),
        ],
    )
    .await;
    a.check("start, a platform ready to push").await;

    tab(&s, 3).await;
    s.find("[data-testid=sign-in]").await;
    a.check("review, sign-in").await;
    s.click("[data-testid=sign-in]").await;
    s.find("table.plan").await;
    a.check("review, what a push would change").await;
    s.click("tr[data-platform=facebook] td button").await;
    s.find("#sheet-heading").await;
    a.check("review, paste sheet").await;
    s.click("[data-testid=push]").await;
    s.find("[data-testid=confirm-push]").await;
    a.check("review, push confirmation").await;
    s.click("[data-testid=confirm-push]").await;
    s.wait_text("[data-testid=push-results]", |t| t.contains("Facebook"))
        .await;
    a.check("review, push results").await;

    tab(&s, 4).await;
    s.find("[data-testid=deployment-list]").await;
    s.paste("[data-testid=new-name]", "Acme production").await;
    s.paste("[data-testid=new-url]", "https://api.acme.com")
        .await;
    s.click("[data-testid=add-deployment]").await;
    s.wait_text("[data-testid=added]", |t| t.contains("Acme production"))
        .await;
    a.check("deployments, one added").await;
    s.click("[data-testid=delete]").await;
    s.find("[data-testid=confirm-delete]").await;
    a.check("deployments, delete confirmation").await;
    s.click("[data-testid=confirm-delete] button.secondary")
        .await;

    // Export the open deployment and import it back: the name clashes, a dialog asks.
    s.click("[data-testid=export]").await;
    let path = s
        .wait_text("[data-testid=export-path]", |t| t.ends_with(".toml"))
        .await;
    s.find("[data-testid=import-file]")
        .await
        .send_keys(&path)
        .await
        .unwrap_or_else(|e| panic!("could not pick {path}: {e}"));
    s.click("[data-testid=import]").await;
    s.find("[data-testid=import-clash]").await;
    a.check("deployments, export done and import clash").await;

    tab(&s, 5).await;
    s.find("[data-testid=fleet-table]").await;
    a.check("fleet, two deployments").await;

    let found = a.finish();
    s.close().await;
    found.assert_clean(10);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keyring_and_unofficial_facts_banners_and_the_session_only_note_have_no_serious_violation()
 {
    let home = std::env::temp_dir().join(format!(
        "socialmine-e2e-a11y-banners-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&home);
    // The developer setting that takes provider facts from an unsigned file: the window warns
    // on every screen. Updates go to a loopback port where nothing listens.
    let data = home.join("data").join("socialmine-setup-dev");
    std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("{}: {e}", data.display()));
    let facts = workspace_root()
        .join("crates")
        .join("core")
        .join("data")
        .join("catalog.toml");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no loopback port: {e}"));
    std::fs::write(
        data.join("app.toml"),
        format!(
            "[catalog]\nupdate_url = \"http://127.0.0.1:{closed}/catalog.toml\"\nunofficial_file = {:?}\n",
            facts.display().to_string()
        ),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", data.display()));
    // No session bus for the app: the keyring cannot be reached and the banner says so.
    let s = AppSession::start_in_with_env(
        &home,
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/socialmine-a11y-no-bus",
        )],
    )
    .await;
    let mut a = Audits::new(&s);
    s.find("[data-testid=keyring-banner]").await;
    s.find("[data-testid=unofficial-banner]").await;
    a.check("start, keyring and unofficial provider facts banners")
        .await;
    s.click("[data-testid=keyring-session-only]").await;
    s.find("[data-testid=keyring-session-note]").await;
    a.check("start, secrets kept for this session only").await;
    let found = a.finish();
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);
    found.assert_clean(2);
}
