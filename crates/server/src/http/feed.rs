//! `GET /r/{survey}/feed.atom`: a public publication as an Atom feed, for people and tools that
//! prefer feeds: the summary as one entry and each action plan as another, updated whenever the
//! plan moves. Written by `atom_syndication`, which escapes every text; everything is plain text.

use super::error::ApiError;
use super::AppState;
use crate::store::publications::Visibility;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let not_published = || ApiError::ResultsNotPublished(id.clone());
    let stored = state.store.survey(&id).await?.ok_or_else(not_published)?;
    let publication = state
        .store
        .publication(&id)
        .await?
        .filter(|p| p.unpublished_at.is_none() && p.visibility == Visibility::Public)
        .ok_or_else(not_published)?;
    let page_url = format!("{}/r/{id}", super::public_base(&state.config, &headers));
    let plans = state.store.plans(&id).await?;
    let updated = plans.iter().map(|p| p.updated_at).max().unwrap_or(0).max(publication.published_at);
    let title = format!("What we heard, and what we will do: {}", stored.survey.title());
    let mut entries = vec![Entry {
        id: format!("{page_url}#summary"),
        title: Text::plain(title.clone()),
        updated: at(publication.published_at),
        links: vec![link(&page_url, "alternate")],
        content: Some(text(publication.summary)),
        ..Entry::default()
    }];
    for plan in plans {
        let status = plan.status.as_str().replace('_', " ");
        let mut body = format!(
            "We heard: {}\nWe will do: {}\nOwner: {}\nDue: {}\nStatus: {status}",
            plan.heard, plan.will_do, plan.owner.name, plan.due
        );
        if let Some(reason) = &plan.reason {
            body.push_str(&format!("\nWhy not: {reason}"));
        }
        for update in &plan.updates {
            body.push_str(&format!("\n{} ({}): {}", update.author, at(update.created_at).to_rfc3339(), update.body));
        }
        entries.push(Entry {
            id: format!("{page_url}#plan-{}", plan.id),
            title: Text::plain(format!("{} ({status})", plan.will_do)),
            updated: at(plan.updated_at),
            authors: vec![person(plan.owner.name)],
            links: vec![link(&page_url, "alternate")],
            content: Some(text(body)),
            ..Entry::default()
        });
    }
    let feed = Feed {
        id: page_url.clone(),
        title: Text::plain(title),
        updated: at(updated),
        authors: vec![person(stored.survey.title().to_owned())],
        links: vec![link(&format!("{page_url}/feed.atom"), "self"), link(&page_url, "alternate")],
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
