//! End to end, a company's whole first day: sign up in the admin app, build a survey (with a
//! logic rule and a translation, previewed before it is saved), make it live, copy the embed code into its own site (another origin), answer it there, and
//! see the response in the admin app.

mod support;

use fantoccini::Locator;
use serde_json::Value;
use std::time::Duration;
use support::{click, eval, eventually, fill, text_of, Browser, Options, TestApp};

/// The company's site, carrying exactly the embed code the admin app shows (checked below).
const SITE: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1>
<div id="feedback"></div></main>
<script src="{{HEARBACK}}/embed.js" data-survey="pulse" data-mode="inline" data-target="#feedback" async></script>
</body></html>"##;

/// Jo signs Acme up in the admin app.
async fn sign_up(app: &TestApp, browser: &Browser) {
    browser.client.goto(&format!("{}/admin/signup", app.url)).await.unwrap();
    fill(browser, "#f-your-name", "Jo Owner").await;
    fill(browser, "#f-e-mail", "jo@acme.example").await;
    fill(browser, "#f-password", "correct horse battery").await;
    fill(browser, "#f-organisation", "Acme").await;
    click(browser, "button[type=submit]").await;
}

/// Jo's survey `pulse` (an NPS question, `extra` more questions as JSON), made through the app's
/// own API from the logged-in page; then `then` (JavaScript with `me` and `post` at hand).
async fn make_survey(browser: &Browser, title: &str, extra: &str, then: &str) -> Value {
    let script = format!(
        r#"return (async () => {{
           const me = await (await fetch('/admin/api/me')).json();
           const post = (url, body) => fetch(url, {{method: 'POST', headers: {{'content-type': 'application/json',
             'x-csrf-token': me.csrf_token}}, body: JSON.stringify(body)}});
           const definition = {{id: 'pulse', title: '{title}', questions: [
             {{id: 'recommend', kind: 'nps', prompt: 'Would you recommend us?', required: true}}{extra}]}};
           const made = await post('/admin/api/surveys', {{definition, allowed_origins: []}});
           {then}
           return made.status;
         }})()"#
    );
    eval(browser, &script).await
}

#[tokio::test]
async fn a_company_signs_up_builds_a_survey_embeds_it_and_sees_the_answer() {
    let app = TestApp::start_with(Options { host_page: Some(SITE.into()), ..Options::default() }).await;
    let browser = Browser::start().await;

    sign_up(&app, &browser).await;

    click(&browser, "a.button[href='/admin/surveys/new']").await;
    fill(&browser, "#survey-id", "pulse").await;
    fill(&browser, "#survey-title", "Pulse").await;
    fill(&browser, "#survey-origins", &app.host_url).await;
    browser.client.find(Locator::XPath("//button[text()='Add a question']")).await.unwrap().click().await.unwrap();
    let count = "return document.querySelectorAll('input.prompt').length";
    eventually(async || eval(&browser, count).await == 2, "the NPS question of a new survey and the added one").await;
    let prompts = browser.client.find_all(Locator::Css("input.prompt")).await.unwrap();
    prompts[1].send_keys("What should we improve?").await.unwrap();
    // Ask it only of those who would not recommend us, in English and German.
    let rule = "fieldset.question:nth-of-type(2) fieldset.rule";
    browser.wait_for(&format!("{rule} select")).await.select_by_value("recommend").await.unwrap();
    browser.wait_for(&format!("{rule} p:nth-of-type(2) select")).await.select_by_value("at_most").await.unwrap();
    fill(&browser, &format!("{rule} p:nth-of-type(3) input"), "6").await;
    click(&browser, "details.settings summary").await;
    fill(&browser, "input[placeholder='en, de, fr']", "en, de").await;
    click(&browser, "details.translations summary").await;
    let german = "//details[contains(@class,'translations')]//label[contains(., 'What should we improve?')]/input";
    let german = browser.client.wait().for_element(Locator::XPath(german)).await.unwrap();
    german.send_keys("Was sollen wir verbessern?").await.unwrap();
    // The preview follows the unsaved draft, in either language.
    let preview_in = "//label[contains(., 'Preview in')]/select";
    browser.client.find(Locator::XPath(preview_in)).await.unwrap().select_by_value("de").await.unwrap();
    let preview = browser.wait_for("iframe.preview").await;
    preview.enter_frame().await.unwrap();
    let shown = "return (document.querySelector('[data-question=question-2] .hb-prompt') || {}).textContent || ''";
    eventually(async || eval(&browser, shown).await == "Was sollen wir verbessern?", "the German draft").await;
    browser.client.enter_parent_frame().await.unwrap();
    click(&browser, "button.primary").await; // Save

    let live_url = format!("{}/admin/surveys/pulse", app.url);
    browser.client.wait().at_most(Duration::from_secs(15)).for_url(&live_url.parse().unwrap()).await.unwrap();
    eventually(async || text_of(&browser, ".status").await == "Status: draft", "the saved draft").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the builder");
    let saved = serde_json::to_value(app.store.survey("pulse").await.unwrap().unwrap().survey).unwrap();
    assert_eq!(saved["languages"], serde_json::json!(["en", "de"]));
    assert_eq!(saved["questions"][1]["show_if"], serde_json::json!({"question": "recommend", "at_most": 6}));
    assert_eq!(
        saved["questions"][1]["prompt"],
        serde_json::json!({"en": "What should we improve?", "de": "Was sollen wir verbessern?"})
    );

    // The preview is the real widget, draft and all, in either language.
    browser.client.find(Locator::XPath(preview_in)).await.unwrap().select_by_value("en").await.unwrap();
    let preview = browser.wait_for("iframe.preview").await;
    preview.enter_frame().await.unwrap();
    eventually(async || eval(&browser, shown).await == "What should we improve?", "the English draft").await;
    browser.wait_for("form[data-ready]").await;
    browser.client.enter_parent_frame().await.unwrap();

    let go_live = browser.client.find(Locator::XPath("//button[text()='Go live']")).await.unwrap();
    go_live.click().await.unwrap();
    eventually(async || text_of(&browser, ".status").await == "Status: live", "going live").await;
    browser.client.find(Locator::XPath("//button[text()='New signing secret']")).await.unwrap().click().await.unwrap();
    eventually(async || !text_of(&browser, ".secret").await.is_empty(), "the new signing secret").await;
    let secret = text_of(&browser, ".secret").await;
    assert_eq!(app.store.survey("pulse").await.unwrap().unwrap().identity_secret, secret, "shown once, stored");
    let code = eval(&browser, "return document.getElementById('embed-code').value").await;
    let expected = SITE.lines().find(|l| l.starts_with("<script")).unwrap().replace("{{HEARBACK}}", &app.url);
    assert_eq!(code.as_str().unwrap(), expected, "the site carries the code the app shows");
    // A schedule that closes before it opens is refused before it is sent; one that closes the
    // survey after its first finished response is kept.
    let set = |id: &str, value: &str| {
        format!("const i = document.getElementById('{id}'); i.value = '{value}'; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true")
    };
    eval(&browser, &set("schedule-opens", "2030-01-02T10:00")).await;
    eval(&browser, &set("schedule-closes", "2030-01-01T10:00")).await;
    let save_schedule = "//button[text()='Save the schedule']";
    browser.client.find(Locator::XPath(save_schedule)).await.unwrap().click().await.unwrap();
    let refused = "fieldset.schedule + p.problem";
    eventually(async || text_of(&browser, refused).await.contains("closes before it opens"), "the refusal").await;
    assert_eq!(app.store.schedule("pulse").await.unwrap(), None, "nothing kept");
    eval(&browser, &set("schedule-opens", "")).await;
    eval(&browser, &set("schedule-closes", "")).await;
    fill(&browser, "#schedule-after", "1").await;
    browser.client.find(Locator::XPath(save_schedule)).await.unwrap().click().await.unwrap();
    eventually(async || text_of(&browser, "fieldset.schedule [role=status]").await == "Schedule saved.", "saved").await;
    let kept = app.store.schedule("pulse").await.unwrap().map(|s| s.schedule.close_after);
    assert_eq!(kept, Some(Some(1)));
    // The audience: pro customers on computers, in German; a rule that tests nothing is refused.
    click(&browser, "fieldset[aria-labelledby=audience] button.small").await;
    fill(&browser, ".audience-rule p:nth-of-type(1) input", "plan").await;
    let save_audience = "//button[text()='Save the audience']";
    browser.client.find(Locator::XPath(save_audience)).await.unwrap().click().await.unwrap();
    let refused = "fieldset[aria-labelledby=audience] + p.problem";
    eventually(async || text_of(&browser, refused).await.contains("tests a text with `is`"), "the refused rule").await;
    fill(&browser, ".audience-rule p:nth-of-type(2) input", "pro, team").await;
    for choice in ["//label[contains(., 'Computers')]/input", "//label[normalize-space()='de']/input"] {
        browser.client.find(Locator::XPath(choice)).await.unwrap().click().await.unwrap();
    }
    // …on pricing pages, after 7 seconds on a site tag, or when the page says a checkout completed.
    browser.wait_for("#audience-pages").await.select_by_value("prefix").await.unwrap();
    fill(&browser, "input[aria-label='Page path or pattern']", "/pricing").await;
    browser.wait_for("#audience-trigger").await.select_by_value("delay").await.unwrap();
    fill(&browser, "input[aria-label='Seconds after the page loads']", "7").await;
    fill(&browser, "input[placeholder=checkout_completed]", "checkout_completed").await;
    browser.client.find(Locator::XPath(save_audience)).await.unwrap().click().await.unwrap();
    let saved = "fieldset[aria-labelledby=audience] [role=status]";
    eventually(async || text_of(&browser, saved).await == "Audience saved.", "the audience saved").await;
    let audience = serde_json::to_value(app.store.audience("pulse").await.unwrap()).unwrap();
    assert_eq!(audience["customer"], serde_json::json!([{"attribute": "plan", "is": ["pro", "team"]}]));
    assert_eq!(
        (audience["devices"].clone(), audience["languages"].clone()),
        (serde_json::json!(["desktop"]), serde_json::json!(["de"]))
    );
    assert_eq!(
        (audience["pages"].clone(), audience["trigger"].clone(), audience["delay_seconds"].clone()),
        (serde_json::json!("prefix:/pricing"), serde_json::json!("delay"), serde_json::json!(7))
    );
    assert_eq!(audience["event"], serde_json::json!({"name": "checkout_completed", "properties": []}));
    eval(&browser, "document.getElementById('audience').scrollIntoView(); return true").await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-audience.png"), browser.client.screenshot().await.unwrap()).unwrap();
    // A Slack channel told of detractors with a comment: the form sends the rule, and the server
    // refuses a channel URL inside the network, saying why.
    browser.wait_for("#hook-format").await.select_by_value("slack").await.unwrap();
    fill(&browser, "#hook-url", "http://127.0.0.1:9/services/T0/B0/x").await;
    browser.wait_for("#hook-question").await.select_by_value("recommend").await.unwrap();
    fill(&browser, "#hook-at-most", "6").await;
    browser.wait_for("#hook-comment").await.select_by_value("question-2").await.unwrap();
    click(&browser, "form.webhook button[type=submit]").await;
    let said = "form.webhook ~ p.problem";
    eventually(async || text_of(&browser, said).await.contains("internal address"), "the refused channel URL").await;
    let comment = "return document.querySelector('#hook-comment option:checked').textContent";
    assert_eq!(eval(&browser, comment).await, "What should we improve?", "prompts in the survey's default language");
    // For a person to look at (make screenshots has the widget's; this is the builder's).
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-builder.png"), browser.client.screenshot().await.unwrap()).unwrap();
    eval(&browser, "document.querySelector('form.webhook').scrollIntoView(); return true").await;
    std::fs::write(shots.join("admin-webhook-slack.png"), browser.client.screenshot().await.unwrap()).unwrap();

    // A customer answers on the company's site.
    browser.client.goto(&app.host_url).await.unwrap();
    let frame = browser.wait_for("#feedback iframe").await;
    frame.enter_frame().await.unwrap();
    click(&browser, "input[name=recommend][value='5']").await;
    browser.wait_for("textarea, input[name=question-2]").await.send_keys("Faster exports").await.unwrap();
    click(&browser, ".hb-send").await;
    browser.wait_for(".hb-widget[data-state=done]").await;
    browser.client.enter_parent_frame().await.unwrap();

    // Back in the admin app, still logged in: the response is there.
    browser.client.goto(&live_url).await.unwrap();
    eventually(async || text_of(&browser, ".count").await == "1 response", "the response in the admin app").await;
    // It was the one response the schedule wanted: the survey closed, and has no schedule to set.
    eventually(async || text_of(&browser, ".status").await == "Status: closed", "closed by its schedule").await;
    assert!(browser.client.find(Locator::Css("fieldset.schedule")).await.is_err());
    let answers = text_of(&browser, ".responses li code").await;
    let answers: Value = serde_json::from_str(&answers).unwrap();
    assert_eq!((answers["recommend"].clone(), answers["question-2"].clone()), (5.into(), "Faster exports".into()));
    // Triage: tagged and noted in the list, and found again by its tag.
    fill(&browser, ".triage input[id^=tags-]", "Billing, urgent").await;
    browser.client.find(Locator::XPath("//button[text()='Save tags']")).await.unwrap().click().await.unwrap();
    let chips = "return [...document.querySelectorAll('.triage .tags li')].map(l => l.textContent).join(' ')";
    eventually(async || eval(&browser, chips).await == "billing urgent", "the tags kept in lower case").await;
    fill(&browser, ".triage input[id^=note-]", "Called back <b>today</b>").await;
    browser.client.find(Locator::XPath("//button[text()='Add note']")).await.unwrap().click().await.unwrap();
    let noted = async || text_of(&browser, ".triage .notes li").await == "Jo Owner: Called back <b>today</b>";
    eventually(noted, "the note, as text, with who wrote it").await;
    // The Tagged filter, typed and entered: how many responses the list then counts.
    let tagged = async |tag: &str, count: &str| {
        fill(&browser, ".filters input[type=search]", tag).await;
        browser
            .client
            .find(Locator::Css(".filters input[type=search]"))
            .await
            .unwrap()
            .send_keys("\u{E007}")
            .await
            .unwrap();
        eventually(async || text_of(&browser, ".count").await == count, &format!("{count} tagged `{tag}`")).await;
    };
    tagged("urgent", "1 response").await;
    tagged("billing-x", "0 responses").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the responses with their triage");
    tagged("", "1 response").await;
    eval(&browser, "document.querySelector('.responses').scrollIntoView(); return true").await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::write(shots.join("admin-triage.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.client.goto(&format!("{}/admin", app.url)).await.unwrap();
    eventually(async || text_of(&browser, "tbody tr td:nth-child(3)").await == "1", "the count in the survey list")
        .await;
    // The company's survey fatigue, beside its surveys: 400 days is refused by the form itself, 14 kept.
    fill(&browser, "#fatigue-days", "400").await;
    click(&browser, "form.fatigue button[type=submit]").await;
    assert_eq!(eval(&browser, "return document.getElementById('fatigue-days').validity.rangeOverflow").await, true);
    fill(&browser, "#fatigue-days", "14").await;
    click(&browser, "form.fatigue button[type=submit]").await;
    eventually(async || text_of(&browser, "form.fatigue [role=status]").await == "Saved.", "the fatigue saved").await;
    let company = app.store.survey("pulse").await.unwrap().unwrap().organization.unwrap();
    assert_eq!(app.store.fatigue_days(&company).await.unwrap(), 14);
    // A site tag for the company's shop: what is not an origin is refused, saying so; the tag to
    // paste names the key, and the survey that allows the shop is the one it may ask.
    fill(&browser, "#site-origin", "shop.example").await;
    click(&browser, "form.row:has(#site-origin) button[type=submit]").await;
    eventually(async || text_of(&browser, "ul.sites ~ p.problem").await.contains("site origin"), "refused").await;
    assert!(app.store.sites(&company).await.unwrap().is_empty(), "nothing kept");
    let shop = hearback_core::Origin::parse(app.host_url.clone()).unwrap();
    fill(&browser, "#site-origin", shop.as_str()).await;
    click(&browser, "form.row:has(#site-origin) button[type=submit]").await;
    eventually(async || text_of(&browser, "li.site code").await.contains("data-site="), "the tag listed").await;
    let sites = app.store.sites(&company).await.unwrap();
    assert_eq!(sites.len(), 1);
    assert!(text_of(&browser, "li.site code").await.contains(&format!(r#"data-site="{}""#, sites[0].key)));
    // Its own survey fatigue, over the company's 14 days.
    fill(&browser, "form.site-fatigue input", "30").await;
    click(&browser, "form.site-fatigue button[type=submit]").await;
    let site_days = async || app.store.sites(&company).await.unwrap()[0].fatigue_days;
    eventually(async || site_days().await == Some(30), "the site's fatigue saved").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the survey list with its site tags");
    eval(&browser, "document.getElementById('sites').scrollIntoView(); return true").await;
    std::fs::write(shots.join("admin-sites.png"), browser.client.screenshot().await.unwrap()).unwrap();
    // Live again, its schedule opening it in two days: the list says when (to the minute, UTC).
    let opens = hearback_server::store::now_millis() + 2 * 86_400_000;
    use hearback_server::store::audit::{Audit, AuditAction};
    let audit = |action| Audit::system(Some(&company), "test", action, "pulse");
    let schedule = hearback_api::schedule::Schedule { opens_at: Some(opens), ..Default::default() };
    app.store.set_schedule("pulse", &schedule, &audit(AuditAction::SurveyScheduleSet)).await.unwrap();
    let pulse = hearback_core::Slug::parse("pulse").unwrap();
    let live = hearback_api::SurveyStatus::Live;
    app.store.set_survey_status(&pulse, live, &audit(AuditAction::SurveyStatusChanged)).await.unwrap();
    browser.client.goto(&format!("{}/admin", app.url)).await.unwrap();
    let when = hearback_server::schedules::utc(opens);
    eventually(
        async || text_of(&browser, "tbody tr td:nth-child(2)").await == format!("live · opens {when}"),
        "scheduled",
    )
    .await;
    use hearback_server::store::retention::RetentionStore;
    // How long the answers are kept: one day, asked once more since older answers would go for
    // good; past it the response is gone from the list, still counted in the survey list.
    browser.client.goto(&live_url).await.unwrap();
    let counts = async || text_of(&browser, "#retention-counts").await;
    eventually(async || counts().await.starts_with("Responses kept: 1."), "kept for good at first").await;
    fill(&browser, "#retention-days", "0").await;
    click(&browser, "fieldset.retention button").await;
    eventually(async || text_of(&browser, "fieldset.retention ~ p.problem").await.contains("1 to 3650"), "0 refused")
        .await;
    fill(&browser, "#retention-days", "1").await;
    click(&browser, "fieldset.retention button").await;
    eventually(async || text_of(&browser, "fieldset.retention .sure").await.contains("deleted for good"), "asked")
        .await;
    assert_eq!(app.store.answer_retention(&pulse).await.unwrap(), None, "nothing set before the second press");
    click(&browser, "fieldset.retention button").await;
    eventually(async || text_of(&browser, "fieldset.retention [role=status]").await == "Saved.", "saved").await;
    assert_eq!(app.store.answer_retention(&pulse).await.unwrap(), Some(1));
    let later = hearback_server::store::now_millis() + 2 * 86_400_000;
    assert_eq!(hearback_server::workers::expire_answers(app.store.as_ref(), later).await.unwrap(), 1);
    browser.client.refresh().await.unwrap();
    eventually(async || counts().await.ends_with("still counted in the results: 1."), "expired, counted").await;
    eventually(async || text_of(&browser, ".count").await == "0 responses", "gone from the list").await;
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the builder with its retention");
    eval(&browser, "document.getElementById('retention').scrollIntoView(); return true").await;
    std::fs::write(shots.join("admin-retention.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.client.goto(&format!("{}/admin", app.url)).await.unwrap();
    eventually(async || text_of(&browser, "tbody tr td:nth-child(3)").await == "1", "still counted in the list").await;
    browser.close().await;
}

#[tokio::test]
async fn an_owner_invites_a_viewer_who_joins_by_the_link_and_reads_without_writing() {
    let app = TestApp::start().await;
    let owner = Browser::start().await;
    sign_up(&app, &owner).await;
    click(&owner, "a[href='/admin/members']").await;
    fill(&owner, "#f-e-mail", "exec@acme.example").await;
    let role = owner.wait_for("#invite-role").await;
    role.select_by_value("viewer").await.unwrap();
    click(&owner, "form.row button[type=submit]").await;
    eventually(async || text_of(&owner, ".invite-link").await.contains("/admin/invite/"), "the invitation link").await;
    assert_eq!(support::axe_violations(&owner).await, Vec::<String>::new(), "the members page");
    let link = text_of(&owner, ".invite-link").await;
    owner.close().await;

    // The executive opens the link in their own browser.
    let exec = Browser::start().await;
    exec.client.goto(&link).await.unwrap();
    fill(&exec, "#f-your-name", "Sam Exec").await;
    fill(&exec, "#f-password", "another good passphrase").await;
    click(&exec, "button[type=submit]").await;
    eventually(async || text_of(&exec, ".who").await.contains("Acme · viewer"), "the viewer in Acme").await;
    assert_eq!(
        eval(&exec, "return document.querySelectorAll('a[href=\"/admin/surveys/new\"]').length").await,
        0,
        "no New survey for a viewer"
    );
    // A page whose data a viewer may not read says why, instead of loading for ever.
    exec.client.goto(&format!("{}/admin/tokens", app.url)).await.unwrap();
    eventually(
        async || text_of(&exec, "main").await.contains("only an owner of the organisation may do this"),
        "the tokens page refused to a viewer, with the reason",
    )
    .await;
    // The link was used once: a second use is refused.
    exec.client.goto(&link).await.unwrap();
    fill(&exec, "#f-your-name", "Someone Else").await;
    fill(&exec, "#f-password", "yet another passphrase").await;
    click(&exec, "button[type=submit]").await;
    eventually(async || text_of(&exec, ".problem").await.contains("already used"), "the reused link refused").await;
    exec.close().await;
}

#[tokio::test]
async fn the_dashboard_shows_nothing_under_k_then_charts_with_tables_for_everyone_who_reads() {
    use hearback_core::{Completion, Response};
    use hearback_server::identity::Customer;
    use hearback_server::store::Imported;
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    sign_up(&app, &browser).await;
    browser.wait_for("a.button[href='/admin/surveys/new']").await;
    let extra = r#", {id: 'channel', kind: 'single_choice', prompt: 'How do you reach us?',
              choices: [{id: 'email', label: 'E-mail'}, {id: 'chat', label: 'Chat'}]},
             {id: 'why', kind: 'long_text', prompt: 'Why?'}"#;
    let made = make_survey(&browser, "Pulse", extra, "").await;
    assert_eq!(made, 201);
    let survey = app.store.survey("pulse").await.unwrap().unwrap().survey;
    let monday = hearback_server::store::aggregates::day_of(hearback_server::store::now_millis()) - 14;
    let import = |given: Vec<(i64, i64, &'static str, &'static str, &'static str)>| {
        given
            .into_iter()
            .map(|(day, nps, channel, why, plan)| {
                let raw = serde_json::from_value(
                    serde_json::json!({"answers": {"recommend": nps, "channel": channel, "why": why}}),
                )
                .unwrap();
                let response = Response::parse_with(&survey, &raw, &Default::default(), Completion::Complete).unwrap();
                let customer =
                    Customer { id: None, attributes: [("plan".to_owned(), plan.to_owned())].into(), verified: false };
                Imported { response, customer, created_at: (monday + day) * 86_400_000 + 3_600_000 }
            })
            .collect::<Vec<_>>()
    };
    app.store
        .import_responses(&survey, &import(vec![(0, 10, "chat", "fast", "pro"), (1, 3, "email", "slow", "free")]))
        .await
        .unwrap();

    browser.client.goto(&format!("{}/admin/surveys/pulse/results", app.url)).await.unwrap();
    eventually(async || text_of(&browser, ".empty h2").await == "Fewer than 5 responses", "the empty state under k")
        .await;

    let mut more = Vec::new();
    for i in 0..24i64 {
        let (nps, why) = if i % 3 == 0 { (4, "slow exports again") } else { (9 + i % 2, "great support") };
        more.push((i % 14, nps, if i % 2 == 0 { "chat" } else { "email" }, why, if i < 16 { "pro" } else { "free" }));
    }
    app.store.import_responses(&survey, &import(more)).await.unwrap();
    browser.client.refresh().await.unwrap();
    eventually(async || text_of(&browser, ".summary").await.starts_with("26 responses"), "the numbers at 26").await;
    let headline = text_of(&browser, ".chart:has(svg.nps) .headline").await;
    assert!(headline.starts_with("NPS +") && headline.contains("95% interval"), "{headline}");
    assert_eq!(eval(&browser, "return document.querySelectorAll('svg.nps rect').length").await, 3);
    let table = text_of(&browser, ".chart:has(svg.nps) table.data").await;
    assert!(table.contains("Promoters") && table.contains("Detractors"), "a table beside the chart: {table}");
    eventually(
        async || {
            !eval(&browser, "const p = document.querySelector('svg.trend .line'); return p ? p.getAttribute('d') : ''")
                .await
                .as_str()
                .unwrap_or_default()
                .is_empty()
        },
        "the trend line",
    )
    .await;
    assert!(text_of(&browser, ".words").await.contains("support"), "17 comments: words shown");
    browser
        .client
        .find(Locator::XPath("//label[contains(., 'Break down by')]/select"))
        .await
        .unwrap()
        .select_by_value("plan")
        .await
        .unwrap();
    eventually(async || text_of(&browser, "#breakdown-heading + p + table").await.contains("pro"), "the plans").await;
    let groups = text_of(&browser, "#breakdown-heading + p + table tbody").await;
    assert!(groups.contains("free") && groups.contains("pro"), "{groups}");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the dashboard");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-dashboard.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.close().await;
}

#[tokio::test]
async fn an_editor_writes_a_plan_in_the_app_and_moves_it_along_with_html_shown_as_text() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    sign_up(&app, &browser).await;
    browser.wait_for("a.button[href='/admin/surveys/new']").await;
    let why = r#", {id: 'why', kind: 'long_text', prompt: 'Why?'}"#;
    let made =
        make_survey(&browser, "Pulse", why, "await post('/admin/api/surveys/pulse/status', {status: 'live'});").await;
    assert_eq!(made, 201);
    // Enough comments (10) saying the same for the results to show what they talk about.
    for i in 0..12 {
        let body = serde_json::json!({"answers": {"recommend": i % 11, "why": format!("Slow exports, again ({i})")}});
        let sent =
            app.http.post(format!("{}/api/v1/surveys/pulse/responses", app.url)).json(&body).send().await.unwrap();
        assert_eq!(sent.status(), 201);
    }
    browser.client.goto(&format!("{}/admin/surveys/pulse/plans", app.url)).await.unwrap();
    eventually(async || text_of(&browser, ".empty").await.starts_with("No plans yet"), "the empty list").await;
    click(&browser, "details.new-plan summary").await;
    fill(&browser, ".plan-form textarea", "Exports are slow").await;
    click(&browser, ".plan-form input[type=checkbox]").await;
    let theme = "//form[contains(@class,'plan-form')]//label[contains(., '“slow exports” (12)')]/input";
    browser.client.wait().for_element(Locator::XPath(theme)).await.unwrap().click().await.unwrap();
    let will_do = browser.client.find_all(Locator::Css(".plan-form textarea")).await.unwrap();
    will_do[1].send_keys("<b>Faster</b> exports & <script>alert(1)</script>").await.unwrap();
    let owner = browser.wait_for(".plan-form select").await;
    eventually(
        async || eval(&browser, "return document.querySelectorAll('.plan-form select option').length").await == 2,
        "the members",
    )
    .await;
    let jo = eval(&browser, "return document.querySelectorAll('.plan-form select option')[1].value").await;
    owner.select_by_value(jo.as_str().unwrap()).await.unwrap();
    // Without a due date the server says what is missing, and nothing is made.
    click(&browser, ".plan-form button[type=submit]").await;
    eventually(async || text_of(&browser, ".problem").await.contains("a plan needs a due date"), "the missing date")
        .await;
    eval(&browser, "const d = document.querySelector('.plan-form input[type=date]'); d.value = '2027-03-31'; d.dispatchEvent(new Event('input')); return true").await;
    click(&browser, ".plan-form button[type=submit]").await;
    eventually(
        async || eval(&browser, "return document.querySelectorAll('article.plan').length").await == 1,
        "the plan",
    )
    .await;
    assert_eq!(
        text_of(&browser, "article.plan h2").await,
        "<b>Faster</b> exports & <script>alert(1)</script>",
        "text, not markup"
    );
    assert_eq!(
        eval(&browser, "return document.querySelectorAll('article.plan h2 b, article.plan script').length").await,
        0
    );
    assert!(text_of(&browser, "article.plan .owner").await.contains("Jo Owner, owner · due 2027-03-31"));
    assert!(text_of(&browser, "article.plan .linked").await.contains("Comments about “slow exports”: 12"));
    assert_eq!(text_of(&browser, "article.plan .badge").await, "Planned");
    fill(&browser, "form.update input", "Prototype on staging").await;
    browser.wait_for("form.update select").await.select_by_value("in_progress").await.unwrap();
    click(&browser, "form.update button[type=submit]").await;
    eventually(async || text_of(&browser, "article.plan .badge").await == "In progress", "the new status").await;
    assert!(text_of(&browser, "article.plan .timeline").await.contains("Jo Owner → In progress: Prototype on staging"));
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the plans page");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-plans.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.close().await;
}

#[tokio::test]
async fn an_editor_previews_and_publishes_and_anyone_reads_the_page_on_a_phone_and_in_dark() {
    let app = TestApp::start().await;
    let browser = Browser::start().await;
    sign_up(&app, &browser).await;
    browser.wait_for("a.button[href='/admin/surveys/new']").await;
    let then = r#"await post('/admin/api/surveys/pulse/status', {status: 'live'});
           await post('/admin/api/surveys/pulse/plans', {heard: 'Replies take days', questions: ['recommend'],
             will_do: 'Answer every ticket within one working day', owner: me.user.id, due: '2027-03-31'});"#;
    let extra = r#", {id: 'why', kind: 'long_text', prompt: 'Why?'}, {id: 'quote', kind: 'consent', prompt: 'You may quote me.'}"#;
    let made = make_survey(&browser, "Acme support", extra, then).await;
    assert_eq!(made, 201);
    for score in [10, 9, 9, 6, 10, 8, 3] {
        let body = match score {
            10 => serde_json::json!({"answers": {"recommend": score, "why": "Fast, kind answers", "quote": true}}),
            3 => serde_json::json!({"answers": {"recommend": score, "why": "Private: slow refund"}}),
            _ => serde_json::json!({"answers": {"recommend": score}}),
        };
        let sent =
            app.http.post(format!("{}/api/v1/surveys/pulse/responses", app.url)).json(&body).send().await.unwrap();
        assert_eq!(sent.status(), 201);
    }
    browser.client.goto(&format!("{}/admin/surveys/pulse/plans", app.url)).await.unwrap();
    fill(
        &browser,
        ".publish textarea",
        "Thank you, 7 of you answered.\n\nReplies were too slow; here is what we will do.",
    )
    .await;
    browser.client.find(Locator::XPath("//button[text()='Preview']")).await.unwrap().click().await.unwrap();
    eventually(
        async || text_of(&browser, ".preview-page h3").await == "Answer every ticket within one working day",
        "the preview",
    )
    .await;
    assert!(text_of(&browser, ".preview-page").await.contains("7 people answered."));
    browser.client.find(Locator::XPath("//button[text()='Publish']")).await.unwrap().click().await.unwrap();
    eventually(async || text_of(&browser, ".publish a.public-link").await == "/r/pulse", "published").await;
    // Quotes show on the page as soon as an editor approves them. Two respondents consented to
    // be quoted (with the same words); the one who did not is not even offered.
    click(&browser, "details.quotes summary").await;
    let offered = "return document.querySelectorAll('details.quotes li').length";
    eventually(async || eval(&browser, offered).await == 2, "the quotes on offer").await;
    assert!(!text_of(&browser, "details.quotes").await.contains("Private"));
    click(&browser, "details.quotes li button").await;
    eventually(async || text_of(&browser, "details.quotes li").await.contains("on the page"), "approved").await;
    assert_eq!(app.store.quotes("pulse").await.unwrap().len(), 1);
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the plans page with its preview");
    // A member reading the page also gets the numbers now and every comment.
    browser.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
    eventually(async || text_of(&browser, ".members-view .summary").await == "7 people answered so far.", "members")
        .await;
    assert_eq!(text_of(&browser, ".members-view summary").await, "Every comment (3, newest first)");
    assert_eq!(support::axe_violations(&browser).await, Vec::<String>::new(), "the page as a member reads it");
    browser.close().await;

    // A customer, not logged in, on a phone and in dark mode.
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, dark, width) in
        [("results-page-desktop", false, 1280), ("results-page-phone", false, 360), ("results-page-dark", true, 1280)]
    {
        let reader = if dark { Browser::dark().await } else { Browser::start().await };
        reader.client.set_window_size(width, 1400).await.unwrap();
        reader.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
        eventually(async || text_of(&reader, "main.public h1").await == "Acme support", "the public page").await;
        assert!(text_of(&reader, "main.public").await.contains("Jo Owner, owner · due 2027-03-31"));
        assert_eq!(eval(&reader, "return !!document.querySelector('section.follow input[type=email]')").await, true);
        reader.wait_for(".follow-root[data-live] section.follow").await;
        let bundles =
            "return performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/assets/'))";
        let loaded = eval(&reader, bundles).await;
        assert!(loaded.to_string().contains("/assets/results/"), "{loaded}");
        assert!(!loaded.to_string().contains("/assets/admin/"), "no admin app: {loaded}");
        assert_eq!(text_of(&reader, "blockquote.quote").await, "Fast, kind answers");
        assert!(!text_of(&reader, "main.public").await.contains("Private"), "no comment without consent");
        assert_eq!(eval(&reader, "return document.querySelectorAll('.members-view').length").await, 0);
        assert_eq!(eval(&reader, "return document.querySelectorAll('h1').length").await, 1, "the first paint gave way");
        assert_eq!(eval(&reader, "return matchMedia('(prefers-color-scheme: dark)').matches").await, dark);
        let og = eval(&reader, "return document.querySelector('meta[property=\"og:title\"]').content").await;
        assert_eq!(og, "Results and what we will do: Acme support");
        assert_eq!(support::axe_violations(&reader).await, Vec::<String>::new(), "{name}");
        let overflow = eval(&reader, "return document.documentElement.scrollWidth <= window.innerWidth").await;
        assert_eq!(overflow, true, "{name}: nothing wider than the screen");
        std::fs::write(shots.join(format!("{name}.png")), reader.client.screenshot().await.unwrap()).unwrap();
        reader.close().await;
    }
    // Without JavaScript the server's own rendering of the page is there to read.
    let plain = Browser::without_javascript().await;
    plain.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
    assert_eq!(plain.wait_for("#results h3").await.text().await.unwrap(), "Answer every ticket within one working day");
    assert!(text_of(&plain, "#results").await.contains("Jo Owner, owner · due 2027-03-31"));
    assert_eq!(plain.wait_for("#results blockquote").await.text().await.unwrap(), "Fast, kind answers");
    // The charts too: the same component as the app's, drawn on the server.
    assert!(text_of(&plain, "#results figure.chart figcaption").await.starts_with("Would you recommend us?"));
    assert!(text_of(&plain, "#results figure.chart .headline").await.starts_with("NPS "));
    assert_eq!(plain.client.find_all(Locator::Css("#results figure.chart svg")).await.unwrap().len(), 1);
    // Its follow form posts as a plain form and answers with a page for a person (this server
    // sends no e-mail, so it says so).
    fill(&plain, "section.follow input[type=email]", "ann@example.org").await;
    click(&plain, "section.follow button[type=submit]").await;
    // The results page has a heading of its own: wait for the next page's, not that one.
    eventually(async || text_of(&plain, "main h1").await == "Not followed", "the page after the follow form").await;
    assert!(text_of(&plain, "main").await.contains("e-mail"), "{}", text_of(&plain, "main").await);
    assert_eq!(plain.wait_for("main a[href='/r/pulse?lang=en']").await.text().await.unwrap(), "Back to the results");
    plain.close().await;
}

/// The company's site with the survey behind its "Feedback" button (a popover).
const POPOVER_SITE: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1>
<p>Our shop.</p></main>
<script src="{{HEARBACK}}/embed.js" data-survey="pulse" async></script>
</body></html>"##;

#[tokio::test]
async fn a_respondent_is_told_on_the_company_site_reads_the_plan_replies_and_reads_the_owners_answer() {
    let app = TestApp::start_with(Options { host_page: Some(POPOVER_SITE.into()), ..Options::default() }).await;
    let company = Browser::start().await;
    sign_up(&app, &company).await;
    company.wait_for("a.button[href='/admin/surveys/new']").await;
    let then = format!(
        r#"await fetch('/admin/api/surveys/pulse', {{method: 'PUT', headers: {{'content-type': 'application/json',
             'x-csrf-token': me.csrf_token}}, body: JSON.stringify({{definition: {{...definition, publish_by: '2027-01-31'}},
             allowed_origins: ['{}']}})}});
           await post('/admin/api/surveys/pulse/status', {{status: 'live'}});"#,
        app.host_url
    );
    let made =
        make_survey(&company, "Acme support", r#", {id: 'why', kind: 'long_text', prompt: 'Why?'}"#, &then).await;
    assert_eq!(made, 201);

    // A customer answers behind the company site's Feedback button (another origin).
    let customer = Browser::start().await;
    customer.client.goto(&app.host_url).await.unwrap();
    click(&customer, "button[aria-controls=hearback-panel]").await;
    customer.wait_for("#hearback-panel iframe").await.enter_frame().await.unwrap();
    click(&customer, "input[name=recommend][value='4']").await;
    customer.wait_for("textarea").await.send_keys("Replies take days").await.unwrap();
    click(&customer, ".hb-send").await;
    customer.wait_for(".hb-widget[data-state=done]").await;
    // The thank-you says when results are promised and links them with the receipt.
    eventually(async || text_of(&customer, ".hb-loop").await.contains("January 31, 2027"), "the promised day").await;
    let link = eval(&customer, "return document.querySelector('.hb-loop a').href").await;
    assert!(link.as_str().unwrap().starts_with(&format!("{}/r/pulse?lang=en#receipt=", app.url)), "{link}");
    customer.client.enter_parent_frame().await.unwrap();

    // The link, before anything is published: thanks, the promised day, and a way to follow.
    customer.client.goto(link.as_str().unwrap()).await.unwrap();
    eventually(async || text_of(&customer, "main.public").await.contains("promised by 2027-01-31"), "the promise")
        .await;
    assert_eq!(text_of(&customer, "main.public h1").await, "Acme support");
    assert_eq!(eval(&customer, "return !!document.querySelector('section.follow input[type=email]')").await, true);
    assert_eq!(eval(&customer, "return location.hash").await, "", "the receipt is out of the address bar");
    assert_eq!(support::axe_violations(&customer).await, Vec::<String>::new(), "the page before results");

    // Nothing is published yet: coming back shows no card and opens nothing.
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#hearback-panel iframe").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(eval(&customer, support::PANEL_OPEN).await, false);

    // The company writes a plan owned by Jo and publishes.
    let publish = r#"return (async () => {
        const me = await (await fetch('/admin/api/me')).json();
        const post = (url, body) => fetch(url, {method: 'POST', headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: JSON.stringify(body)});
        await post('/admin/api/surveys/pulse/plans', {heard: 'Replies take days', questions: ['recommend', 'why'],
          will_do: 'Answer every ticket within one working day', owner: me.user.id, due: '2027-03-31'});
        return (await post('/admin/api/surveys/pulse/publication', {summary: 'Replies were too slow.', visibility: 'public'})).status;
      })()"#;
    assert_eq!(eval(&company, publish).await, 201);

    // The same customer comes back to the company site: the panel opens with the card.
    customer.client.goto(&app.host_url).await.unwrap();
    let opened = support::PANEL_OPEN;
    eventually(async || eval(&customer, opened).await == true, "the panel opened by the news").await;
    customer.wait_for("#hearback-panel iframe").await.enter_frame().await.unwrap();
    customer.wait_for(".hb-news:not([hidden])").await;
    assert_eq!(text_of(&customer, ".hb-news h2").await, "You said, we did");
    assert!(text_of(&customer, ".hb-news").await.contains("The results of “Acme support” are out"));
    assert_eq!(support::axe_violations(&customer).await, Vec::<String>::new(), "the card");
    let link = eval(&customer, "return document.querySelector('.hb-news a').href").await;
    assert!(link.as_str().unwrap().contains("#receipt="), "{link}");
    customer.client.enter_parent_frame().await.unwrap();
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("you-said-we-did.png"), customer.client.screenshot().await.unwrap()).unwrap();

    // The card's link opens the results page; the receipt leaves the address bar and stays.
    customer.client.goto(link.as_str().unwrap()).await.unwrap();
    customer.wait_for("form.reply textarea").await;
    assert_eq!(eval(&customer, "return location.hash").await, "");
    assert_eq!(text_of(&customer, "form.reply label").await, "Reply to Jo Owner");
    fill(&customer, "form.reply textarea", "Will weekends count? <b>bold</b>").await;
    click(&customer, "form.reply button[type=submit]").await;
    eventually(async || text_of(&customer, ".reply-list").await.contains("Not answered yet."), "the reply").await;
    assert!(text_of(&customer, ".reply-list").await.contains("You: Will weekends count? <b>bold</b>"));

    // Jo reads the reply in the admin app and answers it.
    company.client.goto(&format!("{}/admin/surveys/pulse/plans", app.url)).await.unwrap();
    eventually(
        async || text_of(&company, ".plan-replies h3").await == "Replies from respondents (1)",
        "the reply in the admin app",
    )
    .await;
    assert!(text_of(&company, ".plan-replies").await.contains("Will weekends count? <b>bold</b>"));
    fill(&company, ".plan-replies input", "Yes: one working day, so a Friday ticket is answered on Monday.").await;
    click(&company, ".plan-replies button[type=submit]").await;
    eventually(async || text_of(&company, ".plan-replies .answer").await.contains("Jo Owner answered"), "answered")
        .await;
    assert_eq!(support::axe_violations(&company).await, Vec::<String>::new(), "the plans page with a reply");

    // The customer sees the answer on the page (the receipt kept from the first visit).
    customer.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
    eventually(
        async || text_of(&customer, ".reply-list .answer").await.contains("Jo Owner: Yes: one working day"),
        "the answer, to the respondent",
    )
    .await;
    assert_eq!(support::axe_violations(&customer).await, Vec::<String>::new(), "the results page with replies");
    std::fs::write(shots.join("results-page-reply.png"), customer.client.screenshot().await.unwrap()).unwrap();
    // Another reader sees neither the form nor the reply.
    let stranger = Browser::start().await;
    stranger.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
    eventually(async || text_of(&stranger, "main.public h1").await == "Acme support", "the public page").await;
    assert_eq!(eval(&stranger, "return document.querySelectorAll('form.reply, .reply-list').length").await, 0);
    stranger.close().await;

    // The plan is done, and Jo asks whether it fixed things.
    let ask = r#"return (async () => {
        const me = await (await fetch('/admin/api/me')).json();
        const send = (method, url, body) => fetch(url, {method, headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: JSON.stringify(body)});
        const plan = (await (await fetch('/admin/api/surveys/pulse/plans')).json()).plans[0].id;
        await send('POST', `/admin/api/surveys/pulse/plans/${plan}/updates`, {body: 'Live for everyone', status: 'done'});
        return (await send('PUT', `/admin/api/surveys/pulse/plans/${plan}/follow-up`,
          {question: 'recommend', prompt: 'Now that we answer within a day, would you recommend us?'})).status;
      })()"#;
    assert_eq!(eval(&company, ask).await, 204);

    // The answer and the follow-up are news: the card comes back, asks, and stays away once
    // dismissed.
    customer.client.goto(&app.host_url).await.unwrap();
    eventually(async || eval(&customer, opened).await == true, "the panel opened by the answer").await;
    customer.wait_for("#hearback-panel iframe").await.enter_frame().await.unwrap();
    customer.wait_for(".hb-news:not([hidden]) .hb-follow-up").await;
    assert!(text_of(&customer, ".hb-follow-up legend").await.starts_with("Now that we answer within a day"));
    assert_eq!(support::axe_violations(&customer).await, Vec::<String>::new(), "the card with its question");
    std::fs::write(shots.join("did-this-fix-it.png"), customer.client.screenshot().await.unwrap()).unwrap();
    customer
        .client
        .find(Locator::XPath("//div[@class='hb-follow-up']//button[text()='9']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually(async || text_of(&customer, ".hb-news").await.contains("Thank you!"), "the follow-up answered").await;
    assert_eq!(app.store.follow_ups("pulse").await.unwrap()[0].values, [9]);
    click(&customer, ".hb-news:not([hidden]) .hb-dismiss").await;
    eventually(async || eval(&customer, "return document.querySelector('.hb-news').hidden").await == true, "dismissed")
        .await;
    customer.client.enter_parent_frame().await.unwrap();
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#hearback-panel iframe").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(eval(&customer, support::PANEL_OPEN).await, false, "seen");
    // The page says what it asked, and that the comparison waits for enough answers.
    customer.client.goto(&format!("{}/r/pulse", app.url)).await.unwrap();
    eventually(
        async || text_of(&customer, ".follow-up").await.contains("at least 5 people"),
        "the follow-up on the page",
    )
    .await;
    customer.close().await;
    company.close().await;
}

/// Dana, the demo's owner, logs in on the log-in page the browser shows.
async fn log_in_as_dana(dana: &Browser) {
    fill(dana, "#f-e-mail", "dana@acme.example").await;
    fill(dana, "#f-password", hearback_server::demo::DEMO_PASSWORD).await;
    click(dana, "button[type=submit]").await;
    eventually(async || text_of(dana, ".who").await.contains("Acme"), "the app, logged in").await;
}

#[tokio::test]
async fn an_editor_translates_what_the_company_wrote_and_german_readers_read_it() {
    let app = TestApp::start().await;
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &Default::default()).await.unwrap());
    let dana = Browser::start().await;
    dana.client.goto(&format!("{}/admin/login", app.url)).await.unwrap();
    log_in_as_dana(&dana).await;
    dana.client.goto(&format!("{}/admin/surveys/demo/plans", app.url)).await.unwrap();
    // The panel says how many texts German lacks: all of them, at first.
    click(&dana, "details.translations summary").await;
    dana.wait_for("details.translations select option[value=de]").await;
    dana.wait_for("details.translations select").await.select_by_value("de").await.unwrap();
    let summary = text_of(&dana, "details.translations summary").await;
    let missing: usize = summary.trim_start_matches("Translations (").split(' ').next().unwrap().parse().unwrap();
    assert!(missing >= 3 && summary.ends_with("missing in de)"), "{summary}");
    assert_eq!(
        dana.client.find_all(Locator::Css("details.translations li .badge")).await.unwrap().len(),
        missing,
        "each missing text is marked"
    );
    // Dana translates the first plan's "what we will do" and saves.
    fill(
        &dana,
        "details.translations li:has(.badge) textarea[data-key^='will_do:']",
        "Jedes Ticket innerhalb eines Arbeitstages beantworten",
    )
    .await;
    click(&dana, "details.translations button").await;
    let fewer = format!("Translations ({} missing in de)", missing - 1);
    eventually(async || text_of(&dana, "details.translations summary").await == fewer, "one fewer missing").await;
    assert_eq!(support::axe_violations(&dana).await, Vec::<String>::new(), "the plans page with the panel open");
    let panel = dana.wait_for("details.translations").await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("translations-panel.png"), panel.screenshot().await.unwrap()).unwrap();
    dana.close().await;

    // A German reader reads it; the texts not translated are shown as written, and say so.
    let reader = Browser::start().await;
    reader.client.goto(&format!("{}/r/demo?lang=de", app.url)).await.unwrap();
    reader.wait_for("#summary-heading").await;
    let plans = text_of(&reader, "section[aria-labelledby=plans-heading]").await;
    assert!(plans.contains("Jedes Ticket innerhalb eines Arbeitstages beantworten"), "{plans}");
    assert!(plans.contains("Noch nicht übersetzt: hier im Original."), "{plans}");
    let marked = eval(&reader, "return document.querySelector('bdi[lang=en]') !== null").await;
    assert_eq!(marked, true, "an untranslated text is marked as English");
    // The demo's own German: the summary and the first plan.
    assert!(plans.contains("Jedes Support-Ticket innerhalb eines Arbeitstages beantworten"), "{plans}");
    assert_eq!(support::axe_violations(&reader).await, Vec::<String>::new());
    std::fs::write(shots.join("results-de-translated.png"), reader.client.screenshot().await.unwrap()).unwrap();
    reader.close().await;
}

/// The app in German, kept in the browser; the results and the public page's preview read in
/// Arabic, right to left, whatever the app's language.
#[tokio::test]
async fn a_member_works_in_german_and_reads_the_results_in_arabic() {
    let app = TestApp::start().await;
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &Default::default()).await.unwrap());
    let dana = Browser::start().await;
    dana.client.goto(&format!("{}/admin/login", app.url)).await.unwrap();
    eventually(async || text_of(&dana, "h1").await == "Log in to Hearback", "the browser's English first").await;
    dana.wait_for("label.language select").await.select_by_value("de").await.unwrap();
    eventually(async || text_of(&dana, "h1").await == "Bei Hearback anmelden", "the page in German").await;
    assert_eq!(eval(&dana, "return document.documentElement.lang").await, "de");
    log_in_as_dana(&dana).await;
    let header = text_of(&dana, "header.bar").await;
    assert!(header.contains("Umfragen") && header.contains("Abmelden") && header.contains("Inhaber"), "{header}");

    // Another page, loaded afresh: still German, and so is what the builder says is wrong.
    dana.client.goto(&format!("{}/admin/surveys/demo", app.url)).await.unwrap();
    click(&dana, "details.settings summary").await;
    fill(&dana, "details.settings input[placeholder='100']", "viele").await;
    click(&dana, "button.primary").await;
    eventually(
        async || text_of(&dana, "p.problem").await.ends_with("bitte eine ganze Zahl"),
        "the builder's problem in German",
    )
    .await;
    assert!(text_of(&dana, "p.problem").await.starts_with("Stichprobe"), "names the setting in German");
    // Switched while on a page: every word follows, those worked out once (a form's options) too.
    let light = "return document.querySelector('option[value=light]').textContent";
    assert_eq!(eval(&dana, light).await, "Hell");
    dana.wait_for("header.bar label.language select").await.select_by_value("en").await.unwrap();
    eventually(async || text_of(&dana, "header.bar").await.contains("Log out"), "the header in English").await;
    eventually(async || eval(&dana, light).await == "Light", "the builder's options in English").await;
    dana.wait_for("header.bar label.language select").await.select_by_value("de").await.unwrap();
    eventually(async || eval(&dana, light).await == "Hell", "and in German again").await;
    dana.client.goto(&format!("{}/admin/surveys/demo/results", app.url)).await.unwrap();
    eventually(async || text_of(&dana, "h1").await.starts_with("Ergebnisse: "), "the dashboard in German").await;
    // The charts start in the app's language.
    eventually(async || text_of(&dana, "div.reading").await.contains("geantwortet"), "the charts, first in German")
        .await;
    dana.wait_for("p.reading select").await.select_by_value("ar").await.unwrap();
    let arabic = hearback_web::admin::page_words::page_words("ar");
    let answered = arabic.chart_answered.split(' ').next().unwrap().to_owned();
    eventually(async || text_of(&dana, "div.reading").await.contains(&answered), "the charts in Arabic").await;
    assert_eq!(eval(&dana, "return document.querySelector('div.reading').dir").await, "rtl");
    assert!(text_of(&dana, "h1").await.starts_with("Ergebnisse: "), "the app itself stays German");
    assert_eq!(support::axe_violations(&dana).await, Vec::<String>::new(), "the dashboard, German and Arabic");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-de-results-ar.png"), dana.client.screenshot().await.unwrap()).unwrap();

    // The plans page's preview of the public page, in Arabic with the company's texts as written.
    dana.client.goto(&format!("{}/admin/surveys/demo/plans", app.url)).await.unwrap();
    dana.wait_for("p.reading select").await.select_by_value("ar").await.unwrap();
    click(&dana, ".publish .actions button").await;
    eventually(async || text_of(&dana, ".preview-page").await.contains(arabic.plans_heading), "the preview in Arabic")
        .await;
    assert_eq!(eval(&dana, "return document.querySelector('.preview-page').dir").await, "rtl");
    assert_eq!(support::axe_violations(&dana).await, Vec::<String>::new(), "the plans page with an Arabic preview");
    std::fs::write(shots.join("admin-de-preview-ar.png"), dana.client.screenshot().await.unwrap()).unwrap();
    dana.close().await;
}
