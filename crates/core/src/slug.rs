//! Identifiers that appear in URLs, JSON keys and HTML form field names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest id we accept: long enough for a readable name, short enough for a URL.
pub const MAX_SLUG_LEN: usize = 64;

/// A lowercase identifier: `a-z`, `0-9` and inner `-`, 1 to 64 characters.
///
/// Survey, question and choice ids are slugs, so they are safe to put in a URL path, an HTML `id`
/// or a form field name without escaping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("an id must not be empty")]
    Empty,
    #[error("an id must be at most {MAX_SLUG_LEN} characters long")]
    TooLong,
    #[error("`{0}` is not a valid id: use lowercase letters, digits and inner dashes")]
    BadCharacters(String),
}

impl Slug {
    pub fn parse(raw: impl Into<String>) -> Result<Slug, SlugError> {
        let raw = raw.into();
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > MAX_SLUG_LEN {
            return Err(SlugError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !raw.chars().all(allowed) || raw.starts_with('-') || raw.ends_with('-') {
            return Err(SlugError::BadCharacters(raw));
        }
        Ok(Slug(raw))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(raw: String) -> Result<Slug, SlugError> {
        Slug::parse(raw)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_plain_lowercase_name_is_a_slug() {
        assert_eq!(Slug::parse("q4-support").unwrap().as_str(), "q4-support");
    }

    #[test]
    fn empty_long_uppercase_and_edge_dashes_are_rejected() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("a".repeat(65)), Err(SlugError::TooLong));
        for bad in ["Q4", "q 4", "-q", "q-", "q/4", "é", "q_4"] {
            assert!(matches!(Slug::parse(bad), Err(SlugError::BadCharacters(_))), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_slug_survives_a_json_round_trip(raw in "[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?") {
            let slug = Slug::parse(raw.clone()).unwrap();
            let json = serde_json::to_string(&slug).unwrap();
            prop_assert_eq!(serde_json::from_str::<Slug>(&json).unwrap(), slug);
        }
    }
}
