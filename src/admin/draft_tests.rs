//! The survey builder's model, tested: definitions through the form and back.

use super::*;

fn stored() -> Value {
    json!({"id": "pulse", "title": {"en": "Pulse", "de": "Puls"}, "languages": ["en", "de"],
        "theme": {"brand": "#0b5fff", "radius": 4, "mode": "dark"}, "sampling": 25, "recontact_days": 30, "publish_by": "2027-01-31",
        "unsigned_customers": "refuse",
        "questions": [
        {"id": "recommend", "kind": "nps", "prompt": {"en": "Recommend?", "de": "Empfehlen?"}, "required": true,
         "help": "0 is not at all", "end_if": {"question": "recommend", "equals": 10}},
        {"id": "why", "kind": "long_text", "prompt": "Why?", "show_if": {"question": "recommend", "at_most": 6}},
        {"id": "via", "kind": "single_choice", "prompt": "Via?", "other": true,
         "choices": [{"id": "mail", "label": "E-mail"}, {"id": "chat", "label": "Chat"}]},
        {"id": "grid", "kind": "matrix", "prompt": "Rate",
         "rows": [{"id": "speed", "label": "Speed"}], "columns": [{"id": "bad", "label": "Bad"}, {"id": "good", "label": "Good"}]}
    ]})
}

#[test]
fn a_definition_goes_through_the_form_unchanged() {
    let draft = Draft::from_definition(&stored(), &["https://shop.example.com".into()]);
    assert_eq!(draft.questions[2].options, "mail: E-mail\nchat: Chat");
    assert_eq!(draft.questions[0].prompt, "Recommend?", "the default language's text is in the form");
    assert_eq!(draft.questions[0].help, "0 is not at all");
    assert_eq!(draft.translations.get(&("de".into(), "recommend.prompt".into())).unwrap(), "Empfehlen?");
    assert_eq!(draft.translations.get(&("de".into(), "title".into())).unwrap(), "Puls");
    assert_eq!(
        draft.questions[1].show_if,
        Rule { question: "recommend".into(), test: "at_most".into(), value: "6".into() }
    );
    assert_eq!(draft.questions[0].end_if.value, "10");
    assert_eq!(draft.settings.languages, "en, de");
    assert_eq!((draft.settings.brand.as_str(), draft.settings.radius.as_str()), ("#0b5fff", "4"));
    assert_eq!((draft.settings.sampling.as_str(), draft.settings.recontact_days.as_str()), ("25", "30"));
    assert_eq!(draft.settings.publish_by, "2027-01-31");
    assert_eq!(draft.settings.unsigned_customers, "refuse");
    assert_eq!(draft.settings.rest, "{}", "every setting has its field");
    let body = draft.to_body().unwrap();
    let mut expected = stored();
    for q in expected["questions"].as_array_mut().unwrap() {
        q.as_object_mut().unwrap().entry("required").or_insert(json!(false));
    }
    assert_eq!(body["definition"], expected);
    assert_eq!(body["allowed_origins"], json!(["https://shop.example.com"]));
}

#[test]
fn choices_typed_as_labels_get_ids() {
    let mut draft = Draft::new();
    draft.questions.push(QuestionDraft {
        key: 2,
        id: "plan".into(),
        kind: "single_choice".into(),
        prompt: "Plan?".into(),
        options: "Free plan\npro: Pro\n\n  Team & more  ".into(),
        ..QuestionDraft::default()
    });
    let body = draft.to_body().unwrap();
    assert_eq!(
        body["definition"]["questions"][1]["choices"],
        json!([{"id": "free-plan", "label": "Free plan"}, {"id": "pro", "label": "Pro"}, {"id": "team-more", "label": "Team & more"}])
    );
}

#[test]
fn other_fields_that_are_not_an_object_are_refused_by_name() {
    let mut draft = Draft::new();
    draft.questions[0].extra = "[1]".into();
    assert_eq!(draft.to_body().unwrap_err(), DraftError::QuestionFields { question: "recommend".into() });
    assert_eq!(
        draft.to_body().unwrap_err().to_string(),
        "question `recommend`: the other fields must be a JSON object"
    );
}

#[test]
fn translations_typed_in_the_form_become_per_language_texts() {
    let mut draft = Draft::new();
    draft.id = "pulse".into();
    draft.title = "Pulse".into();
    draft.settings.languages = "en, fr de".into();
    draft.questions.push(QuestionDraft {
        key: 2,
        id: "via".into(),
        kind: "single_choice".into(),
        prompt: "Via?".into(),
        options: "mail: E-mail\nchat: Chat".into(),
        ..QuestionDraft::default()
    });
    let paths: Vec<String> = draft.texts().into_iter().map(|(path, _)| path).collect();
    assert_eq!(paths, ["title", "recommend.prompt", "via.prompt", "via.choices.mail", "via.choices.chat"]);
    draft.translations.insert(("fr".into(), "via.choices.mail".into()), " Courriel ".into());
    draft.translations.insert(("de".into(), "via.choices.mail".into()), "".into());
    draft.translations.insert(("it".into(), "title".into()), "not a language of the survey".into());
    let definition = draft.definition().unwrap();
    assert_eq!(definition["languages"], json!(["en", "fr", "de"]));
    assert_eq!(definition["title"], json!("Pulse"), "untranslated texts stay plain");
    assert_eq!(definition["questions"][1]["choices"][0]["label"], json!({"en": "E-mail", "fr": "Courriel"}));
}

#[test]
fn rules_take_the_type_their_test_needs_and_bad_numbers_are_named() {
    let rule = |test: &str, value: &str| Rule { question: "q".into(), test: test.into(), value: value.into() };
    assert_eq!(rule("at_least", "9").to_value("x", "show_if").unwrap(), Some(json!({"question": "q", "at_least": 9})));
    assert_eq!(
        rule("equals", "pro").to_value("x", "show_if").unwrap(),
        Some(json!({"question": "q", "equals": "pro"}))
    );
    assert_eq!(
        rule("equals", "true").to_value("x", "show_if").unwrap(),
        Some(json!({"question": "q", "equals": true}))
    );
    assert_eq!(rule("answered", "").to_value("x", "end_if").unwrap(), Some(json!({"question": "q", "answered": true})));
    assert_eq!(Rule::default().to_value("x", "show_if").unwrap(), None);
    assert_eq!(
        rule("", "3").to_value("x", "show_if").unwrap(),
        Some(json!({"question": "q", "equals": 3})),
        "as shown"
    );
    assert_eq!(
        rule("at_most", "six").to_value("x", "show_if").unwrap_err().to_string(),
        "question `x`, show_if: “at_most” needs a whole number"
    );
    let two_tests = json!({"question": "q", "at_least": 1, "at_most": 5});
    assert_eq!(Rule::from_value(&two_tests), None, "a rule the form cannot show stays in the other fields");
    let mut definition = json!({"id": "s", "title": "T", "questions": [
        {"id": "q", "kind": "nps", "prompt": "P?"},
        {"id": "r", "kind": "nps", "prompt": "R?", "show_if": two_tests}]});
    let draft = Draft::from_definition(&definition, &[]);
    assert!(draft.questions[1].extra.contains("at_most"));
    definition["questions"][1]["required"] = json!(false);
    definition["questions"][0]["required"] = json!(false);
    assert_eq!(draft.definition().unwrap(), definition);
}

#[test]
fn settings_that_are_not_numbers_are_refused_by_name() {
    let mut draft = Draft::new();
    draft.settings.sampling = "half".into();
    assert_eq!(draft.to_body().unwrap_err(), DraftError::Setting { name: "sampling" });
    draft.settings.sampling = " 50 ".into();
    draft.settings.radius = "4px".into();
    assert_eq!(draft.to_body().unwrap_err(), DraftError::Setting { name: "radius" });
    draft.settings.radius = String::new();
    draft.settings.mode = "auto".into();
    let definition = draft.definition().unwrap();
    assert_eq!(definition["sampling"], json!(50));
    assert!(definition.get("theme").is_none(), "auto and empty fields are the defaults, left out");
}

#[test]
fn each_mode_has_its_snippet() {
    assert_eq!(
        snippet("https://hb.example", "pulse", "inline"),
        r##"<script src="https://hb.example/embed.js" data-survey="pulse" data-mode="inline" data-target="#feedback" async></script>"##
    );
    assert!(snippet("https://hb.example", "pulse", "modal").contains(r#"data-mode="modal""#));
    assert!(!snippet("https://hb.example", "pulse", "popover").contains("data-mode"));
}

#[test]
fn pictures_keep_their_images_through_the_form_and_are_typed_after_a_bar() {
    let definition = json!({"id": "looks", "title": "Looks", "questions": [
        {"id": "look", "kind": "picture_choice", "prompt": "Which?", "required": false, "max": 2,
         "choices": [{"id": "blue", "label": "Blue", "image": "https://img.example/b.png"},
                     {"id": "dark", "label": "Dark", "image": "https://img.example/d.png"}]}]});
    let mut draft = Draft::from_definition(&definition, &[]);
    assert_eq!(
        draft.questions[0].options,
        "blue: Blue | https://img.example/b.png\ndark: Dark | https://img.example/d.png"
    );
    let body = draft.to_body().unwrap();
    assert_eq!(body["definition"]["questions"][0]["choices"], definition["questions"][0]["choices"]);
    draft.questions[0].options = "Wide layout | https://img.example/w.png\nA | B".into();
    let body = draft.to_body().unwrap();
    assert_eq!(
        body["definition"]["questions"][0]["choices"],
        json!([{"id": "wide-layout", "label": "Wide layout", "image": "https://img.example/w.png"}, {"id": "a-b", "label": "A | B"}])
    );
    // Translated labels keep their images too.
    let translated = json!({"id": "t", "title": "T", "languages": ["en", "de"], "questions": [
        {"id": "look", "kind": "picture_choice", "prompt": "Which?", "choices": [
            {"id": "blue", "label": {"en": "Blue", "de": "Blau"}, "image": "https://img.example/b.png"},
            {"id": "dark", "label": "Dark", "image": "https://img.example/d.png"}]}]});
    let draft = Draft::from_definition(&translated, &[]);
    let body = draft.to_body().unwrap();
    assert_eq!(body["definition"]["questions"][0]["choices"], translated["questions"][0]["choices"]);
}
