//! Following results by e-mail, against a real SMTP listener on loopback: double opt-in, news
//! when results are published and when a plan moves, the unsubscribe link in every message, and
//! the address never linked to the answers.

use crate::admin::{call, me, sign_up, Who};
use crate::helpers::TestApp;
use hearback_server::http::HttpConfig;
use hearback_server::mail::{send_due, Mailer};
use hearback_server::reader_words::reader_words;
use hearback_server::store::now_millis;
use hearback_server::testing::SmtpSink;
use serde_json::json;

pub(crate) const BASE: &str = "https://feedback.acme.example";

/// The first link under `BASE` in a message's text.
fn link(text: &str, path: &str) -> String {
    let start = text.find(&format!("{BASE}{path}")).unwrap_or_else(|| panic!("no {path} link in {text}"));
    text[start..].split_whitespace().next().unwrap().to_owned()
}

/// An app that sends mail (to an SMTP listener on loopback), with its public links under `BASE`.
pub(crate) async fn with_mail() -> (TestApp, SmtpSink, Mailer) {
    let config = HttpConfig { send_mail: true, public_url: Some(BASE.into()), ..HttpConfig::default() };
    let app = TestApp::with_config(config).await;
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    (app, sink, mailer)
}

#[tokio::test]
async fn a_follower_confirms_once_hears_of_results_and_plans_and_can_leave() {
    let (app, sink, mailer) = with_mail().await;
    let deliver = || async { send_due(app.store.as_ref(), &mailer, now_millis() + 1).await.unwrap() };
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner.clone());
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "why", "kind": "long_text", "prompt": "Why?"}]}, "allowed_origins": []});
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let answer = json!({"answers": {"recommend": 4, "why": "Slow replies"}}).to_string();
    assert_eq!(app.submit("pulse", answer, None).await.status, 201);

    // Nothing to follow until the results are public.
    let early = app.post_json("/api/v1/results/pulse/follow", json!({"email": "ann@example.org"})).await;
    assert_eq!(early.status, 404);
    let publish = json!({"summary": "Replies were slow.", "visibility": "public"});
    assert_eq!(
        call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish.clone())).await.status,
        201
    );

    for bad in ["ann", "ann@", "@example.org", "ann@example", "ann @example.org"] {
        let reply = app.post_json("/api/v1/results/pulse/follow", json!({"email": bad})).await;
        assert_eq!(reply.status, 422, "{bad}");
        assert!(reply.body.contains("is not an e-mail address"), "{bad}: {}", reply.body);
    }
    let asked = app.post_json("/api/v1/results/pulse/follow", json!({"email": "Ann@Example.org"})).await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert_eq!(deliver().await, 1);
    let confirmation = sink.messages().pop().unwrap();
    assert_eq!(confirmation.to, ["<ann@example.org>"]);
    assert_eq!(
        confirmation.header("Reply-To").unwrap(),
        r#""Jo Owner" <jo@example.com>"#,
        "a person, not do-not-reply"
    );
    let confirm = link(&confirmation.text(), "/f/confirm/");
    // Asking again at once sends nothing more (an address cannot be flooded through this form),
    // says the same, and the link sent first still works (below).
    let again = app.post_json("/api/v1/results/pulse/follow", json!({"email": "ann@example.org"})).await;
    assert_eq!(again.status, 202);
    assert_eq!(again.body, asked.body);
    assert_eq!(deliver().await, 0, "no second confirmation");
    assert!(app.store.followers("pulse").await.unwrap().is_empty(), "not before confirming");
    let path = confirm.trim_start_matches(BASE);
    let page = app.get(path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!(r#"<form method="post" action="{path}">"#)), "a button, no change on GET");
    assert!(app.store.followers("pulse").await.unwrap().is_empty(), "opening the link changes nothing");
    assert_eq!(app.post_json(path, json!({})).await.status, 200);
    assert_eq!(app.store.followers("pulse").await.unwrap(), ["ann@example.org"]);
    let twice = app.post_json(path, json!({})).await;
    assert_eq!(twice.status, 410);
    assert!(twice.body.contains("Already confirmed"));
    assert_eq!(app.post_json("/f/confirm/made-up", json!({})).await.status, 404);
    // Asking again while following sends nothing and says the same.
    assert_eq!(app.post_json("/api/v1/results/pulse/follow", json!({"email": "ann@example.org"})).await.status, 202);
    assert_eq!(deliver().await, 0);

    // Publishing again and a plan moving both reach her, each with its unsubscribe link.
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    let jo_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let plan = json!({"heard": "Slow replies", "will_do": "Answer within a day", "owner": jo_id, "due": "2027-01-31"});
    let plan_id = call(&app, &jo, "POST", "/admin/api/surveys/pulse/plans", Some(plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = json!({"body": "Everyone on the team answers tickets now", "status": "in_progress"});
    assert_eq!(
        call(&app, &jo, "POST", &format!("/admin/api/surveys/pulse/plans/{plan_id}/updates"), Some(update))
            .await
            .status,
        201
    );
    // The SMTP server is down when the news goes out: it waits, and goes once it is back.
    sink.refuse(true);
    assert_eq!(deliver().await, 2, "tried during an outage");
    assert_eq!(sink.messages().len(), 1, "nothing got through");
    sink.refuse(false);
    assert_eq!(send_due(app.store.as_ref(), &mailer, now_millis() + 2_000).await.unwrap(), 2, "retried after it");
    let news = sink.messages();
    assert_eq!(news.len(), 3);
    let subjects: Vec<String> = news[1..].iter().map(|m| m.header("Subject").unwrap()).collect();
    assert!(subjects.contains(&"Pulse: results, and what we will do".to_owned()), "{subjects:?}");
    assert!(subjects.contains(&"Pulse: “Answer within a day” is in progress".to_owned()), "{subjects:?}");
    for message in &news[1..] {
        let text = message.text();
        assert!(text.contains(&format!("{BASE}/r/pulse")), "{text}");
        assert!(!text.to_lowercase().contains("do not reply") && text.contains("Jo Owner will read it"));
        link(&text, "/f/unsubscribe/");
    }
    // She leaves: no more news.
    let leave = link(&news[2].text(), "/f/unsubscribe/");
    let leave = leave.trim_start_matches(BASE);
    assert_eq!(app.get(leave).await.status, 200);
    assert_eq!(app.store.followers("pulse").await.unwrap().len(), 1, "not by opening the link");
    assert_eq!(app.post_json(leave, json!({})).await.status, 200);
    assert!(app.store.followers("pulse").await.unwrap().is_empty());
    let done = json!({"body": "Shipped", "status": "done"});
    call(&app, &jo, "POST", &format!("/admin/api/surveys/pulse/plans/{plan_id}/updates"), Some(done)).await;
    assert_eq!(deliver().await, 0, "nobody follows now");

    // The address is nowhere near the answers.
    let export = call(&app, &jo, "GET", "/admin/api/surveys/pulse/export?format=json", None).await;
    assert!(!export.body.contains("ann@example.org"));
    let responses = call(&app, &jo, "GET", "/admin/api/surveys/pulse/responses", None).await;
    assert!(!responses.body.contains("ann@example.org"));
}

#[tokio::test]
async fn an_expired_confirmation_link_says_so_and_following_without_smtp_is_a_clear_503() {
    use hearback_server::store::followers::NewFollower;
    let config = HttpConfig { send_mail: true, public_url: Some(BASE.into()), ..HttpConfig::default() };
    let app = TestApp::with_config(config).await;
    let old = NewFollower {
        id: "f-1",
        survey_id: "demo",
        email: "late@example.org",
        confirm_hash: &hearback_server::http::admin::auth::digest("old-token"),
        confirm_expires_at: now_millis() - 1,
        unsubscribe_token: "u-1",
        receipt_hash: None,
        sent_recently_if_expires_after: now_millis() + 47 * 3_600_000,
        language: "en",
    };
    let mail = hearback_server::mail::follow_confirmation("late@example.org", "Demo", None, "x", &reader_words("en"));
    app.store.follow(&old, &mail).await.unwrap();
    let expired = app.post_json("/f/confirm/old-token", json!({})).await;
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("This link has expired"), "{}", expired.body);
    assert!(app.store.followers("demo").await.unwrap().is_empty());
    // Asking again after a link expired sends a new one.
    use hearback_server::store::followers::Followed;
    let fresh = NewFollower {
        confirm_hash: &hearback_server::http::admin::auth::digest("new-token"),
        confirm_expires_at: now_millis() + 48 * 3_600_000,
        ..old.clone()
    };
    let mail =
        || hearback_server::mail::follow_confirmation("late@example.org", "Demo", None, "y", &reader_words("en"));
    assert_eq!(app.store.follow(&fresh, &mail()).await.unwrap(), Followed::Pending);
    assert_eq!(app.store.follow(&fresh, &mail()).await.unwrap(), Followed::SentRecently, "not twice at once");
    assert_eq!(app.post_json("/f/confirm/new-token", json!({})).await.status, 200);

    let no_mail = TestApp::start().await;
    let owner = sign_up(&no_mail, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner);
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}, "allowed_origins": []});
    call(&no_mail, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&no_mail, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    no_mail.submit("pulse", json!({"answers": {"recommend": 9}}).to_string(), None).await;
    call(
        &no_mail,
        &jo,
        "POST",
        "/admin/api/surveys/pulse/publication",
        Some(json!({"summary": "Thanks", "visibility": "public"})),
    )
    .await;
    let reply = no_mail.post_json("/api/v1/results/pulse/follow", json!({"email": "ann@example.org"})).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (503, "mail_unavailable".to_owned()));
}

/// The results page's follow form posted as a plain form (before its bundle has loaded, or
/// without JavaScript): a page for a person, the same confirmation e-mail, the same refusals.
#[tokio::test]
async fn the_follow_form_works_as_a_plain_post_with_pages_for_people() {
    let (app, sink, mailer) = with_mail().await;
    let deliver = || async { send_due(app.store.as_ref(), &mailer, now_millis() + 1).await.unwrap() };
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let jo = Who::Browser(owner);
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}, "allowed_origins": []});
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let post = |body: &'static str| {
        let app = &app;
        async move {
            let request = axum::http::Request::post("/r/pulse/follow")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(body))
                .unwrap();
            app.send(request).await
        }
    };

    let early = post("email=ann%40example.org").await;
    assert_eq!(early.status, 404);
    assert!(
        early.body.contains("<h1>Not followed</h1>") && early.body.contains(r#"href="/r/pulse?lang=en""#),
        "{}",
        early.body
    );
    assert_eq!(app.submit("pulse", json!({"answers": {"recommend": 4}}).to_string(), None).await.status, 201);
    let publish = json!({"summary": "Replies were slow.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);
    for (body, status) in [("email=ann", 422), ("email=", 422), ("mail=ann%40example.org", 422), ("", 422)] {
        let refused = post(body).await;
        assert_eq!(refused.status, status, "{body}: {}", refused.body);
        assert_eq!(deliver().await, 0, "{body}: nothing sent");
    }
    // In the page's language, on a page in that language.
    let german = post("email=ann&language=de").await;
    assert_eq!(german.status, 422);
    assert!(german.body.contains("<html lang=\"de\" dir=\"ltr\">"), "{}", german.body);
    assert!(german.body.contains("<h1>Nicht verfolgt</h1><p>„ann“ ist keine E-Mail-Adresse.</p>"), "{}", german.body);
    // What the person typed comes back in the reason, as text.
    let markup = post("email=%3Cb%3Eann%3C%2Fb%3E").await;
    assert_eq!(markup.status, 422);
    assert!(markup.body.contains("&lt;b&gt;ann&lt;/b&gt;") && !markup.body.contains("<b>ann"), "{}", markup.body);
    let asked = post("email=Ann%40Example.org").await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert!(asked.body.contains("<h1>Check your inbox</h1>"), "{}", asked.body);
    assert_eq!(asked.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(deliver().await, 1);
    assert_eq!(sink.messages().pop().unwrap().to, ["<ann@example.org>"]);
}

/// Found by the crash harness: on SQLite a follow request read before it wrote in a deferred
/// transaction, and was refused at once ("database is locked", 503) whenever a response was
/// committed meanwhile. Every write now takes the write lock as it begins, and waits its turn.
#[tokio::test]
async fn follows_while_responses_stream_in_are_all_accepted() {
    let (app, _sink, _mailer) = with_mail().await;
    let jo = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let definition = json!({"definition": {"id": "pulse", "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}, "allowed_origins": []});
    call(&app, &jo, "POST", "/admin/api/surveys", Some(definition)).await;
    call(&app, &jo, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    assert_eq!(app.submit("pulse", json!({"answers": {"recommend": 4}}).to_string(), None).await.status, 201);
    let publish = json!({"summary": "Replies were slow.", "visibility": "public"});
    assert_eq!(call(&app, &jo, "POST", "/admin/api/surveys/pulse/publication", Some(publish)).await.status, 201);

    let follows =
        (0..40).map(|n| app.post_json("/api/v1/results/pulse/follow", json!({"email": format!("f{n}@example.org")})));
    let answers = (0..40).map(|n| app.submit("pulse", json!({"answers": {"recommend": n % 11}}).to_string(), None));
    let (followed, answered) = tokio::join!(futures::future::join_all(follows), futures::future::join_all(answers));
    for reply in &followed {
        assert_eq!(reply.status, 202, "{}", reply.body);
    }
    assert!(answered.iter().all(|reply| reply.status == 201));
    assert_eq!(app.stored("pulse").await, 41);
}
