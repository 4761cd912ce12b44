//! The admin app's calls to the admin API (same origin, session cookie, CSRF token on writes),
//! read into the `hearback_api` contract's types.

use super::i18n::*;
use super::page_words::fill;
use super::words::current;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::marker::PhantomData;
use wasm_bindgen::JsValue;

/// Why a call did not succeed, in words for the person using the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Not logged in (or the session ended).
    LoggedOut,
    Message(String),
}

impl Failure {
    pub fn text(&self) -> String {
        match self {
            Failure::LoggedOut => td_string!(current(), api.session_ended).into(),
            Failure::Message(message) => message.clone(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for Failure {}

pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    call(Method::GET, url, &[], None).await
}

/// A state-changing call, with the session's CSRF token.
pub async fn send<T: DeserializeOwned>(
    method: Method,
    url: &str,
    csrf: &str,
    body: Option<&Value>,
) -> Result<T, Failure> {
    call(method, url, &[("x-csrf-token", csrf)], body).await
}

/// What `url` answers, read again whenever `version` moves or the URL changes (`None`: nothing
/// to read yet), for a `<Transition>` and an `<ErrorBoundary>`. An ended session is told to the
/// app, which sends the person to log in.
pub fn resource<T: DeserializeOwned + 'static>(
    url: impl Fn() -> Option<String> + 'static,
    version: RwSignal<u32>,
) -> Fetched<T> {
    Fetched { text: text_resource(Box::new(url), version), read: PhantomData }
}

/// The resource behind every [`Fetched`]: not generic (the URL's function boxed), so the
/// resource's reactive machinery and its future are compiled once, not once per page.
fn text_resource(
    url: Box<dyn Fn() -> Option<String>>,
    version: RwSignal<u32>,
) -> LocalResource<Option<Result<String, Failure>>> {
    let session = expect_context::<super::app::Session>();
    LocalResource::new(move || {
        version.track();
        let url = url();
        async move {
            let result = call_text(Method::GET, &url?, &[], None).await;
            if matches!(result, Err(Failure::LoggedOut)) {
                session.0.set(Some(None));
            }
            Some(result)
        }
    })
}

/// A page's data: the answer's text is the resource (one kind of resource for every page, not
/// one per type: each costs the bundle its own copy of the reactive machinery), read as `T`.
pub struct Fetched<T> {
    text: LocalResource<Option<Result<String, Failure>>>,
    read: PhantomData<fn() -> T>,
}

impl<T> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetched<T> {}

impl<T: DeserializeOwned> Fetched<T> {
    /// The data (tracked): `None` until the first answer, then what it reads as.
    pub fn get(&self) -> Option<Result<T, Failure>> {
        self.text.get().flatten().map(|text| text.and_then(|text| parse(&text)))
    }
}

async fn call<T: DeserializeOwned>(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Result<T, Failure> {
    parse(&call_text(method, url, headers, body).await?)
}

/// A body read as `T`; no content reads as JSON `null` (a `Value`, an `Option` or `()`).
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_json::from_str(if text.is_empty() { "null" } else { text })
        .map_err(|e| Failure::Message(fill(td_string!(current(), api.not_understood), &[("e", &e)])))
}

/// A state-changing call whose body is not JSON (a file, sent as the browser reads it), with the
/// session's CSRF token.
pub async fn upload<T: DeserializeOwned>(
    url: &str,
    csrf: &str,
    content_type: &str,
    body: JsValue,
) -> Result<T, Failure> {
    let builder =
        RequestBuilder::new(url).method(Method::POST).header("x-csrf-token", csrf).header("content-type", content_type);
    let request = builder.body(body).map_err(network)?;
    parse(&answer_text(request.send().await.map_err(network)?).await?)
}

fn network(e: gloo_net::Error) -> Failure {
    Failure::Message(fill(td_string!(current(), api.unreachable), &[("e", &e)]))
}

/// The text of a successful answer, or why there is none.
async fn call_text(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Result<String, Failure> {
    let mut builder = RequestBuilder::new(url).method(method);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(network)?,
        None => builder.build().map_err(network)?,
    };
    answer_text(request.send().await.map_err(network)?).await
}

/// What an answer says: its text when it succeeded, else why it did not.
async fn answer_text(response: gloo_net::http::Response) -> Result<String, Failure> {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(text);
    }
    match serde_json::from_str::<hearback_api::ErrorBody>(&text).ok().map(|body| body.error) {
        Some(error) if status == 401 && error.code == "unauthorized" => Err(Failure::LoggedOut),
        Some(error) => Err(Failure::Message(error.message)),
        None => Err(Failure::Message(fill(td_string!(current(), api.status), &[("status", &status)]))),
    }
}
