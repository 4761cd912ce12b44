//! Survey definitions: what a company asks, in which languages, and how it looks.
//!
//! A [`Survey`] is only ever built by parsing (from JSON through serde, or from a [`RawSurvey`]), so
//! code that holds one never re-checks it: question ids are unique slugs, choice questions have
//! distinct choices, scales have sane bounds, logic only looks back and has no cycle, every text
//! has the default language.

use crate::kind::Kind;
use crate::logic::{self, Condition, LogicError, RawCondition};
use crate::rare::Rare;
use crate::slug::{Slug, SlugError};
use crate::text::{is_language_tag, RawText, Text, TextError};
use crate::theme::{RawTheme, Theme, ThemeError};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_LEN: usize = 200;
pub const MAX_PROMPT_LEN: usize = 500;
pub const MAX_HELP_LEN: usize = 1000;
pub const MAX_QUESTIONS: usize = 50;
pub const MAX_CHOICES: usize = 30;
pub const MAX_LANGUAGES: usize = 20;
/// The cap on a long free-text answer when a survey does not set one.
pub const DEFAULT_TEXT_LIMIT: u32 = 1000;
/// The cap on a short free-text answer when a survey does not set one.
pub const DEFAULT_SHORT_TEXT_LIMIT: u32 = 200;
/// The largest cap a survey may set on a free-text answer, in characters.
pub const MAX_TEXT_LIMIT: u32 = 5000;
/// The choice id that stands for "Other" (with the respondent's own words) on choice questions
/// that offer it.
pub const OTHER: &str = "other";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSurvey", into = "RawSurvey")]
pub struct Survey {
    id: Slug,
    /// Language tags, the default first.
    languages: Vec<String>,
    title: Text,
    questions: Vec<Question>,
    theme: Theme,
    unsigned_customers: UnsignedCustomers,
    audience: Audience,
    /// The day the company promises to publish what it heard (`YYYY-MM-DD`), told to every
    /// respondent with their receipt.
    publish_by: Option<String>,
}

/// Who is asked, and how often: the widget page applies these before offering the survey (the
/// embed's own `data-sample` and `data-days` can narrow them further on a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    /// Percent of visits on which the survey opens by itself (1 to 100).
    pub sampling: u8,
    /// Days not to ask again after an answer or a dismissal (0: ask again next visit).
    pub recontact_days: u32,
}

impl Default for Audience {
    fn default() -> Self {
        Audience { sampling: 100, recontact_days: 0 }
    }
}

/// The longest recontact wait a survey can set: ten years.
pub const MAX_RECONTACT_DAYS: u32 = 3650;

/// What to do with customer details the host page passed without a valid signature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnsignedCustomers {
    /// Store them, marked unverified.
    #[default]
    Keep,
    /// Refuse the response.
    Refuse,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: Slug,
    pub prompt: Text,
    pub help: Option<Text>,
    pub required: bool,
    pub kind: QuestionKind,
    /// Asked only when this holds.
    pub show_if: Option<Condition>,
    /// When this holds after this question, the survey ends here.
    pub end_if: Option<Condition>,
    /// A customer attribute (passed by the host page) that answers this question: the widget
    /// prefills it, or with `skip_if_known` the question is not asked and the attribute's value
    /// is the answer.
    pub customer_field: Option<String>,
    pub skip_if_known: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    /// "How likely are you to recommend us?", 0 to 10.
    Nps,
    /// Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied).
    Csat,
    /// Customer effort, 1 (very difficult) to 7 (very easy).
    Ces,
    /// 1 to `points` (3 to 10), shown as stars or numbers, with optional end labels.
    Rating {
        points: u8,
        stars: bool,
        low: Option<Text>,
        high: Option<Text>,
    },
    /// Exactly one choice, or "Other" in the respondent's words.
    SingleChoice {
        choices: Vec<Choice>,
        other: bool,
        shuffle: bool,
    },
    /// `min` to `max` choices, "Other" counting as one.
    MultipleChoice {
        choices: Vec<Choice>,
        other: bool,
        shuffle: bool,
        min: u32,
        max: u32,
    },
    YesNo,
    /// A comment of at most `max_length` characters, on one line or several.
    Text {
        long: bool,
        max_length: u32,
    },
    /// Several rows, each answered on the same scale of columns.
    Matrix {
        rows: Vec<Choice>,
        columns: Vec<Choice>,
    },
    /// A box to tick, agreeing to what the prompt says.
    Consent,
    /// May someone follow up on these answers, and how: no, a reply here, or e-mail (see
    /// [`crate::contact`]). A survey asks it once.
    Contact,
    /// A kind the server renders alone (ranking, date): see [`crate::rare`].
    Rare(Rare),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: Slug,
    pub label: Text,
}

impl Survey {
    /// Checks a raw definition and builds the survey it describes.
    pub fn parse(raw: RawSurvey) -> Result<Survey, SurveyError> {
        let id = Slug::parse(raw.id).map_err(SurveyError::Id)?;
        let languages = if raw.languages.is_empty() { vec!["en".to_owned()] } else { raw.languages };
        if let Some(bad) = languages.iter().find(|l| !is_language_tag(l)) {
            return Err(SurveyError::Language(bad.clone()));
        }
        let distinct = languages.iter().enumerate().all(|(i, l)| !languages[..i].contains(l));
        if languages.len() > MAX_LANGUAGES || !distinct {
            return Err(SurveyError::LanguageCount);
        }
        let title = Text::parse(raw.title, &languages, MAX_TITLE_LEN).map_err(SurveyError::Title)?;
        if raw.questions.is_empty() || raw.questions.len() > MAX_QUESTIONS {
            return Err(SurveyError::QuestionCount);
        }
        // Cycles first, so that a cycle is reported as such, not as a rule that looks ahead.
        let rules: Vec<(String, Vec<String>)> = raw
            .questions
            .iter()
            .map(|q| {
                let mut refs: Vec<String> = q.show_if.iter().map(|c| c.question.clone()).collect();
                refs.extend(q.end_if.iter().map(|c| c.question.clone()).filter(|r| *r != q.id));
                (q.id.clone(), refs)
            })
            .collect();
        if let Some(cycle) = logic::find_cycle(&rules) {
            return Err(SurveyError::LogicCycle(cycle));
        }
        let ids: Vec<String> = raw.questions.iter().map(|q| q.id.clone()).collect();
        let mut questions: Vec<Question> = Vec::with_capacity(raw.questions.len());
        for (index, raw_question) in raw.questions.into_iter().enumerate() {
            let show_if = raw_question.show_if.clone();
            let end_if = raw_question.end_if.clone();
            let question = Question::parse(index, raw_question, &languages)?;
            if questions.iter().any(|q| q.id == question.id) {
                return Err(SurveyError::DuplicateQuestion(question.id));
            }
            let asks = |q: &Question, kind| q.kind.kind() == kind;
            for kind in [Kind::Contact, Kind::ContactDetails] {
                if asks(&question, kind) && questions.iter().any(|q| asks(q, kind)) {
                    return Err(SurveyError::ContactTwice(question.id));
                }
            }
            questions.push(question);
            let rule =
                |raw: &RawCondition, name, may_be_own| {
                    Condition::parse(raw, &questions, &ids[index + 1..], may_be_own).map_err(|problem| {
                        SurveyError::Logic { question: questions[index].id.clone(), rule: name, problem }
                    })
                };
            let show_if = show_if.as_ref().map(|c| rule(c, "show_if", false)).transpose()?;
            let end_if = end_if.as_ref().map(|c| rule(c, "end_if", true)).transpose()?;
            questions[index].show_if = show_if;
            questions[index].end_if = end_if;
        }
        for (at, question) in questions.iter().enumerate() {
            let texts = question.prompt.values().iter().chain(question.help.iter().flat_map(Text::values));
            for text in texts {
                crate::recall::check(text, &questions, at).map_err(|(reference, problem)| SurveyError::Recall {
                    question: question.id.clone(),
                    reference,
                    problem,
                })?;
            }
        }
        let theme = Theme::parse(raw.theme.unwrap_or_default()).map_err(SurveyError::Theme)?;
        let sampling = raw.sampling.unwrap_or(100);
        if !(1..=100).contains(&sampling) {
            return Err(SurveyError::Sampling);
        }
        let recontact_days = raw.recontact_days.unwrap_or(0);
        if recontact_days > MAX_RECONTACT_DAYS {
            return Err(SurveyError::RecontactDays);
        }
        let audience = Audience { sampling: sampling as u8, recontact_days };
        let publish_by = match raw.publish_by {
            Some(day) => Some(crate::plan::check_date(day.trim()).ok_or(SurveyError::PublishBy(day))?),
            None => None,
        };
        Ok(Survey {
            id,
            languages,
            title,
            questions,
            theme,
            unsigned_customers: raw.unsigned_customers,
            audience,
            publish_by,
        })
    }

    pub fn id(&self) -> &Slug {
        &self.id
    }

    /// The survey's language tags, the default first.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    pub fn title(&self) -> &str {
        self.title.as_str()
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id.as_str() == id)
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn unsigned_customers(&self) -> UnsignedCustomers {
        self.unsigned_customers
    }

    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// The day results are promised for, if the company set one.
    pub fn publish_by(&self) -> Option<&str> {
        self.publish_by.as_deref()
    }
}

impl QuestionKind {
    /// The `kind` string of this kind in a definition.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The kind a definition names this question's kind by.
    pub fn kind(&self) -> Kind {
        match self {
            QuestionKind::Nps => Kind::Nps,
            QuestionKind::Csat => Kind::Csat,
            QuestionKind::Ces => Kind::Ces,
            QuestionKind::Rating { .. } => Kind::Rating,
            QuestionKind::SingleChoice { .. } => Kind::SingleChoice,
            QuestionKind::MultipleChoice { .. } => Kind::MultipleChoice,
            QuestionKind::YesNo => Kind::YesNo,
            QuestionKind::Text { long: false, .. } => Kind::ShortText,
            QuestionKind::Text { long: true, .. } => Kind::LongText,
            QuestionKind::Matrix { .. } => Kind::Matrix,
            QuestionKind::Consent => Kind::Consent,
            QuestionKind::Contact => Kind::Contact,
            QuestionKind::Rare(rare) => rare.kind(),
        }
    }

    /// The lowest and highest answer of a scale question.
    pub fn scale(&self) -> Option<(u8, u8)> {
        match self {
            QuestionKind::Nps => Some((0, 10)),
            QuestionKind::Csat => Some((1, 5)),
            QuestionKind::Ces => Some((1, 7)),
            QuestionKind::Rating { points, .. } => Some((1, *points)),
            _ => None,
        }
    }

    /// Whether an answer may name choices (a choice question, or yes/no with `yes` and `no`).
    pub fn has_choices(&self) -> bool {
        matches!(self, QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } | QuestionKind::YesNo)
    }

    /// Whether `id` is one of the choices this question offers.
    pub fn has_choice(&self, id: &str) -> bool {
        match self {
            QuestionKind::SingleChoice { choices, other, .. } | QuestionKind::MultipleChoice { choices, other, .. } => {
                choices.iter().any(|c| c.id.as_str() == id) || (*other && id == OTHER)
            }
            QuestionKind::YesNo => id == "yes" || id == "no",
            _ => false,
        }
    }
}

#[path = "survey_error.rs"]
mod error;
pub use error::SurveyError;

#[path = "survey_change.rs"]
mod change;

#[path = "survey_question.rs"]
mod question;

#[path = "survey_views.rs"]
mod views;

#[path = "survey_raw.rs"]
mod raw;
pub use raw::{RawButton, RawChoice, RawLabels, RawQuestion, RawSurvey};

#[path = "compact.rs"]
pub mod compact;

#[cfg(test)]
#[path = "survey_tests.rs"]
pub(crate) mod tests;
