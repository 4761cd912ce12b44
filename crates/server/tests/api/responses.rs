use crate::helpers::TestApp;
use serde_json::json;

fn valid() -> String {
    json!({"answers": {"recommend": 9, "support": 4, "channel": "chat", "comment": "Quick and kind"}}).to_string()
}

#[tokio::test]
async fn a_valid_response_is_stored_and_answered_201_with_its_id() {
    let app = TestApp::start().await;
    let reply = app.submit("demo", valid(), None).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert!(reply.json()["id"].as_str().is_some_and(|id| id.len() == 36));
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn malformed_json_is_a_400_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let reply = app.submit("demo", r#"{"answers": {"recommend": 9"#, None).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), "malformed_json");
    assert!(reply.json()["error"]["message"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::start().await;
    let request = axum::http::Request::post("/api/v1/surveys/demo/responses")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from(valid()))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 415);
    assert_eq!(reply.code(), "unsupported_media_type");
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn a_response_to_an_unknown_survey_is_a_404() {
    let app = TestApp::start().await;
    let reply = app.submit("nope", valid(), None).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.code(), "survey_not_found");
}

#[tokio::test]
async fn a_response_to_a_closed_survey_is_a_410_and_nothing_is_stored() {
    let app = TestApp::start().await;
    app.close("demo").await;
    let reply = app.submit("demo", valid(), None).await;
    assert_eq!(reply.status, 410);
    assert_eq!(reply.code(), "survey_closed");
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn invalid_answers_are_a_422_naming_each_question() {
    let app = TestApp::start().await;
    let cases = [
        (json!({"answers": {"recommend": 9, "nope": 1}}), "nope", "no question `nope`"),
        (json!({"answers": {"recommend": 11}}), "recommend", "11 is out of range"),
        (json!({"answers": {"recommend": 9, "comment": "x".repeat(1001)}}), "comment", "at most 1000"),
        (json!({"answers": {"recommend": 9, "channel": "fax"}}), "channel", "`fax` is not one of the choices"),
        (json!({"answers": {"support": 3}}), "recommend", "needs an answer"),
        (json!({"answers": {"recommend": 9.5}}), "", "an answer: a whole number"),
    ];
    for (body, question, expected) in cases {
        let reply = app.submit("demo", body.to_string(), None).await;
        let error = &reply.json()["error"];
        if question.is_empty() {
            assert_eq!(reply.status, 400, "{body}");
            assert!(error["message"].as_str().unwrap().contains(expected), "{body}: {error}");
        } else {
            assert_eq!(reply.status, 422, "{body}");
            assert_eq!(error["code"], "invalid_response");
            assert!(error["fields"][question].as_str().unwrap().contains(expected), "{body}: {error}");
        }
    }
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn a_body_over_64_kb_is_a_413_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let huge = json!({"answers": {"recommend": 9, "comment": "x".repeat(1024 * 1024)}}).to_string();
    let reply = app.submit("demo", huge, None).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.code(), "payload_too_large");
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn the_same_key_and_body_again_returns_the_original_response_and_stores_nothing_new() {
    let app = TestApp::start().await;
    let first = app.submit("demo", valid(), Some("key-1")).await;
    let again = app.submit("demo", valid(), Some("key-1")).await;
    assert_eq!((first.status, again.status), (axum::http::StatusCode::CREATED, axum::http::StatusCode::CREATED));
    assert_eq!(first.json()["id"], again.json()["id"]);
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_422_and_stores_nothing_new() {
    let app = TestApp::start().await;
    assert_eq!(app.submit("demo", valid(), Some("key-1")).await.status, 201);
    let other = json!({"answers": {"recommend": 2}}).to_string();
    let reply = app.submit("demo", other, Some("key-1")).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.code(), "idempotency_key_reused");
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn the_same_key_on_another_survey_is_another_request() {
    let app = TestApp::start().await;
    let other: hearback_core::Survey = serde_json::from_value(json!({"id": "other", "title": "T", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "P"}]}))
    .unwrap();
    app.store.create_survey(&other, &[], "secret").await.unwrap();
    let body = json!({"answers": {"recommend": 9}}).to_string();
    assert_eq!(app.submit("demo", body.clone(), Some("k")).await.status, 201);
    assert_eq!(app.submit("other", body, Some("k")).await.status, 201);
    assert_eq!((app.stored("demo").await, app.stored("other").await), (1, 1));
}

#[tokio::test]
async fn concurrent_duplicates_are_stored_once() {
    let app = std::sync::Arc::new(TestApp::start().await);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.submit("demo", valid(), Some("burst")).await })
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status.as_u16() {
            201 => _ = ids.insert(reply.json()["id"].as_str().unwrap().to_owned()),
            409 => assert_eq!(reply.code(), "idempotency_key_in_progress"),
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert_eq!(ids.len(), 1, "every 201 carries the one stored id");
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn a_malformed_idempotency_key_is_a_400() {
    let app = TestApp::start().await;
    for key in ["k".repeat(256), "has space".to_owned()] {
        let reply = app.submit("demo", valid(), Some(&key)).await;
        assert_eq!(reply.status, 400, "{key}");
        assert_eq!(reply.code(), "bad_request");
    }
    assert_eq!(app.stored("demo").await, 0);
}
