//! The pages an e-mail survey's links open. `GET /e/{token}?a=N` shows the invitation's first
//! question with the answer clicked chosen, and records nothing (a mail scanner that fetches
//! every link answers nothing); its button posts the answer, which is saved under the
//! invitation's response key, marks the invitation answered (the link works once) and goes on
//! to the survey's page, where the rest of the same response is answered (the key, in the
//! address's fragment, becomes the respondent's receipt). `/e/{token}/stop` asks, then (on a
//! post, as mail programs' one-click unsubscribe sends) opts the address out for good.

use super::error::ApiError;
use super::follow::page;
use super::page::{escape_html, html_page, new_nonce};
use super::respond::live_survey;
use super::AppState;
use crate::invitations::invite_words;
use crate::reader_words::{fill, reader_words};
use crate::store::invitations::Invitation;
use crate::store::{now_millis, Save, Saved, StoreError, StoredSurvey};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use hearback_core::{Completion, Response as SurveyResponse};
use hearback_core::{RawAnswer, RawResponse};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/e/{token}", get(landing).post(answer)).route("/e/{token}/stop", get(stop_page).post(stop))
}

/// The invitation a link holds, or the page that says there is none.
async fn find(state: &AppState, token: &str) -> Result<Result<Invitation, Response>, ApiError> {
    let hash = crate::http::admin::auth::digest(token);
    Ok(state.store.invitation(&hash).await?.ok_or_else(|| {
        let w = reader_words("en");
        page("en", StatusCode::NOT_FOUND, w.unknown_heading, w.unknown, None, None)
    }))
}

/// The invitation a link holds and its live survey, or the page that says why it no longer
/// works (used, opted out), or the survey's own page when it takes no answers.
async fn open(state: &AppState, token: &str) -> Result<Result<(Invitation, StoredSurvey), Response>, ApiError> {
    let invitation = match find(state, token).await? {
        Ok(invitation) => invitation,
        Err(page) => return Ok(Err(page)),
    };
    let words = invite_words(&invitation.language);
    let (heading, text) = match invitation.status.as_str() {
        "answered" => (words.used_heading, words.used),
        "opted_out" | "complained" => (words.stopped_heading, words.stopped),
        _ => {
            return Ok(match live_survey(state, &invitation.survey_id).await {
                Ok(stored) => Ok((invitation, stored)),
                Err(_) => Err(Redirect::to(&survey_page(&invitation)).into_response()),
            });
        }
    };
    let organization = organization(state, &invitation).await?;
    let text = fill(text, &[("organization", &organization)]);
    Ok(Err(page(&invitation.language, StatusCode::GONE, heading, &text, None, None)))
}

/// The name of the organisation that sent the invitation.
async fn organization(state: &AppState, invitation: &Invitation) -> Result<String, ApiError> {
    Ok(state.store.organization_name(&invitation.organization_id).await?.unwrap_or_default())
}

#[derive(Debug, serde::Deserialize)]
pub struct Answer {
    a: Option<String>,
}

/// The survey's page for what is left to answer, or its own notice when it takes no answers.
fn survey_page(invitation: &Invitation) -> String {
    format!("/s/{}?lang={}", invitation.survey_id, invitation.language)
}

async fn landing(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (invitation, stored) = match open(&state, &token).await? {
        Ok(open) => open,
        Err(page) => return Ok(page),
    };
    let chosen = query.get("a").and_then(|a| a.parse::<u8>().ok());
    Ok(question_page(&stored.survey, &invitation, &token, chosen, StatusCode::OK, None))
}

/// The first question, the answer `chosen` checked, and the button that sends it.
fn question_page(
    survey: &hearback_core::Survey,
    invitation: &Invitation,
    token: &str,
    chosen: Option<u8>,
    status: StatusCode,
    problem: Option<&str>,
) -> Response {
    use leptos::prelude::*;
    let language = invitation.language.as_str();
    let survey = survey.in_language(language);
    let words = invite_words(language);
    let first = &survey.questions()[0];
    let scale = first.kind.scale().map(|(low, high)| (low..=high).collect::<Vec<u8>>()).unwrap_or_default();
    let (title, prompt) = (survey.title().to_owned(), first.prompt.as_str().to_owned());
    let (action, stop) = (format!("/e/{token}"), format!("/e/{token}/stop"));
    let problem = problem.map(str::to_owned);
    let main = Owner::new().with(|| {
        view! {
            <main>
                <h1>{title.clone()}</h1>
                <form method="post" action=action>
                    <fieldset>
                        <legend>{prompt}</legend>
                        {problem.map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                        <div class="scale">
                            {scale.iter().map(|n| view! {
                                <label><input type="radio" name="a" value=n.to_string() checked=chosen == Some(*n)/>{n.to_string()}</label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <button type="submit">{if scale.is_empty() { words.open.trim_end_matches(':') } else { words.send }}</button>
                </form>
                <p><a href=stop>{words.stop_button}</a></p>
            </main>
        }
        .to_html()
    });
    let nonce = new_nonce();
    let (lang, dir) = (escape_html(language), hearback_web::widget::strings::direction(language));
    let style = "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2430}\
        fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.75rem}\
        .scale{display:flex;flex-wrap:wrap;gap:.4rem}.scale label{display:flex;flex-direction:column;align-items:center;\
        border:1px solid #8a93a6;border-radius:6px;padding:.3rem .6rem;min-width:2rem}\
        button{font:inherit;padding:.5rem 1.2rem;border:0;border-radius:6px;background:#23395d;color:#fff}\
        .problem{color:#a1271b}";
    let html = format!(
        r#"<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{t}</title><style nonce="{nonce}">{style}</style></head><body>{main}</body></html>"#,
        t = escape_html(&title),
    );
    let mut response = html_page(status, html, &nonce, "'none'", "");
    // A personal page: never kept by a shared cache.
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

/// The answer posted: saved as the start of the response, the invitation used, and on to the
/// rest of the survey.
async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<Answer>,
) -> Result<Response, ApiError> {
    let (invitation, stored) = match open(&state, &token).await? {
        Ok(open) => open,
        Err(page) => return Ok(page),
    };
    let first = &stored.survey.questions()[0];
    let Some((low, high)) = first.kind.scale() else {
        // Nothing to record here: the survey's page asks everything, under the invitation's key.
        let to = format!("{}#hb-resume={}", survey_page(&invitation), invitation.response_key);
        return Ok(Redirect::to(&to).into_response());
    };
    let value = form.a.as_deref().and_then(|a| a.trim().parse::<u8>().ok()).filter(|n| (low..=high).contains(n));
    let Some(value) = value else {
        let words = invite_words(&invitation.language);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(question_page(&stored.survey, &invitation, &token, None, status, Some(words.pick)));
    };
    let id = first.id.as_str().to_owned();
    let raw = RawResponse {
        answers: [(id.clone(), RawAnswer::Number(i64::from(value)))].into_iter().collect(),
        other: Default::default(),
        language: None,
    };
    // A survey of one question is answered by the click; any other goes on on its page.
    let complete = stored.survey.questions().len() == 1;
    let completion = if complete { Completion::Complete } else { Completion::Partial };
    let response = SurveyResponse::parse_with(&stored.survey, &raw, &Default::default(), completion)
        .and_then(|r| r.in_language(&stored.survey, Some(invitation.language.clone())))
        .map_err(super::respond::invalid_response)?;
    let customer = Default::default();
    let save = Save { key: &invitation.response_key, response: &response, complete, sequence: 1, customer: &customer };
    match state.store.save_response(&stored.survey, save).await? {
        Saved::Completed => {}
        Saved::Stored(_) | Saved::Replayed(_) | Saved::Stale(_) => {
            if complete {
                crate::schedules::close_if_over(state.store.as_ref(), &stored).await;
            }
        }
    }
    match state.store.answer_invitation(&invitation.id, now_millis()).await {
        // Two clicks at once: the other one went on already.
        Err(StoreError::Conflict) | Ok(()) => {}
        Err(err) => return Err(err.into()),
    }
    metrics::counter!(super::metrics::RESPONSES_STORED, "state" => if complete { "complete" } else { "partial" })
        .increment(1);
    let to = match complete {
        true => format!("/w/{}/thanks?lang={}", invitation.survey_id, invitation.language),
        false => format!("{}#hb-resume={}&{id}={value}", survey_page(&invitation), invitation.response_key),
    };
    Ok(Redirect::to(&to).into_response())
}

async fn stop_page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let invitation = match find(&state, &token).await? {
        Ok(invitation) => invitation,
        Err(page) => return Ok(page),
    };
    let (language, organization) = (invitation.language.clone(), organization(&state, &invitation).await?);
    let words = invite_words(&language);
    let action = format!("/e/{token}/stop");
    let text = fill(words.stop_text, &[("organization", &organization)]);
    Ok(page(&language, StatusCode::OK, words.stop_heading, &text, Some((&action, words.stop_button)), None))
}

async fn stop(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let invitation = match find(&state, &token).await? {
        Ok(invitation) => invitation,
        Err(page) => return Ok(page),
    };
    state.store.opt_out(&invitation.organization_id, &invitation.email, now_millis()).await?;
    let (language, organization) = (invitation.language.clone(), organization(&state, &invitation).await?);
    let words = invite_words(&language);
    let text = fill(words.stopped, &[("organization", &organization)]);
    Ok(page(&language, StatusCode::OK, words.stopped_heading, &text, None, None))
}
