//! The company's texts in the reader's language: which texts a survey has to translate (the
//! published summary, plans, updates, "Did this fix it?" questions), and each one as a reader of
//! a language reads it: its current translation, else the original, noted as untranslated. A
//! leaf: it imports no handler module.

use super::error::ApiError;
use super::AppState;
use crate::store::plans::StoredPlan;
use crate::store::publications::Publication;
use crate::store::replies::StoredFollowUp;
use crate::store::translations::StoredTranslation;
use hearback_api::translation::{text_key, TextKind};

/// Every text of a survey the company wrote and may translate, as written: kind, subject, text.
/// Empty texts (an update that only moved the status) have nothing to translate.
pub(crate) fn company_texts(
    publication: Option<&Publication>,
    plans: &[StoredPlan],
    follow_ups: &[StoredFollowUp],
) -> Vec<(TextKind, String, String)> {
    let mut texts = Vec::new();
    if let Some(p) = publication {
        texts.push((TextKind::Summary, p.survey_id.clone(), p.summary.clone()));
    }
    for plan in plans {
        texts.push((TextKind::Heard, plan.id.clone(), plan.heard.clone()));
        texts.push((TextKind::WillDo, plan.id.clone(), plan.will_do.clone()));
        for update in &plan.updates {
            texts.push((TextKind::Update, update.id.clone(), update.body.clone()));
        }
        if let Some(f) = follow_ups.iter().find(|f| f.plan_id == plan.id) {
            texts.push((TextKind::FollowUp, plan.id.clone(), f.prompt.clone()));
        }
    }
    texts.retain(|(_, _, text)| !text.trim().is_empty());
    texts
}

/// The survey's language a reader reads: `?lang=` when the survey speaks it, else the first of
/// the browser's it speaks, else its default.
pub(crate) fn reader_language(
    survey: &hearback_core::Survey,
    lang: Option<&str>,
    headers: &axum::http::HeaderMap,
) -> String {
    let preferred = super::page::preferred_languages(lang, headers);
    hearback_core::text::pick_language(survey.languages(), &preferred).to_owned()
}

/// A survey's translations into one reader's language, handing out each text as that reader
/// reads it and keeping count of those shown untranslated.
pub(crate) struct Translated {
    /// Empty when the reader reads the default language: nothing to translate.
    found: Vec<StoredTranslation>,
    translating: bool,
    untranslated: Vec<String>,
}

impl Translated {
    /// The translations of `survey` into `language`.
    pub(crate) async fn load(
        state: &AppState,
        survey: &hearback_core::Survey,
        language: &str,
    ) -> Result<Self, ApiError> {
        let translating = survey.languages().first().is_some_and(|default| default != language);
        let found = match translating {
            true => state.store.translations(survey.id().as_str(), Some(language)).await?,
            false => Vec::new(),
        };
        Ok(Translated { found, translating, untranslated: Vec::new() })
    }

    /// The text as the reader reads it: its translation made from `original` as it reads now,
    /// else `original` (noted).
    pub(crate) fn text(&mut self, kind: TextKind, subject: &str, original: String) -> String {
        if !self.translating || original.trim().is_empty() {
            return original;
        }
        match self.found.iter().find(|t| t.translates(kind, subject, &original)) {
            Some(t) => t.body.clone(),
            None => {
                self.untranslated.push(text_key(kind, subject));
                original
            }
        }
    }

    /// The texts handed out as written, by [`text_key`].
    pub(crate) fn untranslated(self) -> Vec<String> {
        self.untranslated
    }
}
