//! Results as every surface reads them (`…/results`, `…/results/trend`, `…/results/breakdown`
//! of the public and the admin API, and the numbers a publication froze): the numbers of
//! `hearback_core::Results`, or nothing but "fewer than k" under the privacy rules.

use hearback_core::privacy::Privacy;
use hearback_core::trend::BucketSize;
use hearback_core::{QuestionTally, Results, Slug};
use serde::{Deserialize, Serialize};

/// Results as shown: the numbers, or hidden when fewer than k responded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged, try_from = "ShownWire")]
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

#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[serde(try_from = "ShownWire")]
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

/// Every field of shown results, hidden ones and a results body: read in one pass by which
/// fields are there (what `flatten` over an untagged enum would do by buffering every value
/// and trying each shape, at several times the code in a client's bundle).
#[derive(Deserialize)]
struct ShownWire {
    survey: Slug,
    hidden: bool,
    fewer_than: Option<u64>,
    message: Option<String>,
    responses: Option<u64>,
    completed: Option<u64>,
    questions: Option<Vec<QuestionTally>>,
    completion_rate: Option<f64>,
    privacy: Option<Privacy>,
    segments: Option<Vec<String>>,
}

impl TryFrom<ShownWire> for Shown {
    type Error = String;

    fn try_from(w: ShownWire) -> Result<Shown, String> {
        match w {
            ShownWire { hidden: true, fewer_than: Some(fewer_than), message: Some(message), survey, .. } => {
                Ok(Shown::Hidden(Hidden { survey: survey.to_string(), hidden: true, fewer_than, message }))
            }
            ShownWire { responses: Some(responses), completed: Some(completed), questions: Some(questions), .. } => {
                let results = Results { survey: w.survey, responses, completed, questions };
                Ok(Shown::Numbers(Numbers { results, completion_rate: w.completion_rate, hidden: w.hidden }))
            }
            _ => Err("results are either hidden (`fewer_than`, `message`) or numbers (`responses`, `completed`, `questions`)".into()),
        }
    }
}

impl TryFrom<ShownWire> for ResultsBody {
    type Error = String;

    fn try_from(mut w: ShownWire) -> Result<ResultsBody, String> {
        let privacy = w.privacy.take().ok_or("results without the privacy rules they were shown under")?;
        let segments = w.segments.take().ok_or("results without their segments")?;
        Ok(ResultsBody { shown: Shown::try_from(w)?, privacy, segments })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hidden results, numbers and a results body read back as they were sent.
    #[test]
    fn results_bodies_read_back_by_their_fields() {
        let hidden =
            serde_json::json!({"survey": "s", "hidden": true, "fewer_than": 5, "message": "fewer than 5 responses"});
        let numbers = serde_json::json!({"survey": "s", "hidden": false, "responses": 7, "completed": 6, "completion_rate": 85.7,
            "questions": [{"question": "ok", "kind": "consent", "answered": 6, "dropped_off": 1, "given": 4}]});
        for sent in [&hidden, &numbers] {
            let read: Shown = serde_json::from_value(sent.clone()).unwrap();
            assert_eq!(&serde_json::to_value(&read).unwrap(), sent);
            let mut body = sent.clone();
            body["privacy"] = serde_json::json!({"k": 5, "comment_k": 10});
            body["segments"] = serde_json::json!(["plan"]);
            let read: ResultsBody = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(serde_json::to_value(&read).unwrap(), body);
        }
        assert!(matches!(serde_json::from_value::<Shown>(hidden).unwrap(), Shown::Hidden(_)));
        let neither = serde_json::json!({"survey": "s", "hidden": false});
        let refused = serde_json::from_value::<Shown>(neither).unwrap_err().to_string();
        assert!(refused.contains("either hidden"), "{refused}");
        assert!(serde_json::from_value::<ResultsBody>(numbers).is_err(), "a body needs its privacy rules");
    }
}
