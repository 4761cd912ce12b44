//! The audit log as owners read it: filtered by member or token, action, object and dates,
//! newest first, a page at a time. There is no way to change or delete an entry here.

use super::auth::Actor;
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::filters::day;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::{AuditAction, AuditQuery};
use axum::extract::{Query, State};
use axum::Json;
use hearback_api::security::AuditPage;
use std::collections::HashMap;

/// How many days entries are kept unless the server is told otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
const DAY_MS: i64 = 86_400_000;
const PAGE: u32 = 50;

/// The query's filters, each checked: a clear error names the one that will not do.
fn query(params: &HashMap<String, String>, now: i64) -> Result<AuditQuery, ApiError> {
    const KNOWN: [&str; 7] = ["actor", "action", "object", "from", "to", "before", "limit"];
    if let Some(unknown) = params.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::Invalid(format!("`{unknown}` is not a filter of the audit log: {}", KNOWN.join(", "))));
    }
    let text = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let action = text("action")
        .map(|a| {
            AuditAction::parse(a).ok_or_else(|| ApiError::Invalid(format!("`{a}` is not an action of the audit log")))
        })
        .transpose()?;
    let from = text("from").map(|d| day("from", d)).transpose()?;
    // `to` names the last day of the range: entries up to its end count.
    let to = text("to").map(|d| day("to", d).map(|start| start + DAY_MS)).transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if to <= from {
            return Err(ApiError::Invalid("`to` is before `from`: the range is reversed".into()));
        }
    }
    if from.is_some_and(|from| from > now) {
        return Err(ApiError::Invalid("`from` is in the future: no entry can be there yet".into()));
    }
    let before = text("before")
        .map(|cursor| {
            let (at, id) = cursor.split_once('_').unwrap_or_default();
            at.parse::<i64>().ok().filter(|_| !id.is_empty()).map(|at| (at, id.to_owned()))
        })
        .map(|cursor| cursor.ok_or_else(|| ApiError::Invalid("`before` is the `next` of a previous page".into())))
        .transpose()?;
    let limit = match text("limit") {
        None => PAGE,
        Some(n) => n
            .parse()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| ApiError::Invalid("`limit` is 1 to 200".into()))?,
    };
    let owned = |name: &str| text(name).map(str::to_owned);
    Ok(AuditQuery { actor: owned("actor"), action, object: owned("object"), from, to, before, limit })
}

/// The audit log (owners)
///
/// Every change made by the organisation's members and API tokens, newest first: who, what,
/// to which object, when, and from where (a digest of the address, never the address). Entries
/// cannot be changed or deleted; they are kept for the server's retention period.
#[utoipa::path(get, path = "/audit", tag = "security", operation_id = "audit_log",
    params(
        ("actor" = Option<String>, Query, description = "A member's user id or an API token's id"),
        ("action" = Option<AuditAction>, Query, description = "One action"),
        ("object" = Option<String>, Query, description = "An object's id, or a survey's (its entries and those of everything in it)"),
        ("from" = Option<String>, Query, description = "The first day, `YYYY-MM-DD` (UTC)"),
        ("to" = Option<String>, Query, description = "The last day, `YYYY-MM-DD` (UTC)"),
        ("before" = Option<String>, Query, description = "The `next` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Entries per page, 1 to 200 (50)"),
    ),
    responses(
        (status = 200, description = "A page of entries", body = AuditPage),
        Refused,
        (status = 422, description = "A filter that will not do: an unknown action, a reversed or future range", body = Error),
    ))]
pub async fn log(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<AuditPage>, ApiError> {
    actor.require(Role::Owner)?;
    let query = query(&params, crate::store::now_millis())?;
    let entries = state.store.audit_entries(&actor.organization_id, &query).await?;
    let next =
        (entries.len() == query.limit as usize).then(|| entries.last().map(|e| format!("{}_{}", e.at, e.id))).flatten();
    let retention_days = state.config.audit_retention_days.unwrap_or(DEFAULT_RETENTION_DAYS);
    Ok(Json(AuditPage { entries, next, retention_days }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn filters_are_read_and_bad_ones_named() {
        let now = day("now", "2026-12-02").unwrap() + 3_600_000;
        let q =
            query(&params(&[("action", "plan_created"), ("from", "2026-11-01"), ("to", "2026-11-30")]), now).unwrap();
        assert_eq!(q.action, Some(AuditAction::PlanCreated));
        assert_eq!(q.from, Some(day("", "2026-11-01").unwrap()));
        assert_eq!(q.to, Some(day("", "2026-12-01").unwrap()), "the last day counts whole");
        assert_eq!(query(&params(&[("before", "17_abc")]), now).unwrap().before, Some((17, "abc".to_owned())));
        for (bad, says) in [
            (vec![("from", "2026-11-30"), ("to", "2026-11-01")], "reversed"),
            (vec![("from", "2026-12-03")], "future"),
            (vec![("action", "drop_table")], "not an action"),
            (vec![("from", "yesterday")], "a date like"),
            (vec![("before", "abc")], "`before`"),
            (vec![("limit", "0")], "`limit`"),
            (vec![("who", "x")], "not a filter"),
        ] {
            let err = query(&params(&bad), now).unwrap_err().to_string();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }
}
