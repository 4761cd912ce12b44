//! `GET /r/{survey}/feed.atom`: a public publication as an Atom feed, for people and tools that
//! prefer feeds: the summary as one entry and each action plan as another, updated whenever the
//! plan moves; in the survey's language `?lang=` names (else the browser's, else its default),
//! with the page's words and the company's translations, one feed per language. Written by
//! `atom_syndication`, which escapes every text; everything is plain text.

use super::error::ApiError;
use super::AppState;
use crate::store::publications::Publication;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use hearback_api::translation::TextKind;
use hearback_web::admin::page_words::page_words;
use std::collections::HashMap;

pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let not_published = || ApiError::ResultsNotPublished(id.clone());
    let stored = state.store.survey(&id).await?.ok_or_else(not_published)?;
    let publication = state.store.publication(&id).await?.filter(Publication::is_public).ok_or_else(not_published)?;
    let language = super::translated::reader_language(&stored.survey, query.get("lang").map(String::as_str), &headers);
    let w = page_words(&language);
    let mut texts = super::translated::Translated::load(&state, &stored.survey, &language).await?;
    let page = format!("{}/r/{id}", super::public_base(&state.config, &headers));
    let page_url = format!("{page}?lang={language}");
    // The default language's feed keeps the ids it always had; each other is a feed of its own.
    let default = stored.survey.languages().first() == Some(&language);
    let feed_id = if default { page.clone() } else { page_url.clone() };
    let plans = state.store.plans(&id).await?;
    let updated = plans.iter().map(|p| p.updated_at).max().unwrap_or(0).max(publication.published_at);
    let title = format!("{}: {}", w.kicker, stored.survey.in_language(&language).title());
    let mut entries = vec![Entry {
        id: format!("{feed_id}#summary"),
        title: Text::plain(w.heard_heading),
        updated: at(publication.published_at),
        links: vec![link(&page_url, "alternate")],
        content: Some(text(texts.text(TextKind::Summary, &id, publication.summary))),
        ..Entry::default()
    }];
    for plan in plans {
        let status = w.status(plan.status.as_str());
        let will_do = texts.text(TextKind::WillDo, &plan.id, plan.will_do);
        let heard = texts.text(TextKind::Heard, &plan.id, plan.heard);
        let role = w.role(plan.owner.role.map(|r| r.as_str()));
        let mut body = format!(
            "{} {heard}\n{will_do}\n{}, {role} · {} {}\n{status}",
            w.we_heard, plan.owner.name, w.due, plan.due
        );
        if let Some(reason) = &plan.reason {
            body.push_str(&format!("\n{} {reason}", w.why_not));
        }
        for update in plan.updates {
            let said = texts.text(TextKind::Update, &update.id, update.body);
            body.push_str(&format!("\n{} ({}): {said}", update.author, at(update.created_at).to_rfc3339()));
        }
        entries.push(Entry {
            id: format!("{feed_id}#plan-{}", plan.id),
            title: Text::plain(format!("{will_do} ({status})")),
            updated: at(plan.updated_at),
            authors: vec![person(plan.owner.name)],
            links: vec![link(&page_url, "alternate")],
            content: Some(text(body)),
            ..Entry::default()
        });
    }
    let feed = Feed {
        id: feed_id,
        title: Text::plain(title),
        updated: at(updated),
        authors: vec![person(stored.survey.in_language(&language).title().to_owned())],
        links: vec![link(&format!("{page}/feed.atom?lang={language}"), "self"), link(&page_url, "alternate")],
        lang: Some(language),
        entries,
        ..Feed::default()
    };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response())
}

/// A time in milliseconds since 1970, as the feed writes times (RFC 3339, UTC).
fn at(millis: i64) -> FixedDateTime {
    chrono::DateTime::from_timestamp_millis(millis.max(0)).unwrap_or_default().fixed_offset()
}

fn link(href: &str, rel: &str) -> Link {
    Link { href: href.to_owned(), rel: rel.to_owned(), ..Link::default() }
}

fn person(name: String) -> Person {
    Person { name, ..Person::default() }
}

fn text(value: String) -> Content {
    Content { value: Some(value), content_type: Some("text".to_owned()), ..Content::default() }
}
