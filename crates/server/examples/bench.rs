//! `make bench`: how results keep up with a million responses.
//!
//! Loads generated responses into the demo survey on a fresh SQLite database (synchronous=FULL,
//! as the server runs it) and reports: the insert throughput of the live path (each response in
//! its own transaction, aggregates moved in it), the throughput of a bulk import, the server
//! time of reading results at 1 thousand, 100 thousand and 1 million responses (the same
//! function the HTTP handlers call: aggregates → results → privacy rules → JSON), and the time
//! of a full recomputation from the raw responses, for the ratio. A benchmark, not a test:
//! figures vary with the machine. `BENCH_RESPONSES` sets the largest size (default 1,000,000).

use hearback_core::{Completion, RawResponse, Response, Survey};
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{AppState, HttpConfig};
use hearback_server::identity::Customer;
use hearback_server::store::{self, Imported};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

const DAY_MS: i64 = 86_400_000;
const COMMENTS: [&str; 6] = [
    "Exports are slow on big projects",
    "Great support, quick answers",
    "Pricing is confusing",
    "Slow exports and slow search",
    "The new editor is great",
    "Please add single sign-on",
];

/// A small deterministic generator, so every run loads the same responses.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The `i`-th generated response: spread over the last 365 days, three plans, some verified.
fn generated(survey: &Survey, rng: &mut Rng, now: i64) -> Imported {
    let recommend = [10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 0][rng.below(12) as usize];
    let mut answers = serde_json::json!({ "recommend": recommend, "support": 1 + rng.below(5) });
    if rng.below(3) > 0 {
        answers["channel"] = ["email", "chat", "phone"][rng.below(3) as usize].into();
    }
    if rng.below(5) == 0 {
        answers["comment"] = COMMENTS[rng.below(COMMENTS.len() as u64) as usize].into();
    }
    let raw: RawResponse = serde_json::from_value(serde_json::json!({ "answers": answers })).unwrap();
    let response = Response::parse_with(survey, &raw, &Default::default(), Completion::Complete).unwrap();
    let plan = ["free", "pro", "team"][rng.below(3) as usize];
    let customer =
        Customer { id: None, attributes: [("plan".to_owned(), plan.to_owned())].into(), verified: rng.below(2) == 0 };
    Imported { response, customer, created_at: now - rng.below(365) as i64 * DAY_MS - rng.below(DAY_MS as u64) as i64 }
}

/// The median of `runs` timings of `read`.
async fn median<F: std::future::Future<Output = ()>>(runs: usize, mut read: impl FnMut() -> F) -> Duration {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        read().await;
        times.push(start.elapsed());
    }
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Requests a second that `clients` concurrent clients get answered `201` by `POST url` with
/// `body`, over `seconds` (after half a second of warming up).
async fn throughput(url: &str, body: &str, clients: usize, seconds: f64) -> anyhow::Result<f64> {
    let http = reqwest::Client::new();
    let run = |until: Instant| {
        let tasks: Vec<_> = (0..clients)
            .map(|_| {
                let (http, url, body) = (http.clone(), url.to_owned(), body.to_owned());
                tokio::spawn(async move {
                    let mut created = 0u64;
                    while Instant::now() < until {
                        let sent = http.post(&url).header("content-type", "application/json").body(body.clone());
                        if sent.send().await.is_ok_and(|r| r.status() == 201) {
                            created += 1;
                        }
                    }
                    created
                })
            })
            .collect();
        async move {
            let mut total = 0;
            for task in tasks {
                total += task.await.unwrap_or(0);
            }
            total
        }
    };
    run(Instant::now() + Duration::from_millis(500)).await;
    let start = Instant::now();
    let created = run(start + Duration::from_secs_f64(seconds)).await;
    Ok(created as f64 / start.elapsed().as_secs_f64())
}

/// Latencies of `POST url` with `body` sent at a steady `rate` a second for `seconds`, each on
/// its own schedule whether or not earlier ones were answered (as independent respondents
/// would): (median, 99th percentile, answers that were not `201`).
async fn paced(url: &str, body: &str, rate: u32, seconds: u32) -> anyhow::Result<(Duration, Duration, usize)> {
    let http = reqwest::Client::new();
    let every = Duration::from_secs(1) / rate;
    let start = Instant::now();
    let sent: Vec<_> = (0..rate * seconds)
        .map(|n| {
            let (http, url, body) = (http.clone(), url.to_owned(), body.to_owned());
            tokio::spawn(async move {
                tokio::time::sleep_until((start + every * n).into()).await;
                let asked = Instant::now();
                let reply = http.post(&url).header("content-type", "application/json").body(body).send().await;
                (asked.elapsed(), reply.is_ok_and(|r| r.status() == 201))
            })
        })
        .collect();
    let mut times = Vec::with_capacity(sent.len());
    let mut failed = 0;
    for one in sent {
        let (took, created) = one.await?;
        times.push(took);
        failed += usize::from(!created);
    }
    times.sort();
    Ok((times[times.len() / 2], times[times.len() * 99 / 100], failed))
}

/// Submitting a response over HTTP on loopback (parsed, stored with its aggregates in one
/// transaction at synchronous=FULL, answered 201 once committed, through the whole stack
/// including the rate limiter), against a trivial endpoint behind the same layers.
async fn submissions(dir: &std::path::Path) -> anyhow::Result<()> {
    use axum::http::StatusCode;
    use hearback_server::http::limits::{Limits, Rate};
    let store = store::open(&format!("sqlite:{}", dir.join("http.db").display()), &Default::default()).await?;
    store.create_survey(&hearback_server::demo::survey(), &[], "bench-secret").await?;
    // An allowance no run reaches: the limiter's own cost is measured, not its refusals.
    let unbounded = Rate { burst: u32::MAX, every: Duration::from_nanos(1) };
    let config =
        HttpConfig { limits: Some(Limits { answers: unbounded, messages: unbounded }), ..HttpConfig::default() };
    let state = AppState {
        store,
        widget: Arc::new(WidgetTemplate::parse(hearback_server::testing::WIDGET_PAGE)?),
        config: Arc::new(config),
        workers: Default::default(),
    };
    let app = hearback_server::http::app(state, dir);
    let trivial = axum::Router::new()
        .route("/", axum::routing::post(|| async { (StatusCode::CREATED, axum::Json(serde_json::json!({"id": "x"}))) }))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http());
    // The least a durable answer costs: one row inserted in its own transaction, same settings.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("trivial.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
    let pool = sqlx::sqlite::SqlitePoolOptions::new().connect_with(options).await?;
    sqlx::query("CREATE TABLE answers (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").execute(&pool).await?;
    let durable = axum::Router::new()
        .route(
            "/",
            axum::routing::post(move |body: String| async move {
                let done = sqlx::query("INSERT INTO answers (body) VALUES ($1)").bind(body).execute(&pool).await;
                match done {
                    Ok(row) => (StatusCode::CREATED, axum::Json(serde_json::json!({"id": row.last_insert_rowid()}))),
                    Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(serde_json::json!({}))),
                }
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http());
    let mut urls = Vec::new();
    for router in [app, trivial, durable] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        urls.push(format!("http://{}", listener.local_addr()?));
        tokio::spawn(hearback_server::serve(listener, router, std::future::pending()));
    }
    let body = r#"{"answers": {"recommend": 9, "support": 4, "channel": "chat", "comment": "Quick answers"}}"#;
    let clients = 8;
    let stored = throughput(&format!("{}/api/v1/surveys/demo/responses", urls[0]), body, clients, 5.0).await?;
    let plain = throughput(&urls[1], body, clients, 5.0).await?;
    let one_row = throughput(&urls[2], body, clients, 5.0).await?;
    println!("submit a response over HTTP, {clients} clients on loopback: {stored:>9.0} responses/s");
    println!(
        "a trivial endpoint behind the same layers:            {plain:>9.0} requests/s ({:.1}%)",
        100.0 * stored / plain
    );
    println!(
        "a trivial durable endpoint (one row, one transaction): {one_row:>7.0} requests/s ({:.0}%; budget: at least 70%, goal 90%)",
        100.0 * stored / one_row
    );
    let (median, p99, failed) = paced(&format!("{}/api/v1/surveys/demo/responses", urls[0]), body, 1_000, 5).await?;
    println!(
        "at a steady 1,000 submissions/s for 5 s: median {}, p99 {} (budget: p99 under 25 ms), {failed} not stored\n",
        ms(median),
        ms(p99)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let largest: u64 = std::env::var("BENCH_RESPONSES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    let url = format!("sqlite:{}", db.display());
    let store = store::open(&url, &Default::default()).await?;
    let survey = hearback_server::demo::survey();
    store.create_survey(&survey, &[], "bench-secret").await?;
    let stored = store.survey("demo").await?.expect("just made");
    let state = AppState {
        store: store.clone(),
        widget: Arc::new(WidgetTemplate::parse(hearback_server::testing::WIDGET_PAGE)?),
        config: Arc::new(HttpConfig::default()),
        workers: Default::default(),
    };
    let now = hearback_server::store::now_millis();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    println!("Hearback results benchmark: SQLite (WAL, synchronous=FULL), up to {largest} responses\n");
    submissions(dir.path()).await?;

    // The live path: one response per transaction, with its aggregates.
    let live = 1_000u64.min(largest);
    let start = Instant::now();
    for _ in 0..live {
        let one = generated(&survey, &mut rng, now);
        store.insert_response(&survey, &one.response, None, &one.customer).await?;
    }
    let elapsed = start.elapsed();
    println!(
        "insert, live path (1 response per transaction): {:>9.0} responses/s",
        live as f64 / elapsed.as_secs_f64()
    );

    let mut loaded = live;
    let mut import_time = Duration::ZERO;
    let mut imported = 0u64;
    let mut rows = Vec::new();
    println!();
    println!(
        "{:>10}  {:>12}  {:>12}  {:>12}  {:>12}  {:>14}  {:>9}",
        "responses", "all time", "plan=pro", "last 30 days", "12 weeks", "full recount", "ratio"
    );
    let mut checkpoints: Vec<u64> = [1_000, 100_000, 1_000_000].into_iter().filter(|c| *c <= largest).collect();
    if checkpoints.last() != Some(&largest) {
        checkpoints.push(largest);
    }
    for checkpoint in checkpoints {
        while loaded < checkpoint {
            let batch: Vec<Imported> =
                (0..(checkpoint - loaded).min(5_000)).map(|_| generated(&survey, &mut rng, now)).collect();
            let start = Instant::now();
            store.import_responses(&survey, &batch).await?;
            import_time += start.elapsed();
            imported += batch.len() as u64;
            loaded += batch.len() as u64;
        }
        let query = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        let everyone = query(&[]);
        let pro = query(&[("segment.plan", "pro")]);
        let from = hearback_core::trend::label(hearback_server::store::aggregates::day_of(now) - 29);
        let month = query(&[("from", from.as_str())]);
        let weeks = query(&[("bucket", "week")]);
        let all = median(31, || async {
            hearback_server::http::results::results(&state, &stored, &everyone).await.unwrap();
        })
        .await;
        let segment = median(31, || async {
            hearback_server::http::results::results(&state, &stored, &pro).await.unwrap();
        })
        .await;
        let recent = median(31, || async {
            hearback_server::http::results::results(&state, &stored, &month).await.unwrap();
        })
        .await;
        let trend = median(11, || async {
            hearback_server::http::results::trend(&state, &stored, &weeks).await.unwrap();
        })
        .await;
        if std::env::var("BENCH_PARTS").is_ok() {
            let scope = hearback_server::store::aggregates::Scope::everyone();
            let t = median(31, || async {
                store.tally(survey.id(), &scope).await.unwrap();
            })
            .await;
            let tally = store.tally(survey.id(), &scope).await?;
            let r = median(31, || async {
                let _ = hearback_core::Results::from_tally(&survey, &tally);
            })
            .await;
            println!("  parts: tally {} ({} cells), results from tally {}", ms(t), tally.cells().count(), ms(r));
        }
        let start = Instant::now();
        let counted = store.rebuild_aggregates(&survey, &|_, _| ()).await?;
        let recount = start.elapsed();
        assert_eq!(counted, loaded);
        let ratio = all.as_secs_f64() / recount.as_secs_f64();
        println!(
            "{:>10}  {:>12}  {:>12}  {:>12}  {:>12}  {:>14}  {:>9.6}",
            loaded,
            ms(all),
            ms(segment),
            ms(recent),
            ms(trend),
            ms(recount),
            ratio
        );
        rows.push((loaded, all));
    }
    if imported > 0 {
        println!(
            "\ninsert, bulk import (5,000 per transaction): {:>9.0} responses/s",
            imported as f64 / import_time.as_secs_f64()
        );
    }
    if let (Some((small_n, small)), Some((big_n, big))) = (rows.first(), rows.last()) {
        println!(
            "read time at {big_n} vs {small_n} responses: {:.2}× (goal: within 1.5×; under 10 ms at 1,000,000)",
            big.as_secs_f64() / small.as_secs_f64()
        );
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("database file: {:.0} MB", size as f64 / 1e6);
    // BENCH_KEEP=1 keeps the database for a look afterwards.
    if std::env::var("BENCH_KEEP").is_ok() {
        println!("kept: {}", dir.keep().display());
    }
    Ok(())
}
