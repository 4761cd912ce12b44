//! What a reader reads of Hearback outside the results page itself, in the widget's six
//! languages: the follow, confirm and unsubscribe pages, the results page before it is out, and
//! the e-mails a follower gets. The words for the same thing are the widget's, the card's and the
//! page's (`i18n/glossary/`, held to them by a test): a plan's statuses are the card's own.

mod table;

pub use table::reader_words;

/// The words in one language. `{survey}`, `{link}`, `{signed}`, `{news}`, `{page}`,
/// `{unsubscribe}`, `{summary}`, `{will_do}`, `{status}`, `{name}`, `{reply}`, `{answer}` and
/// `{day}` are filled in where they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderWords {
    pub check_inbox_heading: &'static str,
    pub check_inbox: &'static str,
    pub not_followed: &'static str,
    pub back: &'static str,
    pub confirm_heading: &'static str,
    pub confirm_text: &'static str,
    pub confirm_button: &'static str,
    pub confirmed_heading: &'static str,
    pub confirmed: &'static str,
    pub already_heading: &'static str,
    pub already: &'static str,
    pub expired_heading: &'static str,
    pub expired: &'static str,
    pub unknown_heading: &'static str,
    pub unknown: &'static str,
    pub stop_heading: &'static str,
    pub stop_text: &'static str,
    pub stop_button: &'static str,
    pub stopped_heading: &'static str,
    pub stopped: &'static str,
    /// Before the results are out: the heading's kicker, the line, the promised day or none.
    pub thanks: &'static str,
    pub not_yet: &'static str,
    pub promised: &'static str,
    pub no_date: &'static str,
    pub not_published: &'static str,
    pub not_published_text: &'static str,
    /// Who signs when no member is named.
    pub the_team: &'static str,
    pub confirm_subject: &'static str,
    pub confirm_body: &'static str,
    /// Every follower's e-mail, around its news; ends with the way to stop.
    pub notice_body: &'static str,
    pub published_subject: &'static str,
    pub published_news: &'static str,
    pub plan_subject: &'static str,
    pub plan_news: &'static str,
    pub answered_subject: &'static str,
    pub answered_news: &'static str,
    /// "Something went wrong on our side" on a page.
    pub went_wrong: &'static str,
    /// Why following did not work, on the follow form's page: not an address, nothing to
    /// follow here, no e-mail from this server.
    pub not_an_address: &'static str,
    pub nothing_to_follow: &'static str,
    pub no_mail: &'static str,
    /// A case owner's message to the customer who asked to be e-mailed: the sender's name
    /// (`{name}`, `{organization}`), the subject, and the text around `{message}` (`{link}`).
    pub from_at: &'static str,
    pub to_customer_subject: &'static str,
    pub to_customer_body: &'static str,
}

impl ReaderWords {
    /// A plan's status as the widget's card names it.
    pub fn status(language: &str, status: hearback_core::plan::PlanStatus) -> &'static str {
        use hearback_core::plan::PlanStatus::*;
        let at = match status {
            Planned => 0,
            InProgress => 1,
            Done => 2,
            WontDo => 3,
        };
        let names = hearback_web::widget::strings::loop_strings(language).statuses;
        names.split('|').nth(at).unwrap_or(status.as_str())
    }
}

/// `text` with each `{name}` replaced by its value.
/// (The results page's own placeholder filling, given texts.)
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let values: Vec<(&str, &dyn std::fmt::Display)> = values.iter().map(|(name, value)| (*name, value as _)).collect();
    hearback_web::admin::page_words::fill(text, &values)
}

pub use hearback_web::widget::strings::LANGUAGES;

/// The one of the widget's [`LANGUAGES`] a language tag reads in (by its primary subtag), if any.
pub fn known(tag: &str) -> Option<&'static str> {
    let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
    LANGUAGES.into_iter().find(|l| *l == primary)
}

/// The one of [`LANGUAGES`] a language tag reads in: English for any other.
pub fn known_language(tag: &str) -> &'static str {
    known(tag).unwrap_or("en")
}

#[cfg(test)]
mod glossary_tests;
