//! The survey builder's settings (languages, theme, sampling, recontact wait, unsigned
//! customers, the day results are promised) and the texts of a definition by path, which the
//! translations table edits.

use super::DraftError;
use serde_json::{json, Map, Value};

/// The survey's settings, as the form edits them: empty means "the default".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// Language tags separated by commas or spaces, the default first.
    pub languages: String,
    pub brand: String,
    pub text: String,
    pub background: String,
    pub radius: String,
    pub font: String,
    /// auto, light or dark.
    pub mode: String,
    /// keep or refuse.
    pub unsigned_customers: String,
    /// Percent of visits on which the survey opens by itself.
    pub sampling: String,
    pub recontact_days: String,
    /// The day results are promised for (YYYY-MM-DD), told to every respondent.
    pub publish_by: String,
    /// Any other field of the survey, as a JSON object.
    pub rest: String,
}

/// Calls `visit` with the path and the value of every text in a definition: the title, each
/// question's prompt, help and scale labels, and the labels of its choices, rows and columns.
/// Paths name questions and choices by id, so they survive reordering.
pub(super) fn each_text(definition: &mut Value, visit: &mut dyn FnMut(String, &mut Value)) {
    if let Some(title) = definition.get_mut("title") {
        visit("title".into(), title);
    }
    let Some(questions) = definition.get_mut("questions").and_then(Value::as_array_mut) else { return };
    for question in questions {
        let id = question["id"].as_str().unwrap_or_default().to_owned();
        for field in ["prompt", "help"] {
            if let Some(text) = question.get_mut(field) {
                visit(format!("{id}.{field}"), text);
            }
        }
        for end in ["low", "high"] {
            if let Some(text) = question.get_mut("labels").and_then(|l| l.get_mut(end)) {
                visit(format!("{id}.labels.{end}"), text);
            }
        }
        for list in ["choices", "rows", "columns"] {
            let Some(items) = question.get_mut(list).and_then(Value::as_array_mut) else { continue };
            for item in items {
                let item_id = item["id"].as_str().unwrap_or_default().to_owned();
                if let Some(label) = item.get_mut("label") {
                    visit(format!("{id}.{list}.{item_id}"), label);
                }
            }
        }
    }
}

pub(super) fn text_field(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl Settings {
    pub(super) fn from_definition(definition: &mut Map<String, Value>) -> Settings {
        let mut take = |name: &str| definition.remove(name).unwrap_or(Value::Null);
        let languages = take("languages");
        let languages: Vec<&str> =
            languages.as_array().map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let languages = languages.join(", ");
        let unsigned_customers = text_field(&take("unsigned_customers"));
        let sampling = text_field(&take("sampling"));
        let recontact_days = text_field(&take("recontact_days"));
        let publish_by = text_field(&take("publish_by"));
        let mut theme = match take("theme") {
            Value::Object(theme) => theme,
            _ => Map::new(),
        };
        let mut theme_field = |name: &str| text_field(&theme.remove(name).unwrap_or(Value::Null));
        let settings = Settings {
            languages,
            brand: theme_field("brand"),
            text: theme_field("text"),
            background: theme_field("background"),
            radius: theme_field("radius"),
            font: theme_field("font"),
            mode: theme_field("mode"),
            unsigned_customers,
            sampling,
            recontact_days,
            publish_by,
            rest: String::new(),
        };
        if !theme.is_empty() {
            definition.insert("theme".into(), Value::Object(theme));
        }
        Settings { rest: Value::Object(definition.clone()).to_string(), ..settings }
    }

    /// The language tags, the default first; `en` when none are given.
    pub fn language_list(&self) -> Vec<String> {
        let list: Vec<String> =
            self.languages.split([',', ' ']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        if list.is_empty() {
            vec!["en".to_owned()]
        } else {
            list
        }
    }

    /// Writes the settings into a definition; numbers that are not numbers are refused by name.
    pub(super) fn write(&self, definition: &mut Map<String, Value>) -> Result<(), DraftError> {
        if !self.languages.trim().is_empty() {
            definition.insert("languages".into(), json!(self.language_list()));
        }
        let number = |name: &'static str, text: &str| -> Result<Option<Value>, DraftError> {
            match text.trim() {
                "" => Ok(None),
                text => text.parse::<u64>().map(|n| Some(json!(n))).map_err(|_| DraftError::Setting { name }),
            }
        };
        let mut theme = match definition.remove("theme") {
            Some(Value::Object(theme)) => theme,
            _ => Map::new(),
        };
        for (name, value) in
            [("brand", &self.brand), ("text", &self.text), ("background", &self.background), ("font", &self.font)]
        {
            if !value.trim().is_empty() {
                theme.insert(name.into(), json!(value.trim()));
            }
        }
        if let Some(radius) = number("radius", &self.radius)? {
            theme.insert("radius".into(), radius);
        }
        if !matches!(self.mode.trim(), "" | "auto") {
            theme.insert("mode".into(), json!(self.mode.trim()));
        }
        if !theme.is_empty() {
            definition.insert("theme".into(), Value::Object(theme));
        }
        if !matches!(self.unsigned_customers.trim(), "" | "keep") {
            definition.insert("unsigned_customers".into(), json!(self.unsigned_customers.trim()));
        }
        if let Some(sampling) = number("sampling", &self.sampling)? {
            definition.insert("sampling".into(), sampling);
        }
        if let Some(days) = number("recontact_days", &self.recontact_days)? {
            definition.insert("recontact_days".into(), days);
        }
        if !self.publish_by.trim().is_empty() {
            definition.insert("publish_by".into(), json!(self.publish_by.trim()));
        }
        Ok(())
    }
}
