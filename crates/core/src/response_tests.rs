use super::*;
use crate::contact::Contact;
use crate::rare::Rare;
use crate::survey::tests::{arb_survey, demo, every_kind};
use proptest::prelude::*;
use serde_json::json;

fn raw(value: serde_json::Value) -> RawResponse {
    serde_json::from_value(value).unwrap()
}

fn problems(value: serde_json::Value) -> Vec<(Option<String>, ResponseError)> {
    Response::parse(&demo(), &raw(value)).unwrap_err().problems
}

fn problems_of_every_kind(answers: serde_json::Value) -> Vec<(Option<String>, ResponseError)> {
    let mut value = json!({"answers": {"nps": 9}});
    for (k, v) in answers.as_object().unwrap() {
        value["answers"][k] = v.clone();
    }
    Response::parse(&every_kind(), &raw(value)).unwrap_err().problems
}

fn q(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap()
}

#[test]
fn a_complete_response_parses_and_trims_its_comment() {
    let response = Response::parse(
        &demo(),
        &raw(json!({"answers": {"recommend": 9, "support": 4, "channel": "chat", "comment": "  fine "}})),
    )
    .unwrap();
    let get = |id: &str| response.answer(&slug(id)).cloned();
    assert_eq!(get("recommend"), Some(Answer::Scale(9)));
    assert_eq!(get("support"), Some(Answer::Scale(4)));
    assert_eq!(get("channel"), Some(Answer::Choice(Chosen::Listed(slug("chat")))));
    assert_eq!(get("comment"), Some(Answer::Text("fine".into())));
}

#[test]
fn every_kind_of_answer_parses() {
    let response = Response::parse(
        &every_kind(),
        &raw(json!({
            "answers": {"nps": 3, "wrong": "slow", "csat": 5, "ces": 7, "stars": 4, "via": "other",
                        "likes": ["c", "a"], "back": "yes", "grid": {"speed": "good", "price": "bad"},
                        "more": "x", "quote": true, "reach": {"reply": "email", "email": " Dana@Example.com"}},
            "other": {"via": " carrier pigeon "}
        })),
    )
    .unwrap();
    let get = |id: &str| response.answer(&slug(id)).cloned().unwrap();
    assert_eq!(get("via"), Answer::Choice(Chosen::Other("carrier pigeon".into())));
    assert_eq!(get("likes"), Answer::Choices(vec![Chosen::Listed(slug("c")), Chosen::Listed(slug("a"))]));
    assert_eq!(get("back"), Answer::YesNo(true));
    assert_eq!(
        get("grid"),
        Answer::Matrix([(slug("speed"), slug("good")), (slug("price"), slug("bad"))].into_iter().collect())
    );
    assert_eq!(get("quote"), Answer::Consent);
    assert_eq!(get("reach"), Answer::Contact(Contact::Email(Some("dana@example.com".into()))));
    // What is stored carries the choice, never the address; everything else comes back as it was.
    let stored = response.to_raw();
    assert_eq!(stored.answers.get("reach"), Some(&RawAnswer::Text("email".into())));
    assert!(!serde_json::to_string(&stored).unwrap().contains('@'));
    let back = Response::parse(&every_kind(), &stored).unwrap();
    assert_eq!(back.contact(), Some((&slug("reach"), &Contact::Email(None))));
    let others = |r: &Response| {
        r.answers().filter(|(q, _)| q.as_str() != "reach").map(|(q, a)| (q.clone(), a.clone())).collect::<Vec<_>>()
    };
    assert_eq!(others(&back), others(&response));
}

#[test]
fn a_contact_answer_takes_an_address_only_with_the_choice_to_be_emailed() {
    let reach = |value: serde_json::Value| {
        let raw = raw(json!({"answers": {"nps": 9, "reach": value}}));
        Response::parse(&every_kind(), &raw).map(|r| r.contact().map(|(_, c)| c.clone()))
    };
    assert_eq!(reach(json!("here")), Ok(Some(Contact::Here)));
    assert_eq!(reach(json!("no")), Ok(Some(Contact::No)));
    // The company's own record gives the address (the server checks it has one).
    assert_eq!(reach(json!("email")), Ok(Some(Contact::Email(None))));
    assert_eq!(reach(json!({"reply": "here", "email": ""})), Ok(Some(Contact::Here)));
    let problem = |value| reach(value).unwrap_err().problems;
    let on_reach = |e| vec![(q("reach"), e)];
    assert_eq!(
        problem(json!({"reply": "here", "email": "dana@example.com"})),
        on_reach(ResponseError::AddressWithoutConsent)
    );
    assert_eq!(
        problem(json!({"reply": "no", "email": "dana@example.com"})),
        on_reach(ResponseError::AddressWithoutConsent)
    );
    assert_eq!(
        problem(json!({"email": "dana@example.com"})),
        on_reach(ResponseError::WrongType("no, here or email (with the address)"))
    );
    assert_eq!(problem(json!({"reply": "email", "email": " "})), on_reach(ResponseError::NoAddress));
    assert_eq!(problem(json!({"reply": "email"})), on_reach(ResponseError::NoAddress));
    assert_eq!(problem(json!({"reply": "email", "email": "dana@"})), on_reach(ResponseError::BadAddress));
    assert!(matches!(problem(json!("yes"))[0].1, ResponseError::WrongType(_)));
    assert!(matches!(problem(json!({"reply": "here", "note": "x"}))[0].1, ResponseError::WrongType(_)));
}

#[test]
fn optional_questions_may_be_left_out_and_empty_answers_are_no_answers() {
    let response = Response::parse(
        &every_kind(),
        &raw(json!({"answers": {"nps": 9, "more": "   ", "likes": [], "grid": {}, "quote": false}})),
    )
    .unwrap();
    assert_eq!(response.answers().count(), 1);
}

#[test]
fn each_bad_answer_is_reported_against_its_question() {
    assert_eq!(
        problems(json!({"answers": {"recommend": 11}})),
        [(q("recommend"), ResponseError::OutOfRange { value: 11, min: 0, max: 10 })]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": -1}})),
        [(q("recommend"), ResponseError::OutOfRange { value: -1, min: 0, max: 10 })]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": 5, "support": 0}})),
        [(q("support"), ResponseError::OutOfRange { value: 0, min: 1, max: 5 })]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": 5, "nope": 1}})),
        [(q("nope"), ResponseError::UnknownQuestion("nope".into()))]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": 5, "channel": "fax"}})),
        [(q("channel"), ResponseError::UnknownChoice("fax".into()))]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": 5, "comment": "x".repeat(21)}})),
        [(q("comment"), ResponseError::TooLong { length: 21, max: 20 })]
    );
    assert_eq!(
        problems(json!({"answers": {"recommend": "9"}})),
        [(q("recommend"), ResponseError::WrongType("a number"))]
    );
    assert_eq!(problems(json!({"answers": {"support": 3}})), [(q("recommend"), ResponseError::Missing)]);
}

#[test]
fn each_bad_answer_of_the_newer_kinds_is_reported() {
    let cases = [
        (json!({"csat": 6}), "csat", ResponseError::OutOfRange { value: 6, min: 1, max: 5 }),
        (json!({"ces": 0}), "ces", ResponseError::OutOfRange { value: 0, min: 1, max: 7 }),
        (json!({"stars": 5}), "stars", ResponseError::OutOfRange { value: 5, min: 1, max: 4 }),
        (json!({"via": "other"}), "via", ResponseError::OtherWithoutText),
        (json!({"via": ["mail"]}), "via", ResponseError::WrongType("a choice id")),
        (json!({"likes": ["a", "b", "c"]}), "likes", ResponseError::TooMany(2)),
        (json!({"likes": ["a", "a"]}), "likes", ResponseError::RepeatedChoice("a".into())),
        (json!({"likes": ["z"]}), "likes", ResponseError::UnknownChoice("z".into())),
        (json!({"likes": ["other"]}), "likes", ResponseError::UnknownChoice("other".into())),
        (json!({"likes": "a"}), "likes", ResponseError::WrongType("a list of choice ids")),
        (json!({"back": "maybe"}), "back", ResponseError::WrongType("yes or no")),
        (json!({"grid": {"speed": "good"}}), "grid", ResponseError::RowsMissing(1)),
        (json!({"grid": {"speed": "good", "taste": "ok"}}), "grid", ResponseError::UnknownRow("taste".into())),
        (json!({"grid": {"speed": "great", "price": "ok"}}), "grid", ResponseError::UnknownChoice("great".into())),
        (json!({"quote": "yes"}), "quote", ResponseError::WrongType("true or false")),
    ];
    for (answers, question, expected) in cases {
        assert_eq!(problems_of_every_kind(answers.clone()), [(q(question), expected)], "{answers}");
    }
    let mut value = raw(json!({"answers": {"nps": 9, "via": "mail"}, "other": {"via": "pigeon"}}));
    assert_eq!(
        Response::parse(&every_kind(), &value).unwrap_err().problems,
        [(q("via"), ResponseError::OtherNotChosen)]
    );
    value.other.insert("nps".into(), "x".into());
    assert!(Response::parse(&every_kind(), &value).is_err());
}

#[test]
fn logic_decides_which_answers_are_allowed_and_required() {
    // `wrong` is asked only for an NPS of 6 or less.
    assert_eq!(problems_of_every_kind(json!({"nps": 9, "wrong": "late"})), [(q("wrong"), ResponseError::NotAsked)]);
    assert!(Response::parse(&every_kind(), &raw(json!({"answers": {"nps": 4, "wrong": "late"}}))).is_ok());
    // Answering "no" to `back` ends the survey: later answers are refused.
    assert_eq!(problems_of_every_kind(json!({"back": "no", "more": "hi"})), [(q("more"), ResponseError::NotAsked)]);
    assert!(Response::parse(&every_kind(), &raw(json!({"answers": {"nps": 9, "back": "yes", "more": "hi"}}))).is_ok());

    let survey: Survey = serde_json::from_value(json!({"id": "s", "title": "T", "questions": [
        {"id": "pick", "kind": "single_choice", "prompt": "P", "other": true, "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "detail", "kind": "short_text", "prompt": "Which?", "required": true, "show_if": {"question": "pick", "equals": "b"}}
    ]}))
    .unwrap();
    let parse = |v| Response::parse(&survey, &raw(v));
    assert!(parse(json!({"answers": {"pick": "a"}})).is_ok(), "a hidden required question is not required");
    assert_eq!(parse(json!({"answers": {"pick": "b"}})).unwrap_err().problems, [(q("detail"), ResponseError::Missing)]);
    let asked_after = |v| asked(&survey, &raw(v), &Known::new());
    assert_eq!(asked_after(json!({"answers": {}})), [true, false]);
    assert_eq!(asked_after(json!({"answers": {"pick": "b"}})), [true, true]);
}

#[test]
fn a_partial_response_may_leave_required_questions_for_later_but_must_be_valid() {
    let partial = |v| Response::parse_with(&demo(), &raw(v), &Known::new(), Completion::Partial);
    assert!(partial(json!({"answers": {"support": 3}})).is_ok());
    assert_eq!(partial(json!({"answers": {}})).unwrap_err().problems, [(None, ResponseError::Empty)]);
    assert!(partial(json!({"answers": {"support": 9}})).is_err());
}

#[test]
fn a_question_the_customer_record_answers_is_skipped_and_answered_from_it() {
    let survey: Survey = serde_json::from_value(json!({"id": "s", "title": "T", "questions": [
        {"id": "plan", "kind": "single_choice", "prompt": "Plan?", "required": true, "customer_field": "plan", "skip_if_known": true,
         "choices": [{"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}]},
        {"id": "why", "kind": "short_text", "prompt": "Why?", "show_if": {"question": "plan", "equals": "pro"}}
    ]}))
    .unwrap();
    let known: Known = [("plan".to_string(), "pro".to_string())].into_iter().collect();
    let response =
        Response::parse_with(&survey, &raw(json!({"answers": {"why": "speed"}})), &known, Completion::Complete)
            .unwrap();
    assert_eq!(response.answer(&slug("plan")), Some(&Answer::Choice(Chosen::Listed(slug("pro")))));
    assert_eq!(asked(&survey, &RawResponse::default(), &known), [false, true]);
    let asked_again =
        Response::parse_with(&survey, &raw(json!({"answers": {"plan": "free"}})), &known, Completion::Complete);
    assert_eq!(asked_again.unwrap_err().problems, [(q("plan"), ResponseError::NotAsked)]);
    // A value that fits no choice leaves the question to the respondent.
    let odd: Known = [("plan".to_string(), "gold".to_string())].into_iter().collect();
    assert_eq!(asked(&survey, &RawResponse::default(), &odd), [true, false]);
}

#[test]
fn several_problems_are_all_reported() {
    assert_eq!(problems(json!({"answers": {"support": 9, "channel": 1}})).len(), 3);
}

#[test]
fn a_response_to_nothing_is_rejected() {
    let err = Response::parse(&every_kind(), &raw(json!({"answers": {}}))).unwrap_err();
    assert_eq!(err.problems, [(q("nps"), ResponseError::Missing)]);
    let optional: Survey = serde_json::from_value(
        json!({"id": "s", "title": "T", "questions": [{"id": "c", "kind": "long_text", "prompt": "Say"}]}),
    )
    .unwrap();
    let err = Response::parse(&optional, &raw(json!({"answers": {}}))).unwrap_err();
    assert_eq!(err.problems, [(None, ResponseError::Empty)]);
}

#[test]
fn an_answer_of_a_shape_no_question_takes_is_a_clear_json_error() {
    for bad in [json!({"answers": {"recommend": 9.5}}), json!({"answers": {"x": null}})] {
        let err = serde_json::from_value::<RawResponse>(bad).unwrap_err().to_string();
        assert!(err.contains("an answer: a whole number"), "{err}");
    }
    let err = serde_json::from_value::<RawResponse>(json!({"answers": {"likes": [9]}})).unwrap_err().to_string();
    assert!(err.contains("expected a string"), "{err}");
}

/// Any valid response to a survey without logic.
pub fn arb_response(survey: &Survey) -> impl Strategy<Value = Response> {
    let answers: Vec<_> = survey
        .questions()
        .iter()
        .map(|q| {
            let answer: BoxedStrategy<Option<(RawAnswer, Option<String>)>> = match &q.kind {
                kind @ (QuestionKind::Nps | QuestionKind::Csat | QuestionKind::Ces | QuestionKind::Rating { .. }) => {
                    let (min, max) = kind.scale().unwrap();
                    (i64::from(min)..=i64::from(max)).prop_map(|n| Some((RawAnswer::Number(n), None))).boxed()
                }
                QuestionKind::SingleChoice { choices, other, .. } => {
                    let mut ids: Vec<String> = choices.iter().map(|c| c.id.to_string()).collect();
                    if *other {
                        ids.push(OTHER.into());
                    }
                    prop::sample::select(ids)
                        .prop_map(|id| {
                            let other = (id == OTHER).then(|| "else".to_owned());
                            Some((RawAnswer::Text(id), other))
                        })
                        .boxed()
                }
                QuestionKind::MultipleChoice { choices, min, max, .. } => {
                    let ids: Vec<String> = choices.iter().map(|c| c.id.to_string()).collect();
                    let (min, max) = ((*min as usize).max(1), (*max as usize).min(ids.len()));
                    prop::sample::subsequence(ids, min..=max).prop_map(|ids| Some((RawAnswer::List(ids), None))).boxed()
                }
                QuestionKind::YesNo => any::<bool>().prop_map(|b| Some((RawAnswer::Bool(b), None))).boxed(),
                QuestionKind::Text { max_length, .. } => {
                    let max = (*max_length as usize).min(40);
                    prop::string::string_regex(&format!("[a-z]{{1,{max}}}"))
                        .unwrap()
                        .prop_map(|t| Some((RawAnswer::Text(t), None)))
                        .boxed()
                }
                QuestionKind::Matrix { rows, columns } => {
                    let rows: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
                    let columns: Vec<String> = columns.iter().map(|c| c.id.to_string()).collect();
                    prop::collection::vec(prop::sample::select(columns), rows.len())
                        .prop_map(move |cs| Some((RawAnswer::Map(rows.iter().cloned().zip(cs).collect()), None)))
                        .boxed()
                }
                QuestionKind::Consent => Just(Some((RawAnswer::Bool(true), None))).boxed(),
                QuestionKind::Contact => prop::sample::select(vec!["no", "here", "email"])
                    .prop_map(|r| Some((RawAnswer::Text(r.to_owned()), None)))
                    .boxed(),
                QuestionKind::Rare(rare) if rare.kind() == crate::kind::Kind::Ranking => {
                    let ids: Vec<String> = rare.choices().iter().map(|c| c.id.to_string()).collect();
                    Just(ids).prop_shuffle().prop_map(|ids| Some((RawAnswer::List(ids), None))).boxed()
                }
                QuestionKind::Rare(rare) if rare.kind() == crate::kind::Kind::PictureChoice => {
                    let ids: Vec<String> = rare.choices().iter().map(|c| c.id.to_string()).collect();
                    let Rare::Pictures { min, max, .. } = rare else { unreachable!() };
                    let (min, max) = ((*min as usize).max(1), *max as usize);
                    prop::sample::subsequence(ids, min..=max).prop_map(|ids| Some((RawAnswer::List(ids), None))).boxed()
                }
                QuestionKind::Rare(rare) if rare.kind() == crate::kind::Kind::ContactDetails => {
                    // What a stored response holds: the details themselves are kept apart.
                    Just(Some((RawAnswer::Text("given".into()), None))).boxed()
                }
                QuestionKind::Rare(rare) if rare.kind() == crate::kind::Kind::Info => {
                    Just(Some((RawAnswer::Text("clicked".into()), None))).boxed()
                }
                // Dates within the widest range `arb_survey` sets.
                QuestionKind::Rare(_) => (2020u32..=2030, 1u32..=12, 1u32..=28)
                    .prop_map(|(y, m, d)| Some((RawAnswer::Text(format!("{y}-{m:02}-{d:02}")), None)))
                    .boxed(),
            };
            let answer = if q.required { answer } else { prop_oneof![Just(None), answer].boxed() };
            answer.prop_map({
                let id = q.id.to_string();
                move |a| a.map(|a| (id.clone(), a))
            })
        })
        .collect();
    let survey = survey.clone();
    answers.prop_filter_map("a response answers something", move |answers| {
        let mut raw = RawResponse::default();
        for (id, (answer, other)) in answers.into_iter().flatten() {
            if let Some(other) = other {
                raw.other.insert(id.clone(), other);
            }
            raw.answers.insert(id, answer);
        }
        Response::parse(&survey, &raw).ok()
    })
}

proptest! {
    #[test]
    fn a_response_survives_the_round_trip_through_its_raw_json_form(
        (survey, response) in arb_survey().prop_flat_map(|s| { let r = arb_response(&s); (Just(s), r) })
    ) {
        let json = serde_json::to_string(&response.to_raw()).unwrap();
        let back: RawResponse = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(Response::parse(&survey, &back).unwrap(), response);
    }
}
