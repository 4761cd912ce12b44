//! What the pages of a survey the server steps through carry instead of the wasm (see
//! [`hearback_core::Survey::server_stepped`]): Trunk's page without its bundle, the steps script
//! (`widget_steps.js`: rankings chosen in order or dragged, the receipt on the thank-you) and the
//! few styles of the kinds only these pages show.

use super::super::error::ApiError;
use super::super::page::new_nonce;
use super::super::respond::{invalid_response, is_response_key, save_keyed, KeyedSave};
use super::super::AppState;
use crate::identity::Customer;
use crate::store::{Save, StoredSurvey};
use hearback_core::{Completion, InvalidResponse, QuestionKind, RawResponse, Response, ResponseError, Survey};
use hearback_web::widget::form;
use hearback_web::widget::strings::{rare_strings, Strings};

/// Served minified when the front-end build left `steps.min.js` beside the widget page.
pub(super) const STEPS_SCRIPT: &str = include_str!("../widget_steps.js");

/// The ranking's items and the date field, in the page (the widget's stylesheet, which every
/// survey loads, stays without them); and no progress bar, which only the wasm keeps up to date.
pub(super) const STYLE: &str = ".hb-progress{display:none}.hb-ranks{padding-inline-start:1.5em;margin:0}.hb-place label{display:flex;gap:.5em;align-items:center;margin:.25em 0}.hb-rank-items{list-style:none;padding:0;margin:0}.hb-rank-items li{margin:.25em 0}.hb-rank-items button{display:flex;gap:.6em;align-items:center;width:100%;text-align:start;padding:.5em .6em;border:1px solid var(--hb-border,#8a8a8a);border-radius:6px;background:transparent;color:inherit;font:inherit;cursor:grab}.hb-rank-items button[aria-pressed=true]{border-color:var(--hb-accent,#2563eb);border-width:2px}.hb-rank{display:inline-grid;place-items:center;min-width:1.6em;height:1.6em;border-radius:50%;border:1px solid currentColor;font-weight:600}.hb-date input,.hb-place select{font:inherit;padding:.4em}.hb-pictures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.6em}.hb-picture{display:flex;flex-direction:column;gap:.3em;padding:.4em;border:1px solid var(--hb-border,#8a8a8a);border-radius:6px;cursor:pointer}.hb-picture img{width:100%;aspect-ratio:4/3;object-fit:cover;border-radius:4px}.hb-picture:has(input:checked){border-color:var(--hb-accent,#2563eb);border-width:2px}.hb-detail{display:flex;flex-direction:column;gap:.2em;margin:.4em 0}.hb-detail input{font:inherit;padding:.4em;background:transparent;color:inherit;border:1px solid var(--hb-border,#8a8a8a);border-radius:6px}.hb-cta{display:inline-block;padding:.5em 1em;border-radius:6px;border:2px solid currentColor;font-weight:600}";

/// The problems of a plain form post as the page marks them, in the respondent's language: the
/// widget's words, and for the kinds the server renders alone their own.
pub(super) fn errors(
    survey: &Survey,
    invalid: &InvalidResponse,
    strings: &Strings,
    language: &str,
) -> Vec<(String, String)> {
    let mut errors = form::field_errors(invalid, strings);
    let rare = rare_strings(language);
    for ((question, problem), (_, message)) in invalid.problems.iter().zip(errors.iter_mut()) {
        let kind = question.as_deref().and_then(|q| survey.question(q)).map(|q| q.kind.kind());
        let ranking = kind == Some(hearback_core::kind::Kind::Ranking);
        match problem {
            ResponseError::BadAddress if kind == Some(hearback_core::kind::Kind::ContactDetails) => {
                *message = rare.bad_email.to_owned()
            }
            ResponseError::Rare(problem) => {
                if let Some(said) = rare.problem(problem) {
                    *message = said;
                }
            }
            ResponseError::RepeatedChoice(_) if ranking => *message = rare.rank_once.to_owned(),
            _ => {}
        }
    }
    errors
}

/// Saves a stepped survey's pages as they are posted, under the page's key: each page on the
/// way (an abandoned survey keeps what was answered, as the widget's saves do), then the whole
/// response finished, which makes the key the respondent's receipt. A post whose key is not one
/// of our pages' gets a key of its own.
pub(super) async fn save_page(
    state: &AppState,
    stored: &StoredSurvey,
    key: Option<&str>,
    raw: &RawResponse,
    customer: &Customer,
    complete: bool,
) -> Result<(String, KeyedSave), ApiError> {
    let key = key.filter(|k| is_response_key(k)).map_or_else(new_nonce, str::to_owned);
    let completion = if complete { Completion::Complete } else { Completion::Partial };
    let response = Response::parse_with(&stored.survey, raw, &customer.known(), completion)
        .and_then(|r| r.in_language(&stored.survey, raw.language.clone()))
        .map_err(invalid_response)?;
    let sequence = crate::store::now_millis();
    let save = Save { key: &key, response: &response, complete, sequence, customer };
    let saved = save_keyed(state, stored, save).await?;
    Ok((key, saved))
}

/// A survey page's policy with the origins of its pictures let in as images (only those; the
/// widget's own pages allow none but their own).
pub fn with_images(mut response: axum::response::Response, survey: &Survey) -> axum::response::Response {
    let mut origins: Vec<String> = survey
        .questions()
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Rare(rare) => Some(rare.image_origins()),
            _ => None,
        })
        .flatten()
        .collect();
    origins.sort();
    origins.dedup();
    if origins.is_empty() {
        return response;
    }
    let header = axum::http::header::CONTENT_SECURITY_POLICY;
    let policy = response.headers().get(&header).and_then(|p| p.to_str().ok()).unwrap_or_default();
    let widened = policy.replacen("img-src 'self' data:", &format!("img-src 'self' data: {}", origins.join(" ")), 1);
    if let Ok(value) = axum::http::HeaderValue::from_str(&widened) {
        response.headers_mut().insert(header, value);
    }
    response
}

/// What a stepped survey's thank-you tells its script: the survey (whose receipt it keeps), the
/// host page to fit (one the survey allows), the company whose survey fatigue the answer starts.
pub(super) fn thanks_attributes(
    survey: &Survey,
    host: Option<&hearback_core::Origin>,
    company: Option<&str>,
) -> String {
    let escape = super::super::page::escape_html;
    let mut attributes = format!(r#" data-survey="{}""#, survey.id());
    if let Some(host) = host {
        attributes.push_str(&format!(r#" data-host="{}""#, escape(host.as_str())));
    }
    if let Some(company) = company {
        attributes.push_str(&format!(r#" data-company="{}""#, escape(company)));
    }
    attributes
}

/// Trunk's head without the bundle: its module script and the preloads of the script and wasm.
pub(super) fn without_bundle(head: &str) -> String {
    let mut kept = String::with_capacity(head.len());
    let mut rest = head;
    loop {
        let script = rest.find(r#"<script type="module""#);
        let link =
            rest.find(r#"<link rel="modulepreload""#).into_iter().chain(rest.find(r#"<link rel="preload""#)).min();
        let (start, end) = match (script, link) {
            (Some(s), l) if l.is_none_or(|l| s < l) => {
                (s, rest[s..].find("</script>").map(|e| s + e + "</script>".len()))
            }
            (_, Some(l)) => (l, rest[l..].find('>').map(|e| l + e + 1)),
            _ => break,
        };
        let Some(end) = end else { break };
        kept.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_is_taken_out_of_trunks_head_and_nothing_else() {
        let head = r#"<link rel="stylesheet" href="/a.css"/><script type="module" nonce="N">import init from '/w.js';
await init();</script><link rel="modulepreload" nonce="N" href="/w.js" crossorigin="anonymous"><link rel="preload" nonce="N" href="/w.wasm" as="fetch" type="application/wasm"><meta name="x">"#;
        assert_eq!(without_bundle(head), r#"<link rel="stylesheet" href="/a.css"/><meta name="x">"#);
        assert_eq!(without_bundle("<title>x</title>"), "<title>x</title>");
    }
}
