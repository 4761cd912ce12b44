//! Who is signing in, from where, and how often they got it wrong: the client a sign-in comes
//! from, the failures counted in the database (every server instance sees the same counts) per
//! account, per member's codes and per client address digest, and the check of a member's
//! second-factor code.

use super::auth;
use crate::http::error::ApiError;
use crate::http::extract::Peer;
use crate::http::AppState;
use crate::store::audit::{ActorKind, Audit, AuditAction};
use crate::store::now_millis;
use crate::two_factor;
use axum::http::header;
use axum::http::request::Parts;

/// Failed log-ins counted over this window.
pub const FAILURE_WINDOW_MINUTES: u64 = 15;
/// At most this many failed log-ins per account, and per address, in the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// At most this many wrong codes per member in the window (a code has a million values).
pub const MAX_CODE_FAILURES: i64 = 5;
/// How long a right password waits for its code.
pub const CHALLENGE_MINUTES: i64 = 5;

/// Where a sign-in comes from: its device and its address's digest (never the address).
pub struct Client {
    pub user_agent: String,
    pub address_digest: String,
}

/// A handler's `client: Client`: the request's user agent (300 characters at most) and the digest
/// of its client address, read the way every limit and audit entry reads them.
impl axum::extract::FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Self::Rejection> {
        let peer = Peer::of(parts);
        let user_agent = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(Client {
            user_agent: user_agent.chars().take(300).collect(),
            address_digest: auth::address_digest(state, &parts.headers, peer.0),
        })
    }
}

impl Client {
    /// The entry of `action` by the member `user_id` (`name`), from this client.
    pub fn audit(
        &self,
        organization_id: &str,
        user_id: &str,
        name: &str,
        action: AuditAction,
        object_id: &str,
    ) -> Audit {
        Audit {
            organization_id: Some(organization_id.to_owned()),
            actor_kind: ActorKind::Member,
            actor_id: user_id.to_owned(),
            actor_name: name.to_owned(),
            address_digest: self.address_digest.clone(),
            action,
            object_id: object_id.to_owned(),
            survey_id: None,
            detail: String::new(),
        }
    }

    /// The rate limiter's subject for this client.
    pub fn subject(&self) -> String {
        format!("ip:{}", self.address_digest)
    }
}

/// Refuses when any of `subjects` failed `most` times or more in the window.
pub async fn check_failures(state: &AppState, subjects: &[(&str, i64)]) -> Result<(), ApiError> {
    let since = now_millis() - (FAILURE_WINDOW_MINUTES * 60 * 1000) as i64;
    for (subject, most) in subjects {
        if state.store.login_failures(subject, since).await? >= *most {
            return Err(ApiError::TooManyAttempts(FAILURE_WINDOW_MINUTES));
        }
    }
    Ok(())
}

/// Checks a member's code under the limits: refused before `check` runs (and changes anything)
/// when the member or the address failed too often lately; a wrong code (`check` says false) is
/// counted as a failure of both, a right one clears the member's.
pub async fn limited(
    state: &AppState,
    user_id: &str,
    client: &Client,
    check: impl std::future::Future<Output = Result<bool, ApiError>>,
) -> Result<(), ApiError> {
    let member = format!("code:{user_id}");
    let address = client.subject();
    check_failures(state, &[(&member, MAX_CODE_FAILURES), (&address, MAX_FAILURES_PER_ADDRESS)]).await?;
    if !check.await? {
        state.store.record_login_failure(&[member, address], now_millis()).await?;
        return Err(ApiError::InvalidCode);
    }
    state.store.clear_login_failures(&member).await?;
    Ok(())
}

/// Checks a member's code, [`limited`]: six digits from the app (each time step once), or else
/// an unused recovery code when `recovery` says how to record its use.
pub async fn verify_code(
    state: &AppState,
    user_id: &str,
    code: &str,
    client: &Client,
    recovery: Option<&Audit>,
) -> Result<(), ApiError> {
    limited(state, user_id, client, async {
        let Some(secret) = state.store.two_factor(user_id).await?.secret else { return Ok(false) };
        Ok(if two_factor::is_app_code(code) {
            match two_factor::check(&secret, code, two_factor::now_seconds()) {
                Some(step) => state.store.take_totp_step(user_id, step).await?,
                None => false,
            }
        } else if let Some(audit) = recovery {
            state.store.use_recovery_code(user_id, &two_factor::recovery_digest(code), now_millis(), audit).await?
        } else {
            false
        })
    })
    .await
}
