//! A survey's audience: who it asks by itself (customer rules, languages, devices, new or
//! returning visitors). Decided on the widget page: see `widget_page`.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::audit::AuditAction;
use axum::extract::State;
use axum::Json;
use hearback_api::audience::Audience;

/// A survey's audience
///
/// Empty when the survey asks everyone.
#[utoipa::path(get, path = "/surveys/{id}/audience", tag = "surveys", operation_id = "survey_audience",
    params(SurveyPath),
    responses((status = 200, description = "The audience", body = Audience), SurveyRefused))]
pub async fn get(State(state): State<AppState>, survey: OwnedSurvey<Viewer>) -> Result<Json<Audience>, ApiError> {
    Ok(Json(state.store.audience(survey.id()).await?))
}

/// Set who a survey asks by itself (editors)
///
/// Every part must hold: the customer rules (on what the host page says; `verified_only` for
/// details signed by your backend), the respondent's language (one of the survey's), the device
/// class, new or returning visitors. Those outside it are not asked, but can still open the
/// survey themselves. An empty audience is everyone.
#[utoipa::path(put, path = "/surveys/{id}/audience", tag = "surveys", operation_id = "set_survey_audience",
    params(SurveyPath),
    request_body = Audience,
    responses(
        (status = 200, description = "The audience now", body = Audience),
        SurveyRefused,
        (status = 422, description = "A rule that cannot test what it names, or a language the survey does not speak", body = Error),
    ))]
pub async fn set(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    body: JsonBody<Audience>,
) -> Result<Json<Audience>, ApiError> {
    let mut audience = body.value;
    if let Some(problem) = audience.problem() {
        return Err(ApiError::Invalid(problem.to_string()));
    }
    let speaks = survey.stored.survey.languages();
    if let Some(other) = audience.languages.iter().find(|l| !speaks.contains(l)) {
        return Err(ApiError::LanguageNotInSurvey(other.clone()));
    }
    for rule in &mut audience.customer {
        rule.attribute = rule.attribute.trim().to_owned();
    }
    let audit = survey.audit(AuditAction::SurveyAudienceSet, survey.id()).survey(survey.id());
    let audit = audit.detail(format!("{} customer rules", audience.customer.len()));
    state.store.set_audience(survey.id(), &audience, &audit).await?;
    Ok(Json(audience))
}
