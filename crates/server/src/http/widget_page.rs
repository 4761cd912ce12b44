//! The widget page `/w/{survey}` that embed.js loads into its iframe, and the same survey as a
//! full page of its own at `/s/{survey}` (a shareable link, no host page).
//!
//! The page is Trunk's `widget.html` with the survey form rendered into it by the very components
//! the wasm bundle hydrates, the data for the bundle inlined, and a fresh CSP nonce. The server
//! picks the language (the host page's choice, then the browser's), sets `lang` and `dir`, and
//! writes the survey's theme into CSS custom properties. A small inline script (`widget_page.js`)
//! puts back answers saved on an earlier visit and keeps "don't ask again" before the wasm
//! arrives. The page works as a plain HTML form when JavaScript is off: the form posts to
//! `POST /w/{survey}`.

use super::error::ApiError;
use super::page::{escape_html, html_page, inline_stylesheets, new_nonce, NONCE_PLACEHOLDER};
use super::respond::{check_customer, live_survey, store_response};
use super::AppState;
use crate::identity::{Customer, CustomerInput};
use crate::store::{IdempotencyKey, StoredSurvey};
use anyhow::Context;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use futures::StreamExt;
use hearback_core::response::asked;
use hearback_core::survey::MAX_RECONTACT_DAYS;
use hearback_core::theme::Mode;
use hearback_core::{Completion, Response as SurveyResponse};
use hearback_core::{Known, Origin};
use hearback_web::widget::plain::{self, PlainForm};
use hearback_web::widget::strings::{for_language, is_rtl, loop_strings, Msg};
use hearback_web::widget::{form, SurveyForm, WidgetData};
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// Where the server splices the rendered form into Trunk's page.
/// A `main` landmark, so assistive technology finds the survey at once.
const ROOT: &str = r#"<main id="survey-root"></main>"#;
/// Restores saved answers and keeps "don't ask again", before and without the wasm; closes the
/// loop. Served minified when the front-end build left `page.min.js` beside the widget page.
const PAGE_SCRIPT: &str = include_str!("widget_page.js");

pub fn router(limiters: Option<&super::limits::Limiters>) -> Router<AppState> {
    let mut page = Router::new().route("/w/{id}", get(widget_page).post(plain_form_post));
    if let Some(limiters) = limiters {
        // The plain form's post is an answer like any other.
        page = page.route_layer(axum::middleware::from_fn_with_state(limiters.answers(), super::limits::limit));
    }
    page.route("/w/{id}/thanks", get(thanks_page)).route("/s/{id}", get(full_page))
}

/// How a survey page is to be shown.
#[derive(Debug, Default)]
pub struct PageOptions {
    /// The embedding site, when it is one the company allowed.
    pub host: Option<Origin>,
    /// Languages in order of preference: the host page's choice, then the browser's.
    pub languages: Vec<String>,
    /// What the host page said about the customer, and what the server made of it.
    pub customer: Option<(String, Customer)>,
    /// A page of its own (`/s/{id}`) rather than inside a host page's iframe.
    pub full_page: bool,
    /// Days not to ask again after an answer or a dismissal: the embed's `data-days`, else the
    /// survey's recontact wait.
    pub quiet_days: u32,
    /// The plain HTML form's part of the page (hidden fields, answers posted so far).
    pub plain: PlainForm,
    /// Shown in a panel the host page closes (popover, modal): the page has its own close button,
    /// which asks the host page to close it.
    pub closable: bool,
}

/// Trunk's widget page split around the root element, read once at start-up.
#[derive(Debug, Clone)]
pub struct WidgetTemplate {
    before_root: String,
    after_root: String,
    page_script: std::borrow::Cow<'static, str>,
}

impl WidgetTemplate {
    pub fn parse(html: &str) -> anyhow::Result<WidgetTemplate> {
        let (before, after) = html
            .split_once(ROOT)
            .with_context(|| format!("the widget page has no `{ROOT}` to render the survey into"))?;
        Ok(WidgetTemplate {
            before_root: before.to_owned(),
            after_root: after.to_owned(),
            page_script: PAGE_SCRIPT.into(),
        })
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<WidgetTemplate> {
        let html = std::fs::read_to_string(path).with_context(|| {
            format!("cannot read the widget page {} (build the front end first: `make web`)", path.display())
        })?;
        let html = first_paint_first(&html, path)?;
        let mut template = WidgetTemplate::parse(&html)?;
        if let Ok(minified) = std::fs::read_to_string(path.with_file_name("page.min.js")) {
            template.page_script = minified.trim_end().to_owned().into();
        }
        Ok(template)
    }

    /// A page with `body` (trusted markup) in place of the root element.
    fn page(&self, title: &str, root_attributes: &str, body: &str, nonce: &str) -> String {
        let head = replace_title(&self.before_root, title);
        let mut page = String::with_capacity(head.len() + body.len() + self.after_root.len() + 64);
        page.push_str(&head);
        page.push_str(&format!(r#"<main id="survey-root"{root_attributes}>"#));
        page.push_str(body);
        page.push_str("</main>");
        page.push_str(&self.after_root);
        page.replace(NONCE_PLACEHOLDER, nonce)
    }

    /// The survey page: the form rendered by `SurveyForm`, the data for hydration, and the
    /// hydration bootstrap script under the nonce.
    pub fn survey_page(&self, stored: &StoredSurvey, options: &PageOptions, nonce: &str) -> String {
        let full = &stored.survey;
        let language = hearback_core::text::pick_language(full.languages(), &options.languages).to_owned();
        let survey = full.in_language(&language);
        let (customer_json, known) = match &options.customer {
            Some((json, customer)) => (Some(json.clone()), customer.known()),
            None => (None, Known::new()),
        };
        let data = WidgetData {
            survey,
            strings: for_language(&language),
            seed: rand::random(),
            known,
            customer: customer_json,
        };
        let shared = Arc::new(SsrSharedContext::new());
        let owner = Owner::new_root(Some(shared.clone()));
        // No whitespace may surround the markup: hydration walks the DOM node by node.
        let form = owner.with(|| {
            provide_context(options.plain.clone());
            view! { <SurveyForm data=data.clone()/> }.to_html()
        });
        let bootstrap = shared
            .pending_data()
            .map(|chunks| futures::executor::block_on(chunks.collect::<Vec<_>>()).concat())
            .unwrap_or_default();
        drop(owner);
        let json = serde_json::to_string(&data.to_tokens())
            .expect("strings and numbers always serialize")
            .replace('<', "\\u003c");
        let mut root = match &options.host {
            Some(host) => format!(r#" data-host="{host}""#),
            None => String::new(),
        };
        if options.full_page {
            root.push_str(r#" class="hb-page""#);
        } else if options.closable {
            root.push_str(r#" class="hb-closable""#);
        }
        let mut page = self.page(data.survey.title(), &root, &form, nonce);
        if options.closable {
            // Outside the hydrated root (the wasm never renders it); the page script handles it.
            let label = escape_html(data.strings.get(Msg::Close));
            let bar = format!(
                r#"<header class="hb-bar"><button type="button" class="hb-close" aria-label="{label}">×</button></header>"#
            );
            page = page.replacen(r#"<main id="survey-root""#, &format!(r#"{bar}<main id="survey-root""#), 1);
        }
        // Closing the loop, outside the hydrated root too (the page script shows them): the card
        // that tells a respondent who comes back what came of their answers, and on the
        // thank-you the day results are promised with a link to follow them.
        let said = loop_strings(&language);
        let link = |text: &str| results_link(full, text);
        let card = format!(
            r#"<aside class="hb-news" hidden aria-labelledby="hb-news-title" data-thanks="{}"><h2 id="hb-news-title">{}</h2><p>{}</p><p>{}<button type="button" class="hb-dismiss">{}</button></p></aside>"#,
            escape_html(data.strings.get(Msg::ThanksTitle)),
            escape_html(said.news_title),
            escape_html(&said.news_body.replace("{title}", data.survey.title())),
            link(said.open),
            escape_html(said.dismiss),
        );
        let follow = follow_line(full, &said, " hidden");
        page = page.replacen(r#"<main id="survey-root""#, &format!(r#"{card}<main id="survey-root""#), 1);
        page = page.replacen("</main>", &format!("</main>{follow}"), 1);
        // The document's language and direction, and the theme.
        let dir = if is_rtl(&language) { "rtl" } else { "ltr" };
        let mode = match full.theme().mode {
            Mode::Auto => "",
            Mode::Light => r#" data-theme="light""#,
            Mode::Dark => r#" data-theme="dark""#,
        };
        if let Some(start) = page.find("<html") {
            let end = page[start..].find('>').map_or(start, |at| start + at + 1);
            page.replace_range(start..end, &format!(r#"<html lang="{language}" dir="{dir}"{mode}>"#));
        }
        let properties = full.theme().css_properties();
        if !properties.is_empty() {
            let style = format!(r#"<style nonce="{nonce}">html:root{{{properties}}}</style>"#);
            let at = page.find("</head>").unwrap_or(0);
            page.insert_str(at, &style);
        }
        let scripts = format!(
            r#"<script type="application/json" id="survey">{json}</script><script nonce="{nonce}" data-quiet-days="{days}" data-sample="{sample}">{page_script}</script><script nonce="{nonce}">{bootstrap}</script>"#,
            days = options.quiet_days,
            sample = full.audience().sampling,
            page_script = self.page_script,
        );
        let at = page.find("</body>").unwrap_or(page.len());
        page.insert_str(at, &scripts);
        page
    }

    /// A page with a short message instead of a survey.
    pub fn message_page(&self, heading: &str, text: &str, nonce: &str) -> String {
        self.page(heading, "", &message(heading, text, ""), nonce)
    }

    /// The thank-you after a plain form post, in the respondent's language: when results are
    /// promised, and the link to them.
    pub fn thanks_page(&self, survey: &hearback_core::Survey, language: &str, nonce: &str) -> String {
        let strings = for_language(language);
        let (heading, text) = (strings.get(Msg::ThanksTitle), strings.get(Msg::ThanksBody));
        let follow = follow_line(survey, &loop_strings(language), "");
        self.page(heading, "", &message(heading, text, &follow), nonce)
    }
}

/// Trunk's page made to paint at once: its stylesheet in the page (see [`inline_stylesheets`]);
/// and the wasm, which the server-rendered form does not need to show, is fetched at low
/// priority so that it never competes with what paints.
fn first_paint_first(html: &str, page: &std::path::Path) -> anyhow::Result<String> {
    let html = inline_stylesheets(html, page)?;
    Ok(html.replace(r#"type="application/wasm">"#, r#"type="application/wasm" fetchpriority="low">"#))
}

/// A short message in the widget's frame, with `more` (trusted markup) under it.
fn message(heading: &str, text: &str, more: &str) -> String {
    format!(
        r#"<div class="hb-widget"><section class="hb-thanks" role="status"><h2>{}</h2><p>{}</p>{more}</section></div>"#,
        escape_html(heading),
        escape_html(text)
    )
}

/// A link to the survey's results page, opened outside the widget.
fn results_link(survey: &hearback_core::Survey, text: &str) -> String {
    format!(r#"<a class="hb-open" href="/r/{}" target="_blank" rel="noopener">{}</a>"#, survey.id(), escape_html(text))
}

/// The thank-you's line: when results are promised (if the survey says), and the link to them.
fn follow_line(
    survey: &hearback_core::Survey,
    said: &hearback_web::widget::strings::LoopStrings,
    attributes: &str,
) -> String {
    let promised = survey.publish_by().map_or(String::new(), |day| {
        escape_html(said.promised).replace("{date}", &format!(r#"<time datetime="{day}">{day}</time>"#)) + " "
    });
    format!(r#"<p class="hb-loop"{attributes}>{promised}{}</p>"#, results_link(survey, said.follow))
}

fn replace_title(head: &str, title: &str) -> String {
    match (head.find("<title>"), head.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}<title>{}</title>{}", &head[..start], escape_html(title), &head[end + "</title>".len()..])
        }
        _ => head.to_owned(),
    }
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
        ApiError::SurveyClosed => {
            (StatusCode::GONE, "This survey has closed", "Thank you for your interest; it no longer takes answers.")
        }
        other => return other.into_response(),
    };
    html_response(status, state.widget.message_page(heading, text, nonce), nonce, &[])
}

/// The languages a page should try, best first: `?lang=` from the host page, then the
/// browser's Accept-Language in its order (quality values are listed in descending order by
/// every browser, so order is enough).
fn preferred_languages(query: &HashMap<String, String>, headers: &HeaderMap) -> Vec<String> {
    let mut languages: Vec<String> = query.get("lang").into_iter().cloned().collect();
    if let Some(accept) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) {
        languages.extend(accept.split(',').filter_map(|part| part.split(';').next()).map(|l| l.trim().to_owned()));
    }
    languages
}

/// What the host page said about the customer (`?customer=` JSON from embed.js), checked. Details
/// that fail the check are dropped, not held against the respondent: the page still works,
/// and nothing unverified is trusted.
fn customer_from_query(stored: &StoredSurvey, query: &HashMap<String, String>) -> Option<(String, Customer)> {
    let json = query.get("customer")?;
    let input: CustomerInput = serde_json::from_str(json).ok()?;
    match check_customer(stored, Some(&input)) {
        Ok(customer) => Some((json.clone(), customer)),
        Err(err) => {
            tracing::info!(survey = %stored.survey.id(), error = %err, "customer details on the widget page dropped");
            None
        }
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
    let stored = match live_survey(&state, &id).await {
        Ok(stored) => stored,
        Err(err) => return unavailable_page(&state, err, &nonce),
    };
    // The widget posts messages to the host page only when it is one the company allowed.
    let host = query
        .get("host")
        .and_then(|h| Origin::parse(h.as_str()).ok())
        .filter(|h| !full_page && stored.allowed_origins.contains(h));
    let customer = customer_from_query(&stored, &query);
    let options = PageOptions {
        host: host.clone(),
        languages: preferred_languages(&query, &headers),
        closable: host.is_some() && query.get("panel").is_some_and(|p| p == "1"),
        plain: PlainForm::new(
            new_nonce(),
            &stored.survey,
            &customer.as_ref().map(|(_, c)| c.attributes.clone()).unwrap_or_default(),
        ),
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
    html_response(StatusCode::OK, page, &nonce, ancestors)
}

/// The form post a browser without JavaScript makes, page by page. When the answers make logic
/// ask questions the posted page did not show, the form comes back with them (answers filled
/// in); when answers have problems, it comes back with the problems marked (422), as the
/// widget marks them. Otherwise the response is checked and stored by the same code as the API,
/// under the page's idempotency key, and a redirect (303) to the thank-you page follows, so
/// reloading it posts nothing.
async fn plain_form_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let nonce = new_nonce();
    let stored = match live_survey(&state, &id).await {
        Ok(stored) => stored,
        Err(err) => return unavailable_page(&state, err, &nonce),
    };
    let mut plain = PlainForm::default();
    for (name, value) in fields {
        plain.fields.entry(name).or_default().push(value);
    }
    let mut query = HashMap::new();
    for (name, field) in [("lang", plain::LANGUAGE), ("customer", plain::CUSTOMER)] {
        if let Some(value) = plain.first(field) {
            query.insert(name.to_owned(), value.to_owned());
        }
    }
    let customer = customer_from_query(&stored, &query);
    let known = customer.as_ref().map(|(_, c)| c.known()).unwrap_or_default();
    let raw = form::raw_response(&stored.survey, &known, |name| plain.all(name));
    let languages = preferred_languages(&query, &headers);
    let language = hearback_core::text::pick_language(stored.survey.languages(), &languages).to_owned();
    let strings = for_language(&language);

    let asked_now = asked(&stored.survey, &raw, &known);
    let more = plain.seen().is_some_and(|seen| {
        stored.survey.questions().iter().zip(&asked_now).any(|(q, asked)| *asked && !seen.contains(&q.id.as_str()))
    });
    let problem = match SurveyResponse::parse_with(&stored.survey, &raw, &known, Completion::Complete) {
        _ if more => Some((StatusCode::OK, Vec::new(), Msg::MoreQuestions)),
        Err(invalid) => {
            Some((StatusCode::UNPROCESSABLE_ENTITY, form::field_errors(&invalid, &strings), Msg::CheckMarked))
        }
        Ok(_) => None,
    };
    if let Some((status, errors, message)) = problem {
        plain.errors = errors;
        plain.message = Some(strings.get(message).to_owned());
        plain.key = plain.first(plain::KEY).map_or_else(new_nonce, str::to_owned);
        let options = PageOptions { languages, customer, plain, ..PageOptions::default() };
        let page = state.widget.survey_page(&stored, &options, &nonce);
        return html_response(status, page, &nonce, &stored.allowed_origins);
    }
    let key = plain.first(plain::KEY).filter(|k| (1..=255).contains(&k.len())).map(|key| IdempotencyKey {
        key: key.to_owned(),
        request_hash: format!("{:x}", Sha256::digest(serde_json::to_vec(&raw).unwrap_or_default())),
    });
    let customer = customer.map(|(_, c)| c).unwrap_or_default();
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
    let languages = preferred_languages(&query, &headers);
    let language = hearback_core::text::pick_language(stored.survey.languages(), &languages);
    let page = state.widget.thanks_page(&stored.survey, language, &nonce);
    html_response(StatusCode::OK, page, &nonce, &stored.allowed_origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_put_in_the_page_and_the_wasm_fetched_at_low_priority() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.html");
        std::fs::write(dir.path().join("widget-1a.css"), ".hb-widget{padding:16px}\n").unwrap();
        let html = r#"<head><link rel="stylesheet" href="/assets/widget/widget-1a.css" data-integrity="none"/><link rel="preload" href="/assets/widget/w.wasm" as="fetch" type="application/wasm"></head><body><main id="survey-root"></main></body>"#;
        let ready = first_paint_first(html, &page).unwrap();
        assert_eq!(
            ready,
            r#"<head><style nonce="{{__TRUNK NONCE__}}">.hb-widget{padding:16px}</style><link rel="preload" href="/assets/widget/w.wasm" as="fetch" type="application/wasm" fetchpriority="low"></head><body><main id="survey-root"></main></body>"#
        );
        std::fs::remove_file(dir.path().join("widget-1a.css")).unwrap();
        let missing = first_paint_first(html, &page).unwrap_err().to_string();
        assert!(missing.contains("cannot read the page's stylesheet"), "{missing}");
    }

    #[test]
    fn a_page_without_the_root_element_is_refused_at_start_up() {
        let err = WidgetTemplate::parse("<html><body><main id=survey-root></main></body></html>").unwrap_err();
        assert!(err.to_string().contains("survey-root"));
    }

    #[test]
    fn titles_and_messages_are_escaped() {
        let template =
            WidgetTemplate::parse(&format!("<html><head><title>x</title></head><body>{ROOT}</body></html>")).unwrap();
        let page = template.message_page("<b>&", "\"hi\"", "n");
        assert!(page.contains("<title>&lt;b&gt;&amp;</title>"), "{page}");
        assert!(page.contains("&quot;hi&quot;"), "{page}");
    }
}
