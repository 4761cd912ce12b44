//! End to end, the survey experience: logic, right-to-left, resume, modal mode with a trigger and
//! "don't ask again", known customers through the embed, and accessibility of every kind.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use hearback_core::{Origin, Survey};
use serde_json::{json, Value};
use std::time::Duration;
use support::{click, eval, eventually, text_of, Browser, Options, TestApp};

async fn create(app: &TestApp, definition: Value) {
    let survey: Survey = serde_json::from_value(definition).unwrap();
    let host = Origin::parse(app.host_url.clone()).unwrap();
    app.store.create_survey(&survey, &[host], "e2e-secret").await.unwrap();
}

#[tokio::test]
async fn logic_asks_the_follow_up_only_for_a_low_score() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    let follow_up_hidden = "return document.querySelector('[data-question=wrong]').hidden";
    assert_eq!(eval(&browser, follow_up_hidden).await, true);
    click(&browser, "input[name=recommend][value='3']").await;
    assert_eq!(eval(&browser, follow_up_hidden).await, false, "an NPS of 3 asks what went wrong");
    assert_eq!(
        eval(&browser, "return document.querySelector('.hb-progress span').textContent").await,
        "1 of 7 answered"
    );
    click(&browser, "input[name=recommend][value='9']").await;
    assert_eq!(eval(&browser, follow_up_hidden).await, true, "a 9 does not");
    browser.close().await;
}

#[tokio::test]
async fn an_arabic_survey_reads_right_to_left_and_stays_accessible() {
    let app = TestApp::start().await;
    create(
        &app,
        json!({"id": "ar", "languages": ["ar"], "title": "كيف حالنا؟", "questions": [
            {"id": "nps", "kind": "nps", "prompt": "ما مدى احتمال أن توصي بنا؟", "required": true},
            {"id": "why", "kind": "long_text", "prompt": "لماذا؟"}]}),
    )
    .await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/ar", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    let layout = eval(
        &browser,
        "const o = [...document.querySelectorAll('.hb-nps .hb-option')].map(e => e.getBoundingClientRect().x);
         return { dir: getComputedStyle(document.documentElement).direction, zero: o[0], ten: o[10],
                  send: document.querySelector('.hb-send').textContent };",
    )
    .await;
    assert_eq!(layout["dir"], "rtl");
    assert!(layout["zero"].as_f64() > layout["ten"].as_f64(), "0 sits on the right: {layout}");
    assert_eq!(layout["send"], "إرسال");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
async fn the_contact_question_speaks_each_language_binds_its_purpose_and_stays_accessible() {
    use hearback_web::widget::strings::{contact_strings, LANGUAGES};
    let app = TestApp::start().await;
    let prompt: serde_json::Map<String, Value> =
        LANGUAGES.iter().map(|l| (l.to_string(), json!(format!("May we contact you? ({l})")))).collect();
    create(
        &app,
        json!({"id": "talk", "languages": LANGUAGES, "title": "Talk", "questions": [
            {"id": "nps", "kind": "nps", "prompt": "Recommend?", "required": true},
            {"id": "reach", "kind": "contact", "prompt": prompt}]}),
    )
    .await;
    let browser = Browser::start().await;
    for language in LANGUAGES {
        browser.client.goto(&format!("{}/w/talk?lang={language}", app.url)).await.unwrap();
        browser.wait_for("form[data-ready]").await;
        let words = contact_strings(language);
        let shown = eval(
            &browser,
            "const q = document.querySelector('.hb-contact');
             return { purpose: q.querySelector('.hb-hint').textContent,
                      options: [...q.querySelectorAll('.hb-option span')].map(s => s.textContent),
                      address: getComputedStyle(q.querySelector('.hb-address')).display };",
        )
        .await;
        assert_eq!(shown["purpose"], words.purpose, "{language}");
        assert_eq!(shown["options"], json!([words.no, words.here, words.email]), "{language}");
        assert_eq!(shown["address"], "none", "{language}: no address box until e-mail is chosen");
        assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "{language}");
    }
    // Chosen, the box shows; an address that is not one is marked in the respondent's language.
    click(&browser, "input[name=nps][value='4']").await;
    click(&browser, "input[name=reach][value=email]").await;
    let address = browser.wait_for("input[name='reach.email']").await;
    assert!(address.is_displayed().await.unwrap());
    address.send_keys("ann@").await.unwrap();
    click(&browser, ".hb-send").await;
    browser.wait_for(".hb-contact[aria-invalid=true]").await;
    let error = eval(&browser, "return document.querySelector('#reach-error').textContent").await;
    assert_eq!(error, "أدخل بريدًا إلكترونيًا صالحًا، أو اختر طريقة أخرى.");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the marked question, in Arabic");
    // What the widget saved on the way (the score) is kept; nothing finished, no address.
    let stored = app.store.responses(&hearback_core::Slug::parse("talk").unwrap()).await.unwrap();
    assert!(stored.iter().all(|r| !r.complete && !format!("{:?}", r.raw).contains('@')), "{stored:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_respondent_who_comes_back_continues_where_they_stopped() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    let page = format!("{}/w/demo", app.url);
    browser.client.goto(&page).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    click(&browser, "input[name=recommend][value='9']").await;
    click(&browser, "input[name=channel][value=chat]").await;
    eventually(async || app.results("demo").await["questions"][3]["answered"] == 1, "the partial save").await;

    browser.client.goto(&page).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    let restored = eval(
        &browser,
        "return [document.querySelector('input[name=recommend][value=\"9\"]').checked,
                 document.querySelector('input[name=channel][value=chat]').checked,
                 document.querySelector('.hb-progress span').textContent]",
    )
    .await;
    assert_eq!(restored, json!([true, true, "2 of 6 answered"]));
    click(&browser, ".hb-send").await;
    browser.wait_for(".hb-widget[data-state=done]").await;
    let results = app.results("demo").await;
    assert_eq!((results["responses"].as_u64(), results["completed"].as_u64()), (Some(1), Some(1)), "{results}");
    browser.close().await;
}

const MODAL_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Shop</title></head><body>
<main><h1>Shop</h1><p>Welcome.</p></main>
<script>window.__events = [];</script>
<script src="{{HEARBACK}}/embed.js" data-survey="demo" data-mode="modal" data-trigger="delay" data-delay="1" data-days="30"></script>
<script>['open', 'close', 'complete'].forEach(n => Hearback.on(n, () => __events.push(n)));</script>
</body></html>"#;

#[tokio::test]
async fn a_modal_opens_after_a_delay_closes_on_escape_and_is_not_shown_again_for_the_days_set() {
    let app = TestApp::start_with(Options { host_page: Some(MODAL_PAGE.into()), ..Options::default() }).await;
    let browser = Browser::start().await;
    browser.client.goto(&app.host_url).await.unwrap();
    let visible = support::PANEL_OPEN;
    assert_eq!(eval(&browser, visible).await, false, "nothing shows before the delay");
    eventually(async || eval(&browser, visible).await == true, "the modal opening").await;
    let dialog =
        eval(&browser, "const d = document.querySelector('[role=dialog]'); return d.getAttribute('aria-modal')").await;
    assert_eq!(dialog, "true");
    // Focus is in the survey (a cross-origin iframe); Escape there closes the modal.
    let frame = browser.wait_for("#hearback-panel iframe").await;
    frame.enter_frame().await.unwrap();
    browser.wait_for("form[data-ready]").await;
    browser.press([Key::Escape.into()]).await;
    browser.client.enter_parent_frame().await.unwrap();
    eventually(async || eval(&browser, visible).await == false, "Escape closing the modal").await;
    assert_eq!(eval(&browser, "return __events").await, json!(["open", "close"]));

    // Dismissed: the next visit within 30 days is left alone.
    browser.client.goto(&app.host_url).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(eval(&browser, visible).await, false, "not asked again after a dismissal");
    browser.close().await;
}

const INLINE_PAGE: &str = r##"<!doctype html><html lang="en"><head><title>Shop</title></head><body><main id="f"></main>
<script src="{{HEARBACK}}/embed.js" data-survey="demo" data-mode="inline" data-target="#f"></script></body></html>"##;

#[tokio::test]
async fn a_customer_identified_by_the_host_page_is_stored_verified_and_a_forged_or_expired_one_is_not() {
    // Signed by the company; forged; signed but expired (2001).
    for (signed_by_company, expires, verified) in
        [(true, 4102444800i64, 1), (false, 4102444800, 0), (true, 1e9 as i64, 0)]
    {
        let app = TestApp::start_with(Options { host_page: Some(INLINE_PAGE.into()), ..Options::default() }).await;
        let secret = app.store.survey("demo").await.unwrap().unwrap().identity_secret;
        let secret = if signed_by_company { secret } else { "forged".to_owned() };
        let payload = json!({"id": "c-7", "attributes": {"plan": "pro"}, "exp": expires}).to_string();
        let token = hearback_server::identity::sign(&payload, &secret);
        let browser = Browser::start().await;
        browser.client.goto(&app.host_url).await.unwrap();
        browser.wait_for("#f iframe").await;
        // A single-page app learns who the user is after the page loaded.
        browser.client.execute("Hearback.identify({ token: arguments[0] })", vec![json!(token)]).await.unwrap();
        let frame = browser.wait_for("#f iframe").await;
        frame.enter_frame().await.unwrap();
        eventually(
            async || {
                eval(
                    &browser,
                    "return !!document.querySelector('form[data-ready]') && location.search.includes('customer=')",
                )
                .await
                    == true
            },
            "the widget reloading with the customer",
        )
        .await;
        click(&browser, "input[name=recommend][value='10']").await;
        click(&browser, ".hb-send").await;
        browser.wait_for(".hb-widget[data-state=done]").await;
        let pro = app.counted("demo", "v:true").await;
        assert_eq!(
            pro["completed"], verified,
            "signed with the survey's secret: {signed_by_company}, expires {expires}"
        );
        assert_eq!(app.results("demo").await["completed"], 1, "the response is stored either way");
        browser.close().await;
    }
}

#[tokio::test]
async fn every_question_kind_has_no_accessibility_violations_in_light_and_dark() {
    let app = TestApp::start().await;
    let questions = json!([
        {"id": "nps", "kind": "nps", "prompt": "Recommend?", "required": true},
        {"id": "csat", "kind": "csat", "prompt": "Satisfied?", "help": "Think of your last visit."},
        {"id": "ces", "kind": "ces", "prompt": "Easy?"},
        {"id": "stars", "kind": "rating", "prompt": "Stars?", "points": 5},
        {"id": "numbers", "kind": "rating", "prompt": "Numbers?", "points": 10, "style": "numbers", "labels": {"low": "Bad", "high": "Great"}},
        {"id": "via", "kind": "single_choice", "prompt": "Via?", "other": true, "choices": [{"id": "mail", "label": "Mail"}, {"id": "chat", "label": "Chat"}]},
        {"id": "likes", "kind": "multiple_choice", "prompt": "Likes?", "max": 2, "shuffle": true, "other": true,
         "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
        {"id": "back", "kind": "yes_no", "prompt": "Come back?"},
        {"id": "short", "kind": "short_text", "prompt": "Name a feature"},
        {"id": "grid", "kind": "matrix", "prompt": "Rate", "rows": [{"id": "speed", "label": "Speed"}, {"id": "price", "label": "Price"}],
         "columns": [{"id": "bad", "label": "Bad"}, {"id": "ok", "label": "OK"}, {"id": "good", "label": "Good"}]},
        {"id": "more", "kind": "long_text", "prompt": "More?"},
        {"id": "quote", "kind": "consent", "prompt": "You may quote me."}
    ]);
    create(&app, json!({"id": "light", "title": "Every kind", "questions": questions})).await;
    create(&app, json!({"id": "dark", "title": "Every kind", "theme": {"mode": "dark"}, "questions": questions})).await;
    let browser = Browser::start().await;
    for survey in ["light", "dark"] {
        browser.client.goto(&format!("{}/w/{survey}", app.url)).await.unwrap();
        browser.wait_for("form[data-ready]").await;
        assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "{survey}");
        click(&browser, ".hb-send").await;
        browser.wait_for("[aria-invalid=true]").await;
        assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "{survey}, with errors");
    }
    // Every kind can be answered and is counted.
    click(&browser, "input[name=nps][value='8']").await;
    click(&browser, "input[name=likes][value=other]").await;
    browser.client.find(Locator::Css("input[name='likes.other']")).await.unwrap().send_keys("D").await.unwrap();
    click(&browser, "input[name='grid.speed'][value=good]").await;
    click(&browser, "input[name='grid.price'][value=ok]").await;
    click(&browser, "input[name=quote]").await;
    click(&browser, ".hb-send").await;
    browser.wait_for(".hb-widget[data-state=done]").await;
    let results = app.results("dark").await;
    assert_eq!(results["completed"], 1, "{results}");
    assert_eq!(results["questions"][6]["other"], 1);
    assert_eq!(results["questions"][9]["rows"][0][1], json!([["bad", 0], ["ok", 0], ["good", 1]]));
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_a_low_score_brings_the_follow_up_on_a_next_page() {
    let app = TestApp::start().await;
    let browser = Browser::without_javascript().await;
    browser.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    let follow_up = Locator::Css("[data-question=wrong]");
    assert!(!browser.client.find(follow_up).await.unwrap().is_displayed().await.unwrap());
    click(&browser, "input[name=recommend][value='2']").await;
    support::take_a_moment().await;
    click(&browser, ".hb-send").await;

    // The next page: the follow-up shown, the score kept, nothing stored yet.
    browser.wait_for(".hb-survey[method=post]").await;
    let message = browser.wait_for(".hb-form-error").await;
    assert_eq!(message.text().await.unwrap(), "Thank you. Your answers call for a few more questions below.");
    assert!(browser.client.find(follow_up).await.unwrap().is_displayed().await.unwrap());
    assert!(browser
        .client
        .find(Locator::Css("input[name=recommend][value='2']"))
        .await
        .unwrap()
        .is_selected()
        .await
        .unwrap());
    assert_eq!(app.stored_responses("demo").await, 0);
    browser.client.find(Locator::Css("textarea[name=wrong]")).await.unwrap().send_keys("Slow pages").await.unwrap();
    click(&browser, ".hb-send").await;

    let thanks = format!("{}/w/demo/thanks?lang=en", app.url);
    browser.client.wait().at_most(Duration::from_secs(15)).for_url(&thanks.parse().unwrap()).await.unwrap();
    let results = app.results("demo").await;
    assert_eq!(results["completed"], 1);
    assert_eq!(results["questions"][0]["detractors"], 1);
    assert_eq!(results["questions"][1]["comments"], 1, "the follow-up's answer is stored: {results}");
    browser.close().await;
}

/// A survey in English, German, Japanese and Arabic that Acme published with a plan, six people
/// having answered (enough for numbers).
async fn published_in_four_languages(app: &TestApp) {
    use hearback_server::store::accounts::NewAccount;
    use hearback_server::store::audit::{Audit, AuditAction};
    use hearback_server::store::publications::{Publication, Visibility};
    use hearback_server::store::Imported;
    let store = app.store.as_ref();
    let survey: Survey = serde_json::from_value(json!({"id": "talk", "languages": ["en", "de", "ja", "ar"],
        "title": {"en": "How are we doing?", "de": "Wie machen wir uns?", "ja": "私たちの評価は？", "ar": "كيف حالنا؟"},
        "questions": [{"id": "recommend", "kind": "nps", "required": true, "prompt": {"en": "Would you recommend us?",
            "de": "Würden Sie uns empfehlen?", "ja": "私たちを勧めますか？", "ar": "هل توصي بنا؟"}}]}))
    .unwrap();
    let (user, organization) = ("u-dana", "o-acme");
    let audit = |action, object: &str| Audit::system(Some(organization), "test", action, object);
    let account = NewAccount {
        user_id: user,
        email: "dana@acme.example",
        name: "Dana Reyes",
        password_hash: "unused",
        organization_id: organization,
        organization_name: "Acme",
    };
    store.create_account(&account, &audit(AuditAction::OrganizationCreated, organization)).await.unwrap();
    store.create_survey(&survey, &[Origin::parse(app.host_url.clone()).unwrap()], "secret").await.unwrap();
    store.adopt_survey(survey.id(), organization).await.unwrap();
    let now = hearback_server::store::now_millis();
    let answered: Vec<Imported> = (0..6)
        .map(|i| {
            let raw = serde_json::from_value(json!({"answers": {"recommend": 4 + i}})).unwrap();
            let response = hearback_core::Response::parse(&survey, &raw).unwrap();
            Imported { response, customer: Default::default(), created_at: now - 1000 * i }
        })
        .collect();
    store.import_responses(&survey, &answered).await.unwrap();
    let raw: hearback_core::plan::RawPlan = serde_json::from_value(json!({"heard": "Support is slow",
        "questions": ["recommend"], "will_do": "Answer every ticket within one working day", "owner": user,
        "due": "2031-03-31", "status": "in_progress"}))
    .unwrap();
    let plan = hearback_core::plan::Plan::parse(&survey, raw).unwrap();
    store.create_plan("p-1", organization, "talk", &plan, None, &audit(AuditAction::PlanCreated, "p-1")).await.unwrap();
    let stored = store.survey("talk").await.unwrap().unwrap();
    let everyone = hearback_server::store::aggregates::Scope::everyone();
    let tally = store.tally(survey.id(), &everyone).await.unwrap();
    let publication = Publication {
        survey_id: "talk".into(),
        organization_id: organization.into(),
        visibility: Visibility::Public,
        summary: "Thank you: six of you answered. Support is too slow; here is what we do about it.".into(),
        snapshot: hearback_server::http::results::shown(&Default::default(), &stored, &tally),
        published_at: now,
        unpublished_at: None,
    };
    store.publish(&publication, user, None, &audit(AuditAction::ResultsPublished, "talk")).await.unwrap();
}

#[tokio::test]
async fn the_results_page_reads_in_each_language_right_to_left_in_arabic_on_a_desktop_and_a_phone() {
    let app = TestApp::start().await;
    published_in_four_languages(&app).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let browser = Browser::start().await;
    for (device, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        browser.client.set_window_size(width, height).await.unwrap();
        for (language, dir, heading) in [
            ("en", "ltr", "What we heard"),
            ("de", "ltr", "Was wir gehört haben"),
            ("ja", "ltr", "いただいた声"),
            ("ar", "rtl", "ما سمعناه"),
        ] {
            browser.client.goto(&format!("{}/r/talk?lang={language}", app.url)).await.unwrap();
            browser.wait_for("#summary-heading").await;
            let shown = eval(
                &browser,
                "const root = document.documentElement;
                 return { lang: root.lang, dir: getComputedStyle(root).direction,
                          heading: document.querySelector('#summary-heading').textContent,
                          overflow: root.scrollWidth > root.clientWidth };",
            )
            .await;
            assert_eq!((shown["lang"].as_str(), shown["dir"].as_str()), (Some(language), Some(dir)), "{device}");
            assert_eq!(shown["heading"], heading, "{language} on a {device}");
            assert_eq!(shown["overflow"], false, "{language} fits a {device}'s width");
            assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "{language} on a {device}");
            let shot = shots.join(format!("results-{language}-{device}.png"));
            std::fs::write(shot, browser.client.screenshot().await.unwrap()).unwrap();
        }
    }
    // The switch: from English to Arabic, and the page turns right to left.
    browser.client.goto(&format!("{}/r/talk", app.url)).await.unwrap();
    click(&browser, "nav.languages a[lang=ar]").await;
    browser.wait_for("html[dir=rtl] #summary-heading").await;
    browser.close().await;
}

#[tokio::test]
async fn a_respondent_who_answers_in_german_reads_follows_and_hears_in_german() {
    let app = TestApp::start_with(Options { send_mail: true, ..Options::default() }).await;
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &Default::default()).await.unwrap());
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/demo?lang=de", app.url)).await.unwrap();
    browser.wait_for("form[data-ready]").await;
    click(&browser, "input[name=recommend][value='8']").await;
    click(&browser, ".hb-send").await;
    browser.wait_for(".hb-widget[data-state=done]").await;
    // The answers keep the language they were given in.
    let demo = app.store.survey("demo").await.unwrap().unwrap();
    let stored = app.store.responses(demo.survey.id()).await.unwrap();
    assert!(stored.iter().any(|r| r.raw.language.as_deref() == Some("de")), "the widget said German");
    // The thank-you's link keeps the language (and carries the receipt in its fragment).
    let href = eval(&browser, "return document.querySelector('.hb-loop a').href").await;
    let href = href.as_str().unwrap().to_owned();
    assert!(href.contains("/r/demo?lang=de#receipt="), "{href}");
    browser.client.goto(&href).await.unwrap();
    browser.wait_for("#summary-heading").await;
    let page = eval(
        &browser,
        "return { lang: document.documentElement.lang, heading: document.querySelector('#summary-heading').textContent,
                  nps: document.querySelector('.headline').textContent };",
    )
    .await;
    assert_eq!((page["lang"].as_str(), page["heading"].as_str()), (Some("de"), Some("Was wir gehört haben")));
    assert!(page["nps"].as_str().unwrap().contains("95 %-Intervall"), "{page}");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new());

    // She follows by e-mail with the page's German form, once its bundle has taken over.
    browser.wait_for(".follow-root[data-live] input[type=email]").await.send_keys("anna@example.de").await.unwrap();
    assert_eq!(text_of(&browser, ".follow-root button").await, "Per E-Mail verfolgen");
    click(&browser, ".follow-root button").await;
    eventually(
        async || text_of(&browser, ".follow [role=status]").await.starts_with("Sehen Sie in Ihr Postfach"),
        "the German answer",
    )
    .await;
    let sink = hearback_server::testing::SmtpSink::start().await;
    let mailer = hearback_server::mail::Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    let deliver = || hearback_server::mail::send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis());
    assert_eq!(deliver().await.unwrap(), 1);
    let confirmation = sink.messages().pop().unwrap();
    assert!(
        confirmation.header("Subject").unwrap().starts_with("Bitte bestätigen: Neuigkeiten zu „"),
        "{:?}",
        confirmation.header("Subject")
    );
    let text = confirmation.text();
    let link =
        text[text.find(&format!("{}/f/confirm/", app.url)).unwrap()..].split_whitespace().next().unwrap().to_owned();
    browser.client.goto(&link).await.unwrap();
    click(&browser, "main form button").await;
    eventually(async || text_of(&browser, "h1").await == "Bestätigt", "confirmed, in German").await;
    assert_eq!(eval(&browser, "return document.documentElement.lang").await, "de");

    // Dana moves a plan: the news reaches Anna in German.
    let dana = Browser::start().await;
    dana.client.goto(&format!("{}/admin/login", app.url)).await.unwrap();
    let update = format!(
        r#"return (async () => {{
          await fetch('/admin/api/login', {{method: 'POST', headers: {{'content-type': 'application/json'}},
            body: JSON.stringify({{email: 'dana@acme.example', password: '{}'}})}});
          const me = await (await fetch('/admin/api/me')).json();
          const plans = await (await fetch('/admin/api/surveys/demo/plans')).json();
          const sent = await fetch(`/admin/api/surveys/demo/plans/${{plans.plans[0].id}}/updates`, {{method: 'POST',
            headers: {{'content-type': 'application/json', 'x-csrf-token': me.csrf_token}},
            body: JSON.stringify({{body: 'Zwei Kolleginnen mehr am Telefon.'}})}});
          return sent.status; }})()"#,
        hearback_server::demo::DEMO_PASSWORD
    );
    assert_eq!(eval(&dana, &update).await, 201);
    dana.close().await;
    assert_eq!(deliver().await.unwrap(), 1);
    let news = sink.messages().pop().unwrap();
    let (subject, text) = (news.header("Subject").unwrap(), news.text());
    assert!(
        text.starts_with("Hallo,") && text.contains("Neues zu dem, was wir versprochen haben"),
        "{subject}\n{text}"
    );
    assert!(text.contains("Zwei Kolleginnen mehr am Telefon.") && text.contains("/r/demo?lang=de"), "{text}");
    assert!(text.contains("Sie verfolgen diese Ergebnisse per E-Mail. Abbestellen:"), "{text}");
    browser.close().await;
}
