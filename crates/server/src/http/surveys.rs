//! The public survey API: read a live survey, submit a response, read results.

use super::error::ApiError;
use super::extract::{IdempotencyKeyHeader, JsonBody, Peer};
use super::respond::{check_customer, invalid_response, live_survey, store_response};
use super::AppState;
use crate::http::openapi::SurveyPath;
use crate::store::{IdempotencyKey, Save};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_api::public::{Created, SaveBody, SavedBody, Submission};
use hearback_api::results::{Breakdown, ResultsBody, Trend};
use hearback_core::{Completion, RawResponse, Response, Survey};

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;

/// A live survey's definition
///
/// What the widget renders: title, languages, theme and questions (kinds, prompts, choices,
/// scales, logic). Drafts do not exist here; a closed survey is a 410.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}",
    tag = "respond",
    params(SurveyPath),
    responses(
        (status = 200, description = "The survey definition", body = Object),
        (status = 404, description = "No live survey with this id, or one not open yet (`survey_not_open`)", body = super::openapi::Error),
        (status = 410, description = "The survey is closed", body = super::openapi::Error),
    )
)]
pub(super) async fn get_survey(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Survey>, ApiError> {
    Ok(Json(live_survey(&state, &id).await?.survey))
}

/// Submit a finished response
///
/// Answered 201 only once the response is committed. Retried with the same `Idempotency-Key`
/// and body, it is counted once and answered with the first response's id.
#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/responses",
    tag = "respond",
    params(
        SurveyPath,
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: 1 to 255 visible characters"),
    ),
    request_body = Submission,
    responses(
        (status = 201, description = "Stored", body = Created),
        (status = 400, description = "Malformed JSON or idempotency key", body = super::openapi::Error),
        (status = 404, description = "No live survey with this id, or one not open yet (`survey_not_open`)", body = super::openapi::Error),
        (status = 410, description = "The survey is closed", body = super::openapi::Error),
        (status = 413, description = "Over 64 KB", body = super::openapi::Error),
        (status = 415, description = "Not JSON", body = super::openapi::Error),
        (status = 409, description = "A request with this key is still being processed: retry shortly", body = super::openapi::Error),
        (status = 422, description = "Invalid answers, each named in `fields`; or the key reused with another body", body = super::openapi::Error),
        super::limits::Throttled,
    )
)]
pub(super) async fn submit_response(
    State(state): State<AppState>,
    Path(id): Path<String>,
    IdempotencyKeyHeader(key): IdempotencyKeyHeader,
    body: JsonBody<Submission>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let stored = live_survey(&state, &id).await?;
    let key = key.map(|key| IdempotencyKey { key, request_hash: format!("{:x}", Sha256::digest(&body.bytes)) });
    let submission = body.value;
    let raw = RawResponse {
        answers: submission.answers.into_iter().collect(),
        other: submission.other.into_iter().collect(),
        language: submission.language,
    };
    let customer = check_customer(&stored, submission.customer.as_ref())?;
    let id = store_response(&state, &stored, &raw, key.as_ref(), &customer).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Save a response as it is answered
///
/// What the widget sends after each page, under a key it makes (a UUID), and once more with
/// `complete`. A save with a lower `sequence` than one already taken changes nothing.
#[utoipa::path(
    put,
    path = "/api/v1/surveys/{id}/responses/{key}",
    tag = "respond",
    params(
        SurveyPath,
        ("key" = String, Path, description = "The response's key: 1 to 64 letters, digits and dashes. Once finished, it is the respondent's receipt"),
    ),
    request_body = SaveBody,
    responses(
        (status = 200, description = "Saved", body = SavedBody),
        (status = 400, description = "A malformed key or body", body = super::openapi::Error),
        (status = 404, description = "No live survey with this id, or one not open yet (`survey_not_open`)", body = super::openapi::Error),
        (status = 409, description = "This response is finished already", body = super::openapi::Error),
        (status = 410, description = "The survey is closed", body = super::openapi::Error),
        (status = 422, description = "Invalid answers, each named in `fields`", body = super::openapi::Error),
        super::limits::Throttled,
    )
)]
pub(super) async fn save_response(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    body: JsonBody<SaveBody>,
) -> Result<(StatusCode, Json<SavedBody>), ApiError> {
    if !super::respond::is_response_key(&key) {
        return Err(ApiError::BadRequest("a response key is 1 to 64 letters, digits and dashes (a UUID)"));
    }
    let stored = live_survey(&state, &id).await?;
    let body = body.value;
    let customer = check_customer(&stored, body.customer.as_ref())?;
    let completion = if body.complete { Completion::Complete } else { Completion::Partial };
    let raw = RawResponse {
        answers: body.answers.into_iter().collect(),
        other: body.other.into_iter().collect(),
        language: None,
    };
    let response = Response::parse_with(&stored.survey, &raw, &customer.known(), completion)
        .and_then(|r| r.in_language(&stored.survey, body.language))
        .map_err(invalid_response)?;
    let save = Save {
        key: &key,
        response: &response,
        complete: body.complete,
        sequence: i64::from(body.sequence),
        customer: &customer,
    };
    let saved = super::respond::save_keyed(&state, &stored, save).await?;
    Ok((StatusCode::OK, Json(SavedBody { id: saved.id, complete: saved.complete, stale: saved.stale })))
}

/// Live results of a survey
///
/// The results now, under the privacy rules: a group of fewer than k responses shows no numbers.
/// Filters: `segment.NAME=VALUE` (a customer attribute), `verified=true`, `from`/`to`
/// (`YYYY-MM-DD`), `status=complete|partial`, `band=detractors|passives|promoters`,
/// `answer.QUESTION=VALUE` (who gave that answer).
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/results",
    tag = "results",
    params(SurveyPath),
    security((), ("results_token" = [])),
    responses(
        (status = 200, description = "The results", body = ResultsBody),
        ResultsRefused,
        (status = 422, description = "A filter that does not apply", body = super::openapi::Error),
    )
)]
pub(super) async fn results(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Json<ResultsBody>, ApiError> {
    let stored = public_survey(&state, peer, &headers, &id).await?;
    super::results::results(&state, &stored, &query).await.map(Json)
}

/// Live results over time
///
/// The results of each day, week or month (`bucket`, default `week`) of a range: by default the
/// last 30 days, 12 weeks or 12 months. Takes the same filters as the results.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/results/trend",
    tag = "results",
    params(
        SurveyPath,
        ("bucket" = Option<String>, Query, description = "`day`, `week` or `month`"),
    ),
    security((), ("results_token" = [])),
    responses(
        (status = 200, description = "One point per bucket", body = Trend),
        ResultsRefused,
        (status = 422, description = "An unknown bucket or a filter that does not apply", body = super::openapi::Error),
    )
)]
pub(super) async fn results_trend(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Json<Trend>, ApiError> {
    let stored = public_survey(&state, peer, &headers, &id).await?;
    super::results::trend(&state, &stored, &query).await.map(Json)
}

/// Live results by segment
///
/// The results of each value of a customer attribute (`by=plan`), or verified against
/// unverified (`by=verified`); groups under k, and those that would give one away, show nothing.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/results/breakdown",
    tag = "results",
    params(
        SurveyPath,
        ("by" = String, Query, description = "A customer attribute, or `verified`"),
    ),
    security((), ("results_token" = [])),
    responses(
        (status = 200, description = "One group per value", body = Breakdown),
        ResultsRefused,
        (status = 422, description = "No `by`, an attribute nobody has, or a filter that does not apply", body = super::openapi::Error),
    )
)]
pub(super) async fn results_breakdown(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Json<Breakdown>, ApiError> {
    let stored = public_survey(&state, peer, &headers, &id).await?;
    super::results::breakdown(&state, &stored, &query).await.map(Json)
}

/// How the operator's results refuse a reader or a survey.
// For the document only: handlers answer these as `ApiError`s (the OpenAPI test holds them to it).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
enum ResultsRefused {
    /// Not loopback, or without the results token
    #[response(status = 403)]
    Forbidden(#[to_schema] super::openapi::Error),
    /// No survey with this id
    #[response(status = 404)]
    NotFound(#[to_schema] super::openapi::Error),
}

/// The survey whose results the operator reads: loopback clients, or holders of the results
/// token when one is set.
async fn public_survey(
    state: &AppState,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    id: &str,
) -> Result<crate::store::StoredSurvey, ApiError> {
    authorize_results(state, peer, headers)?;
    state.store.survey(id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.to_owned()))
}

/// Until accounts exist, results go to loopback clients when no token is configured, and only
/// to holders of the token when one is (behind a reverse proxy every client looks like loopback).
fn authorize_results(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> Result<(), ApiError> {
    match &state.config.results_token {
        Some(token) => super::extract::bearer_is(headers, token).then_some(()).ok_or(ApiError::ResultsForbidden),
        None => peer.is_some_and(|addr| addr.ip().is_loopback()).then_some(()).ok_or(ApiError::ResultsForbidden),
    }
}
