//! Customers' e-mail replies, back into their case: the owner's message names the reply address
//! beside the owner in Reply-To; what the mail service posts from the customer joins the
//! conversation without the quoted message; anything else is refused and changes nothing.

use crate::admin::call;
use crate::conversations::{acme, answer, only_case, write};
use axum::body::Body;
use axum::http::Request;
use hearback_server::http::{HttpConfig, InboundMail};
use hearback_server::mail::{send_due, Mailer};
use hearback_server::store::now_millis;
use hearback_server::testing::SmtpSink;
use serde_json::{json, Value};

const DOMAIN: &str = "replies.acme.example";
const SECRET: &str = "inbound-secret-0123456789";

async fn post(app: &crate::helpers::TestApp, secret: Option<&str>, mail: Value) -> crate::helpers::Reply {
    let mut request = Request::post("/api/v1/inbound-mail").header("content-type", "application/json");
    if let Some(secret) = secret {
        request = request.header("authorization", format!("Bearer {secret}"));
    }
    app.send(request.body(Body::from(mail.to_string())).unwrap()).await
}

#[tokio::test]
async fn a_customers_e_mail_reply_joins_their_case_and_nothing_else_does() {
    let inbound = InboundMail { domain: DOMAIN.into(), secret: SECRET.into() };
    let config = HttpConfig { send_mail: true, inbound_mail: Some(inbound), ..HttpConfig::default() };
    let acme = acme(config).await;
    let app = &acme.app;
    let reach = json!({"reply": "email", "email": "ann@example.com"});
    assert!(answer(app, "key-ann", json!({"recommend": 2, "reach": reach})).await.status.is_success());
    let case = only_case(&acme).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let uri = format!("/admin/api/cases/{id}/messages");
    assert_eq!(call(app, &acme.sam, "POST", &uri, write("Hello Ann, which ticket?")).await.status, 201);
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    send_due(app.store.as_ref(), &mailer, now_millis()).await.unwrap();
    let mail = sink.messages().into_iter().find(|m| m.to == ["<ann@example.com>"]).unwrap();
    let reply_to = mail.header("Reply-To").unwrap();
    let token =
        app.store.case_of_response("talk", case["response"].as_str().unwrap()).await.unwrap().unwrap().1.unwrap();
    let address = format!("reply+{token}@{DOMAIN}");
    assert_eq!(reply_to, format!(r#""New Member" <sam@example.com>, "New Member via Hearback" <{address}>"#));

    let good = json!({"to": [format!("Acme <{address}>")], "from": "Ann <Ann@Example.com>",
        "text": "Ticket 4711.\n\nOn Tue, Dana wrote:\n> Hello Ann, which ticket?"});
    let thread = || async {
        call(app, &acme.sam, "GET", &format!("/admin/api/cases/{id}"), None).await.json()["messages"].clone()
    };
    let before = thread().await;
    for (secret, mail, status) in [
        (None, good.clone(), 401),
        (Some("wrong"), good.clone(), 401),
        (Some(SECRET), json!({"to": ["sam@example.com"], "from": "ann@example.com", "text": "Hi"}), 422),
        (Some(SECRET), json!({"to": [address], "from": "mallory@example.com", "text": "Hi"}), 422),
        (Some(SECRET), json!({"to": [address], "from": "ann@example.com", "text": "> only the quote"}), 422),
        (
            Some(SECRET),
            json!({"to": [format!("reply+made-up@{DOMAIN}")], "from": "ann@example.com", "text": "Hi"}),
            404,
        ),
        (Some(SECRET), json!({"to": [address], "from": "ann@example.com"}), 400),
    ] {
        let refused = post(app, secret, mail.clone()).await;
        assert_eq!(refused.status, status, "{mail}: {}", refused.body);
    }
    assert_eq!(thread().await, before, "nothing was taken");
    let taken = post(app, Some(SECRET), good.clone()).await;
    assert_eq!(taken.status, 204, "{}", taken.body);
    let messages = thread().await;
    let last = &messages.as_array().unwrap()[1];
    assert_eq!((last["from"].as_str(), last["body"].as_str()), (Some("customer"), Some("Ticket 4711.")));

    // The response is deleted: its conversation takes no more.
    let response = case["response"].as_str().unwrap();
    call(app, &acme.jo, "DELETE", &format!("/admin/api/surveys/talk/responses/{response}"), None).await;
    assert_eq!(post(app, Some(SECRET), good).await.status, 404);
}
