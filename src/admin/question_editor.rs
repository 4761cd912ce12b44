//! One question in the survey builder: its kind, prompt, help, options, the rules that show it
//! or end the survey after it, and every other field as JSON.

use super::draft::{has_options, Draft, QuestionDraft, Rule, KINDS, TESTS};
use leptos::prelude::*;

/// One question's fields, with buttons to move it up or down or delete it.
#[component]
pub fn QuestionEditor(draft: RwSignal<Draft>, key: u32) -> impl IntoView {
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
    let label = move |what: &str| format!("{what} of question {}", position() + 1);
    view! {
        <fieldset class="question">
            <legend>{move || format!("Question {}", position() + 1)}</legend>
            <div class="row">
                <p class="field">
                    <label>"Kind"
                        <select on:change=move |ev| {
                            let value = event_target_value(&ev);
                            kind.set(value.clone());
                            edit(&|q| q.kind = value.clone());
                        }>
                            {KINDS.map(|(value, name)| view! { <option value=value selected=value == initial.kind>{name}</option> })}
                        </select>
                    </label>
                </p>
                <p class="field">
                    <label>"Id"
                        <input prop:value=initial.id.clone() on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.id = v.clone()) }/>
                    </label>
                </p>
                <p class="field check">
                    <label>
                        <input type="checkbox" prop:checked=initial.required
                            on:change=move |ev| { let v = event_target_checked(&ev); edit(&|q| q.required = v) }/>
                        " Required"
                    </label>
                </p>
            </div>
            <p class="field">
                <label>"Question"
                    <input class="prompt" prop:value=initial.prompt.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.prompt = v.clone()) }/>
                </label>
            </p>
            <p class="field">
                <label>"Help (optional)"
                    <input prop:value=initial.help.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.help = v.clone()) }/>
                </label>
            </p>
            <Show when=move || has_options(&kind.get())>
                <p class="field">
                    <label>{move || if kind.get() == "matrix" { "Rows, one per line" } else { "Choices, one per line (id: Label, or just the label)" }}
                        <textarea rows="3" prop:value=initial.options.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.options = v.clone()) }></textarea>
                    </label>
                </p>
            </Show>
            <Show when=move || kind.get() == "matrix">
                <p class="field">
                    <label>"Columns, one per line"
                        <textarea rows="3" prop:value=initial.columns.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.columns = v.clone()) }></textarea>
                    </label>
                </p>
            </Show>
            <RuleEditor draft key name="Ask only if" rule=|q| &mut q.show_if/>
            <RuleEditor draft key name="End the survey after it if" rule=|q| &mut q.end_if/>
            <details>
                <summary>"Other fields (JSON)"</summary>
                <textarea aria-label=move || label("Other fields") rows="3" prop:value=initial.extra.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|q| q.extra = v.clone()) }></textarea>
                <p class="hint">{r#"Scales, labels and limits, for example {"points": 5, "style": "stars"} or {"max_length": 300}"#}</p>
            </details>
            <p class="actions">
                <button type="button" aria-label=move || label("Move up") on:click=move |_| shift(-1)>"↑"</button>
                <button type="button" aria-label=move || label("Move down") on:click=move |_| shift(1)>"↓"</button>
                <button type="button" aria-label=move || label("Delete")
                    on:click=move |_| draft.update(|d| d.questions.retain(|q| q.key != key))>"Delete"</button>
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
                <label>"Question"
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        chosen.set(value.clone());
                        edit(&|r| r.question = value.clone());
                    }>
                        <option value="" selected=first.is_empty()>"(no rule)"</option>
                        {move || ids().into_iter().map(|id| view! { <option value=id.clone() selected=id == first>{id.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
            <Show when=move || !chosen.get().is_empty()>
                <p class="field">
                    <label>"Test"
                        <select on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| r.test = v.clone()) }>
                            {TESTS.map(|(value, label)| view! { <option value=value selected=value == initial.test>{label}</option> })}
                        </select>
                    </label>
                </p>
                <p class="field">
                    <label>"Value"
                        <input placeholder="6, a choice id, true" prop:value=initial.value.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.value = v.clone()) }/>
                    </label>
                </p>
            </Show>
        </fieldset>
    }
}
