//! The webview is locked down: checked in the real window, from the page's side.
//! Run with `make e2e`.

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

/// Runs an async script in the page; it calls `done(value)` with what it found.
async fn probe(s: &AppSession, body: &str) -> serde_json::Value {
    let script = format!("const done = arguments[arguments.length - 1]; {body}");
    s.client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_has_no_global_tauri_no_network_and_no_shell_beyond_the_consoles() {
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

    // The shell plugin opens only the providers' consoles and docs.
    let open_other = probe(
        &s,
        "window.__TAURI_INTERNALS__.invoke('plugin:shell|open', { path: 'https://evil.example/' }) \
         .then(() => done('opened'), e => done('refused: ' + e));",
    )
    .await;
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
        open_other
            .as_str()
            .is_some_and(|v| v.starts_with("refused")),
        "{open_other}"
    );
    assert!(
        run_command
            .as_str()
            .is_some_and(|v| v.starts_with("refused")),
        "{run_command}"
    );
}
