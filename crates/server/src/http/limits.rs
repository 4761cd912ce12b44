//! How fast one client may write through the public endpoints: answers (a respondent sends a few
//! saves per survey, and some people share an office's address) and messages (following and
//! replying, which send e-mail to people). Counted in memory by each server instance, by client
//! address, and never stored (no IP address is). Behind a proxy every client has the proxy's
//! address: with `--trust-forwarded-for` the client is the address the proxy put last in
//! `X-Forwarded-For`.

use super::error::ApiError;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, Response};
use axum::response::IntoResponse;
use governor::middleware::NoOpMiddleware;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

/// A client may send `burst` requests at once, then one more each `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Responses and saves, the plain form's posts, "Did this fix it?" answers.
    pub answers: Rate,
    /// Following by e-mail and replying to a plan.
    pub messages: Rate,
}

impl Default for Limits {
    /// Sixty answers at once and one a second after; ten messages at once and one each half
    /// minute after: more than people send, far less than a script would.
    fn default() -> Self {
        Limits {
            answers: Rate { burst: 60, every: Duration::from_secs(1) },
            messages: Rate { burst: 10, every: Duration::from_secs(30) },
        }
    }
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

/// Who is asking, for the limiters.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    trust_forwarded_for: bool,
}

impl KeyExtractor for Client {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
        let client = client_address(self.trust_forwarded_for, request.headers(), peer);
        // Without either (never when serving), all such requests share one allowance.
        Ok(client.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }
}

type Config = GovernorConfig<Client, NoOpMiddleware>;

/// The limiters of one server instance, shared by every route they guard.
#[derive(Clone)]
pub struct Limiters {
    answers: Arc<Config>,
    messages: Arc<Config>,
}

impl Limiters {
    /// Also starts, on the current runtime, forgetting clients that have not written for a while.
    pub fn new(limits: &Limits, trust_forwarded_for: bool) -> Limiters {
        let client = Client { trust_forwarded_for };
        let config = |rate: Rate| {
            Arc::new(
                GovernorConfigBuilder::default()
                    .period(rate.every)
                    .burst_size(rate.burst.max(1))
                    // Writes only: the same route's page (`GET /w/{id}`) is read freely.
                    .methods(vec![Method::POST, Method::PUT])
                    .key_extractor(client)
                    .finish()
                    .expect("a period and a burst over zero"),
            )
        };
        let limiters = Limiters { answers: config(limits.answers), messages: config(limits.messages) };
        let forget = limiters.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                forget.answers.limiter().retain_recent();
                forget.messages.limiter().retain_recent();
            }
        });
        limiters
    }

    pub fn answers(&self) -> GovernorLayer<Client, NoOpMiddleware, Body> {
        GovernorLayer::new(self.answers.clone()).error_handler(too_many)
    }

    pub fn messages(&self) -> GovernorLayer<Client, NoOpMiddleware, Body> {
        GovernorLayer::new(self.messages.clone()).error_handler(too_many)
    }
}

/// How a limited operation refuses a client over its allowance, for the OpenAPI document.
// For the document only: the limiters answer it through `too_many` (the OpenAPI and limits tests
// hold them to it).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Throttled {
    /// Too many from this address: try again after `Retry-After` seconds
    #[response(status = 429)]
    TooMany(#[to_schema] super::openapi::Error),
}

/// The API's own error body, with `Retry-After`.
fn too_many(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::TooManyRequests(wait_time.max(1)),
        other => ApiError::Internal(anyhow::anyhow!("rate limit: {other}")),
    }
    .into_response()
}
