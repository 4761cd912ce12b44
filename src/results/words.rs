//! The results page bundle's own words (the follow form, a respondent's replies): the server
//! writes them in the page's language into `main#results`'s `data-words`, `|`-separated, and the
//! bundle reads them from there, so the bundle carries no table of languages. English without.

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
}

/// The words in English, in [`Word`]'s order.
pub const ENGLISH: [&str; 11] = [
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
];

/// The page's words, and its language (what a follower hears in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormWords {
    words: Vec<String>,
    pub language: String,
}

impl FormWords {
    /// Read from `data-words` and `lang` as the server wrote them: English for any word missing.
    pub fn read(attribute: Option<&str>, language: Option<&str>) -> FormWords {
        let given: Vec<&str> = attribute.map(|a| a.split('|').collect()).unwrap_or_default();
        let words = ENGLISH.iter().enumerate().map(|(i, en)| given.get(i).filter(|w| !w.is_empty()).unwrap_or(en));
        FormWords {
            words: words.map(|w| (*w).to_owned()).collect(),
            language: language.filter(|l| !l.is_empty()).unwrap_or("en").to_owned(),
        }
    }

    pub fn get(&self, word: Word) -> String {
        self.words[word as usize].clone()
    }
}

#[cfg(feature = "ssr")]
mod table;
#[cfg(feature = "ssr")]
pub use table::words_attribute;
