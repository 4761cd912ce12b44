//! What an operator's load balancer and monitoring rely on: health and readiness, a panicking
//! handler failing only its own request, request ids in headers and error bodies, and `/metrics`
//! never served without the operator's say.

use crate::helpers::{Reply, TestApp};
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use hearback_server::http::{layered, routes, AppState, HttpConfig};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn healthz_answers_while_the_process_runs_and_readyz_when_it_can_serve() {
    let app = TestApp::start().await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status.as_u16(), health.json()), (200, json!({"status": "ok"})));
    let ready = app.get("/readyz").await;
    assert_eq!((ready.status.as_u16(), ready.json()), (200, json!({"status": "ok"})));
}

#[tokio::test]
async fn readyz_is_503_with_the_reason_when_an_outbox_worker_has_stopped() {
    let mut app = TestApp::start().await;
    let mut workers = hearback_server::workers::Workers::default();
    workers.spawn("mail", Duration::from_millis(5), || async { panic!("the SMTP client broke") });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let state = AppState { workers: workers.health(), ..app.state.clone() };
    app.router = hearback_server::http::app(state, &app.dist);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.json(), json!({"status": "not_ready", "reasons": ["the mail worker is not running"]}));
}

#[tokio::test]
async fn readyz_is_503_when_the_database_lacks_a_migration_this_server_needs() {
    let app = TestApp::start().await;
    let forget = "DELETE FROM _sqlx_migrations WHERE version = 15";
    if app.database_url.starts_with("sqlite:") {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        sqlx::query(forget).execute(&mut db).await.unwrap();
    } else {
        use sqlx::Connection;
        let mut db = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        sqlx::query(forget).execute(&mut db).await.unwrap();
    }
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.json(), json!({"status": "not_ready", "reasons": ["migrations not applied: [15]"]}));
    assert_eq!(app.get("/healthz").await.status, 200, "the process itself still answers");
}

#[tokio::test]
async fn a_panicking_handler_fails_its_own_request_as_a_500_and_the_next_is_served() {
    let mut app = TestApp::start().await;
    // The real routes and layers, with one route that panics (a test-only fault).
    let faulty = routes(&app.state, &app.dist).route("/test/panic", get(panics));
    app.router = layered(faulty, app.state.clone());

    let failed = app.get("/test/panic").await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.code(), "internal");
    assert_eq!(failed.json()["error"]["message"], "internal error");
    assert!(!failed.body.contains("secret detail"), "the cause is logged, never sent: {}", failed.body);
    let id = failed.headers["x-request-id"].to_str().unwrap();
    assert_eq!(failed.json()["error"]["request_id"], id, "the error names its request");

    assert_eq!(app.get("/api/v1/surveys/demo").await.status, 200, "the next request is served");
    let stored = app.submit("demo", json!({"answers": {"recommend": 9}}).to_string(), None).await;
    assert_eq!(stored.status, 201);
}

async fn panics() -> &'static str {
    panic!("secret detail of the failure")
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_error_bodies_name_it() {
    let app = TestApp::start().await;
    let ok = app.get("/api/v1/surveys/demo").await;
    let first = ok.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(!first.is_empty());
    let missing = app.get("/api/v1/surveys/nope").await;
    let second = missing.headers["x-request-id"].to_str().unwrap();
    assert_ne!(first, second, "each request has its own id");
    assert_eq!(missing.json()["error"]["request_id"], second);
    // A malformed body's error (an extractor's rejection) names it too.
    let malformed = app.submit("demo", "{not json", None).await;
    assert_eq!(malformed.code(), "malformed_json");
    assert_eq!(malformed.json()["error"]["request_id"], malformed.headers["x-request-id"].to_str().unwrap());
}

async fn with_request_id(app: &TestApp, id: &str) -> Reply {
    app.send(Request::get("/api/v1/surveys/nope").header("x-request-id", id).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_request_id_is_taken_from_a_trusted_proxy_only_and_only_when_sane() {
    let direct = TestApp::start().await;
    let made = with_request_id(&direct, "chosen-by-client").await;
    assert_ne!(made.headers["x-request-id"], "chosen-by-client", "a client cannot name its request");

    let proxied = TestApp::with_config(HttpConfig { trust_forwarded_for: true, ..HttpConfig::default() }).await;
    let taken = with_request_id(&proxied, "proxy-7f3a").await;
    assert_eq!(taken.headers["x-request-id"], "proxy-7f3a");
    assert_eq!(taken.json()["error"]["request_id"], "proxy-7f3a");
    let replaced = with_request_id(&proxied, &"x".repeat(200)).await;
    assert_eq!(replaced.headers["x-request-id"].len(), 36, "an unusable id is replaced by a UUID");
}

#[tokio::test]
async fn metrics_are_not_served_unless_the_operator_sets_a_token_and_then_only_with_it() {
    let closed = TestApp::start().await;
    assert_eq!(closed.get("/metrics").await.status, 404);

    hearback_server::http::metrics::install().unwrap();
    let config = HttpConfig { metrics_token: Some("scrape-me".into()), ..HttpConfig::default() };
    let app = TestApp::with_config(config).await;
    assert_eq!(app.get("/metrics").await.status, 401);
    let wrong = Request::get("/metrics").header("authorization", "Bearer scrape-m").body(Body::empty()).unwrap();
    assert_eq!(app.send(wrong).await.status, 401);
    let right = Request::get("/metrics").header("authorization", "Bearer scrape-me").body(Body::empty()).unwrap();
    let scraped = app.send(right).await;
    assert_eq!(scraped.status, 200);
    assert!(scraped.headers["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let parsed = openmetrics_parser::prometheus::parse_prometheus(&scraped.body).expect("the Prometheus text format");
    assert!(parsed.families.contains_key("hearback_db_pool_connections"), "{}", scraped.body);
    // Without the token nobody learns anything: a 401 says nothing of what is there.
    assert!(!closed.get("/metrics").await.body.contains("hearback_"));
}
