//! A survey's schedule: when it opens, when it closes, after how many finished responses, or
//! with which of its action plans ([`crate::schedules`] keeps it).

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::aggregates::Scope;
use crate::store::audit::AuditAction;
use crate::store::{now_millis, SurveyStatus};
use axum::extract::State;
use axum::Json;
use hearback_api::schedule::Schedule;
use hearback_api::PlanStatus;
use hearback_core::cell::Cell;

/// A survey's schedule
///
/// Empty when the survey takes answers from going live until someone closes it.
#[utoipa::path(get, path = "/surveys/{id}/schedule", tag = "surveys", operation_id = "survey_schedule",
    params(SurveyPath),
    responses((status = 200, description = "The schedule", body = Schedule), SurveyRefused))]
pub async fn get(State(state): State<AppState>, survey: OwnedSurvey<Viewer>) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(state.store.schedule(survey.id()).await?.map(|s| s.schedule).unwrap_or_default()))
}

/// Set a survey's schedule (editors)
///
/// Replaces the whole schedule; an empty one removes it. A draft's schedule counts from when it
/// goes live. Whatever closes the survey first closes it, for good, with an entry in the audit
/// log that says why; its page then says so in the respondent's language and links to the
/// results when they are published for anyone.
#[utoipa::path(put, path = "/surveys/{id}/schedule", tag = "surveys", operation_id = "set_survey_schedule",
    params(SurveyPath),
    request_body = Schedule,
    responses(
        (status = 200, description = "The schedule now", body = Schedule),
        SurveyRefused,
        (status = 409, description = "The survey is closed: a schedule cannot open it again", body = Error),
        (status = 422, description = "A schedule that will not do, and why", body = Error),
    ))]
pub async fn set(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    body: JsonBody<Schedule>,
) -> Result<Json<Schedule>, ApiError> {
    let schedule = body.value;
    if survey.stored.status == SurveyStatus::Closed {
        return Err(ApiError::Conflict("the survey is closed, and a schedule cannot open it again".into()));
    }
    if let Some(problem) = schedule.problem() {
        return Err(ApiError::Invalid(problem.to_string()));
    }
    if let Some(at) = schedule.closes_at.filter(|at| *at <= now_millis()) {
        return Err(ApiError::Invalid(format!(
            "`closes_at` ({}) has passed: to stop taking answers now, close the survey",
            crate::schedules::utc(at)
        )));
    }
    if let Some(plan) = &schedule.close_when_done {
        let plans = state.store.plans(survey.id()).await?;
        match plans.iter().find(|p| &p.id == plan) {
            None => return Err(ApiError::Invalid(format!("`{plan}` is not an action plan of this survey"))),
            Some(p) if p.status == PlanStatus::Done => {
                return Err(ApiError::Invalid(
                    "that action plan is done already: the survey would close at once".into(),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(n) = schedule.close_after {
        let tally = state.store.tally(survey.stored.survey.id(), &Scope::everyone()).await?;
        let finished = tally.count(&Cell::Completed);
        if u64::from(n) <= finished {
            return Err(ApiError::Invalid(format!(
                "the survey has {finished} finished responses already: close after more than that, or close it now"
            )));
        }
    }
    let audit =
        survey.audit(AuditAction::SurveyScheduleSet, survey.id()).survey(survey.id()).detail(summary(&schedule));
    state.store.set_schedule(survey.id(), &schedule, &audit).await?;
    Ok(Json(schedule))
}

/// The audit entry's note: which parts the schedule has.
fn summary(schedule: &Schedule) -> String {
    let parts = [
        schedule.opens_at.map(|at| format!("opens {}", crate::schedules::utc(at))),
        schedule.closes_at.map(|at| format!("closes {}", crate::schedules::utc(at))),
        schedule.close_after.map(|n| format!("after {n} responses")),
        schedule.close_when_done.as_ref().map(|_| "with a plan".to_owned()),
    ];
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}
