//! A member's own security: two-factor sign-in (set up, recovery codes, turned off), the
//! organisation's requirement of it, and the password. Codes are checked here for sign-in too.

use super::attempts::{check_failures, limited, verify_code, Client, MAX_FAILURES_PER_ACCOUNT};
use super::auth::{self, Actor, Via};
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::{Role, Session};
use crate::store::audit::AuditAction;
use crate::store::now_millis;
use crate::two_factor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use hearback_api::security::{Code, Enrolment, OrganizationSecurity, PasswordChange, RecoveryCodes, TwoFactor};

/// The session of a person (API tokens have no two-factor sign-in or password).
fn session(actor: &Actor) -> Result<&Session, ApiError> {
    match &actor.via {
        Via::Session { session, .. } => Ok(session),
        Via::Token { .. } => Err(ApiError::Forbidden("an API token has no password or two-factor sign-in; log in")),
    }
}

fn client(actor: &Actor) -> Client {
    Client { user_agent: String::new(), address_digest: actor.address_digest.clone() }
}

/// Two-factor sign-in: mine
#[utoipa::path(get, path = "/two-factor", tag = "security", operation_id = "two_factor",
    responses((status = 200, description = "Whether it is on, codes left, whether it is required", body = TwoFactor), Refused))]
pub async fn status(State(state): State<AppState>, actor: Actor) -> Result<Json<TwoFactor>, ApiError> {
    let session = session(&actor)?;
    let record = state.store.two_factor(&session.user_id).await?;
    Ok(Json(TwoFactor {
        enabled: record.secret.is_some(),
        recovery_codes_left: record.recovery_codes_left,
        required: session.two_factor_required,
    }))
}

/// Start setting up two-factor sign-in
///
/// A new secret and its QR code for an authenticator app. Nothing changes until a first code
/// from it is confirmed (`POST /two-factor`).
#[utoipa::path(post, path = "/two-factor/enrolment", tag = "security", operation_id = "start_two_factor",
    responses(
        (status = 201, description = "The secret to scan", body = Enrolment),
        Refused,
        (status = 409, description = "It is on already", body = Error),
    ))]
pub async fn enrol(State(state): State<AppState>, actor: Actor) -> Result<(StatusCode, Json<Enrolment>), ApiError> {
    let session = session(&actor)?;
    if state.store.two_factor(&session.user_id).await?.secret.is_some() {
        return Err(ApiError::Conflict(
            "two-factor sign-in is on already; turn it off first to use another app".into(),
        ));
    }
    let secret = two_factor::new_secret();
    let url =
        two_factor::url(&secret, &session.email).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("otpauth URL")))?;
    let qr_svg = two_factor::qr_svg(&url).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("QR code")))?;
    state.store.set_pending_two_factor(&session.user_id, &secret).await?;
    Ok((StatusCode::CREATED, Json(Enrolment { secret, url, qr_svg })))
}

/// Turn two-factor sign-in on
///
/// With the first code from the app just set up: ten single-use recovery codes come back, shown
/// this once.
#[utoipa::path(post, path = "/two-factor", tag = "security", operation_id = "enable_two_factor",
    request_body = Code,
    responses(
        (status = 201, description = "On; the recovery codes", body = RecoveryCodes),
        Refused,
        (status = 409, description = "No set-up started (or it is on already)", body = Error),
        (status = 422, description = "A wrong code", body = Error),
        (status = 429, description = "Too many wrong codes", body = Error),
    ))]
pub async fn enable(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<Code>,
) -> Result<(StatusCode, Json<RecoveryCodes>), ApiError> {
    let session = session(&actor)?;
    let user_id = &session.user_id;
    let record = state.store.two_factor(user_id).await?;
    let (None, Some(pending)) = (record.secret, record.pending) else {
        return Err(ApiError::Conflict("start setting up two-factor sign-in first".into()));
    };
    let step = two_factor::check(&pending, &body.value.code, two_factor::now_seconds());
    limited(&state, user_id, &client(&actor), async { Ok(step.is_some()) }).await?;
    let (codes, hashes) = two_factor::new_recovery_codes();
    let audit = actor.audit(AuditAction::TwoFactorEnabled, user_id);
    state.store.enable_two_factor(user_id, &pending, step.unwrap_or_default(), &hashes, &audit).await?;
    Ok((StatusCode::CREATED, Json(RecoveryCodes { codes })))
}

/// Turn two-factor sign-in off
///
/// Needs a current code (or a recovery code). Refused while the organisation requires it.
#[utoipa::path(post, path = "/two-factor/disable", tag = "security", operation_id = "disable_two_factor",
    request_body = Code,
    responses(
        (status = 204, description = "Off"),
        Refused,
        (status = 422, description = "A wrong code, or it is off", body = Error),
        (status = 429, description = "Too many wrong codes", body = Error),
    ))]
pub async fn disable(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<Code>,
) -> Result<StatusCode, ApiError> {
    let session = session(&actor)?;
    if session.two_factor_required {
        return Err(ApiError::Forbidden("your organisation requires two-factor sign-in; an owner can change that"));
    }
    let recovery = actor.audit(AuditAction::RecoveryCodeUsed, &session.user_id);
    verify_code(&state, &session.user_id, &body.value.code, &client(&actor), Some(&recovery)).await?;
    let audit = actor.audit(AuditAction::TwoFactorDisabled, &session.user_id);
    state.store.disable_two_factor(&session.user_id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// New recovery codes
///
/// With a current code from the app; the old recovery codes stop working.
#[utoipa::path(post, path = "/two-factor/recovery-codes", tag = "security", operation_id = "renew_recovery_codes",
    request_body = Code,
    responses(
        (status = 201, description = "The new codes, shown this once", body = RecoveryCodes),
        Refused,
        (status = 422, description = "A wrong code", body = Error),
        (status = 429, description = "Too many wrong codes", body = Error),
    ))]
pub async fn renew_codes(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<Code>,
) -> Result<(StatusCode, Json<RecoveryCodes>), ApiError> {
    let session = session(&actor)?;
    verify_code(&state, &session.user_id, &body.value.code, &client(&actor), None).await?;
    let (codes, hashes) = two_factor::new_recovery_codes();
    let audit = actor.audit(AuditAction::RecoveryCodesRenewed, &session.user_id);
    state.store.renew_recovery_codes(&session.user_id, &hashes, &audit).await?;
    Ok((StatusCode::CREATED, Json(RecoveryCodes { codes })))
}

/// Require two-factor sign-in (owners)
///
/// Members without it are sent to set it up before anything else. API tokens are not affected:
/// scripts keep working with theirs.
#[utoipa::path(put, path = "/organization/security", tag = "security", operation_id = "set_organization_security",
    request_body = OrganizationSecurity,
    responses(
        (status = 204, description = "Changed"),
        Refused,
        (status = 422, description = "Set it up yourself before requiring it", body = Error),
    ))]
pub async fn set_requirement(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<OrganizationSecurity>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let session = session(&actor)?;
    let required = body.value.require_two_factor;
    if required && !session.two_factor {
        return Err(ApiError::Invalid("set up two-factor sign-in for yourself before requiring it of everyone".into()));
    }
    let audit = actor.audit(AuditAction::TwoFactorRequirementChanged, &actor.organization_id);
    let audit = audit.detail(if required { "required" } else { "optional" });
    state.store.set_two_factor_required(&actor.organization_id, required, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change my password
///
/// Needs the current one; every other session of the member ends (this one stays).
#[utoipa::path(post, path = "/password", tag = "security", operation_id = "change_password",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        Refused,
        (status = 401, description = "Not the current password", body = Error),
        (status = 422, description = "A new password that will not do", body = Error),
        (status = 429, description = "Too many wrong passwords", body = Error),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let session = session(&actor)?;
    let Via::Session { token_hash, .. } = &actor.via else { return Err(ApiError::Unauthorized) };
    let account = format!("email:{}", session.email);
    check_failures(&state, &[(&account, MAX_FAILURES_PER_ACCOUNT)]).await?;
    let hash = state.store.password_hash(&session.user_id).await?.ok_or(ApiError::Unauthorized)?;
    if !auth::verify_password(&body.value.current, &hash) {
        state.store.record_login_failure(&[account], now_millis()).await?;
        return Err(ApiError::InvalidCredentials);
    }
    auth::check_password(&body.value.new, &session.email)?;
    let audit = actor.audit(AuditAction::PasswordChanged, &session.user_id);
    state.store.change_password(&session.user_id, &auth::hash_password(&body.value.new)?, token_hash, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
