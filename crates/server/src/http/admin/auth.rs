//! Who is asking, and may they: passwords, sessions, API tokens, CSRF, roles.
//!
//! A browser signs in with e-mail and password and gets a session cookie (`HttpOnly`,
//! `SameSite=Lax`; `Secure` with the `__Host-` prefix when the server is told it is served over
//! https). Every state-changing request on a session must come from our own pages: its `Origin`
//! must be this server's and it must carry the session's CSRF token in `X-CSRF-Token`. Scripts
//! use API tokens (`Authorization: Bearer hb_…`) instead, which carry no ambient authority and
//! so need no CSRF check; a read token can change nothing.

use crate::http::error::ApiError;
use crate::http::AppState;
use crate::store::accounts::{Role, Scope, Session};
use crate::store::audit::{ActorKind, Audit, AuditAction};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use base64::Engine;
use sha2::{Digest, Sha256};

/// How long a session lasts without logging in again.
pub const SESSION_DAYS: i64 = 14;
const SESSION_COOKIE: &str = "hb_session";
const SECURE_SESSION_COOKIE: &str = "__Host-hb_session";

/// A new random secret: 32 bytes, base64url.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret (session, invitation, API token): its SHA-256.
pub fn digest(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing a password: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Checks a prospective password, saying what the rule is when it is broken.
pub fn check_password(password: &str, email: &str) -> Result<(), ApiError> {
    const RULE: &str = "A password needs at least 10 characters, is not a common password, and does not contain \
                        your e-mail name.";
    const COMMON: [&str; 12] = [
        "password",
        "123456789",
        "1234567890",
        "qwertyuiop",
        "iloveyou",
        "letmein",
        "welcome",
        "admin",
        "hearback",
        "passw0rd",
        "abc123",
        "qwerty123",
    ];
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    let chars = password.chars().count();
    let one_char = password.chars().all(|c| password.starts_with(c));
    let common = COMMON.iter().any(|c| lower.contains(c) && chars < c.len() + 4);
    if !(10..=256).contains(&chars) || one_char || common || (local.len() >= 3 && lower.contains(&local)) {
        return Err(ApiError::WeakPassword(RULE.to_owned()));
    }
    Ok(())
}

/// A plausible e-mail address, lower-cased; a clear error otherwise.
pub fn email(raw: &str) -> Result<String, ApiError> {
    hearback_core::contact::email_address(raw)
        .ok_or_else(|| ApiError::Invalid(format!("`{}` is not an e-mail address", raw.trim())))
}

/// A name (of a person, an organisation, a token): 1 to 100 characters once trimmed.
pub fn name(field: &str, raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ApiError::Invalid(format!("{field} needs 1 to 100 characters")));
    }
    Ok(name.to_owned())
}

/// Where to go after logging in: a path on this server, never another site. `//evil`, `/\evil`,
/// absolute URLs and anything odd give the admin home instead.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/admin";
    let Some(next) = next else { return HOME.to_owned() };
    let odd = !next.starts_with('/')
        || next.starts_with("//")
        || next.starts_with("/\\")
        || next.contains('\\')
        || next.contains("://")
        || next.chars().any(|c| c.is_control() || c.is_whitespace());
    if odd {
        HOME.to_owned()
    } else {
        next.to_owned()
    }
}

/// The `Set-Cookie` value that starts a session (or ends it, with `None`).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let name = if secure { SECURE_SESSION_COOKIE } else { SESSION_COOKIE };
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => {
            format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", SESSION_DAYS * 86_400)
        }
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// The session token a request's cookies carry.
pub fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = if secure { SECURE_SESSION_COOKIE } else { SESSION_COOKIE };
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Who is making a request to the admin API.
#[derive(Debug, Clone)]
pub struct Actor {
    pub organization_id: String,
    pub role: Role,
    /// The person behind a session; `None` for an API token.
    pub user_id: Option<String>,
    pub via: Via,
    /// The SHA-256 of the client's address, for the audit log.
    pub address_digest: String,
}

#[derive(Debug, Clone)]
pub enum Via {
    /// A logged-in browser: its session as the store has it, and the cookie's digest.
    Session {
        token_hash: String,
        session: Box<Session>,
    },
    Token {
        scope: Scope,
        id: String,
        name: String,
    },
}

impl Actor {
    /// Refuses unless the actor's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.role < role {
            return Err(ApiError::Forbidden(match role {
                Role::Owner => "only an owner of the organisation may do this",
                Role::Editor => "viewers read; editing needs the editor or owner role",
                Role::Viewer => "members only",
            }));
        }
        Ok(())
    }

    /// The person acting; API tokens cannot do what only a person may (invite, mint tokens).
    /// The name and e-mail of the person behind a session (none for an API token): who messages
    /// sent on their behalf name, and who gets the replies.
    pub fn named(&self) -> Option<(&str, &str)> {
        match &self.via {
            Via::Session { session, .. } => Some((session.name.as_str(), session.email.as_str())),
            Via::Token { .. } => None,
        }
    }

    /// The audit entry of `action` on the object `object_id`, by this actor, from here.
    pub fn audit(&self, action: AuditAction, object_id: &str) -> Audit {
        let (actor_kind, actor_id, actor_name) = match &self.via {
            Via::Session { session, .. } => (ActorKind::Member, session.user_id.clone(), session.name.clone()),
            Via::Token { id, name, .. } => (ActorKind::Token, id.clone(), name.clone()),
        };
        Audit {
            organization_id: Some(self.organization_id.clone()),
            actor_kind,
            actor_id,
            actor_name,
            address_digest: self.address_digest.clone(),
            action,
            object_id: object_id.to_owned(),
            survey_id: None,
            detail: String::new(),
        }
    }

    pub fn person(&self) -> Result<&str, ApiError> {
        self.user_id.as_deref().ok_or(ApiError::Forbidden("an API token cannot do this; log in"))
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Actor, ApiError> {
        let writes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(token) = bearer {
            let grant = state.store.api_token(&digest(token.trim())).await?.ok_or(ApiError::Unauthorized)?;
            if writes && grant.scope == Scope::Read {
                return Err(ApiError::Forbidden("this API token may only read"));
            }
            // A token acts for its organisation with an editor's rights: never as an owner.
            let role = match grant.scope {
                Scope::Read => Role::Viewer,
                Scope::Write => Role::Editor,
            };
            return Ok(Actor {
                organization_id: grant.organization_id,
                role,
                user_id: None,
                via: Via::Token { scope: grant.scope, id: grant.id, name: grant.name },
                address_digest: parts_address_digest(state, parts),
            });
        }
        let secure = state.config.secure_cookies;
        let token = session_token(&parts.headers, secure).ok_or(ApiError::Unauthorized)?;
        let token_hash = digest(&token);
        let now = crate::store::now_millis();
        let session = state.store.session(&token_hash, now).await?.ok_or(ApiError::Unauthorized)?;
        // Until a member sets up two-factor sign-in their organisation requires, all they may do
        // is set it up (and see who they are, and leave). API tokens are not affected.
        if session.two_factor_required && !session.two_factor && !may_enrol(parts.uri.path()) {
            return Err(ApiError::TwoFactorRequired);
        }
        if now - session.last_seen > LAST_SEEN_EVERY_MS {
            state.store.touch_session(&token_hash, now).await?;
        }
        if writes {
            let csrf = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
            if !same_origin(&parts.headers) || csrf != Some(session.csrf_token.as_str()) {
                return Err(ApiError::CsrfRejected);
            }
        }
        Ok(Actor {
            organization_id: session.organization_id.clone(),
            role: session.role,
            user_id: Some(session.user_id.clone()),
            via: Via::Session { token_hash, session: Box::new(session) },
            address_digest: parts_address_digest(state, parts),
        })
    }
}

/// How often a session's last use is written down: at most once in five minutes.
const LAST_SEEN_EVERY_MS: i64 = 5 * 60 * 1000;

/// What a member whose organisation requires two-factor sign-in may do before setting it up.
fn may_enrol(path: &str) -> bool {
    let path = path.strip_prefix("/admin/api").unwrap_or(path);
    matches!(path, "/me" | "/logout" | "/two-factor" | "/two-factor/enrolment")
}

/// The SHA-256 of a request's client address (of nothing when it has none): what the audit log,
/// sessions and the log-in limits keep instead of the address.
pub fn address_digest(state: &AppState, headers: &HeaderMap, peer: Option<std::net::SocketAddr>) -> String {
    let client = crate::http::extract::client_address(state.config.trust_forwarded_for, headers, peer);
    digest(&client.map(|ip| ip.to_string()).unwrap_or_default())
}

/// [`address_digest`] of a request's parts.
fn parts_address_digest(state: &AppState, parts: &Parts) -> String {
    address_digest(state, &parts.headers, crate::http::extract::Peer::of(parts).0)
}

/// Whether a request's `Origin` is this server (the host it was sent to). Browsers send
/// `Origin` on every state-changing request; its absence is refused.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => {
            origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")) == Some(host)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_the_rule() {
        for weak in ["short", "aaaaaaaaaaaa", "password123", "jane.doe-secret", "1234567890"] {
            let err = check_password(weak, "jane.doe@example.com").unwrap_err();
            assert!(err.to_string().contains("at least 10 characters"), "{weak}");
        }
        check_password("correct horse battery", "jane.doe@example.com").unwrap();
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn next_never_leaves_the_site() {
        for evil in ["//evil.example", "/\\evil.example", "https://evil.example/admin", "evil", "/a b", "/x\\y"] {
            assert_eq!(safe_next(Some(evil)), "/admin", "{evil}");
        }
        assert_eq!(safe_next(Some("/admin/surveys/q4")), "/admin/surveys/q4");
        assert_eq!(safe_next(None), "/admin");
    }

    #[test]
    fn e_mail_addresses_are_checked_and_lower_cased() {
        assert_eq!(email(" Jane@Example.COM ").unwrap(), "jane@example.com");
        for bad in ["jane", "jane@", "@example.com", "jane@example", "a@b@c.d", "ja ne@example.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_session_cookie_is_http_only_lax_and_host_prefixed_over_https() {
        let plain = session_cookie(Some("t"), false);
        assert!(plain.starts_with("hb_session=t;") && plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        let secure = session_cookie(Some("t"), true);
        assert!(secure.starts_with("__Host-hb_session=t;") && secure.contains("; Secure") && secure.contains("Path=/"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }
}
