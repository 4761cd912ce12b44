//! No acknowledged write is ever lost: the real `hearback-server` binary takes a steady stream of
//! responses, each with its own Idempotency-Key and retried until it is acknowledged, and of
//! follow requests (each queues an e-mail), while it is SIGKILLed at random moments and started
//! again; on PostgreSQL the database is also stopped with `pg_ctl -m immediate` under the load.
//! After the last cycle: every acknowledged key is stored exactly once, the aggregates equal a
//! rebuild, the database is whole (`PRAGMA integrity_check`), and the mail and webhook outboxes
//! have delivered every message they acknowledged queueing, at least once, to an SMTP listener
//! and a webhook endpoint on loopback.
//!
//! `HEARBACK_CRASH_CYCLES` (default 10; `make soak` runs 200) and `HEARBACK_CRASH_SEED` (the
//! moments of the kills; printed by every run, so a failure can be replayed).

mod postgres_cluster;
mod server_binary;

use hearback_server::store::{self, DbOptions};
use hearback_server::testing::SmtpSink;
use server_binary::{free_port, PAGE};
use std::collections::{HashMap, HashSet, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the load sends: a response with key `crash-N`, or a follow request from `fN@…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Job {
    Response(u64),
    Follow(u64),
}

#[derive(Default)]
struct Ledger {
    pending: VecDeque<Job>,
    next: u64,
    /// Response keys answered 201, with the id each got.
    acknowledged: HashMap<u64, String>,
    /// Follow addresses answered 202 (each queued a confirmation e-mail).
    followed: HashSet<String>,
    /// Why jobs were sent again: a status, or "no answer".
    retries: std::collections::BTreeMap<String, u64>,
    /// When the last start's retries were all acknowledged, and when the outboxes were empty.
    settled: (Duration, Duration),
    /// At the end: only what is pending is sent, no new jobs.
    draining: bool,
}

impl Ledger {
    fn take(&mut self) -> Option<Job> {
        if self.draining {
            return self.pending.pop_front();
        }
        Some(self.pending.pop_front().unwrap_or_else(|| {
            self.next += 1;
            if self.next % 8 == 0 {
                Job::Follow(self.next)
            } else {
                Job::Response(self.next)
            }
        }))
    }
}

/// A tiny xorshift, so that a run's kill moments can be replayed from its seed.
struct Moments(u64);

impl Moments {
    fn between(&mut self, low: u64, high: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low)
    }
}

struct Harness {
    database_url: String,
    dist: tempfile::TempDir,
    smtp: SmtpSink,
    webhook_url: String,
    delivered: Arc<Mutex<HashMap<String, u32>>>,
    ledger: Arc<Mutex<Ledger>>,
    http: reqwest::Client,
}

impl Harness {
    async fn new(database_url: String) -> Harness {
        let dist = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dist.path().join("widget")).unwrap();
        std::fs::write(dist.path().join("widget/index.html"), PAGE).unwrap();
        let delivered: Arc<Mutex<HashMap<String, u32>>> = Default::default();
        let counting = delivered.clone();
        let endpoint = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |body: String| async move {
                let event: serde_json::Value = serde_json::from_str(&body).unwrap();
                let id = event["response"]["id"].as_str().unwrap().to_owned();
                *counting.lock().unwrap().entry(id).or_default() += 1;
                axum::http::StatusCode::NO_CONTENT
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let webhook_url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, endpoint).await.unwrap() });
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        let smtp = SmtpSink::start().await;
        Harness { database_url, dist, smtp, webhook_url, delivered, ledger: Default::default(), http }
    }

    fn spawn(&self, addr: &str) -> Child {
        Command::new(env!("CARGO_BIN_EXE_hearback-server"))
            .args(["serve", "--addr", addr, "--dist", self.dist.path().to_str().unwrap()])
            .args(["--database-url", &self.database_url, "--no-rate-limit", "--allow-private-webhooks"])
            .args(["--demo", "--demo-addr", &format!("127.0.0.1:{}", free_port())])
            .args(["--smtp-url", &self.smtp.url(), "--mail-from", "Acme <feedback@acme.example>"])
            // What a killed instance claimed from the outboxes is sent by the next after 3 s.
            .args(["--outbox-lease-seconds", "3"])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// Starts the server and waits until it answers.
    async fn start(&self) -> (Child, String) {
        let addr = format!("127.0.0.1:{}", free_port());
        let child = self.spawn(&addr);
        let url = format!("http://{addr}");
        for _ in 0..400 {
            if self.http.get(format!("{url}/healthz")).send().await.is_ok() {
                return (child, url);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server did not start");
    }

    /// The first start seeds the demo; then the demo survey gets a webhook to the endpoint.
    async fn seed(&self) {
        let (mut child, _) = self.start().await;
        child.kill().unwrap();
        child.wait().unwrap();
        let store = store::open(&self.database_url, &DbOptions::default()).await.unwrap();
        let demo = store.survey("demo").await.unwrap().unwrap();
        let organization = demo.organization.unwrap();
        let hook = store::webhooks::NewWebhook {
            id: "crash-hook",
            organization_id: &organization,
            survey_id: "demo",
            url: &self.webhook_url,
            secret: "crash-secret",
            format: hearback_api::webhook::WebhookFormat::Hearback,
            rule: None,
            daily_summary: false,
        };
        let audit = store::audit::Audit::system(
            Some(&organization),
            "crash harness",
            hearback_api::security::AuditAction::WebhookCreated,
            "crash-hook",
        );
        store.create_webhook(&hook, &audit).await.unwrap();
    }

    /// One sender: takes jobs until `running` is false, putting back whatever is not
    /// acknowledged (refused connections, 5xx, 409 while the key's first request is in flight).
    async fn send(self: Arc<Self>, url: String, running: Arc<std::sync::atomic::AtomicBool>) {
        while running.load(std::sync::atomic::Ordering::SeqCst) {
            let Some(job) = self.ledger.lock().unwrap().take() else { return };
            let reply = match job {
                Job::Response(n) => {
                    let body = format!(r#"{{"answers": {{"recommend": {}, "channel": "chat"}}}}"#, n % 11);
                    self.http
                        .post(format!("{url}/api/v1/surveys/demo/responses"))
                        .header("content-type", "application/json")
                        .header("idempotency-key", format!("crash-{n}"))
                        .body(body)
                        .send()
                        .await
                }
                Job::Follow(n) => {
                    let email = format!("f{n}@example.org");
                    self.http
                        .post(format!("{url}/api/v1/results/demo/follow"))
                        .json(&serde_json::json!({"email": email}))
                        .send()
                        .await
                }
            };
            let status = reply.as_ref().map(|r| r.status().as_u16()).ok();
            let id = match reply {
                Ok(r) if r.status() == 201 => {
                    r.json::<serde_json::Value>().await.ok().and_then(|v| v["id"].as_str().map(str::to_owned))
                }
                _ => None,
            };
            let mut ledger = self.ledger.lock().unwrap();
            match (job, status) {
                (Job::Response(n), Some(201)) if id.is_some() => {
                    let id = id.unwrap();
                    if let Some(earlier) = ledger.acknowledged.insert(n, id.clone()) {
                        assert_eq!(earlier, id, "key crash-{n} acknowledged as two responses");
                    }
                }
                (Job::Follow(n), Some(202)) => _ = ledger.followed.insert(format!("f{n}@example.org")),
                (_, None | Some(201 | 409 | 500..)) => {
                    *ledger.retries.entry(status.map_or("no answer".into(), |s| s.to_string())).or_default() += 1;
                    ledger.pending.push_back(job);
                }
                (_, Some(other)) => panic!("{job:?} answered {other}"),
            }
        }
    }

    /// Runs the load against `url` until `until` returns, then stops the senders.
    async fn load_while<F: std::future::Future<Output = ()>>(self: &Arc<Self>, url: &str, until: F) {
        let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let senders: Vec<_> =
            (0..4).map(|_| tokio::spawn(self.clone().send(url.to_owned(), running.clone()))).collect();
        until.await;
        running.store(false, std::sync::atomic::Ordering::SeqCst);
        for sender in senders {
            sender.await.unwrap();
        }
    }

    /// The last start: every job still pending is retried until acknowledged, then the outboxes
    /// are given time to deliver everything (a message claimed by a killed instance waits out
    /// its lease first).
    async fn settle(self: &Arc<Self>) -> Child {
        let (child, url) = self.start().await;
        let started = Instant::now();
        self.ledger.lock().unwrap().draining = true;
        while !self.ledger.lock().unwrap().pending.is_empty() {
            self.load_while(&url, tokio::time::sleep(Duration::from_millis(50))).await;
            assert!(started.elapsed() < Duration::from_secs(60), "retries were not acknowledged");
        }
        let retried = started.elapsed();
        loop {
            let (acknowledged, followed) = {
                let ledger = self.ledger.lock().unwrap();
                (ledger.acknowledged.values().cloned().collect::<Vec<_>>(), ledger.followed.clone())
            };
            let delivered = self.delivered.lock().unwrap().clone();
            let mailed: HashSet<String> = self.smtp.messages().iter().flat_map(|m| m.to.clone()).collect();
            let hooks_missing = acknowledged.iter().filter(|id| !delivered.contains_key(*id)).count();
            let mail_missing = followed.iter().filter(|a| !mailed.iter().any(|to| to.contains(a.as_str()))).count();
            if hooks_missing == 0 && mail_missing == 0 {
                self.ledger.lock().unwrap().settled = (retried, started.elapsed());
                return child;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "outboxes lost messages: {hooks_missing} webhook deliveries and {mail_missing} e-mails never came"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Every acknowledged key stored exactly once, nothing stored that was not, and the
    /// aggregates kept under the kills equal to a rebuild.
    async fn check_stored(&self, baseline: usize) {
        let ledger = self.ledger.lock().unwrap();
        let store = store::open(&self.database_url, &DbOptions::default()).await.unwrap();
        let slug = hearback_core::Slug::parse("demo").unwrap();
        let stored = store.responses(&slug).await.unwrap();
        let ids: HashSet<&str> = stored.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), stored.len());
        for (n, id) in &ledger.acknowledged {
            assert!(ids.contains(id.as_str()), "acknowledged crash-{n} ({id}) is lost");
        }
        let sent = ledger.acknowledged.len() + ledger.pending.iter().filter(|j| matches!(j, Job::Response(_))).count();
        assert_eq!(stored.len() - baseline, ledger.acknowledged.len(), "each key stored once ({sent} keys sent)");
        let survey = store.survey("demo").await.unwrap().unwrap().survey;
        let kept = store.aggregate_cells(&slug).await.unwrap();
        store.rebuild_aggregates(&survey, &|_, _| ()).await.unwrap();
        assert_eq!(store.aggregate_cells(&slug).await.unwrap(), kept, "the aggregates kept equal a rebuild");
    }

    fn summary(&self, what: &str, seed: u64, cycles: u32, started: Instant) {
        let ledger = self.ledger.lock().unwrap();
        let delivered = self.delivered.lock().unwrap();
        let twice = delivered.values().filter(|n| **n > 1).count();
        eprintln!(
            "crash harness ({what}, seed {seed}): {cycles} cycles in {:.0?}: {} responses and {} follows acknowledged, \
             sent again {:?}, the last start's retries acknowledged in {:.1?} and its outboxes empty in {:.1?}, \
             {} webhook deliveries ({twice} more than once), {} e-mails",
            started.elapsed(),
            ledger.acknowledged.len(),
            ledger.followed.len(),
            ledger.retries,
            ledger.settled.0,
            ledger.settled.1,
            delivered.values().sum::<u32>(),
            self.smtp.messages().len()
        );
    }
}

fn cycles_and_seed() -> (u32, u64) {
    let cycles = std::env::var("HEARBACK_CRASH_CYCLES").ok().and_then(|c| c.parse().ok()).unwrap_or(10);
    let seed = std::env::var("HEARBACK_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    (cycles, seed)
}

/// Starts the server, lets the load run for a random moment, and SIGKILLs it.
async fn kill_cycles(harness: &Arc<Harness>, cycles: u32, moments: &mut Moments) {
    for _ in 0..cycles {
        let (mut child, url) = harness.start().await;
        let wait = Duration::from_millis(moments.between(50, 600));
        let kill = async {
            tokio::time::sleep(wait).await;
            child.kill().unwrap(); // SIGKILL, with requests in flight: no shutdown, no flush
            child.wait().unwrap();
        };
        harness.load_while(&url, kill).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_sigkill_at_random_moments_loses_no_acknowledged_response_or_message() {
    let (cycles, seed) = cycles_and_seed();
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("crash.db").display());
    let harness = Arc::new(Harness::new(database_url.clone()).await);
    harness.seed().await;
    let baseline = stored_count(&database_url).await;
    let started = Instant::now();
    kill_cycles(&harness, cycles, &mut Moments(seed)).await;
    let mut last = harness.settle().await;
    last.kill().unwrap();
    last.wait().unwrap();
    harness.check_stored(baseline).await;

    use sqlx::Connection;
    let mut db = sqlx::SqliteConnection::connect(&database_url).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
    assert_eq!(integrity, "ok");
    harness.summary("SQLite", seed, cycles, started);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_sigkill_and_an_immediate_database_stop_lose_no_acknowledged_response_or_message() {
    let (cycles, seed) = cycles_and_seed();
    let cluster = postgres_cluster::Cluster::start();
    let harness = Arc::new(Harness::new(cluster.url()).await);
    harness.seed().await;
    let baseline = stored_count(&cluster.url()).await;
    let started = Instant::now();
    let mut moments = Moments(seed);
    kill_cycles(&harness, cycles, &mut moments).await;
    // The database stops at once (as a crash would) under the load, and comes back.
    let stops = (cycles / 5).max(3);
    let (mut child, url) = harness.start().await;
    for _ in 0..stops {
        let wait = Duration::from_millis(moments.between(50, 400));
        let stopping = async {
            tokio::time::sleep(wait).await;
            tokio::task::block_in_place(|| cluster.stop());
            tokio::time::sleep(Duration::from_millis(300)).await;
            tokio::task::block_in_place(|| cluster.resume());
            tokio::time::sleep(Duration::from_millis(300)).await;
        };
        harness.load_while(&url, stopping).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut last = harness.settle().await;
    last.kill().unwrap();
    last.wait().unwrap();
    harness.check_stored(baseline).await;

    use sqlx::Connection;
    let mut db = sqlx::PgConnection::connect(&cluster.url()).await.unwrap();
    // Every index of the database's tables agrees with its table (amcheck, shipped with PostgreSQL).
    sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck").execute(&mut db).await.unwrap();
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE a.amname = 'btree' AND n.nspname = 'public'",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    for index in &indexes {
        sqlx::query(&format!("SELECT bt_index_check('{index}'::regclass, true)")).execute(&mut db).await.unwrap();
    }
    harness.summary(
        &format!("PostgreSQL, {stops} immediate stops, {} indexes checked", indexes.len()),
        seed,
        cycles,
        started,
    );
}

/// The demo survey's responses (the demo seeds some).
async fn stored_count(database_url: &str) -> usize {
    let store = store::open(database_url, &DbOptions::default()).await.unwrap();
    store.responses(&hearback_core::Slug::parse("demo").unwrap()).await.unwrap().len()
}
