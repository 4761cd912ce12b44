//! Prometheus metrics: requests by route template, method and status with their latency;
//! responses stored; what the outboxes hold and how old their oldest message is; delivery
//! failures; the database pool in use; refusals of the rate limits; how many changes each
//! SQLite group commit holds. Recorded through the
//! `metrics` facade into `metrics-exporter-prometheus`, which writes the text format.
//!
//! Never public by default: `/metrics` is served with `--metrics-token` to holders of that bearer
//! token, or on a listener of its own (`--metrics-addr`, an address the operator keeps private);
//! otherwise it does not exist.

use super::error::ApiError;
use super::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const REQUESTS: &str = "hearback_http_requests_total";
pub const REQUEST_SECONDS: &str = "hearback_http_request_duration_seconds";
pub const RESPONSES_STORED: &str = "hearback_responses_stored_total";
pub const OUTBOX_PENDING: &str = "hearback_outbox_pending";
pub const OUTBOX_OLDEST_SECONDS: &str = "hearback_outbox_oldest_pending_age_seconds";
pub const DELIVERY_FAILURES: &str = "hearback_delivery_failures_total";
pub const POOL_CONNECTIONS: &str = "hearback_db_pool_connections";
pub const RATE_LIMITED: &str = "hearback_rate_limited_total";
pub const COMMIT_GROUP: &str = "hearback_db_commit_group_changes";

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Starts recording for this process (once; later calls change nothing). Without it the
/// recording calls cost next to nothing and `/metrics` is not served.
pub fn install() -> anyhow::Result<()> {
    if HANDLE.get().is_some() {
        return Ok(());
    }
    let seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.to_owned()), &seconds)?
        .set_buckets_for_metric(Matcher::Full(COMMIT_GROUP.to_owned()), &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0])?
        .install_recorder()?;
    describe();
    let upkeep = handle.clone();
    // Histograms are folded in by the upkeep; the exporter's own listener would run it.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    _ = HANDLE.set(handle);
    Ok(())
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(REQUESTS, "HTTP requests answered, by route template, method and status");
    describe_histogram!(REQUEST_SECONDS, Unit::Seconds, "Time to answer an HTTP request, by route template and method");
    describe_counter!(
        RESPONSES_STORED,
        "Response writes committed (a new response or newer answers), partial or complete"
    );
    describe_gauge!(OUTBOX_PENDING, "Messages waiting in an outbox (mail, webhooks)");
    describe_gauge!(OUTBOX_OLDEST_SECONDS, Unit::Seconds, "Age of the oldest message waiting in an outbox");
    describe_counter!(DELIVERY_FAILURES, "Failed attempts to send an e-mail or deliver a webhook");
    describe_gauge!(POOL_CONNECTIONS, "Database connections of this instance, in use or idle");
    describe_counter!(RATE_LIMITED, "Requests refused by a rate limit (answers, messages)");
    describe_histogram!(COMMIT_GROUP, "Answers and saves committed together in one SQLite transaction (group commit)");
}

/// Counts and times every request, by the route it matched (never the raw path, whose ids
/// would make a series per survey and response).
pub async fn track(request: Request, next: Next) -> Response {
    // Metrics are off unless the operator asked for them: then nothing is read or allocated here.
    if HANDLE.get().is_none() {
        return next.run(request).await;
    }
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |path| path.as_str()).to_owned();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(REQUEST_SECONDS, "route" => route.clone(), "method" => method.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "route" => route, "method" => method, "status" => status).increment(1);
    response
}

/// `/metrics` on the main listener: only with the configured bearer token.
pub async fn guarded(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else { return ApiError::NotFound.into_response() };
    if !super::extract::bearer_is(&headers, token) {
        return ApiError::Unauthorized.into_response();
    }
    scrape(State(state)).await
}

/// The text exposition, with the readings taken at scrape time (pool, outboxes) brought up to date.
pub async fn scrape(State(state): State<AppState>) -> Response {
    let Some(handle) = HANDLE.get() else { return ApiError::NotFound.into_response() };
    let pool = state.store.pool_use();
    metrics::gauge!(POOL_CONNECTIONS, "state" => "in_use").set(f64::from(pool.open.saturating_sub(pool.idle)));
    metrics::gauge!(POOL_CONNECTIONS, "state" => "idle").set(f64::from(pool.idle));
    match state.store.outbox_backlog().await {
        Ok(backlog) => {
            let now = crate::store::now_millis();
            for outbox in backlog {
                metrics::gauge!(OUTBOX_PENDING, "outbox" => outbox.outbox).set(outbox.pending as f64);
                let age = outbox.oldest.map_or(0.0, |oldest| (now - oldest).max(0) as f64 / 1000.0);
                metrics::gauge!(OUTBOX_OLDEST_SECONDS, "outbox" => outbox.outbox).set(age);
            }
        }
        // The rest is still worth reading; the outbox series keep their last values.
        Err(err) => tracing::warn!(error = %err, "metrics: cannot read the outboxes"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}
