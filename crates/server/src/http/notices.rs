//! Notices to a survey's followers (by e-mail) when a member publishes or moves a plan: from the
//! member acting, with the page's address and the way to stop, in each language the survey
//! speaks (each follower reads the one they asked in). A leaf: it imports no handler module.

use super::admin::auth::Actor;
use super::error::ApiError;
use super::translated::Translated;
use super::AppState;
use crate::mail::News;
use crate::reader_words::{reader_words, ReaderWords};
use crate::store::publications::Visibility;
use crate::store::StoredSurvey;

/// What a notice's news is written with, in one language: the reader's words, the survey's
/// title and the company's texts in that language.
pub(crate) struct NewsIn<'a> {
    pub words: ReaderWords,
    pub language: &'a str,
    pub title: &'a str,
    pub texts: &'a mut Translated,
}

/// The notice for a survey's followers, from the member acting, when the server sends mail:
/// `news` writes its subject and text in each of the survey's languages.
pub(crate) async fn followers_notice_for(
    state: &AppState,
    actor: &Actor,
    headers: &axum::http::HeaderMap,
    stored: &StoredSurvey,
    mut news: impl FnMut(NewsIn<'_>) -> (String, String),
) -> Result<Option<crate::store::followers::Notice>, ApiError> {
    if !state.config.send_mail {
        return Ok(None);
    }
    let base = super::public_base(&state.config, headers);
    let mut versions = Vec::new();
    for language in stored.survey.languages() {
        let mut texts = Translated::load(state, &stored.survey, language).await?;
        let survey = stored.survey.in_language(language);
        let title = survey.title();
        let (subject, text) = news(NewsIn { words: reader_words(language), language, title, texts: &mut texts });
        versions.push(News { language: language.clone(), survey_title: title.to_owned(), subject, news: text });
    }
    let page_url = format!("{base}/r/{}", stored.survey.id());
    Ok(Some(crate::mail::notice(actor.named(), versions, &page_url, &format!("{base}/f/unsubscribe/"))))
}

/// The same, only while the survey's results are published for the public or for respondents
/// (followers follow that page; an organisation-only page tells them nothing).
pub(crate) async fn followers_notice(
    state: &AppState,
    actor: &Actor,
    headers: &axum::http::HeaderMap,
    stored: &StoredSurvey,
    news: impl FnMut(NewsIn<'_>) -> (String, String),
) -> Result<Option<crate::store::followers::Notice>, ApiError> {
    let up = state
        .store
        .publication(stored.survey.id().as_str())
        .await?
        .is_some_and(|p| p.unpublished_at.is_none() && p.visibility != Visibility::Organization);
    if !up {
        return Ok(None);
    }
    followers_notice_for(state, actor, headers, stored, news).await
}
