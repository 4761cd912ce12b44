//! What the widget computes, kept out of its components so it is tested without a browser.

use hearback_core::response::InvalidResponse;
use hearback_core::{QuestionKind, RawAnswer, RawResponse, Survey};

/// The raw response a filled-in form stands for. `field` returns a form field's current value
/// (`None` when nothing is chosen), as the DOM's `FormData` or an HTML form post would give it.
///
/// Numbers go through as numbers and everything else as text, so the core's checks (the very ones
/// the server runs) decide what is valid.
pub fn raw_response(survey: &Survey, field: impl Fn(&str) -> Option<String>) -> RawResponse {
    // Inserted one by one rather than collected: collecting into a map sorts, and the sort's
    // code would cost the widget's wasm a few kilobytes.
    let mut raw = RawResponse::default();
    for question in survey.questions() {
        let Some(value) = field(question.id.as_str()) else { continue };
        let answer = match question.kind {
            QuestionKind::Nps | QuestionKind::Rating => match value.trim().parse::<i64>() {
                Ok(n) => RawAnswer::Number(n),
                Err(_) => RawAnswer::Text(value),
            },
            QuestionKind::SingleChoice { .. } | QuestionKind::Text { .. } => RawAnswer::Text(value),
        };
        raw.answers.insert(question.id.to_string(), answer);
    }
    raw
}

/// How many questions have an answer so far, for the progress indicator.
pub fn answered(survey: &Survey, field: impl Fn(&str) -> Option<String>) -> usize {
    survey.questions().iter().filter(|q| field(q.id.as_str()).is_some_and(|v| !v.trim().is_empty())).count()
}

/// The problems of a response, as (question id, message) pairs for display next to each question;
/// a problem of the response as a whole has an empty id.
pub fn field_errors(invalid: &InvalidResponse) -> Vec<(String, String)> {
    invalid
        .problems
        .iter()
        .map(|(question, problem)| (question.clone().unwrap_or_default(), problem.to_string()))
        .collect()
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
pub fn after_failure(attempt: u32, failure: &SendFailure) -> AfterFailure {
    let retryable = match failure {
        SendFailure::Network => true,
        SendFailure::Status { status, .. } => *status >= 500 || *status == 408 || *status == 429,
    };
    if retryable && attempt < SEND_ATTEMPTS {
        // 0.5 s, 1 s, 2 s: enough to ride out a blip without keeping the respondent waiting long.
        AfterFailure::RetryIn(500 << (attempt - 1).min(4))
    } else if retryable {
        AfterFailure::GiveUp("We couldn't reach Hearback. Check your connection and press Send again.".into())
    } else {
        match failure {
            SendFailure::Status { message, .. } if !message.is_empty() => AfterFailure::GiveUp(message.clone()),
            _ => AfterFailure::GiveUp("Your answers could not be accepted.".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearback_core::Response;
    use std::collections::HashMap;

    fn survey() -> Survey {
        serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[
                {"id":"nps","kind":"nps","prompt":"Recommend?","required":true},
                {"id":"stars","kind":"rating","prompt":"Support?"},
                {"id":"via","kind":"single_choice","prompt":"Via?","choices":[{"id":"a","label":"A"},{"id":"b","label":"B"}]},
                {"id":"say","kind":"text","prompt":"Say","max_length":5}]}"#,
        )
        .unwrap()
    }

    fn fields(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn a_filled_in_form_becomes_a_valid_response() {
        let raw = raw_response(&survey(), fields(&[("nps", "9"), ("stars", "4"), ("via", "b"), ("say", "ok")]));
        assert_eq!(raw.answers["nps"], RawAnswer::Number(9));
        assert_eq!(raw.answers["via"], RawAnswer::Text("b".into()));
        assert!(Response::parse(&survey(), &raw).is_ok());
    }

    #[test]
    fn a_tampered_number_field_is_caught_by_the_core_checks() {
        let raw = raw_response(&survey(), fields(&[("nps", "nine")]));
        let errors = field_errors(&Response::parse(&survey(), &raw).unwrap_err());
        assert_eq!(errors, [("nps".to_string(), "expected a number".to_string())]);
    }

    #[test]
    fn a_missing_required_answer_is_reported_against_its_question() {
        let raw = raw_response(&survey(), fields(&[("say", "hi")]));
        let errors = field_errors(&Response::parse(&survey(), &raw).unwrap_err());
        assert_eq!(errors, [("nps".to_string(), "this question needs an answer".to_string())]);
    }

    #[test]
    fn progress_counts_answered_questions_and_ignores_blank_text() {
        assert_eq!(answered(&survey(), fields(&[])), 0);
        assert_eq!(answered(&survey(), fields(&[("nps", "3"), ("say", "  ")])), 1);
        assert_eq!(answered(&survey(), fields(&[("nps", "3"), ("via", "a"), ("say", "x")])), 3);
    }

    #[test]
    fn network_failures_are_retried_with_growing_pauses_then_handed_to_the_respondent() {
        let waits: Vec<_> = (1..SEND_ATTEMPTS).map(|n| after_failure(n, &SendFailure::Network)).collect();
        assert_eq!(waits, [AfterFailure::RetryIn(500), AfterFailure::RetryIn(1000), AfterFailure::RetryIn(2000)]);
        assert!(matches!(after_failure(SEND_ATTEMPTS, &SendFailure::Network), AfterFailure::GiveUp(_)));
        let unavailable = SendFailure::Status { status: 503, message: String::new() };
        assert_eq!(after_failure(1, &unavailable), AfterFailure::RetryIn(500));
    }

    #[test]
    fn a_rejected_response_is_not_retried_and_shows_the_servers_message() {
        let closed = SendFailure::Status { status: 410, message: "This survey has closed.".into() };
        assert_eq!(after_failure(1, &closed), AfterFailure::GiveUp("This survey has closed.".into()));
    }
}
