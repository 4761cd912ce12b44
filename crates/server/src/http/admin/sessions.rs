//! Sessions a member can see and end, and an owner's ending of a member's sessions.

use super::auth::{Actor, Via};
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::{short_digest, AuditAction};
use crate::store::now_millis;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::security::{SessionInfo, Sessions};

/// The browser and system a user agent names, in words (`Firefox on Linux`); unknown parts say so.
pub fn device(user_agent: &str) -> String {
    // Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", Android says "Linux".
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Headless Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let browser = BROWSERS.iter().find(|(mark, _)| user_agent.contains(mark)).map(|(_, name)| *name);
    let system = SYSTEMS.iter().find(|(mark, _)| user_agent.contains(mark)).map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => "An unknown device".to_owned(),
    }
}

async fn list(
    state: &AppState,
    organization_id: &str,
    user_id: &str,
    current: Option<&str>,
) -> Result<Sessions, ApiError> {
    let rows = state.store.sessions(organization_id, user_id, now_millis()).await?;
    let sessions = rows
        .into_iter()
        .map(|row| SessionInfo {
            current: current == Some(row.token_hash.as_str()),
            id: row.public_id,
            device: device(&row.user_agent),
            created_at: row.created_at,
            last_seen: row.last_seen,
            address: short_digest(&row.address_digest),
        })
        .collect();
    Ok(Sessions { sessions })
}

/// My sessions
///
/// Every live session of the signed-in member, most recently used first, with the device, when
/// it was last used and the digest of the address it signed in from.
#[utoipa::path(get, path = "/sessions", tag = "security", operation_id = "sessions",
    responses((status = 200, description = "The sessions", body = Sessions), Refused))]
pub async fn mine(State(state): State<AppState>, actor: Actor) -> Result<Json<Sessions>, ApiError> {
    let Via::Session { token_hash, session } = &actor.via else {
        return Err(ApiError::Forbidden("an API token has no sessions; log in"));
    };
    Ok(Json(list(&state, &actor.organization_id, &session.user_id, Some(token_hash)).await?))
}

/// End one of my sessions
#[utoipa::path(delete, path = "/sessions/{id}", tag = "security", operation_id = "end_session",
    params(("id" = String, Path, description = "The session's id, from the list")),
    responses(
        (status = 204, description = "Ended"),
        Refused,
        (status = 404, description = "None of your live sessions has this id", body = Error),
    ))]
pub async fn end(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let user_id = actor.person()?;
    let audit = actor.audit(AuditAction::SessionEnded, &id);
    state.store.end_session(user_id, &id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A member's sessions (owners)
#[utoipa::path(get, path = "/members/{user}/sessions", tag = "security", operation_id = "member_sessions",
    params(("user" = String, Path, description = "The member's user id")),
    responses((status = 200, description = "Their live sessions", body = Sessions), Refused,
        (status = 404, description = "No such member", body = Error)))]
pub async fn of_member(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
) -> Result<Json<Sessions>, ApiError> {
    actor.require(Role::Owner)?;
    state.store.member_name(&actor.organization_id, &user_id).await?.ok_or(ApiError::NotFound)?;
    let current = match &actor.via {
        Via::Session { token_hash, .. } => Some(token_hash.as_str()),
        Via::Token { .. } => None,
    };
    Ok(Json(list(&state, &actor.organization_id, &user_id, current).await?))
}

/// End a member's sessions (owners)
///
/// Every live session of the member in this organisation ends; they log in again.
#[utoipa::path(delete, path = "/members/{user}/sessions", tag = "security", operation_id = "end_member_sessions",
    params(("user" = String, Path, description = "The member's user id")),
    responses((status = 204, description = "Ended"), Refused, (status = 404, description = "No such member", body = Error)))]
pub async fn end_of_member(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    state.store.member_name(&actor.organization_id, &user_id).await?.ok_or(ApiError::NotFound)?;
    let audit = actor.audit(AuditAction::MemberSessionsEnded, &user_id);
    state.store.end_member_sessions(&actor.organization_id, &user_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn devices_are_named_from_their_user_agents() {
        for (agent, named) in [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iOS"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"),
            ("curl/8.5.0", "curl"),
            ("", "An unknown device"),
        ] {
            assert_eq!(super::device(agent), named, "{agent}");
        }
    }
}
