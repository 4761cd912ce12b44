//! The live form: what the respondent's actions change, and what the view shows of it.
//!
//! Everything that never changes once the page is rendered is one [`Ctx`], everything that does is
//! one [`State`], and the view reads them only through [`bind`] with a plain function. That shape
//! is for the wasm's size as much as for reading: each distinct closure the view binds makes the
//! renderer's and the reactive graph's generic code be compiled again, so bindings of one type
//! share one closure type here, and the bundle carries that code once per type instead of once per
//! binding.

use super::strings::{Msg, Strings};
use super::{browser, form, Status};
use hearback_core::response::asked;
use hearback_core::{Completion, Known, RawResponse, Response, Survey};
use leptos::prelude::*;

/// What the form's parts share and do not change (the respondent's session aside).
pub struct Ctx {
    pub survey: Survey,
    pub known: Known,
    pub strings: Strings,
    /// What the host page said about the customer, sent back with every save.
    pub customer: Option<String>,
    /// The response's key and the number of its last save: every save of the same response uses
    /// the key, so the server keeps one response however often it is saved or retried, and
    /// ignores a save that arrives after a newer one. Set once hydrated, in the browser only.
    pub session: Option<browser::Session>,
}

/// What the form shows that changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Which questions logic asks, given the answers so far.
    pub asked: Vec<bool>,
    /// How many of those have an answer.
    pub answered: usize,
    /// Problems found on submit, as (question id, message).
    pub errors: Vec<(String, String)>,
    pub status: Status,
}

impl State {
    /// How many questions logic asks.
    pub fn total(&self) -> usize {
        self.asked.iter().filter(|asked| **asked).count()
    }
}

/// The form's two halves, as one handle that the view and every handler copy.
#[derive(Clone, Copy)]
pub struct Live {
    pub ctx: StoredValue<Ctx>,
    pub state: RwSignal<State>,
}

/// A value the view shows, worked out by `f` from the form (and, for a question's parts, the
/// question's index `at`; the form's own parts pass 0). Live attributes are all
/// `Option<String>` and live texts `String`, so that the view's bindings come in two types.
pub fn bind<T: 'static>(
    live: Live,
    at: usize,
    f: fn(&Ctx, &State, usize) -> T,
) -> impl Fn() -> T + Copy + Send + Sync + 'static {
    move || live.ctx.with_value(|c| live.state.with(|s| f(c, s, at)))
}

/// A boolean attribute (`hidden`) as the one type every live attribute has: present, or not.
pub fn present(on: bool) -> Option<String> {
    on.then(String::new)
}

/// The problem found with question `at`, if any.
pub fn error_at<'a>(c: &Ctx, s: &'a State, at: usize) -> Option<&'a str> {
    let id = c.survey.questions().get(at)?.id.as_str();
    s.errors.iter().find(|(q, _)| q == id).map(|(_, m)| m.as_str())
}

impl Live {
    /// One of the widget's strings in the respondent's language.
    pub fn words(self, msg: Msg) -> String {
        self.ctx.with_value(|c| c.strings.get(msg).to_owned())
    }

    /// The form's answers as a response, read from the form itself.
    fn read(self) -> Option<RawResponse> {
        let form = browser::survey_form()?;
        Some(self.ctx.with_value(|c| form::raw_response(&c.survey, &c.known, browser::form_fields(&form))))
    }

    /// Which questions logic asks is worked out once per change and serves both the progress
    /// count and showing or hiding questions.
    fn recount(self, raw: &RawResponse) {
        let (now, answered) = self.ctx.with_value(|c| {
            let now = asked(&c.survey, raw, &c.known);
            let answered = form::progress(&c.survey, raw, &now).0;
            (now, answered)
        });
        self.state.maybe_update(|s| {
            let changed = s.asked != now || s.answered != answered;
            s.asked = now;
            s.answered = answered;
            changed
        });
    }

    fn is_valid(self, raw: &RawResponse, completion: Completion) -> Result<(), Vec<(String, String)>> {
        self.ctx.with_value(|c| match Response::parse_with(&c.survey, raw, &c.known, completion) {
            Ok(_) => Ok(()),
            Err(invalid) => Err(form::field_errors(&invalid, &c.strings)),
        })
    }

    fn set_status(self, status: Status) {
        self.state.update(|s| s.status = status);
    }

    /// Once hydrated, in the browser: take over validation from the browser, pick up a response
    /// saved earlier on this site, and count what was answered before the wasm arrived.
    pub fn take_over(self) {
        let Some(form) = browser::survey_form() else { return };
        form.set_no_validate(true);
        let id = self.ctx.with_value(|c| c.survey.id().to_string());
        self.ctx.update_value(|c| c.session = Some(browser::Session::resume(&id)));
        if let Some(raw) = self.read() {
            self.recount(&raw);
        }
        _ = form.set_attribute("data-ready", "");
    }

    /// The form's events: an answer given or finished, or Send pressed.
    pub fn on_event(self, ev: &web_sys::Event) {
        match ev.type_().as_str() {
            "submit" => self.on_submit(ev),
            "input" => self.on_input(ev),
            _ => self.on_change(),
        }
    }

    /// An answer is being given: count it, and clear its question's problem.
    fn on_input(self, ev: &web_sys::Event) {
        let Some(raw) = self.read() else { return };
        self.recount(&raw);
        if let Some(name) = browser::target_name(ev) {
            let question = name.split('.').next().unwrap_or_default();
            browser::mark_invalid(question, false);
            self.state.maybe_update(|s| {
                let before = s.errors.len();
                s.errors.retain(|(q, _)| q != question);
                s.errors.len() != before
            });
        }
    }

    /// A finished answer (a choice made, a text box left) is saved at once, so an abandoned
    /// survey still counts and can be resumed.
    fn on_change(self) {
        let Some(raw) = self.read() else { return };
        // Once sending has started or finished, the final save carries the answers.
        let editing = self.state.with_untracked(|s| matches!(s.status, Status::Editing | Status::Failed(_)));
        if !editing || self.is_valid(&raw, Completion::Partial).is_err() {
            return;
        }
        self.send(&raw, false);
    }

    /// Send: check every answer first, as the server will.
    fn on_submit(self, ev: &web_sys::Event) {
        ev.prevent_default();
        if self.state.with_untracked(|s| s.status == Status::Sending) {
            return;
        }
        let Some(raw) = self.read() else { return };
        let errors = self.is_valid(&raw, Completion::Complete).err().unwrap_or_default();
        // A text box carries its own mark, so a screen reader announces it on the box.
        self.ctx.with_value(|c| {
            for question in c.survey.questions() {
                let id = question.id.as_str();
                browser::mark_invalid(id, errors.iter().any(|(q, _)| q == id));
            }
        });
        if errors.is_empty() {
            self.state.update(|s| s.errors.clear());
            self.send(&raw, true);
        } else {
            let message = self.words(Msg::CheckMarked);
            self.state.update(|s| {
                s.errors = errors;
                s.status = Status::Failed(message);
            });
            browser::focus_first_invalid();
        }
    }

    /// Saves the answers under the response's key: a partial save as the respondent goes (its
    /// failure is not the respondent's problem: the next save or the final one carries the same
    /// answers), or the final one, whose outcome the form shows.
    fn send(self, raw: &RawResponse, complete: bool) {
        let Some(mut session) = self.ctx.with_value(|c| c.session.clone()) else { return };
        let (body, strings) = self.ctx.with_value(|c| {
            let language = c.survey.languages().first().map_or("", String::as_str);
            (browser::to_json(raw, complete, session.next_save(), c.customer.as_deref(), language), c.strings.clone())
        });
        self.ctx.update_value(|c| c.session = Some(session.clone()));
        if complete {
            self.set_status(Status::Sending);
        } else if let Some(form) = browser::survey_form() {
            session.remember(&form);
        }
        leptos::task::spawn_local(async move {
            let saved = browser::save(&session, body, strings).await;
            match saved {
                _ if !complete => {}
                Ok(()) => {
                    session.finish();
                    self.set_status(Status::Done);
                    browser::tell_host_completed();
                    browser::focus_thanks();
                }
                Err(message) => self.set_status(Status::Failed(message)),
            }
        });
    }
}
