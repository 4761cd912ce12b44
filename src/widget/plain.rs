//! The survey as a plain HTML form, for browsers without JavaScript (or with the wasm blocked
//! by a proxy): answered page by page, each post checked by the server with the same core code.
//!
//! The server renders the form with a [`PlainForm`] in context: the answers posted so far
//! (filled back in), problems with them, and hidden fields the post carries back (an idempotency
//! key, which questions this page showed, the page's language and the customer details). The
//! browser never sees a [`PlainForm`]: its functions here do nothing in the wasm.

use hearback_core::{Known, RawResponse, Survey};
use std::collections::BTreeMap;

/// What the server knows about a plain form page it renders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlainForm {
    /// Sent back with the post, so posting the same answers twice stores one response.
    pub key: String,
    /// The fields as last posted, filled back in when the form is shown again.
    pub fields: BTreeMap<String, Vec<String>>,
    /// Problems with that post, by question id.
    pub errors: Vec<(String, String)>,
    /// Why the form is shown again: more questions, or problems.
    pub message: Option<String>,
    /// The host page the survey is framed by (one the company allowed), carried from page to
    /// page so that each keeps telling it its height.
    pub host: Option<String>,
    /// When the first page was made, signed by the server (it turns away posts made faster than
    /// a person answers); empty on pages that do not check.
    pub started: String,
}

/// Hidden field names; they start with `_`, which no question id can.
pub const KEY: &str = "_key";
pub const SEEN: &str = "_seen";
pub const LANGUAGE: &str = "_lang";
pub const CUSTOMER: &str = "_customer";
pub const HOST: &str = "_host";
pub const STARTED: &str = "_started";
/// A text field people never see (nor hear: it is `hidden`), which programs that fill in every
/// field fill in.
pub const HONEYPOT: &str = "_website";

impl PlainForm {
    /// The first value posted for a field.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(|values| values.first()).map(String::as_str)
    }

    /// Every value posted for a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// The ids of the questions the posted page showed; `None` for a post that did not come from
    /// one of our pages (it is taken as it is).
    pub fn seen(&self) -> Option<Vec<&str>> {
        self.first(SEEN).map(|s| s.split(',').filter(|id| !id.is_empty()).collect())
    }
}

impl PlainForm {
    /// A fresh page's form: questions that take their answer from a customer attribute
    /// (`customer_field`, not skipped) start with the attribute's value, which the respondent
    /// sees and may change.
    pub fn new(key: String, survey: &Survey, attributes: &Known) -> PlainForm {
        let mut fields = BTreeMap::new();
        for question in survey.questions() {
            let value = question.customer_field.as_ref().and_then(|field| attributes.get(field));
            if let (Some(value), false) = (value, question.skip_if_known) {
                fields.insert(question.id.to_string(), vec![value.clone()]);
            }
        }
        PlainForm { key, fields, ..PlainForm::default() }
    }
}

/// The plain form being rendered, on the server; never in the browser.
pub fn form() -> Option<PlainForm> {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<PlainForm>();
    #[cfg(not(feature = "ssr"))]
    None
}

/// The answers posted so far, as a response (empty in the browser).
pub fn posted(plain: Option<&PlainForm>, survey: &Survey, known: &Known) -> RawResponse {
    match plain {
        Some(plain) if cfg!(feature = "ssr") => super::form::raw_response(survey, known, |name| plain.all(name)),
        _ => RawResponse::default(),
    }
}

/// The hidden fields of a plain form page, as HTML (empty in the browser, which hydrates around
/// them).
pub fn inputs(plain: Option<&PlainForm>, survey: &Survey, asked: &[bool], customer: Option<&str>) -> String {
    #[cfg(feature = "ssr")]
    if let Some(plain) = plain {
        let seen: Vec<&str> =
            survey.questions().iter().zip(asked).filter(|(_, asked)| **asked).map(|(q, _)| q.id.as_str()).collect();
        let mut fields =
            vec![(KEY, plain.key.clone()), (SEEN, seen.join(",")), (LANGUAGE, survey.languages()[0].clone())];
        if let Some(customer) = customer {
            fields.push((CUSTOMER, customer.to_owned()));
        }
        if let Some(host) = &plain.host {
            fields.push((HOST, host.clone()));
        }
        if !plain.started.is_empty() {
            fields.push((STARTED, plain.started.clone()));
        }
        let hidden: String = fields
            .into_iter()
            .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, escape_attribute(&value)))
            .collect();
        let honeypot = format!(
            r#"<div hidden><label>Website <input name="{HONEYPOT}" autocomplete="off" tabindex="-1"></label></div>"#
        );
        return hidden + &honeypot;
    }
    let _ = (plain, survey, asked, customer);
    String::new()
}

/// The survey as this page shows it: what its texts recall filled in (earlier answers from the
/// pages posted so far, the customer's attributes), and in `asked`, questions that recall an
/// answer given on this same page (or one marked wrong) held back for the next one. Unchanged in
/// the browser.
pub fn recalled(
    plain: Option<&PlainForm>,
    survey: Survey,
    posted: &RawResponse,
    known: &Known,
    asked: &mut [bool],
) -> Survey {
    #[cfg(feature = "ssr")]
    if let Some(plain) = plain {
        let seen = plain.seen().unwrap_or_default();
        // As logic asks them: a question held back holds back those that recall it in turn.
        let by_logic = asked.to_vec();
        for (at, question) in survey.questions().iter().enumerate() {
            let texts = std::iter::once(&question.prompt).chain(question.help.as_ref());
            let waits =
                texts.flat_map(|t| hearback_core::recall::pieces(t.as_str()).unwrap_or_default()).any(|piece| {
                    let hearback_core::recall::Piece::Recall(reference) = piece else { return false };
                    let hearback_core::recall::Source::Answer(source) = reference.source else { return false };
                    let shown_here =
                        survey.questions().iter().position(|q| q.id.as_str() == source).is_some_and(|i| by_logic[i]);
                    let marked = plain.errors.iter().any(|(q, _)| q == source);
                    shown_here && (!seen.contains(&source) || marked)
                });
            if waits {
                asked[at] = false;
            }
        }
        let strings = super::strings::for_language(&survey.languages()[0]);
        let yes_no = (strings.get(super::strings::Msg::Yes), strings.get(super::strings::Msg::No));
        let answer = |id: &str| survey.question(id).and_then(|q| hearback_core::recall::answer_of(q, posted, yes_no));
        return survey.recalled(answer, |name| known.get(name).cloned());
    }
    let _ = (plain, posted, known, asked);
    survey
}

#[cfg(feature = "ssr")]
fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn customer_attributes_prefill_their_questions_unless_those_are_skipped() {
        let survey: Survey = serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[
                {"id":"plan","kind":"single_choice","prompt":"Plan?","customer_field":"plan",
                 "choices":[{"id":"free","label":"Free"},{"id":"pro","label":"Pro"}]},
                {"id":"country","kind":"short_text","prompt":"Country?","customer_field":"country","skip_if_known":true},
                {"id":"nps","kind":"nps","prompt":"Recommend?"}]}"#,
        )
        .unwrap();
        let attributes = [
            ("plan".to_owned(), "pro".to_owned()),
            ("country".to_owned(), "CH".to_owned()),
            ("nps".to_owned(), "10".to_owned()),
        ]
        .into_iter()
        .collect();
        let form = PlainForm::new("k".into(), &survey, &attributes);
        assert_eq!(form.fields, BTreeMap::from([("plan".to_owned(), vec!["pro".to_owned()])]));
        assert_eq!(form.key, "k");
        assert_eq!(PlainForm::new("k".into(), &survey, &Known::new()).fields, BTreeMap::new());
    }

    #[test]
    fn a_post_from_elsewhere_has_no_seen_list() {
        let mut form = PlainForm::default();
        assert_eq!(form.seen(), None);
        form.fields.insert(SEEN.into(), vec!["a,b".into()]);
        assert_eq!(form.seen(), Some(vec!["a", "b"]));
    }
}
