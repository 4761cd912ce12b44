//! "Did this fix it?": once a plan is done, the company may ask the people who answered the
//! survey one of the plan's questions again. The answers are counted like the survey's own, so
//! the results page can set the score after beside the score before.

use crate::plan::PlanStatus;
use crate::response::{RawAnswer, RawResponse, Response};
use crate::results::{QuestionTally, Results};
use crate::survey::{RawSurvey, Survey};

pub const MAX_PROMPT_LEN: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    #[error("mark the plan done first: the follow-up asks whether it fixed things")]
    NotDone,
    #[error("the follow-up asks again one of the plan's own questions, and `{0}` is not one of them")]
    NotThePlans(String),
    #[error("question `{0}` has no score to compare (choose an NPS, CSAT, CES or rating question)")]
    NoScore(String),
    #[error("write the follow-up question (1 to {MAX_PROMPT_LEN} characters)")]
    Prompt,
    #[error("the answer is a whole number from {0} to {1}")]
    Value(u8, u8),
}

/// A follow-up, checked: the question it asks again, its scale, and how it is worded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub question: String,
    pub scale: (u8, u8),
    pub prompt: String,
}

impl FollowUp {
    /// Checks a follow-up for a plan of `survey` linked to `plan_questions`.
    pub fn parse(
        survey: &Survey,
        plan_questions: &[String],
        status: PlanStatus,
        question: &str,
        prompt: &str,
    ) -> Result<FollowUp, FollowUpError> {
        if status != PlanStatus::Done {
            return Err(FollowUpError::NotDone);
        }
        if !plan_questions.iter().any(|q| q == question) {
            return Err(FollowUpError::NotThePlans(question.to_owned()));
        }
        let scale = survey
            .question(question)
            .and_then(|q| q.kind.scale())
            .ok_or_else(|| FollowUpError::NoScore(question.to_owned()))?;
        let prompt = prompt.trim();
        if prompt.is_empty() || prompt.chars().count() > MAX_PROMPT_LEN {
            return Err(FollowUpError::Prompt);
        }
        Ok(FollowUp { question: question.to_owned(), scale, prompt: prompt.to_owned() })
    }

    /// Checks one answer.
    pub fn answer(&self, value: i64) -> Result<u8, FollowUpError> {
        let (min, max) = self.scale;
        u8::try_from(value).ok().filter(|v| (min..=max).contains(v)).ok_or(FollowUpError::Value(min, max))
    }
}

/// The answers to a follow-up counted as the survey's question is: the same kind of result
/// (NPS, CSAT, mean…), to set beside the one the survey gave. `None` when the survey has no
/// such question.
pub fn after(survey: &Survey, question: &str, values: &[u8]) -> Option<QuestionTally> {
    let mut raw = RawSurvey::from(survey.clone());
    raw.questions.retain(|q| q.id == question);
    for q in &mut raw.questions {
        q.show_if = None;
        q.end_if = None;
        q.required = false;
        q.customer_field = None;
        q.skip_if_known = false;
    }
    let single = Survey::parse(raw).ok()?;
    let responses: Vec<Response> = values
        .iter()
        .filter_map(|v| {
            let raw = RawResponse {
                answers: [(question.to_owned(), RawAnswer::Number(i64::from(*v)))].into_iter().collect(),
                ..Default::default()
            };
            Response::parse(&single, &raw).ok()
        })
        .collect();
    Results::of(&single, &responses).questions.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::QuestionResult;
    use crate::survey::tests::demo;

    fn linked() -> Vec<String> {
        vec!["recommend".into(), "comment".into()]
    }

    #[test]
    fn only_a_done_plan_asks_again_one_of_its_scored_questions() {
        let survey = demo();
        let ask = |status, question: &str, prompt: &str| FollowUp::parse(&survey, &linked(), status, question, prompt);
        assert_eq!(ask(PlanStatus::InProgress, "recommend", "Better?"), Err(FollowUpError::NotDone));
        assert_eq!(ask(PlanStatus::Done, "plan", "Better?"), Err(FollowUpError::NotThePlans("plan".into())));
        assert_eq!(ask(PlanStatus::Done, "comment", "Better?"), Err(FollowUpError::NoScore("comment".into())));
        assert_eq!(ask(PlanStatus::Done, "recommend", "  "), Err(FollowUpError::Prompt));
        assert_eq!(ask(PlanStatus::Done, "recommend", &"x".repeat(301)), Err(FollowUpError::Prompt));
        let follow_up = ask(PlanStatus::Done, "recommend", " Would you recommend us now? ").unwrap();
        assert_eq!((follow_up.scale, follow_up.prompt.as_str()), ((0, 10), "Would you recommend us now?"));
        assert_eq!(follow_up.answer(10), Ok(10));
        assert_eq!(follow_up.answer(11), Err(FollowUpError::Value(0, 10)));
        assert_eq!(follow_up.answer(-1), Err(FollowUpError::Value(0, 10)));
    }

    #[test]
    fn the_answers_are_counted_as_the_survey_counts_the_question() {
        let survey = demo();
        let tally = after(&survey, "recommend", &[10, 9, 8, 3]).unwrap();
        assert_eq!(tally.answered, 4);
        match tally.result {
            QuestionResult::Nps(nps) => assert_eq!(nps.score, Some(25.0)),
            other => panic!("an NPS question counts as NPS: {other:?}"),
        }
        assert_eq!(after(&survey, "nope", &[1]), None);
    }
}
