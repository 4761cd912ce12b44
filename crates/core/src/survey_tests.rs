use super::*;
use crate::text::RawText;
use proptest::prelude::*;
use serde_json::json;

pub fn demo() -> Survey {
    serde_json::from_value(json!({
        "id": "demo",
        "title": "How are we doing?",
        "questions": [
            {"id": "recommend", "kind": "nps", "prompt": "How likely are you to recommend us?", "required": true},
            {"id": "support", "kind": "rating", "prompt": "How was our support?"},
            {"id": "channel", "kind": "single_choice", "prompt": "How did you reach us?",
             "choices": [{"id": "email", "label": "E-mail"}, {"id": "chat", "label": "Chat"}]},
            {"id": "comment", "kind": "long_text", "prompt": "Anything else?", "max_length": 20}
        ]
    }))
    .unwrap()
}

/// One question of every kind, with logic: the survey the widget's browser tests also use.
pub fn every_kind() -> Survey {
    serde_json::from_value(json!({
        "id": "every-kind",
        "languages": ["en", "de"],
        "title": {"en": "Every kind", "de": "Jede Art"},
        "questions": [
            {"id": "nps", "kind": "nps", "prompt": "Recommend?", "required": true},
            {"id": "wrong", "kind": "short_text", "prompt": "What went wrong?", "show_if": {"question": "nps", "at_most": 6}},
            {"id": "csat", "kind": "csat", "prompt": "Satisfied?", "help": "Think of your last visit."},
            {"id": "ces", "kind": "ces", "prompt": "Easy?"},
            {"id": "stars", "kind": "rating", "prompt": "Stars?", "points": 4, "labels": {"low": "Meh", "high": "Wow"}},
            {"id": "via", "kind": "single_choice", "prompt": "Via?", "other": true,
             "choices": [{"id": "mail", "label": "Mail"}, {"id": "chat", "label": {"en": "Chat", "de": "Plaudern"}}]},
            {"id": "likes", "kind": "multiple_choice", "prompt": "Likes?", "min": 1, "max": 2, "shuffle": true,
             "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
            {"id": "back", "kind": "yes_no", "prompt": "Come back?", "end_if": {"question": "back", "equals": "no"}},
            {"id": "grid", "kind": "matrix", "prompt": "Rate",
             "rows": [{"id": "speed", "label": "Speed"}, {"id": "price", "label": "Price"}],
             "columns": [{"id": "bad", "label": "Bad"}, {"id": "ok", "label": "OK"}, {"id": "good", "label": "Good"}]},
            {"id": "more", "kind": "long_text", "prompt": "More?"},
            {"id": "quote", "kind": "consent", "prompt": "You may quote me."},
            {"id": "reach", "kind": "contact", "prompt": "May we contact you about your answers?"}
        ]
    }))
    .unwrap()
}

fn parse(value: serde_json::Value) -> Result<Survey, String> {
    serde_json::from_value::<Survey>(value).map_err(|e| e.to_string())
}

fn one_question(question: serde_json::Value) -> Result<Survey, String> {
    parse(json!({"id": "s", "title": "T", "questions": [question]}))
}

fn two_questions(first: serde_json::Value, second: serde_json::Value) -> Result<Survey, String> {
    parse(json!({"id": "s", "title": "T", "questions": [first, second]}))
}

#[test]
fn a_valid_definition_parses_with_its_questions_in_order() {
    let survey = demo();
    assert_eq!(survey.id().as_str(), "demo");
    let ids: Vec<_> = survey.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["recommend", "support", "channel", "comment"]);
    assert!(survey.questions()[0].required);
    assert_eq!(survey.questions()[1].kind, QuestionKind::Rating { points: 5, stars: true, low: None, high: None });
    assert_eq!(survey.questions()[3].kind, QuestionKind::Text { long: true, max_length: 20 });
}

#[test]
fn every_kind_parses_with_its_settings_and_defaults() {
    let survey = every_kind();
    let kinds: Vec<_> = survey.questions().iter().map(|q| q.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "nps",
            "short_text",
            "csat",
            "ces",
            "rating",
            "single_choice",
            "multiple_choice",
            "yes_no",
            "matrix",
            "long_text",
            "consent",
            "contact"
        ]
    );
    assert_eq!(survey.question("wrong").unwrap().kind, QuestionKind::Text { long: false, max_length: 200 });
    assert_eq!(survey.question("csat").unwrap().kind.scale(), Some((1, 5)));
    assert_eq!(survey.question("ces").unwrap().kind.scale(), Some((1, 7)));
    assert_eq!(survey.question("stars").unwrap().kind.scale(), Some((1, 4)));
    assert!(matches!(
        survey.question("likes").unwrap().kind,
        QuestionKind::MultipleChoice { min: 1, max: 2, shuffle: true, .. }
    ));
    assert!(survey.question("via").unwrap().kind.has_choice("other"));
    assert_eq!(survey.question("csat").unwrap().help.as_ref().map(Text::as_str), Some("Think of your last visit."));
}

#[test]
fn a_survey_in_one_language_has_that_languages_texts_only() {
    let german = every_kind().in_language("de");
    assert_eq!(german.title(), "Jede Art");
    assert_eq!(german.languages(), ["de"]);
    let QuestionKind::SingleChoice { choices, .. } = &german.question("via").unwrap().kind else { panic!() };
    assert_eq!(choices[1].label.as_str(), "Plaudern");
    // A text without a German version falls back to English.
    assert_eq!(choices[0].label.as_str(), "Mail");
    let json = serde_json::to_value(&german).unwrap();
    assert_eq!(json["title"], "Jede Art", "one language serializes as plain strings");
}

#[test]
fn each_broken_definition_is_rejected_with_an_error_naming_the_problem() {
    let nps = json!({"id": "a", "kind": "nps", "prompt": "P"});
    let cases = [
        (json!({"id": "Bad Id", "title": "T", "questions": []}), "survey id"),
        (json!({"id": "s", "title": "  ", "questions": []}), "title is empty"),
        (json!({"id": "s", "title": "T", "questions": []}), "1 to 50 questions"),
        (json!({"id": "s", "title": "T", "questions": [nps, nps]}), "`a` appears more than once"),
        (
            json!({"id": "s", "title": "T", "questions": [
                {"id": "a", "kind": "contact", "prompt": "P"}, {"id": "b", "kind": "contact", "prompt": "Q"}]}),
            "`b`: a survey asks for contact once",
        ),
        (json!({"id": "s", "languages": ["EN"], "title": "T", "questions": [nps]}), "`EN` is not a language tag"),
        (json!({"id": "s", "languages": ["en", "en"], "title": "T", "questions": [nps]}), "distinct languages"),
        (
            json!({"id": "s", "languages": ["en", "de"], "title": {"de": "T"}, "questions": [nps]}),
            "default language `en`",
        ),
        (json!({"id": "s", "title": {"en": "T", "fr": "T"}, "questions": [nps]}), "`fr`, which is not one of"),
        (
            json!({"id": "s", "title": "T", "questions": [nps], "theme": {"brand": "#ffff00"}}),
            "theme: white button text",
        ),
        (
            json!({"id": "s", "title": "T", "questions": [nps], "unsigned_customers": "maybe"}),
            "unknown variant `maybe`",
        ),
        (
            json!({"id": "s", "title": "T", "questions": [nps], "sampling": 0}),
            "sampling must be a percentage from 1 to 100",
        ),
        (json!({"id": "s", "title": "T", "questions": [nps], "sampling": 101}), "sampling must be a percentage"),
        (json!({"id": "s", "title": "T", "questions": [nps], "sampling": -5}), "invalid value"),
        (
            json!({"id": "s", "title": "T", "questions": [nps], "recontact_days": 3651}),
            "recontact_days must be from 0 to 3650",
        ),
        (
            json!({"id": "s", "title": "T", "questions": [nps], "publish_by": "2027-02-30"}),
            "publish_by must be a date written YYYY-MM-DD, not `2027-02-30`",
        ),
        (json!({"id": "s", "title": "T", "questions": [nps], "publish_by": "soon"}), "publish_by must be a date"),
    ];
    for (value, expected) in cases {
        let err = parse(value.clone()).unwrap_err();
        assert!(err.contains(expected), "{value}: {err}");
    }
    let choices = json!([{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]);
    let question_cases = [
        (json!({"id": "A", "kind": "nps", "prompt": "P"}), "question 0"),
        (json!({"id": "a", "kind": "nps", "prompt": ""}), "prompt is empty"),
        (json!({"id": "a", "kind": "stars", "prompt": "P"}), "unknown kind `stars`"),
        (json!({"id": "a", "kind": "single_choice", "prompt": "P"}), "2 to 30 choices"),
        (
            json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}]}),
            "2 to 30 choices",
        ),
        (
            json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}, {"id": "x", "label": "Y"}]}),
            "`x` more than once",
        ),
        (
            json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": " "}]}),
            "choices `y` is empty",
        ),
        (
            json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}, {"id": "Y!", "label": "Y"}]}),
            "choices 1",
        ),
        (
            json!({"id": "a", "kind": "single_choice", "prompt": "P", "other": true, "choices": [{"id": "x", "label": "X"}, {"id": "other", "label": "O"}]}),
            "kept for the \"Other\" option",
        ),
        (
            json!({"id": "a", "kind": "multiple_choice", "prompt": "P", "choices": choices, "min": 3}),
            "0 ≤ min ≤ max ≤ 2",
        ),
        (
            json!({"id": "a", "kind": "multiple_choice", "prompt": "P", "choices": choices, "max": 0}),
            "0 ≤ min ≤ max ≤ 2",
        ),
        (json!({"id": "a", "kind": "rating", "prompt": "P", "points": 2}), "points must be between 3 and 10"),
        (json!({"id": "a", "kind": "rating", "prompt": "P", "points": 11}), "points must be between 3 and 10"),
        (json!({"id": "a", "kind": "rating", "prompt": "P", "style": "hearts"}), "`stars` or `numbers`"),
        (json!({"id": "a", "kind": "matrix", "prompt": "P", "rows": choices}), "2 to 30 columns"),
        (json!({"id": "a", "kind": "long_text", "prompt": "P", "max_length": 0}), "max_length must be"),
        (json!({"id": "a", "kind": "short_text", "prompt": "P", "max_length": 5001}), "max_length must be"),
        (json!({"id": "a", "kind": "nps", "prompt": "P", "choices": []}), "`choices` does not apply to a nps"),
        (json!({"id": "a", "kind": "yes_no", "prompt": "P", "other": true}), "`other` does not apply to a yes_no"),
        (json!({"id": "a", "kind": "csat", "prompt": "P", "points": 7}), "`points` does not apply to a csat"),
        (json!({"id": "a", "kind": "nps", "prompt": "P", "colour": "red"}), "unknown field `colour`"),
        (json!({"id": "a", "kind": "nps", "prompt": "P", "help": ""}), "help is empty"),
        (json!({"id": "a", "kind": "nps", "prompt": "P", "customer_field": "Plan!"}), "customer_field must be"),
        (json!({"id": "a", "kind": "nps", "prompt": "P", "skip_if_known": true}), "skip_if_known needs"),
    ];
    for (question, expected) in question_cases {
        let err = one_question(question.clone()).unwrap_err();
        assert!(err.contains(expected), "{question}: {err}");
    }
}

#[test]
fn each_broken_rule_is_rejected_naming_the_rule() {
    let nps = json!({"id": "a", "kind": "nps", "prompt": "P"});
    let with_rule = |rule: serde_json::Value| json!({"id": "b", "kind": "short_text", "prompt": "P", "show_if": rule});
    let cases = [
        (
            with_rule(json!({"question": "zz", "answered": true})),
            "question `b`, rule show_if: refers to `zz`, which is not a question",
        ),
        (with_rule(json!({"question": "a", "at_most": 11})), "rule show_if: tests `a` for 11, which it can never be"),
        (with_rule(json!({"question": "a", "equals": -1})), "tests `a` for -1"),
        (with_rule(json!({"question": "a", "includes": "x"})), "cannot use `includes` on `a`, a nps question"),
        (with_rule(json!({"question": "a", "at_most": 3, "at_least": 1})), "needs exactly one test"),
        (with_rule(json!({"question": "a"})), "needs exactly one test"),
    ];
    for (question, expected) in cases {
        let err = two_questions(nps.clone(), question.clone()).unwrap_err();
        assert!(err.contains(expected), "{question}: {err}");
    }
    let choice = json!({"id": "a", "kind": "single_choice", "prompt": "P", "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]});
    let err = two_questions(choice, with_rule(json!({"question": "a", "equals": "z"}))).unwrap_err();
    assert!(err.contains("tests `a` for `z`"), "{err}");

    let ahead = json!({"id": "a", "kind": "nps", "prompt": "P", "show_if": {"question": "b", "answered": true}});
    let err = two_questions(ahead, json!({"id": "b", "kind": "nps", "prompt": "P"})).unwrap_err();
    assert!(err.contains("question `a`, rule show_if: refers to `b`, which comes later"), "{err}");

    let a = json!({"id": "a", "kind": "nps", "prompt": "P", "show_if": {"question": "b", "answered": true}});
    let b = json!({"id": "b", "kind": "nps", "prompt": "P", "show_if": {"question": "a", "answered": true}});
    assert_eq!(two_questions(a, b).unwrap_err(), "logic rules form a cycle: a → b → a");
    let itself = json!({"id": "a", "kind": "nps", "prompt": "P", "show_if": {"question": "a", "at_least": 1}});
    assert_eq!(one_question(itself).unwrap_err(), "logic rules form a cycle: a → a");
    // Ending the survey on a question's own answer is the usual case, not a cycle.
    assert!(one_question(
        json!({"id": "a", "kind": "yes_no", "prompt": "P", "end_if": {"question": "a", "equals": "no"}})
    )
    .is_ok());
}

pub fn arb_survey() -> impl Strategy<Value = Survey> {
    let choices = |n: std::ops::Range<usize>| {
        prop::collection::vec("[A-Za-z ]{0,10}[A-Za-z]", n).prop_map(|labels| {
            labels
                .into_iter()
                .enumerate()
                .map(|(i, l)| RawChoice { id: format!("c{i}"), label: RawText::One(l), image: None })
                .collect::<Vec<_>>()
        })
    };
    let kind = prop_oneof![
        Just(RawQuestion::new("", "nps", "")),
        Just(RawQuestion::new("", "csat", "")),
        Just(RawQuestion::new("", "ces", "")),
        (3u8..=10, any::<bool>()).prop_map(|(points, stars)| RawQuestion {
            points: Some(points),
            style: Some(if stars { "stars" } else { "numbers" }.into()),
            ..RawQuestion::new("", "rating", "")
        }),
        (choices(2..6), any::<bool>()).prop_map(|(cs, other)| RawQuestion {
            choices: Some(cs),
            other: Some(other),
            ..RawQuestion::new("", "single_choice", "")
        }),
        (choices(2..6), any::<bool>(), 0u32..2).prop_map(|(cs, other, min)| RawQuestion {
            choices: Some(cs),
            other: Some(other),
            min: Some(min),
            ..RawQuestion::new("", "multiple_choice", "")
        }),
        Just(RawQuestion::new("", "yes_no", "")),
        (1u32..=MAX_TEXT_LIMIT, any::<bool>()).prop_map(|(n, long)| RawQuestion {
            max_length: Some(n),
            ..RawQuestion::new("", if long { "long_text" } else { "short_text" }, "")
        }),
        (choices(2..4), choices(2..5)).prop_map(|(rows, columns)| RawQuestion {
            rows: Some(rows),
            columns: Some(columns),
            ..RawQuestion::new("", "matrix", "")
        }),
        Just(RawQuestion::new("", "consent", "")),
        (choices(2..6), any::<bool>()).prop_map(|(cs, shuffle)| RawQuestion {
            choices: Some(cs),
            shuffle: Some(shuffle),
            ..RawQuestion::new("", "ranking", "")
        }),
        (choices(2..5), any::<bool>()).prop_map(|(cs, many)| RawQuestion {
            max: Some(if many { cs.len() as u32 } else { 1 }),
            choices: Some(
                cs.into_iter()
                    .map(|c| RawChoice { image: Some(format!("https://img.example/{}.png", c.id)), ..c })
                    .collect(),
            ),
            ..RawQuestion::new("", "picture_choice", "")
        }),
        Just(RawQuestion {
            fields: Some(vec!["name".into(), "email".into(), "phone".into()]),
            purpose: Some(RawText::One("To call you back".into())),
            ..RawQuestion::new("", "contact_details", "")
        }),
        any::<bool>().prop_map(|link| RawQuestion {
            button: link.then(|| crate::survey::RawButton {
                label: RawText::One("Read more".into()),
                url: "https://acme.example/news".into(),
            }),
            ..RawQuestion::new("", "info", "")
        }),
        (any::<bool>(), any::<bool>()).prop_map(|(early, late)| RawQuestion {
            earliest: early.then(|| "2020-01-01".to_owned()),
            latest: late.then(|| "2030-12-31".to_owned()),
            ..RawQuestion::new("", "date", "")
        }),
    ];
    let question = ("[A-Za-z?]{1,20}", any::<bool>(), kind);
    (
        "[a-z][a-z0-9-]{0,10}[a-z0-9]",
        "[A-Za-z]{1,30}",
        prop::collection::vec(question, 1..8),
        prop::option::of(1u32..=100),
        prop::option::of(0u32..=MAX_RECONTACT_DAYS),
        prop::option::of((2000u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))),
    )
        .prop_map(|(id, title, questions, sampling, recontact_days, publish_by)| {
            // A survey asks for contact details once: later ones become consent boxes.
            let mut details = 0;
            let questions = questions
                .into_iter()
                .map(|(prompt, required, kind)| {
                    let twice = kind.kind == "contact_details" && {
                        details += 1;
                        details > 1
                    };
                    (prompt, required, if twice { RawQuestion::new("", "consent", "") } else { kind })
                })
                .enumerate()
                .map(|(i, (prompt, required, kind))| RawQuestion {
                    id: format!("q{i}"),
                    prompt: RawText::One(prompt),
                    // An information step takes no answer, so it is never required.
                    required: required && kind.kind != "info",
                    ..kind
                })
                .collect();
            let raw = RawSurvey {
                id,
                languages: Vec::new(),
                title: RawText::One(title),
                questions,
                theme: None,
                unsigned_customers: UnsignedCustomers::Keep,
                sampling,
                recontact_days,
                publish_by,
            };
            Survey::parse(raw).expect("generated surveys are valid")
        })
}

proptest! {
    #[test]
    fn a_survey_survives_a_json_round_trip(survey in arb_survey()) {
        let json = serde_json::to_string(&survey).unwrap();
        prop_assert_eq!(serde_json::from_str::<Survey>(&json).unwrap(), survey);
    }
}

#[test]
fn the_every_kind_survey_survives_a_json_round_trip() {
    let survey = every_kind();
    let json = serde_json::to_string(&survey).unwrap();
    assert_eq!(serde_json::from_str::<Survey>(&json).unwrap(), survey);
}

#[test]
fn a_live_survey_may_grow_and_be_reworded_but_not_lose_meaning() {
    let stored = demo();
    let edit = |change: serde_json::Value| -> Result<(), String> {
        let mut raw: serde_json::Value = serde_json::to_value(&stored).unwrap();
        let mut questions = raw["questions"].as_array().unwrap().clone();
        match change {
            serde_json::Value::Object(ref m) if m.contains_key("add") => questions.push(m["add"].clone()),
            serde_json::Value::Object(ref m) if m.contains_key("remove") => {
                questions.retain(|q| q["id"] != m["remove"]);
            }
            serde_json::Value::Object(ref m) if m.contains_key("replace") => {
                let new = m["replace"].clone();
                for q in questions.iter_mut() {
                    if q["id"] == new["id"] {
                        *q = new.clone();
                    }
                }
            }
            _ => unreachable!(),
        }
        raw["questions"] = serde_json::Value::Array(questions);
        let changed: Survey = serde_json::from_value(raw).expect("the edited survey is valid");
        changed.keeps_meaning_of(&stored)
    };
    // Fine: reworded, an optional question added, a choice added.
    edit(json!({"replace": {"id": "recommend", "kind": "nps", "prompt": "Would you recommend us?", "required": true}}))
        .unwrap();
    edit(json!({"add": {"id": "extra", "kind": "yes_no", "prompt": "Again?"}})).unwrap();
    edit(json!({"replace": {"id": "channel", "kind": "single_choice", "prompt": "How did you reach us?",
        "choices": [{"id": "email", "label": "E-mail"}, {"id": "chat", "label": "Chat"}, {"id": "phone", "label": "Phone"}]}}))
    .unwrap();
    // Not fine, each named.
    let removed = edit(json!({"remove": "support"})).unwrap_err();
    assert!(removed.contains("`support` cannot be removed"), "{removed}");
    let retyped =
        edit(json!({"replace": {"id": "support", "kind": "csat", "prompt": "How was our support?"}})).unwrap_err();
    assert!(retyped.contains("`support` cannot change from rating to csat"), "{retyped}");
    let rescaled =
        edit(json!({"replace": {"id": "support", "kind": "rating", "points": 10, "prompt": "How was our support?"}}))
            .unwrap_err();
    assert!(rescaled.contains("`support`"), "{rescaled}");
    let lost = edit(json!({"replace": {"id": "channel", "kind": "single_choice", "prompt": "How did you reach us?",
        "choices": [{"id": "email", "label": "E-mail"}, {"id": "phone", "label": "Phone"}]}}))
    .unwrap_err();
    assert!(lost.contains("`channel` cannot lose a choice"), "{lost}");
    let required =
        edit(json!({"add": {"id": "extra", "kind": "yes_no", "prompt": "Again?", "required": true}})).unwrap_err();
    assert!(required.contains("must be optional"), "{required}");
    let now_required =
        edit(json!({"replace": {"id": "comment", "kind": "long_text", "prompt": "Anything else?", "required": true}}))
            .unwrap_err();
    assert!(now_required.contains("`comment` cannot become required"), "{now_required}");
}

#[test]
fn definitions_stored_before_short_and_long_text_still_read() {
    let survey = parse(json!({"id": "s", "title": "T", "questions": [{"id": "c", "kind": "text", "prompt": "Say"}]}))
        .expect("an old `text` question reads");
    assert!(matches!(survey.questions()[0].kind, QuestionKind::Text { long: true, .. }));
    let written = serde_json::to_value(&survey).unwrap();
    assert_eq!(written["questions"][0]["kind"], "long_text", "written back under today's name");
}

#[test]
fn the_promised_publishing_day_is_kept() {
    let survey =
        parse(json!({"id": "s", "title": "T", "questions": [{"id": "n", "kind": "nps", "prompt": "P"}], "publish_by": " 2027-01-31 "}))
            .unwrap();
    assert_eq!(survey.publish_by(), Some("2027-01-31"));
    assert_eq!(serde_json::to_value(&survey).unwrap()["publish_by"], "2027-01-31");
}
