//! Text a respondent reads, in each of a survey's languages.
//!
//! A survey lists its languages, the first being the default. Every prompt, help text and label
//! is either one string (the same in every language) or an object with a string per language;
//! a language left out falls back to the default. Before a survey reaches a respondent, the server
//! picks one language ([`crate::Survey::in_language`]) so the widget only ever sees plain strings.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest language tag we accept, e.g. `pt-br`, `zh-hant`.
const MAX_LANG_LEN: usize = 12;

/// A text in every language of its survey: `values[i]` is the text in the survey's language `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    values: Vec<String>,
}

/// A text as written in a definition: one string, or a string per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RawText {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

// Hand-written rather than `#[serde(untagged)]`: untagged buffers every value first, which costs
// the widget's wasm, and its error would not say what a text may be.
impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text: a string, or an object with a string per language")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::One(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawText, E> {
                Ok(RawText::One(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
                let mut texts = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    texts.insert(lang, text);
                }
                Ok(RawText::PerLanguage(texts))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("is empty or longer than {0} characters")]
    Length(usize),
    #[error("has no text in the survey's default language `{0}`")]
    NoDefault(String),
    #[error("has text in `{0}`, which is not one of the survey's languages")]
    UnknownLanguage(String),
}

impl Text {
    /// Checks a raw text against the survey's languages (default first) and a length cap.
    pub fn parse(raw: RawText, languages: &[String], max_len: usize) -> Result<Text, TextError> {
        let check = |s: &str| {
            let s = s.trim();
            if s.is_empty() || s.chars().count() > max_len {
                Err(TextError::Length(max_len))
            } else {
                Ok(s.to_owned())
            }
        };
        match raw {
            RawText::One(s) => Ok(Text { values: vec![check(&s)?; languages.len()] }),
            RawText::PerLanguage(map) => {
                if let Some(lang) = map.keys().find(|l| !languages.contains(l)) {
                    return Err(TextError::UnknownLanguage(lang.clone()));
                }
                let default = map.get(&languages[0]).ok_or_else(|| TextError::NoDefault(languages[0].clone()))?;
                let default = check(default)?;
                let mut values = vec![default.clone()];
                for lang in &languages[1..] {
                    values.push(match map.get(lang) {
                        Some(s) => check(s)?,
                        None => default.clone(),
                    });
                }
                Ok(Text { values })
            }
        }
    }

    /// A text for a survey in one language only.
    pub fn plain(text: impl Into<String>) -> Text {
        Text { values: vec![text.into()] }
    }

    /// The text in the survey's default language (after [`crate::Survey::in_language`], the
    /// chosen one).
    pub fn as_str(&self) -> &str {
        &self.values[0]
    }

    /// The text in each of the survey's languages, the default first.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    pub(crate) fn only(&self, language: usize) -> Text {
        Text::plain(self.values.get(language).unwrap_or(&self.values[0]).clone())
    }

    pub(crate) fn to_raw(&self, languages: &[String]) -> RawText {
        if self.values.iter().all(|v| *v == self.values[0]) {
            return RawText::One(self.values[0].clone());
        }
        // Inserted one by one: collecting into a map sorts, and the sort would cost the wasm.
        let mut map = BTreeMap::new();
        for (lang, value) in languages.iter().zip(&self.values) {
            map.insert(lang.clone(), value.clone());
        }
        RawText::PerLanguage(map)
    }
}

/// Whether a string is a language tag we accept: a 2–3 letter language, optionally `-` and a
/// region or script (`en`, `de`, `pt-br`, `zh-hant`), lowercase.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let lower = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    tag.len() <= MAX_LANG_LEN
        && (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && lower(p))
}

/// The language to show, given the survey's languages (default first) and the respondent's
/// preferences in order (the host page's choice, then the browser's): the first preference the
/// survey has exactly, else by its primary language (`de-at` → `de`), else the default.
pub fn pick_language<'a>(languages: &'a [String], preferences: &[String]) -> &'a str {
    for wanted in preferences {
        let wanted = wanted.trim().to_ascii_lowercase();
        if let Some(lang) = languages.iter().find(|l| **l == wanted) {
            return lang;
        }
        let primary = wanted.split('-').next().unwrap_or_default();
        if let Some(lang) = languages.iter().find(|l| l.split('-').next() == Some(primary)) {
            return lang;
        }
    }
    &languages[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_text_per_language_falls_back_to_the_default() {
        let raw: RawText = serde_json::from_str(r#"{"en": "Hello", "de": "Hallo"}"#).unwrap();
        let text = Text::parse(raw, &langs(&["en", "de", "fr"]), 50).unwrap();
        assert_eq!(text.only(1).as_str(), "Hallo");
        assert_eq!(text.only(2).as_str(), "Hello");
    }

    #[test]
    fn a_text_without_the_default_or_with_a_foreign_language_is_refused() {
        let raw: RawText = serde_json::from_str(r#"{"de": "Hallo"}"#).unwrap();
        assert_eq!(Text::parse(raw, &langs(&["en", "de"]), 50), Err(TextError::NoDefault("en".into())));
        let raw: RawText = serde_json::from_str(r#"{"en": "Hi", "xx": "?"}"#).unwrap();
        assert_eq!(Text::parse(raw, &langs(&["en"]), 50), Err(TextError::UnknownLanguage("xx".into())));
        assert_eq!(Text::parse(RawText::One("  ".into()), &langs(&["en"]), 50), Err(TextError::Length(50)));
    }

    #[test]
    fn the_language_is_picked_by_preference_then_primary_subtag_then_default() {
        let survey = langs(&["en", "de", "pt-br"]);
        assert_eq!(pick_language(&survey, &langs(&["fr", "de"])), "de");
        assert_eq!(pick_language(&survey, &langs(&["de-AT"])), "de");
        assert_eq!(pick_language(&survey, &langs(&["pt"])), "pt-br");
        assert_eq!(pick_language(&survey, &langs(&["ja"])), "en");
    }

    #[test]
    fn language_tags_are_checked() {
        for good in ["en", "de", "pt-br", "zh-hant", "ast"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "e", "EN", "english", "en_", "en-", "de-x", "<b>"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
