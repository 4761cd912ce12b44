//! `make screenshots`: pictures of the widget for a person to look at, taken in headless
//! Chromium from the real server and a company page on another origin. Every question kind, in
//! every mode (inline, popover, modal, full page, and the full page showing its error marks),
//! light and dark, left to right (English) and right to left (Arabic), on a desktop and on a
//! 360 px phone, into target/screenshots/.

#[path = "../tests/support/mod.rs"]
mod support;

use fantoccini::Locator;
use hearback_core::{Origin, Survey};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use support::{eval, Browser, Options, TestApp};

/// A company's page whose embed tag takes its `data-` attributes from the page's query string.
const HOST_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Acme Cloud</title>
<style>body { font: 16px system-ui, sans-serif; margin: 0; padding: 24px 32px; background: #f4f5f7; color: #1f2328 }
main { max-width: 720px } .card { background: #fff; border-radius: 12px; padding: 16px 20px; margin: 16px 0 }</style>
</head><body><main><h1>Acme Cloud</h1><div class="card"><h2>Your dashboard</h2><p>3 projects, 12 deployments this week.</p></div>
<div id="survey" class="card"></div></main>
<script>
  const script = document.createElement('script');
  script.src = '{{HEARBACK}}/embed.js';
  for (const [key, value] of new URLSearchParams(location.search)) script.dataset[key] = value;
  document.body.append(script);
</script></body></html>"#;

fn text(en: &str, ar: &str) -> Value {
    json!({"en": en, "ar": ar})
}

fn every_kind(id: &str, mode: &str) -> Survey {
    let choice = |id: &str, en: &str, ar: &str| json!({"id": id, "label": text(en, ar)});
    serde_json::from_value(json!({
        "id": id,
        "languages": ["en", "ar"],
        "title": text("Every kind of question", "كل أنواع الأسئلة"),
        "theme": {"mode": mode},
        "questions": [
            {"id": "nps", "kind": "nps", "required": true,
             "prompt": text("How likely are you to recommend us?", "ما مدى احتمال أن توصي بنا؟")},
            {"id": "csat", "kind": "csat", "prompt": text("How satisfied are you?", "ما مدى رضاك؟"),
             "help": text("Think of your last visit.", "فكّر في زيارتك الأخيرة.")},
            {"id": "ces", "kind": "ces", "prompt": text("How easy was it?", "ما مدى سهولة ذلك؟")},
            {"id": "stars", "kind": "rating", "points": 5, "prompt": text("Rate our support", "قيّم الدعم لدينا")},
            {"id": "numbers", "kind": "rating", "points": 10, "style": "numbers",
             "prompt": text("Rate the price", "قيّم السعر"),
             "labels": {"low": text("Bad", "سيئ"), "high": text("Great", "ممتاز")}},
            {"id": "via", "kind": "single_choice", "other": true,
             "prompt": text("How did you reach us?", "كيف تواصلت معنا؟"),
             "choices": [choice("mail", "E-mail", "البريد الإلكتروني"), choice("chat", "Chat", "الدردشة")]},
            {"id": "likes", "kind": "multiple_choice", "max": 2, "other": true,
             "prompt": text("What do you like?", "ما الذي يعجبك؟"),
             "choices": [choice("speed", "Speed", "السرعة"), choice("price", "Price", "السعر"), choice("help", "Support", "الدعم")]},
            {"id": "back", "kind": "yes_no", "prompt": text("Will you come back?", "هل ستعود؟")},
            {"id": "short", "kind": "short_text", "prompt": text("Name one feature", "اذكر ميزة واحدة")},
            {"id": "grid", "kind": "matrix", "prompt": text("Rate each", "قيّم كل بند"),
             "rows": [choice("speed", "Speed", "السرعة"), choice("price", "Price", "السعر")],
             "columns": [choice("bad", "Bad", "سيئ"), choice("ok", "OK", "مقبول"), choice("good", "Good", "جيد")]},
            {"id": "more", "kind": "long_text", "prompt": text("Anything else?", "هل من شيء آخر؟")},
            {"id": "quote", "kind": "consent", "prompt": text("You may quote my comment.", "يمكنكم اقتباس تعليقي.")}
        ]
    }))
    .expect("the screenshot survey is valid")
}

/// The kinds the server renders alone, on its own pages (no wasm): a ranking, a date, pictures,
/// an information step, contact details, and a prompt that says an earlier answer back.
fn server_kinds(id: &str, mode: &str, images: &str) -> Survey {
    let choice = |id: &str, en: &str, ar: &str| json!({"id": id, "label": text(en, ar)});
    let picture =
        |id: &str, en: &str, ar: &str| json!({"id": id, "label": text(en, ar), "image": format!("{images}/{id}.svg")});
    serde_json::from_value(json!({
        "id": id,
        "languages": ["en", "ar"],
        "title": text("The server's own kinds", "أنواع الخادم"),
        "theme": {"mode": mode},
        "questions": [
            {"id": "next", "kind": "ranking", "required": true, "prompt": text("Put these in order", "رتّب هذه"),
             "choices": [choice("reports", "Faster reports", "تقارير أسرع"), choice("sso", "Single sign-on", "تسجيل دخول موحد"),
                         choice("mobile", "A mobile app", "تطبيق للجوال")]},
            {"id": "since", "kind": "date", "prompt": text("Since when?", "منذ متى؟"), "earliest": "2015-01-01", "latest": "2030-12-31"},
            {"id": "look", "kind": "picture_choice", "prompt": text("Which look?", "أي مظهر؟"),
             "choices": [picture("blue", "Blue", "أزرق"), picture("dark", "Dark", "داكن")]},
            {"id": "news", "kind": "info", "prompt": text("We ship every week", "نُطلق كل أسبوع"),
             "button": {"label": text("Read the changelog", "اقرأ سجل التغييرات"), "url": "https://example.com/changelog"}},
            {"id": "reach", "kind": "contact_details", "fields": ["name", "email", "phone"],
             "prompt": text("How can we reach you?", "كيف نصل إليك؟"),
             "purpose": text("Only to call you back about these answers.", "فقط لنعاود الاتصال بك بشأن هذه الإجابات.")},
            {"id": "why", "kind": "long_text", "prompt": text("You put {{next|that}} first: why?", "وضعت {{next|ذلك}} أولًا: لماذا؟")}
        ]
    }))
    .expect("the screenshot survey of the server's kinds is valid")
}

/// Waits for the survey in the host page's iframe to be hydrated.
async fn wait_in_frame(browser: &Browser) {
    let frame = browser.wait_for("iframe").await;
    frame.enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    browser.client.enter_parent_frame().await.unwrap();
}

#[tokio::main]
async fn main() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let app = TestApp::start_with(Options { host_page: Some(HOST_PAGE.into()), ..Options::default() }).await;
    let host = Origin::parse(app.host_url.clone()).unwrap();
    // The pictures come from an https origin that these machines cannot reach: the labels show.
    for theme in ["light", "dark"] {
        app.store.create_survey(&every_kind(theme, theme), std::slice::from_ref(&host), "screens").await.unwrap();
        let kinds = server_kinds(&format!("kinds-{theme}"), theme, "https://images.example");
        app.store.create_survey(&kinds, std::slice::from_ref(&host), "screens").await.unwrap();
    }
    let browser = Browser::start().await;
    let mut taken = 0;
    for (width, device) in [(1280, "desktop"), (360, "phone")] {
        for theme in ["light", "dark"] {
            for (lang, dir) in [("en", "ltr"), ("ar", "rtl")] {
                for mode in ["inline", "popover", "modal", "page", "page-errors"] {
                    browser.client.set_window_size(width, 900).await.unwrap();
                    let embed = |mode: &str| format!("{}/?survey={theme}&lang={lang}&mode={mode}", app.host_url);
                    match mode {
                        "inline" => {
                            browser.client.goto(&format!("{}&target=%23survey", embed("inline"))).await.unwrap();
                            wait_in_frame(&browser).await;
                        }
                        "popover" => {
                            browser.client.goto(&embed("popover")).await.unwrap();
                            wait_in_frame(&browser).await;
                            eval(&browser, "Hearback.open(); return true").await;
                        }
                        "modal" => {
                            browser.client.goto(&format!("{}&trigger=load", embed("modal"))).await.unwrap();
                            wait_in_frame(&browser).await;
                        }
                        _ => {
                            browser.client.goto(&format!("{}/s/{theme}?lang={lang}", app.url)).await.unwrap();
                            browser.wait_for("form[data-ready]").await;
                            if mode == "page-errors" {
                                browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
                                browser.wait_for("[aria-invalid=true]").await;
                            }
                        }
                    }
                    // Pages that scroll are shown whole; panels as a visitor's window shows them.
                    if matches!(mode, "inline" | "page" | "page-errors") {
                        tokio::time::sleep(Duration::from_millis(800)).await;
                        let height = eval(&browser, "return document.documentElement.scrollHeight").await;
                        let height = height.as_u64().unwrap_or(900).clamp(600, 6000) as u32 + 120;
                        browser.client.set_window_size(width, height).await.unwrap();
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let png = browser.client.screenshot().await.unwrap();
                    let name = format!("{mode}-{theme}-{dir}-{device}.png");
                    std::fs::write(out.join(&name), png).unwrap();
                    taken += 1;
                }
            }
        }
    }
    // The server's own kinds: inline in the host page, and as the page with its problems marked.
    for (width, device) in [(1280, "desktop"), (360, "phone")] {
        for theme in ["light", "dark"] {
            for (lang, dir) in [("en", "ltr"), ("ar", "rtl")] {
                for mode in ["inline", "page-errors"] {
                    browser.client.set_window_size(width, 900).await.unwrap();
                    let survey = format!("kinds-{theme}");
                    if mode == "inline" {
                        let page =
                            format!("{}/?survey={survey}&lang={lang}&mode=inline&target=%23survey", app.host_url);
                        browser.client.goto(&page).await.unwrap();
                        browser.wait_for("iframe").await.enter_frame().await.unwrap();
                        browser.wait_for(".hb-rank-items").await;
                        browser.client.enter_parent_frame().await.unwrap();
                    } else {
                        browser.client.goto(&format!("{}/s/{survey}?lang={lang}", app.url)).await.unwrap();
                        browser.wait_for(".hb-rank-items").await;
                        browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
                        browser.wait_for("[aria-invalid=true]").await;
                    }
                    tokio::time::sleep(Duration::from_millis(800)).await;
                    let height = eval(&browser, "return document.documentElement.scrollHeight").await;
                    let height = height.as_u64().unwrap_or(900).clamp(600, 6000) as u32 + 120;
                    browser.client.set_window_size(width, height).await.unwrap();
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let name = format!("kinds-{mode}-{theme}-{dir}-{device}.png");
                    std::fs::write(out.join(&name), browser.client.screenshot().await.unwrap()).unwrap();
                    taken += 1;
                }
            }
        }
    }
    browser.close().await;
    println!("{taken} screenshots in {}", out.display());
}
