//! A survey's audience: who it asks by itself (customer rules, languages, devices, new or
//! returning visitors). Decided on the widget page: see `widget_page`.

use super::auth::Actor;
use super::openapi::Refused;
use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use axum::extract::State;
use axum::Json;
use hearback_api::audience::{Audience, Fatigue, MAX_FATIGUE_DAYS};

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
/// class, new or returning visitors, the pages. Those outside it are not asked, but can still
/// open the survey themselves. An empty audience is everyone. On a site tag, `trigger` (with
/// `delay_seconds`, `scroll_percent`) says what opens it; on any tag, `event` names an event
/// from the page (`Hearback.track`) that opens it when its properties pass the rules.
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
    if let Some(pattern) = audience.pages.as_deref().and_then(|p| p.strip_prefix("regex:")) {
        crate::http::widget_page::compile_page_rule(pattern)
            .map_err(|e| ApiError::Invalid(format!("the pages' regular expression: {e}")))?;
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

/// The organisation's survey fatigue
#[utoipa::path(get, path = "/organization/fatigue", tag = "surveys", operation_id = "fatigue",
    responses((status = 200, description = "Days", body = Fatigue), Refused))]
pub async fn fatigue(State(state): State<AppState>, actor: Actor) -> Result<Json<Fatigue>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(Fatigue { days: state.store.fatigue_days(&actor.organization_id).await? }))
}

/// Set the organisation's survey fatigue (editors)
///
/// After a visitor answers or dismisses any of your surveys on a site, none of them asks that
/// visitor by itself for this many days, 0 to 365 (0: each survey keeps only its own wait).
#[utoipa::path(put, path = "/organization/fatigue", tag = "surveys", operation_id = "set_fatigue",
    request_body = Fatigue,
    responses(
        (status = 200, description = "Set", body = Fatigue),
        Refused,
        (status = 422, description = "More than 365 days", body = Error),
    ))]
pub async fn set_fatigue(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<Fatigue>,
) -> Result<Json<Fatigue>, ApiError> {
    actor.require(Role::Editor)?;
    let days = body.value.days;
    if days > MAX_FATIGUE_DAYS {
        return Err(ApiError::Invalid(format!("survey fatigue is 0 to {MAX_FATIGUE_DAYS} days")));
    }
    let audit = actor.audit(AuditAction::FatigueSet, &actor.organization_id).detail(format!("{days} days"));
    state.store.set_fatigue_days(&actor.organization_id, days, &audit).await?;
    Ok(Json(Fatigue { days }))
}
