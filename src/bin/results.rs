//! The results page bundle: brings the interactive parts of the page the server rendered into
//! `main#results` to life (see `hearback_web::results`).

use hearback_web::results::words::FormWords;
use hearback_web::results::{content_for, receipt, Follow, Replies, Respondent, YourAnswers};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

fn main() {
    let Some(main) = document().get_element_by_id("results") else { return };
    let Some(survey) = main.get_attribute("data-survey") else { return };
    let receipt = receipt(&survey);
    if !main.has_attribute("data-missing") {
        enliven(&main, &survey, receipt);
        return;
    }
    // Not in the server's page: what the reader's receipt opens, if anything.
    let Some(receipt) = receipt else { return };
    // Not Leptos's `spawn_local`: its executor starts with the first component mounted.
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(content) = content_for(&survey, &receipt).await {
            main.set_inner_html(&content);
            _ = main.remove_attribute("data-missing");
            enliven(&main, &survey, Some(receipt));
        }
    });
}

/// The page's elements that match `selector`.
fn all(main: &Element, selector: &str) -> Vec<HtmlElement> {
    let Ok(found) = main.query_selector_all(selector) else { return Vec::new() };
    (0..found.length()).filter_map(|i| found.item(i)?.dyn_into().ok()).collect()
}

/// Mounts the follow form in place of the server's copy, and for a respondent their replies
/// under each plan and, last, what they may do with their own answers.
fn enliven(main: &Element, survey: &str, receipt: Option<String>) {
    // The page's words, in its language, as the server wrote them.
    let words = FormWords::read(main.get_attribute("data-words").as_deref());
    let language = document().document_element().and_then(|html| html.get_attribute("lang")).unwrap_or_default();
    for root in all(main, ".follow-root") {
        // What the reader may have typed before the bundle arrived goes on into the live form.
        let typed = root
            .query_selector("input")
            .ok()
            .flatten()
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
        root.set_inner_html("");
        let (survey, language) = (survey.to_owned(), language.clone());
        leptos::mount::mount_to(root.clone(), move || view! { <Follow survey words language typed/> }).forget();
        // Says the form works now (what tests and the page-speed bench wait for).
        _ = root.set_attribute("data-live", "");
    }
    let Some(receipt) = receipt else { return };
    let respondent = Respondent::new(survey.to_owned(), receipt, words);
    respondent.reload();
    for root in all(main, ".plan-extra") {
        let plan = root.get_attribute("data-plan").unwrap_or_default();
        let owner = root.get_attribute("data-owner").unwrap_or_default();
        leptos::mount::mount_to(root, move || view! { <Replies respondent plan owner/> }).forget();
    }
    // After everything else: what they may do with their own answers.
    let root: HtmlElement = document().create_element("div").expect("a div").unchecked_into();
    _ = main.append_child(&root);
    leptos::mount::mount_to(root.clone(), move || view! { <YourAnswers respondent/> }).forget();
    // Come by the widget card's "Download or delete your answers": there at once.
    if document().location().and_then(|l| l.search().ok()).is_some_and(|s| s.contains("yours")) {
        root.scroll_into_view();
    }
}
