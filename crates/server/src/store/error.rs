//! What a store operation can fail with, and which database errors mean "try again".

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The Idempotency-Key was used before with a different request.
    #[error("idempotency key reused with another request")]
    KeyReused,
    /// Another request with the same Idempotency-Key is being stored right now.
    #[error("a request with this idempotency key is in progress")]
    KeyInProgress,
    /// The database cannot be reached or is overloaded; the request may be retried.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The change would leave an organisation without an owner.
    #[error("an organisation keeps at least one owner")]
    LastOwner,
    /// The invitation is unknown, expired or already taken up.
    #[error("invitation unknown, expired or used")]
    InviteUnusable,
}

/// A named value (a role, a status) read from its column: `Corrupt` for a name it does not have.
pub(crate) fn named<T: hearback_api::Named>(raw: &str) -> Result<T, StoreError> {
    T::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("unknown {} `{raw}`", T::WHAT)))
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Protocol(_) => {
                StoreError::Unavailable(err)
            }
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict,
            sqlx::Error::Database(ref db) if is_busy(db.as_ref()) => StoreError::Unavailable(err),
            err => StoreError::Database(err),
        }
    }
}

/// Errors that say the database is out of reach or overloaded for now, not that the request
/// was wrong: SQLite's "busy"/"locked" after busy_timeout ran out; PostgreSQL's connection
/// exceptions (08…), operator intervention such as a shutdown (57P…), too many connections
/// (53300) and a cancelled statement (57014, our statement timeout).
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    let code = db.code();
    let code = code.as_deref().unwrap_or_default();
    matches!(code, "5" | "6" | "261" | "517" | "53300" | "57014") || code.starts_with("08") || code.starts_with("57P")
}
