//! Respondents on the results page and in the widget: the receipt a request shows and who holds
//! it, who may read a publication, a "Did this fix it?" follow-up as readers see it, and the text
//! of a reply (a respondent's, or a member's answer to one). A leaf: it imports no handler module.

use super::admin::auth::{digest, Actor};
use super::error::ApiError;
use super::AppState;
use crate::store::publications::{Publication, Visibility};
use crate::store::replies::StoredFollowUp;
use crate::store::StoredSurvey;
use axum::http::HeaderMap;
use hearback_api::publication::FollowUpView;
use hearback_api::results::Shown;

pub const RECEIPT_HEADER: &str = "hearback-receipt";
pub const MAX_REPLY_LEN: usize = 2000;

/// A respondent who showed a receipt of the survey.
#[derive(Debug, Clone)]
pub struct Holder {
    pub response_id: String,
    pub receipt_hash: String,
}

/// The holder of the receipt a request carries: `None` without one, `ReceiptInvalid` when it is
/// not the key of a finished response to this survey (another survey's, or made up).
pub async fn holder(state: &AppState, survey_id: &str, headers: &HeaderMap) -> Result<Option<Holder>, ApiError> {
    let Some(key) = receipt_key(headers)? else { return Ok(None) };
    let response_id = state.store.receipt(survey_id, key).await?.ok_or(ApiError::ReceiptInvalid)?;
    Ok(Some(Holder { response_id, receipt_hash: digest(key) }))
}

/// The receipt a request's `Hearback-Receipt` header shows, before it is looked up: `None`
/// without one (or one that is not text), `ReceiptInvalid` when it is empty or too long.
pub fn receipt_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(key) = headers.get(RECEIPT_HEADER).and_then(|v| v.to_str().ok()).map(str::trim) else {
        return Ok(None);
    };
    if key.is_empty() || key.len() > 100 {
        return Err(ApiError::ReceiptInvalid);
    }
    Ok(Some(key))
}

pub(crate) async fn required_holder(
    state: &AppState,
    survey_id: &str,
    headers: &HeaderMap,
) -> Result<Holder, ApiError> {
    holder(state, survey_id, headers).await?.ok_or(ApiError::ReceiptRequired)
}

/// Whether someone may read a publication that is up: anyone when public, receipt holders when
/// for respondents, and the organisation's members always.
pub fn may_read(publication: &Publication, holder: bool, actor: Option<&Actor>) -> bool {
    let member = actor.is_some_and(|a| a.organization_id == publication.organization_id);
    match publication.visibility {
        Visibility::Public => true,
        Visibility::Respondents => holder || member,
        Visibility::Organization => member,
    }
}

pub use hearback_api::plan::ReplyRequest;

pub(crate) fn reply_text(body: &str, what: &str) -> Result<String, ApiError> {
    let text = body.trim();
    if text.is_empty() || text.chars().count() > MAX_REPLY_LEN {
        return Err(ApiError::Invalid(format!("write {what} (1 to {MAX_REPLY_LEN} characters)")));
    }
    Ok(text.to_owned())
}

/// A follow-up as pages show it: the question asked again, and the score before and after
/// once both groups are large enough to show (the privacy threshold).
pub(crate) fn follow_up_view(
    state: &AppState,
    stored: &StoredSurvey,
    snapshot: &Shown,
    follow_up: &StoredFollowUp,
) -> FollowUpView {
    let privacy = &state.config.privacy;
    let before = snapshot
        .numbers()
        .and_then(|results| results.questions.iter().find(|q| q.question.as_str() == follow_up.question_id))
        .cloned();
    let answered = follow_up.values.len() as u64;
    let after = privacy
        .shows(answered)
        .then(|| hearback_core::followup::after(&stored.survey, &follow_up.question_id, &follow_up.values))
        .flatten();
    let shown = before.is_some() && after.is_some();
    FollowUpView {
        question: follow_up.question_id.clone(),
        prompt: follow_up.prompt.clone(),
        before: before.filter(|_| shown),
        after: after.filter(|_| shown),
        fewer_than: privacy.k,
    }
}
