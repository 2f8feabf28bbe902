//! Fault injection: added latency, error statuses, dropped connections, redirects elsewhere,
//! answers that never come or never end, on chosen calls, so tests can rehearse what a real
//! network and a hostile or broken server do to a push.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Notify;

/// Which requests a fault applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultMatch {
    /// `None` matches every method.
    pub method: Option<Method>,
    /// The request path must contain this text (`""` matches every path).
    pub path_contains: String,
    /// The request path must end with this text (`""` matches every path).
    pub path_ends_with: String,
}

impl FaultMatch {
    /// Every request.
    pub fn any() -> FaultMatch {
        FaultMatch {
            method: None,
            path_contains: String::new(),
            path_ends_with: String::new(),
        }
    }

    /// Requests with this method whose path ends with `suffix`, e.g.
    /// `FaultMatch::ends(Method::PUT, "/social-platforms/twitter")`.
    pub fn ends(method: Method, suffix: &str) -> FaultMatch {
        FaultMatch {
            method: Some(method),
            path_contains: String::new(),
            path_ends_with: suffix.to_owned(),
        }
    }

    /// Requests (any method) whose path contains `part`.
    pub fn path(part: &str) -> FaultMatch {
        FaultMatch {
            method: None,
            path_contains: part.to_owned(),
            path_ends_with: String::new(),
        }
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && path.contains(&self.path_contains)
            && path.ends_with(&self.path_ends_with)
    }
}

/// What happens to a matching request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer with this status (and an error body) without handling the request.
    Status(u16),
    /// Handle the request (so any change is saved), then answer with this status instead.
    StatusAfterHandling(u16),
    /// Close the connection without answering and without handling the request.
    DropConnection,
    /// Handle the request (so any change is saved), then close the connection without answering.
    DropAfterHandling,
    /// Wait this long before handling the request.
    Delay(Duration),
    /// Answer with a redirect (`status`, e.g. 307) to `location`, e.g. another origin, without
    /// handling the request.
    Redirect { status: u16, location: String },
    /// Answer `200` with a JSON body that never ends (until the client hangs up), without
    /// handling the request.
    EndlessAnswer,
    /// Start a `200` answer (its head, announcing more bytes than follow, and the first few
    /// bytes), then close the connection. `handled`: handle the request first (so any change
    /// is saved) and cut its real answer short.
    DropMidAnswer { handled: bool },
    /// Never answer: the connection stays open, unanswered, until the client gives up.
    NeverAnswer,
}

/// One fault: applies to the next `times` matching requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    pub matcher: FaultMatch,
    pub action: FaultAction,
    pub times: u32,
}

/// A request the sandbox received, for tests to assert on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: Method,
    pub path: String,
    /// The status answered, or `None` when the connection was dropped.
    pub status: Option<u16>,
}

#[derive(Debug, Default)]
struct FaultState {
    latency: Duration,
    rules: Vec<FaultRule>,
    log: Vec<LoggedRequest>,
}

/// The handle tests use to inject faults into a running sandbox. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
}

impl Faults {
    fn with<R>(&self, f: impl FnOnce(&mut FaultState) -> R) -> R {
        let mut g = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut g)
    }

    /// Adds this delay before every request.
    pub fn set_latency(&self, latency: Duration) {
        self.with(|s| s.latency = latency);
    }

    /// Adds a fault rule; rules are tried in the order they were added.
    pub fn inject(&self, rule: FaultRule) {
        self.with(|s| s.rules.push(rule));
    }

    /// Answers the next `times` matching requests with `status` (e.g. 503), changing nothing.
    pub fn fail(&self, matcher: FaultMatch, status: u16, times: u32) {
        self.inject(FaultRule {
            matcher,
            action: FaultAction::Status(status),
            times,
        });
    }

    /// Drops the connection of the next `times` matching requests without handling them.
    pub fn drop_connection(&self, matcher: FaultMatch, times: u32) {
        self.inject(FaultRule {
            matcher,
            action: FaultAction::DropConnection,
            times,
        });
    }

    /// Removes every rule and the latency.
    pub fn clear(&self) {
        self.with(|s| {
            s.rules.clear();
            s.latency = Duration::ZERO;
        });
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.with(|s| s.log.clone())
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.with(|s| s.log.clear());
    }

    fn take(&self, method: &Method, path: &str) -> (Duration, Option<FaultAction>) {
        self.with(|s| {
            let mut action = None;
            if let Some(rule) = s
                .rules
                .iter_mut()
                .find(|r| r.times > 0 && r.matcher.matches(method, path))
            {
                rule.times -= 1;
                action = Some(rule.action.clone());
            }
            s.rules.retain(|r| r.times > 0);
            (s.latency, action)
        })
    }

    fn log(&self, method: Method, path: String, status: Option<u16>) {
        self.with(|s| {
            s.log.push(LoggedRequest {
                method,
                path,
                status,
            })
        });
    }
}

/// Closes the connection a request arrived on; inserted by the accept loop.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionKill(pub Arc<Notify>);

fn status_response(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    crate::routes::error(
        code,
        "injected_fault",
        "The sandbox was told to fail this call (fault injection).",
    )
    .into_response()
}

async fn drop_connection(req_kill: Option<ConnectionKill>) -> Response {
    match req_kill {
        Some(k) => {
            k.0.notify_one();
            // The connection task drops this future with the connection.
            std::future::pending::<Response>().await
        }
        None => status_response(502),
    }
}

fn redirect_response(status: u16, location: &str) -> Response {
    let code = StatusCode::from_u16(status)
        .ok()
        .filter(StatusCode::is_redirection)
        .unwrap_or(StatusCode::TEMPORARY_REDIRECT);
    let mut r = code.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn endless_response() -> Response {
    use futures_util::stream::{self, StreamExt};
    let filler = Bytes::from(vec![b' '; 16 * 1024]);
    let body = stream::once(async { Ok::<_, std::io::Error>(Bytes::from_static(b"[")) })
        .chain(stream::repeat_with(move || Ok(filler.clone())));
    let mut r = Response::new(Body::from_stream(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The head of `answer` (or of an empty JSON 200) announcing 64 KiB, the first bytes of its
/// body, then a body error, which makes hyper close the connection mid-answer.
async fn cut_short(answer: Option<Response>) -> Response {
    use futures_util::stream;
    let (mut parts, first) = match answer {
        Some(r) => {
            let (parts, body) = r.into_parts();
            let bytes = axum::body::to_bytes(body, 1024 * 1024)
                .await
                .unwrap_or_default();
            (parts, bytes.slice(..bytes.len().min(10)))
        }
        None => {
            let (parts, ()) = Response::new(()).into_parts();
            (parts, Bytes::from_static(b"{\"id\":"))
        }
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("65536"));
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = stream::iter([
        Ok(first),
        Err(std::io::Error::other("connection cut (fault injection)")),
    ]);
    Response::from_parts(parts, Body::from_stream(body))
}

pub(crate) async fn middleware(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let kill = req.extensions().get::<ConnectionKill>().cloned();
    let (latency, action) = faults.take(&method, &path);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match action {
        None => next.run(req).await,
        Some(FaultAction::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(FaultAction::Status(s)) => status_response(s),
        Some(FaultAction::StatusAfterHandling(s)) => {
            let _ = next.run(req).await;
            status_response(s)
        }
        Some(FaultAction::DropConnection) => {
            faults.log(method, path, None);
            return drop_connection(kill).await;
        }
        Some(FaultAction::DropAfterHandling) => {
            let _ = next.run(req).await;
            faults.log(method, path, None);
            return drop_connection(kill).await;
        }
        Some(FaultAction::Redirect { status, location }) => redirect_response(status, &location),
        Some(FaultAction::EndlessAnswer) => endless_response(),
        Some(FaultAction::DropMidAnswer { handled }) => {
            let answer = if handled {
                Some(next.run(req).await)
            } else {
                None
            };
            faults.log(method, path, None);
            return cut_short(answer).await;
        }
        Some(FaultAction::NeverAnswer) => {
            faults.log(method, path, None);
            return std::future::pending::<Response>().await;
        }
    };
    faults.log(method, path, Some(response.status().as_u16()));
    response
}
