//! The keystroke-latency hook `make bench` reads (ui/src/lib/latency.ts), in the real window:
//! with the measuring flag set, 200 typed keys give 200 recorded times, one per keystroke, and
//! without it nothing is recorded. A functional check only: the times are measured and
//! reported by `make bench` (bench/keystrokes.mjs), never asserted here.

use std::time::{Duration, Instant};

use serde_json::Value;
use socialmine_tests::driver::AppSession;

const FIELD: &str = "[data-testid=field-api_public_url]";

async fn recorded(s: &AppSession) -> Value {
    s.client
        .execute("return window.__socialmineLatency ?? null;", vec![])
        .await
        .unwrap_or_else(|e| panic!("could not read the latency hook: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_200_keys_records_200_keystroke_times_only_when_asked() {
    let s = AppSession::start().await;
    let field = s.find(FIELD).await;
    let arg = serde_json::to_value(&field).unwrap_or_else(|e| panic!("element to JSON: {e}"));
    // Not asked: typing records nothing.
    field
        .send_keys("x")
        .await
        .unwrap_or_else(|e| panic!("could not type: {e}"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = recorded(&s).await;

    s.client
        .execute(
            "const el = arguments[0]; el.focus(); el.select(); window.__socialmineLatency = [];",
            vec![arg],
        )
        .await
        .unwrap_or_else(|e| panic!("could not set the flag: {e}"));
    let typed: String = "https://api.acme.com/api "
        .chars()
        .cycle()
        .take(200)
        .collect();
    field
        .send_keys(&typed)
        .await
        .unwrap_or_else(|e| panic!("could not type: {e}"));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut times = Vec::new();
    while Instant::now() < deadline {
        times = recorded(&s).await.as_array().cloned().unwrap_or_default();
        if times.len() >= 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = recorded(&s).await.as_array().map(Vec::len);
    let value = s.value_of(FIELD).await;
    let findings = s
        .count("#api_public_url-findings [data-testid=finding]")
        .await;
    s.close().await;

    assert_eq!(before, Value::Null, "recorded without being asked");
    assert_eq!(times.len(), 200, "{times:?}");
    assert_eq!(after, Some(200), "more times than keystrokes");
    assert!(
        times.iter().all(|t| t.as_f64().is_some_and(|t| t >= 0.0)),
        "{times:?}"
    );
    assert_eq!(value, typed);
    assert!(findings > 0, "the typed URL's findings are not shown");
}
