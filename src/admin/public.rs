//! The public results page `/r/{survey}`: what the company heard, what it will do and who answers
//! for it, with the results as published. No login; the same view is the editors' preview.
//!
//! A respondent arrives from the widget's thank-you or its "You said, we did" card with their
//! receipt in the address's fragment (`#receipt=…`). The page keeps it in this origin's storage,
//! takes it out of the address bar, and shows it with its requests: it opens results published
//! for respondents, lets them reply to a plan, and shows the answers to their own replies.

use super::api::{self, Failure};
use super::charts::{self, initials, status_name};
use super::dashboard::QuestionChart;
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
                    view! { <PublicView page respondent=respondent()/><Follow id=id() receipt=held.get_value()/> }.into_any()
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

/// A publication as its readers see it.
#[component]
pub fn PublicView(
    page: Value,
    /// The reader answered the survey: their replies, and a form to reply to each plan.
    #[prop(default = None)]
    respondent: Option<Respondent>,
) -> impl IntoView {
    let title = page["title"].as_str().unwrap_or_default().to_owned();
    let prompt = {
        let questions = page["questions"].as_array().cloned().unwrap_or_default();
        move |id: &str| {
            questions.iter().find(|q| q["id"] == id).and_then(|q| q["prompt"].as_str()).unwrap_or(id).to_owned()
        }
    };
    let results = page["results"].clone();
    let plans = page["plans"].as_array().cloned().unwrap_or_default();
    let summary = page["summary"].as_str().unwrap_or_default().to_owned();
    let quotes: Vec<String> = page["quotes"]
        .as_array()
        .map(|q| q.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let updated = charts::date(page["last_updated"].as_i64().unwrap_or(0));
    let prompt_for_plans = prompt.clone();
    let results_for_plans = results.clone();
    view! {
        <header class="public-head">
            <p class="muted">"Results and what we will do"</p>
            <h1>{title}</h1>
            <p class="muted">"Last updated "<time>{updated}</time>" · "<a href=format!("/r/{}/feed.atom", page["survey"].as_str().unwrap_or_default())>"Follow by feed (Atom)"</a></p>
        </header>
        <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">"What we heard"</h2>
            {summary.split("\n\n").map(|p| view! { <p class="summary-text">{p.to_owned()}</p> }).collect_view()}
        </section>
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">"What we will do"</h2>
            {if plans.is_empty() {
                view! { <p class="muted">"No plans yet."</p> }.into_any()
            } else {
                plans.into_iter().map(|plan| {
                    let text = |f: &str| plan[f].as_str().unwrap_or_default().to_owned();
                    let status = text("status");
                    let owner = plan["owner"]["name"].as_str().unwrap_or_default().to_owned();
                    let role = plan["owner"]["role"].as_str().unwrap_or("former member").to_owned();
                    let linked: Vec<String> = plan["questions"].as_array().map(|qs| qs.iter().filter_map(|q| q.as_str()).map(|q| prompt_for_plans(q)).collect()).unwrap_or_default();
                    let updates = plan["updates"].as_array().cloned().unwrap_or_default();
                    let about: Vec<String> = plan["themes"].as_array().cloned().unwrap_or_default().iter().map(|t| {
                        let (question, term) = (t["question"].as_str().unwrap_or_default(), t["term"].as_str().unwrap_or_default());
                        match charts::theme_count(&results_for_plans, question, term) {
                            Some(count) => format!("“{term}” ({count} comments)"),
                            None => format!("“{term}”"),
                        }
                    }).collect();
                    let plan_id = text("id");
                    let follow_up = plan["follow_up"].clone();
                    let follow_up = (!follow_up.is_null()).then(|| {
                        let headline = |tally: &Value| {
                            let question = tally["question"].as_str().unwrap_or_default().to_owned();
                            charts::headline(&serde_json::json!({ "questions": [tally] }), &question).unwrap_or_default()
                        };
                        let compared = match (&follow_up["before"], &follow_up["after"]) {
                            (before, after) if !before.is_null() && !after.is_null() => format!(
                                "Before: {} ({} answers) · After: {} ({} answers)",
                                headline(before), before["answered"], headline(after), after["answered"]
                            ),
                            _ => format!("The answers show once at least {} people have answered, before and after.", follow_up["fewer_than"]),
                        };
                        view! {
                            <div class="follow-up">
                                <p><strong>"Did this fix it? "</strong>{follow_up["prompt"].as_str().unwrap_or_default().to_owned()}</p>
                                <p class="compared">{compared}</p>
                            </div>
                        }
                    });
                    let replies = respondent.map(|respondent| view! { <Replies respondent plan=plan_id owner=owner.clone()/> });
                    view! {
                        <article class="plan">
                            <p class=format!("badge status-{status}")>{status_name(&status)}</p>
                            <h3>{text("will_do")}</h3>
                            <p><strong>"We heard: "</strong>{text("heard")}</p>
                            {(!linked.is_empty()).then(|| view! { <p class="linked">"From your answers to: "{linked.join("; ")}</p> })}
                            {(!about.is_empty()).then(|| view! { <p class="linked">"From your comments about "{about.join(", ")}</p> })}
                            {plan["reason"].as_str().map(|r| view! { <p><strong>"Why not: "</strong>{r.to_owned()}</p> })}
                            <p class="owner">
                                <span class="avatar" aria-hidden="true">{initials(&owner)}</span>
                                <span>{owner.clone()}", "{role}" · due "<time>{text("due")}</time></span>
                            </p>
                            {(!updates.is_empty()).then(|| view! {
                                <ol class="timeline" aria-label="Updates">
                                    {updates.into_iter().map(|u| {
                                        let moved = u["status"].as_str().map(|s| format!(" → {}", status_name(s))).unwrap_or_default();
                                        view! { <li><time class="muted">{charts::date(u["created_at"].as_i64().unwrap_or(0))}</time>" "<strong>{u["author"].as_str().unwrap_or_default().to_owned()}</strong>{moved}": "{u["body"].as_str().unwrap_or_default().to_owned()}</li> }
                                    }).collect_view()}
                                </ol>
                            })}
                            {follow_up}
                            {replies}
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>
        {(!quotes.is_empty()).then(|| view! {
            <section aria-labelledby="quotes-heading">
                <h2 id="quotes-heading">"In your words"</h2>
                {quotes.into_iter().map(|q| view! { <blockquote class="quote">{q}</blockquote> }).collect_view()}
            </section>
        })}
        {members_view(&page, prompt.clone())}
        <section aria-labelledby="numbers-heading">
            <h2 id="numbers-heading">"The numbers"</h2>
            {if results["hidden"] == true {
                view! { <p>{format!("Fewer than {} people answered, so no numbers are shown: nobody's answers can be picked out.", results["fewer_than"])}</p> }.into_any()
            } else {
                view! {
                    <p class="summary">{format!("{} people answered.", results["responses"])}</p>
                    {results["questions"].as_array().cloned().unwrap_or_default().into_iter().map(|q| {
                        let id = q["question"].as_str().unwrap_or_default().to_owned();
                        view! { <QuestionChart question=q prompt=prompt(&id)/> }
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

/// For the organisation's members (the executives' view): the numbers as they are now, every
/// comment, and the way to the segments.
fn members_view(page: &Value, prompt: impl Fn(&str) -> String + 'static) -> Option<impl IntoView> {
    let live = page.get("live")?.clone();
    let comments: Vec<String> = page["comments"]
        .as_array()
        .map(|c| c.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let dashboard = page["dashboard"].as_str().unwrap_or_default().to_owned();
    Some(view! {
        <section class="members-view" aria-labelledby="members-heading">
            <h2 id="members-heading">"For our organisation: the numbers now"</h2>
            <p class="muted">"Only members see this part. "<a href=dashboard>"Segments, filters and trends: the results dashboard"</a></p>
            {if live["hidden"] == true {
                view! { <p>{format!("Fewer than {} people answered so far.", live["fewer_than"])}</p> }.into_any()
            } else {
                view! {
                    <p class="summary">{format!("{} people answered so far.", live["responses"])}</p>
                    {live["questions"].as_array().cloned().unwrap_or_default().into_iter().map(|q| {
                        let id = q["question"].as_str().unwrap_or_default().to_owned();
                        view! { <QuestionChart question=q prompt=prompt(&id)/> }
                    }).collect_view()}
                }.into_any()
            }}
            {(!comments.is_empty()).then(|| view! {
                <details class="comments">
                    <summary>{format!("Every comment ({}, newest first)", comments.len())}</summary>
                    <ul>{comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    })
}
