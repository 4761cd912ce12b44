//! Survey definitions: what a company asks, in which languages, and how it looks.
//!
//! A [`Survey`] is only ever built by parsing (from JSON through serde, or from a [`RawSurvey`]), so
//! code that holds one never re-checks it: question ids are unique slugs, choice questions have
//! distinct choices, scales have sane bounds, logic only looks back and has no cycle, every text
//! has the default language.

use crate::kind::{Kind, KINDS};
use crate::logic::{self, Condition, LogicError, RawCondition};
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: Slug,
    pub label: Text,
}

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

    /// Whether this definition can replace `stored` while responses to it exist: every stored
    /// response must keep its meaning. Questions may be reworded, reordered, translated and
    /// given logic; optional questions and new choices may be added. A question may not be
    /// removed, change its kind or its scale, lose a choice, row or column, or become required
    /// (older responses lack it). The error names the question and what changed; such a change
    /// needs a new survey (a new version).
    pub fn keeps_meaning_of(&self, stored: &Survey) -> Result<(), String> {
        if self.id != stored.id {
            return Err(format!("the survey id cannot change (it is `{}`)", stored.id));
        }
        for old in &stored.questions {
            let id = &old.id;
            let Some(new) = self.question(id.as_str()) else {
                return Err(format!("question `{id}` cannot be removed while it has responses"));
            };
            if new.kind.name() != old.kind.name() || new.kind.scale() != old.kind.scale() {
                return Err(format!(
                    "question `{id}` cannot change from {} to {} while it has responses",
                    old.kind.name(),
                    new.kind.name()
                ));
            }
            if new.required && !old.required {
                return Err(format!("question `{id}` cannot become required: earlier responses may lack it"));
            }
            let kept = |old: &[Choice], new: &[Choice]| old.iter().all(|c| new.iter().any(|n| n.id == c.id));
            let lost = match (&old.kind, &new.kind) {
                (QuestionKind::SingleChoice { choices: o, .. }, QuestionKind::SingleChoice { choices: n, .. })
                | (QuestionKind::MultipleChoice { choices: o, .. }, QuestionKind::MultipleChoice { choices: n, .. }) => {
                    !kept(o, n)
                }
                (QuestionKind::Matrix { rows: or, columns: oc }, QuestionKind::Matrix { rows: nr, columns: nc }) => {
                    !kept(or, nr) || !kept(oc, nc)
                }
                _ => false,
            };
            if lost {
                return Err(format!("question `{id}` cannot lose a choice, row or column while it has responses"));
            }
        }
        for new in &self.questions {
            if new.required && stored.question(new.id.as_str()).is_none() {
                return Err(format!("a question added to a live survey must be optional (`{}` is required)", new.id));
            }
        }
        Ok(())
    }

    /// This survey as a respondent in `language` sees it: every text in that language (or the
    /// default where it has no translation), and that language alone. An unknown language gives
    /// the default one.
    pub fn in_language(&self, language: &str) -> Survey {
        let at = self.languages.iter().position(|l| l == language).unwrap_or(0);
        let choices = |cs: &[Choice]| cs.iter().map(|c| Choice { id: c.id.clone(), label: c.label.only(at) }).collect();
        let questions = self
            .questions
            .iter()
            .map(|q| Question {
                prompt: q.prompt.only(at),
                help: q.help.as_ref().map(|h| h.only(at)),
                kind: match &q.kind {
                    QuestionKind::Rating { points, stars, low, high } => QuestionKind::Rating {
                        points: *points,
                        stars: *stars,
                        low: low.as_ref().map(|t| t.only(at)),
                        high: high.as_ref().map(|t| t.only(at)),
                    },
                    QuestionKind::SingleChoice { choices: cs, other, shuffle } => {
                        QuestionKind::SingleChoice { choices: choices(cs), other: *other, shuffle: *shuffle }
                    }
                    QuestionKind::MultipleChoice { choices: cs, other, shuffle, min, max } => {
                        QuestionKind::MultipleChoice {
                            choices: choices(cs),
                            other: *other,
                            shuffle: *shuffle,
                            min: *min,
                            max: *max,
                        }
                    }
                    QuestionKind::Matrix { rows, columns } => {
                        QuestionKind::Matrix { rows: choices(rows), columns: choices(columns) }
                    }
                    kind => kind.clone(),
                },
                ..q.clone()
            })
            .collect();
        Survey { languages: vec![self.languages[at].clone()], title: self.title.only(at), questions, ..self.clone() }
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

impl Question {
    fn parse(index: usize, raw: RawQuestion, languages: &[String]) -> Result<Question, SurveyError> {
        let id = Slug::parse(raw.id).map_err(|source| SurveyError::QuestionId { index, source })?;
        let text = |raw: RawText, field: &str, max| {
            Text::parse(raw, languages, max).map_err(|problem| SurveyError::Text {
                question: id.clone(),
                field: field.to_owned(),
                problem,
            })
        };
        let prompt = text(raw.prompt, "prompt", MAX_PROMPT_LEN)?;
        let help = raw.help.map(|h| text(h, "help", MAX_HELP_LEN)).transpose()?;
        let Some(kind_name) = Kind::named(&raw.kind) else {
            return Err(SurveyError::UnknownKind { question: id, kind: raw.kind });
        };
        // Fields that only some kinds take: name each one that is present but does not apply.
        let allowed = kind_name.fields();
        let present = [
            ("choices", raw.choices.is_some()),
            ("other", raw.other.is_some()),
            ("shuffle", raw.shuffle.is_some()),
            ("min", raw.min.is_some()),
            ("max", raw.max.is_some()),
            ("max_length", raw.max_length.is_some()),
            ("points", raw.points.is_some()),
            ("style", raw.style.is_some()),
            ("labels", raw.labels.is_some()),
            ("rows", raw.rows.is_some()),
            ("columns", raw.columns.is_some()),
        ];
        if let Some((field, _)) = present.iter().find(|(field, here)| *here && !allowed.contains(field)) {
            return Err(SurveyError::FieldNotAllowed { question: id, field, kind: kind_name.as_str() });
        }
        let choices = |raw: Option<Vec<RawChoice>>, field, other: bool| {
            parse_choices(&id, field, raw.unwrap_or_default(), languages, other)
        };
        let kind = match kind_name {
            Kind::Nps => QuestionKind::Nps,
            Kind::Csat => QuestionKind::Csat,
            Kind::Ces => QuestionKind::Ces,
            Kind::Rating => {
                let points = raw.points.unwrap_or(5);
                if !(3..=10).contains(&points) {
                    return Err(SurveyError::Points(id));
                }
                let stars = match raw.style.as_deref() {
                    None | Some("stars") => true,
                    Some("numbers") => false,
                    Some(_) => return Err(SurveyError::Style(id)),
                };
                let (low, high) = match raw.labels {
                    Some(labels) => (
                        Some(text(labels.low, "labels.low", MAX_PROMPT_LEN)?),
                        Some(text(labels.high, "labels.high", MAX_PROMPT_LEN)?),
                    ),
                    None => (None, None),
                };
                QuestionKind::Rating { points, stars, low, high }
            }
            Kind::SingleChoice => {
                let other = raw.other.unwrap_or(false);
                QuestionKind::SingleChoice {
                    choices: choices(raw.choices, "choices", other)?,
                    other,
                    shuffle: raw.shuffle.unwrap_or(false),
                }
            }
            Kind::MultipleChoice => {
                let other = raw.other.unwrap_or(false);
                let listed = choices(raw.choices, "choices", other)?;
                let options = listed.len() + usize::from(other);
                let min = raw.min.unwrap_or(0);
                let max = raw.max.unwrap_or(options as u32);
                if min > max || max as usize > options || max == 0 {
                    return Err(SurveyError::Selections { question: id, options });
                }
                QuestionKind::MultipleChoice { choices: listed, other, shuffle: raw.shuffle.unwrap_or(false), min, max }
            }
            Kind::YesNo => QuestionKind::YesNo,
            Kind::ShortText | Kind::LongText => {
                let long = kind_name == Kind::LongText;
                let default = if long { DEFAULT_TEXT_LIMIT } else { DEFAULT_SHORT_TEXT_LIMIT };
                let max_length = raw.max_length.unwrap_or(default);
                if max_length == 0 || max_length > MAX_TEXT_LIMIT {
                    return Err(SurveyError::TextLimit(id));
                }
                QuestionKind::Text { long, max_length }
            }
            Kind::Matrix => QuestionKind::Matrix {
                rows: choices(raw.rows, "rows", false)?,
                columns: choices(raw.columns, "columns", false)?,
            },
            Kind::Consent => QuestionKind::Consent,
        };
        if let Some(field) = &raw.customer_field {
            let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
            if field.is_empty() || field.len() > 40 || !field.chars().all(ok) {
                return Err(SurveyError::CustomerField(id));
            }
        }
        if raw.skip_if_known && raw.customer_field.is_none() {
            return Err(SurveyError::SkipWithoutField(id));
        }
        Ok(Question {
            id,
            prompt,
            help,
            required: raw.required,
            kind,
            show_if: None,
            end_if: None,
            customer_field: raw.customer_field,
            skip_if_known: raw.skip_if_known,
        })
    }
}

fn parse_choices(
    question: &Slug,
    field: &'static str,
    raw: Vec<RawChoice>,
    languages: &[String],
    other: bool,
) -> Result<Vec<Choice>, SurveyError> {
    if raw.len() < 2 || raw.len() > MAX_CHOICES {
        return Err(SurveyError::ChoiceCount { question: question.clone(), field });
    }
    let mut choices: Vec<Choice> = Vec::with_capacity(raw.len());
    for (index, choice) in raw.into_iter().enumerate() {
        let id = Slug::parse(choice.id).map_err(|source| SurveyError::ChoiceId {
            question: question.clone(),
            field,
            index,
            source,
        })?;
        if other && id.as_str() == OTHER {
            return Err(SurveyError::ReservedChoice { question: question.clone() });
        }
        let label = Text::parse(choice.label, languages, MAX_PROMPT_LEN).map_err(|problem| SurveyError::Text {
            question: question.clone(),
            field: format!("{field} `{id}`"),
            problem,
        })?;
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
    /// Language tags, the default first; `["en"]` when left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    pub title: RawText,
    pub questions: Vec<RawQuestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<RawTheme>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub unsigned_customers: UnsignedCustomers,
    /// Percent of visits on which the survey opens by itself; 100 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<u32>,
    /// Days not to ask again after an answer or a dismissal; 0 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recontact_days: Option<u32>,
    /// The day results are promised for (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_by: Option<String>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub prompt: RawText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<RawText>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<RawLabels>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<RawChoice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<RawCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_if: Option<RawCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_field: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub skip_if_known: bool,
}

impl RawQuestion {
    /// A question of `kind` with only its id and prompt set, for building definitions in code.
    pub fn new(id: &str, kind: &str, prompt: &str) -> RawQuestion {
        RawQuestion {
            id: id.to_owned(),
            kind: kind.to_owned(),
            prompt: RawText::One(prompt.to_owned()),
            help: None,
            required: false,
            choices: None,
            other: None,
            shuffle: None,
            min: None,
            max: None,
            max_length: None,
            points: None,
            style: None,
            labels: None,
            rows: None,
            columns: None,
            show_if: None,
            end_if: None,
            customer_field: None,
            skip_if_known: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub id: String,
    pub label: RawText,
}

/// The words at the two ends of a rating scale.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabels {
    pub low: RawText,
    pub high: RawText,
}

impl TryFrom<RawSurvey> for Survey {
    type Error = SurveyError;
    fn try_from(raw: RawSurvey) -> Result<Survey, SurveyError> {
        Survey::parse(raw)
    }
}

impl From<Survey> for RawSurvey {
    fn from(survey: Survey) -> RawSurvey {
        let languages = &survey.languages;
        let choices = |cs: &[Choice]| -> Vec<RawChoice> {
            cs.iter().map(|c| RawChoice { id: c.id.to_string(), label: c.label.to_raw(languages) }).collect()
        };
        let questions = survey
            .questions
            .iter()
            .map(|q| {
                let mut raw = RawQuestion::new(q.id.as_str(), q.kind.name(), "");
                raw.prompt = q.prompt.to_raw(languages);
                raw.help = q.help.as_ref().map(|h| h.to_raw(languages));
                raw.required = q.required;
                raw.show_if = q.show_if.as_ref().map(Condition::to_raw);
                raw.end_if = q.end_if.as_ref().map(Condition::to_raw);
                raw.customer_field = q.customer_field.clone();
                raw.skip_if_known = q.skip_if_known;
                match &q.kind {
                    QuestionKind::Rating { points, stars, low, high } => {
                        raw.points = Some(*points);
                        raw.style = Some(if *stars { "stars" } else { "numbers" }.to_owned());
                        raw.labels = low
                            .as_ref()
                            .zip(high.as_ref())
                            .map(|(low, high)| RawLabels { low: low.to_raw(languages), high: high.to_raw(languages) });
                    }
                    QuestionKind::SingleChoice { choices: cs, other, shuffle } => {
                        raw.choices = Some(choices(cs));
                        raw.other = Some(*other);
                        raw.shuffle = Some(*shuffle);
                    }
                    QuestionKind::MultipleChoice { choices: cs, other, shuffle, min, max } => {
                        raw.choices = Some(choices(cs));
                        raw.other = Some(*other);
                        raw.shuffle = Some(*shuffle);
                        raw.min = Some(*min);
                        raw.max = Some(*max);
                    }
                    QuestionKind::Text { max_length, .. } => raw.max_length = Some(*max_length),
                    QuestionKind::Matrix { rows, columns } => {
                        raw.rows = Some(choices(rows));
                        raw.columns = Some(choices(columns));
                    }
                    QuestionKind::Nps | QuestionKind::Csat | QuestionKind::Ces | QuestionKind::YesNo => {}
                    QuestionKind::Consent => {}
                }
                raw
            })
            .collect();
        RawSurvey {
            id: survey.id.to_string(),
            languages: survey.languages.clone(),
            title: survey.title.to_raw(languages),
            questions,
            theme: Some(survey.theme.to_raw()),
            unsigned_customers: survey.unsigned_customers,
            sampling: (survey.audience.sampling != 100).then_some(survey.audience.sampling.into()),
            recontact_days: (survey.audience.recontact_days != 0).then_some(survey.audience.recontact_days),
            publish_by: survey.publish_by.clone(),
        }
    }
}

#[path = "compact.rs"]
pub mod compact;

#[cfg(test)]
#[path = "survey_tests.rs"]
pub(crate) mod tests;
