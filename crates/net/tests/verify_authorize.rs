//! The authorization URL SocialMine sends users to, per provider: client ID parameter, callback,
//! scope separator, state, PKCE S256 where required, and only allowlisted hosts.

mod verify_support;

use std::collections::BTreeMap;

use socialmine_core::{Catalog, PlatformId};
use socialmine_net::verify::{AuthorizeError, ProviderRoutes, authorization_url};
use verify_support::*;

fn query(url: &str) -> BTreeMap<String, String> {
    url::Url::parse(url)
        .expect("url")
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[test]
fn each_provider_gets_the_url_socialmine_sends() {
    let d = deployment("https://api.acme.com");
    let cat = Catalog::built_in();
    let none = ProviderRoutes::none();

    let fb = authorization_url(&cat, &d, PlatformId::Facebook, &none).expect("fb");
    assert!(
        fb.url
            .starts_with("https://www.facebook.com/v23.0/dialog/oauth?"),
        "{}",
        fb.url
    );
    let q = query(&fb.url);
    assert_eq!(q["client_id"], FB_ID);
    assert_eq!(
        q["redirect_uri"],
        "https://api.acme.com/api/connect/facebook/callback"
    );
    assert_eq!(q["response_type"], "code");
    assert!(
        q["scope"].contains(','),
        "Meta separates scopes with commas: {}",
        q["scope"]
    );
    assert!(!q["scope"].contains(' '));
    assert!(q["state"].len() >= 16);
    assert!(
        !q.contains_key("code_challenge"),
        "PKCE is optional for Meta"
    );
    assert!(!fb.pkce);

    let x = authorization_url(&cat, &d, PlatformId::Twitter, &none).expect("x");
    assert!(
        x.url.starts_with("https://x.com/i/oauth2/authorize?"),
        "{}",
        x.url
    );
    let q = query(&x.url);
    assert_eq!(q["client_id"], X_ID);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43);
    assert!(q["scope"].contains(' '), "X separates scopes with spaces");
    assert!(x.pkce);

    let tt = authorization_url(&cat, &d, PlatformId::Tiktok, &none).expect("tiktok");
    assert!(
        tt.url
            .starts_with("https://www.tiktok.com/v2/auth/authorize/?"),
        "{}",
        tt.url
    );
    let q = query(&tt.url);
    assert_eq!(q["client_key"], TT_ID);
    assert!(!q.contains_key("client_id"));

    let li = authorization_url(&cat, &d, PlatformId::Linkedin, &none).expect("li");
    assert!(
        li.url
            .starts_with("https://www.linkedin.com/oauth/v2/authorization?")
    );
    let th = authorization_url(&cat, &d, PlatformId::Threads, &none).expect("threads");
    assert_eq!(query(&th.url)["client_id"], TH_ID);
    assert!(
        th.explanation
            .contains("even with an error about the state")
    );

    // Two URLs never share a state.
    let again = authorization_url(&cat, &d, PlatformId::Facebook, &none).expect("fb");
    assert_ne!(query(&again.url)["state"], query(&fb.url)["state"]);
}

#[test]
fn overrides_and_missing_values() {
    let mut d = deployment("https://api.acme.com");
    set(&mut d, PlatformId::Linkedin, |c| {
        c.scope = Some("openid profile w_member_social".into());
        c.callback_url = Some("https://proxy.acme.com/li/callback".into());
    });
    let cat = Catalog::built_in();
    let routes = ProviderRoutes::parse("www.linkedin.com=http://127.0.0.1:9003").expect("routes");
    let li = authorization_url(&cat, &d, PlatformId::Linkedin, &routes).expect("li");
    assert!(
        li.url
            .starts_with("http://127.0.0.1:9003/oauth/v2/authorization?"),
        "{}",
        li.url
    );
    let q = query(&li.url);
    assert_eq!(q["scope"], "openid profile w_member_social");
    assert_eq!(q["redirect_uri"], "https://proxy.acme.com/li/callback");

    set(&mut d, PlatformId::Twitter, |c| c.client_id = None);
    assert!(matches!(
        authorization_url(&cat, &d, PlatformId::Twitter, &ProviderRoutes::none()),
        Err(AuthorizeError::NoClientId(_))
    ));
    d.api_public_url = String::new();
    assert_eq!(
        authorization_url(&cat, &d, PlatformId::Facebook, &ProviderRoutes::none()),
        Err(AuthorizeError::NoCallback)
    );
}
