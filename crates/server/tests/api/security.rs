//! What a security review asks: every admin change leaves exactly one audit entry with its actor
//! (in the change's transaction), refused ones none, and no organisation sees another's; two-factor
//! sign-in refuses every wrong, reused or guessed code; members see and end their sessions.

use crate::admin::{browser, call, definition, every_write, join, log_in, me, sign_up, Who, PASSWORD};
use crate::helpers::{Reply, TestApp};
use hearback_server::http::HttpConfig;
use hearback_server::store::audit::AuditAction;
use hearback_server::two_factor::{code_at, now_seconds};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Now, in seconds, at least 10 seconds before the current 30-second step ends: codes worked out
/// from it stay in the server's window while a test uses them.
pub(crate) async fn steady_seconds() -> u64 {
    let left = 30 - now_seconds() % 30;
    if left < 10 {
        tokio::time::sleep(std::time::Duration::from_secs(left + 1)).await;
    }
    now_seconds()
}

/// Six digits that are none of the codes the server accepts around `t`.
pub(crate) fn wrong_code(secret: &str, t: u64) -> String {
    let right: Vec<String> = [t - 30, t, t + 30].iter().map(|&at| code_at(secret, at).unwrap()).collect();
    (0..4).map(|n| format!("{n:06}")).find(|c| !right.contains(c)).unwrap()
}

/// The organisation's audit log as its owner reads it, newest first.
async fn entries(app: &TestApp, owner: &Who) -> Vec<Value> {
    let reply = call(app, owner, "GET", "/admin/api/audit?limit=200", None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["entries"].as_array().unwrap().clone()
}

/// The log before and after one change: the actions it added, each with its actor.
struct Log<'a> {
    app: &'a TestApp,
    reader: Who,
    seen: BTreeSet<String>,
    covered: BTreeSet<&'static str>,
}

impl Log<'_> {
    async fn mark(&mut self) {
        self.seen =
            entries(self.app, &self.reader).await.iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    }

    /// Makes a call that must succeed, then checks that it added exactly `actions`, by `actor`.
    async fn expect(
        &mut self,
        who: &Who,
        (method, uri, body): (&str, &str, Option<Value>),
        actions: &[AuditAction],
        actor: &str,
    ) -> Reply {
        self.mark().await;
        let reply = call(self.app, who, method, uri, body).await;
        assert!(reply.status.is_success(), "{method} {uri}: {} {}", reply.status, reply.body);
        let added = self.added().await;
        let names: Vec<&str> = added.iter().map(|e| e["action"].as_str().unwrap()).collect();
        let mut wanted: Vec<&str> = actions.iter().map(|a| a.as_str()).collect();
        let mut got = names.clone();
        (wanted.sort(), got.sort());
        assert_eq!(got, wanted, "{method} {uri} left {added:#?}");
        for entry in &added {
            assert_eq!(entry["actor_id"], actor, "{method} {uri}: {entry}");
            assert_eq!(entry["address"].as_str().unwrap().len(), 12, "a short digest, never an address");
        }
        self.covered.extend(actions.iter().map(|a| a.as_str()));
        reply
    }

    async fn added(&self) -> Vec<Value> {
        let all = entries(self.app, &self.reader).await;
        all.into_iter().filter(|e| !self.seen.contains(e["id"].as_str().unwrap())).collect()
    }
}

fn id_of(browser: &Value) -> String {
    browser["user"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_admin_change_leaves_one_entry_with_its_actor_and_refused_ones_none() {
    use AuditAction::*;
    let config = HttpConfig { allow_private_webhooks: true, send_mail: true, ..HttpConfig::default() };
    let app = TestApp::with_config(config).await;
    let owner = sign_up(&app, "jo@example.com", "Acme").await;
    let o = Who::Browser(owner.clone());
    let owner_id = id_of(&me(&app, &owner).await);
    let mut log = Log { app: &app, reader: o.clone(), seen: BTreeSet::new(), covered: BTreeSet::new() };
    let first = entries(&app, &o).await;
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(
        (first[0]["action"].as_str(), first[0]["actor_id"].as_str()),
        (Some("organization_created"), Some(owner_id.as_str()))
    );
    log.covered.insert("organization_created");

    // Members and tokens.
    let invite = log
        .expect(
            &o,
            ("POST", "/admin/api/invites", Some(json!({"email": "ed@example.com", "role": "viewer"}))),
            &[InviteSent],
            &owner_id,
        )
        .await
        .json();
    log.mark().await;
    let accept = json!({"name": "Ed", "password": PASSWORD});
    let joined = call(
        &app,
        &Who::Nobody,
        "POST",
        &format!("/admin/api/invites/{}/accept", invite["token"].as_str().unwrap()),
        Some(accept),
    )
    .await;
    let ed = Who::Browser(browser(&joined));
    let ed_id = id_of(&me(&app, &browser(&joined)).await);
    let added = log.added().await;
    assert_eq!(
        (added.len(), added[0]["action"].as_str(), added[0]["actor_id"].as_str()),
        (1, Some("member_joined"), Some(ed_id.as_str()))
    );
    log.covered.insert("member_joined");
    let role = format!("/admin/api/members/{ed_id}");
    log.expect(&o, ("PUT", &role, Some(json!({"role": "editor"}))), &[MemberRoleChanged], &owner_id).await;
    let token = log
        .expect(
            &o,
            ("POST", "/admin/api/tokens", Some(json!({"name": "CI", "scope": "write"}))),
            &[TokenCreated],
            &owner_id,
        )
        .await
        .json();
    let (token_id, script) =
        (token["id"].as_str().unwrap().to_owned(), Who::Token(token["token"].as_str().unwrap().to_owned()));

    // Surveys, responses and webhooks.
    let mut pulse = definition("pulse");
    pulse["definition"]["questions"].as_array_mut().unwrap().extend([
        json!({"id": "why", "kind": "text", "prompt": "Why?"}),
        json!({"id": "quote", "kind": "consent", "prompt": "May we quote you?"}),
        json!({"id": "reach", "kind": "contact", "prompt": "May we contact you?"}),
    ]);
    pulse["definition"]["languages"] = json!(["en", "de"]);
    log.expect(&ed, ("POST", "/admin/api/surveys", Some(pulse.clone())), &[SurveyCreated], &ed_id).await;
    log.expect(&script, ("PUT", "/admin/api/surveys/pulse", Some(pulse)), &[SurveyEdited], &token_id).await;
    let live = Some(json!({"status": "live"}));
    log.expect(&o, ("POST", "/admin/api/surveys/pulse/status", live), &[SurveyStatusChanged], &owner_id).await;
    log.expect(&o, ("POST", "/admin/api/surveys/pulse/secret", None), &[SurveySecretRotated], &owner_id).await;
    let schedule = Some(json!({"close_after": 1000}));
    log.expect(&ed, ("PUT", "/admin/api/surveys/pulse/schedule", schedule), &[SurveyScheduleSet], &ed_id).await;
    let audience = Some(json!({"devices": ["desktop"]}));
    log.expect(&ed, ("PUT", "/admin/api/surveys/pulse/audience", audience), &[SurveyAudienceSet], &ed_id).await;
    let retention = Some(json!({"days": 365}));
    let kept = "/admin/api/surveys/pulse/answer-retention";
    log.expect(&o, ("PUT", kept, retention), &[AnswerRetentionSet], &owner_id).await;
    // The retention's deletions are the server's own, said as such.
    let answer = json!({"answers": {"recommend": 9}, "complete": true, "sequence": 1});
    assert!(app.save("pulse", "key-old", answer).await.status.is_success());
    log.mark().await;
    let later = hearback_server::store::now_millis() + 366 * 86_400_000;
    assert_eq!(hearback_server::workers::expire_answers(app.store.as_ref(), later).await.unwrap(), 1);
    let added = log.added().await;
    assert_eq!(added.len(), 1, "{added:#?}");
    assert_eq!(
        (added[0]["action"].as_str(), added[0]["actor_kind"].as_str()),
        (Some("answers_expired"), Some("system"))
    );
    log.covered.insert("answers_expired");
    let fatigue = Some(json!({"days": 14}));
    log.expect(&ed, ("PUT", "/admin/api/organization/fatigue", fatigue), &[FatigueSet], &ed_id).await;
    let site = Some(json!({"origin": "https://shop.example"}));
    let key = log.expect(&ed, ("POST", "/admin/api/sites", site), &[SiteAdded], &ed_id).await.json()["key"].clone();
    let remove = format!("/admin/api/sites/{}", key.as_str().unwrap());
    let days = Some(json!({"fatigue_days": 30}));
    log.expect(&ed, ("PUT", &remove, days), &[SiteFatigueSet], &ed_id).await;
    log.expect(&ed, ("DELETE", &remove, None), &[SiteRemoved], &ed_id).await;
    let bounce = Some(json!({"kind": "bounce", "email": "someone@example.com"}));
    log.expect(&ed, ("POST", "/admin/api/mail-events", bounce), &[MailEventRecorded], &ed_id).await;
    let recipients = Some(json!({"recipients": [{"email": "ann@example.com"}]}));
    log.expect(&ed, ("POST", "/admin/api/surveys/pulse/invitations", recipients), &[InvitationsSent], &ed_id).await;
    log.mark().await;
    for score in [9, 10, 3, 8, 9, 7] {
        let answers = json!({"recommend": score, "channel": "mail", "why": "Because", "quote": true});
        assert_eq!(app.submit("pulse", json!({"answers": answers}).to_string(), None).await.status, 201);
    }
    let receipt = "4b2f0c2e-5b7d-4e7a-9c1b-2d3e4f5a6b7c";
    let saved = app.save("pulse", receipt, json!({"answers": {"recommend": 6}, "complete": true, "sequence": 1})).await;
    assert_eq!(saved.status, 200);
    assert!(log.added().await.is_empty(), "answers are not admin changes");
    log.expect(&ed, ("GET", "/admin/api/surveys/pulse/export", None), &[ExportDownloaded], &ed_id).await;
    let details = ("GET", "/admin/api/surveys/pulse/contact-details", None);
    log.expect(&ed, details, &[ContactDetailsRead], &ed_id).await;
    let responses = call(&app, &o, "GET", "/admin/api/surveys/pulse/responses", None).await.json();
    let response = format!("/admin/api/surveys/pulse/responses/{}", responses["responses"][0]["id"].as_str().unwrap());
    let tags = Some(json!({"tags": ["billing"]}));
    log.expect(&ed, ("PUT", &format!("{response}/tags"), tags), &[ResponseTagged], &ed_id).await;
    let note = Some(json!({"body": "Called back"}));
    log.expect(&ed, ("POST", &format!("{response}/notes"), note), &[ResponseNoteAdded], &ed_id).await;
    log.expect(&o, ("DELETE", &response, None), &[ResponseDeleted], &owner_id).await;
    let hook = Some(json!({"url": "http://127.0.0.1:9/hook"}));
    let hook =
        log.expect(&ed, ("POST", "/admin/api/surveys/pulse/webhooks", hook), &[WebhookCreated], &ed_id).await.json();
    let hook = format!("/admin/api/surveys/pulse/webhooks/{}", hook["id"].as_str().unwrap());
    log.expect(&ed, ("DELETE", &hook, None), &[WebhookDeleted], &ed_id).await;

    // Plans, follow-ups, quotes, publishing and replies.
    let plan = json!({"heard": "Slow replies", "questions": ["recommend"], "will_do": "Answer within a day",
                      "owner": owner_id, "due": "2031-01-31", "status": "planned"});
    let made = log
        .expect(&ed, ("POST", "/admin/api/surveys/pulse/plans", Some(plan.clone())), &[PlanCreated], &ed_id)
        .await
        .json();
    let plan_uri = format!("/admin/api/surveys/pulse/plans/{}", made["id"].as_str().unwrap());
    log.expect(&ed, ("PUT", &plan_uri, Some(plan)), &[PlanEdited], &ed_id).await;
    let update = Some(json!({"body": "Two more people", "status": "done"}));
    log.expect(&o, ("POST", &format!("{plan_uri}/updates"), update), &[PlanUpdateAdded], &owner_id).await;
    let ask = Some(json!({"question": "recommend", "prompt": "Better now?"}));
    log.expect(&ed, ("PUT", &format!("{plan_uri}/follow-up"), ask), &[FollowUpSet], &ed_id).await;
    log.expect(&ed, ("DELETE", &format!("{plan_uri}/follow-up"), None), &[FollowUpRemoved], &ed_id).await;
    let quotes = call(&app, &o, "GET", "/admin/api/surveys/pulse/quotes", None).await.json();
    let pick =
        json!({"response": quotes["candidates"][0]["response"], "question": quotes["candidates"][0]["question"]});
    log.expect(&ed, ("POST", "/admin/api/surveys/pulse/quotes", Some(pick.clone())), &[QuoteApproved], &ed_id).await;
    log.mark().await;
    assert_eq!(call(&app, &ed, "POST", "/admin/api/surveys/pulse/quotes", Some(pick)).await.status, 201);
    assert!(log.added().await.is_empty(), "approving an approved quote again changes nothing");
    let quotes = call(&app, &o, "GET", "/admin/api/surveys/pulse/quotes", None).await.json();
    let quote = format!("/admin/api/surveys/pulse/quotes/{}", quotes["candidates"][0]["quote"].as_str().unwrap());
    log.expect(&ed, ("DELETE", &quote, None), &[QuoteWithdrawn], &ed_id).await;
    let publish = Some(json!({"summary": "We heard you.", "visibility": "public"}));
    log.expect(&ed, ("POST", "/admin/api/surveys/pulse/publication", publish), &[ResultsPublished], &ed_id).await;
    let german = Some(json!({"texts": [{"kind": "summary", "subject": "pulse", "text": "Wir haben zugehört."}]}));
    log.expect(&ed, ("PUT", "/admin/api/surveys/pulse/translations/de", german), &[TranslationsSaved], &ed_id).await;
    let replies = format!("/api/v1/results/pulse/plans/{}/replies", made["id"].as_str().unwrap());
    assert_eq!(app.as_respondent("POST", &replies, receipt, Some(json!({"body": "Still slow"}))).await.status, 201);
    let listed = call(&app, &o, "GET", "/admin/api/surveys/pulse/replies", None).await.json();
    let answer = format!("/admin/api/surveys/pulse/replies/{}/answer", listed["replies"][0]["id"].as_str().unwrap());
    log.expect(&o, ("POST", &answer, Some(json!({"body": "Fixed Monday"}))), &[ReplyAnswered], &owner_id).await;
    log.expect(&ed, ("DELETE", "/admin/api/surveys/pulse/publication", None), &[ResultsTakenDown], &ed_id).await;
    // The inner loop: rules, a case moved, filed under a root cause, linked to a plan.
    let rules =
        json!({"rules": [{"question": "recommend", "at_most": 6, "owners": [owner_id], "due_business_days": 2}]});
    log.expect(&ed, ("PUT", "/admin/api/surveys/pulse/case-rules", Some(rules)), &[CaseRulesChanged], &ed_id).await;
    log.mark().await;
    let answers = json!({"recommend": 1, "reach": {"reply": "email", "email": "ann@example.com"}});
    assert_eq!(app.submit("pulse", json!({"answers": answers}).to_string(), None).await.status, 201);
    assert!(log.added().await.is_empty(), "a case opened by an answer is no member's change");
    let case =
        call(&app, &o, "GET", "/admin/api/cases", None).await.json()["cases"][0]["id"].as_str().unwrap().to_owned();
    let message = Some(json!({"body": "Hello, I read your answers."}));
    let written = log
        .expect(&o, ("POST", &format!("/admin/api/cases/{case}/messages"), message), &[CaseMessageSent], &owner_id)
        .await;
    assert!(!written.body.contains("ann@example.com"));
    let audited = call(&app, &o, "GET", "/admin/api/audit", None).await;
    assert!(
        !audited.body.contains("ann@example.com") && !audited.body.contains("I read your answers"),
        "nothing personal in the log"
    );
    let retention = Some(json!({"days": 14}));
    log.expect(&o, ("PUT", "/admin/api/organization/contact-retention", retention), &[ContactRetentionSet], &owner_id)
        .await;
    let cause = Some(json!({"label": "Slow support"}));
    log.expect(&ed, ("POST", "/admin/api/root-causes", cause), &[RootCauseAdded], &ed_id).await;
    let resolve = Some(json!({"status": "resolved", "outcome": "Called", "root_cause": "slow-support"}));
    log.expect(&o, ("POST", &format!("/admin/api/cases/{case}/status"), resolve), &[CaseStatusChanged], &owner_id)
        .await;
    let link = Some(json!({"plan": made["id"]}));
    log.expect(&o, ("PUT", &format!("/admin/api/cases/{case}/plan"), link), &[CasePlanLinked], &owner_id).await;
    log.expect(&o, ("POST", "/admin/api/wall-link", None), &[WallLinkCreated], &owner_id).await;
    log.expect(&o, ("DELETE", "/admin/api/wall-link", None), &[WallLinkRevoked], &owner_id).await;
    let goal = Some(json!({"per_month": 5}));
    log.expect(&o, ("PUT", &format!("/admin/api/members/{ed_id}/goal"), goal), &[MemberGoalSet], &owner_id).await;
    log.expect(&ed, ("DELETE", &plan_uri, None), &[PlanDeleted], &ed_id).await;
    log.expect(&o, ("DELETE", &format!("/admin/api/tokens/{token_id}"), None), &[TokenRevoked], &owner_id).await;

    // Two-factor sign-in, sessions, the password.
    let enrolment = call(&app, &o, "POST", "/admin/api/two-factor/enrolment", None).await.json();
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    let t = steady_seconds().await;
    let code = |at: u64| Some(json!({"code": code_at(&secret, at).unwrap()}));
    log.expect(&o, ("POST", "/admin/api/two-factor", code(t - 30)), &[TwoFactorEnabled], &owner_id).await;
    let renew = ("POST", "/admin/api/two-factor/recovery-codes", code(t));
    let codes = log.expect(&o, renew, &[RecoveryCodesRenewed], &owner_id).await.json()["codes"].clone();
    assert_ne!(codes, Value::Null);
    let require = Some(json!({"require_two_factor": true}));
    log.expect(&o, ("PUT", "/admin/api/organization/security", require), &[TwoFactorRequirementChanged], &owner_id)
        .await;
    log.mark().await;
    let challenge = log_in(&app, "jo@example.com", PASSWORD).await;
    assert_eq!(challenge.status, 202, "{}", challenge.body);
    assert!(log.added().await.is_empty(), "a right password alone signs nobody in");
    let challenge = challenge.json()["challenge"].clone();
    let with_code = Some(json!({"challenge": challenge, "code": codes[0]}));
    log.expect(&Who::Nobody, ("POST", "/admin/api/login/code", with_code), &[RecoveryCodeUsed, SignedIn], &owner_id)
        .await;
    let mine = call(&app, &o, "GET", "/admin/api/sessions", None).await.json();
    let other = mine["sessions"].as_array().unwrap().iter().find(|s| s["current"] == false).unwrap()["id"].clone();
    let end = format!("/admin/api/sessions/{}", other.as_str().unwrap());
    log.expect(&o, ("DELETE", &end, None), &[SessionEnded], &owner_id).await;
    let off = Some(json!({"require_two_factor": false}));
    log.expect(&o, ("PUT", "/admin/api/organization/security", off), &[TwoFactorRequirementChanged], &owner_id).await;
    let disable = Some(json!({"code": codes[1]}));
    log.expect(
        &o,
        ("POST", "/admin/api/two-factor/disable", disable),
        &[RecoveryCodeUsed, TwoFactorDisabled],
        &owner_id,
    )
    .await;
    let ed_sessions = format!("/admin/api/members/{ed_id}/sessions");
    log.expect(&o, ("DELETE", &ed_sessions, None), &[MemberSessionsEnded], &owner_id).await;
    let again = Some(json!({"email": "ed@example.com", "password": PASSWORD}));
    let ed = Who::Browser(browser(
        &log.expect(&Who::Nobody, ("POST", "/admin/api/login", again), &[SignedIn], &ed_id).await,
    ));
    let change = Some(json!({"current": PASSWORD, "new": "another good phrase"}));
    log.expect(&ed, ("POST", "/admin/api/password", change), &[PasswordChanged], &ed_id).await;
    log.expect(&ed, ("POST", "/admin/api/logout", None), &[SignedOut], &ed_id).await;
    log.expect(&o, ("DELETE", &role, None), &[MemberRemoved], &owner_id).await;

    let all: BTreeSet<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(log.covered, all, "every action of the log is made here");

    // Refused changes leave nothing: a viewer's writes, wrong passwords and codes.
    let viewer = join(&app, &owner, "vi@example.com", "viewer").await;
    let viewer_id = id_of(&me(&app, &viewer).await);
    log.mark().await;
    for (method, uri, body) in every_write("pulse", &viewer_id) {
        assert_eq!(call(&app, &Who::Browser(viewer.clone()), method, &uri, body).await.status, 403, "{method} {uri}");
    }
    assert_eq!(log_in(&app, "jo@example.com", "not the password").await.status, 401);
    let wrong = Some(json!({"code": "123456"}));
    assert_eq!(call(&app, &o, "POST", "/admin/api/two-factor/recovery-codes", wrong).await.status, 422);
    assert!(log.added().await.is_empty(), "refused changes leave no entry");

    // Another organisation sees none of it, and cannot read this one's.
    let other = Who::Browser(sign_up(&app, "zoe@example.com", "Other").await);
    let theirs = entries(&app, &other).await;
    assert_eq!(theirs.iter().map(|e| e["action"].as_str().unwrap()).collect::<Vec<_>>(), ["organization_created"]);
    let probe = call(&app, &other, "GET", "/admin/api/audit?object=pulse", None).await.json();
    assert_eq!(probe["entries"], json!([]));
    assert_eq!(call(&app, &Who::Browser(viewer), "GET", "/admin/api/audit", None).await.status, 403, "owners read it");
}

/// Sets up two-factor sign-in for a member at `t`; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, who: &Who, t: u64) -> (String, Vec<String>) {
    let enrolment = call(app, who, "POST", "/admin/api/two-factor/enrolment", None).await;
    assert_eq!(enrolment.status, 201, "{}", enrolment.body);
    let enrolment = enrolment.json();
    assert!(
        enrolment["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || enrolment["qr_svg"].as_str().unwrap().contains("<svg")
    );
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    let first = Some(json!({"code": code_at(&secret, t - 30).unwrap()}));
    let reply = call(app, who, "POST", "/admin/api/two-factor", first).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let codes = reply.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (secret, codes)
}

async fn two_factor_on(app: &TestApp, who: &Who) -> bool {
    call(app, who, "GET", "/admin/api/two-factor", None).await.json()["enabled"] == true
}

async fn code_step(app: &TestApp, challenge: &Value, code: &str) -> crate::helpers::Reply {
    let body = Some(json!({"challenge": challenge, "code": code}));
    call(app, &Who::Nobody, "POST", "/admin/api/login/code", body).await
}

#[tokio::test]
async fn two_factor_sign_in_refuses_wrong_reused_and_used_codes_and_changes_nothing() {
    let app = TestApp::start().await;
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);

    // Enrolment without a valid first code turns nothing on; nor does one with no set-up started.
    assert_eq!(
        call(&app, &owner, "POST", "/admin/api/two-factor", Some(json!({"code": "123456"}))).await.code(),
        "conflict"
    );
    let enrolment = call(&app, &owner, "POST", "/admin/api/two-factor/enrolment", None).await.json();
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    let t = steady_seconds().await;
    for bad in [wrong_code(&secret, t), "12345".into(), "abcdef".into(), String::new()] {
        let reply = call(&app, &owner, "POST", "/admin/api/two-factor", Some(json!({"code": bad}))).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (422, "invalid_code".to_owned()), "{bad:?}");
    }
    assert!(!two_factor_on(&app, &owner).await);
    let log_in_now = log_in(&app, "jo@example.com", PASSWORD).await;
    assert_eq!(log_in_now.status, 200, "still a password alone");
    let (secret, codes) = enrol(&app, &owner, t).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(call(&app, &owner, "GET", "/admin/api/two-factor", None).await.json()["recovery_codes_left"], 10);

    // Log-in now asks for a code; the password alone gives no session.
    let first = log_in(&app, "jo@example.com", PASSWORD).await;
    assert_eq!(first.status, 202, "{}", first.body);
    assert!(first.headers.get("set-cookie").is_none(), "no session before the code");
    let challenge = first.json()["challenge"].clone();
    // A wrong code; the code enrolment used (its step is spent); a made-up recovery code.
    for bad in [wrong_code(&secret, t), code_at(&secret, t - 30).unwrap(), "aaaa-bbbb-cccc".into()] {
        let reply = code_step(&app, &challenge, &bad).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (422, "invalid_code".to_owned()), "{bad}");
        assert!(reply.headers.get("set-cookie").is_none());
    }
    let signed_in = code_step(&app, &challenge, &code_at(&secret, t).unwrap()).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    // The same code again, within its window, on a new challenge: refused.
    let again = log_in(&app, "jo@example.com", PASSWORD).await.json()["challenge"].clone();
    assert_eq!(code_step(&app, &again, &code_at(&secret, t).unwrap()).await.code(), "invalid_code");
    // The challenge is spent once used.
    assert_eq!(code_step(&app, &challenge, &code_at(&secret, t + 30).unwrap()).await.status, 401);
    // A recovery code works once, typed loosely; the second use fails.
    let loose = codes[0].to_uppercase().replace('-', " ");
    assert_eq!(code_step(&app, &again, &loose).await.status, 200);
    let third = log_in(&app, "jo@example.com", PASSWORD).await.json()["challenge"].clone();
    assert_eq!(code_step(&app, &third, &codes[0]).await.code(), "invalid_code");
    assert_eq!(call(&app, &owner, "GET", "/admin/api/two-factor", None).await.json()["recovery_codes_left"], 9);

    // Turning it off needs a code: none, a wrong one, a used recovery code are refused.
    let disable = "/admin/api/two-factor/disable";
    assert_eq!(call(&app, &owner, "POST", disable, Some(json!({}))).await.code(), "malformed_json", "no code at all");
    for bad in [wrong_code(&secret, t), codes[0].clone()] {
        assert_eq!(call(&app, &owner, "POST", disable, Some(json!({"code": bad}))).await.code(), "invalid_code");
    }
    assert!(two_factor_on(&app, &owner).await, "still on");
}

#[tokio::test]
async fn guessing_codes_is_limited_like_log_ins_and_counted_in_the_database() {
    let app = TestApp::start().await;
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let t = steady_seconds().await;
    let (secret, _) = enrol(&app, &owner, t).await;
    let challenge = log_in(&app, "jo@example.com", PASSWORD).await.json()["challenge"].clone();
    for _ in 0..5 {
        assert_eq!(code_step(&app, &challenge, &wrong_code(&secret, t)).await.code(), "invalid_code");
    }
    // The right code now waits too: the guesser learns nothing more.
    let blocked = code_step(&app, &challenge, &code_at(&secret, t).unwrap()).await;
    assert_eq!((blocked.status.as_u16(), blocked.code()), (429, "too_many_attempts".to_owned()));
    assert!(blocked.headers.get("retry-after").is_some());
    // Counted in the database, where every server instance reads them.
    let user = call(&app, &owner, "GET", "/admin/api/me", None).await.json()["user"]["id"].as_str().unwrap().to_owned();
    let since = hearback_server::store::now_millis() - 60_000;
    assert_eq!(app.store.login_failures(&format!("code:{user}"), since).await.unwrap(), 5);
}

#[tokio::test]
async fn members_see_and_end_their_sessions_and_a_new_password_ends_the_others() {
    let app = TestApp::start().await;
    let owner_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let owner = Who::Browser(owner_browser.clone());
    let ed_browser = join(&app, &owner_browser, "ed@example.com", "editor").await;
    let ed = Who::Browser(ed_browser.clone());
    let laptop = Who::Browser(browser(&log_in(&app, "jo@example.com", PASSWORD).await));

    let mine = call(&app, &owner, "GET", "/admin/api/sessions", None).await.json();
    let sessions = mine["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["address"].as_str().unwrap().len() == 12 && s["device"].is_string()));
    let laptop_id = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();

    // Another member's session id is not found, and that session goes on.
    let ed_sessions = call(&app, &ed, "GET", "/admin/api/sessions", None).await.json();
    let ed_id = ed_sessions["sessions"][0]["id"].as_str().unwrap().to_owned();
    let reply = call(&app, &owner, "DELETE", &format!("/admin/api/sessions/{ed_id}"), None).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (404, "not_found".to_owned()));
    assert_eq!(call(&app, &ed, "GET", "/admin/api/me", None).await.status, 200);

    // Ending one's own other session logs it out at once.
    assert_eq!(call(&app, &owner, "DELETE", &format!("/admin/api/sessions/{laptop_id}"), None).await.status, 204);
    assert_eq!(call(&app, &laptop, "GET", "/admin/api/me", None).await.status, 401);
    assert_eq!(call(&app, &owner, "GET", "/admin/api/me", None).await.status, 200);

    // An owner ends a member's sessions; an editor cannot end the owner's.
    let ed_user = me(&app, &ed_browser).await["user"]["id"].as_str().unwrap().to_owned();
    let owner_user = me(&app, &owner_browser).await["user"]["id"].as_str().unwrap().to_owned();
    assert_eq!(call(&app, &ed, "DELETE", &format!("/admin/api/members/{owner_user}/sessions"), None).await.status, 403);
    assert_eq!(call(&app, &owner, "DELETE", &format!("/admin/api/members/{ed_user}/sessions"), None).await.status, 204);
    assert_eq!(call(&app, &ed, "GET", "/admin/api/me", None).await.status, 401);

    // A new password ends every other session, keeps this one, and needs the current one.
    let phone = Who::Browser(browser(&log_in(&app, "jo@example.com", PASSWORD).await));
    let change = |current: &str, new: &str| Some(json!({"current": current, "new": new}));
    let wrong = call(&app, &owner, "POST", "/admin/api/password", change("not it at all", "a brand new phrase")).await;
    assert_eq!(wrong.code(), "invalid_credentials");
    let weak = call(&app, &owner, "POST", "/admin/api/password", change(PASSWORD, "short")).await;
    assert_eq!(weak.code(), "weak_password");
    assert_eq!(call(&app, &phone, "GET", "/admin/api/me", None).await.status, 200, "nothing changed yet");
    assert_eq!(
        call(&app, &owner, "POST", "/admin/api/password", change(PASSWORD, "a brand new phrase")).await.status,
        204
    );
    assert_eq!(call(&app, &phone, "GET", "/admin/api/me", None).await.status, 401);
    assert_eq!(call(&app, &owner, "GET", "/admin/api/me", None).await.status, 200);
    assert_eq!(log_in(&app, "jo@example.com", PASSWORD).await.status, 401);
    assert_eq!(log_in(&app, "jo@example.com", "a brand new phrase").await.status, 200);
}

#[tokio::test]
async fn a_required_second_factor_sends_members_to_enrol_first_and_leaves_tokens_alone() {
    let app = TestApp::start().await;
    let owner_browser = sign_up(&app, "jo@example.com", "Acme").await;
    let owner = Who::Browser(owner_browser.clone());
    let ed = Who::Browser(join(&app, &owner_browser, "ed@example.com", "editor").await);
    let token = call(&app, &owner, "POST", "/admin/api/tokens", Some(json!({"name": "CI", "scope": "read"}))).await;
    let script = Who::Token(token.json()["token"].as_str().unwrap().to_owned());
    let require = Some(json!({"require_two_factor": true}));
    let refused = call(&app, &owner, "PUT", "/admin/api/organization/security", require.clone()).await;
    assert_eq!(refused.status, 422, "an owner sets it up before requiring it: {}", refused.body);
    enrol(&app, &owner, steady_seconds().await).await;
    assert_eq!(call(&app, &ed, "PUT", "/admin/api/organization/security", require.clone()).await.status, 403);
    assert_eq!(call(&app, &owner, "PUT", "/admin/api/organization/security", require).await.status, 204);

    assert_eq!(call(&app, &ed, "GET", "/admin/api/me", None).await.json()["must_enrol"], true);
    let blocked = call(&app, &ed, "GET", "/admin/api/surveys", None).await;
    assert_eq!((blocked.status.as_u16(), blocked.code()), (403, "two_factor_required".to_owned()));
    assert_eq!(call(&app, &script, "GET", "/admin/api/surveys", None).await.status, 200, "tokens are not affected");
    assert_eq!(call(&app, &owner, "GET", "/admin/api/surveys", None).await.status, 200);
    enrol(&app, &ed, steady_seconds().await).await;
    assert_eq!(call(&app, &ed, "GET", "/admin/api/me", None).await.json()["must_enrol"], false);
    assert_eq!(call(&app, &ed, "GET", "/admin/api/surveys", None).await.status, 200);
    // Nobody turns it off while it is required.
    let off = call(&app, &ed, "POST", "/admin/api/two-factor/disable", Some(json!({"code": "123456"}))).await;
    assert_eq!(off.status, 403);
}

#[tokio::test]
async fn audit_queries_with_a_reversed_or_future_range_are_refused() {
    let app = TestApp::start().await;
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    for (query, says) in [
        ("from=2026-02-01&to=2026-01-01", "reversed"),
        ("from=2999-01-01", "future"),
        ("action=delete_everything", "not an action"),
        ("from=last-week", "a date like"),
    ] {
        let reply = call(&app, &owner, "GET", &format!("/admin/api/audit?{query}"), None).await;
        assert_eq!(reply.status, 422, "{query}");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(says), "{query}: {}", reply.body);
    }
    // Filters narrow; pages follow one another without repeats.
    for n in 0..5 {
        let body = Some(json!({"name": format!("t{n}"), "scope": "read"}));
        assert_eq!(call(&app, &owner, "POST", "/admin/api/tokens", body).await.status, 201);
    }
    let made = call(&app, &owner, "GET", "/admin/api/audit?action=token_created", None).await.json();
    assert_eq!(made["entries"].as_array().unwrap().len(), 5);
    let page = call(&app, &owner, "GET", "/admin/api/audit?limit=4", None).await.json();
    assert_eq!(page["entries"].as_array().unwrap().len(), 4);
    let next = page["next"].as_str().unwrap();
    let rest = call(&app, &owner, "GET", &format!("/admin/api/audit?limit=4&before={next}"), None).await.json();
    let ids = |p: &Value| {
        p["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect::<BTreeSet<_>>()
    };
    assert_eq!(ids(&rest).len(), 2, "six entries in all: the organisation and five tokens");
    assert!(ids(&page).is_disjoint(&ids(&rest)));
    assert_eq!(rest.get("next"), None);
}

#[tokio::test]
async fn the_log_cannot_be_changed_through_the_product_and_goes_only_after_its_retention() {
    let app = TestApp::start().await;
    let owner = Who::Browser(sign_up(&app, "jo@example.com", "Acme").await);
    let before = entries(&app, &owner).await;
    let id = before[0]["id"].as_str().unwrap();
    for (method, uri) in [
        ("DELETE", "/admin/api/audit".to_owned()),
        ("PUT", "/admin/api/audit".to_owned()),
        ("POST", "/admin/api/audit".to_owned()),
        ("DELETE", format!("/admin/api/audit/{id}")),
        ("PUT", format!("/admin/api/audit/{id}")),
    ] {
        let reply = call(&app, &owner, method, &uri, Some(json!({"action": "nothing"}))).await;
        assert!(matches!(reply.status.as_u16(), 404 | 405), "{method} {uri}: {}", reply.status);
    }
    assert_eq!(entries(&app, &owner).await, before, "unchanged");

    // The retention worker's cutoff keeps a day's entries for a one-day retention, and drops
    // entries only once they are older.
    let now = hearback_server::store::now_millis();
    let cutoff = hearback_server::workers::retention_cutoff(now, 1);
    assert_eq!(cutoff, now - 86_400_000);
    assert_eq!(app.store.purge_audit(cutoff).await.unwrap(), 0, "a fresh entry stays");
    assert_eq!(entries(&app, &owner).await.len(), 1);
    assert_eq!(app.store.purge_audit(now + 1).await.unwrap(), 1, "an entry past the cutoff goes");
    assert!(entries(&app, &owner).await.is_empty());
}
