//! A respondent's rights over what they gave, with their receipt: to download it (everything the
//! survey keeps of theirs, as JSON) and to delete it (the answers, their replies and "Did this fix
//! it?" answers, contact details, the case it opened, and the addresses following with the
//! receipt). Deleting takes the response out of the results kept as answers arrive, as a member's
//! deletion does; publications keep the numbers they were published with.

use super::error::ApiError;
use super::openapi::{ReceiptHeader, SurveyPath};
use super::receipts::ReceiptRefused;
use super::respondents::required_holder;
use super::AppState;
use crate::store::audit::{Audit, AuditAction};
use crate::store::StoreError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearback_api::public::YourAnswers;

/// Download your answers
///
/// Everything the survey keeps that this receipt's holder gave: the answers, replies to action
/// plans (with the answers to them), answers to "Did this fix it?", contact details with their
/// purpose, the addresses following the results with this receipt, and the case the answers
/// opened (the address given for it, the conversation). As a file to keep.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/answers",
    tag = "published",
    operation_id = "download_own_answers",
    params(
        SurveyPath,
        ReceiptHeader,
    ),
    responses(
        (status = 200, description = "Everything this receipt's holder gave", body = YourAnswers),
        ReceiptRefused,
    )
)]
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let holder = required_holder(&state, &id, &headers).await?;
    // The replies first: a deletion between the two reads leaves the record unread (refused),
    // never a file with the answers of a response whose replies are gone.
    let replies = state.store.replies(&id, Some(&holder.response_id)).await?;
    let record = state.store.own_record(&id, &holder.response_id, &holder.receipt_hash).await.map_err(|e| match e {
        StoreError::NotFound => ApiError::ReceiptInvalid,
        e => e.into(),
    })?;
    let yours = YourAnswers {
        survey: id.clone(),
        answered_at: record.created_at,
        answers: serde_json::to_value(&record.answers).map_err(|e| ApiError::Internal(e.into()))?,
        replies: replies.into_iter().map(|r| r.reply).collect(),
        follow_up_answers: record.follow_up_answers,
        contact: record.contact,
        following: record.following,
        case: record.case,
    };
    let file = format!("attachment; filename=\"answers-{id}.json\"");
    Ok(([(header::CONTENT_DISPOSITION, file)], Json(yours)).into_response())
}

/// Delete your answers
///
/// Deletes everything the survey keeps that this receipt's holder gave (what the download
/// holds, and the case the answers opened). The receipt opens nothing after. The results kept as
/// answers arrive no longer count the response; publications keep the numbers they were
/// published with.
#[utoipa::path(
    delete,
    path = "/api/v1/results/{id}/answers",
    tag = "published",
    operation_id = "delete_own_answers",
    params(
        SurveyPath,
        ReceiptHeader,
    ),
    responses(
        (status = 204, description = "Deleted"),
        ReceiptRefused,
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let holder = required_holder(&state, &id, &headers).await?;
    let stored = state.store.survey(&id).await?.ok_or_else(|| ApiError::SurveyNotFound(id.clone()))?;
    let audit =
        Audit::system(stored.organization.as_deref(), "respondent", AuditAction::ResponseDeleted, &holder.response_id)
            .survey(&id);
    state.store.delete_own(&stored.survey, &holder.response_id, &holder.receipt_hash, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
