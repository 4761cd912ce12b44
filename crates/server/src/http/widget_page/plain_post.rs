//! The survey's plain form posted (no JavaScript, or a server-stepped survey), page by page:
//! turned away when a program filled it in ([`super::bots`]), shown again with its problems or
//! the questions its answers call for, and otherwise stored as the API stores a response.

use super::customer::customer_from_query;
use super::{allowed_host, bots, closed_page, html_response, not_open_page, stepped, unavailable_page, PageOptions};
use crate::http::error::ApiError;
use crate::http::page::{new_nonce, preferred_languages};
use crate::http::respond::{live_survey, store_response};
use crate::http::AppState;
use crate::store::IdempotencyKey;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hearback_core::response::asked;
use hearback_core::{Completion, Response as SurveyResponse};
use hearback_web::widget::form;
use hearback_web::widget::plain::{self, PlainForm};
use hearback_web::widget::strings::{for_language, Msg};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The form post a browser without JavaScript makes, page by page. When the answers make logic
/// ask questions the posted page did not show, the form comes back with them (answers filled
/// in); when answers have problems, it comes back with the problems marked (422), as the
/// widget marks them. Otherwise the response is checked and stored by the same code as the API,
/// under the page's idempotency key, and a redirect (303) to the thank-you page follows, so
/// reloading it posts nothing.
pub(super) async fn plain_form_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let nonce = new_nonce();
    let stored = match live_survey(&state, &id).await {
        Ok(stored) => stored,
        Err(ApiError::SurveyClosed) => {
            let languages = preferred_languages(None, &headers);
            return closed_page(&state, &id, &languages, None, &nonce).await;
        }
        Err(ApiError::SurveyNotOpen(at)) => {
            let languages = preferred_languages(None, &headers);
            return not_open_page(&state, &id, &languages, at, None, &nonce).await;
        }
        Err(err) => return unavailable_page(&state, err, &nonce),
    };
    let mut plain = PlainForm::default();
    for (name, value) in fields {
        plain.fields.entry(name).or_default().push(value);
    }
    let mut query = HashMap::new();
    for (name, field) in [("lang", plain::LANGUAGE), ("customer", plain::CUSTOMER), ("host", plain::HOST)] {
        if let Some(value) = plain.first(field) {
            query.insert(name.to_owned(), value.to_owned());
        }
    }
    let customer = customer_from_query(&stored, &query);
    let known = customer.as_ref().map(|(_, c)| c.known()).unwrap_or_default();
    let raw = form::raw_response(&stored.survey, &known, |name| plain.all(name));
    let languages = preferred_languages(query.get("lang").map(String::as_str), &headers);
    let language = hearback_core::text::pick_language(stored.survey.languages(), &languages).to_owned();
    let strings = for_language(&language);
    let now = crate::store::now_millis();
    let refused = bots::check(&stored, &plain, now).err();
    if refused == Some(bots::Refusal::Honeypot) {
        let said = bots::words(&language);
        let host = allowed_host(&stored, &query);
        let page =
            state.widget.not_sent_page(&language, said.not_sent_title, said.not_sent_text, host.as_ref(), &nonce);
        return html_response(StatusCode::UNPROCESSABLE_ENTITY, page, &nonce, &stored.allowed_origins);
    }

    let asked_now = asked(&stored.survey, &raw, &known);
    let more = plain.seen().is_some_and(|seen| {
        stored.survey.questions().iter().zip(&asked_now).any(|(q, asked)| *asked && !seen.contains(&q.id.as_str()))
    });
    // Problems with the page just posted come first; then questions its answers call for.
    let seen = plain.seen();
    let on_page = |q: &Option<String>| match (&seen, q) {
        (Some(seen), Some(q)) => seen.contains(&q.as_str()),
        _ => true,
    };
    let problem = match SurveyResponse::parse_with(&stored.survey, &raw, &known, Completion::Complete) {
        // Sent sooner than a person answers: the same form again, answers kept, to send again.
        _ if refused == Some(bots::Refusal::TooQuick) => {
            Some((StatusCode::UNPROCESSABLE_ENTITY, Vec::new(), bots::words(&language).too_quick.to_owned()))
        }
        Err(mut invalid) if !more || invalid.problems.iter().any(|(q, _)| on_page(q)) => {
            invalid.problems.retain(|(q, _)| on_page(q));
            let errors = stepped::errors(&stored.survey, &invalid, &strings, &language);
            Some((StatusCode::UNPROCESSABLE_ENTITY, errors, strings.get(Msg::CheckMarked).to_owned()))
        }
        _ if more => Some((StatusCode::OK, Vec::new(), strings.get(Msg::MoreQuestions).to_owned())),
        Err(_) => unreachable!("problems without more questions are shown above"),
        Ok(_) => None,
    };
    // Kept with the answers: what comes back to this respondent speaks the page's language.
    let raw = hearback_core::RawResponse { language: Some(language.clone()), ..raw };
    let stepped = stored.survey.server_stepped();
    if let Some((StatusCode::OK, ..)) = problem.as_ref().filter(|_| stepped) {
        let (_, c) = customer.clone().unwrap_or_default();
        if let Err(err) = stepped::save_page(&state, &stored, plain.first(plain::KEY), &raw, &c, false).await {
            return err.into_response();
        }
    }
    if let Some((status, errors, message)) = problem {
        plain.errors = errors;
        plain.message = Some(message);
        plain.key = plain.first(plain::KEY).map_or_else(new_nonce, str::to_owned);
        // The page's start goes on from page to page; one sent too soon starts again now.
        plain.started = match plain.first(plain::STARTED) {
            Some(started) if refused.is_none() => started.to_owned(),
            _ => bots::started(&stored, now),
        };
        let host = allowed_host(&stored, &query);
        plain.host = host.as_ref().map(|h| h.as_str().to_owned());
        let options = PageOptions { languages, customer, plain, host, ..PageOptions::default() };
        let page = state.widget.survey_page(&stored, &options, &nonce);
        return stepped::with_images(html_response(status, page, &nonce, &stored.allowed_origins), &stored.survey);
    }
    let customer = customer.map(|(_, c)| c).unwrap_or_default();
    if stepped {
        // Its thank-you keeps the receipt (the key) as the widget would; the fragment never
        // reaches a server.
        return match stepped::save_page(&state, &stored, plain.first(plain::KEY), &raw, &customer, true).await {
            Ok((key, _)) => {
                let host = allowed_host(&stored, &query).map(|h| format!("&host={}", h.as_str())).unwrap_or_default();
                Redirect::to(&format!("/w/{id}/thanks?lang={language}{host}#hb-done={key}")).into_response()
            }
            Err(err) => err.into_response(),
        };
    }
    let key = plain.first(plain::KEY).filter(|k| (1..=255).contains(&k.len())).map(|key| IdempotencyKey {
        key: key.to_owned(),
        request_hash: format!("{:x}", Sha256::digest(serde_json::to_vec(&raw).unwrap_or_default())),
    });
    match store_response(&state, &stored, &raw, key.as_ref(), &customer).await {
        Ok(_) => Redirect::to(&format!("/w/{id}/thanks?lang={language}")).into_response(),
        Err(ApiError::IdempotencyKeyReused) => {
            let page = state.widget.message_page(
                "Already sent",
                "Other answers from this page were already received. Open the survey again to answer anew.",
                &nonce,
            );
            html_response(StatusCode::UNPROCESSABLE_ENTITY, page, &nonce, &stored.allowed_origins)
        }
        Err(err) => err.into_response(),
    }
}
