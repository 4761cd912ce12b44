//! The weekly digest a member asks for: what came in since the last one and what waits for them —
//! new comments on the organisation's surveys, their cases waiting and overdue, their plans due
//! within a week or late, and the "Did this fix it?" scores that moved — each item with its link
//! into the app. Composed here, sent through the outbox by a worker once a week per member (a
//! digest with nothing to say is not sent), and previewed in the app.

use crate::store::accounts::Member;
use crate::store::cases::CaseStatus;
use crate::store::mail::NewMail;
use crate::store::Store;
use hearback_api::PlanStatus;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

pub const WEEK_MS: i64 = 7 * 86_400_000;
/// Comments quoted at most, newest first; the rest are counted.
const QUOTED: usize = 3;
/// Responses read at most per survey to find the week's comments.
const READ: u32 = 500;

/// One part of a digest: a heading and its lines, each with its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub heading: String,
    pub lines: Vec<(String, String)>,
}

/// A member's digest, and the follow-up counts it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub parts: Vec<Part>,
    pub counts: BTreeMap<String, usize>,
}

impl Digest {
    /// The e-mail's text: the parts in turn, each line followed by its link.
    pub fn text(&self, name: &str, organization: &str, base: &str) -> String {
        let mut text = format!("Hello {name},\n\nYour week at {organization}, in Hearback.\n");
        for part in &self.parts {
            text += &format!("\n{}\n", part.heading);
            for (line, link) in &part.lines {
                text += &format!("- {line}\n  {base}{link}\n");
            }
        }
        text += &format!(
            "\nYou get this because you asked for a weekly digest. To stop it, untick it on {base}/admin/cases\n"
        );
        text
    }
}

/// The digest of `member` of an organisation for the week since `since`, at `now`; `told` are the
/// follow-up counts the last digest told.
pub async fn compose(
    store: &dyn Store,
    organization_id: &str,
    member: &Member,
    since: i64,
    told: &BTreeMap<String, usize>,
    now: i64,
) -> anyhow::Result<Digest> {
    let (mut comments, mut plans, mut follow_ups) = (Vec::new(), Vec::new(), Vec::new());
    let mut new_comments = 0;
    let mut counts = BTreeMap::new();
    let week_ahead = hearback_core::trend::label((now + WEEK_MS).div_euclid(86_400_000));
    for summary in store.organization_surveys(organization_id).await? {
        let Some(stored) = store.survey(&summary.id).await? else { continue };
        let texts: Vec<&str> = stored
            .survey
            .questions()
            .iter()
            .filter(|q| matches!(q.kind, hearback_core::QuestionKind::Text { .. }))
            .map(|q| q.id.as_str())
            .collect();
        if !texts.is_empty() {
            let newest = store.newest_responses(stored.survey.id(), None, READ).await?;
            for response in newest.iter().filter(|r| r.created_at > since) {
                for text in texts.iter().filter_map(|q| match response.raw.answers.get(*q) {
                    Some(hearback_core::RawAnswer::Text(text)) => Some(text),
                    _ => None,
                }) {
                    new_comments += 1;
                    if comments.len() < QUOTED {
                        let words: String = text.chars().take(140).collect();
                        comments.push((
                            format!("“{words}” ({})", summary.title),
                            format!("/admin/surveys/{}/results", summary.id),
                        ));
                    }
                }
            }
        }
        let all = store.plans(&summary.id).await?;
        for plan in all.iter().filter(|p| p.owner.user_id == member.user_id) {
            let open = matches!(plan.status, PlanStatus::Planned | PlanStatus::InProgress);
            if open && plan.due.as_str() <= week_ahead.as_str() {
                let line = format!("“{}” ({}), due {}", plan.will_do, summary.title, plan.due);
                plans.push((line, format!("/admin/surveys/{}/plans", summary.id)));
            }
        }
        for asked in store.follow_ups(&summary.id).await? {
            let answered = asked.answered_by.len();
            let Some(plan) = all.iter().find(|p| p.id == asked.plan_id) else { continue };
            // Moved: more (or fewer) answers than the last digest told, none told being none.
            if told.get(&asked.plan_id).copied().unwrap_or(0) != answered {
                let mean = asked.values.iter().map(|v| f64::from(*v)).sum::<f64>() / answered.max(1) as f64;
                let line =
                    format!("“{}”: {answered} answers to “{}”, {mean:.1} on average", plan.will_do, asked.prompt);
                follow_ups.push((line, format!("/admin/surveys/{}/plans", summary.id)));
            }
            counts.insert(asked.plan_id, answered);
        }
    }
    let mut cases = Vec::new();
    for case in store.cases(organization_id, Some(&member.user_id), now).await? {
        if !matches!(case.status, CaseStatus::Open | CaseStatus::Contacted) {
            continue;
        }
        let late = if case.status == CaseStatus::Open && case.due_at < now { ", overdue" } else { "" };
        let line = format!(
            "A customer of {}: {}{late}, due {}",
            case.survey_id,
            case.status.as_str(),
            hearback_core::trend::moment(case.due_at)
        );
        cases.push((line, format!("/admin/cases/{}", case.id)));
    }
    let mut parts = Vec::new();
    if new_comments > 0 {
        let heading = format!("New comments since last week: {new_comments}");
        parts.push(Part { heading, lines: comments });
    }
    let mut part = |heading: &str, lines: Vec<(String, String)>| {
        if !lines.is_empty() {
            parts.push(Part { heading: format!("{heading}: {}", lines.len()), lines });
        }
    };
    part("Your cases waiting", cases);
    part("Your plans due within a week", plans);
    part("Follow-up scores that moved", follow_ups);
    Ok(Digest { parts, counts })
}

/// One round: composes and queues every digest due at `now`. Returns how many were sent.
pub async fn send_due(store: &dyn Store, now: i64, base: &str) -> anyhow::Result<usize> {
    let mut sent = 0;
    for due in store.due_digests(now - WEEK_MS, 50).await? {
        let members = store.members(&due.organization_id).await?;
        let Some(member) = members.iter().find(|m| m.user_id == due.user_id) else { continue };
        let digest = compose(store, &due.organization_id, member, due.since, &due.follow_up_counts, now).await?;
        let organization = store.organization_name(&due.organization_id).await?.unwrap_or_default();
        let mail = (!digest.parts.is_empty()).then(|| mail(member, &organization, &digest, base));
        if store.record_digest(&due, &digest.counts, mail.as_ref(), now).await? && mail.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// The digest as an e-mail to its member.
pub fn mail(member: &Member, organization: &str, digest: &Digest, base: &str) -> NewMail {
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: member.email.clone(),
        reply_to: None,
        subject: format!("Your week at {organization}: what customers said, what waits for you"),
        body: digest.text(&member.name, organization, base),
        unsubscribe_url: None,
        from_name: None,
    }
}

/// Sends the digests due once an hour, until the workers stop. `base` starts the links.
pub fn spawn_worker(workers: &mut crate::workers::Workers, store: Arc<dyn Store>, base: String) {
    workers.spawn("weekly-digests", Duration::from_secs(3600), move || {
        let (store, base) = (store.clone(), base.clone());
        async move {
            if let Err(err) = send_due(store.as_ref(), crate::store::now_millis(), &base).await {
                tracing::warn!(error = %err, "weekly digests");
            }
        }
    });
}
