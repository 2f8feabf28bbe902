//! Starts the real app through tauri-driver and WebKitWebDriver, for end-to-end tests.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The app binary to test: `$SOCIALMINE_APP`, else the debug build in the target folder.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SOCIALMINE_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| {
            if t.is_absolute() {
                t
            } else {
                workspace_root().join(t)
            }
        })
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug").join("socialmine-setup")
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free loopback port: {e}"))
}

/// A running tauri-driver with one WebDriver session on the app. Stops the driver when dropped.
pub struct AppSession {
    pub client: Client,
    driver: Child,
}

impl AppSession {
    /// Starts tauri-driver on free ports and opens the app through it.
    pub async fn start() -> AppSession {
        let app = app_binary();
        assert!(
            app.is_file(),
            "the app binary {} does not exist: build it first (make e2e does)",
            app.display()
        );
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("tauri-driver could not start ({e}); install it with `cargo install --locked tauri-driver --version ^2`")
            });
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_string_lossy() }),
        );
        caps.insert("browserName".into(), "wry".into());
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("no WebDriver session on the app: {e}"));
        AppSession { client, driver }
    }

    /// Waits up to `timeout` for at least `n` elements matching `css`, and returns their texts.
    pub async fn texts_of(&self, css: &str, n: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default();
            if found.len() >= n || Instant::now() >= deadline {
                let mut texts = Vec::with_capacity(found.len());
                for el in found {
                    texts.push(el.text().await.unwrap_or_default());
                }
                return texts;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the WebDriver session (closing the app) and stops tauri-driver.
    pub async fn close(self) {
        let AppSession { client, driver } = self;
        let _ = client.close().await;
        drop(DriverGuard(driver));
    }
}

struct DriverGuard(Child);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}
