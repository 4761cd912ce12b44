//! An organisation's surveys: drafts, edits that keep stored responses meaningful, going live
//! and closing, and the identity-signing secret.

use super::auth::Actor;
use super::openapi::{Refused, SurveyRefused};
use super::owned::{owned, Editor, OwnedSurvey, Viewer};
use super::triage::Triage;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::filters::ResponseFilter;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::AppState;
use crate::identity;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use crate::store::{StoreError, StoredResponse, StoredSurvey, SurveyStatus};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearback_api::survey::{
    Customer, IdentitySecret, ResponseRecord, Responses, StatusChange, SurveyDraft, SurveyView, Surveys,
};
use hearback_core::{Origin, Survey};
use std::collections::HashMap;

/// The organisation's surveys
#[utoipa::path(get, path = "/surveys", tag = "surveys", operation_id = "list_surveys",
    responses((status = 200, description = "Newest first, with each one's status and responses", body = Surveys), Refused))]
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Surveys>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(Surveys { surveys: state.store.organization_surveys(&actor.organization_id).await? }))
}

/// A draft's definition checked, and its allowed origins.
fn parse(draft: SurveyDraft) -> Result<(Survey, Vec<Origin>), ApiError> {
    let survey = Survey::parse(draft.definition).map_err(|e| ApiError::InvalidSurvey(e.to_string()))?;
    let origins = draft
        .allowed_origins
        .iter()
        .map(|o| Origin::parse(o.as_str()).map_err(|e| ApiError::Invalid(format!("allowed origin `{o}`: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((survey, origins))
}

fn view(stored: &StoredSurvey) -> SurveyView {
    SurveyView {
        id: stored.survey.id().to_string(),
        status: stored.status,
        definition: stored.survey.clone().into(),
        allowed_origins: stored.allowed_origins.iter().map(|o| o.as_str().to_owned()).collect(),
        has_identity_secret: !stored.identity_secret.is_empty(),
    }
}

/// Write a new survey (editors)
///
/// A draft: respondents see it once it is live.
#[utoipa::path(post, path = "/surveys", tag = "surveys", operation_id = "create_survey",
    request_body = SurveyDraft,
    responses(
        (status = 201, description = "The draft", body = SurveyView),
        Refused,
        (status = 409, description = "The id is taken", body = Error),
        (status = 422, description = "A definition or an origin that will not do, and why", body = Error),
    ))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<SurveyDraft>,
) -> Result<(StatusCode, Json<SurveyView>), ApiError> {
    actor.require(Role::Editor)?;
    let (survey, origins) = parse(body.value)?;
    let secret = identity::new_secret();
    let audit = actor.audit(AuditAction::SurveyCreated, survey.id().as_str()).survey(survey.id().as_str());
    match state.store.create_draft(&actor.organization_id, &survey, &origins, &secret, &audit).await {
        Err(StoreError::Conflict) => return Err(ApiError::SurveyIdTaken(survey.id().to_string())),
        other => other?,
    }
    let stored = owned(&state, &actor, survey.id().as_str()).await?;
    Ok((StatusCode::CREATED, Json(view(&stored))))
}

/// A survey
#[utoipa::path(get, path = "/surveys/{id}", tag = "surveys", operation_id = "get_survey",
    params(SurveyPath),
    responses((status = 200, description = "The survey", body = SurveyView), SurveyRefused))]
pub async fn get(OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>) -> Json<SurveyView> {
    Json(view(&stored))
}

/// Change a survey (editors)
///
/// Replaces the definition and allowed origins. A draft may change freely; once live, only in
/// ways that keep stored responses meaningful.
#[utoipa::path(put, path = "/surveys/{id}", tag = "surveys", operation_id = "update_survey",
    params(SurveyPath),
    request_body = SurveyDraft,
    responses(
        (status = 200, description = "The survey now", body = SurveyView),
        SurveyRefused,
        (status = 409, description = "A change to a live survey that would change what stored answers mean", body = Error),
        (status = 422, description = "A definition or an origin that will not do, or another id", body = Error),
    ))]
pub async fn update(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<SurveyDraft>,
) -> Result<Json<SurveyView>, ApiError> {
    let id = stored.survey.id().to_string();
    let (survey, origins) = parse(body.value)?;
    if survey.id() != stored.survey.id() {
        return Err(ApiError::Invalid(format!("the definition's id must stay `{id}`")));
    }
    if stored.status != SurveyStatus::Draft {
        survey.keeps_meaning_of(&stored.survey).map_err(ApiError::Conflict)?;
    }
    let audit = actor.audit(AuditAction::SurveyEdited, &id).survey(&id);
    state.store.update_survey(&survey, &origins, &audit).await?;
    Ok(Json(view(&owned(&state, &actor, &id).await?)))
}

/// Take a survey live, or close it (editors)
///
/// Draft → live → closed, one way.
#[utoipa::path(post, path = "/surveys/{id}/status", tag = "surveys", operation_id = "set_survey_status",
    params(SurveyPath),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The survey now", body = SurveyView),
        SurveyRefused,
        (status = 409, description = "Not the next step from where it is", body = Error),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<StatusChange>,
) -> Result<Json<SurveyView>, ApiError> {
    let id = stored.survey.id().to_string();
    let next = match (stored.status, body.value.status) {
        (SurveyStatus::Draft, SurveyStatus::Live) => SurveyStatus::Live,
        (SurveyStatus::Live, SurveyStatus::Closed) => SurveyStatus::Closed,
        (from, to) => {
            return Err(ApiError::Conflict(format!(
                "a {} survey cannot become `{to}`: surveys go from draft to live to closed",
                from.as_str()
            )))
        }
    };
    let audit = actor.audit(AuditAction::SurveyStatusChanged, &id).survey(&id).detail(next.as_str());
    state.store.set_survey_status(stored.survey.id(), next, &audit).await?;
    Ok(Json(view(&owned(&state, &actor, &id).await?)))
}

/// A new identity-signing secret (editors)
///
/// Replaces the old one (customer tokens signed with it stop verifying). It is in this answer
/// only.
#[utoipa::path(post, path = "/surveys/{id}/secret", tag = "surveys", operation_id = "rotate_secret",
    params(SurveyPath),
    responses((status = 200, description = "The new secret", body = IdentitySecret), SurveyRefused))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
) -> Result<Json<IdentitySecret>, ApiError> {
    let audit = survey.audit(AuditAction::SurveySecretRotated, survey.id());
    let stored = survey.stored;
    let secret = identity::new_secret();
    state.store.set_identity_secret(stored.survey.id(), &secret, &audit).await?;
    Ok(Json(IdentitySecret { identity_secret: secret }))
}

/// A survey's responses matching the query's filters ([`ResponseFilter`], and `tag=` for the
/// members' tags), oldest first, with their tags and notes.
async fn filtered(
    state: &AppState,
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Result<(Vec<StoredResponse>, Triage), ApiError> {
    let mut query = query.clone();
    let tag = match query.remove("tag") {
        Some(raw) => {
            Some(hearback_api::triage::tag(&raw).ok_or_else(|| ApiError::Invalid(format!("`{raw}` is not a tag")))?)
        }
        None => None,
    };
    let filter = ResponseFilter::parse(&stored.survey, &query)?;
    let rows = state.store.responses(stored.survey.id()).await?;
    let mut rows: Vec<StoredResponse> = rows.into_iter().filter(|row| filter.keeps(&stored.survey, row)).collect();
    let triage = Triage::of(state, stored.survey.id().as_str()).await?;
    triage.keep_tagged(&mut rows, tag.as_deref());
    Ok((rows, triage))
}

fn record(r: &StoredResponse, triage: &Triage) -> ResponseRecord {
    let customer = &r.customer;
    ResponseRecord {
        id: r.id.clone(),
        created_at: r.created_at,
        complete: r.complete,
        answers: r.raw.answers.iter().map(|(q, a)| (q.clone(), a.clone())).collect(),
        other: r.raw.other.iter().map(|(q, t)| (q.clone(), t.clone())).collect(),
        customer: Customer {
            id: customer.id.clone(),
            attributes: customer.attributes.clone(),
            verified: customer.verified,
        },
        language: r.raw.language.clone(),
        tags: triage.tags.get(&r.id).cloned().unwrap_or_default(),
        notes: triage.notes.get(&r.id).cloned().unwrap_or_default(),
    }
}

/// A survey's responses
///
/// Oldest first: when, finished or not, the answers and who (as the host page said).
/// Filters: `segment.NAME=VALUE`, `verified=true`, `from`/`to` (`YYYY-MM-DD`),
/// `status=complete|partial`, `band=detractors|passives|promoters`, `answer.QUESTION=VALUE`,
/// `tag=TAG` (the members' tags). Each with its tags and internal notes.
#[utoipa::path(get, path = "/surveys/{id}/responses", tag = "surveys", operation_id = "list_responses",
    params(SurveyPath),
    responses(
        (status = 200, description = "The responses the filters keep", body = Responses),
        SurveyRefused,
        (status = 422, description = "A filter that does not apply", body = Error),
    ))]
pub async fn responses(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Responses>, ApiError> {
    let (rows, triage) = filtered(&state, &stored, &query).await?;
    Ok(Json(Responses { responses: rows.iter().map(|r| record(r, &triage)).collect() }))
}

/// One response
#[utoipa::path(get, path = "/surveys/{id}/responses/{response}", tag = "surveys", operation_id = "get_response",
    params(SurveyPath, ("response" = String, Path, description = "The response's id")),
    responses((status = 200, description = "The response", body = ResponseRecord), SurveyRefused))]
pub async fn response(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Path((_, response)): Path<(String, String)>,
) -> Result<Json<ResponseRecord>, ApiError> {
    let (rows, triage) = filtered(&state, &stored, &HashMap::new()).await?;
    rows.iter().find(|r| r.id == response).map(|r| Json(record(r, &triage))).ok_or(ApiError::NotFound)
}

/// Delete a response (editors)
///
/// Gone from the responses and from every count; a customer's right to be forgotten.
#[utoipa::path(delete, path = "/surveys/{id}/responses/{response}", tag = "surveys", operation_id = "delete_response",
    params(SurveyPath, ("response" = String, Path, description = "The response's id")),
    responses((status = 204, description = "Deleted"), SurveyRefused))]
pub async fn delete_response(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, response)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::ResponseDeleted, &response);
    state.store.delete_response(&survey.stored.survey, &response, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Export the responses
///
/// As a file: `format=csv` (one row per response, one column per question, cells that a
/// spreadsheet would run as a formula neutralised) or `format=json`; the same filters as the
/// responses.
#[utoipa::path(get, path = "/surveys/{id}/export", tag = "surveys", operation_id = "export_responses",
    params(SurveyPath, ("format" = Option<String>, Query, description = "`csv` (the default) or `json`")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/csv"),
            (Vec<ResponseRecord> = "application/json"),
        )),
        SurveyRefused,
        (status = 422, description = "An unknown format or a filter that does not apply", body = Error),
    ))]
pub async fn export(
    State(state): State<AppState>,
    survey: OwnedSurvey<Viewer>,
    Query(mut query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let format = query.remove("format").unwrap_or_else(|| "csv".into());
    let stored = &survey.stored;
    let (rows, triage) = filtered(&state, stored, &query).await?;
    let (body, content_type) = match format.as_str() {
        "json" => {
            let all: Vec<ResponseRecord> = rows.iter().map(|r| record(r, &triage)).collect();
            (serde_json::to_vec_pretty(&all).map_err(|e| ApiError::Internal(e.into()))?, "application/json")
        }
        "csv" => {
            let csv = super::export::csv(&stored.survey, &rows, &triage.tags).map_err(ApiError::Internal)?;
            (csv, "text/csv; charset=utf-8")
        }
        _ => return Err(ApiError::Invalid("`format` is `csv` or `json`".into())),
    };
    // A download changes nothing else: its entry is written on its own, before the file goes.
    let audit =
        survey.audit(AuditAction::ExportDownloaded, survey.id()).detail(format!("{format}, {} responses", rows.len()));
    state.store.record_audit(&audit).await?;
    let disposition = format!(r#"attachment; filename="{}-responses.{format}""#, stored.survey.id());
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// A survey's results
///
/// For the organisation's members (the executive's read), under the same privacy rules and
/// filters as everywhere: a group of fewer than k responses shows no numbers.
#[utoipa::path(get, path = "/surveys/{id}/results", tag = "results", operation_id = "results",
    params(SurveyPath),
    responses(
        (status = 200, description = "The results", body = hearback_api::results::ResultsBody),
        SurveyRefused,
        (status = 422, description = "A filter that does not apply", body = Error),
    ))]
pub async fn results(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<hearback_api::results::ResultsBody>, ApiError> {
    crate::http::results::results(&state, &stored, &query).await.map(Json)
}

/// A survey's results over time
///
/// The results of each day, week or month (`bucket`, default `week`) of a range; the same
/// filters as the results.
#[utoipa::path(get, path = "/surveys/{id}/results/trend", tag = "results", operation_id = "results_trend",
    params(SurveyPath, ("bucket" = Option<String>, Query, description = "`day`, `week` or `month`")),
    responses(
        (status = 200, description = "One point per bucket", body = hearback_api::results::Trend),
        SurveyRefused,
        (status = 422, description = "An unknown bucket or a filter that does not apply", body = Error),
    ))]
pub async fn trend(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<hearback_api::results::Trend>, ApiError> {
    crate::http::results::trend(&state, &stored, &query).await.map(Json)
}

/// A survey's results by segment
///
/// The results of each value of a customer attribute (`by=plan`), or verified against
/// unverified (`by=verified`); groups under k, and those that would give one away, show nothing.
#[utoipa::path(get, path = "/surveys/{id}/results/breakdown", tag = "results", operation_id = "results_breakdown",
    params(SurveyPath, ("by" = String, Query, description = "A customer attribute, or `verified`")),
    responses(
        (status = 200, description = "One group per value", body = hearback_api::results::Breakdown),
        SurveyRefused,
        (status = 422, description = "No `by`, an attribute nobody has, or a filter that does not apply", body = Error),
    ))]
pub async fn breakdown(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<hearback_api::results::Breakdown>, ApiError> {
    crate::http::results::breakdown(&state, &stored, &query).await.map(Json)
}
