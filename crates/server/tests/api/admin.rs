//! The admin API: accounts, sessions, roles, invitations, API tokens, organisation surveys, and
//! the walls between organisations.

use crate::helpers::{Reply, TestApp};
use axum::body::Body;
use axum::http::Request;
use hearback_server::store::accounts::{NewInvite, Role};
use hearback_server::store::audit::{Audit, AuditAction};
use serde_json::{json, Value};

/// The admin app's own origin in these tests.
pub(crate) const SITE: &str = "hearback.test";
pub(crate) const PASSWORD: &str = "correct horse battery";

/// A browser logged in to the admin app: its session cookie and CSRF token.
#[derive(Clone)]
pub(crate) struct Browser {
    cookie: String,
    csrf: String,
}

/// Whoever sends an admin request: nobody, a browser, or a script with an API token.
#[derive(Clone)]
pub(crate) enum Who {
    Nobody,
    Browser(Browser),
    Token(String),
}

pub(crate) async fn call(app: &TestApp, who: &Who, method: &str, uri: &str, body: Option<Value>) -> Reply {
    let typed = body.map(|b| ("application/json", Body::from(b.to_string())));
    call_with(app, who, method, uri, typed).await
}

/// An admin request with a body of another type (a CSV upload, a stream).
pub(crate) async fn call_with(app: &TestApp, who: &Who, method: &str, uri: &str, body: Option<(&str, Body)>) -> Reply {
    let mut request = Request::builder().method(method).uri(uri).header("host", SITE);
    match who {
        Who::Nobody => {}
        Who::Browser(b) => {
            request = request
                .header("cookie", format!("hb_session={}", b.cookie))
                .header("origin", format!("http://{SITE}"))
                .header("x-csrf-token", &b.csrf);
        }
        Who::Token(token) => request = request.header("authorization", format!("Bearer {token}")),
    }
    let body = match body {
        Some((content_type, body)) => {
            request = request.header("content-type", content_type);
            body
        }
        None => Body::empty(),
    };
    app.send(request.body(body).unwrap()).await
}

/// The session a reply started, from its Set-Cookie and body.
pub(crate) fn browser(reply: &Reply) -> Browser {
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    let token = cookie.strip_prefix("hb_session=").unwrap().split(';').next().unwrap().to_owned();
    Browser { cookie: token, csrf: reply.json()["csrf_token"].as_str().unwrap().to_owned() }
}

pub(crate) async fn sign_up(app: &TestApp, email: &str, organization: &str) -> Browser {
    let body = json!({"email": email, "password": PASSWORD, "name": "Jo Owner", "organization": organization});
    let reply = call(app, &Who::Nobody, "POST", "/admin/api/signup", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    browser(&reply)
}

pub(crate) async fn log_in(app: &TestApp, email: &str, password: &str) -> Reply {
    call(app, &Who::Nobody, "POST", "/admin/api/login", Some(json!({"email": email, "password": password}))).await
}

/// Invites `email` as `role` and takes the invitation up as a new person.
pub(crate) async fn join(app: &TestApp, owner: &Browser, email: &str, role: &str) -> Browser {
    let invite = call(
        app,
        &Who::Browser(owner.clone()),
        "POST",
        "/admin/api/invites",
        Some(json!({"email": email, "role": role})),
    )
    .await;
    assert_eq!(invite.status, 201, "{}", invite.body);
    let token = invite.json()["token"].as_str().unwrap().to_owned();
    let accept = json!({"name": "New Member", "password": PASSWORD});
    let reply = call(app, &Who::Nobody, "POST", &format!("/admin/api/invites/{token}/accept"), Some(accept)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    browser(&reply)
}

pub(crate) async fn me(app: &TestApp, who: &Browser) -> Value {
    let reply = call(app, &Who::Browser(who.clone()), "GET", "/admin/api/me", None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

pub(crate) fn definition(id: &str) -> Value {
    json!({"definition": {"id": id, "title": "Pulse", "questions": [
        {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true},
        {"id": "channel", "kind": "single_choice", "prompt": "Channel?",
         "choices": [{"id": "mail", "label": "Mail"}, {"id": "chat", "label": "Chat"}]}
    ]}, "allowed_origins": ["https://shop.example.com"]})
}

#[tokio::test]
async fn signing_up_makes_an_organisation_its_owner_and_a_safe_session() {
    let app = TestApp::start().await;
    let body = json!({"email": "Jo@Example.com", "password": PASSWORD, "name": "Jo", "organization": "Acme"});
    let reply = call(&app, &Who::Nobody, "POST", "/admin/api/signup", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let cookie = reply.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert_eq!(reply.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert_eq!(reply.headers["x-frame-options"], "DENY");
    assert!(!reply.headers.contains_key("access-control-allow-origin"));
    let me = me(&app, &browser(&reply)).await;
    assert_eq!(
        (me["user"]["email"].as_str(), me["organization"]["name"].as_str()),
        (Some("jo@example.com"), Some("Acme"))
    );
    assert_eq!(me["role"], "owner");
    // The password is stored as an argon2id hash.
    let user = app.store.user_by_email("jo@example.com").await.unwrap().unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn sign_up_refuses_a_taken_address_a_weak_password_and_bad_fields_and_changes_nothing() {
    let app = TestApp::start().await;
    sign_up(&app, "jo@example.com", "Acme").await;
    let cases = [
        (
            json!({"email": "JO@example.com", "password": "another good one", "name": "X", "organization": "Y"}),
            409,
            "email_taken",
        ),
        (
            json!({"email": "new@example.com", "password": "short", "name": "X", "organization": "Y"}),
            422,
            "weak_password",
        ),
        (
            json!({"email": "new@example.com", "password": "newnewnewnew1", "name": "X", "organization": "Y"}),
            422,
            "weak_password",
        ),
        (
            json!({"email": "not-an-address", "password": PASSWORD, "name": "X", "organization": "Y"}),
            422,
            "invalid_input",
        ),
        (
            json!({"email": "new@example.com", "password": PASSWORD, "name": " ", "organization": "Y"}),
            422,
            "invalid_input",
        ),
        (json!({"email": "new@example.com", "password": PASSWORD, "name": "X"}), 400, "malformed_json"),
    ];
    for (body, status, code) in cases {
        let reply = call(&app, &Who::Nobody, "POST", "/admin/api/signup", Some(body.clone())).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (status, code.to_owned()), "{body}");
    }
    let weak = call(
        &app,
        &Who::Nobody,
        "POST",
        "/admin/api/signup",
        Some(json!({"email": "new@example.com", "password": "short", "name": "X", "organization": "Y"})),
    )
    .await;
    assert!(weak.json()["error"]["message"].as_str().unwrap().contains("at least 10 characters"), "the rule is stated");
    assert_eq!(app.store.user_by_email("new@example.com").await.unwrap(), None);
    assert_eq!(log_in(&app, "jo@example.com", PASSWORD).await.status, 200, "the first account is untouched");
}

#[tokio::test]
async fn log_in_is_rate_limited_per_account_and_log_out_ends_the_session() {
    let app = TestApp::start().await;
    let first = sign_up(&app, "jo@example.com", "Acme").await;
    sign_up(&app, "kim@example.com", "Kim Co").await;
    assert_eq!(log_in(&app, "nobody@example.com", PASSWORD).await.code(), "invalid_credentials");
    for _ in 0..5 {
        assert_eq!(log_in(&app, "jo@example.com", "wrong password!").await.status, 401);
    }
    let limited = log_in(&app, "jo@example.com", PASSWORD).await;
    assert_eq!((limited.status.as_u16(), limited.code()), (429, "too_many_attempts".to_owned()));
    assert_eq!(limited.headers["retry-after"], "900");
    assert_eq!(log_in(&app, "kim@example.com", PASSWORD).await.status, 200, "another account is not affected");
    // The address's failures are counted under its digest: no IP address is stored.
    let digest = hearback_server::http::admin::auth::digest("127.0.0.1");
    assert_eq!(app.store.login_failures(&format!("ip:{digest}"), 0).await.unwrap(), 6);
    assert_eq!(app.store.login_failures("ip:127.0.0.1", 0).await.unwrap(), 0);

    // Log-out revokes the session in the database: the cookie is worth nothing after.
    let out = call(&app, &Who::Browser(first.clone()), "POST", "/admin/api/logout", None).await;
    assert_eq!(out.status, 204);
    assert!(out.headers["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(call(&app, &Who::Browser(first), "GET", "/admin/api/me", None).await.status, 401);
}

#[tokio::test]
async fn after_log_in_only_a_path_on_this_site_is_offered_as_next() {
    let app = TestApp::start().await;
    sign_up(&app, "jo@example.com", "Acme").await;
    for (next, expected) in [
        ("//evil.example", "/admin"),
        ("/\\evil.example", "/admin"),
        ("https://evil.example/admin", "/admin"),
        ("javascript:alert(1)", "/admin"),
        ("/admin/surveys/pulse", "/admin/surveys/pulse"),
    ] {
        let body = json!({"email": "jo@example.com", "password": PASSWORD, "next": next});
        let reply = call(&app, &Who::Nobody, "POST", "/admin/api/login", Some(body)).await;
        assert_eq!(reply.json()["next"], expected, "{next}");
    }
}

#[tokio::test]
async fn a_state_change_needs_our_origin_and_the_csrf_token() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let body = definition("pulse").to_string();
    for (origin, csrf) in [
        (None, Some(owner.csrf.as_str())),
        (Some("http://evil.example"), Some(owner.csrf.as_str())),
        (Some("http://hearback.test"), None),
        (Some("http://hearback.test"), Some("guessed")),
    ] {
        let mut request = Request::post("/admin/api/surveys")
            .header("host", SITE)
            .header("cookie", format!("hb_session={}", owner.cookie))
            .header("content-type", "application/json");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        let reply = app.send(request.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (403, "csrf_rejected".to_owned()), "{origin:?} {csrf:?}");
    }
    assert_eq!(app.store.survey("pulse").await.unwrap().map(|s| s.survey), None, "nothing was created");
    let made = call(&app, &Who::Browser(owner), "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    assert_eq!(made.status, 201, "{}", made.body);
}

#[tokio::test]
async fn roles_decide_who_may_write_and_an_organisation_keeps_an_owner() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let editor = join(&app, &owner, "ed@example.com", "editor").await;
    let viewer = join(&app, &owner, "vi@example.com", "viewer").await;
    assert_eq!(me(&app, &viewer).await["role"], "viewer");
    let made = call(&app, &Who::Browser(editor.clone()), "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    assert_eq!(made.status, 201, "an editor writes surveys");
    let viewer_id = me(&app, &viewer).await["user"]["id"].as_str().unwrap().to_owned();
    let owner_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();

    // Viewers read everything and write nothing.
    for (method, uri, body) in every_write("pulse", &viewer_id) {
        let reply = call(&app, &Who::Browser(viewer.clone()), method, &uri, body).await;
        assert_eq!(reply.status, 403, "viewer {method} {uri}: {}", reply.body);
    }
    assert_eq!(call(&app, &Who::Browser(viewer.clone()), "GET", "/admin/api/surveys/pulse", None).await.status, 200);
    // The executive reads the same results, trends and breakdowns as the editors.
    for read in ["results", "results/trend?bucket=month", "results/breakdown?by=verified"] {
        let uri = format!("/admin/api/surveys/pulse/{read}");
        assert_eq!(
            call(&app, &Who::Browser(viewer.clone()), "GET", &uri, None).await.status,
            200,
            "viewer reads {read}"
        );
    }
    // Editors do not manage members or tokens.
    for (method, uri, body) in [
        ("PUT", format!("/admin/api/members/{viewer_id}"), Some(json!({"role": "owner"}))),
        ("DELETE", format!("/admin/api/members/{viewer_id}"), None),
        ("POST", "/admin/api/invites".to_owned(), Some(json!({"email": "x@example.com", "role": "owner"}))),
        ("POST", "/admin/api/tokens".to_owned(), Some(json!({"name": "ci", "scope": "write"}))),
    ] {
        let reply = call(&app, &Who::Browser(editor.clone()), method, &uri, body).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (403, "forbidden".to_owned()), "editor {method} {uri}");
    }
    assert_eq!(me(&app, &viewer).await["role"], "viewer", "unchanged");

    // The last owner can neither step down nor leave; with a second owner, they can.
    let own = |role: &str| Some(json!({"role": role}));
    let owner_b = Who::Browser(owner.clone());
    let reply = call(&app, &owner_b, "PUT", &format!("/admin/api/members/{owner_id}"), own("editor")).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (409, "last_owner".to_owned()));
    let reply = call(&app, &owner_b, "DELETE", &format!("/admin/api/members/{owner_id}"), None).await;
    assert_eq!(reply.code(), "last_owner");
    assert_eq!(call(&app, &owner_b, "PUT", &format!("/admin/api/members/{viewer_id}"), own("owner")).await.status, 204);
    assert_eq!(call(&app, &owner_b, "PUT", &format!("/admin/api/members/{owner_id}"), own("editor")).await.status, 204);
    let members = call(&app, &Who::Browser(viewer.clone()), "GET", "/admin/api/members", None).await.json();
    let roles: Vec<&str> = members["members"].as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["editor", "editor", "owner"]);
    // A removed member's session ends at once.
    let new_owner = Who::Browser(viewer.clone());
    let editor_id = me(&app, &editor).await["user"]["id"].as_str().unwrap().to_owned();
    assert_eq!(call(&app, &new_owner, "DELETE", &format!("/admin/api/members/{editor_id}"), None).await.status, 204);
    assert_eq!(call(&app, &Who::Browser(editor), "GET", "/admin/api/me", None).await.status, 401);
}

/// Every state-changing admin route, with a body where it needs one.
pub(crate) fn every_write(survey: &str, member: &str) -> Vec<(&'static str, String, Option<Value>)> {
    vec![
        ("POST", "/admin/api/surveys".into(), Some(definition("another"))),
        ("PUT", format!("/admin/api/surveys/{survey}"), Some(definition(survey))),
        ("POST", format!("/admin/api/surveys/{survey}/status"), Some(json!({"status": "live"}))),
        ("POST", format!("/admin/api/surveys/{survey}/secret"), None),
        ("PUT", format!("/admin/api/surveys/{survey}/schedule"), Some(json!({"close_after": 1000}))),
        ("PUT", format!("/admin/api/surveys/{survey}/answer-retention"), Some(json!({"days": 30}))),
        ("PUT", format!("/admin/api/members/{member}"), Some(json!({"role": "owner"}))),
        ("DELETE", format!("/admin/api/members/{member}"), None),
        ("POST", "/admin/api/invites".into(), Some(json!({"email": "x@example.com", "role": "owner"}))),
        ("POST", "/admin/api/tokens".into(), Some(json!({"name": "ci", "scope": "write"}))),
        ("DELETE", "/admin/api/tokens/some-token".into(), None),
        ("POST", "/admin/api/sites".into(), Some(json!({"origin": "https://viewer.example"}))),
        ("DELETE", "/admin/api/sites/some-key".into(), None),
        ("PUT", "/admin/api/sites/some-key".into(), Some(json!({"fatigue_days": 1}))),
    ]
}

#[tokio::test]
async fn an_invitation_works_once_and_not_after_it_expires() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let invite = call(
        &app,
        &Who::Browser(owner.clone()),
        "POST",
        "/admin/api/invites",
        Some(json!({"email": "ed@example.com", "role": "editor"})),
    )
    .await
    .json();
    let accept = format!("/admin/api/invites/{}/accept", invite["token"].as_str().unwrap());
    let body = Some(json!({"name": "Ed", "password": PASSWORD}));
    assert_eq!(call(&app, &Who::Nobody, "POST", &accept, body.clone()).await.status, 200);
    let again = call(&app, &Who::Nobody, "POST", &accept, body.clone()).await;
    assert_eq!((again.status.as_u16(), again.code()), (410, "invite_unusable".to_owned()), "single use");

    // An expired one (written straight to the store, a week and a day old).
    let owner_id = me(&app, &owner).await["user"]["id"].as_str().unwrap().to_owned();
    let organization = me(&app, &owner).await["organization"]["id"].as_str().unwrap().to_owned();
    let token = "expired-token";
    let digest = hearback_server::http::admin::auth::digest(token);
    let old = NewInvite {
        token_hash: &digest,
        organization_id: &organization,
        email: "late@example.com",
        role: Role::Viewer,
        invited_by: &owner_id,
        expires_at: hearback_server::store::now_millis() - 86_400_000,
    };
    let audit = Audit::system(Some(&organization), "test", AuditAction::InviteSent, "old");
    app.store.create_invite(&old, None, &audit).await.unwrap();
    let late = call(&app, &Who::Nobody, "POST", &format!("/admin/api/invites/{token}/accept"), body).await;
    assert_eq!(late.code(), "invite_unusable");
    assert_eq!(app.store.user_by_email("late@example.com").await.unwrap(), None, "no account was made");
    let unknown =
        call(&app, &Who::Nobody, "POST", "/admin/api/invites/nope/accept", Some(json!({"password": PASSWORD}))).await;
    assert_eq!(unknown.status, 410);
}

#[tokio::test]
async fn api_tokens_are_shown_once_scoped_and_revocable() {
    let app = TestApp::start().await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let o = Who::Browser(owner);
    let mint = |scope: &'static str| {
        let o = o.clone();
        let app = &app;
        async move { call(app, &o, "POST", "/admin/api/tokens", Some(json!({"name": "ci", "scope": scope}))).await.json() }
    };
    let read = mint("read").await;
    let write = mint("write").await;
    let listed = call(&app, &o, "GET", "/admin/api/tokens", None).await;
    assert!(!listed.body.contains(write["token"].as_str().unwrap()), "never shown again: {}", listed.body);
    assert_eq!(listed.json()["tokens"].as_array().unwrap().len(), 2);

    let reader = Who::Token(read["token"].as_str().unwrap().to_owned());
    let writer = Who::Token(write["token"].as_str().unwrap().to_owned());
    assert_eq!(call(&app, &reader, "GET", "/admin/api/surveys", None).await.status, 200);
    let refused = call(&app, &reader, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    assert_eq!(refused.status, 403);
    assert_eq!(call(&app, &writer, "POST", "/admin/api/surveys", Some(definition("pulse"))).await.status, 201);
    // A token is no owner: it cannot mint tokens or invite.
    assert_eq!(
        call(&app, &writer, "POST", "/admin/api/tokens", Some(json!({"name": "x", "scope": "write"}))).await.status,
        403
    );

    let revoke = format!("/admin/api/tokens/{}", write["id"].as_str().unwrap());
    assert_eq!(call(&app, &o, "DELETE", &revoke, None).await.status, 204);
    assert_eq!(call(&app, &writer, "GET", "/admin/api/surveys", None).await.status, 401);
    assert_eq!(call(&app, &o, "DELETE", &revoke, None).await.status, 404, "already revoked");
    assert_eq!(call(&app, &Who::Token("hb_made_up".into()), "GET", "/admin/api/surveys", None).await.status, 401);
}

#[tokio::test]
async fn a_survey_goes_from_draft_to_live_to_closed_and_live_edits_keep_its_meaning() {
    let app = TestApp::start().await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let made = call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    assert_eq!(made.json()["status"], "draft");
    assert_eq!(app.get("/w/pulse").await.status, 404, "a draft is not shown to respondents");
    let taken = call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    assert_eq!((taken.status.as_u16(), taken.code()), (409, "survey_id_taken".to_owned()));
    let invalid = call(
        &app,
        &o,
        "POST",
        "/admin/api/surveys",
        Some(json!({"definition": {"id": "x", "title": "", "questions": []}})),
    )
    .await;
    assert_eq!(invalid.code(), "invalid_survey");

    // A draft changes freely, even losing a question.
    let mut smaller = definition("pulse");
    smaller["definition"]["questions"].as_array_mut().unwrap().pop();
    assert_eq!(call(&app, &o, "PUT", "/admin/api/surveys/pulse", Some(smaller)).await.status, 200);
    assert_eq!(call(&app, &o, "PUT", "/admin/api/surveys/pulse", Some(definition("pulse"))).await.status, 200);
    let live = call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    assert_eq!(live.json()["status"], "live");
    assert_eq!(app.get("/w/pulse").await.status, 200);

    // Live: an optional question may be added; removing one is refused and changes nothing.
    let mut grown = definition("pulse");
    grown["definition"]["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "more", "kind": "long_text", "prompt": "More?"}));
    assert_eq!(call(&app, &o, "PUT", "/admin/api/surveys/pulse", Some(grown)).await.status, 200);
    let mut shrunk = definition("pulse");
    shrunk["definition"]["questions"].as_array_mut().unwrap().remove(1);
    let refused = call(&app, &o, "PUT", "/admin/api/surveys/pulse", Some(shrunk)).await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.json()["error"]["message"].as_str().unwrap().contains("`channel` cannot be removed"),
        "{}",
        refused.body
    );
    let now = call(&app, &o, "GET", "/admin/api/surveys/pulse", None).await.json();
    assert_eq!(now["definition"]["questions"].as_array().unwrap().len(), 3);

    let back = call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "draft"}))).await;
    assert_eq!(back.status, 409);
    let closed = call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "closed"}))).await;
    assert_eq!(closed.json()["status"], "closed");
    assert_eq!(app.get("/w/pulse").await.status, 410);

    let secret = call(&app, &o, "POST", "/admin/api/surveys/pulse/secret", None).await.json();
    let secret = secret["identity_secret"].as_str().unwrap().to_owned();
    assert_eq!(app.store.survey("pulse").await.unwrap().unwrap().identity_secret, secret);
    let shown = call(&app, &o, "GET", "/admin/api/surveys/pulse", None).await;
    assert!(!shown.body.contains(&secret) && shown.json()["has_identity_secret"] == true, "shown once");
    let list = call(&app, &o, "GET", "/admin/api/surveys", None).await.json();
    assert_eq!(list["surveys"][0]["id"], "pulse");
}

#[tokio::test]
async fn a_ten_megabyte_definition_is_refused_whole() {
    let app = TestApp::start().await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let mut huge = definition("huge");
    huge["definition"]["title"] = json!("x".repeat(10 * 1024 * 1024));
    let reply = call(&app, &o, "POST", "/admin/api/surveys", Some(huge)).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (413, "payload_too_large".to_owned()));
    assert!(app.store.survey("huge").await.unwrap().is_none());
}

/// Every admin route, as organisation A's owner, editor, viewer and write token, with ids that
/// belong to organisation B: each answer is the 404 a made-up id gets, and B is unchanged.
#[tokio::test]
async fn organisations_never_see_or_touch_each_others_things() {
    let app = TestApp::start().await;
    let owner_a = sign_up(&app, "a@example.com", "A").await;
    let editor_a = join(&app, &owner_a, "ed-a@example.com", "editor").await;
    let viewer_a = join(&app, &owner_a, "vi-a@example.com", "viewer").await;
    let token_a = call(
        &app,
        &Who::Browser(owner_a.clone()),
        "POST",
        "/admin/api/tokens",
        Some(json!({"name": "ci", "scope": "write"})),
    )
    .await
    .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let owner_b = sign_up(&app, "b@example.com", "B").await;
    let b = Who::Browser(owner_b.clone());
    assert_eq!(call(&app, &b, "POST", "/admin/api/surveys", Some(definition("b-survey"))).await.status, 201);
    let b_token = call(&app, &b, "POST", "/admin/api/tokens", Some(json!({"name": "b", "scope": "read"}))).await.json();
    let b_member = me(&app, &owner_b).await["user"]["id"].as_str().unwrap().to_owned();
    let b_plan = json!({"heard": "Slow", "will_do": "Faster", "owner": b_member, "due": "2027-01-31"});
    let b_plan = call(&app, &b, "POST", "/admin/api/surveys/b-survey/plans", Some(b_plan)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // B follows up with an unhappy customer: a case.
    assert_eq!(
        call(&app, &b, "POST", "/admin/api/surveys/b-survey/status", Some(json!({"status": "live"}))).await.status,
        200
    );
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [b_member], "due_business_days": 2}]});
    assert_eq!(call(&app, &b, "PUT", "/admin/api/surveys/b-survey/case-rules", Some(rules)).await.status, 204);
    assert_eq!(app.submit("b-survey", json!({"answers": {"recommend": 2}}).to_string(), None).await.status, 201);
    let b_case =
        call(&app, &b, "GET", "/admin/api/cases", None).await.json()["cases"][0]["id"].as_str().unwrap().to_owned();
    let b_case_before = call(&app, &b, "GET", &format!("/admin/api/cases/{b_case}"), None).await.body;
    let b_before = call(&app, &b, "GET", "/admin/api/surveys/b-survey", None).await.body;
    let b_plans_before = call(&app, &b, "GET", "/admin/api/surveys/b-survey/plans", None).await.body;

    let routes = |survey: &str,
                  member: &str,
                  token: &str,
                  plan: &str,
                  case: &str|
     -> Vec<(&'static str, String, Option<Value>)> {
        let plan_body = json!({"heard": "Heard", "will_do": "Do", "owner": member, "due": "2027-01-31"});
        vec![
            ("GET", format!("/admin/api/surveys/{survey}/plans"), None),
            ("POST", format!("/admin/api/surveys/{survey}/plans"), Some(plan_body.clone())),
            ("PUT", format!("/admin/api/surveys/{survey}/plans/{plan}"), Some(plan_body)),
            ("POST", format!("/admin/api/surveys/{survey}/plans/{plan}/updates"), Some(json!({"body": "News"}))),
            ("DELETE", format!("/admin/api/surveys/{survey}/plans/{plan}"), None),
            ("GET", format!("/admin/api/surveys/{survey}/publication"), None),
            ("GET", format!("/admin/api/surveys/{survey}/quotes"), None),
            ("POST", format!("/admin/api/surveys/{survey}/quotes"), Some(json!({"response": "r", "question": "q"}))),
            ("DELETE", format!("/admin/api/surveys/{survey}/quotes/any"), None),
            ("GET", format!("/admin/api/surveys/{survey}/replies"), None),
            ("POST", format!("/admin/api/surveys/{survey}/replies/any/answer"), Some(json!({"body": "Hi"}))),
            (
                "POST",
                format!("/admin/api/surveys/{survey}/publication"),
                Some(json!({"summary": "Hi", "visibility": "public"})),
            ),
            ("DELETE", format!("/admin/api/surveys/{survey}/publication"), None),
            ("GET", format!("/admin/api/surveys/{survey}/translations"), None),
            (
                "PUT",
                format!("/admin/api/surveys/{survey}/translations/de"),
                Some(json!({"texts": [{"kind": "summary", "subject": survey, "text": "Hallo"}]})),
            ),
            ("GET", format!("/admin/api/surveys/{survey}"), None),
            ("GET", format!("/admin/api/surveys/{survey}/responses"), None),
            ("GET", format!("/admin/api/surveys/{survey}/export?format=csv"), None),
            ("DELETE", format!("/admin/api/surveys/{survey}/responses/any"), None),
            ("PUT", format!("/admin/api/surveys/{survey}/responses/any/tags"), Some(json!({"tags": ["x"]}))),
            ("POST", format!("/admin/api/surveys/{survey}/responses/any/notes"), Some(json!({"body": "x"}))),
            ("GET", format!("/admin/api/surveys/{survey}/webhooks"), None),
            ("GET", format!("/admin/api/surveys/{survey}/results"), None),
            ("GET", format!("/admin/api/surveys/{survey}/results/trend?bucket=week"), None),
            ("GET", format!("/admin/api/surveys/{survey}/results/breakdown?by=verified"), None),
            (
                "POST",
                format!("/admin/api/surveys/{survey}/webhooks"),
                Some(json!({"url": "https://hooks.example.com/x"})),
            ),
            ("DELETE", format!("/admin/api/surveys/{survey}/webhooks/any"), None),
            ("GET", format!("/admin/preview/{survey}"), None),
            ("PUT", format!("/admin/api/surveys/{survey}"), Some(definition(survey))),
            ("POST", format!("/admin/api/surveys/{survey}/status"), Some(json!({"status": "live"}))),
            ("POST", format!("/admin/api/surveys/{survey}/secret"), None),
            ("GET", format!("/admin/api/surveys/{survey}/schedule"), None),
            ("PUT", format!("/admin/api/surveys/{survey}/schedule"), Some(json!({"close_after": 1000}))),
            ("GET", format!("/admin/api/surveys/{survey}/audience"), None),
            ("PUT", format!("/admin/api/surveys/{survey}/audience"), Some(json!({"visitors": "new"}))),
            ("PUT", format!("/admin/api/members/{member}"), Some(json!({"role": "viewer"}))),
            ("DELETE", format!("/admin/api/members/{member}"), None),
            ("DELETE", format!("/admin/api/tokens/{token}"), None),
            ("GET", format!("/admin/api/surveys/{survey}/case-rules"), None),
            ("PUT", format!("/admin/api/surveys/{survey}/case-rules"), Some(json!({"rules": []}))),
            ("GET", format!("/admin/api/cases/{case}"), None),
            ("POST", format!("/admin/api/cases/{case}/status"), Some(json!({"status": "contacted"}))),
            ("PUT", format!("/admin/api/cases/{case}/plan"), Some(json!({"plan": null}))),
            ("POST", format!("/admin/api/cases/{case}/messages"), Some(json!({"body": "Hello"}))),
        ]
    };
    let b_ids = routes("b-survey", &b_member, b_token["id"].as_str().unwrap(), &b_plan, &b_case);
    let made_up = routes("no-such-survey", "no-such-member", "no-such-token", "no-such-plan", "no-such-case");
    let actors = [
        ("owner", Who::Browser(owner_a)),
        ("editor", Who::Browser(editor_a)),
        ("viewer", Who::Browser(viewer_a)),
        ("token", Who::Token(token_a)),
    ];
    for (name, actor) in &actors {
        for ((method, uri, body), (_, made_up_uri, made_up_body)) in b_ids.iter().zip(&made_up) {
            let theirs = call(&app, actor, method, uri, body.clone()).await;
            let nothing = call(&app, actor, method, made_up_uri, made_up_body.clone()).await;
            assert_eq!(
                (
                    theirs.status,
                    theirs
                        .body_without_request_id()
                        .replace("b-survey", "no-such-survey")
                        .replace(&b_plan, "no-such-plan")
                        .replace(&b_case, "no-such-case")
                ),
                (nothing.status, nothing.body_without_request_id()),
                "{name} {method} {uri}"
            );
            assert!(theirs.status == 404 || theirs.status == 403, "{name} {method} {uri}: {}", theirs.status);
        }
        let listed = call(&app, actor, "GET", "/admin/api/surveys", None).await;
        assert!(!listed.body.contains("b-survey"), "{name} lists only its own surveys");
        let members = call(&app, actor, "GET", "/admin/api/members", None).await;
        assert!(!members.body.contains("b@example.com"), "{name} sees only its own members");
        let cases = call(&app, actor, "GET", "/admin/api/cases", None).await;
        assert_eq!(cases.json()["cases"], json!([]), "{name} lists only its own cases");
    }
    assert_eq!(call(&app, &b, "GET", "/admin/api/surveys/b-survey", None).await.body, b_before, "B is unchanged");
    let b_plans = call(&app, &b, "GET", "/admin/api/surveys/b-survey/plans", None).await.body;
    assert_eq!(b_plans, b_plans_before, "B's plans are unchanged");
    assert_eq!(me(&app, &owner_b).await["role"], "owner");
    let b_case_after = call(&app, &b, "GET", &format!("/admin/api/cases/{b_case}"), None).await.body;
    assert_eq!(b_case_after, b_case_before, "B's case is unchanged");
    assert_eq!(call(&app, &b, "GET", "/admin/api/tokens", None).await.json()["tokens"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn members_preview_a_draft_framed_by_the_app_alone_and_read_its_responses() {
    let app = TestApp::start().await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    let preview = call(&app, &o, "GET", "/admin/preview/pulse", None).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("Recommend us?"));
    let policy = preview.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'self'"), "{policy}");
    assert!(policy.contains("form-action 'none'"), "answers go nowhere: {policy}");
    let connect = policy.split("; ").find(|d| d.starts_with("connect-src")).unwrap();
    assert!(connect.ends_with("/assets/widget/") && !connect.contains("'self'"), "the wasm only: {policy}");
    assert_eq!(call(&app, &Who::Nobody, "GET", "/admin/preview/pulse", None).await.status, 401);

    // The builder's unsaved definition, in the language asked for, is shown and stored nowhere.
    let mut unsaved = definition("pulse")["definition"].clone();
    unsaved["languages"] = json!(["en", "de"]);
    unsaved["questions"][0]["prompt"] = json!({"en": "Recommend us?", "de": "Empfehlen Sie uns?"});
    let address = |definition: &Value, lang: &str| {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("definition", &definition.to_string())
            .append_pair("lang", lang)
            .finish();
        format!("/admin/preview?{query}")
    };
    let german = call(&app, &o, "GET", &address(&unsaved, "de"), None).await;
    assert_eq!(german.status, 200, "{}", german.body);
    assert!(german.body.contains("Empfehlen Sie uns?") && german.body.contains(r#"<html lang="de""#));
    assert!(german.headers["content-security-policy"].to_str().unwrap().contains("/assets/widget/"));
    let stored = call(&app, &o, "GET", "/admin/api/surveys/pulse", None).await.json();
    assert_eq!(stored["definition"]["questions"][0]["prompt"], json!("Recommend us?"), "nothing saved");
    unsaved["questions"][0]["kind"] = json!("nope");
    let broken = call(&app, &o, "GET", &address(&unsaved, "en"), None).await;
    assert_eq!(broken.status, 422);
    assert!(
        broken.body.contains("cannot be shown yet") && broken.body.contains("unknown kind `nope`"),
        "{}",
        broken.body
    );
    assert_eq!(call(&app, &Who::Nobody, "GET", &address(&unsaved, "en"), None).await.status, 401);

    call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let answered = app.submit("pulse", json!({"answers": {"recommend": 9, "channel": "chat"}}).to_string(), None).await;
    assert_eq!(answered.status, 201, "{}", answered.body);
    let listed = call(&app, &o, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    assert_eq!(listed["responses"][0]["answers"], json!({"recommend": 9, "channel": "chat"}));
    assert_eq!(listed["responses"][0]["complete"], true);
    let unknown = call(&app, &o, "GET", "/admin/api/no-such-route", None).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (404, "not_found".to_owned()), "JSON, not the app page");
}

#[tokio::test]
async fn responses_filter_export_without_formulas_and_delete() {
    let app = TestApp::start().await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "why", "kind": "long_text", "prompt": "Why?"}));
    call(&app, &o, "POST", "/admin/api/surveys", Some(pulse)).await;
    call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    for (score, why) in [(10, "=HYPERLINK(\"http://evil.example\")"), (3, "slow"), (8, "-fine")] {
        let body = json!({"answers": {"recommend": score, "why": why}}).to_string();
        assert_eq!(app.submit("pulse", body, None).await.status, 201);
    }
    let list = |query: &'static str| {
        let (app, o) = (&app, o.clone());
        async move { call(app, &o, "GET", &format!("/admin/api/surveys/pulse/responses{query}"), None).await }
    };
    let scores = |reply: Reply| -> Vec<i64> {
        reply.json()["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["answers"]["recommend"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(scores(list("").await), [10, 3, 8]);
    // The members' results, with the same filters (no loopback or token rule: the session decides).
    // Three finished responses are fewer than k (5): no numbers, only that.
    let results = call(&app, &o, "GET", "/admin/api/surveys/pulse/results?status=complete", None).await.json();
    assert_eq!((results["hidden"].as_bool(), results["fewer_than"].as_u64()), (Some(true), Some(5)), "{results}");
    assert!(results.get("questions").is_none() && results.get("responses").is_none());
    assert_eq!(scores(list("?band=detractors").await), [3]);
    assert_eq!(scores(list("?band=promoters&status=complete").await), [10]);
    assert_eq!(scores(list("?from=2000-01-01&to=2000-01-02").await).len(), 0);
    for bad in ["?to=2001-01-01&from=2002-01-01", "?band=fans", "?answer.why=slow", "?from=yesterday"] {
        let reply = list(bad).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (422, "invalid_input".to_owned()), "{bad}");
    }

    let csv = call(&app, &o, "GET", "/admin/api/surveys/pulse/export?format=csv", None).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers["content-disposition"].to_str().unwrap().contains("pulse-responses.csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "id,created_at,complete,customer_id,verified,customer_attributes,tags,recommend,channel,why");
    assert!(lines[1].ends_with(r#",10,,"'=HYPERLINK(""http://evil.example"")""#), "{}", lines[1]);
    assert!(lines[3].ends_with(",8,,'-fine"), "{}", lines[3]);
    let json_export = call(&app, &o, "GET", "/admin/api/surveys/pulse/export?format=json&band=detractors", None).await;
    assert_eq!(json_export.json().as_array().unwrap().len(), 1);
    assert_eq!(call(&app, &o, "GET", "/admin/api/surveys/pulse/export?format=xlsx", None).await.status, 422);

    // Deleting: an editor may, a viewer may not; gone from the list and the results.
    let viewer = join(
        &app,
        &match &o {
            Who::Browser(b) => b.clone(),
            _ => unreachable!(),
        },
        "vi@example.com",
        "viewer",
    )
    .await;
    let first = list("").await.json()["responses"][0]["id"].as_str().unwrap().to_owned();
    let url = format!("/admin/api/surveys/pulse/responses/{first}");
    assert_eq!(call(&app, &Who::Browser(viewer), "DELETE", &url, None).await.status, 403);
    assert_eq!(call(&app, &o, "GET", &url, None).await.json()["answers"]["recommend"], 10);
    assert_eq!(call(&app, &o, "DELETE", &url, None).await.status, 204);
    assert_eq!(call(&app, &o, "DELETE", &url, None).await.status, 404);
    assert_eq!(scores(list("").await), [3, 8]);
    assert_eq!(app.stored("pulse").await, 2);
}

/// A company's endpoint on loopback: records each delivery and answers with the next status
/// of `statuses` (then 200).
pub(crate) async fn endpoint(
    statuses: Vec<u16>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>) {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let plan = Arc::new(Mutex::new(statuses));
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let (record, plan) = (record.clone(), plan.clone());
            async move {
                record.lock().unwrap().push((headers, body));
                let mut plan = plan.lock().unwrap();
                let status = if plan.is_empty() { 200 } else { plan.remove(0) };
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

#[tokio::test]
async fn webhooks_to_internal_addresses_are_refused_without_the_allow_flag() {
    let app = TestApp::start().await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    for target in [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://10.0.0.8/x",
        "ftp://example.com/",
    ] {
        let reply = call(&app, &o, "POST", "/admin/api/surveys/pulse/webhooks", Some(json!({"url": target}))).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (422, "invalid_input".to_owned()), "{target}");
    }
    let listed = call(&app, &o, "GET", "/admin/api/surveys/pulse/webhooks", None).await.json();
    assert_eq!(listed["webhooks"], json!([]), "nothing was made");
}

#[tokio::test]
async fn a_finished_response_is_delivered_signed_retried_with_backoff_and_logged() {
    use hearback_server::http::HttpConfig;
    let app = TestApp::with_config(HttpConfig { allow_private_webhooks: true, ..HttpConfig::default() }).await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    let (url, seen) = endpoint(vec![500]).await;
    let made = call(&app, &o, "POST", "/admin/api/surveys/pulse/webhooks", Some(json!({"url": url}))).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let secret = made.json()["secret"].as_str().unwrap().to_owned();

    let body = json!({"answers": {"recommend": 9}}).to_string();
    assert_eq!(app.submit("pulse", body.clone(), Some("key-1")).await.status, 201);
    assert_eq!(app.submit("pulse", body, Some("key-1")).await.status, 201, "a replay");
    let store = app.store.as_ref();
    let now = hearback_server::store::now_millis();
    // First attempt: the endpoint answers 500; tried again a second later, not before.
    assert_eq!(hearback_server::webhooks::deliver_due(store, true, "", now).await.unwrap(), 1);
    let log = call(&app, &o, "GET", "/admin/api/surveys/pulse/webhooks", None).await.json();
    let delivery = &log["deliveries"][0];
    assert_eq!(
        (delivery["status"].as_str(), delivery["attempts"].as_i64(), delivery["last_status"].as_i64()),
        (Some("pending"), Some(1), Some(500))
    );
    assert_eq!(log["deliveries"].as_array().unwrap().len(), 1, "the replay queued nothing new");
    assert_eq!(hearback_server::webhooks::deliver_due(store, true, "", now + 500).await.unwrap(), 0);
    assert_eq!(hearback_server::webhooks::deliver_due(store, true, "", now + 1000).await.unwrap(), 1);
    let log = call(&app, &o, "GET", "/admin/api/surveys/pulse/webhooks", None).await.json();
    assert_eq!(
        (log["deliveries"][0]["status"].as_str(), log["deliveries"][0]["attempts"].as_i64()),
        (Some("delivered"), Some(2))
    );
    assert_eq!(
        hearback_server::webhooks::deliver_due(store, true, "", now + 60_000).await.unwrap(),
        0,
        "delivered once"
    );

    // What the company received: the response, signed with the webhook's secret.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let (headers, received) = &seen[1];
    let payload: Value = serde_json::from_str(received).unwrap();
    assert_eq!((payload["event"].as_str(), payload["survey"].as_str()), (Some("response.completed"), Some("pulse")));
    assert_eq!(payload["response"]["answers"]["recommend"], 9);
    let timestamp: i64 = headers["x-hearback-timestamp"].to_str().unwrap().parse().unwrap();
    assert_eq!(
        headers["x-hearback-signature"].to_str().unwrap(),
        hearback_server::webhooks::signature(&secret, timestamp, received)
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_given_up_after_the_last_attempt() {
    use hearback_server::http::HttpConfig;
    let app = TestApp::with_config(HttpConfig { allow_private_webhooks: true, ..HttpConfig::default() }).await;
    let o = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    call(&app, &o, "POST", "/admin/api/surveys", Some(definition("pulse"))).await;
    call(&app, &o, "POST", "/admin/api/surveys/pulse/status", Some(json!({"status": "live"}))).await;
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let hook = json!({"url": format!("http://{closed}/hook")});
    assert_eq!(call(&app, &o, "POST", "/admin/api/surveys/pulse/webhooks", Some(hook)).await.status, 201);
    app.submit("pulse", json!({"answers": {"recommend": 2}}).to_string(), None).await;
    let mut now = hearback_server::store::now_millis();
    for _ in 0..hearback_server::webhooks::MAX_ATTEMPTS {
        assert_eq!(hearback_server::webhooks::deliver_due(app.store.as_ref(), true, "", now).await.unwrap(), 1);
        now += 3_600_000;
    }
    assert_eq!(hearback_server::webhooks::deliver_due(app.store.as_ref(), true, "", now).await.unwrap(), 0);
    let log = call(&app, &o, "GET", "/admin/api/surveys/pulse/webhooks", None).await.json();
    assert_eq!(log["deliveries"][0]["status"], "failed");
    assert_eq!(log["deliveries"][0]["attempts"], hearback_server::webhooks::MAX_ATTEMPTS);
    assert!(log["deliveries"][0]["last_error"].as_str().unwrap().contains("could not deliver"));
}

#[tokio::test]
async fn with_smtp_an_invitation_is_emailed_from_the_owner_and_survives_an_outage() {
    use hearback_server::http::HttpConfig;
    use hearback_server::mail::{send_due, Mailer};
    use hearback_server::store::now_millis;
    use hearback_server::testing::SmtpSink;
    let public_url = "https://feedback.acme.example";
    let config = HttpConfig { send_mail: true, public_url: Some(public_url.into()), ..HttpConfig::default() };
    let app = TestApp::with_config(config).await;
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url(), "Acme feedback <feedback@acme.example>").unwrap();
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme <Labs>").await);
    let invite = json!({"email": "exec@acme.example", "role": "viewer"});
    let reply = call(&app, &owner, "POST", "/admin/api/invites", Some(invite)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let token = reply.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(reply.json()["emailed"], true);

    // The SMTP server is down: the message waits in the outbox and is tried again later.
    sink.refuse(true);
    let now = now_millis();
    assert_eq!(send_due(app.store.as_ref(), &mailer, now).await.unwrap(), 1);
    let log = app.store.mail_log(10).await.unwrap();
    assert_eq!((log[0].status.as_str(), log[0].attempts), ("pending", 1));
    assert!(log[0].last_error.as_deref().unwrap_or_default().contains("421"), "{log:?}");
    assert_eq!(send_due(app.store.as_ref(), &mailer, now + 500).await.unwrap(), 0, "not before the backoff");
    sink.refuse(false);
    assert_eq!(send_due(app.store.as_ref(), &mailer, now + 1000).await.unwrap(), 1);
    assert_eq!(send_due(app.store.as_ref(), &mailer, now + 10_000).await.unwrap(), 0, "sent once");
    assert_eq!(app.store.mail_log(10).await.unwrap()[0].status, "sent");

    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let mail = &messages[0];
    assert_eq!(mail.to, ["<exec@acme.example>"]);
    assert_eq!(mail.header("Reply-To").unwrap(), r#""Jo Owner" <jo@example.com>"#, "a person answers");
    assert_eq!(mail.header("Subject").unwrap(), "Jo Owner invites you to Acme <Labs> on Hearback");
    let text = mail.text();
    assert!(text.contains("join Acme <Labs> on Hearback as a viewer"), "{text}");
    assert!(!text.to_lowercase().contains("do not reply"));
    let link = format!("{public_url}/admin/invite/{token}");
    assert!(text.contains(&link), "{text}");
    let accept = json!({"name": "Sam Exec", "password": "another good passphrase"});
    let joined = call(&app, &Who::Nobody, "POST", &format!("/admin/api/invites/{token}/accept"), Some(accept)).await;
    assert_eq!(joined.status, 200, "the e-mailed link works: {}", joined.body);

    // A mailbox the SMTP server refuses for good is not tried again.
    let invite = json!({"email": "reject@acme.example", "role": "editor"});
    assert_eq!(call(&app, &owner, "POST", "/admin/api/invites", Some(invite)).await.status, 201);
    assert_eq!(send_due(app.store.as_ref(), &mailer, now + 20_000).await.unwrap(), 1);
    let log = app.store.mail_log(10).await.unwrap();
    assert_eq!((log[0].status.as_str(), log[0].attempts), ("failed", 1), "{log:?}");
    assert!(log[0].last_error.as_deref().unwrap_or_default().contains("550"));
    assert_eq!(send_due(app.store.as_ref(), &mailer, now + 3_600_000).await.unwrap(), 0);
}

#[tokio::test]
async fn without_smtp_nothing_is_queued_and_the_link_is_the_way() {
    let app = TestApp::start().await;
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let invite = json!({"email": "exec@acme.example", "role": "viewer"});
    let reply = call(&app, &owner, "POST", "/admin/api/invites", Some(invite)).await;
    assert_eq!((reply.status.as_u16(), reply.json()["emailed"].clone()), (201, json!(false)));
    assert!(app.store.mail_log(10).await.unwrap().is_empty());
}
