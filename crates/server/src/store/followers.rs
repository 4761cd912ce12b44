//! People who follow a survey's results by e-mail: the [`FollowerStore`] part of the store.

use super::mail::NewMail;
use super::StoreError;
use async_trait::async_trait;

/// A request to follow, with the confirmation e-mail to queue with it.
#[derive(Debug, Clone)]
pub struct NewFollower<'a> {
    pub id: &'a str,
    pub survey_id: &'a str,
    pub email: &'a str,
    pub confirm_hash: &'a str,
    pub confirm_expires_at: i64,
    pub unsubscribe_token: &'a str,
    /// The digest of the receipt the follower held when asking, if any: answers to their own
    /// replies reach them then.
    pub receipt_hash: Option<&'a str>,
    /// A pending request whose link expires later than this was sent too recently: nothing is
    /// sent again (that link still works), so asking again and again cannot flood an address.
    pub sent_recently_if_expires_after: i64,
    /// The language they asked in (one of the survey's): their e-mails and pages speak it.
    pub language: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// A confirmation e-mail is on its way.
    Pending,
    /// The address already follows: nothing sent.
    Already,
    /// A confirmation went to the address a moment ago: nothing sent again.
    SentRecently,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    Confirmed,
    AlreadyConfirmed,
    Expired,
    Unknown,
}

/// A message for every confirmed follower of a survey, in the language each asked in. A
/// version's `body` holds `{{UNSUBSCRIBE}}` where each follower's own unsubscribe link goes
/// (`unsubscribe_base` followed by their token).
#[derive(Debug, Clone)]
pub struct Notice {
    /// Unique per event: each follower's message is `ID:FOLLOWER`.
    pub id: String,
    pub reply_to: Option<String>,
    /// The first is for followers of any language no other version speaks (the survey's
    /// default); each other for those who asked in its language.
    pub versions: Vec<NoticeVersion>,
    pub unsubscribe_base: String,
    /// Only for the follower who asked with this receipt (its digest), not for everyone.
    pub receipt_hash: Option<String>,
}

/// A notice in one language.
#[derive(Debug, Clone)]
pub struct NoticeVersion {
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// How a follower's link names them.
#[derive(Debug, Clone, Copy)]
pub enum FollowerLink<'a> {
    /// The digest of the token of their confirmation link.
    Confirm(&'a str),
    /// The token of their unsubscribe link.
    Unsubscribe(&'a str),
}

pub const UNSUBSCRIBE: &str = "{{UNSUBSCRIBE}}";

#[async_trait]
pub trait FollowerStore: Send + Sync {
    /// Records a request to follow (again) and queues `confirmation` (which carries the token
    /// whose digest is `confirm_hash`) in the same transaction, unless the address already
    /// follows.
    async fn follow(&self, follower: &NewFollower<'_>, confirmation: &NewMail) -> Result<Followed, StoreError>;

    async fn confirm_follower(&self, confirm_hash: &str, now: i64) -> Result<Confirmation, StoreError>;

    /// `false` when the token is unknown.
    async fn unsubscribe(&self, token: &str, now: i64) -> Result<bool, StoreError>;

    /// The addresses that follow a survey (confirmed, not unsubscribed): for tests and counts.
    async fn followers(&self, survey_id: &str) -> Result<Vec<String>, StoreError>;

    /// The language the follower a link names asked in; `None` when the link is unknown.
    async fn follower_language(&self, link: FollowerLink<'_>) -> Result<Option<String>, StoreError>;
}

/// Implements `FollowerStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! followers_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::followers::*;
            use $crate::store::mail::NewMail;
            use $crate::store::{now_millis, StoreError};

            impl $store {
                /// Queues a notice for each confirmed follower of a survey, on `connection`: in
                /// the transaction of what it tells about.
                pub(crate) async fn queue_notice(
                    connection: &mut <$db as sqlx::Database>::Connection,
                    survey_id: &str,
                    notice: &Notice,
                    now: i64,
                ) -> Result<u64, StoreError> {
                    let mut queued = 0;
                    // Followers of a language no other version speaks read the first.
                    let others: String = notice.versions.iter().skip(1).map(|v| format!(",{},", v.language)).collect();
                    for (at, version) in notice.versions.iter().enumerate() {
                        let done = sqlx::query(
                            "INSERT INTO mail_outbox (id, recipient, reply_to, subject, body, unsubscribe_url, status,
                                 next_attempt_at, created_at)
                             SELECT $1 || ':' || id, email, $2, $3, REPLACE($4, $5, $6 || unsubscribe_token),
                                 $6 || unsubscribe_token, 'pending', $7, $7
                             FROM followers WHERE survey_id = $8 AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL
                                 AND (CAST($9 AS TEXT) IS NULL OR receipt_hash = $9)
                                 AND CASE WHEN $10 THEN $11 NOT LIKE '%,' || language || ',%' ELSE language = $12 END",
                        )
                        .bind(&notice.id)
                        .bind(&notice.reply_to)
                        .bind(&version.subject)
                        .bind(&version.body)
                        .bind(UNSUBSCRIBE)
                        .bind(&notice.unsubscribe_base)
                        .bind(now)
                        .bind(survey_id)
                        .bind(&notice.receipt_hash)
                        .bind(at == 0)
                        .bind(&others)
                        .bind(&version.language)
                        .execute(&mut *connection)
                        .await?;
                        queued += done.rows_affected();
                    }
                    Ok(queued)
                }
            }

            #[async_trait]
            impl FollowerStore for $store {
                async fn follow(
                    &self,
                    f: &NewFollower<'_>,
                    confirmation: &NewMail,
                ) -> Result<Followed, StoreError> {
                    let now = now_millis();
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let existing: Option<(String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
                        "SELECT id, confirm_expires_at, confirmed_at, unsubscribed_at FROM followers
                         WHERE survey_id = $1 AND email = $2",
                    )
                    .bind(f.survey_id)
                    .bind(f.email)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match existing {
                        Some((_, _, Some(_), None)) => {
                            tx.rollback().await?;
                            return Ok(Followed::Already);
                        }
                        Some((id, expires, None, _)) if expires > f.sent_recently_if_expires_after => {
                            // Still, a receipt shown now is kept: answers to its replies reach them.
                            sqlx::query("UPDATE followers SET receipt_hash = COALESCE($1, receipt_hash) WHERE id = $2")
                                .bind(f.receipt_hash)
                                .bind(&id)
                                .execute(&mut *tx)
                                .await?;
                            tx.commit().await?;
                            return Ok(Followed::SentRecently);
                        }
                        Some((id, _, _, _)) => {
                            sqlx::query(
                                "UPDATE followers SET confirm_hash = $1, confirm_expires_at = $2, confirmed_at = NULL,
                                     unsubscribed_at = NULL, receipt_hash = COALESCE($3, receipt_hash), language = $4
                                 WHERE id = $5",
                            )
                            .bind(f.confirm_hash)
                            .bind(f.confirm_expires_at)
                            .bind(f.receipt_hash)
                            .bind(f.language)
                            .bind(&id)
                            .execute(&mut *tx)
                            .await?;
                        }
                        None => {
                            sqlx::query(
                                "INSERT INTO followers (id, survey_id, email, confirm_hash, confirm_expires_at,
                                     unsubscribe_token, receipt_hash, created_at, language)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            )
                            .bind(f.id)
                            .bind(f.survey_id)
                            .bind(f.email)
                            .bind(f.confirm_hash)
                            .bind(f.confirm_expires_at)
                            .bind(f.unsubscribe_token)
                            .bind(f.receipt_hash)
                            .bind(now)
                            .bind(f.language)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    Self::insert_mail(&mut tx, confirmation, now).await?;
                    tx.commit().await?;
                    Ok(Followed::Pending)
                }

                async fn confirm_follower(&self, confirm_hash: &str, now: i64) -> Result<Confirmation, StoreError> {
                    let row: Option<(i64, Option<i64>)> =
                        sqlx::query_as("SELECT confirm_expires_at, confirmed_at FROM followers WHERE confirm_hash = $1")
                            .bind(confirm_hash)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(match row {
                        None => Confirmation::Unknown,
                        Some((_, Some(_))) => Confirmation::AlreadyConfirmed,
                        Some((expires, None)) if expires <= now => Confirmation::Expired,
                        Some(_) => {
                            let done = sqlx::query(
                                "UPDATE followers SET confirmed_at = $1 WHERE confirm_hash = $2 AND confirmed_at IS NULL",
                            )
                            .bind(now)
                            .bind(confirm_hash)
                            .execute(&self.pool)
                            .await?;
                            if done.rows_affected() == 1 { Confirmation::Confirmed } else { Confirmation::AlreadyConfirmed }
                        }
                    })
                }

                async fn unsubscribe(&self, token: &str, now: i64) -> Result<bool, StoreError> {
                    let done = sqlx::query(
                        "UPDATE followers SET unsubscribed_at = COALESCE(unsubscribed_at, $1) WHERE unsubscribe_token = $2",
                    )
                    .bind(now)
                    .bind(token)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected() == 1)
                }

                async fn followers(&self, survey_id: &str) -> Result<Vec<String>, StoreError> {
                    let rows: Vec<(String,)> = sqlx::query_as(
                        "SELECT email FROM followers WHERE survey_id = $1 AND confirmed_at IS NOT NULL
                         AND unsubscribed_at IS NULL ORDER BY email",
                    )
                    .bind(survey_id)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(|(email,)| email).collect())
                }

                async fn follower_language(&self, link: FollowerLink<'_>) -> Result<Option<String>, StoreError> {
                    let (statement, value) = match link {
                        FollowerLink::Confirm(hash) => ("SELECT language FROM followers WHERE confirm_hash = $1", hash),
                        FollowerLink::Unsubscribe(token) => {
                            ("SELECT language FROM followers WHERE unsubscribe_token = $1", token)
                        }
                    };
                    Ok(sqlx::query_scalar(statement).bind(value).fetch_optional(&self.pool).await?)
                }
            }
        };
    };
}

pub(crate) use followers_sql;
