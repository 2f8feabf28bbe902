//! What the sandbox refuses (issue 13, item 9): requests addressed to another host (DNS
//! rebinding from a web page), sign-ins that are not JSON (cross-site "simple" posts), and an
//! unbounded table of failed sign-ins.

mod common;

use std::time::Duration;

use common::raw_exact;
use socialmine_sandbox::{Sandbox, SandboxConfig};

fn login_request(host: &str, content_type: &str, email: &str, password: &str) -> String {
    let body = serde_json::json!({ "email": email, "password": password }).to_string();
    format!(
        "POST /api/admin/auth/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn get(host: &str, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

fn code(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body).expect("json")["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn only_requests_addressed_to_its_own_loopback_host_and_port_are_answered() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let port = sb.addr().port();
    let (email, password) = (
        sb.admin().email.clone(),
        sb.admin().password.expose_str().to_owned(),
    );
    for own in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, body) = raw_exact(
            sb.addr(),
            &login_request(&own, "application/json", &email, &password),
        )
        .await
        .expect("answer");
        assert_eq!(status, 200, "{own}: {body}");
    }
    for foreign in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let (status, body) = raw_exact(
            sb.addr(),
            &login_request(&foreign, "application/json", &email, &password),
        )
        .await
        .expect("answer");
        assert_eq!(
            (status, code(&body)),
            (421, "wrong_host".to_owned()),
            "{foreign}"
        );
        assert!(!body.contains("token\""), "{body}");
        let (status, _) = raw_exact(sb.addr(), &get(&foreign, "/api/connect/facebook/callback"))
            .await
            .expect("answer");
        assert_eq!(status, 421, "{foreign}");
    }
    // No Host at all (HTTP/1.0 allows it): refused too.
    let (status, _) = raw_exact(sb.addr(), "GET /api/admin/system/info HTTP/1.0\r\n\r\n")
        .await
        .expect("answer");
    assert_eq!(status, 421);
}

#[tokio::test]
async fn sign_in_takes_only_json() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let host = sb.addr().to_string();
    let (email, password) = (
        sb.admin().email.clone(),
        sb.admin().password.expose_str().to_owned(),
    );
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ] {
        let (status, body) = raw_exact(sb.addr(), &login_request(&host, ct, &email, &password))
            .await
            .expect("answer");
        assert_eq!(
            (status, code(&body)),
            (415, "unsupported_media_type".to_owned()),
            "{ct}"
        );
    }
    let (status, _) = raw_exact(
        sb.addr(),
        &login_request(&host, "Application/JSON; charset=utf-8", &email, &password),
    )
    .await
    .expect("answer");
    assert_eq!(status, 200);
}

#[tokio::test]
async fn failed_sign_ins_of_made_up_addresses_stay_bounded_and_locks_hold() {
    let sb = Sandbox::start(SandboxConfig {
        max_login_failures: 2,
        login_lockout: Duration::from_secs(30),
        max_tracked_sign_ins: 8,
        ..SandboxConfig::default()
    })
    .await
    .expect("start");
    let host = sb.addr().to_string();
    let admin = sb.admin().email.clone();
    for _ in 0..2 {
        let (status, _) = raw_exact(
            sb.addr(),
            &login_request(&host, "application/json", &admin, "wrong"),
        )
        .await
        .expect("answer");
        assert_eq!(status, 401);
    }
    // A flood of made-up addresses neither grows the table past its bound nor frees the lock.
    for i in 0..200 {
        let (status, _) = raw_exact(
            sb.addr(),
            &login_request(
                &host,
                "application/json",
                &format!("x{i}@evil.example"),
                "wrong",
            ),
        )
        .await
        .expect("answer");
        assert!(status == 401 || status == 429, "{status}");
    }
    let (status, body) = raw_exact(
        sb.addr(),
        &login_request(
            &host,
            "application/json",
            &admin,
            sb.admin().password.expose_str(),
        ),
    )
    .await
    .expect("answer");
    assert_eq!((status, code(&body)), (429, "too_many_attempts".to_owned()));
}
