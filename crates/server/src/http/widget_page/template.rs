//! The widget page built from Trunk's `widget.html`: the survey form rendered into it by the
//! very components the wasm bundle hydrates, the data for the bundle inlined, the stylesheet and
//! the page's own script (`widget_page.js`) in the page under a fresh nonce; and the short pages
//! (thanks, messages) in the same frame; the closed survey's and the one not open yet are in
//! `notices.rs`.

#[cfg(test)]
use super::super::page::NONCE_PLACEHOLDER;
use super::super::page::{escape_html, inline_stylesheets, Piece};
pub(super) use super::lines::{follow_line, message, ResultsLink};
use crate::identity::Customer;
use crate::store::StoredSurvey;
use anyhow::Context;
use futures::StreamExt;
use hearback_core::survey::compact::Token;
use hearback_core::theme::Mode;
use hearback_core::{Known, Origin};
use hearback_web::widget::plain::PlainForm;
use hearback_web::widget::strings::{
    contact_strings, conversation_strings, direction, for_language, loop_strings, rare_strings, Msg,
};
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
    /// The visitor is not one the survey's audience asks by itself (they may still open it).
    pub outside_audience: bool,
    /// New or returning visitors only: the page script tells, from the widget origin's storage.
    pub visitors: hearback_api::audience::Visitors,
    /// The company's survey fatigue: a name for the company, and the days.
    pub fatigue: Option<(String, u32)>,
    /// On what percent of visits it asks by itself: the embed's `data-sample`, else the
    /// survey's sampling.
    pub sample: Option<u32>,
    /// The tag it runs under: its settings, events, and on a site tag the other candidates.
    pub tag: super::TagOptions,
}

/// Trunk's widget page cut into the pieces a page is made of, once at start-up: each response
/// renders its own parts (the document's language, the title, the form, the loop) and puts
/// them between these, without searching or replacing in the page's text.
#[derive(Debug, Clone)]
pub struct WidgetTemplate {
    /// Before the `<html …>` tag (the doctype).
    prologue: Piece,
    /// Trunk's own `<html …>` tag, for the short pages.
    html_tag: String,
    /// From the `<html>` tag to the title.
    head_start: Piece,
    /// From the title to `</head>` (Trunk's assets, the stylesheet in the page).
    head_rest: Piece,
    /// The same without Trunk's bundle, for the pages of a survey the server steps through.
    head_rest_stepped: Piece,
    /// From `</head>` to the root element (`<body>`).
    body_start: Piece,
    /// From the root element to `</body>`.
    body_rest: Piece,
    /// `</body>` and after.
    epilogue: Piece,
    page_script: std::borrow::Cow<'static, str>,
    /// The card's script, which the page script loads for a respondent with a receipt.
    pub(super) news: super::news::NewsScript,
    /// The stepped pages' script.
    steps_script: String,
}

/// What one page puts between the template's pieces.
#[derive(Default)]
pub(super) struct Parts {
    /// The `<html …>` tag; Trunk's when `None`.
    pub(super) html_tag: Option<String>,
    pub(super) title: String,
    /// At the end of the head (trusted markup: the theme's custom properties).
    pub(super) head_end: String,
    /// Before the root element (rendered markup).
    pub(super) before_root: String,
    pub(super) root_attributes: String,
    /// The root element's content (rendered markup).
    pub(super) body: String,
    /// After the root element (rendered markup).
    pub(super) after_root: String,
    /// At the end of the body (the data and scripts for the bundle).
    pub(super) body_end: String,
    /// A page of a survey the server steps through: without Trunk's bundle.
    pub(super) stepped: bool,
}

impl WidgetTemplate {
    pub fn parse(html: &str) -> anyhow::Result<WidgetTemplate> {
        let cut = |text: &'_ str, at: &str| -> anyhow::Result<(String, String)> {
            let (before, after) = text
                .split_once(at)
                .with_context(|| format!("the widget page has no `{at}` to render the survey into"))?;
            Ok((before.to_owned(), after.to_owned()))
        };
        // The root first: a page without it is no widget page at all.
        cut(html, ROOT)?;
        let (prologue, rest) = cut(html, "<html")?;
        let (html_attributes, rest) = cut(&rest, ">")?;
        let (head_start, rest) = cut(&rest, "<title>")?;
        let (_, rest) = cut(&rest, "</title>")?;
        let (head_rest, rest) = cut(&rest, "</head>")?;
        let (body_start, rest) = cut(&rest, ROOT)?;
        let (body_rest, epilogue) = cut(&rest, "</body>")?;
        Ok(WidgetTemplate {
            prologue: Piece::new(&prologue),
            html_tag: format!("<html{html_attributes}>"),
            head_start: Piece::new(&head_start),
            head_rest: Piece::new(&head_rest),
            head_rest_stepped: Piece::new(&super::stepped::without_bundle(&head_rest)),
            body_start: Piece::new(&format!("</head>{body_start}")),
            body_rest: Piece::new(&body_rest),
            epilogue: Piece::new(&format!("</body>{epilogue}")),
            page_script: PAGE_SCRIPT.into(),
            news: super::news::NewsScript::load(None),
            steps_script: super::stepped::STEPS_SCRIPT.to_owned(),
        })
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<WidgetTemplate> {
        let html = std::fs::read_to_string(path).with_context(|| {
            format!("cannot read the widget page {} (build the front end first: `make web`)", path.display())
        })?;
        let html = first_paint_first(&html, path)?;
        let mut template = WidgetTemplate::parse(&html)?;
        template.page_script = super::news::minified_beside(Some(path), "page.min.js", PAGE_SCRIPT).into();
        template.news = super::news::NewsScript::load(Some(path));
        template.steps_script = super::news::minified_beside(Some(path), "steps.min.js", super::stepped::STEPS_SCRIPT);
        Ok(template)
    }

    /// The page: the template's pieces with this page's parts between them.
    pub(super) fn page(&self, parts: Parts, nonce: &str) -> String {
        let mut page = String::with_capacity(8192 + parts.body.len() + parts.body_end.len());
        self.prologue.write(&mut page, nonce);
        page.push_str(parts.html_tag.as_deref().unwrap_or(&self.html_tag));
        self.head_start.write(&mut page, nonce);
        page.push_str(&format!("<title>{}</title>", escape_html(&parts.title)));
        if parts.stepped { &self.head_rest_stepped } else { &self.head_rest }.write(&mut page, nonce);
        page.push_str(&parts.head_end);
        self.body_start.write(&mut page, nonce);
        page.push_str(&parts.before_root);
        page.push_str(&format!(r#"<main id="survey-root"{}>"#, parts.root_attributes));
        page.push_str(&parts.body);
        page.push_str("</main>");
        page.push_str(&parts.after_root);
        self.body_rest.write(&mut page, nonce);
        page.push_str(&parts.body_end);
        self.epilogue.write(&mut page, nonce);
        page
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
            provide_context(contact_strings(&language));
            provide_context(rare_strings(&language));
            view! { <SurveyForm data=data.clone()/> }.to_html()
        });
        let bootstrap = shared
            .pending_data()
            .map(|chunks| futures::executor::block_on(chunks.collect::<Vec<_>>()).concat())
            .unwrap_or_default();
        drop(owner);
        // A survey the server steps through gets no wasm: its page script needs the id alone.
        let stepped = full.server_stepped();
        let tokens = if stepped { vec![Token::Str(full.id().to_string())] } else { data.to_tokens() };
        let json =
            serde_json::to_string(&tokens).expect("strings and numbers always serialize").replace('<', "\\u003c");
        let mut root = match &options.host {
            Some(host) => format!(r#" data-host="{}""#, escape_html(host.as_str())),
            None => String::new(),
        };
        if options.full_page {
            root.push_str(r#" class="hb-page""#);
        } else if options.closable {
            root.push_str(r#" class="hb-closable""#);
        }
        // Outside the hydrated root (the wasm never renders them; the page script handles
        // them): the close button of a panel, the card that tells a respondent who comes back
        // what came of their answers, and on the thank-you the day results are promised with a
        // link to follow them.
        let said = loop_strings(&language);
        let talk = conversation_strings(&language);
        let close = options.closable.then(|| data.strings.get(Msg::Close).to_owned());
        let news = said.news_body.replace("{title}", data.survey.title());
        let thanks = data.strings.get(Msg::ThanksTitle).to_owned();
        let survey_id = full.id().to_string();
        let before_root = Owner::new().with(|| {
            view! {
                {close.map(|label| view! {
                    <header class="hb-bar"><button type="button" class="hb-close" aria-label=label>"×"</button></header>
                })}
                <aside class="hb-news" hidden aria-labelledby="hb-news-title" data-thanks=thanks data-statuses=said.statuses
                    data-answer=talk.answer data-resolved=talk.resolved>
                    <h2 id="hb-news-title">{said.news_title}</h2>
                    <p>{news}</p>
                    <p><ResultsLink survey=survey_id.clone() language=language.clone() text=said.open/><button type="button" class="hb-dismiss">{said.dismiss}</button></p>
                    <p class="hb-yours"><a class="hb-open" href=format!("/r/{survey_id}?lang={language}&yours") target="_blank" rel="noopener">{said.yours}</a></p>
                </aside>
            }
            .to_html()
        });
        // The document's language and direction, and the theme.
        let dir = direction(&language);
        let mode = match full.theme().mode {
            Mode::Auto => "",
            Mode::Light => r#" data-theme="light""#,
            Mode::Dark => r#" data-theme="dark""#,
        };
        let properties = full.theme().css_properties();
        let mut head_end = match properties.is_empty() {
            true => String::new(),
            false => format!(r#"<style nonce="{nonce}">html:root{{{properties}}}</style>"#),
        };
        let bootstrap = match stepped {
            true => {
                head_end.push_str(&format!(r#"<style nonce="{nonce}">{}</style>"#, super::stepped::STYLE));
                format!(r#"<script nonce="{nonce}">{}</script>"#, self.steps_script)
            }
            false => format!(r#"<script nonce="{nonce}">{bootstrap}</script>"#),
        };
        let body_end = format!(
            r#"<script type="application/json" id="survey">{json}</script><script nonce="{nonce}" data-quiet-days="{days}" data-sample="{sample}" data-news="{news}"{audience}>{page_script}</script>{bootstrap}"#,
            days = options.quiet_days,
            sample = options.sample.unwrap_or(u32::from(full.audience().sampling)),
            audience = audience_attributes(options),
            page_script = self.page_script,
            news = self.news.path,
        );
        let parts = Parts {
            html_tag: Some(format!(r#"<html lang="{}" dir="{dir}"{mode}>"#, escape_html(&language))),
            title: data.survey.title().to_owned(),
            head_end,
            before_root,
            root_attributes: root,
            body: form,
            after_root: Owner::new().with(|| follow_line(full, &language, &said, true).to_html()),
            body_end,
            stepped,
        };
        self.page(parts, nonce)
    }

    /// A page with a short message instead of a survey.
    pub fn message_page(&self, heading: &str, text: &str, nonce: &str) -> String {
        let body = Owner::new().with(|| message(heading, text, None));
        self.page(Parts { title: heading.to_owned(), body, ..Parts::default() }, nonce)
    }

    /// The thank-you after a plain form post, in the respondent's language: when results are
    /// promised, and the link to them.
    /// A stepped survey's (see [`super::stepped`]) keeps the receipt, starts the survey fatigue of
    /// `company` (its name in the page script's storage) and fits the frame of `host`.
    pub fn thanks_page(
        &self,
        survey: &hearback_core::Survey,
        language: &str,
        host: Option<&Origin>,
        company: Option<&str>,
        nonce: &str,
    ) -> String {
        let strings = for_language(language);
        let (heading, text) = (strings.get(Msg::ThanksTitle), strings.get(Msg::ThanksBody));
        let said = loop_strings(language);
        let body = Owner::new().with(|| message(heading, text, Some(follow_line(survey, language, &said, false))));
        let mut parts = Parts { title: heading.to_owned(), body, ..Parts::default() };
        if survey.server_stepped() {
            parts.root_attributes = super::stepped::thanks_attributes(survey, host, company);
            parts.body_end = format!(r#"<script nonce="{nonce}">{}</script>"#, self.steps_script);
        }
        self.page(parts, nonce)
    }
}

/// The page script's word on the audience: ` data-audience="0"` outside it, `data-visitors`
/// for new or returning visitors only, the company's survey fatigue; nothing for everyone.
fn audience_attributes(options: &PageOptions) -> String {
    use hearback_api::audience::Visitors;
    let mut said = String::new();
    if options.outside_audience {
        said.push_str(r#" data-audience="0""#);
    }
    if options.visitors != Visitors::All {
        said.push_str(&format!(r#" data-visitors="{}""#, options.visitors.as_str()));
    }
    if let Some((company, days)) = &options.fatigue {
        said.push_str(&format!(r#" data-company="{}" data-fatigue="{days}""#, escape_html(company)));
    }
    said.push_str(&options.tag.attributes());
    said
}

/// Trunk's page made to paint at once: its stylesheet in the page (see [`inline_stylesheets`]);
/// and the wasm, which the server-rendered form does not need to show, is fetched at low
/// priority so that it never competes with what paints.
fn first_paint_first(html: &str, page: &std::path::Path) -> anyhow::Result<String> {
    let html = inline_stylesheets(html, page)?;
    Ok(html.replace(r#"type="application/wasm">"#, r#"type="application/wasm" fetchpriority="low">"#))
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

    /// Trunk's page is cut once; a response joins the pieces around its own parts, with its
    /// nonce wherever Trunk put the placeholder, and nothing of the placeholder left.
    #[test]
    fn a_page_is_the_templates_pieces_around_its_own_parts_with_its_nonce() {
        let trunk = format!(
            r#"<!doctype html><html lang="en"><head><title>Survey</title><script nonce="{NONCE_PLACEHOLDER}">a</script></head><body>{ROOT}<script nonce="{NONCE_PLACEHOLDER}">b</script></body></html>"#
        );
        let page = WidgetTemplate::parse(&trunk).unwrap().message_page("Closed", "This survey is closed.", "N0");
        assert_eq!(
            page,
            r#"<!doctype html><html lang="en"><head><title>Closed</title><script nonce="N0">a</script></head><body><main id="survey-root"><div class="hb-widget"><section role="status" class="hb-thanks"><h2>Closed</h2><p>This survey is closed.</p><!></section></div></main><script nonce="N0">b</script></body></html>"#
        );
    }

    #[test]
    fn titles_and_messages_are_escaped() {
        let template =
            WidgetTemplate::parse(&format!("<html><head><title>x</title></head><body>{ROOT}</body></html>")).unwrap();
        let page = template.message_page("<b>&", "\"hi\"", "n");
        assert!(page.contains("<title>&lt;b&gt;&amp;</title>"), "{page}");
        assert!(page.contains("<p>\"hi\"</p>"), "{page}");
        assert!(!page.contains("<b>"), "{page}");
    }
}
