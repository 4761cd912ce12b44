//! Responses: what one respondent answered, checked against the survey it answers.
//!
//! A respondent's browser sends a [`RawResponse`] (question id → number or text).
//! [`Response::parse`] turns it into a [`Response`] or reports every problem at once, each naming
//! its question, so the widget can show them next to the questions and the server can send them
//! back as per-field errors.

use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey, RATING_MAX};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The answers as sent, keyed by question id; nothing is checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub answers: BTreeMap<String, RawAnswer>,
}

/// One answer as sent: a number (NPS, rating) or a string (a choice id, a comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RawAnswer {
    Number(i64),
    Text(String),
}

/// A checked response: every answer belongs to a question of the survey and fits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    answers: BTreeMap<Slug, Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Nps(u8),
    Rating(u8),
    Choice(Slug),
    /// A non-empty comment, trimmed.
    Text(String),
}

/// One thing wrong with a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("the survey has no question `{0}`")]
    UnknownQuestion(String),
    #[error("this question needs an answer")]
    Missing,
    #[error("{value} is out of range: answer {min} to {max}")]
    OutOfRange { value: i64, min: u8, max: u8 },
    #[error("`{0}` is not one of the choices")]
    UnknownChoice(String),
    #[error("the answer is {length} characters long; at most {max} are allowed")]
    TooLong { length: usize, max: u32 },
    #[error("expected {0}")]
    WrongType(&'static str),
    #[error("the response answers no question")]
    Empty,
}

/// Every problem found in a response, each with the question it concerns (`None` for the response
/// as a whole). Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidResponse {
    pub problems: Vec<(Option<String>, ResponseError)>,
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (question, problem)) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match question {
                Some(q) => write!(f, "question `{q}`: {problem}")?,
                None => write!(f, "{problem}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for InvalidResponse {}

impl Response {
    pub fn parse(survey: &Survey, raw: &RawResponse) -> Result<Response, InvalidResponse> {
        let mut problems = Vec::new();
        let mut answers = BTreeMap::new();
        for id in raw.answers.keys() {
            if survey.question(id).is_none() {
                problems.push((Some(id.clone()), ResponseError::UnknownQuestion(id.clone())));
            }
        }
        for question in survey.questions() {
            let answer = match raw.answers.get(question.id.as_str()) {
                None => Ok(None),
                Some(value) => parse_answer(&question.kind, value),
            };
            match answer {
                Ok(Some(answer)) => {
                    answers.insert(question.id.clone(), answer);
                }
                Ok(None) if question.required => {
                    problems.push((Some(question.id.to_string()), ResponseError::Missing));
                }
                Ok(None) => {}
                Err(problem) => problems.push((Some(question.id.to_string()), problem)),
            }
        }
        if problems.is_empty() && answers.is_empty() {
            problems.push((None, ResponseError::Empty));
        }
        if problems.is_empty() {
            Ok(Response { answers })
        } else {
            Err(InvalidResponse { problems })
        }
    }

    pub fn answer(&self, question: &Slug) -> Option<&Answer> {
        self.answers.get(question)
    }

    pub fn answers(&self) -> impl Iterator<Item = (&Slug, &Answer)> {
        self.answers.iter()
    }

    /// The canonical raw form: what is stored, and what parses back to this very response.
    pub fn to_raw(&self) -> RawResponse {
        // A loop of inserts, not `collect`: collecting into a map sorts, and the widget's wasm
        // would carry the sort.
        let mut raw = RawResponse::default();
        for (id, answer) in &self.answers {
            let value = match answer {
                Answer::Nps(n) | Answer::Rating(n) => RawAnswer::Number(i64::from(*n)),
                Answer::Choice(choice) => RawAnswer::Text(choice.to_string()),
                Answer::Text(text) => RawAnswer::Text(text.clone()),
            };
            raw.answers.insert(id.to_string(), value);
        }
        raw
    }
}

/// `Ok(None)` means "not answered": an empty comment counts as no comment.
fn parse_answer(kind: &QuestionKind, value: &RawAnswer) -> Result<Option<Answer>, ResponseError> {
    match (kind, value) {
        (QuestionKind::Nps, RawAnswer::Number(n)) => in_range(*n, 0, 10).map(|n| Some(Answer::Nps(n))),
        (QuestionKind::Rating, RawAnswer::Number(n)) => in_range(*n, 1, RATING_MAX).map(|n| Some(Answer::Rating(n))),
        (QuestionKind::Nps | QuestionKind::Rating, RawAnswer::Text(_)) => Err(ResponseError::WrongType("a number")),
        (QuestionKind::SingleChoice { choices }, RawAnswer::Text(id)) => choices
            .iter()
            .find(|c| c.id.as_str() == id)
            .map(|c| Some(Answer::Choice(c.id.clone())))
            .ok_or_else(|| ResponseError::UnknownChoice(id.clone())),
        (QuestionKind::Text { max_length }, RawAnswer::Text(text)) => {
            let text = text.trim();
            let length = text.chars().count();
            if length > *max_length as usize {
                Err(ResponseError::TooLong { length, max: *max_length })
            } else if text.is_empty() {
                Ok(None)
            } else {
                Ok(Some(Answer::Text(text.to_owned())))
            }
        }
        (QuestionKind::SingleChoice { .. }, RawAnswer::Number(_)) => Err(ResponseError::WrongType("a choice id")),
        (QuestionKind::Text { .. }, RawAnswer::Number(_)) => Err(ResponseError::WrongType("text")),
    }
}

fn in_range(value: i64, min: u8, max: u8) -> Result<u8, ResponseError> {
    if (i64::from(min)..=i64::from(max)).contains(&value) {
        Ok(value as u8)
    } else {
        Err(ResponseError::OutOfRange { value, min, max })
    }
}

// Hand-written rather than `#[serde(untagged)]`: the error then says what an answer may be instead
// of "data did not match any variant", and the widget's wasm stays smaller.
impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl serde::de::Visitor<'_> for AnswerVisitor {
            type Value = RawAnswer;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer: a whole number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Number(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawAnswer, E> {
                // Anything past i64 is out of every range anyway.
                Ok(RawAnswer::Number(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Text(v))
            }
        }
        deserializer.deserialize_any(AnswerVisitor)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::survey::tests::{arb_survey, demo};
    use proptest::prelude::*;
    use serde_json::json;

    fn raw(value: serde_json::Value) -> RawResponse {
        serde_json::from_value(value).unwrap()
    }

    fn problems(value: serde_json::Value) -> Vec<(Option<String>, ResponseError)> {
        Response::parse(&demo(), &raw(value)).unwrap_err().problems
    }

    #[test]
    fn a_complete_response_parses_and_trims_its_comment() {
        let response = Response::parse(
            &demo(),
            &raw(json!({"answers": {"recommend": 9, "support": 4, "channel": "chat", "comment": "  fine "}})),
        )
        .unwrap();
        let get = |id: &str| response.answer(&Slug::parse(id).unwrap()).cloned();
        assert_eq!(get("recommend"), Some(Answer::Nps(9)));
        assert_eq!(get("support"), Some(Answer::Rating(4)));
        assert_eq!(get("channel"), Some(Answer::Choice(Slug::parse("chat").unwrap())));
        assert_eq!(get("comment"), Some(Answer::Text("fine".into())));
    }

    #[test]
    fn optional_questions_may_be_left_out_and_an_empty_comment_is_no_comment() {
        let response = Response::parse(&demo(), &raw(json!({"answers": {"recommend": 0, "comment": "   "}}))).unwrap();
        assert_eq!(response.answers().count(), 1);
    }

    #[test]
    fn each_bad_answer_is_reported_against_its_question() {
        let q = |s: &str| Some(s.to_owned());
        assert_eq!(
            problems(json!({"answers": {"recommend": 11}})),
            [(q("recommend"), ResponseError::OutOfRange { value: 11, min: 0, max: 10 })]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": -1}})),
            [(q("recommend"), ResponseError::OutOfRange { value: -1, min: 0, max: 10 })]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": 5, "support": 0}})),
            [(q("support"), ResponseError::OutOfRange { value: 0, min: 1, max: 5 })]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": 5, "nope": 1}})),
            [(q("nope"), ResponseError::UnknownQuestion("nope".into()))]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": 5, "channel": "fax"}})),
            [(q("channel"), ResponseError::UnknownChoice("fax".into()))]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": 5, "comment": "x".repeat(21)}})),
            [(q("comment"), ResponseError::TooLong { length: 21, max: 20 })]
        );
        assert_eq!(
            problems(json!({"answers": {"recommend": "9"}})),
            [(q("recommend"), ResponseError::WrongType("a number"))]
        );
        assert_eq!(problems(json!({"answers": {"support": 3}})), [(q("recommend"), ResponseError::Missing)]);
    }

    #[test]
    fn several_problems_are_all_reported() {
        assert_eq!(problems(json!({"answers": {"support": 9, "channel": 1}})).len(), 3);
    }

    #[test]
    fn a_response_to_nothing_is_rejected() {
        let survey: Survey = serde_json::from_value(json!({"id": "s", "title": "T", "questions": [
            {"id": "c", "kind": "text", "prompt": "Say"}]}))
        .unwrap();
        let err = Response::parse(&survey, &raw(json!({"answers": {}}))).unwrap_err();
        assert_eq!(err.problems, [(None, ResponseError::Empty)]);
    }

    #[test]
    fn an_answer_that_is_neither_number_nor_string_is_a_clear_json_error() {
        for bad in [json!({"answers": {"recommend": 9.5}}), json!({"answers": {"recommend": [9]}})] {
            let err = serde_json::from_value::<RawResponse>(bad).unwrap_err().to_string();
            assert!(err.contains("a whole number or a string"), "{err}");
        }
    }

    /// Any valid response to a survey, as its raw form.
    pub fn arb_response(survey: &Survey) -> impl Strategy<Value = Response> {
        let answers: Vec<_> = survey
            .questions()
            .iter()
            .map(|q| {
                let answer: BoxedStrategy<Option<RawAnswer>> = match &q.kind {
                    QuestionKind::Nps => (0i64..=10).prop_map(|n| Some(RawAnswer::Number(n))).boxed(),
                    QuestionKind::Rating => (1i64..=5).prop_map(|n| Some(RawAnswer::Number(n))).boxed(),
                    QuestionKind::SingleChoice { choices } => prop::sample::select(choices.clone())
                        .prop_map(|c| Some(RawAnswer::Text(c.id.to_string())))
                        .boxed(),
                    QuestionKind::Text { max_length } => {
                        let max = (*max_length as usize).min(40);
                        prop::string::string_regex(&format!("[a-z]{{1,{max}}}"))
                            .unwrap()
                            .prop_map(|t| Some(RawAnswer::Text(t)))
                            .boxed()
                    }
                };
                let answer = if q.required { answer } else { prop_oneof![Just(None), answer].boxed() };
                answer.prop_map({
                    let id = q.id.to_string();
                    move |a| a.map(|a| (id.clone(), a))
                })
            })
            .collect();
        let survey = survey.clone();
        answers.prop_filter_map("a response answers something", move |answers| {
            let raw = RawResponse { answers: answers.into_iter().flatten().collect() };
            Response::parse(&survey, &raw).ok()
        })
    }

    proptest! {
        #[test]
        fn a_response_survives_the_round_trip_through_its_raw_json_form(
            (survey, response) in arb_survey().prop_flat_map(|s| { let r = arb_response(&s); (Just(s), r) })
        ) {
            let json = serde_json::to_string(&response.to_raw()).unwrap();
            let back: RawResponse = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(Response::parse(&survey, &back).unwrap(), response);
        }
    }
}
