//! Quotes on the results page: the comments whose authors consented to be quoted, offered to
//! editors, who approve them for the page or take them off.

use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::published::quotable;
use crate::http::AppState;
use crate::store::now_millis;
use crate::store::StoredSurvey;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// A comment that may be quoted: its author ticked the survey's consent question.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub response: String,
    pub question: String,
    pub text: String,
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

/// `GET …/quotes`: the comments that may be quoted, each with whether it is approved.
pub async fn quotes(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Value>, ApiError> {
    let id = stored.survey.id().to_string();
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
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<QuoteRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let person = actor.person()?.to_owned();
    let id = stored.survey.id().to_string();
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
    survey: OwnedSurvey<Editor>,
    Path((_, quote)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = survey.id();
    state.store.withdraw_quote(&id, &quote).await?;
    Ok(StatusCode::NO_CONTENT)
}
