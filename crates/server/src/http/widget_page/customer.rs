//! The customer details a widget page is given by embed.js, checked as the API checks them.

use super::super::respond::check_customer;
use crate::identity::{Customer, CustomerInput};
use crate::store::StoredSurvey;
use std::collections::HashMap;

/// What the host page said about the customer (`?customer=` JSON from embed.js), checked, and
/// as the API takes it (the widget sends it with the answers). Details
/// that fail the check are dropped, not held against the respondent: the page still works,
/// and nothing unverified is trusted.
pub(super) fn customer_from_query(
    stored: &StoredSurvey,
    query: &HashMap<String, String>,
) -> Option<(String, Customer)> {
    let json = query.get("customer")?;
    let input = customer_input(json)?;
    match check_customer(stored, Some(&input)) {
        Ok(customer) => Some((serde_json::to_string(&input).ok()?, customer)),
        Err(err) => {
            tracing::info!(survey = %stored.survey.id(), error = %err, "customer details on the widget page dropped");
            None
        }
    }
}

/// The customer details embed.js sends: as `Hearback.identify` takes them (`{token}`, `{id,
/// attributes}`), or as the tag's `data-customer-*` attributes give them, flat (`token`, `id`,
/// and every other name an attribute). `None` for none, or what is not a JSON object.
fn customer_input(json: &str) -> Option<CustomerInput> {
    let serde_json::Value::Object(mut given) = serde_json::from_str(json).ok()? else { return None };
    if given.is_empty() {
        return None;
    }
    if given.get("attributes").is_some_and(serde_json::Value::is_object)
        || given.keys().all(|k| k == "token" || k == "id")
    {
        return serde_json::from_value(serde_json::Value::Object(given)).ok();
    }
    let token = given.remove("token").and_then(|t| t.as_str().map(str::to_owned));
    let id = given.remove("id");
    Some(CustomerInput { token, id, attributes: Some(given.into_iter().collect()) })
}
