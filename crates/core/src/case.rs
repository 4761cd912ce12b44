//! The inner loop's rules: which answers open a case for a named person to follow up with the
//! customer, who owns it, and by when it is due. Checked here, like plans, before anything is
//! stored; the server checks that the members they name belong to the organisation.

use crate::response::{Answer, Response};
use crate::survey::Survey;
use serde::{Deserialize, Serialize};

/// At most this many rules a survey.
pub const MAX_RULES: usize = 20;
/// At most this many business days to a due time.
pub const MAX_DUE_DAYS: u32 = 30;
const DAY_MS: i64 = 86_400_000;

/// A rule as sent by the admin app or a script: a scored question and the range of answers that
/// open a case (or the contact question: a case for everyone who asks to be contacted), whose
/// owner is one member or, in turn, each of a list of members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseRule {
    /// A scored question of the survey (NPS, CSAT, CES, rating), or its contact question.
    pub question: String,
    /// A case opens for an answer of at most this…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u8>,
    /// …and at least this (at least one of the two, for a scored question; neither for the
    /// contact question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u8>,
    /// Only for respondents who agreed to be contacted (a reply here or an e-mail): "NPS ≤ 6 with
    /// contact allowed".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contact_allowed: bool,
    /// The members who own the cases, in turn (one member owns them all); executives included.
    pub owners: Vec<String>,
    /// Business days (Monday to Friday) from the answer to when the customer must have been
    /// contacted: 1 to 30.
    pub due_business_days: u32,
    /// The member told, besides the owner, when a case is overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
}

/// What is wrong with a rule, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseRuleError {
    TooMany,
    Question(String),
    NotScored(String),
    Range(String),
    ContactRange(String),
    NoOwner,
    Due(u32),
}

impl std::fmt::Display for CaseRuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CaseRuleError::TooMany => write!(f, "a survey has at most {MAX_RULES} rules"),
            CaseRuleError::Question(q) => write!(f, "the survey has no question `{q}`"),
            CaseRuleError::NotScored(q) => write!(
                f,
                "`{q}` has no score: a rule watches an NPS, CSAT, CES or rating question, or the contact question"
            ),
            CaseRuleError::ContactRange(q) => {
                write!(f, "the rule on `{q}` opens for everyone who asks to be contacted: it takes no range")
            }
            CaseRuleError::Range(q) => write!(
                f,
                "the rule on `{q}` needs `at_most` and/or `at_least` within the question's scale, the lower first"
            ),
            CaseRuleError::NoOwner => write!(f, "a rule names at least one owner, a member of your organisation"),
            CaseRuleError::Due(days) => {
                write!(f, "{days} business days is not a due time: give 1 to {MAX_DUE_DAYS}")
            }
        }
    }
}

impl std::error::Error for CaseRuleError {}

/// Checks a survey's rules against the survey (the members they name are the server's part).
pub fn check_rules(survey: &Survey, rules: &[CaseRule]) -> Result<(), CaseRuleError> {
    if rules.len() > MAX_RULES {
        return Err(CaseRuleError::TooMany);
    }
    for rule in rules {
        let question = survey.question(&rule.question).ok_or_else(|| CaseRuleError::Question(rule.question.clone()))?;
        let contact = question.kind == crate::QuestionKind::Contact;
        if contact && (rule.at_most.is_some() || rule.at_least.is_some()) {
            return Err(CaseRuleError::ContactRange(rule.question.clone()));
        }
        let (low, high) = if contact {
            (0, 0)
        } else {
            question.kind.scale().ok_or_else(|| CaseRuleError::NotScored(rule.question.clone()))?
        };
        let open = contact && rule.at_least.is_none() && rule.at_most.is_none();
        if !open && !range_fits((low, high), rule.at_least, rule.at_most) {
            return Err(CaseRuleError::Range(rule.question.clone()));
        }
        if rule.owners.is_empty() || rule.owners.iter().any(|o| o.trim().is_empty()) {
            return Err(CaseRuleError::NoOwner);
        }
        if !(1..=MAX_DUE_DAYS).contains(&rule.due_business_days) {
            return Err(CaseRuleError::Due(rule.due_business_days));
        }
    }
    Ok(())
}

impl CaseRule {
    /// Whether a finished response's answer to the rule's question falls in its range (or asks
    /// to be contacted), with contact allowed when the rule wants it.
    pub fn opens_for(&self, response: &Response) -> bool {
        let Some(question) = crate::slug::Slug::parse(&self.question).ok() else { return false };
        let allowed = response.contact().is_some_and(|(_, contact)| contact.allowed());
        let matched = match response.answer(&question) {
            Some(Answer::Scale(score)) => in_range(*score, self.at_least, self.at_most),
            Some(Answer::Contact(contact)) => contact.allowed(),
            _ => false,
        };
        matched && (allowed || !self.contact_allowed)
    }
}

/// Whether a range of a scored question's answers (`at_least` and/or `at_most`, one at least)
/// lies within its scale `(lowest, highest)`, the lower first: what a rule on a score may name.
pub fn range_fits(scale: (u8, u8), at_least: Option<u8>, at_most: Option<u8>) -> bool {
    let within = |n: Option<u8>| n.is_none_or(|n| (scale.0..=scale.1).contains(&n));
    let ordered = match (at_least, at_most) {
        (Some(least), Some(most)) => least <= most,
        (None, None) => false,
        _ => true,
    };
    within(at_least) && within(at_most) && ordered
}

/// Whether a score falls in a rule's range.
pub fn in_range(score: u8, at_least: Option<u8>, at_most: Option<u8>) -> bool {
    at_most.is_none_or(|most| score <= most) && at_least.is_none_or(|least| score >= least)
}

/// The median of waits in milliseconds, in whole hours (none without waits): how long customers
/// waited for a first contact.
pub fn median_hours(mut waits: Vec<i64>) -> Option<u64> {
    if waits.is_empty() {
        return None;
    }
    waits.sort_unstable();
    let middle = waits.len() / 2;
    let median = if waits.len() % 2 == 0 { (waits[middle - 1] + waits[middle]) / 2 } else { waits[middle] };
    Some((median.max(0) / 3_600_000) as u64)
}

/// When a case opened at `opened` (milliseconds, UTC) is due: that many business days later
/// (Saturdays and Sundays do not count), at the same time of day. An answer given at a weekend
/// counts from the Monday after.
pub fn due_at(opened: i64, business_days: u32) -> i64 {
    let mut day = opened.div_euclid(DAY_MS);
    let time = opened.rem_euclid(DAY_MS);
    let weekend = |day: i64| matches!(weekday(day), 5 | 6);
    let mut left = business_days;
    while left > 0 {
        day += 1;
        if !weekend(day) {
            left -= 1;
        }
    }
    day * DAY_MS + time
}

/// The day of the week of a day number (days since 1970-01-01, a Thursday): 0 is Monday.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::days_from_civil;

    fn at(year: i64, month: u32, day: u32, hour: i64) -> i64 {
        days_from_civil(year, month, day) * DAY_MS + hour * 3_600_000
    }

    #[test]
    fn median_waits_are_whole_hours() {
        let hours = |h: &[i64]| h.iter().map(|h| h * 3_600_000).collect::<Vec<_>>();
        assert_eq!(median_hours(vec![]), None);
        assert_eq!(median_hours(hours(&[10, 2, 4])), Some(4));
        assert_eq!(median_hours(hours(&[1, 2, 4, 9])), Some(3));
        assert_eq!(median_hours(vec![1_800_000]), Some(0), "half an hour");
        assert_eq!(crate::trend::moment(86_400_000 + 9 * 3_600_000 + 5 * 60_000), "1970-01-02 09:05 UTC");
        assert_eq!(crate::trend::month(crate::trend::days_from_civil(2026, 12, 31) * 86_400_000 + 1), "2026-12");
    }

    #[test]
    fn due_times_skip_weekends() {
        // 2026-12-02 is a Wednesday.
        assert_eq!(weekday(days_from_civil(2026, 12, 2)), 2);
        assert_eq!(due_at(at(2026, 12, 2, 9), 2), at(2026, 12, 4, 9), "Wednesday + 2 = Friday");
        assert_eq!(due_at(at(2026, 12, 3, 9), 2), at(2026, 12, 7, 9), "Thursday + 2 = Monday");
        assert_eq!(due_at(at(2026, 12, 4, 17), 1), at(2026, 12, 7, 17), "Friday + 1 = Monday");
        assert_eq!(due_at(at(2026, 12, 5, 10), 1), at(2026, 12, 7, 10), "Saturday + 1 = Monday");
        assert_eq!(due_at(at(2026, 12, 6, 10), 5), at(2026, 12, 11, 10), "Sunday + 5 = Friday");
        assert_eq!(due_at(at(2026, 12, 2, 9), 10), at(2026, 12, 16, 9), "two weeks");
    }

    fn survey() -> Survey {
        serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[{"id":"nps","kind":"nps","prompt":"P"},
            {"id":"csat","kind":"csat","prompt":"C"},{"id":"why","kind":"long_text","prompt":"Why?"},
            {"id":"reach","kind":"contact","prompt":"May we?"}]}"#,
        )
        .unwrap()
    }

    fn rule(question: &str, at_least: Option<u8>, at_most: Option<u8>) -> CaseRule {
        CaseRule {
            question: question.into(),
            at_most,
            at_least,
            owners: vec!["u1".into()],
            due_business_days: 2,
            escalate_to: None,
            contact_allowed: false,
        }
    }

    #[test]
    fn rules_are_checked_against_the_survey() {
        let survey = survey();
        check_rules(&survey, &[rule("nps", None, Some(6)), rule("csat", Some(1), Some(2)), rule("reach", None, None)])
            .unwrap();
        for (bad, says) in [
            (rule("nope", None, Some(6)), "no question"),
            (rule("why", None, Some(6)), "has no score"),
            (rule("nps", None, Some(11)), "within the question's scale"),
            (rule("csat", Some(0), None), "within the question's scale"),
            (rule("nps", Some(7), Some(6)), "the lower first"),
            (rule("nps", None, None), "`at_most` and/or `at_least`"),
            (rule("reach", None, Some(1)), "takes no range"),
            (CaseRule { owners: vec![], ..rule("nps", None, Some(6)) }, "at least one owner"),
            (CaseRule { due_business_days: 0, ..rule("nps", None, Some(6)) }, "not a due time"),
            (CaseRule { due_business_days: 31, ..rule("nps", None, Some(6)) }, "not a due time"),
        ] {
            let error = check_rules(&survey, &[bad]).unwrap_err().to_string();
            assert!(error.contains(says), "{error}");
        }
        let many = vec![rule("nps", None, Some(6)); MAX_RULES + 1];
        assert_eq!(check_rules(&survey, &many), Err(CaseRuleError::TooMany));
    }

    #[test]
    fn a_rule_opens_for_answers_in_its_range_only() {
        let survey = survey();
        let answer = |nps: i64| {
            let raw = serde_json::from_str(&format!(r#"{{"answers":{{"nps":{nps}}}}}"#)).unwrap();
            Response::parse(&survey, &raw).unwrap()
        };
        let detractors = rule("nps", None, Some(6));
        assert!(detractors.opens_for(&answer(0)) && detractors.opens_for(&answer(6)));
        assert!(!detractors.opens_for(&answer(7)));
        let passives = rule("nps", Some(7), Some(8));
        assert!(passives.opens_for(&answer(7)) && !passives.opens_for(&answer(9)) && !passives.opens_for(&answer(6)));
        assert!(!rule("csat", None, Some(2)).opens_for(&answer(1)), "an unanswered question opens nothing");
    }

    #[test]
    fn contact_rules_open_for_those_who_agreed_to_be_contacted() {
        let survey = survey();
        let answer = |nps: i64, reach: &str| {
            let raw = serde_json::from_str(&format!(r#"{{"answers":{{"nps":{nps},"reach":"{reach}"}}}}"#)).unwrap();
            Response::parse(&survey, &raw).unwrap()
        };
        let asked = rule("reach", None, None);
        assert!(asked.opens_for(&answer(9, "here")) && asked.opens_for(&answer(9, "email")));
        assert!(!asked.opens_for(&answer(2, "no")));
        let unhappy = CaseRule { contact_allowed: true, ..rule("nps", None, Some(6)) };
        assert!(unhappy.opens_for(&answer(3, "here")));
        assert!(!unhappy.opens_for(&answer(3, "no")), "contact refused");
        assert!(!unhappy.opens_for(&answer(8, "here")), "out of range");
        assert!(rule("nps", None, Some(6)).opens_for(&answer(3, "no")), "a rule that does not ask for contact");
    }
}
