//! Naive bots on the survey's plain form (`widget_page::bots`): a form posted the moment its page
//! came back is sent back, answers kept, and stored once a person sends it again; a form whose
//! hidden field was filled in stores nothing and says so, in the page's language; a start the
//! server did not sign counts as none. Nothing is stored by any refusal.

use crate::helpers::{hidden_fields, TestApp};

#[tokio::test]
async fn a_form_posted_at_once_comes_back_to_be_sent_again_and_a_filled_honeypot_stores_nothing() {
    let app = TestApp::start().await;
    let page = app.get("/w/demo").await;
    // The field people never see: hidden from sight and from assistive technology.
    assert!(page.body.contains(r#"<div hidden><label>Website <input name="_website""#), "{}", page.body);
    let hidden = hidden_fields(&page.body);
    assert!(hidden.contains("_started="), "{hidden}");
    let answers = format!("{hidden}&recommend=7&comment=Fast+enough&_website=");

    // Posted the moment the page came, as a program does: the form again, answers kept.
    let quick = app.post_form_at_once("/w/demo", &answers).await;
    assert_eq!(quick.status, 422, "{}", quick.body);
    assert!(quick.body.contains("That was quick: please check your answers, then send them again."), "{}", quick.body);
    assert!(quick.body.contains(r#"value="7" checked"#) && quick.body.contains(">Fast enough</textarea>"));
    assert_eq!(app.stored("demo").await, 0);
    // Sent again at once: the same. Sent again by a person, some seconds on: stored, once.
    let again = app.post_form_at_once("/w/demo", &format!("{}&recommend=7", hidden_fields(&quick.body))).await;
    assert_eq!(again.status, 422);
    let sent = app.post_form("/w/demo", &format!("{}&recommend=7", hidden_fields(&quick.body))).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(app.stored("demo").await, 1);

    // The hidden field filled in: nothing stored, a page that says so, in the page's language.
    for (lang, says) in [("en", "Not sent"), ("de", "Nicht gesendet")] {
        let page = app.get(&format!("/w/demo?lang={lang}")).await;
        let filled = format!("{}&recommend=9&_website=https%3A%2F%2Fcheap.example", hidden_fields(&page.body));
        let refused = app.post_form("/w/demo", &filled).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains(says), "{lang}: {}", refused.body);
        assert!(!refused.body.contains(r#"name="recommend""#), "no form to send again");
    }
    assert_eq!(app.stored("demo").await, 1);

    // Starts the server did not sign, or moved back by hand: as sent at once.
    let start = hidden.split("_started=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let (at, mac) = start.split_once('.').unwrap();
    let moved = format!("{}.{mac}", at.parse::<i64>().unwrap() - 60_000);
    for forged in [moved, "1.abc".into(), "soon".into(), String::new()] {
        let body =
            format!("{}&recommend=5", hidden.replace(&format!("_started={start}"), &format!("_started={forged}")));
        let refused = app.post_form_at_once("/w/demo", &body).await;
        assert_eq!(refused.status, 422, "{forged}: {}", refused.body);
        assert!(refused.body.contains("That was quick"), "{forged}");
    }
    assert_eq!(app.stored("demo").await, 1);
}
