//! What a survey has gathered, on its builder page: the responses so far (filtered, with
//! downloads and, for editors, deletion). The webhooks told of each finished one are in
//! [`super::webhooks`].

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{write, Loaded, Problem};
use super::triage::ResponseTriage;
use gloo_net::http::Method;
use hearback_api::survey::Responses as ResponseList;
use leptos::prelude::*;

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
    let tag = RwSignal::new(String::new());
    let query = move || {
        let tag = tag.get().trim().to_owned();
        [("status", status.get()), ("band", band.get()), ("from", from.get()), ("to", to.get()), ("tag", tag)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let responses = api::resource::<ResponseList>(
        move || Some(format!("/admin/api/surveys/{}/responses?{}", id.get(), query())),
        version,
    );
    let listed = move || responses.get().and_then(Result::ok).map(|r| r.responses).unwrap_or_default();
    // A link from a chat message names one response (`#response-ID`): marked, and scrolled to
    // once the list has it.
    let linked = StoredValue::new(window().location().hash().unwrap_or_default());
    Effect::new(move |_| {
        if !listed().is_empty() {
            let id = linked.with_value(|hash| hash.trim_start_matches('#').to_owned());
            if let Some(item) = (!id.is_empty()).then(|| document().get_element_by_id(&id)).flatten() {
                item.scroll_into_view();
            }
        }
    });
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
            <p class="field">
                <label>{t!(i18n, triage.tagged)}
                    <input type="search" on:change=move |ev| tag.set(event_target_value(&ev))/>
                </label>
            </p>
        </div>
        <Problem message=problem/>
        <p class="count">{move || match listed().len() {
            1 => t_string!(i18n, gathered.one_response).to_owned(),
            n => fill(t_string!(i18n, gathered.responses_count), &[("n", &n.to_string())]),
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
                        let anchor = format!("response-{}", r.id);
                        let current = linked.with_value(|hash| hash.trim_start_matches('#') == anchor).then_some("true");
                        view! {
                            <li id=anchor aria-current=current>
                                <span>{if r.complete { t_string!(i18n, gathered.complete) } else { t_string!(i18n, gathered.partial) }}</span>" "
                                <code>{answers}</code>
                                <ResponseTriage survey=id response=r.id.clone() tags=r.tags notes=r.notes
                                    editable=Signal::derive(move || session.can_edit()) version/>
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
