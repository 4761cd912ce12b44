//! The end-to-end harness: the real Hearback server on port 0 with a fresh database (SQLite, or
//! PostgreSQL under `HEARBACK_TEST_BACKEND=postgres`), a
//! company site on a second port (another origin), and headless Chromium through ChromeDriver.

#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod hostile;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::IntoResponse;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use hearback_core::Origin;
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{app, AppState, HttpConfig};
use hearback_server::store::{self, Store};
use hearback_server::{demo, serve};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub struct TestApp {
    /// The Hearback server, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The company site that embeds the demo survey, on another port.
    pub host_url: String,
    pub store: Arc<dyn Store>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
    _shutdown: Vec<oneshot::Sender<()>>,
}

#[derive(Default)]
pub struct Options {
    /// Hold every wasm download back this long: a slow network, so a test can act on the
    /// server-rendered page before the bundle hydrates it.
    pub wasm_delay: Option<Duration>,
    /// The company site's page (`{{HEARBACK}}` stands for the server, `{{HOST}}` for the company
    /// site's own origin); `None` for the demo site (inline embed).
    pub host_page: Option<String>,
    /// Lose the acknowledgement of this many response submissions: the server stores the
    /// response, but the browser gets a 503 instead of the 201, as when a connection drops.
    pub lose_acknowledgements: usize,
    /// The server queues e-mail (a test sends it with `hearback_server::mail::send_due`).
    pub send_mail: bool,
    /// More pages of the company site (path, page), as `host_page`; only with `host_page`.
    pub more_pages: Vec<(&'static str, String)>,
}

fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

impl TestApp {
    pub async fn start() -> TestApp {
        TestApp::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = hearback_server::testing::fresh_database_url(dir.path()).await;
        let store = store::open(&url, &Default::default()).await.unwrap();
        let widget = WidgetTemplate::load(&dist().join("widget/index.html"))
            .expect("the widget bundle is built (`make test` builds it first)");
        let state = AppState {
            store: store.clone(),
            widget: Arc::new(widget),
            config: Arc::new(HttpConfig { send_mail: options.send_mail, ..HttpConfig::default() }),
            workers: Default::default(),
        };

        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let host_url = format!("http://{}", host_listener.local_addr().unwrap());
        let hearback = Origin::parse(url.clone()).unwrap();
        let host = Origin::parse(host_url.clone()).unwrap();
        let survey = demo::ensure_survey(store.as_ref(), &host).await.unwrap();

        let mut router = app(state, &dist());
        if let Some(delay) = options.wasm_delay {
            router = router.layer(axum::middleware::from_fn(move |req: Request, next: Next| async move {
                if req.uri().path().ends_with(".wasm") {
                    tokio::time::sleep(delay).await;
                }
                next.run(req).await
            }));
        }
        if options.lose_acknowledgements > 0 {
            let lost = Arc::new(std::sync::atomic::AtomicUsize::new(options.lose_acknowledgements));
            router = router.layer(axum::middleware::from_fn(move |req: Request, next: Next| {
                let lost = lost.clone();
                async move {
                    // The widget saves with PUT under the response key.
                    let submission = req.method() == "PUT" && req.uri().path().contains("/responses/");
                    let response = next.run(req).await;
                    let lose = submission && lost.fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1)).is_ok();
                    if lose {
                        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
                    }
                    response
                }
            }));
        }
        let site = match options.host_page {
            Some(page) => {
                let fill = |page: &str| page.replace("{{HEARBACK}}", &url).replace("{{HOST}}", &host_url);
                let mut site = axum::Router::new();
                for (path, page) in std::iter::once(("/", page)).chain(options.more_pages) {
                    let page = fill(&page);
                    site = site.route(path, axum::routing::get(move || async move { axum::response::Html(page) }));
                }
                site
            }
            None => demo::host_site(&hearback, &survey),
        };
        let (stop_app, app_stopped) = oneshot::channel::<()>();
        let (stop_site, site_stopped) = oneshot::channel::<()>();
        tokio::spawn(serve(listener, router, async move { _ = app_stopped.await }));
        tokio::spawn(serve(host_listener, site, async move { _ = site_stopped.await }));
        TestApp { url, host_url, store, http: reqwest::Client::new(), _dir: dir, _shutdown: vec![stop_app, stop_site] }
    }

    /// What the survey's aggregates count (as results JSON, before the privacy rules hide
    /// groups smaller than k): what the browser's answers stored.
    pub async fn results(&self, survey: &str) -> Value {
        self.counted(survey, "").await
    }

    /// The same for one segment (`v:true`, `a:plan=pro`).
    pub async fn counted(&self, survey: &str, segment: &str) -> Value {
        hearback_server::testing::counted(self.store.as_ref(), survey, segment).await
    }

    /// How many responses the database holds for a survey.
    pub async fn stored_responses(&self, survey: &str) -> usize {
        let id = hearback_core::Slug::parse(survey).unwrap();
        self.store.responses(&id).await.unwrap().len()
    }
}

/// Headless Chromium driven through its own ChromeDriver, both ended on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::launch(true, false).await
    }

    /// A browser whose system prefers dark colours (`prefers-color-scheme: dark`).
    pub async fn dark() -> Browser {
        Browser::launch(true, true).await
    }

    pub async fn without_javascript() -> Browser {
        Browser::launch(false, false).await
    }

    /// A browser that also keeps the DevTools protocol's network events (for `make bench`: the
    /// bytes each request took on the wire, whichever frame made it).
    pub async fn measuring() -> Browser {
        Browser::launch_with(true, false, true).await
    }

    async fn launch(javascript: bool, dark: bool) -> Browser {
        Browser::launch_with(javascript, dark, false).await
    }

    async fn launch_with(javascript: bool, dark: bool, network_log: bool) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (`make test` installs it)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        // Without the networking flags Chromium keeps calling out to a network these machines
        // do not have.
        let mut options = serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,1400",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if dark {
            options["args"].as_array_mut().expect("a list").push("--force-dark-mode".into());
        }
        if !javascript {
            options["prefs"] = serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        if network_log {
            capabilities.insert("goog:loggingPrefs".into(), serde_json::json!({ "performance": "ALL" }));
        }
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("ChromeDriver starts a Chromium session");
        Browser { client, driver, _profile: profile }
    }

    /// Waits (up to 15 s) for an element; the page may still be loading or hydrating.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("`{css}` did not appear: {e}"))
    }

    /// Presses keys, one after the other, on whatever has focus (in whichever frame), as a
    /// person at a keyboard would. Special keys come from [`fantoccini::key::Key`].
    pub async fn press(&self, keys: impl IntoIterator<Item = char>) {
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys {
            actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Ends the browser session cleanly; ChromeDriver itself is ended on drop.
    pub async fn close(self) {
        _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        _ = self.driver.kill();
        _ = self.driver.wait();
    }
}

/// A DevTools protocol command, through ChromeDriver's own endpoint.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(serde_json::json!({ "cmd": self.0, "params": self.1 }).to_string()))
    }
}

/// Runs a DevTools protocol command in the browser's page (e.g. `Page.setBypassCSP`).
pub async fn cdp(browser: &Browser, command: &'static str, params: Value) -> Value {
    browser.client.issue_cmd(Cdp(command, params)).await.unwrap_or_else(|e| panic!("{command}: {e}"))
}

/// Whether embed.js's popover or modal is open as a person sees it (closed, it is laid out but
/// invisible).
pub const PANEL_OPEN: &str =
    "const b = document.getElementById('hearback-panel'); return !!b && getComputedStyle(b).visibility == 'visible'";

/// Waits as long as a person at least takes to read and answer a survey page before sending it:
/// a plain form sent sooner comes back (`widget_page::bots`).
pub async fn take_a_moment() {
    let least = hearback_server::http::widget_page::bots::MIN_FILL_MS as u64;
    tokio::time::sleep(Duration::from_millis(least)).await;
}

/// Types `text` into the field `css` finds, once it is there, in place of what it held.
pub async fn fill(browser: &Browser, css: &str, text: &str) {
    let field = browser.wait_for(css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Clicks the element `css` finds, once it is there.
pub async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css).await.click().await.unwrap();
}

/// The text of the first element `css` finds; empty when there is none.
pub async fn text_of(browser: &Browser, css: &str) -> String {
    let script = format!("const e = document.querySelector({css:?}); return e ? e.textContent : ''");
    eval(browser, &script).await.as_str().unwrap_or_default().to_owned()
}

/// Runs a script in the page (or frame) the browser is in and returns its result.
pub async fn eval(browser: &Browser, script: &str) -> Value {
    browser.client.execute(script, vec![]).await.unwrap()
}

/// Waits until `check` holds, for up to 10 s; otherwise fails saying `what` did not happen.
pub async fn eventually(mut check: impl AsyncFnMut() -> bool, what: &str) {
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 10 s");
}

/// Runs axe-core (from npm) in the current page and returns each violation as "rule: nodes".
pub async fn axe_violations(browser: &Browser) -> Vec<String> {
    let axe =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"))
            .expect("axe-core is installed (`make test` runs npm install)");
    // Injected through WebDriver, which the page's CSP does not govern.
    browser.client.execute(&format!("{axe}\nreturn true;"), vec![]).await.unwrap();
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document).then(r => done(r.violations.map(v =>
               v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(result).unwrap()
}

/// Logs the demo company's member, Dana, in to the admin app (the demo's company must exist:
/// `hearback_server::demo::ensure_loop`).
pub async fn log_in_as_dana(app: &TestApp, dana: &Browser) {
    dana.client.goto(&format!("{}/admin/login", app.url)).await.unwrap();
    fill(dana, "#f-e-mail", hearback_server::demo::DEMO_EMAIL).await;
    fill(dana, "#f-password", hearback_server::demo::DEMO_PASSWORD).await;
    click(dana, "button[type=submit]").await;
    eventually(async || text_of(dana, ".who").await.contains("Acme"), "the app, logged in").await;
}
