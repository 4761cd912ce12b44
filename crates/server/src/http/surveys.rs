//! The public survey API: read a live survey, submit a response, read results.

use super::error::ApiError;
use super::extract::{IdempotencyKeyHeader, JsonBody, Peer};
use super::results::Read;
use super::AppState;
use crate::identity::{self, Customer, CustomerInput};
use crate::store::{IdempotencyKey, Inserted, Save, Saved, StoredSurvey, SurveyStatus};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hearback_core::{Completion, InvalidResponse, RawAnswer, RawResponse, Response, Survey};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/surveys/{id}", get(get_survey))
        .route("/api/v1/surveys/{id}/responses", post(submit_response))
        .route("/api/v1/surveys/{id}/responses/{key}", put(save_response))
        .route("/api/v1/results/{id}", get(super::publication::public))
        .route("/r/{id}/feed.atom", get(super::publication::feed))
        .route("/api/v1/results/{id}/follow", axum::routing::post(super::follow::follow))
        .route("/api/v1/results/{id}/receipt", get(super::receipts::receipt))
        .route("/api/v1/results/{id}/replies", get(super::receipts::own_replies))
        .route("/api/v1/results/{id}/plans/{plan}/replies", post(super::receipts::reply))
        .route("/api/v1/results/{id}/plans/{plan}/follow-up", post(super::receipts::answer_follow_up))
        .route("/f/confirm/{token}", get(super::follow::confirm_page).post(super::follow::confirm))
        .route("/f/unsubscribe/{token}", get(super::follow::unsubscribe_page).post(super::follow::unsubscribe))
        .route("/api/v1/surveys/{id}/results", get(|s, p, q, peer, h| public_read(Read::Results, s, p, q, peer, h)))
        .route("/api/v1/surveys/{id}/results/trend", get(|s, p, q, peer, h| public_read(Read::Trend, s, p, q, peer, h)))
        .route(
            "/api/v1/surveys/{id}/results/breakdown",
            get(|s, p, q, peer, h| public_read(Read::Breakdown, s, p, q, peer, h)),
        )
}

async fn get_survey(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Survey>, ApiError> {
    Ok(Json(live_survey(&state, &id).await?.survey))
}

/// A finished response in one request (`POST`), as API clients send it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub answers: BTreeMap<String, RawAnswer>,
    #[serde(default)]
    pub other: BTreeMap<String, String>,
    /// Who is answering, as the host page said (see `identity`).
    #[serde(default)]
    pub customer: Option<CustomerInput>,
}

/// One save of a response under its key (`PUT`), as the widget sends them while a respondent
/// answers, and once more when they finish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    answers: BTreeMap<String, RawAnswer>,
    #[serde(default)]
    other: BTreeMap<String, String>,
    complete: bool,
    /// Numbers the saves of one response, so a late older save changes nothing.
    sequence: u32,
    #[serde(default)]
    customer: Option<CustomerInput>,
}

async fn submit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    IdempotencyKeyHeader(key): IdempotencyKeyHeader,
    body: JsonBody<Submission>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let stored = live_survey(&state, &id).await?;
    let key = key.map(|key| IdempotencyKey { key, request_hash: format!("{:x}", Sha256::digest(&body.bytes)) });
    let submission = body.value;
    let raw = RawResponse { answers: submission.answers, other: submission.other };
    let customer = check_customer(&stored, submission.customer.as_ref())?;
    let response_id = store_response(&state, &stored, &raw, key.as_ref(), &customer).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": response_id }))))
}

async fn save_response(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    body: JsonBody<SaveBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if key.is_empty() || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ApiError::BadRequest("a response key is 1 to 64 letters, digits and dashes (a UUID)"));
    }
    let stored = live_survey(&state, &id).await?;
    let body = body.value;
    let customer = check_customer(&stored, body.customer.as_ref())?;
    let completion = if body.complete { Completion::Complete } else { Completion::Partial };
    let raw = RawResponse { answers: body.answers, other: body.other };
    let response =
        Response::parse_with(&stored.survey, &raw, &customer.known(), completion).map_err(invalid_response)?;
    let save = Save {
        key: &key,
        response: &response,
        complete: body.complete,
        sequence: i64::from(body.sequence),
        customer: &customer,
    };
    match state.store.save_response(&stored.survey, save).await? {
        // A finished response's webhooks were queued in the transaction that stored it.
        Saved::Stored(id) => Ok((StatusCode::OK, Json(json!({ "id": id, "complete": body.complete })))),
        Saved::Replayed(id) => Ok((StatusCode::OK, Json(json!({ "id": id, "complete": true })))),
        Saved::Stale(id) => Ok((StatusCode::OK, Json(json!({ "id": id, "complete": false, "stale": true })))),
        Saved::Completed => Err(ApiError::ResponseCompleted),
    }
}

/// The customer behind a response, as far as the survey believes the host page.
pub fn check_customer(stored: &StoredSurvey, input: Option<&CustomerInput>) -> Result<Customer, ApiError> {
    let Some(input) = input else { return Ok(Customer::default()) };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    identity::verify(input, &stored.identity_secret, stored.survey.unsigned_customers(), now)
        .map_err(ApiError::Customer)
}

/// Parses and stores a finished response to a live survey; shared by the API and the widget's
/// plain form post. Returns the response id, which exists in the database by the time this
/// returns.
pub async fn store_response(
    state: &AppState,
    stored: &StoredSurvey,
    raw: &RawResponse,
    key: Option<&IdempotencyKey>,
    customer: &Customer,
) -> Result<String, ApiError> {
    let response =
        Response::parse_with(&stored.survey, raw, &customer.known(), Completion::Complete).map_err(invalid_response)?;
    let id = match state.store.insert_response(&stored.survey, &response, key, customer).await? {
        Inserted::New(id) | Inserted::Replayed(id) => id,
    };
    Ok(id)
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
        // A draft is not published: to respondents it does not exist yet.
        SurveyStatus::Draft => Err(ApiError::SurveyNotFound(id.to_owned())),
    }
}

/// Results ([`super::results`]) for the operator: loopback clients, or holders of the results
/// token when one is set.
async fn public_read(
    read: Read,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    authorize_results(&state, peer, &headers)?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
    read.answer(&state, &stored, &query).await.map(Json)
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
