//! The widget's dealings with the browser: reading the form, sending a response, talking to the
//! host page. Called from event handlers and effects only, so never during server rendering.

use super::form::{after_failure, AfterFailure, SendFailure};
use hearback_core::{RawAnswer, RawResponse};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{FormData, HtmlFormElement};

thread_local! {
    /// The exact origin of the page that embeds the widget, as checked by the server; messages go
    /// to it alone, never to `*`. `None` when the widget page is opened on its own.
    static HOST_ORIGIN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers the host page's origin for [`tell_host_completed`] and [`report_height`]. An
/// embedded widget never scrolls itself: the host sizes the iframe to it, and a scroll bar would
/// only narrow the form and change the height being reported.
pub fn set_host_origin(origin: Option<String>) {
    if origin.is_some() {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            _ = root.set_attribute("class", "hb-embedded");
        }
    }
    HOST_ORIGIN.with(|o| *o.borrow_mut() = origin);
}

/// Reads the form's current values the way a form post would send them.
pub fn form_field(form: &HtmlFormElement) -> impl Fn(&str) -> Option<String> {
    let data = FormData::new_with_form(form).ok();
    move |name| data.as_ref()?.get(name).as_string()
}

/// The `name` of the control an event came from.
pub fn target_name(ev: &web_sys::Event) -> Option<String> {
    let element = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    element.get_attribute("name")
}

/// Moves keyboard focus to the first control of the first question marked invalid.
pub fn focus_first_invalid(form: &HtmlFormElement) {
    // Effects re-render the marks asynchronously; wait one frame so the marks are in the DOM.
    let form = form.clone();
    leptos::prelude::request_animation_frame(move || {
        let control = form
            .query_selector("[aria-invalid=true] input, textarea[aria-invalid=true]")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(control) = control {
            _ = control.focus();
        }
    });
}

/// The request body for a response. Built with the browser's own `JSON.stringify`: the same JSON
/// serde would write, without serde_json's serializer in the wasm.
pub fn to_json(raw: &RawResponse) -> String {
    let answers = js_sys::Object::new();
    for (question, answer) in &raw.answers {
        let value = match answer {
            RawAnswer::Number(n) => JsValue::from_f64(*n as f64),
            RawAnswer::Text(text) => JsValue::from_str(text),
        };
        _ = js_sys::Reflect::set(&answers, &JsValue::from_str(question), &value);
    }
    let body = js_sys::Object::new();
    _ = js_sys::Reflect::set(&body, &"answers".into(), &answers);
    js_sys::JSON::stringify(&body).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A fresh key for a new set of answers.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// Sends a response, retrying network failures and server trouble with the same key.
/// `Err` carries the message to show the respondent.
pub async fn send_response(survey_id: &str, body: &str, key: &str) -> Result<(), String> {
    let url = format!("/api/v1/surveys/{survey_id}/responses");
    let mut attempt = 1;
    loop {
        let failure = match send_once(&url, body, key).await {
            Ok(()) => return Ok(()),
            Err(failure) => failure,
        };
        match after_failure(attempt, &failure) {
            AfterFailure::RetryIn(ms) => gloo_timers::future::TimeoutFuture::new(ms).await,
            AfterFailure::GiveUp(message) => return Err(message),
        }
        attempt += 1;
    }
}

// Plain `fetch` through web-sys rather than an HTTP client crate: it is all the widget needs and
// keeps streams and I/O error tables out of the wasm.
async fn send_once(url: &str, body: &str, key: &str) -> Result<(), SendFailure> {
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| SendFailure::Network)?;
    let headers = request.headers();
    _ = headers.set("Content-Type", "application/json");
    _ = headers.set("Idempotency-Key", key);
    let window = web_sys::window().ok_or(SendFailure::Network)?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(|_| SendFailure::Network)?.unchecked_into();
    if response.ok() {
        return Ok(());
    }
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    // The API's errors are `{"error":{"code","message"}}`.
    let message = text
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|body| js_sys::Reflect::get(&body, &"error".into()).ok())
        .and_then(|error| js_sys::Reflect::get(&error, &"message".into()).ok())
        .and_then(|message| message.as_string())
        .unwrap_or_default();
    Err(SendFailure::Status { status: response.status(), message })
}

/// Tells the host page the survey was answered (embed.js may close a popover on it).
pub fn tell_host_completed() {
    post_to_host("completed", 0);
}

/// Keeps the host page told of the widget's height whenever it changes: questions marked invalid,
/// the thank-you, or the iframe first shown in a popover that was closed when it loaded.
pub fn watch_height() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(report_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The observer lives as long as the page.
    callback.forget();
}

/// Tells the host page how tall the widget is, so the iframe fits it without a scroll bar.
pub fn report_height() {
    let height = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.scroll_height())
        .unwrap_or(0);
    post_to_host("resize", height);
}

fn post_to_host(kind: &str, height: i32) {
    let Some(origin) = HOST_ORIGIN.with(|o| o.borrow().clone()) else { return };
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let message = js_sys::Object::new();
    _ = js_sys::Reflect::set(&message, &"hearback".into(), &kind.into());
    _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    _ = parent.post_message(&message, &origin);
}
