//! The results page bundle's own words (the follow form, a respondent's replies and answers): the server
//! writes them in the page's language into `main#results`'s `data-words`, `|`-separated, and the
//! bundle reads them from there, so the bundle carries no table of languages. English without.
//! The page's language (what a follower hears in) is the `lang` of its `<html>`.

/// One of the bundle's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    FollowHeading,
    EmailLabel,
    FollowButton,
    FollowNote,
    YourReplies,
    You,
    NotAnswered,
    /// "Reply to {owner}".
    ReplyTo,
    SendReply,
    Sent,
    Unreachable,
    YoursHeading,
    YoursNote,
    Download,
    Delete,
    /// Asked before deleting.
    DeleteSure,
    Deleted,
}

/// The words in English, in [`Word`]'s order.
pub const ENGLISH: [&str; 17] = [
    "Hear what happens next",
    "Your e-mail address",
    "Follow by e-mail",
    "We keep your address apart from any answers, and every e-mail has a link to stop.",
    "Your replies",
    "You:",
    "Not answered yet.",
    "Reply to {owner}",
    "Send reply",
    "Sent. The answer will show here.",
    "Hearback could not be reached; try again.",
    "Your answers",
    "Everything you gave to this survey is yours: your answers, replies, contact details and the address that follows it from here.",
    "Download them",
    "Delete them",
    "Delete everything you gave, for good? The results already published keep their numbers.",
    "Deleted. Nothing you gave is kept.",
];

/// The page's words, in [`Word`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormWords(&'static [&'static str]);

impl FormWords {
    /// In the browser: read from `data-words` as the server wrote it, English for any word
    /// missing. Read once a page, they live as long as it (views take them as static text); the
    /// server takes its words from its table instead.
    pub fn read(attribute: Option<&str>) -> FormWords {
        let given: &'static str = Box::leak(attribute.unwrap_or_default().to_owned().into_boxed_str());
        let given: Vec<&'static str> = given.split('|').collect();
        let words = ENGLISH.iter().enumerate().map(|(i, en)| *given.get(i).filter(|w| !w.is_empty()).unwrap_or(en));
        FormWords(Box::leak(words.collect::<Vec<_>>().into_boxed_slice()))
    }

    pub fn get(self, word: Word) -> &'static str {
        self.0[word as usize]
    }
}

#[cfg(feature = "ssr")]
mod table;
#[cfg(feature = "ssr")]
pub use table::{form_words, words_attribute};
