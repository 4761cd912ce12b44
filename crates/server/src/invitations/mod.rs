//! E-mail surveys: recipients invited in batches as an upload streams in (each address checked,
//! kept apart from the answers, refused with a reason when it is missing, not an address, a
//! repeat, invited already or opted out), and the invitation each gets: from the member who
//! added them (`Reply-To` them), the survey's first question with an answer per link, and the
//! way to get no more surveys. The pages its links open are `http::invited`.

mod words;

pub use words::{invite_words, InviteWords};

use crate::reader_words::{fill, reader_words};
use crate::store::invitations::NewInvitation;
use crate::store::mail::NewMail;
use crate::store::{Store, StoreError, StoredSurvey};
use hearback_api::invitation::{InvitationReport, Refusal, RefusalReason, MAX_LISTED_REFUSALS};
use hearback_core::survey::QuestionKind;
use std::collections::HashSet;

/// Invitations are written this many at a time, each batch in one transaction.
const BATCH: usize = 500;

/// Who the invitations come from.
#[derive(Debug, Clone)]
pub struct Sender {
    pub name: String,
    pub email: String,
    pub organization: String,
}

/// The lowest and highest answers of a scale question with the words at its ends, in a language.
fn scale_of(kind: &QuestionKind, language: &str) -> Option<(u8, u8, String, String)> {
    use hearback_web::widget::strings::{for_language, Msg};
    let (low, high) = kind.scale()?;
    let strings = for_language(language);
    let (from, to) = match kind {
        QuestionKind::Nps => (strings.get(Msg::NpsLow).to_owned(), strings.get(Msg::NpsHigh).to_owned()),
        QuestionKind::Csat => (strings.get(Msg::CsatLow).to_owned(), strings.get(Msg::CsatHigh).to_owned()),
        QuestionKind::Ces => (strings.get(Msg::CesLow).to_owned(), strings.get(Msg::CesHigh).to_owned()),
        QuestionKind::Rating { low: l, high: h, .. } => (
            l.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
            h.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
        ),
        _ => (String::new(), String::new()),
    };
    Some((low, high, from, to))
}

/// The invitation to `survey` (in the recipient's language) behind `link` (`…/e/{token}`).
pub fn message(
    survey: &hearback_core::Survey,
    language: &str,
    sender: &Sender,
    recipient: &str,
    link: &str,
) -> NewMail {
    let survey = survey.in_language(language);
    let words = invite_words(language);
    let values =
        [("name", sender.name.as_str()), ("organization", sender.organization.as_str()), ("survey", survey.title())];
    let first = &survey.questions()[0];
    let answers = match scale_of(&first.kind, language) {
        Some((low, high, from, to)) => (low..=high)
            .map(|n| {
                let end = if n == low {
                    &from
                } else if n == high {
                    &to
                } else {
                    ""
                };
                let said = if end.is_empty() { n.to_string() } else { format!("{n} — {end}") };
                format!("  {said}: {link}?a={n}\n")
            })
            .collect::<String>(),
        None => format!("{} {link}\n", words.open),
    };
    let stop = format!("{link}/stop");
    let body = format!(
        "{asks}\n\n{prompt}\n\n{answers}\n{one_click}\n\n{reply}\n\n{stop_words} {stop}\n",
        asks = fill(words.asks, &values),
        prompt = first.prompt.as_str(),
        one_click = words.one_click,
        reply = fill(words.reply, &values),
        stop_words = fill(words.stop, &values),
    );
    NewMail {
        id: uuid::Uuid::new_v4().to_string(),
        recipient: recipient.to_owned(),
        reply_to: Some(format!("\"{}\" <{}>", sender.name.replace(['"', '\\', '\r', '\n'], ""), sender.email)),
        subject: fill(words.subject, &values),
        body,
        unsubscribe_url: Some(stop),
        from_name: Some(fill(reader_words(language).from_at, &values)),
    }
}

/// Invites the rows of an upload as they come, in batches.
pub struct Importer<'a> {
    store: &'a dyn Store,
    survey: &'a StoredSurvey,
    sender: &'a Sender,
    /// Where the links point: `{base}/e/{token}`.
    base: &'a str,
    organization: String,
    seen: HashSet<String>,
    opted_out: HashSet<String>,
    /// The survey in each language asked for so far (made once, not once a row).
    localized: std::collections::HashMap<String, hearback_core::Survey>,
    batch: Vec<(u64, NewInvitation)>,
    report: InvitationReport,
}

impl<'a> Importer<'a> {
    pub async fn new(
        store: &'a dyn Store,
        survey: &'a StoredSurvey,
        organization: &str,
        sender: &'a Sender,
        base: &'a str,
    ) -> Result<Importer<'a>, StoreError> {
        Ok(Importer {
            store,
            survey,
            sender,
            base,
            organization: organization.to_owned(),
            seen: HashSet::new(),
            opted_out: store.opted_out(organization).await?,
            localized: Default::default(),
            batch: Vec::with_capacity(BATCH),
            report: InvitationReport::default(),
        })
    }

    pub fn refuse(&mut self, line: u64, email: &str, reason: RefusalReason) {
        self.report.refused += 1;
        if self.report.refusals.len() < MAX_LISTED_REFUSALS {
            self.report.refusals.push(Refusal { line, email: email.chars().take(200).collect(), reason });
        }
    }

    /// One recipient, from `line` of the upload.
    pub async fn row(&mut self, line: u64, email: &str, language: Option<&str>) -> Result<(), StoreError> {
        let email = email.trim();
        let reason = if email.is_empty() {
            Some(RefusalReason::Missing)
        } else if email.parse::<lettre::Address>().is_err() {
            Some(RefusalReason::Malformed)
        } else {
            None
        };
        if let Some(reason) = reason {
            self.refuse(line, email, reason);
            return Ok(());
        }
        let address = email.to_lowercase();
        let languages = self.survey.survey.languages();
        let language = match language.map(str::trim).filter(|l| !l.is_empty()) {
            None => languages[0].clone(),
            Some(l) if languages.iter().any(|s| s == l) => l.to_owned(),
            Some(_) => {
                self.refuse(line, email, RefusalReason::Language);
                return Ok(());
            }
        };
        if self.opted_out.contains(&address) {
            self.refuse(line, email, RefusalReason::OptedOut);
            return Ok(());
        }
        if !self.seen.insert(address.clone()) {
            self.refuse(line, email, RefusalReason::Duplicate);
            return Ok(());
        }
        let token = crate::identity::new_secret();
        let link = format!("{}/e/{token}", self.base);
        let stored = self.survey;
        let localized = self.localized.entry(language.clone()).or_insert_with(|| stored.survey.in_language(&language));
        let mail = message(localized, &language, self.sender, &address, &link);
        self.batch.push((
            line,
            NewInvitation {
                id: uuid::Uuid::now_v7().to_string(),
                survey_id: self.survey.survey.id().to_string(),
                organization_id: self.organization.clone(),
                email: address,
                language,
                token_hash: crate::http::admin::auth::digest(&token),
                response_key: uuid::Uuid::new_v4().to_string(),
                mail,
            },
        ));
        if self.batch.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        let batch = std::mem::take(&mut self.batch);
        let invitations: Vec<NewInvitation> = batch.iter().map(|(_, i)| i.clone()).collect();
        let written = self.store.add_invitations(&invitations, crate::store::now_millis()).await?;
        for ((line, invitation), written) in batch.iter().zip(written) {
            if written {
                self.report.invited += 1;
            } else {
                self.refuse(*line, &invitation.email, RefusalReason::AlreadyInvited);
            }
        }
        Ok(())
    }

    /// Writes what is left, and says what was done.
    pub async fn finish(mut self) -> Result<InvitationReport, StoreError> {
        self.flush().await?;
        Ok(self.report)
    }
}
