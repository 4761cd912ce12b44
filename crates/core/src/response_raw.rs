//! A response as it is sent (JSON, the widget's saves): the raw forms a [`crate::Response`] is
//! parsed from, nothing checked yet.

use litemap::LiteMap;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The answers as sent, keyed by question id; nothing is checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub answers: LiteMap<String, RawAnswer>,
    /// The respondent's own words for "Other", by question id.
    #[serde(default, skip_serializing_if = "LiteMap::is_empty")]
    pub other: LiteMap<String, String>,
    /// The language it was answered in, one of the survey's (kept with the answers, so what
    /// comes back to the respondent speaks it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One answer as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RawAnswer {
    /// A point on a scale.
    Number(i64),
    /// Consent given, or yes/no.
    Bool(bool),
    /// A choice id, `yes`/`no`, or a comment.
    Text(String),
    /// The choice ids of a multiple-choice answer.
    List(Vec<String>),
    /// Row id → column id, for a matrix.
    Map(LiteMap<String, String>),
}

// Hand-written rather than `#[serde(untagged)]`: the error then says what an answer may be instead
// of "data did not match any variant", and the widget's wasm stays smaller.
impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
            type Value = RawAnswer;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an answer: a whole number, true/false, a string, a list of strings or an object of strings",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Number(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawAnswer, E> {
                // Anything past i64 is out of every range anyway.
                Ok(RawAnswer::Number(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Bool(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawAnswer, A::Error> {
                let mut list = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    list.push(item);
                }
                Ok(RawAnswer::List(list))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawAnswer, A::Error> {
                let mut rows = LiteMap::new();
                while let Some((row, column)) = map.next_entry::<String, String>()? {
                    rows.insert(row, column);
                }
                Ok(RawAnswer::Map(rows))
            }
        }
        deserializer.deserialize_any(AnswerVisitor)
    }
}
