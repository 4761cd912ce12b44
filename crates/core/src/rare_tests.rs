//! Ranking and date questions, and recall, through the survey parser, the response parser and
//! the results.

use super::*;
use crate::response::{Answer, InvalidResponse, RawResponse, Response, ResponseError};
use crate::results::{QuestionResult, Results};
use crate::slug::Slug;
use crate::survey::{Survey, SurveyError};
use serde_json::json;

fn survey(questions: serde_json::Value) -> Result<Survey, SurveyError> {
    serde_json::from_value::<crate::survey::RawSurvey>(json!({"id": "s", "title": "T", "questions": questions}))
        .map(Survey::parse)
        .expect("a definition's shape")
}

fn kinds() -> Survey {
    survey(json!([
        {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
        {"id": "order", "kind": "ranking", "prompt": "Put these in order",
         "choices": [{"id": "price", "label": "Price"}, {"id": "speed", "label": "Speed"}, {"id": "help", "label": "Help"}]},
        {"id": "day", "kind": "date", "prompt": "When did you start?", "earliest": "2020-01-01", "latest": "2026-12-31"},
        {"id": "why", "kind": "long_text", "prompt": "You gave us {{nps|a score}}, and put {{order}} first: why?",
         "help": "Thanks, {{customer.first_name|friend}}."}
    ]))
    .unwrap()
}

fn answer(survey: &Survey, answers: serde_json::Value) -> Result<Response, InvalidResponse> {
    Response::parse(survey, &serde_json::from_value::<RawResponse>(json!({ "answers": answers })).unwrap())
}

fn problem(result: Result<Response, InvalidResponse>) -> ResponseError {
    result.unwrap_err().problems.remove(0).1
}

#[test]
fn a_ranking_orders_every_item_once() {
    let survey = kinds();
    let response = answer(&survey, json!({"nps": 6, "order": ["speed", "price", "help"]})).unwrap();
    let ranked = ["speed", "price", "help"].map(|id| Slug::parse(id).unwrap()).to_vec();
    assert_eq!(response.answer(&Slug::parse("order").unwrap()), Some(&Answer::Rare(RareAnswer::Ranking(ranked))));
    assert_eq!(Response::parse(&survey, &response.to_raw()).unwrap(), response, "the raw form reads back");
    // A ranking with duplicates, an unknown item, one left out, the wrong shape.
    assert_eq!(
        problem(answer(&survey, json!({"nps": 6, "order": ["speed", "speed", "help"]}))),
        ResponseError::RepeatedChoice("speed".into())
    );
    assert_eq!(
        problem(answer(&survey, json!({"nps": 6, "order": ["speed", "cost", "help"]}))),
        ResponseError::UnknownChoice("cost".into())
    );
    assert_eq!(
        problem(answer(&survey, json!({"nps": 6, "order": ["speed", "help"]}))),
        ResponseError::Rare(RareError::Unranked(1))
    );
    assert!(matches!(problem(answer(&survey, json!({"nps": 6, "order": "speed"}))), ResponseError::WrongType(_)));
    // Nothing ranked is no answer (the plain form posts an empty place for each).
    let none = answer(&survey, json!({"nps": 6, "order": ["", "", ""]})).unwrap();
    assert_eq!(none.answer(&Slug::parse("order").unwrap()), None);
}

#[test]
fn a_date_is_a_real_day_within_its_range() {
    let survey = kinds();
    let response = answer(&survey, json!({"nps": 9, "day": " 2024-02-29 "})).unwrap();
    let day = Slug::parse("day").unwrap();
    assert_eq!(response.answer(&day), Some(&Answer::Rare(RareAnswer::Date("2024-02-29".into()))));
    for edge in ["2020-01-01", "2026-12-31"] {
        assert!(answer(&survey, json!({"nps": 9, "day": edge})).is_ok(), "{edge} is in range");
    }
    for out in ["2019-12-31", "2027-01-01"] {
        assert_eq!(
            problem(answer(&survey, json!({"nps": 9, "day": out}))),
            ResponseError::Rare(RareError::DateOutOfRange {
                day: out.into(),
                earliest: Some("2020-01-01".into()),
                latest: Some("2026-12-31".into())
            })
        );
    }
    for bad in ["2023-02-29", "29.02.2024", "2024-13-01", "tomorrow"] {
        assert_eq!(
            problem(answer(&survey, json!({"nps": 9, "day": bad}))),
            ResponseError::Rare(RareError::NotADate(bad.into()))
        );
    }
    assert!(matches!(problem(answer(&survey, json!({"nps": 9, "day": 20240101}))), ResponseError::WrongType(_)));
    assert_eq!(answer(&survey, json!({"nps": 9, "day": ""})).unwrap().answer(&day), None);
}

#[test]
fn definitions_of_rankings_dates_and_recall_are_checked() {
    let items =
        |n: usize| (0..n).map(|i| json!({"id": format!("i{i}"), "label": format!("Item {i}")})).collect::<Vec<_>>();
    let err = survey(json!([{"id": "r", "kind": "ranking", "prompt": "Order", "choices": items(11)}])).unwrap_err();
    assert_eq!(
        err,
        SurveyError::Rare { question: Slug::parse("r").unwrap(), problem: "a ranking orders 2 to 10 items" }
    );
    assert!(survey(json!([{"id": "r", "kind": "ranking", "prompt": "Order", "choices": items(10)}])).is_ok());
    assert!(matches!(
        survey(json!([{"id": "r", "kind": "ranking", "prompt": "Order", "choices": items(1)}])),
        Err(SurveyError::ChoiceCount { .. })
    ));
    let err = survey(
        json!([{"id": "d", "kind": "date", "prompt": "When?", "earliest": "2026-01-02", "latest": "2026-01-01"}]),
    )
    .unwrap_err();
    assert!(err.to_string().contains("earliest comes after latest"), "{err}");
    let err = survey(json!([{"id": "d", "kind": "date", "prompt": "When?", "latest": "2026-02-30"}])).unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    let err = survey(json!([{"id": "d", "kind": "date", "prompt": "When?", "choices": items(2)}])).unwrap_err();
    assert!(matches!(err, SurveyError::FieldNotAllowed { field: "choices", .. }), "{err}");

    // Recall of an unknown question, of a later one, of itself, of a matrix; unclosed; in a
    // translation only.
    let recall = |prompt: serde_json::Value| {
        survey(json!([
            {"id": "grid", "kind": "matrix", "prompt": "Rate", "rows": items(2), "columns": items(2)},
            {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
            {"id": "why", "kind": "long_text", "prompt": prompt},
            {"id": "later", "kind": "yes_no", "prompt": "Later?"}
        ]))
    };
    for (prompt, problem) in [
        (json!("You gave {{score}}"), "no question of this survey"),
        (json!("Before {{later}}"), "a question that is not asked before this one"),
        (json!("Again {{why}}"), "a question that is not asked before this one"),
        (json!("Grid {{grid}}"), "an answer that cannot be said back (a matrix, consent or contact question)"),
        (json!("You gave {{nps"), "nothing: `{{` is never closed with `}}`"),
    ] {
        match recall(prompt.clone()) {
            Err(SurveyError::Recall { question, problem: found, .. }) => {
                assert_eq!((question.as_str(), found), ("why", problem), "{prompt}")
            }
            other => panic!("{prompt}: {other:?}"),
        }
    }
    let err =
        serde_json::from_value::<Survey>(json!({"id": "s", "title": "T", "languages": ["en", "de"], "questions": [
            {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
            {"id": "why", "kind": "long_text", "prompt": {"en": "Why {{nps}}?", "de": "Warum {{npss}}?"}}
        ]}))
        .unwrap_err();
    assert!(err.to_string().contains("`{{npss}}` recalls no question of this survey"), "{err}");
    assert!(recall(json!("You gave {{nps|a score}}, {{customer.first_name}}")).is_ok());
}

#[test]
fn surveys_with_these_kinds_or_recalled_answers_are_stepped_by_the_server() {
    assert!(kinds().server_stepped());
    let attribute_only =
        survey(json!([{"id": "nps", "kind": "nps", "prompt": "Hi {{customer.first_name|there}}, recommend us?"}]))
            .unwrap();
    assert!(!attribute_only.server_stepped(), "an attribute is filled in before the page is sent");
    let answer_recalled = survey(json!([
        {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
        {"id": "why", "kind": "long_text", "prompt": "Why {{nps}}?"}
    ]))
    .unwrap();
    assert!(answer_recalled.server_stepped());
}

#[test]
fn recalled_answers_read_as_a_respondent_wrote_them() {
    let survey = kinds();
    let response =
        answer(&survey, json!({"nps": 6, "order": ["help", "price", "speed"], "day": "2025-05-01"})).unwrap();
    let said = |id: &str| {
        let question = survey.question(id).unwrap();
        response.answer(&question.id).map(|a| crate::recall::shown(question, a, ("yes", "no")))
    };
    let prompt = survey.question("why").unwrap().prompt.as_str();
    assert_eq!(crate::recall::fill(prompt, said, |_| None), "You gave us 6, and put Help first: why?");
    assert_eq!(said("day").as_deref(), Some("2025-05-01"));
}

#[test]
fn rankings_and_dates_add_up_in_the_results() {
    let survey = kinds();
    let responses = [
        json!({"nps": 9, "order": ["speed", "price", "help"], "day": "2025-05-01"}),
        json!({"nps": 9, "order": ["speed", "help", "price"], "day": "2025-05-20"}),
        json!({"nps": 9, "order": ["price", "speed", "help"], "day": "2021-01-09"}),
    ]
    .map(|a| answer(&survey, a).unwrap());
    let results = Results::of(&survey, &responses);
    let order = &results.questions[1];
    assert_eq!(order.answered, 3);
    let QuestionResult::Ranking { places, mean_places } = &order.result else { panic!("{order:?}") };
    let counts: Vec<(&str, &[u64])> = places.iter().map(|(id, c)| (id.as_str(), c.as_slice())).collect();
    assert_eq!(counts, [("price", &[1, 1, 1][..]), ("speed", &[2, 1, 0][..]), ("help", &[0, 1, 2][..])]);
    assert_eq!(mean_places, &[Some(2.0), Some(4.0 / 3.0), Some(8.0 / 3.0)]);
    let QuestionResult::Dates { months } = &results.questions[2].result else { panic!() };
    assert_eq!(months, &[("2021-01".to_owned(), 1), ("2025-05".to_owned(), 2)], "months, never a day");
    // And they read back from JSON as they were sent.
    let json = serde_json::to_string(&results).unwrap();
    assert_eq!(serde_json::from_str::<Results>(&json).unwrap(), results);
    let empty = Results::empty(&survey);
    let QuestionResult::Ranking { mean_places, .. } = &empty.questions[1].result else { panic!() };
    assert_eq!(mean_places, &[None, None, None]);
}
