//! The sandbox answers over real loopback HTTP.

use socialmine_sandbox::{Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

#[tokio::test]
async fn system_info_reports_the_product_and_public_url() {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        api_public_url: Some("https://api.example.com/".into()),
    })
    .await
    .expect("start");
    let resp = get(sb.addr(), "/api/admin/system/info").await;
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    let body = resp.split("\r\n\r\n").nth(1).expect("body");
    let json: serde_json::Value = serde_json::from_str(body).expect("json");
    assert_eq!(json["product"], "SocialMine");
    assert_eq!(json["apiPublicUrl"], "https://api.example.com");
    assert_eq!(json["platforms"].as_array().map(Vec::len), Some(6));
    sb.stop().await;
}

#[tokio::test]
async fn default_public_url_is_its_own_loopback_address() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    assert_eq!(sb.api_public_url(), format!("http://{}", sb.addr()));
    assert_ne!(sb.addr().port(), 0);
}
