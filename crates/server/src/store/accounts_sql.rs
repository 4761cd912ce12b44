//! [`Accounts`](super::accounts::Accounts) for both databases, written once like `sql.rs`.

/// Implements `Accounts` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! accounts_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::accounts::*;
            use $crate::store::audit::Audit;
            use $crate::store::{found, now_millis, StoreError};

            type MemberRow = (String, String, String, String);

            #[async_trait]
            impl Accounts for $store {
                async fn create_account(&self, a: &NewAccount<'_>, audit: &Audit) -> Result<(), StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
                        .bind(a.user_id)
                        .bind(a.email)
                        .bind(a.name)
                        .bind(a.password_hash)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)")
                        .bind(a.organization_id)
                        .bind(a.organization_name)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
                    )
                    .bind(a.organization_id)
                    .bind(a.user_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
                    let row: Option<(String, String, String, String)> =
                        sqlx::query_as("SELECT id, email, name, password_hash FROM users WHERE email = $1")
                            .bind(email)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(row.map(|(id, email, name, password_hash)| User { id, email, name, password_hash }))
                }

                async fn home_organization(&self, user_id: &str) -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar(
                        "SELECT organization_id FROM memberships WHERE user_id = $1
                         ORDER BY created_at, organization_id LIMIT 1",
                    )
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?)
                }

                async fn login_failures(&self, subject: &str, since: i64) -> Result<i64, StoreError> {
                    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
                        .bind(subject)
                        .bind(since)
                        .fetch_one(&self.pool)
                        .await?)
                }

                async fn record_login_failure(&self, subjects: &[String], at: i64) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    for subject in subjects {
                        sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
                            .bind(subject)
                            .bind(at)
                            .execute(&mut *tx)
                            .await?;
                    }
                    // Old failures no longer count; they are dropped as new ones arrive.
                    sqlx::query("DELETE FROM login_failures WHERE at < $1")
                        .bind(at - 24 * 3600 * 1000)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn clear_login_failures(&self, subject: &str) -> Result<(), StoreError> {
                    sqlx::query("DELETE FROM login_failures WHERE subject = $1").bind(subject).execute(&self.pool).await?;
                    Ok(())
                }

                async fn members(&self, organization_id: &str) -> Result<Vec<Member>, StoreError> {
                    let rows: Vec<MemberRow> = sqlx::query_as(
                        "SELECT u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
                         WHERE m.organization_id = $1 ORDER BY m.created_at, u.email",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(user_id, email, name, role)| Ok(Member { user_id, email, name, role: super::error::named(&role)? }))
                        .collect()
                }

                async fn member_name(&self, organization_id: &str, user_id: &str) -> Result<Option<String>, StoreError> {
                    Ok(sqlx::query_scalar(
                        "SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
                         WHERE m.organization_id = $1 AND m.user_id = $2",
                    )
                    .bind(organization_id)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?)
                }

                async fn set_role(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    role: Role,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let current = lock_membership(&mut tx, organization_id, user_id).await?;
                    if current == Role::Owner && role != Role::Owner {
                        ensure_another_owner(&mut tx, organization_id).await?;
                    }
                    sqlx::query("UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3")
                        .bind(role.as_str())
                        .bind(organization_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_member(&self, organization_id: &str, user_id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    if lock_membership(&mut tx, organization_id, user_id).await? == Role::Owner {
                        ensure_another_owner(&mut tx, organization_id).await?;
                    }
                    sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
                        .bind(organization_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE sessions SET revoked = TRUE WHERE organization_id = $1 AND user_id = $2")
                        .bind(organization_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_invite(
                    &self,
                    i: &NewInvite<'_>,
                    mail: Option<&$crate::store::mail::NewMail>,
                    audit: &Audit,
                ) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO invites (token_hash, organization_id, email, role, invited_by, created_at, expires_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(i.token_hash)
                    .bind(i.organization_id)
                    .bind(i.email)
                    .bind(i.role.as_str())
                    .bind(i.invited_by)
                    .bind(now_millis())
                    .bind(i.expires_at)
                    .execute(&mut *tx)
                    .await?;
                    if let Some(mail) = mail {
                        Self::insert_mail(&mut tx, mail, now_millis()).await?;
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn invite(&self, token_hash: &str, now: i64) -> Result<Option<Invite>, StoreError> {
                    let row: Option<(String, String, String)> = sqlx::query_as(
                        "SELECT organization_id, email, role FROM invites
                         WHERE token_hash = $1 AND accepted = FALSE AND expires_at > $2",
                    )
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|(organization_id, email, role)| Ok(Invite { organization_id, email, role: super::error::named(&role)? }))
                        .transpose()
                }

                async fn accept_invite(
                    &self,
                    token_hash: &str,
                    now: i64,
                    invitee: Invitee<'_>,
                    audit: &Audit,
                ) -> Result<Invite, StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    // Taken up by exactly one request, however many race for it.
                    let taken: Option<(String, String, String)> = sqlx::query_as(
                        "UPDATE invites SET accepted = TRUE
                         WHERE token_hash = $1 AND accepted = FALSE AND expires_at > $2
                         RETURNING organization_id, email, role",
                    )
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((organization_id, email, role)) = taken else { return Err(StoreError::InviteUnusable) };
                    let user_id = match invitee {
                        Invitee::Existing { user_id } => user_id,
                        Invitee::New { user_id, name, password_hash } => {
                            sqlx::query(
                                "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                            )
                            .bind(user_id)
                            .bind(&email)
                            .bind(name)
                            .bind(password_hash)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                            user_id
                        }
                    };
                    // Someone already in the organisation keeps their role.
                    sqlx::query(
                        "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (organization_id, user_id) DO NOTHING",
                    )
                    .bind(&organization_id)
                    .bind(user_id)
                    .bind(&role)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(Invite { organization_id, email, role: super::error::named(&role)? })
                }

                async fn create_api_token(&self, t: &NewApiToken<'_>, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    sqlx::query(
                        "INSERT INTO api_tokens (id, organization_id, name, scope, token_hash, created_by, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(t.id)
                    .bind(t.organization_id)
                    .bind(t.name)
                    .bind(t.scope.as_str())
                    .bind(t.token_hash)
                    .bind(t.created_by)
                    .bind(now_millis())
                    .execute(&mut *tx)
                    .await?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn api_tokens(&self, organization_id: &str) -> Result<Vec<ApiToken>, StoreError> {
                    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                        "SELECT id, name, scope, created_at FROM api_tokens
                         WHERE organization_id = $1 AND revoked = FALSE ORDER BY created_at, id",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(id, name, scope, created_at)| Ok(ApiToken { id, name, scope: super::error::named(&scope)?, created_at }))
                        .collect()
                }

                async fn revoke_api_token(&self, organization_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let done = sqlx::query(
                        "UPDATE api_tokens SET revoked = TRUE WHERE organization_id = $1 AND id = $2 AND revoked = FALSE",
                    )
                    .bind(organization_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    found(done.rows_affected())?;
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn api_token(&self, token_hash: &str) -> Result<Option<TokenGrant>, StoreError> {
                    let row: Option<(String, String, String, String)> = sqlx::query_as(
                        "SELECT id, organization_id, scope, name FROM api_tokens WHERE token_hash = $1 AND revoked = FALSE",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|(id, organization_id, scope, name)| {
                        Ok(TokenGrant { id, organization_id, scope: super::error::named(&scope)?, name })
                    })
                        .transpose()
                }

                async fn organization_surveys(&self, organization_id: &str) -> Result<Vec<SurveySummary>, StoreError> {
                    let rows: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
                        "SELECT s.id, s.definition, s.status,
                                (SELECT CAST(COALESCE(SUM(a.n), 0) AS BIGINT) FROM aggregates a
                                 WHERE a.survey_id = s.id AND a.segment = '' AND a.bucket = -1 AND a.cell = 'n'),
                                sc.opens_at
                         FROM surveys s LEFT JOIN survey_schedules sc ON sc.survey_id = s.id
                         WHERE s.organization_id = $1 ORDER BY s.created_at DESC, s.id",
                    )
                    .bind(organization_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let now = $crate::store::now_millis();
                    rows.into_iter()
                        .map(|(id, definition, status, responses, opens_at)| {
                            let survey: hearback_core::Survey = serde_json::from_str(&definition)
                                .map_err(|e| StoreError::Corrupt(format!("survey `{id}`: {e}")))?;
                            let status = super::error::named(&status)?;
                            // Said only of a live survey that is not open yet.
                            let opens_at = opens_at.filter(|at| *at > now && status == hearback_api::SurveyStatus::Live);
                            Ok(SurveySummary { id, title: survey.title().to_owned(), status, responses, opens_at })
                        })
                        .collect()
                }
            }

            /// A member's role, with the organisation's row locked until the transaction ends
            /// (PostgreSQL: a row lock; SQLite: its write lock), so two changes to who owns an
            /// organisation never interleave.
            async fn lock_membership(
                tx: &mut sqlx::Transaction<'_, $db>,
                organization_id: &str,
                user_id: &str,
            ) -> Result<Role, StoreError> {
                sqlx::query("UPDATE organizations SET name = name WHERE id = $1")
                    .bind(organization_id)
                    .execute(&mut **tx)
                    .await?;
                let role: Option<String> =
                    sqlx::query_scalar("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
                        .bind(organization_id)
                        .bind(user_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                super::error::named(&role.ok_or(StoreError::NotFound)?)
            }

            async fn ensure_another_owner(
                tx: &mut sqlx::Transaction<'_, $db>,
                organization_id: &str,
            ) -> Result<(), StoreError> {
                let owners: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'owner'")
                        .bind(organization_id)
                        .fetch_one(&mut **tx)
                        .await?;
                if owners < 2 {
                    return Err(StoreError::LastOwner);
                }
                Ok(())
            }
        };
    };
}

pub(crate) use accounts_sql;
