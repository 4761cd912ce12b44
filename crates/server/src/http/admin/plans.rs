//! Action plans of a survey: editors write them (what was heard, what will be done, the owner,
//! the due date, the status); the owner of a plan, whatever their role, and editors add dated
//! updates to its timeline. Every member reads them. A new owner is told by e-mail when the
//! server sends mail, in the transaction that makes them the owner.

use super::auth::{Actor, Via};
use super::openapi::SurveyRefused;
use super::owned::owned_plan;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::AppState;
use crate::reader_words::{fill, ReaderWords};
use crate::store::accounts::Member;
use crate::store::audit::AuditAction;
use crate::store::mail::NewMail;
use crate::store::plans::NewUpdate;
use crate::store::StoredSurvey;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_api::plan::{FollowUpState, PlanSaved, Plans, UpdateRequest};
use hearback_api::translation::TextKind;
use hearback_core::plan::{check_update, Plan, PlanError, PlanStatus, RawPlan};

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
/// server sends mail: from the member who wrote it, in each follower's language.
#[allow(clippy::too_many_arguments)]
async fn plan_notice(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    stored: &StoredSurvey,
    plan_id: &str,
    will_do: &str,
    status: PlanStatus,
    news: &str,
) -> Result<Option<crate::store::followers::Notice>, ApiError> {
    crate::http::notices::followers_notice(state, actor, headers, stored, |n| {
        let will_do = n.texts.text(TextKind::WillDo, plan_id, will_do.to_owned());
        let status = ReaderWords::status(n.language, status);
        let values = [("survey", n.title), ("will_do", will_do.as_str()), ("status", status)];
        let mut text = fill(n.words.plan_news, &values);
        if !news.is_empty() {
            text.push_str(&format!("\n\n{news}"));
        }
        (fill(n.words.plan_subject, &values), text)
    })
    .await
}

/// A survey's action plans
///
/// Each with its owner, due date, status and timeline, and the follow-ups asked.
#[utoipa::path(get, path = "/surveys/{id}/plans", tag = "plans", operation_id = "list_plans",
    params(SurveyPath),
    responses((status = 200, description = "The plans, oldest first", body = Plans), SurveyRefused))]
pub async fn list(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Plans>, ApiError> {
    let survey = stored.survey.id().as_str();
    let follow_ups = state.store.follow_ups(survey).await?.into_iter().map(|f| FollowUpState {
        plan: f.plan_id,
        question: f.question_id,
        prompt: f.prompt,
        answered: f.values.len(),
    });
    Ok(Json(Plans { plans: state.store.plans(survey).await?, follow_ups: follow_ups.collect() }))
}

/// Write an action plan (editors)
///
/// What was heard, what will be done, the member who answers for it (told by e-mail when the
/// server sends mail), the due date and the status.
#[utoipa::path(post, path = "/surveys/{id}/plans", tag = "plans", operation_id = "create_plan",
    params(SurveyPath),
    request_body(content = Object, description = "The plan: `heard`, `questions`, `themes`, `will_do`, `owner` (a member's user id), `due` (`YYYY-MM-DD`), `status`, `reason` (with `wont_do`)"),
    responses(
        (status = 201, description = "The plan's id", body = PlanSaved),
        SurveyRefused,
        (status = 422, description = "A plan that will not do, and why", body = Error),
    ))]
pub async fn create(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    headers: HeaderMap,
    body: JsonBody<RawPlan>,
) -> Result<(StatusCode, Json<PlanSaved>), ApiError> {
    let plan = Plan::parse(&stored.survey, body.value).map_err(invalid)?;
    let owner = owner(&state, &actor, &plan).await?;
    let mail = assignment(&state, &actor, &headers, &stored, &plan, &owner);
    let plan_id = crate::store::ordered_id();
    let survey = stored.survey.id().as_str();
    let audit = actor.audit(AuditAction::PlanCreated, &plan_id).survey(survey).detail(plan.status.as_str());
    state.store.create_plan(&plan_id, &actor.organization_id, survey, &plan, mail.as_ref(), &audit).await?;
    Ok((StatusCode::CREATED, Json(PlanSaved { id: plan_id, owner_emailed: mail.is_some() })))
}

/// Change an action plan (editors)
///
/// A new owner is told by e-mail; a new status is news for the results' followers.
#[utoipa::path(put, path = "/surveys/{id}/plans/{plan}", tag = "plans", operation_id = "update_plan",
    params(SurveyPath, ("plan" = String, Path, description = "The plan's id")),
    request_body(content = Object, description = "The plan, as when it was written"),
    responses(
        (status = 200, description = "The plan's id", body = PlanSaved),
        SurveyRefused,
        (status = 422, description = "A plan that will not do, and why", body = Error),
    ))]
pub async fn update(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    headers: HeaderMap,
    Path((_, plan_id)): Path<(String, String)>,
    body: JsonBody<RawPlan>,
) -> Result<Json<PlanSaved>, ApiError> {
    let author = actor.person()?;
    let survey = stored.survey.id().as_str();
    let before = state.store.plans(survey).await?.into_iter().find(|p| p.id == plan_id).ok_or(ApiError::NotFound)?;
    let plan = Plan::parse(&stored.survey, body.value).map_err(invalid)?;
    let owner = owner(&state, &actor, &plan).await?;
    let mail = (before.owner.user_id != plan.owner)
        .then(|| assignment(&state, &actor, &headers, &stored, &plan, &owner))
        .flatten();
    let notice = match before.status != plan.status {
        true => {
            let news = plan.reason.as_deref().unwrap_or_default();
            plan_notice(&state, &actor, &headers, &stored, &plan_id, &plan.will_do, plan.status, news).await?
        }
        false => None,
    };
    let audit = actor.audit(AuditAction::PlanEdited, &plan_id).survey(survey).detail(plan.status.as_str());
    state.store.update_plan(survey, &plan_id, &plan, author, mail.as_ref(), notice.as_ref(), &audit).await?;
    if plan.status == PlanStatus::Done {
        crate::schedules::close_if_over(state.store.as_ref(), &stored).await;
    }
    Ok(Json(PlanSaved { id: plan_id, owner_emailed: mail.is_some() }))
}

/// Add an update to a plan's timeline
///
/// A dated entry, moving the plan's status when `status` is given: by editors, and by the
/// plan's owner whatever their role. News for the results' followers.
#[utoipa::path(post, path = "/surveys/{id}/plans/{plan}/updates", tag = "plans", operation_id = "add_plan_update",
    params(SurveyPath, ("plan" = String, Path, description = "The plan's id")),
    request_body = UpdateRequest,
    responses(
        (status = 201, description = "Added"),
        SurveyRefused,
        (status = 422, description = "An empty or too long update, or `wont_do` without a reason", body = Error),
    ))]
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
    let moved = status.unwrap_or(plan.status);
    let notice = plan_notice(&state, &actor, &headers, &stored, &plan.id, &plan.will_do, moved, &text).await?;
    let audit = actor.audit(AuditAction::PlanUpdateAdded, &plan_id).survey(survey);
    let audit = audit.detail(update.status.map(|(status, _)| status.as_str()).unwrap_or_default());
    state.store.add_plan_update(survey, &plan_id, &update, notice.as_ref(), &audit).await?;
    if moved == PlanStatus::Done {
        crate::schedules::close_if_over(state.store.as_ref(), &stored).await;
    }
    Ok(StatusCode::CREATED)
}

/// Delete an action plan (editors)
#[utoipa::path(delete, path = "/surveys/{id}/plans/{plan}", tag = "plans", operation_id = "delete_plan",
    params(SurveyPath, ("plan" = String, Path, description = "The plan's id")),
    responses((status = 204, description = "Deleted, with its timeline and replies"), SurveyRefused))]
pub async fn delete(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, plan_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::PlanDeleted, &plan_id);
    state.store.delete_plan(survey.id(), &plan_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
