//! The server run as an operator runs it, the real binary on SQLite: metrics scraped and parsed
//! as Prometheus would, a graceful stop on SIGTERM with a request in flight, JSON logs that
//! name each request, and an online backup taken while responses stream in.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod server_binary;
use server_binary::{free_port, Server};

type Scrape =
    openmetrics_parser::MetricsExposition<openmetrics_parser::PrometheusType, openmetrics_parser::PrometheusValue>;

/// The value of one series of a scrape, by name and labels (`None` when the series is not there).
fn sample(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    use openmetrics_parser::PrometheusValue;
    series(scrape, name, labels).map(|value| match value {
        PrometheusValue::Counter(counter) => counter.value.as_f64(),
        PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => n.as_f64(),
        other => panic!("{name} is not a single number: {other:?}"),
    })
}

fn series<'a>(
    scrape: &'a Scrape,
    name: &str,
    labels: &[(&str, &str)],
) -> Option<&'a openmetrics_parser::PrometheusValue> {
    let family = scrape.families.get(name)?;
    family
        .iter_samples()
        .find(|s| {
            let set = s.get_labelset().unwrap();
            labels.iter().all(|(k, v)| set.get_label_value(k) == Some(*v))
        })
        .map(|s| &s.value)
}

async fn scrape(url: &str) -> Scrape {
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    openmetrics_parser::prometheus::parse_prometheus(&text)
        .unwrap_or_else(|e| panic!("not the text format ({e:?}): {text}"))
}

#[tokio::test]
async fn metrics_on_their_own_address_count_a_submission_and_refusals_and_read_the_outboxes() {
    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let server = Server::start(&["--metrics-addr", &metrics_addr]).await;
    let metrics = format!("http://{metrics_addr}/metrics");
    let http = reqwest::Client::new();
    assert_eq!(
        reqwest::get(format!("{}/metrics", server.url)).await.unwrap().status(),
        404,
        "not on the public address"
    );

    let before = scrape(&metrics).await;
    let stored = [("state", "complete")];
    let route = [("route", "/api/v1/surveys/{id}/responses"), ("method", "POST"), ("status", "201")];
    assert_eq!(sample(&before, "hearback_responses_stored_total", &stored), None);
    assert_eq!(server.submit(&http, 9).await.status(), 201);
    let after = scrape(&metrics).await;
    assert_eq!(sample(&after, "hearback_responses_stored_total", &stored), Some(1.0));
    assert_eq!(sample(&after, "hearback_http_requests_total", &route), Some(1.0));
    let latency = [("route", "/api/v1/surveys/{id}/responses"), ("method", "POST")];
    let histogram = series(&after, "hearback_http_request_duration_seconds", &latency).expect("a latency histogram");
    assert!(
        matches!(histogram, openmetrics_parser::PrometheusValue::Histogram(h) if h.buckets.len() > 5 && h.count == Some(1)),
        "{histogram:?}"
    );
    for outbox in ["mail", "webhooks"] {
        assert_eq!(sample(&after, "hearback_outbox_pending", &[("outbox", outbox)]), Some(0.0));
        assert_eq!(sample(&after, "hearback_outbox_oldest_pending_age_seconds", &[("outbox", outbox)]), Some(0.0));
    }
    assert!(sample(&after, "hearback_db_pool_connections", &[("state", "idle")]).is_some());
    assert!(sample(&after, "hearback_db_pool_connections", &[("state", "in_use")]).is_some());

    // Past the allowance (60 at once), refusals are counted by limit.
    let mut refused = 0;
    for n in 0..70 {
        if server.submit(&http, n % 11).await.status() == 429 {
            refused += 1;
        }
    }
    assert!(refused > 0);
    let last = scrape(&metrics).await;
    assert_eq!(sample(&last, "hearback_rate_limited_total", &[("limit", "answers")]), Some(f64::from(refused)));
    let answered = 71.0 - f64::from(refused);
    assert_eq!(sample(&last, "hearback_responses_stored_total", &stored), Some(answered));
}

#[tokio::test]
async fn metrics_on_the_main_address_need_the_token() {
    let server = Server::start(&["--metrics-token", "s3cret-scrape"]).await;
    let url = format!("{}/metrics", server.url);
    let http = reqwest::Client::new();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 401);
    let scraped = http.get(&url).bearer_auth("s3cret-scrape").send().await.unwrap();
    assert_eq!(scraped.status(), 200);
    let text = scraped.text().await.unwrap();
    let parsed = openmetrics_parser::prometheus::parse_prometheus(&text).unwrap();
    assert!(sample(&parsed, "hearback_outbox_pending", &[("outbox", "mail")]).is_some(), "{text}");
}

#[tokio::test]
async fn on_sigterm_a_request_in_flight_gets_its_201_the_row_is_kept_and_new_connections_are_refused() {
    let mut server = Server::start(&["--shutdown-grace", "10"]).await;
    // A slow client: the request's head and half its body now, the rest after SIGTERM.
    let body = r#"{"answers": {"recommend": 10}}"#;
    let (first, rest) = body.split_at(12);
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    write!(
        slow,
        "POST /api/v1/surveys/ops/responses HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        server.addr,
        body.len()
    )
    .unwrap();
    slow.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(server.child.try_wait().unwrap().is_none(), "still serving the request in flight");
    assert!(TcpStream::connect(&server.addr).is_err(), "no new connections once stopping");

    slow.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    slow.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let id: serde_json::Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert!(server.exited(Duration::from_secs(10)), "a clean exit: {}", server.logs());
    assert_eq!(Server::stored_ids(&server.database_url).await, [id["id"].as_str().unwrap()]);
    assert!(server.logs().contains("SIGTERM"), "the log says why it stopped");
}

#[tokio::test]
async fn sigint_stops_an_idle_server_at_once() {
    let mut server = Server::start(&[]).await;
    let started = Instant::now();
    server.signal("INT");
    assert!(server.exited(Duration::from_secs(10)));
    assert!(started.elapsed() < Duration::from_secs(5), "nothing to wait for");
}

/// The JSON log lines of a server.
fn json_lines(logs: &str) -> Vec<serde_json::Value> {
    logs.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("a log line that is not JSON ({e}): {line}")))
        .collect()
}

#[tokio::test]
async fn json_logs_name_each_request_by_the_id_its_answer_carries() {
    let server = Server::start(&["--log-format", "json"]).await;
    let missing = reqwest::get(format!("{}/api/v1/surveys/nope", server.url)).await.unwrap();
    let id = missing.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["request_id"], id.as_str());
    tokio::time::sleep(Duration::from_millis(200)).await;

    let lines = json_lines(&server.logs());
    let of_request: Vec<&serde_json::Value> =
        lines.iter().filter(|line| line["span"]["request_id"] == id.as_str()).collect();
    assert!(!of_request.is_empty(), "no log line names {id}: {lines:?}");
    let finished = of_request.iter().find(|line| line["fields"]["status"] == 404).expect("the access line");
    assert_eq!(finished["span"]["route"], "/api/v1/surveys/{id}", "the route's template, not the path");
    assert_eq!(finished["level"], "INFO");
}

#[tokio::test]
async fn a_trusted_proxy_names_the_request_in_the_logs() {
    let server = Server::start(&["--log-format", "json", "--trust-forwarded-for"]).await;
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{}/api/v1/surveys/ops", server.url))
        .header("x-request-id", "edge-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-request-id"], "edge-1234");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let lines = json_lines(&server.logs());
    let line = lines.iter().find(|line| line["span"]["request_id"] == "edge-1234").expect("a line of the request");
    assert_eq!(line["span"]["route"], "/api/v1/surveys/{id}");
}

fn backup(database_url: &str, to: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
        .args(["backup", to.to_str().unwrap(), "--database-url", database_url])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[tokio::test]
async fn a_backup_taken_while_responses_stream_in_is_whole_and_holds_every_earlier_acknowledgement() {
    let server = Server::start(&["--no-rate-limit"]).await;
    let url = server.url.clone();
    // A stream of submissions that goes on before, during and after the backup.
    let (acked_tx, mut acked_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let streaming = stop.clone();
    let stream = tokio::spawn(async move {
        let http = reqwest::Client::new();
        let mut n = 0u8;
        while !streaming.load(std::sync::atomic::Ordering::SeqCst) {
            let reply = http
                .post(format!("{url}/api/v1/surveys/ops/responses"))
                .header("content-type", "application/json")
                .body(format!(r#"{{"answers": {{"recommend": {}}}}}"#, n % 11))
                .send()
                .await
                .unwrap();
            assert_eq!(reply.status(), 201);
            let body: serde_json::Value = reply.json().await.unwrap();
            acked_tx.send(body["id"].as_str().unwrap().to_owned()).unwrap();
            n = n.wrapping_add(1);
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut acknowledged_before = Vec::new();
    while let Ok(id) = acked_rx.try_recv() {
        acknowledged_before.push(id);
    }
    assert!(acknowledged_before.len() > 5, "the stream is flowing");
    let file = server.dir.path().join("backup.db");
    let database_url = server.database_url.clone();
    let copy = file.clone();
    let (ok, err) = tokio::task::spawn_blocking(move || backup(&database_url, &copy)).await.unwrap();
    assert!(ok, "{err}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    stream.await.unwrap();
    let mut acknowledged_after = 0;
    while acked_rx.try_recv().is_ok() {
        acknowledged_after += 1;
    }
    assert!(acknowledged_after > 0, "submissions went on during and after the backup");

    use sqlx::Connection;
    let mut copy = sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display())).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut copy).await.unwrap();
    assert_eq!(integrity, "ok");
    let kept: Vec<String> = sqlx::query_scalar("SELECT id FROM responses").fetch_all(&mut copy).await.unwrap();
    let missing: Vec<&String> = acknowledged_before.iter().filter(|id| !kept.contains(id)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup began, missing from it: {missing:?}");
    // The copy is a database the server opens and serves.
    let tally: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM surveys WHERE id = 'ops'").fetch_one(&mut copy).await.unwrap();
    assert_eq!(tally, 1);
}

#[test]
fn a_backup_refuses_to_overwrite_to_invent_a_database_or_to_copy_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, b"keep me").unwrap();
    let source = format!("sqlite:{}", dir.path().join("hb.db").display());
    let created = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
        .args(["aggregates", "rebuild", "--database-url", &source])
        .output()
        .unwrap();
    assert!(created.status.success(), "a database to back up");

    let (ok, err) = backup(&source, &existing);
    assert!(!ok);
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me", "nothing overwritten");

    let nowhere = format!("sqlite:{}", dir.path().join("nowhere.db").display());
    let (ok, err) = backup(&nowhere, &dir.path().join("copy.db"));
    assert!(!ok);
    assert!(err.contains("there is no SQLite database"), "{err}");
    assert!(!dir.path().join("nowhere.db").exists() && !dir.path().join("copy.db").exists(), "nothing created");

    let (ok, err) = backup(&source, &dir.path().join("no/such/dir/copy.db"));
    assert!(!ok);
    assert!(err.contains("cannot write the backup"), "{err}");

    let (ok, err) = backup("postgres://u@127.0.0.1:1/db", &dir.path().join("pg.db"));
    assert!(!ok);
    assert!(err.contains("pg_dump"), "{err}");
}

#[tokio::test]
async fn metrics_show_mail_waiting_in_the_outbox_and_each_failed_attempt_to_send_it() {
    // The demo publishes its results, so anyone may follow them; the SMTP server is away.
    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let demo_addr = format!("127.0.0.1:{}", free_port());
    let smtp = format!("smtp://127.0.0.1:{}", free_port());
    let server = Server::start(&[
        "--metrics-addr",
        &metrics_addr,
        "--demo",
        "--demo-addr",
        &demo_addr,
        "--smtp-url",
        &smtp,
        "--mail-from",
        "Acme feedback <feedback@acme.example>",
    ])
    .await;
    let metrics = format!("http://{metrics_addr}/metrics");
    let followed = reqwest::Client::new()
        .post(format!("{}/api/v1/results/demo/follow", server.url))
        .json(&serde_json::json!({"email": "ann@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), 202);

    let failed = [("outbox", "mail")];
    let started = Instant::now();
    let scraped = loop {
        let scraped = scrape(&metrics).await;
        if sample(&scraped, "hearback_delivery_failures_total", &failed).is_some_and(|n| n >= 2.0) {
            break scraped;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no failed attempt counted: {}", server.logs());
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(sample(&scraped, "hearback_outbox_pending", &[("outbox", "mail")]), Some(1.0), "still waiting");
    let age = sample(&scraped, "hearback_outbox_oldest_pending_age_seconds", &[("outbox", "mail")]).unwrap();
    assert!(age >= 0.5, "its age grows while it waits: {age}");
    assert_eq!(sample(&scraped, "hearback_delivery_failures_total", &[("outbox", "webhooks")]), None);
}
