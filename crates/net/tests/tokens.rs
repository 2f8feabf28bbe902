//! Issue 13, item 1: an admin token goes only to the origin that issued it.

mod common;

use std::sync::Arc;

use common::{Hostile, Reply};
use socialmine_core::Secret;
use socialmine_net::{
    AdminClient, BoundToken, HttpSettings, MemoryTokenStore, TokenOrigin, TokenStore,
};
use socialmine_sandbox::{Sandbox, SandboxConfig};

fn client(base: &str) -> AdminClient {
    AdminClient::new(base, None, HttpSettings::default()).expect("client")
}

fn info() -> Reply {
    Reply::Json(
        r#"{"product":"SocialMine","version":"1","apiPublicUrl":"https://x","platforms":[]}"#
            .into(),
    )
}

#[tokio::test]
async fn a_kept_token_is_never_sent_to_another_origin() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start");
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::default());
    let first = client(&sb.base_url());
    first.keep_tokens_in(store.clone(), "acme").expect("store");
    first
        .sign_in(&sb.admin().email, &sb.admin().password)
        .await
        .expect("sign in");
    let kept = store.load("acme").expect("load").expect("kept");
    assert_eq!(
        kept.origin,
        TokenOrigin::parse(&sb.base_url()).expect("origin")
    );
    let token = kept.token.expose_str().to_owned();

    // The deployment's admin URL now names another server (edited, a wrong .env, a look-alike
    // file, --server): the kept token is not used there.
    let other = Hostile::start(|_| info()).await;
    let moved = client(&other.base_url());
    assert!(
        !moved.keep_tokens_in(store.clone(), "acme").expect("store"),
        "a token of another origin is not offered"
    );
    assert!(!moved.is_signed_in());
    let e = moved.system_info().await.expect_err("not signed in there");
    assert!(e.needs_sign_in(), "{e:?}");
    assert!(
        other
            .received()
            .iter()
            .all(|r| !r.head.contains(&token.to_ascii_lowercase())),
        "the token went to {:?}",
        other.received()
    );
    assert!(other.received().is_empty(), "nothing was sent at all");

    // Handing the other client the bound token directly is refused as well.
    assert!(!moved.use_bound_token(kept.clone()));
    assert!(!moved.is_signed_in());

    // The same server on the same origin (spelled differently) still uses it.
    let again = client(&format!(
        "{}/api/",
        sb.base_url().replace("http://", "HTTP://")
    ));
    assert!(again.keep_tokens_in(store.clone(), "acme").expect("store"));
    again
        .system_info()
        .await
        .expect("the kept token works on its own origin");
    // Another port on the same host is another origin.
    let port = sb.addr().port();
    let elsewhere = client(&format!("http://127.0.0.1:{}", port.wrapping_add(1)));
    assert!(
        !elsewhere
            .keep_tokens_in(store.clone(), "acme")
            .expect("store")
    );
}

#[tokio::test]
async fn a_sign_in_keeps_the_token_bound_to_the_server_that_issued_it() {
    let server = Hostile::start(|r| {
        if r.path.ends_with("/auth/login") {
            Reply::Json(r#"{"token":"tok-b","expiresAt":null}"#.into())
        } else {
            info()
        }
    })
    .await;
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::default());
    // A token of another server was kept under this key: never sent here, replaced on sign-in.
    let stale = BoundToken::new(
        TokenOrigin::parse("https://api.acme.com").expect("origin"),
        Secret::from("tok-a"),
    );
    store.save("acme", &stale).expect("save");
    let c = client(&server.base_url());
    assert!(!c.keep_tokens_in(store.clone(), "acme").expect("store"));
    c.sign_in("ops@example.com", &Secret::from("pw"))
        .await
        .expect("sign in");
    let kept = store.load("acme").expect("load").expect("kept");
    assert_eq!(kept.origin.as_str(), server.base_url());
    assert_eq!(kept.token.expose_str(), "tok-b");
    assert_eq!(c.token().map(|t| t.origin), Some(kept.origin.clone()));
    c.system_info().await.expect("info");
    let got = server.received();
    assert!(got.iter().all(|r| !r.head.contains("tok-a")), "{got:?}");
    assert!(got[1].head.contains("bearer tok-b"), "{got:?}");
    // A pasted token is bound to the client's own origin.
    c.use_token(Secret::from("  pasted  "));
    assert_eq!(
        store.load("acme").expect("load"),
        Some(BoundToken::new(kept.origin, Secret::from("pasted")))
    );
}
