//! End to end, one site tag (`data-site`) on a company's pages, on another origin than
//! Hearback: it asks each audience its own survey, the company's survey fatigue keeps a second
//! survey away from a visitor who dismissed the first, an event from the page opens the survey
//! its rule names (and only when its properties pass), an event tracked before the survey loads
//! waits for it, and an unknown key shows nothing.

mod support;

use hearback_core::{Origin, Survey};
use hearback_server::store::audit::{Audit, AuditAction};
use hearback_server::store::sites::Site;
use serde_json::{json, Value};
use std::time::Duration;
use support::{eval, eventually, Browser, Options, TestApp};

/// The company's page: the site tag with the key, mode and customer plan its address names,
/// and an event tracked as soon as embed.js runs (`early`).
const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main>
<script>const q = new URLSearchParams(location.search), s = document.createElement('script');
s.src = '{{HEARBACK}}/embed.js'; s.dataset.site = q.get('key'); s.dataset.mode = q.get('mode') || 'popover';
if (q.get('plan')) { s.dataset.customerId = 'c-' + q.get('plan'); s.dataset.customerPlan = q.get('plan'); }
s.onload = () => q.get('early') && Hearback.track(q.get('early'));
document.body.append(s);</script></body></html>"#;

const OPEN: &str = support::PANEL_OPEN;
const KEY: &str = "shop-site-key-01";

/// The demo survey and a second one of the same company, both allowed on the host page's
/// origin, with these audiences, and the company's site tag there.
async fn company(demo: Value, second: Value) -> (TestApp, String) {
    let app = TestApp::start_with(Options { host_page: Some(PAGE.into()), ..Options::default() }).await;
    let privacy = hearback_core::privacy::Privacy::default();
    hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap();
    let company = app.store.survey("demo").await.unwrap().unwrap().organization.unwrap();
    let survey: Survey = serde_json::from_value(json!({"id": "second", "title": "Second",
        "questions": [{"id": "recommend", "kind": "nps", "prompt": "Recommend?"}]}))
    .unwrap();
    let host = Origin::parse(app.host_url.clone()).unwrap();
    app.store.create_survey(&survey, &[host.clone()], "e2e-secret").await.unwrap();
    app.store.adopt_survey(survey.id(), &company).await.unwrap();
    let audit = |action| Audit::system(Some(&company), "test", action, &company);
    for (id, audience) in [("demo", demo), ("second", second)] {
        let audience = serde_json::from_value(audience).unwrap();
        app.store.set_audience(id, &audience, &audit(AuditAction::SurveyAudienceSet)).await.unwrap();
    }
    let site = Site {
        key: KEY.into(),
        organization_id: company.clone(),
        origin: host.as_str().into(),
        created_at: 0,
        fatigue_days: None,
    };
    app.store.add_site(&site, &audit(AuditAction::SiteAdded)).await.unwrap();
    (app, company)
}

/// The survey the site tag's iframe shows, once its page is there.
async fn shown(browser: &Browser) -> String {
    let frame = browser.wait_for("#hearback-panel iframe").await;
    frame.enter_frame().await.unwrap();
    let script = "const s = document.getElementById('survey'); return s ? JSON.parse(s.textContent)[0] : ''";
    let mut id = Value::Null;
    for _ in 0..100 {
        id = eval(browser, script).await;
        if id != "" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.client.enter_parent_frame().await.unwrap();
    id.as_str().unwrap_or_default().to_owned()
}

async fn set_fatigue(app: &TestApp, company: &str, days: u32) {
    let audit = Audit::system(Some(company), "test", AuditAction::FatigueSet, company);
    app.store.set_fatigue_days(company, days, &audit).await.unwrap();
}

#[tokio::test]
async fn one_site_tag_asks_each_audience_its_survey_and_fatigue_keeps_the_second_away() {
    let pro = json!({"customer": [{"attribute": "plan", "is": ["pro"]}], "trigger": "load"});
    let free = json!({"customer": [{"attribute": "plan", "is": ["free"]}], "trigger": "load"});
    let (app, company) = company(pro, free).await;
    set_fatigue(&app, &company, 14).await;
    let browser = Browser::start().await;
    let visit = |plan: &str| format!("{}/?key={KEY}&mode=modal&plan={plan}", app.host_url);

    browser.client.goto(&visit("pro")).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "the pro customer asked on load").await;
    assert_eq!(shown(&browser).await, "demo", "the survey for pro customers");
    eval(&browser, "document.getElementById('hearback-panel').click(); return true").await;
    eventually(async || eval(&browser, OPEN).await == false, "dismissed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The same visitor as a free customer: the free customers' survey is the one on the page…
    browser.client.goto(&visit("free")).await.unwrap();
    assert_eq!(shown(&browser).await, "second", "the survey for free customers");
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "within 14 days of the first, the second does not ask");
    // …and asks once the company sets no fatigue.
    set_fatigue(&app, &company, 0).await;
    browser.client.goto(&visit("free")).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "with no fatigue, the second asks").await;
    assert_eq!(shown(&browser).await, "second");
    browser.close().await;
}

#[tokio::test]
async fn an_event_from_the_page_opens_the_survey_its_rule_names() {
    let checkout =
        json!({"event": {"name": "checkout_completed", "properties": [{"attribute": "plan", "is": ["pro"]}]}});
    let help = json!({"event": {"name": "help_opened"}});
    let (app, _) = company(checkout, help).await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/?key={KEY}", app.host_url)).await.unwrap();
    browser.wait_for("button[aria-controls=hearback-panel]").await;
    assert_eq!(shown(&browser).await, "second", "the newest asks nothing by itself (no trigger)");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(eval(&browser, OPEN).await, false);

    // Properties the rule refuses, and properties over their limits, open nothing…
    eval(&browser, "Hearback.track('checkout_completed', {plan: 'free'}); return true").await;
    eval(&browser, "Hearback.track('help_opened', {note: 'x'.repeat(300)}); return true").await;
    eval(&browser, "Hearback.track('x'.repeat(65)); return true").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "no rule held");
    assert_eq!(shown(&browser).await, "second");
    // …the event of the other survey opens it.
    eval(&browser, "Hearback.track('checkout_completed', {plan: 'pro', total: 120}); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "the checkout survey opened").await;
    assert_eq!(shown(&browser).await, "demo");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the host page with the survey open");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("site-event.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.close().await;
}

#[tokio::test]
async fn an_event_tracked_before_the_survey_loads_waits_for_it() {
    let (app, _) = company(json!({}), json!({"event": {"name": "help_opened"}})).await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/?key={KEY}&early=help_opened", app.host_url)).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "the early event opened the survey").await;
    assert_eq!(shown(&browser).await, "second");
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_site_key_shows_nothing_on_the_page() {
    let (app, _) = company(json!({"trigger": "load"}), json!({"trigger": "load"})).await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/?key=no-such-key&mode=modal", app.host_url)).await.unwrap();
    browser.wait_for("#hearback-panel iframe").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(eval(&browser, OPEN).await, false);
    let buttons = "return document.querySelectorAll('button[aria-controls=hearback-panel]').length";
    browser.client.goto(&format!("{}/?key=no-such-key", app.host_url)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(eval(&browser, buttons).await, 0, "no button for a survey that is not there");
    // The right key on the same page shows the button.
    browser.client.goto(&format!("{}/?key={KEY}", app.host_url)).await.unwrap();
    browser.wait_for("button[aria-controls=hearback-panel]").await;
    browser.close().await;
}
