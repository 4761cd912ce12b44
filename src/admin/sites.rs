//! Where the company's surveys run, on the survey list: its site tags (one script tag on every
//! page of a site; which survey asks there, for whom and when, is each survey's audience), and
//! its survey fatigue across all of them.

use super::api;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::audience::Fatigue;
use hearback_api::site::{NewSite, Site, SiteSettings};
use leptos::prelude::*;

/// The organisation's site tags: each with the tag to paste and the surveys it may ask; editors
/// add one per site origin and remove them.
#[component]
pub fn Sites(editable: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let sites = api::resource::<Vec<Site>>(|| Some("/admin/api/sites".into()), version);
    let origin = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let server = window().location().origin().unwrap_or_default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let site = NewSite { origin: origin.get_untracked() };
        write(Method::POST, "/admin/api/sites".into(), Some(body(&site)), problem, version, move |_| {
            origin.set(String::new())
        });
    };
    let remove = move |key: String| {
        write(Method::DELETE, format!("/admin/api/sites/{key}"), None, problem, version, |_| ());
    };
    let list = move || {
        let server = server.clone();
        sites.get().map(|read| {
            read.map(|sites| {
                sites
                    .into_iter()
                    .map(|site| {
                        let tag = format!(r#"<script src="{server}/embed.js" data-site="{}" async></script>"#, site.key);
                        let asks = match site.surveys.is_empty() {
                            true => t_string!(i18n, sites.none_yet).to_owned(),
                            false => fill(t_string!(i18n, sites.asks), &[("surveys", &site.surveys.join(", "))]),
                        };
                        let key = site.key.clone();
                        let days = RwSignal::new(site.fatigue_days.map(|d| d.to_string()).unwrap_or_default());
                        let url = format!("/admin/api/sites/{}", site.key);
                        // The site's own survey fatigue; empty for the organisation's.
                        let save_days = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let fatigue_days = match days.get_untracked().trim() {
                                "" => None,
                                text => match text.parse::<u32>() {
                                    Ok(n) => Some(n),
                                    Err(_) => return problem.set(t_string!(i18n, audience.fatigue_days_number).into()),
                                },
                            };
                            let settings = SiteSettings { fatigue_days };
                            write(Method::PUT, url.clone(), Some(body(&settings)), problem, version, |_| ());
                        };
                        view! {
                            <li class="site">
                                <strong>{site.origin}</strong>" "<span class="hint">{asks}</span>
                                <code class="tag">{tag}</code>
                                <form class="row site-fatigue" on:submit=save_days>
                                    <p class="field"><label>{t!(i18n, sites.fatigue)}
                                        <input type="number" min="0" max="365" inputmode="numeric" disabled=move || !editable.get()
                                            prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/></label></p>
                                    <Show when=move || editable.get()>
                                        <button type="submit" class="small">{t!(i18n, sites.save_fatigue)}</button>
                                    </Show>
                                </form>
                                <Show when=move || editable.get()>
                                    {let key = key.clone(); view! {
                                        <button type="button" class="small" on:click=move |_| remove(key.clone())>{t!(i18n, sites.remove)}</button>
                                    }}
                                </Show>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h2 id="sites">{t!(i18n, sites.heading)}</h2>
        <p class="hint">{t!(i18n, sites.hint)}</p>
        <ul class="sites" aria-labelledby="sites">{list}</ul>
        <Show when=move || editable.get()>
            <form class="row" on:submit=add>
                <p class="field">
                    <label for="site-origin">{t!(i18n, sites.origin)}</label>
                    <input id="site-origin" placeholder="https://shop.example.com" prop:value=move || origin.get()
                        on:input=move |ev| origin.set(event_target_value(&ev))/>
                </p>
                <button type="submit">{t!(i18n, sites.add)}</button>
            </form>
        </Show>
        <Problem message=problem/>
    }
}

/// The company's survey fatigue, on the survey list: days none of its surveys asks a visitor
/// by itself after they answered or dismissed one.
#[component]
pub fn FatigueForm(editable: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let stored = api::resource::<Fatigue>(|| Some("/admin/api/organization/fatigue".into()), version);
    let days = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(fatigue)) = stored.get() {
            days.set(fatigue.days.to_string());
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(String::new());
        let Ok(days) = days.get_untracked().trim().parse::<u32>() else {
            return problem.set(t_string!(i18n, audience.fatigue_days_number).into());
        };
        write(
            Method::PUT,
            "/admin/api/organization/fatigue".into(),
            Some(body(&Fatigue { days })),
            problem,
            version,
            move |_| saved.set(t_string!(i18n, audience.saved_fatigue).into()),
        );
    };
    view! {
        <form class="row fatigue" on:submit=save>
            <p class="field">
                <label for="fatigue-days">{t!(i18n, audience.fatigue)}</label>
                <input id="fatigue-days" type="number" min="0" max="365" inputmode="numeric" disabled=move || !editable.get()
                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
            </p>
            <Show when=move || editable.get()>
                <button type="submit">{t!(i18n, audience.save_fatigue)}</button>
            </Show>
            <span role="status">{move || saved.get()}</span>
        </form>
        <p class="hint">{t!(i18n, audience.fatigue_hint)}</p>
        <Problem message=problem/>
    }
}
