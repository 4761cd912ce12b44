//! The company's texts in a survey's other languages: the [`TranslationStore`] part of the store.

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;
use hearback_api::translation::TextKind;

/// A translation as kept: into `language`, made from the original as it read then (`source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTranslation {
    pub kind: TextKind,
    pub subject: String,
    pub language: String,
    pub body: String,
    pub source: String,
}

impl StoredTranslation {
    /// Whether this is the translation of `kind`/`subject` as `original` reads now.
    pub fn translates(&self, kind: TextKind, subject: &str, original: &str) -> bool {
        self.kind == kind && self.subject == subject && self.source == original
    }
}

/// One change to a survey's translations into a language: `body` keeps one (made from `source`),
/// `None` removes it.
#[derive(Debug, Clone, Copy)]
pub struct TranslationChange<'a> {
    pub kind: TextKind,
    pub subject: &'a str,
    pub body: Option<&'a str>,
    pub source: &'a str,
}

#[async_trait]
pub trait TranslationStore: Send + Sync {
    /// A survey's translations, into `language` or (`None`) every language.
    async fn translations(&self, survey_id: &str, language: Option<&str>)
        -> Result<Vec<StoredTranslation>, StoreError>;

    /// Applies `changes` to the survey's translations into `language`, all or none, with the
    /// audit entry; how many were kept and how many removed.
    async fn save_translations(
        &self,
        survey_id: &str,
        language: &str,
        changes: &[TranslationChange<'_>],
        by: &str,
        now: i64,
        audit: &Audit,
    ) -> Result<(usize, usize), StoreError>;
}

/// Implements `TranslationStore` for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! translations_sql {
    ($store:ty, $db:ty) => {
        const _: () = {
            use async_trait::async_trait;
            use $crate::store::audit::Audit;
            use $crate::store::translations::*;
            use $crate::store::StoreError;

            #[async_trait]
            impl TranslationStore for $store {
                async fn translations(
                    &self,
                    survey_id: &str,
                    language: Option<&str>,
                ) -> Result<Vec<StoredTranslation>, StoreError> {
                    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
                        "SELECT kind, subject, language, body, source FROM translations
                         WHERE survey_id = $1 AND (CAST($2 AS TEXT) IS NULL OR language = $2)
                         ORDER BY kind, subject, language",
                    )
                    .bind(survey_id)
                    .bind(language)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(kind, subject, language, body, source)| {
                            Ok(StoredTranslation {
                                kind: $crate::store::error::named(&kind)?,
                                subject,
                                language,
                                body,
                                source,
                            })
                        })
                        .collect()
                }

                async fn save_translations(
                    &self,
                    survey_id: &str,
                    language: &str,
                    changes: &[TranslationChange<'_>],
                    by: &str,
                    now: i64,
                    audit: &Audit,
                ) -> Result<(usize, usize), StoreError> {
                    let mut tx = <$db as $crate::store::SurveyLock>::begin_write(&self.pool).await?;
                    let (mut saved, mut removed) = (0, 0);
                    for change in changes {
                        let done = match change.body {
                            Some(body) => {
                                saved += 1;
                                sqlx::query(
                                    "INSERT INTO translations (survey_id, kind, subject, language, body, source,
                                         updated_by, updated_at)
                                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                                     ON CONFLICT (survey_id, kind, subject, language) DO UPDATE SET
                                         body = excluded.body, source = excluded.source,
                                         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                                )
                                .bind(survey_id)
                                .bind(change.kind.as_str())
                                .bind(change.subject)
                                .bind(language)
                                .bind(body)
                                .bind(change.source)
                                .bind(by)
                                .bind(now)
                                .execute(&mut *tx)
                                .await?
                            }
                            None => {
                                sqlx::query(
                                    "DELETE FROM translations
                                 WHERE survey_id = $1 AND kind = $2 AND subject = $3 AND language = $4",
                                )
                                .bind(survey_id)
                                .bind(change.kind.as_str())
                                .bind(change.subject)
                                .bind(language)
                                .execute(&mut *tx)
                                .await?
                            }
                        };
                        if change.body.is_none() {
                            removed += done.rows_affected() as usize;
                        }
                    }
                    Self::insert_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok((saved, removed))
                }
            }
        };
    };
}

pub(crate) use translations_sql;
