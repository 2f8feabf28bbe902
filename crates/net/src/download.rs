//! Bounded downloads of public files (the signed provider-facts catalog and its signature):
//! https only (plain http only to this computer), at most `max_bytes`, within `timeout`, and a
//! body that ends early is an error, never a shorter file.

use std::time::Duration;

use url::Url;

use crate::transport::{HttpSettings, http_client, is_loopback_host, require_secure};

/// Why a download failed, in plain words with a way forward. Never contains a secret (these
/// are public files) nor more of the address than its origin and path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error("'{url}' is not a valid address ({reason}); check the update address in the settings")]
    InvalidUrl { url: String, reason: String },
    #[error("'{url}' must be an https:// address (plain http is accepted only for this computer)")]
    Insecure { url: String },
    #[error(
        "{url} could not be reached ({reason}). Check the internet connection and try again later; the provider facts in use stay as they are"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "{url} did not answer within {seconds} seconds. Try again later; the provider facts in use stay as they are"
    )]
    Timeout { url: String, seconds: u64 },
    #[error(
        "{url} answered HTTP {status} instead of the file. Check the update address; the provider facts in use stay as they are"
    )]
    Status { url: String, status: u16 },
    #[error(
        "{url} sent more than {max_bytes} bytes, more than such a file can be; the download was stopped"
    )]
    TooLarge { url: String, max_bytes: usize },
    #[error(
        "the download from {url} broke off before the file was complete ({reason}). Try again; nothing was changed"
    )]
    Interrupted { url: String, reason: String },
}

/// The address without query or fragment, for messages.
fn shown(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

/// Downloads `url` into memory: https only (http only to loopback), at most `max_bytes`
/// (a larger `Content-Length` is refused before reading, a longer body is cut off with an
/// error), the whole exchange within `timeout`, and a body shorter than its
/// `Content-Length` or broken off by the server is [`DownloadError::Interrupted`].
pub async fn fetch_bounded(
    url: &str,
    max_bytes: usize,
    timeout: Duration,
) -> Result<Vec<u8>, DownloadError> {
    let parsed = Url::parse(url.trim()).map_err(|e| DownloadError::InvalidUrl {
        url: url.trim().chars().take(200).collect(),
        reason: e.to_string(),
    })?;
    let what = shown(&parsed);
    require_secure(&parsed).map_err(|_| match parsed.scheme() {
        "http" => DownloadError::Insecure { url: what.clone() },
        other => DownloadError::InvalidUrl {
            url: what.clone(),
            reason: format!("the scheme must be https, not {other}"),
        },
    })?;
    let loopback = parsed.host_str().is_some_and(is_loopback_host);
    let settings = HttpSettings {
        connect_timeout: timeout.min(Duration::from_secs(10)),
        timeout,
        ..HttpSettings::default()
    };
    let client = http_client(&settings, loopback).map_err(|e| DownloadError::Unreachable {
        url: what.clone(),
        reason: e.to_string(),
    })?;
    let timed_out = || DownloadError::Timeout {
        url: what.clone(),
        seconds: timeout.as_secs().max(1),
    };
    let work = async {
        let mut response = client.get(parsed.clone()).send().await.map_err(|e| {
            if e.is_timeout() {
                timed_out()
            } else {
                DownloadError::Unreachable {
                    url: what.clone(),
                    reason: plain_reason(e),
                }
            }
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(DownloadError::Status {
                url: what.clone(),
                status: status.as_u16(),
            });
        }
        let expected = response.content_length();
        if expected.is_some_and(|n| n > max_bytes as u64) {
            return Err(DownloadError::TooLarge {
                url: what.clone(),
                max_bytes,
            });
        }
        let mut body = Vec::with_capacity(expected.map_or(0, |n| n as usize).min(max_bytes));
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > max_bytes {
                        return Err(DownloadError::TooLarge {
                            url: what.clone(),
                            max_bytes,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(timed_out()),
                Err(e) => {
                    return Err(DownloadError::Interrupted {
                        url: what.clone(),
                        reason: plain_reason(e),
                    });
                }
            }
        }
        if let Some(n) = expected
            && body.len() as u64 != n
        {
            return Err(DownloadError::Interrupted {
                url: what.clone(),
                reason: format!("{} of {n} bytes arrived", body.len()),
            });
        }
        Ok(body)
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(timed_out()),
    }
}

/// A reqwest error in a few words, without the URL (which the message names already).
fn plain_reason(e: reqwest::Error) -> String {
    if e.is_connect() {
        return "the connection was refused or the server is down".to_owned();
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A one-shot loopback server answering every connection with `reply`, then closing.
    fn serve(reply: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            for stream in listener.incoming().take(4) {
                let Ok(mut s) = stream else { return };
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = s.write_all(&reply);
                let _ = s.flush();
            }
        });
        format!("http://{addr}/catalog.toml")
    }

    fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    const SECOND: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn a_whole_file_is_returned() {
        let url = serve(response("200 OK", "Content-Length: 5\r\n", b"hello"));
        assert_eq!(
            fetch_bounded(&url, 100, SECOND).await,
            Ok(b"hello".to_vec())
        );
    }

    #[tokio::test]
    async fn a_body_shorter_than_its_length_is_interrupted() {
        let url = serve(response("200 OK", "Content-Length: 50\r\n", b"only part"));
        let e = fetch_bounded(&url, 100, SECOND).await.expect_err("cut off");
        assert!(matches!(e, DownloadError::Interrupted { .. }), "{e:?}");
        assert!(e.to_string().contains("nothing was changed"), "{e}");
    }

    #[tokio::test]
    async fn too_large_files_are_refused() {
        let url = serve(response("200 OK", "Content-Length: 500\r\n", &[b'x'; 500]));
        let e = fetch_bounded(&url, 100, SECOND)
            .await
            .expect_err("too large");
        assert!(
            matches!(e, DownloadError::TooLarge { max_bytes: 100, .. }),
            "{e:?}"
        );
        // Without a Content-Length, the body is cut off at the limit.
        let url = serve(response("200 OK", "", &[b'x'; 500]));
        let e = fetch_bounded(&url, 100, SECOND)
            .await
            .expect_err("too large");
        assert!(matches!(e, DownloadError::TooLarge { .. }), "{e:?}");
    }

    #[tokio::test]
    async fn an_error_status_is_reported() {
        let url = serve(response("404 Not Found", "Content-Length: 0\r\n", b""));
        let e = fetch_bounded(&url, 100, SECOND).await.expect_err("404");
        assert_eq!(
            e,
            DownloadError::Status {
                url: url.clone(),
                status: 404
            }
        );
    }

    #[tokio::test]
    async fn a_server_that_is_down_is_unreachable() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        drop(listener);
        let e = fetch_bounded(&format!("http://{addr}/c.toml"), 100, SECOND)
            .await
            .expect_err("down");
        assert!(matches!(e, DownloadError::Unreachable { .. }), "{e:?}");
    }

    #[tokio::test]
    async fn a_server_that_never_answers_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let keep = std::thread::spawn(move || {
            let conn = listener.accept();
            std::thread::sleep(Duration::from_secs(1));
            drop(conn);
        });
        let e = fetch_bounded(
            &format!("http://{addr}/c.toml"),
            100,
            Duration::from_millis(300),
        )
        .await
        .expect_err("silent");
        assert!(matches!(e, DownloadError::Timeout { .. }), "{e:?}");
        let _ = keep.join();
    }

    #[tokio::test]
    async fn plain_http_elsewhere_is_refused() {
        let e = fetch_bounded("http://example.com/catalog.toml", 100, SECOND)
            .await
            .expect_err("insecure");
        assert!(matches!(e, DownloadError::Insecure { .. }), "{e:?}");
        let e = fetch_bounded("ftp://example.com/x", 100, SECOND)
            .await
            .expect_err("scheme");
        assert!(matches!(e, DownloadError::InvalidUrl { .. }), "{e:?}");
    }
}
