//! The inner loop's cases: the [`CaseStore`] part of the store. A survey's rules, the cases they
//! open (one a response at most, whatever retries), their status, and the organisation's root
//! causes. Every change a member makes writes its audit entry in the same transaction.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::case::{CaseMember, CaseRule, CaseStatus, ReplyVia, RootCause};

/// A case to open for a response, its owner picked in turn among `owners`.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub survey_id: &'a str,
    pub response_id: &'a str,
    /// The rule's place in the survey's list.
    pub rule: usize,
    pub owners: &'a [String],
    pub escalate_to: Option<&'a str>,
    pub opened_at: i64,
    pub due_at: i64,
    /// How the customer asked to hear back, with the secret of their conversation page.
    pub reply: Option<(ReplyVia, &'a str)>,
    /// The address they gave (or the company knew), kept apart with the case.
    pub address: Option<&'a str>,
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    pub id: String,
    pub organization_id: String,
    pub survey_id: String,
    pub response_id: String,
    /// The place of the rule that opened it in its survey's list.
    pub rule: usize,
    pub owner: CaseMember,
    pub escalate_to: Option<CaseMember>,
    pub status: CaseStatus,
    pub opened_at: i64,
    pub due_at: i64,
    pub contacted_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub outcome: Option<String>,
    pub root_cause: Option<String>,
    pub plan_id: Option<String>,
    pub reply_via: Option<ReplyVia>,
    /// The customer's answer to "Did we resolve it?".
    pub resolved_answer: Option<bool>,
}

impl StoredCase {
    /// How long the customer waited from their answer to the first contact, once contacted.
    pub fn wait(&self) -> Option<i64> {
        self.contacted_at.map(|at| at - self.opened_at)
    }
}

/// A case's move to another status, with what resolving needs.
#[derive(Debug, Clone)]
pub struct CaseMove<'a> {
    pub status: CaseStatus,
    pub outcome: Option<&'a str>,
    pub root_cause: Option<&'a str>,
    pub at: i64,
}

#[async_trait]
pub trait CaseStore: Send + Sync {
    /// A survey's rules, in order (none when it has none).
    async fn case_rules(&self, survey_id: &str) -> Result<Vec<CaseRule>, StoreError>;

    async fn set_case_rules(&self, survey_id: &str, rules: &[CaseRule], audit: &Audit) -> Result<(), StoreError>;

    /// Opens a response's case unless it has one; whether it opened now.
    async fn open_case(&self, case: &NewCase<'_>) -> Result<bool, StoreError>;

    /// An organisation's cases (those `owner` owns, when given), overdue first then by due time.
    async fn cases(&self, organization_id: &str, owner: Option<&str>, now: i64) -> Result<Vec<StoredCase>, StoreError>;

    /// A case of the organisation. `None` for another's.
    async fn case(&self, organization_id: &str, id: &str) -> Result<Option<StoredCase>, StoreError>;

    /// Moves a case. `NotFound` for another organisation's.
    async fn move_case(
        &self,
        organization_id: &str,
        id: &str,
        change: &CaseMove<'_>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Links the case to a plan of its survey, or unlinks it. `NotFound` for another's case.
    async fn link_case_plan(
        &self,
        organization_id: &str,
        id: &str,
        plan: Option<&str>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// A survey's cases, oldest first (for what its results page says the inner loop did).
    async fn survey_cases(&self, survey_id: &str) -> Result<Vec<StoredCase>, StoreError>;

    async fn root_causes(&self, organization_id: &str) -> Result<Vec<RootCause>, StoreError>;

    /// `Conflict` when the organisation has a root cause with this id.
    async fn add_root_cause(&self, organization_id: &str, cause: &RootCause, audit: &Audit) -> Result<(), StoreError>;
}

/// The columns of a case with its owner's and escalation member's names.
macro_rules! select_cases {
    ($rest:literal) => {
        concat!(
            "SELECT c.id, c.organization_id, c.survey_id, c.response_id, c.rule, c.owner_user_id, o.name AS owner_name,
                    c.escalate_to, e.name AS escalate_name, c.status, c.opened_at, c.due_at, c.contacted_at,
                    c.closed_at, c.outcome, c.root_cause, c.plan_id, c.reply_via, c.resolved_answer
             FROM cases c JOIN users o ON o.id = c.owner_user_id LEFT JOIN users e ON e.id = c.escalate_to ",
            $rest
        )
    };
}
pub(crate) use select_cases;

/// A row of [`select_cases`].
#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    id: String,
    organization_id: String,
    survey_id: String,
    response_id: String,
    rule: i64,
    owner_user_id: String,
    owner_name: String,
    escalate_to: Option<String>,
    escalate_name: Option<String>,
    status: String,
    opened_at: i64,
    due_at: i64,
    contacted_at: Option<i64>,
    closed_at: Option<i64>,
    outcome: Option<String>,
    root_cause: Option<String>,
    plan_id: Option<String>,
    reply_via: Option<String>,
    resolved_answer: Option<String>,
}

pub(crate) fn decode_case(row: CaseRow) -> Result<StoredCase, StoreError> {
    Ok(StoredCase {
        id: row.id,
        organization_id: row.organization_id,
        survey_id: row.survey_id,
        response_id: row.response_id,
        rule: usize::try_from(row.rule).unwrap_or(usize::MAX),
        owner: CaseMember { user_id: row.owner_user_id, name: row.owner_name },
        escalate_to: row.escalate_to.map(|user_id| CaseMember { user_id, name: row.escalate_name.unwrap_or_default() }),
        status: super::error::named(&row.status)?,
        opened_at: row.opened_at,
        due_at: row.due_at,
        contacted_at: row.contacted_at,
        closed_at: row.closed_at,
        outcome: row.outcome,
        root_cause: row.root_cause,
        plan_id: row.plan_id,
        reply_via: row.reply_via.as_deref().map(super::error::named).transpose()?,
        resolved_answer: row.resolved_answer.map(|a| a == "yes"),
    })
}

/// Implements `CaseStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! cases_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::cases::*;
            use $crate::store::{found, StoreError};

            impl $store {
                /// Closes the case of a response being deleted, on `connection`: nothing is left
                /// to follow up. Its address and conversation go with the response, whatever the
                /// case's status, and its conversation page is gone.
                pub(crate) async fn withdraw_case(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    survey_id: &str,
                    response_id: &str,
                    at: i64,
                ) -> Result<(), StoreError> {
                    let of_response = "(SELECT id FROM cases WHERE survey_id = $1 AND response_id = $2)";
                    for table in ["case_addresses", "case_messages"] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE case_id IN {of_response}"))
                            .bind(survey_id)
                            .bind(response_id)
                            .execute(&mut *connection)
                            .await?;
                    }
                    sqlx::query(
                        "UPDATE cases SET status = CASE WHEN status IN ('open', 'contacted') THEN 'withdrawn' ELSE status END,
                             closed_at = CASE WHEN status IN ('open', 'contacted') THEN $3 ELSE closed_at END,
                             conversation_token = NULL
                         WHERE survey_id = $1 AND response_id = $2",
                    )
                    .bind(survey_id)
                    .bind(response_id)
                    .bind(at)
                    .execute(&mut *connection)
                    .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl CaseStore for $store {
                async fn case_rules(&self, survey_id: &str) -> Result<Vec<CaseRule>, StoreError> {
                    let rules: Option<String> = sqlx::query_scalar("SELECT rules FROM case_rules WHERE survey_id = $1")
                        .bind(survey_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    rules.map_or(Ok(Vec::new()), |rules| {
                        serde_json::from_str(&rules).map_err(|e| StoreError::Corrupt(format!("case rules: {e}")))
                    })
                }

                async fn set_case_rules(&self, survey_id: &str, rules: &[CaseRule], audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO case_rules (survey_id, rules, updated_at) VALUES ($1, $2, $3)
                         ON CONFLICT (survey_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
                    )
                    .bind(survey_id)
                    .bind(serde_json::to_string(rules).expect("rules serialize"))
                    .bind($crate::store::now_millis())
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn open_case(&self, c: &NewCase<'_>) -> Result<bool, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    // In turn: the rule's cases so far pick the next owner.
                    let opened: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE survey_id = $1 AND rule = $2")
                        .bind(c.survey_id)
                        .bind(c.rule as i64)
                        .fetch_one(&mut *tx)
                        .await?;
                    let Some(owner) = c.owners.get(opened as usize % c.owners.len().max(1)) else { return Ok(false) };
                    let done = sqlx::query(
                        "INSERT INTO cases (id, organization_id, survey_id, response_id, rule, owner_user_id, escalate_to,
                             status, opened_at, due_at, reply_via, conversation_token)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11)
                         ON CONFLICT (survey_id, response_id) DO NOTHING",
                    )
                    .bind(c.id)
                    .bind(c.organization_id)
                    .bind(c.survey_id)
                    .bind(c.response_id)
                    .bind(c.rule as i64)
                    .bind(owner)
                    .bind(c.escalate_to)
                    .bind(c.opened_at)
                    .bind(c.due_at)
                    .bind(c.reply.map(|(via, _)| via.as_str()))
                    .bind(c.reply.map(|(_, token)| token))
                    .execute(&mut *tx)
                    .await?;
                    let opened = done.rows_affected() == 1;
                    if let (true, Some(address)) = (opened, c.address) {
                        sqlx::query("INSERT INTO case_addresses (case_id, email, created_at) VALUES ($1, $2, $3)")
                            .bind(c.id)
                            .bind(address)
                            .bind(c.opened_at)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(opened)
                }

                async fn cases(&self, organization_id: &str, owner: Option<&str>, now: i64) -> Result<Vec<StoredCase>, StoreError> {
                    let rows: Vec<CaseRow> = sqlx::query_as(select_cases!(
                        "WHERE c.organization_id = $1 AND ($2 IS NULL OR c.owner_user_id = $2)
                         ORDER BY CASE WHEN c.status = 'open' AND c.due_at < $3 THEN 0
                                       WHEN c.status IN ('open', 'contacted') THEN 1 ELSE 2 END,
                                  c.due_at, c.id"
                    ))
                    .bind(organization_id)
                    .bind(owner)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(decode_case).collect()
                }

                async fn case(&self, organization_id: &str, id: &str) -> Result<Option<StoredCase>, StoreError> {
                    let row: Option<CaseRow> = sqlx::query_as(select_cases!("WHERE c.organization_id = $1 AND c.id = $2"))
                        .bind(organization_id)
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(decode_case).transpose()
                }

                async fn move_case(
                    &self,
                    organization_id: &str,
                    id: &str,
                    m: &CaseMove<'_>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let closed = m.status.closed().then_some(m.at);
                    // A case resolved without a "contacted" step reached its customer all the same.
                    let reached = matches!(m.status, CaseStatus::Contacted | CaseStatus::Resolved);
                    let contacted = reached.then_some(m.at);
                    let done = sqlx::query(
                        "UPDATE cases SET status = $3, outcome = COALESCE($4, outcome), root_cause = COALESCE($5, root_cause),
                             contacted_at = COALESCE(contacted_at, $6), closed_at = $7
                         WHERE organization_id = $1 AND id = $2",
                    )
                    .bind(organization_id)
                    .bind(id)
                    .bind(m.status.as_str())
                    .bind(m.outcome)
                    .bind(m.root_cause)
                    .bind(contacted)
                    .bind(closed)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn link_case_plan(
                    &self,
                    organization_id: &str,
                    id: &str,
                    plan: Option<&str>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query("UPDATE cases SET plan_id = $3 WHERE organization_id = $1 AND id = $2")
                        .bind(organization_id)
                        .bind(id)
                        .bind(plan)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn survey_cases(&self, survey_id: &str) -> Result<Vec<StoredCase>, StoreError> {
                    let rows: Vec<CaseRow> = sqlx::query_as(select_cases!("WHERE c.survey_id = $1 ORDER BY c.opened_at, c.id"))
                        .bind(survey_id)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.into_iter().map(decode_case).collect()
                }

                async fn root_causes(&self, organization_id: &str) -> Result<Vec<RootCause>, StoreError> {
                    let rows: Vec<(String, String)> = sqlx::query_as(
                        "SELECT id, label FROM root_causes WHERE organization_id = $1 ORDER BY created_at, id",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(|(id, label)| RootCause { id, label }).collect())
                }

                async fn add_root_cause(&self, organization_id: &str, cause: &RootCause, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "INSERT INTO root_causes (organization_id, id, label, created_at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (organization_id, id) DO NOTHING",
                    )
                    .bind(organization_id)
                    .bind(&cause.id)
                    .bind(&cause.label)
                    .bind($crate::store::now_millis())
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::Conflict);
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}
pub(crate) use cases_sql;
