//! Publishing a survey's results from the plans page: the summary and who may read it, a
//! preview that is exactly the public page, publishing and taking down; and the quotes editors
//! approve for the page.

use super::api;
use super::app::Session;
use super::charts;
use super::i18n::*;
use super::page_words::{fill, page_words};
use super::pages::{body, write, Loaded, Problem};
use super::words::direction;
use gloo_net::http::Method;
use hearback_api::publication::{PublicationState, PublishRequest, PublishedPage, QuoteRequest, Quotes as QuoteList};
use hearback_api::Visibility;
use leptos::prelude::*;

/// Publishing: the summary and who may read, a preview that is exactly the public page, then
/// publish (freezing the results now) or take the page down.
#[component]
pub fn PublishPanel(id: Signal<String>, version: RwSignal<u32>, reading: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let read = api::resource::<PublicationState>(
        move || Some(format!("/admin/api/surveys/{}/publication?lang={}", id.get(), reading.get())),
        version,
    );
    let state = move || read.get().and_then(Result::ok);
    let summary = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Public);
    Effect::new(move |_| {
        if let Some(publication) = state().and_then(|s| s.publication) {
            summary.set(publication.summary);
            visibility.set(publication.visibility);
        }
    });
    let previewing = RwSignal::new(false);
    let publish = move |_| {
        let request = PublishRequest { summary: summary.get_untracked(), visibility: visibility.get_untracked() };
        write(
            Method::POST,
            format!("/admin/api/surveys/{}/publication", id.get_untracked()),
            Some(body(&request)),
            problem,
            version,
            |_| (),
        );
    };
    let take_down = move |_| {
        write(
            Method::DELETE,
            format!("/admin/api/surveys/{}/publication", id.get_untracked()),
            None,
            problem,
            version,
            |_| (),
        )
    };
    let published = move || state().is_some_and(|s| s.published);
    let published_at = move || state().and_then(|s| s.publication).map_or(0, |p| p.published_at);
    view! {
        <section class="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{t!(i18n, publish.publish_the_results)}</h2>
            <p class="status">{move || if published() {
                fill(t_string!(i18n, publish.published_on), &[("date", &(charts::date(published_at())))])
            } else {
                t_string!(i18n, publish.not_published).to_owned()
            }}
            <Show when=published><a class="public-link" rel="external" href=move || format!("/r/{}", id.get())>{move || format!("/r/{}", id.get())}</a></Show>
            </p>
            <Show when=move || session.can_edit()>
                <p class="field"><label>{t!(i18n, publish.summary_for_the_people_who)} <textarea rows="4" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea></label></p>
                <p class="field">
                    <label>{t!(i18n, publish.who_may_read_it)}
                        <select on:change=move |ev| visibility.set(Visibility::parse(&event_target_value(&ev)).unwrap_or(Visibility::Public))>
                            {[
                                (Visibility::Public, t_string!(i18n, publish.anyone)),
                                (Visibility::Respondents, t_string!(i18n, publish.respondents)),
                                (Visibility::Organization, t_string!(i18n, publish.organisation)),
                            ].map(|(v, label)| view! { <option value=v.as_str() selected=move || visibility.get() == v>{label}</option> })}
                        </select>
                    </label>
                </p>
                <p class="actions">
                    <button type="button" on:click=move |_| previewing.update(|p| *p = !*p)>{move || if previewing.get() { t_string!(i18n, publish.hide_preview) } else { t_string!(i18n, publish.preview) }}</button>
                    <button type="button" class="primary" on:click=publish>{move || if published() { t_string!(i18n, publish.publish_again) } else { t_string!(i18n, publish.publish) }}</button>
                    <Show when=published><button type="button" on:click=take_down>{t!(i18n, publish.take_the_page_down)}</button></Show>
                </p>
            </Show>
            <Problem message=problem/>
            <Show when=move || previewing.get()>
                <div class="preview-page" aria-label=move || t_string!(i18n, publish.preview_of_the_public_page)
                    lang=move || reading.get() dir=move || direction(&reading.get())>
                    {move || {
                        provide_context(page_words(&reading.get()));
                        state().map(|s| {
                            let page = PublishedPage { summary: summary.get(), ..s.preview };
                            view! { <super::report::PublicView page/> }
                        })
                    }}
                </div>
            </Show>
        </section>
    }
}

/// Comments whose authors consented to be quoted; editors approve the ones the page shows.
#[component]
pub fn Quotes(id: Signal<String>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let quotes = api::resource::<QuoteList>(move || Some(format!("/admin/api/surveys/{}/quotes", id.get())), version);
    let count = move || quotes.get().and_then(Result::ok).map_or(0, |q| q.candidates.len());
    let items = move || {
        quotes.get().map(|read| read.map(|list| list.candidates.into_iter().map(|c| {
        let quote = c.quote.clone();
        let request = body(&QuoteRequest { response: c.response, question: c.question });
        let url = format!("/admin/api/surveys/{}/quotes", id.get_untracked());
        let act = move |_| match &quote {
            Some(q) => write(Method::DELETE, format!("{url}/{q}"), None, problem, version, |_| ()),
            None => write(Method::POST, url.clone(), Some(request.clone()), problem, version, |_| ()),
        };
        let approved = c.quote.is_some();
        view! {
            <li>
                <q>{c.text}</q>
                <Show when=move || session.can_edit()>
                    <button type="button" class="small" on:click=act.clone()>{if approved { t_string!(i18n, publish.withdraw) } else { t_string!(i18n, publish.approve) }}</button>
                </Show>
                {approved.then(|| view! { <span class="badge status-done">{t!(i18n, publish.on_the_page)}</span> })}
            </li>
        }
    }).collect_view()))
    };
    view! {
        <details class="settings quotes">
            <summary>{move || fill(t_string!(i18n, publish.quotes), &[("n", &count())])}</summary>
            <p class="hint">{t!(i18n, publish.only_comments_whose_authors_ticked)}</p>
            <Problem message=problem/>
            <Loaded>
                <ul class="responses">{items}
                </ul>
            </Loaded>
        </details>
    }
}
