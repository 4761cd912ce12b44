//! How fast one client may write: answers and messages each have their allowance per client
//! address; past it, a 429 in the API's error body with `Retry-After`, and nothing is stored.

use crate::helpers::{Reply, TestApp};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hearback_server::http::limits::{Limits, Rate};
use hearback_server::http::HttpConfig;
use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;

fn limited(trust_forwarded_for: bool) -> HttpConfig {
    let hour = Duration::from_secs(3600);
    let limits = Limits { answers: Rate { burst: 3, every: hour }, messages: Rate { burst: 2, every: hour } };
    HttpConfig { limits: Some(limits), trust_forwarded_for, ..HttpConfig::default() }
}

/// A finished response from `peer`, through `forwarded_for` when given.
async fn answer(app: &TestApp, peer: [u8; 4], forwarded_for: Option<&str>) -> Reply {
    let mut request = Request::post("/api/v1/surveys/demo/responses").header("content-type", "application/json");
    if let Some(chain) = forwarded_for {
        request = request.header("x-forwarded-for", chain);
    }
    let mut request = request.body(Body::from(json!({"answers": {"recommend": 9}}).to_string())).unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    app.send_raw(request).await
}

#[tokio::test]
async fn one_address_answers_up_to_its_allowance_then_waits_and_nothing_more_is_stored() {
    let app = TestApp::with_config(limited(false)).await;
    let document = app.get("/api/v1/openapi.json").await.json();
    for _ in 0..3 {
        assert_eq!(answer(&app, [127, 0, 0, 1], None).await.status, 201);
    }
    let refused = answer(&app, [127, 0, 0, 1], None).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (429, "too_many_requests".to_owned()));
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("s, then try again"));
    let wait: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 3600, "{wait}");
    crate::openapi::conforms(&document, "post", "/api/v1/surveys/demo/responses", &refused);
    assert_eq!(app.stored("demo").await, 3, "the refused answer is not stored");

    // Saves and the plain form's posts draw on the same allowance.
    let save = app.save("demo", "k-1", json!({"answers": {"recommend": 9}, "complete": false, "sequence": 1})).await;
    assert_eq!(save.status, 429);
    let form = Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("recommend=7"))
        .unwrap();
    assert_eq!(app.send(form).await.status, 429);
    assert_eq!(app.stored("demo").await, 3);
    // Reading is not limited; another address has its own allowance.
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/surveys/demo").await.status, 200);
        assert_eq!(app.get("/w/demo").await.status, 200);
    }
    assert_eq!(answer(&app, [10, 0, 0, 2], None).await.status, 201);
    // A client cannot pick another address by saying so when no proxy is trusted.
    assert_eq!(answer(&app, [127, 0, 0, 1], Some("203.0.113.9")).await.status, 429);
}

#[tokio::test]
async fn following_and_replying_have_a_smaller_allowance_of_their_own() {
    let app = TestApp::with_config(limited(false)).await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    // This server sends no mail: each follow is a 503, and still counts.
    for _ in 0..2 {
        assert_eq!(app.post_json("/api/v1/results/demo/follow", json!({"email": "ann@example.org"})).await.status, 503);
    }
    let receipt = "8a1f0c2e-5b7d-4e7a-9c1b-2d3e4f5a6b7c";
    let finished =
        app.save("demo", receipt, json!({"answers": {"recommend": 9}, "complete": true, "sequence": 1})).await;
    assert_eq!(finished.status, 200, "answers have their own allowance");
    let plan = app.get("/api/v1/results/demo").await.json()["plans"][0]["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/results/demo/plans/{plan}/replies");
    let reply = app.as_respondent("POST", &uri, receipt, Some(json!({"body": "Thank you"}))).await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    assert_eq!(
        app.as_respondent("GET", "/api/v1/results/demo/replies", receipt, None).await.json()["replies"],
        json!([])
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_the_address_it_forwarded() {
    let app = TestApp::with_config(limited(true)).await;
    let proxy = [10, 0, 0, 1];
    for _ in 0..3 {
        assert_eq!(answer(&app, proxy, Some("198.51.100.7, 203.0.113.5")).await.status, 201);
    }
    assert_eq!(answer(&app, proxy, Some("198.51.100.7, 203.0.113.5")).await.status, 429);
    // The proxy's last entry is the client it saw: what the client wrote before it does not count.
    assert_eq!(answer(&app, proxy, Some("203.0.113.5, 203.0.113.6")).await.status, 201);
    // Without the header, the connection's own address.
    assert_eq!(answer(&app, proxy, None).await.status, 201);
}

/// A flood of 10,000 answers from one address, at the default allowance (60 at once, then one a
/// second), stores no more than that allowance, while answers from other addresses, sent in
/// between, are each taken.
#[tokio::test]
async fn a_flood_from_one_address_stores_no_more_than_its_allowance_while_others_are_served() {
    use futures::StreamExt;
    let app = TestApp::with_config(HttpConfig { limits: Some(Limits::default()), ..HttpConfig::default() }).await;
    let started = std::time::Instant::now();
    let statuses: Vec<(bool, u16)> = futures::stream::iter(0..10_000u32)
        .map(|n| {
            let app = &app;
            async move {
                // Every 500th request comes from someone else.
                let other = n % 500 == 0;
                let peer = if other { [198, 51, 100, (n / 500) as u8] } else { [203, 0, 113, 9] };
                (other, answer(app, peer, None).await.status.as_u16())
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let seconds = started.elapsed().as_secs() + 1;
    let taken = statuses.iter().filter(|(other, status)| !other && *status == 201).count() as u64;
    let refused = statuses.iter().filter(|(other, status)| !other && *status == 429).count() as u64;
    assert_eq!(taken + refused, 10_000 - 20, "each flooding request was taken or refused 429");
    assert!(taken <= 60 + seconds, "{taken} taken from the flood in {seconds} s");
    assert!(statuses.iter().filter(|(other, _)| *other).all(|(_, status)| *status == 201), "others are served");
    assert_eq!(app.stored("demo").await as u64, taken + 20, "nothing refused was stored");
}
