//! The public survey API: read a live survey, submit a response, read results.

use super::error::ApiError;
use super::extract::{IdempotencyKeyHeader, JsonBody, Peer};
use super::AppState;
use crate::store::{IdempotencyKey, Inserted, StoredSurvey, SurveyStatus};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use hearback_core::{InvalidResponse, RawResponse, Response, Results, Survey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/surveys/{id}", get(get_survey))
        .route("/api/v1/surveys/{id}/responses", post(submit_response))
        .route("/api/v1/surveys/{id}/results", get(get_results))
}

async fn get_survey(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Survey>, ApiError> {
    Ok(Json(live_survey(&state, &id).await?.survey))
}

async fn submit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    IdempotencyKeyHeader(key): IdempotencyKeyHeader,
    body: JsonBody<RawResponse>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let stored = live_survey(&state, &id).await?;
    let key = key.map(|key| IdempotencyKey { key, request_hash: format!("{:x}", Sha256::digest(&body.bytes)) });
    let response_id = store_response(&state, &stored, &body.value, key.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": response_id }))))
}

/// Parses and stores a response to a live survey; shared by the API and the widget's plain form
/// post. Returns the response id, which exists in the database by the time this returns.
pub async fn store_response(
    state: &AppState,
    stored: &StoredSurvey,
    raw: &RawResponse,
    key: Option<&IdempotencyKey>,
) -> Result<String, ApiError> {
    let response = Response::parse(&stored.survey, raw).map_err(invalid_response)?;
    match state.store.insert_response(stored.survey.id(), &response, key).await? {
        Inserted::New(id) | Inserted::Replayed(id) => Ok(id),
    }
}

fn invalid_response(invalid: InvalidResponse) -> ApiError {
    let fields = invalid
        .problems
        .iter()
        .map(|(question, problem)| (question.clone().unwrap_or_else(|| "answers".into()), problem.to_string()))
        .collect();
    ApiError::InvalidResponse { message: invalid.to_string(), fields }
}

/// The survey, if it exists and takes responses.
pub async fn live_survey(state: &AppState, id: &str) -> Result<StoredSurvey, ApiError> {
    let stored = state.store.survey(id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.to_owned()))?;
    match stored.status {
        SurveyStatus::Live => Ok(stored),
        SurveyStatus::Closed => Err(ApiError::SurveyClosed),
    }
}

async fn get_results(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Json<Results>, ApiError> {
    authorize_results(&state, peer, &headers)?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
    let raws = state.store.responses(stored.survey.id()).await?;
    let mut results = Results::empty(&stored.survey);
    for raw in &raws {
        // Stored responses were parsed before they were stored; one that no longer parses means
        // the definition changed under it, and it is left out rather than failing the page.
        match Response::parse(&stored.survey, raw) {
            Ok(response) => results.add(&response),
            Err(err) => tracing::warn!(survey = %id, error = %err, "stored response no longer parses"),
        }
    }
    Ok(Json(results))
}

/// Until accounts exist, results go to loopback clients when no token is configured, and only
/// to holders of the token when one is (behind a reverse proxy every client looks like loopback).
fn authorize_results(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> Result<(), ApiError> {
    match &state.config.results_token {
        Some(token) => {
            let presented = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            let matches = presented.is_some_and(|p| constant_time_eq(p.as_bytes(), token.as_bytes()));
            matches.then_some(()).ok_or(ApiError::ResultsForbidden)
        }
        None => peer.is_some_and(|addr| addr.ip().is_loopback()).then_some(()).ok_or(ApiError::ResultsForbidden),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
