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
    let QuestionResult::Nps(nps) = &nps.result else { panic!("an NPS") };
    assert_eq!((nps.promoters, nps.passives, nps.detractors, nps.score), (2, 1, 1, Some(25.0)));
    assert_eq!(rating.answered, 3);
    let QuestionResult::Scale(scale) = &rating.result else { panic!("a scale") };
    assert_eq!((scale.min, &scale.distribution[..], scale.mean), (1, &[1, 0, 0, 1, 1][..], Some(10.0 / 3.0)));
    assert_eq!(scale.median, Some(4.0));
    assert_eq!(
        choice.result,
        QuestionResult::Choices {
            counts: counts(&[("email", 1), ("chat", 2)]),
            shares: vec![100.0 / 3.0, 200.0 / 3.0],
            other: None
        }
    );
    assert_eq!(text.result, QuestionResult::Text { comments: 1, words: vec![("great".into(), 1)], phrases: vec![] });
}

#[test]
fn every_kind_is_tallied_and_unfinished_responses_show_where_people_stopped() {
    let survey = every_kind();
    let full = json!({"answers": {"nps": 3, "wrong": "slow", "csat": 5, "ces": 2, "stars": 4, "via": "other",
        "likes": ["c", "a"], "back": "yes", "grid": {"speed": "good", "price": "bad"}, "more": "x", "quote": true},
        "other": {"via": "pigeon"}});
    let responses = [
        (response(&survey, full), true),
        (response(&survey, json!({"answers": {"nps": 9, "csat": 3}})), false),
        (response(&survey, json!({"answers": {"nps": 10}})), false),
    ];
    let results = fold(&survey, &responses);
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
        QuestionResult::Choices { counts: counts(&[("mail", 0), ("chat", 0)]), shares: vec![0.0, 0.0], other: Some(1) }
    );
    assert_eq!(
        tally("likes").result,
        QuestionResult::Choices {
            counts: counts(&[("a", 1), ("b", 0), ("c", 1)]),
            shares: vec![100.0, 0.0, 100.0],
            other: None
        }
    );
    assert_eq!(
        tally("back").result,
        QuestionResult::Choices { counts: counts(&[("yes", 1), ("no", 0)]), shares: vec![100.0, 0.0], other: None }
    );
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

fn tally(survey: &Survey, responses: &[(Response, bool)]) -> Tally {
    Tally::of(survey, responses.iter().map(|(r, complete)| (r, *complete)))
}

fn fold(survey: &Survey, responses: &[(Response, bool)]) -> Results {
    Results::from_tally(survey, &tally(survey, responses))
}

#[test]
fn the_nps_interval_matches_hand_computed_cases() {
    // 50 promoters, 30 passives, 20 detractors: NPS 30; variance 0.5 + 0.2 − 0.3² = 0.61;
    // standard error √(0.61 / 100) = 0.078102; margin 1.96 × 7.8102 = 15.308 points.
    let [low, high] = nps_interval(50, 30, 20).unwrap();
    assert!((low - 14.692).abs() < 1e-3 && (high - 45.308).abs() < 1e-3, "{low} {high}");
    // 1 promoter, 1 detractor: NPS 0; variance 1; SE √(1/2) = 0.7071; margin 138.6, clamped.
    assert_eq!(nps_interval(1, 0, 1), Some([-100.0, 100.0]));
    // All passives: no spread, no width.
    assert_eq!(nps_interval(0, 10, 0), Some([0.0, 0.0]));
    // 300 promoters, 100 passives, 100 detractors: NPS 40; variance 0.8 − 0.16 = 0.64;
    // SE √(0.64 / 500) = 0.035777; margin 7.012.
    let [low, high] = nps_interval(300, 100, 100).unwrap();
    assert!((low - 32.988).abs() < 1e-3 && (high - 47.012).abs() < 1e-3, "{low} {high}");
    assert_eq!(nps_interval(0, 0, 0), None);
}

#[test]
fn medians_take_the_middle_answer_or_the_mean_of_the_two_middle_ones() {
    assert_eq!(median(1, &[0, 0, 0, 0, 0]), None);
    assert_eq!(median(1, &[1, 0, 1, 0, 1]), Some(3.0)); // 1, 3, 5
    assert_eq!(median(1, &[1, 0, 0, 0, 1]), Some(3.0)); // 1, 5
    assert_eq!(median(0, &[0, 3, 1]), Some(1.0)); // 1, 1, 1, 2
    assert_eq!(median(1, &[0, 1, 1, 0, 0]), Some(2.5));
    assert_eq!((share(1, 3) * 3.0, share(5, 0)), (100.0, 0.0));
}

#[test]
fn comments_are_counted_with_their_most_frequent_words_and_phrases() {
    let survey = demo();
    let responses: Vec<(Response, bool)> =
        ["Slow exports, slow!", "exports are slow", "Great support", "great support, slow"]
            .iter()
            .map(|text| (response(&survey, json!({"answers": {"recommend": 5, "comment": text}})), true))
            .collect();
    let results = fold(&survey, &responses);
    let QuestionResult::Text { comments, words, phrases } = &results.questions[3].result else { panic!() };
    assert_eq!(*comments, 4);
    let expected: Vec<(String, u64)> =
        [("slow", 3), ("exports", 2), ("great", 2), ("support", 2)].map(|(w, n)| (w.to_owned(), n)).to_vec();
    assert_eq!(words, &expected, "most frequent first, ties alphabetical; “are” is a stop word");
    assert_eq!(phrases, &[("great support".into(), 2), ("slow exports".into(), 1)]);
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
        let mut left = tally(&survey, &responses[..at]);
        left.merge(&tally(&survey, &responses[at..]));
        prop_assert_eq!(left, tally(&survey, &responses));
    }

    /// The server's way: each response's changes (new, saved again, finished, deleted) applied
    /// to a running tally, in any order, give the tally counted afresh from what is left.
    #[test]
    fn changes_applied_one_by_one_equal_a_recount(
        (survey, before) in survey_and_responses(),
        after in prop::collection::vec(any::<prop::sample::Index>(), 0..40),
        deleted in prop::collection::vec(any::<bool>(), 40),
    ) {
        let mut running = Tally::new();
        let cells = |(r, c): &(Response, bool)| crate::tally::response_cells(&survey, r, *c);
        for response in &before {
            for (cell, by) in crate::tally::change(&[], &cells(response)) {
                running.apply(&cell, by);
            }
        }
        // Each response is then replaced by another one's answers, or deleted.
        let mut now: Vec<(Response, bool)> = Vec::new();
        for (i, response) in before.iter().enumerate() {
            let replacement = after.get(i).filter(|_| !before.is_empty()).map(|pick| before[pick.index(before.len())].clone());
            let next = if deleted[i % deleted.len()] { None } else { replacement.or_else(|| Some(response.clone())) };
            let next_cells = next.as_ref().map(cells).unwrap_or_default();
            for (cell, by) in crate::tally::change(&cells(response), &next_cells) {
                running.apply(&cell, by);
            }
            now.extend(next);
        }
        prop_assert_eq!(&running, &tally(&survey, &now));
        prop_assert!(running.cells().all(|(_, n)| n > 0), "no cell is negative or left at 0");
    }

    /// What a client reads of the results is what the server sent: every kind's result reads
    /// back by its fields (the untagged `QuestionResult`) and writes out the same.
    #[test]
    fn results_read_back_as_they_were_sent((survey, responses) in survey_and_responses()) {
        let sent = serde_json::to_value(fold(&survey, &responses)).unwrap();
        let read: Results = serde_json::from_value(sent.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&read).unwrap(), sent);
        let kinds: Vec<_> = read.questions.iter().map(|q| q.kind).collect();
        let expected: Vec<_> = survey.questions().iter().map(|q| q.kind.kind()).collect();
        prop_assert_eq!(kinds, expected);
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
