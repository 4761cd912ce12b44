//! What running the server needs of its database, beyond the product's data: whether it is ready
//! to serve (`/readyz`), what its pool and outboxes hold (`/metrics`), and rate limits that every
//! instance over one database shares. The [`OperationsStore`] part of the store.

use super::StoreError;
use async_trait::async_trait;

/// The connections of this instance's pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open now.
    pub open: u32,
    /// Of those, the ones no request holds.
    pub idle: u32,
}

/// What an outbox still has to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlog {
    /// `mail` or `webhooks`.
    pub outbox: &'static str,
    /// Messages not yet sent (and not given up).
    pub pending: i64,
    /// When the oldest of them was queued, in ms since 1970.
    pub oldest: Option<i64>,
}

/// How much a client may do: `burst` at once, then one more each `every_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub burst: u32,
    pub every_ms: i64,
}

#[async_trait]
pub trait OperationsStore: Send + Sync {
    /// Why this database cannot serve now (out of reach, a required setting lost, migrations not
    /// current), or `None` when it can.
    async fn not_ready(&self) -> Option<String>;

    fn pool_use(&self) -> PoolUse;

    /// The mail and webhook outboxes' pending messages.
    async fn outbox_backlog(&self) -> Result<Vec<Backlog>, StoreError>;

    /// Whether several server instances may serve this database at once, so that what limits
    /// clients must be kept here rather than in each instance's memory.
    fn shared_by_instances(&self) -> bool;

    /// Takes one from `client`'s allowance for `bucket` at `now` (the generic cell rate
    /// algorithm, in one atomic statement every instance sees). `Ok(None)` when taken;
    /// `Ok(Some(ms))` when the allowance is used up: nothing is taken, and one more is allowed
    /// in `ms`.
    async fn take_allowance(
        &self,
        bucket: &str,
        client: &str,
        allowance: Allowance,
        now: i64,
    ) -> Result<Option<i64>, StoreError>;

    /// Forgets clients whose allowance is whole again at `now` (their rows say nothing more).
    async fn forget_whole_allowances(&self, now: i64) -> Result<u64, StoreError>;
}

/// Which of a migrator's migrations a database has not applied, from the versions it applied.
pub(crate) fn missing_migrations(migrator: &sqlx::migrate::Migrator, applied: &[i64]) -> Vec<i64> {
    migrator.iter().map(|m| m.version).filter(|version| !applied.contains(version)).collect()
}

/// Implements `OperationsStore` for a type with a `pool: sqlx::Pool<$db>` field, a
/// `MIGRATOR` and an `async fn settings_problem(&self) -> anyhow::Result<Option<String>>`.
macro_rules! operations_sql {
    ($store:ty, $db:ty, $shared:expr) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::operations::*;
            use $crate::store::StoreError;

            #[async_trait]
            impl OperationsStore for $store {
                async fn not_ready(&self) -> Option<String> {
                    match self.settings_problem().await {
                        Ok(None) => {}
                        Ok(Some(problem)) => return Some(problem),
                        Err(err) => return Some(format!("the database cannot be reached: {err:#}")),
                    }
                    let applied: Result<Vec<i64>, _> =
                        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                            .fetch_all(&self.pool)
                            .await;
                    match applied {
                        Err(err) => Some(format!("the database cannot be reached: {err}")),
                        Ok(applied) => {
                            let missing = missing_migrations(&MIGRATOR, &applied);
                            (!missing.is_empty()).then(|| format!("migrations not applied: {missing:?}"))
                        }
                    }
                }

                fn pool_use(&self) -> PoolUse {
                    PoolUse { open: self.pool.size(), idle: self.pool.num_idle() as u32 }
                }

                async fn outbox_backlog(&self) -> Result<Vec<Backlog>, StoreError> {
                    let mut backlog = Vec::new();
                    for (outbox, sql) in [
                        ("mail", "SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE status = 'pending'"),
                        (
                            "webhooks",
                            "SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE status = 'pending'",
                        ),
                    ] {
                        let (pending, oldest): (i64, Option<i64>) = sqlx::query_as(sql).fetch_one(&self.pool).await?;
                        backlog.push(Backlog { outbox, pending, oldest });
                    }
                    Ok(backlog)
                }

                fn shared_by_instances(&self) -> bool {
                    $shared
                }

                async fn take_allowance(
                    &self,
                    bucket: &str,
                    client: &str,
                    allowance: Allowance,
                    now: i64,
                ) -> Result<Option<i64>, StoreError> {
                    // The allowance is whole at `tat` and earlier; each request moves `tat` on by
                    // one interval from no earlier than now, and is allowed while `tat` stays
                    // within `burst` intervals of now. The row is changed only when allowed.
                    let every = allowance.every_ms;
                    let window = every * i64::from(allowance.burst.max(1));
                    let taken: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO rate_allowances (bucket, client, tat) VALUES ($1, $2, $3 + $4)
                         ON CONFLICT (bucket, client) DO UPDATE
                         SET tat = (CASE WHEN rate_allowances.tat > $3 THEN rate_allowances.tat ELSE $3 END) + $4
                         WHERE (CASE WHEN rate_allowances.tat > $3 THEN rate_allowances.tat ELSE $3 END) + $4 - $3 <= $5
                         RETURNING tat",
                    )
                    .bind(bucket)
                    .bind(client)
                    .bind(now)
                    .bind(every)
                    .bind(window)
                    .fetch_optional(&self.pool)
                    .await?;
                    if taken.is_some() {
                        return Ok(None);
                    }
                    let tat: i64 = sqlx::query_scalar("SELECT tat FROM rate_allowances WHERE bucket = $1 AND client = $2")
                        .bind(bucket)
                        .bind(client)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(Some((tat + every - window - now).max(1)))
                }

                async fn forget_whole_allowances(&self, now: i64) -> Result<u64, StoreError> {
                    let done = sqlx::query("DELETE FROM rate_allowances WHERE tat <= $1").bind(now).execute(&self.pool).await?;
                    Ok(done.rows_affected())
                }
            }
        };
    };
}

pub(crate) use operations_sql;
