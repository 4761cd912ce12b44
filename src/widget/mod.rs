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
pub mod live;
pub mod plain;
#[cfg(feature = "ssr")]
pub mod rare_fields;
pub mod strings;

use fields::QuestionField;
use hearback_core::response::asked;
use hearback_core::survey::compact::{Reader, Token, Writer};
use hearback_core::{Known, Survey};
use leptos::ev::Custom;
use leptos::prelude::*;
use live::{bind, present, Ctx, Live, State};
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
/// Questions appear and disappear as logic decides; answers are saved as the respondent goes
/// (what the respondent's actions do is in [`live`]).
#[component]
pub fn SurveyForm(
    /// The survey and what comes with it; the server and the browser render from the same data.
    data: WidgetData,
) -> impl IntoView {
    let WidgetData { survey, strings, seed, known, customer } = data;
    let action = format!("/w/{}", survey.id());
    let title = survey.title().to_owned();
    let plain = plain::form();
    let posted = plain::posted(plain.as_ref(), &survey, &known);
    let mut first_asked = asked(&survey, &posted, &known);
    let survey = plain::recalled(plain.as_ref(), survey, &posted, &known, &mut first_asked);
    let questions = survey.questions().to_vec();
    let answered = form::progress(&survey, &posted, &first_asked).0;
    let plain_inputs = plain::inputs(plain.as_ref(), &survey, &first_asked, customer.as_deref());
    let state = State {
        asked: first_asked,
        answered,
        errors: plain.as_ref().map(|p| p.errors.clone()).unwrap_or_default(),
        status: match plain.and_then(|p| p.message) {
            Some(message) => Status::Failed(message),
            None => Status::Editing,
        },
    };
    let live = Live {
        ctx: StoredValue::new(Ctx { survey, known, strings, customer, session: None }),
        state: RwSignal::new(state),
    };
    // In the browser, once hydrated (hydration is synchronous, so a microtask runs after it).
    #[cfg(not(feature = "ssr"))]
    queue_microtask(move || live.take_over());
    // One handler for the form's three events: one listener type in the wasm instead of three.
    let handle = move |ev: web_sys::Event| live.on_event(&ev);

    // The form is hidden once the answers are stored, the thanks until then.
    let form = view! {
        <form class="hb-survey" method="post" action=action hidden=bind(live, 0, |_, s, _| present(s.status == Status::Done))>
            <h1 class="hb-title">{title}</h1>
            <div hidden inner_html=plain_inputs></div>
            <div class="hb-progress">
                <progress
                    max=bind(live, 0, |_, s, _| Some(s.total().to_string()))
                    value=bind(live, 0, |_, s, _| Some(s.answered.to_string()))
                    aria-hidden="true"
                ></progress>
                <span aria-live="polite">{bind(live, 0, progress_text)}</span>
            </div>
            {questions
                .into_iter()
                .enumerate()
                .map(|(at, question)| {
                    view! { <QuestionField question live at seed=seed.wrapping_add(at as u32)/> }
                })
                .collect_view()}
            <p class="hb-form-error" role="alert">
                {bind(live, 0, |_, s, _| match &s.status {
                    Status::Failed(message) => message.clone(),
                    _ => String::new(),
                })}
            </p>
            <button type="submit" class="hb-send"
                aria-disabled=bind(live, 0, |_, s, _| (s.status == Status::Sending).then(|| "true".to_owned()))>
                {bind(live, 0, |c, s, _| {
                    c.strings.get(if s.status == Status::Sending { Msg::Sending } else { Msg::Send }).to_owned()
                })}
            </button>
        </form>
    }
    .into_inner()
    .on(Custom::new("submit"), handle)
    .on(Custom::new("input"), handle)
    .on(Custom::new("change"), handle);

    view! {
        <div class="hb-widget" data-state=bind(live, 0, |_, s, _| Some(s.status.name().to_owned()))>
            {form}
            <section class="hb-thanks" hidden=bind(live, 0, |_, s, _| present(s.status != Status::Done)) role="status">
                <h2 tabindex="-1">{live.words(Msg::ThanksTitle)}</h2>
                <p>{live.words(Msg::ThanksBody)}</p>
            </section>
        </div>
    }
}

/// "{n} of {m} answered".
fn progress_text(c: &Ctx, s: &State, _: usize) -> String {
    c.strings.fill(Msg::Progress, &[("n", s.answered as u32), ("m", s.total() as u32)])
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
            known: [("plan".to_owned(), "pro".to_owned()), ("country".to_owned(), "CH".to_owned())]
                .into_iter()
                .collect(),
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
