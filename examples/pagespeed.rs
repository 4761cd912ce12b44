//! `make bench`, the pages part: what a person waits for on a company's page, measured in
//! headless Chromium over the real server and a company site on another origin. A benchmark, not
//! a test: the figures vary with the machine; they are compared as ratios within one run.
//!
//! For each host page (a plain HTML form with the same question, the floor; Hearback inline,
//! popover opening on load, and the iframe snippet) it prints the bytes on the wire (every
//! request of every frame, from the DevTools network events), when the first question is visible
//! on the host page (the first frame in which the host page shows the survey's box at its height),
//! layout shift (CLS) on the host page and main-thread time; unthrottled and throttled
//! (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU), medians of `PAGESPEED_RUNS`
//! (default 5) with a fresh cache each. Ratios: to the plain form, and to the design's limit
//! (the plain form plus two round trips: embed.js, then the widget's page).
//!
//! Then the published results page as a reader opens it: bytes, first contentful paint, and when
//! its forms are live (its bundle mounted them), with their ratio.

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::{cdp, Browser, Options, TestApp};

/// Watches the host page: layout shifts, and the first animation frame in which the question is
/// on screen — the plain form laid out, or the survey's iframe sized by its page and visible.
const MEASURE: &str = r#"<script>
window.__m = { cls: 0 };
new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) __m.cls += e.value; }))
  .observe({ type: 'layout-shift', buffered: true });
addEventListener('message', e => { if (e.data && e.data.hearback == 'resize' && e.data.height > 0) __m.sized = true; });
const shown = () => {
  const form = document.querySelector('form.plain');
  if (form) return form.getBoundingClientRect().height > 0;
  const frame = document.querySelector('iframe');
  return !!frame && __m.sized && frame.getBoundingClientRect().height > 0 && frame.checkVisibility({ visibilityProperty: true });
};
const watch = () => { if (shown()) __m.visible = performance.now(); else requestAnimationFrame(watch); };
requestAnimationFrame(watch);
</script>"#;

const CONTENT: &str = "<p>Acme Cloud keeps your projects running. Below the survey, the rest of the company's page: \
    plans, documentation, the status of every region, and how to reach support.</p>";

/// The host pages, by name; `{{HEARBACK}}` is the server, `{{HOST}}` the host page's origin.
fn pages() -> Vec<(&'static str, String)> {
    let plain = r#"<form class="plain" method="post" action="/answer"><fieldset><legend>How likely are you to recommend Acme Cloud to a friend or colleague?</legend>
        <label><input type="radio" name="recommend" value="0">0</label> <label><input type="radio" name="recommend" value="5">5</label>
        <label><input type="radio" name="recommend" value="10">10</label></fieldset>
        <label>What is the one thing we should improve?<textarea name="comment"></textarea></label><button>Send</button></form>"#;
    let inline = r##"<div id="feedback" style="min-height:1100px"></div><script src="{{HEARBACK}}/embed.js" data-survey="demo" data-mode="inline" data-target="#feedback" async></script>"##;
    let popover = r#"<script src="{{HEARBACK}}/embed.js" data-survey="demo" data-trigger="load" async></script>"#;
    let snippet = r#"<iframe src="{{HEARBACK}}/w/demo?host={{HOST}}" title="Survey" style="border:0;width:100%;height:1000px"></iframe>"#;
    [("plain HTML form (the floor)", plain), ("Hearback inline (script tag)", inline), ("Hearback popover, opens on load", popover), ("Hearback iframe snippet", snippet)]
        .into_iter()
        .map(|(name, body)| {
            (name, format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme Cloud</title>{MEASURE}</head><body><main>{body}{CONTENT}</main></body></html>"))
        })
        .collect()
}

/// ChromeDriver's log of DevTools events since it was last read.
#[derive(Debug)]
struct PerformanceLog;

impl fantoccini::wd::WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "performance" }).to_string()))
    }
}

/// Bytes on the wire of every request finished since the log was last read.
async fn bytes_on_the_wire(browser: &Browser) -> f64 {
    let log = browser.client.issue_cmd(PerformanceLog).await.unwrap();
    log.as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
        .filter(|event| event["message"]["method"] == "Network.loadingFinished")
        .map(|event| event["message"]["params"]["encodedDataLength"].as_f64().unwrap_or_default())
        .sum()
}

async fn main_thread_seconds(browser: &Browser) -> f64 {
    let metrics = cdp(browser, "Performance.getMetrics", json!({})).await;
    metrics["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["name"] == "TaskDuration")
        .map_or(0.0, |m| m["value"].as_f64().unwrap())
}

#[derive(Debug, Clone, Copy)]
struct Run {
    bytes: f64,
    visible_ms: f64,
    cls: f64,
    main_thread_ms: f64,
}

/// A fresh browser recording network and main-thread use, with the cache off, throttled or not.
async fn measuring_browser(throttled: bool) -> Browser {
    let browser = Browser::measuring().await;
    cdp(&browser, "Network.enable", json!({})).await;
    cdp(&browser, "Performance.enable", json!({})).await;
    cdp(&browser, "Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
    if throttled {
        let conditions =
            json!({ "offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750 });
        cdp(&browser, "Network.emulateNetworkConditions", conditions).await;
        cdp(&browser, "Emulation.setCPUThrottlingRate", json!({ "rate": 4 })).await;
    }
    browser
}

/// Polls `script` on the page until it gives a value (at most 15 s).
async fn awaited(browser: &Browser, script: &str) -> Value {
    for _ in 0..300 {
        let value = support::eval(browser, script).await;
        if !value.is_null() {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never: {script}");
}

/// Opens `url` after a blank page, with the network log read empty; the main-thread seconds
/// before it.
async fn open_fresh(browser: &Browser, url: &str) -> f64 {
    browser.client.goto("about:blank").await.unwrap();
    bytes_on_the_wire(browser).await;
    let before = main_thread_seconds(browser).await;
    browser.client.goto(url).await.unwrap();
    before
}

async fn measure(url: &str, throttled: bool, runs: usize) -> Vec<Run> {
    let browser = measuring_browser(throttled).await;
    let mut results = Vec::new();
    for _ in 0..runs {
        let before = open_fresh(&browser, url).await;
        let visible = awaited(&browser, "return window.__m && window.__m.visible").await;
        // What loads after the question is on screen (the wasm) counts in bytes and main thread.
        tokio::time::sleep(Duration::from_millis(if throttled { 4000 } else { 1000 })).await;
        let cls = support::eval(&browser, "return window.__m.cls").await.as_f64().unwrap();
        let main_thread_ms = (main_thread_seconds(&browser).await - before) * 1000.0;
        results.push(Run {
            bytes: bytes_on_the_wire(&browser).await,
            visible_ms: visible.as_f64().unwrap(),
            cls,
            main_thread_ms,
        });
    }
    browser.close().await;
    results
}

/// On the results page (before its own scripts): when its follow form became live.
const RESULTS_WATCH: &str = "window.__r = {}; new MutationObserver(() => { if (!__r.live && \
    document.querySelector('.follow-root[data-live]')) __r.live = performance.now(); }) \
    .observe(document, { subtree: true, childList: true, attributes: true });";

/// The published results page: (bytes, first contentful paint ms, forms live ms, main-thread ms).
async fn measure_results(url: &str, throttled: bool, runs: usize) -> Vec<[f64; 4]> {
    let browser = measuring_browser(throttled).await;
    cdp(&browser, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": RESULTS_WATCH })).await;
    let mut results = Vec::new();
    for _ in 0..runs {
        let before = open_fresh(&browser, url).await;
        let live = awaited(&browser, "return window.__r && window.__r.live").await;
        let paint =
            "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null";
        let painted = awaited(&browser, paint).await;
        tokio::time::sleep(Duration::from_millis(if throttled { 2000 } else { 500 })).await;
        let main_thread_ms = (main_thread_seconds(&browser).await - before) * 1000.0;
        let bytes = bytes_on_the_wire(&browser).await;
        results.push([bytes, painted.as_f64().unwrap(), live.as_f64().unwrap(), main_thread_ms]);
    }
    browser.close().await;
    results
}

/// The results page's row: the demo's published page, as a reader opens it from a link.
async fn results_page(runs: usize) {
    let app = TestApp::start_with(Options::default()).await;
    hearback_server::demo::ensure_loop(app.store.as_ref(), &Default::default()).await.unwrap();
    let url = format!("{}/r/demo", app.url);
    println!(
        "\n{:<34} {:>8} {:>11} {:>11} {:>11} {:>11} {:>9} {:>11}",
        "results page /r/demo", "bytes", "painted ms", "live ms", "throttled", "live thr", "x paint", "main thr ms"
    );
    let fast = measure_results(&url, false, runs).await;
    let slow = measure_results(&url, true, runs).await;
    let column = |runs: &[[f64; 4]], i: usize| median(runs.iter().map(|r| r[i]).collect());
    println!(
        "{:<34} {:>8.0} {:>11.0} {:>11.0} {:>11.0} {:>11.0} {:>9.2} {:>11.0}",
        "own bundle, data in the page",
        column(&slow, 0),
        column(&fast, 1),
        column(&fast, 2),
        column(&slow, 1),
        column(&slow, 2),
        column(&slow, 2) / column(&slow, 1),
        column(&slow, 3),
    );
    println!("x paint: throttled, forms live / first paint (budget 1.5).");
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("PAGESPEED_RUNS").ok().and_then(|n| n.parse().ok()).unwrap_or(5);
    println!("Page speed: headless Chromium, fresh cache, medians of {runs}; throttled = 150 ms RTT, 1.6/0.75 Mbit/s, 4x CPU\n");
    println!(
        "{:<34} {:>8} {:>11} {:>11} {:>9} {:>9} {:>6} {:>11}",
        "host page", "bytes", "visible ms", "throttled", "x plain", "x limit", "CLS", "main thr ms"
    );
    let mut plain = (0.0, 0.0);
    for (name, page) in pages() {
        let app = TestApp::start_with(Options { host_page: Some(page), ..Options::default() }).await;
        let url = format!("{}/", app.host_url);
        let fast = measure(&url, false, runs).await;
        let slow = measure(&url, true, runs).await;
        let visible = median(fast.iter().map(|r| r.visible_ms).collect());
        let throttled = median(slow.iter().map(|r| r.visible_ms).collect());
        if plain == (0.0, 0.0) {
            plain = (visible, throttled);
        }
        let limit = plain.1 + 2.0 * 150.0;
        println!(
            "{:<34} {:>8.0} {:>11.0} {:>11.0} {:>9.2} {:>9.2} {:>6.3} {:>11.0}",
            name,
            median(slow.iter().map(|r| r.bytes).collect()),
            visible,
            throttled,
            throttled / plain.1,
            throttled / limit,
            median(slow.iter().map(|r| r.cls).collect()),
            median(slow.iter().map(|r| r.main_thread_ms).collect()),
        );
    }
    println!(
        "\nx plain and x limit are throttled; the limit is the plain form + 2 round trips (embed.js, the widget page)."
    );
    results_page(runs).await;
}
