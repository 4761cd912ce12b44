//! Organisations, their members and how they sign in: the [`Accounts`] half of the store.
//!
//! Secrets never reach the database in the clear: session cookies, invitation links and API
//! tokens are stored as SHA-256 digests, passwords as argon2id hashes (made by the caller).

use super::audit::Audit;
use super::StoreError;
use async_trait::async_trait;

pub use hearback_api::account::{ApiToken, Member};
pub use hearback_api::survey::SurveySummary;
pub use hearback_api::{Role, Scope};

/// A sign-up: a new organisation and its first owner.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub user_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub organization_id: &'a str,
    pub organization_name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: &'a str,
    pub organization_id: &'a str,
    pub csrf_token: &'a str,
    pub expires_at: i64,
    /// What the session's id is to its member (never the cookie's digest).
    pub public_id: &'a str,
    pub user_agent: &'a str,
    pub address_digest: &'a str,
}

/// A live session with whom it belongs to; gone once its member leaves the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub organization_id: String,
    pub organization_name: String,
    pub role: Role,
    pub csrf_token: String,
    pub public_id: String,
    /// When the session was last used (updated at most every few minutes).
    pub last_seen: i64,
    pub two_factor: bool,
    /// The organisation requires two-factor sign-in of every member.
    pub two_factor_required: bool,
}

#[derive(Debug, Clone)]
pub struct NewInvite<'a> {
    pub token_hash: &'a str,
    pub organization_id: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub invited_by: &'a str,
    pub expires_at: i64,
}

/// An open invitation: to which organisation, for which e-mail address, with which role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub organization_id: String,
    pub email: String,
    pub role: Role,
}

/// Who takes up an invitation.
#[derive(Debug, Clone)]
pub enum Invitee<'a> {
    /// Someone with an account already (they proved it with their password).
    Existing { user_id: &'a str },
    /// Someone new, signing up through the link.
    New { user_id: &'a str, name: &'a str, password_hash: &'a str },
}

#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub name: &'a str,
    pub scope: Scope,
    pub token_hash: &'a str,
    pub created_by: &'a str,
}

/// What a presented API token grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub id: String,
    pub organization_id: String,
    pub scope: Scope,
    pub name: String,
}

#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an organisation with its owner. `Conflict` when the e-mail address has an account.
    async fn create_account(&self, account: &NewAccount<'_>, audit: &Audit) -> Result<(), StoreError>;

    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError>;

    /// The organisation a user signs in to (the first they joined); `None` if they have none left.
    async fn home_organization(&self, user_id: &str) -> Result<Option<String>, StoreError>;

    /// Failed log-ins of a subject (`email:…`, `ip:…`) since a time.
    async fn login_failures(&self, subject: &str, since: i64) -> Result<i64, StoreError>;

    async fn record_login_failure(&self, subjects: &[String], at: i64) -> Result<(), StoreError>;

    async fn clear_login_failures(&self, subject: &str) -> Result<(), StoreError>;

    async fn members(&self, organization_id: &str) -> Result<Vec<Member>, StoreError>;

    /// The name of a member of an organisation; `None` for anyone else.
    async fn member_name(&self, organization_id: &str, user_id: &str) -> Result<Option<String>, StoreError>;

    /// `NotFound` for a non-member; `LastOwner` when it would leave the organisation ownerless.
    async fn set_role(&self, organization_id: &str, user_id: &str, role: Role, audit: &Audit)
        -> Result<(), StoreError>;

    /// Ends the membership and the member's sessions in the organisation. `NotFound`, `LastOwner`.
    async fn remove_member(&self, organization_id: &str, user_id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// Stores an invitation and, when given, the e-mail that sends it, in one transaction.
    async fn create_invite(
        &self,
        invite: &NewInvite<'_>,
        mail: Option<&super::mail::NewMail>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    /// The open invitation with this token digest at `now` (not taken up, not expired).
    async fn invite(&self, token_hash: &str, now: i64) -> Result<Option<Invite>, StoreError>;

    /// Takes up an invitation once: `InviteUnusable` when it is unknown, expired or already
    /// used; `Conflict` when a new invitee's address has an account meanwhile.
    async fn accept_invite(
        &self,
        token_hash: &str,
        now: i64,
        invitee: Invitee<'_>,
        audit: &Audit,
    ) -> Result<Invite, StoreError>;

    async fn create_api_token(&self, token: &NewApiToken<'_>, audit: &Audit) -> Result<(), StoreError>;

    async fn api_tokens(&self, organization_id: &str) -> Result<Vec<ApiToken>, StoreError>;

    /// `NotFound` unless the organisation has such a live token.
    async fn revoke_api_token(&self, organization_id: &str, id: &str, audit: &Audit) -> Result<(), StoreError>;

    /// What a live token with this digest grants.
    async fn api_token(&self, token_hash: &str) -> Result<Option<TokenGrant>, StoreError>;

    /// An organisation's surveys, newest first, with how many responses each has.
    async fn organization_surveys(&self, organization_id: &str) -> Result<Vec<SurveySummary>, StoreError>;
}
