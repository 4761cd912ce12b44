//! End to end, the inner loop on the company's own site: two customers who said different things
//! come back after the company published its plans, and the "You said, we did" card names, for
//! each, the plan that answers what they said, with its owner and status; an unhappy customer who
//! asks to hear back gets a case, a message from its owner on the card (or by e-mail), answers,
//! and is asked "Did we resolve it?".

mod support;

use fantoccini::Locator;
use serde_json::Value;
use support::{axe_violations, click, eval, eventually, text_of, Browser, Options, TestApp};

/// The company's site: the survey inline.
const SITE: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1>
<div id="feedback"></div></main>
<script src="{{HEARBACK}}/embed.js" data-survey="pulse" data-mode="inline" data-target="#feedback" async></script>
</body></html>"##;

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
            {{id: 'exports', kind: 'csat', prompt: 'How well do exports work?'}},
            {{id: 'reach', kind: 'contact', prompt: 'May someone from Acme contact you about your answers?'}}]}};
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

/// The case's id, once the rule opened it.
async fn first_case(dana: &Browser) -> String {
    let script = "return fetch('/admin/api/cases').then(r => r.json()).then(c => c.cases.length ? c.cases[0].id : '')";
    let mut id = String::new();
    eventually(
        async || {
            id = eval(dana, script).await.as_str().unwrap_or_default().to_owned();
            !id.is_empty()
        },
        "the case",
    )
    .await;
    id
}

#[tokio::test]
async fn a_customer_who_asks_to_hear_back_gets_a_named_persons_message_answers_and_can_reopen_the_case() {
    let options = Options { host_page: Some(SITE.into()), send_mail: true, ..Options::default() };
    let app = TestApp::start_with(options).await;
    let dana = company(&app, "await post('/admin/api/root-causes', {label: 'Slow support'});").await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    // Dana's rule, in the app: whoever asks to be contacted gets a case, hers, due in 2 business days.
    click(&dana, "a[href='/admin/cases']").await;
    dana.wait_for("#rules-survey option[value=pulse]").await;
    dana.wait_for("#rules-survey").await.select_by_value("pulse").await.unwrap();
    dana.wait_for("#rule-question option[value=reach]").await;
    dana.wait_for("#rule-question").await.select_by_value("reach").await.unwrap();
    let dana_id = eval(&dana, "return fetch('/admin/api/me').then(r => r.json()).then(m => m.user.id)").await;
    let dana_id = dana_id.as_str().unwrap().to_owned();
    dana.wait_for(&format!("#rule-owner option[value='{dana_id}']")).await;
    dana.wait_for("#rule-owner").await.select_by_value(&dana_id).await.unwrap();
    click(&dana, "section[aria-labelledby=rules] button[type=submit]").await;
    let rule = "reach asks to be contacted → Dana Reyes, due in 2 business days";
    eventually(async || text_of(&dana, "ul.rules").await.contains(rule), "the rule").await;

    // An unhappy customer answers on the company site and asks for a reply here, no address.
    let customer = Browser::start().await;
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    click(&customer, "input[name=recommend][value='2']").await;
    click(&customer, "input[name=speed][value='1']").await;
    assert!(text_of(&customer, ".hb-contact").await.contains("We will use this only to follow up"), "the purpose");
    click(&customer, "input[name=reach][value=here]").await;
    assert_eq!(axe_violations(&customer).await, Vec::<String>::new(), "the contact question");
    click(&customer, ".hb-send").await;
    customer.wait_for(".hb-widget[data-state=done]").await;

    // The case is Dana's, due 2 business days after the answer; she writes from it.
    let case = first_case(&dana).await;
    let stored = eval(&dana, &format!("return fetch('/admin/api/cases/{case}').then(r => r.json())")).await;
    let opened = stored["opened_at"].as_i64().unwrap();
    assert_eq!(stored["due_at"].as_i64(), Some(hearback_core::case::due_at(opened, 2)));
    assert_eq!(stored["reply_via"], "here");
    dana.client.goto(&format!("{}/admin/cases/{case}", app.url)).await.unwrap();
    eventually(async || text_of(&dana, ".hint").await.contains("A reply here only"), "how they hear back").await;
    fill(&dana, "#case-message", "Hello, I am Dana. Which ticket waited so long?").await;
    click(&dana, "form.write button[type=submit]").await;
    eventually(async || text_of(&dana, "ol.thread").await.contains("Which ticket waited so long?"), "sent").await;
    eventually(async || text_of(&dana, "dd.status").await == "contacted", "contacted").await;

    // On their next visit the card shows Dana's name and message first, with the way to answer.
    customer.client.enter_parent_frame().await.unwrap();
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    customer.wait_for(".hb-news:not([hidden]) .hb-from").await;
    let from = text_of(&customer, ".hb-from").await;
    assert_eq!(from, "Dana Reyes: Hello, I am Dana. Which ticket waited so long? Your answer to Dana Reyes");
    assert_eq!(axe_violations(&customer).await, Vec::<String>::new(), "the card with a message");
    customer.client.enter_parent_frame().await.unwrap();
    std::fs::write(shots.join("card-message.png"), customer.client.screenshot().await.unwrap()).unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    let page = eval(&customer, "return document.querySelector('.hb-from a').href").await;
    let page = page.as_str().unwrap().to_owned();

    // The customer answers on their conversation page.
    customer.client.goto(&page).await.unwrap();
    fill(&customer, "#answer", "Ticket 4711: three days without a reply.").await;
    click(&customer, "form button[type=submit]").await;
    customer.wait_for(".note").await;
    assert_eq!(text_of(&customer, ".note").await, "Sent. Dana Reyes will read it.");
    assert_eq!(axe_violations(&customer).await, Vec::<String>::new(), "the conversation page");
    std::fs::write(shots.join("conversation.png"), customer.client.screenshot().await.unwrap()).unwrap();

    // Dana reads it in the case, resolves it with a root cause.
    dana.client.refresh().await.unwrap();
    eventually(async || text_of(&dana, "ol.thread").await.contains("Ticket 4711"), "the answer in the case").await;
    fill(&dana, "#case-outcome", "Answered the ticket; two more support people").await;
    dana.wait_for("#case-cause option[value=slow-support]").await;
    dana.wait_for("#case-cause").await.select_by_value("slow-support").await.unwrap();
    click(&dana, "form.resolve button[type=submit]").await;
    eventually(async || text_of(&dana, "dd.status").await == "resolved", "resolved").await;

    // "Did we resolve it?" — no: the case is Dana's again.
    customer.client.goto(&page).await.unwrap();
    customer.wait_for("button[value=no]").await;
    assert_eq!(axe_violations(&customer).await, Vec::<String>::new(), "the question");
    click(&customer, "button[value=no]").await;
    customer.wait_for(".note").await;
    assert_eq!(text_of(&customer, ".note").await, "Thank you. Dana Reyes will be in touch again.");
    dana.client.refresh().await.unwrap();
    eventually(async || text_of(&dana, "dd.status").await == "open", "open again").await;
    assert!(text_of(&dana, "body").await.contains("They said: no — the case opened again"));
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the case page with its conversation");
    std::fs::write(shots.join("admin-case-conversation.png"), dana.client.screenshot().await.unwrap()).unwrap();
    customer.close().await;

    // The same by e-mail: the address goes in the box e-mail shows; Dana's message leaves from her
    // name, replies to her, through the loopback SMTP listener.
    let emailed = Browser::start().await;
    emailed.client.goto(&app.host_url).await.unwrap();
    emailed.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    click(&emailed, "input[name=recommend][value='3']").await;
    click(&emailed, "input[name=reach][value=email]").await;
    fill(&emailed, "input[name='reach.email']", "Ann@Example.com").await;
    click(&emailed, ".hb-send").await;
    emailed.wait_for(".hb-widget[data-state=done]").await;
    emailed.close().await;
    let cases =
        "return fetch('/admin/api/cases').then(r => r.json()).then(c => c.cases.find(c => c.reply_via === 'email').id)";
    let by_mail = eval(&dana, cases).await.as_str().unwrap().to_owned();
    let write = format!(
        "return (async () => {{ const me = await (await fetch('/admin/api/me')).json();
          const sent = await fetch('/admin/api/cases/{by_mail}/messages', {{method: 'POST', headers: {{'content-type':
            'application/json', 'x-csrf-token': me.csrf_token}}, body: JSON.stringify({{body: 'Hello Ann, Dana here.'}})}});
          return sent.status; }})()"
    );
    assert_eq!(eval(&dana, &write).await, 201);
    let sink = hearback_server::testing::SmtpSink::start().await;
    let mailer = hearback_server::mail::Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    let now = hearback_server::store::now_millis();
    hearback_server::mail::send_due(app.store.as_ref(), &mailer, now).await.unwrap();
    let mail = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).expect("Dana's message to Ann");
    assert_eq!(mail.header("From").unwrap(), r#""Dana Reyes at Acme" <feedback@acme.example>"#);
    assert_eq!(mail.header("Reply-To").unwrap(), r#""Dana Reyes" <dana@acme.example>"#);
    assert!(mail.text().starts_with("Hello Ann, Dana here.") && mail.text().contains(&format!("{}/c/", app.url)));

    // Dana asks for the weekly digest and reads what it says: her cases waiting, with links.
    dana.client.goto(&format!("{}/admin/cases", app.url)).await.unwrap();
    click(&dana, "section[aria-labelledby=digest] input[type=checkbox]").await;
    eventually(async || text_of(&dana, "pre.digest").await.contains("Your cases waiting: 2"), "the digest").await;
    let wanted = eval(&dana, "return fetch('/admin/api/me/digest').then(r => r.json()).then(d => d.weekly)").await;
    assert_eq!(wanted, true);
    assert!(text_of(&dana, "pre.digest").await.contains(&format!("{}/admin/cases/", app.url)), "links into the app");
    assert_eq!(axe_violations(&dana).await, Vec::<String>::new(), "the conversations page with the digest");
    let digest = dana.wait_for("section[aria-labelledby=digest]").await;
    std::fs::write(shots.join("digest.png"), digest.screenshot().await.unwrap()).unwrap();
    dana.close().await;
}
