//! Publishing a survey's results, and the quotes on its page (`/admin/api/surveys/{id}/publication`,
//! `…/quotes`).

use serde::{Deserialize, Serialize};

named_enum! {
    /// Who may read a publication.
    pub enum Visibility {
        /// Anyone with the link.
        Public = "public",
        /// Anyone holding a receipt from the survey.
        Respondents = "respondents",
        /// The organisation's members (the executives' internal view).
        Organization = "organization",
    }
}

/// `POST /admin/api/surveys/{id}/publication`: publish (again), the results frozen now.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// For the people who answered: what was heard (1 to 5,000 characters).
    pub summary: String,
    pub visibility: Visibility,
}

/// A publication made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    /// The results page, on this server.
    pub url: String,
    pub published_at: i64,
}

/// A survey's publication as its editors see it, with a preview of what publishing now shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationState {
    /// Whether the page is up now.
    pub published: bool,
    /// The last publication, up or taken down; `None` if never published.
    pub publication: Option<PublicationInfo>,
    /// The page's content if published now, as `GET /api/v1/results/{id}` would answer.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub preview: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationInfo {
    pub visibility: Visibility,
    pub summary: String,
    pub published_at: i64,
    /// Set once it is taken down.
    pub unpublished_at: Option<i64>,
}

/// A comment that may be quoted (its author consented), and its quote when approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteCandidate {
    pub response: String,
    pub question: String,
    pub text: String,
    /// The approved quote's id, which `DELETE …/quotes/{quote}` takes off the page.
    pub quote: Option<String>,
}

/// `GET /admin/api/surveys/{id}/quotes`, in the order the responses arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quotes {
    pub candidates: Vec<QuoteCandidate>,
}

/// `POST /admin/api/surveys/{id}/quotes`: approve one comment for the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteRequest {
    pub response: String,
    pub question: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteApproved {
    pub approved: bool,
}
