//! End to end, how embed.js shows a survey on a company's page: the popover on either side with
//! the survey's own close button, the modal, triggers (scroll, exit intent, URL rules re-checked
//! on single-page-app route changes), sampling, and questions prefilled from customer details.
//! Every host page here is on another origin than Hearback.

mod support;

use fantoccini::Locator;
use hearback_core::{Origin, Survey};
use serde_json::json;
use std::time::Duration;
use support::{eval, eventually, Browser, Options, TestApp};

/// A host page with the embed tag carrying `attributes`, a tall body (for scrolling) and a log of
/// Hearback's events.
fn page(attributes: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1>
<p style="height:3000px">Products.</p></main>
<script src="{{{{HEARBACK}}}}/embed.js" data-survey="demo" {attributes}></script>
<script>window.__events = []; ['open', 'close', 'complete'].forEach(n => Hearback.on(n, () => __events.push(n)));</script>
</body></html>"#
    )
}

const OPEN: &str = support::PANEL_OPEN;

async fn start(attributes: &str) -> (TestApp, Browser) {
    let app = TestApp::start_with(Options { host_page: Some(page(attributes)), ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    (app, browser)
}

/// Waits until the widget told the page it may be shown (its `ready` message arrived), by
/// waiting for the iframe's form to hydrate.
async fn widget_ready(browser: &Browser) {
    let frame = browser.wait_for("#hearback-panel iframe").await;
    frame.enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    browser.client.enter_parent_frame().await.unwrap();
    // The ready message crosses to the host page asynchronously.
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test]
async fn a_popover_on_the_left_closes_from_its_own_button_and_the_page_stays_accessible() {
    let (_app, browser) = start(r#"data-position="bottom-left" data-label="Tell us""#).await;
    let button = browser.wait_for("button[aria-controls=hearback-panel]").await;
    assert_eq!(button.text().await.unwrap(), "Tell us");
    button.click().await.unwrap();
    widget_ready(&browser).await;
    let left = eval(&browser, "return document.getElementById('hearback-panel').getBoundingClientRect().left").await;
    assert!(left.as_f64().unwrap() < 40.0, "the panel sits on the left, at {left}");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "host page with the popover open");

    let frame = browser.wait_for("#hearback-panel iframe").await;
    frame.enter_frame().await.unwrap();
    let close = browser.wait_for("button.hb-close").await;
    assert_eq!(close.attr("aria-label").await.unwrap().as_deref(), Some("Close survey"));
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the survey in its panel");
    close.click().await.unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    eventually(async || eval(&browser, OPEN).await == false, "the close button closing the popover").await;
    assert_eq!(eval(&browser, "return __events").await, json!(["open", "close"]));
    assert_eq!(eval(&browser, "return document.activeElement.getAttribute('aria-controls')").await, "hearback-panel");
    browser.close().await;
}

#[tokio::test]
async fn an_open_modal_leaves_the_host_page_without_accessibility_violations() {
    let (_app, browser) = start(r#"data-mode="modal""#).await;
    eventually(async || eval(&browser, OPEN).await == true, "the modal opening on load").await;
    widget_ready(&browser).await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new());
    // A click on the backdrop closes it.
    eval(&browser, "document.getElementById('hearback-panel').click(); return true").await;
    eventually(async || eval(&browser, OPEN).await == false, "a backdrop click closing the modal").await;
    browser.close().await;
}

#[tokio::test]
async fn the_scroll_trigger_opens_the_survey_once_the_reader_is_far_enough_down() {
    let (_app, browser) = start(r#"data-trigger="scroll" data-scroll="60""#).await;
    widget_ready(&browser).await;
    eval(&browser, "window.scrollTo(0, 600); return true").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "a fifth of the way down is not enough");
    eval(&browser, "window.scrollTo(0, document.documentElement.scrollHeight); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "scrolling to the end opening the survey").await;
    browser.close().await;
}

#[tokio::test]
async fn the_exit_trigger_opens_the_survey_when_the_pointer_leaves_through_the_top() {
    let (_app, browser) = start(r#"data-trigger="exit""#).await;
    widget_ready(&browser).await;
    // Leaving sideways, into the page's own elements, is not leaving.
    eval(&browser, "document.dispatchEvent(new MouseEvent('mouseout', {clientY: 300, bubbles: true})); return true")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(eval(&browser, OPEN).await, false);
    eval(&browser, "document.dispatchEvent(new MouseEvent('mouseout', {clientY: 0, bubbles: true})); return true")
        .await;
    eventually(async || eval(&browser, OPEN).await == true, "exit intent opening the survey").await;
    browser.close().await;
}

#[tokio::test]
async fn url_rules_are_checked_again_when_a_single_page_app_changes_route() {
    let (_app, browser) = start(r#"data-trigger="load" data-url="prefix:/pricing""#).await;
    widget_ready(&browser).await;
    assert_eq!(eval(&browser, OPEN).await, false, "not on the home page");
    eval(&browser, "history.pushState({}, '', '/pricing/teams'); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "the route change to /pricing opening the survey").await;
    browser.close().await;

    // A delayed open is cancelled when the app leaves the page it was meant for.
    let (_app, browser) = start(r#"data-trigger="delay" data-delay="1.5" data-url="exact:/""#).await;
    widget_ready(&browser).await;
    eval(&browser, "history.pushState({}, '', '/account'); return true").await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "the delayed open belonged to the old route");
    eval(&browser, "history.back(); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "back on / the delay starting again").await;
    browser.close().await;

    let (_app, browser) = start(r#"data-trigger="load" data-url="regex:^/(en|de)/checkout$""#).await;
    widget_ready(&browser).await;
    eval(&browser, "history.replaceState({}, '', '/fr/checkout'); return true").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(eval(&browser, OPEN).await, false);
    eval(&browser, "history.replaceState({}, '', '/de/checkout'); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "a route matching the regex").await;
    browser.close().await;
}

#[tokio::test]
async fn a_visitor_outside_the_sample_is_not_asked_but_can_still_open_the_survey() {
    let (_app, browser) = start(r#"data-mode="modal" data-sample="0""#).await;
    widget_ready(&browser).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "a 0% sample opens nothing by itself");
    eval(&browser, "Hearback.open('demo'); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "Hearback.open").await;
    browser.close().await;
}

#[tokio::test]
async fn customer_details_from_the_page_prefill_their_question_and_are_stored_unverified() {
    let page = page(r#"data-mode="inline" data-target="main" data-customer-id="c-9" data-customer-plan="pro""#)
        .replace(r#"data-survey="demo""#, r#"data-survey="plans""#);
    let app = TestApp::start_with(Options { host_page: Some(page), ..Options::default() }).await;
    let survey: Survey = serde_json::from_value(json!({
        "id": "plans", "title": "Plans",
        "questions": [
            {"id": "plan", "kind": "single_choice", "prompt": "Which plan are you on?", "customer_field": "plan",
             "choices": [{"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}]},
            {"id": "recommend", "kind": "nps", "prompt": "Recommend?"}
        ]
    }))
    .unwrap();
    let host = Origin::parse(app.host_url.clone()).unwrap();
    app.store.create_survey(&survey, &[host], "e2e-secret").await.unwrap();
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("main iframe").await;
    frame.enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    // Prefilled, not skipped: the respondent sees the answer and may change it.
    assert_eq!(eval(&browser, "return document.querySelector('input[name=plan][value=pro]').checked").await, true);
    assert_eq!(
        eval(&browser, "return document.querySelector('.hb-progress span').textContent").await,
        "1 of 2 answered"
    );
    browser.client.find(Locator::Css("input[name=recommend][value='8']")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
    browser.wait_for(".hb-widget[data-state=done]").await;
    let all = app.counted("plans", "").await;
    assert_eq!(all["completed"], 1);
    assert_eq!(all["questions"][0]["counts"], json!([["free", 0], ["pro", 1]]), "{all}");
    assert_eq!(app.counted("plans", "a:plan=pro").await["completed"], 1, "the page's details are kept as a segment");
    assert_eq!(app.counted("plans", "v:false").await["completed"], 1, "unsigned details are not verified");
    assert_eq!(app.counted("plans", "v:true").await["completed"], 0);
    browser.close().await;
}

#[tokio::test]
async fn a_survey_that_takes_no_answers_opens_nothing_by_itself_and_says_so_when_asked() {
    let app =
        TestApp::start_with(Options { host_page: Some(page(r#"data-mode="modal""#)), ..Options::default() }).await;
    let audit = hearback_server::store::audit::Audit::system(
        None,
        "test",
        hearback_server::store::audit::AuditAction::SurveyStatusChanged,
        "demo",
    );
    let demo = hearback_core::Slug::parse("demo").unwrap();
    app.store.set_survey_status(&demo, hearback_server::store::SurveyStatus::Closed, &audit).await.unwrap();
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    // The closed page arrives in the modal's iframe and reports its height: a live survey's modal
    // would open on load by now.
    let height = "return document.querySelector('#hearback-panel iframe').getBoundingClientRect().height";
    eventually(async || eval(&browser, height).await.as_f64().unwrap_or_default() > 60.0, "the notice's height").await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "a closed survey opens nothing by itself");
    // Asked for by the page, it says so where the survey would be, at its full height.
    eval(&browser, "Hearback.open(); return true").await;
    eventually(async || eval(&browser, OPEN).await == true, "Hearback.open").await;
    let frame = browser.wait_for("#hearback-panel iframe").await;
    let shown = frame.rectangle().await.unwrap().3;
    frame.enter_frame().await.unwrap();
    let notice = browser.wait_for("h2").await;
    assert_eq!(notice.text().await.unwrap(), "This survey has closed");
    let content = eval(&browser, "return document.documentElement.scrollHeight").await.as_f64().unwrap();
    assert!((shown - content).abs() <= 1.0, "the iframe ({shown} px) fits the notice ({content} px)");
    browser.client.enter_parent_frame().await.unwrap();
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the notice in its dialog");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("closed-in-modal.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_survey_asks_only_its_audience_by_itself_and_others_can_still_open_it() {
    let audience: hearback_api::audience::Audience =
        serde_json::from_value(json!({"customer": [{"attribute": "plan", "is": ["pro"]}]})).unwrap();
    let audit = hearback_server::store::audit::Audit::system(
        None,
        "test",
        hearback_server::store::audit::AuditAction::SurveyAudienceSet,
        "demo",
    );
    for (plan, asked) in [("pro", true), ("free", false)] {
        let attributes = format!(r#"data-mode="modal" data-customer-id="c-1" data-customer-plan="{plan}""#);
        let app = TestApp::start_with(Options { host_page: Some(page(&attributes)), ..Options::default() }).await;
        app.store.set_audience("demo", &audience, &audit).await.unwrap();
        let browser = Browser::start().await;
        browser.client.goto(&app.host_url).await.unwrap();
        widget_ready(&browser).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(eval(&browser, OPEN).await, asked, "a {plan} customer asked by the modal on load: {asked}");
        if !asked {
            eval(&browser, "Hearback.open(); return true").await;
            eventually(async || eval(&browser, OPEN).await == true, "Hearback.open outside the audience").await;
        }
        browser.close().await;
    }
}

#[tokio::test]
async fn a_survey_for_returning_visitors_waits_for_another_visit() {
    let app =
        TestApp::start_with(Options { host_page: Some(page(r#"data-mode="modal""#)), ..Options::default() }).await;
    let audience: hearback_api::audience::Audience = serde_json::from_value(json!({"visitors": "returning"})).unwrap();
    let audit = hearback_server::store::audit::Audit::system(
        None,
        "test",
        hearback_server::store::audit::AuditAction::SurveyAudienceSet,
        "demo",
    );
    app.store.set_audience("demo", &audience, &audit).await.unwrap();
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    widget_ready(&browser).await;
    assert_eq!(eval(&browser, OPEN).await, false, "a first visit is not a returning one");
    // Another page of the same visit is not another visit either.
    browser.client.goto(&app.host_url).await.unwrap();
    widget_ready(&browser).await;
    assert_eq!(eval(&browser, OPEN).await, false, "a second page minutes later");
    // An hour later (as the widget origin's storage on this site remembers it), it asks.
    let frame = browser.wait_for("#hearback-panel iframe").await;
    frame.enter_frame().await.unwrap();
    let earlier = "const s = JSON.parse(localStorage.getItem('hb:demo')); s.seen = Date.now() - 36e5; \
                   localStorage.setItem('hb:demo', JSON.stringify(s)); return true";
    eval(&browser, earlier).await;
    browser.client.enter_parent_frame().await.unwrap();
    browser.client.goto(&app.host_url).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "a returning visitor asked").await;
    browser.close().await;
}

#[tokio::test]
async fn after_one_survey_is_dismissed_the_fatigue_rule_keeps_the_companys_second_away() {
    // One company site whose page embeds the survey its address names, as a modal on load.
    let page = r#"<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main>
<script>const s = document.createElement('script'); s.src = '{{HEARBACK}}/embed.js';
s.dataset.survey = new URLSearchParams(location.search).get('s') || 'demo'; s.dataset.mode = 'modal';
document.body.append(s);</script></body></html>"#;
    let app = TestApp::start_with(Options { host_page: Some(page.into()), ..Options::default() }).await;
    let privacy = hearback_core::privacy::Privacy::default();
    hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap();
    let company = app.store.survey("demo").await.unwrap().unwrap().organization.unwrap();
    let second: Survey = serde_json::from_value(json!({"id": "second", "title": "Second",
        "questions": [{"id": "recommend", "kind": "nps", "prompt": "Recommend?"}]}))
    .unwrap();
    let host = Origin::parse(app.host_url.clone()).unwrap();
    app.store.create_survey(&second, &[host], "e2e-secret").await.unwrap();
    app.store.adopt_survey(second.id(), &company).await.unwrap();
    let audit = |action| hearback_server::store::audit::Audit::system(Some(&company), "test", action, &company);
    let set = |days: u32| {
        let audit = audit(hearback_server::store::audit::AuditAction::FatigueSet);
        let store = app.store.clone();
        let company = company.clone();
        async move { store.set_fatigue_days(&company, days, &audit).await.unwrap() }
    };
    set(14).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "the first survey asking on load").await;
    // Dismissed with a click beside it.
    eval(&browser, "document.getElementById('hearback-panel').click(); return true").await;
    eventually(async || eval(&browser, OPEN).await == false, "the modal dismissed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The company's other survey stays away on the next page…
    browser.client.goto(&format!("{}/?s=second", app.host_url)).await.unwrap();
    let frame_height = "return document.querySelector('#hearback-panel iframe').getBoundingClientRect().height";
    eventually(async || eval(&browser, frame_height).await.as_f64().unwrap_or_default() > 100.0, "the second loaded")
        .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(eval(&browser, OPEN).await, false, "within 14 days of the first, the second does not ask");
    // …and asks once the company sets no fatigue.
    set(0).await;
    browser.client.goto(&format!("{}/?s=second", app.host_url)).await.unwrap();
    eventually(async || eval(&browser, OPEN).await == true, "with no fatigue, the second asks").await;
    browser.close().await;
}
