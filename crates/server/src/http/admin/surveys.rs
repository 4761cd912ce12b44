//! An organisation's surveys: drafts, edits that keep stored responses meaningful, going live
//! and closing, and the identity-signing secret.

use super::auth::Actor;
use super::owned::{owned, Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::filters::ResponseFilter;
use crate::http::AppState;
use crate::identity;
use crate::store::accounts::Role;
use crate::store::webhooks::NewWebhook;
use crate::store::{StoreError, StoredResponse, StoredSurvey, SurveyStatus};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearback_core::survey::RawSurvey;
use hearback_core::{Origin, Survey};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(json!({ "surveys": state.store.organization_surveys(&actor.organization_id).await? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    definition: Value,
    #[serde(default)]
    allowed_origins: Vec<String>,
}

impl Definition {
    fn parse(self) -> Result<(Survey, Vec<Origin>), ApiError> {
        let raw: RawSurvey =
            serde_json::from_value(self.definition).map_err(|e| ApiError::InvalidSurvey(format!("definition: {e}")))?;
        let survey = Survey::parse(raw).map_err(|e| ApiError::InvalidSurvey(e.to_string()))?;
        let origins = self
            .allowed_origins
            .iter()
            .map(|o| Origin::parse(o.as_str()).map_err(|e| ApiError::Invalid(format!("allowed origin `{o}`: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((survey, origins))
    }
}

fn view(stored: &StoredSurvey) -> Value {
    json!({
        "id": stored.survey.id().as_str(),
        "status": stored.status.as_str(),
        "definition": stored.survey,
        "allowed_origins": stored.allowed_origins.iter().map(Origin::as_str).collect::<Vec<_>>(),
        "has_identity_secret": !stored.identity_secret.is_empty(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<Definition>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    actor.require(Role::Editor)?;
    let (survey, origins) = body.value.parse()?;
    let secret = identity::new_secret();
    match state.store.create_draft(&actor.organization_id, &survey, &origins, &secret).await {
        Err(StoreError::Conflict) => return Err(ApiError::SurveyIdTaken(survey.id().to_string())),
        other => other?,
    }
    let stored = owned(&state, &actor, survey.id().as_str()).await?;
    Ok((StatusCode::CREATED, Json(view(&stored))))
}

pub async fn get(OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>) -> Json<Value> {
    Json(view(&stored))
}

/// Replaces the definition and allowed origins. A draft may change freely; once live, only in
/// ways that keep stored responses meaningful ([`Survey::keeps_meaning_of`]).
pub async fn update(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<Definition>,
) -> Result<Json<Value>, ApiError> {
    let id = stored.survey.id().to_string();
    let (survey, origins) = body.value.parse()?;
    if survey.id() != stored.survey.id() {
        return Err(ApiError::Invalid(format!("the definition's id must stay `{id}`")));
    }
    if stored.status != SurveyStatus::Draft {
        survey.keeps_meaning_of(&stored.survey).map_err(ApiError::Conflict)?;
    }
    state.store.update_survey(&survey, &origins).await?;
    Ok(Json(view(&owned(&state, &actor, &id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    status: String,
}

/// Draft → live → closed, one way.
pub async fn set_status(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<StatusChange>,
) -> Result<Json<Value>, ApiError> {
    let id = stored.survey.id().to_string();
    let next = match (stored.status, body.value.status.as_str()) {
        (SurveyStatus::Draft, "live") => SurveyStatus::Live,
        (SurveyStatus::Live, "closed") => SurveyStatus::Closed,
        (from, to) => {
            return Err(ApiError::Conflict(format!(
                "a {} survey cannot become `{to}`: surveys go from draft to live to closed",
                from.as_str()
            )))
        }
    };
    state.store.set_survey_status(stored.survey.id(), next).await?;
    Ok(Json(view(&owned(&state, &actor, &id).await?)))
}

/// A new identity-signing secret, replacing the old one (tokens signed with it stop verifying).
/// It is in this answer only.
pub async fn rotate_secret(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Editor>,
) -> Result<Json<Value>, ApiError> {
    let secret = identity::new_secret();
    state.store.set_identity_secret(stored.survey.id(), &secret).await?;
    Ok(Json(json!({ "identity_secret": secret })))
}

/// A survey's responses matching the query's filters ([`ResponseFilter`]), oldest first.
async fn filtered(
    state: &AppState,
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Result<Vec<StoredResponse>, ApiError> {
    let filter = ResponseFilter::parse(&stored.survey, query)?;
    let rows = state.store.responses(stored.survey.id()).await?;
    Ok(rows.into_iter().filter(|row| filter.keeps(&stored.survey, row)).collect())
}

fn response_json(r: &StoredResponse) -> Value {
    json!({
        "id": r.id,
        "created_at": r.created_at,
        "complete": r.complete,
        "answers": r.raw.answers,
        "other": r.raw.other,
        "customer": {"id": r.customer.id, "attributes": r.customer.attributes, "verified": r.customer.verified},
    })
}

/// The responses, oldest first: when, finished or not, the answers and who (as the host page
/// said). Filters: `segment.NAME`, `verified`, `from`, `to`, `status`, `band`.
pub async fn responses(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let rows = filtered(&state, &stored, &query).await?;
    Ok(Json(json!({ "responses": rows.iter().map(response_json).collect::<Vec<_>>() })))
}

pub async fn response(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Path((_, response)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let rows = filtered(&state, &stored, &HashMap::new()).await?;
    rows.iter().find(|r| r.id == response).map(|r| Json(response_json(r))).ok_or(ApiError::NotFound)
}

pub async fn delete_response(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Editor>,
    Path((_, response)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.store.delete_response(&stored.survey, &response).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The responses as a file: `format=csv` (one row per response, one column per question, cells
/// that a spreadsheet would run as a formula neutralised) or `format=json`; same filters.
pub async fn export(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(mut query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let format = query.remove("format").unwrap_or_else(|| "csv".into());
    let rows = filtered(&state, &stored, &query).await?;
    let (body, content_type) = match format.as_str() {
        "json" => {
            let all: Vec<Value> = rows.iter().map(response_json).collect();
            (serde_json::to_vec_pretty(&all).map_err(|e| ApiError::Internal(e.into()))?, "application/json")
        }
        "csv" => (super::export::csv(&stored.survey, &rows).map_err(ApiError::Internal)?, "text/csv; charset=utf-8"),
        _ => return Err(ApiError::Invalid("`format` is `csv` or `json`".into())),
    };
    let disposition = format!(r#"attachment; filename="{}-responses.{format}""#, stored.survey.id());
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    url: String,
}

/// A webhook for the survey's finished responses; its signing secret is in this answer only.
pub async fn create_webhook(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<WebhookRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let url = body.value.url.trim().to_owned();
    crate::webhooks::check_target(&url, state.config.allow_private_webhooks).await.map_err(ApiError::Invalid)?;
    let webhook_id = crate::store::ordered_id();
    let secret = identity::new_secret();
    let hook = NewWebhook {
        id: &webhook_id,
        organization_id: &actor.organization_id,
        survey_id: stored.survey.id().as_str(),
        url: &url,
        secret: &secret,
    };
    state.store.create_webhook(&hook).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": webhook_id, "url": url, "secret": secret }))))
}

/// The survey's webhooks and the latest deliveries, each with its attempts and last answer.
pub async fn webhooks(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Value>, ApiError> {
    let survey = stored.survey.id().as_str();
    Ok(Json(json!({
        "webhooks": state.store.webhooks(survey).await?,
        "deliveries": state.store.deliveries(survey, 100).await?,
    })))
}

pub async fn delete_webhook(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Editor>,
    Path((_, hook)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.store.delete_webhook(stored.survey.id().as_str(), &hook).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The survey's results, trends and breakdowns for the organisation's members (the
/// executive's read), under the same privacy rules and filters as everywhere.
pub async fn read(
    read: crate::http::results::Read,
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    read.answer(&state, &stored, &query).await.map(Json)
}
