//! What the company wrote, in the survey's other languages: editors see which texts each
//! language lacks and translate them; the results page shows a text's current translation, else
//! the original marked "not yet translated" (never an empty block); a changed original makes its
//! translations out of date. Bad requests change nothing.

use crate::admin::{call, join, me, sign_up, Who};
use crate::helpers::TestApp;
use serde_json::{json, Value};

/// A published survey in English, German and Arabic with one plan, an update and a follow-up;
/// the owner, and the plan's id.
async fn published(app: &TestApp) -> (Who, String) {
    let owner = sign_up(app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let survey = json!({"definition": {"id": "pulse", "languages": ["en", "de", "ar"],
        "title": {"en": "How are we doing?", "de": "Wie machen wir uns?"},
        "questions": [{"id": "recommend", "kind": "nps", "required": true,
            "prompt": {"en": "Recommend us?", "de": "Empfehlen Sie uns?"}}]}, "allowed_origins": []});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys", Some(survey)).await.status, 201);
    call(app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    for score in [4, 5, 9, 10, 2, 8] {
        assert_eq!(app.submit("pulse", json!({"answers": {"recommend": score}}).to_string(), None).await.status, 201);
    }
    // One who answered through the widget holds a receipt.
    let held = json!({"answers": {"recommend": 3}, "complete": true, "sequence": 1});
    assert!(app.save("pulse", "key-ann", held).await.status.is_success());
    let jo_id = me(app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Support is slow", "questions": ["recommend"], "will_do": "Answer within a day",
                      "owner": jo_id, "due": "2031-03-31", "status": "done"});
    let made = call(app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let plan_id = made.json()["id"].as_str().unwrap().to_owned();
    let update = json!({"body": "Two more people on the phones"});
    let added =
        call(app, &jo, "POST", &format!("/admin/api/surveys/pulse/plans/{plan_id}/updates"), Some(update)).await;
    assert!(added.status.is_success(), "{}", added.body);
    let ask = json!({"question": "recommend", "prompt": "Better now?"});
    let asked = call(app, &jo, "PUT", &format!("/admin/api/surveys/pulse/plans/{plan_id}/follow-up"), Some(ask)).await;
    assert!(asked.status.is_success(), "{}", asked.body);
    let publish = json!({"summary": "We heard you.\n\nSupport was too slow.", "visibility": "public"});
    assert_eq!(call(app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    (jo, plan_id)
}

async fn translations(app: &TestApp, who: &Who) -> Value {
    let listed = call(app, who, "GET", "/admin/api/surveys/pulse/translations", None).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.json()
}

fn text<'a>(listed: &'a Value, kind: &str) -> &'a Value {
    listed["texts"].as_array().unwrap().iter().find(|t| t["kind"] == kind).unwrap_or_else(|| panic!("{kind}"))
}

#[tokio::test]
async fn translated_texts_show_in_the_readers_language_and_the_rest_as_written_marked() {
    let app = TestApp::start().await;
    let (jo, plan) = published(&app).await;

    // Every text the company wrote, each missing German and Arabic.
    let listed = translations(&app, &jo).await;
    assert_eq!(
        (listed["default_language"].clone(), listed["languages"].clone()),
        (json!("en"), json!(["en", "de", "ar"]))
    );
    let kinds: Vec<&str> = listed["texts"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["summary", "heard", "will_do", "update", "follow_up"]);
    assert!(listed["texts"].as_array().unwrap().iter().all(|t| t["missing"] == json!(["de", "ar"])), "{listed}");
    assert_eq!(text(&listed, "will_do")["original"], "Answer within a day");

    // Translated into German: the summary, the plan and its follow-up; the update is not.
    let german = json!({"texts": [
        {"kind": "summary", "subject": "pulse", "text": "Wir haben Sie gehört.\n\nDer Support war zu langsam."},
        {"kind": "heard", "subject": plan, "text": "Der Support ist langsam"},
        {"kind": "will_do", "subject": plan, "text": "Antwort innerhalb eines Tages"},
        {"kind": "follow_up", "subject": plan, "text": "Besser jetzt?"},
    ]});
    let saved = call(&app, &jo, "PUT", "/admin/api/surveys/pulse/translations/de", Some(german)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json(), json!({"saved": 4, "removed": 0, "missing": 1}));
    let listed = translations(&app, &jo).await;
    assert_eq!(text(&listed, "heard")["translations"], json!({"de": "Der Support ist langsam"}));
    assert_eq!(text(&listed, "heard")["missing"], json!(["ar"]));
    assert_eq!(text(&listed, "update")["missing"], json!(["de", "ar"]));

    let page = app.get("/r/pulse?lang=de").await.body;
    for expected in [
        r#"<p dir="auto" class="summary-text">Wir haben Sie gehört.</p>"#,
        r#"<h3 dir="auto">Antwort innerhalb eines Tages</h3>"#,
        "<bdi>Der Support ist langsam</bdi>",
        "<bdi>Besser jetzt?</bdi>",
        // The update is shown as written, in English, and says so.
        r#"<bdi lang="en">Two more people on the phones</bdi><small class="untranslated">"#,
        "Noch nicht übersetzt: hier im Original.",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    assert_eq!(page.matches("Noch nicht übersetzt").count(), 1, "only the update is untranslated");
    let json = app.get("/api/v1/results/pulse?lang=de").await.json();
    assert_eq!(json["summary"], "Wir haben Sie gehört.\n\nDer Support war zu langsam.");
    assert_eq!(
        json["untranslated"],
        json!([format!("update:{}", json["plans"][0]["updates"][0]["id"].as_str().unwrap())])
    );

    // The widget's card reads the same way, in the language the widget speaks.
    let card = app.as_respondent("GET", "/api/v1/results/pulse/receipt?lang=de", "key-ann", None).await.json();
    assert_eq!(card["title"], "Wie machen wir uns?");
    assert_eq!(
        (card["plan"]["heard"].as_str(), card["plan"]["will_do"].as_str()),
        (Some("Der Support ist langsam"), Some("Antwort innerhalb eines Tages")),
        "{card}"
    );
    assert_eq!(card["follow_ups"][0]["prompt"], "Besser jetzt?");
    let card = app.as_respondent("GET", "/api/v1/results/pulse/receipt?lang=xx", "key-ann", None).await.json();
    assert_eq!(card["follow_ups"][0]["prompt"], "Better now?", "an unknown language falls back");

    // The Atom feed: one per language, in its words and with the company's translations.
    let feed: atom_syndication::Feed = app.get("/r/pulse/feed.atom?lang=de").await.body.parse().expect("Atom");
    assert_eq!(
        (feed.title.value.as_str(), feed.lang.as_deref()),
        ("Ergebnisse und was wir tun: Wie machen wir uns?", Some("de"))
    );
    assert!(feed.id.ends_with("/r/pulse?lang=de"), "its own feed: {}", feed.id);
    let summary = feed.entries[0].content.as_ref().and_then(|c| c.value.clone()).unwrap_or_default();
    assert_eq!(
        (feed.entries[0].title.value.as_str(), summary.as_str()),
        ("Was wir gehört haben", "Wir haben Sie gehört.\n\nDer Support war zu langsam.")
    );
    assert_eq!(feed.entries[1].title.value, "Antwort innerhalb eines Tages (erledigt)");
    let plan_body = feed.entries[1].content.as_ref().and_then(|c| c.value.clone()).unwrap_or_default();
    assert!(
        plan_body.contains("Wir haben gehört: Der Support ist langsam") && plan_body.contains("fällig 2031-03-31"),
        "{plan_body}"
    );
    let english: atom_syndication::Feed = app.get("/r/pulse/feed.atom").await.body.parse().expect("Atom");
    assert!(english.id.ends_with("/r/pulse") && english.lang.as_deref() == Some("en"), "the default keeps its id");

    // Arabic has none: every text as written, marked, none empty; English readers see no marks.
    let arabic = app.get("/r/pulse?lang=ar").await.body;
    assert_eq!(arabic.matches(r#"class="untranslated""#).count(), 5, "{arabic}");
    assert!(arabic.contains(r#"<p dir="auto" lang="en" class="summary-text">We heard you.</p>"#), "{arabic}");
    assert!(arabic.contains(r#"<h3 dir="auto" lang="en">Answer within a day</h3>"#), "{arabic}");
    let english = app.get("/r/pulse?lang=en").await.body;
    assert!(!english.contains("untranslated") && english.contains("Answer within a day"), "{english}");

    // A changed original makes its translations out of date: the page shows the new original.
    let plan_uri = format!("/admin/api/surveys/pulse/plans/{plan}");
    let now = call(&app, &jo, "GET", "/admin/api/surveys/pulse/plans", None).await.json()["plans"][0].clone();
    let changed = json!({"heard": now["heard"], "questions": now["questions"], "will_do": "Answer within four hours",
                         "owner": now["owner"]["user_id"], "due": now["due"], "status": "done"});
    let put = call(&app, &jo, "PUT", &plan_uri, Some(changed)).await;
    assert!(put.status.is_success(), "{}", put.body);
    let listed = translations(&app, &jo).await;
    assert_eq!(text(&listed, "will_do")["outdated"], json!({"de": "Antwort innerhalb eines Tages"}));
    assert_eq!(text(&listed, "will_do")["missing"], json!(["de", "ar"]));
    let page = app.get("/r/pulse?lang=de").await.body;
    assert!(page.contains(r#"<h3 dir="auto" lang="en">Answer within four hours</h3>"#), "{page}");
    assert!(!page.contains("Antwort innerhalb eines Tages"));

    // An empty text removes a translation.
    let remove = json!({"texts": [{"kind": "follow_up", "subject": plan, "text": "  "}]});
    let removed = call(&app, &jo, "PUT", "/admin/api/surveys/pulse/translations/de", Some(remove)).await;
    assert_eq!(removed.json()["removed"], 1);
    assert!(app.get("/r/pulse?lang=de").await.body.contains(r#"<bdi lang="en">Better now?</bdi>"#));
}

#[tokio::test]
async fn bad_translations_are_refused_with_what_is_wrong_and_change_nothing() {
    let app = TestApp::start().await;
    let (jo, plan) = published(&app).await;
    let before = translations(&app, &jo).await;
    let good = json!({"kind": "heard", "subject": plan, "text": "Der Support ist langsam"});
    let too_long = "x".repeat(5001);
    for (language, texts, code, says) in [
        ("fr", json!([good]), "language_not_in_survey", "does not speak `fr`"),
        ("en", json!([good]), "invalid_input", "`en` is the survey's default language"),
        (
            "de",
            json!([good, {"kind": "heard", "subject": "no-such-plan", "text": "Hallo"}]),
            "invalid_input",
            "no text `heard:no-such-plan`",
        ),
        (
            "de",
            json!([good, {"kind": "summary", "subject": "other-survey", "text": "Hallo"}]),
            "invalid_input",
            "no text `summary:other-survey`",
        ),
        ("de", json!([good, good]), "invalid_input", "translated twice"),
        (
            "de",
            json!([good, {"kind": "will_do", "subject": plan, "text": too_long}]),
            "invalid_input",
            "longer than 5000",
        ),
    ] {
        let reply = call(
            &app,
            &jo,
            "PUT",
            &format!("/admin/api/surveys/pulse/translations/{language}"),
            Some(json!({"texts": texts})),
        )
        .await;
        assert_eq!(reply.status, 422, "{language} {texts}: {}", reply.body);
        let body = reply.json();
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(says), "{body}");
    }
    // An unknown kind is malformed JSON, refused before anything is read.
    let unknown = json!({"texts": [{"kind": "title", "subject": "pulse", "text": "Hallo"}]});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/translations/de", Some(unknown)).await.status, 400);
    assert_eq!(translations(&app, &jo).await, before, "nothing was kept");
    assert!(!app.get("/r/pulse?lang=de").await.body.contains("Der Support ist langsam"));

    // Viewers read the page, not the editor's translations.
    let viewer = join(
        &app,
        match &jo {
            Who::Browser(b) => b,
            _ => unreachable!(),
        },
        "vi@example.com",
        "viewer",
    )
    .await;
    let refused = call(&app, &Who::Browser(viewer), "GET", "/admin/api/surveys/pulse/translations", None).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
}

#[tokio::test]
async fn members_read_the_preview_in_any_of_the_widgets_six_languages() {
    let app = TestApp::start().await;
    let (jo, plan) = published(&app).await;
    let german = json!({"texts": [{"kind": "will_do", "subject": plan, "text": "Antwort innerhalb eines Tages"}]});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/translations/de", Some(german)).await.status, 200);
    let preview = |lang: &'static str| {
        let (app, jo) = (&app, &jo);
        async move {
            let read = call(app, jo, "GET", &format!("/admin/api/surveys/pulse/publication{lang}"), None).await;
            assert_eq!(read.status, 200, "{lang}: {}", read.body);
            read.json()["preview"].clone()
        }
    };
    // Without a language, and with one that is not the widget's: the survey's default.
    for lang in ["", "?lang=xx", "?lang=%3Cscript%3E", "?lang="] {
        let page = preview(lang).await;
        assert_eq!(
            (page["language"].as_str(), page["plans"][0]["will_do"].as_str()),
            (Some("en"), Some("Answer within a day")),
            "{lang}"
        );
        assert!(page["untranslated"].as_array().is_none_or(Vec::is_empty), "{lang}: nothing marked");
    }
    // German: the company's translation, the survey's German title, the rest marked as written.
    let page = preview("?lang=de").await;
    assert_eq!(page["language"], "de");
    assert_eq!(
        (page["title"].as_str(), page["plans"][0]["will_do"].as_str()),
        (Some("Wie machen wir uns?"), Some("Antwort innerhalb eines Tages"))
    );
    assert!(page["untranslated"].as_array().unwrap().contains(&json!(format!("heard:{plan}"))), "{page}");
    // Japanese, which the survey does not speak: the page's own words are Japanese (the admin app
    // gives them), the company's texts as written and marked, none empty.
    let page = preview("?lang=ja").await;
    assert_eq!(page["language"], "ja");
    assert_eq!(page["plans"][0]["will_do"], "Answer within a day");
    assert!(page["untranslated"].as_array().unwrap().contains(&json!(format!("will_do:{plan}"))), "{page}");
}
