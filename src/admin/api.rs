//! The admin app's calls to the admin API (same origin, session cookie, CSRF token on writes).

use gloo_net::http::{Method, RequestBuilder};
use serde_json::Value;

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
            Failure::LoggedOut => "Your session ended; log in again.".into(),
            Failure::Message(message) => message.clone(),
        }
    }
}

pub async fn get(url: &str) -> Result<Value, Failure> {
    call(Method::GET, url, &[], None).await
}

/// A state-changing call, with the session's CSRF token.
pub async fn send(method: Method, url: &str, csrf: &str, body: Option<&Value>) -> Result<Value, Failure> {
    call(method, url, &[("x-csrf-token", csrf)], body).await
}

async fn call(method: Method, url: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Result<Value, Failure> {
    let network = |e: gloo_net::Error| Failure::Message(format!("Hearback could not be reached ({e}); try again."));
    let mut builder = RequestBuilder::new(url).method(method);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(network)?,
        None => builder.build().map_err(network)?,
    };
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    match status {
        200..=299 => Ok(value),
        401 if value["error"]["code"] == "unauthorized" => Err(Failure::LoggedOut),
        _ => Err(Failure::Message(
            value["error"]["message"].as_str().map_or_else(|| format!("The server answered {status}."), str::to_owned),
        )),
    }
}
