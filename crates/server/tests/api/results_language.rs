//! The published results page in the reader's language: `?lang=` when the survey speaks it, else
//! the browser's first it speaks, else its default; `lang` and `dir` on the page, its own words
//! and the survey's texts in that language, a switch to the others, and an alternate link for
//! each. Unknown or junk preferences fall back, never an error page.

use crate::admin::{call, me, sign_up, Who};
use crate::helpers::TestApp;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;

async fn published(app: &TestApp) {
    let owner = sign_up(app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let survey = json!({"definition": {"id": "pulse", "languages": ["en", "de", "ar"],
        "title": {"en": "How are we doing?", "de": "Wie machen wir uns?", "ar": "كيف حالنا؟"},
        "questions": [
            {"id": "recommend", "kind": "nps", "required": true,
             "prompt": {"en": "Recommend us?", "de": "Empfehlen Sie uns?", "ar": "هل توصي بنا؟"}},
            {"id": "why", "kind": "long_text", "prompt": {"en": "Why?", "de": "Warum?", "ar": "لماذا؟"}}
        ]}, "allowed_origins": []});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(survey)).await.status, 201);
    call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    // Six answers: enough for numbers.
    for score in [4, 5, 9, 10, 2, 8] {
        let body = json!({"answers": {"recommend": score, "why": "Slow"}}).to_string();
        assert_eq!(app.submit("pulse", body, None).await.status, 201);
    }
    let jo_id = me(app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Support is slow", "questions": ["recommend"], "will_do": "Answer within a day",
                      "owner": jo_id, "due": "2031-03-31", "status": "in_progress"});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.status, 201);
    let publish = json!({"summary": "We heard you.", "visibility": "public"});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
}

async fn page(app: &TestApp, uri: &str, accept: Option<&str>) -> String {
    let mut request = Request::get(uri);
    if let Some(accept) = accept {
        request = request.header("accept-language", accept);
    }
    let reply = app.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 200, "{uri} {accept:?}: {}", reply.body);
    reply.body
}

#[tokio::test]
async fn the_results_page_speaks_the_readers_language_among_the_surveys() {
    let app = TestApp::start().await;
    published(&app).await;

    let german = page(&app, "/r/pulse?lang=de", None).await;
    for expected in [
        r#"<html lang="de" dir="ltr">"#,
        r#"<h1 dir="auto">Wie machen wir uns?</h1>"#,
        r#"<h2 id="summary-heading">Was wir gehört haben</h2>"#,
        "Aus Ihren Antworten auf:",
        "Empfehlen Sie uns?",
        r#"<p class="badge status-in_progress">in Arbeit</p>"#,
        "Inhaber",
        r#"<meta property="og:title" content="Ergebnisse und was wir tun: Wie machen wir uns?">"#,
        r#"<link rel="alternate" hreflang="ar" href="/r/pulse?lang=ar">"#,
        r#"<nav class="languages" aria-label="Sprachen">"#,
        r#"<a href="/r/pulse?lang=de" lang="de" hreflang="de" aria-current="page">Deutsch</a>"#,
        r#"<a href="/r/pulse?lang=ar" lang="ar" hreflang="ar">العربية</a>"#,
        // Numbers as German writes them.
        "6 Personen haben geantwortet.",
        "95 %-Intervall",
        "6 geantwortet · hier aufgehört: 0",
        "Kritiker",
        // The follow form, which asks for German e-mails; the bundle's words in German.
        r#"<input type="hidden" name="language" value="de">"#,
        "<button type=\"submit\">Per E-Mail verfolgen</button>",
        r#"data-words="Erfahren Sie, wie es weitergeht|Ihre E-Mail-Adresse|"#,
        r#"href="/r/pulse/feed.atom?lang=de""#,
    ] {
        assert!(german.contains(expected), "{expected} in {german}");
    }
    assert!(german.contains("We heard you."), "what the company did not translate stays as written");

    // The browser's language, when the address names none; Arabic reads right to left.
    let arabic = page(&app, "/r/pulse", Some("ar-EG,ar;q=0.9,en;q=0.5")).await;
    assert!(arabic.contains(r#"<html lang="ar" dir="rtl">"#) && arabic.contains("ما سمعناه"), "{arabic}");
    assert!(arabic.contains("فاصل ثقة 95٪") && arabic.contains("٪</td>"), "{arabic}");
    // What the company wrote keeps its own direction; dates read left to right on the Arabic page.
    assert!(arabic.contains(r#"<time dir="ltr">2031-03-31</time>"#), "{arabic}");
    // (untranslated here, so marked as English).
    assert!(arabic.contains(r#"<p dir="auto" lang="en" class="summary-text">We heard you.</p>"#), "{arabic}");
    assert!(arabic.contains(r#"<h3 dir="auto" lang="en">Answer within a day</h3>"#), "{arabic}");
    // The address's language wins over the browser's.
    assert!(page(&app, "/r/pulse?lang=de", Some("ar")).await.contains(r#"<html lang="de" dir="ltr">"#));

    // Unknown, junk and endless preferences fall back to the survey's default, never an error.
    let many = vec!["zz-ZZ"; 500].join(",") + ",de";
    for (uri, accept) in [
        ("/r/pulse?lang=xx", None),
        ("/r/pulse?lang=", Some("@@@, ;;;q=, *")),
        ("/r/pulse?lang=%3Cscript%3E", Some(many.as_str())),
        ("/r/pulse?lang=fr", Some("ja")),
    ] {
        let fallback = page(&app, uri, accept).await;
        assert!(fallback.contains(r#"<html lang="en" dir="ltr">"#), "{uri} {accept:?}");
        assert!(fallback.contains("What we heard") && !fallback.contains("<script>"), "{uri}");
    }

    // The JSON API reads the same way.
    let json = app.get("/api/v1/results/pulse?lang=ar").await.json();
    assert_eq!((json["language"].as_str(), json["title"].as_str()), (Some("ar"), Some("كيف حالنا؟")));
    assert_eq!(json["languages"], json!(["en", "de", "ar"]));
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions[1]["prompt"], "لماذا؟");
}

#[tokio::test]
async fn the_published_page_names_choices_by_their_labels_in_the_readers_language() {
    let app = TestApp::start().await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    // The demo's channel question: choices `email`, `chat`, `phone`, labelled per language.
    let english = app.get("/r/demo?lang=en").await.body;
    assert!(english.contains("Most chosen: E-mail"), "{english}");
    assert!(english.contains(">Live chat<") && english.contains(">Phone<"), "{english}");
    assert!(!english.contains(">chat<") && !english.contains(">phone<"), "ids are not shown: {english}");
    let german = app.get("/r/demo?lang=de").await.body;
    assert!(german.contains(">Live-Chat<") && german.contains(">Telefon<"), "{german}");
    let json = app.get("/api/v1/results/demo?lang=de").await.json();
    let channel = json["questions"].as_array().unwrap().iter().find(|q| q["id"] == "channel").unwrap().clone();
    assert_eq!(channel["choices"][1], json!({"id": "chat", "label": "Live-Chat"}));
}
