//! E-mail surveys (`/admin/api/surveys/{id}/invitations`): recipients from a CSV upload or a
//! script, each sent an invitation from the member who added them (`Reply-To` them), whose body
//! holds the survey's first question as links; the click lands on a page that records the
//! answer with a POST, then the survey's page takes the rest. Opt-outs are kept per organisation.

use serde::{Deserialize, Serialize};

/// At most this many refusals are listed in a report (all are counted).
pub const MAX_LISTED_REFUSALS: usize = 1000;

/// What an upload did: how many were invited, and each address refused with why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationReport {
    pub invited: u64,
    /// Every row refused, counted.
    pub refused: u64,
    /// The first 1,000 rows refused: the line, what it said, why.
    pub refusals: Vec<Refusal>,
}

named_enum! {
    /// Why a row was not invited.
    pub enum RefusalReason {
        /// No address in the row.
        Missing = "missing",
        /// Not an e-mail address.
        Malformed = "malformed",
        /// The same address earlier in the upload.
        Duplicate = "duplicate",
        /// Invited to this survey already.
        AlreadyInvited = "already_invited",
        /// Asked the organisation for no more surveys.
        OptedOut = "opted_out",
        /// A language the survey does not speak.
        Language = "language",
        /// A line too long, or the columns wrong.
        Unreadable = "unreadable",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    /// The line of the upload (the header is line 1), or the place in the list from 1.
    pub line: u64,
    pub email: String,
    pub reason: RefusalReason,
}

/// `POST …/invitations` as JSON (a script's recipients; a CSV upload says the same in columns
/// `email`, `language`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    pub recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub email: String,
    /// One of the survey's languages; its default when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// `GET …/invitations`: where a survey's invitations stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSummary {
    pub invited: u64,
    /// Handed to the mail server.
    pub delivered: u64,
    /// Waiting in the outbox, or retried.
    pub waiting: u64,
    /// The mail server would not take it, for good.
    pub failed: u64,
    pub answered: u64,
    pub opted_out: u64,
    pub bounced: u64,
    pub complained: u64,
}

named_enum! {
    /// What a mail provider reported of an address.
    pub enum MailEventKind {
        Bounce = "bounce",
        Complaint = "complaint",
    }
}

/// `POST /admin/api/mail-events`: a bounce or a complaint a mail provider reported, relayed by
/// the company's script. A complaint is an opt-out too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MailEvent {
    pub kind: MailEventKind,
    pub email: String,
}

/// What a mail event changed: the invitations it marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailEventResult {
    pub invitations: u64,
}
