//! Action plans and their updates: the [`PlanStore`] part of the store, for both databases.

use super::audit::Audit;
use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;
pub use hearback_api::plan::{Plan as StoredPlan, PlanOwner, PlanUpdate};
use hearback_core::plan::{Plan, PlanStatus};

/// An update to add to a plan's timeline, moving its status when `status` is given.
#[derive(Debug, Clone)]
pub struct NewUpdate<'a> {
    pub id: &'a str,
    pub author_user_id: &'a str,
    pub body: &'a str,
    pub status: Option<(PlanStatus, Option<&'a str>)>,
}

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Stores a plan and, when given, the e-mail that tells its owner, in one transaction.
    async fn create_plan(
        &self,
        id: &str,
        organization_id: &str,
        survey_id: &str,
        plan: &Plan,
        mail: Option<&NewMail>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// A survey's plans, oldest first, each with its owner and updates.
    async fn plans(&self, survey_id: &str) -> Result<Vec<StoredPlan>, StoreError>;

    /// Replaces a plan's fields (a status change goes on its timeline, by `author`); the e-mail,
    /// when given, tells a new owner. `NotFound`.
    async fn update_plan(
        &self,
        survey_id: &str,
        id: &str,
        plan: &Plan,
        author_user_id: &str,
        mail: Option<&NewMail>,
        notice: Option<&super::followers::Notice>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// Adds an update to a plan's timeline, and queues `notice` for the survey's followers in
    /// the same transaction. `NotFound`.
    async fn add_plan_update(
        &self,
        survey_id: &str,
        plan_id: &str,
        update: &NewUpdate<'_>,
        notice: Option<&super::followers::Notice>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// `NotFound`.
    async fn delete_plan(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError>;
}

/// Implements `PlanStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! plans_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use hearback_core::plan::Plan;
            use $crate::store::mail::NewMail;
            use $crate::store::plans::*;
            use $crate::store::{found, now_millis, StoreError};

            type PlanRow =
                (String, String, String, String, String, String, String, Option<String>, String, String, Option<String>, i64, i64, String);

            impl $store {
                async fn insert_update(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    plan_id: &str,
                    update: &NewUpdate<'_>,
                ) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO plan_updates (id, plan_id, author_user_id, body, status, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(update.id)
                    .bind(plan_id)
                    .bind(update.author_user_id)
                    .bind(update.body)
                    .bind(update.status.map(|(s, _)| s.as_str()))
                    .bind(now_millis())
                    .execute(connection)
                    .await?;
                    Ok(())
                }
            }

            #[async_trait]
            impl PlanStore for $store {
                async fn create_plan(
                    &self,
                    id: &str,
                    organization_id: &str,
                    survey_id: &str,
                    plan: &Plan,
                    mail: Option<&NewMail>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO action_plans (id, organization_id, survey_id, heard, questions, themes, will_do,
                             owner_user_id, due, status, reason, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $12, $6, $7, $8, $9, $10, $11, $11)",
                    )
                    .bind(id)
                    .bind(organization_id)
                    .bind(survey_id)
                    .bind(&plan.heard)
                    .bind(serde_json::to_string(&plan.questions).expect("strings serialize"))
                    .bind(&plan.will_do)
                    .bind(&plan.owner)
                    .bind(&plan.due)
                    .bind(plan.status.as_str())
                    .bind(&plan.reason)
                    .bind(now)
                    .bind(serde_json::to_string(&plan.themes).expect("themes serialize"))
                    .execute(&mut *tx)
                    .await?;
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, now).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn plans(&self, survey_id: &str) -> Result<Vec<StoredPlan>, StoreError> {
                    let rows: Vec<PlanRow> = sqlx::query_as(
                        "SELECT p.id, p.survey_id, p.heard, p.questions, p.will_do, p.owner_user_id, u.name, m.role,
                                p.due, p.status, p.reason, p.created_at, p.updated_at, p.themes
                         FROM action_plans p JOIN users u ON u.id = p.owner_user_id
                         LEFT JOIN memberships m ON m.user_id = p.owner_user_id AND m.organization_id = p.organization_id
                         WHERE p.survey_id = $1 ORDER BY p.created_at, p.id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let updates: Vec<(String, String, String, String, Option<String>, i64)> = sqlx::query_as(
                        "SELECT u.plan_id, u.id, a.name, u.body, u.status, u.created_at
                         FROM plan_updates u JOIN action_plans p ON p.id = u.plan_id JOIN users a ON a.id = u.author_user_id
                         WHERE p.survey_id = $1 ORDER BY u.created_at, u.id",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, survey_id, heard, questions, will_do, user_id, name, role, due, status, reason, created_at, updated_at, themes)| {
                            let questions = serde_json::from_str(&questions)
                                .map_err(|e| StoreError::Corrupt(format!("plan questions: {e}")))?;
                            let themes = serde_json::from_str(&themes)
                                .map_err(|e| StoreError::Corrupt(format!("plan themes: {e}")))?;
                            let updates = updates
                                .iter()
                                .filter(|u| u.0 == id)
                                .map(|(_, id, author, body, status, created_at)| Ok(PlanUpdate {
                                    id: id.clone(),
                                    author: author.clone(),
                                    body: body.clone(),
                                    status: status.as_deref().map(super::error::named).transpose()?,
                                    created_at: *created_at,
                                }))
                                .collect::<Result<_, StoreError>>()?;
                            Ok(StoredPlan {
                                id,
                                survey_id,
                                heard,
                                questions,
                                themes,
                                will_do,
                                owner: PlanOwner { user_id, name, role: role.as_deref().map(super::error::named).transpose()? },
                                due,
                                status: super::error::named(&status)?,
                                reason,
                                created_at,
                                updated_at,
                                updates,
                            })
                        })
                        .collect()
                }

                async fn update_plan(
                    &self,
                    survey_id: &str,
                    id: &str,
                    plan: &Plan,
                    author_user_id: &str,
                    mail: Option<&NewMail>,
                    notice: Option<&$crate::store::followers::Notice>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let before: Option<(String,)> =
                        sqlx::query_as("SELECT status FROM action_plans WHERE survey_id = $1 AND id = $2")
                            .bind(survey_id)
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let (before,) = before.ok_or(StoreError::NotFound)?;
                    sqlx::query(
                        "UPDATE action_plans SET heard = $1, questions = $2, will_do = $3, owner_user_id = $4, due = $5,
                             status = $6, reason = $7, updated_at = $8, themes = $11
                         WHERE survey_id = $9 AND id = $10",
                    )
                    .bind(&plan.heard)
                    .bind(serde_json::to_string(&plan.questions).expect("strings serialize"))
                    .bind(&plan.will_do)
                    .bind(&plan.owner)
                    .bind(&plan.due)
                    .bind(plan.status.as_str())
                    .bind(&plan.reason)
                    .bind(now)
                    .bind(survey_id)
                    .bind(id)
                    .bind(serde_json::to_string(&plan.themes).expect("themes serialize"))
                    .execute(&mut *tx)
                    .await?;
                    if before != plan.status.as_str() {
                        let update_id = crate::store::ordered_id();
                        let body = plan.reason.clone().unwrap_or_default();
                        let update = NewUpdate {
                            id: &update_id,
                            author_user_id,
                            body: &body,
                            status: Some((plan.status, plan.reason.as_deref())),
                        };
                        Self::insert_update(&mut tx, id, &update).await?;
                    }
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, now).await?;
                    }
                    if let Some(notice) = notice {
                        Self::queue_notice(&mut tx, survey_id, notice, now).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn add_plan_update(
                    &self,
                    survey_id: &str,
                    plan_id: &str,
                    update: &NewUpdate<'_>,
                    notice: Option<&$crate::store::followers::Notice>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let moved = match update.status {
                        Some((status, reason)) => sqlx::query(
                            "UPDATE action_plans SET status = $1, reason = $2, updated_at = $3 WHERE survey_id = $4 AND id = $5",
                        )
                        .bind(status.as_str())
                        .bind(reason)
                        .bind(now)
                        .bind(survey_id)
                        .bind(plan_id)
                        .execute(&mut *tx)
                        .await?,
                        None => sqlx::query("UPDATE action_plans SET updated_at = $1 WHERE survey_id = $2 AND id = $3")
                            .bind(now)
                            .bind(survey_id)
                            .bind(plan_id)
                            .execute(&mut *tx)
                            .await?,
                    };
                    found(moved.rows_affected())?;
                    Self::insert_update(&mut tx, plan_id, update).await?;
                    if let Some(notice) = notice {
                        Self::queue_notice(&mut tx, survey_id, notice, now).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn delete_plan(&self, survey_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query("DELETE FROM plan_updates WHERE plan_id IN (SELECT id FROM action_plans WHERE survey_id = $1 AND id = $2)")
                        .bind(survey_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let done = sqlx::query("DELETE FROM action_plans WHERE survey_id = $1 AND id = $2")
                        .bind(survey_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        };
    };
}

pub(crate) use plans_sql;
