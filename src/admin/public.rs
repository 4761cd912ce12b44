//! The public results page `/r/{survey}`: what the company heard, what it will do and who answers
//! for it, with the results as published. No login; the same view is the editors' preview.
//!
//! A respondent arrives from the widget's thank-you or its "You said, we did" card with their
//! receipt in the address's fragment (`#receipt=…`). The page keeps it in this origin's storage,
//! takes it out of the address bar, and shows it with its requests: it opens results published
//! for respondents, lets them reply to a plan, and shows the answers to their own replies.

use super::api::{self, Failure};
use super::charts;
use super::report::PublicView;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

/// The respondent's receipt for a survey: from the link they came by, or kept from an earlier
/// visit.
fn receipt(survey: &str) -> Option<String> {
    let window = web_sys::window()?;
    let storage = window.local_storage().ok().flatten();
    let key = format!("hb:receipt:{survey}");
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    if let Some(raw) = hash.strip_prefix("#receipt=").filter(|r| !r.is_empty()) {
        let receipt = js_sys::decode_uri_component(raw).ok()?.as_string()?;
        if let Some(storage) = &storage {
            _ = storage.set_item(&key, &receipt);
        }
        // Out of the address bar and the history: a shared link or a screenshot does not carry it.
        let path = location.pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        return Some(receipt);
    }
    storage?.get_item(&key).ok().flatten()
}

/// What a reader who answered the survey has here: their receipt and their replies so far.
#[derive(Clone, Copy)]
pub struct Respondent {
    receipt: StoredValue<String>,
    replies: RwSignal<Vec<Value>>,
    survey: StoredValue<String>,
}

impl Respondent {
    fn reload(self) {
        let url = format!("/api/v1/results/{}/replies", self.survey.get_value());
        let receipt = self.receipt.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::as_respondent(Method::GET, &url, Some(&receipt), None).await {
                self.replies.set(found["replies"].as_array().cloned().unwrap_or_default());
            }
        });
    }
}

enum Loaded {
    Page(Value),
    /// Not published (yet): what the respondent's receipt tells of it.
    Promised(Value),
    Missing,
}

#[component]
pub fn PublicResults() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = RwSignal::new(None::<Loaded>);
    let held = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let id = id();
        let receipt = receipt(&id);
        held.set_value(receipt.clone());
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/results/{id}");
            let loaded = match api::as_respondent(Method::GET, &url, receipt.as_deref(), None).await {
                Ok(page) => Loaded::Page(page),
                Err(Failure::LoggedOut) => Loaded::Missing,
                Err(_) => match &receipt {
                    Some(receipt) => {
                        let url = format!("/api/v1/results/{id}/receipt");
                        match api::as_respondent(Method::GET, &url, Some(receipt), None).await {
                            Ok(told) => Loaded::Promised(told),
                            Err(_) => Loaded::Missing,
                        }
                    }
                    None => Loaded::Missing,
                },
            };
            data.set(Some(loaded));
            // The server's first paint of the page steps aside for the app's.
            if let Some(first) = document().get_element_by_id("prerendered") {
                first.remove();
            }
        });
    });
    let respondent = move || {
        held.get_value().map(|receipt| {
            let respondent = Respondent {
                receipt: StoredValue::new(receipt),
                replies: RwSignal::new(Vec::new()),
                survey: StoredValue::new(id()),
            };
            respondent.reload();
            respondent
        })
    };
    view! {
        <main class="public">
            {move || data.with(|loaded| match loaded {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(Loaded::Missing) => view! {
                    <h1>"Not published"</h1>
                    <p>"There are no published results at this address (yet, or any more)."</p>
                }.into_any(),
                Some(Loaded::Promised(told)) => {
                    let title = told["title"].as_str().unwrap_or_default().to_owned();
                    let promise = match told["publish_by"].as_str() {
                        Some(day) => format!("They are promised by {day}."),
                        None => "The company has not set a date yet.".to_owned(),
                    };
                    view! {
                        <header class="public-head">
                            <p class="muted">"Thank you for answering"</p>
                            <h1>{title}</h1>
                        </header>
                        <p>"The results are not published yet. "{promise}</p>
                        <Follow id=id() receipt=held.get_value()/>
                    }.into_any()
                }
                Some(Loaded::Page(page)) => {
                    let page = page.clone();
                    let plan_extra = respondent().map(|respondent| {
                        Callback::new(move |(plan, owner): (String, String)| view! { <Replies respondent plan owner/> }.into_any())
                    });
                    view! { <PublicView page plan_extra/><Follow id=id() receipt=held.get_value()/> }.into_any()
                }
            })}
        </main>
    }
}

/// Follow by e-mail: the address goes to the server, which sends a link to confirm. With a
/// receipt, answers to the respondent's own replies come by e-mail too.
#[component]
fn Follow(id: String, receipt: Option<String>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let receipt = StoredValue::new(receipt);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = format!("/api/v1/results/{id}/follow");
        let body = serde_json::json!({ "email": email.get_untracked() });
        leptos::task::spawn_local(async move {
            let receipt = receipt.get_value();
            said.set(match api::as_respondent(Method::POST, &url, receipt.as_deref(), Some(&body)).await {
                Ok(reply) => reply["message"].as_str().unwrap_or_default().to_owned(),
                Err(failure) => failure.text(),
            });
        });
    };
    view! {
        <section class="follow" aria-labelledby="follow-heading">
            <h2 id="follow-heading">"Hear what happens next"</h2>
            <form class="row" on:submit=submit>
                <p class="field"><label>"Your e-mail address" <input type="email" autocomplete="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/></label></p>
                <button type="submit">"Follow by e-mail"</button>
            </form>
            <p role="status">{move || said.get()}</p>
            <p class="muted">"We keep your address apart from any answers, and every e-mail has a link to stop."</p>
        </section>
    }
}

/// A respondent's replies to one plan, the answers to them, and a form to reply.
#[component]
fn Replies(respondent: Respondent, plan: String, owner: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let plan_for_list = plan.clone();
    let mine = move || {
        respondent
            .replies
            .with(|all| all.iter().filter(|r| r["plan_id"] == plan_for_list.as_str()).cloned().collect::<Vec<_>>())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = format!("/api/v1/results/{}/plans/{plan}/replies", respondent.survey.get_value());
        let body = serde_json::json!({ "body": text.get_untracked() });
        leptos::task::spawn_local(async move {
            let receipt = respondent.receipt.get_value();
            match api::as_respondent(Method::POST, &url, Some(&receipt), Some(&body)).await {
                Ok(_) => {
                    text.set(String::new());
                    said.set("Sent. The answer will show here.".into());
                    respondent.reload();
                }
                Err(failure) => said.set(failure.text()),
            }
        });
    };
    let label = format!("Reply to {owner}");
    view! {
        <div class="replies">
            <ul class="reply-list" aria-label="Your replies">
                {move || mine().into_iter().map(|r| {
                    let answer = r["answer"].clone();
                    view! {
                        <li>
                            <p><strong>"You: "</strong>{r["body"].as_str().unwrap_or_default().to_owned()}</p>
                            {match answer.is_null() {
                                true => view! { <p class="muted">"Not answered yet."</p> }.into_any(),
                                false => view! {
                                    <p class="answer"><strong>{answer["by"].as_str().unwrap_or_default().to_owned()}": "</strong>{answer["body"].as_str().unwrap_or_default().to_owned()}
                                    " "<time class="muted">{charts::date(answer["at"].as_i64().unwrap_or(0))}</time></p>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="reply" on:submit=submit>
                <p class="field"><label>{label.clone()}<textarea rows="2" maxlength="2000" required prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea></label></p>
                <button type="submit">"Send reply"</button>
                <p role="status">{move || said.get()}</p>
            </form>
        </div>
    }
}
