//! The widget's strings, tested: every language has every string, with the same placeholders.

use super::*;

/// The `{name}` placeholders of a string, sorted: every language's version must have the same.
pub(crate) fn placeholders(s: &str) -> Vec<String> {
    let mut names: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(str::to_owned).collect();
    names.sort();
    names
}

#[test]
fn every_language_has_every_string_with_the_same_placeholders() {
    let english = for_language("en");
    for language in LANGUAGES {
        let strings = for_language(language);
        assert_eq!(strings.0.len(), COUNT, "{language}");
        for (i, (theirs, ours)) in strings.0.iter().zip(&english.0).enumerate() {
            assert!(!theirs.is_empty(), "{language} string {i} is empty");
            assert_eq!(placeholders(theirs), placeholders(ours), "{language} string {i}");
        }
    }
    assert_eq!(for_language("de-AT").get(Msg::Send), "Senden");
    assert_eq!(for_language("xx").get(Msg::Send), "Send");
    assert!(is_rtl("ar") && !is_rtl("en"));
    assert_eq!((direction("ar-EG"), direction("de")), ("rtl", "ltr"));
}

#[test]
fn placeholders_are_filled_with_their_numbers_and_anything_else_is_kept() {
    let strings = Strings(vec!["{n} of {m} answered".into(), "{a} {n}} {{n} {n".into()]);
    assert_eq!(strings.fill(Msg::Send, &[("m", 7), ("n", 3)]), "3 of 7 answered");
    assert_eq!(strings.fill(Msg::Sending, &[("n", 12)]), "{a} 12} {12 {n");
    assert_eq!(strings.fill(Msg::Send, &[]), "{n} of {m} answered");
    assert_eq!(for_language("fr").fill(Msg::ChooseRange, &[("min", 1), ("max", 2)]), "Choisissez de 1 à 2.");
}

#[test]
fn every_language_names_the_four_plan_statuses() {
    for language in LANGUAGES {
        let statuses = loop_strings(language).statuses;
        assert_eq!(statuses.split('|').filter(|s| !s.is_empty()).count(), 4, "{language}: {statuses}");
    }
}

#[test]
fn every_language_words_the_contact_question_and_its_purpose() {
    let english = contact_strings("en");
    for language in LANGUAGES {
        let words = contact_strings(language);
        let all = [words.no, words.here, words.email, words.known, words.address, words.purpose];
        assert!(all.iter().all(|w| !w.is_empty()), "{language}");
        if language != "en" {
            assert_ne!(words.purpose, english.purpose, "{language} has its own words");
        }
    }
    assert_eq!(contact_strings("de-CH").email, "Per E-Mail");
}

#[test]
fn every_language_words_the_conversation_page_with_the_same_placeholders() {
    let all = |w: ConversationStrings| {
        [
            w.title,
            w.intro,
            w.you,
            w.waiting,
            w.answer,
            w.send,
            w.sent,
            w.empty,
            w.resolved,
            w.yes,
            w.no,
            w.thanks_yes,
            w.thanks_no,
            w.closed,
        ]
    };
    let english = all(conversation_strings("en"));
    for language in LANGUAGES {
        for (theirs, ours) in all(conversation_strings(language)).iter().zip(english) {
            assert!(!theirs.is_empty(), "{language}");
            assert_eq!(placeholders(theirs), placeholders(ours), "{language}: {theirs}");
        }
    }
}
