//! An in-process application with its own fresh database (SQLite, or PostgreSQL under
//! `HEARBACK_TEST_BACKEND=postgres`) and a stand-in front-end build,
//! called through `oneshot` like any HTTP client would.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use hearback_core::{Origin, Slug};
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{app, AppState, HttpConfig};
use hearback_server::store::audit::{Audit, AuditAction};
use hearback_server::store::{self, Store, SurveyStatus};
use http_body_util::BodyExt;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

pub const HOST: &str = "https://shop.example.com";
/// The demo survey's signing secret in tests.
pub const SECRET: &str = "test-secret";
/// Stands in for the build's brotli file next to an asset.
pub const PRECOMPRESSED: &[u8] = b"brotli bytes";

/// What Trunk's app page looks like, reduced to what the server relies on.
const ADMIN_PAGE: &str = r#"<!doctype html><html><head><title>Hearback</title>
<script type="module" nonce="{{__TRUNK NONCE__}}">import init from '/assets/admin/a.js';</script></head><body></body></html>"#;

const RESULTS_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Hearback</title><link rel="stylesheet" href="/assets/results/r.css">
<script type="module" nonce="{{__TRUNK NONCE__}}">import init from '/assets/results/r.js';</script></head><body></body></html>"#;

/// What a GET may write: the audit log, which records who read contact details (a read it must
/// remember).
pub const READ_BOOKKEEPING: &[&str] = &["audit_entries"];

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    /// The database's URL, for tests that change it behind the server's back.
    pub database_url: String,
    /// What the router was built from, for tests that build it again with a change.
    pub state: AppState,
    pub dist: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The body with an error's request id taken out (each request has its own): what two
    /// answers are compared by.
    pub fn body_without_request_id(&self) -> String {
        match serde_json::from_str::<Value>(&self.body) {
            Ok(mut json) if json["error"].get("request_id").is_some() => {
                json["error"].as_object_mut().unwrap().remove("request_id");
                json.to_string()
            }
            _ => self.body.clone(),
        }
    }

    /// The stable error code of an error reply.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().expect("an error code").to_owned()
    }
}

impl TestApp {
    pub async fn start() -> TestApp {
        TestApp::with_config(HttpConfig::default()).await
    }

    pub async fn with_config(config: HttpConfig) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("widget")).unwrap();
        std::fs::write(dist.join("widget/w_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dist.join("widget/w_bg.wasm.br"), PRECOMPRESSED).unwrap();
        std::fs::write(dist.join("embed.js"), include_str!("../../../../public/embed.js")).unwrap();
        std::fs::create_dir_all(dist.join("admin")).unwrap();
        std::fs::write(dist.join("admin/index.html"), ADMIN_PAGE).unwrap();
        std::fs::create_dir_all(dist.join("results")).unwrap();
        std::fs::write(dist.join("results/index.html"), RESULTS_PAGE).unwrap();
        std::fs::write(dist.join("results/r.css"), "main.public { max-width: 48rem; }").unwrap();
        let url = hearback_server::testing::fresh_database_url(dir.path()).await;
        let store = store::open(&url, &Default::default()).await.unwrap();
        let demo = hearback_server::demo::survey();
        store.create_survey(&demo, &[Origin::parse(HOST).unwrap()], SECRET).await.unwrap();
        let state = AppState {
            store: store.clone(),
            widget: Arc::new(WidgetTemplate::parse(hearback_server::testing::WIDGET_PAGE).unwrap()),
            config: Arc::new(config),
            workers: Default::default(),
        };
        TestApp { router: app(state.clone(), &dist), store, database_url: url, state, dist, _dir: dir }
    }

    pub async fn close(&self, survey: &str) {
        let audit = Audit::system(None, "test", AuditAction::SurveyStatusChanged, survey);
        self.store.set_survey_status(&Slug::parse(survey).unwrap(), SurveyStatus::Closed, &audit).await.unwrap();
    }

    /// What the aggregates count for a segment (`""` everyone, `v:true`, `a:plan=pro`), as
    /// results JSON before any privacy rule: what was stored, for tests of storing.
    pub async fn counted(&self, survey: &str, segment: &str) -> Value {
        hearback_server::testing::counted(self.store.as_ref(), survey, segment).await
    }

    pub async fn stored(&self, survey: &str) -> usize {
        self.store.responses(&Slug::parse(survey).unwrap()).await.unwrap().len()
    }

    /// Runs a GET and checks that it changed nothing in the database (a link prefetcher, a
    /// crawler or a mail scanner following any link changes nothing), but the tables a read
    /// writes to by design: [`READ_BOOKKEEPING`].
    pub async fn unchanged_by<F: std::future::Future<Output = Reply>>(&self, what: &str, get: F) -> Reply {
        let before = hearback_server::testing::database_state(&self.database_url, READ_BOOKKEEPING).await;
        let reply = get.await;
        let after = hearback_server::testing::database_state(&self.database_url, READ_BOOKKEEPING).await;
        for (table, rows) in &after {
            assert_eq!(Some(rows), before.get(table), "GET {what} ({}) changed the table {table}", reply.status);
        }
        reply
    }

    /// Posts a form to `uri`, as a person in a browser without JavaScript posts the widget's
    /// plain form: some seconds after the page was made (its signed start, `_started`, is moved
    /// that far back; see `widget_page::bots`).
    pub async fn post_form(&self, uri: &str, body: &str) -> Reply {
        let survey = uri.strip_prefix("/w/").map(|rest| rest.split(['?', '/']).next().unwrap_or_default());
        let stored = match survey {
            Some(id) => self.store.survey(id).await.unwrap(),
            None => None,
        };
        let body = match (stored, body.split_once("_started=")) {
            (Some(stored), Some((before, rest))) => {
                let after = rest.split_once('&').map_or(String::new(), |(_, after)| format!("&{after}"));
                let earlier = hearback_server::store::now_millis() - 10_000;
                let started = hearback_server::http::widget_page::bots::started(&stored, earlier);
                format!("{before}_started={started}{after}")
            }
            _ => body.to_owned(),
        };
        self.post_form_at_once(uri, &body).await
    }

    /// Posts a form to `uri` as it is, the moment it is asked to (as a program would).
    pub async fn post_form_at_once(&self, uri: &str, body: &str) -> Reply {
        let request = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    /// Sends a request as a client on this machine (loopback).
    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50000))));
        self.send_raw(request).await
    }

    /// Sends a request as it arrives, with whatever connection info it carries.
    pub async fn send_raw(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// A POST of JSON from nobody in particular (a public endpoint, or a form's button).
    pub async fn post_json(&self, uri: &str, body: Value) -> Reply {
        let request = Request::post(uri).header("content-type", "application/json");
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A request from a respondent's browser showing its receipt (none when `receipt` is empty).
    pub async fn as_respondent(&self, method: &str, uri: &str, receipt: &str, body: Option<Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri).header("content-type", "application/json");
        if !receipt.is_empty() {
            request = request.header("hearback-receipt", receipt);
        }
        let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
        self.send(request.body(body).unwrap()).await
    }

    /// Saves a response under a key, as the widget does while a respondent answers.
    pub async fn save(&self, survey: &str, key: &str, body: Value) -> Reply {
        let request = Request::put(format!("/api/v1/surveys/{survey}/responses/{key}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// Creates another survey from its JSON definition.
    pub async fn create(&self, definition: Value) {
        let survey: hearback_core::Survey = serde_json::from_value(definition).unwrap();
        self.store.create_survey(&survey, &[Origin::parse(HOST).unwrap()], SECRET).await.unwrap();
    }

    /// Submits a response to a survey, with an optional Idempotency-Key.
    pub async fn submit(&self, survey: &str, body: impl Into<Body>, key: Option<&str>) -> Reply {
        let mut request =
            Request::post(format!("/api/v1/surveys/{survey}/responses")).header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        self.send(request.body(body.into()).unwrap()).await
    }
}

/// The hidden fields of a plain form page, as a form body.
pub fn hidden_fields(page: &str) -> String {
    page.split(r#"<input type="hidden" name=""#)
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').next().unwrap();
            let value = rest.split(r#"value=""#).nth(1).unwrap().split('"').next().unwrap();
            let value = value.replace("&amp;", "&").replace("&quot;", "\"");
            format!("{name}={}", form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>())
        })
        .collect::<Vec<_>>()
        .join("&")
}
