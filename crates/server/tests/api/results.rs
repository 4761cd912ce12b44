use crate::helpers::TestApp;
use axum::body::Body;
use axum::http::Request;
use hearback_server::http::HttpConfig;
use serde_json::json;

#[tokio::test]
async fn results_count_the_stored_responses() {
    let app = TestApp::start().await;
    for (nps, channel) in [(10, "chat"), (9, "email"), (3, "chat")] {
        let body = json!({"answers": {"recommend": nps, "channel": channel}}).to_string();
        assert_eq!(app.submit("demo", body, None).await.status, 201);
    }
    let reply = app.get("/api/v1/surveys/demo/results").await;
    assert_eq!(reply.status, 200);
    let results = reply.json();
    assert_eq!(results["responses"], 3);
    assert_eq!(results["questions"][0]["promoters"], 2);
    assert_eq!(results["questions"][0]["detractors"], 1);
    let score = results["questions"][0]["score"].as_f64().unwrap();
    assert!((score - 100.0 / 3.0).abs() < 1e-9, "{score}");
    assert_eq!(results["questions"][3]["question"], "channel");
    assert_eq!(results["questions"][3]["counts"], json!([["email", 1], ["chat", 2], ["phone", 0]]));
    assert_eq!(results["questions"][3]["other"], 0);
    assert_eq!(results["completed"], 3);
    assert_eq!(results["completion_rate"], 100.0);
}

#[tokio::test]
async fn results_are_refused_to_a_remote_client_when_no_token_is_set() {
    let app = TestApp::start().await;
    let reply = app.send_raw(Request::get("/api/v1/surveys/demo/results").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.code(), "results_forbidden");
}

#[tokio::test]
async fn with_a_token_set_results_need_the_token_even_from_loopback() {
    let app = TestApp::with_config(HttpConfig { results_token: Some("s3cret".into()), ..HttpConfig::default() }).await;
    let ask = |auth: Option<&str>| {
        let mut request = Request::get("/api/v1/surveys/demo/results");
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.body(Body::empty()).unwrap()
    };
    assert_eq!(app.send(ask(None)).await.status, 403);
    assert_eq!(app.send(ask(Some("Bearer wrong"))).await.status, 403);
    assert_eq!(app.send_raw(ask(Some("Bearer s3cret"))).await.status, 200);
}

#[tokio::test]
async fn results_of_an_unknown_survey_are_a_404() {
    let app = TestApp::start().await;
    assert_eq!(app.get("/api/v1/surveys/nope/results").await.code(), "survey_not_found");
}
