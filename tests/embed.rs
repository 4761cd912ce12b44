//! End to end: a customer on a company's site answers the embedded survey in headless Chromium,
//! and the answers are stored and counted. Two origins: the company site and the Hearback server.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;
use support::{eventually, Browser, Options, TestApp};

fn key(k: Key) -> char {
    k.into()
}

fn repeat(k: Key, n: usize) -> impl Iterator<Item = char> {
    std::iter::repeat_n(key(k), n)
}

/// Waits (up to 5 s) until the iframe on the host page is as tall as the `content` of its page,
/// and returns its height.
async fn fits(frame: &fantoccini::elements::Element, content: f64) -> f64 {
    let mut height = 0.0;
    for _ in 0..50 {
        height = frame.rectangle().await.unwrap().3;
        if (height - content).abs() < 1.0 {
            return height;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the iframe is {height}px tall for {content}px of survey");
}

#[tokio::test]
async fn a_customer_answers_the_embedded_survey_with_the_keyboard_and_it_is_counted() {
    // Arrange: the company site embeds the demo survey with one script tag.
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("#feedback iframe").await;
    let src = frame.attr("src").await.unwrap().unwrap();
    assert!(src.starts_with(&format!("{}/w/demo?host=", app.url)), "{src}");
    frame.clone().enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    browser.client.enter_parent_frame().await.unwrap();

    // Act: keyboard only. Tab from the host page into the widget; arrows move within a group.
    browser.press([key(Key::Tab), key(Key::Space)]).await; // recommend: 0
    browser.press(repeat(Key::Right, 9)).await; // … 9
    browser.press([key(Key::Tab), key(Key::Space)]).await; // support: 1
    browser.press(repeat(Key::Right, 3)).await; // … 4
    browser.press([key(Key::Tab), key(Key::Space), key(Key::Down)]).await; // channel: e-mail, then chat
    browser.press([key(Key::Tab), key(Key::Tab)]).await; // past "Other, please specify" to the comment
    browser.press("Faster replies, please".chars()).await;
    browser.press([key(Key::Tab), key(Key::Space)]).await; // consent to be quoted
    browser.press([key(Key::Tab), key(Key::Enter)]).await; // Send

    // Assert: the widget thanks the customer, and the server stored and counted the answers.
    frame.enter_frame().await.unwrap();
    let thanks = browser.wait_for(".hb-widget[data-state=done] .hb-thanks").await;
    assert!(thanks.is_displayed().await.unwrap());
    assert_eq!(thanks.find(Locator::Css("h2")).await.unwrap().text().await.unwrap(), "Thank you!");
    assert_eq!(app.stored_responses("demo").await, 1);
    let results = app.results("demo").await;
    assert_eq!(results["responses"], 1);
    let questions = &results["questions"];
    assert_eq!(questions[0]["promoters"], 1, "{results}");
    assert_eq!(questions[0]["score"], 100.0);
    assert_eq!(questions[1]["answered"], 0, "an NPS of 9 skips \"What went wrong?\"");
    assert_eq!(questions[2]["distribution"], json!([0, 0, 0, 1, 0]));
    assert_eq!(questions[3]["counts"], json!([["email", 0], ["chat", 1], ["phone", 0]]));
    assert_eq!(questions[4]["comments"], 1);
    assert_eq!(questions[5]["given"], 1);
    browser.close().await;
}

#[tokio::test]
async fn the_widget_says_what_is_missing_and_finishes_nothing() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;

    browser.client.find(Locator::Css("input[name=channel][value=phone]")).await.unwrap().click().await.unwrap();
    let progress = browser.client.find(Locator::Css(".hb-progress span")).await.unwrap();
    assert_eq!(progress.text().await.unwrap(), "1 of 6 answered", "a radio's input event updates the progress");
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();

    let error = browser.wait_for("#recommend-error").await;
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("[aria-invalid=true]"))
        .await
        .unwrap();
    assert_eq!(error.text().await.unwrap(), "This question needs an answer.");
    let focused = browser.client.active_element().await.unwrap();
    assert_eq!(focused.attr("name").await.unwrap().as_deref(), Some("recommend"), "focus moves to the problem");
    // The choice made was saved as the respondent went (a partial response, sent in the
    // background: it may land a moment after the error shows); nothing finished.
    eventually(async || app.results("demo").await["responses"] == 1, "the partial save").await;
    let results = app.results("demo").await;
    assert_eq!((results["responses"].as_u64(), results["completed"].as_u64()), (Some(1), Some(0)), "{results}");
    assert_eq!(results["questions"][3]["dropped_off"], 1);
    browser.close().await;
}

#[tokio::test]
async fn hydration_takes_over_the_server_markup_in_place_and_keeps_an_early_answer() {
    // A slow network holds the wasm back, so the customer answers the server-rendered form first.
    let app =
        TestApp::start_with(Options { wasm_delay: Some(Duration::from_millis(1500)), ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    let before = browser
        .client
        .execute(
            "const root = document.getElementById('survey-root');
             const hydrated = !!document.querySelector('form[data-ready]');
             root.querySelectorAll('*').forEach(n => n.__serverNode = true);
             window.__removed = 0;
             new MutationObserver(ms => ms.forEach(m => window.__removed += m.removedNodes.length))
               .observe(root, { childList: true, subtree: true });
             return { hydrated, nodes: root.querySelectorAll('*').length };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(before["hydrated"], false, "the check must run before the bundle hydrates");
    browser.client.find(Locator::Css("input[name=recommend][value='10']")).await.unwrap().click().await.unwrap();

    browser.wait_for("form[data-ready]").await;
    let after = browser
        .client
        .execute(
            "const nodes = [...document.getElementById('survey-root').querySelectorAll('*')];
             return { removed: window.__removed, all_from_server: nodes.every(n => n.__serverNode === true),
                      progress: document.querySelector('.hb-progress span').textContent };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(after["removed"], 0, "no node was replaced: {after}");
    assert_eq!(after["all_from_server"], true, "{after}");
    assert_eq!(after["progress"], "1 of 6 answered", "the early click counts");

    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
    browser.wait_for(".hb-widget[data-state=done]").await;
    let results = app.results("demo").await;
    assert_eq!(results["questions"][0]["promoters"], 1, "the early answer was sent: {results}");
    browser.close().await;
}

#[tokio::test]
async fn with_javascript_off_the_survey_is_a_plain_form_that_works() {
    let app = TestApp::start().await;
    let browser = Browser::without_javascript().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();

    let legend = browser.wait_for(".hb-prompt").await;
    assert!(legend.text().await.unwrap().starts_with("How likely are you to recommend Acme Cloud"));
    assert!(browser.client.find(Locator::Css("form[data-ready]")).await.is_err(), "no script ran");
    // A 7 calls for no follow-up question, so this one page is the whole survey (the next-page
    // case is in tests/experience.rs).
    browser.client.find(Locator::Css("input[name=recommend][value='7']")).await.unwrap().click().await.unwrap();
    browser
        .client
        .find(Locator::Css("textarea[name=comment]"))
        .await
        .unwrap()
        .send_keys("Works without scripts")
        .await
        .unwrap();
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
    // Sent faster than a person reads and answers (a program's speed): the form comes back,
    // answers kept, saying so; nothing is stored. Some seconds on, sent again, it is taken.
    let message = browser.wait_for(".hb-form-error").await.text().await.unwrap();
    assert!(message.contains("That was quick"), "{message}");
    assert_eq!(app.stored_responses("demo").await, 0);
    let kept = browser.wait_for("textarea[name=comment]").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("Works without scripts"));
    support::take_a_moment().await;
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();

    // The post answers with a redirect to the thank-you page, so a reload cannot post twice.
    let thanks = format!("{}/w/demo/thanks?lang=en", app.url);
    browser.client.wait().at_most(Duration::from_secs(15)).for_url(&thanks.parse().unwrap()).await.unwrap();
    let heading = browser.wait_for(".hb-thanks h2").await;
    assert_eq!(heading.text().await.unwrap(), "Thank you!");
    let link = browser.wait_for(".hb-loop a").await;
    assert_eq!(link.text().await.unwrap(), "Follow what comes of it");
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("/r/demo?lang=en"));
    let results = app.results("demo").await;
    assert_eq!(results["responses"], 1);
    assert_eq!(results["questions"][0]["passives"], 1);
    assert_eq!(results["questions"][4]["comments"], 1);
    browser.close().await;
}

#[tokio::test]
async fn the_default_embed_is_a_feedback_button_that_opens_the_survey() {
    let page = r#"<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Shop</h1>
        <script src="{{HEARBACK}}/embed.js" data-survey="demo" async></script></body></html>"#;
    let app = TestApp::start_with(Options { host_page: Some(page.into()), ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();

    let button = browser.wait_for("button[aria-controls=hearback-panel]").await;
    let panel = browser.client.find(Locator::Css("#hearback-panel")).await.unwrap();
    assert!(!panel.is_displayed().await.unwrap(), "closed until asked");
    button.click().await.unwrap();
    assert_eq!(button.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
    assert_eq!(panel.css_value("visibility").await.unwrap(), "visible");
    // The widget reports its height over postMessage; the host page sizes the iframe to it (until
    // then the open panel may be zero pixels tall, which WebDriver counts as not displayed).
    let frame = panel.find(Locator::Css("iframe")).await.unwrap();
    let mut height = 0.0;
    for _ in 0..100 {
        height = frame.rectangle().await.unwrap().3;
        if height > 300.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(height > 300.0, "the iframe grew to the survey's height, got {height}");
    assert!(panel.is_displayed().await.unwrap());
    browser.close().await;
}

#[tokio::test]
async fn a_retried_submission_with_the_same_idempotency_key_is_stored_once() {
    let app = TestApp::start().await;
    let url = format!("{}/api/v1/surveys/demo/responses", app.url);
    let body = json!({"answers": {"recommend": 8, "comment": "retry me"}});
    let send = || app.http.post(&url).header("Idempotency-Key", "retry-1").json(&body).send();

    let first = send().await.unwrap();
    let second = send().await.unwrap();

    assert_eq!(first.status(), 201);
    assert_eq!(second.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(first["id"], second["id"], "the retry gets the original response id");
    assert_eq!(app.stored_responses("demo").await, 1);
    assert_eq!(app.results("demo").await["responses"], 1);
}

#[tokio::test]
async fn when_an_acknowledgement_is_lost_the_widget_retries_and_the_response_counts_once() {
    // The first two submissions are stored but their 201s never reach the browser.
    let app = TestApp::start_with(Options { lose_acknowledgements: 2, ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;

    browser.client.find(Locator::Css("input[name=recommend][value='8']")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();

    browser.wait_for(".hb-widget[data-state=done]").await;
    assert_eq!(app.stored_responses("demo").await, 1, "three attempts, one response");
    assert_eq!(app.results("demo").await["questions"][0]["passives"], 1);
    browser.close().await;
}

#[tokio::test]
async fn the_widget_has_no_accessibility_violations_before_or_after_a_mistake() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new());

    // With every question marked invalid and the form-level message showing.
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
    browser.wait_for("[aria-invalid=true]").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
async fn the_embedded_iframe_fits_the_whole_survey_on_a_narrow_phone() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    browser.client.set_window_size(360, 1600).await.unwrap();
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("#feedback iframe").await;
    frame.clone().enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    let content: f64 =
        browser.client.execute("return document.documentElement.scrollHeight", vec![]).await.unwrap().as_f64().unwrap();
    browser.client.enter_parent_frame().await.unwrap();

    fits(&frame, content).await;
    browser.close().await;
}

/// What the person sees on the company's page while the wasm is still on its way: the
/// server-rendered first question, in an iframe already as tall as the widget's page (the page's
/// own script sizes it), not a 0 px box.
#[tokio::test]
async fn the_host_page_shows_the_whole_first_question_before_the_wasm_arrives() {
    let app = TestApp::start_with(Options { wasm_delay: Some(Duration::from_secs(20)), ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("#feedback iframe").await;
    frame.clone().enter_frame().await.unwrap();
    browser.wait_for("input[name=recommend]").await;
    let page = support::eval(
        &browser,
        "const q = document.querySelector('.hb-question').getBoundingClientRect();
         return { hydrated: !!document.querySelector('form[data-ready]'), height: document.documentElement.scrollHeight,
                  first_bottom: q.bottom, first_top: q.top,
                  stylesheets: document.querySelectorAll('link[rel=stylesheet]').length,
                  styled: getComputedStyle(document.querySelector('.hb-widget')).paddingTop };",
    )
    .await;
    browser.client.enter_parent_frame().await.unwrap();
    assert_eq!(page["hydrated"], false, "the wasm is held back");
    assert_eq!(page["stylesheets"], 0, "no stylesheet request stands before the first paint");
    assert_eq!(page["styled"], "16px", "the widget's own style is in the page");

    let height = fits(&frame, page["height"].as_f64().unwrap()).await;
    assert!(page["first_top"].as_f64().unwrap() >= 0.0 && page["first_bottom"].as_f64().unwrap() <= height);
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write("target/screenshots/before-wasm-on-host-page.png", browser.client.screenshot().await.unwrap())
        .unwrap();
    browser.close().await;
}

/// The company's page does not move when the survey arrives (CLS 0): an inline survey fills the
/// room its container reserves, sized from the first message of the widget's page; a popover or
/// a modal that opens by itself opens at its full height (closed, it is laid out unseen).
#[tokio::test]
async fn the_host_page_does_not_shift_when_the_survey_arrives() {
    const LAYOUT_SHIFT: &str = "window.__shift = 0; new PerformanceObserver(l => l.getEntries().forEach(e => {
        if (!e.hadRecentInput) window.__shift += e.value; })).observe({ type: 'layout-shift', buffered: true });";
    let cases = [
        (
            "inline",
            r##"<div id="feedback" style="min-height:1100px"></div><p>More of the company's page.</p>
            <script src="{{HEARBACK}}/embed.js" data-survey="demo" data-mode="inline" data-target="#feedback" async></script>"##,
        ),
        (
            "popover",
            r##"<p>The company's page.</p>
            <script src="{{HEARBACK}}/embed.js" data-survey="demo" data-trigger="load" async></script>"##,
        ),
        (
            "modal",
            r##"<p>The company's page.</p>
            <script src="{{HEARBACK}}/embed.js" data-survey="demo" data-mode="modal" data-trigger="load" async></script>"##,
        ),
    ];
    for (mode, snippet) in cases {
        let page =
            format!("<!doctype html><html><head><script>{LAYOUT_SHIFT}</script></head><body>{snippet}</body></html>");
        let app = TestApp::start_with(Options { host_page: Some(page), ..Options::default() }).await;
        let browser = Browser::start().await;
        browser.client.goto(&app.host_url).await.unwrap();
        let frame = browser.wait_for("iframe").await;
        eventually(async || frame.rectangle().await.unwrap().3 > 300.0, "the survey showing").await;
        frame.clone().enter_frame().await.unwrap();
        browser.wait_for("form[data-ready]").await;
        browser.client.enter_parent_frame().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let shift = support::eval(&browser, "return window.__shift").await.as_f64().unwrap();
        assert_eq!(shift, 0.0, "{mode}: the host page shifted by {shift}");
        browser.close().await;
    }
}

/// For sites that can paste HTML: the iframe itself, with the README's one-line script that
/// keeps it at the survey's height (no embed.js, one round trip less).
#[tokio::test]
async fn the_iframe_snippet_shows_the_survey_and_its_script_keeps_it_at_the_survey_height() {
    let snippet = r#"<iframe id="hearback" src="{{HEARBACK}}/w/demo?host={{HOST}}" title="Survey" style="border:0;width:100%;height:600px"></iframe>
<script>addEventListener("message", (e) => e.origin == "{{HEARBACK}}" && e.data.hearback == "resize" && (document.getElementById("hearback").style.height = e.data.height + "px"));</script>"#;
    let app = TestApp::start_with(Options {
        host_page: Some(format!("<!doctype html><body>{snippet}</body>")),
        ..Options::default()
    })
    .await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("#hearback").await;
    frame.clone().enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    let content = support::eval(&browser, "return document.documentElement.scrollHeight").await.as_f64().unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    fits(&frame, content).await;
    assert!(content > 600.0, "the survey is taller than the stated height: the script did the sizing");
    browser.close().await;
}
