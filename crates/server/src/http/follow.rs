//! Following a survey's results by e-mail: ask on the results page (`POST
//! /api/v1/results/{survey}/follow`), confirm with the link the e-mail brings (double opt-in,
//! 48 hours, once), and leave with the link every message carries. Links open a page with a
//! button (nothing changes on GET, so link scanners confirm nothing). The address is kept apart
//! from the answers and never linked to them.

use super::admin::auth::{digest, email, new_secret};
use super::error::ApiError;
use super::extract::JsonBody;
use super::page::{escape_html, html_page, new_nonce};
use super::AppState;
use crate::http::openapi::SurveyPath;
use crate::reader_words::{fill, known, reader_words, ReaderWords};
use crate::store::followers::{Confirmation, Followed, FollowerLink, NewFollower};
use crate::store::now_millis;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use hearback_api::public::{FollowRequest, Message};
use std::collections::HashMap;

const CONFIRM_HOURS: i64 = 48;
/// Asking again within this many minutes sends no second confirmation.
const RESEND_MINUTES: i64 = 10;

/// Follow results by e-mail
///
/// Results published publicly, or (with a receipt) the results of a survey one answered, before
/// they are out too. Sends a link to confirm (double opt-in, 48 hours, once); the answer is the
/// same whether the address follows already or not, so it tells nobody who follows what, and
/// asked again within 10 minutes it sends nothing more. With a receipt, answers to one's own
/// replies come by e-mail too. The address is kept apart from any answers.
#[utoipa::path(
    post,
    path = "/api/v1/results/{id}/follow",
    tag = "published",
    params(
        SurveyPath,
        ("Hearback-Receipt" = Option<String>, Header, description = "A respondent's receipt"),
    ),
    request_body = FollowRequest,
    responses(
        (status = 202, description = "A confirmation is on its way (or was, or is not needed)", body = Message),
        (status = 403, description = "Not a receipt of a finished response to this survey", body = super::openapi::Error),
        (status = 404, description = "Nothing published here to follow", body = super::openapi::Error),
        (status = 422, description = "Not an e-mail address", body = super::openapi::Error),
        (status = 503, description = "This server sends no e-mail", body = super::openapi::Error),
        super::limits::Throttled,
    )
)]
pub async fn follow(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: JsonBody<FollowRequest>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let FollowRequest { email, language } = body.value;
    let language = ask(&state, &headers, id, &email, language.as_deref()).await?;
    Ok((StatusCode::ACCEPTED, Json(Message { message: reader_words(&language).check_inbox.into() })))
}

/// `POST /r/{survey}/follow`: the results page's follow form as a plain form post, which works
/// before the page's bundle has loaded and without JavaScript. A page that says what happened,
/// with the way back, in the page's language (`?lang=`).
pub async fn follow_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    axum::Form(form): axum::Form<FollowRequest>,
) -> Response {
    let wanted = form.language.as_deref().or(query.get("lang").map(String::as_str));
    let language = page_language(wanted.map(str::to_owned), &headers);
    let words = reader_words(&language);
    let back = format!("/r/{id}?lang={language}");
    match ask(&state, &headers, id, &form.email, wanted).await {
        Ok(language) => {
            let words = reader_words(&language);
            page(
                &language,
                StatusCode::ACCEPTED,
                words.check_inbox_heading,
                words.check_inbox,
                None,
                Some((&back, words.back)),
            )
        }
        Err(err) => {
            let status = err.status_and_code().0;
            let text = match err {
                ApiError::Internal(cause) => {
                    tracing::error!(error = ?cause, "internal error");
                    words.went_wrong.to_owned()
                }
                ApiError::Invalid(_) => fill(words.not_an_address, &[("address", form.email.trim())]),
                ApiError::ResultsNotPublished(_) => words.nothing_to_follow.to_owned(),
                ApiError::MailUnavailable => words.no_mail.to_owned(),
                // Any other refusal (too many requests) as the API says it.
                err => err.to_string(),
            };
            page(&language, status, words.not_followed, &text, None, Some((&back, words.back)))
        }
    }
}

/// Asks for a confirmation to follow survey `id`'s results at `address` (see `follow`), in the
/// survey's language the reader wants: that language.
async fn ask(
    state: &AppState,
    headers: &HeaderMap,
    id: String,
    address: &str,
    wanted: Option<&str>,
) -> Result<String, ApiError> {
    let address = email(address)?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::ResultsNotPublished(id.clone()))?;
    let holder = super::respondents::holder(state, &id, headers).await?;
    let public = state.store.publication(&id).await?.is_some_and(|p| p.is_public());
    if !public && holder.is_none() {
        return Err(ApiError::ResultsNotPublished(id));
    }
    if !state.config.send_mail {
        return Err(ApiError::MailUnavailable);
    }
    let language = super::translated::reader_language(&stored.survey, wanted, headers);
    let base = super::public_base(&state.config, headers);
    let token = new_secret();
    let link = format!("{base}/f/confirm/{token}");
    // The organisation's first owner is the person the confirmation names.
    let person = match &stored.organization {
        Some(org) => {
            state.store.members(org).await?.into_iter().find(|m| m.role == crate::store::accounts::Role::Owner)
        }
        None => None,
    };
    let person = person.as_ref().map(|m| (m.name.as_str(), m.email.as_str()));
    let title = stored.survey.in_language(&language).title().to_owned();
    let confirmation = crate::mail::follow_confirmation(&address, &title, person, &link, &reader_words(&language));
    let expires = now_millis() + CONFIRM_HOURS * 3_600_000;
    let follower = NewFollower {
        id: &uuid::Uuid::new_v4().to_string(),
        survey_id: &id,
        email: &address,
        confirm_hash: &digest(&token),
        confirm_expires_at: expires,
        unsubscribe_token: &new_secret(),
        receipt_hash: holder.as_ref().map(|h| h.receipt_hash.as_str()),
        sent_recently_if_expires_after: expires - RESEND_MINUTES * 60_000,
        language: &language,
    };
    let _: Followed = state.store.follow(&follower, &confirmation).await?;
    Ok(language)
}

/// A follow page's language: the follower's own when their link names one, else the first of
/// the browser's that Hearback's words speak.
pub(crate) fn page_language(theirs: Option<String>, headers: &HeaderMap) -> String {
    let mut wanted = theirs.into_iter().chain(super::page::preferred_languages(None, headers));
    wanted.find_map(|tag| known(&tag)).unwrap_or("en").to_owned()
}

/// The language of the follower a link names, and its words, for its pages.
async fn link_language(
    state: &AppState,
    headers: &HeaderMap,
    link: FollowerLink<'_>,
) -> Result<(String, ReaderWords), ApiError> {
    let language = page_language(state.store.follower_language(link).await?, headers);
    let words = reader_words(&language);
    Ok((language, words))
}

/// A short page for people: a heading, a line, and a form's button or a link back, rendered by
/// Leptos (every text escaped), in `language`.
pub(crate) fn page(
    language: &str,
    status: StatusCode,
    heading: &str,
    text: &str,
    form: Option<(&str, &str)>,
    back: Option<(&str, &str)>,
) -> Response {
    use leptos::prelude::*;
    let nonce = new_nonce();
    let (title, heading, text) = (escape_html(heading), heading.to_owned(), text.to_owned());
    let form = form.map(|(action, button)| (action.to_owned(), button.to_owned()));
    let back = back.map(|(to, said)| (to.to_owned(), said.to_owned()));
    let main = Owner::new().with(|| {
        view! {
            <main>
                <h1>{heading}</h1>
                <p>{text}</p>
                {form.map(|(action, button)| view! {
                    <form method="post" action=action><button type="submit">{button}</button></form>
                })}
                {back.map(|(to, said)| view! { <p><a href=to>{said}</a></p> })}
            </main>
        }
        .to_html()
    });
    let (lang, dir) = (escape_html(language), hearback_web::widget::strings::direction(language));
    let html = format!(
        r#"<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body>{main}</body></html>"#
    );
    html_page(status, html, &nonce, "'none'", "")
}

pub async fn confirm_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (language, w) = link_language(&state, &headers, FollowerLink::Confirm(&digest(&token))).await?;
    let action = format!("/f/confirm/{token}");
    Ok(page(&language, StatusCode::OK, w.confirm_heading, w.confirm_text, Some((&action, w.confirm_button)), None))
}

pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let hash = digest(&token);
    let (language, w) = link_language(&state, &headers, FollowerLink::Confirm(&hash)).await?;
    let (status, heading, text) = match state.store.confirm_follower(&hash, now_millis()).await? {
        Confirmation::Confirmed => (StatusCode::OK, w.confirmed_heading, w.confirmed),
        Confirmation::AlreadyConfirmed => (StatusCode::GONE, w.already_heading, w.already),
        Confirmation::Expired => (StatusCode::GONE, w.expired_heading, w.expired),
        Confirmation::Unknown => (StatusCode::NOT_FOUND, w.unknown_heading, w.unknown),
    };
    Ok(page(&language, status, heading, text, None, None))
}

pub async fn unsubscribe_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (language, w) = link_language(&state, &headers, FollowerLink::Unsubscribe(&token)).await?;
    let action = format!("/f/unsubscribe/{token}");
    Ok(page(&language, StatusCode::OK, w.stop_heading, w.stop_text, Some((&action, w.stop_button)), None))
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (language, w) = link_language(&state, &headers, FollowerLink::Unsubscribe(&token)).await?;
    Ok(if state.store.unsubscribe(&token, now_millis()).await? {
        page(&language, StatusCode::OK, w.stopped_heading, w.stopped, None, None)
    } else {
        page(&language, StatusCode::NOT_FOUND, w.unknown_heading, w.unknown, None, None)
    })
}
