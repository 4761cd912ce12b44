//! An organisation's surveys: drafts, edits that keep stored responses meaningful, going live
//! and closing, and the identity-signing secret.

use super::auth::Actor;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::AppState;
use crate::identity;
use crate::store::accounts::Role;
use crate::store::{StoreError, StoredSurvey, SurveyStatus};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_core::survey::RawSurvey;
use hearback_core::{Origin, Survey};
use serde::Deserialize;
use serde_json::{json, Value};

/// A survey of the actor's organisation; any other id is the same 404 as one that does not
/// exist, so nothing tells one organisation what another has.
pub(super) async fn owned(state: &AppState, actor: &Actor, id: &str) -> Result<StoredSurvey, ApiError> {
    match state.store.survey(id).await? {
        Some(stored) if stored.organization.as_deref() == Some(actor.organization_id.as_str()) => Ok(stored),
        _ => Err(ApiError::NotFound),
    }
}

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

pub async fn get(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(view(&owned(&state, &actor, &id).await?)))
}

/// Replaces the definition and allowed origins. A draft may change freely; once live, only in
/// ways that keep stored responses meaningful ([`Survey::keeps_meaning_of`]).
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    body: JsonBody<Definition>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Editor)?;
    let stored = owned(&state, &actor, &id).await?;
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
    actor: Actor,
    Path(id): Path<String>,
    body: JsonBody<StatusChange>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Editor)?;
    let stored = owned(&state, &actor, &id).await?;
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
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Editor)?;
    let stored = owned(&state, &actor, &id).await?;
    let secret = identity::new_secret();
    state.store.set_identity_secret(stored.survey.id(), &secret).await?;
    Ok(Json(json!({ "identity_secret": secret })))
}

/// A survey's responses, oldest first: when, finished or not, the answers and who (as the host
/// page said).
pub async fn responses(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Viewer)?;
    let stored = owned(&state, &actor, &id).await?;
    let responses: Vec<Value> = state
        .store
        .responses(stored.survey.id())
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id,
                "created_at": r.created_at,
                "complete": r.complete,
                "answers": r.raw.answers,
                "other": r.raw.other,
                "customer": {"id": r.customer.id, "attributes": r.customer.attributes, "verified": r.customer.verified},
            })
        })
        .collect();
    Ok(Json(json!({ "responses": responses })))
}
