//! Sessions and two-factor sign-in: the [`SecurityStore`] part of the store. Every change here
//! that a member makes writes its audit entry in the same transaction.

use super::accounts::{NewSession, Session};
use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

/// A member's two-factor sign-in as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TwoFactorRecord {
    /// The secret (base32) while two-factor sign-in is on.
    pub secret: Option<String>,
    /// An enrolment's secret, waiting for its first code.
    pub pending: Option<String>,
    pub recovery_codes_left: u32,
}

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

/// A right password waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub user_id: String,
    pub organization_id: String,
    pub next: String,
}

#[async_trait]
pub trait SecurityStore: Send + Sync {
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

    async fn two_factor(&self, user_id: &str) -> Result<TwoFactorRecord, StoreError>;

    /// Keeps an enrolment's secret until its first code confirms it.
    async fn set_pending_two_factor(&self, user_id: &str, secret: &str) -> Result<(), StoreError>;

    /// Turns two-factor sign-in on with the pending `secret` (`NotFound` when that is not the
    /// pending one any more), counting `step` as used, with new recovery codes (digests).
    async fn enable_two_factor(
        &self,
        user_id: &str,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Turns it off and forgets the secret and the recovery codes.
    async fn disable_two_factor(&self, user_id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Replaces the recovery codes.
    async fn renew_recovery_codes(&self, user_id: &str, hashes: &[String], audit: &Audit) -> Result<(), StoreError>;

    /// Takes a code's time step once: false when it (or a later one) was taken already.
    async fn take_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError>;

    /// Uses a recovery code once: false when it is unknown or used. `audit` when it was not.
    async fn use_recovery_code(&self, user_id: &str, hash: &str, now: i64, audit: &Audit) -> Result<bool, StoreError>;

    async fn set_two_factor_required(
        &self,
        organization_id: &str,
        required: bool,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    async fn create_challenge(
        &self,
        token_hash: &str,
        challenge: &Challenge,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// The live challenge with this digest.
    async fn challenge(&self, token_hash: &str, now: i64) -> Result<Option<Challenge>, StoreError>;

    async fn end_challenge(&self, token_hash: &str) -> Result<(), StoreError>;
}

/// Implements `SecurityStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! security_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::accounts::{NewSession, Session};
            use $crate::store::audit::Audit;
            use $crate::store::security::*;
            use $crate::store::{found, now_millis, StoreError};

            type SessionJoin = (String, String, String, String, String, String, String, String, i64, Option<String>, bool);

            impl $store {
                async fn replace_recovery_codes(
                    tx: &mut sqlx::Transaction<'_, $db>,
                    user_id: &str,
                    hashes: &[String],
                ) -> Result<(), StoreError> {
                    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
                    for hash in hashes {
                        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                            .bind(user_id)
                            .bind(hash)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(())
                }
            }

            #[async_trait]
            impl SecurityStore for $store {
                async fn create_session(&self, s: &NewSession<'_>, audit: Option<&Audit>) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = self.pool.begin().await?;
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
                    let mut tx = self.pool.begin().await?;
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
                    let mut tx = self.pool.begin().await?;
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
                    let mut tx = self.pool.begin().await?;
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
                    let mut tx = self.pool.begin().await?;
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

                async fn two_factor(&self, user_id: &str) -> Result<TwoFactorRecord, StoreError> {
                    let row: Option<(Option<String>, Option<String>, i64)> = sqlx::query_as(
                        "SELECT totp_secret, totp_pending,
                                (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL)
                         FROM users u WHERE id = $1",
                    )
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    let (secret, pending, left) = row.ok_or(StoreError::NotFound)?;
                    Ok(TwoFactorRecord { secret, pending, recovery_codes_left: left as u32 })
                }

                async fn set_pending_two_factor(&self, user_id: &str, secret: &str) -> Result<(), StoreError> {
                    let done = sqlx::query("UPDATE users SET totp_pending = $2 WHERE id = $1")
                        .bind(user_id)
                        .bind(secret)
                        .execute(&self.pool)
                        .await?;
                    found(done.rows_affected())
                }

                async fn enable_two_factor(
                    &self,
                    user_id: &str,
                    secret: &str,
                    step: i64,
                    recovery_hashes: &[String],
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query(
                        "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $3
                         WHERE id = $1 AND totp_pending = $2",
                    )
                    .bind(user_id)
                    .bind(secret)
                    .bind(step)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::replace_recovery_codes(&mut tx, user_id, recovery_hashes).await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn disable_two_factor(&self, user_id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query(
                        "UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1 AND totp_secret IS NOT NULL",
                    )
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::replace_recovery_codes(&mut tx, user_id, &[]).await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn renew_recovery_codes(&self, user_id: &str, hashes: &[String], audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    Self::replace_recovery_codes(&mut tx, user_id, hashes).await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn take_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError> {
                    let done = sqlx::query("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2")
                        .bind(user_id)
                        .bind(step)
                        .execute(&self.pool)
                        .await?;
                    Ok(done.rows_affected() == 1)
                }

                async fn use_recovery_code(&self, user_id: &str, hash: &str, now: i64, audit: &Audit) -> Result<bool, StoreError> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query(
                        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
                    )
                    .bind(user_id)
                    .bind(hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Ok(false);
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(true)
                }

                async fn set_two_factor_required(
                    &self,
                    organization_id: &str,
                    required: bool,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = self.pool.begin().await?;
                    let done = sqlx::query("UPDATE organizations SET require_two_factor = $2 WHERE id = $1")
                        .bind(organization_id)
                        .bind(required)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_challenge(&self, token_hash: &str, c: &Challenge, expires_at: i64) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO login_challenges (token_hash, user_id, organization_id, next, expires_at)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(token_hash)
                    .bind(&c.user_id)
                    .bind(&c.organization_id)
                    .bind(&c.next)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await?;
                    // Challenges nobody finished go as new ones arrive.
                    sqlx::query("DELETE FROM login_challenges WHERE expires_at < $1")
                        .bind(now_millis())
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn challenge(&self, token_hash: &str, now: i64) -> Result<Option<Challenge>, StoreError> {
                    let row: Option<(String, String, String)> = sqlx::query_as(
                        "SELECT user_id, organization_id, next FROM login_challenges WHERE token_hash = $1 AND expires_at > $2",
                    )
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|(user_id, organization_id, next)| Challenge { user_id, organization_id, next }))
                }

                async fn end_challenge(&self, token_hash: &str) -> Result<(), StoreError> {
                    sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
                    Ok(())
                }
            }
        };
    };
}
pub(crate) use security_sql;
