//! End to end, the kinds the server renders alone, on the demo company's roadmap page (another
//! origin): a ranking answered with the keyboard alone, a drag that ranks every item, and the
//! same survey without JavaScript; the answer said back on the next page, the response stored
//! once, the receipt kept, the frame fitted to the page at every step.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};
use support::{axe_violations, eval, eventually, log_in_as_dana, text_of, Browser, TestApp};

fn key(k: Key) -> char {
    k.into()
}

/// The demo company with its roadmap survey, on the host site's `/roadmap` page.
async fn company() -> TestApp {
    let app = TestApp::start().await;
    let privacy = hearback_core::privacy::Privacy::default();
    hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap();
    let host = hearback_core::Origin::parse(app.host_url.clone()).unwrap();
    hearback_server::demo::ensure_roadmap(app.store.as_ref(), &host).await.unwrap();
    app
}

/// The ranking's items as shown, each with its place ("" when not ranked), and the ids the form
/// will post.
async fn ranking(browser: &Browser) -> Value {
    eval(
        browser,
        "return {shown: [...document.querySelectorAll('.hb-rank-items button')].map(b =>
            [b.textContent.replace(/^\\d+/, ''), b.querySelector('.hb-rank').textContent, b.getAttribute('aria-pressed')]),
          posted: [...document.querySelectorAll('input[type=hidden][name=next]')].map(i => i.value),
          focused: document.activeElement.textContent.replace(/^\\d+/, ''),
          said: document.querySelector('.hb-rank-said').textContent}",
    )
    .await
}

/// Waits until the iframe is as tall as its page's content, and that is more than `at_least`.
async fn fitted(browser: &Browser, at_least: f64) {
    eventually(
        async || {
            let frame = browser.client.find(Locator::Css("#feedback iframe")).await.unwrap();
            let height = frame.rectangle().await.unwrap().3;
            frame.enter_frame().await.unwrap();
            let content = eval(browser, "return document.documentElement.scrollHeight").await.as_f64().unwrap_or(0.0);
            browser.client.enter_parent_frame().await.unwrap();
            height > at_least && (height - content).abs() < 1.0
        },
        "the iframe fitting its page",
    )
    .await;
}

/// Waits for the thank-you page (the survey's pages carry a hidden thank-you of their own).
async fn thanked(browser: &Browser) {
    eventually(
        async || eval(browser, "return location.pathname").await.as_str().is_some_and(|p| p.ends_with("/thanks")),
        "the thank-you page",
    )
    .await;
    browser.wait_for(".hb-thanks h2").await;
}

#[tokio::test]
async fn a_ranking_is_answered_with_the_keyboard_alone_and_said_back_on_the_next_page() {
    let app = company().await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/roadmap", app.host_url)).await.unwrap();
    let frame = browser.wait_for("#feedback iframe").await;
    let src = frame.attr("src").await.unwrap().unwrap();
    assert!(src.starts_with(&format!("{}/w/roadmap?host=", app.url)), "{src}");
    fitted(&browser, 300.0).await;
    frame.clone().enter_frame().await.unwrap();
    browser.wait_for(".hb-rank-items button").await;
    // No wasm on this page: nothing of Trunk's bundle was loaded.
    let loaded = eval(&browser, "return performance.getEntriesByType('resource').map(r => r.name).join(' ')").await;
    assert!(!loaded.as_str().unwrap().contains(".wasm"), "{loaded}");
    assert_eq!(
        ranking(&browser).await["shown"],
        json!([
            ["Faster reports", "", "false"],
            ["Single sign-on", "", "false"],
            ["A mobile app", "", "false"],
            ["More integrations", "", "false"]
        ])
    );
    let violations = axe_violations(&browser).await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.client.enter_parent_frame().await.unwrap();

    // Keyboard only: Tab from the host page into the survey; Space chooses the next place.
    browser.press([key(Key::Tab), key(Key::Tab), key(Key::Space)]).await; // Single sign-on: 1
    frame.clone().enter_frame().await.unwrap();
    let now = ranking(&browser).await;
    assert_eq!(now["posted"], json!(["sso"]), "{now}");
    assert_eq!(
        (now["focused"].as_str(), now["said"].as_str()),
        (Some("Single sign-on"), Some("Single sign-on: place 1 of 4"))
    );
    browser.client.enter_parent_frame().await.unwrap();
    browser.press([key(Key::Tab), key(Key::Tab), key(Key::Tab), key(Key::Space)]).await; // More integrations: 2
    browser.press([key(Key::Tab), key(Key::Tab), key(Key::Space)]).await; // A mobile app: 3
    browser.press([key(Key::Up)]).await; // … moved up: 2
    frame.clone().enter_frame().await.unwrap();
    let now = ranking(&browser).await;
    assert_eq!(now["posted"], json!(["sso", "mobile", "integrations"]), "{now}");
    assert_eq!(now["said"], "A mobile app: place 2 of 4");
    browser.client.enter_parent_frame().await.unwrap();
    // Taken back with Space, and chosen again: last.
    browser.press([key(Key::Space), key(Key::Space)]).await;
    frame.clone().enter_frame().await.unwrap();
    assert_eq!(ranking(&browser).await["posted"], json!(["sso", "integrations", "mobile"]));
    browser.client.enter_parent_frame().await.unwrap();
    browser.press([key(Key::Tab), key(Key::Space)]).await; // Faster reports: 4
    frame.clone().enter_frame().await.unwrap();
    let now = ranking(&browser).await;
    assert_eq!(now["posted"], json!(["sso", "integrations", "mobile", "reports"]), "{now}");
    assert_eq!(
        now["shown"],
        json!([
            ["Single sign-on", "1", "true"],
            ["More integrations", "2", "true"],
            ["A mobile app", "3", "true"],
            ["Faster reports", "4", "true"]
        ])
    );
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    std::fs::write(shots.join("ranking.png"), browser.client.screenshot().await.unwrap()).unwrap();

    // The date is left out (optional); Enter on Send.
    frame.clone().enter_frame().await.unwrap();
    support::take_a_moment().await;
    browser.client.find(Locator::Css("button.hb-send")).await.unwrap().send_keys("\u{E007}").await.unwrap();
    // The next page says the first choice back and asks why.
    eventually(
        async || text_of(&browser, "[data-question=why] .hb-prompt").await.contains("Single sign-on"),
        "the next page with the recalled answer",
    )
    .await;
    assert_eq!(
        text_of(&browser, "[data-question=why] .hb-prompt").await,
        "You put “Single sign-on” first: what would it change for you?"
    );
    assert_eq!(ranking(&browser).await["posted"], json!(["sso", "integrations", "mobile", "reports"]), "kept");
    browser.client.enter_parent_frame().await.unwrap();
    fitted(&browser, 300.0).await;
    frame.clone().enter_frame().await.unwrap();
    browser.client.find(Locator::Css("textarea")).await.unwrap().send_keys("One login for all of us").await.unwrap();
    browser.press([key(Key::Tab), key(Key::Enter)]).await;
    thanked(&browser).await;
    eventually(async || app.stored_responses("roadmap").await == 1, "the response stored").await;
    let receipt = eval(&browser, "return localStorage.getItem('hb:roadmap:r')").await;
    assert!(receipt.as_str().is_some_and(|r| r.len() > 10), "the receipt is kept: {receipt}");
    let company = eval(&browser, "return Object.keys(localStorage).filter(k => k.startsWith('hb:c:')).length").await;
    assert_eq!(company, 1, "the company's survey fatigue starts with this answer");
    let link = eval(&browser, "return document.querySelector('.hb-open').hash").await;
    assert!(link.as_str().unwrap().starts_with("#receipt="), "{link}");
    browser.client.enter_parent_frame().await.unwrap();
    fitted(&browser, 50.0).await;
    let counted = app.results("roadmap").await;
    assert_eq!(counted["questions"][0]["places"][1], json!(["sso", [1, 0, 0, 0]]), "{counted}");
    browser.close().await;
}

#[tokio::test]
async fn dragging_an_item_ranks_every_item_in_the_order_shown() {
    let app = company().await;
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/w/roadmap", app.url)).await.unwrap();
    browser.wait_for(".hb-rank-items button").await;
    // The browser's own drag and drop, as its events (WebDriver cannot drag natively).
    eval(
        &browser,
        "const items = document.querySelectorAll('.hb-rank-items li'), data = new DataTransfer();
         items[2].dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
         items[0].dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
         return true",
    )
    .await;
    let now = ranking(&browser).await;
    assert_eq!(now["posted"], json!(["mobile", "reports", "sso", "integrations"]), "{now}");
    assert_eq!(now["said"], "A mobile app: place 1 of 4");
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_the_ranking_is_a_place_by_place_choice_and_refuses_an_item_twice() {
    let app = company().await;
    let browser = Browser::without_javascript().await;
    browser.client.goto(&format!("{}/w/roadmap?lang=de", app.url)).await.unwrap();
    let places = browser.client.find_all(Locator::Css("select[name=next]")).await.unwrap();
    assert_eq!(places.len(), 4);
    for (place, item) in places.iter().zip(["sso", "sso", "mobile", "reports"]) {
        place.select_by_value(item).await.unwrap();
    }
    support::take_a_moment().await;
    browser.client.find(Locator::Css("button.hb-send")).await.unwrap().click().await.unwrap();
    let error = browser.wait_for("[data-question=next][aria-invalid=true] .hb-error").await.text().await.unwrap();
    assert_eq!(error, "Bitte setzen Sie jeden Punkt auf nur einen Platz.");
    assert_eq!(app.stored_responses("roadmap").await, 0);
    let places = browser.client.find_all(Locator::Css("select[name=next]")).await.unwrap();
    for (place, item) in places.iter().zip(["sso", "integrations", "mobile", "reports"]) {
        place.select_by_value(item).await.unwrap();
    }
    browser.client.find(Locator::Css("button.hb-send")).await.unwrap().click().await.unwrap();
    let prompt = browser.wait_for("[data-question=why]:not([hidden]) .hb-prompt").await.text().await.unwrap();
    assert_eq!(prompt, "Sie haben „Single Sign-on“ an die erste Stelle gesetzt: Was würde es für Sie ändern?");
    browser.client.find(Locator::Css("button.hb-send")).await.unwrap().click().await.unwrap();
    thanked(&browser).await;
    assert_eq!(app.stored_responses("roadmap").await, 1);
    browser.close().await;
}

#[tokio::test]
async fn the_dashboard_charts_a_ranking_by_mean_place_and_dates_by_month() {
    use hearback_core::{Completion, Response};
    use hearback_server::store::Imported;
    let app = company().await;
    let survey = app.store.survey("roadmap").await.unwrap().unwrap().survey;
    let orders = [
        ["sso", "reports", "mobile", "integrations"],
        ["sso", "mobile", "reports", "integrations"],
        ["reports", "sso", "mobile", "integrations"],
    ];
    let imported: Vec<Imported> = (0..6)
        .map(|i| {
            let raw = serde_json::from_value(json!({"answers": {
                "next": orders[i % 3], "since": if i < 4 { "2020-05-01" } else { "2021-01-15" }}}))
            .unwrap();
            let response = Response::parse_with(&survey, &raw, &Default::default(), Completion::Complete).unwrap();
            Imported { response, customer: Default::default(), created_at: hearback_server::store::now_millis() }
        })
        .collect();
    app.store.import_responses(&survey, &imported).await.unwrap();
    let dana = Browser::start().await;
    log_in_as_dana(&app, &dana).await;
    dana.client.goto(&format!("{}/admin/surveys/roadmap/results", app.url)).await.unwrap();
    eventually(async || text_of(&dana, ".summary").await.starts_with("6 responses"), "the numbers").await;
    let charts = eval(&dana, "return [...document.querySelectorAll('.chart .headline')].map(h => h.textContent)").await;
    assert_eq!(charts, json!(["Ranked first on average: sso", "From 2020-05 to 2021-01", "0 comments"]));
    let places = text_of(&dana, ".chart:first-of-type table.data tbody").await;
    assert!(places.contains("sso") && places.contains("mean place 1.3"), "{places}");
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the dashboard");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-ranking.png"), dana.client.screenshot().await.unwrap()).unwrap();
    dana.close().await;
}

#[tokio::test]
async fn pictures_are_chosen_and_an_opened_link_is_recorded_with_the_page() {
    let app = TestApp::start().await;
    let host = hearback_core::Origin::parse(app.host_url.clone()).unwrap();
    let looks: hearback_core::Survey = serde_json::from_value(json!({"id": "looks", "title": "Looks", "questions": [
        {"id": "look", "kind": "picture_choice", "prompt": "Which look do you like?", "max": 2,
         "choices": [{"id": "blue", "label": "Blue layout", "image": "https://img.acme.example/blue.png"},
                     {"id": "dark", "label": "Dark layout", "image": "https://img.acme.example/dark.png"},
                     {"id": "wide", "label": "Wide layout", "image": "https://img.acme.example/wide.png"}]},
        {"id": "news", "kind": "info", "prompt": "We ship every week", "help": "What changed lately:",
         "button": {"label": "Read the changelog", "url": format!("{}/changelog", app.host_url)}}
    ]}))
    .unwrap();
    app.store.create_survey(&looks, &[host], "e2e-secret").await.unwrap();
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/s/looks", app.url)).await.unwrap();
    browser.wait_for(".hb-pictures").await;
    for label in ["Dark layout", "Wide layout"] {
        let xpath = format!("//label[contains(., '{label}')]");
        browser.client.find(Locator::XPath(&xpath)).await.unwrap().click().await.unwrap();
    }
    let checked =
        eval(&browser, "return [...document.querySelectorAll('input[name=look]:checked')].map(i => i.value)").await;
    assert_eq!(checked, json!(["dark", "wide"]));
    // The link opens in a tab of its own; this page records that it was opened.
    browser.client.find(Locator::Css("a.hb-cta")).await.unwrap().click().await.unwrap();
    let recorded = eval(&browser, "return document.querySelector('input[type=hidden][name=news]').value").await;
    assert_eq!(recorded, "clicked");
    let violations = axe_violations(&browser).await;
    assert!(violations.is_empty(), "{violations:?}");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("pictures.png"), browser.client.screenshot().await.unwrap()).unwrap();
    support::take_a_moment().await;
    browser.client.find(Locator::Css("button.hb-send")).await.unwrap().click().await.unwrap();
    thanked(&browser).await;
    let counted = app.results("looks").await;
    assert_eq!(counted["questions"][0]["counts"], json!([["blue", 0], ["dark", 1], ["wide", 1]]), "{counted}");
    assert_eq!(counted["questions"][1]["counts"], json!([["clicked", 1]]));
    browser.close().await;
}

#[tokio::test]
async fn contact_details_given_on_the_page_are_read_by_an_editor_who_asks_with_their_purpose() {
    let app = company().await;
    let host = hearback_core::Origin::parse(app.host_url.clone()).unwrap();
    let call: hearback_core::Survey = serde_json::from_value(json!({"id": "call", "title": "Call back", "questions": [
        {"id": "nps", "kind": "nps", "prompt": "Recommend us?"},
        {"id": "reach", "kind": "contact_details", "prompt": "How can we reach you?", "fields": ["name", "email", "phone"],
         "purpose": "Only to call you back about these answers."}
    ]}))
    .unwrap();
    app.store.create_survey(&call, &[host], "e2e-secret").await.unwrap();
    let company = app.store.survey("demo").await.unwrap().unwrap().organization.unwrap();
    app.store.adopt_survey(call.id(), &company).await.unwrap();
    let ann = Browser::start().await;
    ann.client.goto(&format!("{}/s/call", app.url)).await.unwrap();
    let purpose = ann.wait_for("[data-question=reach] .hb-hint").await.text().await.unwrap();
    assert_eq!(purpose, "Only to call you back about these answers.", "the purpose is said where they are asked");
    let autocomplete =
        eval(&ann, "return [...document.querySelectorAll('.hb-detail input')].map(i => i.autocomplete)").await;
    assert_eq!(autocomplete, json!(["name", "email", "tel"]));
    assert_eq!(axe_violations(&ann).await, Vec::<String>::new());
    ann.client.find(Locator::Css("input[name='reach.name']")).await.unwrap().send_keys("Ann <Lee>").await.unwrap();
    ann.client
        .find(Locator::Css("input[name='reach.email']"))
        .await
        .unwrap()
        .send_keys("ann@example.com")
        .await
        .unwrap();
    support::take_a_moment().await;
    ann.client.find(Locator::Css("button.hb-send")).await.unwrap().click().await.unwrap();
    thanked(&ann).await;
    ann.close().await;

    let dana = Browser::start().await;
    log_in_as_dana(&app, &dana).await;
    dana.client.goto(&format!("{}/admin/surveys/call", app.url)).await.unwrap();
    let button = Locator::XPath("//button[contains(., 'Show contact details')]");
    let show = dana.client.wait().at_most(std::time::Duration::from_secs(15)).for_element(button).await.unwrap();
    show.click().await.unwrap();
    eventually(async || text_of(&dana, "table.details tbody").await.contains("ann@example.com"), "the details").await;
    let row =
        eval(&dana, "return [...document.querySelectorAll('table.details tbody td')].map(td => td.textContent)").await;
    assert_eq!(row, json!(["Ann <Lee>", "ann@example.com", "", "", "Only to call you back about these answers."]));
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new());
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    eval(&dana, "document.querySelector('table.details').scrollIntoView(); return true").await;
    std::fs::write(shots.join("admin-contact-details.png"), dana.client.screenshot().await.unwrap()).unwrap();
    dana.close().await;
}

#[tokio::test]
async fn the_demo_site_tag_keeps_asking_the_demo_survey_and_the_roadmap_asks_on_its_own_page() {
    let app = company().await;
    let host = hearback_core::Origin::parse(app.host_url.clone()).unwrap();
    hearback_server::demo::ensure_site(app.store.as_ref(), &host).await.unwrap();
    let page = |path: &str| {
        let url = format!(
            "{}/site/{}?host={}&path={path}",
            app.url,
            hearback_server::demo::DEMO_SITE_KEY,
            url::form_urlencoded::byte_serialize(app.host_url.as_bytes()).collect::<String>()
        );
        let http = app.http.clone();
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let site = page("%2Fsite").await;
    assert!(site.contains(r#"<script type="application/json" id="survey">["demo","#), "the demo survey on /site");
    let roadmap = page("%2Froadmap").await;
    assert!(roadmap.contains(r#"<script type="application/json" id="survey">["roadmap"]</script>"#), "{roadmap}");
}
