//! Following in one's own language: the language a follower asks in (one of the survey's; else
//! the browser's, else the default) is kept with the subscription, and the confirmation, every
//! notice, their links and the confirm and unsubscribe pages speak it, with the company's
//! translations. A language the survey lacks falls back, never an error.

use crate::admin::{call, me, sign_up, Who};
use crate::follow::{with_mail, BASE};
use hearback_server::mail::send_due;
use hearback_server::store::now_millis;
use serde_json::json;

#[tokio::test]
async fn each_follower_hears_in_the_language_they_asked_in() {
    let (app, sink, mailer) = with_mail().await;
    let deliver = || async { send_due(app.store.as_ref(), &mailer, now_millis() + 1).await.unwrap() };
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let definition = json!({"definition": {"id": "pulse", "languages": ["en", "de", "ar"],
        "title": {"en": "How are we doing?", "de": "Wie machen wir uns?", "ar": "كيف حالنا؟"},
        "questions": [{"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]},
        "allowed_origins": []});
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    assert_eq!(app.submit("pulse", json!({"answers": {"recommend": 4}}).to_string(), None).await.status, 201);
    let publish = json!({"summary": "Replies were slow.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);

    // Ann asks in German, Bob's browser speaks Arabic, Cat asks in a language the survey lacks.
    let asked =
        app.post_json("/api/v1/results/pulse/follow", json!({"email": "ann@example.org", "language": "de"})).await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert_eq!(
        asked.json()["message"],
        "Sehen Sie in Ihr Postfach: Bestätigen Sie mit dem Link, den wir geschickt haben."
    );
    let request = axum::http::Request::post("/api/v1/results/pulse/follow")
        .header("content-type", "application/json")
        .header("accept-language", "ar-EG,ar;q=0.9")
        .body(axum::body::Body::from(json!({"email": "bob@example.org"}).to_string()))
        .unwrap();
    assert_eq!(app.send(request).await.status, 202);
    let cat =
        app.post_json("/api/v1/results/pulse/follow", json!({"email": "cat@example.org", "language": "xx-<b>"})).await;
    assert_eq!(cat.status, 202, "an unknown language falls back: {}", cat.body);
    assert_eq!(deliver().await, 3);
    let to = |who: &str| {
        let all = sink.messages();
        all.into_iter().filter(|m| m.to == [format!("<{who}>")]).collect::<Vec<_>>()
    };
    let ann = to("ann@example.org").pop().unwrap();
    assert_eq!(ann.header("Subject").unwrap(), "Bitte bestätigen: Neuigkeiten zu „Wie machen wir uns?“");
    assert!(ann.text().starts_with("Hallo,") && ann.text().contains("— Jo Owner"), "{}", ann.text());
    let bob = to("bob@example.org").pop().unwrap();
    assert_eq!(bob.header("Subject").unwrap(), "للتأكيد: أخبار «كيف حالنا؟»");
    assert_eq!(
        to("cat@example.org").pop().unwrap().header("Subject").unwrap(),
        "Confirm: news about “How are we doing?”"
    );

    // Each confirms on a page in their language.
    for (message, lang, button) in [(&ann, "de", "Bestätigen"), (&bob, "ar", "تأكيد")] {
        let text = message.text();
        let start = text.find(&format!("{BASE}/f/confirm/")).unwrap();
        let path = text[start..].split_whitespace().next().unwrap().trim_start_matches(BASE).to_owned();
        let page = app.get(&path).await.body;
        let dir = if lang == "ar" { "rtl" } else { "ltr" };
        assert!(page.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)) && page.contains(button), "{page}");
        assert_eq!(app.post_json(&path, json!({})).await.status, 200);
    }
    let cat_text = to("cat@example.org").pop().unwrap().text();
    let start = cat_text.find(&format!("{BASE}/f/confirm/")).unwrap();
    let path = cat_text[start..].split_whitespace().next().unwrap().trim_start_matches(BASE).to_owned();
    assert_eq!(app.post_json(&path, json!({})).await.status, 200);

    // A plan moves: one message each, in their language, with the company's German words.
    let jo_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Slow replies", "will_do": "Answer within a day", "owner": jo_id, "due": "2027-01-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let german = json!({"texts": [{"kind": "will_do", "subject": plan_id, "text": "Antwort innerhalb eines Tages"}]});
    assert_eq!(call(&app, &jo, "PUT", "/admin/api/surveys/pulse/translations/de", Some(german)).await.status, 200);
    let update = json!({"body": "Everyone answers tickets now", "status": "in_progress"});
    let uri = format!("/admin/api/surveys/pulse/plans/{plan_id}/updates");
    assert_eq!(call(&app, &jo, "POST", &uri, Some(update)).await.status, 201);
    assert_eq!(deliver().await, 3, "one message per follower");
    let ann = to("ann@example.org").pop().unwrap();
    assert_eq!(ann.header("Subject").unwrap(), "Wie machen wir uns?: „Antwort innerhalb eines Tages“ – in Arbeit");
    let text = ann.text();
    for expected in [
        "Neues zu dem, was wir versprochen haben: „Antwort innerhalb eines Tages“ – jetzt in Arbeit.",
        "Everyone answers tickets now",
        &format!("{BASE}/r/pulse?lang=de"),
        "Sie verfolgen diese Ergebnisse per E-Mail. Abbestellen:",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let bob = to("bob@example.org").pop().unwrap();
    assert_eq!(bob.header("Subject").unwrap(), "كيف حالنا؟: «Answer within a day» قيد التنفيذ");
    assert!(bob.text().contains(&format!("{BASE}/r/pulse?lang=ar")), "{}", bob.text());
    let cat = to("cat@example.org").pop().unwrap();
    assert_eq!(cat.header("Subject").unwrap(), "How are we doing?: “Answer within a day” is in progress");

    // Her unsubscribe link (and List-Unsubscribe) opens a German page, and leaving says so in German.
    let leave = ann.header("List-Unsubscribe").unwrap();
    let leave = leave.trim_matches(|c| c == '<' || c == '>').trim_start_matches(BASE).to_owned();
    assert!(text.contains(&format!("{BASE}{leave}")), "the same link in the text");
    let page = app.get(&leave).await.body;
    assert!(page.contains(r#"<html lang="de" dir="ltr">"#) && page.contains("Keine E-Mails mehr?"), "{page}");
    let left = app.post_json(&leave, json!({})).await;
    assert!(left.status == 200 && left.body.contains("<h1>Abbestellt</h1>"), "{}", left.body);
    // An unknown link answers in the browser's language.
    let request = axum::http::Request::get("/f/unsubscribe/made-up")
        .header("accept-language", "fr")
        .body(axum::body::Body::empty())
        .unwrap();
    let unknown = app.send(request).await;
    assert!(unknown.body.contains(r#"<html lang="fr" dir="ltr">"#), "{}", unknown.body);
}
