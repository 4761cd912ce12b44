//! Every request gets an id: in the `x-request-id` response header, in every log line written
//! while it is served (the request's tracing span) and in its error body, so a person's report
//! ("it said request 0192…") leads to the log lines. The id is made here, or taken from a proxy
//! the server trusts (`--trust-forwarded-for`) so one id follows the request through both.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static CURRENT: HeaderValue;
}

/// The id of the request being served by this task, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(|id| id.to_str().ok().map(str::to_owned)).ok().flatten()
}

/// An id a proxy sent: 1 to 128 visible ASCII characters, else one is made instead.
fn acceptable(value: &HeaderValue) -> bool {
    (1..=128).contains(&value.len()) && value.as_bytes().iter().all(u8::is_ascii_graphic)
}

/// The middleware: `trusted` says whether a request's own `x-request-id` comes from our proxy.
pub async fn assign(State(trusted): State<bool>, mut request: Request, next: Next) -> Response {
    let given = request.headers().get(&HEADER).filter(|value| trusted && acceptable(value)).cloned();
    let id = given
        .unwrap_or_else(|| HeaderValue::from_str(&crate::store::ordered_id()).expect("a UUID is a valid header value"));
    request.headers_mut().insert(HEADER, id.clone());
    let mut response = CURRENT.scope(id.clone(), next.run(request)).await;
    response.headers_mut().insert(HEADER, id);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_visible_ascii_ids_are_taken_from_a_proxy() {
        assert!(acceptable(&HeaderValue::from_static("req-42.a_b")));
        assert!(!acceptable(&HeaderValue::from_static("")));
        assert!(!acceptable(&HeaderValue::from_static("has space")));
        assert!(!acceptable(&HeaderValue::from_str(&"x".repeat(129)).unwrap()));
    }
}
