//! How fast one client may write through the public endpoints: answers (a respondent sends a few
//! saves per survey, and some people share an office's address) and messages (following and
//! replying, which send e-mail to people). Counted by client address, which is never stored:
//! on SQLite (one instance per database) in the instance's memory; on PostgreSQL, where several
//! instances serve one database behind a balancer, in the database under a digest of the
//! address, so that N instances allow what one does (the generic cell rate algorithm, one
//! atomic statement per write). Behind a proxy every client has the proxy's address: with
//! `--trust-forwarded-for` the client is the address the proxy put last in `X-Forwarded-For`.

use super::error::ApiError;
use crate::store::operations::Allowance;
use crate::store::Store;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

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

/// Where one limit's allowances are counted.
#[derive(Clone)]
enum Counter {
    Memory(Arc<DefaultKeyedRateLimiter<IpAddr>>),
    Shared(Arc<dyn Store>),
}

/// One limit: its name (the metric's label and the shared rows' bucket), its rate, its counter.
#[derive(Clone)]
pub struct Limit {
    name: &'static str,
    rate: Rate,
    counter: Counter,
    trust_forwarded_for: bool,
}

impl Limit {
    /// Takes one from `client`'s allowance: `Ok(None)` when taken, `Ok(Some(ms))` to wait.
    async fn take(&self, client: IpAddr) -> Result<Option<u64>, ApiError> {
        match &self.counter {
            Counter::Memory(limiter) => Ok(limiter
                .check_key(&client)
                .err()
                .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()).as_millis() as u64)),
            Counter::Shared(store) => {
                let allowance = Allowance { burst: self.rate.burst, every_ms: self.rate.every.as_millis() as i64 };
                let digest = format!("{:x}", Sha256::digest(client.to_string().as_bytes()));
                let wait = store.take_allowance(self.name, &digest, allowance, crate::store::now_millis()).await?;
                Ok(wait.map(|ms| ms.max(0) as u64))
            }
        }
    }
}

/// The limiters of one server instance, shared by every route they guard.
#[derive(Clone)]
pub struct Limiters {
    answers: Limit,
    messages: Limit,
}

impl Limiters {
    /// Counts in `store` when several instances may share it, else in memory. Also starts, on
    /// the current runtime, forgetting clients whose allowance is whole again.
    pub fn new(limits: &Limits, trust_forwarded_for: bool, store: &Arc<dyn Store>) -> Limiters {
        let shared = store.shared_by_instances();
        let limit = |name, rate: Rate| {
            let counter = if shared {
                Counter::Shared(store.clone())
            } else {
                let burst = NonZeroU32::new(rate.burst.max(1)).expect("at least one");
                let quota = Quota::with_period(rate.every).expect("a period over zero").allow_burst(burst);
                Counter::Memory(Arc::new(governor::RateLimiter::keyed(quota)))
            };
            Limit { name, rate, counter, trust_forwarded_for }
        };
        let limiters =
            Limiters { answers: limit("answers", limits.answers), messages: limit("messages", limits.messages) };
        let forget = limiters.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                forget.forget_whole().await;
            }
        });
        limiters
    }

    async fn forget_whole(&self) {
        for limit in [&self.answers, &self.messages] {
            match &limit.counter {
                Counter::Memory(limiter) => limiter.retain_recent(),
                Counter::Shared(store) => {
                    if let Err(err) = store.forget_whole_allowances(crate::store::now_millis()).await {
                        tracing::warn!(error = %err, "rate limits: cannot forget whole allowances");
                    }
                    // One statement forgets every limit's rows.
                    return;
                }
            }
        }
    }

    /// Responses and saves, the plain form's posts, "Did this fix it?" answers: for
    /// `from_fn_with_state(…, limit)`.
    pub fn answers(&self) -> Limit {
        self.answers.clone()
    }

    /// Following by e-mail and replying to a plan.
    pub fn messages(&self) -> Limit {
        self.messages.clone()
    }
}

/// Refuses a write (`POST`, `PUT`) over its client's allowance; reads pass (the same route's page,
/// `GET /w/{id}`, is read freely).
pub async fn limit(State(limit): State<Limit>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::POST | Method::PUT) {
        return next.run(request).await;
    }
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
    // Without either (never when serving), all such requests share one allowance.
    let client = super::extract::client_address(limit.trust_forwarded_for, request.headers(), peer)
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match limit.take(client).await {
        Ok(None) => next.run(request).await,
        Ok(Some(wait_ms)) => {
            metrics::counter!(super::metrics::RATE_LIMITED, "limit" => limit.name).increment(1);
            // Whole seconds, rounded up: a client that waits as told is allowed.
            ApiError::TooManyRequests(wait_ms.div_ceil(1000).max(1)).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// How a limited operation refuses a client over its allowance, for the OpenAPI document.
// For the document only: the limiters answer it through `limit` (the OpenAPI and limits tests
// hold them to it).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Throttled {
    /// Too many from this address: try again after `Retry-After` seconds
    #[response(status = 429)]
    TooMany(#[to_schema] super::openapi::Error),
}
