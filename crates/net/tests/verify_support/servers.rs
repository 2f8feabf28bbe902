//! Local servers for every callback outcome: a SocialMine-like API (redirect to its client app
//! with an error, 404 elsewhere), fixed answers (404, 502…, redirects), a refused port, a
//! server that never answers, and TLS servers whose certificates are self-signed, for the wrong
//! host, expired, or good (signed by a test authority the probe is told to trust).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// Like SocialMine: `/api/connect/{id}/callback` without a code redirects to the client app
/// (`frontend`, relative when `None`) with an error; every other path is 404.
pub async fn socialmine_like(frontend: Option<&str>) -> SocketAddr {
    let frontend = frontend.map(str::to_owned);
    serve(Router::new().fallback(any(move |uri: Uri| {
        let frontend = frontend.clone();
        async move {
            let parts: Vec<&str> = uri.path().trim_matches('/').split('/').collect();
            if parts.len() == 4
                && parts[0] == "api"
                && parts[1] == "connect"
                && parts[3] == "callback"
            {
                let to = format!(
                    "{}/settings/social?error=missing_code&platform={}",
                    frontend.as_deref().unwrap_or(""),
                    parts[2]
                );
                let mut r = StatusCode::FOUND.into_response();
                r.headers_mut()
                    .insert("location", HeaderValue::from_str(&to).expect("location"));
                r
            } else {
                (StatusCode::NOT_FOUND, "Cannot GET").into_response()
            }
        }
    })))
    .await
}

/// Answers every request with `status` (and `location`, when given).
pub async fn fixed(status: u16, location: Option<&str>) -> SocketAddr {
    let location = location.map(str::to_owned);
    serve(Router::new().fallback(any(move || {
        let location = location.clone();
        async move {
            let mut r: Response = (
                StatusCode::from_u16(status).expect("status"),
                "<html>answer</html>",
            )
                .into_response();
            if let Some(l) = location {
                r.headers_mut()
                    .insert("location", HeaderValue::from_str(&l).expect("location"));
            }
            r
        }
    })))
    .await
}

/// A loopback port nothing listens on.
pub async fn refused_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

/// Accepts connections and never answers.
pub async fn silent() -> SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = l.accept().await {
            held.push(sock);
        }
    });
    addr
}

/// A test certificate authority.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// Which certificate a TLS server shows.
pub enum Cert {
    /// Signed by the test authority, for `localhost`, valid now.
    Good,
    /// Self-signed for `localhost`.
    SelfSigned,
    /// Signed by the test authority, for another host name.
    WrongHost,
    /// Signed by the test authority, for `localhost`, expired last month.
    Expired,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "SocialMine verify test CA");
        let key = KeyPair::generate().expect("key");
        TestCa {
            issuer: CertifiedIssuer::self_signed(params, key).expect("ca"),
        }
    }

    /// The authority's certificate (DER), for `VerifySettings::extra_roots_der`.
    pub fn root_der(&self) -> Vec<u8> {
        self.issuer.der().to_vec()
    }

    fn leaf(&self, cert: &Cert) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let name = match cert {
            Cert::WrongHost => "other-host.example",
            _ => "localhost",
        };
        let mut params = CertificateParams::new(vec![name.to_owned()]).expect("params");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let now = time::OffsetDateTime::now_utc();
        if let Cert::Expired = cert {
            params.not_before = now - time::Duration::days(90);
            params.not_after = now - time::Duration::days(30);
        } else {
            params.not_before = now - time::Duration::days(1);
            params.not_after = now + time::Duration::days(30);
        }
        let key = KeyPair::generate().expect("key");
        let der = match cert {
            Cert::SelfSigned => params.self_signed(&key).expect("self-signed"),
            _ => params.signed_by(&key, &self.issuer).expect("signed"),
        };
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![der.der().clone()], key_der)
    }
}

/// A TLS server on loopback showing `cert`; a request that gets through is answered with a
/// 302 to a relative client-app page (as SocialMine does).
pub async fn tls(ca: &TestCa, cert: Cert) -> SocketAddr {
    let (chain, key) = ca.leaf(&cert);
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((sock, _)) = l.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let _ = tls
                    .write_all(
                        b"HTTP/1.1 302 Found\r\nLocation: /settings/social?error=missing_code\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    addr
}
