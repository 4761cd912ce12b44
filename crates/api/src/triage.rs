//! Members' triage of responses: tags a team files them under and internal notes
//! (`/admin/api/surveys/{id}/responses/{response}/tags|notes`). Never shown to respondents or on
//! published pages.

use serde::{Deserialize, Serialize};

/// At most this many tags on a response.
pub const MAX_TAGS: usize = 10;
/// A tag's most characters.
pub const MAX_TAG_CHARS: usize = 40;
/// A note's most characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// `PUT …/tags`: the response's tags, all of them (an empty list removes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TagsRequest {
    pub tags: Vec<String>,
}

/// `POST …/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub body: String,
}

/// An internal note on a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseNote {
    pub id: String,
    /// The member who wrote it.
    pub author: String,
    pub body: String,
    /// Milliseconds since 1970.
    pub at: i64,
}

/// A tag as kept: trimmed, lower case, inner spaces as one; `None` when it is empty, longer than
/// [`MAX_TAG_CHARS`], or has anything but letters, digits, spaces, `-` and `_` (a tag is a word a
/// team files under, never markup or a formula).
pub fn tag(raw: &str) -> Option<String> {
    let tag = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let fine = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_');
    let starts_well = tag.chars().next().is_some_and(char::is_alphanumeric);
    (starts_well && tag.chars().count() <= MAX_TAG_CHARS && tag.chars().all(fine)).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_words_in_lower_case_and_nothing_else() {
        assert_eq!(tag("  Billing  Issue "), Some("billing issue".into()));
        assert_eq!(tag("Überweisung"), Some("überweisung".into()));
        assert_eq!(tag("follow-up_2"), Some("follow-up_2".into()));
        for refused in ["", "   ", "<b>x</b>", "=HYPERLINK(1)", "-1+2", "a,b", &"x".repeat(MAX_TAG_CHARS + 1)] {
            assert_eq!(tag(refused), None, "{refused}");
        }
    }
}
