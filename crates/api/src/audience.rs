//! Who a survey asks by itself (`/admin/api/surveys/{id}/audience`): rules on what the host page
//! says about the customer (signed or not, as the survey allows), the respondent's language,
//! their device and whether they have been here before. The server and the widget page's own
//! script decide it; the wasm never reads it. A visitor outside the audience is not asked, but
//! can still open the survey (the Feedback button, `Hearback.open()`), as with sampling.

use serde::{Deserialize, Serialize};

/// At most this many customer rules.
pub const MAX_RULES: usize = 10;
/// The longest survey fatigue, in days.
pub const MAX_FATIGUE_DAYS: u32 = 365;

/// `GET/PUT /admin/api/organization/fatigue`: after a visitor answers or dismisses any of the
/// organisation's surveys on a site, none of them asks that visitor by itself for `days` days
/// (0: each survey keeps only its own wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fatigue {
    pub days: u32,
}

named_enum! {
    /// A device class, from the browser's own description of itself.
    pub enum Device {
        Mobile = "mobile",
        Tablet = "tablet",
        Desktop = "desktop",
    }
}

named_enum! {
    /// Whether the visitor has seen the survey's widget on this site before (kept in the
    /// widget origin's storage, apart per site).
    pub enum Visitors {
        All = "all",
        New = "new",
        Returning = "returning",
    }
}

impl Default for Visitors {
    fn default() -> Visitors {
        Visitors::All
    }
}

named_enum! {
    /// What opens a survey by itself on the pages of a site tag (`data-site`), as the embed's
    /// `data-trigger` does for a survey's own tag.
    pub enum Trigger {
        Manual = "manual",
        Load = "load",
        Delay = "delay",
        Scroll = "scroll",
        Exit = "exit",
    }
}

impl Default for Trigger {
    fn default() -> Trigger {
        Trigger::Manual
    }
}

/// The longest event name `Hearback.track` takes, and an event rule names.
pub const MAX_EVENT_NAME: usize = 64;

/// An event from the page (`Hearback.track(name, properties)`) that opens the survey, when its
/// properties pass every rule (each names its property in `attribute`). Evaluated in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    pub name: String,
    #[serde(default)]
    pub properties: Vec<AttributeRule>,
}

/// One test of a customer attribute: it is one of `is`, or a number of at least / at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeRule {
    pub attribute: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub is: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
}

/// `GET/PUT …/audience`. Every part is optional; all of them must hold. An empty audience is
/// everyone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Customers whose details the page gave and the rules hold for (all of them).
    #[serde(default)]
    pub customer: Vec<AttributeRule>,
    /// Only customers whose details were signed by the company's backend.
    #[serde(default)]
    pub verified_only: bool,
    /// The respondent's language (the page's, else the browser's) is one of these.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub devices: Vec<Device>,
    #[serde(default)]
    pub visitors: Visitors,
    /// The pages it asks on: `exact:/path`, `prefix:/path` or `regex:^/path` (as `data-url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// On a site tag, what opens it by itself (a survey's own tag says this in `data-trigger`).
    #[serde(default)]
    pub trigger: Trigger,
    /// For `delay`: seconds after the page loads (1 to 3600; default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<u32>,
    /// For `scroll`: how far down the page, in percent (1 to 100; default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scroll_percent: Option<u32>,
    /// An event from the page that opens it as well, on any tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventRule>,
}

/// What is wrong with an audience, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceProblem {
    TooMany,
    NoAttribute,
    /// The attribute's rule tests nothing, or both a list and a range.
    Test(String),
    /// A range the other way round.
    Range(String),
    /// A page rule that is not `exact:/…`, `prefix:/…` or a regular expression that compiles.
    Pages,
    Delay,
    Scroll,
    /// An event name empty, too long or with other than letters, digits and `_ . : -`.
    EventName,
}

impl std::fmt::Display for AudienceProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AudienceProblem::TooMany => write!(f, "an audience has at most {MAX_RULES} customer rules"),
            AudienceProblem::NoAttribute => f.write_str("a customer rule names its attribute"),
            AudienceProblem::Test(name) => write!(
                f,
                "the rule on `{name}` tests a text with `is` (the values it may be) or a number with `at_least`/`at_most`, not both and not neither"
            ),
            AudienceProblem::Range(name) => write!(f, "the rule on `{name}` has `at_least` above `at_most`"),
            AudienceProblem::Pages => f.write_str(
                "pages are `exact:/path`, `prefix:/path` or `regex:` and a regular expression, in at most 200 characters",
            ),
            AudienceProblem::Delay => f.write_str("`delay_seconds` is 1 to 3600"),
            AudienceProblem::Scroll => f.write_str("`scroll_percent` is 1 to 100"),
            AudienceProblem::EventName => write!(
                f,
                "an event name is 1 to {MAX_EVENT_NAME} letters, digits and `_ . : -`, and an event has at most {MAX_RULES} property rules"
            ),
        }
    }
}

impl Audience {
    /// What is wrong with it on its own (the survey's languages are the server's to check, and
    /// whether a `regex:` page rule compiles).
    pub fn problem(&self) -> Option<AudienceProblem> {
        if self.customer.len() > MAX_RULES {
            return Some(AudienceProblem::TooMany);
        }
        let pages = self.pages.as_deref().map(|p| p.split_once(':'));
        if let Some(rule) = pages {
            let fits = matches!(rule, Some(("exact" | "prefix", path)) if path.starts_with('/'))
                || matches!(rule, Some(("regex", pattern)) if !pattern.is_empty());
            if !fits || self.pages.as_ref().is_some_and(|p| p.chars().count() > 200) {
                return Some(AudienceProblem::Pages);
            }
        }
        if self.delay_seconds.is_some_and(|s| !(1..=3600).contains(&s)) {
            return Some(AudienceProblem::Delay);
        }
        if self.scroll_percent.is_some_and(|p| !(1..=100).contains(&p)) {
            return Some(AudienceProblem::Scroll);
        }
        if let Some(event) = &self.event {
            let named = (1..=MAX_EVENT_NAME).contains(&event.name.chars().count())
                && event.name.chars().all(|c| c.is_ascii_alphanumeric() || "_.:-".contains(c));
            if !named || event.properties.len() > MAX_RULES {
                return Some(AudienceProblem::EventName);
            }
        }
        let properties = self.event.iter().flat_map(|e| &e.properties);
        self.customer.iter().chain(properties).find_map(|rule| {
            let name = rule.attribute.trim();
            let ranged = rule.at_least.is_some() || rule.at_most.is_some();
            let finite = [rule.at_least, rule.at_most].iter().flatten().all(|n| n.is_finite());
            if name.is_empty() {
                Some(AudienceProblem::NoAttribute)
            } else if ranged == !rule.is.is_empty() || !finite {
                Some(AudienceProblem::Test(name.to_owned()))
            } else if matches!((rule.at_least, rule.at_most), (Some(low), Some(high)) if low > high) {
                Some(AudienceProblem::Range(name.to_owned()))
            } else {
                None
            }
        })
    }

    /// Whether a customer's details (as checked; `verified` when signed), their language and
    /// device are in the audience. New or returning is the page's to tell.
    pub fn admits(
        &self,
        attributes: &std::collections::BTreeMap<String, String>,
        verified: bool,
        language: &str,
        device: Device,
    ) -> bool {
        let customer = self.customer.iter().all(|rule| {
            attributes.get(rule.attribute.trim()).is_some_and(|value| {
                if rule.is.is_empty() {
                    let number = value.trim().parse::<f64>().ok();
                    number.is_some_and(|n| {
                        rule.at_least.is_none_or(|low| n >= low) && rule.at_most.is_none_or(|high| n <= high)
                    })
                } else {
                    rule.is.iter().any(|v| v == value)
                }
            })
        });
        customer
            && (verified || !self.verified_only)
            && (self.languages.is_empty() || self.languages.iter().any(|l| l == language))
            && (self.devices.is_empty() || self.devices.contains(&device))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn rule(is: &[&str], at_least: Option<f64>, at_most: Option<f64>) -> AttributeRule {
        AttributeRule { attribute: "plan".into(), is: is.iter().map(|s| s.to_string()).collect(), at_least, at_most }
    }

    #[test]
    fn an_audience_admits_whom_every_rule_holds_for() {
        let pro = BTreeMap::from([("plan".to_owned(), "pro".to_owned()), ("seats".to_owned(), "12".to_owned())]);
        let free = BTreeMap::from([("plan".to_owned(), "free".to_owned())]);
        let audience = Audience {
            customer: vec![rule(&["pro", "team"], None, None)],
            devices: vec![Device::Desktop],
            ..Audience::default()
        };
        assert!(audience.admits(&pro, false, "en", Device::Desktop));
        assert!(!audience.admits(&free, false, "en", Device::Desktop));
        assert!(!audience.admits(&pro, false, "en", Device::Mobile));
        assert!(!audience.admits(&BTreeMap::new(), false, "en", Device::Desktop), "no details, no customer rule holds");
        let signed = Audience { verified_only: true, languages: vec!["de".into()], ..Audience::default() };
        assert!(!signed.admits(&pro, false, "de", Device::Mobile));
        assert!(signed.admits(&pro, true, "de", Device::Mobile));
        assert!(!signed.admits(&pro, true, "en", Device::Mobile));
        let seats = Audience {
            customer: vec![AttributeRule { attribute: "seats".into(), ..rule(&[], Some(10.0), None) }],
            ..Audience::default()
        };
        assert!(seats.admits(&pro, false, "en", Device::Tablet));
        let few = BTreeMap::from([("seats".to_owned(), "3".to_owned())]);
        let words = BTreeMap::from([("seats".to_owned(), "many".to_owned())]);
        assert!(!seats.admits(&few, false, "en", Device::Tablet));
        assert!(!seats.admits(&words, false, "en", Device::Tablet), "a number test never holds for a word");
        assert!(Audience::default().admits(&BTreeMap::new(), false, "ja", Device::Mobile), "everyone");
    }

    #[test]
    fn rules_that_cannot_test_are_refused() {
        let with = |r: AttributeRule| Audience { customer: vec![r], ..Audience::default() }.problem();
        assert_eq!(with(rule(&[], None, None)), Some(AudienceProblem::Test("plan".into())));
        assert_eq!(with(rule(&["pro"], Some(1.0), None)), Some(AudienceProblem::Test("plan".into())));
        assert_eq!(with(rule(&[], Some(5.0), Some(1.0))), Some(AudienceProblem::Range("plan".into())));
        assert_eq!(with(rule(&[], Some(f64::NAN), None)), Some(AudienceProblem::Test("plan".into())));
        assert_eq!(
            with(AttributeRule { attribute: " ".into(), ..rule(&["x"], None, None) }),
            Some(AudienceProblem::NoAttribute)
        );
        assert_eq!(with(rule(&["pro"], None, None)), None);
        let many = Audience { customer: vec![rule(&["x"], None, None); MAX_RULES + 1], ..Audience::default() };
        assert_eq!(many.problem(), Some(AudienceProblem::TooMany));
    }

    #[test]
    fn pages_triggers_and_events_out_of_their_limits_are_refused() {
        let pages = |p: &str| Audience { pages: Some(p.into()), ..Audience::default() }.problem();
        assert_eq!(pages("prefix:/pricing"), None);
        assert_eq!(pages("exact:/"), None);
        assert_eq!(pages("regex:^/docs/"), None);
        for bad in ["/pricing", "prefix:pricing", "glob:/x", "regex:", &format!("prefix:/{}", "a".repeat(200))] {
            assert_eq!(pages(bad), Some(AudienceProblem::Pages), "{bad}");
        }
        let delay = |s| Audience { delay_seconds: Some(s), ..Audience::default() }.problem();
        assert_eq!(delay(0), Some(AudienceProblem::Delay));
        assert_eq!(delay(3601), Some(AudienceProblem::Delay));
        assert_eq!(delay(30), None);
        let scroll = |p| Audience { scroll_percent: Some(p), ..Audience::default() }.problem();
        assert_eq!(scroll(0), Some(AudienceProblem::Scroll));
        assert_eq!(scroll(101), Some(AudienceProblem::Scroll));
        let event = |name: &str, properties: Vec<AttributeRule>| {
            Audience { event: Some(EventRule { name: name.into(), properties }), ..Audience::default() }.problem()
        };
        assert_eq!(event("checkout_completed", vec![rule(&["pro"], None, None)]), None);
        assert_eq!(event("", vec![]), Some(AudienceProblem::EventName));
        assert_eq!(event("checkout completed", vec![]), Some(AudienceProblem::EventName));
        assert_eq!(event(&"e".repeat(MAX_EVENT_NAME + 1), vec![]), Some(AudienceProblem::EventName));
        assert_eq!(event("e", vec![rule(&["x"], None, None); MAX_RULES + 1]), Some(AudienceProblem::EventName));
        assert_eq!(
            event("e", vec![rule(&[], None, None)]),
            Some(AudienceProblem::Test("plan".into())),
            "a property rule that tests nothing"
        );
    }
}
