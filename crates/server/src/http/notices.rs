//! Notices to a survey's followers (by e-mail) when a member publishes or moves a plan: from the
//! member acting, with the page's address and the way to stop. A leaf: it imports no handler
//! module.

use super::admin::auth::Actor;
use super::error::ApiError;
use super::AppState;
use crate::store::publications::Visibility;
use crate::store::StoredSurvey;

/// The notice for a survey's followers, from the member acting, when the server sends mail.
pub(crate) fn followers_notice_for(
    state: &AppState,
    actor: &Actor,
    headers: &axum::http::HeaderMap,
    stored: &StoredSurvey,
    subject: String,
    news: String,
) -> Option<crate::store::followers::Notice> {
    if !state.config.send_mail {
        return None;
    }
    let base = super::public_base(&state.config, headers);
    let person = actor.named();
    let page_url = format!("{base}/r/{}", stored.survey.id());
    Some(crate::mail::notice(
        stored.survey.title(),
        person,
        subject,
        news,
        &page_url,
        &format!("{base}/f/unsubscribe/"),
    ))
}

/// The same, only while the survey's results are published for the public or for respondents
/// (followers follow that page; an organisation-only page tells them nothing).
pub(crate) async fn followers_notice(
    state: &AppState,
    actor: &Actor,
    headers: &axum::http::HeaderMap,
    stored: &StoredSurvey,
    subject: String,
    news: String,
) -> Result<Option<crate::store::followers::Notice>, ApiError> {
    let up = state
        .store
        .publication(stored.survey.id().as_str())
        .await?
        .is_some_and(|p| p.unpublished_at.is_none() && p.visibility != Visibility::Organization);
    Ok(if up { followers_notice_for(state, actor, headers, stored, subject, news) } else { None })
}
