//! Accounts: signing up and in, who is logged in, an organisation's members, invitations and
//! API tokens (`/admin/api/signup`, `/login`, `/me`, `/members`, `/invites`, `/tokens`).

use serde::{Deserialize, Serialize};

named_enum! {
    /// What a member may do in an organisation, from least to most.
    pub enum Role {
        /// Reads everything of the organisation, changes nothing (the executive).
        Viewer = "viewer",
        /// Surveys, action plans, publishing.
        Editor = "editor",
        /// Everything, members included.
        Owner = "owner",
    }
}

named_enum! {
    /// What an API token may do.
    pub enum Scope {
        /// Reads, as a viewer does.
        Read = "read",
        /// Reads and writes, as an editor does.
        Write = "write",
    }
}

/// `POST /admin/api/signup`: a new organisation and its first owner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub email: String,
    /// At least 10 characters, not the e-mail address, not a well-known one.
    pub password: String,
    pub name: String,
    pub organization: String,
}

/// `POST /admin/api/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogIn {
    pub email: String,
    pub password: String,
    /// Where the app goes next; only a path on this server is honoured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A session begun (sign-up, log-in, an accepted invitation); its cookie is in `Set-Cookie`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Sent back in the `x-csrf-token` header of every write.
    pub csrf_token: String,
    /// The path the app goes to now.
    pub next: String,
}

/// `GET /admin/api/me`: who is logged in, where, as what, and the CSRF token for writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    pub organization: Organization,
    pub role: Role,
    pub csrf_token: String,
    /// The organisation requires two-factor sign-in and this member has not set it up: the app
    /// sends them to do so before anything else (the API refuses everything else meanwhile).
    #[serde(default)]
    pub must_enrol: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: String,
    pub name: String,
}

/// A member of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// `GET /admin/api/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Members {
    pub members: Vec<Member>,
}

/// `PUT /admin/api/members/{user}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: Role,
}

/// `POST /admin/api/invites`: an invitation for one address and role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub email: String,
    pub role: Role,
}

/// An invitation made: its link is in this answer only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub token: String,
    /// The page that takes it up, on this server.
    pub link: String,
    pub expires_in_days: i64,
    /// Whether it was sent by e-mail too (when the server sends mail).
    pub emailed: bool,
}

/// `POST /admin/api/invites/{token}/accept`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The password of the account the invited address has, or of the one made now.
    pub password: String,
    /// For someone new: their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /admin/api/tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub name: String,
    pub scope: Scope,
}

/// A new API token: the token itself is in this answer only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub id: String,
    pub name: String,
    pub scope: Scope,
    /// `hb_…`, sent as `Authorization: Bearer …`.
    pub token: String,
}

/// An API token as its organisation's owners see it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub scope: Scope,
    /// Milliseconds since 1970.
    pub created_at: i64,
}

/// `GET /admin/api/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tokens {
    pub tokens: Vec<ApiToken>,
}
