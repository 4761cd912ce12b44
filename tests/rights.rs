//! End to end, a respondent's rights over their answers: she answers the demo survey (with her
//! e-mail address for a call back), comes back, follows the card's "Download or delete your
//! answers" to the results page, follows them by e-mail,
//! downloads everything she gave (a JSON file holding her answers, contact details and the address
//! that follows), then deletes it all, after being asked whether she is sure. The page forgets
//! her receipt; the survey keeps nothing of hers; the published numbers stay.

mod support;

use support::{axe_violations, click, eval, eventually, fill, text_of, Browser, Options, TestApp};

#[tokio::test]
async fn a_respondent_downloads_what_she_gave_and_deletes_it_from_the_results_page() {
    let app = TestApp::start_with(Options { send_mail: true, ..Options::default() }).await;
    assert!(hearback_server::demo::ensure_loop(app.store.as_ref(), &Default::default()).await.unwrap());
    let before = app.stored_responses("demo").await;
    let published =
        app.http.get(format!("{}/api/v1/results/demo", app.url)).send().await.unwrap().text().await.unwrap();

    let ann = Browser::start().await;
    ann.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    ann.wait_for("form[data-ready]").await;
    click(&ann, "input[name=recommend][value='4']").await;
    fill(&ann, "textarea[name=comment]", "Exports time out every Monday").await;
    click(&ann, "input[name=reach][value=email]").await;
    fill(&ann, "input[name='reach.email']", "ann@example.com").await;
    click(&ann, ".hb-send").await;
    ann.wait_for(".hb-widget[data-state=done]").await;
    assert_eq!(app.stored_responses("demo").await, before + 1);

    // Back on the survey, the "You said, we did" card links to what she may do with her answers.
    ann.client.goto(&format!("{}/w/demo", app.url)).await.unwrap();
    ann.wait_for(".hb-news:not([hidden])").await;
    let href = eval(&ann, "return document.querySelector('.hb-news .hb-yours a').href").await;
    let href = href.as_str().unwrap().to_owned();
    assert!(href.contains("/r/demo?lang=en&yours#receipt="), "{href}");
    assert_eq!(text_of(&ann, ".hb-news .hb-yours a").await, "Download or delete your answers");

    // The results page, at what she may do with her answers; she follows by e-mail first.
    ann.client.goto(&href).await.unwrap();
    ann.wait_for("section.yours").await;
    let shown = "const r = document.querySelector('section.yours').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight";
    eventually(async || eval(&ann, shown).await == true, "the section scrolled into view").await;
    ann.wait_for(".follow-root[data-live]").await;
    fill(&ann, "section.follow input[type=email]", "ann@example.com").await;
    click(&ann, "section.follow button[type=submit]").await;
    eventually(async || !text_of(&ann, "section.follow [role=status]").await.is_empty(), "the follow answered").await;
    assert_eq!(axe_violations(&ann).await, Vec::<String>::new(), "the page with her answers' section");

    // The download: a file holding everything she gave.
    click(&ann, "section.yours button:not(.danger)").await;
    let file = r#"const a = document.querySelector('section.yours a.saved');
        return a && a.href.startsWith('data:') ? decodeURIComponent(a.href.split(',').slice(1).join(',')) : ''"#;
    eventually(async || !eval(&ann, file).await.as_str().unwrap_or_default().is_empty(), "the file made").await;
    let saved: serde_json::Value = serde_json::from_str(eval(&ann, file).await.as_str().unwrap()).unwrap();
    assert_eq!(saved["answers"]["answers"]["comment"], "Exports time out every Monday");
    assert_eq!(saved["case"]["email"], "ann@example.com", "the address she gave to be contacted");
    assert_eq!(saved["following"][0]["email"], "ann@example.com");
    assert_eq!(
        eval(&ann, "return document.querySelector('section.yours a.saved').download").await,
        "answers-demo.json"
    );

    // The deletion: asked first, then done; the page says so and forgets the receipt.
    click(&ann, "section.yours button.danger").await;
    let sure = ann.wait_for("section.yours p.row:not([hidden]) button.sure").await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("results-your-answers.png"), ann.client.screenshot().await.unwrap()).unwrap();
    assert_eq!(app.stored_responses("demo").await, before + 1, "nothing deleted before she is sure");
    sure.click().await.unwrap();
    let status = "section.yours [role=status]";
    eventually(async || !text_of(&ann, status).await.is_empty(), "the deletion answered").await;
    let said = text_of(&ann, status).await;
    assert_eq!(said, "Deleted. Nothing you gave is kept.");
    assert_eq!(app.stored_responses("demo").await, before);
    assert_eq!(eval(&ann, "return localStorage.getItem('hb:receipt:demo')").await, serde_json::Value::Null);
    let after = app.http.get(format!("{}/api/v1/results/demo", app.url)).send().await.unwrap().text().await.unwrap();
    assert_eq!(after, published, "the published page keeps its numbers");
    // Coming back, the page has no receipt to show anything of hers with.
    ann.client.goto(&format!("{}/r/demo", app.url)).await.unwrap();
    ann.wait_for(".follow-root[data-live]").await;
    assert_eq!(eval(&ann, "return document.querySelectorAll('section.yours').length").await, 0);
    ann.close().await;
}
