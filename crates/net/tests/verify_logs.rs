//! No secret reaches a log line: a whole verify run (every provider, a bad secret, a TLS
//! failure) with every log level on, captured, contains none of the secrets or tokens.

mod verify_support;

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use socialmine_core::{Catalog, PlatformId, Secret};
use socialmine_net::verify::verify_deployment;
use verify_support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_in_any_log_line() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let emu = emulator().await;
    let cb = verify_support::servers::socialmine_like(None).await;
    let mut d = deployment(&format!("http://{cb}"));
    set(&mut d, PlatformId::Linkedin, |c| {
        c.client_secret = Some(Secret::from("a-wrong-linkedin-secret-99"))
    });
    let r = verify_deployment(
        &Catalog::built_in(),
        &d,
        &BTreeMap::new(),
        &[],
        &settings(&emu),
    )
    .await;
    assert_eq!(r.platforms.len(), 6);
    let log = String::from_utf8_lossy(&captured.0.lock().expect("log")).into_owned();
    assert!(!log.is_empty(), "the run logged something at trace level");
    assert_no_secret(&log);
    assert!(!log.contains("a-wrong-linkedin-secret-99"));
    for token in emu.issued_tokens() {
        assert!(!log.contains(&token), "an app token was logged");
    }
}
