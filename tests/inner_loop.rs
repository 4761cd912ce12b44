//! End to end, the inner loop on the company's own site: two customers who said different things
//! come back after the company published its plans, and the "You said, we did" card names, for
//! each, the plan that answers what they said, with its owner and status.

mod support;

use fantoccini::Locator;
use serde_json::Value;
use support::{axe_violations, eval, eventually, Browser, Options, TestApp};

/// The company's site: the survey inline.
const SITE: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1>
<div id="feedback"></div></main>
<script src="{{HEARBACK}}/embed.js" data-survey="pulse" data-mode="inline" data-target="#feedback" async></script>
</body></html>"##;

async fn text_of(browser: &Browser, css: &str) -> String {
    let script = format!("const e = document.querySelector({css:?}); return e ? e.textContent : ''");
    eval(browser, &script).await.as_str().unwrap_or_default().to_owned()
}

async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css).await.click().await.unwrap();
}

/// A customer answers on the company site: how fast support is, how well exports work.
async fn answer(app: &TestApp, customer: &Browser, speed: u8, exports: u8) {
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    click(customer, "input[name=recommend][value='5']").await;
    click(customer, &format!("input[name=speed][value='{speed}']")).await;
    click(customer, &format!("input[name=exports][value='{exports}']")).await;
    click(customer, ".hb-send").await;
    customer.wait_for(".hb-widget[data-state=done]").await;
    customer.client.enter_parent_frame().await.unwrap();
}

/// The card the customer sees when they come back, inside the survey's frame.
async fn card(app: &TestApp, customer: &Browser) -> String {
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    customer.wait_for(".hb-news:not([hidden]) .hb-for-you").await;
    assert_eq!(axe_violations(customer).await, Vec::<String>::new(), "the card");
    text_of(customer, ".hb-for-you").await
}

/// Dana signs Acme up in the admin app; its live survey `pulse` asks how likely customers are to
/// recommend it, how fast support answers and how well exports work. `then` (JavaScript with `me`
/// and `post` at hand) runs before it goes live.
async fn company(app: &TestApp, then: &str) -> Browser {
    let dana = Browser::start().await;
    dana.client.goto(&format!("{}/admin/signup", app.url)).await.unwrap();
    for (field, text) in [
        ("#f-your-name", "Dana Reyes"),
        ("#f-e-mail", "dana@acme.example"),
        ("#f-password", "correct horse battery"),
        ("#f-organisation", "Acme"),
    ] {
        dana.wait_for(field).await.send_keys(text).await.unwrap();
    }
    click(&dana, "button[type=submit]").await;
    dana.wait_for("a.button[href='/admin/surveys/new']").await;
    let setup = format!(
        r#"return (async () => {{
          const me = await (await fetch('/admin/api/me')).json();
          const post = (url, body) => fetch(url, {{method: 'POST', headers: {{'content-type': 'application/json',
            'x-csrf-token': me.csrf_token}}, body: JSON.stringify(body)}});
          const definition = {{id: 'pulse', title: 'Acme support', questions: [
            {{id: 'recommend', kind: 'nps', prompt: 'Would you recommend us?', required: true}},
            {{id: 'speed', kind: 'csat', prompt: 'How fast does support answer?'}},
            {{id: 'exports', kind: 'csat', prompt: 'How well do exports work?'}}]}};
          await post('/admin/api/surveys', {{definition, allowed_origins: ['{}']}});
          {then}
          return (await post('/admin/api/surveys/pulse/status', {{status: 'live'}})).status;
        }})()"#,
        app.host_url
    );
    assert_eq!(eval(&dana, &setup).await, 200);
    dana
}

#[tokio::test]
async fn two_customers_who_said_different_things_see_the_plan_that_answers_each() {
    let app = TestApp::start_with(Options { host_page: Some(SITE.into()), ..Options::default() }).await;
    let company = company(&app, "").await;

    let slow = Browser::start().await;
    answer(&app, &slow, 1, 5).await;
    let exports = Browser::start().await;
    answer(&app, &exports, 5, 2).await;

    let publish = r#"return (async () => {
        const me = await (await fetch('/admin/api/me')).json();
        const post = (url, body) => fetch(url, {method: 'POST', headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: JSON.stringify(body)});
        await post('/admin/api/surveys/pulse/plans', {heard: 'Support is slow', questions: ['speed'],
          will_do: 'We now answer every ticket within one working day.', owner: me.user.id, due: '2031-03-31',
          status: 'in_progress'});
        await post('/admin/api/surveys/pulse/plans', {heard: 'Exports fail on big projects', questions: ['exports'],
          will_do: 'Exports now run in the background.', owner: me.user.id, due: '2031-04-30'});
        return (await post('/admin/api/surveys/pulse/publication', {summary: 'We heard you.', visibility: 'public'})).status;
      })()"#;
    assert_eq!(eval(&company, publish).await, Value::from(201));
    company.close().await;

    let said = card(&app, &slow).await;
    assert_eq!(said, "Support is slow We now answer every ticket within one working day. — Dana Reyes · in progress");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    slow.client.enter_parent_frame().await.unwrap();
    std::fs::write(shots.join("card-for-you.png"), slow.client.screenshot().await.unwrap()).unwrap();
    slow.close().await;
    let said = card(&app, &exports).await;
    eventually(async || said.contains("Exports now run in the background. — Dana Reyes · planned"), "the exports plan")
        .await;
    exports.close().await;
}

async fn fill(browser: &Browser, css: &str, text: &str) {
    let field = browser.wait_for(css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn an_unhappy_answer_opens_a_case_its_owner_follows_up_resolves_with_a_root_cause_and_links_to_a_plan() {
    let app = TestApp::start_with(Options { host_page: Some(SITE.into()), ..Options::default() }).await;
    let plan = "await post('/admin/api/surveys/pulse/plans', {heard: 'Support is slow', questions: ['speed'],
        will_do: 'Answer within a day', owner: me.user.id, due: '2031-03-31'});";
    let dana = company(&app, plan).await;

    // Dana writes the rule in the app: a score of 6 or less opens a case for her, due in 2 business days.
    click(&dana, "a[href='/admin/cases']").await;
    // Each list fills as its data arrives: wait for the option before choosing it.
    dana.wait_for("#rules-survey option[value=pulse]").await;
    dana.wait_for("#rules-survey").await.select_by_value("pulse").await.unwrap();
    dana.wait_for("#rule-question option[value=recommend]").await;
    dana.wait_for("#rule-question").await.select_by_value("recommend").await.unwrap();
    let dana_id = eval(&dana, "return fetch('/admin/api/me').then(r => r.json()).then(m => m.user.id)").await;
    dana.wait_for(&format!("#rule-owner option[value='{}']", dana_id.as_str().unwrap())).await;
    dana.wait_for("#rule-owner").await.select_by_value(dana_id.as_str().unwrap()).await.unwrap();
    click(&dana, "section[aria-labelledby=rules] button[type=submit]").await;
    eventually(
        async || text_of(&dana, "ul.rules").await.contains("recommend at most 6 → Dana Reyes, due in 2 business days"),
        "the rule",
    )
    .await;

    // An unhappy customer answers on the company site.
    let customer = Browser::start().await;
    answer(&app, &customer, 1, 4).await;
    customer.close().await;

    // The case is Dana's, due in 2 business days.
    dana.client.goto(&format!("{}/admin/cases", app.url)).await.unwrap();
    eventually(async || text_of(&dana, "table.cases tbody").await.contains("A customer of pulse"), "the case").await;
    // Dana sets herself a goal of 5 customers a month; the summary counts her month against it.
    let goal = dana.wait_for("table.members input[type=number]").await;
    goal.send_keys("5").await.unwrap();
    dana.press(['\u{e004}']).await; // Tab: the change is sent
    eventually(async || text_of(&dana, "table.members tbody").await.contains("0 of 5"), "the goal").await;
    assert!(text_of(&dana, "table.cases tbody").await.contains("Dana Reyes"));
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the conversations page");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("admin-conversations.png"), dana.client.screenshot().await.unwrap()).unwrap();
    click(&dana, "table.cases tbody a").await;
    eventually(async || text_of(&dana, "ul.answers").await.contains("recommend: 5"), "the answers").await;

    // Contacted; a root cause added to the list; resolved with it; linked to the plan.
    let button = |text: &str| format!("//button[text()='{text}']");
    dana.client.find(Locator::XPath(&button("Mark contacted"))).await.unwrap().click().await.unwrap();
    eventually(async || text_of(&dana, "dd.status").await == "contacted", "contacted").await;
    fill(&dana, "#new-cause", "Slow support").await;
    dana.client.find(Locator::XPath(&button("Add to the list"))).await.unwrap().click().await.unwrap();
    dana.wait_for("#case-cause option[value=slow-support]").await;
    fill(&dana, "#case-outcome", "Called back; the ticket is answered").await;
    dana.wait_for("#case-cause").await.select_by_value("slow-support").await.unwrap();
    click(&dana, "form.resolve button[type=submit]").await;
    eventually(async || text_of(&dana, "dd.status").await == "resolved", "resolved").await;
    dana.wait_for("#case-plan option:nth-child(2)").await;
    let plan = eval(&dana, "return document.querySelector('#case-plan option:nth-child(2)').value").await;
    dana.wait_for("#case-plan").await.select_by_value(plan.as_str().unwrap()).await.unwrap();
    dana.client.find(Locator::XPath(&button("Link"))).await.unwrap().click().await.unwrap();
    eventually(async || text_of(&dana, "dl.case").await.contains("Led to planAnswer within a day"), "the plan linked")
        .await;
    assert!(text_of(&dana, "dl.case").await.contains("Root causeSlow support"), "labels, not ids");
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the case page");
    std::fs::write(shots.join("admin-case.png"), dana.client.screenshot().await.unwrap()).unwrap();
    let stored =
        eval(&dana, "return fetch('/admin/api/cases?mine=true').then(r => r.json()).then(c => c.cases[0])").await;
    assert_eq!(
        (stored["status"].as_str(), stored["root_cause"].as_str(), stored["outcome"].as_str(), stored["plan"].clone()),
        (Some("resolved"), Some("slow-support"), Some("Called back; the ticket is answered"), plan)
    );

    // The customer wall for the office screen, through its secret link.
    let make = "return (async () => { const me = await (await fetch('/admin/api/me')).json();
        await fetch('/admin/api/surveys/pulse/publication', {method: 'POST', headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: JSON.stringify({summary: 'We heard you.', visibility: 'public'})});
        const made = await fetch('/admin/api/wall-link', {method: 'POST', headers: {'x-csrf-token': me.csrf_token}});
        return (await made.json()).url; })()";
    let link = eval(&dana, make).await;
    dana.client.goto(&format!("{}{}", app.url, link.as_str().unwrap())).await.unwrap();
    dana.wait_for("p.reached").await;
    assert_eq!(text_of(&dana, "p.reached").await, "1 customers spoken with this month");
    assert!(text_of(&dana, ".plans").await.contains("Answer within a day — Dana Reyes · planned"));
    assert!(text_of(&dana, ".quotes").await.contains("No approved quotes yet."));
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the wall");
    std::fs::write(shots.join("wall.png"), dana.client.screenshot().await.unwrap()).unwrap();
    dana.close().await;
}
