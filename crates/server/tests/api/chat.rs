//! Slack and Microsoft Teams: a channel's incoming webhook told about the responses its rule
//! names, with a link to each, and a summary of each day; through the webhook outbox. Bad
//! targets and rules are refused with their reason and make nothing.

use crate::admin::{call, endpoint, sign_up, Who};
use crate::helpers::TestApp;
use hearback_server::http::HttpConfig;
use hearback_server::store::now_millis;
use serde_json::{json, Value};

const HOOKS: &str = "/admin/api/surveys/pulse/webhooks";
const DAY: i64 = 86_400_000;

fn definition() -> Value {
    json!({"definition": {"id": "pulse", "title": "Pulse <check>", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "plan", "kind": "single_choice", "prompt": "Plan?",
         "choices": [{"id": "free", "label": "Free"}, {"id": "pro", "label": "Pro"}]},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}
    ]}, "allowed_origins": []})
}

async fn live_pulse(app: &TestApp) -> Who {
    let jo = Who::Browser(sign_up(app, "jo@example.com", "Acme").await);
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(definition())).await.status, 201);
    call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    jo
}

#[tokio::test]
async fn chat_webhooks_inside_the_network_or_with_rules_that_cannot_be_are_refused_and_make_nothing() {
    let app = TestApp::start().await;
    let jo = live_pulse(&app).await;
    let slack = |url: &str, rule: Value| json!({"url": url, "format": "slack", "rule": rule});
    let detractors = json!({"question": "recommend", "at_most": 6});
    for (body, reason) in [
        (slack("http://127.0.0.1:9/services/x", detractors.clone()), "internal address"),
        (slack("http://169.254.169.254/latest", detractors.clone()), "internal address"),
        (json!({"url": "http://[::1]/x", "format": "teams"}), "internal address"),
        (slack("http://127.0.0.1:9/x", json!({"question": "nope", "at_most": 6})), "no question `nope`"),
        (slack("http://127.0.0.1:9/x", json!({"question": "why", "at_most": 6})), "has no score"),
        (slack("http://127.0.0.1:9/x", json!({"question": "recommend", "at_most": 11})), "within 0 to 10"),
        (
            slack("http://127.0.0.1:9/x", json!({"question": "recommend", "at_least": 7, "at_most": 6})),
            "the lower first",
        ),
        (slack("http://127.0.0.1:9/x", json!({"question": "recommend"})), "needs `at_most` and/or `at_least`"),
        (
            slack("http://127.0.0.1:9/x", json!({"question": "recommend", "at_most": 6, "with_comment": "plan"})),
            "not a text question",
        ),
        (json!({"url": "http://127.0.0.1:9/x", "rule": detractors}), "for Slack and Teams"),
        (json!({"url": "http://127.0.0.1:9/x", "daily_summary": true}), "for Slack and Teams"),
    ] {
        let reply = call(&app, &jo, "POST", HOOKS, Some(body.clone())).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(reason), "{body}: {}", reply.body);
    }
    let unknown =
        call(&app, &jo, "POST", HOOKS, Some(json!({"url": "http://127.0.0.1:9/x", "format": "discord"}))).await;
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    assert_eq!(call(&app, &jo, "GET", HOOKS, None).await.json()["webhooks"], json!([]), "nothing was made");
}

#[tokio::test]
async fn a_slack_endpoint_on_loopback_receives_the_detractor_message_and_the_daily_summary() {
    let app = TestApp::with_config(HttpConfig { allow_private_webhooks: true, ..HttpConfig::default() }).await;
    let jo = live_pulse(&app).await;
    let (slack, to_slack) = endpoint(vec![]).await;
    let (teams, to_teams) = endpoint(vec![]).await;
    let rule = json!({"question": "recommend", "at_most": 6, "with_comment": "why"});
    let made = call(
        &app,
        &jo,
        "POST",
        HOOKS,
        Some(json!({"url": slack, "format": "slack", "rule": rule, "daily_summary": true})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let made = call(&app, &jo, "POST", HOOKS, Some(json!({"url": teams, "format": "teams"}))).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let listed = call(&app, &jo, "GET", HOOKS, None).await.json();
    assert_eq!(
        (listed["webhooks"][0]["format"].as_str(), listed["webhooks"][0]["rule"].clone()),
        (Some("slack"), rule)
    );
    assert_eq!(listed["webhooks"][0]["daily_summary"], true);

    // A promoter with a comment, a detractor without one, a detractor with one that tries to
    // ping the channel and forge a link.
    let said = "<!channel> exports are <https://evil.example|slow> & broken";
    for answers in [
        json!({"recommend": 9, "why": "Great"}),
        json!({"recommend": 3}),
        json!({"recommend": 2, "plan": "pro", "why": said}),
    ] {
        assert_eq!(app.submit("pulse", json!({"answers": answers}).to_string(), None).await.status, 201);
    }
    let detractor = app.store.responses(&hearback_core::Slug::parse("pulse").unwrap()).await.unwrap()[2].id.clone();
    let store = app.store.as_ref();
    let now = now_millis();
    // Six queued (three responses, two webhooks), all attempted; Slack's rule leaves two out.
    assert_eq!(hearback_server::webhooks::deliver_due(store, true, "https://hearback.example", now).await.unwrap(), 6);
    assert_eq!(hearback_server::webhooks::deliver_due(store, true, "https://hearback.example", now).await.unwrap(), 0);
    let received = to_slack.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "only the detractor with a comment: {received:?}");
    let text = serde_json::from_str::<Value>(&received[0].1).unwrap()["text"].as_str().unwrap().to_owned();
    assert_eq!(
        text,
        format!(
            "New response to “Pulse &lt;check&gt;”\nRecommend us?: 2 of 10\nWhy?: “&lt;!channel&gt; exports are \
             &lt;https://evil.example|slow&gt; &amp; broken”\nOpen the response: \
             https://hearback.example/admin/surveys/pulse#response-{detractor}"
        )
    );
    assert!(!text.contains("pro"), "who answered stays out of the channel: {text}");
    let teams = to_teams.lock().unwrap().clone();
    assert_eq!(teams.len(), 3, "no rule: every finished response");
    let card: Value = serde_json::from_str(&teams[0].1).unwrap();
    assert_eq!(
        (card["@type"].as_str(), card["summary"].as_str()),
        (Some("MessageCard"), Some("New response to “Pulse &lt;check&gt;”"))
    );
    // The log lists what was sent, not what the rule left out.
    let log = call(&app, &jo, "GET", HOOKS, None).await.json();
    assert_eq!(log["deliveries"].as_array().unwrap().len(), 4);

    // The next day: the summary of this one, queued once whatever the rounds and instances.
    let tomorrow = now + DAY;
    assert_eq!(hearback_server::chat::queue_summaries(store, tomorrow, 1).await.unwrap(), 1);
    assert_eq!(hearback_server::chat::queue_summaries(store, tomorrow + 600_000, 1).await.unwrap(), 0);
    assert_eq!(
        hearback_server::webhooks::deliver_due(store, true, "https://hearback.example", tomorrow).await.unwrap(),
        1
    );
    let received = to_slack.lock().unwrap().clone();
    let summary = serde_json::from_str::<Value>(&received[1].1).unwrap()["text"].as_str().unwrap().to_owned();
    let day = chrono::DateTime::from_timestamp_millis(now).unwrap().format("%Y-%m-%d");
    assert_eq!(
        summary,
        format!("“Pulse &lt;check&gt;” on {day}: 3 finished responses, NPS -33 (2 detractors)\nSee the results: https://hearback.example/admin/surveys/pulse/results")
    );
    // A day of fewer than k answers says how many, not how they scored.
    assert_eq!(hearback_server::chat::queue_summaries(store, tomorrow + DAY, 5).await.unwrap(), 1);
    hearback_server::webhooks::deliver_due(store, true, "", tomorrow + DAY).await.unwrap();
    let last = to_slack.lock().unwrap().last().unwrap().1.clone();
    let last = serde_json::from_str::<Value>(&last).unwrap()["text"].as_str().unwrap().to_owned();
    let next_day = chrono::DateTime::from_timestamp_millis(tomorrow).unwrap().format("%Y-%m-%d");
    assert_eq!(last, format!("“Pulse &lt;check&gt;” on {next_day}: 0 finished responses"));
}
