//! One question in the survey builder: its kind, prompt, help, options, the rules that show it
//! or end the survey after it, and every other field as JSON.

use super::draft::{has_options, Draft, QuestionDraft, Rule, TESTS};
use super::i18n::*;
use super::page_words::fill;
use super::words::{kind_name, test_name};
use hearback_core::kind::Kind;
use leptos::prelude::*;

/// One question's fields, with buttons to move it up or down or delete it.
#[component]
pub fn QuestionEditor(draft: RwSignal<Draft>, key: u32) -> impl IntoView {
    let i18n = use_i18n();
    let initial = draft.with_untracked(|d| d.questions.iter().find(|q| q.key == key).cloned()).unwrap_or_default();
    let edit = move |change: &dyn Fn(&mut QuestionDraft)| {
        draft.update(|d| {
            if let Some(q) = d.questions.iter_mut().find(|q| q.key == key) {
                change(q);
            }
        })
    };
    let kind = RwSignal::new(initial.kind.clone());
    let position = move || draft.with(|d| d.questions.iter().position(|q| q.key == key).unwrap_or(0));
    let shift = move |by: isize| {
        draft.update(|d| {
            let at = d.questions.iter().position(|q| q.key == key).unwrap_or(0) as isize;
            let to = at + by;
            if to >= 0 && (to as usize) < d.questions.len() {
                d.questions.swap(at as usize, to as usize);
            }
        })
    };
    let label = move |what: &str| {
        fill(t_string!(i18n, question_editor.of_question), &[("what", &what), ("n", &(position() + 1))])
    };
    view! {
        <fieldset class="question">
            <legend>{move || fill(t_string!(i18n, question_editor.question_n), &[("n", &(position() + 1))])}</legend>
            <div class="row">
                <p class="field">
                    <label>{t!(i18n, question_editor.kind)}
                        <select on:change=move |ev| {
                            let value = event_target_value(&ev);
                            kind.set(value.clone());
                            edit(&|q| q.kind = value.clone());
                        }>
                            {Kind::ALL.map(|kind| {
                                let value = kind.as_str();
                                view! { <option value=value selected=value == initial.kind>{move || kind_name(i18n, kind)}</option> }
                            })}
                        </select>
                    </label>
                </p>
                <p class="field">
                    <label>{t!(i18n, question_editor.id)}
                        <input prop:value=initial.id.clone() on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.id = v.clone()) }/>
                    </label>
                </p>
                <p class="field check">
                    <label>
                        <input type="checkbox" prop:checked=initial.required
                            on:change=move |ev| { let v = event_target_checked(&ev); edit(&|q| q.required = v) }/>
                        {t!(i18n, question_editor.required)}
                    </label>
                </p>
            </div>
            <p class="field">
                <label>{t!(i18n, question_editor.question)}
                    <input class="prompt" prop:value=initial.prompt.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.prompt = v.clone()) }/>
                </label>
            </p>
            <p class="field">
                <label>{t!(i18n, question_editor.help_optional)}
                    <input prop:value=initial.help.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.help = v.clone()) }/>
                </label>
            </p>
            <Show when=move || has_options(&kind.get())>
                <p class="field">
                    <label>{move || if kind.get() == "matrix" { t_string!(i18n, question_editor.rows_one_per_line) } else { t_string!(i18n, question_editor.choices_one_per_line) }}
                        <textarea rows="3" prop:value=initial.options.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.options = v.clone()) }></textarea>
                    </label>
                </p>
            </Show>
            <Show when=move || kind.get() == "matrix">
                <p class="field">
                    <label>{t!(i18n, question_editor.columns_one_per_line)}
                        <textarea rows="3" prop:value=initial.columns.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.columns = v.clone()) }></textarea>
                    </label>
                </p>
            </Show>
            <RuleEditor draft key name=t_string!(i18n, question_editor.ask_only_if) rule=|q| &mut q.show_if/>
            <RuleEditor draft key name=t_string!(i18n, question_editor.end_after_it_if) rule=|q| &mut q.end_if/>
            <details>
                <summary>{t!(i18n, question_editor.other_fields_json)}</summary>
                <textarea aria-label=move || label(t_string!(i18n, question_editor.other_fields)) rows="3" prop:value=initial.extra.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.extra = v.clone()) }></textarea>
                <p class="hint">{t!(i18n, question_editor.other_fields_hint)}" "<code>{r#"{"points": 5, "style": "stars"}"#}</code>" · "<code>{r#"{"max_length": 300}"#}</code>" · "<code>{r#"{"earliest": "2026-01-01", "latest": "2026-12-31"}"#}</code></p>
            </details>
            <p class="actions">
                <button type="button" aria-label=move || label(t_string!(i18n, question_editor.move_up)) on:click=move |_| shift(-1)>"↑"</button>
                <button type="button" aria-label=move || label(t_string!(i18n, question_editor.move_down)) on:click=move |_| shift(1)>"↓"</button>
                <button type="button" aria-label=move || label(t_string!(i18n, question_editor.delete))
                    on:click=move |_| draft.update(|d| d.questions.retain(|q| q.key != key))>{t!(i18n, question_editor.delete)}</button>
            </p>
        </fieldset>
    }
}

/// One logic rule of a question: the question it looks at (none: no rule), the test, the value.
#[component]
fn RuleEditor(
    draft: RwSignal<Draft>,
    key: u32,
    name: &'static str,
    rule: fn(&mut QuestionDraft) -> &mut Rule,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial =
        draft.with_untracked(|d| d.questions.iter().find(|q| q.key == key).map(|q| rule(&mut q.clone()).clone()));
    let initial = initial.unwrap_or_default();
    let edit = move |change: &dyn Fn(&mut Rule)| {
        draft.update(|d| {
            if let Some(q) = d.questions.iter_mut().find(|q| q.key == key) {
                change(rule(q));
            }
        })
    };
    let chosen = RwSignal::new(initial.question.clone());
    let ids =
        move || draft.with(|d| d.questions.iter().filter(|q| q.key != key).map(|q| q.id.clone()).collect::<Vec<_>>());
    let first = initial.question.clone();
    view! {
        <fieldset class="rule row">
            <legend>{name}</legend>
            <p class="field">
                <label>{t!(i18n, question_editor.question)}
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        chosen.set(value.clone());
                        edit(&|r| r.question = value.clone());
                    }>
                        <option value="" selected=first.is_empty()>{t!(i18n, question_editor.no_rule)}</option>
                        {move || ids().into_iter().map(|id| view! { <option value=id.clone() selected=id == first>{id.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
            <Show when=move || !chosen.get().is_empty()>
                <p class="field">
                    <label>{t!(i18n, question_editor.test)}
                        <select on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| r.test = v.clone()) }>
                            {TESTS.map(|value| view! { <option value=value selected=value == initial.test>{move || test_name(i18n, value)}</option> })}
                        </select>
                    </label>
                </p>
                <p class="field">
                    <label>{t!(i18n, question_editor.value)}
                        <input placeholder=move || t_string!(i18n, question_editor.n_6_a_choice_id_true) prop:value=initial.value.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.value = v.clone()) }/>
                    </label>
                </p>
            </Show>
        </fieldset>
    }
}
