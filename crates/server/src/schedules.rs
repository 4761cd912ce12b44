//! Surveys that open and close by their schedule. The schedule is checked where it matters — before
//! every answer and every survey page ([`gate`]), after every finished response and every plan done
//! ([`close_if_over`])
//! — and once a minute for every live survey ([`spawn_worker`]), so a survey nobody visits still
//! shows as closed to its company when its time comes. Whoever notices first closes it, with an
//! audit entry that says why; a second instance noticing the same moment changes nothing.

use crate::store::audit::{Audit, AuditAction};
use crate::store::schedules::{ClosedBy, Gate, ScheduleState};
use crate::store::{now_millis, Store, StoreError, StoredSurvey, SurveyStatus};
use std::sync::Arc;
use std::time::Duration;

/// Where a live survey stands by its schedule now; closes it when it is over.
pub async fn gate(store: &dyn Store, stored: &StoredSurvey) -> Result<Gate, StoreError> {
    debug_assert_eq!(stored.status, SurveyStatus::Live);
    let Some(state) = store.schedule(stored.survey.id().as_str()).await? else { return Ok(Gate::Open) };
    check(store, stored.survey.id().as_str(), stored.organization.as_deref(), &state, now_millis()).await
}

/// After what can end a live survey's schedule (a finished response, a plan done): closes the
/// survey when it is over. What came before is stored whatever happens here: a schedule that
/// cannot be read now closes the survey at the next answer or within the minute.
pub async fn close_if_over(store: &dyn Store, stored: &StoredSurvey) {
    if stored.status != SurveyStatus::Live {
        return;
    }
    if let Err(err) = gate(store, stored).await {
        tracing::warn!(survey = %stored.survey.id(), error = %err, "survey schedule");
    }
}

/// Closes the survey when `state` says it is over at `now`.
async fn check(
    store: &dyn Store,
    survey_id: &str,
    organization: Option<&str>,
    state: &ScheduleState,
    now: i64,
) -> Result<Gate, StoreError> {
    let gate = state.gate(now);
    if let Gate::Over(by) = gate {
        let audit = Audit::system(organization, "schedule", AuditAction::SurveyStatusChanged, survey_id)
            .survey(survey_id)
            .detail(format!("closed: {}", reason(by, state)));
        if store.close_by_schedule(survey_id, &audit).await? {
            tracing::info!(survey = survey_id, by = by.as_str(), "survey closed by its schedule");
        }
    }
    Ok(gate)
}

/// The audit entry's note on why (never personal data).
fn reason(by: ClosedBy, state: &ScheduleState) -> String {
    match by {
        ClosedBy::Time => "its closing time came".to_owned(),
        ClosedBy::Responses => format!("{} responses finished", state.finished),
        ClosedBy::Plan => "its action plan is done".to_owned(),
    }
}

/// Closes every live survey whose schedule is over at `now`; how many were over (closed here, or
/// by another instance a moment before).
pub async fn close_due(store: &dyn Store, now: i64) -> Result<usize, StoreError> {
    let mut closed = 0;
    for (survey_id, state) in store.live_schedules().await? {
        if !matches!(state.gate(now), Gate::Over(_)) {
            continue;
        }
        let organization = store.survey(&survey_id).await?.and_then(|s| s.organization);
        if matches!(check(store, &survey_id, organization.as_deref(), &state, now).await?, Gate::Over(_)) {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Closes surveys whose schedule is over once a minute, until the workers stop.
pub fn spawn_worker(workers: &mut crate::workers::Workers, store: Arc<dyn Store>) {
    workers.spawn("survey-schedules", Duration::from_secs(60), move || {
        let store = store.clone();
        async move {
            if let Err(err) = close_due(store.as_ref(), now_millis()).await {
                tracing::warn!(error = %err, "survey schedules");
            }
        }
    });
}

/// A schedule's time as people read it whatever their language: `2026-12-05 09:00 UTC`.
pub fn utc(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default().format("%Y-%m-%d %H:%M UTC").to_string()
}
