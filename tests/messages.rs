//! End to end, a hostile frame on the company's page: an advertisement (on a third origin) posts
//! the messages the survey and embed.js speak — "open", "resize", "ready", "completed" to the
//! page, "dismissed" and "track" to the survey's frame — as fast as it can. Both ignore it: the
//! panel stays closed at its own height, no "complete" handler runs, the survey records no
//! dismissal, and the frame hears nothing of their conversation. The same messages from the real
//! survey frame and from the real page do act (so the checks can fail).

mod support;

use support::{eval, eventually, Browser, Options, TestApp, PANEL_OPEN};

/// The company's page: the demo survey behind a button, and an advertisement framed from another
/// origin (`localhost` where the page is `127.0.0.1`).
const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1></main>
<script>window.completed = 0;</script>
<script src="{{HEARBACK}}/embed.js" data-survey="demo" async></script>
<script>
  addEventListener("load", () => {
    Hearback.on("complete", () => window.completed++);
    const ad = document.createElement("iframe");
    ad.id = "ad";
    ad.src = location.origin.replace("127.0.0.1", "localhost") + "/ad";
    document.body.append(ad);
  });
</script></body></html>"#;

/// The advertisement: says every message of the survey's conversation, to the page and to every
/// frame of it, and keeps what it hears.
const AD: &str = r#"<!doctype html><html lang="en"><head><title>Ad</title></head><body><p>Buy now</p><script>
  window.heard = [];
  addEventListener("message", (e) => e.source !== window && window.heard.push(JSON.stringify(e.data)));
  const say = () => {
    for (const m of [{hearback: "open", open: true}, {hearback: "resize", height: 7},
                     {hearback: "ready", eligible: 1, set: {trigger: "load"}}, {hearback: "completed"}])
      parent.postMessage(m, "*");
    for (let i = 0; i < parent.frames.length; i++) {
      parent.frames[i].postMessage({hearback: "dismissed"}, "*");
      parent.frames[i].postMessage({hearback: "track", name: "checkout_completed", props: {}}, "*");
    }
  };
  window.said = 0;
  setInterval(() => { say(); window.said++; }, 50);
</script></body></html>"#;

#[tokio::test]
async fn a_hostile_frame_on_the_page_is_ignored_by_embed_js_and_by_the_survey_both_ways() {
    let options = Options { host_page: Some(PAGE.into()), more_pages: vec![("/ad", AD.into())], ..Options::default() };
    let app = TestApp::start_with(options).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    browser.wait_for("button[aria-controls=hearback-panel]").await;
    let frame_height = "return document.querySelector('#hearback-panel iframe').getBoundingClientRect().height";
    eventually(async || eval(&browser, frame_height).await.as_f64().unwrap_or_default() > 100.0, "the survey laid out")
        .await;
    let height = eval(&browser, frame_height).await;

    // The advertisement talks for two seconds (some 40 rounds of every message).
    let ad = browser.wait_for("#ad").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    ad.clone().enter_frame().await.unwrap();
    let said = eval(&browser, "return window.said").await.as_u64().unwrap();
    let heard: Vec<String> = serde_json::from_value(eval(&browser, "return window.heard").await).unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    assert!(said >= 10, "the advertisement said its messages: {said} rounds");
    assert_eq!(heard, Vec::<String>::new(), "the advertisement heard nothing of the survey's conversation");

    // embed.js ignored it: the panel is closed, at the survey's own height; nothing completed.
    assert_eq!(eval(&browser, PANEL_OPEN).await, false, "the panel stays closed");
    assert_eq!(eval(&browser, frame_height).await, height, "the frame keeps the survey's height");
    assert_eq!(eval(&browser, "return window.completed").await, 0, "no complete handler ran");

    // The survey ignored it: no dismissal recorded (it would keep the survey from asking).
    let survey = browser.wait_for("#hearback-panel iframe").await;
    survey.clone().enter_frame().await.unwrap();
    let dismissed = "return (JSON.parse(localStorage.getItem('hb:demo')) || {}).dismissed || null";
    assert_eq!(eval(&browser, dismissed).await, serde_json::Value::Null, "the survey recorded no dismissal");

    // The same words from the real survey frame act on the page…
    let host = serde_json::json!(app.host_url);
    browser
        .client
        .execute("parent.postMessage({hearback: 'open', open: true}, arguments[0]); return 0", vec![host])
        .await
        .unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    eventually(async || eval(&browser, PANEL_OPEN).await == true, "the panel opened by the survey's own message").await;
    // …and from the real page on the survey: closing it unanswered records the dismissal.
    eval(&browser, "Hearback.close(); return 0").await;
    survey.enter_frame().await.unwrap();
    eventually(async || eval(&browser, dismissed).await.is_number(), "the dismissal the page sent, recorded").await;
    browser.close().await;
}
