//! What is wrong with a definition, said so that its author can fix it.

use super::*;
use crate::kind::KINDS;

/// Everything that can be wrong with a survey definition, naming the question where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyError {
    #[error("survey id: {0}")]
    Id(SlugError),
    #[error("languages: `{0}` is not a language tag such as en, de or pt-br")]
    Language(String),
    #[error("languages: list 1 to {MAX_LANGUAGES} distinct languages, the default first")]
    LanguageCount,
    #[error("title {0}")]
    Title(TextError),
    #[error("the survey needs 1 to {MAX_QUESTIONS} questions")]
    QuestionCount,
    #[error("question {index}: {source}")]
    QuestionId { index: usize, source: SlugError },
    #[error("question `{0}` appears more than once")]
    DuplicateQuestion(Slug),
    #[error("question `{question}`: {field} {problem}")]
    Text { question: Slug, field: String, problem: TextError },
    #[error("question `{question}` has unknown kind `{kind}` (expected {KINDS})")]
    UnknownKind { question: Slug, kind: String },
    #[error("question `{question}` needs 2 to {MAX_CHOICES} {field}")]
    ChoiceCount { question: Slug, field: &'static str },
    #[error("question `{question}`, {field} {index}: {source}")]
    ChoiceId { question: Slug, field: &'static str, index: usize, source: SlugError },
    #[error("question `{question}` lists `{choice}` more than once")]
    DuplicateChoice { question: Slug, choice: Slug },
    #[error("question `{question}`: choice id `other` is kept for the \"Other\" option")]
    ReservedChoice { question: Slug },
    #[error("question `{0}`: max_length must be between 1 and {MAX_TEXT_LIMIT}")]
    TextLimit(Slug),
    #[error("question `{0}`: points must be between 3 and 10")]
    Points(Slug),
    #[error("question `{0}`: style must be `stars` or `numbers`")]
    Style(Slug),
    #[error(
        "question `{question}`: min and max selections must satisfy 0 ≤ min ≤ max ≤ {options} (the options offered)"
    )]
    Selections { question: Slug, options: usize },
    #[error("question `{question}`: `{field}` does not apply to a {kind} question")]
    FieldNotAllowed { question: Slug, field: &'static str, kind: &'static str },
    #[error("question `{question}`, rule {rule}: {problem}")]
    Logic { question: Slug, rule: &'static str, problem: LogicError },
    #[error("logic rules form a cycle: {}", .0.join(" → "))]
    LogicCycle(Vec<String>),
    #[error("question `{0}`: customer_field must be an attribute name (a-z, 0-9, _; up to 40)")]
    CustomerField(Slug),
    #[error("question `{question}`: {problem}")]
    Rare { question: Slug, problem: &'static str },
    #[error("question `{question}`: `{{{{{reference}}}}}` recalls {problem}")]
    Recall { question: Slug, reference: String, problem: &'static str },
    #[error("question `{0}`: a survey asks for contact once")]
    ContactTwice(Slug),
    #[error("question `{0}`: skip_if_known needs a customer_field")]
    SkipWithoutField(Slug),
    #[error("theme: {0}")]
    Theme(ThemeError),
    #[error("sampling must be a percentage from 1 to 100")]
    Sampling,
    #[error("recontact_days must be from 0 to {MAX_RECONTACT_DAYS}")]
    RecontactDays,
    #[error("publish_by must be a date written YYYY-MM-DD, not `{0}`")]
    PublishBy(String),
}
