//! An embedded stand-in for a SocialMine server, speaking the admin API contract
//! (`shared/reference/socialmine-admin-api.md`) on a loopback port.
//!
//! The app uses it as its default deployment so a newcomer can rehearse the whole flow, and
//! every test uses it as a real peer over real HTTP.

mod routes;

use std::net::{Ipv4Addr, SocketAddr};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The product version the sandbox reports in `system/info`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How to start a sandbox.
#[derive(Debug, Clone, Default)]
pub struct SandboxConfig {
    /// The loopback port to listen on; 0 lets the system choose a free one.
    pub port: u16,
    /// The `API_PUBLIC_URL` the sandbox derives callback URLs from; defaults to its own
    /// `http://127.0.0.1:PORT`.
    pub api_public_url: Option<String>,
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "the sandbox could not listen on 127.0.0.1:{port}: {source}. Choose another port, or 0 to let the system pick one"
    )]
    Bind { port: u16, source: std::io::Error },
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    api_public_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// State shared by the request handlers.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub api_public_url: String,
}

impl Sandbox {
    /// Binds the port and starts serving in the current tokio runtime.
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
        let api_public_url = config
            .api_public_url
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{addr}"));
        let app = routes::router(AppState {
            api_public_url: api_public_url.clone(),
        });
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        tracing::info!(%addr, "sandbox listening");
        Ok(Sandbox {
            addr,
            api_public_url,
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
        &self.api_public_url
    }

    /// Stops accepting requests and waits for the server task to finish.
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
