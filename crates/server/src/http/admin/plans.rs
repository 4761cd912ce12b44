//! Action plans of a survey: editors write them (what was heard, what will be done, the owner,
//! the due date, the status); the owner of a plan, whatever their role, and editors add dated
//! updates to its timeline. Every member reads them. A new owner is told by e-mail when the
//! server sends mail, in the transaction that makes them the owner.

use super::auth::{Actor, Via};
use super::owned::owned_plan;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::AppState;
use crate::store::accounts::Member;
use crate::store::mail::NewMail;
use crate::store::plans::NewUpdate;
use crate::store::StoredSurvey;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_core::plan::{check_update, Plan, PlanError, PlanStatus, RawPlan};
use serde::Deserialize;
use serde_json::{json, Value};

fn invalid(error: PlanError) -> ApiError {
    ApiError::Invalid(error.to_string())
}

/// The plan's owner, who must be a member of the organisation.
async fn owner(state: &AppState, actor: &Actor, plan: &Plan) -> Result<Member, ApiError> {
    let members = state.store.members(&actor.organization_id).await?;
    members
        .into_iter()
        .find(|m| m.user_id == plan.owner)
        .ok_or_else(|| ApiError::Invalid("the owner must be a member of your organisation".into()))
}

/// The e-mail telling `owner` the plan is theirs, when the server sends mail and someone else
/// assigned it.
fn assignment(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    stored: &StoredSurvey,
    plan: &Plan,
    owner: &Member,
) -> Option<NewMail> {
    if !state.config.send_mail || actor.user_id.as_deref() == Some(owner.user_id.as_str()) {
        return None;
    }
    let session = match &actor.via {
        Via::Session { session, .. } => Some(session.as_ref()),
        Via::Token { .. } => None,
    };
    let base = crate::http::public_base(&state.config, headers);
    let link = format!("{base}/admin/surveys/{}/plans", stored.survey.id());
    Some(crate::mail::plan_assigned(session, owner, stored.survey.title(), plan, &link))
}

/// The news of a plan for the survey's followers, when its results are published and the
/// server sends mail: from the member who wrote it.
async fn plan_notice(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    stored: &StoredSurvey,
    will_do: &str,
    status: PlanStatus,
    news: &str,
) -> Result<Option<crate::store::followers::Notice>, ApiError> {
    let status = match status {
        PlanStatus::Planned => "planned",
        PlanStatus::InProgress => "in progress",
        PlanStatus::Done => "done",
        PlanStatus::WontDo => "not going to happen",
    };
    let subject = format!("{}: “{will_do}” is {status}", stored.survey.title());
    let mut text = format!("News on what we said we would do: “{will_do}” is now {status}.");
    if !news.is_empty() {
        text.push_str(&format!("\n\n{news}"));
    }
    crate::http::notices::followers_notice(state, actor, headers, stored, subject, text).await
}

pub async fn list(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Value>, ApiError> {
    let survey = stored.survey.id().as_str();
    let follow_ups: Vec<Value> = state
        .store
        .follow_ups(survey)
        .await?
        .into_iter()
        .map(|f| json!({"plan": f.plan_id, "question": f.question_id, "prompt": f.prompt, "answered": f.values.len()}))
        .collect();
    Ok(Json(json!({ "plans": state.store.plans(survey).await?, "follow_ups": follow_ups })))
}

pub async fn create(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    headers: HeaderMap,
    body: JsonBody<RawPlan>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let plan = Plan::parse(&stored.survey, body.value).map_err(invalid)?;
    let owner = owner(&state, &actor, &plan).await?;
    let mail = assignment(&state, &actor, &headers, &stored, &plan, &owner);
    let plan_id = crate::store::ordered_id();
    let survey = stored.survey.id().as_str();
    state.store.create_plan(&plan_id, &actor.organization_id, survey, &plan, mail.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": plan_id, "owner_emailed": mail.is_some() }))))
}

pub async fn update(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    headers: HeaderMap,
    Path((_, plan_id)): Path<(String, String)>,
    body: JsonBody<RawPlan>,
) -> Result<Json<Value>, ApiError> {
    let author = actor.person()?;
    let survey = stored.survey.id().as_str();
    let before = state.store.plans(survey).await?.into_iter().find(|p| p.id == plan_id).ok_or(ApiError::NotFound)?;
    let plan = Plan::parse(&stored.survey, body.value).map_err(invalid)?;
    let owner = owner(&state, &actor, &plan).await?;
    let mail = (before.owner.user_id != plan.owner)
        .then(|| assignment(&state, &actor, &headers, &stored, &plan, &owner))
        .flatten();
    let notice = match before.status != plan.status.as_str() {
        true => {
            let news = plan.reason.as_deref().unwrap_or_default();
            plan_notice(&state, &actor, &headers, &stored, &plan.will_do, plan.status, news).await?
        }
        false => None,
    };
    state.store.update_plan(survey, &plan_id, &plan, author, mail.as_ref(), notice.as_ref()).await?;
    Ok(Json(json!({ "id": plan_id, "owner_emailed": mail.is_some() })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    body: String,
    /// Moves the plan to this status with the update.
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// Adds a dated update to a plan's timeline: editors, and the plan's owner whatever their role.
pub async fn add_update(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    Path((id, plan_id)): Path<(String, String)>,
    body: JsonBody<UpdateRequest>,
) -> Result<StatusCode, ApiError> {
    let (stored, plan) =
        owned_plan(&state, &actor, &id, &plan_id, "only editors and the plan's owner write its updates").await?;
    let author = actor.person()?;
    let survey = stored.survey.id().as_str();
    let UpdateRequest { body, status, reason } = body.value;
    let text = check_update(&body).map_err(invalid)?;
    let status = match status {
        None => None,
        Some(name) => Some(PlanStatus::parse(&name).ok_or_else(|| invalid(PlanError::Status(name)))?),
    };
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    match (status, &reason) {
        (Some(PlanStatus::WontDo), None) => return Err(invalid(PlanError::NoReason)),
        (Some(PlanStatus::WontDo), Some(_)) | (None, None) => {}
        (_, Some(_)) => return Err(invalid(PlanError::ReasonWithoutWontDo)),
        (Some(_), None) => {}
    }
    let update_id = crate::store::ordered_id();
    let update = NewUpdate {
        id: &update_id,
        author_user_id: author,
        body: &text,
        status: status.map(|s| (s, reason.as_deref())),
    };
    let moved = status.or(PlanStatus::parse(&plan.status)).unwrap_or(PlanStatus::Planned);
    let notice = plan_notice(&state, &actor, &headers, &stored, &plan.will_do, moved, &text).await?;
    state.store.add_plan_update(survey, &plan_id, &update, notice.as_ref()).await?;
    Ok(StatusCode::CREATED)
}

pub async fn delete(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Editor>,
    Path((_, plan_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.store.delete_plan(stored.survey.id().as_str(), &plan_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
