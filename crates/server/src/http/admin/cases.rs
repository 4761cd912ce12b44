//! The inner loop, company side: a survey's rules that open cases, the cases a named member
//! follows up (every member reads them; their owner and editors move them), and the root causes
//! resolved cases are filed under.

use super::auth::Actor;
use super::openapi::{Refused, SurveyRefused};
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use crate::store::cases::{CaseMove, CaseStatus, RootCause, StoredCase};
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::case::{CaseChange, CasePlan, CaseRules, CaseView, Cases, RootCauseRequest, RootCauses};
use std::collections::HashMap;

const MAX_OUTCOME_LEN: usize = 2000;

/// A survey's case rules
#[utoipa::path(get, path = "/surveys/{id}/case-rules", tag = "cases", operation_id = "case_rules",
    params(SurveyPath),
    responses((status = 200, description = "The rules, in order", body = CaseRules), SurveyRefused))]
pub async fn rules(State(state): State<AppState>, survey: OwnedSurvey<Viewer>) -> Result<Json<CaseRules>, ApiError> {
    Ok(Json(CaseRules { rules: state.store.case_rules(survey.id()).await? }))
}

/// Set a survey's case rules (editors)
///
/// The first rule a finished response matches opens its case: owned in turn by the members it
/// lists, due that many business days later.
#[utoipa::path(put, path = "/surveys/{id}/case-rules", tag = "cases", operation_id = "set_case_rules",
    params(SurveyPath),
    request_body = CaseRules,
    responses(
        (status = 204, description = "Set"),
        SurveyRefused,
        (status = 422, description = "A rule that will not do, and why", body = Error),
    ))]
pub async fn set_rules(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    body: JsonBody<CaseRules>,
) -> Result<StatusCode, ApiError> {
    let rules = body.value.rules;
    hearback_core::case::check_rules(&survey.stored.survey, &rules).map_err(|e| ApiError::Invalid(e.to_string()))?;
    let members = state.store.members(&survey.actor.organization_id).await?;
    let named = rules.iter().flat_map(|r| r.owners.iter().chain(r.escalate_to.iter()));
    if let Some(stranger) = named.into_iter().find(|user| !members.iter().any(|m| &m.user_id == *user)) {
        return Err(ApiError::Invalid(format!("`{stranger}` is not a member of your organisation")));
    }
    let audit = survey.audit(AuditAction::CaseRulesChanged, survey.id()).detail(format!("{} rules", rules.len()));
    state.store.set_case_rules(survey.id(), &rules, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A case as members read it; for one `reader`, with the respondent's answers while the
/// response exists and the conversation, and the address to the case's owner alone.
async fn view(state: &AppState, case: StoredCase, reader: Option<&Actor>) -> Result<CaseView, ApiError> {
    // The one response, not the survey's every response.
    let answers = match reader {
        Some(_) => state.store.answers_of(&case.survey_id, &case.response_id).await?,
        None => None,
    };
    let answers = answers.map(|raw| serde_json::to_value(&raw.answers).expect("answers serialize"));
    let owns = reader.is_some_and(|actor| actor.user_id.as_deref() == Some(case.owner.user_id.as_str()));
    let address = if owns { state.store.case_address(&case.id).await? } else { None };
    let messages = if reader.is_some() { state.store.case_messages(&case.id).await? } else { Vec::new() };
    let overdue = case.status == CaseStatus::Open && case.due_at < now_millis();
    Ok(CaseView {
        id: case.id,
        survey: case.survey_id,
        response: case.response_id,
        owner: case.owner,
        escalate_to: case.escalate_to,
        status: case.status,
        opened_at: case.opened_at,
        due_at: case.due_at,
        overdue,
        contacted_at: case.contacted_at,
        closed_at: case.closed_at,
        outcome: case.outcome,
        root_cause: case.root_cause,
        plan: case.plan_id,
        answers,
        reply_via: case.reply_via,
        address,
        messages,
        resolved_for_customer: case.resolved_answer,
    })
}

/// The organisation's cases
///
/// Overdue first, then by due time; `mine=true` for the asking member's own.
#[utoipa::path(get, path = "/cases", tag = "cases", operation_id = "cases",
    params(("mine" = Option<bool>, Query, description = "Only the asking member's cases")),
    responses((status = 200, description = "The cases", body = Cases), Refused,
        (status = 422, description = "`mine` that is not `true` or `false`", body = Error)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Cases>, ApiError> {
    actor.require(Role::Viewer)?;
    let owner = match query.get("mine").map(String::as_str) {
        Some("true") => Some(actor.person()?),
        None | Some("false") => None,
        Some(_) => return Err(ApiError::Invalid("`mine` is `true` or `false`".into())),
    };
    let stored = state.store.cases(&actor.organization_id, owner, now_millis()).await?;
    let mut cases = Vec::with_capacity(stored.len());
    for case in stored {
        cases.push(view(&state, case, None).await?);
    }
    Ok(Json(Cases { cases }))
}

/// The case with this id, of the actor's organisation (another's is the same 404 as none).
pub(super) async fn owned_case(state: &AppState, actor: &Actor, id: &str) -> Result<StoredCase, ApiError> {
    actor.require(Role::Viewer)?;
    state.store.case(&actor.organization_id, id).await?.ok_or(ApiError::NotFound)
}

/// Refuses unless the actor may act on the case: its owner, whatever their role, or an editor.
pub(super) fn may_act(actor: &Actor, case: &StoredCase) -> Result<(), ApiError> {
    if actor.role < Role::Editor && actor.user_id.as_deref() != Some(case.owner.user_id.as_str()) {
        return Err(ApiError::Forbidden("only the case's owner or an editor acts on a case"));
    }
    Ok(())
}

/// A case
#[utoipa::path(get, path = "/cases/{case}", tag = "cases", operation_id = "case",
    params(("case" = String, Path, description = "The case's id")),
    responses((status = 200, description = "The case with the respondent's answers", body = CaseView), Refused,
        (status = 404, description = "No such case in your organisation", body = Error)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let case = owned_case(&state, &actor, &id).await?;
    Ok(Json(view(&state, case, Some(&actor)).await?))
}

/// Move a case (its owner, editors)
///
/// `contacted`, `resolved` (with an outcome and one of the organisation's root causes),
/// `unreachable`, or `open` again. A withdrawn case (its response deleted) moves no more.
#[utoipa::path(post, path = "/cases/{case}/status", tag = "cases", operation_id = "move_case",
    params(("case" = String, Path, description = "The case's id")),
    request_body = CaseChange,
    responses(
        (status = 204, description = "Moved"),
        Refused,
        (status = 404, description = "No such case in your organisation", body = Error),
        (status = 409, description = "The case was withdrawn", body = Error),
        (status = 422, description = "Resolving without an outcome or a known root cause", body = Error),
    ))]
pub async fn move_case(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    body: JsonBody<CaseChange>,
) -> Result<StatusCode, ApiError> {
    let case = owned_case(&state, &actor, &id).await?;
    may_act(&actor, &case)?;
    let CaseChange { status, outcome, root_cause } = body.value;
    if case.status == CaseStatus::Withdrawn || status == CaseStatus::Withdrawn {
        return Err(ApiError::Conflict("a withdrawn case (its response was deleted) moves no more".into()));
    }
    let outcome = outcome.map(|o| o.trim().to_owned()).filter(|o| !o.is_empty());
    if outcome.as_ref().is_some_and(|o| o.chars().count() > MAX_OUTCOME_LEN) {
        return Err(ApiError::Invalid(format!("an outcome has at most {MAX_OUTCOME_LEN} characters")));
    }
    if status == CaseStatus::Resolved {
        if outcome.is_none() {
            return Err(ApiError::Invalid("resolving a case needs its outcome: what was done".into()));
        }
        let causes = state.store.root_causes(&actor.organization_id).await?;
        if !root_cause.as_ref().is_some_and(|r| causes.iter().any(|c| &c.id == r)) {
            return Err(ApiError::Invalid("resolving a case needs a root cause of your organisation's list".into()));
        }
    }
    let change = CaseMove { status, outcome: outcome.as_deref(), root_cause: root_cause.as_deref(), at: now_millis() };
    let audit = actor.audit(AuditAction::CaseStatusChanged, &id).survey(&case.survey_id).detail(status.as_str());
    state.store.move_case(&actor.organization_id, &id, &change, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Link a case to an action plan (its owner, editors)
///
/// The plan the customer's case led to, of the case's survey; `null` unlinks it.
#[utoipa::path(put, path = "/cases/{case}/plan", tag = "cases", operation_id = "link_case_plan",
    params(("case" = String, Path, description = "The case's id")),
    request_body = CasePlan,
    responses(
        (status = 204, description = "Linked"),
        Refused,
        (status = 404, description = "No such case in your organisation", body = Error),
        (status = 422, description = "Not a plan of the case's survey", body = Error),
    ))]
pub async fn link_plan(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    body: JsonBody<CasePlan>,
) -> Result<StatusCode, ApiError> {
    let case = owned_case(&state, &actor, &id).await?;
    may_act(&actor, &case)?;
    let plan = body.value.plan;
    if let Some(plan) = &plan {
        let plans = state.store.plans(&case.survey_id).await?;
        if !plans.iter().any(|p| &p.id == plan) {
            return Err(ApiError::Invalid(format!("`{plan}` is not an action plan of this case's survey")));
        }
    }
    let audit =
        actor.audit(AuditAction::CasePlanLinked, &id).survey(&case.survey_id).detail(plan.clone().unwrap_or_default());
    state.store.link_case_plan(&actor.organization_id, &id, plan.as_deref(), &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisation's root causes
#[utoipa::path(get, path = "/root-causes", tag = "cases", operation_id = "root_causes",
    responses((status = 200, description = "The list, oldest first", body = RootCauses), Refused))]
pub async fn root_causes(State(state): State<AppState>, actor: Actor) -> Result<Json<RootCauses>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(RootCauses { root_causes: state.store.root_causes(&actor.organization_id).await? }))
}

/// Add a root cause (editors)
#[utoipa::path(post, path = "/root-causes", tag = "cases", operation_id = "add_root_cause",
    request_body = RootCauseRequest,
    responses(
        (status = 201, description = "Added", body = RootCause),
        Refused,
        (status = 409, description = "The list has it", body = Error),
        (status = 422, description = "A label that will not do", body = Error),
    ))]
pub async fn add_root_cause(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<RootCauseRequest>,
) -> Result<(StatusCode, Json<RootCause>), ApiError> {
    actor.require(Role::Editor)?;
    let label = super::auth::name("A root cause", &body.value.label)?;
    let id: String = label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() {
        return Err(ApiError::Invalid("a root cause needs a letter or a digit".into()));
    }
    let cause = RootCause { id, label };
    let audit = actor.audit(AuditAction::RootCauseAdded, &cause.id);
    match state.store.add_root_cause(&actor.organization_id, &cause, &audit).await {
        Err(StoreError::Conflict) => return Err(ApiError::Conflict(format!("the list has “{}” already", cause.label))),
        other => other?,
    }
    Ok((StatusCode::CREATED, Json(cause)))
}
