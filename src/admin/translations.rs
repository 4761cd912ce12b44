//! The company's texts in the survey's other languages, on the plans page: for a language, each
//! text as written (the summary, every plan's "what we heard" and "what we will do", updates,
//! "Did this fix it?" questions) beside its translation, marked missing or out of date (the
//! original changed since). Saving keeps only the texts edited, so an out-of-date translation
//! saved untouched is not taken for a current one.

use super::api;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::translation::{
    text_key, TextKind, TranslatableText, TranslationWrite, Translations, TranslationsRequest,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What a text is, for editors.
fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: TextKind) -> &'static str {
    match kind {
        TextKind::Summary => t_string!(i18n, translations.summary),
        TextKind::Heard => t_string!(i18n, translations.heard),
        TextKind::WillDo => t_string!(i18n, translations.will_do),
        TextKind::Update => t_string!(i18n, translations.update),
        TextKind::FollowUp => t_string!(i18n, translations.follow_up),
    }
}

#[component]
pub fn TranslationsPanel(id: Signal<String>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(String::new());
    let read =
        api::resource::<Translations>(move || Some(format!("/admin/api/surveys/{}/translations", id.get())), version);
    let state = move || read.get().and_then(Result::ok);
    let language = RwSignal::new(String::new());
    // The texts edited since the last save, by key: only these are sent.
    let edited = RwSignal::new(BTreeMap::<String, TranslationWrite>::new());
    Effect::new(move |_| {
        if let Some(t) = state() {
            if !t.languages[1..].contains(&language.get_untracked()) {
                language.set(t.languages.get(1).cloned().unwrap_or_default());
            }
        }
    });
    let missing = move || {
        let lang = language.get();
        state().map_or(0, |t| t.texts.iter().filter(|x| x.missing.contains(&lang)).count())
    };
    let save = move |_| {
        let texts: Vec<TranslationWrite> = edited.get_untracked().into_values().collect();
        let url = format!("/admin/api/surveys/{}/translations/{}", id.get_untracked(), language.get_untracked());
        write(Method::PUT, url, Some(body(&TranslationsRequest { texts })), problem, version, move |_| {
            edited.set(BTreeMap::new())
        });
    };
    let row = move |text: TranslatableText| {
        let lang = language.get();
        let key = text_key(text.kind, &text.subject);
        let current = text.translations.get(&lang).or_else(|| text.outdated.get(&lang)).cloned().unwrap_or_default();
        let state = if text.translations.contains_key(&lang) {
            None
        } else if text.outdated.contains_key(&lang) {
            Some(t_string!(i18n, translations.out_of_date))
        } else {
            Some(t_string!(i18n, translations.missing))
        };
        let (kind, subject) = (text.kind, text.subject.clone());
        let on_input = move |ev| {
            let write = TranslationWrite { kind, subject: subject.clone(), text: event_target_value(&ev) };
            edited.update(|e| _ = e.insert(text_key(kind, &write.subject), write));
        };
        view! {
            <li class="translation">
                <p><strong>{kind_name(i18n, text.kind)}</strong>" "{state.map(|s| view! { <span class="badge status-wont_do">{s}</span> })}</p>
                <p class="muted" dir="auto">{text.original}</p>
                <label><span class="sr-only">{fill(t_string!(i18n, translations.text_in), &[("text", &(kind_name(i18n, text.kind))), ("language", &lang)])}</span>
                    <textarea rows="2" lang=lang.clone() dir="auto" data-key=key prop:value=current on:input=on_input></textarea>
                </label>
            </li>
        }
    };
    view! {
        <Show when=move || state().is_some_and(|t| t.languages.len() > 1)>
            <details class="settings translations">
                <summary>{move || fill(t_string!(i18n, translations.missing_in), &[("n", &missing()), ("language", &language.get())])}</summary>
                <p class="hint">{t!(i18n, translations.what_you_write_is_shown)}</p>
                <Problem message=problem/>
                <p class="field"><label>{t!(i18n, translations.language)}
                    <select prop:value=move || language.get() on:change=move |ev| { edited.set(BTreeMap::new()); language.set(event_target_value(&ev)); }>
                        {move || state().map(|t| t.languages[1..].iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view())}
                    </select>
                </label></p>
                <ul class="responses">{move || state().map(|t| t.texts.into_iter().map(row).collect_view())}</ul>
                <button type="button" on:click=save disabled=move || edited.with(BTreeMap::is_empty)>{t!(i18n, translations.save_translations)}</button>
            </details>
        </Show>
    }
}
