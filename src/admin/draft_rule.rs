//! A logic rule of the survey builder's form (`show_if`, `end_if`): the question it looks at,
//! the test and its value, read from a definition when the form can show it, and written back.

use super::DraftError;
use serde_json::{json, Value};

/// A logic rule as the form shows it: the question it looks at, the test and its value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rule {
    /// Empty: no rule.
    pub question: String,
    /// One of [`TESTS`].
    pub test: String,
    pub value: String,
}

/// The tests a rule can make (named in the app's language: `locales/*.json`, `tests`).
pub const TESTS: [&str; 6] = ["equals", "not_equals", "at_most", "at_least", "includes", "answered"];

impl Rule {
    /// The rule in a definition's `show_if` / `end_if`, when the form can show it: one test
    /// with a plain value.
    pub(super) fn from_value(value: &Value) -> Option<Rule> {
        let object = value.as_object()?;
        let question = object.get("question")?.as_str()?.to_owned();
        let mut tests = object.iter().filter(|(name, _)| name.as_str() != "question");
        let (test, value) = tests.next()?;
        if tests.next().is_some() || !TESTS.contains(&test.as_str()) {
            return None;
        }
        let value = match value {
            Value::String(text) => text.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            _ => return None,
        };
        Some(Rule { question, test: test.clone(), value })
    }

    /// The rule as a definition writes it: numbers for the scale tests, true/false for
    /// `answered`, and for `equals`/`not_equals` a number, true/false or text as typed.
    pub(super) fn to_value(&self, owner: &str, name: &str) -> Result<Option<Value>, DraftError> {
        if self.question.trim().is_empty() {
            return Ok(None);
        }
        let text = self.value.trim();
        // The form shows the first test until another is picked.
        let test = if self.test.is_empty() { TESTS[0] } else { self.test.as_str() };
        let value = match test {
            "at_most" | "at_least" => match text.parse::<i64>() {
                Ok(number) => json!(number),
                Err(_) => {
                    let (question, rule, test) = (owner.to_owned(), name.to_owned(), test.to_owned());
                    return Err(DraftError::RuleNumber { question, rule, test });
                }
            },
            "answered" => match text {
                "" | "true" | "yes" => json!(true),
                "false" | "no" => json!(false),
                _ => return Err(DraftError::RuleAnswered { question: owner.to_owned(), rule: name.to_owned() }),
            },
            "includes" => json!(text),
            _ => match (text.parse::<i64>(), text) {
                (Ok(number), _) => json!(number),
                (_, "true") => json!(true),
                (_, "false") => json!(false),
                _ => json!(text),
            },
        };
        Ok(Some(json!({ "question": self.question.trim(), (test): value })))
    }
}
