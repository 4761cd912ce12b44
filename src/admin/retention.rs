//! How long a survey keeps its raw answers, on the builder page: every member reads it with the
//! responses it concerns; owners set it, and shortening it asks first, since the older answers
//! then go for good.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::retention::{AnswerRetention, KeptAnswers, MAX_KEEP_DAYS};
use hearback_api::Role;
use leptos::prelude::*;

#[component]
pub fn RetentionForm(id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let owner = move || session.role() == Some(Role::Owner);
    let version = RwSignal::new(0);
    let url = move || format!("/admin/api/surveys/{}/answer-retention", id.get());
    let stored = api::resource::<KeptAnswers>(move || Some(url()), version);
    let (days, problem, saved, sure) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let current = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        if let Some(Ok(kept)) = stored.get() {
            current.set(kept.days);
            days.set(kept.days.map(|d| d.to_string()).unwrap_or_default());
        }
    });
    let save = move |_| {
        saved.set(String::new());
        let wanted = match days.get_untracked().trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) if (1..=MAX_KEEP_DAYS).contains(&n) => Some(n),
                _ => return problem.set(t_string!(i18n, retention.whole_number).into()),
            },
        };
        // Shorter than now (or from "for good"): the older answers go for good, so ask once.
        let now = current.get_untracked();
        let shorter = wanted.is_some_and(|w| now.is_none_or(|n| w < n));
        if shorter && !sure.get_untracked() {
            return sure.set(true);
        }
        sure.set(false);
        let sent = body(&AnswerRetention { days: wanted });
        write(Method::PUT, url(), Some(sent), problem, version, move |_| {
            saved.set(t_string!(i18n, retention.saved).into())
        });
    };
    let counts = move || {
        stored.get().and_then(Result::ok).map(|k| {
            let (kept, past, expired) = (k.kept, k.past, k.expired);
            view! { <p class="hint" id="retention-counts">{t!(i18n, retention.counts, kept, past, expired)}</p> }
        })
    };
    view! {
        <h2 id="retention">{t!(i18n, retention.heading)}</h2>
        <p class="hint">{t!(i18n, retention.hint)}</p>
        <fieldset class="retention" aria-labelledby="retention" disabled=move || !owner()>
            <p class="field">
                <label for="retention-days">{t!(i18n, retention.days)}</label>
                <input id="retention-days" type="number" min="1" max=MAX_KEEP_DAYS inputmode="numeric"
                    prop:value=move || days.get()
                    on:input=move |ev| { sure.set(false); days.set(event_target_value(&ev)) }/>
            </p>
            <Show when=move || sure.get()>
                <p class="sure" role="alert">{t!(i18n, retention.sure)}</p>
            </Show>
            <p class="actions">
                <button type="button" on:click=save>
                    {move || if sure.get() { t!(i18n, retention.delete_and_save).into_any() } else { t!(i18n, retention.save).into_any() }}
                </button>
                <span role="status">{move || saved.get()}</span>
            </p>
        </fieldset>
        <Show when=move || !owner()>
            <p class="hint">{t!(i18n, retention.owners_set_it)}</p>
        </Show>
        {counts}
        <Problem message=problem/>
    }
}
