//! A response's triage in the responses list: its tags (editors change them) and its internal
//! notes (editors add them), shown to every member.

use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::triage::{NoteRequest, ResponseNote, TagsRequest};
use leptos::prelude::*;

#[component]
pub fn ResponseTriage(
    survey: Signal<String>,
    response: String,
    tags: Vec<String>,
    notes: Vec<ResponseNote>,
    editable: Signal<bool>,
    /// Moves on after a change, so the list is read again.
    version: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(String::new());
    let typed = RwSignal::new(tags.join(", "));
    let note = RwSignal::new(String::new());
    let base = StoredValue::new(response.clone());
    let url = move |what: &str| {
        format!("/admin/api/surveys/{}/responses/{}/{what}", survey.get_untracked(), base.get_value())
    };
    let save_tags = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tags =
            typed.get_untracked().split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        write(Method::PUT, url("tags"), Some(body(&TagsRequest { tags })), problem, version, |_| ());
    };
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NoteRequest { body: note.get_untracked() };
        write(Method::POST, url("notes"), Some(body(&request)), problem, version, move |_| note.set(String::new()));
    };
    let tags_id = format!("tags-{response}");
    let note_id = format!("note-{response}");
    view! {
        <div class="triage">
            <ul class="tags" aria-label=t_string!(i18n, triage.tags)>
                {tags.into_iter().map(|tag| view! { <li>{tag}</li> }).collect_view()}
            </ul>
            <ul class="notes">
                {notes.into_iter().map(|n| {
                    let by = fill(t_string!(i18n, triage.by), &[("name", &n.author)]);
                    view! { <li><span class="by">{by}</span>" "{n.body}</li> }
                }).collect_view()}
            </ul>
            <Show when=move || editable.get()>
                <form class="row" on:submit=save_tags>
                    <p class="field">
                        <label for=tags_id.clone()>{t!(i18n, triage.tags_comma)}</label>
                        <input id=tags_id.clone() prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    </p>
                    <button type="submit" class="small">{t!(i18n, triage.save_tags)}</button>
                </form>
                <form class="row" on:submit=add_note>
                    <p class="field">
                        <label for=note_id.clone()>{t!(i18n, triage.note)}</label>
                        <input id=note_id.clone() prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    </p>
                    <button type="submit" class="small">{t!(i18n, triage.add_note)}</button>
                </form>
            </Show>
            <Problem message=problem/>
        </div>
    }
}
