//! What a reader who answered may do with their own answers, on the results page: download
//! everything they gave (a JSON file, from `GET /api/v1/results/{id}/answers`) and delete it,
//! once asked whether they are sure (`DELETE` of the same). After deleting, the page forgets
//! the receipt: it opens nothing any more.

use super::words::Word;
use super::{call, Respondent};
use leptos::prelude::*;

/// The download and the deletion of a respondent's own answers.
#[component]
pub fn YourAnswers(respondent: Respondent) -> impl IntoView {
    let w = respondent.words;
    let url = move || format!("/api/v1/results/{}/answers", respondent.survey.get_value());
    let said = RwSignal::new(String::new());
    let file = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let gone = RwSignal::new(false);
    let unreachable = w.get(Word::Unreachable);
    let download = move |_| {
        leptos::task::spawn_local(async move {
            match call("GET", &url(), Some(&respondent.receipt.get_value()), None, unreachable).await {
                Ok(json) => {
                    let encoded = js_sys::encode_uri_component(&json).as_string().unwrap_or_default();
                    let href = format!("data:application/json;charset=utf-8,{encoded}");
                    file.set(href.clone());
                    // Saved at once; the link stays, should the browser have held the download.
                    let link = document().create_element("a").expect("an element");
                    _ = link.set_attribute("href", &href);
                    _ = link.set_attribute("download", &format!("answers-{}.json", respondent.survey.get_value()));
                    if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
                        link.click();
                    }
                }
                Err(message) => said.set(message),
            }
        });
    };
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            match call("DELETE", &url(), Some(&respondent.receipt.get_value()), None, unreachable).await {
                Ok(_) => {
                    let key = format!("hb:receipt:{}", respondent.survey.get_value());
                    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                        _ = storage.remove_item(&key);
                    }
                    respondent.replies.set(Vec::new());
                    gone.set(true);
                    said.set(w.get(Word::Deleted).to_owned());
                }
                Err(message) => said.set(message),
            }
        });
    };
    let name = format!("answers-{}.json", respondent.survey.get_value());
    view! {
        <section class="yours" aria-labelledby="yours-heading">
            <h2 id="yours-heading">{w.get(Word::YoursHeading)}</h2>
            <p class="muted">{w.get(Word::YoursNote)}</p>
            <p class="row" hidden=move || gone.get()>
                <button type="button" on:click=download>{w.get(Word::Download)}</button>
                " "
                <button type="button" class="danger" aria-expanded=move || asking.get().to_string() on:click=move |_| asking.set(true)>
                    {w.get(Word::Delete)}
                </button>
                <a class="saved" href=move || file.get() download=name hidden=move || file.get().is_empty()>{name.clone()}</a>
            </p>
            <p class="row" hidden=move || !asking.get() || gone.get()>
                {w.get(Word::DeleteSure)}" "
                <button type="button" class="danger sure" on:click=delete>{w.get(Word::Delete)}</button>
            </p>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}
