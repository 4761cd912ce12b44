//! Overdue cases told, once: to the case's owner and to the member its rule escalates to, by
//! e-mail through the outbox (so nothing is dropped while SMTP is down). A worker does a round a
//! minute while the server sends mail.

use crate::store::mail::NewMail;
use crate::store::overdue::OverdueCase;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// The e-mails telling an overdue case: to its owner, and to its escalation member.
pub fn overdue_mails(overdue: &OverdueCase, survey_title: &str, base: &str) -> Vec<NewMail> {
    let case = &overdue.case;
    let due = hearback_core::trend::moment(case.due_at);
    let link = format!("{base}/admin/cases/{}", case.id);
    let mut mails = vec![NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: overdue.owner_email.clone(),
        reply_to: None,
        subject: format!("Overdue: a customer of “{survey_title}” is waiting for you"),
        body: format!(
            "Hello {owner},\n\nA customer who answered “{survey_title}” should have heard from you by {due}, and the \
             case is still open. Reach them, then mark it contacted (or could not reach):\n{link}\n",
            owner = case.owner.name,
        ),
        unsubscribe_url: None,
        from_name: None,
    }];
    if let (Some(member), Some(email)) = (&case.escalate_to, &overdue.escalate_email) {
        mails.push(NewMail {
            id: uuid::Uuid::new_v4().to_string(),
            recipient: email.clone(),
            reply_to: Some(overdue.owner_email.clone()),
            subject: format!("Overdue: {}'s case for “{survey_title}”", case.owner.name),
            body: format!(
                "Hello {name},\n\nYou are the escalation for the cases of “{survey_title}”. A customer should have \
                 heard from {owner} by {due}, and the case is still open (replying reaches {owner}):\n{link}\n",
                name = member.name,
                owner = case.owner.name,
            ),
            unsubscribe_url: None,
            from_name: None,
        });
    }
    mails
}

/// One round: tells every overdue case not told yet. Returns how many were told.
pub async fn tell_overdue(store: &dyn Store, now: i64, base: &str) -> anyhow::Result<usize> {
    let mut told = 0;
    for overdue in store.overdue_cases(now, 100).await? {
        let title =
            store.survey(&overdue.case.survey_id).await?.map(|s| s.survey.title().to_owned()).unwrap_or_default();
        if store.tell_overdue(&overdue.case.id, &overdue_mails(&overdue, &title, base), now).await? {
            told += 1;
        }
    }
    Ok(told)
}

/// Tells overdue cases once a minute, until the workers stop. `base` starts the links (the
/// server's public URL; empty leaves them paths).
pub fn spawn_worker(workers: &mut crate::workers::Workers, store: Arc<dyn Store>, base: String) {
    workers.spawn("overdue-cases", Duration::from_secs(60), move || {
        let (store, base) = (store.clone(), base.clone());
        async move {
            if let Err(err) = tell_overdue(store.as_ref(), crate::store::now_millis(), &base).await {
                tracing::warn!(error = %err, "overdue cases");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::cases::{CaseMember, CaseStatus, StoredCase};

    #[test]
    fn the_owner_and_the_escalation_are_told_with_a_link_and_reply_reaches_the_owner() {
        let member = |id: &str, name: &str| CaseMember { user_id: id.into(), name: name.into() };
        let case = StoredCase {
            id: "c1".into(),
            survey_id: "pulse".into(),
            response_id: "r1".into(),
            owner: member("u1", "Dana Reyes"),
            escalate_to: Some(member("u2", "Sam Exec")),
            status: CaseStatus::Open,
            opened_at: 0,
            due_at: 86_400_000 + 9 * 3_600_000,
            contacted_at: None,
            closed_at: None,
            outcome: None,
            root_cause: None,
            plan_id: None,
            organization_id: "acme".into(),
            rule: 0,
            reply_via: None,
            resolved_answer: None,
        };
        let overdue = OverdueCase {
            case,
            owner_email: "dana@acme.example".into(),
            escalate_email: Some("sam@acme.example".into()),
        };
        let mails = overdue_mails(&overdue, "Pulse", "https://feedback.acme.example");
        assert_eq!(mails.len(), 2);
        assert_eq!((mails[0].recipient.as_str(), mails[0].reply_to.as_deref()), ("dana@acme.example", None));
        assert_eq!(
            (mails[1].recipient.as_str(), mails[1].reply_to.as_deref()),
            ("sam@acme.example", Some("dana@acme.example"))
        );
        for mail in &mails {
            assert!(mail.body.contains("https://feedback.acme.example/admin/cases/c1"), "{}", mail.body);
            assert!(mail.body.contains("1970-01-02 09:00 UTC"), "{}", mail.body);
        }
        assert!(mails[1].body.contains("Hello Sam Exec") && mails[1].body.contains("Dana Reyes"));
    }
}
