//! Sign-up, log-in, members, invitations and API tokens.

use super::auth::{self, Actor, Via};
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::extract::{JsonBody, Peer};
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::{Invitee, NewAccount, NewApiToken, NewInvite, NewSession, Role};
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearback_api::account::{
    Acceptance, Invitation, InviteRequest, LogIn, Me, Members, NewToken, Organization, RoleChange, Session, SignUp,
    TokenRequest, Tokens, User,
};

/// Failed log-ins counted over this window.
const FAILURE_WINDOW_MINUTES: u64 = 15;
/// At most this many failed log-ins per account, and per address, in the window.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// How long an invitation link works.
const INVITE_DAYS: i64 = 7;

/// Sign up
///
/// A new organisation with its first owner, signed in (the session cookie is set).
#[utoipa::path(post, path = "/signup", tag = "accounts", operation_id = "sign_up", security(()),
    request_body = SignUp,
    responses(
        (status = 201, description = "Signed up and in", body = Session),
        (status = 409, description = "The address has an account", body = Error),
        (status = 422, description = "An address, name or password that will not do", body = Error),
    ))]
pub async fn sign_up(State(state): State<AppState>, body: JsonBody<SignUp>) -> Result<Response, ApiError> {
    let SignUp { email, password, name, organization } = body.value;
    let email = auth::email(&email)?;
    let name = auth::name("Your name", &name)?;
    let organization = auth::name("The organisation's name", &organization)?;
    auth::check_password(&password, &email)?;
    let user_id = uuid::Uuid::new_v4().to_string();
    let organization_id = uuid::Uuid::new_v4().to_string();
    let account = NewAccount {
        user_id: &user_id,
        email: &email,
        name: &name,
        password_hash: &auth::hash_password(&password)?,
        organization_id: &organization_id,
        organization_name: &organization,
    };
    match state.store.create_account(&account).await {
        Err(StoreError::Conflict) => return Err(ApiError::EmailTaken),
        other => other?,
    }
    start_session(&state, StatusCode::CREATED, &user_id, &organization_id, None).await
}

/// Log in
///
/// Signs in to the person's organisation (the session cookie is set). Failed attempts are
/// counted per account and per address; too many in 15 minutes are refused for a while.
#[utoipa::path(post, path = "/login", tag = "accounts", operation_id = "log_in", security(()),
    request_body = LogIn,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "Wrong address or password (the same answer for both)", body = Error),
        (status = 429, description = "Too many failed attempts", body = Error),
    ))]
pub async fn log_in(
    State(state): State<AppState>,
    peer: Peer,
    headers: axum::http::HeaderMap,
    body: JsonBody<LogIn>,
) -> Result<Response, ApiError> {
    let LogIn { email, password, next } = body.value;
    let email = email.trim().to_lowercase();
    let account = format!("email:{email}");
    // Counted by the address's digest: no IP address is stored.
    let client = crate::http::limits::client_address(state.config.trust_forwarded_for, &headers, peer.0);
    let address = format!("ip:{}", auth::digest(&client.map(|ip| ip.to_string()).unwrap_or_default()));
    let now = now_millis();
    let since = now - (FAILURE_WINDOW_MINUTES * 60 * 1000) as i64;
    if state.store.login_failures(&account, since).await? >= MAX_FAILURES_PER_ACCOUNT
        || state.store.login_failures(&address, since).await? >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(ApiError::TooManyAttempts(FAILURE_WINDOW_MINUTES));
    }
    let user = state.store.user_by_email(&email).await?;
    let valid = match &user {
        Some(user) => auth::verify_password(&password, &user.password_hash),
        None => {
            // The same work, and the same answer, whether or not the address has an account.
            let _ = auth::verify_password(&password, dummy_hash());
            false
        }
    };
    let organization = match &user {
        Some(user) if valid => state.store.home_organization(&user.id).await?,
        _ => None,
    };
    let (Some(user), Some(organization)) = (user.filter(|_| valid), organization) else {
        state.store.record_login_failure(&[account, address], now).await?;
        return Err(ApiError::InvalidCredentials);
    };
    state.store.clear_login_failures(&account).await?;
    start_session(&state, StatusCode::OK, &user.id, &organization, next.as_deref()).await
}

/// An argon2id hash of a random password, checked against when the address has no account, so
/// that the answer takes as long as for a real one.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(&auth::new_secret()).unwrap_or_default())
}

async fn start_session(
    state: &AppState,
    status: StatusCode,
    user_id: &str,
    organization_id: &str,
    next: Option<&str>,
) -> Result<Response, ApiError> {
    let token = auth::new_secret();
    let csrf_token = auth::new_secret();
    let session = NewSession {
        token_hash: &auth::digest(&token),
        user_id,
        organization_id,
        csrf_token: &csrf_token,
        expires_at: now_millis() + auth::SESSION_DAYS * 86_400_000,
    };
    state.store.create_session(&session).await?;
    let cookie = auth::session_cookie(Some(&token), state.config.secure_cookies);
    let body = Session { csrf_token, next: auth::safe_next(next) };
    Ok((status, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// Log out
///
/// Ends the session (an API token has none to end).
#[utoipa::path(post, path = "/logout", tag = "accounts", operation_id = "log_out",
    responses((status = 204, description = "Signed out; the cookie is cleared"), Refused))]
pub async fn log_out(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    if let Via::Session { token_hash, .. } = &actor.via {
        state.store.revoke_session(token_hash).await?;
    }
    let cookie = auth::session_cookie(None, state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

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
    state.store.set_role(&actor.organization_id, &user_id, body.value.role).await?;
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
    state.store.remove_member(&actor.organization_id, &user_id).await?;
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
    state.store.create_invite(&invite, mail.as_ref()).await?;
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
    Path(token): Path<String>,
    body: JsonBody<Acceptance>,
) -> Result<Response, ApiError> {
    let token_hash = auth::digest(&token);
    let invite = state.store.invite(&token_hash, now_millis()).await?.ok_or(ApiError::InviteUnusable)?;
    let Acceptance { password, name } = body.value;
    let new_id = uuid::Uuid::new_v4().to_string();
    let (existing, hash);
    let invitee = match state.store.user_by_email(&invite.email).await? {
        Some(user) => {
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
    let accepted = match state.store.accept_invite(&token_hash, now_millis(), invitee).await {
        Err(StoreError::Conflict) => return Err(ApiError::EmailTaken),
        other => other?,
    };
    start_session(&state, StatusCode::OK, &user_id, &accepted.organization_id, None).await
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
    state.store.create_api_token(&record).await?;
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
    state.store.revoke_api_token(&actor.organization_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
