//! The webview is locked down: checked in the real window, from the page's side.
//! Run with `make e2e`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use socialmine_tests::driver::AppSession;

/// A loopback HTTP server that answers every request with 200 and permissive CORS headers.
fn answering_server() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap_or_else(|e| panic!("cannot listen on loopback: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten().take(16) {
            let mut buf = [0u8; 2048];
            let _ = conn.read(&mut buf);
            let _ = conn.write_all(
                b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
            );
        }
    });
    port
}

/// A loopback HTTP server that counts the requests it gets (and answers each with a page).
fn counting_server() -> (u16, Arc<AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap_or_else(|e| panic!("cannot listen on loopback: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten().take(16) {
            // A connection opened ahead of time (WebKit preconnects to a link's host) is not
            // a request; one that sends a request line is.
            let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = [0u8; 2048];
            if conn.read(&mut buf).unwrap_or(0) > 0 {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            let _ = conn.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 31\r\nConnection: close\r\n\r\n<html><p>elsewhere</p></html>\r\n",
            );
        }
    });
    (port, hits)
}

/// A folder with a stand-in `xdg-open` that writes the address it is asked to open to
/// `opened.log` beside it instead of starting a browser; the app, started with this folder
/// first on its PATH, "opens" pages there.
fn fake_browser(dir: &Path) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    let log = dir.join("opened.log");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, log)
}

/// Runs an async script in the page; it calls `done(value)` with what it found.
async fn probe(s: &AppSession, body: &str) -> serde_json::Value {
    let script = format!("const done = arguments[arguments.length - 1]; {body}");
    s.client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_has_no_global_tauri_no_network_and_no_shell() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;

    // withGlobalTauri is off.
    let global = probe(&s, "done(typeof window.__TAURI__);").await;

    // The CSP allows no connection but the app's own IPC: not even to a server on this
    // machine that would answer (and allows any origin).
    let port = answering_server();
    let fetch = probe(
        &s,
        &format!(
            "fetch('http://127.0.0.1:{port}/').then(() => done('reached'), e => done('blocked: ' + e));"
        ),
    )
    .await;

    // An inline script injected into the page does not run.
    let inline = probe(
        &s,
        "window.__injected = false; const el = document.createElement('script'); \
         el.textContent = 'window.__injected = true'; document.body.appendChild(el); \
         setTimeout(() => done(window.__injected), 200);",
    )
    .await;

    // The shell plugin is gone: nothing can run a program.
    let run_command = probe(
        &s,
        "window.__TAURI_INTERNALS__.invoke('plugin:shell|execute', { program: 'sh', args: ['-c', 'true'], options: {} }) \
         .then(() => done('ran'), e => done('refused: ' + e));",
    )
    .await;
    s.close().await;

    assert_eq!(global, serde_json::json!("undefined"));
    assert!(
        fetch.as_str().is_some_and(|v| v.starts_with("blocked")),
        "{fetch}"
    );
    assert_eq!(inline, serde_json::json!(false));
    assert!(
        run_command
            .as_str()
            .is_some_and(|v| v.starts_with("refused")),
        "{run_command}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn only_allowlisted_pages_open_in_the_browser_and_only_as_pages() {
    let home = std::env::temp_dir().join(format!("socialmine-e2e-opener-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let (path, log) = fake_browser(&home);
    let s = AppSession::start_in_with_env(&home, &[("PATH", path.as_str())]).await;
    s.find("[data-testid=platform-name]").await;

    let open = |url: &str, extra: &str| {
        format!(
            "window.__TAURI_INTERNALS__.invoke('plugin:opener|open_url', {{ url: {url:?}{extra} }}) \
             .then(() => done('opened'), e => done('refused: ' + e));"
        )
    };
    let console = "https://developers.facebook.com/apps/";
    let allowed = probe(&s, &open(console, "")).await;
    let other = probe(&s, &open("https://evil.example/", "")).await;
    let lookalike = probe(
        &s,
        &open("https://developers.facebook.com.evil.example/", ""),
    )
    .await;
    // An allowed address, but handed to a program of the page's choosing.
    let with_program = probe(&s, &open(console, ", with: 'sh'")).await;
    let file = probe(
        &s,
        "window.__TAURI_INTERNALS__.invoke('plugin:opener|open_path', { path: '/etc/passwd' }) \
         .then(() => done('opened'), e => done('refused: ' + e));",
    )
    .await;
    let old_shell = probe(
        &s,
        "window.__TAURI_INTERNALS__.invoke('plugin:shell|open', { path: 'https://developers.facebook.com/apps/' }) \
         .then(() => done('opened'), e => done('refused: ' + e));",
    )
    .await;
    // The stand-in browser is started detached: give it a moment to write.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut opened = String::new();
    while Instant::now() < deadline {
        opened = std::fs::read_to_string(&log).unwrap_or_default();
        if !opened.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);

    assert_eq!(allowed, serde_json::json!("opened"));
    for refused in [&other, &lookalike, &with_program, &file, &old_shell] {
        assert!(
            refused.as_str().is_some_and(|v| v.starts_with("refused")),
            "{refused}"
        );
    }
    assert_eq!(opened.lines().collect::<Vec<_>>(), [console], "{opened}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_cannot_be_navigated_away_from_the_app() {
    let s = AppSession::start().await;
    s.find("[data-testid=platform-name]").await;
    let (port, hits) = counting_server();
    let before = probe(&s, "done(window.location.origin);").await;

    // A script sends the page elsewhere: by address, by a link, by a redirect through a data URL.
    for how in [
        format!("window.location.href = 'http://127.0.0.1:{port}/';"),
        format!(
            "const a = document.createElement('a'); a.href = 'http://127.0.0.1:{port}/link'; \
             document.body.appendChild(a); a.click();"
        ),
        "window.location.href = 'data:text/html,<p>elsewhere</p>';".to_owned(),
    ] {
        let _ = probe(
            &s,
            &format!("setTimeout(() => {{ {how} }}, 0); done(true);"),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    let after = probe(&s, "done(window.location.origin);").await;
    let still_there = s.count("[data-testid=platform-name]").await;
    s.close().await;

    assert_eq!(after, before, "the window left the app");
    assert_eq!(still_there, 6, "the app's page is gone");
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the other server was asked");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_start_on_the_same_data_folder_opens_no_second_window() {
    let home = std::env::temp_dir().join(format!("socialmine-e2e-single-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let s = AppSession::start_in(&home).await;
    s.find("[data-testid=platform-name]").await;

    // The user starts the app again, from the menu: same data folder, same desktop session.
    let started = Instant::now();
    let mut second = Command::new(socialmine_tests::driver::app_binary())
        .envs(AppSession::app_env(&home))
        .spawn()
        .unwrap_or_else(|e| panic!("the app did not start: {e}"));
    let mut exited = false;
    while started.elapsed() < Duration::from_secs(20) {
        if matches!(second.try_wait(), Ok(Some(_))) {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !exited {
        let _ = second.kill();
    }
    let status = second
        .wait()
        .unwrap_or_else(|e| panic!("the second start: {e}"));
    // The first window carries on.
    let names = s.count("[data-testid=platform-name]").await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&home);

    assert!(exited, "the second start opened a window of its own");
    assert!(status.success(), "{status}");
    assert_eq!(names, 6);
}
