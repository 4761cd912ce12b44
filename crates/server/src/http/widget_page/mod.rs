//! The widget page `/w/{survey}` that embed.js loads into its iframe, and the same survey as a
//! full page of its own at `/s/{survey}` (a shareable link, no host page).
//!
//! The page is Trunk's `widget.html` with the survey form rendered into it by the very components
//! the wasm bundle hydrates, the data for the bundle inlined, and a fresh CSP nonce. The server
//! picks the language (the host page's choice, then the browser's), sets `lang` and `dir`, and
//! writes the survey's theme into CSS custom properties. A small inline script (`widget_page.js`)
//! puts back answers saved on an earlier visit and keeps "don't ask again" before the wasm
//! arrives. The page works as a plain HTML form when JavaScript is off: the form posts to
//! `POST /w/{survey}`. The page itself is built in [`template`].

pub mod bots;
mod customer;
mod lines;
mod news;
mod notices;
mod plain_post;
mod site;
mod stepped;
mod template;

use customer::customer_from_query;
pub use site::{compile as compile_page_rule, TagOptions};
pub use stepped::with_images;
pub use template::{PageOptions, WidgetTemplate};

use super::error::ApiError;
use super::page::{html_page, new_nonce, preferred_languages};
use super::respond::live_survey;
use super::AppState;
use crate::store::StoredSurvey;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hearback_api::audience::Device;
use hearback_core::survey::MAX_RECONTACT_DAYS;
use hearback_core::Origin;
use hearback_web::widget::plain::PlainForm;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub fn router(limiters: Option<&super::limits::Limiters>) -> Router<AppState> {
    let mut page = Router::new().route("/w/{id}", get(widget_page).post(plain_post::plain_form_post));
    if let Some(limiters) = limiters {
        // The plain form's post is an answer like any other.
        page = page.route_layer(axum::middleware::from_fn_with_state(limiters.answers(), super::limits::limit));
    }
    page.route("/w/{id}/thanks", get(thanks_page))
        .route("/s/{id}", get(full_page))
        .route("/site/{key}", get(site::site_page))
        .route("/w-news/{file}", get(news::news_script))
}

/// A page for one response: its own script nonce, and the sites that may frame it.
fn html_response(status: StatusCode, page: String, nonce: &str, frame_ancestors: &[Origin]) -> Response {
    let ancestors = if frame_ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        frame_ancestors.iter().map(Origin::as_str).collect::<Vec<_>>().join(" ")
    };
    html_page(status, page, nonce, &ancestors, "")
}

/// The page when the survey cannot be answered, with the status the API would give.
fn unavailable_page(state: &AppState, err: ApiError, nonce: &str) -> Response {
    let (status, heading, text) = match err {
        ApiError::SurveyNotFound(_) => (StatusCode::NOT_FOUND, "Survey not found", "This survey does not exist."),
        other => return other.into_response(),
    };
    html_response(status, state.widget.message_page(heading, text, nonce), nonce, &[])
}

/// The page of a closed survey (410), in the language the respondent asks for among the
/// survey's, with the link to its results when they are published for anyone; framed by the
/// company's sites like the survey was, and fitted to the frame of `host`
/// when the survey allows it.
async fn closed_page(state: &AppState, id: &str, languages: &[String], host: Option<Origin>, nonce: &str) -> Response {
    let (stored, language, host) = match survey_in(state, id, languages, host).await {
        Ok(found) => found,
        Err(err) => return unavailable_page(state, err, nonce),
    };
    let published = match state.store.publication(id).await {
        Ok(publication) => publication.is_some_and(|p| p.is_public()),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let page = state.widget.closed_page(&stored.survey, &language, published, host.as_ref(), nonce);
    html_response(StatusCode::GONE, page, nonce, &stored.allowed_origins)
}

/// The page of a survey its schedule opens at `at` (404, as the API answers), in the
/// respondent's language, framed by the company's sites like the survey will be.
async fn not_open_page(
    state: &AppState,
    id: &str,
    languages: &[String],
    at: i64,
    host: Option<Origin>,
    nonce: &str,
) -> Response {
    let (stored, language, host) = match survey_in(state, id, languages, host).await {
        Ok(found) => found,
        Err(err) => return unavailable_page(state, err, nonce),
    };
    let page = state.widget.not_open_page(&language, &crate::schedules::utc(at), host.as_ref(), nonce);
    html_response(StatusCode::NOT_FOUND, page, nonce, &stored.allowed_origins)
}

/// The survey, the language of its pages for a respondent who asks for `languages`, and `host`
/// when the survey allows it to frame them.
async fn survey_in(
    state: &AppState,
    id: &str,
    languages: &[String],
    host: Option<Origin>,
) -> Result<(StoredSurvey, String, Option<Origin>), ApiError> {
    let stored = state.store.survey(id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.to_owned()))?;
    let language = hearback_core::text::pick_language(stored.survey.languages(), languages).to_owned();
    let host = host.filter(|h| stored.allowed_origins.contains(h));
    Ok((stored, language, host))
}

/// The name the page script keeps a company's survey fatigue under: not its id.
fn company_key(organization: &str) -> String {
    format!("{:x}", Sha256::digest(organization.as_bytes()))[..12].to_owned()
}

/// The host page a request names (`host`), when the survey allows it to frame its pages.
fn allowed_host(stored: &StoredSurvey, query: &HashMap<String, String>) -> Option<Origin> {
    query.get("host").and_then(|h| Origin::parse(h.as_str()).ok()).filter(|h| stored.allowed_origins.contains(h))
}

/// The class of device a browser says it is (`User-Agent`): tablets (iPad, Android without
/// "Mobile"), phones ("Mobi", iPhone, Android), else a desktop.
fn device_of(user_agent: &str) -> Device {
    let android = user_agent.contains("Android");
    if user_agent.contains("iPad") || user_agent.contains("Tablet") || (android && !user_agent.contains("Mobile")) {
        Device::Tablet
    } else if user_agent.contains("Mobi") || user_agent.contains("iPhone") || android {
        Device::Mobile
    } else {
        Device::Desktop
    }
}

async fn widget_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    survey_page(state, id, query, headers, false).await
}

async fn full_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    survey_page(state, id, query, headers, true).await
}

async fn survey_page(
    state: AppState,
    id: String,
    query: HashMap<String, String>,
    headers: HeaderMap,
    full_page: bool,
) -> Response {
    let nonce = new_nonce();
    let languages = preferred_languages(query.get("lang").map(String::as_str), &headers);
    // The page posts messages to the host page only when it is one the company allowed.
    let asked = query.get("host").and_then(|h| Origin::parse(h.as_str()).ok()).filter(|_| !full_page);
    let stored = match live_survey(&state, &id).await {
        Ok(stored) => stored,
        Err(ApiError::SurveyClosed) => return closed_page(&state, &id, &languages, asked, &nonce).await,
        Err(ApiError::SurveyNotOpen(at)) => return not_open_page(&state, &id, &languages, at, asked, &nonce).await,
        Err(err) => return unavailable_page(&state, err, &nonce),
    };
    let audience = match state.store.audience(&id).await {
        Ok(audience) => audience,
        Err(err) => return ApiError::from(err).into_response(),
    };
    // On its own tag, the survey's own event opens it.
    let events = audience.event.clone().map(|e| (id.clone(), e)).into_iter().collect();
    let tag = TagOptions { events, ..TagOptions::default() };
    render_survey(&state, stored, audience, &query, &headers, full_page, tag).await
}

/// A live survey's page for a visitor: in their language, with what the page's script and
/// embed.js need to know of its audience and its tag.
async fn render_survey(
    state: &AppState,
    stored: StoredSurvey,
    audience: hearback_api::audience::Audience,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    full_page: bool,
    tag: TagOptions,
) -> Response {
    let nonce = new_nonce();
    let languages = preferred_languages(query.get("lang").map(String::as_str), headers);
    let asked = query.get("host").and_then(|h| Origin::parse(h.as_str()).ok()).filter(|_| !full_page);
    let host = asked.filter(|h| stored.allowed_origins.contains(h));
    let customer = customer_from_query(&stored, query);
    let language = hearback_core::text::pick_language(stored.survey.languages(), &languages).to_owned();
    let (attributes, verified) = customer.as_ref().map(|(_, c)| (c.attributes.clone(), c.verified)).unwrap_or_default();
    let device = device_of(headers.get(axum::http::header::USER_AGENT).and_then(|ua| ua.to_str().ok()).unwrap_or(""));
    // The survey fatigue on the host page's site (its own, else the company's), under a name for
    // the company that does not give its id away.
    let fatigue = match &stored.organization {
        Some(organization) => {
            match state.store.fatigue_for(organization, host.as_ref().map_or("", Origin::as_str)).await {
                Ok(0) => None,
                Ok(days) => Some((company_key(organization), days)),
                Err(err) => return ApiError::from(err).into_response(),
            }
        }
        None => None,
    };
    let options = PageOptions {
        fatigue,
        outside_audience: tag.silent
            || !site::asks_on(&audience, query)
            || !audience.admits(&attributes, verified, &language, device),
        sample: query.get("sample").and_then(|s| s.parse().ok()).map(|s: u32| s.min(100)),
        tag,
        visitors: audience.visitors,
        host: host.clone(),
        languages,
        closable: host.is_some() && query.get("panel").is_some_and(|p| p == "1"),
        plain: PlainForm {
            host: host.as_ref().map(|h| h.as_str().to_owned()),
            started: bots::started(&stored, crate::store::now_millis()),
            ..PlainForm::new(
                new_nonce(),
                &stored.survey,
                &customer.as_ref().map(|(_, c)| c.attributes.clone().into_iter().collect()).unwrap_or_default(),
            )
        },
        customer,
        full_page,
        quiet_days: query
            .get("days")
            .and_then(|d| d.parse().ok())
            .unwrap_or(stored.survey.audience().recontact_days)
            .min(MAX_RECONTACT_DAYS),
    };
    let page = state.widget.survey_page(&stored, &options, &nonce);
    // A full page is not framed by anyone.
    let ancestors: &[Origin] = if full_page { &[] } else { &stored.allowed_origins };
    stepped::with_images(html_response(StatusCode::OK, page, &nonce, ancestors), &stored.survey)
}

async fn thanks_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let nonce = new_nonce();
    let stored = match state.store.survey(&id).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return unavailable_page(&state, ApiError::SurveyNotFound(id), &nonce),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let languages = preferred_languages(query.get("lang").map(String::as_str), &headers);
    let language = hearback_core::text::pick_language(stored.survey.languages(), &languages);
    let host = allowed_host(&stored, &query);
    let company = stored.organization.as_deref().map(company_key);
    let page = state.widget.thanks_page(&stored.survey, language, host.as_ref(), company.as_deref(), &nonce);
    html_response(StatusCode::OK, page, &nonce, &stored.allowed_origins)
}
