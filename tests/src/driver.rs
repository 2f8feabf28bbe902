//! Starts the real app through tauri-driver and WebKitWebDriver, for end-to-end tests.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
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

/// Waits up to `timeout` until a file under `dir` (searched recursively) holds text for which
/// `pred` is true, and returns that text: a test waits on what the app saved, not on a guess
/// of how long saving takes.
pub async fn wait_for_saved_file(
    dir: &std::path::Path,
    pred: impl Fn(&std::path::Path, &str) -> bool,
    timeout: Duration,
) -> String {
    fn files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let deadline = Instant::now() + timeout;
    loop {
        let mut found = Vec::new();
        files(dir, &mut found);
        for f in found {
            if let Ok(text) = std::fs::read_to_string(&f)
                && pred(&f, &text)
            {
                return text;
            }
        }
        assert!(
            Instant::now() < deadline,
            "nothing under {} was saved as expected within {timeout:?}",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
    /// Starts the app with a fresh, private data folder.
    pub async fn start() -> AppSession {
        let home = std::env::temp_dir().join(format!(
            "socialmine-e2e-{}-{}",
            std::process::id(),
            free_port()
        ));
        AppSession::start_in(&home).await
    }

    /// The environment the app gets for a data folder under `home` (as [`AppSession::start_in`]
    /// sets it), for starting the app binary directly.
    pub fn app_env(home: &std::path::Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("XDG_DATA_HOME", home.join("data")),
            ("XDG_CONFIG_HOME", home.join("config")),
            ("XDG_CACHE_HOME", home.join("cache")),
        ]
    }

    /// The settings file of the app's data folder under `home` (debug builds' profile).
    pub fn settings_file(home: &std::path::Path) -> PathBuf {
        home.join("data")
            .join("socialmine-setup-dev")
            .join("app.toml")
    }

    /// Starts tauri-driver on free ports and opens the app through it, with every XDG folder
    /// under `home` (so a second start on the same `home` sees what the first one saved).
    pub async fn start_in(home: &std::path::Path) -> AppSession {
        AppSession::start_in_with_env(home, &[]).await
    }

    /// [`AppSession::start_in`] with extra environment variables for the app (through
    /// tauri-driver, whose environment the app inherits).
    pub async fn start_in_with_env(home: &std::path::Path, env: &[(&str, &str)]) -> AppSession {
        let app = app_binary();
        assert!(
            app.is_file(),
            "the app binary {} does not exist: build it first (make e2e does)",
            app.display()
        );
        let port = free_port();
        let native_port = free_port();
        for sub in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.join(sub))
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", home.display()));
        }
        // The app's daily look for provider-facts updates, and its check for updates of itself,
        // go to a loopback port where nothing listens (tests never reach the internet), unless
        // the test set its own settings.
        wait_until_no_app_uses(home);
        let settings = AppSession::settings_file(home);
        if !settings.exists() {
            let _ = std::fs::create_dir_all(settings.parent().unwrap_or(home));
            let _ = std::fs::write(
                &settings,
                format!(
                    "update_endpoint = \"http://127.0.0.1:{}/latest.json\"\n\n[catalog]\nupdate_url = \"http://127.0.0.1:{}/catalog.toml\"\n",
                    free_port(),
                    free_port()
                ),
            );
        }
        let driver = Command::new("tauri-driver")
            .envs(AppSession::app_env(home))
            .envs(env.iter().copied())
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

    /// Waits up to 20 s for an element.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within 20 s: {e}"))
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("could not click {css}: {e}"));
    }

    /// Puts `text` into an input as a paste would (all at once, newlines included) and fires
    /// the input event the UI listens to.
    pub async fn paste(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        let arg = serde_json::to_value(&el).unwrap_or_else(|e| panic!("element to JSON: {e}"));
        self.client
            .execute(
                "const el = arguments[0]; el.focus(); el.value = arguments[1]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![arg, serde_json::Value::String(text.to_owned())],
            )
            .await
            .unwrap_or_else(|e| panic!("could not paste into {css}: {e}"));
    }

    /// The value of an input.
    pub async fn value_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits up to 20 s until the text of the first element matching `css` satisfies `pred`;
    /// returns the last text seen.
    pub async fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if pred(&text) || Instant::now() >= deadline {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Ends the WebDriver session (closing the app) and stops tauri-driver.
    pub async fn close(self) {
        let AppSession { client, driver } = self;
        let _ = client.close().await;
        drop(DriverGuard(driver));
    }
}

/// Waits (up to 20 s) until no app process holds the data folder under `home`: an app closed a
/// moment ago may still be saving, and while it runs a new start on the same folder would only
/// bring its window to the front (one window per data folder) and exit.
fn wait_until_no_app_uses(home: &std::path::Path) {
    let lock = AppSession::settings_file(home).with_file_name("app.lock");
    let Ok(file) = std::fs::OpenOptions::new().write(true).open(&lock) else {
        return; // never used
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if file.try_lock().is_ok() {
            let _ = file.unlock();
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("an app from an earlier test still holds {}", lock.display());
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
