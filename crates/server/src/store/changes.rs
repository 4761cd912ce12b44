//! The changes of a response a store takes (a finished response, a save under a client's key) and
//! what became of them; with what each writes, worked out before its transaction.

use super::aggregates;
use crate::identity::Customer;
use hearback_core::{Response, Slug, Survey};

/// A save of a response under its key ([`Store::save_response`]).
#[derive(Debug, Clone)]
pub struct Save<'a> {
    pub key: &'a str,
    pub response: &'a Response,
    pub complete: bool,
    /// Saves of one response are numbered by the client; a lower number than the stored one
    /// arrived late and changes nothing.
    pub sequence: i64,
    pub customer: &'a Customer,
}

/// A new finished response, worked out before its transaction: what it writes (see
/// `insert_response`). It may be written twice (a group commit that is run again), so it is
/// written from here, never worked out inside the transaction.
pub(crate) struct NewResponse {
    pub id: String,
    pub survey: Slug,
    pub answers: String,
    pub now: i64,
    pub customer_id: Option<String>,
    pub attributes: Option<String>,
    pub verified: bool,
    pub key: Option<IdempotencyKey>,
    pub moves: aggregates::Moves,
    pub payload: String,
}

/// A save of a response under its key, with what it writes (see `save_response`).
pub(crate) struct ResponseSave {
    pub id: String,
    pub key: String,
    pub answers: String,
    pub now: i64,
    pub customer_id: Option<String>,
    pub attributes: Option<String>,
    pub verified: bool,
    /// The cells of the answers saved.
    pub cells: Vec<String>,
    pub complete: bool,
    pub sequence: i64,
    pub survey: Survey,
    pub response: Response,
    pub customer: Customer,
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Stored (a new response, or newer answers for an unfinished one), under this id.
    Stored(String),
    /// The response was finished before with these very answers; nothing changed.
    Replayed(String),
    /// A newer save of this unfinished response is already stored; nothing changed.
    Stale(String),
    /// The response was finished before with other answers; it cannot change.
    Completed,
}

/// A client's Idempotency-Key with a digest of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    pub request_hash: String,
}

/// What became of a response handed to [`Store::insert_response`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, under this id.
    New(String),
    /// The same key and request were stored before, under this id; nothing new was stored.
    Replayed(String),
}
