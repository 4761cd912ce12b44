//! The glossaries under `i18n/glossary/`: every language has every key, and the string tables a
//! reader meets (the widget's card, the results page, its forms, the e-mails and their pages) say
//! each thing in the glossary's word.

use super::{reader_words, LANGUAGES};
use hearback_web::admin::page_words::page_words;
use hearback_web::results::words::{form_words, Word};
use hearback_web::widget::strings::loop_strings;
use std::collections::BTreeMap;

fn glossary(language: &str) -> BTreeMap<String, String> {
    let path = format!("{}/../../i18n/glossary/{language}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_language_has_every_key_of_the_glossary_and_no_other() {
    let english: Vec<String> = glossary("en").into_keys().collect();
    assert!(english.len() >= 10, "{english:?}");
    for language in LANGUAGES {
        let theirs = glossary(language);
        assert_eq!(theirs.keys().cloned().collect::<Vec<_>>(), english, "{language}'s keys");
        assert!(theirs.values().all(|w| !w.trim().is_empty()), "{language} has an empty word");
    }
}

#[test]
fn the_widget_the_page_the_forms_and_the_mails_use_the_glossarys_words() {
    for language in LANGUAGES {
        let g = glossary(language);
        let word = |key: &str| g[key].to_lowercase();
        let (page, mail) = (page_words(language), reader_words(language));
        let form = form_words(language);
        let card = loop_strings(language);
        let has = |text: &str, key: &str, place: &str| {
            assert!(text.to_lowercase().contains(&word(key)), "{language}: {place} «{text}» lacks «{}»", g[key]);
        };
        has(page.kicker, "results", "the page's kicker");
        has(mail.published_subject, "results", "the publication e-mail");
        has(card.news_body, "results", "the card");
        has(card.closed_title, "survey", "the closed survey's page");
        has(card.not_open_title, "survey", "the page of a survey not open yet");
        has(mail.stop_text, "survey", "the unsubscribe page");
        has(mail.confirm_text, "survey", "the confirm page");
        has(&form.get(Word::FollowButton), "email", "the follow form");
        has(mail.confirmed, "email", "the confirmed page");
        has(page.plans_heading, "what_we_will_do", "the page's plans heading");
        has(mail.published_subject, "what_we_will_do", "the publication e-mail");
        has(page.untranslated, "not_yet_translated", "the page's untranslated mark");
        assert_eq!(page.heard_heading, g["what_we_heard"], "{language}: the page's heading");
        assert_eq!(form.get(Word::FollowButton), g["follow_by_email"], "{language}: the follow button");
        assert_eq!(mail.confirm_button, g["confirm"], "{language}: the confirm button");
        assert_eq!(mail.stop_button, g["unsubscribe"], "{language}: the unsubscribe button");
        let statuses: Vec<&str> = card.statuses.split('|').collect();
        let glossed = [&g["planned"], &g["in_progress"], &g["done"], &g["wont_do"]];
        assert_eq!(statuses, glossed, "{language}: the card's statuses (the page's and the e-mails' too)");
    }
}

/// The admin app's words (`locales/{en,de}.json`), flattened to `namespace.key`.
fn admin_words(language: &str) -> BTreeMap<String, String> {
    let path = format!("{}/../../locales/{language}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    json.into_iter().flat_map(|(ns, words)| words.into_iter().map(move |(k, v)| (format!("{ns}.{k}"), v))).collect()
}

/// What a text fills in or wraps: `{{ name }}`, `{name}` and `<b>…</b>`, in order.
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{', '<']) {
        let close = if rest[start..].starts_with('{') { '}' } else { '>' };
        let Some(end) = rest[start..].find(close) else { break };
        found.push(rest[start..start + end + 1].trim_matches(['{', '}', ' ']).to_owned());
        rest = &rest[start + end + 1..].trim_start_matches('}');
    }
    found.sort();
    found
}

#[test]
fn the_admin_apps_languages_have_the_same_keys_and_fill_in_the_same_things() {
    let english = admin_words("en");
    assert!(english.len() > 400, "the app's words: {}", english.len());
    let german = admin_words("de");
    assert_eq!(german.keys().collect::<Vec<_>>(), english.keys().collect::<Vec<_>>(), "de.json's keys");
    for (key, en) in &english {
        let de = &german[key];
        assert!(!en.trim().is_empty() && !de.trim().is_empty(), "{key} is empty");
        assert_eq!(placeholders(de), placeholders(en), "{key}: «{de}» fills in what «{en}» does");
    }
    assert_eq!(placeholders("Rolle von {name}"), ["name"]);
    assert_eq!(placeholders("<b>{{ n }}</b> Antworten"), ["</b>", "<b>", "n"]);
    // Words a German member and a German reader both meet are the glossary's.
    let g = glossary("de");
    for (key, word) in [
        ("words.planned", "planned"),
        ("words.in_progress", "in_progress"),
        ("words.done", "done"),
        ("words.wont_do", "wont_do"),
        ("translations.heard", "what_we_heard"),
        ("translations.will_do", "what_we_will_do"),
        ("plans.what_we_heard", "what_we_heard"),
        ("plans.what_we_will_do", "what_we_will_do"),
        ("signin.e_mail", "email"),
    ] {
        assert_eq!(german[key].to_lowercase(), g[word].to_lowercase(), "de: {key}");
    }
    assert_eq!(german["words.owner"], page_words("de").role(Some("owner")), "de: a role reads as on the page");
    assert!(german["builder.results"].to_lowercase().contains(&g["results"].to_lowercase()));
}
