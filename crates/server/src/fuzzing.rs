//! What the fuzz targets under `fuzz/` run, one function per parser of untrusted input, kept here
//! so that `make test` replays their committed corpus through the very same code
//! (`tests/fuzz_corpus.rs`). Each takes any bytes: it may refuse them, never panic, and where
//! it accepts them it checks what accepting promises (a survey or a response that reads back the
//! same, a key within its bounds).

use crate::http::filters::ResponseFilter;
use hearback_core::survey::compact::{Reader, Token, Writer};
use hearback_core::{RawResponse, Response, Survey, UnsignedCustomers};
use std::collections::HashMap;

/// The targets, by the name of their folder under `fuzz/corpus/`.
pub const TARGETS: [(&str, fn(&[u8])); 6] = [
    ("survey_definition", survey_definition),
    ("compact_reader", compact_reader),
    ("response", response),
    ("results_filter", results_filter),
    ("customer_token", customer_token),
    ("request_headers", request_headers),
];

/// The surveys the response and filter targets answer: the demo's two (the second asks the rare
/// kinds: a ranking, a date, an information step, recall), picked by the input's first byte.
fn survey_of(data: &[u8]) -> (&'static Survey, &[u8]) {
    // Read once: a fuzzer runs a target millions of times.
    static SURVEYS: std::sync::OnceLock<[Survey; 2]> = std::sync::OnceLock::new();
    let [demo, roadmap] = SURVEYS.get_or_init(|| {
        let roadmap = serde_json::from_str(crate::demo::ROADMAP_SURVEY).expect("the demo's roadmap survey reads");
        [crate::demo::survey(), roadmap]
    });
    match data.split_first() {
        Some((first, rest)) if first % 2 == 1 => (roadmap, rest),
        Some((_, rest)) => (demo, rest),
        None => (demo, data),
    }
}

/// A survey definition as companies send it (JSON): when it is accepted, it writes out and reads
/// back as the same survey, and, when the widget asks it (the server steps through surveys of
/// the rare kinds), its compact form in every language reads back too.
pub fn survey_definition(data: &[u8]) {
    let Ok(survey) = serde_json::from_slice::<Survey>(data) else { return };
    let written = serde_json::to_string(&survey).expect("an accepted survey writes");
    let again: Survey = serde_json::from_str(&written).expect("a written survey reads back");
    assert_eq!(again, survey, "a survey reads back the same");
    if survey.server_stepped() {
        return;
    }
    for language in survey.languages() {
        let mut writer = Writer::default();
        writer.survey(&survey.in_language(language));
        let mut reader = Reader::new(writer.0);
        assert!(reader.survey().is_some() && reader.is_done(), "its compact form in {language} reads back");
    }
}

/// The compact form the widget reads (a JSON array of strings and numbers, from the page): any
/// list gives a survey or `None`.
pub fn compact_reader(data: &[u8]) {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(data) else { return };
    let tokens: Option<Vec<Token>> = items
        .into_iter()
        .map(|item| match item {
            serde_json::Value::String(s) => Some(Token::Str(s)),
            serde_json::Value::Number(n) => n.as_i64().map(Token::Num),
            _ => None,
        })
        .collect();
    let Some(tokens) = tokens else { return };
    let mut reader = Reader::new(tokens);
    _ = reader.survey();
}

/// A response's JSON: when it is accepted, its raw form parses again to the same response.
pub fn response(data: &[u8]) {
    let (survey, body) = survey_of(data);
    let Ok(raw) = serde_json::from_slice::<RawResponse>(body) else { return };
    let Ok(parsed) = Response::parse(survey, &raw) else { return };
    let again = Response::parse(survey, &parsed.to_raw()).expect("an accepted response reads back");
    assert_eq!(again.to_raw(), parsed.to_raw(), "a response reads back the same");
}

/// The results' filter, from a query string.
pub fn results_filter(data: &[u8]) {
    let (survey, query) = survey_of(data);
    // As the results' handlers read their query.
    let Ok(uri) = format!("/?{}", String::from_utf8_lossy(query)).parse::<axum::http::Uri>() else { return };
    let Ok(axum::extract::Query(query)) = axum::extract::Query::<HashMap<String, String>>::try_from_uri(&uri) else {
        return;
    };
    if let Ok(filter) = ResponseFilter::parse(survey, &query) {
        _ = (filter.days(), filter.scope());
    }
}

/// A signed customer token, as a host page passes it: never verified without the secret's
/// signature; and any JSON payload signed with the secret is taken or refused, not a panic.
pub fn customer_token(data: &[u8]) {
    const SECRET: &str = "fuzzing-secret";
    let text = String::from_utf8_lossy(data).into_owned();
    let input = hearback_api::public::CustomerInput { token: Some(text.clone()), id: None, attributes: None };
    let signed_by_us =
        text.split_once('.').is_some_and(|(payload, mac)| crate::identity::signature(payload, SECRET) == mac);
    let verified = crate::identity::verify(&input, SECRET, UnsignedCustomers::Keep, 1_800_000_000);
    assert!(verified.is_err() || signed_by_us, "a token verified without the secret's signature");
    let token = crate::identity::sign(&text, SECRET);
    let input = hearback_api::public::CustomerInput { token: Some(token), id: None, attributes: None };
    _ = crate::identity::verify(&input, SECRET, UnsignedCustomers::Keep, 1_800_000_000);
}

/// The `Idempotency-Key` and `Hearback-Receipt` headers: a key taken is 1 to 255 visible ASCII
/// characters, a receipt taken is 1 to 100 bytes without surrounding space.
pub fn request_headers(data: &[u8]) {
    let Ok(value) = axum::http::HeaderValue::from_bytes(data) else { return };
    if let Ok(key) = crate::http::extract::idempotency_key(&value) {
        assert!((1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()), "{key:?}");
    }
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(crate::http::respondents::RECEIPT_HEADER, value);
    if let Ok(Some(receipt)) = crate::http::respondents::receipt_key(&headers) {
        assert!((1..=100).contains(&receipt.len()) && receipt.trim() == receipt, "{receipt:?}");
    }
}
