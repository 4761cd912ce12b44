//! Recall: a prompt or help text that says back an earlier answer or a known customer attribute
//! ("You gave us {{nps}} — what would make it a 9?").
//!
//! Written `{{question-id}}` for an earlier question's answer and `{{customer.name}}` for an
//! attribute the company passed, each optionally with words for when there is nothing to say
//! back after a bar: `{{nps|a score}}`. The survey's parser checks every reference in every
//! language ([`check`]); [`fill`] puts the values in as plain text, which the pages escape like
//! any other text.

use crate::response::Answer;
use crate::survey::{Question, QuestionKind};

/// The longest attribute name a reference may use, as `customer_field` allows.
const MAX_ATTRIBUTE_LEN: usize = 40;

/// What a reference says back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// The answer to the question with this id.
    Answer(&'a str),
    /// The customer attribute of this name.
    Attribute(&'a str),
}

/// One `{{…}}` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    pub source: Source<'a>,
    /// Shown when there is nothing to say back; may be empty.
    pub fallback: &'a str,
    /// What is between the braces, as written.
    pub written: &'a str,
}

/// A piece of a text: words as written, or a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Words(&'a str),
    Recall(Reference<'a>),
}

/// A text cut into its words and references; `Err` with what is wrong and where.
pub fn pieces(text: &str) -> Result<Vec<Piece<'_>>, (String, &'static str)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Words(&rest[..start]));
        }
        let inside = &rest[start + 2..];
        let end = inside
            .find("}}")
            .ok_or_else(|| (inside.chars().take(20).collect(), "nothing: `{{` is never closed with `}}`"))?;
        let written = &inside[..end];
        let (name, fallback) = written.split_once('|').unwrap_or((written, ""));
        let name = name.trim();
        let source = match name.strip_prefix("customer.") {
            Some(attribute) => {
                let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
                if attribute.is_empty() || attribute.len() > MAX_ATTRIBUTE_LEN || !attribute.chars().all(ok) {
                    return Err((written.to_owned(), "no attribute: a name is a-z, 0-9 and _, up to 40"));
                }
                Source::Attribute(attribute)
            }
            None => Source::Answer(name),
        };
        pieces.push(Piece::Recall(Reference { source, fallback: fallback.trim(), written }));
        rest = &inside[end + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Words(rest));
    }
    Ok(pieces)
}

/// Checks the references of a text of the question at `at` among `questions`: each answer it
/// recalls is an earlier question's, of a kind whose answer can be said back.
pub(crate) fn check(text: &str, questions: &[Question], at: usize) -> Result<(), (String, &'static str)> {
    for piece in pieces(text)? {
        let Piece::Recall(reference) = piece else { continue };
        let Source::Answer(id) = reference.source else { continue };
        let problem = match questions.iter().position(|q| q.id.as_str() == id) {
            None => "no question of this survey",
            Some(earlier) if earlier >= at => "a question that is not asked before this one",
            Some(earlier) if !can_say_back(&questions[earlier].kind) => {
                "an answer that cannot be said back (a matrix, consent, contact or information step)"
            }
            Some(_) => continue,
        };
        return Err((reference.written.to_owned(), problem));
    }
    Ok(())
}

/// Whether a text recalls an earlier answer (not only customer attributes).
pub fn recalls_answers(text: &str) -> bool {
    pieces(text).is_ok_and(|pieces| {
        pieces.iter().any(|p| matches!(p, Piece::Recall(Reference { source: Source::Answer(_), .. })))
    })
}

fn can_say_back(kind: &QuestionKind) -> bool {
    match kind {
        QuestionKind::Matrix { .. } | QuestionKind::Consent | QuestionKind::Contact => false,
        QuestionKind::Rare(rare) => rare.can_say_back(),
        _ => true,
    }
}

/// The text with each reference replaced by what `answer` or `attribute` gives for it, else its
/// fallback. Plain text: whoever shows it escapes it.
pub fn fill(text: &str, answer: impl Fn(&str) -> Option<String>, attribute: impl Fn(&str) -> Option<String>) -> String {
    let Ok(pieces) = pieces(text) else { return text.to_owned() };
    let mut filled = String::with_capacity(text.len());
    for piece in pieces {
        match piece {
            Piece::Words(words) => filled.push_str(words),
            Piece::Recall(reference) => {
                let value = match reference.source {
                    Source::Answer(id) => answer(id),
                    Source::Attribute(name) => attribute(name),
                };
                match value.filter(|v| !v.trim().is_empty()) {
                    Some(value) => filled.push_str(&value),
                    None => filled.push_str(reference.fallback),
                }
            }
        }
    }
    filled
}

/// The answer to `question` in a raw response (a form posted so far), as a respondent reads it
/// back; `None` when there is none, or it is not valid.
pub fn answer_of(question: &Question, raw: &crate::response::RawResponse, yes_no: (&str, &str)) -> Option<String> {
    let value = raw.answers.get(question.id.as_str())?;
    let answer = crate::response::parse_answer(&question.kind, value, raw.other.get(question.id.as_str())).ok()??;
    Some(shown(question, &answer, yes_no))
}

/// An answer as a respondent reads it back, in the language of `question` (a survey in one
/// language): a number, a choice's label (labels joined with commas), the words typed, `yes`
/// or `no` in the respondent's words, a day, a ranking's first item.
pub fn shown(question: &Question, answer: &Answer, yes_no: (&str, &str)) -> String {
    let label = |chosen: &crate::response::Chosen| match chosen {
        crate::response::Chosen::Listed(id) => match &question.kind {
            QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => {
                choices.iter().find(|c| c.id == *id).map(|c| c.label.as_str().to_owned()).unwrap_or_default()
            }
            _ => String::new(),
        },
        crate::response::Chosen::Other(words) => words.clone(),
    };
    match answer {
        Answer::Scale(n) => n.to_string(),
        Answer::Choice(chosen) => label(chosen),
        Answer::Choices(chosen) => chosen.iter().map(label).collect::<Vec<_>>().join(", "),
        Answer::YesNo(yes) => if *yes { yes_no.0 } else { yes_no.1 }.to_owned(),
        Answer::Text(words) => words.clone(),
        Answer::Rare(rare) => match &question.kind {
            QuestionKind::Rare(kind) => rare.shown(kind),
            _ => String::new(),
        },
        Answer::Matrix(_) | Answer::Consent | Answer::Contact(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_cut_into_words_and_references() {
        let pieces = pieces("You gave us {{nps|a score}}, {{ customer.first_name }}.").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Words("You gave us "),
                Piece::Recall(Reference { source: Source::Answer("nps"), fallback: "a score", written: "nps|a score" }),
                Piece::Words(", "),
                Piece::Recall(Reference {
                    source: Source::Attribute("first_name"),
                    fallback: "",
                    written: " customer.first_name "
                }),
                Piece::Words("."),
            ]
        );
        assert_eq!(super::pieces("no recall at all").unwrap(), vec![Piece::Words("no recall at all")]);
        assert!(super::pieces("You gave {{nps").is_err());
        assert!(super::pieces("Hi {{customer.First Name}}").is_err());
        assert!(super::pieces("Hi {{customer.}}").is_err());
    }

    #[test]
    fn filling_puts_values_or_fallbacks_in_as_plain_text() {
        let answer = |id: &str| (id == "nps").then(|| "<b>6</b>".to_owned());
        let attribute = |name: &str| (name == "plan").then(|| "Pro & more".to_owned());
        assert_eq!(
            fill("{{nps|a score}} on {{customer.plan}} for {{customer.team|your team}}", answer, attribute),
            "<b>6</b> on Pro & more for your team"
        );
        assert_eq!(fill("Was {{why}} it?", |_| Some("  ".into()), |_| None), "Was  it?");
        // A text that does not parse (never one a survey accepted) is shown as written.
        assert_eq!(fill("{{open", |_| None, |_| None), "{{open");
        assert!(recalls_answers("You gave {{nps}}"));
        assert!(!recalls_answers("Hello {{customer.name}}"));
    }
}
