//! The contact details respondents gave a survey, for its editors: each with the purpose it was
//! given for; every reading recorded in the audit log, in the same transaction as the read.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::store::audit::AuditAction;
use axum::extract::State;
use axum::Json;
use hearback_api::details::ContactDetailsView;

/// Contact details respondents gave (editors)
///
/// Asked by a `contact_details` question for the one purpose it states, kept apart from the
/// answers (which say only `given`), newest first. Reading them is recorded in the audit log.
#[utoipa::path(get, path = "/surveys/{id}/contact-details", tag = "surveys", operation_id = "contact_details",
    params(crate::http::openapi::SurveyPath),
    responses((status = 200, description = "The details, each with its purpose", body = [ContactDetailsView]), SurveyRefused))]
pub async fn list(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
) -> Result<Json<Vec<ContactDetailsView>>, ApiError> {
    let audit = survey.audit(AuditAction::ContactDetailsRead, survey.id());
    let kept = state.store.read_details(survey.id(), &audit).await?;
    Ok(Json(
        kept.into_iter()
            .map(|d| ContactDetailsView {
                response: d.response_id,
                question: d.question_id,
                purpose: d.purpose,
                name: d.name,
                email: d.email,
                phone: d.phone,
                company: d.company,
                given_at: d.created_at,
            })
            .collect(),
    ))
}
