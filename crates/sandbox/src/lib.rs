//! An embedded stand-in for a SocialMine server, speaking the admin API contract
//! (`shared/reference/socialmine-admin-api.md`) on a loopback port.
//!
//! The app uses it as its default deployment so a newcomer can rehearse the whole flow, and
//! every test uses it as a real peer over real HTTP.
//!
//! - Data lives in SQLite, in the folder given by [`SandboxConfig::data_dir`] (in memory when
//!   `None`), and survives restarts. Passwords, session tokens and client secrets are stored
//!   only as salted digests; the API never returns a secret, only its last ≤4 characters.
//! - Two admins are seeded: one with the social-platforms permission and one without (to
//!   rehearse a 403). Their passwords are random for each start unless the config supplies
//!   them, so no password is ever written to disk; [`Sandbox::seeded_admins`] hands them out.
//! - [`Sandbox::faults`] injects latency, error statuses and dropped connections.
//! - It answers only requests addressed to its own `127.0.0.1:PORT` (or `localhost:PORT`),
//!   takes sign-ins only as `application/json`, and tracks failed sign-ins in a bounded table.

mod attempts;
mod faults;
mod guard;
mod routes;
mod store;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use socialmine_core::{PlatformId, Secret};
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

pub use faults::{FaultAction, FaultMatch, FaultRule, Faults, LoggedRequest};
pub use store::StoreError;

use crate::faults::ConnectionKill;
use crate::routes::Inner;

/// The product version the sandbox reports in `system/info`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The seeded admin that has the social-platforms permission.
pub const ADMIN_EMAIL: &str = "admin@sandbox.socialmine.test";
/// The seeded admin that lacks the social-platforms permission (answers 403).
pub const VIEWER_EMAIL: &str = "viewer@sandbox.socialmine.test";

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The loopback port to listen on; 0 lets the system choose a free one.
    pub port: u16,
    /// The `API_PUBLIC_URL` the sandbox derives callback URLs from; defaults to its own
    /// `http://127.0.0.1:PORT`.
    pub api_public_url: Option<String>,
    /// The folder holding the sandbox's database; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// How long a session token from `auth/login` stays valid.
    pub token_ttl: Duration,
    /// Failed sign-ins of one address before it is locked (answers 429).
    pub max_login_failures: u32,
    /// How long such a lock lasts (sent as `Retry-After`); also how long an address's failed
    /// sign-ins are remembered without a new one.
    pub login_lockout: Duration,
    /// How many email addresses with failed sign-ins are tracked at most (the table is
    /// bounded; see `attempts.rs`).
    pub max_tracked_sign_ins: usize,
    /// The password of the seeded admin with the social-platforms permission; random when `None`.
    pub admin_password: Option<Secret>,
    /// The password of the seeded admin without that permission; random when `None`.
    pub viewer_password: Option<Secret>,
    /// Where the public callback route redirects a failed connect (SocialMine's client app);
    /// `None` answers `400` instead.
    pub client_app_url: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            port: 0,
            api_public_url: None,
            data_dir: None,
            token_ttl: Duration::from_secs(12 * 3600),
            max_login_failures: 5,
            login_lockout: Duration::from_secs(60),
            max_tracked_sign_ins: 1024,
            admin_password: None,
            viewer_password: None,
            client_app_url: None,
        }
    }
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "the sandbox could not listen on 127.0.0.1:{port}: {source}. Choose another port, or 0 to let the system pick one"
    )]
    Bind { port: u16, source: std::io::Error },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error(
        "the sandbox's API_PUBLIC_URL '{0}' is not an absolute http(s) URL; use something like http://127.0.0.1:8080"
    )]
    BadPublicUrl(String),
}

/// A seeded admin account of the sandbox, for the app's sandbox screen.
#[derive(Debug, Clone)]
pub struct SeededAdmin {
    pub email: String,
    pub password: Secret,
    /// Whether it has the social-platforms permission (the other one answers 403).
    pub can_manage_platforms: bool,
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    inner: Arc<Inner>,
    faults: Faults,
    admins: Vec<SeededAdmin>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .field("api_public_url", &self.inner.api_public_url)
            .finish()
    }
}

const PASSWORD_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

fn random_password() -> Result<Secret, StoreError> {
    let raw = store::random_from(PASSWORD_ALPHABET, 16)?;
    // Four groups of four: easy to read out and type.
    let grouped: Vec<&str> = (0..4).map(|i| &raw[i * 4..i * 4 + 4]).collect();
    Ok(Secret::from(grouped.join("-")))
}

impl Sandbox {
    /// Opens the data folder, binds the port and starts serving in the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|source| SandboxError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            port: config.port,
            source,
        })?;
        let api_public_url = match config.api_public_url {
            Some(u) => {
                let trimmed = u.trim().trim_end_matches('/').to_owned();
                let ok =
                    url::Url::parse(&trimmed).is_ok_and(|p| matches!(p.scheme(), "http" | "https"));
                if !ok {
                    return Err(SandboxError::BadPublicUrl(u));
                }
                trimmed
            }
            None => format!("http://{addr}"),
        };

        let store = store::Store::open(config.data_dir.as_deref(), &routes::now_rfc3339())?;
        let admin_password = match config.admin_password {
            Some(p) => p,
            None => random_password()?,
        };
        let viewer_password = match config.viewer_password {
            Some(p) => p,
            None => random_password()?,
        };
        store.upsert_admin(ADMIN_EMAIL, admin_password.expose_str(), true)?;
        store.upsert_admin(VIEWER_EMAIL, viewer_password.expose_str(), false)?;
        let admins = vec![
            SeededAdmin {
                email: ADMIN_EMAIL.to_owned(),
                password: admin_password,
                can_manage_platforms: true,
            },
            SeededAdmin {
                email: VIEWER_EMAIL.to_owned(),
                password: viewer_password,
                can_manage_platforms: false,
            },
        ];

        let inner = Arc::new(Inner::new(
            api_public_url,
            config.client_app_url,
            config.token_ttl,
            attempts::Attempts::new(
                config.max_login_failures,
                config.login_lockout,
                config.max_tracked_sign_ins,
            ),
            store,
        ));
        let faults = Faults::default();
        let app = routes::router(
            inner.clone(),
            faults.clone(),
            guard::OwnHosts::for_port(addr.port()),
        );
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, app, rx));
        tracing::info!(%addr, "sandbox listening");
        Ok(Sandbox {
            addr,
            inner,
            faults,
            admins,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the admin base URL of the sandbox.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `API_PUBLIC_URL` it derives callback URLs from.
    pub fn api_public_url(&self) -> &str {
        &self.inner.api_public_url
    }

    /// The seeded admin accounts: first the one with the social-platforms permission, then
    /// the one without.
    pub fn seeded_admins(&self) -> &[SeededAdmin] {
        &self.admins
    }

    /// The seeded admin with the social-platforms permission.
    pub fn admin(&self) -> &SeededAdmin {
        &self.admins[0]
    }

    /// The seeded admin without the social-platforms permission.
    pub fn viewer(&self) -> &SeededAdmin {
        &self.admins[1]
    }

    /// The fault-injection handle.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Moves the clock sessions and sign-in locks are judged by forward by `by`, so that tests
    /// see a token expire or a lock end without waiting for it.
    pub fn advance_clock(&self, by: Duration) {
        self.inner.advance_clock(by);
    }

    /// Whether `candidate` is the client secret stored for `platform` (for tests: the API
    /// itself never reveals a secret).
    pub fn stored_secret_matches(
        &self,
        platform: PlatformId,
        candidate: &str,
    ) -> Result<bool, StoreError> {
        self.inner.store().secret_matches(platform, candidate)
    }

    /// Signs every admin out (every session token becomes invalid).
    pub fn revoke_sessions(&self) -> Result<(), StoreError> {
        self.inner.store().revoke_sessions()
    }

    /// Stops accepting requests, closes open connections and waits for the server task.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The accept loop. Each connection is served by hyper with a kill switch, so fault injection
/// can close a connection without answering.
async fn serve(listener: TcpListener, app: axum::Router, mut shutdown: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("sandbox accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let kill = Arc::new(Notify::new());
                let app = app.clone();
                let conn_kill = kill.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                        req.extensions_mut().insert(ConnectionKill(conn_kill.clone()));
                        app.clone().oneshot(req.map(axum::body::Body::new))
                    });
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::select! {
                        r = conn => if let Err(e) = r { tracing::debug!("sandbox connection: {e}") },
                        () = kill.notified() => tracing::debug!("sandbox dropped a connection (fault injection)"),
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}
