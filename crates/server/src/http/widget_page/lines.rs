//! The short lines of the widget's pages: a message in its frame, the link to the results, and
//! the thank-you's line with the day results are promised.

use leptos::prelude::*;

/// A short message in the widget's frame, with `more` under it.
pub(super) fn message(heading: &str, text: &str, more: Option<AnyView>) -> String {
    let (heading, text) = (heading.to_owned(), text.to_owned());
    view! {
        <div class="hb-widget"><section class="hb-thanks" role="status"><h2>{heading}</h2><p>{text}</p>{more}</section></div>
    }
    .to_html()
}

/// A link to the survey's results page, opened outside the widget.
#[component]
pub(super) fn ResultsLink(survey: String, language: String, text: &'static str) -> impl IntoView {
    // In the language the respondent answered in: the results page speaks it when it can.
    view! { <a class="hb-open" href=format!("/r/{survey}?lang={language}") target="_blank" rel="noopener">{text}</a> }
}

/// The thank-you's line: when results are promised (if the survey says), and the link to them;
/// `hidden` until the page script shows it.
pub(super) fn follow_line(
    survey: &hearback_core::Survey,
    language: &str,
    said: &hearback_web::widget::strings::LoopStrings,
    hidden: bool,
) -> AnyView {
    let promised = survey.publish_by().map(|day| {
        let (before, after) = said.promised.split_once("{date}").unwrap_or((said.promised, ""));
        let day = day.to_owned();
        view! { {before}<time datetime=day.clone()>{day.clone()}</time>{after}" " }
    });
    let survey = survey.id().to_string();
    view! { <p class="hb-loop" hidden=hidden>{promised}<ResultsLink survey language=language.to_owned() text=said.follow/></p> }.into_any()
}
