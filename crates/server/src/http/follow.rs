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
use crate::store::followers::{Confirmation, Followed, NewFollower};
use crate::store::now_millis;
use crate::store::publications::Visibility;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use hearback_api::public::{FollowRequest, Message};

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
    ask(&state, &headers, id, &body.value.email).await?;
    Ok((StatusCode::ACCEPTED, Json(Message { message: CHECK_INBOX.into() })))
}

const CHECK_INBOX: &str = "Check your inbox: confirm with the link we sent.";

/// `POST /r/{survey}/follow`: the results page's follow form as a plain form post, which works
/// before the page's bundle has loaded and without JavaScript. A page that says what happened,
/// with the way back.
pub async fn follow_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<FollowRequest>,
) -> Response {
    let back = format!("/r/{id}");
    match ask(&state, &headers, id, &form.email).await {
        Ok(()) => page(StatusCode::ACCEPTED, "Check your inbox", CHECK_INBOX, None, Some(&back)),
        Err(err) => {
            let status = err.status_and_code().0;
            let text = match err {
                ApiError::Internal(cause) => {
                    tracing::error!(error = ?cause, "internal error");
                    "Something went wrong on our side; try again later.".to_owned()
                }
                err => err.to_string(),
            };
            page(status, "Not followed", &text, None, Some(&back))
        }
    }
}

/// Asks for a confirmation to follow survey `id`'s results at `address` (see `follow`).
async fn ask(state: &AppState, headers: &HeaderMap, id: String, address: &str) -> Result<(), ApiError> {
    let address = email(address)?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::ResultsNotPublished(id.clone()))?;
    let holder = super::respondents::holder(state, &id, headers).await?;
    let public = state
        .store
        .publication(&id)
        .await?
        .is_some_and(|p| p.unpublished_at.is_none() && p.visibility == Visibility::Public);
    if !public && holder.is_none() {
        return Err(ApiError::ResultsNotPublished(id));
    }
    if !state.config.send_mail {
        return Err(ApiError::MailUnavailable);
    }
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
    let title = stored.survey.title().to_owned();
    let confirmation = crate::mail::follow_confirmation(&address, &title, person, &link);
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
    };
    let _: Followed = state.store.follow(&follower, &confirmation).await?;
    Ok(())
}

/// A short page for people: a heading, a line, and a form's button or a link back, rendered by
/// Leptos (every text escaped).
fn page(status: StatusCode, heading: &str, text: &str, form: Option<(&str, &str)>, back: Option<&str>) -> Response {
    use leptos::prelude::*;
    let nonce = new_nonce();
    let (title, heading, text) = (escape_html(heading), heading.to_owned(), text.to_owned());
    let form = form.map(|(action, button)| (action.to_owned(), button.to_owned()));
    let back = back.map(str::to_owned);
    let main = Owner::new().with(|| {
        view! {
            <main>
                <h1>{heading}</h1>
                <p>{text}</p>
                {form.map(|(action, button)| view! {
                    <form method="post" action=action><button type="submit">{button}</button></form>
                })}
                {back.map(|to| view! { <p><a href=to>"Back to the results"</a></p> })}
            </main>
        }
        .to_html()
    });
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body>{main}</body></html>"#
    );
    html_page(status, html, &nonce, "'none'", "")
}

pub async fn confirm_page(Path(token): Path<String>) -> Response {
    let action = format!("/f/confirm/{token}");
    page(
        StatusCode::OK,
        "Confirm you want the news",
        "One click, and you will hear what comes of the survey.",
        Some((&action, "Confirm")),
        None,
    )
}

pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    Ok(match state.store.confirm_follower(&digest(&token), now_millis()).await? {
        Confirmation::Confirmed => page(
            StatusCode::OK,
            "Confirmed",
            "You will hear by e-mail as results and plans move. Every message says how to stop.",
            None,
            None,
        ),
        Confirmation::AlreadyConfirmed => page(
            StatusCode::GONE,
            "Already confirmed",
            "This link was used already: you follow these results.",
            None,
            None,
        ),
        Confirmation::Expired => page(
            StatusCode::GONE,
            "This link has expired",
            "Links work for 48 hours. Ask again on the results page.",
            None,
            None,
        ),
        Confirmation::Unknown => {
            page(StatusCode::NOT_FOUND, "Unknown link", "This link is not one we sent.", None, None)
        }
    })
}

pub async fn unsubscribe_page(Path(token): Path<String>) -> Response {
    let action = format!("/f/unsubscribe/{token}");
    page(
        StatusCode::OK,
        "Stop the e-mails?",
        "You will get no more news about this survey.",
        Some((&action, "Unsubscribe")),
        None,
    )
}

pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    Ok(if state.store.unsubscribe(&token, now_millis()).await? {
        page(
            StatusCode::OK,
            "Unsubscribed",
            "No more e-mails about this survey. The results page stays there for you.",
            None,
            None,
        )
    } else {
        page(StatusCode::NOT_FOUND, "Unknown link", "This link is not one we sent.", None, None)
    })
}
