//! Messages in a team's chat: Slack and Microsoft Teams incoming webhooks. They are webhooks of
//! their own format ([`WebhookFormat`]): every finished response is queued for them in the
//! transaction that stores it, like any webhook's, and at delivery the worker turns it into a
//! message — or drops it, when the webhook's [`ChatRule`] leaves it out ("NPS ≤ 6 with a
//! comment"). A daily summary is queued once per webhook and day, whichever instance gets there
//! first. Messages carry the score, the comment and a link to the response, never who answered;
//! what a respondent wrote is escaped, so it cannot mention a channel or forge a link.

use crate::store::webhooks::{ChatRule, WebhookFormat};
use crate::store::{aggregates, Store, StoreError};
use hearback_core::response::{Answer, RawResponse};
use hearback_core::{Completion, QuestionKind, Response, Survey};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

const DAY_MS: i64 = 86_400_000;
/// A comment is cut to this many characters in a message; the link has the rest.
const COMMENT_CHARS: usize = 500;

/// Checks a chat webhook's rule against its survey.
pub fn check_rule(survey: &Survey, rule: &ChatRule) -> Result<(), String> {
    let question =
        survey.question(&rule.question).ok_or_else(|| format!("the survey has no question `{}`", rule.question))?;
    let (low, high) = question.kind.scale().ok_or_else(|| {
        format!("`{}` has no score: a message rule watches an NPS, CSAT, CES or rating question", rule.question)
    })?;
    if !hearback_core::case::range_fits((low, high), rule.at_least, rule.at_most) {
        return Err(format!(
            "the rule on `{}` needs `at_most` and/or `at_least` within {low} to {high}, the lower first",
            rule.question
        ));
    }
    if let Some(comment) = &rule.with_comment {
        let text = survey.question(comment).is_some_and(|q| matches!(q.kind, QuestionKind::Text { .. }));
        if !text {
            return Err(format!("`{comment}` is not a text question of the survey: `with_comment` names one"));
        }
    }
    Ok(())
}

/// Whether a finished response is one the rule tells the team about.
pub fn matches(rule: &ChatRule, response: &Response) -> bool {
    let Ok(question) = hearback_core::Slug::parse(&rule.question) else { return false };
    let scored = match response.answer(&question) {
        Some(Answer::Scale(score)) => hearback_core::case::in_range(*score, rule.at_least, rule.at_most),
        _ => false,
    };
    let commented = rule.with_comment.as_ref().is_none_or(|comment| {
        hearback_core::Slug::parse(comment).is_ok_and(|c| matches!(response.answer(&c), Some(Answer::Text(_))))
    });
    scored && commented
}

/// What a chat webhook is sent for a queued payload (a finished response, or a day's summary):
/// the message's JSON, or `None` when the rule leaves the response out. `base` starts the link
/// (the server's public URL; without one, the message has no link).
pub fn message(
    format: WebhookFormat,
    rule: Option<&ChatRule>,
    survey: &Survey,
    payload: &str,
    base: &str,
) -> Option<String> {
    let payload: Value = serde_json::from_str(payload).ok()?;
    let text = match payload["event"].as_str()? {
        "response.completed" => response_text(rule, survey, &payload, base)?,
        "summary.daily" => summary_text(survey, &payload, base),
        _ => return None,
    };
    Some(
        match format {
            WebhookFormat::Teams => json!({
                "@type": "MessageCard",
                "@context": "https://schema.org/extensions",
                "summary": text.lines().next().unwrap_or_default(),
                "text": text.replace('\n', "\n\n"),
            }),
            WebhookFormat::Slack | WebhookFormat::Hearback => json!({"text": text}),
        }
        .to_string(),
    )
}

fn response_text(rule: Option<&ChatRule>, survey: &Survey, payload: &Value, base: &str) -> Option<String> {
    let raw: RawResponse = serde_json::from_value(json!({
        "answers": payload["response"]["answers"],
        "other": payload["response"]["other"],
    }))
    .ok()?;
    let known = Default::default();
    let response = Response::parse_with(survey, &raw, &known, Completion::Complete).ok()?;
    if rule.is_some_and(|rule| !matches(rule, &response)) {
        return None;
    }
    let title = escape(survey.title());
    let mut lines = vec![format!("New response to “{title}”")];
    for question in survey.questions() {
        match response.answer(&question.id) {
            Some(Answer::Scale(score)) => {
                let (_, high) = question.kind.scale().unwrap_or_default();
                lines.push(format!("{}: {score} of {high}", escape(question.prompt.as_str())));
            }
            Some(Answer::Text(comment)) => {
                let cut: String = comment.chars().take(COMMENT_CHARS).collect();
                let more = if cut.len() < comment.len() { "…" } else { "" };
                lines.push(format!("{}: “{}{more}”", escape(question.prompt.as_str()), escape(&cut)));
            }
            _ => {}
        }
    }
    let id = payload["response"]["id"].as_str()?;
    if !base.is_empty() {
        lines.push(format!("Open the response: {base}/admin/surveys/{}#response-{id}", survey.id()));
    }
    Some(lines.join("\n"))
}

fn summary_text(survey: &Survey, payload: &Value, base: &str) -> String {
    let day = payload["day"].as_str().unwrap_or_default();
    let finished = payload["completed"].as_u64().unwrap_or_default();
    let mut line = format!("“{}” on {day}: {finished} finished responses", escape(survey.title()));
    if let Some(nps) = payload["nps"].as_f64() {
        line.push_str(&format!(", NPS {nps:+.0}"));
    }
    if let Some(detractors) = payload["detractors"].as_u64() {
        line.push_str(&format!(" ({detractors} detractors)"));
    }
    if base.is_empty() {
        line
    } else {
        format!("{line}\nSee the results: {base}/admin/surveys/{}/results", survey.id())
    }
}

/// What a respondent or a company wrote, safe in a Slack or Teams message: no `<!channel>`, no
/// `<https://…|forged link>`, no markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Queues yesterday's summary (UTC) for every chat webhook that wants one and existed before
/// yesterday ended; the NPS only from at least `k` answers. Returns how many it queued.
pub async fn queue_summaries(store: &dyn Store, now: i64, k: u64) -> Result<usize, StoreError> {
    let yesterday = aggregates::day_of(now) - 1;
    let day = chrono::DateTime::from_timestamp_millis(yesterday * DAY_MS).unwrap_or_default().format("%Y-%m-%d");
    let key = format!("summary:{day}");
    let mut queued = 0;
    for (webhook, survey_id, created_at) in store.summary_webhooks(&key).await? {
        if created_at >= (yesterday + 1) * DAY_MS {
            continue;
        }
        let Some(stored) = store.survey(&survey_id).await? else { continue };
        let tally = store
            .tally(
                stored.survey.id(),
                &aggregates::Scope { days: Some((yesterday, yesterday)), ..aggregates::Scope::everyone() },
            )
            .await?;
        let results = hearback_core::results::Results::from_tally(&stored.survey, &tally);
        let nps = results.questions.iter().find_map(|q| match &q.result {
            hearback_core::results::QuestionResult::Nps(nps) if q.answered >= k => Some(nps),
            _ => None,
        });
        let payload = json!({
            "event": "summary.daily",
            "survey": survey_id,
            "day": day.to_string(),
            "completed": results.completed,
            "nps": nps.and_then(|n| n.score),
            "detractors": nps.map(|n| n.detractors),
        });
        if store.queue_once(&webhook, &key, &payload.to_string(), now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the daily summaries once a minute (each once: a round that finds them queued reads
/// nothing more), until the workers stop.
pub fn spawn_summary_worker(workers: &mut crate::workers::Workers, store: Arc<dyn Store>, k: u64) {
    workers.spawn("chat-summaries", Duration::from_secs(60), move || {
        let store = store.clone();
        async move {
            if let Err(err) = queue_summaries(store.as_ref(), crate::store::now_millis(), k).await {
                tracing::warn!(error = %err, "chat summaries");
            }
        }
    });
}
