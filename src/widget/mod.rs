//! The survey widget: the form a respondent fills in, inside the iframe that embed.js creates.
//!
//! The same components render on the server (first paint, and the whole form when JavaScript is
//! off) and hydrate in the browser. Nothing here touches a browser API while rendering; the DOM
//! is only read in event handlers and effects, which run in the browser alone.
//!
//! Answers are read from the form itself (`FormData`), not mirrored into signals, so whatever a
//! respondent clicked before the wasm arrived is kept and sent.

pub mod browser;
pub mod form;

use hearback_core::{Question, QuestionKind, Response, Survey};
use leptos::either::Either;
use leptos::prelude::*;

/// Where the respondent is in answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Editing,
    Sending,
    /// Not sent: the message says why and what to do.
    Failed(String),
    Done,
}

impl Status {
    fn name(&self) -> &'static str {
        match self {
            Status::Editing => "editing",
            Status::Sending => "sending",
            Status::Failed(_) => "failed",
            Status::Done => "done",
        }
    }
}

/// A survey as a form, with a progress indicator and a thank-you once the answers are stored.
#[component]
pub fn SurveyForm(
    /// The survey to ask; the server and the browser must render from the very same definition.
    survey: Survey,
) -> impl IntoView {
    let total = survey.questions().len();
    let action = format!("/w/{}", survey.id());
    let title = survey.title().to_owned();
    let questions = survey.questions().to_vec();
    let survey = StoredValue::new(survey);

    let answered = RwSignal::new(0usize);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let status = RwSignal::new(Status::Editing);
    // The body last sent and its Idempotency-Key: a retry of the same answers reuses the key, so
    // the server counts them once however many times they arrive.
    let pending = StoredValue::new(None::<(String, String)>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let thanks_ref = NodeRef::<leptos::html::H2>::new();

    // Runs in the browser only, once hydrated: take over validation from the browser and count
    // what was answered before the wasm arrived.
    Effect::new(move |_| {
        if let Some(form) = form_ref.get() {
            form.set_no_validate(true);
            answered.set(survey.with_value(|s| form::answered(s, browser::form_field(&form))));
            _ = form.set_attribute("data-ready", "");
            browser::watch_height();
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        let Some(form) = form_ref.get_untracked() else { return };
        answered.set(survey.with_value(|s| form::answered(s, browser::form_field(&form))));
        if let Some(name) = browser::target_name(&ev) {
            errors.update(|e| e.retain(|(question, _)| *question != name));
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if status.get_untracked() == Status::Sending {
            return;
        }
        let Some(form) = form_ref.get_untracked() else { return };
        let raw = survey.with_value(|s| form::raw_response(s, browser::form_field(&form)));
        let response = match survey.with_value(|s| Response::parse(s, &raw)) {
            Ok(response) => response,
            Err(invalid) => {
                errors.set(form::field_errors(&invalid));
                status.set(Status::Failed("Please check the questions marked below.".into()));
                browser::focus_first_invalid(&form);
                return;
            }
        };
        errors.set(Vec::new());
        let body = browser::to_json(&response.to_raw());
        let key = match pending.get_value() {
            Some((sent, key)) if sent == body => key,
            _ => browser::new_idempotency_key(),
        };
        pending.set_value(Some((body.clone(), key.clone())));
        status.set(Status::Sending);
        let survey_id = survey.with_value(|s| s.id().to_string());
        leptos::task::spawn_local(async move {
            match browser::send_response(&survey_id, &body, &key).await {
                Ok(()) => {
                    status.set(Status::Done);
                    browser::tell_host_completed();
                    if let Some(heading) = thanks_ref.get_untracked() {
                        _ = heading.focus();
                    }
                }
                Err(message) => status.set(Status::Failed(message)),
            }
        });
    };

    let done = move || status.with(|s| *s == Status::Done);
    let sending = move || status.with(|s| *s == Status::Sending);
    let message = move || match status.get() {
        Status::Failed(message) => message,
        _ => String::new(),
    };

    view! {
        <div class="hb-widget" data-state=move || status.with(Status::name)>
            <form
                class="hb-survey"
                method="post"
                action=action
                node_ref=form_ref
                hidden=done
                on:submit=on_submit
                on:input=on_input
            >
                <h1 class="hb-title">{title}</h1>
                <div class="hb-progress">
                    <progress max=total value=move || answered.get() aria-hidden="true"></progress>
                    <span aria-live="polite">{move || answered.get()}" of "{total}" answered"</span>
                </div>
                {questions
                    .into_iter()
                    .map(|question| view! { <QuestionField question errors/> })
                    .collect_view()}
                <p class="hb-form-error" role="alert">{message}</p>
                <button type="submit" class="hb-send" aria-disabled=move || sending().then_some("true")>
                    {move || if sending() { "Sending…" } else { "Send" }}
                </button>
            </form>
            <section class="hb-thanks" hidden=move || !done() role="status">
                <h2 tabindex="-1" node_ref=thanks_ref>"Thank you!"</h2>
                <p>"Your answers were received. We'll tell you what we do with them."</p>
            </section>
        </div>
    }
}

/// One question: a group of radio buttons, or a text box.
#[component]
fn QuestionField(
    /// The question to show.
    question: Question,
    /// Problems found on submit, by question id.
    errors: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let id = question.id.to_string();
    let error_id = format!("{id}-error");
    let error = {
        let id = id.clone();
        move || errors.with(|e| e.iter().find(|(q, _)| *q == id).map(|(_, m)| m.clone()))
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let required = question.required.then(|| view! { <span class="hb-required">" (required)"</span> });
    let error_text = view! { <p class="hb-error" id=error_id.clone()>{error}</p> };

    match question.kind {
        QuestionKind::Text { max_length } => Either::Left(view! {
            <div class="hb-question hb-text">
                <label class="hb-prompt" for=id.clone()>{question.prompt}{required}</label>
                <textarea
                    id=id.clone()
                    name=id
                    rows="3"
                    maxlength=max_length
                    aria-invalid=invalid
                    aria-describedby=error_id
                ></textarea>
                {error_text}
            </div>
        }),
        kind => {
            let options = scale_options(&kind);
            let (low, high) = match kind {
                QuestionKind::Nps => (Some("Not at all likely"), Some("Extremely likely")),
                QuestionKind::Rating => (Some("Poor"), Some("Excellent")),
                _ => (None, None),
            };
            let class = match kind {
                QuestionKind::Nps => "hb-question hb-scale hb-nps",
                QuestionKind::Rating => "hb-question hb-scale hb-rating",
                _ => "hb-question hb-choice",
            };
            let ends = low.zip(high).map(|(low, high)| {
                view! {
                    <div class="hb-ends" aria-hidden="true">
                        <span>{low}</span>
                        <span>{high}</span>
                    </div>
                }
            });
            Either::Right(view! {
                <fieldset class=class aria-invalid=invalid aria-describedby=error_id>
                    <legend class="hb-prompt">{question.prompt}{required}</legend>
                    <div class="hb-options">
                        {options
                            .into_iter()
                            .map(|(value, label)| {
                                view! {
                                    <label class="hb-option">
                                        <input type="radio" name=id.clone() value=value/>
                                        <span>{label}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    {ends}
                    {error_text}
                </fieldset>
            })
        }
    }
}

/// The (value, label) of each radio button of a question that has them.
fn scale_options(kind: &QuestionKind) -> Vec<(String, String)> {
    match kind {
        QuestionKind::Nps => (0..=10).map(|n| (n.to_string(), n.to_string())).collect(),
        QuestionKind::Rating => {
            (1..=hearback_core::survey::RATING_MAX).map(|n| (n.to_string(), n.to_string())).collect()
        }
        QuestionKind::SingleChoice { choices } => choices.iter().map(|c| (c.id.to_string(), c.label.clone())).collect(),
        QuestionKind::Text { .. } => Vec::new(),
    }
}
