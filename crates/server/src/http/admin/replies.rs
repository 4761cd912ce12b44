//! The organisation's side of the conversation on the results page: reading the replies
//! respondents leave on a survey's plans and answering them, and asking "Did this fix it?" once a
//! plan is done.

use super::auth::Actor;
use super::openapi::SurveyRefused;
use super::owned::{owned_plan, Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::respondents::reply_text;
use crate::http::AppState;
use crate::reader_words::fill;
use crate::store::audit::AuditAction;
use crate::store::now_millis;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_api::plan::{FollowUpRequest, Replies, ReplyRequest};
use hearback_api::translation::TextKind;
use hearback_core::followup::FollowUp;

/// `GET /admin/api/surveys/{survey}/replies`: every reply to the survey's plans (never who sent
/// it: a reply carries no answers and no customer).
#[utoipa::path(get, path = "/surveys/{id}/replies", tag = "plans", operation_id = "list_replies",
    params(SurveyPath),
    responses((status = 200, description = "The replies, oldest first, each with its answer", body = Replies), SurveyRefused))]
pub async fn list(State(state): State<AppState>, survey: OwnedSurvey<Viewer>) -> Result<Json<Replies>, ApiError> {
    let id = survey.id();
    Ok(Json(Replies { replies: state.store.replies(&id, None).await?.into_iter().map(|r| r.reply).collect() }))
}

/// `POST /admin/api/surveys/{survey}/replies/{reply}/answer`: the plan's owner (or an editor)
/// answers a reply. The respondent reads it on the results page, and by e-mail when they follow
/// the results with the same receipt: from the member who answered, who gets their replies.
#[utoipa::path(post, path = "/surveys/{id}/replies/{reply}/answer", tag = "plans", operation_id = "answer_reply",
    params(SurveyPath, ("reply" = String, Path, description = "The reply's id")),
    request_body = ReplyRequest,
    responses(
        (status = 204, description = "Answered; the respondent is told"),
        SurveyRefused,
        (status = 422, description = "An empty or too long answer", body = Error),
    ))]
pub async fn answer(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Viewer>,
    headers: HeaderMap,
    Path((_, reply_id)): Path<(String, String)>,
    body: JsonBody<ReplyRequest>,
) -> Result<StatusCode, ApiError> {
    let id = stored.survey.id().to_string();
    let reply =
        state.store.replies(&id, None).await?.into_iter().find(|r| r.reply.id == reply_id).ok_or(ApiError::NotFound)?;
    let refusal = "only editors and the plan's owner answer its replies";
    let (stored, plan) = owned_plan(&state, &actor, &id, &reply.reply.plan_id, refusal).await?;
    let person = actor.person()?.to_owned();
    let text = reply_text(&body.value.body, "the answer")?;
    let name = actor.named().map(|(name, _)| name.to_owned());
    let notice = crate::http::notices::followers_notice(&state, &actor, &headers, &stored, |n| {
        let name = name.as_deref().unwrap_or(n.words.the_team);
        let will_do = n.texts.text(TextKind::WillDo, &plan.id, plan.will_do.clone());
        let values = [
            ("name", name),
            ("survey", n.title),
            ("will_do", will_do.as_str()),
            ("reply", reply.reply.body.as_str()),
            ("answer", text.as_str()),
        ];
        (fill(n.words.answered_subject, &values), fill(n.words.answered_news, &values))
    })
    .await?
    .map(|notice| crate::store::followers::Notice { receipt_hash: Some(reply.receipt_hash.clone()), ..notice });
    let audit = actor.audit(AuditAction::ReplyAnswered, &reply_id).survey(&id);
    state.store.answer_reply(&id, &reply_id, &text, &person, now_millis(), notice.as_ref(), &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /admin/api/surveys/{survey}/plans/{plan}/follow-up`: once a plan is done, its owner or
/// an editor asks the respondents one of its questions again. The widget asks it of each
/// respondent on their next visit (with their receipt); the page sets the score after beside
/// the one before.
#[utoipa::path(put, path = "/surveys/{id}/plans/{plan}/follow-up", tag = "plans", operation_id = "set_follow_up",
    params(SurveyPath, ("plan" = String, Path, description = "The plan's id")),
    request_body = FollowUpRequest,
    responses(
        (status = 204, description = "Asked from now on"),
        SurveyRefused,
        (status = 422, description = "The plan is not done, or the question is not one of its own scored ones", body = Error),
    ))]
pub async fn set_follow_up(
    State(state): State<AppState>,
    actor: Actor,
    Path((id, plan_id)): Path<(String, String)>,
    body: JsonBody<FollowUpRequest>,
) -> Result<StatusCode, ApiError> {
    let refusal = "only editors and the plan's owner ask a follow-up";
    let (stored, plan) = owned_plan(&state, &actor, &id, &plan_id, refusal).await?;
    let status = plan.status;
    let FollowUpRequest { question, prompt } = body.value;
    let follow_up = FollowUp::parse(&stored.survey, &plan.questions, status, &question, &prompt)
        .map_err(|e| ApiError::Invalid(e.to_string()))?;
    let audit = actor.audit(AuditAction::FollowUpSet, &plan_id).survey(&id).detail(follow_up.question.as_str());
    state.store.set_follow_up(&id, &plan_id, &follow_up.question, &follow_up.prompt, now_millis(), &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE …/follow-up`: stops asking (the answers go with it).
#[utoipa::path(delete, path = "/surveys/{id}/plans/{plan}/follow-up", tag = "plans", operation_id = "remove_follow_up",
    params(SurveyPath, ("plan" = String, Path, description = "The plan's id")),
    responses((status = 204, description = "No longer asked"), SurveyRefused))]
pub async fn remove_follow_up(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, plan_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::FollowUpRemoved, &plan_id);
    state.store.remove_follow_up(survey.id(), &plan_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
