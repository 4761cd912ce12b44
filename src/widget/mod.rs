//! The survey widget: the form a respondent fills in, inside the iframe that embed.js creates.
//!
//! The same components render on the server (first paint, and the whole form when JavaScript is
//! off) and hydrate in the browser. Nothing here touches a browser API while rendering; the DOM
//! is only read in event handlers and effects, which run in the browser alone.
//!
//! Answers are read from the form itself (`FormData`), not mirrored into signals, so whatever a
//! respondent clicked before the wasm arrived is kept and sent.

pub mod browser;
pub mod fields;
pub mod form;
pub mod plain;
pub mod strings;

use fields::QuestionField;
use hearback_core::response::asked;
use hearback_core::survey::compact::{Reader, Token, Writer};
use hearback_core::{Completion, Known, RawResponse, Response, Survey};
use leptos::prelude::*;
use strings::{Msg, Strings};

/// Everything the widget page hands the components, inlined into the page so the browser
/// hydrates from exactly what the server rendered.
///
/// It travels in core's compact form ([`hearback_core::survey::compact`]): a JSON array the
/// browser parses itself, read back without serde or the survey checks, which keeps both out of
/// the wasm. A page from our own server always reads back.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetData {
    /// The survey in the respondent's language.
    pub survey: Survey,
    /// The widget's own words in that language.
    pub strings: Strings,
    /// Orders shuffled choices; fixed per page so server and browser agree.
    pub seed: u32,
    /// Customer attributes the server verified (signed by the company): they answer questions
    /// marked `skip_if_known`.
    pub known: Known,
    /// What the host page said about the customer, as JSON, sent back with the response so the
    /// server checks it again.
    pub customer: Option<String>,
}

impl WidgetData {
    /// The data as the page carries it.
    pub fn to_tokens(&self) -> Vec<Token> {
        let mut w = Writer::default();
        w.survey(&self.survey);
        w.num(self.strings.0.len() as i64);
        for string in &self.strings.0 {
            w.str(string);
        }
        w.num(self.seed);
        w.num(self.known.len() as i64);
        for (name, value) in &self.known {
            w.str(name);
            w.str(value);
        }
        w.opt_str(self.customer.as_deref());
        w.0
    }

    /// The data back from [`WidgetData::to_tokens`]; `None` if anything is amiss.
    pub fn from_tokens(tokens: Vec<Token>) -> Option<WidgetData> {
        let mut r = Reader::new(tokens);
        let survey = r.survey()?;
        let count = r.small::<usize>()?;
        let strings = Strings((0..count).map(|_| r.str()).collect::<Option<_>>()?);
        let seed = r.small()?;
        let count = r.small::<usize>()?;
        let mut known = Known::new();
        for _ in 0..count {
            known.insert(r.str()?, r.str()?);
        }
        let customer = r.opt_str()?;
        r.is_done().then_some(WidgetData { survey, strings, seed, known, customer })
    }
}

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
/// Questions appear and disappear as logic decides; answers are saved as the respondent goes.
#[component]
pub fn SurveyForm(
    /// The survey and what comes with it; the server and the browser render from the same data.
    data: WidgetData,
) -> impl IntoView {
    let WidgetData { survey, strings, seed, known, customer } = data;
    let action = format!("/w/{}", survey.id());
    let title = survey.title().to_owned();
    let questions = survey.questions().to_vec();
    let survey_id = survey.id().to_string();
    let plain = plain::form();
    let posted = plain::posted(plain.as_ref(), &survey, &known);
    let first_asked = asked(&survey, &posted, &known);
    let first_answered = form::progress(&survey, &posted, &first_asked).0;
    let plain_inputs = plain::inputs(plain.as_ref(), &survey, &first_asked, customer.as_deref());
    let survey = StoredValue::new(survey);
    let known = StoredValue::new(known);
    let strings = StoredValue::new(strings);
    let customer = StoredValue::new(customer);
    let s = move |msg| strings.with_value(|s| s.get(msg).to_owned());

    let asked = RwSignal::new(first_asked);
    let answered = RwSignal::new(first_answered);
    let errors = RwSignal::new(plain.as_ref().map(|p| p.errors.clone()).unwrap_or_default());
    let status = RwSignal::new(match plain.and_then(|p| p.message) {
        Some(message) => Status::Failed(message),
        None => Status::Editing,
    });
    // The response's key and the number of its last save: every save of the same response uses
    // the key, so the server keeps one response however often it is saved or retried, and
    // ignores a save that arrives after a newer one.
    let session = StoredValue::new(None::<browser::Session>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let thanks_ref = NodeRef::<leptos::html::H2>::new();

    let read = move || -> Option<RawResponse> {
        let form = form_ref.get_untracked()?;
        Some(survey.with_value(|s| known.with_value(|k| form::raw_response(s, k, browser::form_fields(&form)))))
    };
    // Which questions logic asks is worked out once per change and serves both the progress
    // count and showing or hiding questions.
    let recount = move |raw: &RawResponse| {
        survey.with_value(|s| {
            let now = known.with_value(|k| hearback_core::response::asked(s, raw, k));
            answered.set(form::progress(s, raw, &now).0);
            if asked.with_untracked(|a| *a != now) {
                asked.set(now);
            }
        })
    };

    // Runs in the browser only, once hydrated: take over validation from the browser, pick up a
    // response saved earlier on this site, and count what was answered before the wasm arrived.
    let id_for_effect = survey_id.clone();
    Effect::new(move |_| {
        if let Some(form) = form_ref.get() {
            form.set_no_validate(true);
            session.set_value(Some(browser::Session::resume(&id_for_effect)));
            if let Some(raw) = read() {
                recount(&raw);
            }
            _ = form.set_attribute("data-ready", "");
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        let Some(raw) = read() else { return };
        recount(&raw);
        if let Some(name) = browser::target_name(&ev) {
            let question = name.split('.').next().unwrap_or_default().to_owned();
            errors.update(|e| e.retain(|(q, _)| *q != question));
        }
    };

    // A finished answer (a choice made, a text box left) is saved at once, so an abandoned
    // survey still counts and can be resumed.
    let on_change = move |_: leptos::ev::Event| {
        let Some(raw) = read() else { return };
        let valid =
            survey.with_value(|s| known.with_value(|k| Response::parse_with(s, &raw, k, Completion::Partial).is_ok()));
        // Once sending has started or finished, the final save carries the answers.
        let editing = status.with_untracked(|s| matches!(s, Status::Editing | Status::Failed(_)));
        if !valid || !editing {
            return;
        }
        let Some(form) = form_ref.get_untracked() else { return };
        let Some(mut current) = session.get_value() else { return };
        let body = browser::to_json(&raw, false, current.next_save(), customer.with_value(Clone::clone).as_deref());
        session.set_value(Some(current.clone()));
        current.remember(&form);
        leptos::task::spawn_local(async move {
            // A failed partial save is not the respondent's problem: the next save or the final
            // one carries the same answers.
            _ = strings.with_value(|st| browser::save(&current, body, st.clone())).await;
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if status.get_untracked() == Status::Sending {
            return;
        }
        let Some(form) = form_ref.get_untracked() else { return };
        let Some(raw) = read() else { return };
        let parsed =
            survey.with_value(|s| known.with_value(|k| Response::parse_with(s, &raw, k, Completion::Complete)));
        if let Err(invalid) = parsed {
            errors.set(strings.with_value(|st| form::field_errors(&invalid, st)));
            status.set(Status::Failed(s(Msg::CheckMarked)));
            browser::focus_first_invalid(&form);
            return;
        }
        errors.set(Vec::new());
        let Some(mut current) = session.get_value() else { return };
        let body = browser::to_json(&raw, true, current.next_save(), customer.with_value(Clone::clone).as_deref());
        session.set_value(Some(current.clone()));
        status.set(Status::Sending);
        let st = strings.get_value();
        leptos::task::spawn_local(async move {
            match browser::save(&current, body, st).await {
                Ok(()) => {
                    current.finish();
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
    let total = move || asked.with(|a| a.iter().filter(|x| **x).count());
    let progress_text =
        move || strings.with_value(|st| st.fill(Msg::Progress, &[("n", &answered.get()), ("m", &total())]));
    let seed_for = move |i: usize| seed.wrapping_add(i as u32);

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
                on:change=on_change
            >
                <h1 class="hb-title">{title}</h1>
                <div hidden inner_html=plain_inputs></div>
                <div class="hb-progress">
                    <progress max=total value=move || answered.get() aria-hidden="true"></progress>
                    <span aria-live="polite">{progress_text}</span>
                </div>
                {questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, question)| {
                        let skipped = Signal::derive(move || asked.with(|a| !a.get(i).copied().unwrap_or(true)));
                        view! { <QuestionField question strings errors skipped seed=seed_for(i)/> }
                    })
                    .collect_view()}
                <p class="hb-form-error" role="alert">{message}</p>
                <button type="submit" class="hb-send" aria-disabled=move || sending().then_some("true")>
                    {move || if sending() { s(Msg::Sending) } else { s(Msg::Send) }}
                </button>
            </form>
            <section class="hb-thanks" hidden=move || !done() role="status">
                <h2 tabindex="-1" node_ref=thanks_ref>{s(Msg::ThanksTitle)}</h2>
                <p>{s(Msg::ThanksBody)}</p>
            </section>
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::widget::strings::for_language;

    fn data() -> WidgetData {
        let survey: Survey =
            serde_json::from_str(include_str!("../../crates/server/demo/survey.json")).expect("the demo survey parses");
        WidgetData {
            survey: survey.in_language("de"),
            strings: for_language("de"),
            seed: 4_000_000_000,
            known: Known::from([("plan".to_owned(), "pro".to_owned()), ("country".to_owned(), "CH".to_owned())]),
            customer: Some(r#"{"id":"c-1"}"#.to_owned()),
        }
    }

    #[test]
    fn the_page_data_reads_back_as_written() {
        let data = data();
        assert_eq!(WidgetData::from_tokens(data.to_tokens()), Some(data.clone()));
        let without = WidgetData { known: Known::new(), customer: None, ..data };
        assert_eq!(WidgetData::from_tokens(without.to_tokens()), Some(without));
    }

    #[test]
    fn page_data_with_anything_amiss_is_refused() {
        let mut longer = data().to_tokens();
        longer.push(Token::Num(1));
        assert_eq!(WidgetData::from_tokens(longer), None);
        let mut shorter = data().to_tokens();
        shorter.pop();
        assert_eq!(WidgetData::from_tokens(shorter), None);
    }
}
