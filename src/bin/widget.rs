//! The widget bundle: hydrates the survey form the server rendered into `#survey-root`.

use hearback_core::survey::compact::Token;
use hearback_web::widget::{browser, SurveyForm, WidgetData};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let document = document();
    // The server inlines the very data it rendered from, so hydration sees the same markup.
    let Some(data) = document
        .get_element_by_id("survey")
        .and_then(|el| el.text_content())
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .and_then(|list| tokens(list.dyn_into().ok()?))
        .and_then(WidgetData::from_tokens)
    else {
        return;
    };
    let Some(root) = document.get_element_by_id("survey-root") else { return };
    browser::set_host_origin(root.get_attribute("data-host"));
    let root = root.unchecked_into::<web_sys::HtmlElement>();
    leptos::mount::hydrate_from(root, move || view! { <SurveyForm data/> }).forget();
}

/// The page's list of strings and numbers as core's tokens.
fn tokens(list: js_sys::Array) -> Option<Vec<Token>> {
    list.iter()
        .map(|value| match value.as_string() {
            Some(s) => Some(Token::Str(s)),
            None => value.as_f64().map(|n| Token::Num(n as i64)),
        })
        .collect()
}
