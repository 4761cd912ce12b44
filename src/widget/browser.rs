//! The widget's dealings with the browser: reading the form, sending a response, talking to the
//! host page. Called from event handlers and effects only, so never during server rendering.

use super::form::{after_failure, AfterFailure, SendFailure};
use super::strings::Strings;
use hearback_core::{RawAnswer, RawResponse};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{FormData, HtmlFormElement};

thread_local! {
    /// The exact origin of the page that embeds the widget, as checked by the server; messages go
    /// to it alone, never to `*`. `None` when the widget page is opened on its own.
    static HOST_ORIGIN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers the host page's origin for [`tell_host_completed`]. (The page's own script, which
/// runs before the wasm, sizes the iframe and marks the page embedded.)
pub fn set_host_origin(origin: Option<String>) {
    HOST_ORIGIN.with(|o| *o.borrow_mut() = origin);
}

/// Reads the form's current values the way a form post would send them: every value of a field.
pub fn form_fields(form: &HtmlFormElement) -> impl Fn(&str) -> Vec<String> {
    let data = FormData::new_with_form(form).ok();
    move |name| match &data {
        Some(data) => data.get_all(name).iter().filter_map(|v| v.as_string()).collect(),
        None => Vec::new(),
    }
}

/// One respondent's response on this site: its key, the number of its last save, kept in the
/// widget origin's storage (which browsers keep apart per host site) so a respondent who comes
/// back continues the same response. The page's inline script puts saved answers back into the
/// form before the wasm arrives.
#[derive(Debug, Clone)]
pub struct Session {
    survey: String,
    key: String,
    sequence: u32,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_key(survey: &str) -> String {
    format!("hb:{survey}")
}

impl Session {
    /// The unfinished response saved on this site, or a new one.
    pub fn resume(survey: &str) -> Session {
        let saved = storage()
            .and_then(|s| s.get_item(&storage_key(survey)).ok().flatten())
            .and_then(|json| js_sys::JSON::parse(&json).ok());
        let field = |name: &str| saved.as_ref().and_then(|o| js_sys::Reflect::get(o, &name.into()).ok());
        match (field("key").and_then(|k| k.as_string()), field("seq").and_then(|n| n.as_f64())) {
            (Some(key), Some(sequence)) => Session { survey: survey.to_owned(), key, sequence: sequence as u32 },
            _ => Session { survey: survey.to_owned(), key: new_idempotency_key(), sequence: 0 },
        }
    }

    /// The number for the next save.
    pub fn next_save(&mut self) -> u32 {
        self.sequence += 1;
        self.sequence
    }

    /// Keeps the form's current values with the key, to put back on the next visit.
    pub fn remember(&self, form: &HtmlFormElement) {
        let Ok(data) = FormData::new_with_form(form) else { return };
        let state = js_sys::Object::new();
        _ = js_sys::Reflect::set(&state, &"key".into(), &self.key.as_str().into());
        _ = js_sys::Reflect::set(&state, &"seq".into(), &self.sequence.into());
        _ = js_sys::Reflect::set(&state, &"fields".into(), &js_sys::Array::from(&data));
        self.store(&state);
    }

    /// The response is finished: forget its answers, remember when (for "don't ask again"),
    /// and keep its key apart as the respondent's receipt (the page script links the results
    /// with it).
    pub fn finish(&self) {
        let state = js_sys::Object::new();
        _ = js_sys::Reflect::set(&state, &"done".into(), &js_sys::Date::now().into());
        self.store(&state);
        if let Some(storage) = storage() {
            _ = storage.set_item(&(storage_key(&self.survey) + ":r"), &self.key);
        }
    }

    fn store(&self, state: &js_sys::Object) {
        let json = js_sys::JSON::stringify(state).ok().and_then(|s| s.as_string());
        if let (Some(storage), Some(json)) = (storage(), json) {
            // Storage may be full or refused (private browsing): answering still works.
            _ = storage.set_item(&storage_key(&self.survey), &json);
        }
    }
}

/// The `name` of the control an event came from.
pub fn target_name(ev: &web_sys::Event) -> Option<String> {
    let element = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    element.get_attribute("name")
}

/// The survey's form on the page (the widget page holds one). Found in the page rather than held
/// by a node reference, which would cost the wasm a reference type of its own.
pub fn survey_form() -> Option<HtmlFormElement> {
    leptos::prelude::document().query_selector("form.hb-survey").ok()??.dyn_into().ok()
}

/// Marks the text box of question `id` (if it has one) as invalid or not.
pub fn mark_invalid(id: &str, invalid: bool) {
    let Some(control) = leptos::prelude::document().get_element_by_id(id) else { return };
    _ = match invalid {
        true => control.set_attribute("aria-invalid", "true"),
        false => control.remove_attribute("aria-invalid"),
    };
}

/// Moves keyboard focus to the first element of the page that `selector` finds, once the view
/// has caught up with the state (one frame later).
fn focus_soon(selector: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let element = leptos::prelude::document().query_selector(selector).ok().flatten();
        if let Some(element) = element.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            _ = element.focus();
        }
    });
}

/// Moves keyboard focus to the first control of the first question marked invalid.
pub fn focus_first_invalid() {
    focus_soon("[aria-invalid=true] input, [aria-invalid=true] textarea");
}

/// Moves keyboard focus to the thanks once the answers are stored.
pub fn focus_thanks() {
    focus_soon(".hb-thanks h2");
}

/// The request body for a save of a response. Built with the browser's own `JSON.stringify`:
/// the same JSON serde would write, without serde_json's serializer in the wasm.
pub fn to_json(raw: &RawResponse, complete: bool, sequence: u32, customer: Option<&str>, language: &str) -> String {
    let set = |object: &js_sys::Object, key: &str, value: &JsValue| {
        _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
    };
    let answers = js_sys::Object::new();
    for (question, answer) in &raw.answers {
        let value = match answer {
            RawAnswer::Number(n) => JsValue::from_f64(*n as f64),
            RawAnswer::Bool(b) => JsValue::from_bool(*b),
            RawAnswer::Text(text) => JsValue::from_str(text),
            RawAnswer::List(items) => items.iter().map(|i| JsValue::from_str(i)).collect::<js_sys::Array>().into(),
            RawAnswer::Map(rows) => {
                let map = js_sys::Object::new();
                for (row, column) in rows {
                    set(&map, row, &JsValue::from_str(column));
                }
                map.into()
            }
        };
        set(&answers, question, &value);
    }
    let other = js_sys::Object::new();
    for (question, text) in &raw.other {
        set(&other, question, &JsValue::from_str(text));
    }
    let body = js_sys::Object::new();
    set(&body, "answers", &answers);
    set(&body, "other", &other);
    set(&body, "complete", &JsValue::from_bool(complete));
    set(&body, "sequence", &JsValue::from_f64(f64::from(sequence)));
    set(&body, "language", &JsValue::from_str(language));
    if let Some(customer) = customer.and_then(|c| js_sys::JSON::parse(c).ok()) {
        set(&body, "customer", &customer);
    }
    js_sys::JSON::stringify(&body).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A fresh key for a new response.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// Saves a response under its key, retrying network failures and server trouble with the very
/// same request. `Err` carries the message to show the respondent.
pub async fn save(session: &Session, body: String, strings: Strings) -> Result<(), String> {
    let url = format!("/api/v1/surveys/{}/responses/{}", session.survey, session.key);
    let mut attempt = 1;
    loop {
        let failure = match send_once(&url, &body).await {
            Ok(()) => return Ok(()),
            Err(failure) => failure,
        };
        match after_failure(attempt, &failure, &strings) {
            AfterFailure::RetryIn(ms) => gloo_timers::future::TimeoutFuture::new(ms).await,
            AfterFailure::GiveUp(message) => return Err(message),
        }
        attempt += 1;
    }
}

async fn send_once(url: &str, body: &str) -> Result<(), SendFailure> {
    let answer = crate::fetch::send("PUT", url, &[], Some(body)).await.map_err(|_| SendFailure::Network)?;
    if answer.ok() {
        return Ok(());
    }
    Err(SendFailure::Status { status: answer.status, message: answer.error_message().unwrap_or_default() })
}

/// Tells the host page the survey was answered (embed.js may close a popover on it).
pub fn tell_host_completed() {
    let Some(origin) = HOST_ORIGIN.with(|o| o.borrow().clone()) else { return };
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let message = js_sys::Object::new();
    _ = js_sys::Reflect::set(&message, &"hearback".into(), &"completed".into());
    _ = parent.post_message(&message, &origin);
}
