//! End to end, what a company's security review asks to see in the admin app: a member sets up
//! two-factor sign-in from its QR code, logs out, logs in with a code from the app, uses a
//! recovery code once (the second use fails), sees the session another browser has and ends
//! it, and an owner reads all of it in the audit log.

mod support;

use hearback_server::two_factor::{code_at, now_seconds};
use std::time::Duration;
use support::{axe_violations, click, eval, eventually, fill, text_of, Browser, TestApp};

const EMAIL: &str = "jo@acme.example";
const PASSWORD: &str = "correct horse battery";

async fn clean(browser: &Browser, page: &str) {
    assert_eq!(axe_violations(browser).await, Vec::<String>::new(), "{page}");
}

fn screenshot(name: &str, png: Vec<u8>) {
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join(name), png).unwrap();
}

/// Logs in through the app's log-in page; with `code`, answers the second step with it.
async fn log_in(app: &TestApp, browser: &Browser, code: Option<&str>) {
    browser.client.goto(&format!("{}/admin/login", app.url)).await.unwrap();
    fill(browser, "#f-e-mail", EMAIL).await;
    fill(browser, "#f-password", PASSWORD).await;
    click(browser, "button[type=submit]").await;
    if let Some(code) = code {
        fill(browser, "#f-code", code).await;
        click(browser, "button[type=submit]").await;
    }
}

async fn logged_in(browser: &Browser) {
    eventually(async || text_of(browser, ".who").await.contains("Acme"), "the app, logged in").await;
}

async fn log_out(browser: &Browser) {
    click(browser, "header.bar button").await;
    browser.wait_for("#f-password").await;
}

#[tokio::test]
async fn a_member_enrols_logs_in_with_codes_once_each_ends_a_session_and_the_owner_reads_the_log() {
    let app = TestApp::start().await;
    let jo = Browser::start().await;
    jo.client.goto(&format!("{}/admin/signup", app.url)).await.unwrap();
    fill(&jo, "#f-your-name", "Jo Owner").await;
    fill(&jo, "#f-e-mail", EMAIL).await;
    fill(&jo, "#f-password", PASSWORD).await;
    fill(&jo, "#f-organisation", "Acme").await;
    click(&jo, "button[type=submit]").await;
    logged_in(&jo).await;

    // Enrol: scan the QR code (here: read the key beside it), confirm with a first code.
    click(&jo, "a[href='/admin/security']").await;
    click(&jo, "section[aria-labelledby=two-factor] button").await;
    jo.wait_for(".qr svg").await;
    clean(&jo, "the security page while enrolling").await;
    let secret = text_of(&jo, "code.secret").await;
    // At least 10 seconds left in this 30-second step: the codes below stay valid while used.
    if 30 - now_seconds() % 30 < 10 {
        tokio::time::sleep(Duration::from_secs(11)).await;
    }
    let t = now_seconds();
    fill(&jo, "#first-code", &code_at(&secret, t - 30).unwrap()).await;
    click(&jo, ".enrol button[type=submit]").await;
    eventually(
        async || eval(&jo, "return document.querySelectorAll('.codes li').length").await == 10,
        "ten recovery codes",
    )
    .await;
    let codes: Vec<String> = serde_json::from_value(
        eval(&jo, "return [...document.querySelectorAll('.codes code')].map(c => c.textContent)").await,
    )
    .unwrap();
    assert!(text_of(&jo, "section[aria-labelledby=two-factor]").await.contains("Two-factor sign-in is on"));
    clean(&jo, "the security page with the recovery codes").await;
    screenshot("admin-security.png", jo.client.screenshot().await.unwrap());

    // Log out; log in again: the password, then a code from the app.
    log_out(&jo).await;
    log_in(&app, &jo, None).await;
    jo.wait_for("#f-code").await;
    clean(&jo, "the log-in page's code step").await;
    fill(&jo, "#f-code", &code_at(&secret, t).unwrap()).await;
    click(&jo, "button[type=submit]").await;
    logged_in(&jo).await;

    // A recovery code works once; the second time it is refused, and says why.
    log_out(&jo).await;
    log_in(&app, &jo, Some(&codes[0])).await;
    logged_in(&jo).await;
    log_out(&jo).await;
    log_in(&app, &jo, Some(&codes[0])).await;
    eventually(async || text_of(&jo, ".problem").await.contains("used already"), "the used recovery code refused")
        .await;
    fill(&jo, "#f-code", &codes[1]).await;
    click(&jo, "button[type=submit]").await;
    logged_in(&jo).await;

    // Another browser (a laptop left somewhere) signs in too; Jo sees it and ends it.
    let laptop = Browser::start().await;
    log_in(&app, &laptop, Some(&code_at(&secret, t + 30).unwrap())).await;
    logged_in(&laptop).await;
    jo.client.goto(&format!("{}/admin/security", app.url)).await.unwrap();
    eventually(
        async || {
            eval(&jo, "return document.querySelectorAll('section[aria-labelledby=sessions] tbody tr').length").await
                == 2
        },
        "two sessions",
    )
    .await;
    let listed = text_of(&jo, "section[aria-labelledby=sessions] tbody").await;
    assert!(listed.contains("Headless Chrome on Linux") && listed.contains("(this one)"), "{listed}");
    clean(&jo, "the security page with sessions").await;
    click(&jo, "section[aria-labelledby=sessions] tbody button").await;
    eventually(
        async || {
            eval(&jo, "return document.querySelectorAll('section[aria-labelledby=sessions] tbody tr').length").await
                == 1
        },
        "one session left",
    )
    .await;
    laptop.client.goto(&format!("{}/admin", app.url)).await.unwrap();
    laptop.wait_for("#f-password").await;
    laptop.close().await;

    // The owner reads what happened, filtered.
    click(&jo, "a[href='/admin/audit']").await;
    eventually(async || text_of(&jo, "table.audit tbody").await.contains("session ended"), "the audit log").await;
    let log = text_of(&jo, "table.audit tbody").await;
    for action in
        ["two factor enabled", "signed in", "signed out", "recovery code used", "session ended", "organization created"]
    {
        assert!(log.contains(action), "{action} in {log}");
    }
    clean(&jo, "the audit page").await;
    screenshot("admin-audit.png", jo.client.screenshot().await.unwrap());
    jo.wait_for("#audit-action").await.select_by_value("recovery_code_used").await.unwrap();
    click(&jo, "form.filters button[type=submit]").await;
    eventually(
        async || eval(&jo, "return document.querySelectorAll('table.audit tbody tr').length").await == 2,
        "the two recovery codes used",
    )
    .await;

    // Jo requires two-factor sign-in of everyone; a new member is sent to set it up first.
    jo.client.goto(&format!("{}/admin/security", app.url)).await.unwrap();
    click(&jo, "#require-two-factor").await;
    let required = "return fetch('/admin/api/two-factor').then(r => r.json()).then(t => t.required)";
    eventually(async || eval(&jo, required).await == true, "the requirement stored").await;
    let invite = r#"return (async () => {
        const me = await (await fetch('/admin/api/me')).json();
        const made = await fetch('/admin/api/invites', {method: 'POST', headers: {'content-type': 'application/json',
          'x-csrf-token': me.csrf_token}, body: JSON.stringify({email: 'sam@acme.example', role: 'viewer'})});
        return (await made.json()).link;
      })()"#;
    let link = eval(&jo, invite).await.as_str().unwrap().to_owned();
    let sam = Browser::start().await;
    sam.client.goto(&format!("{}{link}", app.url)).await.unwrap();
    fill(&sam, "#f-your-name", "Sam Exec").await;
    fill(&sam, "#f-password", "another good passphrase").await;
    click(&sam, "button[type=submit]").await;
    let security = format!("{}/admin/security", app.url);
    sam.client.wait().at_most(Duration::from_secs(15)).for_url(&security.parse().unwrap()).await.unwrap();
    eventually(async || text_of(&sam, ".problem").await.contains("requires two-factor sign-in"), "sent to enrol").await;
    // Elsewhere in the app, the API refuses Sam until then, and the app brings them back.
    sam.client.goto(&format!("{}/admin", app.url)).await.unwrap();
    sam.client.wait().at_most(Duration::from_secs(15)).for_url(&security.parse().unwrap()).await.unwrap();
    clean(&sam, "the security page of a member who must enrol").await;
    sam.close().await;
    jo.close().await;
}
