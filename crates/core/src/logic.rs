//! Survey logic: show a question only when earlier answers call for it, and end a survey early.
//!
//! A question may carry `show_if` (asked only when the condition holds) and `end_if` (when it
//! holds after this question, nothing after it is asked). A condition tests one earlier answer.
//! Rules are checked when a survey is created: they must name a known question that comes
//! before (or, for `end_if`, is) their own, test a value that question can have, and form no
//! cycle. Only looking back means one pass in survey order decides what is asked, the same pass
//! in the widget, in the server's parsing and on the no-JavaScript pages.

use crate::response::{Answer, Chosen, RawAnswer};
use crate::slug::Slug;
use crate::survey::{Question, QuestionKind};
use serde::{Deserialize, Serialize};

/// A test of one earlier answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub question: Slug,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// The answer is this number (scales) or this choice id (`yes`/`no` for yes/no questions).
    Equals(Value),
    /// The question was answered, with something else.
    NotEquals(Value),
    /// A scale answer of at most this.
    AtMost(i64),
    /// A scale answer of at least this.
    AtLeast(i64),
    /// A choice question's answer includes this choice (`other` for the "Other" option).
    Includes(Slug),
    /// The question was answered (`true`) or left out (`false`).
    Answered(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(i64),
    Choice(Slug),
}

/// A condition as written in a definition: the question and exactly one test.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<RawAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_equals: Option<RawAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub includes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
}

/// What is wrong with one rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogicError {
    #[error("refers to `{0}`, which is not a question of this survey")]
    UnknownQuestion(String),
    #[error("refers to `{0}`, which comes later; a rule may only depend on earlier answers")]
    LaterQuestion(Slug),
    #[error("needs exactly one test: equals, not_equals, at_most, at_least, includes or answered")]
    TestCount,
    #[error("tests `{question}` for {value}, which it can never be")]
    ImpossibleValue { question: Slug, value: String },
    #[error("cannot use `{test}` on `{question}`, a {kind} question")]
    TestNotApplicable { question: Slug, test: &'static str, kind: &'static str },
}

impl Condition {
    /// Checks a raw rule of the question at `own` (its index in `questions`, which holds the
    /// questions before it and itself); `later` are the ids of the questions after it.
    /// `may_be_own` allows a rule on the question's own answer.
    pub(crate) fn parse(
        raw: &RawCondition,
        questions: &[Question],
        later: &[String],
        may_be_own: bool,
    ) -> Result<Condition, LogicError> {
        let own = questions.len() - 1;
        let position = questions.iter().position(|q| q.id.as_str() == raw.question);
        let target = match position {
            Some(at) if at < own || (may_be_own && at == own) => &questions[at],
            Some(_) => return Err(LogicError::LaterQuestion(questions[own].id.clone())),
            None if later.contains(&raw.question) => {
                return Err(LogicError::LaterQuestion(
                    Slug::parse(raw.question.clone()).map_err(|_| LogicError::UnknownQuestion(raw.question.clone()))?,
                ))
            }
            None => return Err(LogicError::UnknownQuestion(raw.question.clone())),
        };
        let tests = [
            raw.equals.is_some(),
            raw.not_equals.is_some(),
            raw.at_most.is_some(),
            raw.at_least.is_some(),
            raw.includes.is_some(),
            raw.answered.is_some(),
        ];
        if tests.iter().filter(|t| **t).count() != 1 {
            return Err(LogicError::TestCount);
        }
        let kind = &target.kind;
        let impossible = |value: String| LogicError::ImpossibleValue { question: target.id.clone(), value };
        let not_applicable =
            |test| LogicError::TestNotApplicable { question: target.id.clone(), test, kind: kind.name() };
        let value = |raw: &RawAnswer, test| match (raw, kind.scale()) {
            (RawAnswer::Number(n), Some((min, max))) if (i64::from(min)..=i64::from(max)).contains(n) => {
                Ok(Value::Number(*n))
            }
            (RawAnswer::Number(n), Some(_)) => Err(impossible(n.to_string())),
            (RawAnswer::Text(id), None) if kind.has_choice(id) => Ok(Value::Choice(Slug::parse(id.clone()).unwrap())),
            (RawAnswer::Text(id), None) if kind.has_choices() => Err(impossible(format!("`{id}`"))),
            _ => Err(not_applicable(test)),
        };
        let bound = |n: i64, test| match kind.scale() {
            Some((min, max)) if (i64::from(min)..=i64::from(max)).contains(&n) => Ok(n),
            Some(_) => Err(impossible(n.to_string())),
            None => Err(not_applicable(test)),
        };
        let test = if let Some(v) = &raw.equals {
            Test::Equals(value(v, "equals")?)
        } else if let Some(v) = &raw.not_equals {
            Test::NotEquals(value(v, "not_equals")?)
        } else if let Some(n) = raw.at_most {
            Test::AtMost(bound(n, "at_most")?)
        } else if let Some(n) = raw.at_least {
            Test::AtLeast(bound(n, "at_least")?)
        } else if let Some(id) = &raw.includes {
            match kind {
                QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } if kind.has_choice(id) => {
                    Test::Includes(Slug::parse(id.clone()).unwrap())
                }
                QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
                    return Err(impossible(format!("`{id}`")))
                }
                _ => return Err(not_applicable("includes")),
            }
        } else {
            Test::Answered(raw.answered.unwrap_or(true))
        };
        Ok(Condition { question: target.id.clone(), test })
    }

    pub(crate) fn to_raw(&self) -> RawCondition {
        let raw_value = |v: &Value| match v {
            Value::Number(n) => RawAnswer::Number(*n),
            Value::Choice(id) => RawAnswer::Text(id.to_string()),
        };
        let mut raw = RawCondition { question: self.question.to_string(), ..RawCondition::default() };
        match &self.test {
            Test::Equals(v) => raw.equals = Some(raw_value(v)),
            Test::NotEquals(v) => raw.not_equals = Some(raw_value(v)),
            Test::AtMost(n) => raw.at_most = Some(*n),
            Test::AtLeast(n) => raw.at_least = Some(*n),
            Test::Includes(id) => raw.includes = Some(id.to_string()),
            Test::Answered(b) => raw.answered = Some(*b),
        }
        raw
    }

    /// Whether the condition holds for the answer its question got (`None`: not answered, or
    /// not asked).
    pub fn holds(&self, answer: Option<&Answer>) -> bool {
        let Some(answer) = answer else { return self.test == Test::Answered(false) };
        match &self.test {
            Test::Answered(answered) => *answered,
            Test::Equals(value) => equals(answer, value),
            Test::NotEquals(value) => !equals(answer, value),
            Test::AtMost(n) => matches!(answer, Answer::Scale(v) if i64::from(*v) <= *n),
            Test::AtLeast(n) => matches!(answer, Answer::Scale(v) if i64::from(*v) >= *n),
            Test::Includes(id) => match answer {
                Answer::Choice(chosen) => chosen.is(id),
                Answer::Choices(chosen) => chosen.iter().any(|c| c.is(id)),
                _ => false,
            },
        }
    }
}

/// The first cycle among the rules, as the questions along it (first repeated at the end), if
/// any. Checked before anything else about the rules, so a cycle is reported as one rather than
/// as a rule that looks ahead.
pub(crate) fn find_cycle(rules: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    // Depth-first search with colours: 0 unvisited, 1 on the current path, 2 finished.
    fn visit(
        at: usize,
        rules: &[(String, Vec<String>)],
        colour: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        colour[at] = 1;
        path.push(at);
        for target in &rules[at].1 {
            let Some(next) = rules.iter().position(|(id, _)| id == target) else { continue };
            if colour[next] == 1 {
                let start = path.iter().position(|&p| p == next).unwrap_or(0);
                let mut cycle: Vec<String> = path[start..].iter().map(|&p| rules[p].0.clone()).collect();
                cycle.push(rules[next].0.clone());
                return Some(cycle);
            }
            if colour[next] == 0 {
                if let Some(cycle) = visit(next, rules, colour, path) {
                    return Some(cycle);
                }
            }
        }
        path.pop();
        colour[at] = 2;
        None
    }
    let mut colour = vec![0u8; rules.len()];
    (0..rules.len()).find_map(|at| if colour[at] == 0 { visit(at, rules, &mut colour, &mut Vec::new()) } else { None })
}

fn equals(answer: &Answer, value: &Value) -> bool {
    match (answer, value) {
        (Answer::Scale(v), Value::Number(n)) => i64::from(*v) == *n,
        (Answer::Choice(chosen), Value::Choice(id)) => chosen.is(id),
        (Answer::YesNo(yes), Value::Choice(id)) => id.as_str() == if *yes { "yes" } else { "no" },
        _ => false,
    }
}

impl Chosen {
    fn is(&self, id: &Slug) -> bool {
        match self {
            Chosen::Listed(listed) => listed == id,
            Chosen::Other(_) => id.as_str() == crate::survey::OTHER,
        }
    }
}
