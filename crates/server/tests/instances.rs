//! Several server instances over one PostgreSQL database: 1,000 concurrent submissions spread
//! over two real server processes, with duplicate Idempotency-Keys sent to both at once; and the
//! rate limits, which two instances enforce together as one.

use futures::StreamExt;
use hearback_core::{Response, Results, Slug};
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PAGE: &str = r#"<html><head><title>t</title></head><body><main id="survey-root"></main></body></html>"#;

struct Instance {
    url: String,
    child: Child,
}

impl Instance {
    async fn start(database_url: &str, dist: &std::path::Path) -> Instance {
        Instance::start_with(database_url, dist, &["--no-rate-limit"]).await
    }

    async fn start_with(database_url: &str, dist: &std::path::Path, extra: &[&str]) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--dist", dist.to_str().unwrap()])
            .args(extra)
            .args(["--database-url", database_url, "--db-pool-size", "16"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if reqwest::get(format!("{url}/healthz")).await.is_ok() {
                return Instance { url, child };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the instance on port {port} did not start");
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        _ = self.child.kill();
        _ = self.child.wait();
    }
}

#[tokio::test]
async fn two_instances_store_every_acknowledged_response_exactly_once() {
    let (database_url, dist) = demo_database().await;
    let store = hearback_server::store::open(&database_url, &Default::default()).await.unwrap();
    let survey = hearback_server::demo::survey();
    let instances =
        [Instance::start(&database_url, dist.path()).await, Instance::start(&database_url, dist.path()).await];

    // 1,000 submissions of 700 distinct keys: 300 keys are sent twice, once to each instance.
    let submissions: Vec<(usize, String)> = (0..1000)
        .map(|n| {
            let key = if n < 700 { n } else { n - 700 };
            (n % 2, format!("key-{key}"))
        })
        .collect();
    let body_of = |key: &str| {
        let n: usize = key.trim_start_matches("key-").parse().unwrap();
        format!(r#"{{"answers": {{"recommend": {}, "channel": "{}"}}}}"#, n % 11, ["email", "chat", "phone"][n % 3])
    };
    let http = reqwest::Client::new();
    let replies: Vec<(String, u16, Option<String>)> = futures::stream::iter(submissions)
        .map(|(instance, key)| {
            let http = http.clone();
            let url = format!("{}/api/v1/surveys/demo/responses", instances[instance].url);
            let body = body_of(&key);
            async move {
                let reply = http
                    .post(url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", &key)
                    .body(body)
                    .send()
                    .await
                    .expect("the instance answers");
                let status = reply.status().as_u16();
                let json: serde_json::Value = reply.json().await.unwrap();
                (key, status, json["id"].as_str().map(str::to_owned))
            }
        })
        .buffer_unordered(64)
        .collect()
        .await;

    let mut ids_by_key: HashMap<String, HashSet<String>> = HashMap::new();
    for (key, status, id) in &replies {
        assert!(*status < 500, "no 5xx, got {status} for {key}");
        match status {
            201 => _ = ids_by_key.entry(key.clone()).or_default().insert(id.clone().unwrap()),
            409 => {} // the key's first request was still in flight; a client retries
            other => panic!("unexpected {other} for {key}"),
        }
    }
    assert!(ids_by_key.values().all(|ids| ids.len() == 1), "one response id per key");
    let acknowledged: HashSet<&String> = ids_by_key.values().flatten().collect();

    let slug = Slug::parse("demo").unwrap();
    let stored = store.responses(&slug).await.unwrap();
    assert_eq!(stored.len(), acknowledged.len(), "every acknowledged response stored exactly once");
    assert_eq!(stored.len(), 700, "each of the 700 keys was acknowledged");

    let parsed: Vec<Response> = stored.iter().map(|row| Response::parse(&survey, &row.raw).unwrap()).collect();
    let privacy = hearback_core::privacy::Privacy::default();
    let mut recomputed = serde_json::to_value(privacy.redact(&Results::of(&survey, &parsed)).unwrap()).unwrap();
    recomputed["completion_rate"] = serde_json::json!(100.0);
    recomputed["hidden"] = serde_json::json!(false);
    recomputed["privacy"] = serde_json::json!(privacy);
    recomputed["segments"] = serde_json::json!([]);
    for instance in &instances {
        let served: serde_json::Value = http
            .get(format!("{}/api/v1/surveys/demo/results", instance.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(served, recomputed, "results equal a recount of the raw rows");
    }
    // The aggregates the two instances kept concurrently are the ones a rebuild computes.
    let kept = store.aggregate_cells(&slug).await.unwrap();
    assert_eq!(store.rebuild_aggregates(&survey, &|_, _| ()).await.unwrap(), 700);
    assert_eq!(store.aggregate_cells(&slug).await.unwrap(), kept, "incremental = rebuilt");
}

/// A fresh PostgreSQL database with the demo survey, and a widget page to serve.
async fn demo_database() -> (String, tempfile::TempDir) {
    let admin =
        hearback_server::testing::postgres_admin_url().expect("run under scripts/with-postgres.sh (`make test`)");
    let database_url = hearback_server::testing::fresh_postgres_database(&admin).await;
    let store = hearback_server::store::open(&database_url, &Default::default()).await.unwrap();
    store.create_survey(&hearback_server::demo::survey(), &[], "secret").await.unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dist.path().join("widget")).unwrap();
    std::fs::write(dist.path().join("widget/index.html"), PAGE).unwrap();
    (database_url, dist)
}

#[tokio::test]
async fn two_instances_allow_one_client_what_one_instance_would_not_twice_as_much() {
    let (database_url, dist) = demo_database().await;
    let instances = [
        Instance::start_with(&database_url, dist.path(), &[]).await,
        Instance::start_with(&database_url, dist.path(), &[]).await,
    ];
    let http = reqwest::Client::new();
    // One client (this machine's address) answers through both instances in turn, as a
    // balancer would spread it: 60 at once are allowed, then one a second, in all.
    let started = std::time::Instant::now();
    let mut statuses = HashMap::<u16, u32>::new();
    for n in 0..100 {
        let reply = http
            .post(format!("{}/api/v1/surveys/demo/responses", instances[n % 2].url))
            .header("content-type", "application/json")
            .body(format!(r#"{{"answers": {{"recommend": {}}}}}"#, n % 11))
            .send()
            .await
            .unwrap();
        if reply.status() == 429 {
            let wait: u64 = reply.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=2).contains(&wait), "one a second after the burst: {wait}");
        }
        *statuses.entry(reply.status().as_u16()).or_default() += 1;
    }
    let seconds = started.elapsed().as_secs() as u32;
    let allowed = statuses.get(&201).copied().unwrap_or_default();
    assert_eq!(allowed + statuses.get(&429).copied().unwrap_or_default(), 100, "only 201 or 429: {statuses:?}");
    assert!(allowed >= 60, "the burst is allowed: {statuses:?}");
    assert!(allowed <= 60 + seconds + 1, "two instances allowed {allowed} in {seconds} s, one would allow 60 + 1/s");
    let store = hearback_server::store::open(&database_url, &Default::default()).await.unwrap();
    let stored = store.responses(&Slug::parse("demo").unwrap()).await.unwrap().len();
    assert_eq!(stored as u32, allowed, "nothing refused was stored");

    // A client cannot take another allowance by naming another address (no proxy is trusted):
    // ten such requests at once get what the client's own allowance refills meanwhile (one a
    // second), not a new address's burst of 60.
    let mut named = 0;
    for _ in 0..10 {
        let other = http
            .post(format!("{}/api/v1/surveys/demo/responses", instances[1].url))
            .header("content-type", "application/json")
            .header("x-forwarded-for", "203.0.113.7")
            .body(r#"{"answers": {"recommend": 3}}"#)
            .send()
            .await
            .unwrap();
        named += u32::from(other.status() == 201);
    }
    assert!(named <= 2, "without a trusted proxy the header changes nothing: {named} of 10 allowed");
}
