//! A hostile admin server on loopback, written with raw sockets so it can do what no
//! well-behaved framework does: redirect anywhere, announce absurd sizes, answer forever.
//! Every request it receives (head and body) is recorded for the tests to inspect.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// The head in lower case, for header checks.
    pub head: String,
    pub body: String,
}

/// How the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// These bytes, then close.
    Raw(String),
    /// A `status` redirect to `location`.
    Redirect { status: u16, location: String },
    /// JSON with status 200.
    Json(String),
    /// A 200 head with `Content-Length: n`, then nothing (the connection stays open).
    Announce(u64),
    /// A chunked 200 JSON answer that never ends.
    Endless,
}

type Handler = Arc<dyn Fn(&Received) -> Reply + Send + Sync>;

pub struct Hostile {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Hostile {
    pub async fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(async move { serve(stream, handler, log).await });
            }
        });
        Hostile { addr, received }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut first = head.lines().next().unwrap_or("").split(' ');
    Some(Received {
        method: first.next().unwrap_or("").to_owned(),
        path: first.next().unwrap_or("").to_owned(),
        head: lower,
        body: String::from_utf8_lossy(&body).to_string(),
    })
}

async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Received>>>) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(req.clone());
    match handler(&req) {
        Reply::Raw(s) => {
            let _ = stream.write_all(s.as_bytes()).await;
        }
        Reply::Redirect { status, location } => {
            let s = format!(
                "HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(s.as_bytes()).await;
        }
        Reply::Json(body) => {
            let s = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(s.as_bytes()).await;
        }
        Reply::Announce(n) => {
            let s = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n{{"
            );
            let _ = stream.write_all(s.as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let filler = format!("{:x}\r\n{}\r\n", 16 * 1024, " ".repeat(16 * 1024));
            let _ = stream.write_all(b"1\r\n[\r\n").await;
            // Until the client hangs up.
            while stream.write_all(filler.as_bytes()).await.is_ok() {}
        }
    }
    let _ = stream.shutdown().await;
}
