//! End to end, nothing injected ever runs (README, "Reliability"): a company writes markup meant to
//! run ([`support::hostile::PAYLOADS`]) into every field it can fill — its name, its members'
//! names, the survey's title, prompts, help, choices and translations, its theme's font, plans,
//! updates, follow-up questions, a published summary and its translation, notes, answers to
//! replies — and respondents into theirs — answers, "Other" texts, comments, replies to plans.
//! Then every page where those show is opened in Chromium, with the page's Content Security Policy
//! switched off (so that the escaping is what is tested, not the CSP behind it): the widget in
//! each mode, with and without JavaScript, the card on a later visit, the results page as a reader
//! and as a member, the follow pages, and the admin app's pages. On none does a payload run or
//! become markup, and the text shows as text. The Atom feed parses and holds the text escaped,
//! the e-mails hold it as sent, and no CSV cell starts a formula.

mod support;

use hearback_server::mail::{send_due, Mailer};
use hearback_server::testing::SmtpSink;
use serde_json::{json, Value};
use support::hostile::{all, packed, packed_for_survey, shown_text, what_ran, PAYLOADS};
use support::{cdp, click, eval, eventually, fill, Browser, Options, TestApp};

/// The company's site: the survey inline, and on other pages in a popover and in a modal.
const SITE: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1>
<div id="feedback"></div></main>
<script src="{{HEARBACK}}/embed.js" data-survey="hostile" data-mode="inline" data-target="#feedback" async></script>
</body></html>"##;
const POPOVER: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1></main>
<script src="{{HEARBACK}}/embed.js" data-survey="hostile" data-trigger="load" async></script></body></html>"##;
const MODAL: &str = r##"<!doctype html><html lang="en"><head><title>Acme</title></head><body><main><h1>Acme</h1></main>
<script src="{{HEARBACK}}/embed.js" data-survey="hostile" data-mode="modal" data-trigger="load" async></script></body></html>"##;

/// A browser that ignores pages' Content Security Policy: a payload that the escaping let through
/// would run, not be stopped by the CSP.
async fn browser(javascript: bool) -> Browser {
    let browser = if javascript { Browser::start().await } else { Browser::without_javascript().await };
    cdp(&browser, "Page.setBypassCSP", json!({ "enabled": true })).await;
    browser
}

/// Opens `url` (unless empty: the page the browser is on), waits for `ready`, and checks that
/// nothing ran and that each of `shown` reads as text on the page.
async fn check(browser: &Browser, what: &str, url: &str, ready: &str, shown: &[&str]) {
    if !url.is_empty() {
        browser.client.goto(url).await.unwrap();
    }
    browser.wait_for(ready).await;
    // A moment for anything the page loads (hydration, frames, images) to have run.
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(what_ran(browser).await, Vec::<String>::new(), "on {what}");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let name = format!("injection-{}.png", what.replace(' ', "-"));
    std::fs::write(shots.join(name), browser.client.screenshot().await.unwrap()).unwrap();
    let text = shown_text(browser).await;
    for expected in shown {
        assert!(text.contains(expected), "{what} shows {expected:?} as text; it shows:\n{text}");
    }
}

/// Reads an Atom feed (`arguments[0]`) as a feed reader does, HTML content as HTML: what does not
/// parse, what would run, and whether the text `arguments[1]` is there as text.
const FEED_READER: &str = r#"const [xml, expected] = arguments;
    const feed = new DOMParser().parseFromString(xml, 'application/xml');
    const broken = feed.querySelector('parsererror');
    if (broken) return ['does not parse: ' + broken.textContent];
    const found = [];
    let text = '';
    for (const e of feed.querySelectorAll('title, subtitle, summary, content')) {
      let t = e.textContent;
      if (e.getAttribute('type') == 'html') {
        const html = new DOMParser().parseFromString(t, 'text/html');
        for (const x of html.body.querySelectorAll('*')) {
          if (['SCRIPT', 'IMG', 'SVG', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'FORM'].includes(x.tagName.toUpperCase()))
            found.push('a ' + x.tagName + ' in a ' + e.tagName);
          for (const a of x.attributes) if (a.name.startsWith('on')) found.push(a.name + ' in a ' + e.tagName);
        }
        t = html.body.textContent;
      }
      text += t + '\n';
    }
    if (!text.includes(expected)) found.push('the text written is not in the feed');
    return found;"#;

/// Runs a script with arguments in the page the browser is on.
async fn eval_with(browser: &Browser, script: &str, arguments: Vec<Value>) -> Value {
    browser.client.execute(script, arguments).await.unwrap()
}

/// Calls the admin API as the member logged in to `browser` (with the session's CSRF token).
async fn api(browser: &Browser, method: &str, path: &str, body: Value) -> (u16, Value) {
    let script = r#"const [method, path, body] = arguments; return (async () => {
        const me = await (await fetch('/admin/api/me')).json();
        const r = await fetch('/admin/api' + path, {method, headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: body === null ? undefined : JSON.stringify(body)});
        return [r.status, await r.text()];
      })()"#;
    let reply = eval_with(browser, script, vec![json!(method), json!(path), body]).await;
    let status = reply[0].as_u64().unwrap() as u16;
    let text = reply[1].as_str().unwrap_or_default();
    (status, serde_json::from_str(text).unwrap_or_else(|_| json!(text)))
}

/// Calls the admin API and insists it was done.
async fn done(browser: &Browser, method: &str, path: &str, body: Value) -> Value {
    let (status, reply) = api(browser, method, path, body).await;
    assert!((200..300).contains(&status), "{method} {path}: {status} {reply}");
    reply
}

/// The survey: each text a field holds at most, packed with payloads; 30 choices, one each.
fn definition(host: &str) -> Value {
    let (title, prompts, help) = (packed_for_survey(200), packed_for_survey(500), packed_for_survey(1000));
    let choices: Vec<Value> = PAYLOADS
        .iter()
        .filter(|p| !p.starts_with("{{"))
        .take(30)
        .enumerate()
        .map(|(i, p)| json!({"id": format!("c{i}"), "label": p}))
        .collect();
    json!({"definition": {"id": "hostile", "languages": ["en", "de"],
        "title": {"en": title[0], "de": PAYLOADS[21]},
        "theme": {"font": "\"Evil'Font\", serif"},
        "questions": [
            {"id": "recommend", "kind": "nps", "required": true, "prompt": {"en": prompts[0], "de": prompts[1]},
             "help": help[0]},
            {"id": "channel", "kind": "single_choice", "other": true, "prompt": prompts[2], "choices": choices},
            {"id": "comment", "kind": "long_text", "max_length": 5000, "prompt": prompts[3], "help": help[1]},
            {"id": "quote", "kind": "consent", "prompt": prompts[prompts.len() - 1]}
        ]}, "allowed_origins": [host]})
}

#[tokio::test]
async fn nothing_written_into_any_field_runs_on_any_page_and_every_text_shows_as_text() {
    let options = Options {
        host_page: Some(SITE.into()),
        more_pages: vec![("/popover", POPOVER.into()), ("/modal", MODAL.into())],
        send_mail: true,
        ..Options::default()
    };
    let app = TestApp::start_with(options).await;
    let names = packed(100);

    // The company signs up, named with markup, and writes its survey.
    let dana = browser(true).await;
    dana.client.goto(&format!("{}/admin/signup", app.url)).await.unwrap();
    fill(&dana, "#f-your-name", &names[0]).await;
    fill(&dana, "#f-e-mail", "dana@acme.example").await;
    fill(&dana, "#f-password", "correct horse battery").await;
    fill(&dana, "#f-organisation", &names[1]).await;
    click(&dana, "button[type=submit]").await;
    dana.wait_for("a.button[href='/admin/surveys/new']").await;
    let dana_id = done(&dana, "GET", "/me", Value::Null).await["user"]["id"].as_str().unwrap().to_owned();
    // A font that would end the style it is written into is refused, and says why.
    let mut breaking = definition(&app.host_url);
    breaking["definition"]["theme"]["font"] = json!("x</style><script>window.__xss=0</script>");
    let (status, refused) = api(&dana, "POST", "/surveys", breaking).await;
    assert_eq!(status, 422, "{refused}");
    // A template in a question recalls an earlier answer; one that names no question is refused
    // (the title recalls nothing: there it is text).
    let mut template = definition(&app.host_url);
    template["definition"]["questions"][1]["prompt"] = json!(PAYLOADS[21]);
    let (status, refused) = api(&dana, "POST", "/surveys", template).await;
    assert!(status == 422 && refused.to_string().contains("recalls no question"), "{refused}");
    done(&dana, "POST", "/surveys", definition(&app.host_url)).await;
    done(&dana, "POST", "/surveys/hostile/status", json!({"status": "live"})).await;

    // A member joins, named with markup.
    let invite = done(&dana, "POST", "/invites", json!({"email": "sam@acme.example", "role": "viewer"})).await;
    let token = invite["link"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let sam = browser(true).await;
    sam.client.goto(&format!("{}/admin/invite/{token}", app.url)).await.unwrap();
    fill(&sam, "#f-your-name", &names[2]).await;
    fill(&sam, "#f-password", "another good passphrase").await;
    click(&sam, "button[type=submit]").await;
    sam.wait_for(".who").await;
    sam.close().await;

    // The widget, before anyone answered: inline, in a popover, in a modal, without JavaScript.
    let (title, prompts, help) = (packed_for_survey(200), packed_for_survey(500), packed_for_survey(1000));
    let survey_texts = [title[0].as_str(), prompts[0].as_str(), help[0].as_str(), PAYLOADS[0], PAYLOADS[29]];
    let customer = browser(true).await;
    check(&customer, "the inline widget", &app.host_url, "#feedback iframe", &survey_texts).await;
    check(&customer, "the popover widget", &format!("{}/popover", app.host_url), "#hearback-panel iframe", &[]).await;
    check(&customer, "the modal widget", &format!("{}/modal", app.host_url), "#hearback-panel iframe", &[]).await;
    let no_js = browser(false).await;
    let widget_page = format!("{}/w/hostile?host={}", app.url, app.host_url);
    check(&no_js, "the widget page without JavaScript", &widget_page, ".hb-widget", &survey_texts).await;
    check(
        &no_js,
        "the widget page in German",
        &format!("{widget_page}&lang=de"),
        ".hb-widget",
        &[PAYLOADS[21], &prompts[1]],
    )
    .await;

    // A customer answers in the widget, typing markup into the comment.
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    click(&customer, "input[name=recommend][value='3']").await;
    let typed = PAYLOADS[..8].join(" ");
    fill(&customer, "textarea[name=comment]", &typed).await;
    click(&customer, "input[name=quote]").await;
    click(&customer, ".hb-send").await;
    customer.wait_for(".hb-widget[data-state=done]").await;
    customer.client.enter_parent_frame().await.unwrap();

    // Six more answer through the API: every payload in the comment, the "Other" text.
    for (i, other) in PAYLOADS[..6].iter().enumerate() {
        let body = json!({"answers": {"recommend": i + 2, "channel": "other", "comment": all(), "quote": true},
            "other": {"channel": other}, "complete": true, "sequence": 1});
        let saved = app
            .http
            .put(format!("{}/api/v1/surveys/hostile/responses/key-{i}", app.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    }
    // And one whose answers are spreadsheet formulas.
    let formulas = json!({"answers": {"recommend": 1, "channel": "other", "comment": PAYLOADS[34]},
        "other": {"channel": PAYLOADS[37]}, "complete": true, "sequence": 1});
    let saved = app.http.put(format!("{}/api/v1/surveys/hostile/responses/key-f", app.url)).json(&formulas).send();
    assert!(saved.await.unwrap().status().is_success());

    // Dana writes plans, an update, a follow-up question, a note, a quote, the summary and its
    // translation, all with markup.
    let plan = json!({"heard": all(), "will_do": all(), "owner": dana_id, "due": "2027-06-30",
        "status": "in_progress", "questions": ["recommend"]});
    let plan = done(&dana, "POST", "/surveys/hostile/plans", plan).await["id"].as_str().unwrap().to_owned();
    done(&dana, "POST", &format!("/surveys/hostile/plans/{plan}/updates"), json!({"body": all()})).await;
    let fixed = json!({"heard": packed(2000)[0], "will_do": PAYLOADS[1], "owner": dana_id, "due": "2027-01-31",
        "status": "done", "questions": ["recommend"]});
    let fixed = done(&dana, "POST", "/surveys/hostile/plans", fixed).await["id"].as_str().unwrap().to_owned();
    let ask = json!({"question": "recommend", "prompt": packed(300)[0]});
    done(&dana, "PUT", &format!("/surveys/hostile/plans/{fixed}/follow-up"), ask).await;
    let responses = done(&dana, "GET", "/surveys/hostile/responses", Value::Null).await;
    let response = responses["responses"][0]["id"].as_str().unwrap().to_owned();
    done(&dana, "POST", &format!("/surveys/hostile/responses/{response}/notes"), json!({"body": all()})).await;
    let quotes = done(&dana, "GET", "/surveys/hostile/quotes", Value::Null).await;
    let candidate = &quotes["candidates"][0];
    let pick = json!({"response": candidate["response"], "question": candidate["question"]});
    done(&dana, "POST", "/surveys/hostile/quotes", pick).await;
    done(&dana, "POST", "/surveys/hostile/publication", json!({"summary": all(), "visibility": "public"})).await;
    let german = json!({"texts": [{"kind": "summary", "subject": "hostile", "text": all()}]});
    done(&dana, "PUT", "/surveys/hostile/translations/de", german).await;

    // A respondent replies to the plan with their receipt; Dana answers.
    let replied = app
        .http
        .post(format!("{}/api/v1/results/hostile/plans/{plan}/replies", app.url))
        .header("hearback-receipt", "key-0")
        .json(&json!({"body": all()}))
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), 201, "{}", replied.text().await.unwrap());
    let replies = done(&dana, "GET", "/surveys/hostile/replies", Value::Null).await;
    let reply = replies["replies"][0]["id"].as_str().unwrap().to_owned();
    done(&dana, "POST", &format!("/surveys/hostile/replies/{reply}/answer"), json!({"body": all()})).await;

    // The results page, as a reader (with and without JavaScript) and as a member.
    let results = format!("{}/r/hostile", app.url);
    let reader = browser(true).await;
    check(&reader, "the results page", &results, "main", &[&all(), &title[0]]).await;
    check(&reader, "the results page in German", &format!("{results}?lang=de"), "main", &[&all()]).await;
    check(&no_js, "the results page without JavaScript", &results, "main", &[&all()]).await;
    check(&dana, "the results page as a member", &results, "main", &[&all()]).await;

    // The customer comes back: the card names the plan and its update.
    customer.client.goto(&app.host_url).await.unwrap();
    customer.wait_for("#feedback iframe").await.enter_frame().await.unwrap();
    customer.wait_for(".hb-news:not([hidden])").await;
    customer.client.enter_parent_frame().await.unwrap();
    check(&customer, "the card on a later visit", "", "#feedback iframe", &[&all(), PAYLOADS[1]]).await;

    // A respondent follows the results by e-mail; the confirmation's pages.
    let sink = SmtpSink::start().await;
    let follow = app
        .http
        .post(format!("{}/api/v1/results/hostile/follow", app.url))
        .header("hearback-receipt", "key-1")
        .json(&json!({"email": "ann@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(follow.status(), 202, "{}", follow.text().await.unwrap());
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap();
    let confirmation = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).expect("a confirmation");
    let text = confirmation.text();
    let link = text.split_whitespace().find(|w| w.contains("/f/confirm/")).expect("a confirmation link").to_owned();
    check(&reader, "the follow confirmation page", &link, "main", &[]).await;
    click(&reader, "main button[type=submit]").await;
    check(&reader, "the follow page once confirmed", "", "main", &[]).await;

    // The Atom feed parses, and its text, read as a feed reader reads it, is the text written.
    let feed = app.http.get(format!("{results}/feed.atom")).send().await.unwrap().text().await.unwrap();
    let read = eval_with(&reader, FEED_READER, vec![json!(feed), json!(all())]).await;
    assert_eq!(read, json!([]), "the feed, read: {feed}");

    // A plan update reaches the follower by e-mail: plain text, every payload as written.
    done(&dana, "POST", &format!("/surveys/hostile/plans/{plan}/updates"), json!({"body": all()})).await;
    send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap();
    let mails: Vec<_> = sink.messages().into_iter().filter(|m| m.to == ["<ann@example.com>"]).collect();
    assert!(mails.len() >= 2, "the confirmation and the update: {}", mails.len());
    for mail in &mails {
        let kind = mail.header("Content-Type").unwrap_or_default();
        assert!(kind.starts_with("text/plain"), "e-mail is plain text, where markup is only text: {kind}");
    }
    let update = mails.last().unwrap().text().replace("\r\n", "\n");
    for payload in PAYLOADS {
        assert!(update.contains(payload), "the update e-mail holds {payload:?} as written:\n{update}");
    }
    let leave = update.split_whitespace().find(|w| w.contains("/f/unsubscribe/")).expect("an unsubscribe link");
    check(&reader, "the unsubscribe page", leave, "main", &[]).await;

    // The CSV export: no cell starts a formula; the formulas are there, as text.
    let (status, export) = api(&dana, "GET", "/surveys/hostile/export?format=csv", Value::Null).await;
    assert_eq!(status, 200);
    let export = export.as_str().expect("CSV text").to_owned();
    let mut cells = Vec::new();
    for row in csv::Reader::from_reader(export.as_bytes()).records() {
        cells.extend(row.expect("the export is CSV").iter().map(str::to_owned));
    }
    for cell in &cells {
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
        assert!(!formula, "a cell starts a formula: {cell:?}");
    }
    for formula in [PAYLOADS[34], PAYLOADS[37]] {
        assert!(cells.contains(&format!("'{formula}")), "{formula} kept, as text, in:\n{export}");
    }

    // The admin app's pages.
    let admin = |path: &str| format!("{}/admin{path}", app.url);
    check(&dana, "the survey list", &admin(""), "main table, main ul", &[&title[0]]).await;
    check(&dana, "the builder", &admin("/surveys/hostile"), "main input", &[&title[0], &prompts[0], PAYLOADS[0]]).await;
    check(
        &dana,
        "the dashboard",
        &admin("/surveys/hostile/results"),
        "main section",
        &[&title[0], &prompts[0], &prompts[3], PAYLOADS[2]],
    )
    .await;
    check(
        &dana,
        "the plans",
        &admin("/surveys/hostile/plans"),
        "main article, main section",
        &[&all(), &packed(300)[0]],
    )
    .await;
    check(&dana, "the members", &admin("/members"), "main table", &[&names[2]]).await;
    check(&dana, "the audit log", &admin("/audit"), "table.audit", &[]).await;

    // The check itself: markup that does get in is found, and it runs with the CSP switched off.
    eval(&dana, "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__xss=99\">'); return 0")
        .await;
    eventually(async || eval(&dana, "return window.__xss === 99").await == true, "the control payload ran").await;
    let found = what_ran(&dana).await;
    assert!(
        ["window.__xss = 99", "IMG onerror", "an injected IMG"].iter().all(|f| found.iter().any(|x| x.contains(f))),
        "the control payload found: its marker, its handler and its element: {found:?}"
    );

    for browser in [dana, customer, no_js, reader] {
        browser.close().await;
    }
}
