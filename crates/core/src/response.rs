//! Responses: what one respondent answered, checked against the survey it answers.
//!
//! A respondent's browser sends a [`RawResponse`] (question id → number, yes/no, text, list of
//! choices or matrix rows, plus the words typed for an "Other" option). [`Response::parse`] turns
//! it into a [`Response`] or reports every problem at once, each naming its question, so the
//! widget can show them next to the questions and the server can send them back as per-field
//! errors. Parsing walks the survey in order and applies its logic as it goes: an answer to a
//! question that logic skipped is refused, a required question that logic asked must be answered.

use crate::contact::Contact;
use crate::rare::RareAnswer;
use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey, DEFAULT_SHORT_TEXT_LIMIT, OTHER};
use litemap::LiteMap;

pub use crate::response_error::{InvalidResponse, ResponseError};
pub use crate::response_raw::{RawAnswer, RawResponse};

/// Customer attributes the server trusts (signed by the company), by name.
pub type Known = LiteMap<String, String>;

/// A checked response: every answer belongs to a question that was asked and fits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    answers: LiteMap<Slug, Answer>,
    language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// NPS, CSAT, CES or rating.
    Scale(u8),
    Choice(Chosen),
    /// At least one, in the order sent, no repeats.
    Choices(Vec<Chosen>),
    YesNo(bool),
    /// A non-empty comment, trimmed.
    Text(String),
    /// Row → column, for the rows answered.
    Matrix(LiteMap<Slug, Slug>),
    Consent,
    /// How the respondent wants to hear back (the address, if any, is never written back out).
    Contact(Contact),
    /// To a kind the server renders alone.
    Rare(RareAnswer),
}

/// One choice: a listed one, or "Other" with the respondent's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Listed(Slug),
    Other(String),
}

/// Whether a response is finished (every required question that was asked must be answered) or
/// saved on the way (what is there must be valid; the rest may come later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    Complete,
    Partial,
}

/// The outcome of walking a survey with some answers: what parsed, what is wrong, which questions
/// are asked.
struct Walk {
    answers: LiteMap<Slug, Answer>,
    problems: Vec<(Option<String>, ResponseError)>,
    asked: Vec<bool>,
}

fn walk(survey: &Survey, raw: &RawResponse, known: &Known, completion: Completion) -> Walk {
    let mut walk = Walk { answers: LiteMap::new(), problems: Vec::new(), asked: Vec::new() };
    for id in raw.answers.keys().chain(raw.other.keys()) {
        if survey.question(id).is_none() && !walk.problems.iter().any(|(q, _)| q.as_deref() == Some(id.as_str())) {
            walk.problems.push((Some(id.clone()), ResponseError::UnknownQuestion(id.clone())));
        }
    }
    let mut ended = false;
    for question in survey.questions() {
        let problem = |p| (Some(question.id.to_string()), p);
        let mut asked = !ended && question.show_if.as_ref().is_none_or(|c| c.holds(walk.answers.get(&c.question)));
        // A question the company's signed data already answers is not asked again.
        if asked && question.skip_if_known {
            let value = question.customer_field.as_ref().and_then(|field| known.get(field));
            if let Some(Ok(Some(answer))) = value.map(|v| parse_answer(&question.kind, &known_answer(v), None)) {
                walk.answers.insert(question.id.clone(), answer);
                asked = false;
            }
        }
        walk.asked.push(asked);
        let given = raw.answers.get(question.id.as_str());
        let other = raw.other.get(question.id.as_str());
        // A stored response carries the answer the customer record gave; the same answer again
        // is no answer to a question that was not asked.
        let from_record = !asked && walk.answers.contains_key(&question.id);
        let repeats_record = from_record
            && given.map(|value| parse_answer(&question.kind, value, other))
                == Some(Ok(walk.answers.get(&question.id).cloned()));
        if repeats_record {
            // Nothing more to check.
        } else if asked {
            match given.map_or(Ok(None), |value| parse_answer(&question.kind, value, other)) {
                Ok(Some(answer)) => {
                    walk.answers.insert(question.id.clone(), answer);
                }
                Ok(None) if other.is_some_and(|o| !o.trim().is_empty()) => {
                    walk.problems.push(problem(ResponseError::OtherNotChosen))
                }
                Ok(None) if question.required && completion == Completion::Complete => {
                    walk.problems.push(problem(ResponseError::Missing))
                }
                Ok(None) => {}
                Err(p) => walk.problems.push(problem(p)),
            }
        } else if given.is_some() || other.is_some() {
            walk.problems.push(problem(ResponseError::NotAsked));
        }
        if !ended {
            ended = question.end_if.as_ref().is_some_and(|c| c.holds(walk.answers.get(&c.question)));
        }
    }
    walk
}

/// A customer attribute as the raw answer it stands for: a number when it reads as one.
fn known_answer(value: &str) -> RawAnswer {
    match value.parse::<i64>() {
        Ok(n) => RawAnswer::Number(n),
        Err(_) => RawAnswer::Text(value.to_owned()),
    }
}

impl Response {
    /// Parses a finished response.
    pub fn parse(survey: &Survey, raw: &RawResponse) -> Result<Response, InvalidResponse> {
        Response::parse_with(survey, raw, &Known::new(), Completion::Complete)
    }

    /// Parses a response, using what the company already knows about the customer to skip and
    /// answer questions (`skip_if_known`).
    pub fn parse_with(
        survey: &Survey,
        raw: &RawResponse,
        known: &Known,
        completion: Completion,
    ) -> Result<Response, InvalidResponse> {
        let mut walk = walk(survey, raw, known, completion);
        if walk.problems.is_empty() && walk.answers.is_empty() {
            walk.problems.push((None, ResponseError::Empty));
        }
        if walk.problems.is_empty() {
            Ok(Response { answers: walk.answers, language: None })
        } else {
            Err(InvalidResponse { problems: walk.problems })
        }
    }

    /// The response, answered in `language`: one of the survey's, else an error naming it.
    pub fn in_language(self, survey: &Survey, language: Option<String>) -> Result<Response, InvalidResponse> {
        match language {
            Some(l) if !survey.languages().contains(&l) => Err(InvalidResponse {
                problems: vec![(Some("language".to_owned()), ResponseError::UnknownLanguage(l))],
            }),
            language => Ok(Response { language, ..self }),
        }
    }

    /// The language it was answered in, when the sender said.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    pub fn answer(&self, question: &Slug) -> Option<&Answer> {
        self.answers.get(question)
    }

    pub fn answers(&self) -> impl Iterator<Item = (&Slug, &Answer)> {
        self.answers.iter()
    }

    /// How the respondent wants to hear back, and the question that asked, if the survey asked
    /// (a survey asks once).
    pub fn contact(&self) -> Option<(&Slug, &Contact)> {
        self.answers.iter().find_map(|(question, answer)| match answer {
            Answer::Contact(contact) => Some((question, contact)),
            _ => None,
        })
    }

    /// The contact details given, and the question that asked for them (a survey asks once).
    #[cfg(feature = "rare")]
    pub fn details(&self) -> Option<(&Slug, &crate::rare::details::ContactDetails)> {
        self.answers.iter().find_map(|(question, answer)| match answer {
            Answer::Rare(crate::rare::RareAnswer::Details(details)) => Some((question, details)),
            _ => None,
        })
    }

    /// The canonical raw form: what is stored, and what parses back to this very response.
    pub fn to_raw(&self) -> RawResponse {
        // Loops of inserts, not `collect`: collecting into a map sorts, and the widget's wasm
        // would carry the sort.
        let mut raw = RawResponse { language: self.language.clone(), ..RawResponse::default() };
        let mut chosen = |id: &Slug, c: &Chosen| match c {
            Chosen::Listed(choice) => choice.to_string(),
            Chosen::Other(text) => {
                raw.other.insert(id.to_string(), text.clone());
                OTHER.to_owned()
            }
        };
        let mut answers = LiteMap::new();
        for (id, answer) in &self.answers {
            let value = match answer {
                Answer::Scale(n) => RawAnswer::Number(i64::from(*n)),
                Answer::Choice(c) => RawAnswer::Text(chosen(id, c)),
                Answer::Choices(cs) => RawAnswer::List(cs.iter().map(|c| chosen(id, c)).collect()),
                Answer::YesNo(yes) => RawAnswer::Text(if *yes { "yes" } else { "no" }.to_owned()),
                Answer::Text(text) => RawAnswer::Text(text.clone()),
                Answer::Matrix(rows) => {
                    let mut map = LiteMap::new();
                    for (row, column) in rows {
                        map.insert(row.to_string(), column.to_string());
                    }
                    RawAnswer::Map(map)
                }
                Answer::Consent => RawAnswer::Bool(true),
                // The choice alone: the address is kept apart, never with the answers.
                Answer::Contact(contact) => RawAnswer::Text(contact.reply().to_owned()),
                Answer::Rare(answer) => answer.to_raw(),
            };
            answers.insert(id.to_string(), value);
        }
        raw.answers = answers;
        raw
    }
}

/// Which questions are asked given the answers so far, in survey order: the widget shows these
/// and the no-JavaScript pages step through them.
pub fn asked(survey: &Survey, raw: &RawResponse, known: &Known) -> Vec<bool> {
    walk(survey, raw, known, Completion::Partial).asked
}

/// `Ok(None)` means "not answered": an empty comment, an empty list, consent not given.
pub(crate) fn parse_answer(
    kind: &QuestionKind,
    value: &RawAnswer,
    other: Option<&String>,
) -> Result<Option<Answer>, ResponseError> {
    if let Some((min, max)) = kind.scale() {
        return match value {
            RawAnswer::Number(n) if (i64::from(min)..=i64::from(max)).contains(n) => Ok(Some(Answer::Scale(*n as u8))),
            RawAnswer::Number(n) => Err(ResponseError::OutOfRange { value: *n, min, max }),
            _ => Err(ResponseError::WrongType("a number")),
        };
    }
    match (kind, value) {
        (QuestionKind::SingleChoice { .. }, RawAnswer::Text(id)) => {
            let chosen = choose(kind, id, other)?;
            if other.is_some() && !matches!(chosen, Chosen::Other(_)) {
                return Err(ResponseError::OtherNotChosen);
            }
            Ok(Some(Answer::Choice(chosen)))
        }
        (QuestionKind::SingleChoice { .. }, _) => Err(ResponseError::WrongType("a choice id")),
        (QuestionKind::MultipleChoice { min, max, .. }, RawAnswer::List(ids)) => {
            if ids.is_empty() {
                return if other.is_some() { Err(ResponseError::OtherNotChosen) } else { Ok(None) };
            }
            let mut chosen = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                if ids[..i].contains(id) {
                    return Err(ResponseError::RepeatedChoice(id.clone()));
                }
                chosen.push(choose(kind, id, other)?);
            }
            if other.is_some() && !ids.iter().any(|id| id == OTHER) {
                return Err(ResponseError::OtherNotChosen);
            }
            let count = chosen.len() as u32;
            if count < *min {
                Err(ResponseError::TooFew(*min))
            } else if count > *max {
                Err(ResponseError::TooMany(*max))
            } else {
                Ok(Some(Answer::Choices(chosen)))
            }
        }
        (QuestionKind::MultipleChoice { .. }, _) => Err(ResponseError::WrongType("a list of choice ids")),
        (QuestionKind::YesNo, RawAnswer::Bool(yes)) => Ok(Some(Answer::YesNo(*yes))),
        (QuestionKind::YesNo, RawAnswer::Text(t)) if t == "yes" || t == "no" => Ok(Some(Answer::YesNo(t == "yes"))),
        (QuestionKind::YesNo, _) => Err(ResponseError::WrongType("yes or no")),
        (QuestionKind::Text { max_length, .. }, RawAnswer::Text(text)) => {
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
        (QuestionKind::Text { .. }, _) => Err(ResponseError::WrongType("text")),
        (QuestionKind::Matrix { rows, columns }, RawAnswer::Map(answers)) => {
            let mut chosen = LiteMap::new();
            for (row, column) in answers {
                let row =
                    rows.iter().find(|r| r.id.as_str() == row).ok_or_else(|| ResponseError::UnknownRow(row.clone()))?;
                let column = columns
                    .iter()
                    .find(|c| c.id.as_str() == column)
                    .ok_or_else(|| ResponseError::UnknownChoice(column.clone()))?;
                chosen.insert(row.id.clone(), column.id.clone());
            }
            if chosen.is_empty() {
                Ok(None)
            } else if chosen.len() < rows.len() {
                Err(ResponseError::RowsMissing(rows.len() - chosen.len()))
            } else {
                Ok(Some(Answer::Matrix(chosen)))
            }
        }
        (QuestionKind::Matrix { .. }, _) => Err(ResponseError::WrongType("a choice for each row")),
        (QuestionKind::Consent, RawAnswer::Bool(given)) => Ok(given.then_some(Answer::Consent)),
        (QuestionKind::Consent, _) => Err(ResponseError::WrongType("true or false")),
        (QuestionKind::Contact, value) => Contact::parse(value).map(|c| Some(Answer::Contact(c))),
        (QuestionKind::Rare(rare), value) => rare.answer(value).map(|a| a.map(Answer::Rare)),
        // Scales were handled above.
        _ => Err(ResponseError::WrongType("a number")),
    }
}

/// One chosen option of a choice question: a listed choice, or "Other" with its text.
fn choose(kind: &QuestionKind, id: &str, other: Option<&String>) -> Result<Chosen, ResponseError> {
    if !kind.has_choice(id) {
        return Err(ResponseError::UnknownChoice(id.to_owned()));
    }
    if id != OTHER
        || !matches!(
            kind,
            QuestionKind::SingleChoice { other: true, .. } | QuestionKind::MultipleChoice { other: true, .. }
        )
    {
        return Ok(Chosen::Listed(Slug::parse(id).map_err(|_| ResponseError::UnknownChoice(id.to_owned()))?));
    }
    let text = other.map(|t| t.trim()).unwrap_or_default();
    let length = text.chars().count();
    if text.is_empty() {
        Err(ResponseError::OtherWithoutText)
    } else if length > DEFAULT_SHORT_TEXT_LIMIT as usize {
        Err(ResponseError::TooLong { length, max: DEFAULT_SHORT_TEXT_LIMIT })
    } else {
        Ok(Chosen::Other(text.to_owned()))
    }
}

#[cfg(test)]
#[path = "response_tests.rs"]
pub(crate) mod tests;
