//! End to end, an e-mail survey: Dana uploads a CSV of recipients in the admin app and reads
//! the report of the row refused; the invitation reaches an SMTP listener on loopback from her,
//! with the first question as links; one click in it opens a page that records nothing until
//! its button is pressed, then the survey's own page goes on with that answer in place, and
//! finishing it completes the one response begun in the e-mail.

mod support;

use fantoccini::Locator;
use std::time::Duration;
use support::{axe_violations, click, eval, eventually, fill, log_in_as_dana, text_of, Browser, Options, TestApp};

#[tokio::test]
async fn an_e_mail_survey_is_answered_by_one_click_and_goes_on_on_the_survey_page() {
    let app = TestApp::start_with(Options { send_mail: true, ..Options::default() }).await;
    let privacy = hearback_core::privacy::Privacy::default();
    hearback_server::demo::ensure_loop(app.store.as_ref(), &privacy).await.unwrap();
    let before = app.counted("demo", "").await;
    let browser = Browser::start().await;
    log_in_as_dana(&app, &browser).await;
    browser.client.goto(&format!("{}/admin/surveys/demo", app.url)).await.unwrap();

    // The recipients: one in German, one refused (not an address).
    let csv = std::env::temp_dir().join(format!("recipients-{}.csv", std::process::id()));
    std::fs::write(&csv, "email,language\nann@example.com,de\nnot-an-address,en\nbo@example.com,en\n").unwrap();
    let input = browser.wait_for("#invite-file").await;
    input.send_keys(csv.to_str().unwrap()).await.unwrap();
    click(&browser, "form[aria-labelledby=invitations] button[type=submit]").await;
    eventually(async || text_of(&browser, ".invite-report").await == "2 invited, 1 refused.", "the report").await;
    assert_eq!(text_of(&browser, "table.refusals tbody tr").await, "3not-an-addressnot an e-mail address");
    eventually(async || text_of(&browser, ".invite-counts").await.starts_with("Invited 2"), "the counts").await;
    assert_eq!(axe_violations(&browser).await, Vec::<String>::new(), "the builder with the upload's report");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    eval(&browser, "document.getElementById('invitations').scrollIntoView(); return true").await;
    std::fs::write(shots.join("admin-invitations.png"), browser.client.screenshot().await.unwrap()).unwrap();

    // The outbox hands the invitations to the mail server.
    let sink = hearback_server::testing::SmtpSink::start().await;
    let mailer = hearback_server::mail::Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    hearback_server::mail::send_due(app.store.as_ref(), &mailer, hearback_server::store::now_millis()).await.unwrap();
    let mail = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).expect("Ann's invitation");
    assert_eq!(mail.header("Reply-To").unwrap(), r#""Dana Reyes" <dana@acme.example>"#);
    let text = mail.text();
    let link = text
        .lines()
        .find(|l| l.contains("?a=9"))
        .and_then(|l| l.split_whitespace().find(|w| w.starts_with("http")))
        .unwrap_or_else(|| panic!("no link for 9 in {text}"))
        .to_owned();
    assert!(link.starts_with(&format!("{}/e/", app.url)), "{link}");

    // Ann clicks 9: the page shows her answer chosen, and records nothing yet.
    browser.client.goto(&link).await.unwrap();
    let nine = browser.wait_for("input[name=a][value='9']").await;
    assert_eq!(nine.prop("checked").await.unwrap().as_deref(), Some("true"));
    assert_eq!(eval(&browser, "return document.documentElement.lang").await, "de");
    assert_eq!(app.counted("demo", "").await["responses"], before["responses"], "a click's page records nothing");
    assert_eq!(axe_violations(&browser).await, Vec::<String>::new(), "the page the e-mail's link opens");
    std::fs::write(shots.join("invitation-click.png"), browser.client.screenshot().await.unwrap()).unwrap();
    browser.client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();

    // The survey's page goes on, her 9 in place, and she finishes it.
    browser.wait_for("form[data-ready]").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/s/demo");
    assert_eq!(url.fragment(), None, "the receipt leaves the address bar");
    assert_eq!(
        eval(&browser, "return document.querySelector('input[name=recommend][value=\"9\"]').checked").await,
        true,
        "the answer given in the e-mail"
    );
    let started = app.counted("demo", "").await;
    assert_eq!(started["responses"].as_u64(), before["responses"].as_u64().map(|n| n + 1), "the click's answer is in");
    fill(&browser, "textarea[name=comment]", "Schnelle Antworten").await;
    browser.client.find(Locator::Css(".hb-send")).await.unwrap().click().await.unwrap();
    browser.wait_for(".hb-widget[data-state=done]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = app.counted("demo", "").await;
    assert_eq!(after["responses"], started["responses"], "one response, begun in the e-mail and finished here");
    assert_eq!(after["completed"].as_u64(), before["completed"].as_u64().map(|n| n + 1));

    // The link worked once.
    browser.client.goto(&link).await.unwrap();
    eventually(async || text_of(&browser, "h1").await == "Dieser Link wurde schon benutzt", "used").await;
    browser.close().await;
}
