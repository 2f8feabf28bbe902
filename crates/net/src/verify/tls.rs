//! TLS for the probes: the platform's certificate verifier (system roots plus any extra ones),
//! wrapped so that a certificate it refuses is remembered per host. When the refusal is "unknown
//! issuer" (typically a self-signed certificate), the remembered certificate is checked against
//! itself, which also tells whether it has expired or names another host, so the message can
//! say every problem, not only the first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_name};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};

/// The most hosts whose refused certificate is remembered.
const MAX_REMEMBERED: usize = 64;

/// A verifier that remembers the certificates it refuses.
#[derive(Debug)]
pub(crate) struct Recording {
    inner: Arc<dyn ServerCertVerifier>,
    refused: Mutex<HashMap<String, CertificateDer<'static>>>,
}

impl Recording {
    pub fn new(inner: Arc<dyn ServerCertVerifier>) -> Recording {
        Recording {
            inner,
            refused: Mutex::new(HashMap::new()),
        }
    }

    /// The certificate last refused for `host`, if any.
    pub fn refused(&self, host: &str) -> Option<CertificateDer<'static>> {
        self.refused
            .lock()
            .ok()
            .and_then(|m| m.get(&host.to_ascii_lowercase()).cloned())
    }
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let result = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if result.is_err()
            && let Ok(mut m) = self.refused.lock()
        {
            if m.len() >= MAX_REMEMBERED {
                m.clear();
            }
            m.insert(
                server_name.to_str().to_ascii_lowercase(),
                end_entity.clone().into_owned(),
            );
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A TLS configuration and the recording verifier inside it.
#[derive(Debug, Clone)]
pub(crate) struct Tls {
    pub config: rustls::ClientConfig,
    pub recording: Arc<Recording>,
}

/// What else is wrong with a refused certificate besides its unknown issuer: whether it names
/// another host (checked without any chain), and, when it is self-signed, whether it has
/// expired (checked with the certificate as its own authority).
pub(crate) fn other_problems(cert: &CertificateDer<'static>, host: &str) -> OtherProblems {
    let mut out = OtherProblems::default();
    let Ok(name) = ServerName::try_from(host.to_owned()) else {
        return out;
    };
    if let Ok(parsed) = ParsedCertificate::try_from(cert) {
        out.wrong_host = verify_server_name(&parsed, &name).is_err();
    }
    let mut roots = RootCertStore::empty();
    if roots.add(cert.clone()).is_ok() {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        if let Ok(verifier) =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider).build()
        {
            out.expired = matches!(
                verifier.verify_server_cert(cert, &[], &name, &[], UnixTime::now()),
                Err(Error::InvalidCertificate(
                    CertificateError::Expired | CertificateError::ExpiredContext { .. }
                ))
            );
        }
    }
    out
}

/// See [`other_problems`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OtherProblems {
    pub wrong_host: bool,
    pub expired: bool,
}

/// The shared TLS configuration for the default roots (built once per process).
pub(crate) fn default_cache() -> &'static OnceLock<Result<Tls, String>> {
    static DEFAULT: OnceLock<Result<Tls, String>> = OnceLock::new();
    &DEFAULT
}
