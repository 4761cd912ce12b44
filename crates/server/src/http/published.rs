//! Published results as readers see them: the page's data (the summary, the results frozen when
//! published, the plans as they are now, approved quotes, "Did this fix it?"), who may read it,
//! and what members see besides. Shared by the public API, the results page and the editors'
//! preview. A leaf: it imports no handler module.

use super::admin::auth::Actor;
use super::error::ApiError;
use super::AppState;
use crate::store::accounts::Role;
use crate::store::publications::{Publication, Visibility};
use crate::store::StoredSurvey;
use hearback_api::publication::{FollowedUp, PageChoice, PageOwner, PagePlan, PageQuestion, PageUpdate, PublishedPage};
use hearback_api::results::Shown;
use hearback_api::translation::TextKind;

/// The page's data: the summary, the published results and the plans as they are now (the
/// owner's name and role, never their e-mail).
pub async fn page(
    state: &AppState,
    stored: &StoredSurvey,
    publication: &Publication,
    language: &str,
) -> Result<PublishedPage, ApiError> {
    let plans = state.store.plans(stored.survey.id().as_str()).await?;
    let cases = state.store.survey_cases(stored.survey.id().as_str()).await?;
    let k = state.config.privacy.k;
    let led_to = |plan: &str| {
        let n = cases.iter().filter(|c| c.plan_id.as_deref() == Some(plan)).count() as u64;
        (n >= k).then_some(n)
    };
    let follow_ups = state.store.follow_ups(stored.survey.id().as_str()).await?;
    let last_change = plans.iter().map(|p| p.updated_at).max().unwrap_or(0).max(publication.published_at);
    // What the company wrote, in the reader's language where translated (else as written, noted).
    let mut words = super::translated::Translated::load(state, &stored.survey, language).await?;
    let summary = words.text(TextKind::Summary, stored.survey.id().as_str(), publication.summary.clone());
    let mut page_plans = Vec::with_capacity(plans.len());
    for p in plans {
        let follow_up = follow_ups.iter().find(|f| f.plan_id == p.id).map(|f| {
            let mut view = super::respondents::follow_up_view(state, stored, &publication.snapshot, f);
            view.prompt = words.text(TextKind::FollowUp, &p.id, view.prompt);
            view
        });
        let updates: Vec<PageUpdate> = p
            .updates
            .into_iter()
            .map(|u| PageUpdate {
                body: words.text(TextKind::Update, &u.id, u.body),
                id: u.id,
                author: u.author,
                status: u.status,
                created_at: u.created_at,
            })
            .collect();
        page_plans.push(PagePlan {
            cases: led_to(&p.id),
            heard: words.text(TextKind::Heard, &p.id, p.heard),
            will_do: words.text(TextKind::WillDo, &p.id, p.will_do),
            updates,
            id: p.id,
            questions: p.questions,
            themes: p.themes,
            owner: PageOwner { name: p.owner.name, role: p.owner.role },
            due: p.due,
            status: p.status,
            reason: p.reason,
            created_at: p.created_at,
            updated_at: p.updated_at,
            follow_up,
        });
    }
    // The survey's own texts in the reader's language.
    let survey = stored.survey.in_language(language);
    Ok(PublishedPage {
        survey: survey.id().to_string(),
        title: survey.title().to_owned(),
        questions: survey
            .questions()
            .iter()
            .map(|q| PageQuestion {
                id: q.id.to_string(),
                prompt: q.prompt.as_str().to_owned(),
                choices: choices_of(&q.kind)
                    .iter()
                    .map(|c| PageChoice { id: c.id.to_string(), label: c.label.as_str().to_owned() })
                    .collect(),
            })
            .collect(),
        language: language.to_owned(),
        languages: stored.survey.languages().to_vec(),
        summary,
        visibility: publication.visibility,
        results: publication.snapshot.clone(),
        plans: page_plans,
        quotes: shown_quotes(state, stored).await?,
        published_at: publication.published_at,
        last_updated: last_change,
        live: None,
        comments: None,
        dashboard: None,
        followed_up: followed_up(&cases, k, crate::store::now_millis()),
        untranslated: words.untranslated(),
    })
}

/// How many customers were reached in person over the last 90 days, and the median time from
/// their answer to that first contact, once at least `k` were.
fn followed_up(cases: &[crate::store::cases::StoredCase], k: u64, now: i64) -> Option<FollowedUp> {
    const DAYS: u32 = 90;
    let since = now - i64::from(DAYS) * 86_400_000;
    let waits: Vec<i64> =
        cases.iter().filter(|c| c.opened_at >= since).filter_map(crate::store::cases::StoredCase::wait).collect();
    if (waits.len() as u64) < k {
        return None;
    }
    let customers = waits.len() as u64;
    let median_first_contact_hours = hearback_core::case::median_hours(waits)?;
    Some(FollowedUp { customers, days: DAYS, median_first_contact_hours })
}

/// The page's content for a reader who may read it (the API's `GET /api/v1/results/{id}`, and
/// the results page's HTML): `ResultsNotPublished` to anyone else.
pub async fn readable(
    state: &AppState,
    id: &str,
    actor: Option<&Actor>,
    headers: &axum::http::HeaderMap,
    lang: Option<&str>,
) -> Result<PublishedPage, ApiError> {
    let not_published = || ApiError::ResultsNotPublished(id.to_owned());
    let stored = state.store.survey(id).await?.ok_or_else(not_published)?;
    let language = super::translated::reader_language(&stored.survey, lang, headers);
    let publication =
        state.store.publication(id).await?.filter(|p| p.unpublished_at.is_none()).ok_or_else(not_published)?;
    let holder = match publication.visibility {
        Visibility::Respondents => super::respondents::holder(state, id, headers).await.ok().flatten().is_some(),
        _ => false,
    };
    if !super::respondents::may_read(&publication, holder, actor) {
        return Err(not_published());
    }
    let mut body = page(state, &stored, &publication, &language).await?;
    // The executives' view: members read the numbers as they are now, every comment (as the
    // admin app lets them), and where to find the segments.
    if let Some(actor) = actor.filter(|a| a.organization_id == publication.organization_id) {
        actor.require(Role::Viewer)?;
        body.live = Some(snapshot(state, &stored).await?);
        body.comments = Some(comments(state, &stored).await?);
        body.dashboard = Some(format!("/admin/surveys/{id}/results"));
    }
    Ok(body)
}

/// The most recent comments, newest first, for members.
const MEMBERS_COMMENTS: usize = 200;

/// The newest [`MEMBERS_COMMENTS`] comments, reading responses newest first a page at a time
/// until there are enough (not every response has one), never the whole survey at once.
async fn comments(state: &AppState, stored: &StoredSurvey) -> Result<Vec<String>, ApiError> {
    use hearback_core::{QuestionKind, RawAnswer};
    const PAGE: u32 = 500;
    let texts: Vec<&str> = stored
        .survey
        .questions()
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Text { .. }))
        .map(|q| q.id.as_str())
        .collect();
    let mut found = Vec::new();
    let mut before = None;
    while found.len() < MEMBERS_COMMENTS && !texts.is_empty() {
        let page = state.store.newest_responses(stored.survey.id(), before, PAGE).await?;
        for response in &page {
            found.extend(texts.iter().filter_map(|q| match response.raw.answers.get(*q) {
                Some(RawAnswer::Text(text)) => Some(text.clone()),
                _ => None,
            }));
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => before = Some((last.created_at, last.id.clone())),
            _ => break,
        }
    }
    found.truncate(MEMBERS_COMMENTS);
    Ok(found)
}

/// The results as they would be published now: everyone, all time, privacy rules applied.
pub(crate) async fn snapshot(state: &AppState, stored: &StoredSurvey) -> Result<Shown, ApiError> {
    let tally = state.store.tally(stored.survey.id(), &crate::store::aggregates::Scope::everyone()).await?;
    Ok(super::results::for_publication(super::results::shown(&state.config.privacy, stored, &tally), stored))
}

/// The comments of one response that may be quoted: its text answers, when its author ticked a
/// consent question of the survey.
pub(crate) fn quotable<'a>(
    survey: &'a hearback_core::Survey,
    answers: &'a hearback_core::RawResponse,
) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    use hearback_core::{QuestionKind, RawAnswer};
    let questions = survey.questions();
    let consented = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Consent)
        .any(|q| matches!(answers.answers.get(q.id.as_str()), Some(RawAnswer::Bool(true))));
    questions.iter().filter(move |q| consented && matches!(q.kind, QuestionKind::Text { .. })).filter_map(|q| {
        match answers.answers.get(q.id.as_str()) {
            Some(RawAnswer::Text(text)) => Some((q.id.as_str(), text.as_str())),
            _ => None,
        }
    })
}

/// The approved quotes as the page shows them: the words alone, and only while their author's
/// consent and response stand. Reads the quoted responses only.
async fn shown_quotes(state: &AppState, stored: &StoredSurvey) -> Result<Vec<String>, ApiError> {
    Ok(state
        .store
        .quotes(stored.survey.id().as_str())
        .await?
        .into_iter()
        .filter_map(|q| {
            quotable(&stored.survey, &q.answers)
                .find(|(question, _)| *question == q.question_id)
                .map(|(_, t)| t.to_owned())
        })
        .collect())
}

/// The choices a question's results count, as the survey lists them.
fn choices_of(kind: &hearback_core::survey::QuestionKind) -> &[hearback_core::survey::Choice] {
    use hearback_core::survey::QuestionKind;
    match kind {
        QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => choices,
        QuestionKind::Rare(rare) => rare.choices(),
        _ => &[],
    }
}
