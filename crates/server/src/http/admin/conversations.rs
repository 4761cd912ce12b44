//! How an organisation's customer conversations go, for the people who run it: open and overdue
//! cases, the median time to first contact, the resolution rate, root causes by month, and each
//! member's conversations this month against the goal an owner set them.

use super::auth::Actor;
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::{Member, Role};
use crate::store::audit::AuditAction;
use crate::store::cases::{CaseStatus, RootCause, StoredCase};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::Json;
use hearback_api::case::{CaseSummary, CauseCount, DigestPreview, DigestSettings, GoalRequest, MemberProgress};
use hearback_core::trend::month;

/// The summary of an organisation's cases at `now`.
pub fn summarize(
    cases: &[StoredCase],
    causes: &[RootCause],
    members: &[Member],
    goals: &[(String, u32)],
    now: i64,
) -> CaseSummary {
    let open: Vec<&StoredCase> = cases.iter().filter(|c| c.status == CaseStatus::Open).collect();
    let waits = cases.iter().filter_map(StoredCase::wait).collect();
    let median_first_contact_hours = hearback_core::case::median_hours(waits);
    let resolved = cases.iter().filter(|c| c.status == CaseStatus::Resolved).count() as u64;
    let unreachable = cases.iter().filter(|c| c.status == CaseStatus::Unreachable).count() as u64;
    let resolution_rate = (resolved + unreachable > 0).then(|| (resolved * 100 / (resolved + unreachable)) as u8);
    let mut counts: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for case in cases.iter().filter(|c| c.status == CaseStatus::Resolved) {
        if let (Some(cause), Some(closed)) = (&case.root_cause, case.closed_at) {
            *counts.entry((month(closed), cause.clone())).or_default() += 1;
        }
    }
    let mut root_causes: Vec<CauseCount> = counts
        .into_iter()
        .map(|((month, cause), count)| CauseCount {
            label: causes.iter().find(|c| c.id == cause).map_or(cause.clone(), |c| c.label.clone()),
            month,
            root_cause: cause,
            count,
        })
        .collect();
    root_causes.sort_by(|a, b| b.month.cmp(&a.month).then(b.count.cmp(&a.count)).then(a.label.cmp(&b.label)));
    let this_month = month(now);
    let members = members
        .iter()
        .map(|m| {
            let owned = || cases.iter().filter(move |c| c.owner.user_id == m.user_id);
            MemberProgress {
                user_id: m.user_id.clone(),
                name: m.name.clone(),
                reached_this_month: owned().filter(|c| c.contacted_at.is_some_and(|at| month(at) == this_month)).count()
                    as u64,
                waiting: owned().filter(|c| matches!(c.status, CaseStatus::Open | CaseStatus::Contacted)).count()
                    as u64,
                goal: goals.iter().find(|(user, _)| *user == m.user_id).map(|(_, n)| *n),
            }
        })
        .collect();
    CaseSummary {
        open: open.len() as u64,
        overdue: open.iter().filter(|c| c.due_at < now).count() as u64,
        median_first_contact_hours,
        resolution_rate,
        root_causes,
        members,
    }
}

/// How the conversations go
///
/// Open and overdue cases, the median time to first contact, the resolution rate, root causes
/// by month, and each member's customers reached this month against their goal.
#[utoipa::path(get, path = "/cases/summary", tag = "cases", operation_id = "case_summary",
    responses((status = 200, description = "The summary", body = CaseSummary), Refused))]
pub async fn summary(State(state): State<AppState>, actor: Actor) -> Result<Json<CaseSummary>, ApiError> {
    actor.require(Role::Viewer)?;
    let organization = &actor.organization_id;
    let now = crate::store::now_millis();
    let cases = state.store.cases(organization, None, now).await?;
    let causes = state.store.root_causes(organization).await?;
    let members = state.store.members(organization).await?;
    let goals = state.store.member_goals(organization).await?;
    Ok(Json(summarize(&cases, &causes, &members, &goals, now)))
}

/// Set a member's monthly goal (owners)
///
/// Customers a month to talk to (1 to 100), or `null` for none.
#[utoipa::path(put, path = "/members/{user}/goal", tag = "cases", operation_id = "set_member_goal",
    params(("user" = String, Path, description = "The member's user id")),
    request_body = GoalRequest,
    responses(
        (status = 204, description = "Set"),
        Refused,
        (status = 404, description = "No such member", body = Error),
        (status = 422, description = "Not 1 to 100", body = Error),
    ))]
pub async fn set_goal(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
    body: JsonBody<GoalRequest>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Owner)?;
    let per_month = body.value.per_month;
    if per_month.is_some_and(|n| !(1..=100).contains(&n)) {
        return Err(ApiError::Invalid("a goal is 1 to 100 customers a month".into()));
    }
    state.store.member_name(&actor.organization_id, &user_id).await?.ok_or(ApiError::NotFound)?;
    let detail = per_month.map_or("none".to_owned(), |n| format!("{n} a month"));
    let audit = actor.audit(AuditAction::MemberGoalSet, &user_id).detail(detail);
    state.store.set_member_goal(&actor.organization_id, &user_id, per_month, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My weekly digest
///
/// Whether the asking member gets the weekly digest e-mail, and what it would say about the last
/// seven days: new comments, their cases waiting, their plans due, follow-up scores that moved.
#[utoipa::path(get, path = "/me/digest", tag = "cases", operation_id = "my_digest",
    responses((status = 200, description = "The setting and a preview", body = DigestPreview), Refused))]
pub async fn digest(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
) -> Result<Json<DigestPreview>, ApiError> {
    actor.require(Role::Viewer)?;
    let user = actor.person()?;
    let members = state.store.members(&actor.organization_id).await?;
    let member = members.into_iter().find(|m| m.user_id == user).ok_or(ApiError::Forbidden("members only"))?;
    let now = crate::store::now_millis();
    let week_ago = now - crate::digest::WEEK_MS;
    let composed = crate::digest::compose(
        state.store.as_ref(),
        &actor.organization_id,
        &member,
        week_ago,
        &Default::default(),
        now,
    )
    .await
    .map_err(ApiError::Internal)?;
    let organization = state.store.organization_name(&actor.organization_id).await?.unwrap_or_default();
    let base = crate::http::public_base(&state.config, &headers);
    let mail = crate::digest::mail(&member, &organization, &composed, &base);
    Ok(Json(DigestPreview {
        weekly: state.store.digest_wanted(&actor.organization_id, user).await?,
        subject: mail.subject,
        text: mail.body,
        empty: composed.parts.is_empty(),
    }))
}

/// Get the weekly digest, or stop it
///
/// The first one goes out a week after asking (when the server sends mail).
#[utoipa::path(put, path = "/me/digest", tag = "cases", operation_id = "set_my_digest",
    request_body = DigestSettings,
    responses((status = 204, description = "Set"), Refused))]
pub async fn set_digest(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<DigestSettings>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Viewer)?;
    let user = actor.person()?;
    let now = crate::store::now_millis();
    state.store.want_digest(&actor.organization_id, user, body.value.weekly, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::cases::CaseMember;

    const DAY: i64 = 86_400_000;

    fn case(owner: &str, status: CaseStatus, opened: i64, contacted: Option<i64>, cause: Option<&str>) -> StoredCase {
        StoredCase {
            id: format!("{owner}-{opened}"),
            survey_id: "pulse".into(),
            response_id: "r".into(),
            owner: CaseMember { user_id: owner.into(), name: owner.to_uppercase() },
            escalate_to: None,
            status,
            opened_at: opened,
            due_at: opened + 2 * DAY,
            contacted_at: contacted,
            closed_at: status.closed().then_some(opened + 3 * DAY),
            outcome: None,
            root_cause: cause.map(str::to_owned),
            plan_id: None,
            organization_id: "acme".into(),
            rule: 0,
            reply_via: None,
            resolved_answer: None,
        }
    }

    #[test]
    fn the_summary_counts_waits_rates_causes_and_each_members_month() {
        // 2026-12-10; cases from November and December.
        let now = hearback_core::trend::days_from_civil(2026, 12, 10) * DAY;
        let nov = hearback_core::trend::days_from_civil(2026, 11, 20) * DAY;
        let cases = [
            case("ann", CaseStatus::Open, now - 3 * DAY, None, None),
            case("ann", CaseStatus::Open, now - DAY, None, None),
            case("ann", CaseStatus::Resolved, now - 5 * DAY, Some(now - 5 * DAY + 2 * 3_600_000), Some("slow")),
            case("bob", CaseStatus::Resolved, nov, Some(nov + 10 * 3_600_000), Some("slow")),
            case("bob", CaseStatus::Unreachable, nov, None, None),
            case("bob", CaseStatus::Contacted, now - 2 * DAY, Some(now - 2 * DAY + 4 * 3_600_000), None),
        ];
        let causes = [RootCause { id: "slow".into(), label: "Slow support".into() }];
        let member = |id: &str| Member {
            user_id: id.into(),
            email: format!("{id}@x.example"),
            name: id.into(),
            role: Role::Editor,
        };
        let summary = summarize(&cases, &causes, &[member("ann"), member("bob")], &[("ann".into(), 5)], now);
        assert_eq!((summary.open, summary.overdue), (2, 1), "one open case is past its due time");
        assert_eq!(summary.median_first_contact_hours, Some(4), "waits of 2, 4 and 10 hours");
        assert_eq!(summary.resolution_rate, Some(66), "2 resolved of 3 closed");
        let causes: Vec<(&str, &str, u64)> =
            summary.root_causes.iter().map(|c| (c.month.as_str(), c.label.as_str(), c.count)).collect();
        assert_eq!(causes, [("2026-12", "Slow support", 1), ("2026-11", "Slow support", 1)]);
        let progress: Vec<(&str, u64, u64, Option<u32>)> =
            summary.members.iter().map(|m| (m.user_id.as_str(), m.reached_this_month, m.waiting, m.goal)).collect();
        assert_eq!(progress, [("ann", 1, 2, Some(5)), ("bob", 1, 1, None)]);
    }
}
