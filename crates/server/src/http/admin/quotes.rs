//! Quotes on the results page: the comments whose authors consented to be quoted, offered to
//! editors, who approve them for the page or take them off.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::published::quotable;
use crate::http::AppState;
use crate::store::audit::AuditAction;
use crate::store::now_millis;
use crate::store::StoredSurvey;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::publication::{QuoteApproved, QuoteCandidate, QuoteRequest, Quotes};

/// Every comment that may be quoted (its author ticked the survey's consent question), in the
/// order the responses arrived, none yet approved (for editors to choose from: it reads every
/// response).
async fn candidates(state: &AppState, stored: &StoredSurvey) -> Result<Vec<QuoteCandidate>, ApiError> {
    let mut found = Vec::new();
    for row in state.store.responses(stored.survey.id()).await? {
        for (question, text) in quotable(&stored.survey, &row.raw) {
            let (response, question, text) = (row.id.clone(), question.to_owned(), text.to_owned());
            found.push(QuoteCandidate { response, question, text, quote: None });
        }
    }
    Ok(found)
}

/// `GET …/quotes`: the comments that may be quoted, each with whether it is approved.
#[utoipa::path(get, path = "/surveys/{id}/quotes", tag = "publication", operation_id = "list_quotes",
    params(SurveyPath),
    responses((status = 200, description = "The comments whose authors consented", body = Quotes), SurveyRefused))]
pub async fn quotes(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Quotes>, ApiError> {
    let id = stored.survey.id().to_string();
    let approved = state.store.quotes(&id).await?;
    let candidates = candidates(&state, &stored).await?.into_iter().map(|c| {
        let quote = approved.iter().find(|q| q.response_id == c.response && q.question_id == c.question);
        QuoteCandidate { quote: quote.map(|q| q.id.clone()), ..c }
    });
    Ok(Json(Quotes { candidates: candidates.collect() }))
}

/// `POST …/quotes`: approves a comment for the page, if its author consented.
#[utoipa::path(post, path = "/surveys/{id}/quotes", tag = "publication", operation_id = "approve_quote",
    params(SurveyPath),
    request_body = QuoteRequest,
    responses(
        (status = 201, description = "On the page", body = QuoteApproved),
        SurveyRefused,
        (status = 422, description = "Not a comment whose author consented to be quoted", body = Error),
    ))]
pub async fn approve_quote(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<QuoteRequest>,
) -> Result<(StatusCode, Json<QuoteApproved>), ApiError> {
    let person = actor.person()?.to_owned();
    let id = stored.survey.id().to_string();
    let QuoteRequest { response, question } = body.value;
    if !candidates(&state, &stored).await?.iter().any(|c| c.response == response && c.question == question) {
        return Err(ApiError::Invalid(
            "only a comment whose author ticked consent to be quoted can be approved".into(),
        ));
    }
    let quote_id = crate::store::ordered_id();
    let audit = actor.audit(AuditAction::QuoteApproved, &quote_id).survey(&id).detail(question.as_str());
    state.store.approve_quote(&quote_id, &id, &response, &question, &person, now_millis(), &audit).await?;
    Ok((StatusCode::CREATED, Json(QuoteApproved { approved: true })))
}

/// `DELETE …/quotes/{quote}`: takes a quote off the page.
#[utoipa::path(delete, path = "/surveys/{id}/quotes/{quote}", tag = "publication", operation_id = "withdraw_quote",
    params(SurveyPath, ("quote" = String, Path, description = "The quote's id")),
    responses((status = 204, description = "Off the page"), SurveyRefused))]
pub async fn withdraw_quote(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, quote)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::QuoteWithdrawn, &quote);
    state.store.withdraw_quote(survey.id(), &quote, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
