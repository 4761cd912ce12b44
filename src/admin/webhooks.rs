//! A survey's webhooks on its builder page: endpoints told of each finished response (signed
//! JSON), and Slack or Teams channels told of the responses a rule names, with a summary of each
//! day; the secret shown once, and the delivery log.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Problem};
use super::words::{delivery_status, webhook_format};
use gloo_net::http::Method;
use hearback_api::webhook::{ChatRule, NewWebhook, Webhook, WebhookFormat, WebhookRequest, Webhooks as HookList};
use leptos::prelude::*;
use serde_json::Value;

/// The kinds a chat rule can watch, and those that can carry its comment.
const SCORED: &[&str] = &["nps", "csat", "ces", "rating"];
const TEXT: &[&str] = &["short_text", "long_text"];

#[component]
pub fn Webhooks(
    id: Signal<String>,
    /// The survey's questions as saved: (id, kind, prompt).
    questions: Signal<Vec<(String, String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let url = RwSignal::new(String::new());
    let format = RwSignal::new(WebhookFormat::Hearback);
    let (watched, at_most, comment) =
        (RwSignal::new(String::new()), RwSignal::new("6".to_owned()), RwSignal::new(String::new()));
    let daily = RwSignal::new(false);
    let secret = RwSignal::new(String::new());
    let hooks = api::resource::<HookList>(move || Some(format!("/admin/api/surveys/{}/webhooks", id.get())), version);
    let data = move || hooks.get().and_then(Result::ok);
    let act = move |method: Method, path: String, request: Option<Value>| {
        write(method, path, request, problem, version, move |reply| {
            if let Ok(made) = serde_json::from_value::<NewWebhook>(reply) {
                secret.set(made.secret);
            }
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chat = format.get_untracked().is_chat();
        let rule = (chat && !watched.get_untracked().is_empty()).then(|| ChatRule {
            question: watched.get_untracked(),
            at_most: at_most.get_untracked().trim().parse().ok(),
            at_least: None,
            with_comment: Some(comment.get_untracked()).filter(|c| !c.is_empty()),
        });
        let request = WebhookRequest {
            url: url.get_untracked(),
            format: format.get_untracked(),
            rule,
            daily_summary: chat && daily.get_untracked(),
        };
        act(Method::POST, format!("/admin/api/surveys/{}/webhooks", id.get_untracked()), Some(body(&request)));
    };
    let options = move |kinds: &'static [&'static str]| {
        questions
            .get()
            .into_iter()
            .filter(|(_, kind, _)| kinds.contains(&kind.as_str()))
            .map(|(id, _, prompt)| view! { <option value=id>{prompt}</option> })
            .collect_view()
    };
    let describe = move |hook: &Webhook| -> String {
        let mut said = webhook_format(i18n, hook.format);
        if let Some(rule) = &hook.rule {
            let most = rule.at_most.map(|n| n.to_string()).unwrap_or_default();
            said = format!(
                "{said}: {}",
                fill(t_string!(i18n, webhooks.rule_at_most), &[("question", &rule.question), ("n", &most)])
            );
        }
        if hook.daily_summary {
            said = format!("{said}, {}", t_string!(i18n, webhooks.and_daily));
        }
        said
    };
    view! {
        <ul class="responses">
            {move || data().map(|d| d.webhooks).unwrap_or_default()
                .into_iter()
                .map(|hook| {
                    let said = describe(&hook);
                    let hook_id = hook.id;
                    view! {
                        <li>
                            <span>{said}</span>" "<code>{hook.url}</code>
                            <Show when=move || session.can_edit()>
                                {
                                    let hook_id = hook_id.clone();
                                    view! {
                                        <button type="button" class="small" on:click=move |_| act(
                                            Method::DELETE,
                                            format!("/admin/api/surveys/{}/webhooks/{hook_id}", id.get_untracked()),
                                            None,
                                        )>{t!(i18n, gathered.remove)}</button>
                                    }
                                }
                            </Show>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <Show when=move || session.can_edit()>
            <form class="webhook" on:submit=add>
                <p class="field">
                    <label for="hook-format">{t!(i18n, webhooks.send)}</label>
                    <select id="hook-format" on:change=move |ev| {
                        format.set(WebhookFormat::parse(&event_target_value(&ev)).unwrap_or_default())
                    }>
                        {WebhookFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{webhook_format(i18n, *f)}</option> }).collect_view()}
                    </select>
                </p>
                <p class="field">
                    <label for="hook-url">{move || if format.get().is_chat() { t_string!(i18n, webhooks.incoming_url) } else { t_string!(i18n, gathered.endpoint_url_https) }}</label>
                    <input id="hook-url" type="url" required prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                </p>
                <Show when=move || format.get().is_chat()>
                    <p class="field">
                        <label for="hook-question">{t!(i18n, webhooks.tell_about)}</label>
                        <select id="hook-question" on:change=move |ev| watched.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, webhooks.every_response)}</option>
                            {move || options(SCORED)}
                        </select>
                    </p>
                    <Show when=move || !watched.get().is_empty()>
                        <p class="field">
                            <label for="hook-at-most">{t!(i18n, webhooks.at_most)}</label>
                            <input id="hook-at-most" type="number" min="0" inputmode="numeric" prop:value=move || at_most.get()
                                on:input=move |ev| at_most.set(event_target_value(&ev))/>
                        </p>
                        <p class="field">
                            <label for="hook-comment">{t!(i18n, webhooks.with_comment)}</label>
                            <select id="hook-comment" on:change=move |ev| comment.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, webhooks.comment_or_not)}</option>
                                {move || options(TEXT)}
                            </select>
                        </p>
                    </Show>
                    <p class="field check">
                        <label><input id="hook-daily" type="checkbox" prop:checked=move || daily.get()
                            on:change=move |ev| daily.set(event_target_checked(&ev))/>{t!(i18n, webhooks.daily_summary)}</label>
                    </p>
                </Show>
                <button type="submit">{t!(i18n, gathered.add_webhook)}</button>
            </form>
        </Show>
        <Show when=move || !secret.get().is_empty()>
            <p>{t!(i18n, gathered.signing_secret_shown_once_check)}<code class="invite-link">{move || secret.get()}</code></p>
        </Show>
        <Problem message=problem/>
        <table>
            <caption>{t!(i18n, gathered.latest_deliveries)}</caption>
            <thead><tr><th scope="col">{t!(i18n, gathered.response)}</th><th scope="col">{t!(i18n, gathered.status)}</th><th scope="col">{t!(i18n, gathered.attempts)}</th><th scope="col">{t!(i18n, gathered.last_answer)}</th></tr></thead>
            <tbody>
                {move || data().map(|d| d.deliveries).unwrap_or_default()
                    .into_iter()
                    .take(10)
                    .map(|d| view! {
                        <tr>
                            <td><code>{d.response_id.chars().take(8).collect::<String>()}</code></td>
                            <td>{delivery_status(i18n, d.status)}</td>
                            <td>{d.attempts}</td>
                            <td>{d.last_status.map(|s| s.to_string()).or(d.last_error).unwrap_or_default()}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A saved definition's questions: (id, kind, prompt in the survey's default language).
pub fn questions_of(definition: &hearback_core::survey::RawSurvey) -> Vec<(String, String, String)> {
    let definition = serde_json::to_value(definition).unwrap_or_default();
    let questions = definition["questions"].as_array().cloned().unwrap_or_default();
    // A prompt in several languages reads in the survey's default (its first language).
    let language = definition["languages"][0].as_str().unwrap_or("en").to_owned();
    let text = |v: &Value| v.as_str().or_else(|| v[&language].as_str()).unwrap_or_default().to_owned();
    questions.iter().map(|q| (text(&q["id"]), text(&q["kind"]), text(&q["prompt"]))).collect()
}
