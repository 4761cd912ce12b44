//! The published results page, `/r/{survey}`: the whole page rendered here as HTML (the
//! publication with its charts and plans, by the same component the admin app previews it
//! with), its stylesheet in the page, and a small bundle of its own (`results`) that makes its
//! forms work: following by e-mail, and a respondent's replies to plans. The page's data is in
//! the HTML; the bundle fetches nothing of it again.
//!
//! Who reads what is the API's rule (`published::readable`): a public publication anyone; one
//! for the organisation, its members (their session cookie comes with the page's request, and
//! they get the live numbers and every comment too). One for respondents needs a receipt, which
//! lives in the browser, never in a page's address: the page comes without it, and the bundle
//! asks `/r/{survey}/content` with the receipt for what it opens.

use super::admin::auth::Actor;
use super::error::ApiError;
use super::page::{escape_html, html_page, inline_stylesheets, new_nonce, Cut};
use super::AppState;
use crate::reader_words::reader_words;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hearback_api::publication::PublishedPage;
use hearback_web::admin::page_words::{language_name, page_words};
use hearback_web::admin::report::PublicView;
use hearback_web::results::words::{form_words, words_attribute};
use hearback_web::results::Follow;
use hearback_web::widget::strings::direction;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Trunk's title in `results.html`, where each page writes its own head.
const TITLE: &str = "<title>Hearback</title>";
/// Its root element, where each page says its language and direction.
const HTML_TAG: &str = r#"<html lang="en">"#;

pub fn router(dist: &std::path::Path) -> Router<AppState> {
    let file = dist.join("results/index.html");
    // Read once, with the stylesheet put into the page; none when the front end is not built.
    // Its wasm keeps its normal priority: nothing else on the page competes with it, and it is
    // what makes the forms work.
    let template = std::fs::read_to_string(&file).ok().map(|html| {
        let html = inline_stylesheets(&html, &file)?;
        Cut::new(&html, &[HTML_TAG, TITLE, "<body>"])
    });
    let template = match template {
        Some(Err(err)) => {
            tracing::error!(error = %err, "the results page's build is incomplete");
            None
        }
        Some(Ok(cut)) => Some(cut),
        None => None,
    };
    let template = Arc::new(template);
    Router::new()
        .route(
            "/r/{id}",
            get(move |state, actor, headers, path, query| page(template.clone(), state, actor, headers, path, query)),
        )
        .route("/r/{id}/content", get(content))
}

/// `/r/{survey}`: the page, with Open Graph and Twitter meta tags for link previews (the title
/// and the start of the summary, as text) and a link to its feed; 404 with a "not published"
/// page when this reader may read nothing there (the bundle then tries the reader's receipt).
async fn page(
    template: Arc<Option<Cut>>,
    State(state): State<AppState>,
    actor: Result<Actor, ApiError>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(template) = template.as_ref().as_ref() else {
        let message = "The results page is not built here: run `make web`.";
        return (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    };
    let survey = escape_html(&id);
    let lang = query.get("lang").map(String::as_str);
    let (status, html_tag, head, main) = match super::published::readable(
        &state,
        &id,
        actor.as_ref().ok(),
        &headers,
        lang,
    )
    .await
    {
        Ok(page) => {
            let words = page_words(&page.language);
            let title = escape_html(&format!("{}: {}", words.kicker, page.title));
            let description = escape_html(&page.summary.chars().take(200).collect::<String>());
            let language = escape_html(&page.language);
            let dir = direction(&page.language);
            // Each language's page, for search engines and link previews.
            let alternates: String = page
                .languages
                .iter()
                .map(|l| {
                    let l = escape_html(l);
                    format!(r#"<link rel="alternate" hreflang="{l}" href="/r/{survey}?lang={l}">"#)
                })
                .collect();
            let head = format!(
                r#"<title>{title}</title><meta property="og:type" content="website"><meta property="og:locale" content="{language}"><meta property="og:title" content="{title}"><meta property="og:description" content="{description}"><meta name="twitter:card" content="summary"><meta name="twitter:title" content="{title}"><meta name="twitter:description" content="{description}"><meta name="description" content="{description}"><link rel="alternate" type="application/atom+xml" title="{title}" href="/r/{survey}/feed.atom?lang={language}">{alternates}"#
            );
            let main = format!(
                r#"<main class="public" id="results" data-survey="{survey}" data-words="{}">{}{}</main>"#,
                escape_html(&words_attribute(&page.language)),
                switch(&survey, &page.languages, &page.language, words.languages),
                content_html(page)
            );
            (StatusCode::OK, format!(r#"<html lang="{language}" dir="{dir}">"#), head, main)
        }
        Err(ApiError::ResultsNotPublished(_)) => {
            // Not the survey's language (a reader may not learn which it speaks): the browser's.
            let language = super::follow::page_language(None, &headers);
            let w = reader_words(&language);
            (
                StatusCode::NOT_FOUND,
                format!(r#"<html lang="{language}" dir="{}">"#, direction(&language)),
                format!("<title>{}</title>", escape_html(w.not_published)),
                format!(
                    r#"<main class="public" id="results" data-survey="{survey}" data-words="{}" data-missing><h1>{}</h1><p>{}</p></main>"#,
                    escape_html(&words_attribute(&language)),
                    escape_html(w.not_published),
                    escape_html(w.not_published_text),
                ),
            )
        }
        Err(err) => return err.into_response(),
    };
    let nonce = new_nonce();
    let html = template.render(&[&html_tag, &head, &format!("<body>{main}")], &nonce);
    html_page(status, html, &nonce, "'none'", "")
}

/// `/r/{survey}/content`, with a receipt: the page's content as HTML for its holder (see the
/// module's notes): the publication when they may read it; before it is out, thanks, the day
/// results are promised and the way to follow. 404 when there is nothing for this receipt.
async fn content(
    State(state): State<AppState>,
    actor: Result<Actor, ApiError>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let lang = query.get("lang").map(String::as_str);
    match super::published::readable(&state, &id, actor.as_ref().ok(), &headers, lang).await {
        Ok(page) => Ok(super::page::html_fragment(content_html(page))),
        Err(ApiError::ResultsNotPublished(_)) => {
            let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
            super::respondents::holder(&state, &id, &headers).await?.ok_or(ApiError::ReceiptRequired)?;
            let language = super::translated::reader_language(&stored.survey, lang, &headers);
            let survey = stored.survey.in_language(&language);
            Ok(super::page::html_fragment(promised_html(&id, survey.title(), survey.publish_by(), &language)))
        }
        Err(err) => Err(err),
    }
}

/// A publication as HTML: the admin app's `PublicView`, with a place under each plan for a
/// respondent's replies (filled by the bundle) and the follow form, everything escaped.
pub fn content_html(page: PublishedPage) -> String {
    let survey = page.survey.clone();
    let words = page_words(&page.language);
    let (form_words, language) = (form_words(&page.language), page.language.clone());
    Owner::new().with(|| {
        provide_context(words);
        let replies = Callback::new(|(plan, owner): (String, String)| {
            view! { <div class="plan-extra" data-plan=plan data-owner=owner></div> }.into_any()
        });
        view! { <PublicView page plan_extra=Some(replies)/><div class="follow-root"><Follow survey words=form_words language/></div> }.to_html()
    })
}

/// The page in each of the survey's languages, named in itself (none for a survey in one).
fn switch(survey: &str, languages: &[String], current: &str, label: &str) -> String {
    if languages.len() < 2 {
        return String::new();
    }
    let links: String = languages
        .iter()
        .map(|l| {
            let (code, name) = (escape_html(l), escape_html(language_name(l)));
            let here = if l == current { r#" aria-current="page""# } else { "" };
            format!(r#"<li><a href="/r/{survey}?lang={code}" lang="{code}" hreflang="{code}"{here}>{name}</a></li>"#)
        })
        .collect();
    format!(r#"<nav class="languages" aria-label="{}"><ul>{links}</ul></nav>"#, escape_html(label))
}

/// What a receipt tells before the results are out, in the reader's language.
fn promised_html(survey: &str, title: &str, publish_by: Option<&str>, language: &str) -> String {
    let w = reader_words(language);
    let promise = match publish_by {
        Some(day) => w.promised.replace("{day}", day),
        None => w.no_date.to_owned(),
    };
    let (survey, title) = (survey.to_owned(), title.to_owned());
    let (words, language) = (form_words(language), language.to_owned());
    Owner::new().with(|| {
        view! {
            <header class="public-head">
                <p class="muted">{w.thanks}</p>
                <h1>{title}</h1>
            </header>
            <p>{w.not_yet}" "{promise}</p>
            <div class="follow-root"><Follow survey words language/></div>
        }
        .to_html()
    })
}
