//! Admin tokens, each kept with the origin of the server that issued it (issue 13, item 1).
//!
//! A deployment's [`SecretField::AdminToken`] entry holds a `socialmine_net::BoundToken` in its
//! encoded form (version line, origin, token). A token is handed out only for the origin it was
//! issued by: after the deployment's admin URL changes, or for another server (`--server`, a
//! look-alike file), there is no token, and the admin signs in again. A token kept by an older
//! version without its origin is never handed out.
//!
//! [`KeyringTokens`] is the admin API client's `socialmine_net::TokenStore` over the same
//! entries; [`Store::admin_token`], [`Store::set_admin_token`] and [`Store::sign_out`] are the
//! same operations for application code that holds a [`DeploymentId`].

use std::sync::Arc;

use socialmine_core::Secret;
use socialmine_net::{BoundToken, TokenOrigin, TokenStore, TokenStoreError};

use crate::error::StoreError;
use crate::id::DeploymentId;
use crate::secrets::SecretField;
use crate::store::Store;

impl Store {
    /// The admin token kept for `id`, only if it was issued by `origin` (the deployment's admin
    /// origin now). `None` when there is none, when it belongs to another origin, or when it was
    /// kept without its origin.
    pub fn admin_token(
        &self,
        id: &DeploymentId,
        origin: &TokenOrigin,
    ) -> Result<Option<Secret>, StoreError> {
        Ok(self
            .bound_admin_token(id)?
            .and_then(|b| b.for_origin(origin).cloned()))
    }

    /// The admin token kept for `id` with its origin, whatever that origin is (for showing
    /// "signed in to https://…"); use [`Store::admin_token`] to get one to send.
    pub fn bound_admin_token(&self, id: &DeploymentId) -> Result<Option<BoundToken>, StoreError> {
        let raw = self.secrets().get(id, SecretField::AdminToken)?;
        Ok(raw.as_ref().and_then(BoundToken::decode))
    }

    /// Keeps `token` for `id`, bound to its origin (replacing any token kept before).
    pub fn set_admin_token(&self, id: &DeploymentId, token: &BoundToken) -> Result<(), StoreError> {
        self.secrets()
            .set(id, SecretField::AdminToken, &token.encode())?;
        Ok(())
    }

    /// Forgets the admin token of `id` (after its admin URL or `API_PUBLIC_URL` was edited, or a
    /// `.env` imported). Returns whether there was one.
    pub fn sign_out(&self, id: &DeploymentId) -> Result<bool, StoreError> {
        Ok(self.secrets().delete(id, SecretField::AdminToken)?)
    }

    /// Forgets the admin token of `id` unless it belongs to `origin`: call after the
    /// deployment's admin origin may have changed. Returns whether a token was forgotten.
    pub fn sign_out_unless(
        &self,
        id: &DeploymentId,
        origin: &TokenOrigin,
    ) -> Result<bool, StoreError> {
        let raw = self.secrets().get(id, SecretField::AdminToken)?;
        let keep = raw
            .as_ref()
            .and_then(BoundToken::decode)
            .is_some_and(|b| b.origin == *origin);
        if raw.is_some() && !keep {
            return self.sign_out(id);
        }
        Ok(false)
    }
}

/// The admin tokens of every deployment, in the store's secret store (the OS keyring, or this
/// session's memory). The deployment key is the [`DeploymentId`]; the embedded sandbox may use
/// a fixed key such as `sandbox` (any valid id works, with or without a deployment file).
#[derive(Debug, Clone)]
pub struct KeyringTokens {
    store: Arc<Store>,
}

impl KeyringTokens {
    pub fn new(store: Arc<Store>) -> KeyringTokens {
        KeyringTokens { store }
    }
}

fn id(key: &str) -> Result<DeploymentId, TokenStoreError> {
    DeploymentId::parse(key).map_err(|e| TokenStoreError(e.to_string()))
}

fn err(e: StoreError) -> TokenStoreError {
    TokenStoreError(e.to_string())
}

impl TokenStore for KeyringTokens {
    fn load(&self, deployment: &str) -> Result<Option<BoundToken>, TokenStoreError> {
        self.store.bound_admin_token(&id(deployment)?).map_err(err)
    }

    fn save(&self, deployment: &str, token: &BoundToken) -> Result<(), TokenStoreError> {
        self.store
            .set_admin_token(&id(deployment)?, token)
            .map_err(err)
    }

    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError> {
        self.store
            .sign_out(&id(deployment)?)
            .map(|_| ())
            .map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppDirs, Profile, SecretStore};

    fn store() -> (tempfile::TempDir, Arc<Store>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let profile = Profile::new_test();
        let secrets = SecretStore::session_only(&profile.namespace());
        let store = Arc::new(Store::open(AppDirs::at(profile, dir.path()), secrets).expect("open"));
        (dir, store)
    }

    fn origin(s: &str) -> TokenOrigin {
        TokenOrigin::parse(s).expect(s)
    }

    #[test]
    fn tokens_live_in_the_secret_store_with_their_origin() {
        let (_dir, store) = store();
        let tokens = KeyringTokens::new(store.clone());
        assert_eq!(tokens.load("sandbox").expect("load"), None);
        let bound = BoundToken::new(origin("http://127.0.0.1:8080"), Secret::from("tok-1"));
        tokens.save("sandbox", &bound).expect("save");
        assert_eq!(tokens.load("sandbox").expect("load"), Some(bound));
        let sandbox = DeploymentId::parse("sandbox").expect("id");
        let raw = store
            .secrets()
            .get(&sandbox, SecretField::AdminToken)
            .expect("get")
            .expect("kept");
        assert!(raw.expose_str().contains("http://127.0.0.1:8080"));
        tokens.delete("sandbox").expect("delete");
        assert_eq!(tokens.load("sandbox").expect("load"), None);
        let e = tokens.load("../etc").expect_err("bad key");
        assert!(e.to_string().contains("not a deployment id"), "{e}");
    }

    #[test]
    fn a_token_is_handed_out_only_for_the_origin_that_issued_it() {
        let (_dir, store) = store();
        let id = DeploymentId::parse("acme").expect("id");
        let acme = origin("https://api.acme.com");
        store
            .set_admin_token(&id, &BoundToken::new(acme.clone(), Secret::from("tok")))
            .expect("set");
        assert_eq!(
            store
                .admin_token(&id, &origin("https://API.acme.com:443/api"))
                .expect("get")
                .map(Secret::into_inner),
            Some("tok".into())
        );
        for other in [
            "https://evil.example",
            "http://api.acme.com",
            "https://api.acme.com:8443",
            "https://acme.com",
        ] {
            assert_eq!(
                store.admin_token(&id, &origin(other)).expect("get"),
                None,
                "{other}"
            );
        }
        // Another origin now: signed out. The same origin: kept.
        assert!(!store.sign_out_unless(&id, &acme).expect("same"));
        assert!(store.admin_token(&id, &acme).expect("get").is_some());
        assert!(
            store
                .sign_out_unless(&id, &origin("https://api.other.com"))
                .expect("other")
        );
        assert_eq!(store.admin_token(&id, &acme).expect("get"), None);
        assert!(!store.sign_out(&id).expect("nothing left"));
    }

    #[test]
    fn a_token_kept_without_its_origin_is_never_handed_out() {
        let (_dir, store) = store();
        let id = DeploymentId::parse("acme").expect("id");
        store
            .secrets()
            .set(
                &id,
                SecretField::AdminToken,
                &Secret::from("legacy-unbound"),
            )
            .expect("set");
        assert_eq!(
            store
                .admin_token(&id, &origin("https://api.acme.com"))
                .expect("get"),
            None
        );
        assert_eq!(store.bound_admin_token(&id).expect("get"), None);
        assert!(
            store
                .sign_out_unless(&id, &origin("https://api.acme.com"))
                .expect("scrubbed")
        );
    }
}
