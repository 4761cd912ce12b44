//! The page a site tag (`data-site="KEY"`) loads into its iframe, `/site/{key}`: the server
//! picks, among the organisation's live surveys that allow the site, the newest whose audience
//! holds for the visitor and whose pages hold for the host page's path, and sends that survey's
//! widget page, telling its script how to go on: to the next candidate when this one may not
//! ask here (answered, dismissed, sampled out: the widget origin's storage knows), and which
//! survey each event from the page opens. The rules the page script and embed.js read from the
//! page are [`TagOptions`].

use super::{customer_from_query, device_of, html_response, render_survey};
use crate::http::page::{escape_html, new_nonce, preferred_languages};
use crate::http::respond::live_survey;
use crate::http::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hearback_api::audience::{Audience, EventRule, Trigger};
use hearback_core::Origin;
use std::collections::HashMap;

/// What a survey's page tells embed.js and its own script about the tag it runs under.
#[derive(Debug, Default, Clone)]
pub struct TagOptions {
    /// The survey's settings over the tag's, sent with "ready": on a site tag its trigger.
    pub set: serde_json::Map<String, serde_json::Value>,
    /// The events that open a survey, in order: the survey's own, and on a site tag the other
    /// candidates'.
    pub events: Vec<(String, EventRule)>,
    /// The page of the next candidate, for when this survey may not ask the visitor here.
    pub next: Option<String>,
    /// The page that shows another candidate (its id appended), opened at once.
    pub show: Option<String>,
    /// Asked for by an event: opens as soon as it may.
    pub open: bool,
    /// Nothing here may ask by itself (every candidate skipped, or no page rule holds): the page
    /// is there for the button and for events.
    pub silent: bool,
}

impl TagOptions {
    /// The page script's attributes.
    pub fn attributes(&self) -> String {
        let mut said = String::new();
        let mut attribute =
            |name: &str, value: &str| said.push_str(&format!(r#" data-{name}="{}""#, escape_html(value)));
        if !self.set.is_empty() {
            attribute("set", &serde_json::Value::Object(self.set.clone()).to_string());
        }
        if !self.events.is_empty() {
            let events: Vec<_> =
                self.events.iter().map(|(id, e)| serde_json::json!([id, e.name, e.properties])).collect();
            attribute("events", &serde_json::Value::Array(events).to_string());
        }
        for (name, url) in [("next", &self.next), ("show", &self.show)] {
            if let Some(url) = url {
                attribute(name, url);
            }
        }
        if self.open {
            attribute("open", "1");
        }
        said
    }
}

/// Whether a page rule (`exact:/p`, `prefix:/p`, `regex:…`, as embed.js's `data-url` and an
/// audience's `pages`) holds for `path`. A regular expression that does not compile holds for
/// no page.
pub fn pages_hold(rule: &str, path: &str) -> bool {
    match rule.split_once(':') {
        Some(("exact", p)) => path == p,
        Some(("prefix", p)) => path.starts_with(p),
        Some(("regex", pattern)) => compile(pattern).is_ok_and(|r| r.is_match(path)),
        _ => false,
    }
}

/// A page rule's regular expression, of bounded size.
pub fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern).size_limit(1 << 16).build()
}

/// Whether the survey may ask by itself on the host page at `path`: its pages, and the tag's
/// own `data-url`. Without a path (an iframe placed by hand), every page.
pub fn asks_on(audience: &Audience, query: &HashMap<String, String>) -> bool {
    let Some(path) = query.get("path") else { return true };
    [audience.pages.as_ref(), query.get("url")].into_iter().flatten().all(|rule| pages_hold(rule, path))
}

/// The survey's own settings for embed.js on a site tag: its trigger (the tag has none).
fn trigger_settings(audience: &Audience) -> serde_json::Map<String, serde_json::Value> {
    let mut set = serde_json::Map::new();
    set.insert("trigger".into(), audience.trigger.as_str().into());
    match audience.trigger {
        Trigger::Delay => set.insert("delay".into(), audience.delay_seconds.unwrap_or(5).to_string().into()),
        Trigger::Scroll => set.insert("scroll".into(), audience.scroll_percent.unwrap_or(50).to_string().into()),
        _ => None,
    };
    set
}

/// `/site/{key}?host=…&path=…`: the page of the survey a site tag asks on this page, or a
/// blank page when none of the organisation's surveys runs there for this visitor.
pub async fn site_page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let nonce = new_nonce();
    let site = match state.store.site(&key).await {
        Ok(Some(site)) => site,
        Ok(None) => {
            let page = state.widget.message_page(
                "Unknown site tag",
                "No site has this key: copy the tag again from the admin app's Sites.",
                &nonce,
            );
            return html_response(StatusCode::NOT_FOUND, page, &nonce, &[]);
        }
        Err(err) => return crate::http::error::ApiError::from(err).into_response(),
    };
    let origin = Origin::parse(&site.origin).ok();
    if query.get("host").and_then(|h| Origin::parse(h).ok()) != origin {
        let page = state.widget.message_page(
            "Another site's tag",
            "This site tag belongs to another site: add a tag for this one in the admin app.",
            &nonce,
        );
        return html_response(StatusCode::FORBIDDEN, page, &nonce, origin.as_slice());
    }
    let candidates = match state.store.live_audiences(&site.organization_id).await {
        Ok(candidates) => candidates,
        Err(err) => return crate::http::error::ApiError::from(err).into_response(),
    };
    let languages = preferred_languages(query.get("lang").map(String::as_str), &headers);
    let device = device_of(headers.get(axum::http::header::USER_AGENT).and_then(|ua| ua.to_str().ok()).unwrap_or(""));
    // The surveys that may run here for this visitor, in order.
    let mut running = Vec::new();
    for (id, audience) in candidates {
        let Ok(stored) = live_survey(&state, &id).await else { continue };
        if !stored.allowed_origins.iter().any(|o| o.as_str() == site.origin) {
            continue;
        }
        let (attributes, verified) =
            customer_from_query(&stored, &query).map(|(_, c)| (c.attributes, c.verified)).unwrap_or_default();
        let language = hearback_core::text::pick_language(stored.survey.languages(), &languages);
        if audience.admits(&attributes, verified, language, device) {
            running.push((stored, audience));
        }
    }
    if running.is_empty() {
        // Nothing to ask: no "ready", so embed.js shows no button.
        return html_response(StatusCode::OK, String::from("<!doctype html>"), &nonce, origin.as_slice());
    }
    let skipped: Vec<&str> = query.get("skip").map(|s| s.split(',').collect()).unwrap_or_default();
    let asks = |(stored, audience): &(crate::store::StoredSurvey, Audience)| {
        asks_on(audience, &query) && !skipped.contains(&stored.survey.id().as_str())
    };
    let shown =
        query.get("survey").and_then(|s| running.iter().position(|(stored, _)| stored.survey.id().as_str() == s));
    let at = shown.or_else(|| running.iter().position(asks));
    let events = running.iter().filter_map(|(s, a)| Some((s.survey.id().to_string(), a.event.clone()?))).collect();
    let url = |changes: &[(&str, String)], without: &[&str]| {
        let mut q: Vec<(&str, &str)> = query
            .iter()
            .filter(|(k, _)| !without.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        q.extend(changes.iter().map(|(k, v)| (*k, v.as_str())));
        format!("/site/{key}?{}", serde_urlencoded::to_string(q).unwrap_or_default())
    };
    let index = at.unwrap_or(0);
    let (stored, audience) = running.remove(index);
    let id = stored.survey.id().to_string();
    let more = at.is_some() && shown.is_none() && running.iter().skip(index).any(asks);
    let skip = skipped.iter().copied().chain([id.as_str()]).collect::<Vec<_>>().join(",");
    let tag = TagOptions {
        set: trigger_settings(&audience),
        events,
        next: more.then(|| url(&[("skip", skip)], &["skip", "survey", "open"])),
        show: Some(url(&[("open", "1".into()), ("survey", String::new())], &["skip", "survey", "open"])),
        open: shown.is_some() && query.get("open").is_some_and(|o| o == "1"),
        silent: at.is_none(),
    };
    render_survey(&state, stored, audience, &query, &headers, false, tag).await
}
