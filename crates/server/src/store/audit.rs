//! The audit log: the [`AuditStore`] part of the store, and [`Audit`], the entry every admin
//! write of the store takes and inserts in its own transaction: a change and its entry commit
//! together or not at all. Nothing in the product edits or deletes an entry; the retention
//! worker drops the ones older than the server's retention period.

use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::security::{ActorKind, AuditAction, AuditEntry};

/// Who did what to which object, from where: one entry of the log, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// `None` for the command line's changes to surveys of no organisation.
    pub organization_id: Option<String>,
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub actor_name: String,
    /// The SHA-256 of the client's address (empty for the server itself).
    pub address_digest: String,
    pub action: AuditAction,
    pub object_id: String,
    pub survey_id: Option<String>,
    pub detail: String,
}

impl Audit {
    /// A change the server makes itself (`by`: "command line", "demo").
    pub fn system(organization_id: Option<&str>, by: &str, action: AuditAction, object_id: &str) -> Audit {
        Audit {
            organization_id: organization_id.map(str::to_owned),
            actor_kind: ActorKind::System,
            actor_id: by.to_owned(),
            actor_name: by.to_owned(),
            address_digest: String::new(),
            action,
            object_id: object_id.to_owned(),
            survey_id: None,
            detail: String::new(),
        }
    }

    /// The entry of a change to something of a survey.
    pub fn survey(mut self, survey_id: &str) -> Audit {
        self.survey_id = Some(survey_id.to_owned());
        self
    }

    /// A short note on the change: the new status, the new role. Never personal data.
    pub fn detail(mut self, detail: impl Into<String>) -> Audit {
        self.detail = detail.into();
        self
    }
}

/// Which entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// A member's user id or an API token's id.
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    /// An object's id, or a survey's: its own entries and those of everything in it.
    pub object: Option<String>,
    /// From this time on (milliseconds, inclusive).
    pub from: Option<i64>,
    /// Before this time (milliseconds, exclusive).
    pub to: Option<i64>,
    /// The `(at, id)` of the last entry of the previous page.
    pub before: Option<(i64, String)>,
    pub limit: u32,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records an entry on its own, for what changes nothing else in the database (a download).
    async fn record_audit(&self, audit: &Audit) -> Result<(), StoreError>;

    /// An organisation's entries that match, newest first.
    async fn audit_entries(&self, organization_id: &str, query: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError>;

    /// Drops the entries made before `before` (milliseconds); how many went.
    async fn purge_audit(&self, before: i64) -> Result<u64, StoreError>;
}

/// The first 12 hex digits of an address digest: enough to tell places apart in a list.
pub fn short_digest(digest: &str) -> String {
    digest.chars().take(12).collect()
}

type AuditRow = (String, i64, String, String, String, String, String, String, Option<String>, String, String);

pub(crate) fn decode_entries(rows: Vec<AuditRow>) -> Result<Vec<AuditEntry>, StoreError> {
    rows.into_iter()
        .map(|(id, at, kind, actor_id, actor_name, action, object_kind, object_id, survey, detail, address)| {
            Ok(AuditEntry {
                id,
                at,
                actor_kind: super::error::named(&kind)?,
                actor_id,
                actor_name,
                action: super::error::named(&action)?,
                object_kind,
                object_id,
                survey,
                detail,
                address: short_digest(&address),
            })
        })
        .collect()
}

/// Implements `AuditStore` for a type with a `pool: sqlx::Pool<$db>` field, and gives it
/// `insert_audit`, which the other writes call inside their transactions.
macro_rules! audit_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::*;
            use $crate::store::StoreError;

            impl $store {
                /// Writes an entry on `connection`: in the transaction of the change it records.
                pub(crate) async fn insert_audit(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    a: &Audit,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO audit_entries (id, organization_id, at, actor_kind, actor_id, actor_name, action,
                             object_kind, object_id, survey_id, detail, address_digest)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    )
                    .bind($crate::store::ordered_id())
                    .bind(&a.organization_id)
                    .bind($crate::store::now_millis())
                    .bind(a.actor_kind.as_str())
                    .bind(&a.actor_id)
                    .bind(&a.actor_name)
                    .bind(a.action.as_str())
                    .bind(a.action.object_kind())
                    .bind(&a.object_id)
                    .bind(&a.survey_id)
                    .bind(&a.detail)
                    .bind(&a.address_digest)
                    .execute(connection)
                    .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl AuditStore for $store {
                async fn record_audit(&self, audit: &Audit) -> Result<(), StoreError> {
                    let mut connection = self.pool.acquire().await?;
                    Self::insert_audit(&mut connection, audit).await
                }

                async fn audit_entries(
                    &self,
                    organization_id: &str,
                    q: &AuditQuery,
                ) -> Result<Vec<AuditEntry>, StoreError> {
                    let (before_at, before_id) = q.before.clone().unwrap_or((i64::MAX, String::new()));
                    let rows = sqlx::query_as(
                        "SELECT id, at, actor_kind, actor_id, actor_name, action, object_kind, object_id, survey_id,
                                detail, address_digest
                         FROM audit_entries
                         WHERE organization_id = $1
                           AND ($2 IS NULL OR actor_id = $2)
                           AND ($3 IS NULL OR action = $3)
                           AND ($4 IS NULL OR object_id = $4 OR survey_id = $4)
                           AND at >= $5 AND at < $6
                           AND (at < $7 OR (at = $7 AND ($8 = '' OR id < $8)))
                         ORDER BY at DESC, id DESC
                         LIMIT $9",
                    )
                    .bind(organization_id)
                    .bind(&q.actor)
                    .bind(q.action.map(|a| a.as_str()))
                    .bind(&q.object)
                    .bind(q.from.unwrap_or(0))
                    .bind(q.to.unwrap_or(i64::MAX))
                    .bind(before_at)
                    .bind(before_id)
                    .bind(i64::from(q.limit))
                    .fetch_all(&self.pool)
                    .await?;
                    decode_entries(rows)
                }

                async fn purge_audit(&self, before: i64) -> Result<u64, StoreError> {
                    let done =
                        sqlx::query("DELETE FROM audit_entries WHERE at < $1").bind(before).execute(&self.pool).await?;
                    Ok(done.rows_affected())
                }
            }
        };
    };
}
pub(crate) use audit_sql;
