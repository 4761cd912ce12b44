//! The public results page `/r/{survey}`: what the company heard, what it will do and who answers
//! for it, with the results as published. No login; the same view is the editors' preview.

use super::api::{self, Failure};
use super::charts::{self, initials, status_name};
use super::dashboard::QuestionChart;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

#[component]
pub fn PublicResults() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = RwSignal::new(None::<Result<Value, String>>);
    Effect::new(move |_| {
        let url = format!("/api/v1/results/{}", id());
        leptos::task::spawn_local(async move {
            data.set(Some(match api::get(&url).await {
                Ok(value) => Ok(value),
                Err(Failure::LoggedOut) => {
                    Err("These results are for the organisation's members: log in to read them.".into())
                }
                Err(failure) => Err(failure.text()),
            }));
        });
    });
    view! {
        <main class="public">
            {move || match data.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(Err(_)) => view! {
                    <h1>"Not published"</h1>
                    <p>"There are no published results at this address (yet, or any more)."</p>
                }.into_any(),
                Some(Ok(page)) => view! { <PublicView page/><Follow id=id()/> }.into_any(),
            }}
        </main>
    }
}

/// Follow by e-mail: the address goes to the server, which sends a link to confirm.
#[component]
fn Follow(id: String) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = format!("/api/v1/results/{id}/follow");
        let body = serde_json::json!({ "email": email.get_untracked() });
        leptos::task::spawn_local(async move {
            said.set(match api::send(gloo_net::http::Method::POST, &url, "", Some(&body)).await {
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

/// A publication as its readers see it.
#[component]
pub fn PublicView(page: Value) -> impl IntoView {
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
                    view! {
                        <article class="plan">
                            <p class=format!("badge status-{status}")>{status_name(&status)}</p>
                            <h3>{text("will_do")}</h3>
                            <p><strong>"We heard: "</strong>{text("heard")}</p>
                            {(!linked.is_empty()).then(|| view! { <p class="linked">"From your answers to: "{linked.join("; ")}</p> })}
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
