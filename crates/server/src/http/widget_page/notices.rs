//! The pages of a survey that takes no answers now: closed, or not open yet by its schedule, in
//! the respondent's language. Inside a company's page they fit their iframe like the survey does
//! (a few lines of script report their height to the host page, to the exact origin the company
//! allowed), so an inline survey or a panel opened by its button says so where the survey was;
//! they never say "ready", so nothing opens by itself to tell a visitor about a survey they
//! cannot answer.

use super::super::page::escape_html;
use super::template::{message, Parts, ResultsLink, WidgetTemplate};
use hearback_core::Origin;
use hearback_web::widget::strings::{direction, loop_strings};
use leptos::prelude::*;

/// Reports the page's height to the host page (and Escape, to close a panel), as the survey's
/// page script does; nothing else.
const FIT_SCRIPT: &str = "(function(){var r=document.getElementById('survey-root'),h=r&&r.getAttribute('data-host'),p=document.documentElement;if(!h||window.parent===window)return;p.classList.add('hb-embedded');var f=function(){window.parent.postMessage({hearback:'resize',height:p.scrollHeight},h)};f();if(window.ResizeObserver)new ResizeObserver(f).observe(p);document.addEventListener('keydown',function(e){if(e.key==='Escape')window.parent.postMessage({hearback:'open',open:false},h)})})();";

impl WidgetTemplate {
    /// The page of a survey that no longer takes answers, with the link to its results when
    /// anyone may read them.
    pub fn closed_page(
        &self,
        survey: &hearback_core::Survey,
        language: &str,
        results: bool,
        host: Option<&Origin>,
        nonce: &str,
    ) -> String {
        let said = loop_strings(language);
        let link = results.then(|| {
            let survey = survey.id().to_string();
            let link = view! { <ResultsLink survey language=language.to_owned() text=said.closed_results/> };
            view! { <p class="hb-loop">{link}</p> }.into_any()
        });
        let notice = Notice { language, heading: said.closed_title, text: said.closed_text, host };
        self.notice_page(notice, link, nonce)
    }

    /// The page of a survey whose schedule opens it at `opens` (a time people read whatever
    /// their language).
    pub fn not_open_page(&self, language: &str, opens: &str, host: Option<&Origin>, nonce: &str) -> String {
        let said = loop_strings(language);
        let text = said.not_open_text.replace("{date}", opens);
        self.notice_page(Notice { language, heading: said.not_open_title, text: &text, host }, None, nonce)
    }

    /// The page after a post that filled in the field people never see: nothing was stored.
    pub fn not_sent_page(
        &self,
        language: &str,
        heading: &str,
        text: &str,
        host: Option<&Origin>,
        nonce: &str,
    ) -> String {
        self.notice_page(Notice { language, heading, text, host }, None, nonce)
    }

    fn notice_page(&self, notice: Notice<'_>, more: Option<AnyView>, nonce: &str) -> String {
        let Notice { language, heading, text, host } = notice;
        let body = Owner::new().with(|| message(heading, text, more));
        let html_tag = Some(format!(r#"<html lang="{}" dir="{}">"#, escape_html(language), direction(language)));
        let (root_attributes, body_end) = match host {
            Some(host) => (
                format!(r#" data-host="{}""#, escape_html(host.as_str())),
                format!(r#"<script nonce="{nonce}">{FIT_SCRIPT}</script>"#),
            ),
            None => Default::default(),
        };
        let parts = Parts { html_tag, title: heading.to_owned(), body, root_attributes, body_end, ..Parts::default() };
        self.page(parts, nonce)
    }
}

/// What a notice page says, in which language, and to which host page.
struct Notice<'a> {
    language: &'a str,
    heading: &'a str,
    text: &'a str,
    /// The company's site the page is framed by, when it is one the survey allows.
    host: Option<&'a Origin>,
}
