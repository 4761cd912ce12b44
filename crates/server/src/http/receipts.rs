//! Receipts, and replies that reach a person.
//!
//! A receipt is the key of a finished response: the widget made it, sent its answers under it,
//! and keeps it in its own storage; the thank-you links to the results page with it in the
//! address's fragment (never sent to servers or logs), and the results page keeps it. A request
//! shows it in the `Hearback-Receipt` header. With it a respondent learns when results are
//! promised and whether something changed since their last visit (the widget's "You said, we
//! did" card), reads a publication made for respondents, replies to an action plan and reads the
//! answers to their own replies. It says "I answered", never who.

use super::error::ApiError;
use super::extract::JsonBody;
use super::respondents::{may_read, reply_text, required_holder, ReplyRequest};
use super::AppState;
use crate::http::openapi::{ReceiptHeader, SurveyPath};
use crate::store::cases::CaseStatus;
use crate::store::conversations::MessageFrom;
use crate::store::now_millis;
use crate::store::publications::Publication;
use crate::store::replies::NewReply;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearback_api::public::{
    Asked, ConversationForYou, FollowUpAnswer, OwnReplies, PlanForYou, ReceiptView, ReplyTaken,
};
use hearback_api::translation::TextKind;
use hearback_core::followup::FollowUp;
use hearback_core::relevance::relevance;

/// Replies one receipt may leave on a survey's plans: enough for a conversation, not for spam.
pub const MAX_REPLIES: usize = 20;

/// The publication that is up, if the holder of a receipt may read it.
async fn readable_publication(state: &AppState, id: &str) -> Result<Option<Publication>, ApiError> {
    Ok(state.store.publication(id).await?.filter(|p| p.unpublished_at.is_none() && may_read(p, true, None)))
}

/// What a receipt opens
///
/// When results are promised, whether they are out, and when anything last changed for this
/// respondent (publishing, a plan's status or update, an answer to one of their replies), with
/// the "Did this fix it?" questions they have not answered. The widget shows its "You said, we
/// did" card when `changed_at` is newer than the last one it showed.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/receipt",
    tag = "published",
    params(
        SurveyPath,
        ReceiptHeader,
        ("lang" = Option<String>, Query, description = "The language to read it in, among the survey's (else the browser's, else the default)"),
    ),
    responses(
        (status = 200, description = "What the receipt opens", body = ReceiptView),
        ReceiptRefused,
        (status = 404, description = "No survey with this id", body = super::openapi::Error),
    )
)]
pub async fn receipt(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<ReceiptView>, ApiError> {
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
    let holder = required_holder(&state, &id, &headers).await?;
    // The card's language: the widget's (the language the respondent answers in).
    let language = super::translated::reader_language(&stored.survey, query.get("lang").map(String::as_str), &headers);
    let mut words = super::translated::Translated::load(&state, &stored.survey, &language).await?;
    let publication = readable_publication(&state, &id).await?;
    let mut follow_ups = Vec::new();
    let mut changed_at = None;
    let mut plan = None;
    if let Some(publication) = &publication {
        let plans = state.store.plans(&id).await?;
        // "Did this fix it?" questions the holder has not answered yet.
        for asked in state.store.follow_ups(&id).await? {
            let scale = stored.survey.question(&asked.question_id).and_then(|q| q.kind.scale());
            let plan = plans.iter().find(|p| p.id == asked.plan_id);
            if let (Some((min, max)), Some(plan)) = (scale, plan) {
                if !asked.answered_by.contains(&holder.response_id) {
                    follow_ups.push(Asked {
                        will_do: words.text(TextKind::WillDo, &plan.id, plan.will_do.clone()),
                        prompt: words.text(TextKind::FollowUp, &plan.id, asked.prompt),
                        plan: asked.plan_id,
                        min,
                        max,
                    });
                }
            }
        }
        let answers = state
            .store
            .replies(&id, Some(&holder.response_id))
            .await?
            .into_iter()
            .filter_map(|r| r.reply.answer.map(|a| a.at));
        changed_at =
            Some(plans.iter().map(|plan| plan.updated_at).chain(answers).fold(publication.published_at, i64::max));
        plan = for_you(&state, &stored.survey, &holder.response_id, plans).await?.map(|(id, plan)| PlanForYou {
            heard: words.text(TextKind::Heard, &id, plan.heard),
            will_do: words.text(TextKind::WillDo, &id, plan.will_do),
            ..plan
        });
    }
    // A message from the person following up comes first, published or not.
    let conversation = conversation_for(&state, &id, &holder.response_id).await?;
    if let Some(conversation) = &conversation {
        changed_at = Some(changed_at.map_or(conversation.at, |at: i64| at.max(conversation.at)));
    }
    Ok(Json(ReceiptView {
        title: stored.survey.in_language(&language).title().to_owned(),
        publish_by: stored.survey.publish_by().map(str::to_owned),
        published: publication.is_some(),
        changed_at,
        follow_ups,
        url: format!("/r/{id}"),
        survey: id,
        plan,
        conversation,
    }))
}

/// The respondent's conversation, once the person following up wrote (or resolved the case and
/// waits to hear whether it is).
async fn conversation_for(
    state: &AppState,
    survey_id: &str,
    response_id: &str,
) -> Result<Option<ConversationForYou>, ApiError> {
    let Some((case, Some(token))) = state.store.case_of_response(survey_id, response_id).await? else {
        return Ok(None);
    };
    let ask_resolved = case.status == CaseStatus::Resolved && case.resolved_answer.is_none();
    let messages = state.store.case_messages(&case.id).await?;
    let Some(last) = messages.into_iter().rev().find(|m| m.from == MessageFrom::Owner) else { return Ok(None) };
    let at = if ask_resolved { case.closed_at.unwrap_or(last.at).max(last.at) } else { last.at };
    Ok(Some(ConversationForYou {
        owner: last.author.unwrap_or(case.owner.name),
        message: last.body,
        url: format!("/c/{token}"),
        at,
        ask_resolved,
    }))
}

/// The plan that answers what this respondent said best (the most recently updated of equals),
/// if any answers it at all; a plan decided against is not offered as what was done.
async fn for_you(
    state: &AppState,
    survey: &hearback_core::Survey,
    response_id: &str,
    plans: Vec<crate::store::plans::StoredPlan>,
) -> Result<Option<(String, PlanForYou)>, ApiError> {
    let Some(raw) = state.store.answers_of(survey.id().as_str(), response_id).await? else { return Ok(None) };
    let best = plans
        .into_iter()
        .filter(|plan| plan.status != hearback_core::plan::PlanStatus::WontDo)
        .map(|plan| (relevance(survey, &plan.questions, &plan.themes, &raw), plan.updated_at, plan))
        .filter(|(score, ..)| *score > 0)
        .max_by_key(|(score, updated, _)| (*score, *updated));
    Ok(best.map(|(_, _, plan)| {
        let you = PlanForYou { heard: plan.heard, will_do: plan.will_do, owner: plan.owner.name, status: plan.status };
        (plan.id, you)
    }))
}

/// How an operation that needs a receipt refuses one.
// For the document only: handlers answer these as `ApiError`s (the OpenAPI test holds them to it).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum ReceiptRefused {
    /// No receipt
    #[response(status = 401)]
    Missing(#[to_schema] super::openapi::Error),
    /// Not a receipt of a finished response to this survey
    #[response(status = 403)]
    Invalid(#[to_schema] super::openapi::Error),
}

/// A respondent's own replies
///
/// The replies sent with this receipt, each with the answer of the plan's owner once there is one.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/replies",
    tag = "published",
    params(
        SurveyPath,
        ReceiptHeader,
    ),
    responses(
        (status = 200, description = "Oldest first", body = OwnReplies),
        ReceiptRefused,
    )
)]
pub async fn own_replies(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<OwnReplies>, ApiError> {
    let holder = required_holder(&state, &id, &headers).await?;
    let replies = state.store.replies(&id, Some(&holder.response_id)).await?;
    Ok(Json(OwnReplies { replies: replies.into_iter().map(|r| r.reply).collect() }))
}

/// Reply to an action plan
///
/// A respondent replies to a plan of a publication they may read; the plan's owner is e-mailed
/// at once, reads it in the admin app and answers. Up to 20 replies per receipt.
#[utoipa::path(
    post,
    path = "/api/v1/results/{id}/plans/{plan}/replies",
    tag = "published",
    params(
        SurveyPath,
        ("plan" = String, Path, description = "The plan's id"),
        ReceiptHeader,
    ),
    request_body = ReplyRequest,
    responses(
        (status = 201, description = "Taken", body = ReplyTaken),
        ReceiptRefused,
        (status = 404, description = "Not published, or no such plan", body = super::openapi::Error),
        (status = 422, description = "Empty, too long, or the 21st reply", body = super::openapi::Error),
        super::limits::Throttled,
    )
)]
pub async fn reply(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, plan_id)): Path<(String, String)>,
    body: JsonBody<ReplyRequest>,
) -> Result<(StatusCode, Json<ReplyTaken>), ApiError> {
    let holder = required_holder(&state, &id, &headers).await?;
    let publication =
        readable_publication(&state, &id).await?.ok_or_else(|| ApiError::ResultsNotPublished(id.clone()))?;
    let text = reply_text(&body.value.body, "your reply")?;
    if state.store.replies(&id, Some(&holder.response_id)).await?.len() >= MAX_REPLIES {
        return Err(ApiError::Invalid(format!(
            "you have sent {MAX_REPLIES} replies on these results; wait for an answer, or reply to the e-mail you get"
        )));
    }
    // The plan's owner hears of it at once, when the server sends mail.
    let mut mail = None;
    if state.config.send_mail {
        let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
        let plan = state.store.plans(&id).await?.into_iter().find(|p| p.id == plan_id).ok_or(ApiError::NotFound)?;
        let owner = state
            .store
            .members(&publication.organization_id)
            .await?
            .into_iter()
            .find(|m| m.user_id == plan.owner.user_id);
        if let Some(owner) = owner {
            let link = format!("{}/admin/surveys/{id}/plans", super::public_base(&state.config, &headers));
            mail = Some(crate::mail::reply_received(&owner, stored.survey.title(), &plan.will_do, &text, &link));
        }
    }
    let reply_id = crate::store::ordered_id();
    let reply = NewReply {
        id: &reply_id,
        plan_id: &plan_id,
        survey_id: &id,
        response_id: &holder.response_id,
        receipt_hash: &holder.receipt_hash,
        body: &text,
        now: now_millis(),
    };
    state.store.add_reply(&reply, mail.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(ReplyTaken { id: reply_id, body: text })))
}

/// Answer "Did this fix it?"
///
/// A respondent's answer to a done plan's follow-up question, once per receipt.
#[utoipa::path(
    post,
    path = "/api/v1/results/{id}/plans/{plan}/follow-up",
    tag = "published",
    params(
        SurveyPath,
        ("plan" = String, Path, description = "The plan's id"),
        ReceiptHeader,
    ),
    request_body = FollowUpAnswer,
    responses(
        (status = 201, description = "Counted"),
        ReceiptRefused,
        (status = 404, description = "Not published, or this plan asks nothing", body = super::openapi::Error),
        (status = 409, description = "Answered already", body = super::openapi::Error),
        (status = 422, description = "Not a point on the scale", body = super::openapi::Error),
        super::limits::Throttled,
    )
)]
pub async fn answer_follow_up(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, plan_id)): Path<(String, String)>,
    body: JsonBody<FollowUpAnswer>,
) -> Result<StatusCode, ApiError> {
    let holder = required_holder(&state, &id, &headers).await?;
    readable_publication(&state, &id).await?.ok_or_else(|| ApiError::ResultsNotPublished(id.clone()))?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
    let asked =
        state.store.follow_ups(&id).await?.into_iter().find(|f| f.plan_id == plan_id).ok_or(ApiError::NotFound)?;
    let scale = stored.survey.question(&asked.question_id).and_then(|q| q.kind.scale()).ok_or(ApiError::NotFound)?;
    let follow_up = FollowUp { question: asked.question_id, scale, prompt: asked.prompt };
    let value = follow_up.answer(body.value.value).map_err(|e| ApiError::Invalid(e.to_string()))?;
    if !state.store.answer_follow_up(&id, &plan_id, &holder.response_id, value, now_millis()).await? {
        return Err(ApiError::Conflict("you answered this follow-up already".into()));
    }
    Ok(StatusCode::CREATED)
}
