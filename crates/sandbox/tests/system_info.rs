//! The sandbox answers over real loopback HTTP (raw sockets here: no client crate involved).

use socialmine_sandbox::{Sandbox, SandboxConfig};

mod common;

pub async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    common::raw_request(addr, method, path, headers, body)
        .await
        .expect("an HTTP answer")
}

async fn token(sb: &Sandbox) -> String {
    let admin = sb.admin();
    let body = serde_json::json!({ "email": admin.email, "password": admin.password.expose_str() })
        .to_string();
    let (status, _, body) = request(sb.addr(), "POST", "/api/admin/auth/login", &[], &body).await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    json["token"].as_str().expect("token").to_owned()
}

#[tokio::test]
async fn system_info_reports_the_product_and_public_url() {
    let sb = Sandbox::start(SandboxConfig {
        api_public_url: Some("https://api.example.com/".into()),
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let (status, _, body) = request(sb.addr(), "GET", "/api/admin/system/info", &[], "").await;
    assert_eq!(status, 401, "system/info is behind sign-in: {body}");
    let bearer = format!("Bearer {}", token(&sb).await);
    let (status, _, body) = request(
        sb.addr(),
        "GET",
        "/api/admin/system/info",
        &[("Authorization", &bearer)],
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
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
