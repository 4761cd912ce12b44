//! The widget bundle: hydrates the survey form the server rendered into `#survey-root`.

use hearback_core::survey::RawSurvey;
use hearback_web::widget::{browser, SurveyForm, WidgetData};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    let document = document();
    // The server inlines the very data it rendered from, so hydration sees the same markup.
    let Some(data) = document
        .get_element_by_id("survey")
        .and_then(|el| el.text_content())
        .and_then(|json| serde_json::from_str::<WidgetData<RawSurvey>>(&json).ok())
        .and_then(WidgetData::parse)
    else {
        return;
    };
    let Some(root) = document.get_element_by_id("survey-root") else { return };
    browser::set_host_origin(root.get_attribute("data-host"));
    let root = root.unchecked_into::<web_sys::HtmlElement>();
    leptos::mount::hydrate_from(root, move || view! { <SurveyForm data/> }).forget();
}
