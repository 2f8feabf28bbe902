//! Admin tokens for the admin API client (`socialmine_net::TokenStore`), kept in the secret
//! store as each deployment's [`SecretField::AdminToken`].

use std::sync::Arc;

use socialmine_core::Secret;
use socialmine_net::{TokenStore, TokenStoreError};

use crate::id::DeploymentId;
use crate::secrets::SecretField;
use crate::store::Store;

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

fn err(e: crate::SecretStoreError) -> TokenStoreError {
    TokenStoreError(e.to_string())
}

impl TokenStore for KeyringTokens {
    fn load(&self, deployment: &str) -> Result<Option<Secret>, TokenStoreError> {
        self.store
            .secrets()
            .get(&id(deployment)?, SecretField::AdminToken)
            .map_err(err)
    }

    fn save(&self, deployment: &str, token: &Secret) -> Result<(), TokenStoreError> {
        self.store
            .secrets()
            .set(&id(deployment)?, SecretField::AdminToken, token)
            .map_err(err)
    }

    fn delete(&self, deployment: &str) -> Result<(), TokenStoreError> {
        self.store
            .secrets()
            .delete(&id(deployment)?, SecretField::AdminToken)
            .map(|_| ())
            .map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppDirs, Profile, SecretStore};

    #[test]
    fn tokens_live_in_the_secret_store_under_the_admin_token_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let profile = Profile::new_test();
        let secrets = SecretStore::session_only(&profile.namespace());
        let store = Arc::new(Store::open(AppDirs::at(profile, dir.path()), secrets).expect("open"));
        let tokens = KeyringTokens::new(store.clone());
        assert_eq!(tokens.load("sandbox").expect("load"), None);
        tokens
            .save("sandbox", &Secret::from("tok-1"))
            .expect("save");
        assert_eq!(
            tokens
                .load("sandbox")
                .expect("load")
                .map(|s| s.into_inner()),
            Some("tok-1".into())
        );
        let sandbox = DeploymentId::parse("sandbox").expect("id");
        assert!(
            store
                .secrets()
                .get(&sandbox, SecretField::AdminToken)
                .expect("get")
                .is_some()
        );
        tokens.delete("sandbox").expect("delete");
        assert_eq!(tokens.load("sandbox").expect("load"), None);
        let e = tokens.load("../etc").expect_err("bad key");
        assert!(e.to_string().contains("not a deployment id"), "{e}");
    }
}
