//! Two-factor sign-in: the [`TwoFactorStore`] part of the store: a member's secret, their
//! recovery codes (digests only), the time step a code was last accepted for, the
//! organisation's requirement, and right passwords waiting for their code. Every change a member
//! makes writes its audit entry in the same transaction.

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

/// A right password waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub user_id: String,
    pub organization_id: String,
    pub next: String,
}

#[async_trait]
pub trait TwoFactorStore: Send + Sync {
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

/// Implements `TwoFactorStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! two_factor_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::two_factor::*;
            use $crate::store::{found, now_millis, StoreError};

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
            impl TwoFactorStore for $store {
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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
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
pub(crate) use two_factor_sql;
