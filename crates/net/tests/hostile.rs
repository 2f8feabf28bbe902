//! The admin client against hostile servers on loopback (issue 13, items 2 and 3): redirects to
//! another origin are never followed with a body, and answers are bounded in size.

mod common;

use std::time::{Duration, Instant};

use common::{Hostile, Reply};
use socialmine_core::Secret;
use socialmine_net::{AdminClient, HttpSettings, NetError};

const PASSWORD: &str = "the-admin-password-93F1";

fn login_ok() -> Reply {
    Reply::Json(r#"{"token":"tok-1","expiresAt":"2099-01-01T00:00:00Z"}"#.into())
}

fn client(base: &str, settings: HttpSettings) -> AdminClient {
    AdminClient::new(base, None, settings).expect("client")
}

/// Item 2: a sign-in answered with a redirect to another loopback port must not replay the
/// password there, whatever the redirect status; the error names the target.
#[tokio::test]
async fn a_sign_in_redirected_to_another_origin_never_sends_the_password() {
    let thief = Hostile::start(|_| login_ok()).await;
    for status in [307u16, 308, 301, 302, 303] {
        let target = format!("{}/api/admin/auth/login", thief.base_url());
        let origin = Hostile::start(move |_| Reply::Redirect {
            status,
            location: target.clone(),
        })
        .await;
        let c = client(&origin.base_url(), HttpSettings::default());
        let e = c
            .sign_in("ops@example.com", &Secret::from(PASSWORD))
            .await
            .expect_err("a redirect to another origin is refused");
        assert!(
            matches!(e, NetError::RedirectRefused { .. }),
            "{status}: {e:?}"
        );
        assert_eq!(e.code(), "redirect_refused");
        let msg = e.to_string();
        assert!(msg.contains(&thief.base_url()), "names the target: {msg}");
        assert!(msg.contains(&origin.base_url()), "names the server: {msg}");
        assert!(!msg.contains(PASSWORD));
        assert!(!c.is_signed_in());
        assert_eq!(origin.received().len(), 1, "{status}");
        assert!(origin.received()[0].body.contains(PASSWORD));
    }
    assert!(
        thief.received().is_empty(),
        "the second server received {:?}",
        thief.received()
    );
}

/// Item 2: a redirect within the same origin keeps working, body included (307 keeps POST).
#[tokio::test]
async fn a_redirect_within_the_same_origin_is_followed() {
    let server = Hostile::start(|r| {
        if r.path == "/api/admin/auth/login" {
            Reply::Redirect {
                status: 307,
                location: "/v2/api/admin/auth/login".into(),
            }
        } else {
            login_ok()
        }
    })
    .await;
    let c = client(&server.base_url(), HttpSettings::default());
    c.sign_in("ops@example.com", &Secret::from(PASSWORD))
        .await
        .expect("same-origin redirect followed");
    assert!(c.is_signed_in());
    let got = server.received();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[1].method.as_str(), got[1].path.as_str()),
        ("POST", "/v2/api/admin/auth/login")
    );
    assert!(got[1].body.contains(PASSWORD));
}

/// Item 2: a redirect to the same host on another port or scheme is another origin.
#[tokio::test]
async fn another_port_on_the_same_host_is_another_origin() {
    let other = Hostile::start(|_| Reply::Json("{}".into())).await;
    let location = format!(
        "http://127.0.0.1:{}/api/admin/system/info",
        other.addr.port()
    );
    let server = Hostile::start(move |_| Reply::Redirect {
        status: 302,
        location: location.clone(),
    })
    .await;
    let c = client(&server.base_url(), HttpSettings::default());
    c.use_token(Secret::from("tok-for-the-first-server"));
    let e = c.system_info().await.expect_err("refused");
    assert_eq!(e.code(), "redirect_refused", "{e:?}");
    assert!(other.received().is_empty(), "{:?}", other.received());
}

/// Item 3: an answer that never ends is cut off at the cap, long before the timeout.
#[tokio::test]
async fn an_endless_answer_is_cut_off_at_the_cap() {
    let server = Hostile::start(|_| Reply::Endless).await;
    let settings = HttpSettings {
        timeout: Duration::from_secs(60),
        ..HttpSettings::default()
    };
    let c = client(&server.base_url(), settings);
    c.use_token(Secret::from("tok"));
    let started = Instant::now();
    let e = c.system_info().await.expect_err("too large");
    assert!(
        matches!(
            e,
            NetError::AnswerTooLarge {
                limit: 1_048_576,
                declared: None,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let msg = e.to_string();
    assert!(
        msg.contains("kept on coming") && msg.contains("1 MiB"),
        "{msg}"
    );
}

/// Item 3: a `Content-Length` over the cap is refused up front, without waiting for the body.
#[tokio::test]
async fn a_huge_content_length_is_refused_up_front() {
    let server = Hostile::start(|_| Reply::Announce(10 * 1024 * 1024 * 1024)).await;
    let settings = HttpSettings {
        timeout: Duration::from_secs(60),
        ..HttpSettings::default()
    };
    let c = client(&server.base_url(), settings);
    let started = Instant::now();
    let e = c
        .sign_in("ops@example.com", &Secret::from(PASSWORD))
        .await
        .expect_err("too large");
    assert!(
        matches!(
            e,
            NetError::AnswerTooLarge {
                declared: Some(10_737_418_240),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(e.to_string().contains("announced 10.0 GiB"), "{e}");
}

/// Item 3: the cap is a setting; answers under it are read as usual.
#[tokio::test]
async fn answers_under_the_cap_are_read() {
    let padding = "x".repeat(4000);
    let body = format!(
        r#"{{"product":"SocialMine","version":"1.8.2","apiPublicUrl":"https://api.acme.com","platforms":[],"pad":"{padding}"}}"#
    );
    let server = Hostile::start(move |_| Reply::Json(body.clone())).await;
    let small = HttpSettings {
        max_answer_bytes: 2048,
        ..HttpSettings::default()
    };
    let c = client(&server.base_url(), small);
    c.use_token(Secret::from("tok"));
    let e = c.system_info().await.expect_err("over a 2 KiB cap");
    assert!(
        matches!(e, NetError::AnswerTooLarge { limit: 2048, .. }),
        "{e:?}"
    );
    let c = client(&server.base_url(), HttpSettings::default());
    c.use_token(Secret::from("tok"));
    let info = c.system_info().await.expect("under 1 MiB");
    assert_eq!(info.version.as_deref(), Some("1.8.2"));
}
