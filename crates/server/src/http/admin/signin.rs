//! Signing up, in (with a password, then a code when the member has two-factor sign-in) and out.
//!
//! Failed passwords and failed codes are counted in the database (every server instance sees the
//! same counts): per account, per member's codes, and per client address digest; too many in 15
//! minutes are refused for a while.

use super::attempts::{check_failures, Client, CHALLENGE_MINUTES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS};
use super::auth::{self, Actor, Via};
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::{NewAccount, NewSession};
use crate::store::audit::{Audit, AuditAction};
use crate::store::two_factor::Challenge;
use crate::store::{now_millis, StoreError};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearback_api::account::{LogIn, Session, SignUp};
use hearback_api::security::{LogInCode, SecondFactor};

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
pub async fn sign_up(
    State(state): State<AppState>,
    client: Client,
    body: JsonBody<SignUp>,
) -> Result<Response, ApiError> {
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
    let audit = client.audit(&organization_id, &user_id, &name, AuditAction::OrganizationCreated, &organization_id);
    match state.store.create_account(&account, &audit).await {
        Err(StoreError::Conflict) => return Err(ApiError::EmailTaken),
        other => other?,
    }
    start_session(&state, StatusCode::CREATED, (&user_id, &organization_id), None, &client, None).await
}

/// Log in
///
/// Signs in to the person's organisation (the session cookie is set). A member with two-factor
/// sign-in gets no session yet: a challenge (202) to send with a code to `/login/code`. Failed
/// attempts are counted per account and per address; too many in 15 minutes are refused for a
/// while.
#[utoipa::path(post, path = "/login", tag = "accounts", operation_id = "log_in", security(()),
    request_body = LogIn,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 202, description = "Right password; now a code from the authenticator app", body = SecondFactor),
        (status = 401, description = "Wrong address or password (the same answer for both)", body = Error),
        (status = 429, description = "Too many failed attempts", body = Error),
    ))]
pub async fn log_in(
    State(state): State<AppState>,
    client: Client,
    body: JsonBody<LogIn>,
) -> Result<Response, ApiError> {
    let LogIn { email, password, next } = body.value;
    let email = email.trim().to_lowercase();
    let account = format!("email:{email}");
    // Counted by the address's digest: no IP address is stored.
    let address = client.subject();
    check_failures(&state, &[(&account, MAX_FAILURES_PER_ACCOUNT), (&address, MAX_FAILURES_PER_ADDRESS)]).await?;
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
        state.store.record_login_failure(&[account, address], now_millis()).await?;
        return Err(ApiError::InvalidCredentials);
    };
    state.store.clear_login_failures(&account).await?;
    if state.store.two_factor(&user.id).await?.secret.is_some() {
        let challenge = auth::new_secret();
        let waiting =
            Challenge { user_id: user.id, organization_id: organization, next: auth::safe_next(next.as_deref()) };
        let expires_at = now_millis() + CHALLENGE_MINUTES * 60_000;
        state.store.create_challenge(&auth::digest(&challenge), &waiting, expires_at).await?;
        return Ok((StatusCode::ACCEPTED, Json(SecondFactor { challenge })).into_response());
    }
    let audit = client.audit(&organization, &user.id, &user.name, AuditAction::SignedIn, "");
    start_session(&state, StatusCode::OK, (&user.id, &organization), next.as_deref(), &client, Some(audit)).await
}

/// Log in: the code
///
/// The second step for a member with two-factor sign-in: the challenge `/login` gave, and six
/// digits from the authenticator app or one unused recovery code. Wrong codes are counted per
/// member and per address like failed passwords.
#[utoipa::path(post, path = "/login/code", tag = "accounts", operation_id = "log_in_code", security(()),
    request_body = LogInCode,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 401, description = "No such challenge, or it expired: log in again", body = Error),
        (status = 422, description = "A wrong or used code", body = Error),
        (status = 429, description = "Too many wrong codes", body = Error),
    ))]
pub async fn log_in_code(
    State(state): State<AppState>,
    client: Client,
    body: JsonBody<LogInCode>,
) -> Result<Response, ApiError> {
    let LogInCode { challenge, code } = body.value;
    let challenge_hash = auth::digest(&challenge);
    let waiting = state.store.challenge(&challenge_hash, now_millis()).await?.ok_or(ApiError::Unauthorized)?;
    let user =
        state.store.member_name(&waiting.organization_id, &waiting.user_id).await?.ok_or(ApiError::Unauthorized)?;
    let recovery = client.audit(
        &waiting.organization_id,
        &waiting.user_id,
        &user,
        AuditAction::RecoveryCodeUsed,
        &waiting.user_id,
    );
    super::attempts::verify_code(&state, &waiting.user_id, &code, &client, Some(&recovery)).await?;
    state.store.end_challenge(&challenge_hash).await?;
    let audit = client.audit(&waiting.organization_id, &waiting.user_id, &user, AuditAction::SignedIn, "");
    let who = (waiting.user_id.as_str(), waiting.organization_id.as_str());
    start_session(&state, StatusCode::OK, who, Some(&waiting.next), &client, Some(audit.detail("two-factor"))).await
}

/// An argon2id hash of a random password, checked against when the address has no account, so
/// that the answer takes as long as for a real one.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(&auth::new_secret()).unwrap_or_default())
}

/// Starts a session of `(user, organization)` from `client`; `audit` records it (the session's
/// public id becomes the entry's object).
pub async fn start_session(
    state: &AppState,
    status: StatusCode,
    (user_id, organization_id): (&str, &str),
    next: Option<&str>,
    client: &Client,
    audit: Option<Audit>,
) -> Result<Response, ApiError> {
    let token = auth::new_secret();
    let csrf_token = auth::new_secret();
    let public_id = uuid::Uuid::new_v4().simple().to_string();
    let session = NewSession {
        token_hash: &auth::digest(&token),
        user_id,
        organization_id,
        csrf_token: &csrf_token,
        expires_at: now_millis() + auth::SESSION_DAYS * 86_400_000,
        public_id: &public_id,
        user_agent: &client.user_agent,
        address_digest: &client.address_digest,
    };
    let audit = audit.map(|audit| Audit { object_id: public_id.clone(), ..audit });
    state.store.create_session(&session, audit.as_ref()).await?;
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
    if let Via::Session { token_hash, session } = &actor.via {
        let audit = actor.audit(AuditAction::SignedOut, &session.public_id);
        state.store.revoke_session(token_hash, &audit).await?;
    }
    let cookie = auth::session_cookie(None, state.config.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}
