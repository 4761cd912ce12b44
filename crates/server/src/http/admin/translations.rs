//! The company's texts in a survey's other languages: editors see which of the summary, plans,
//! updates and "Did this fix it?" questions still lack a translation into each language, and
//! write them. A translation belongs to the original as it read when it was made: once the
//! original changes it is out of date, and pages show the original (marked) until it is redone.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::{Error, SurveyPath};
use crate::http::AppState;
use crate::store::audit::AuditAction;
use crate::store::translations::TranslationChange;
use crate::store::{now_millis, StoredSurvey};
use axum::extract::{Path, State};
use axum::Json;
use hearback_api::translation::{
    text_key, TextKind, TranslatableText, Translations, TranslationsRequest, TranslationsSaved,
};
use std::collections::BTreeMap;

/// The longest translation, in characters: the longest text the company writes (a summary).
const MAX_TRANSLATION_LEN: usize = super::publication::MAX_SUMMARY_LEN;

/// Every text the survey's pages show that the company wrote, as written now.
async fn texts(state: &AppState, stored: &StoredSurvey) -> Result<Vec<(TextKind, String, String)>, ApiError> {
    let id = stored.survey.id().as_str();
    let publication = state.store.publication(id).await?;
    let plans = state.store.plans(id).await?;
    let follow_ups = state.store.follow_ups(id).await?;
    Ok(crate::http::translated::company_texts(publication.as_ref(), &plans, &follow_ups))
}

/// What the company wrote, and its translations
///
/// Each text of the survey's pages the company wrote (the published summary, every plan's "what
/// we heard" and "what we will do", updates, "Did this fix it?" questions) as written, with its
/// translations into the survey's other languages, those out of date, and the languages missing.
#[utoipa::path(get, path = "/surveys/{id}/translations", tag = "publication", operation_id = "translations",
    params(SurveyPath),
    responses((status = 200, description = "The texts and their translations", body = Translations), SurveyRefused))]
pub async fn list(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Editor>,
) -> Result<Json<Translations>, ApiError> {
    let languages = stored.survey.languages().to_vec();
    let default_language = languages.first().cloned().unwrap_or_default();
    let kept = state.store.translations(stored.survey.id().as_str(), None).await?;
    let texts = texts(&state, &stored).await?.into_iter().map(|(kind, subject, original)| {
        let (mut translations, mut outdated) = (BTreeMap::new(), BTreeMap::new());
        for t in kept.iter().filter(|t| t.kind == kind && t.subject == subject && languages.contains(&t.language)) {
            let into = if t.source == original { &mut translations } else { &mut outdated };
            into.insert(t.language.clone(), t.body.clone());
        }
        let missing = languages.iter().skip(1).filter(|l| !translations.contains_key(*l)).cloned().collect();
        TranslatableText { kind, subject, original, translations, outdated, missing }
    });
    Ok(Json(Translations { default_language, languages: languages.clone(), texts: texts.collect() }))
}

/// Translate into one language (editors)
///
/// Keeps each text's translation (made from the text as it reads now), or removes it when the
/// text is empty; all or nothing. The language must be one of the survey's, other than its
/// default.
#[utoipa::path(put, path = "/surveys/{id}/translations/{language}", tag = "publication",
    operation_id = "save_translations",
    params(SurveyPath, ("language" = String, Path, description = "One of the survey's languages, not its default")),
    request_body = TranslationsRequest,
    responses(
        (status = 200, description = "Kept", body = TranslationsSaved),
        SurveyRefused,
        (status = 422, description = "A language the survey does not speak or its default, a text that is not there to translate, or one too long", body = Error),
    ))]
pub async fn save(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, language)): Path<(String, String)>,
    body: JsonBody<TranslationsRequest>,
) -> Result<Json<TranslationsSaved>, ApiError> {
    let stored = &survey.stored;
    let languages = stored.survey.languages();
    if !languages.contains(&language) {
        return Err(ApiError::LanguageNotInSurvey(language));
    }
    if languages.first() == Some(&language) {
        return Err(ApiError::Invalid(format!(
            "`{language}` is the survey's default language: edit the text itself, not a translation"
        )));
    }
    let person = survey.actor.person()?.to_owned();
    let texts = texts(&state, stored).await?;
    let mut changes: Vec<TranslationChange<'_>> = Vec::with_capacity(body.value.texts.len());
    for write in &body.value.texts {
        let original = texts
            .iter()
            .find(|(kind, subject, _)| *kind == write.kind && *subject == write.subject)
            .map(|(_, _, original)| original.as_str())
            .ok_or_else(|| {
                ApiError::Invalid(format!("there is no text `{}` to translate", text_key(write.kind, &write.subject)))
            })?;
        if changes.iter().any(|c| c.kind == write.kind && c.subject == write.subject) {
            return Err(ApiError::Invalid(format!(
                "`{}` is translated twice in one request",
                text_key(write.kind, &write.subject)
            )));
        }
        let text = write.text.trim();
        if text.chars().count() > MAX_TRANSLATION_LEN {
            return Err(ApiError::Invalid(format!(
                "the translation of `{}` is longer than {MAX_TRANSLATION_LEN} characters",
                text_key(write.kind, &write.subject)
            )));
        }
        let body = (!text.is_empty()).then_some(text);
        changes.push(TranslationChange { kind: write.kind, subject: &write.subject, body, source: original });
    }
    let audit = survey.audit(AuditAction::TranslationsSaved, survey.id()).detail(language.clone());
    let (saved, removed) =
        state.store.save_translations(survey.id(), &language, &changes, &person, now_millis(), &audit).await?;
    let kept = state.store.translations(survey.id(), Some(&language)).await?;
    let missing = texts
        .iter()
        .filter(|(kind, subject, original)| !kept.iter().any(|t| t.translates(*kind, subject, original)))
        .count();
    Ok(Json(TranslationsSaved { saved, removed, missing }))
}
