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
    pub preview: PublishedPage,
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

/// A published results page's content (`GET /api/v1/results/{id}`, and the page `/r/{id}`):
/// the summary, the results frozen when published, the plans as they are now (the owner's
/// name and role, never their e-mail), approved quotes, and when anything last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedPage {
    pub survey: String,
    pub title: String,
    /// The survey's questions, for the plans' and results' labels.
    pub questions: Vec<PageQuestion>,
    pub summary: String,
    pub visibility: Visibility,
    /// The results as published.
    pub results: crate::results::Shown,
    pub plans: Vec<PagePlan>,
    /// The approved quotes' words, while their authors' consent stands.
    pub quotes: Vec<String>,
    pub published_at: i64,
    pub last_updated: i64,
    /// For the organisation's members: the numbers as they are now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<crate::results::Shown>,
    /// For members: the newest comments (at most 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Vec<String>>,
    /// For members: the dashboard's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard: Option<String>,
    /// What the inner loop did lately, when enough customers were followed up to say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed_up: Option<FollowedUp>,
    /// The language the title and questions are in (the reader's, among the survey's).
    #[serde(default)]
    pub language: String,
    /// Every language the survey speaks, its default first.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The company's texts shown as written (in the default language, the first of
    /// `languages`) for want of a current translation into `language`, by
    /// [`text_key`](crate::translation::text_key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub untranslated: Vec<String>,
}

/// "Our team followed up personally with 37 of you in the last 90 days; median first contact 9
/// hours": shown only for at least k customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowedUp {
    pub customers: u64,
    pub days: u32,
    pub median_first_contact_hours: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageQuestion {
    pub id: String,
    /// In the survey's default language.
    pub prompt: String,
    /// The choices' labels by id (a choice question, a ranking, pictures), in the same language:
    /// the charts name choices as the survey did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<PageChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageChoice {
    pub id: String,
    pub label: String,
}

/// A plan as a published page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PagePlan {
    pub id: String,
    pub heard: String,
    pub questions: Vec<String>,
    pub themes: Vec<hearback_core::plan::Theme>,
    pub will_do: String,
    pub owner: PageOwner,
    pub due: String,
    pub status: crate::PlanStatus,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// "Did this fix it?", once asked.
    pub follow_up: Option<FollowUpView>,
    pub updates: Vec<PageUpdate>,
    /// How many customers' cases led to this plan, when at least k did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageOwner {
    pub name: String,
    /// `None` once they have left the organisation.
    pub role: Option<crate::Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageUpdate {
    /// The update's id (what a translation of it names).
    #[serde(default)]
    pub id: String,
    pub author: String,
    pub body: String,
    pub status: Option<crate::PlanStatus>,
    pub created_at: i64,
}

/// A done plan's question asked again: the score before (as published) and after, once both
/// groups are large enough to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpView {
    pub question: String,
    pub prompt: String,
    pub before: Option<hearback_core::QuestionTally>,
    pub after: Option<hearback_core::QuestionTally>,
    /// The k of the privacy rules.
    pub fewer_than: u64,
}
