//! E-mail over SMTP (lettre). Messages are written to the outbox table in the transaction of
//! what they tell about; a worker in each server instance sends what is due, retrying with the
//! webhooks' backoff (1 s, 2 s, 4 s … at most an hour apart, [`MAX_ATTEMPTS`](crate::webhooks::MAX_ATTEMPTS) attempts), so a
//! message outlives a crash or an SMTP outage. A permanent refusal (an SMTP 5xx, an address
//! that is not one) is not retried. Every message names the person it comes from, who gets the
//! replies (`Reply-To`): nothing here says "do not reply".

use crate::reader_words::{fill, reader_words, ReaderWords};
use crate::store::mail::{DueMail, NewMail};
use crate::store::webhooks::Attempt;
use crate::store::Store;
use crate::webhooks::retry_at;
use anyhow::Context;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// How long a claimed message is left to its worker before another may take it.
const LEASE_MS: i64 = 120_000;
/// E-mails claimed at a time; a round goes on claiming while it finds full batches.
const BATCH: i64 = 16;

/// Sends mail through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// How long a claimed message is left to this instance before another may send it.
    lease_ms: i64,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://user:password@host:587?tls=required`,
    /// `smtps://host:465`, or `smtp://localhost:2525` (no TLS, for a relay on the same machine);
    /// `from` such as `Acme feedback <feedback@acme.example>`.
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .context("--smtp-url is not an SMTP URL such as smtp://user:password@host:587?tls=required")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().context("--mail-from is not an address such as `Acme <feedback@acme.example>`")?;
        Ok(Mailer { transport, from, lease_ms: LEASE_MS })
    }

    /// Another lease than the default two minutes (`--outbox-lease-seconds`): how long the mail
    /// an instance claimed and did not finish (it crashed) waits before another sends it.
    pub fn with_lease(self, lease: Option<Duration>) -> Mailer {
        let lease_ms = lease.map_or(LEASE_MS, |lease| lease.as_millis() as i64);
        Mailer { lease_ms, ..self }
    }

    async fn send(&self, mail: &NewMail) -> Result<u16, Failure> {
        let permanent = |error: String| Failure { code: None, error, permanent: true };
        let to: Mailbox = mail.recipient.parse().map_err(|e| permanent(format!("bad recipient: {e}")))?;
        // A person's name, with the server's own address (which the company's mail domain vouches
        // for); replies go to that person through `Reply-To`.
        let from = match &mail.from_name {
            Some(name) => Mailbox::new(Some(name.clone()), self.from.email.clone()),
            None => self.from.clone(),
        };
        let mut message = Message::builder().from(from).to(to).subject(&mail.subject);
        if let Some(reply_to) = &mail.reply_to {
            // One person, or a person and the address that brings the reply into Hearback too.
            let mailboxes: lettre::message::Mailboxes =
                reply_to.parse().map_err(|e| permanent(format!("bad Reply-To: {e}")))?;
            for mailbox in mailboxes {
                message = message.reply_to(mailbox);
            }
        }
        if let Some(url) = &mail.unsubscribe_url {
            // RFC 2369 and RFC 8058: mail programs offer their own "unsubscribe", which posts
            // `List-Unsubscribe=One-Click` to the link; the link's page takes that post too.
            message = message.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
        }
        let message = message
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| permanent(format!("cannot build the message: {e}")))?;
        match self.transport.send(message).await {
            Ok(reply) => Ok(reply.code().into()),
            Err(e) => Err(Failure {
                code: e.status().map(u16::from),
                permanent: e.is_permanent(),
                error: format!("SMTP: {e}"),
            }),
        }
    }
}

/// The `List-Unsubscribe` header: the recipient's own link, in angle brackets.
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

struct Failure {
    code: Option<u16>,
    error: String,
    permanent: bool,
}

/// Tries every message due at `now` once. Returns how many were tried.
pub async fn send_due(store: &dyn Store, mailer: &Mailer, now: i64) -> anyhow::Result<usize> {
    let due = store.claim_due_mail(now, now + mailer.lease_ms, BATCH).await?;
    for DueMail { mail, attempts } in &due {
        let attempt = match mailer.send(mail).await {
            Ok(code) => Attempt::Delivered { status: code },
            Err(failure) => Attempt::Failed {
                status: failure.code,
                retry_at: if failure.permanent { None } else { retry_at(now, attempts + 1) },
                error: failure.error,
            },
        };
        if let Attempt::Failed { error, retry_at, .. } = &attempt {
            metrics::counter!(crate::http::metrics::DELIVERY_FAILURES, "outbox" => "mail").increment(1);
            tracing::warn!(mail = %mail.id, %error, given_up = retry_at.is_none(), "e-mail not sent");
        }
        store.record_mail_attempt(&mail.id, &attempt).await?;
    }
    Ok(due.len())
}

/// Sends due mail every second, until the workers stop.
pub fn spawn_worker(workers: &mut crate::workers::Workers, store: Arc<dyn Store>, mailer: Mailer) {
    let mailer = Arc::new(mailer);
    workers.spawn("mail", Duration::from_secs(1), move || {
        let (store, mailer) = (store.clone(), mailer.clone());
        async move {
            let round = || send_due(store.as_ref(), &mailer, crate::store::now_millis());
            if let Err(err) = crate::workers::while_full(BATCH, round).await {
                tracing::warn!(error = %err, "e-mail outbox");
            }
        }
    });
}

/// The e-mail that carries an invitation, from the person who made it.
pub fn invitation(
    inviter: &crate::store::accounts::Session,
    recipient: &str,
    role: &str,
    link: &str,
    days: i64,
) -> NewMail {
    let organization = &inviter.organization_name;
    let name = &inviter.name;
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: recipient.to_owned(),
        reply_to: Some(format!("{} <{}>", quoted(name), inviter.email)),
        subject: format!("{name} invites you to {organization} on Hearback"),
        body: format!(
            "Hello,\n\n{name} invites you to join {organization} on Hearback as {article} {role}.\n\n\
             Open this link within {days} days to join:\n{link}\n\n\
             The link works once. If you did not expect this invitation, ignore it: nothing happens.\n\
             Questions? Reply to this message and {name} will read it.\n\n— {name}, {organization}\n",
            article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
        ),
        unsubscribe_url: None,
        from_name: None,
    }
}

/// A display name as a quoted string, so commas and angle brackets in it stay text.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace(['\\', '"'], "").replace(['\r', '\n'], " "))
}

/// The e-mail that tells a member a plan is theirs now, from whoever assigned it.
pub fn plan_assigned(
    assigner: Option<&crate::store::accounts::Session>,
    owner: &crate::store::accounts::Member,
    survey_title: &str,
    plan: &hearback_core::plan::Plan,
    link: &str,
) -> NewMail {
    let by = assigner.map_or("Your organisation".to_owned(), |s| s.name.clone());
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: owner.email.clone(),
        reply_to: assigner.map(|s| format!("{} <{}>", quoted(&s.name), s.email)),
        subject: format!("You own an action plan for “{survey_title}”, due {}", plan.due),
        body: format!(
            "Hello {owner},\n\n{by} made you the owner of an action plan for the survey “{survey_title}”.\n\n\
             What we heard:\n{heard}\n\nWhat we will do:\n{will_do}\n\nDue: {due}\n\n\
             The people who answered will see your name next to it once the results are published, and may \
             reply to you there. Open the plan:\n{link}\n\n— {by}\n",
            owner = owner.name,
            heard = plan.heard,
            will_do = plan.will_do,
            due = plan.due,
        ),
        unsubscribe_url: None,
        from_name: None,
    }
}

/// Tells a plan's owner that a respondent replied to it (the respondent stays anonymous: they
/// are answered in the admin app, and read the answer on the results page).
pub fn reply_received(
    owner: &crate::store::accounts::Member,
    survey_title: &str,
    will_do: &str,
    reply: &str,
    link: &str,
) -> NewMail {
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: owner.email.clone(),
        reply_to: None,
        subject: format!("A reply to your plan “{will_do}”"),
        body: format!(
            "Hello {name},\n\nSomeone who answered “{survey_title}” replied to your plan “{will_do}”:\n\n{reply}\n\n\
             Answer it in Hearback; they will read your answer, with your name, on the results page:\n{link}\n",
            name = owner.name,
        ),
        unsubscribe_url: None,
        from_name: None,
    }
}

/// The double opt-in: the link that confirms an address wants news of a survey's results, in
/// the language they asked in.
pub fn follow_confirmation(
    recipient: &str,
    survey_title: &str,
    person: Option<(&str, &str)>,
    link: &str,
    words: &ReaderWords,
) -> NewMail {
    let signed = person.map_or(words.the_team, |(name, _)| name);
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: recipient.to_owned(),
        reply_to: person.map(|(name, email)| format!("{} <{email}>", quoted(name))),
        subject: fill(words.confirm_subject, &[("survey", survey_title)]),
        body: fill(words.confirm_body, &[("survey", survey_title), ("link", link), ("signed", signed)]),
        unsubscribe_url: None,
        from_name: None,
    }
}

/// A notice's news in one language: its subject and text.
pub struct News {
    pub language: String,
    pub survey_title: String,
    pub subject: String,
    pub news: String,
}

/// News for a survey's followers, a version per language (the survey's default first); each
/// body ends with the unsubscribe line every message has.
pub fn notice(
    person: Option<(&str, &str)>,
    news: Vec<News>,
    page_url: &str,
    unsubscribe_base: &str,
) -> crate::store::followers::Notice {
    let versions = news
        .into_iter()
        .map(|n| {
            let words = reader_words(&n.language);
            let signed = person.map_or(words.the_team, |(name, _)| name);
            let page = format!("{page_url}?lang={}", n.language);
            let values = [
                ("news", n.news.as_str()),
                ("page", page.as_str()),
                ("signed", signed),
                ("survey", n.survey_title.as_str()),
                ("unsubscribe", crate::store::followers::UNSUBSCRIBE),
            ];
            crate::store::followers::NoticeVersion {
                body: fill(words.notice_body, &values),
                language: n.language,
                subject: n.subject,
            }
        })
        .collect();
    crate::store::followers::Notice {
        id: uuid::Uuid::new_v4().to_string(),
        reply_to: person.map(|(name, email)| format!("{} <{email}>", quoted(name))),
        versions,
        unsubscribe_base: unsubscribe_base.to_owned(),
        receipt_hash: None,
    }
}

/// The case owner's message to a customer who asked to be e-mailed: from the owner's name, replies
/// to the owner (and, with `reply_address`, into the case), with the link to the conversation
/// page where an answer joins the case; around the owner's words, the customer's language.
#[allow(clippy::too_many_arguments)]
pub fn to_customer(
    owner: &crate::store::accounts::Member,
    organization: &str,
    recipient: &str,
    survey_title: &str,
    message: &str,
    link: &str,
    reply_address: Option<&str>,
    words: &ReaderWords,
) -> NewMail {
    let name = &owner.name;
    let mut reply_to = format!("{} <{}>", quoted(name), owner.email);
    if let Some(address) = reply_address {
        reply_to += &format!(", {} <{address}>", quoted(&format!("{name} via Hearback")));
    }
    let values = [
        ("message", message),
        ("name", name.as_str()),
        ("organization", organization),
        ("link", link),
        ("survey", survey_title),
    ];
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: recipient.to_owned(),
        reply_to: Some(reply_to),
        subject: fill(words.to_customer_subject, &values),
        body: fill(words.to_customer_body, &values),
        unsubscribe_url: None,
        from_name: Some(fill(words.from_at, &values)),
    }
}

/// Tells a case's owner what its customer did (answered, said it is not resolved).
pub fn case_news(owner: &crate::store::accounts::Member, what: &str, link: &str) -> NewMail {
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: owner.email.clone(),
        reply_to: None,
        subject: "Your customer answered".to_owned(),
        body: format!("Hello {name},\n\n{what}\n\nThe case:\n{link}\n", name = owner.name),
        unsubscribe_url: None,
        from_name: None,
    }
}
