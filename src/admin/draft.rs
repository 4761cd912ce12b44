//! The survey builder's model: a survey definition as the builder's form edits it, and back.
//!
//! Each question has the fields most edits need (id, kind, prompt, required, options); anything
//! else a definition can say (help, logic, translations, scales, labels…) stays in the
//! question's `extra` JSON object, which the builder shows as text, so nothing core supports is
//! out of reach and nothing is lost on the way through the form. The server checks the result.

use serde_json::{json, Map, Value};

/// The kinds core supports, with the builder's name for each.
pub const KINDS: [(&str, &str); 11] = [
    ("nps", "NPS (0–10)"),
    ("csat", "CSAT (1–5)"),
    ("ces", "CES (1–7)"),
    ("rating", "Rating (stars or numbers)"),
    ("single_choice", "Single choice"),
    ("multiple_choice", "Multiple choice"),
    ("yes_no", "Yes / no"),
    ("short_text", "Short text"),
    ("long_text", "Long text"),
    ("matrix", "Matrix (rows × columns)"),
    ("consent", "Consent"),
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// Allowed embedding origins, one per line.
    pub origins: String,
    pub questions: Vec<QuestionDraft>,
    /// Every other field of the survey (languages, theme, unsigned customers), as a JSON object.
    pub settings: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionDraft {
    /// Tells rows apart while the builder moves them; not part of the survey.
    pub key: u32,
    pub id: String,
    pub kind: String,
    pub prompt: String,
    pub required: bool,
    /// Choices (or a matrix's rows), one per line, as `id: Label` or just `Label`.
    pub options: String,
    /// A matrix's columns, the same way.
    pub columns: String,
    /// Every other field of the question, as a JSON object.
    pub extra: String,
}

/// Whether a kind lists choices (or rows).
pub fn has_options(kind: &str) -> bool {
    matches!(kind, "single_choice" | "multiple_choice" | "matrix")
}

/// A slug made from a label: lower case letters, digits and dashes.
pub fn slug(label: &str) -> String {
    let mut slug = String::new();
    for c in label.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(64).collect()
}

fn lines_to_choices(text: &str) -> Vec<Value> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.split_once(": ") {
            Some((id, label)) if !id.is_empty() && slug(id) == id => json!({"id": id, "label": label.trim()}),
            _ => json!({"id": slug(line), "label": line}),
        })
        .collect()
}

/// Choices as lines, when every label is plain text (translated labels stay in `extra`).
fn choices_to_lines(choices: &Value) -> Option<String> {
    choices
        .as_array()?
        .iter()
        .map(|c| Some(format!("{}: {}", c["id"].as_str()?, c["label"].as_str()?)))
        .collect::<Option<Vec<_>>>()
        .map(|lines| lines.join("\n"))
}

impl Draft {
    /// A new survey with one NPS question.
    pub fn new() -> Draft {
        Draft {
            questions: vec![QuestionDraft {
                key: 1,
                id: "recommend".into(),
                kind: "nps".into(),
                prompt: "How likely are you to recommend us to a friend or colleague?".into(),
                required: true,
                extra: "{}".into(),
                ..QuestionDraft::default()
            }],
            settings: "{}".into(),
            ..Draft::default()
        }
    }

    /// The builder's form for a stored definition and its allowed origins.
    pub fn from_definition(definition: &Value, origins: &[String]) -> Draft {
        let questions = definition["questions"].as_array().cloned().unwrap_or_default();
        let questions = questions
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let mut rest: Map<String, Value> = q.as_object().cloned().unwrap_or_default();
                let mut take = |name: &str| rest.remove(name).unwrap_or(Value::Null);
                let id = take("id").as_str().unwrap_or_default().to_owned();
                let kind = take("kind").as_str().unwrap_or_default().to_owned();
                let required = take("required").as_bool().unwrap_or(false);
                let prompt = take("prompt");
                let (options_field, columns_field) =
                    if kind == "matrix" { (take("rows"), take("columns")) } else { (take("choices"), Value::Null) };
                let mut keep = |name: &str, value: Value| {
                    if !value.is_null() {
                        rest.insert(name.to_owned(), value);
                    }
                };
                let prompt = match prompt.as_str() {
                    Some(text) => text.to_owned(),
                    None => {
                        keep("prompt", prompt);
                        String::new()
                    }
                };
                let options_name = if kind == "matrix" { "rows" } else { "choices" };
                let options = choices_to_lines(&options_field).unwrap_or_else(|| {
                    keep(options_name, options_field);
                    String::new()
                });
                let columns = choices_to_lines(&columns_field).unwrap_or_else(|| {
                    keep("columns", columns_field);
                    String::new()
                });
                QuestionDraft {
                    key: i as u32 + 1,
                    id,
                    kind,
                    prompt,
                    required,
                    options,
                    columns,
                    extra: Value::Object(rest).to_string(),
                }
            })
            .collect();
        let mut settings = definition.as_object().cloned().unwrap_or_default();
        for field in ["id", "title", "questions"] {
            settings.remove(field);
        }
        let title = match &definition["title"] {
            Value::String(title) => title.clone(),
            _ => String::new(),
        };
        if !definition["title"].is_string() && !definition["title"].is_null() {
            settings.insert("title".into(), definition["title"].clone());
        }
        Draft {
            id: definition["id"].as_str().unwrap_or_default().to_owned(),
            title,
            origins: origins.join("\n"),
            questions,
            settings: Value::Object(settings).to_string(),
        }
    }

    /// The request body the admin API takes: the definition and the allowed origins. An
    /// `extra` that is not a JSON object is refused, naming the question.
    pub fn to_body(&self) -> Result<Value, String> {
        let mut questions = Vec::new();
        for q in &self.questions {
            let mut object =
                match serde_json::from_str::<Value>(if q.extra.trim().is_empty() { "{}" } else { &q.extra }) {
                    Ok(Value::Object(object)) => object,
                    _ => return Err(format!("question `{}`: the other fields must be a JSON object", q.id)),
                };
            let mut set = |name: &str, value: Value| {
                object.entry(name.to_owned()).or_insert(value);
            };
            set("id", json!(q.id.trim()));
            set("kind", json!(q.kind));
            if !q.prompt.trim().is_empty() {
                set("prompt", json!(q.prompt.trim()));
            }
            set("required", json!(q.required));
            if q.kind == "matrix" {
                if !q.options.trim().is_empty() {
                    set("rows", Value::Array(lines_to_choices(&q.options)));
                }
                if !q.columns.trim().is_empty() {
                    set("columns", Value::Array(lines_to_choices(&q.columns)));
                }
            } else if has_options(&q.kind) && !q.options.trim().is_empty() {
                set("choices", Value::Array(lines_to_choices(&q.options)));
            }
            questions.push(Value::Object(object));
        }
        let origins: Vec<&str> = self.origins.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let settings = if self.settings.trim().is_empty() { "{}" } else { &self.settings };
        let Ok(Value::Object(mut definition)) = serde_json::from_str::<Value>(settings) else {
            return Err("the survey's other settings must be a JSON object".into());
        };
        definition.insert("id".into(), json!(self.id.trim()));
        if !self.title.trim().is_empty() || !definition.contains_key("title") {
            definition.insert("title".into(), json!(self.title.trim()));
        }
        definition.insert("questions".into(), Value::Array(questions));
        Ok(json!({ "definition": definition, "allowed_origins": origins }))
    }

    /// A fresh row key.
    pub fn next_key(&self) -> u32 {
        self.questions.iter().map(|q| q.key).max().unwrap_or(0) + 1
    }
}

/// The script tag that embeds a survey, for each mode.
pub fn snippet(server: &str, survey: &str, mode: &str) -> String {
    let extra = match mode {
        "inline" => r##" data-mode="inline" data-target="#feedback""##,
        "modal" => r#" data-mode="modal" data-trigger="delay" data-delay="5""#,
        _ => "",
    };
    format!(r#"<script src="{server}/embed.js" data-survey="{survey}"{extra} async></script>"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> Value {
        json!({"id": "pulse", "title": "Pulse", "languages": ["en", "de"], "questions": [
            {"id": "recommend", "kind": "nps", "prompt": {"en": "Recommend?", "de": "Empfehlen?"}, "required": true},
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
        assert_eq!(draft.questions[0].prompt, "", "a translated prompt stays in the other fields");
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
        assert_eq!(draft.to_body().unwrap_err(), "question `recommend`: the other fields must be a JSON object");
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
}
