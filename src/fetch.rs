//! The browser's own `fetch` through web-sys, for the bundles that are server-rendered and must
//! stay small (the widget, the results page): an HTTP client crate would bring streams and I/O
//! error tables into the wasm for a few JSON calls.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the server answered: its status and its body as text.
pub struct Answer {
    pub status: u16,
    pub text: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The message of the API's error shape, `{"error": {"code", "message"}}`, if it is one.
    pub fn error_message(&self) -> Option<String> {
        let body = js_sys::JSON::parse(&self.text).ok()?;
        let error = js_sys::Reflect::get(&body, &"error".into()).ok()?;
        js_sys::Reflect::get(&error, &"message".into()).ok()?.as_string()
    }
}

/// Sends a request with `headers` and, when given, a JSON `body`. `Err` when the server could
/// not be reached at all.
pub async fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Answer, ()> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&body.into());
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ())?;
    if body.is_some() {
        _ = request.headers().set("Content-Type", "application/json");
    }
    for (name, value) in headers {
        _ = request.headers().set(name, value);
    }
    let window = web_sys::window().ok_or(())?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(|_| ())?.unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(Answer { status: response.status(), text })
}
