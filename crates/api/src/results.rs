//! Results as every surface reads them (`…/results`, `…/results/trend`, `…/results/breakdown`
//! of the public and the admin API, and the numbers a publication froze): the numbers of
//! `hearback_core::Results`, or nothing but "fewer than k" under the privacy rules.

use hearback_core::privacy::Privacy;
use hearback_core::trend::BucketSize;
use hearback_core::Results;
use serde::{Deserialize, Serialize};

/// Results as shown: the numbers, or hidden when fewer than k responded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Shown {
    /// Fewer than k responses: no numbers at all.
    Hidden(Hidden),
    Numbers(Numbers),
}

impl Shown {
    /// The numbers, when they are shown.
    pub fn numbers(&self) -> Option<&Results> {
        match self {
            Shown::Numbers(numbers) => Some(&numbers.results),
            Shown::Hidden(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hidden {
    pub survey: String,
    /// Always `true`.
    pub hidden: bool,
    /// The k of the privacy rules.
    pub fewer_than: u64,
    /// "fewer than k responses", for people.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Numbers {
    #[serde(flatten)]
    pub results: Results,
    /// % of the responses started that were finished; `None` before the first.
    pub completion_rate: Option<f64>,
    /// Always `false`.
    pub hidden: bool,
}

/// `GET …/results`: the numbers, the privacy rules they were shown under, and the customer
/// attributes a breakdown can use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsBody {
    #[serde(flatten)]
    pub shown: Shown,
    pub privacy: Privacy,
    pub segments: Vec<String>,
}

/// `GET …/results/trend`: one point per day, week or month of a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub bucket: BucketSize,
    /// `YYYY-MM-DD`, the range's first and last day.
    pub from: String,
    pub to: String,
    pub points: Vec<TrendPoint>,
    pub privacy: Privacy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// `YYYY-MM-DD`, the bucket's first day.
    pub start: String,
    pub results: Shown,
}

/// `GET …/results/breakdown`: one group per value of a customer attribute (and one for those
/// without it), or verified against unverified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breakdown {
    pub by: String,
    pub groups: Vec<Group>,
    pub privacy: Privacy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// The attribute's value; `None` for those without it.
    pub value: Option<String>,
    pub results: Shown,
}
