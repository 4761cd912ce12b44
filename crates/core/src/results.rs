//! Results: the aggregate of a survey's responses, as a pure fold.
//!
//! [`Results::add`] folds one response in; [`Results::merge`] joins two partial results, so the
//! same code serves a full recount, a running total kept as responses arrive, and a sum over
//! shards. Order never matters (a property test holds us to it).

use crate::response::{Answer, Response};
use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey, RATING_MAX};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Results {
    pub survey: Slug,
    /// How many responses were folded in.
    pub responses: u64,
    /// One entry per question, in the survey's order.
    pub questions: Vec<QuestionTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionTally {
    pub question: Slug,
    /// How many responses answered this question.
    pub answered: u64,
    #[serde(flatten)]
    pub result: QuestionResult,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionResult {
    Nps(NpsTally),
    Rating {
        /// `distribution[i]` counts the answers of `i + 1` stars.
        distribution: [u64; RATING_MAX as usize],
        /// Mean stars, `None` before the first answer.
        mean: Option<f64>,
    },
    SingleChoice {
        /// Counts in the survey's choice order.
        counts: Vec<(Slug, u64)>,
    },
    /// Comments are counted here; their text is read elsewhere, under privacy rules.
    Text {
        comments: u64,
    },
}

// `mean` and `score` are functions of the counts beside them and never NaN, so equality is total.
impl Eq for QuestionResult {}
impl Eq for NpsTally {}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NpsTally {
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// % promoters − % detractors, from −100 to 100; `None` before the first answer.
    pub score: Option<f64>,
}

impl NpsTally {
    fn add(&mut self, value: u8) {
        match value {
            9..=10 => self.promoters += 1,
            7..=8 => self.passives += 1,
            _ => self.detractors += 1,
        }
        self.rescore();
    }

    fn merge(&mut self, other: &NpsTally) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
        self.rescore();
    }

    fn rescore(&mut self) {
        let total = self.promoters + self.passives + self.detractors;
        self.score = (total > 0).then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / total as f64);
    }
}

impl Results {
    /// The results of a survey nobody has answered yet.
    pub fn empty(survey: &Survey) -> Results {
        let questions = survey
            .questions()
            .iter()
            .map(|q| QuestionTally {
                question: q.id.clone(),
                answered: 0,
                result: match &q.kind {
                    QuestionKind::Nps => QuestionResult::Nps(NpsTally::default()),
                    QuestionKind::Rating => {
                        QuestionResult::Rating { distribution: [0; RATING_MAX as usize], mean: None }
                    }
                    QuestionKind::SingleChoice { choices } => {
                        QuestionResult::SingleChoice { counts: choices.iter().map(|c| (c.id.clone(), 0)).collect() }
                    }
                    QuestionKind::Text { .. } => QuestionResult::Text { comments: 0 },
                },
            })
            .collect();
        Results { survey: survey.id().clone(), responses: 0, questions }
    }

    /// Folds every response into fresh results.
    pub fn of<'a>(survey: &Survey, responses: impl IntoIterator<Item = &'a Response>) -> Results {
        responses.into_iter().fold(Results::empty(survey), |mut results, response| {
            results.add(response);
            results
        })
    }

    /// Counts one more response. Answers are matched to questions by id; a response is assumed
    /// to have been parsed against the same survey.
    pub fn add(&mut self, response: &Response) {
        self.responses += 1;
        for tally in &mut self.questions {
            let Some(answer) = response.answer(&tally.question) else { continue };
            tally.answered += 1;
            match (&mut tally.result, answer) {
                (QuestionResult::Nps(nps), Answer::Nps(n)) => nps.add(*n),
                (QuestionResult::Rating { distribution, mean }, Answer::Rating(stars)) => {
                    distribution[usize::from(*stars - 1)] += 1;
                    *mean = rating_mean(distribution);
                }
                (QuestionResult::SingleChoice { counts }, Answer::Choice(choice)) => {
                    if let Some((_, n)) = counts.iter_mut().find(|(id, _)| id == choice) {
                        *n += 1;
                    }
                }
                (QuestionResult::Text { comments }, Answer::Text(_)) => *comments += 1,
                // A response parsed against the survey always matches its kinds.
                _ => tally.answered -= 1,
            }
        }
    }

    /// Joins results computed over two disjoint sets of responses to the same survey.
    pub fn merge(&mut self, other: &Results) {
        self.responses += other.responses;
        for (mine, theirs) in self.questions.iter_mut().zip(&other.questions) {
            mine.answered += theirs.answered;
            match (&mut mine.result, &theirs.result) {
                (QuestionResult::Nps(a), QuestionResult::Nps(b)) => a.merge(b),
                (QuestionResult::Rating { distribution: a, mean }, QuestionResult::Rating { distribution: b, .. }) => {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    *mean = rating_mean(a);
                }
                (QuestionResult::SingleChoice { counts: a }, QuestionResult::SingleChoice { counts: b }) => {
                    a.iter_mut().zip(b).for_each(|((_, x), (_, y))| *x += y);
                }
                (QuestionResult::Text { comments: a }, QuestionResult::Text { comments: b }) => *a += b,
                _ => {}
            }
        }
    }
}

fn rating_mean(distribution: &[u64; RATING_MAX as usize]) -> Option<f64> {
    let count: u64 = distribution.iter().sum();
    let stars: u64 = distribution.iter().zip(1..).map(|(n, stars)| n * stars).sum();
    (count > 0).then(|| stars as f64 / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::tests::arb_response;
    use crate::response::RawResponse;
    use crate::survey::tests::{arb_survey, demo};
    use proptest::prelude::*;
    use serde_json::json;

    fn response(survey: &Survey, answers: serde_json::Value) -> Response {
        let raw: RawResponse = serde_json::from_value(json!({ "answers": answers })).unwrap();
        Response::parse(survey, &raw).unwrap()
    }

    #[test]
    fn the_demo_results_count_what_was_answered() {
        let survey = demo();
        let responses = [
            response(&survey, json!({"recommend": 10, "support": 5, "channel": "chat", "comment": "great"})),
            response(&survey, json!({"recommend": 9, "support": 4})),
            response(&survey, json!({"recommend": 7, "channel": "email"})),
            response(&survey, json!({"recommend": 3, "support": 1, "channel": "chat"})),
        ];
        let results = Results::of(&survey, &responses);
        assert_eq!(results.responses, 4);
        let [nps, rating, choice, text] = &results.questions[..] else { panic!("four questions") };
        assert_eq!(nps.answered, 4);
        assert_eq!(
            nps.result,
            QuestionResult::Nps(NpsTally { promoters: 2, passives: 1, detractors: 1, score: Some(25.0) })
        );
        assert_eq!(rating.answered, 3);
        assert_eq!(rating.result, QuestionResult::Rating { distribution: [1, 0, 0, 1, 1], mean: Some(10.0 / 3.0) });
        let counts =
            |pairs: &[(&str, u64)]| pairs.iter().map(|(id, n)| (Slug::parse(*id).unwrap(), *n)).collect::<Vec<_>>();
        assert_eq!(choice.result, QuestionResult::SingleChoice { counts: counts(&[("email", 1), ("chat", 2)]) });
        assert_eq!(text.result, QuestionResult::Text { comments: 1 });
    }

    #[test]
    fn results_of_nobody_have_no_scores() {
        let results = Results::empty(&demo());
        assert_eq!(results.responses, 0);
        assert_eq!(results.questions[0].result, QuestionResult::Nps(NpsTally::default()));
        let json = serde_json::to_value(&results).unwrap();
        assert_eq!(json["questions"][0]["kind"], "nps");
        assert_eq!(json["questions"][0]["score"], serde_json::Value::Null);
        assert_eq!(json["questions"][1]["distribution"], json!([0, 0, 0, 0, 0]));
    }

    fn survey_and_responses() -> impl Strategy<Value = (Survey, Vec<Response>)> {
        arb_survey().prop_flat_map(|survey| {
            let responses = prop::collection::vec(arb_response(&survey), 0..40);
            (Just(survey), responses)
        })
    }

    proptest! {
        #[test]
        fn the_order_of_responses_does_not_change_results(
            (survey, responses) in survey_and_responses(), seed in any::<u64>()
        ) {
            let mut shuffled = responses.clone();
            // A deterministic shuffle driven by the generated seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(Results::of(&survey, &responses), Results::of(&survey, &shuffled));
        }

        #[test]
        fn merging_two_halves_equals_counting_the_whole(
            (survey, responses) in survey_and_responses(), split in any::<prop::sample::Index>()
        ) {
            let at = split.index(responses.len() + 1);
            let mut left = Results::of(&survey, &responses[..at]);
            left.merge(&Results::of(&survey, &responses[at..]));
            prop_assert_eq!(left, Results::of(&survey, &responses));
        }

        #[test]
        fn nps_stays_within_minus_100_and_100_and_counts_add_up(
            (survey, responses) in survey_and_responses()
        ) {
            let results = Results::of(&survey, &responses);
            prop_assert_eq!(results.responses, responses.len() as u64);
            for tally in &results.questions {
                prop_assert!(tally.answered <= results.responses);
                if let QuestionResult::Nps(nps) = &tally.result {
                    prop_assert_eq!(nps.promoters + nps.passives + nps.detractors, tally.answered);
                    if let Some(score) = nps.score {
                        prop_assert!((-100.0..=100.0).contains(&score));
                    }
                }
            }
        }
    }
}
