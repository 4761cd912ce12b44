//! The customer wall's secret link (owners): made (shown once, replacing the one before) and
//! revoked. The wall itself is `http::wall`.

use super::auth::{self, Actor};
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use hearback_api::case::WallLink;

/// Make the customer wall's link (owners)
///
/// A secret link to the wall for an office screen, shown this once; the link before stops working.
#[utoipa::path(post, path = "/wall-link", tag = "cases", operation_id = "create_wall_link",
    responses((status = 201, description = "The link", body = WallLink), Refused))]
pub async fn create(State(state): State<AppState>, actor: Actor) -> Result<(StatusCode, Json<WallLink>), ApiError> {
    actor.require(Role::Owner)?;
    let token = auth::new_secret();
    let audit = actor.audit(AuditAction::WallLinkCreated, &actor.organization_id);
    state.store.set_wall_link(&actor.organization_id, &auth::digest(&token), &audit).await?;
    Ok((StatusCode::CREATED, Json(WallLink { url: format!("/wall/{token}") })))
}

/// Revoke the customer wall's link (owners)
#[utoipa::path(delete, path = "/wall-link", tag = "cases", operation_id = "revoke_wall_link",
    responses((status = 204, description = "Revoked: the link shows nothing any more"), Refused,
        (status = 404, description = "There is no link", body = Error)))]
pub async fn revoke(State(state): State<AppState>, actor: Actor) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let audit = actor.audit(AuditAction::WallLinkRevoked, &actor.organization_id);
    state.store.revoke_wall_link(&actor.organization_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
