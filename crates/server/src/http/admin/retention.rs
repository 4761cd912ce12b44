//! How long a survey keeps its raw answers ([`crate::store::retention`] deletes them,
//! [`crate::workers::spawn_answer_retention`] runs it).

use super::openapi::SurveyRefused;
use super::owned::{OwnedSurvey, Owner, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::audit::AuditAction;
use crate::store::now_millis;
use crate::workers::retention_cutoff;
use axum::extract::State;
use axum::Json;
use hearback_api::retention::{AnswerRetention, KeptAnswers};

/// How long a survey keeps its answers
///
/// With how many responses it keeps, how many of them are past the period (they go within the
/// hour) and how many the period has deleted so far (still counted in the results).
#[utoipa::path(get, path = "/surveys/{id}/answer-retention", tag = "surveys", operation_id = "answer_retention",
    params(SurveyPath),
    responses((status = 200, description = "The period and the responses it concerns", body = KeptAnswers), SurveyRefused))]
pub async fn get(State(state): State<AppState>, survey: OwnedSurvey<Viewer>) -> Result<Json<KeptAnswers>, ApiError> {
    kept(&state, survey.stored.survey.id()).await.map(Json)
}

/// Set how long a survey keeps its answers (owners)
///
/// Days after a response was started, 1 to 3650, or `null` to keep answers for good. Past it a
/// response is deleted with its replies, "Did this fix it?" answers, contact details, tags and
/// notes, within the hour; what it counted stays in the results, trends and breakdowns, and
/// published pages do not change. Shortening the period deletes the older answers at the next
/// round: the answer says how many.
#[utoipa::path(put, path = "/surveys/{id}/answer-retention", tag = "surveys", operation_id = "set_answer_retention",
    params(SurveyPath),
    request_body = AnswerRetention,
    responses(
        (status = 200, description = "The period now, and the responses it concerns", body = KeptAnswers),
        SurveyRefused,
        (status = 422, description = "Not 1 to 3650 days, nor null", body = Error),
    ))]
pub async fn set(
    State(state): State<AppState>,
    survey: OwnedSurvey<Owner>,
    body: JsonBody<AnswerRetention>,
) -> Result<Json<KeptAnswers>, ApiError> {
    let retention = body.value;
    if let Some(problem) = retention.problem() {
        return Err(ApiError::Invalid(problem));
    }
    let detail = retention.days.map_or_else(|| "for good".to_owned(), |days| format!("{days} days"));
    let audit = survey.audit(AuditAction::AnswerRetentionSet, survey.id()).detail(detail);
    state.store.set_answer_retention(survey.stored.survey.id(), retention.days, &audit).await?;
    kept(&state, survey.stored.survey.id()).await.map(Json)
}

async fn kept(state: &AppState, survey: &hearback_core::Slug) -> Result<KeptAnswers, ApiError> {
    let days = state.store.answer_retention(survey).await?;
    let before = days.map_or(i64::MIN, |days| retention_cutoff(now_millis(), days));
    let kept = state.store.kept_answers(survey, before).await?;
    Ok(KeptAnswers { days, kept: kept.kept, past: kept.past, expired: kept.expired })
}
