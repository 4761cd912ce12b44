//! The demo `make run` shows: a survey, and a stand-in company site on another origin that embeds
//! it with one script tag, the way a customer's site would.

use crate::store::{Store, StoreError};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use hearback_core::{Origin, Survey};

const DEMO_SURVEY: &str = include_str!("../demo/survey.json");
const HOST_PAGE: &str = include_str!("../demo/host.html");
const SITE_PAGE: &str = include_str!("../demo/site.html");
/// A second survey, of the kinds the server steps through (a ranking, a date, recall), and its page.
/// The roadmap survey's definition (a ranking, a date, an information step, recall).
pub const ROADMAP_SURVEY: &str = include_str!("../demo/roadmap.json");
const ROADMAP_PAGE: &str = include_str!("../demo/roadmap.html");
/// The demo site's look, in both its pages.
const SITE_STYLE: &str = include_str!("../demo/style.html");

/// The demo company's site tag, on its site's `/site` page.
pub const DEMO_SITE_KEY: &str = "acme-demo-site";

pub fn survey() -> Survey {
    serde_json::from_str(DEMO_SURVEY).expect("the demo survey is valid")
}

/// Creates the demo survey unless it exists, allowing `host` to embed it. Returns its id.
pub async fn ensure_survey(store: &dyn Store, host: &Origin) -> Result<String, StoreError> {
    let survey = survey();
    match store.create_survey(&survey, std::slice::from_ref(host), &crate::identity::new_secret()).await {
        Ok(()) | Err(StoreError::Conflict) => Ok(survey.id().to_string()),
        Err(err) => Err(err),
    }
}

/// The company site: a page that embeds `survey` from the Hearback server at `hearback` with its
/// own tag, and one (`/site`) with the company's site tag and a checkout that tracks an event.
pub fn host_site(hearback: &Origin, survey: &str) -> Router {
    let fill = |page: &str| {
        page.replace("{{STYLE}}", SITE_STYLE.trim_end())
            .replace("{{HEARBACK}}", hearback.as_str())
            .replace("{{SURVEY}}", survey)
            .replace("{{SITE}}", DEMO_SITE_KEY)
    };
    let (page, site, roadmap) = (fill(HOST_PAGE), fill(SITE_PAGE), fill(ROADMAP_PAGE));
    Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route("/site", get(move || async move { Html(site) }))
        .route("/roadmap", get(move || async move { Html(roadmap) }))
}

/// The demo company's site tag for `host`, unless it has one, and the demo survey's event: a
/// completed checkout opens it there. Needs the company ([`ensure_loop`]).
pub async fn ensure_site(store: &dyn Store, host: &Origin) -> anyhow::Result<()> {
    use crate::store::audit::{Audit, AuditAction};
    use crate::store::sites::Site;
    use hearback_api::audience::{Audience, EventRule};
    let survey = survey();
    let organization = store.survey(survey.id().as_str()).await?.and_then(|s| s.organization);
    let Some(organization) = organization else { return Ok(()) };
    if store.site(DEMO_SITE_KEY).await?.is_some() {
        return Ok(());
    }
    let by_demo = |action, object: &str| Audit::system(Some(&organization), "demo", action, object);
    let site = Site {
        key: DEMO_SITE_KEY.into(),
        organization_id: organization.clone(),
        origin: host.as_str().into(),
        created_at: crate::store::now_millis(),
        fatigue_days: None,
    };
    store.add_site(&site, &by_demo(AuditAction::SiteAdded, DEMO_SITE_KEY)).await?;
    let audience = Audience {
        event: Some(EventRule { name: "checkout_completed".into(), properties: Vec::new() }),
        ..Audience::default()
    };
    let audit = by_demo(AuditAction::SurveyAudienceSet, survey.id().as_str()).survey(survey.id().as_str());
    store.set_audience(survey.id().as_str(), &audience, &audit).await?;
    Ok(())
}

/// The demo company's roadmap survey (a ranking, a date, a recalled answer), on `host`'s
/// `/roadmap` page and only there, unless it exists. Needs the company ([`ensure_loop`]).
pub async fn ensure_roadmap(store: &dyn Store, host: &Origin) -> anyhow::Result<()> {
    let roadmap: Survey = serde_json::from_str(ROADMAP_SURVEY).expect("the roadmap survey is valid");
    let organization = store.survey(survey().id().as_str()).await?.and_then(|s| s.organization);
    let Some(organization) = organization else { return Ok(()) };
    match store.create_survey(&roadmap, std::slice::from_ref(host), &crate::identity::new_secret()).await {
        Ok(()) => store.adopt_survey(roadmap.id(), &organization).await?,
        Err(StoreError::Conflict) => return Ok(()),
        Err(err) => return Err(err.into()),
    }
    // Asked on its own page only: the site tag's pages keep asking the demo survey.
    use crate::store::audit::{Audit, AuditAction};
    let audience = hearback_api::audience::Audience {
        pages: Some("exact:/roadmap".into()),
        ..hearback_api::audience::Audience::default()
    };
    let audit = Audit::system(Some(&organization), "demo", AuditAction::SurveyAudienceSet, roadmap.id().as_str())
        .survey(roadmap.id().as_str());
    store.set_audience(roadmap.id().as_str(), &audience, &audit).await?;
    Ok(())
}

/// The demo company's member, who can log in to the admin app (`make run` prints this).
pub const DEMO_EMAIL: &str = "dana@acme.example";
pub const DEMO_PASSWORD: &str = "hearback demo";

/// The loop, closed, for the demo: the demo survey belongs to a company (Acme Cloud) whose
/// member Dana Reyes can log in; 30 customers answered over the last month; Dana wrote two
/// action plans (one in progress, one done and asking "Did this fix it?"), approved a quote,
/// published the results at `/r/demo`, and follows up herself with whoever asks to hear back. Seeded once: nothing happens when Dana exists already.
/// Returns whether it seeded now.
pub async fn ensure_loop(store: &dyn Store, privacy: &hearback_core::privacy::Privacy) -> anyhow::Result<bool> {
    use crate::store::accounts::NewAccount;
    use crate::store::audit::{Audit, AuditAction};
    use crate::store::publications::{Publication, Visibility};
    use crate::store::{now_millis, Imported};
    use hearback_core::plan::{Plan, RawPlan, Theme};
    use hearback_core::{RawAnswer, RawResponse, Response};

    if store.user_by_email(DEMO_EMAIL).await?.is_some() {
        return Ok(false);
    }
    let survey = survey();
    let (user, organization) = (uuid::Uuid::new_v4().to_string(), uuid::Uuid::new_v4().to_string());
    // What the demo seeds is in the audit log too, as the server's own doing.
    let by_demo = |action: AuditAction, object: &str| {
        Audit::system(Some(&organization), "demo", action, object).survey(survey.id().as_str())
    };
    let password_hash = crate::http::admin::auth::hash_password(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .create_account(
            &NewAccount {
                user_id: &user,
                email: DEMO_EMAIL,
                name: "Dana Reyes",
                password_hash: &password_hash,
                organization_id: &organization,
                organization_name: "Acme Cloud",
            },
            &by_demo(AuditAction::OrganizationCreated, &organization),
        )
        .await?;
    store.adopt_survey(survey.id(), &organization).await?;
    // Whoever asks to hear back gets a case, Dana's, due in 2 business days.
    let rule = hearback_core::case::CaseRule {
        question: "reach".into(),
        at_most: None,
        at_least: None,
        contact_allowed: false,
        owners: vec![user.clone()],
        due_business_days: 2,
        escalate_to: None,
    };
    store
        .set_case_rules(survey.id().as_str(), &[rule], &by_demo(AuditAction::CaseRulesChanged, survey.id().as_str()))
        .await?;

    // Thirty customers, over the last thirty days: support is the sore point.
    let now = now_millis();
    let day = 86_400_000;
    let comments = [
        "Support replies take days.",
        "Slow support replies, otherwise fine.",
        "Exports time out on big projects.",
        "Support is slow to answer tickets.",
        "Great product, slow support.",
        "Love the dashboards.",
    ];
    let mut imported = Vec::new();
    for i in 0..30_usize {
        let score = [10, 9, 3, 8, 10, 5, 9, 7, 2, 10, 6, 9, 4, 10, 8][i % 15];
        let mut answers = std::collections::BTreeMap::from([
            ("recommend".to_owned(), RawAnswer::Number(score)),
            ("support".to_owned(), RawAnswer::Number([4, 2, 5, 3, 1, 4, 2, 3, 5, 2][i % 10])),
            (
                "channel".to_owned(),
                RawAnswer::Text(["email", "chat", "email", "phone", "chat", "email"][i % 6].to_owned()),
            ),
            ("comment".to_owned(), RawAnswer::Text(comments[i % comments.len()].to_owned())),
            ("quote".to_owned(), RawAnswer::Bool(i % 4 == 0)),
        ]);
        if score <= 6 {
            let wrong = [
                "Waited three days for an answer.",
                "Support took days to reply to my ticket.",
                "The export of our big project failed twice.",
                "Nobody answered my ticket for days.",
                "Exports time out.",
            ][i % 5];
            answers.insert("wrong".to_owned(), RawAnswer::Text(wrong.to_owned()));
        }
        let raw = RawResponse { answers: answers.into_iter().collect(), ..Default::default() };
        let response = Response::parse(&survey, &raw).map_err(|e| anyhow::anyhow!("demo response: {e:?}"))?;
        imported.push(Imported { response, customer: Default::default(), created_at: now - (i as i64 + 1) * day });
    }
    store.import_responses(&survey, &imported).await?;

    let due = |days: i64| {
        let (y, m, d) = hearback_core::trend::civil((now + days * day) / day);
        format!("{y:04}-{m:02}-{d:02}")
    };
    let plans = [
        (
            "Support replies take days.",
            vec!["recommend", "support"],
            "support slow",
            "Answer every support ticket within one working day",
            45,
            None,
        ),
        (
            "Exports time out on big projects.",
            vec!["recommend", "comment"],
            "exports",
            "Move exports to a background job, with an e-mail when they are ready",
            20,
            Some("done"),
        ),
    ];
    let mut ids = Vec::new();
    for (heard, questions, term, will_do, days, status) in plans.clone() {
        let raw = RawPlan {
            heard: heard.to_owned(),
            questions: questions.into_iter().map(str::to_owned).collect(),
            themes: vec![Theme {
                question: "comment".into(),
                term: term.split(' ').next_back().unwrap_or(term).into(),
            }],
            will_do: will_do.to_owned(),
            owner: Some(user.clone()),
            due: Some(due(days)),
            status: status.map(str::to_owned),
            reason: None,
        };
        let plan = Plan::parse(&survey, raw).map_err(|e| anyhow::anyhow!("demo plan: {e}"))?;
        let id = crate::store::ordered_id();
        let audit = by_demo(AuditAction::PlanCreated, &id);
        store.create_plan(&id, &organization, survey.id().as_str(), &plan, None, &audit).await?;
        ids.push(id);
    }
    let update_id = crate::store::ordered_id();
    let update_body = "Two more people on the support team from next Monday; replies now take 1.5 days on average.";
    let update = crate::store::plans::NewUpdate {
        id: &update_id,
        author_user_id: &user,
        body: update_body,
        status: Some((hearback_core::plan::PlanStatus::InProgress, None)),
    };
    store
        .add_plan_update(survey.id().as_str(), &ids[0], &update, None, &by_demo(AuditAction::PlanUpdateAdded, &ids[0]))
        .await?;
    let prompt = "Now that exports run in the background, how likely are you to recommend Acme Cloud?";
    let audit = by_demo(AuditAction::FollowUpSet, &ids[1]);
    store.set_follow_up(survey.id().as_str(), &ids[1], "recommend", prompt, now, &audit).await?;

    for response in store
        .responses(survey.id())
        .await?
        .iter()
        .filter(|r| r.raw.answers.get("quote") == Some(&RawAnswer::Bool(true)))
        .take(2)
    {
        let id = crate::store::ordered_id();
        let audit = by_demo(AuditAction::QuoteApproved, &id);
        store.approve_quote(&id, survey.id().as_str(), &response.id, "comment", &user, now, &audit).await?;
    }
    let stored = store.survey(survey.id().as_str()).await?.ok_or_else(|| anyhow::anyhow!("the demo survey is gone"))?;
    let tally = store.tally(survey.id(), &crate::store::aggregates::Scope::everyone()).await?;
    let publication = Publication {
        survey_id: survey.id().to_string(),
        organization_id: organization.clone(),
        visibility: Visibility::Public,
        summary: "Thank you: 30 of you answered this month.\n\nYou like the product and find our support too slow; \
                  exports also fail on big projects. Below is what we are doing about both, who answers for it, and by when."
            .to_owned(),
        snapshot: crate::http::results::for_publication(crate::http::results::shown(privacy, &stored, &tally), &stored),
        published_at: now,
        unpublished_at: None,
    };
    let audit = by_demo(AuditAction::ResultsPublished, survey.id().as_str());
    store.publish(&publication, &user, None, &audit).await?;

    // In German too, all but the second plan: the German page shows both, the untranslated marked.
    use crate::store::translations::TranslationChange;
    use hearback_api::translation::TextKind;
    let german = [
        (
            TextKind::Summary,
            survey.id().as_str(),
            publication.summary.as_str(),
            "Danke: 30 von Ihnen haben diesen Monat geantwortet.\n\nIhnen gefällt das Produkt, und unser Support ist \
             Ihnen zu langsam; außerdem scheitern Exporte bei großen Projekten. Unten steht, was wir gegen beides tun, \
             wer dafür verantwortlich ist und bis wann.",
        ),
        (TextKind::Heard, &ids[0], plans[0].0, "Antworten vom Support dauern Tage."),
        (TextKind::WillDo, &ids[0], plans[0].3, "Jedes Support-Ticket innerhalb eines Arbeitstages beantworten"),
        (
            TextKind::Update,
            &update_id,
            update_body,
            "Ab nächstem Montag zwei Personen mehr im Support-Team; Antworten dauern jetzt im Schnitt 1,5 Tage.",
        ),
    ];
    let changes: Vec<TranslationChange<'_>> = german
        .iter()
        .map(|(kind, subject, source, body)| TranslationChange { kind: *kind, subject, body: Some(body), source })
        .collect();
    let audit = by_demo(AuditAction::TranslationsSaved, survey.id().as_str());
    store.save_translations(survey.id().as_str(), "de", &changes, &user, now, &audit).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roadmap_survey_parses_and_is_stepped_by_the_server() {
        let roadmap: Survey = serde_json::from_str(ROADMAP_SURVEY).unwrap();
        assert!(roadmap.server_stepped());
        assert!(!survey().server_stepped(), "the demo survey is hydrated by the wasm");
    }

    #[test]
    fn the_demo_survey_parses() {
        assert_eq!(super::survey().questions().len(), 7);
    }
}
