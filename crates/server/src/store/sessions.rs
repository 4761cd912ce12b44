//! Sessions: the [`SessionStore`] part of the store. Members see theirs and end any of them;
//! owners end a member's; a new password ends the others. Every change writes its audit entry
//! in the same transaction.

use super::accounts::{NewSession, Session};
use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

/// A live session as its member lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub public_id: String,
    pub token_hash: String,
    pub user_agent: String,
    pub address_digest: String,
    pub created_at: i64,
    pub last_seen: i64,
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Starts a session; `audit` records the sign-in (none for a sign-up, whose own entry says it).
    async fn create_session(&self, session: &NewSession<'_>, audit: Option<&Audit>) -> Result<(), StoreError>;

    /// The session with this token digest, if it is live at `now` and its member still belongs.
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError>;

    /// Notes that a session was used at `now`.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError>;

    /// Ends a session by its cookie's digest (logging out).
    async fn revoke_session(&self, token_hash: &str, audit: &Audit) -> Result<(), StoreError>;

    /// A member's live sessions in an organisation, most recently used first.
    async fn sessions(&self, organization_id: &str, user_id: &str, now: i64) -> Result<Vec<SessionRow>, StoreError>;

    /// Ends one live session of a member by its public id. `NotFound` for anyone else's.
    async fn end_session(&self, user_id: &str, public_id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Ends every live session of a member in an organisation; how many.
    async fn end_member_sessions(&self, organization_id: &str, user_id: &str, audit: &Audit)
        -> Result<u64, StoreError>;

    /// Replaces a user's password hash and ends all their sessions but `keep` (a token digest).
    async fn change_password(&self, user_id: &str, hash: &str, keep: &str, audit: &Audit) -> Result<(), StoreError>;

    async fn password_hash(&self, user_id: &str) -> Result<Option<String>, StoreError>;
}

/// Implements `SessionStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! sessions_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::accounts::{NewSession, Session};
            use $crate::store::audit::Audit;
            use $crate::store::sessions::*;
            use $crate::store::{found, now_millis, StoreError};

            type SessionJoin = (String, String, String, String, String, String, String, String, i64, Option<String>, bool);

            #[async_trait]
            impl SessionStore for $store {
                async fn create_session(&self, s: &NewSession<'_>, audit: Option<&Audit>) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO sessions (token_hash, user_id, organization_id, csrf_token, created_at, expires_at,
                             public_id, user_agent, address_digest, last_seen)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $5)",
                    )
                    .bind(s.token_hash)
                    .bind(s.user_id)
                    .bind(s.organization_id)
                    .bind(s.csrf_token)
                    .bind(now)
                    .bind(s.expires_at)
                    .bind(s.public_id)
                    .bind(s.user_agent)
                    .bind(s.address_digest)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(audit) = audit {
                        Self::insert_audit(&mut tx, audit).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
                    let row: Option<SessionJoin> = sqlx::query_as(
                        "SELECT u.id, u.email, u.name, o.id, o.name, m.role, s.csrf_token, s.public_id, s.last_seen,
                                u.totp_secret, o.require_two_factor
                         FROM sessions s
                         JOIN users u ON u.id = s.user_id
                         JOIN organizations o ON o.id = s.organization_id
                         JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id
                         WHERE s.token_hash = $1 AND s.revoked = FALSE AND s.expires_at > $2",
                    )
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    let Some((user_id, email, name, organization_id, organization_name, role, csrf_token, public_id, last_seen, secret, required)) = row
                    else {
                        return Ok(None);
                    };
                    Ok(Some(Session {
                        user_id,
                        email,
                        name,
                        organization_id,
                        organization_name,
                        role: super::error::named(&role)?,
                        csrf_token,
                        public_id,
                        last_seen,
                        two_factor: secret.is_some(),
                        two_factor_required: required,
                    }))
                }

                async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
                    sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
                        .bind(token_hash)
                        .bind(now)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn revoke_session(&self, token_hash: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query("UPDATE sessions SET revoked = TRUE WHERE token_hash = $1")
                        .bind(token_hash)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn sessions(&self, organization_id: &str, user_id: &str, now: i64) -> Result<Vec<SessionRow>, StoreError> {
                    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
                        "SELECT public_id, token_hash, user_agent, address_digest, created_at, last_seen FROM sessions
                         WHERE organization_id = $1 AND user_id = $2 AND revoked = FALSE AND expires_at > $3
                         ORDER BY last_seen DESC, public_id",
                    )
                    .bind(organization_id)
                    .bind(user_id)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .map(|(public_id, token_hash, user_agent, address_digest, created_at, last_seen)| SessionRow {
                            public_id,
                            token_hash,
                            user_agent,
                            address_digest,
                            created_at,
                            last_seen,
                        })
                        .collect())
                }

                async fn end_session(&self, user_id: &str, public_id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE sessions SET revoked = TRUE WHERE user_id = $1 AND public_id = $2 AND revoked = FALSE
                           AND expires_at > $3",
                    )
                    .bind(user_id)
                    .bind(public_id)
                    .bind(now_millis())
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn end_member_sessions(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    audit: &Audit,
                ) -> Result<u64, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE sessions SET revoked = TRUE WHERE organization_id = $1 AND user_id = $2 AND revoked = FALSE",
                    )
                    .bind(organization_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(done.rows_affected())
                }

                async fn change_password(&self, user_id: &str, hash: &str, keep: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                        .bind(user_id)
                        .bind(hash)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    sqlx::query("UPDATE sessions SET revoked = TRUE WHERE user_id = $1 AND token_hash <> $2")
                        .bind(user_id)
                        .bind(keep)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn password_hash(&self, user_id: &str) -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                        .bind(user_id)
                        .fetch_optional(&self.pool)
                        .await?)
                }
            }
        };
    };
}
pub(crate) use sessions_sql;
