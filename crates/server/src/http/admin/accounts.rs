//! Sign-up, log-in, members, invitations and API tokens.

use super::auth::{self, Actor, Via};
use crate::http::error::ApiError;
use crate::http::extract::{JsonBody, Peer};
use crate::http::AppState;
use crate::store::accounts::{Invitee, NewAccount, NewApiToken, NewInvite, NewSession, Role, Scope};
use crate::store::{now_millis, StoreError};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

/// Failed log-ins counted over this window.
const FAILURE_WINDOW_MINUTES: u64 = 15;
/// At most this many failed log-ins per account, and per address, in the window.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// How long an invitation link works.
const INVITE_DAYS: i64 = 7;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    email: String,
    password: String,
    name: String,
    organization: String,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogIn {
    email: String,
    password: String,
    /// Where the app goes next; only a path on this server is honoured.
    #[serde(default)]
    next: Option<String>,
}

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
    let body = json!({ "csrf_token": csrf_token, "next": auth::safe_next(next) });
    Ok((status, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

pub async fn log_out(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    if let Via::Session { token_hash, .. } = &actor.via {
        state.store.revoke_session(token_hash).await?;
    }
    let cookie = auth::session_cookie(None, state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// Who is logged in, in which organisation, with which role, and the CSRF token for writes.
pub async fn me(actor: Actor) -> Result<Json<serde_json::Value>, ApiError> {
    // A person's question: an API token has no "me".
    let Via::Session { session, .. } = actor.via else { return Err(ApiError::Unauthorized) };
    Ok(Json(json!({
        "user": { "id": session.user_id, "email": session.email, "name": session.name },
        "organization": { "id": session.organization_id, "name": session.organization_name },
        "role": session.role,
        "csrf_token": session.csrf_token,
    })))
}

pub async fn members(State(state): State<AppState>, actor: Actor) -> Result<Json<serde_json::Value>, ApiError> {
    actor.require(Role::Viewer)?;
    Ok(Json(json!({ "members": state.store.members(&actor.organization_id).await? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    role: Role,
}

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

pub async fn remove_member(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    state.store.remove_member(&actor.organization_id, &user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    email: String,
    role: Role,
}

/// An invitation link for one address and role, shown once (e-mailing it comes with SMTP).
pub async fn invite(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    body: JsonBody<InviteRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
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
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "link": link, "expires_in_days": INVITE_DAYS, "emailed": emailed })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The password of the account the invited address has, or of the one made now.
    password: String,
    /// For someone new: their name.
    #[serde(default)]
    name: Option<String>,
}

/// Takes up an invitation: joins an existing account (proved by its password) or makes one,
/// then logs in to the organisation.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    name: String,
    scope: Scope,
}

/// A new API token: the token itself is in this answer only.
pub async fn create_token(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<TokenRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(json!({ "id": id, "name": name, "scope": body.value.scope, "token": token }))))
}

pub async fn tokens(State(state): State<AppState>, actor: Actor) -> Result<Json<serde_json::Value>, ApiError> {
    actor.require(Role::Owner)?;
    Ok(Json(json!({ "tokens": state.store.api_tokens(&actor.organization_id).await? })))
}

pub async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    state.store.revoke_api_token(&actor.organization_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
