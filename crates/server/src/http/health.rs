//! What a load balancer and an orchestrator ask: is the process answering (`/healthz`), and can
//! it serve (`/readyz`: the database reachable with the settings the server requires and its
//! migrations current, the outbox workers alive). Both answer JSON; neither is rate limited nor
//! logged as an error, and neither says more than an operator's dashboard would.

use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

#[derive(Debug, Serialize)]
pub struct Health {
    /// `ok`, or `not_ready`.
    pub status: &'static str,
    /// Why it is not ready, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

async fn healthz() -> Json<Health> {
    Json(Health { status: "ok", reasons: Vec::new() })
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let mut reasons: Vec<String> = state.store.not_ready().await.into_iter().collect();
    let stopped = state.workers.not_alive(crate::store::now_millis());
    reasons.extend(stopped.into_iter().map(|worker| format!("the {worker} worker is not running")));
    if reasons.is_empty() {
        (StatusCode::OK, Json(Health { status: "ok", reasons }))
    } else {
        tracing::warn!(?reasons, "not ready");
        (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "not_ready", reasons }))
    }
}
