//! What the widget computes, kept out of its components so it is tested without a browser.

use super::strings::{Msg, Strings};
use hearback_core::response::{asked, InvalidResponse};
use hearback_core::survey::OTHER;
use hearback_core::{Known, LiteMap, QuestionKind, RawAnswer, RawResponse, ResponseError, Survey};

/// The form field holding the words typed for "Other" on a choice question.
pub fn other_field(question: &str) -> String {
    format!("{question}.{OTHER}")
}

/// The field, beside a contact question's choice, for the e-mail address (`QUESTION.email`).
pub const ADDRESS: &str = "email";

/// The form field of one row of a matrix question.
pub fn row_field(question: &str, row: &str) -> String {
    format!("{question}.{row}")
}

/// The raw response a filled-in form stands for. `fields` returns every value of a form field
/// (none when nothing is chosen), as the DOM's `FormData` or an HTML form post gives them.
/// Answers to questions that logic skips are left out, as the respondent cannot see them.
///
/// Values go through as the kind expects (numbers as numbers, ticked boxes as lists), and the
/// core's checks (the very ones the server runs) decide what is valid.
pub fn raw_response(survey: &Survey, known: &Known, fields: impl Fn(&str) -> Vec<String>) -> RawResponse {
    // Inserted one by one rather than collected: collecting into a map sorts, and the sort's
    // code would cost the widget's wasm a few kilobytes.
    let mut raw = RawResponse::default();
    let first = |name: &str| fields(name).into_iter().next();
    for question in survey.questions() {
        let id = question.id.as_str();
        let answer = match &question.kind {
            QuestionKind::MultipleChoice { .. } => {
                let chosen = fields(id);
                (!chosen.is_empty()).then_some(RawAnswer::List(chosen))
            }
            QuestionKind::Matrix { rows, .. } => {
                let mut answers = LiteMap::new();
                for row in rows {
                    if let Some(column) = first(&row_field(id, row.id.as_str())) {
                        answers.insert(row.id.to_string(), column);
                    }
                }
                (!answers.is_empty()).then_some(RawAnswer::Map(answers))
            }
            QuestionKind::Consent => first(id).map(|_| RawAnswer::Bool(true)),
            // Contact details, each field beside the question's (on the server only, as below).
            QuestionKind::Rare(rare) if rare.kind() == hearback_core::kind::Kind::ContactDetails => {
                let mut details = LiteMap::new();
                for field in ["name", "email", "phone", "company"] {
                    if let Some(value) = first(&row_field(id, field)) {
                        details.insert(field.to_owned(), value);
                    }
                }
                (!details.is_empty()).then_some(RawAnswer::Map(details))
            }
            // A ranking's places, first place first (on the server only: see core's `rare`).
            QuestionKind::Rare(rare) if !rare.choices().is_empty() => {
                let places = fields(id);
                (!places.is_empty()).then_some(RawAnswer::List(places))
            }
            // The address goes only with the choice to be e-mailed (none is asked of a customer
            // the company knows: the page then has no address box).
            QuestionKind::Contact => first(id).map(|reply| match first(&row_field(id, ADDRESS)) {
                Some(address) if reply == "email" => {
                    let mut map = LiteMap::new();
                    map.insert("reply".to_owned(), reply);
                    map.insert(ADDRESS.to_owned(), address);
                    RawAnswer::Map(map)
                }
                _ => RawAnswer::Text(reply),
            }),
            kind if kind.scale().is_some() => first(id).map(|value| match value.trim().parse::<i64>() {
                Ok(n) => RawAnswer::Number(n),
                Err(_) => RawAnswer::Text(value),
            }),
            _ => first(id).map(RawAnswer::Text),
        };
        let Some(answer) = answer else { continue };
        let other_chosen = match &answer {
            RawAnswer::Text(choice) => choice == OTHER,
            RawAnswer::List(choices) => choices.iter().any(|c| c == OTHER),
            _ => false,
        };
        if other_chosen && question.kind.has_choice(OTHER) {
            if let Some(text) = first(&other_field(id)) {
                raw.other.insert(id.to_owned(), text);
            }
        }
        raw.answers.insert(id.to_owned(), answer);
    }
    let asked = asked(survey, &raw, known);
    for (question, asked) in survey.questions().iter().zip(asked) {
        if !asked {
            raw.answers.remove(question.id.as_str());
            raw.other.remove(question.id.as_str());
        }
    }
    raw
}

/// How many of the questions asked have an answer so far, and how many are asked, for the
/// progress indicator. `asked` is [`asked`] for these answers, which the caller also needs.
pub fn progress(survey: &Survey, raw: &RawResponse, asked: &[bool]) -> (usize, usize) {
    let total = asked.iter().filter(|a| **a).count();
    let answered = survey
        .questions()
        .iter()
        .zip(asked)
        .filter(|(q, asked)| **asked && raw.answers.get(q.id.as_str()).is_some_and(has_content))
        .count();
    (answered, total)
}

fn has_content(answer: &RawAnswer) -> bool {
    match answer {
        RawAnswer::Text(text) => !text.trim().is_empty(),
        RawAnswer::List(list) => !list.is_empty(),
        RawAnswer::Map(map) => !map.is_empty(),
        RawAnswer::Bool(given) => *given,
        RawAnswer::Number(_) => true,
    }
}

/// The problems of a response, as (question id, message) pairs in the respondent's language for
/// display next to each question; a problem of the response as a whole has an empty id.
pub fn field_errors(invalid: &InvalidResponse, strings: &Strings) -> Vec<(String, String)> {
    invalid
        .problems
        .iter()
        .map(|(question, problem)| {
            let message = match problem {
                ResponseError::Missing | ResponseError::Empty => strings.get(Msg::NeedsAnswer).to_owned(),
                ResponseError::TooFew(n) => strings.fill(Msg::TooFew, &[("n", *n)]),
                ResponseError::TooMany(n) => strings.fill(Msg::TooMany, &[("n", *n)]),
                ResponseError::TooLong { max, .. } => strings.fill(Msg::TooLong, &[("n", *max)]),
                ResponseError::OtherWithoutText => strings.get(Msg::SayOther).to_owned(),
                ResponseError::RowsMissing(_) => strings.get(Msg::AnswerEveryRow).to_owned(),
                ResponseError::NoAddress | ResponseError::BadAddress => strings.get(Msg::GiveAddress).to_owned(),
                _ => strings.get(Msg::NotValid).to_owned(),
            };
            (question.clone().unwrap_or_default(), message)
        })
        .collect()
}

/// A deterministic shuffle of `0..len` from a seed: the server and the hydrating browser must
/// show shuffled choices in the very same order, so the page carries the seed.
pub fn shuffled(len: usize, seed: u32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut state = seed | 1;
    for i in (1..len).rev() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        order.swap(i, (state % (i as u32 + 1)) as usize);
    }
    order
}

/// The order choices are shown in: shuffled by the page's seed when there is one (a question that
/// shuffles), else as listed.
pub fn shown_order(len: usize, shuffle_seed: Option<u32>) -> Vec<usize> {
    match shuffle_seed {
        Some(seed) => shuffled(len, seed),
        None => (0..len).collect(),
    }
}

/// How many times the widget tries to send one response before it asks the respondent.
pub const SEND_ATTEMPTS: u32 = 4;

/// What to do after a failed attempt to send a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFailure {
    /// Send the very same request (same Idempotency-Key) again after this many milliseconds.
    RetryIn(u32),
    /// Stop and show this message; the respondent can press Send again.
    GiveUp(String),
}

/// Why an attempt failed: the network, or the server with a status and its error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    Network,
    Status { status: u16, message: String },
}

/// Network failures and server trouble (5xx, 408, 429) are worth retrying with the same key: the
/// server counts a retried response once. Other 4xx are the respondent's or survey's problem and
/// retrying cannot help.
pub fn after_failure(attempt: u32, failure: &SendFailure, strings: &Strings) -> AfterFailure {
    let retryable = match failure {
        SendFailure::Network => true,
        SendFailure::Status { status, .. } => *status >= 500 || *status == 408 || *status == 429,
    };
    if retryable && attempt < SEND_ATTEMPTS {
        // 0.5 s, 1 s, 2 s: enough to ride out a blip without keeping the respondent waiting long.
        AfterFailure::RetryIn(500 << (attempt - 1).min(4))
    } else if retryable {
        AfterFailure::GiveUp(strings.get(Msg::NetworkTrouble).to_owned())
    } else {
        match failure {
            SendFailure::Status { message, .. } if !message.is_empty() => AfterFailure::GiveUp(message.clone()),
            _ => AfterFailure::GiveUp(strings.get(Msg::Rejected).to_owned()),
        }
    }
}

// The strings table is compiled with the `ssr` feature, which the workspace's test build turns on
// (the server depends on it).
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::widget::strings::for_language;
    use hearback_core::Response;
    use std::collections::HashMap;

    fn survey() -> Survey {
        serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[
                {"id":"nps","kind":"nps","prompt":"Recommend?","required":true},
                {"id":"why","kind":"short_text","prompt":"Why?","show_if":{"question":"nps","at_most":6}},
                {"id":"stars","kind":"rating","prompt":"Support?"},
                {"id":"via","kind":"single_choice","prompt":"Via?","other":true,"choices":[{"id":"a","label":"A"},{"id":"b","label":"B"}]},
                {"id":"likes","kind":"multiple_choice","prompt":"Likes?","max":1,"choices":[{"id":"a","label":"A"},{"id":"b","label":"B"}]},
                {"id":"grid","kind":"matrix","prompt":"Rate","rows":[{"id":"r1","label":"R1"},{"id":"r2","label":"R2"}],"columns":[{"id":"lo","label":"Lo"},{"id":"hi","label":"Hi"}]},
                {"id":"ok","kind":"consent","prompt":"Quote me"},
                {"id":"say","kind":"long_text","prompt":"Say","max_length":5},
                {"id":"reach","kind":"contact","prompt":"May we?"}]}"#,
        )
        .unwrap()
    }

    fn fields(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Vec<String> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            map.entry(k.to_string()).or_default().push(v.to_string());
        }
        move |name| map.get(name).cloned().unwrap_or_default()
    }

    fn raw(pairs: &[(&str, &str)]) -> RawResponse {
        raw_response(&survey(), &Known::new(), fields(pairs))
    }

    #[test]
    fn a_filled_in_form_becomes_a_valid_response() {
        let raw = raw(&[
            ("nps", "9"),
            ("stars", "4"),
            ("via", "other"),
            ("via.other", "post"),
            ("likes", "b"),
            ("grid.r1", "lo"),
            ("grid.r2", "hi"),
            ("ok", "yes"),
            ("say", "ok"),
        ]);
        assert_eq!(raw.answers[&"nps".to_owned()], RawAnswer::Number(9));
        assert_eq!(raw.answers[&"likes".to_owned()], RawAnswer::List(vec!["b".into()]));
        assert_eq!(raw.answers[&"ok".to_owned()], RawAnswer::Bool(true));
        assert_eq!(raw.other[&"via".to_owned()], "post");
        Response::parse(&survey(), &raw).unwrap();
    }

    #[test]
    fn answers_to_questions_logic_skips_and_other_text_without_other_are_left_out() {
        let raw = raw(&[("nps", "9"), ("why", "slow"), ("via", "a"), ("via.other", "typed, then changed mind")]);
        assert!(!raw.answers.contains_key("why"));
        assert!(raw.other.is_empty());
        Response::parse(&survey(), &raw).unwrap();
        let raw = self::raw(&[("nps", "2"), ("why", "slow")]);
        assert_eq!(raw.answers[&"why".to_owned()], RawAnswer::Text("slow".into()));
    }

    #[test]
    fn problems_are_worded_in_the_respondents_language() {
        let invalid =
            Response::parse(&survey(), &raw(&[("likes", "a"), ("likes", "b"), ("grid.r1", "lo")])).unwrap_err();
        let errors = field_errors(&invalid, &for_language("de"));
        assert_eq!(
            errors,
            [
                ("nps".to_string(), "Diese Frage braucht eine Antwort.".to_string()),
                ("likes".to_string(), "Wählen Sie höchstens 1.".to_string()),
                ("grid".to_string(), "Bitte beantworten Sie jede Zeile.".to_string()),
            ]
        );
        let invalid = Response::parse(&survey(), &raw(&[("nps", "nine")])).unwrap_err();
        assert_eq!(field_errors(&invalid, &for_language("en")), [("nps".into(), "This answer is not valid.".into())]);
    }

    #[test]
    fn progress_counts_answered_questions_among_those_asked() {
        let survey = survey();
        let known = Known::new();
        let progress_of = |raw: RawResponse| progress(&survey, &raw, &asked(&survey, &raw, &known));
        assert_eq!(progress_of(raw(&[])), (0, 8));
        assert_eq!(progress_of(raw(&[("nps", "3"), ("say", "  ")])), (1, 9));
        assert_eq!(progress_of(raw(&[("nps", "9"), ("via", "a"), ("say", "x"), ("reach", "no")])), (4, 8));
    }

    #[test]
    fn shuffling_is_a_permutation_fixed_by_its_seed() {
        let order = shuffled(6, 42);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 2, 3, 4, 5]);
        assert_eq!(order, shuffled(6, 42));
        assert!((0..20).any(|seed| shuffled(6, seed) != shuffled(6, 42)));
    }

    #[test]
    fn network_failures_are_retried_with_growing_pauses_then_handed_to_the_respondent() {
        let en = for_language("en");
        let waits: Vec<_> = (1..SEND_ATTEMPTS).map(|n| after_failure(n, &SendFailure::Network, &en)).collect();
        assert_eq!(waits, [AfterFailure::RetryIn(500), AfterFailure::RetryIn(1000), AfterFailure::RetryIn(2000)]);
        assert!(matches!(after_failure(SEND_ATTEMPTS, &SendFailure::Network, &en), AfterFailure::GiveUp(_)));
        let unavailable = SendFailure::Status { status: 503, message: String::new() };
        assert_eq!(after_failure(1, &unavailable, &en), AfterFailure::RetryIn(500));
    }

    #[test]
    fn a_rejected_response_is_not_retried_and_shows_the_servers_message() {
        let closed = SendFailure::Status { status: 410, message: "This survey has closed.".into() };
        assert_eq!(
            after_failure(1, &closed, &for_language("en")),
            AfterFailure::GiveUp("This survey has closed.".into())
        );
    }

    #[test]
    fn a_contact_choice_sends_the_address_only_with_e_mail_and_a_missing_one_is_worded() {
        let reach = |pairs: &[(&str, &str)]| raw(pairs).answers.get("reach").cloned();
        let mut with = LiteMap::new();
        with.insert("reply".to_owned(), "email".to_owned());
        with.insert("email".to_owned(), "ann@example.com".to_owned());
        assert_eq!(
            reach(&[("nps", "9"), ("reach", "email"), ("reach.email", "ann@example.com")]),
            Some(RawAnswer::Map(with))
        );
        // An address typed before choosing another way is not sent.
        let here = reach(&[("nps", "9"), ("reach", "here"), ("reach.email", "ann@example.com")]);
        assert_eq!(here, Some(RawAnswer::Text("here".into())));
        assert_eq!(reach(&[("nps", "9")]), None, "nothing chosen");
        let empty = raw(&[("nps", "9"), ("reach", "email"), ("reach.email", "")]);
        let invalid = Response::parse(&survey(), &empty).unwrap_err();
        let worded = field_errors(&invalid, &for_language("de"));
        assert_eq!(worded, [("reach".to_owned(), for_language("de").get(Msg::GiveAddress).to_owned())]);
    }
}
