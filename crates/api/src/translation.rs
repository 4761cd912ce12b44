//! What a company writes, in its survey's other languages (`/surveys/{id}/translations`): the
//! published summary, each plan's "what we heard" and "what we will do", its updates and its "Did
//! this fix it?" question. A text without a translation (or whose original changed since) is shown
//! in the survey's default language, and the page says so.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

named_enum! {
    /// Which of the company's texts.
    pub enum TextKind {
        /// The published summary (its subject is the survey's id).
        Summary = "summary",
        /// A plan's "what we heard" (subject: the plan's id).
        Heard = "heard",
        /// A plan's "what we will do" (subject: the plan's id).
        WillDo = "will_do",
        /// An update of a plan's timeline (subject: the update's id).
        Update = "update",
        /// A plan's "Did this fix it?" question (subject: the plan's id).
        FollowUp = "follow_up",
    }
}

/// One of the company's texts, by what it is and whose: `summary:acme`, `heard:<plan>`, …; the
/// results page lists the ones it shows untranslated this way.
pub fn text_key(kind: TextKind, subject: &str) -> String {
    format!("{kind}:{subject}")
}

/// One text as written (in the default language) and its translations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranslatableText {
    pub kind: TextKind,
    pub subject: String,
    /// The text as written, in the survey's default language.
    pub original: String,
    /// By language: the translations made from the text as it reads now.
    pub translations: BTreeMap<String, String>,
    /// By language: translations made from an earlier version of the text (the page shows the
    /// original instead until they are redone).
    pub outdated: BTreeMap<String, String>,
    /// The survey's other languages this text has no current translation in.
    pub missing: Vec<String>,
}

/// `GET /admin/api/surveys/{id}/translations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Translations {
    /// The language the company writes in; the others are translated from it.
    pub default_language: String,
    /// Every language the survey speaks, its default first.
    pub languages: Vec<String>,
    pub texts: Vec<TranslatableText>,
}

/// One translation to keep (or, with an empty `text`, to remove).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranslationWrite {
    pub kind: TextKind,
    pub subject: String,
    pub text: String,
}

/// `PUT /admin/api/surveys/{id}/translations/{language}`: translations into one language, kept
/// all together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranslationsRequest {
    pub texts: Vec<TranslationWrite>,
}

/// What a `PUT …/translations/{language}` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranslationsSaved {
    pub saved: usize,
    pub removed: usize,
    /// Texts still without a current translation into this language.
    pub missing: usize,
}
