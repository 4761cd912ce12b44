//! The PostgreSQL server goes away while Hearback serves: requests are answered 503 with
//! Retry-After, never 201 for a response that was not stored, and service resumes by itself.

mod postgres_cluster;

use axum::body::Body;
use axum::http::Request;
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{app, AppState, HttpConfig};
use hearback_server::store::{self, DbOptions};
use http_body_util::BodyExt;
use postgres_cluster::Cluster;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

async fn submit(router: &axum::Router, n: usize) -> (u16, Option<String>) {
    let body = format!(r#"{{"answers": {{"recommend": {}}}}}"#, n % 11);
    let request = Request::post("/api/v1/surveys/demo/responses")
        .header("content-type", "application/json")
        .header("idempotency-key", format!("outage-{n}"))
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    if status == 503 {
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"]["code"], "unavailable");
    }
    (status, retry_after)
}

/// `/readyz`'s status; a 503 says why.
async fn readiness(router: &axum::Router) -> u16 {
    let response = router.clone().oneshot(Request::get("/readyz").body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    if status == 503 {
        assert_eq!(body["status"], "not_ready");
        assert!(body["reasons"][0].as_str().unwrap().contains("cannot be reached"), "{body}");
    }
    status
}

#[tokio::test]
async fn while_the_database_is_down_requests_get_503_and_service_resumes_when_it_returns() {
    let cluster = Cluster::start();
    let options = DbOptions { acquire_timeout: Duration::from_millis(500), ..DbOptions::default() };
    let store = store::open(&cluster.url(), &options).await.unwrap();
    store.create_survey(&hearback_server::demo::survey(), &[], "secret").await.unwrap();
    let state = AppState {
        store: store.clone(),
        widget: Arc::new(WidgetTemplate::parse(hearback_server::testing::WIDGET_PAGE).unwrap()),
        config: Arc::new(HttpConfig::default()),
        workers: Default::default(),
    };
    let dist = tempfile::tempdir().unwrap();
    let router = app(state, dist.path());
    let mut acknowledged = 0;

    assert_eq!(submit(&router, 0).await.0, 201);
    acknowledged += 1;
    assert_eq!(readiness(&router).await, 200);

    cluster.stop();
    assert_eq!(readiness(&router).await, 503, "a balancer takes the instance out while its database is away");
    for n in 1..=3 {
        let (status, retry_after) = submit(&router, n).await;
        assert_eq!(status, 503, "while the database is down");
        assert!(retry_after.is_some_and(|s| s.parse::<u32>().is_ok()), "503s say when to retry");
    }

    cluster.resume();
    let started = Instant::now();
    let mut n = 100;
    loop {
        let (status, _) = submit(&router, n).await;
        if status == 201 {
            acknowledged += 1;
            break;
        }
        assert_eq!(status, 503);
        assert!(started.elapsed() < Duration::from_secs(30), "service did not resume");
        tokio::time::sleep(Duration::from_millis(200)).await;
        n += 1;
    }
    assert_eq!(readiness(&router).await, 200, "and back in once it returns");
    let stored = store.responses(&hearback_core::Slug::parse("demo").unwrap()).await.unwrap().len();
    assert_eq!(stored, acknowledged, "every 201 is stored, and nothing answered 503 was");
}
