//! The widget page built from Trunk's `widget.html`: the survey form rendered into it by the
//! very components the wasm bundle hydrates, the data for the bundle inlined, the stylesheet and
//! the page's own script (`widget_page.js`) in the page under a fresh nonce; and the short pages
//! (thanks, messages) in the same frame.

use super::super::page::{escape_html, inline_stylesheets, NONCE_PLACEHOLDER};
use crate::identity::Customer;
use crate::store::StoredSurvey;
use anyhow::Context;
use futures::StreamExt;
use hearback_core::theme::Mode;
use hearback_core::{Known, Origin};
use hearback_web::widget::plain::PlainForm;
use hearback_web::widget::strings::{for_language, is_rtl, loop_strings, Msg};
use hearback_web::widget::{SurveyForm, WidgetData};
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the server splices the rendered form into Trunk's page.
/// A `main` landmark, so assistive technology finds the survey at once.
const ROOT: &str = r#"<main id="survey-root"></main>"#;
/// Restores saved answers and keeps "don't ask again", before and without the wasm; closes the
/// loop. Served minified when the front-end build left `page.min.js` beside the widget page.
const PAGE_SCRIPT: &str = include_str!("../widget_page.js");

/// How a survey page is to be shown.
#[derive(Debug, Default)]
pub struct PageOptions {
    /// The embedding site, when it is one the company allowed.
    pub host: Option<Origin>,
    /// Languages in order of preference: the host page's choice, then the browser's.
    pub languages: Vec<String>,
    /// What the host page said about the customer, and what the server made of it.
    pub customer: Option<(String, Customer)>,
    /// A page of its own (`/s/{id}`) rather than inside a host page's iframe.
    pub full_page: bool,
    /// Days not to ask again after an answer or a dismissal: the embed's `data-days`, else the
    /// survey's recontact wait.
    pub quiet_days: u32,
    /// The plain HTML form's part of the page (hidden fields, answers posted so far).
    pub plain: PlainForm,
    /// Shown in a panel the host page closes (popover, modal): the page has its own close button,
    /// which asks the host page to close it.
    pub closable: bool,
}

/// Trunk's widget page split around the root element, read once at start-up.
#[derive(Debug, Clone)]
pub struct WidgetTemplate {
    before_root: String,
    after_root: String,
    page_script: std::borrow::Cow<'static, str>,
}

impl WidgetTemplate {
    pub fn parse(html: &str) -> anyhow::Result<WidgetTemplate> {
        let (before, after) = html
            .split_once(ROOT)
            .with_context(|| format!("the widget page has no `{ROOT}` to render the survey into"))?;
        Ok(WidgetTemplate {
            before_root: before.to_owned(),
            after_root: after.to_owned(),
            page_script: PAGE_SCRIPT.into(),
        })
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<WidgetTemplate> {
        let html = std::fs::read_to_string(path).with_context(|| {
            format!("cannot read the widget page {} (build the front end first: `make web`)", path.display())
        })?;
        let html = first_paint_first(&html, path)?;
        let mut template = WidgetTemplate::parse(&html)?;
        if let Ok(minified) = std::fs::read_to_string(path.with_file_name("page.min.js")) {
            template.page_script = minified.trim_end().to_owned().into();
        }
        Ok(template)
    }

    /// A page with `body` (trusted markup) in place of the root element.
    fn page(&self, title: &str, root_attributes: &str, body: &str, nonce: &str) -> String {
        let head = replace_title(&self.before_root, title);
        let mut page = String::with_capacity(head.len() + body.len() + self.after_root.len() + 64);
        page.push_str(&head);
        page.push_str(&format!(r#"<main id="survey-root"{root_attributes}>"#));
        page.push_str(body);
        page.push_str("</main>");
        page.push_str(&self.after_root);
        page.replace(NONCE_PLACEHOLDER, nonce)
    }

    /// The survey page: the form rendered by `SurveyForm`, the data for hydration, and the
    /// hydration bootstrap script under the nonce.
    pub fn survey_page(&self, stored: &StoredSurvey, options: &PageOptions, nonce: &str) -> String {
        let full = &stored.survey;
        let language = hearback_core::text::pick_language(full.languages(), &options.languages).to_owned();
        let survey = full.in_language(&language);
        let (customer_json, known) = match &options.customer {
            Some((json, customer)) => (Some(json.clone()), customer.known()),
            None => (None, Known::new()),
        };
        let data = WidgetData {
            survey,
            strings: for_language(&language),
            seed: rand::random(),
            known,
            customer: customer_json,
        };
        let shared = Arc::new(SsrSharedContext::new());
        let owner = Owner::new_root(Some(shared.clone()));
        // No whitespace may surround the markup: hydration walks the DOM node by node.
        let form = owner.with(|| {
            provide_context(options.plain.clone());
            view! { <SurveyForm data=data.clone()/> }.to_html()
        });
        let bootstrap = shared
            .pending_data()
            .map(|chunks| futures::executor::block_on(chunks.collect::<Vec<_>>()).concat())
            .unwrap_or_default();
        drop(owner);
        let json = serde_json::to_string(&data.to_tokens())
            .expect("strings and numbers always serialize")
            .replace('<', "\\u003c");
        let mut root = match &options.host {
            Some(host) => format!(r#" data-host="{host}""#),
            None => String::new(),
        };
        if options.full_page {
            root.push_str(r#" class="hb-page""#);
        } else if options.closable {
            root.push_str(r#" class="hb-closable""#);
        }
        let mut page = self.page(data.survey.title(), &root, &form, nonce);
        if options.closable {
            // Outside the hydrated root (the wasm never renders it); the page script handles it.
            let label = escape_html(data.strings.get(Msg::Close));
            let bar = format!(
                r#"<header class="hb-bar"><button type="button" class="hb-close" aria-label="{label}">×</button></header>"#
            );
            page = page.replacen(r#"<main id="survey-root""#, &format!(r#"{bar}<main id="survey-root""#), 1);
        }
        // Closing the loop, outside the hydrated root too (the page script shows them): the card
        // that tells a respondent who comes back what came of their answers, and on the
        // thank-you the day results are promised with a link to follow them.
        let said = loop_strings(&language);
        let link = |text: &str| results_link(full, text);
        let card = format!(
            r#"<aside class="hb-news" hidden aria-labelledby="hb-news-title" data-thanks="{}"><h2 id="hb-news-title">{}</h2><p>{}</p><p>{}<button type="button" class="hb-dismiss">{}</button></p></aside>"#,
            escape_html(data.strings.get(Msg::ThanksTitle)),
            escape_html(said.news_title),
            escape_html(&said.news_body.replace("{title}", data.survey.title())),
            link(said.open),
            escape_html(said.dismiss),
        );
        let follow = follow_line(full, &said, " hidden");
        page = page.replacen(r#"<main id="survey-root""#, &format!(r#"{card}<main id="survey-root""#), 1);
        page = page.replacen("</main>", &format!("</main>{follow}"), 1);
        // The document's language and direction, and the theme.
        let dir = if is_rtl(&language) { "rtl" } else { "ltr" };
        let mode = match full.theme().mode {
            Mode::Auto => "",
            Mode::Light => r#" data-theme="light""#,
            Mode::Dark => r#" data-theme="dark""#,
        };
        if let Some(start) = page.find("<html") {
            let end = page[start..].find('>').map_or(start, |at| start + at + 1);
            page.replace_range(start..end, &format!(r#"<html lang="{language}" dir="{dir}"{mode}>"#));
        }
        let properties = full.theme().css_properties();
        if !properties.is_empty() {
            let style = format!(r#"<style nonce="{nonce}">html:root{{{properties}}}</style>"#);
            let at = page.find("</head>").unwrap_or(0);
            page.insert_str(at, &style);
        }
        let scripts = format!(
            r#"<script type="application/json" id="survey">{json}</script><script nonce="{nonce}" data-quiet-days="{days}" data-sample="{sample}">{page_script}</script><script nonce="{nonce}">{bootstrap}</script>"#,
            days = options.quiet_days,
            sample = full.audience().sampling,
            page_script = self.page_script,
        );
        let at = page.find("</body>").unwrap_or(page.len());
        page.insert_str(at, &scripts);
        page
    }

    /// A page with a short message instead of a survey.
    pub fn message_page(&self, heading: &str, text: &str, nonce: &str) -> String {
        self.page(heading, "", &message(heading, text, ""), nonce)
    }

    /// The thank-you after a plain form post, in the respondent's language: when results are
    /// promised, and the link to them.
    pub fn thanks_page(&self, survey: &hearback_core::Survey, language: &str, nonce: &str) -> String {
        let strings = for_language(language);
        let (heading, text) = (strings.get(Msg::ThanksTitle), strings.get(Msg::ThanksBody));
        let follow = follow_line(survey, &loop_strings(language), "");
        self.page(heading, "", &message(heading, text, &follow), nonce)
    }
}

/// Trunk's page made to paint at once: its stylesheet in the page (see [`inline_stylesheets`]);
/// and the wasm, which the server-rendered form does not need to show, is fetched at low
/// priority so that it never competes with what paints.
fn first_paint_first(html: &str, page: &std::path::Path) -> anyhow::Result<String> {
    let html = inline_stylesheets(html, page)?;
    Ok(html.replace(r#"type="application/wasm">"#, r#"type="application/wasm" fetchpriority="low">"#))
}

/// A short message in the widget's frame, with `more` (trusted markup) under it.
fn message(heading: &str, text: &str, more: &str) -> String {
    format!(
        r#"<div class="hb-widget"><section class="hb-thanks" role="status"><h2>{}</h2><p>{}</p>{more}</section></div>"#,
        escape_html(heading),
        escape_html(text)
    )
}

/// A link to the survey's results page, opened outside the widget.
fn results_link(survey: &hearback_core::Survey, text: &str) -> String {
    format!(r#"<a class="hb-open" href="/r/{}" target="_blank" rel="noopener">{}</a>"#, survey.id(), escape_html(text))
}

/// The thank-you's line: when results are promised (if the survey says), and the link to them.
fn follow_line(
    survey: &hearback_core::Survey,
    said: &hearback_web::widget::strings::LoopStrings,
    attributes: &str,
) -> String {
    let promised = survey.publish_by().map_or(String::new(), |day| {
        escape_html(said.promised).replace("{date}", &format!(r#"<time datetime="{day}">{day}</time>"#)) + " "
    });
    format!(r#"<p class="hb-loop"{attributes}>{promised}{}</p>"#, results_link(survey, said.follow))
}

fn replace_title(head: &str, title: &str) -> String {
    match (head.find("<title>"), head.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}<title>{}</title>{}", &head[..start], escape_html(title), &head[end + "</title>".len()..])
        }
        _ => head.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_put_in_the_page_and_the_wasm_fetched_at_low_priority() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.html");
        std::fs::write(dir.path().join("widget-1a.css"), ".hb-widget{padding:16px}\n").unwrap();
        let html = r#"<head><link rel="stylesheet" href="/assets/widget/widget-1a.css" data-integrity="none"/><link rel="preload" href="/assets/widget/w.wasm" as="fetch" type="application/wasm"></head><body><main id="survey-root"></main></body>"#;
        let ready = first_paint_first(html, &page).unwrap();
        assert_eq!(
            ready,
            r#"<head><style nonce="{{__TRUNK NONCE__}}">.hb-widget{padding:16px}</style><link rel="preload" href="/assets/widget/w.wasm" as="fetch" type="application/wasm" fetchpriority="low"></head><body><main id="survey-root"></main></body>"#
        );
        std::fs::remove_file(dir.path().join("widget-1a.css")).unwrap();
        let missing = first_paint_first(html, &page).unwrap_err().to_string();
        assert!(missing.contains("cannot read the page's stylesheet"), "{missing}");
    }

    #[test]
    fn a_page_without_the_root_element_is_refused_at_start_up() {
        let err = WidgetTemplate::parse("<html><body><main id=survey-root></main></body></html>").unwrap_err();
        assert!(err.to_string().contains("survey-root"));
    }

    #[test]
    fn titles_and_messages_are_escaped() {
        let template =
            WidgetTemplate::parse(&format!("<html><head><title>x</title></head><body>{ROOT}</body></html>")).unwrap();
        let page = template.message_page("<b>&", "\"hi\"", "n");
        assert!(page.contains("<title>&lt;b&gt;&amp;</title>"), "{page}");
        assert!(page.contains("&quot;hi&quot;"), "{page}");
    }
}
