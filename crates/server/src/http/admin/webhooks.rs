//! A survey's webhooks: where each finished response is posted, signed, and how those
//! deliveries went.

use super::openapi::SurveyRefused;
use super::owned::{Editor, OwnedSurvey, Viewer};
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::openapi::SurveyPath;
use crate::http::AppState;
use crate::identity;
use crate::store::audit::AuditAction;
use crate::store::webhooks::NewWebhook;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::webhook::{NewWebhook as CreatedWebhook, WebhookRequest, Webhooks};

/// Add a webhook (editors)
///
/// Each finished response is posted to it, signed; its signing secret is in this answer only.
/// With `format` `slack` or `teams`, the URL is a channel's incoming webhook and it is sent a
/// message instead, for the responses its `rule` names (every finished response without one),
/// with a link to the response, and a summary of each day with `daily_summary`.
#[utoipa::path(post, path = "/surveys/{id}/webhooks", tag = "surveys", operation_id = "create_webhook",
    params(SurveyPath),
    request_body = WebhookRequest,
    responses(
        (status = 201, description = "The webhook, with its secret", body = CreatedWebhook),
        SurveyRefused,
        (status = 422, description = "Not an https URL on a public address, or a rule that will not do", body = Error),
    ))]
pub async fn create_webhook(
    State(state): State<AppState>,
    OwnedSurvey { actor, stored, .. }: OwnedSurvey<Editor>,
    body: JsonBody<WebhookRequest>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    let WebhookRequest { url, format, rule, daily_summary } = body.value;
    let url = url.trim().to_owned();
    if !format.is_chat() && (rule.is_some() || daily_summary) {
        return Err(ApiError::Invalid("a rule and the daily summary are for Slack and Teams messages".into()));
    }
    if let Some(rule) = &rule {
        crate::chat::check_rule(&stored.survey, rule).map_err(ApiError::Invalid)?;
    }
    crate::webhooks::check_target(&url, state.config.allow_private_webhooks).await.map_err(ApiError::Invalid)?;
    let webhook_id = crate::store::ordered_id();
    let secret = identity::new_secret();
    let hook = NewWebhook {
        id: &webhook_id,
        organization_id: &actor.organization_id,
        survey_id: stored.survey.id().as_str(),
        url: &url,
        secret: &secret,
        format,
        rule: rule.as_ref(),
        daily_summary,
    };
    // The entry names the webhook, never its URL's secrets.
    let audit = actor.audit(AuditAction::WebhookCreated, &webhook_id).survey(hook.survey_id).detail(format.as_str());
    state.store.create_webhook(&hook, &audit).await?;
    Ok((StatusCode::CREATED, Json(CreatedWebhook { id: webhook_id, url, secret })))
}

/// A survey's webhooks and deliveries
///
/// The webhooks and the latest 100 deliveries, each with its attempts and last answer.
#[utoipa::path(get, path = "/surveys/{id}/webhooks", tag = "surveys", operation_id = "list_webhooks",
    params(SurveyPath),
    responses((status = 200, description = "Webhooks and deliveries", body = Webhooks), SurveyRefused))]
pub async fn webhooks(
    State(state): State<AppState>,
    OwnedSurvey { stored, .. }: OwnedSurvey<Viewer>,
) -> Result<Json<Webhooks>, ApiError> {
    let survey = stored.survey.id().as_str();
    Ok(Json(Webhooks {
        webhooks: state.store.webhooks(survey).await?,
        deliveries: state.store.deliveries(survey, 100).await?,
    }))
}

/// Remove a webhook (editors)
#[utoipa::path(delete, path = "/surveys/{id}/webhooks/{hook}", tag = "surveys", operation_id = "delete_webhook",
    params(SurveyPath, ("hook" = String, Path, description = "The webhook's id")),
    responses((status = 204, description = "Removed; no more deliveries"), SurveyRefused))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    survey: OwnedSurvey<Editor>,
    Path((_, hook)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let audit = survey.audit(AuditAction::WebhookDeleted, &hook);
    state.store.delete_webhook(survey.id(), &hook, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
