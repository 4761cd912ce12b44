use crate::helpers::{hidden_fields, TestApp, HOST};

fn csp(reply: &crate::helpers::Reply) -> String {
    reply.headers["content-security-policy"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_widget_page_renders_the_survey_with_a_fresh_nonce_and_a_strict_policy() {
    let app = TestApp::start().await;
    let reply = app.get(&format!("/w/demo?host={HOST}")).await;
    assert_eq!(reply.status, 200);
    let policy = csp(&reply);
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_owned();
    assert!(nonce.len() >= 32);
    assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains(&format!("frame-ancestors {HOST}")), "{policy}");
    assert!(!policy.contains("unsafe-inline"));
    // Every inline script carries the nonce, and the placeholder is gone.
    assert!(!reply.body.contains("{{__TRUNK NONCE__}}"));
    assert_eq!(reply.body.matches("<script").count(), reply.body.matches(&format!("nonce=\"{nonce}\"")).count() + 1);
    // The first question is in the page, the definition is inlined, and the host may be told.
    assert!(reply.body.contains("How likely are you to recommend Acme Cloud"));
    assert!(reply.body.contains(r#"<script type="application/json" id="survey">["demo","en","How are we doing?""#));
    assert!(reply.body.contains(&format!(r#"<main id="survey-root" data-host="{HOST}">"#)));
    assert!(reply.body.contains("<title>How are we doing?</title>"));
    assert_eq!(reply.headers["cache-control"], "no-store");
    let again = app.get("/w/demo").await;
    assert_ne!(csp(&again), policy, "a new nonce per response");
}

#[tokio::test]
async fn a_host_the_company_did_not_allow_is_never_told_anything() {
    let app = TestApp::start().await;
    let reply = app.get("/w/demo?host=https://evil.example.net").await;
    assert_eq!(reply.status, 200);
    assert!(!reply.body.contains("data-host=\""));
}

#[tokio::test]
async fn an_unknown_or_closed_survey_page_says_so() {
    let app = TestApp::start().await;
    let reply = app.get("/w/nope").await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("Survey not found"));
    app.close("demo").await;
    let reply = app.get("/w/demo").await;
    assert_eq!(reply.status, 410);
    assert!(reply.body.contains("This survey has closed"));
    assert!(!reply.body.contains("/r/demo"), "no results to offer before they are published");
}

#[tokio::test]
async fn a_closed_survey_says_so_in_the_respondents_language_and_offers_its_published_results() {
    let app = TestApp::start().await;
    let privacy = hearback_core::privacy::Privacy::default();
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap());
    app.close("demo").await;
    // The demo speaks English and German: German asked for, by the page or by the browser.
    let german = app.get("/w/demo?lang=de").await;
    let by_browser = app
        .send(
            axum::http::Request::get("/s/demo")
                .header("accept-language", "de-AT, en;q=0.5")
                .body(Default::default())
                .unwrap(),
        )
        .await;
    for reply in [&german, &by_browser] {
        assert_eq!(reply.status, 410);
        for expected in [
            r#"<html lang="de" dir="ltr">"#,
            "<title>Diese Umfrage ist beendet</title>",
            "sie nimmt keine Antworten mehr an.",
            r#"href="/r/demo?lang=de""#,
            "Ansehen, was wir gehört haben und was wir tun",
        ] {
            assert!(reply.body.contains(expected), "{expected} in {}", reply.body);
        }
    }
    // The company's sites may still frame it, so the closed survey says so where it was embedded.
    let policy = german.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors https://"), "{policy}");
    // Inside the company's page it fits its frame: it tells the host page its height.
    let framed = app.get(&format!("/w/demo?host={}", crate::helpers::HOST)).await;
    assert!(framed.body.contains(&format!(r#"data-host="{}""#, crate::helpers::HOST)), "{}", framed.body);
    assert!(framed.body.contains("hearback:'resize'"), "{}", framed.body);
    // A language the survey does not speak, or junk: its default, never an error page.
    for lang in ["ja", "%3Cscript%3E", ""] {
        let reply = app.get(&format!("/w/demo?lang={lang}")).await;
        assert_eq!(reply.status, 410, "{lang}");
        assert!(
            reply.body.contains("This survey has closed") && reply.body.contains(r#"href="/r/demo?lang=en""#),
            "{lang}"
        );
    }
    // A plain form posted to it (a page left open) gets the same page, nothing stored.
    let before = app.stored("demo").await;
    let post = axum::http::Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", "de")
        .body(axum::body::Body::from("recommend=7"))
        .unwrap();
    let reply = app.send(post).await;
    assert_eq!(reply.status, 410);
    assert!(reply.body.contains("Diese Umfrage ist beendet"), "{}", reply.body);
    assert_eq!(app.stored("demo").await, before);
}

#[tokio::test]
async fn the_plain_form_post_stores_a_response_and_redirects_to_the_thanks() {
    let app = TestApp::start().await;
    let request = axum::http::Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("recommend=7&channel=phone&comment=ok"))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.headers["location"], "/w/demo/thanks?lang=en");
    assert_eq!(app.stored("demo").await, 1);
    // The thank-you links to the results, in the respondent's language.
    let thanks = app.get("/w/demo/thanks?lang=de").await;
    assert_eq!(thanks.status, 200);
    assert!(thanks.body.contains("<h2>Vielen Dank!</h2>"), "{}", thanks.body);
    assert!(thanks.body.contains(r#"<p class="hb-loop"><!><a href="/r/demo?lang=de" target="_blank" rel="noopener" class="hb-open">Verfolgen, was daraus wird</a></p>"#), "{}", thanks.body);
}

#[tokio::test]
async fn an_invalid_plain_form_post_is_explained_and_stores_nothing() {
    let app = TestApp::start().await;
    let request = axum::http::Request::post("/w/demo")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("recommend=11"))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 422);
    // The form again, the problem marked at its question, the answer filled back in.
    assert!(reply.body.contains("Please check the questions marked below."), "{}", reply.body);
    assert!(reply.body.contains(r#"aria-invalid="true" data-question="recommend""#), "{}", reply.body);
    assert!(
        reply.body.contains(r#"<p id="recommend-error" class="hb-error">This answer is not valid.</p>"#),
        "{}",
        reply.body
    );
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn without_javascript_logic_shows_follow_up_questions_on_a_next_page() {
    let app = TestApp::start().await;
    let first = app.get("/w/demo").await;
    let hidden = hidden_fields(&first.body);
    assert!(hidden.contains("_seen=recommend%2Csupport%2Cchannel%2Ccomment%2Cquote"), "{hidden}");
    assert!(first.body.contains(r#"data-question="wrong" hidden"#), "the follow-up starts hidden");

    // A low score: the follow-up comes on a page of its own, the score filled back in.
    let next = app.post_form("/w/demo", &format!("{hidden}&recommend=3&comment=slow")).await;
    assert_eq!(next.status, 200);
    assert!(next.body.contains("Your answers call for a few more questions below."), "{}", next.body);
    assert!(!next.body.contains(r#"data-question="wrong" hidden"#), "the follow-up is shown");
    assert!(next.body.contains(r#"value="3" checked"#), "{}", next.body);
    assert!(next.body.contains(">slow</textarea>"));
    assert!(next.body.contains("2 of 7 answered"), "the progress counts the answers filled back in");
    assert_eq!(app.stored("demo").await, 0, "nothing stored until the last page");

    // That page's post is stored, once however often it is sent; the same key with other answers
    // is refused.
    let hidden = hidden_fields(&next.body);
    assert!(hidden.contains("wrong"), "{hidden}");
    let last = format!("{hidden}&recommend=3&comment=slow&wrong=too+slow");
    for _ in 0..2 {
        let done = app.post_form("/w/demo", &last).await;
        assert_eq!(
            (done.status.as_u16(), &done.headers["location"]),
            (303, &"/w/demo/thanks?lang=en".parse::<axum::http::HeaderValue>().unwrap())
        );
    }
    assert_eq!(app.stored("demo").await, 1);
    let changed = app.post_form("/w/demo", &format!("{hidden}&recommend=4&comment=slow&wrong=too+slow")).await;
    assert_eq!(changed.status, 422);
    assert!(changed.body.contains("already received"));
    assert_eq!(app.stored("demo").await, 1);
}

#[tokio::test]
async fn a_plain_form_page_keeps_its_language_and_marks_a_missing_answer() {
    let app = TestApp::start().await;
    let first = app.get("/w/demo?lang=de").await;
    let hidden = hidden_fields(&first.body);
    assert!(hidden.contains("_lang=de"), "{hidden}");
    let reply = app.post_form("/w/demo", &format!("{hidden}&comment=x")).await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains(r#"<html lang="de""#));
    assert!(reply.body.contains("Bitte prüfen Sie die markierten Fragen."), "{}", reply.body);
    assert!(reply.body.contains(">x</textarea>"));
    assert_eq!(app.stored("demo").await, 0);
}

#[tokio::test]
async fn the_page_speaks_the_host_pages_language_then_the_browsers() {
    let app = TestApp::start().await;
    let german = app.get("/w/demo?lang=de").await;
    assert!(german.body.contains(r#"<html lang="de" dir="ltr">"#), "{}", &german.body[..200]);
    assert!(german.body.contains("Wie machen wir uns?") && german.body.contains("Senden"));
    let request = axum::http::Request::get("/w/demo")
        .header("accept-language", "fr-FR,de-AT;q=0.8,en;q=0.5")
        .body(axum::body::Body::empty())
        .unwrap();
    let browser = app.send(request).await;
    assert!(browser.body.contains(r#"lang="de""#), "the survey has no French; German is the browser's next choice");
    let unknown = app.get("/w/demo?lang=ja").await;
    assert!(unknown.body.contains(r#"lang="en""#) && unknown.body.contains(">Send<"));
}

#[tokio::test]
async fn an_arabic_survey_is_laid_out_right_to_left_in_arabic() {
    let app = TestApp::start().await;
    app.create(
        serde_json::json!({"id": "ar", "languages": ["ar", "en"], "title": {"ar": "كيف حالنا؟", "en": "How are we?"},
        "questions": [{"id": "nps", "kind": "nps", "prompt": {"ar": "هل توصي بنا؟", "en": "Recommend?"}}]}),
    )
    .await;
    let page = app.get("/w/ar").await;
    assert!(page.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.body.contains("إرسال") && page.body.contains("غير محتمل على الإطلاق"));
}

#[tokio::test]
async fn a_theme_is_written_into_custom_properties_under_the_nonce() {
    let app = TestApp::start().await;
    app.create(
        serde_json::json!({"id": "brand", "title": "T", "theme": {"brand": "#0b5fff", "radius": 2, "mode": "dark"},
        "questions": [{"id": "nps", "kind": "nps", "prompt": "Recommend?"}]}),
    )
    .await;
    let page = app.get("/w/brand").await;
    let policy = csp(&page);
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap();
    assert!(policy.contains(&format!("style-src 'self' 'nonce-{nonce}'")), "{policy}");
    assert!(page
        .body
        .contains(&format!(r#"<style nonce="{nonce}">html:root{{--hb-brand:#0b5fff;--hb-radius:2px;}}</style>"#)));
    assert!(page.body.contains(r#"data-theme="dark""#));
}

#[tokio::test]
async fn the_full_page_link_works_without_a_host_and_cannot_be_framed() {
    let app = TestApp::start().await;
    let page = app.get(&format!("/s/demo?host={HOST}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<main id="survey-root" class="hb-page">"#));
    assert!(csp(&page).contains("frame-ancestors 'none'"));
    assert_eq!(app.get("/s/nope").await.status, 404);
}

#[tokio::test]
async fn in_a_panel_the_page_has_its_own_close_button_in_the_respondents_language() {
    let app = TestApp::start().await;
    let panel = app.get(&format!("/w/demo?host={HOST}&panel=1&lang=de")).await;
    assert!(
        panel.body.contains(
            r#"<header class="hb-bar"><button type="button" aria-label="Umfrage schließen" class="hb-close">"#
        ),
        "{}",
        panel.body
    );
    assert!(panel.body.contains(r#"class="hb-closable""#));
    // Inline, or with no host page allowed to close it, there is nothing to close.
    assert!(!app.get(&format!("/w/demo?host={HOST}")).await.body.contains(r#"class="hb-close""#));
    assert!(!app.get("/w/demo?panel=1").await.body.contains(r#"class="hb-close""#));
}

#[tokio::test]
async fn the_surveys_sampling_and_recontact_wait_reach_the_page_and_the_embed_can_narrow_them() {
    let app = TestApp::start().await;
    app.create(serde_json::json!({"id": "sampled", "title": "T", "sampling": 40, "recontact_days": 30,
        "questions": [{"id": "nps", "kind": "nps", "prompt": "Recommend?"}]}))
        .await;
    let page = app.get(&format!("/w/sampled?host={HOST}")).await;
    assert!(page.body.contains(r#"data-quiet-days="30" data-sample="40""#), "the survey's own settings");
    let page = app.get(&format!("/w/sampled?host={HOST}&days=90")).await;
    assert!(page.body.contains(r#"data-quiet-days="90""#), "the embed's data-days wins on its page");
    let demo = app.get(&format!("/w/demo?host={HOST}")).await;
    assert!(demo.body.contains(r#"data-quiet-days="0" data-sample="100""#), "by default: every visit, asked again");
}

#[tokio::test]
async fn the_page_carries_the_promised_day_and_the_you_said_we_did_card_in_the_respondents_language() {
    let app = TestApp::start().await;
    app.create(serde_json::json!({"id": "promised", "title": {"en": "Pulse <Q4>", "de": "Puls <Q4>"},
        "languages": ["en", "de"], "publish_by": "2027-01-31",
        "questions": [{"id": "n", "kind": "nps", "prompt": {"en": "Recommend?", "de": "Empfehlen?"}}]}))
        .await;
    let page = app.get("/w/promised?lang=de").await.body;
    // Hidden until the page script knows there is something to show (an answer, or news).
    assert!(
        page.contains(r#"<aside hidden aria-labelledby="hb-news-title" data-thanks="Vielen Dank!" data-statuses="geplant|in Arbeit|erledigt|wird nicht umgesetzt" data-answer="Ihre Antwort an {owner}" data-resolved="Haben wir es gelöst?" class="hb-news">"#),
        "{page}"
    );
    assert!(page.contains("Die Ergebnisse von „Puls &lt;Q4&gt;“ sind da"), "the title escaped, in German");
    assert!(page.contains(r#"<p hidden class="hb-loop">Die Ergebnisse sind bis zum <time datetime="2027-01-31">2027-01-31</time> versprochen.<!> <a href="/r/promised?lang=de" target="_blank" rel="noopener" class="hb-open">Verfolgen, was daraus wird</a></p>"#), "{page}");
    let without = app.get("/w/demo").await.body;
    assert!(
        without.contains(r#"<p hidden class="hb-loop"><!><a href="/r/demo?lang=en""#),
        "no day promised: the link alone"
    );
}
