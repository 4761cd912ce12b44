//! Survey definitions: what a company asks.
//!
//! A [`Survey`] is only ever built by parsing (from JSON through serde, or from a [`RawSurvey`]), so
//! code that holds one never re-checks it: question ids are unique slugs, choice questions have at
//! least two distinct choices, text limits are sane.

use crate::slug::{Slug, SlugError};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_LEN: usize = 200;
pub const MAX_PROMPT_LEN: usize = 500;
pub const MAX_QUESTIONS: usize = 50;
pub const MAX_CHOICES: usize = 30;
/// Free-text answers are capped; this is the cap when a survey does not set one.
pub const DEFAULT_TEXT_LIMIT: u32 = 1000;
/// The largest cap a survey may set on a free-text answer, in characters.
pub const MAX_TEXT_LIMIT: u32 = 5000;
/// A rating question asks for 1 to this many stars.
pub const RATING_MAX: u8 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSurvey", into = "RawSurvey")]
pub struct Survey {
    id: Slug,
    title: String,
    questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: Slug,
    pub prompt: String,
    pub required: bool,
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    /// "How likely are you to recommend us?", 0 to 10.
    Nps,
    /// 1 to [`RATING_MAX`].
    Rating,
    /// Exactly one of the listed choices.
    SingleChoice { choices: Vec<Choice> },
    /// A comment of at most `max_length` characters.
    Text { max_length: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: Slug,
    pub label: String,
}

/// Everything that can be wrong with a survey definition, naming the question where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyError {
    #[error("survey id: {0}")]
    Id(SlugError),
    #[error("the survey needs a title of 1 to {MAX_TITLE_LEN} characters")]
    Title,
    #[error("the survey needs 1 to {MAX_QUESTIONS} questions")]
    QuestionCount,
    #[error("question {index}: {source}")]
    QuestionId { index: usize, source: SlugError },
    #[error("question `{0}` appears more than once")]
    DuplicateQuestion(Slug),
    #[error("question `{0}` needs a prompt of 1 to {MAX_PROMPT_LEN} characters")]
    Prompt(Slug),
    #[error("question `{question}` has unknown kind `{kind}` (expected nps, rating, single_choice or text)")]
    UnknownKind { question: Slug, kind: String },
    #[error("question `{0}` needs 2 to {MAX_CHOICES} choices")]
    ChoiceCount(Slug),
    #[error("question `{question}`, choice {index}: {source}")]
    ChoiceId { question: Slug, index: usize, source: SlugError },
    #[error("question `{question}` lists choice `{choice}` more than once")]
    DuplicateChoice { question: Slug, choice: Slug },
    #[error("question `{question}`, choice `{choice}` needs a label of 1 to {MAX_PROMPT_LEN} characters")]
    ChoiceLabel { question: Slug, choice: Slug },
    #[error("question `{0}`: max_length must be between 1 and {MAX_TEXT_LIMIT}")]
    TextLimit(Slug),
    #[error("question `{question}`: `{field}` does not apply to a {kind} question")]
    FieldNotAllowed { question: Slug, field: &'static str, kind: &'static str },
}

impl Survey {
    /// Checks a raw definition and builds the survey it describes.
    pub fn parse(raw: RawSurvey) -> Result<Survey, SurveyError> {
        let id = Slug::parse(raw.id).map_err(SurveyError::Id)?;
        let title = raw.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > MAX_TITLE_LEN {
            return Err(SurveyError::Title);
        }
        if raw.questions.is_empty() || raw.questions.len() > MAX_QUESTIONS {
            return Err(SurveyError::QuestionCount);
        }
        let mut questions: Vec<Question> = Vec::with_capacity(raw.questions.len());
        for (index, raw_question) in raw.questions.into_iter().enumerate() {
            let question = Question::parse(index, raw_question)?;
            if questions.iter().any(|q| q.id == question.id) {
                return Err(SurveyError::DuplicateQuestion(question.id));
            }
            questions.push(question);
        }
        Ok(Survey { id, title, questions })
    }

    pub fn id(&self) -> &Slug {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id.as_str() == id)
    }
}

impl Question {
    fn parse(index: usize, raw: RawQuestion) -> Result<Question, SurveyError> {
        let id = Slug::parse(raw.id).map_err(|source| SurveyError::QuestionId { index, source })?;
        let prompt = raw.prompt.trim().to_owned();
        if prompt.is_empty() || prompt.chars().count() > MAX_PROMPT_LEN {
            return Err(SurveyError::Prompt(id));
        }
        let not_allowed = |field, kind| SurveyError::FieldNotAllowed { question: id.clone(), field, kind };
        let kind = match raw.kind.as_str() {
            "nps" | "rating" | "text" if raw.choices.is_some() => {
                return Err(not_allowed("choices", kind_name(&raw.kind)));
            }
            "nps" | "rating" | "single_choice" if raw.max_length.is_some() => {
                return Err(not_allowed("max_length", kind_name(&raw.kind)));
            }
            "nps" => QuestionKind::Nps,
            "rating" => QuestionKind::Rating,
            "single_choice" => QuestionKind::SingleChoice { choices: parse_choices(&id, raw.choices)? },
            "text" => {
                let max_length = raw.max_length.unwrap_or(DEFAULT_TEXT_LIMIT);
                if max_length == 0 || max_length > MAX_TEXT_LIMIT {
                    return Err(SurveyError::TextLimit(id));
                }
                QuestionKind::Text { max_length }
            }
            _ => return Err(SurveyError::UnknownKind { question: id, kind: raw.kind }),
        };
        Ok(Question { id, prompt, required: raw.required, kind })
    }
}

/// The `kind` string of a known kind, as a static for error messages.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "nps" => "nps",
        "rating" => "rating",
        "single_choice" => "single_choice",
        _ => "text",
    }
}

fn parse_choices(question: &Slug, raw: Option<Vec<RawChoice>>) -> Result<Vec<Choice>, SurveyError> {
    let raw = raw.unwrap_or_default();
    if raw.len() < 2 || raw.len() > MAX_CHOICES {
        return Err(SurveyError::ChoiceCount(question.clone()));
    }
    let mut choices: Vec<Choice> = Vec::with_capacity(raw.len());
    for (index, choice) in raw.into_iter().enumerate() {
        let id = Slug::parse(choice.id).map_err(|source| SurveyError::ChoiceId {
            question: question.clone(),
            index,
            source,
        })?;
        let label = choice.label.trim().to_owned();
        if label.is_empty() || label.chars().count() > MAX_PROMPT_LEN {
            return Err(SurveyError::ChoiceLabel { question: question.clone(), choice: id });
        }
        if choices.iter().any(|c| c.id == id) {
            return Err(SurveyError::DuplicateChoice { question: question.clone(), choice: id });
        }
        choices.push(Choice { id, label });
    }
    Ok(choices)
}

/// A survey definition as it arrives in JSON, before it is checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    pub id: String,
    pub title: String,
    pub questions: Vec<RawQuestion>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub prompt: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub id: String,
    pub label: String,
}

impl TryFrom<RawSurvey> for Survey {
    type Error = SurveyError;
    fn try_from(raw: RawSurvey) -> Result<Survey, SurveyError> {
        Survey::parse(raw)
    }
}

impl From<Survey> for RawSurvey {
    fn from(survey: Survey) -> RawSurvey {
        RawSurvey {
            id: survey.id.into(),
            title: survey.title,
            questions: survey.questions.into_iter().map(RawQuestion::from).collect(),
        }
    }
}

impl From<Question> for RawQuestion {
    fn from(q: Question) -> RawQuestion {
        let (kind, choices, max_length) = match q.kind {
            QuestionKind::Nps => ("nps", None, None),
            QuestionKind::Rating => ("rating", None, None),
            QuestionKind::SingleChoice { choices } => (
                "single_choice",
                Some(choices.into_iter().map(|c| RawChoice { id: c.id.into(), label: c.label }).collect()),
                None,
            ),
            QuestionKind::Text { max_length } => ("text", None, Some(max_length)),
        };
        RawQuestion {
            id: q.id.into(),
            kind: kind.to_owned(),
            prompt: q.prompt,
            required: q.required,
            choices,
            max_length,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    pub fn demo() -> Survey {
        serde_json::from_value(json!({
            "id": "demo",
            "title": "How are we doing?",
            "questions": [
                {"id": "recommend", "kind": "nps", "prompt": "How likely are you to recommend us?", "required": true},
                {"id": "support", "kind": "rating", "prompt": "How was our support?"},
                {"id": "channel", "kind": "single_choice", "prompt": "How did you reach us?",
                 "choices": [{"id": "email", "label": "E-mail"}, {"id": "chat", "label": "Chat"}]},
                {"id": "comment", "kind": "text", "prompt": "Anything else?", "max_length": 20}
            ]
        }))
        .unwrap()
    }

    fn parse(value: serde_json::Value) -> Result<Survey, String> {
        serde_json::from_value::<Survey>(value).map_err(|e| e.to_string())
    }

    fn one_question(question: serde_json::Value) -> Result<Survey, String> {
        parse(json!({"id": "s", "title": "T", "questions": [question]}))
    }

    #[test]
    fn a_valid_definition_parses_with_its_questions_in_order() {
        let survey = demo();
        assert_eq!(survey.id().as_str(), "demo");
        let ids: Vec<_> = survey.questions().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["recommend", "support", "channel", "comment"]);
        assert!(survey.questions()[0].required);
        assert!(!survey.questions()[1].required);
        assert_eq!(survey.questions()[3].kind, QuestionKind::Text { max_length: 20 });
    }

    #[test]
    fn a_text_question_without_a_limit_gets_the_default() {
        let survey = one_question(json!({"id": "c", "kind": "text", "prompt": "Say"})).unwrap();
        assert_eq!(survey.questions()[0].kind, QuestionKind::Text { max_length: DEFAULT_TEXT_LIMIT });
    }

    #[test]
    fn each_broken_definition_is_rejected_with_an_error_naming_the_problem() {
        let cases = [
            (json!({"id": "Bad Id", "title": "T", "questions": []}), "survey id"),
            (json!({"id": "s", "title": "  ", "questions": []}), "title"),
            (json!({"id": "s", "title": "T", "questions": []}), "1 to 50 questions"),
            (
                json!({"id": "s", "title": "T", "questions": [
                {"id": "a", "kind": "nps", "prompt": "P"}, {"id": "a", "kind": "nps", "prompt": "P"}]}),
                "`a` appears more than once",
            ),
        ];
        for (value, expected) in cases {
            let err = parse(value.clone()).unwrap_err();
            assert!(err.contains(expected), "{value}: {err}");
        }
        let question_cases = [
            (json!({"id": "A", "kind": "nps", "prompt": "P"}), "question 0"),
            (json!({"id": "a", "kind": "nps", "prompt": ""}), "needs a prompt"),
            (json!({"id": "a", "kind": "stars", "prompt": "P"}), "unknown kind `stars`"),
            (json!({"id": "a", "kind": "single_choice", "prompt": "P"}), "2 to 30 choices"),
            (
                json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}]}),
                "2 to 30 choices",
            ),
            (
                json!({"id": "a", "kind": "single_choice", "prompt": "P",
                    "choices": [{"id": "x", "label": "X"}, {"id": "x", "label": "Y"}]}),
                "choice `x` more than once",
            ),
            (
                json!({"id": "a", "kind": "single_choice", "prompt": "P",
                    "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": " "}]}),
                "needs a label",
            ),
            (
                json!({"id": "a", "kind": "single_choice", "prompt": "P",
                    "choices": [{"id": "x", "label": "X"}, {"id": "Y!", "label": "Y"}]}),
                "choice 1",
            ),
            (json!({"id": "a", "kind": "text", "prompt": "P", "max_length": 0}), "max_length must be"),
            (json!({"id": "a", "kind": "text", "prompt": "P", "max_length": 5001}), "max_length must be"),
            (json!({"id": "a", "kind": "nps", "prompt": "P", "choices": []}), "`choices` does not apply"),
            (json!({"id": "a", "kind": "rating", "prompt": "P", "max_length": 3}), "`max_length` does not apply"),
            (json!({"id": "a", "kind": "nps", "prompt": "P", "colour": "red"}), "unknown field `colour`"),
        ];
        for (question, expected) in question_cases {
            let err = one_question(question.clone()).unwrap_err();
            assert!(err.contains(expected), "{question}: {err}");
        }
    }

    pub fn arb_survey() -> impl Strategy<Value = Survey> {
        let choice = ("[a-z]{1,8}", "[A-Za-z ]{0,10}[A-Za-z]");
        let kind = prop_oneof![
            Just(("nps".to_owned(), None, None)),
            Just(("rating".to_owned(), None, None)),
            prop::collection::vec(choice, 2..6).prop_map(|cs| (
                "single_choice".to_owned(),
                Some(
                    cs.into_iter()
                        .enumerate()
                        .map(|(i, (id, label))| RawChoice { id: format!("{id}{i}"), label })
                        .collect()
                ),
                None
            )),
            (1u32..=MAX_TEXT_LIMIT).prop_map(|n| ("text".to_owned(), None, Some(n))),
        ];
        let question = ("[A-Za-z?]{1,20}", any::<bool>(), kind);
        ("[a-z][a-z0-9-]{0,10}[a-z0-9]", "[A-Za-z]{1,30}", prop::collection::vec(question, 1..8)).prop_map(
            |(id, title, questions)| {
                let questions = questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (prompt, required, (kind, choices, max_length)))| RawQuestion {
                        id: format!("q{i}"),
                        kind,
                        prompt,
                        required,
                        choices,
                        max_length,
                    })
                    .collect();
                Survey::parse(RawSurvey { id, title, questions }).expect("generated surveys are valid")
            },
        )
    }

    proptest! {
        #[test]
        fn a_survey_survives_a_json_round_trip(survey in arb_survey()) {
            let json = serde_json::to_string(&survey).unwrap();
            prop_assert_eq!(serde_json::from_str::<Survey>(&json).unwrap(), survey);
        }
    }
}
