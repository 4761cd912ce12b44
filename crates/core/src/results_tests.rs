use super::*;
use crate::response::tests::arb_response;
use crate::response::RawResponse;
use crate::survey::tests::{arb_survey, demo, every_kind};
use proptest::prelude::*;
use serde_json::json;

fn response(survey: &Survey, answers: serde_json::Value) -> Response {
    let raw: RawResponse = serde_json::from_value(answers).unwrap();
    crate::Response::parse_with(survey, &raw, &Default::default(), crate::Completion::Partial).unwrap()
}

fn counts(pairs: &[(&str, u64)]) -> Vec<(Slug, u64)> {
    pairs.iter().map(|(id, n)| (Slug::parse(*id).unwrap(), *n)).collect()
}

#[test]
fn the_demo_results_count_what_was_answered() {
    let survey = demo();
    let responses = [
        response(&survey, json!({"answers": {"recommend": 10, "support": 5, "channel": "chat", "comment": "great"}})),
        response(&survey, json!({"answers": {"recommend": 9, "support": 4}})),
        response(&survey, json!({"answers": {"recommend": 7, "channel": "email"}})),
        response(&survey, json!({"answers": {"recommend": 3, "support": 1, "channel": "chat"}})),
    ];
    let results = Results::of(&survey, &responses);
    assert_eq!((results.responses, results.completed), (4, 4));
    let [nps, rating, choice, text] = &results.questions[..] else { panic!("four questions") };
    assert_eq!(nps.answered, 4);
    assert_eq!(
        nps.result,
        QuestionResult::Nps(NpsTally { promoters: 2, passives: 1, detractors: 1, score: Some(25.0) })
    );
    assert_eq!(rating.answered, 3);
    let QuestionResult::Scale(scale) = &rating.result else { panic!("a scale") };
    assert_eq!((scale.min, &scale.distribution[..], scale.mean), (1, &[1, 0, 0, 1, 1][..], Some(10.0 / 3.0)));
    assert_eq!(choice.result, QuestionResult::Choices { counts: counts(&[("email", 1), ("chat", 2)]), other: None });
    assert_eq!(text.result, QuestionResult::Text { comments: 1 });
}

#[test]
fn every_kind_is_tallied_and_unfinished_responses_show_where_people_stopped() {
    let survey = every_kind();
    let mut results = Results::empty(&survey);
    let full = json!({"answers": {"nps": 3, "wrong": "slow", "csat": 5, "ces": 2, "stars": 4, "via": "other",
        "likes": ["c", "a"], "back": "yes", "grid": {"speed": "good", "price": "bad"}, "more": "x", "quote": true},
        "other": {"via": "pigeon"}});
    results.add(&response(&survey, full), true);
    results.add(&response(&survey, json!({"answers": {"nps": 9, "csat": 3}})), false);
    results.add(&response(&survey, json!({"answers": {"nps": 10}})), false);
    assert_eq!((results.responses, results.completed), (3, 1));
    assert!((results.completion_rate().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    let tally = |id: &str| results.questions.iter().find(|t| t.question.as_str() == id).unwrap();
    assert_eq!(tally("nps").dropped_off, 1);
    assert_eq!(tally("csat").dropped_off, 1);
    assert_eq!(tally("quote").dropped_off, 0);
    let QuestionResult::Scale(csat) = &tally("csat").result else { panic!() };
    assert_eq!(csat.satisfied, Some(50.0));
    assert_eq!(
        tally("via").result,
        QuestionResult::Choices { counts: counts(&[("mail", 0), ("chat", 0)]), other: Some(1) }
    );
    assert_eq!(
        tally("likes").result,
        QuestionResult::Choices { counts: counts(&[("a", 1), ("b", 0), ("c", 1)]), other: None }
    );
    assert_eq!(tally("back").result, QuestionResult::Choices { counts: counts(&[("yes", 1), ("no", 0)]), other: None });
    let QuestionResult::Matrix { rows } = &tally("grid").result else { panic!() };
    assert_eq!(rows[0].1, counts(&[("bad", 0), ("ok", 0), ("good", 1)]));
    assert_eq!(tally("quote").result, QuestionResult::Consent { given: 1 });
    let json = serde_json::to_value(&results).unwrap();
    assert_eq!(json["questions"][2]["kind"], "csat");
    assert_eq!(json["questions"][2]["satisfied"], 50.0);
}

#[test]
fn results_of_nobody_have_no_scores() {
    let results = Results::empty(&demo());
    assert_eq!(results.responses, 0);
    assert_eq!(results.completion_rate(), None);
    assert_eq!(results.questions[0].result, QuestionResult::Nps(NpsTally::default()));
    let json = serde_json::to_value(&results).unwrap();
    assert_eq!(json["questions"][0]["kind"], "nps");
    assert_eq!(json["questions"][0]["score"], serde_json::Value::Null);
    assert_eq!(json["questions"][1]["distribution"], json!([0, 0, 0, 0, 0]));
}

fn survey_and_responses() -> impl Strategy<Value = (Survey, Vec<(Response, bool)>)> {
    arb_survey().prop_flat_map(|survey| {
        let responses = prop::collection::vec((arb_response(&survey), any::<bool>()), 0..40);
        (Just(survey), responses)
    })
}

fn fold(survey: &Survey, responses: &[(Response, bool)]) -> Results {
    let mut results = Results::empty(survey);
    for (response, complete) in responses {
        results.add(response, *complete);
    }
    results
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
        prop_assert_eq!(fold(&survey, &responses), fold(&survey, &shuffled));
    }

    #[test]
    fn merging_two_halves_equals_counting_the_whole(
        (survey, responses) in survey_and_responses(), split in any::<prop::sample::Index>()
    ) {
        let at = split.index(responses.len() + 1);
        let mut left = fold(&survey, &responses[..at]);
        left.merge(&fold(&survey, &responses[at..]));
        prop_assert_eq!(left, fold(&survey, &responses));
    }

    #[test]
    fn scores_stay_in_range_and_counts_add_up((survey, responses) in survey_and_responses()) {
        let results = fold(&survey, &responses);
        prop_assert_eq!(results.responses, responses.len() as u64);
        prop_assert_eq!(results.completed, responses.iter().filter(|(_, c)| *c).count() as u64);
        let dropped: u64 = results.questions.iter().map(|t| t.dropped_off).sum();
        prop_assert_eq!(dropped, results.responses - results.completed);
        for tally in &results.questions {
            prop_assert!(tally.answered <= results.responses);
            match &tally.result {
                QuestionResult::Nps(nps) => {
                    prop_assert_eq!(nps.promoters + nps.passives + nps.detractors, tally.answered);
                    if let Some(score) = nps.score {
                        prop_assert!((-100.0..=100.0).contains(&score));
                    }
                }
                QuestionResult::Scale(scale) => {
                    prop_assert_eq!(scale.distribution.iter().sum::<u64>(), tally.answered);
                    if let Some(mean) = scale.mean {
                        let max = f64::from(scale.min) + scale.distribution.len() as f64 - 1.0;
                        prop_assert!((f64::from(scale.min)..=max).contains(&mean));
                    }
                }
                _ => {}
            }
        }
    }
}
