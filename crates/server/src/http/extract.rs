//! Extractors that turn a malformed request into our JSON error instead of axum's plain text.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderMap};
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};

/// The largest request body the API reads; larger ones are answered 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body, parsed, together with its exact bytes (for the idempotency digest).
pub struct JsonBody<T> {
    pub value: T,
    pub bytes: Bytes,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType("application/json"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(_) if is_length_limit(&rejection) => {
                ApiError::PayloadTooLarge(BODY_LIMIT)
            }
            _ => ApiError::BadRequest("the request body could not be read"),
        })?;
        let value =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(format!("invalid JSON: {e}")))?;
        Ok(JsonBody { value, bytes })
    }
}

fn is_length_limit(rejection: &BytesRejection) -> bool {
    rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
}

/// The optional `Idempotency-Key` header: 1 to 255 visible ASCII characters.
pub struct IdempotencyKeyHeader(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKeyHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else { return Ok(IdempotencyKeyHeader(None)) };
        Ok(IdempotencyKeyHeader(Some(idempotency_key(value)?)))
    }
}

/// An `Idempotency-Key` header's value, checked.
pub fn idempotency_key(value: &axum::http::HeaderValue) -> Result<String, ApiError> {
    let key = value
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or(ApiError::BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters"))?;
    Ok(key.to_owned())
}

/// The client's address, when the server was started with connect info (tests that call the
/// router directly have none, and are treated as remote clients).
pub struct Peer(pub Option<std::net::SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer::of(parts))
    }
}

impl Peer {
    /// The client's address of a request's parts, for extractors that read it among other things.
    pub fn of(parts: &Parts) -> Peer {
        Peer(parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|info| info.0))
    }
}

/// Whether a request carries `Authorization: Bearer TOKEN` with this very token (compared in
/// constant time, so the answer's timing does not tell how much of a guess was right).
pub fn bearer_is(headers: &axum::http::HeaderMap, token: &str) -> bool {
    let presented =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    presented.is_some_and(|p| constant_time_eq(p.as_bytes(), token.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The address of the client that sent a request: the connection's, or with
/// `trust_forwarded_for` (behind a proxy) the last one of `X-Forwarded-For`, the client the
/// proxy saw (what a client writes there itself comes before it).
pub fn client_address(trust_forwarded_for: bool, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
    let forwarded = || {
        let last = headers.get_all("x-forwarded-for").iter().next_back()?;
        last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
    };
    let peer = peer.map(|peer| peer.ip());
    if trust_forwarded_for {
        forwarded().or(peer)
    } else {
        peer
    }
}
