//! Updates of the app itself in the real window (issue 14): the window offers the update a
//! (loopback) update server announces, with its version and notes, and installs nothing until
//! asked. Needs the app built with `--features e2e` (`make e2e` does), the only build whose
//! updater may ask a plain-http address.

use std::io::{Read, Write};

use socialmine_tests::driver::AppSession;

/// A loopback server answering every request with `latest.json`.
fn manifest_server(manifest: String) -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap_or_else(|e| panic!("cannot listen on loopback: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten().take(16) {
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{manifest}",
                manifest.len()
            );
        }
    });
    port
}

/// The text of the first element matching `css`, or "" when there is none (yet).
async fn text_of(s: &AppSession, css: &str) -> String {
    match s.client.find(fantoccini::Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_offers_the_update_the_server_announces_and_waits_for_consent() {
    let manifest = serde_json::json!({
        "version": "9.9.9",
        "notes": "Checks Threads callbacks, and more.",
        "pub_date": "2026-12-01T10:00:00Z",
        "platforms": {
            "linux-x86_64": { "url": "http://127.0.0.1:9/pkg.deb", "signature": "c2ln" },
            "linux-x86_64-deb": { "url": "http://127.0.0.1:9/pkg.deb", "signature": "c2ln" }
        }
    })
    .to_string();
    let port = manifest_server(manifest);
    let home = std::env::temp_dir().join(format!("socialmine-e2e-update-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let settings = AppSession::settings_file(&home);
    std::fs::create_dir_all(settings.parent().unwrap_or(&home)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &settings,
        format!(
            "update_endpoint = \"http://127.0.0.1:{port}/latest.json\"\n\n[catalog]\nauto_check = false\nupdate_url = \"http://127.0.0.1:9/catalog.toml\"\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let s = AppSession::start_in(&home).await;
    s.click("[data-testid=check-app-update]").await;
    // The answer comes once the app has started (data folder, keyring, sandbox): on a loaded
    // machine that can take a while.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let (mut offer, mut unreachable) = (String::new(), String::new());
    while std::time::Instant::now() < deadline {
        offer = text_of(&s, "[data-testid=app-update-available]").await;
        unreachable = text_of(&s, "[data-testid=app-update-unreachable]").await;
        if !offer.is_empty() || !unreachable.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let install_buttons = s.count("[data-testid=install-app-update]").await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);

    assert_eq!(unreachable, "", "the check failed");
    assert!(offer.contains("Version 9.9.9 is available"), "{offer}");
    assert!(
        offer.contains("Checks Threads callbacks, and more."),
        "{offer}"
    );
    assert_eq!(install_buttons, 1);
}
