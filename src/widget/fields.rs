//! One question on screen, whatever its kind.
//!
//! Every kind is one of four shapes: a list of options (radio buttons for scales, single choice
//! and yes/no; check boxes for multiple choice), a text box, a matrix (one radio group per row)
//! or a consent box; the server renders them, the browser only hydrates around them. Each
//! question is a labelled group whose prompt, help text and error message are wired to it with
//! ARIA.

use super::live::{bind, error_at, present, Live};
use super::strings::Strings;
use hearback_core::{Question, QuestionKind};
use leptos::prelude::*;

/// A question, hidden while logic skips it.
///
/// Its prompt, help and answer controls never change once shown, so the server renders them
/// ([`controls::html`]) and the browser hydrates around them: only the question's own element
/// (shown or skipped, valid or not) and its error message are live, and the markup code of
/// every kind stays out of the wasm. (The text box of a question carries its own mark, set by
/// the submit handler.)
#[component]
pub fn QuestionField(
    /// The question to show.
    question: Question,
    /// The form it belongs to.
    live: Live,
    /// Its place in the survey.
    at: usize,
    /// Orders shuffled choices the same on the server and in the browser.
    seed: u32,
) -> impl IntoView {
    let id = question.id.to_string();
    let ids = Ids::of(&question);
    let kind_class = question.kind.name();
    let (class, role) = match &question.kind {
        QuestionKind::MultipleChoice { .. }
        | QuestionKind::Matrix { .. }
        | QuestionKind::Text { .. }
        | QuestionKind::Consent
        | QuestionKind::Contact
        | QuestionKind::Rare(_) => (format!("hb-question hb-{kind_class}"), "group"),
        QuestionKind::Rating { stars: true, .. } => {
            (format!("hb-question hb-scale hb-stars hb-{kind_class}"), "radiogroup")
        }
        kind if kind.scale().is_some() => (format!("hb-question hb-scale hb-{kind_class}"), "radiogroup"),
        _ => (format!("hb-question hb-choice hb-{kind_class}"), "radiogroup"),
    };
    let controls = live.ctx.with_value(|c| controls::html(question, &c.strings, &c.known, seed));

    view! {
        <div class=class role=role aria-labelledby=ids.prompt aria-describedby=ids.described
            aria-invalid=bind(live, at, |c, s, at| error_at(c, s, at).map(|_| "true".to_owned()))
            data-question=id hidden=bind(live, at, |_, s, at| present(!s.asked.get(at).copied().unwrap_or(true)))>
            <div class="hb-controls" inner_html=controls></div>
            <p class="hb-error" id=ids.error>
                {bind(live, at, |c, s, at| error_at(c, s, at).unwrap_or_default().to_owned())}
            </p>
        </div>
    }
}

/// The ids that tie a question's prompt, help and error message to it.
struct Ids {
    prompt: String,
    error: String,
    /// The help (if any) and the error message.
    described: String,
}

impl Ids {
    fn of(question: &Question) -> Ids {
        let id = question.id.as_str();
        let error = format!("{id}-error");
        let described = match question.help {
            Some(_) => format!("{id}-help {error}"),
            None => error.clone(),
        };
        Ids { prompt: format!("{id}-prompt"), error, described }
    }
}

/// The browser never renders controls: it finds them in the page.
#[cfg(not(feature = "ssr"))]
mod controls {
    use super::*;

    pub fn html(_: Question, _: &Strings, _: &hearback_core::Known, _: u32) -> String {
        String::new()
    }
}

/// The static part of a question as HTML: prompt, help and answer controls.
#[cfg(feature = "ssr")]
mod controls {
    use super::*;
    use crate::widget::form::{other_field, row_field, shown_order, ADDRESS};
    use crate::widget::plain::PlainForm;
    use crate::widget::strings::{contact_strings, ContactStrings, Msg};
    use hearback_core::contact::KNOWN_EMAIL;
    use hearback_core::survey::OTHER;
    use hearback_core::Choice;
    use leptos::either::{Either, EitherOf6};

    /// One option of a list: form value, visible label, and a fuller label for screen readers
    /// when the visible one is a glyph (stars).
    struct Opt {
        value: String,
        label: String,
        spoken: Option<String>,
    }

    pub fn html(question: Question, strings: &Strings, known: &hearback_core::Known, seed: u32) -> String {
        let Ids { prompt: prompt_id, described, .. } = Ids::of(&question);
        let id = question.id.to_string();
        let s = |msg| strings.get(msg).to_owned();
        // What a plain form post sent before, filled back in.
        let posted = use_context::<PlainForm>().unwrap_or_default();
        let value = |name: &str| posted.first(name).unwrap_or_default().to_owned();
        let required = question.required.then(|| view! { <span class="hb-required">" "{s(Msg::Required)}</span> });
        let prompt_text = question.prompt.as_str().to_owned();
        let help =
            question.help.map(|h| view! { <p class="hb-help" id=format!("{id}-help")>{h.as_str().to_owned()}</p> });
        let is_consent = question.kind == QuestionKind::Consent;
        let prompt = (!is_consent)
            .then(|| view! { <p class="hb-prompt" id=prompt_id.clone()>{prompt_text.clone()}{required.clone()}</p> });

        let body = match question.kind {
            QuestionKind::Text { long, max_length } => EitherOf6::A(if long {
                Either::Left(view! {
                    <textarea id=id.clone() name=id.clone() rows="3" maxlength=max_length
                        aria-labelledby=prompt_id.clone() aria-describedby=described.clone()>{value(&id)}</textarea>
                })
            } else {
                Either::Right(view! {
                    <input type="text" id=id.clone() name=id.clone() maxlength=max_length value=value(&id)
                        aria-labelledby=prompt_id.clone() aria-describedby=described.clone()/>
                })
            }),
            QuestionKind::Matrix { rows, columns } => EitherOf6::B(
                rows.into_iter()
                    .map(|row| {
                        let name = row_field(&id, row.id.as_str());
                        let options = choice_opts(&columns, None);
                        view! {
                            <fieldset class="hb-row">
                                <legend>{row.label.as_str().to_owned()}</legend>
                                {options_view(posted.all(&name), name, "radio", options)}
                            </fieldset>
                        }
                    })
                    .collect_view(),
            ),
            QuestionKind::Consent => EitherOf6::C(view! {
                <label class="hb-consent-box">
                    <input type="checkbox" name=id.clone() value="yes" aria-describedby=described.clone()
                        checked=posted.first(&id).is_some()/>
                    <span id=prompt_id.clone()>{prompt_text}{required}</span>
                </label>
            }),
            QuestionKind::Contact => {
                // The page gives the words in the respondent's language.
                let words = use_context::<ContactStrings>().unwrap_or_else(|| contact_strings("en"));
                let known_address = known.contains_key(KNOWN_EMAIL);
                let opt =
                    |value: &str, label: &str| Opt { value: value.to_owned(), label: label.to_owned(), spoken: None };
                let opts = vec![
                    opt("no", words.no),
                    opt("here", words.here),
                    opt("email", if known_address { words.known } else { words.email }),
                ];
                let field = row_field(&id, ADDRESS);
                // Shown by the style sheet once e-mail is chosen; never for a known customer.
                let address = (!known_address).then(|| {
                    view! {
                        <label class="hb-address">
                            <span>{words.address}</span>
                            <input type="email" name=field.clone() autocomplete="email" maxlength="254" value=value(&field)/>
                        </label>
                    }
                });
                EitherOf6::D(view! {
                    <p class="hb-hint">{words.purpose}</p>
                    {options_view(posted.all(&id), id.clone(), "radio", opts)}
                    {address}
                })
            }
            QuestionKind::Rare(rare) => EitherOf6::F(crate::widget::rare_fields::control(
                &rare, &id, &prompt_id, &described, &posted, strings, seed,
            )),
            kind => {
                let (opts, multiple, other, ends, hint) = list_of(&kind, strings, seed);
                let other_box = other.then(|| {
                    let field = other_field(&id);
                    let label = s(Msg::OtherSpecify);
                    view! {
                        <input type="text" class="hb-other" name=field.clone() maxlength="200" aria-label=label
                            placeholder=s(Msg::OtherSpecify) value=value(&field)/>
                    }
                });
                let ends = ends.map(|(low, high)| {
                    view! { <div class="hb-ends" aria-hidden="true"><span>{low}</span><span>{high}</span></div> }
                });
                let hint = hint.map(|h| view! { <p class="hb-hint">{h}</p> });
                EitherOf6::E(view! {
                    {hint}
                    {options_view(posted.all(&id), id.clone(), if multiple { "checkbox" } else { "radio" }, opts)}
                    {other_box}
                    {ends}
                })
            }
        };
        view! { {prompt}{help}{body} }.to_html()
    }

    /// The options of a list-shaped question: (options, check boxes?, offers "Other"?, end labels,
    /// a hint on how many to choose).
    #[allow(clippy::type_complexity)]
    fn list_of(
        kind: &QuestionKind,
        strings: &Strings,
        seed: u32,
    ) -> (Vec<Opt>, bool, bool, Option<(String, String)>, Option<String>) {
        let s = |msg| strings.get(msg).to_owned();
        let numbers = |min: u8, max: u8, stars: bool| -> Vec<Opt> {
            (min..=max)
                .map(|n| Opt {
                    value: n.to_string(),
                    label: if stars { "★".to_owned() } else { n.to_string() },
                    spoken: stars.then(|| strings.fill(Msg::Stars, &[("n", n.into()), ("m", max.into())])),
                })
                .collect()
        };
        match kind {
            QuestionKind::Nps => (numbers(0, 10, false), false, false, Some((s(Msg::NpsLow), s(Msg::NpsHigh))), None),
            QuestionKind::Csat => (numbers(1, 5, false), false, false, Some((s(Msg::CsatLow), s(Msg::CsatHigh))), None),
            QuestionKind::Ces => (numbers(1, 7, false), false, false, Some((s(Msg::CesLow), s(Msg::CesHigh))), None),
            QuestionKind::Rating { points, stars, low, high } => {
                let ends = low.as_ref().zip(high.as_ref()).map(|(l, h)| (l.as_str().to_owned(), h.as_str().to_owned()));
                (numbers(1, *points, *stars), false, false, ends, None)
            }
            QuestionKind::YesNo => {
                let opts = [("yes", Msg::Yes), ("no", Msg::No)]
                    .into_iter()
                    .map(|(value, msg)| Opt { value: value.to_owned(), label: s(msg), spoken: None })
                    .collect();
                (opts, false, false, None, None)
            }
            QuestionKind::SingleChoice { choices, other, shuffle } => {
                let opts = choice_opts(choices, shuffle.then_some(seed));
                (with_other(opts, *other, s(Msg::Other)), false, *other, None, None)
            }
            QuestionKind::MultipleChoice { choices, other, shuffle, min, max } => {
                let opts = choice_opts(choices, shuffle.then_some(seed));
                let count = (choices.len() + usize::from(*other)) as u32;
                let hint = (*min > 0 || *max < count)
                    .then(|| strings.fill(Msg::ChooseRange, &[("min", (*min).max(1)), ("max", *max)]));
                (with_other(opts, *other, s(Msg::Other)), true, *other, None, hint)
            }
            _ => (Vec::new(), false, false, None, None),
        }
    }

    fn choice_opts(choices: &[Choice], shuffle_seed: Option<u32>) -> Vec<Opt> {
        shown_order(choices.len(), shuffle_seed)
            .into_iter()
            .map(|i| Opt {
                value: choices[i].id.to_string(),
                label: choices[i].label.as_str().to_owned(),
                spoken: None,
            })
            .collect()
    }

    /// "Other" always comes last, also when the listed choices are shuffled.
    fn with_other(mut opts: Vec<Opt>, other: bool, label: String) -> Vec<Opt> {
        if other {
            opts.push(Opt { value: OTHER.to_owned(), label, spoken: None });
        }
        opts
    }

    fn options_view(chosen: Vec<String>, name: String, input_type: &'static str, options: Vec<Opt>) -> impl IntoView {
        view! {
            <div class="hb-options">
                {options
                    .into_iter()
                    .map(|opt| {
                        let spoken = opt.spoken.map(|text| view! { <span class="hb-sr">{text}</span> });
                        let hide_glyph = spoken.is_some().then_some("true");
                        let checked = chosen.contains(&opt.value);
                        view! {
                            <label class="hb-option">
                                <input type=input_type name=name.clone() value=opt.value checked=checked/>
                                <span aria-hidden=hide_glyph>{opt.label}</span>
                                {spoken}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        }
    }
}
