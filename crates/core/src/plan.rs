//! Action plans: what a company heard, what it will do about it, who answers for it, by when,
//! and how it is going. Checked here, like surveys and responses, before anything is stored.
//!
//! Plan texts are the company's words, shown to the public as text (never as HTML): they are
//! kept exactly as written, only trimmed, and every surface escapes them.

use crate::survey::Survey;
use crate::trend::days_from_civil;
use serde::{Deserialize, Serialize};

pub const MAX_HEARD_LEN: usize = 2000;
pub const MAX_WILL_DO_LEN: usize = 2000;
pub const MAX_REASON_LEN: usize = 1000;
pub const MAX_UPDATE_LEN: usize = 4000;
pub const MAX_THEMES: usize = 10;
pub const MAX_THEME_LEN: usize = 60;

/// A theme of the comments a plan answers: a word or a short phrase found in the comments to a
/// text question (the results list the most frequent ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub question: String,
    pub term: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Planned,
    InProgress,
    Done,
    /// Decided against, with the reason, which is shown.
    WontDo,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planned",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Done => "done",
            PlanStatus::WontDo => "wont_do",
        }
    }

    pub fn parse(name: &str) -> Option<PlanStatus> {
        [PlanStatus::Planned, PlanStatus::InProgress, PlanStatus::Done, PlanStatus::WontDo]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// A plan as sent by the admin app or a script.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    #[serde(default)]
    pub heard: String,
    /// The questions (ids) what was heard comes from, whose results the plan shows.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Themes of the comments what was heard comes from.
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub will_do: String,
    /// The member who answers for it (their user id).
    #[serde(default)]
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// Why not, for `wont_do`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A checked plan (the owner still has to be a member: the server checks that).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub heard: String,
    pub questions: Vec<String>,
    pub themes: Vec<Theme>,
    pub will_do: String,
    pub owner: String,
    pub due: String,
    pub status: PlanStatus,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("say what you heard (1 to {MAX_HEARD_LEN} characters)")]
    Heard,
    #[error("say what you will do (1 to {MAX_WILL_DO_LEN} characters)")]
    WillDo,
    #[error("a plan needs an owner: the member who answers for it")]
    NoOwner,
    #[error("a plan needs a due date")]
    NoDue,
    #[error("the due date `{0}` is not a date like 2027-03-31")]
    Due(String),
    #[error("`{0}` is not a status: planned, in_progress, done or wont_do")]
    Status(String),
    #[error("say why it will not be done (1 to {MAX_REASON_LEN} characters): the reason is shown")]
    NoReason,
    #[error("only a plan that will not be done has a reason")]
    ReasonWithoutWontDo,
    #[error("the survey has no question `{0}`")]
    UnknownQuestion(String),
    #[error("an update says something (1 to {MAX_UPDATE_LEN} characters)")]
    Update,
    #[error("`{0}` is not a comment theme: one to three words (at most {MAX_THEME_LEN} characters) from the comments to a text question")]
    Theme(String),
    #[error("a plan links at most {MAX_THEMES} themes")]
    TooManyThemes,
}

/// A text that must be there, trimmed, at most `max` characters.
fn required(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= max).then(|| text.to_owned())
}

/// A calendar date written `YYYY-MM-DD`, checked (no 2027-02-30).
pub fn check_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    // A day past the month's end rolls into the next month.
    let days = days_from_civil(i64::from(year), month, day);
    (crate::trend::civil(days) == (i64::from(year), month, day)).then(|| text.to_owned())
}

impl Plan {
    pub fn parse(survey: &Survey, raw: RawPlan) -> Result<Plan, PlanError> {
        let heard = required(&raw.heard, MAX_HEARD_LEN).ok_or(PlanError::Heard)?;
        let will_do = required(&raw.will_do, MAX_WILL_DO_LEN).ok_or(PlanError::WillDo)?;
        let owner = raw.owner.filter(|o| !o.trim().is_empty()).ok_or(PlanError::NoOwner)?;
        let due = raw.due.filter(|d| !d.trim().is_empty()).ok_or(PlanError::NoDue)?;
        let due = check_date(due.trim()).ok_or(PlanError::Due(due))?;
        let status = match raw.status {
            None => PlanStatus::Planned,
            Some(name) => PlanStatus::parse(&name).ok_or(PlanError::Status(name))?,
        };
        let reason = match (status, raw.reason.filter(|r| !r.trim().is_empty())) {
            (PlanStatus::WontDo, Some(reason)) => Some(required(&reason, MAX_REASON_LEN).ok_or(PlanError::NoReason)?),
            (PlanStatus::WontDo, None) => return Err(PlanError::NoReason),
            (_, Some(_)) => return Err(PlanError::ReasonWithoutWontDo),
            (_, None) => None,
        };
        let mut questions = Vec::new();
        for question in raw.questions {
            if survey.question(&question).is_none() {
                return Err(PlanError::UnknownQuestion(question));
            }
            if !questions.contains(&question) {
                questions.push(question);
            }
        }
        let mut themes: Vec<Theme> = Vec::new();
        for theme in raw.themes {
            let term = theme.term.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let words = term.split(' ').count();
            let text =
                survey.question(&theme.question).is_some_and(|q| matches!(q.kind, crate::QuestionKind::Text { .. }));
            if !text || term.is_empty() || words > 3 || term.chars().count() > MAX_THEME_LEN {
                return Err(PlanError::Theme(format!("{}: {}", theme.question, theme.term)));
            }
            let theme = Theme { question: theme.question, term };
            if !themes.contains(&theme) {
                themes.push(theme);
            }
        }
        if themes.len() > MAX_THEMES {
            return Err(PlanError::TooManyThemes);
        }
        Ok(Plan { heard, questions, themes, will_do, owner: owner.trim().to_owned(), due, status, reason })
    }
}

/// The text of an update, checked.
pub fn check_update(body: &str) -> Result<String, PlanError> {
    required(body, MAX_UPDATE_LEN).ok_or(PlanError::Update)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::tests::demo;

    fn theme(question: &str, term: &str) -> Theme {
        Theme { question: question.into(), term: term.into() }
    }

    fn raw() -> RawPlan {
        RawPlan {
            heard: "  Exports are slow on big projects ".into(),
            questions: vec!["recommend".into(), "recommend".into()],
            themes: vec![theme("comment", " Slow  Exports "), theme("comment", "slow exports")],
            will_do: "Move exports to a background job".into(),
            owner: Some("user-1".into()),
            due: Some("2027-03-31".into()),
            status: None,
            reason: None,
        }
    }

    #[test]
    fn a_plan_is_trimmed_planned_by_default_and_lists_each_question_once() {
        let plan = Plan::parse(&demo(), raw()).unwrap();
        assert_eq!(plan.heard, "Exports are slow on big projects");
        assert_eq!(plan.questions, ["recommend"]);
        assert_eq!(plan.themes, [theme("comment", "slow exports")], "as the results write terms, once");
        assert_eq!((plan.status, plan.due.as_str()), (PlanStatus::Planned, "2027-03-31"));
    }

    #[test]
    fn html_is_kept_as_the_text_it_is() {
        let plan =
            Plan::parse(&demo(), RawPlan { will_do: "<script>alert(1)</script> & more".into(), ..raw() }).unwrap();
        assert_eq!(plan.will_do, "<script>alert(1)</script> & more");
    }

    #[test]
    fn each_missing_or_wrong_field_is_named() {
        let cases: Vec<(RawPlan, PlanError)> = vec![
            (RawPlan { heard: " ".into(), ..raw() }, PlanError::Heard),
            (RawPlan { will_do: "x".repeat(MAX_WILL_DO_LEN + 1), ..raw() }, PlanError::WillDo),
            (RawPlan { owner: None, ..raw() }, PlanError::NoOwner),
            (RawPlan { owner: Some(" ".into()), ..raw() }, PlanError::NoOwner),
            (RawPlan { due: None, ..raw() }, PlanError::NoDue),
            (RawPlan { due: Some("31.03.2027".into()), ..raw() }, PlanError::Due("31.03.2027".into())),
            (RawPlan { due: Some("2027-02-30".into()), ..raw() }, PlanError::Due("2027-02-30".into())),
            (RawPlan { status: Some("soon".into()), ..raw() }, PlanError::Status("soon".into())),
            (RawPlan { status: Some("wont_do".into()), ..raw() }, PlanError::NoReason),
            (RawPlan { reason: Some("because".into()), ..raw() }, PlanError::ReasonWithoutWontDo),
            (RawPlan { questions: vec!["nope".into()], ..raw() }, PlanError::UnknownQuestion("nope".into())),
            (RawPlan { themes: vec![theme("recommend", "slow")], ..raw() }, PlanError::Theme("recommend: slow".into())),
            (RawPlan { themes: vec![theme("nope", "slow")], ..raw() }, PlanError::Theme("nope: slow".into())),
            (RawPlan { themes: vec![theme("comment", "  ")], ..raw() }, PlanError::Theme("comment:   ".into())),
            (
                RawPlan { themes: vec![theme("comment", "far too many words")], ..raw() },
                PlanError::Theme("comment: far too many words".into()),
            ),
            (
                RawPlan { themes: (0..11).map(|i| theme("comment", &format!("word{i}"))).collect(), ..raw() },
                PlanError::TooManyThemes,
            ),
        ];
        for (plan, error) in cases {
            assert_eq!(Plan::parse(&demo(), plan.clone()), Err(error), "{plan:?}");
        }
        let wont = Plan::parse(
            &demo(),
            RawPlan { status: Some("wont_do".into()), reason: Some(" Too costly ".into()), ..raw() },
        );
        assert_eq!(wont.unwrap().reason.as_deref(), Some("Too costly"));
        assert_eq!(check_update("  "), Err(PlanError::Update));
        assert_eq!(check_date("2028-02-29").as_deref(), Some("2028-02-29"), "a leap day");
        assert_eq!(check_date("2027-13-01"), None);
    }
}
