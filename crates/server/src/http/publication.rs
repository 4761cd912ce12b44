//! Published results: what the public (or the organisation) reads at `/r/{survey}` — the
//! company's summary and the results frozen when it published (privacy rules applied), with the
//! action plans read live, so status changes and updates show at once. Editors preview exactly
//! this before publishing, publish, and take it down.

use super::admin::auth::Actor;
use super::error::ApiError;
use super::extract::JsonBody;
use super::AppState;
use crate::store::accounts::Role;
use crate::store::publications::{Publication, Visibility};
use crate::store::{now_millis, StoredSurvey};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub const MAX_SUMMARY_LEN: usize = 5000;

/// The page's data: the summary, the published results and the plans as they are now (the
/// owner's name and role, never their e-mail).
pub async fn page(state: &AppState, stored: &StoredSurvey, publication: &Publication) -> Result<Value, ApiError> {
    let plans = state.store.plans(stored.survey.id().as_str()).await?;
    let follow_ups = state.store.follow_ups(stored.survey.id().as_str()).await?;
    let last_change = plans.iter().map(|p| p.updated_at).max().unwrap_or(0).max(publication.published_at);
    let plans: Vec<Value> = plans
        .into_iter()
        .map(|p| {
            let follow_up = follow_ups
                .iter()
                .find(|f| f.plan_id == p.id)
                .map(|f| super::receipts::follow_up_view(state, stored, &publication.snapshot, f));
            json!({
                "id": p.id, "heard": p.heard, "questions": p.questions, "themes": p.themes, "will_do": p.will_do,
                "owner": {"name": p.owner.name, "role": p.owner.role}, "due": p.due, "status": p.status,
                "reason": p.reason, "created_at": p.created_at, "updated_at": p.updated_at, "follow_up": follow_up,
                "updates": p.updates.iter().map(|u| json!({
                    "author": u.author, "body": u.body, "status": u.status, "created_at": u.created_at,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "survey": stored.survey.id().as_str(),
        "title": stored.survey.title(),
        "questions": stored.survey.questions().iter().map(|q| json!({"id": q.id.as_str(), "prompt": q.prompt.as_str()})).collect::<Vec<_>>(),
        "summary": publication.summary,
        "visibility": publication.visibility,
        "results": publication.snapshot,
        "plans": plans,
        "quotes": shown_quotes(state, stored).await?,
        "published_at": publication.published_at,
        "last_updated": last_change,
    }))
}

/// A published results page
///
/// The summary, the results frozen when published (under the privacy rules), the action plans
/// as they are now (owner, due date, status, updates, "Did this fix it?"), approved quotes and
/// when anything last changed. A publication for respondents needs a receipt of the survey; one
/// for the organisation, a member's session (members also get the live numbers, the newest
/// comments and the way to the dashboard). To anyone who may not read it, it is not there.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}",
    tag = "published",
    params(
        ("id" = String, Path, description = "The survey's id"),
        ("Hearback-Receipt" = Option<String>, Header, description = "A respondent's receipt, for results published to respondents"),
    ),
    responses(
        (status = 200, description = "The page's content", body = Object),
        (status = 404, description = "Nothing published here that this reader may read", body = super::openapi::Error),
    )
)]
pub async fn public(
    State(state): State<AppState>,
    actor: Result<Actor, ApiError>,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    readable(&state, &id, actor.as_ref().ok(), &headers).await.map(Json)
}

/// The page's content for a reader who may read it (the API's `GET /api/v1/results/{id}`, and
/// the results page's HTML): `ResultsNotPublished` to anyone else.
pub async fn readable(
    state: &AppState,
    id: &str,
    actor: Option<&Actor>,
    headers: &axum::http::HeaderMap,
) -> Result<Value, ApiError> {
    let not_published = || ApiError::ResultsNotPublished(id.to_owned());
    let stored = state.store.survey(id).await?.ok_or_else(not_published)?;
    let publication =
        state.store.publication(id).await?.filter(|p| p.unpublished_at.is_none()).ok_or_else(not_published)?;
    let holder = match publication.visibility {
        Visibility::Respondents => super::receipts::holder(state, id, headers).await.ok().flatten().is_some(),
        _ => false,
    };
    if !super::receipts::may_read(&publication, holder, actor) {
        return Err(not_published());
    }
    let mut body = page(state, &stored, &publication).await?;
    // The executives' view: members read the numbers as they are now, every comment (as the
    // admin app lets them), and where to find the segments.
    if let Some(actor) = actor.filter(|a| a.organization_id == publication.organization_id) {
        actor.require(Role::Viewer)?;
        body["live"] = snapshot(state, &stored).await?;
        body["comments"] = json!(comments(state, &stored).await?);
        body["dashboard"] = json!(format!("/admin/surveys/{id}/results"));
    }
    Ok(body)
}

/// The most recent comments, newest first, for members.
const MEMBERS_COMMENTS: usize = 200;

/// The newest [`MEMBERS_COMMENTS`] comments, reading responses newest first a page at a time
/// until there are enough (not every response has one), never the whole survey at once.
async fn comments(state: &AppState, stored: &StoredSurvey) -> Result<Vec<String>, ApiError> {
    use hearback_core::{QuestionKind, RawAnswer};
    const PAGE: u32 = 500;
    let texts: Vec<&str> = stored
        .survey
        .questions()
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Text { .. }))
        .map(|q| q.id.as_str())
        .collect();
    let mut found = Vec::new();
    let mut before = None;
    while found.len() < MEMBERS_COMMENTS && !texts.is_empty() {
        let page = state.store.newest_responses(stored.survey.id(), before, PAGE).await?;
        for response in &page {
            found.extend(texts.iter().filter_map(|q| match response.raw.answers.get(*q) {
                Some(RawAnswer::Text(text)) => Some(text.clone()),
                _ => None,
            }));
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => before = Some((last.created_at, last.id.clone())),
            _ => break,
        }
    }
    found.truncate(MEMBERS_COMMENTS);
    Ok(found)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    summary: String,
    visibility: Visibility,
}

/// The publication of a survey for its editors, with a preview of what publishing now shows.
pub async fn state_of(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Viewer)?;
    let stored = super::admin::surveys::owned(&state, &actor, &id).await?;
    let publication = state.store.publication(&id).await?;
    let draft = Publication {
        survey_id: id.clone(),
        organization_id: actor.organization_id.clone(),
        visibility: publication.as_ref().map_or(Visibility::Public, |p| p.visibility),
        summary: publication.as_ref().map(|p| p.summary.clone()).unwrap_or_default(),
        snapshot: snapshot(&state, &stored).await?,
        published_at: now_millis(),
        unpublished_at: None,
    };
    let up = publication.as_ref().is_some_and(|p| p.unpublished_at.is_none());
    Ok(Json(json!({
        "published": up,
        "publication": publication.as_ref().map(|p| json!({
            "visibility": p.visibility, "summary": p.summary, "published_at": p.published_at, "unpublished_at": p.unpublished_at,
        })),
        "preview": page(&state, &stored, &draft).await?,
    })))
}

/// The results as they would be published now: everyone, all time, privacy rules applied.
async fn snapshot(state: &AppState, stored: &StoredSurvey) -> Result<Value, ApiError> {
    let tally = state.store.tally(stored.survey.id(), &crate::store::aggregates::Scope::everyone()).await?;
    Ok(super::results::shown(&state.config.privacy, stored, &tally))
}

/// Publishes (again): freezes the results now, with the summary.
pub async fn publish(
    State(state): State<AppState>,
    actor: Actor,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    body: JsonBody<PublishRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    actor.require(Role::Editor)?;
    let person = actor.person()?.to_owned();
    let stored = super::admin::surveys::owned(&state, &actor, &id).await?;
    let PublishRequest { summary, visibility } = body.value;
    let summary = summary.trim().to_owned();
    if summary.is_empty() || summary.chars().count() > MAX_SUMMARY_LEN {
        return Err(ApiError::Invalid(format!(
            "write a summary for the people who answered (1 to {MAX_SUMMARY_LEN} characters)"
        )));
    }
    let tally = state.store.tally(stored.survey.id(), &crate::store::aggregates::Scope::everyone()).await?;
    if tally.get("n") == 0 {
        return Err(ApiError::Invalid("nothing to publish yet: nobody has answered this survey".into()));
    }
    let publication = Publication {
        survey_id: id.clone(),
        organization_id: actor.organization_id.clone(),
        visibility,
        summary,
        snapshot: super::results::shown(&state.config.privacy, &stored, &tally),
        published_at: now_millis(),
        unpublished_at: None,
    };
    let news = format!(
        "We published what we heard in “{}”, and what we will do about it:\n\n{}",
        stored.survey.title(),
        publication.summary
    );
    let subject = format!("{}: results, and what we will do", stored.survey.title());
    let notice = match visibility {
        Visibility::Public | Visibility::Respondents => {
            super::notices::followers_notice_for(&state, &actor, &headers, &stored, subject, news)
        }
        Visibility::Organization => None,
    };
    state.store.publish(&publication, &person, notice.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "url": format!("/r/{id}"), "published_at": publication.published_at }))))
}

/// Takes the page down at once.
pub async fn unpublish(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Editor)?;
    super::admin::surveys::owned(&state, &actor, &id).await?;
    state.store.unpublish(&id, now_millis()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A comment that may be quoted: its author ticked the survey's consent question.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub response: String,
    pub question: String,
    pub text: String,
}

/// The comments of one response that may be quoted: its text answers, when its author ticked a
/// consent question of the survey.
fn quotable<'a>(
    survey: &'a hearback_core::Survey,
    answers: &'a hearback_core::RawResponse,
) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    use hearback_core::{QuestionKind, RawAnswer};
    let questions = survey.questions();
    let consented = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Consent)
        .any(|q| matches!(answers.answers.get(q.id.as_str()), Some(RawAnswer::Bool(true))));
    questions.iter().filter(move |q| consented && matches!(q.kind, QuestionKind::Text { .. })).filter_map(|q| {
        match answers.answers.get(q.id.as_str()) {
            Some(RawAnswer::Text(text)) => Some((q.id.as_str(), text.as_str())),
            _ => None,
        }
    })
}

/// Every comment that may be quoted, in the order the responses arrived (for editors to choose
/// from: it reads every response).
async fn candidates(state: &AppState, stored: &StoredSurvey) -> Result<Vec<Candidate>, ApiError> {
    let mut found = Vec::new();
    for row in state.store.responses(stored.survey.id()).await? {
        for (question, text) in quotable(&stored.survey, &row.raw) {
            found.push(Candidate { response: row.id.clone(), question: question.to_owned(), text: text.to_owned() });
        }
    }
    Ok(found)
}

/// The approved quotes as the page shows them: the words alone, and only while their author's
/// consent and response stand. Reads the quoted responses only.
async fn shown_quotes(state: &AppState, stored: &StoredSurvey) -> Result<Vec<String>, ApiError> {
    Ok(state
        .store
        .quotes(stored.survey.id().as_str())
        .await?
        .into_iter()
        .filter_map(|q| {
            quotable(&stored.survey, &q.answers)
                .find(|(question, _)| *question == q.question_id)
                .map(|(_, t)| t.to_owned())
        })
        .collect())
}

/// `GET …/quotes`: the comments that may be quoted, each with whether it is approved.
pub async fn quotes(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    actor.require(Role::Viewer)?;
    let stored = super::admin::surveys::owned(&state, &actor, &id).await?;
    let approved = state.store.quotes(&id).await?;
    let candidates: Vec<Value> = candidates(&state, &stored)
        .await?
        .into_iter()
        .map(|c| {
            let quote = approved.iter().find(|q| q.response_id == c.response && q.question_id == c.question);
            json!({ "response": c.response, "question": c.question, "text": c.text, "quote": quote.map(|q| q.id.clone()) })
        })
        .collect();
    Ok(Json(json!({ "candidates": candidates })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteRequest {
    response: String,
    question: String,
}

/// `POST …/quotes`: approves a comment for the page, if its author consented.
pub async fn approve_quote(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    body: JsonBody<QuoteRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    actor.require(Role::Editor)?;
    let person = actor.person()?.to_owned();
    let stored = super::admin::surveys::owned(&state, &actor, &id).await?;
    let QuoteRequest { response, question } = body.value;
    if !candidates(&state, &stored).await?.iter().any(|c| c.response == response && c.question == question) {
        return Err(ApiError::Invalid(
            "only a comment whose author ticked consent to be quoted can be approved".into(),
        ));
    }
    let quote_id = crate::store::ordered_id();
    state.store.approve_quote(&quote_id, &id, &response, &question, &person, now_millis()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "approved": true }))))
}

/// `DELETE …/quotes/{quote}`: takes a quote off the page.
pub async fn withdraw_quote(
    State(state): State<AppState>,
    actor: Actor,
    Path((id, quote)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Editor)?;
    super::admin::surveys::owned(&state, &actor, &id).await?;
    state.store.withdraw_quote(&id, &quote).await?;
    Ok(StatusCode::NO_CONTENT)
}
