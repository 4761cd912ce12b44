//! What a survey has gathered, on its builder page: the responses so far (filtered, with
//! downloads and, for editors, deletion) and the webhooks told of each finished one, with
//! their delivery log.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::pages::{body, write, Loaded, Problem};
use super::words::delivery_status;
use gloo_net::http::Method;
use hearback_api::survey::Responses as ResponseList;
use hearback_api::webhook::{NewWebhook, WebhookRequest, Webhooks};
use leptos::prelude::*;
use serde_json::Value;

/// The responses so far, filtered, with downloads and (for editors) deletion.
#[component]
pub fn Responses(id: Signal<String>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let band = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let query = move || {
        [("status", status.get()), ("band", band.get()), ("from", from.get()), ("to", to.get())]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let responses = api::resource::<ResponseList>(
        move || Some(format!("/admin/api/surveys/{}/responses?{}", id.get(), query())),
        version,
    );
    let listed = move || responses.get().and_then(Result::ok).map(|r| r.responses).unwrap_or_default();
    let delete = move |response: String| {
        let url = format!("/admin/api/surveys/{}/responses/{response}", id.get_untracked());
        write(Method::DELETE, url, None, problem, version, |_| ());
    };
    let choose = move |label: &'static str, signal: RwSignal<String>, options: Vec<(&'static str, &'static str)>| {
        view! {
            <p class="field">
                <label>{label}
                    <select on:change=move |ev| signal.set(event_target_value(&ev))>
                        {options.into_iter().map(|(value, name)| view! { <option value=value>{name}</option> }).collect_view()}
                    </select>
                </label>
            </p>
        }
    };
    let date = move |label: &'static str, signal: RwSignal<String>| {
        view! {
            <p class="field">
                <label>{label}<input type="date" on:change=move |ev| signal.set(event_target_value(&ev))/></label>
            </p>
        }
    };
    view! {
        <div class="row filters">
            {choose(t_string!(i18n, gathered.finished), status, vec![("", t_string!(i18n, gathered.all)), ("complete", t_string!(i18n, gathered.complete)), ("partial", t_string!(i18n, gathered.partial))])}
            {choose(t_string!(i18n, gathered.nps_band), band, vec![("", t_string!(i18n, gathered.all)), ("promoters", t_string!(i18n, gathered.promoters)), ("passives", t_string!(i18n, gathered.passives)), ("detractors", t_string!(i18n, gathered.detractors))])}
            {date(t_string!(i18n, gathered.from), from)}
            {date(t_string!(i18n, gathered.to), to)}
        </div>
        <Problem message=problem/>
        <p class="count">{move || match listed().len() {
            1 => "1 response".to_owned(),
            n => format!("{n} responses"),
        }}</p>
        <p class="actions">
            <a href=move || format!("/admin/api/surveys/{}/export?format=csv&{}", id.get(), query()) download>{t!(i18n, gathered.download_csv)}</a>
            <a href=move || format!("/admin/api/surveys/{}/export?format=json&{}", id.get(), query()) download>{t!(i18n, gathered.download_json)}</a>
        </p>
        <Loaded>
            <ul class="responses">
                {move || responses.get().map(|read| read.map(|list| list.responses
                    .into_iter()
                    .map(|r| {
                        let response = r.id.clone();
                        let answers = serde_json::to_string(&r.answers).unwrap_or_default();
                        view! {
                            <li>
                                <span>{if r.complete { t_string!(i18n, gathered.complete) } else { t_string!(i18n, gathered.partial) }}</span>" "
                                <code>{answers}</code>
                                <Show when=move || session.can_edit()>
                                    {
                                        let response = response.clone();
                                        view! { <button type="button" class="small" on:click=move |_| delete(response.clone())>{t!(i18n, gathered.delete)}</button> }
                                    }
                                </Show>
                            </li>
                        }
                    })
                    .collect_view()))}
            </ul>
        </Loaded>
    }
}

/// Endpoints told of each finished response, with the secret shown once and the delivery log.
#[component]
pub fn Webhooks(id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let hooks = api::resource::<Webhooks>(move || Some(format!("/admin/api/surveys/{}/webhooks", id.get())), version);
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
        let request = WebhookRequest { url: url.get_untracked() };
        act(Method::POST, format!("/admin/api/surveys/{}/webhooks", id.get_untracked()), Some(body(&request)));
    };
    view! {
        <ul class="responses">
            {move || data().map(|d| d.webhooks).unwrap_or_default()
                .into_iter()
                .map(|hook| {
                    let hook_id = hook.id;
                    view! {
                        <li>
                            <code>{hook.url}</code>
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
            <form class="row" on:submit=add>
                <p class="field">
                    <label>{t!(i18n, gathered.endpoint_url_https)}
                        <input type="url" required prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                    </label>
                </p>
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
