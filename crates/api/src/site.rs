//! Site tags (`/admin/api/sites`): one `<script … data-site="KEY">` on every page of a site,
//! and the admin app decides which of the organisation's surveys run there, for whom and when
//! (each survey's audience). A survey runs on a site when it is live and allows the site's
//! origin.

use serde::{Deserialize, Serialize};

/// `POST /admin/api/sites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSite {
    /// The site's origin, such as `https://shop.example.com`.
    pub origin: String,
}

/// A site tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    /// What `data-site` says.
    pub key: String,
    pub origin: String,
    /// In milliseconds since 1970.
    pub created_at: i64,
    /// The live surveys that allow the site's origin: those the tag may ask, newest first
    /// (the first whose audience and pages hold is asked).
    pub surveys: Vec<String>,
    /// Its own survey fatigue in days; `null`: the organisation's.
    pub fatigue_days: Option<u32>,
}

/// `PUT /admin/api/sites/{key}`: a site's own survey fatigue (0 to 365 days; `null` for the
/// organisation's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub fatigue_days: Option<u32>,
}
