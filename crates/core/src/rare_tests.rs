//! Ranking and date questions, and recall, through the survey parser, the response parser and
//! the results.

use super::*;
use crate::response::{Answer, InvalidResponse, RawResponse, Response, ResponseError};
use crate::results::{QuestionResult, Results};
use crate::slug::Slug;
use crate::survey::{QuestionKind, Survey, SurveyError};
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
        (json!("Grid {{grid}}"), "an answer that cannot be said back (a matrix, consent, contact or information step)"),
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

fn pictures_and_info() -> Survey {
    survey(json!([
        {"id": "look", "kind": "picture_choice", "prompt": "Which looks best?", "max": 2,
         "choices": [{"id": "blue", "label": "Blue layout", "image": "https://img.acme.example/blue.png"},
                     {"id": "green", "label": "Green layout", "image": "https://img.acme.example:8443/green.png?v=2"},
                     {"id": "dark", "label": "Dark layout", "image": "https://cdn.example/dark.png"}]},
        {"id": "news", "kind": "info", "prompt": "We ship weekly", "help": "See what changed.",
         "button": {"label": "Read the changelog", "url": "https://acme.example/changelog"}},
        {"id": "why", "kind": "short_text", "prompt": "You liked {{look|one}}: why?"}
    ]))
    .unwrap()
}

#[test]
fn pictures_are_chosen_like_choices_and_an_information_step_only_records_its_link() {
    let survey = pictures_and_info();
    let response = answer(&survey, json!({"look": ["green", "blue"], "news": "clicked"})).unwrap();
    let look = Slug::parse("look").unwrap();
    let chosen = ["green", "blue"].map(|id| Slug::parse(id).unwrap()).to_vec();
    assert_eq!(response.answer(&look), Some(&Answer::Rare(RareAnswer::Pictures(chosen))));
    assert_eq!(Response::parse(&survey, &response.to_raw()).unwrap(), response, "the raw form reads back");
    // One picture may come as its id alone (the page's radio buttons when only one is chosen).
    assert!(answer(&survey, json!({"look": "dark"})).is_ok());
    for (answers, expected) in [
        (json!({"look": ["blue", "green", "dark"]}), ResponseError::TooMany(2)),
        (json!({"look": ["blue", "blue"]}), ResponseError::RepeatedChoice("blue".into())),
        (json!({"look": ["red"]}), ResponseError::UnknownChoice("red".into())),
        (json!({"look": ["blue"], "news": "yes"}), ResponseError::Rare(RareError::NotClicked)),
        (json!({"look": ["blue"], "news": 1}), ResponseError::Rare(RareError::NotClicked)),
    ] {
        assert_eq!(problem(answer(&survey, answers.clone())), expected, "{answers}");
    }
    let said = survey.question("why").unwrap().prompt.as_str();
    let look_q = survey.question("look").unwrap();
    let filled = crate::recall::fill(
        said,
        |_| response.answer(&look).map(|a| crate::recall::shown(look_q, a, ("y", "n"))),
        |_| None,
    );
    assert_eq!(filled, "You liked Green layout, Blue layout: why?");
    // The page's policy lets the pictures' origins in, and no other.
    let QuestionKind::Rare(rare) = &look_q.kind else { panic!() };
    assert_eq!(
        rare.image_origins(),
        ["https://img.acme.example", "https://img.acme.example:8443", "https://cdn.example"]
    );
    let results = Results::of(&survey, &[response]);
    let QuestionResult::Choices { counts, .. } = &results.questions[0].result else { panic!() };
    assert_eq!(
        counts.iter().map(|(id, n)| (id.as_str(), *n)).collect::<Vec<_>>(),
        [("blue", 1), ("green", 1), ("dark", 0)]
    );
    let QuestionResult::Choices { counts, .. } = &results.questions[1].result else { panic!() };
    assert_eq!(counts[0].1, 1, "the link opened once");
}

#[test]
fn a_picture_without_a_safe_image_or_a_link_that_is_not_one_is_refused() {
    let picture = |image: serde_json::Value| {
        survey(json!([{"id": "p", "kind": "picture_choice", "prompt": "Pick",
            "choices": [{"id": "a", "label": "A", "image": image}, {"id": "b", "label": "B", "image": "https://x.example/b.png"}]}]))
    };
    for bad in [
        json!("http://x.example/a.png"),
        json!("javascript:alert(1)"),
        json!("https://x.example/a.png\" onerror=\"x"),
        json!("data:image/png;base64,AAAA"),
        json!("https://"),
    ] {
        let err = picture(bad.clone()).unwrap_err();
        assert!(err.to_string().contains("each picture needs an `image`"), "{bad}: {err}");
    }
    assert!(picture(json!("https://x.example/a.png")).is_ok());
    let err = survey(json!([{"id": "p", "kind": "picture_choice", "prompt": "Pick",
        "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "image": "https://x.example/b.png"}]}]))
    .unwrap_err();
    assert!(err.to_string().contains("each picture needs an `image`"), "{err}");
    let err = survey(json!([{"id": "c", "kind": "single_choice", "prompt": "Pick",
        "choices": [{"id": "a", "label": "A", "image": "https://x.example/a.png"}, {"id": "b", "label": "B"}]}]))
    .unwrap_err();
    assert!(matches!(err, SurveyError::FieldNotAllowed { field: "image", .. }), "{err}");
    let info = |button: serde_json::Value, required: bool| {
        survey(json!([{"id": "i", "kind": "info", "prompt": "Hello", "required": required, "button": button}]))
    };
    for bad in ["javascript:alert(1)", "data:text/html,<script>", "//evil.example", "https://a b.example"] {
        let err = info(json!({"label": "Go", "url": bad}), false).unwrap_err();
        assert!(err.to_string().contains("a button's url"), "{bad}: {err}");
    }
    assert!(info(json!({"label": "Go", "url": "https://acme.example/x?y=1"}), false).is_ok());
    let err = info(json!({"label": "Go", "url": "https://acme.example"}), true).unwrap_err();
    assert!(err.to_string().contains("cannot be required"), "{err}");
    let err = survey(json!([
        {"id": "i", "kind": "info", "prompt": "Hello"},
        {"id": "w", "kind": "long_text", "prompt": "After {{i}}"}
    ]))
    .unwrap_err();
    assert!(err.to_string().contains("cannot be said back"), "{err}");
}

#[test]
fn contact_details_are_checked_and_never_written_with_the_answers() {
    use crate::rare::details::{ContactDetails, DetailField};
    let survey = survey(json!([
        {"id": "nps", "kind": "nps", "prompt": "Recommend?"},
        {"id": "reach", "kind": "contact_details", "prompt": "How can we reach you?",
         "fields": ["name", "email", "phone"], "purpose": "Only to call you back about these answers."}
    ]))
    .unwrap();
    let response = answer(
        &survey,
        json!({"nps": 3, "reach": {"name": " Ann Lee ", "email": "Ann@Example.com", "phone": "+41 44 123 45 67"}}),
    )
    .unwrap();
    let (question, details) = response.details().unwrap();
    assert_eq!(question.as_str(), "reach");
    assert_eq!(
        details,
        &ContactDetails {
            name: Some("Ann Lee".into()),
            email: Some("ann@example.com".into()),
            phone: Some("+41 44 123 45 67".into()),
            company: None
        }
    );
    assert_eq!(
        details.given().iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        [DetailField::Name, DetailField::Email, DetailField::Phone]
    );
    // What is stored, exported and sent on says only that they were given.
    let raw = serde_json::to_value(response.to_raw()).unwrap();
    assert_eq!(raw["answers"]["reach"], "given");
    assert!(!raw.to_string().contains("Ann"), "{raw}");
    let stored = Response::parse(&survey, &response.to_raw()).unwrap();
    assert_eq!(stored.details().unwrap().1, &ContactDetails::default(), "kept apart");
    assert_eq!(Response::parse(&survey, &stored.to_raw()).unwrap(), stored);
    let results = Results::of(&survey, &[response]);
    let QuestionResult::Choices { counts, .. } = &results.questions[1].result else { panic!() };
    assert_eq!(counts[0].0.as_str(), "given");
    // Nothing given is no answer; each bad detail is named.
    assert_eq!(answer(&survey, json!({"nps": 3, "reach": {"name": " ", "email": ""}})).unwrap().details(), None);
    for (reach, expected) in [
        (json!({"email": "not an address"}), ResponseError::BadAddress),
        (json!({"phone": "call me"}), ResponseError::Rare(RareError::BadPhone)),
        (json!({"phone": "12"}), ResponseError::Rare(RareError::BadPhone)),
        (json!({"company": "Acme"}), ResponseError::Rare(RareError::UnknownDetail("company".into()))),
        (json!({"name": "x".repeat(201)}), ResponseError::TooLong { length: 201, max: 200 }),
        (json!("Ann"), ResponseError::WrongType("a map of the details asked for")),
    ] {
        assert_eq!(problem(answer(&survey, json!({"nps": 3, "reach": reach.clone()}))), expected, "{reach}");
    }
}

#[test]
fn a_contact_details_question_names_its_fields_and_purpose_once_per_survey() {
    let details = |fields: serde_json::Value, purpose: Option<&str>| {
        let mut q = json!({"id": "reach", "kind": "contact_details", "prompt": "Reach you?", "fields": fields});
        if let Some(purpose) = purpose {
            q["purpose"] = json!(purpose);
        }
        survey(json!([q]))
    };
    assert!(details(json!(["email"]), Some("To reply")).is_ok());
    for (fields, purpose, says) in [
        (json!(["email"]), None, "need the `purpose`"),
        (json!([]), Some("To reply"), "fields are 1 to 4"),
        (json!(["email", "email"]), Some("To reply"), "fields are 1 to 4"),
        (json!(["address"]), Some("To reply"), "fields are 1 to 4"),
    ] {
        let err = details(fields.clone(), purpose).unwrap_err();
        assert!(err.to_string().contains(says), "{fields}: {err}");
    }
    let twice = survey(json!([
        {"id": "a", "kind": "contact_details", "prompt": "Reach you?", "purpose": "To reply"},
        {"id": "b", "kind": "contact_details", "prompt": "Again?", "purpose": "To reply"}
    ]));
    assert!(matches!(twice, Err(SurveyError::ContactTwice(_))));
    let recalled = survey(json!([
        {"id": "a", "kind": "contact_details", "prompt": "Reach you?", "purpose": "To reply"},
        {"id": "b", "kind": "long_text", "prompt": "Thanks {{a}}"}
    ]));
    assert!(recalled.unwrap_err().to_string().contains("cannot be said back"));
}

#[test]
fn each_kind_speaks_the_respondents_language() {
    let both = |en: &str, de: &str| json!({"en": en, "de": de});
    let survey: Survey = serde_json::from_value(json!({"id": "s", "title": "T", "languages": ["en", "de"], "questions": [
        {"id": "order", "kind": "ranking", "prompt": "Order", "choices": [{"id": "a", "label": both("Price", "Preis")}, {"id": "b", "label": "B"}]},
        {"id": "look", "kind": "picture_choice", "prompt": "Look", "choices": [
            {"id": "blue", "label": both("Blue", "Blau"), "image": "https://img.example/b.png"},
            {"id": "dark", "label": "Dark", "image": "https://img.example/d.png"}]},
        {"id": "news", "kind": "info", "prompt": "News", "button": {"label": both("Read", "Lesen"), "url": "https://acme.example"}},
        {"id": "reach", "kind": "contact_details", "prompt": "Reach", "purpose": both("To call back", "Zum Rückruf")}
    ]}))
    .unwrap();
    let german = survey.in_language("de");
    let kinds: Vec<&Rare> = german
        .questions()
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Rare(rare) => Some(rare),
            _ => None,
        })
        .collect();
    assert_eq!(kinds[0].choices()[0].label.as_str(), "Preis");
    assert_eq!(kinds[1].choices()[0].label.as_str(), "Blau");
    let Rare::Info { button: Some((label, _)) } = kinds[2] else { panic!() };
    assert_eq!(label.as_str(), "Lesen");
    let Rare::Details { purpose, .. } = kinds[3] else { panic!() };
    assert_eq!(purpose.as_str(), "Zum Rückruf");
}
