//! Who is signed in, members, invitations and API tokens.

use super::attempts::Client;
use super::auth::{self, Actor, Via};
use super::openapi::Refused;
use super::signin::start_session;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::{Invitee, NewApiToken, NewInvite, Role};
use crate::store::audit::AuditAction;
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use hearback_api::account::{
    Acceptance, Invitation, InviteRequest, Me, Members, NewToken, Organization, RoleChange, Session, TokenRequest,
    Tokens, User,
};

/// How long an invitation link works.
const INVITE_DAYS: i64 = 7;

/// Who is signed in
///
/// The person, their organisation, their role there, and the CSRF token for writes (a
/// session's question: an API token is answered 401).
#[utoipa::path(get, path = "/me", tag = "accounts", operation_id = "me",
    responses((status = 200, description = "The session's person", body = Me), Refused))]
pub async fn me(actor: Actor) -> Result<Json<Me>, ApiError> {
    let Via::Session { session, .. } = actor.via else { return Err(ApiError::Unauthorized) };
    let session = *session;
    Ok(Json(Me {
        user: User { id: session.user_id, email: session.email, name: session.name },
        organization: Organization { id: session.organization_id, name: session.organization_name },
        role: session.role,
        csrf_token: session.csrf_token,
        must_enrol: session.two_factor_required && !session.two_factor,
    }))
}

/// The organisation's members
#[utoipa::path(get, path = "/members", tag = "accounts", operation_id = "members",
    responses((status = 200, description = "Every member with their role", body = Members), Refused))]
pub async fn members(State(state): State<AppState>, actor: Actor) -> Result<Json<Members>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(Members { members: state.store.members(&actor.organization_id).await? }))
}

/// Change a member's role (owners)
#[utoipa::path(put, path = "/members/{user}", tag = "accounts", operation_id = "set_role",
    params(("user" = String, Path, description = "The member's user id")),
    request_body = RoleChange,
    responses(
        (status = 204, description = "Changed"),
        Refused,
        (status = 404, description = "No such member", body = Error),
        (status = 409, description = "It would leave the organisation without an owner", body = Error),
    ))]
pub async fn set_role(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
    body: JsonBody<RoleChange>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let role = body.value.role;
    let audit = actor.audit(AuditAction::MemberRoleChanged, &user_id).detail(role.as_str());
    state.store.set_role(&actor.organization_id, &user_id, role, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member (owners)
#[utoipa::path(delete, path = "/members/{user}", tag = "accounts", operation_id = "remove_member",
    params(("user" = String, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Removed; their sessions end"),
        Refused,
        (status = 404, description = "No such member", body = Error),
        (status = 409, description = "It would leave the organisation without an owner", body = Error),
    ))]
pub async fn remove_member(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let audit = actor.audit(AuditAction::MemberRemoved, &user_id);
    state.store.remove_member(&actor.organization_id, &user_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite someone (owners)
///
/// An invitation link for one address and role, valid for 7 days and shown once; e-mailed
/// from the owner too when the server sends mail.
#[utoipa::path(post, path = "/invites", tag = "accounts", operation_id = "invite",
    request_body = InviteRequest,
    responses(
        (status = 201, description = "The invitation", body = Invitation),
        Refused,
        (status = 422, description = "An address that will not do", body = Error),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    body: JsonBody<InviteRequest>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    actor.require(Role::Owner)?;
    let invited_by = actor.person()?;
    let email = auth::email(&body.value.email)?;
    let token = auth::new_secret();
    let invite = NewInvite {
        token_hash: &auth::digest(&token),
        organization_id: &actor.organization_id,
        email: &email,
        role: body.value.role,
        invited_by,
        expires_at: now_millis() + INVITE_DAYS * 86_400_000,
    };
    let link = format!("/admin/invite/{token}");
    // Sent by e-mail too when the server sends mail, from the owner who made it.
    let mail = match (&actor.via, state.config.send_mail) {
        (Via::Session { session, .. }, true) => {
            let base = crate::http::public_base(&state.config, &headers);
            Some(crate::mail::invitation(
                session,
                &email,
                body.value.role.as_str(),
                &format!("{base}{link}"),
                INVITE_DAYS,
            ))
        }
        _ => None,
    };
    // The entry names the invitation by its role, never by the invited address.
    let audit = actor.audit(AuditAction::InviteSent, &invite.token_hash[..16]).detail(body.value.role.as_str());
    state.store.create_invite(&invite, mail.as_ref(), &audit).await?;
    let emailed = mail.is_some();
    Ok((StatusCode::CREATED, Json(Invitation { token, link, expires_in_days: INVITE_DAYS, emailed })))
}

/// Take up an invitation
///
/// Joins an existing account (proved by its password) or makes one, then signs in to the
/// organisation.
#[utoipa::path(post, path = "/invites/{token}/accept", tag = "accounts", operation_id = "accept_invite", security(()),
    params(("token" = String, Path, description = "The invitation's token, from its link")),
    request_body = Acceptance,
    responses(
        (status = 200, description = "Joined and signed in", body = Session),
        (status = 401, description = "Not the password of the invited address's account", body = Error),
        (status = 410, description = "Unknown, expired or already used", body = Error),
        (status = 422, description = "A name or password that will not do", body = Error),
    ))]
pub async fn accept_invite(
    State(state): State<AppState>,
    client: Client,
    Path(token): Path<String>,
    body: JsonBody<Acceptance>,
) -> Result<Response, ApiError> {
    let token_hash = auth::digest(&token);
    let invite = state.store.invite(&token_hash, now_millis()).await?.ok_or(ApiError::InviteUnusable)?;
    let Acceptance { password, name } = body.value;
    let new_id = uuid::Uuid::new_v4().to_string();
    let (existing, hash);
    let mut joiner = name.clone().unwrap_or_default();
    let invitee = match state.store.user_by_email(&invite.email).await? {
        Some(user) => {
            joiner = user.name.clone();
            if !auth::verify_password(&password, &user.password_hash) {
                return Err(ApiError::InvalidCredentials);
            }
            existing = user.id;
            Invitee::Existing { user_id: &existing }
        }
        None => {
            let name = auth::name("Your name", name.as_deref().unwrap_or_default())?;
            auth::check_password(&password, &invite.email)?;
            hash = (auth::hash_password(&password)?, name);
            Invitee::New { user_id: &new_id, name: &hash.1, password_hash: &hash.0 }
        }
    };
    let user_id = match &invitee {
        Invitee::Existing { user_id } | Invitee::New { user_id, .. } => user_id.to_string(),
    };
    let organization = &invite.organization_id;
    let audit = client.audit(organization, &user_id, joiner.trim(), AuditAction::MemberJoined, &user_id);
    let audit = audit.detail(invite.role.as_str());
    let accepted = match state.store.accept_invite(&token_hash, now_millis(), invitee, &audit).await {
        Err(StoreError::Conflict) => return Err(ApiError::EmailTaken),
        other => other?,
    };
    start_session(&state, StatusCode::OK, (&user_id, &accepted.organization_id), None, &client, None).await
}

/// Make an API token (owners)
///
/// The token itself is in this answer only.
#[utoipa::path(post, path = "/tokens", tag = "accounts", operation_id = "create_token",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "The token", body = NewToken),
        Refused,
        (status = 422, description = "A name that will not do", body = Error),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<TokenRequest>,
) -> Result<(StatusCode, Json<NewToken>), ApiError> {
    actor.require(Role::Owner)?;
    let created_by = actor.person()?;
    let name = auth::name("A token's name", &body.value.name)?;
    let id = uuid::Uuid::new_v4().to_string();
    let token = format!("hb_{}", auth::new_secret());
    let record = NewApiToken {
        id: &id,
        organization_id: &actor.organization_id,
        name: &name,
        scope: body.value.scope,
        token_hash: &auth::digest(&token),
        created_by,
    };
    let audit = actor.audit(AuditAction::TokenCreated, &id).detail(body.value.scope.as_str());
    state.store.create_api_token(&record, &audit).await?;
    Ok((StatusCode::CREATED, Json(NewToken { id, name, scope: body.value.scope, token })))
}

/// The organisation's API tokens (owners)
#[utoipa::path(get, path = "/tokens", tag = "accounts", operation_id = "tokens",
    responses((status = 200, description = "Each token's name and scope, never the token", body = Tokens), Refused))]
pub async fn tokens(State(state): State<AppState>, actor: Actor) -> Result<Json<Tokens>, ApiError> {
    actor.require(Role::Owner)?;
    Ok(Json(Tokens { tokens: state.store.api_tokens(&actor.organization_id).await? }))
}

/// Revoke an API token (owners)
#[utoipa::path(delete, path = "/tokens/{id}", tag = "accounts", operation_id = "revoke_token",
    params(("id" = String, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"), Refused, (status = 404, description = "No such token", body = Error)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let audit = actor.audit(AuditAction::TokenRevoked, &id);
    state.store.revoke_api_token(&actor.organization_id, &id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
