//! Naive bots on the plain form (the survey without JavaScript, the page a form-filling program
//! reads): a field people never see, which such programs fill in (the honeypot), and a minimum time
//! between the page and its post, which they do not wait. A honeypot filled stores nothing and
//! says so; a post faster than a person answers brings the form back, answers kept, to be sent
//! again. Posts that did not come from one of our pages carry neither and are taken as they are:
//! the per-address limits (`http::limits`) hold those.

use crate::identity::{signature, signed};
use crate::store::StoredSurvey;
use hearback_web::widget::plain::{PlainForm, HONEYPOT, STARTED};

/// Fewer milliseconds than this between a survey's page and its post: nobody read and answered it.
pub const MIN_FILL_MS: i64 = 2_000;

/// Why a post is turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The field people never see was filled in: nothing is stored.
    Honeypot,
    /// Sent sooner than [`MIN_FILL_MS`] after the page was made, or with a start the server did
    /// not sign: the form comes back to be sent again.
    TooQuick,
}

/// The page's start, made at `now_ms` (Unix milliseconds) and signed with the survey's secret, for
/// the form to carry back.
pub fn started(stored: &StoredSurvey, now_ms: i64) -> String {
    format!("{now_ms}.{}", signature(&signed_part(stored, now_ms), &stored.identity_secret))
}

fn signed_part(stored: &StoredSurvey, at_ms: i64) -> String {
    format!("started:{}:{at_ms}", stored.survey.id())
}

/// Whether a posted form may be taken, at `now_ms`.
pub fn check(stored: &StoredSurvey, plain: &PlainForm, now_ms: i64) -> Result<(), Refusal> {
    if plain.first(HONEYPOT).is_some_and(|value| !value.is_empty()) {
        return Err(Refusal::Honeypot);
    }
    let Some(token) = plain.first(STARTED) else { return Ok(()) };
    let at = token.split_once('.').and_then(|(at, mac)| {
        let at: i64 = at.parse().ok()?;
        signed(&signed_part(stored, at), &stored.identity_secret, mac).then_some(at)
    });
    match at {
        Some(at) if now_ms - at >= MIN_FILL_MS => Ok(()),
        _ => Err(Refusal::TooQuick),
    }
}

/// What the respondent reads, in the widget's six languages (English when none).
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// Over the form that comes back after a post sooner than a person answers.
    pub too_quick: &'static str,
    /// The page after the honeypot was filled in.
    pub not_sent_title: &'static str,
    pub not_sent_text: &'static str,
}

pub fn words(language: &str) -> Words {
    let [too_quick, not_sent_title, not_sent_text] = match language.split('-').next().unwrap_or_default() {
        "de" => [
            "Das ging schnell: Bitte prüfen Sie Ihre Antworten und senden Sie sie erneut.",
            "Nicht gesendet",
            "Ein Feld, das Menschen nicht sehen, war ausgefüllt, wie es Programme tun; nichts wurde gespeichert. Öffnen Sie die Umfrage erneut, um zu antworten.",
        ],
        "fr" => [
            "C’était rapide : vérifiez vos réponses, puis envoyez-les à nouveau.",
            "Non envoyé",
            "Un champ que personne ne voit était rempli, comme le font les programmes ; rien n’a été enregistré. Rouvrez l’enquête pour répondre.",
        ],
        "es" => [
            "Eso fue rápido: revise sus respuestas y vuelva a enviarlas.",
            "No enviado",
            "Un campo que las personas no ven estaba rellenado, como hacen los programas; no se guardó nada. Abra de nuevo la encuesta para responder.",
        ],
        "ja" => [
            "送信が速すぎました。回答を確認して、もう一度送信してください。",
            "送信されませんでした",
            "人には見えない欄が入力されていました（プログラムが行うことです）。何も保存されていません。回答するには、アンケートを開き直してください。",
        ],
        "ar" => [
            "كان ذلك سريعًا: راجع إجاباتك ثم أرسلها مرة أخرى.",
            "لم يُرسَل",
            "كان حقل لا يراه الناس مملوءًا، كما تفعل البرامج؛ لم يُحفظ شيء. افتح الاستبيان مرة أخرى للإجابة.",
        ],
        _ => [
            "That was quick: please check your answers, then send them again.",
            "Not sent",
            "A field people do not see was filled in, as programs do, so nothing was stored. Open the survey again to answer.",
        ],
    };
    Words { too_quick, not_sent_title, not_sent_text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredSurvey {
        StoredSurvey {
            survey: crate::demo::survey(),
            status: crate::store::SurveyStatus::Live,
            allowed_origins: Vec::new(),
            identity_secret: "s3cret".into(),
            organization: None,
        }
    }

    fn posted(fields: &[(&str, &str)]) -> PlainForm {
        let mut plain = PlainForm::default();
        for (name, value) in fields {
            plain.fields.entry((*name).to_owned()).or_default().push((*value).to_owned());
        }
        plain
    }

    #[test]
    fn a_signed_start_long_enough_ago_passes_and_anything_else_comes_back() {
        let stored = stored();
        let at = 1_000_000;
        let start = started(&stored, at);
        let check_at = |fields: &[(&str, &str)], now| check(&stored, &posted(fields), now);
        assert_eq!(check_at(&[(STARTED, &start)], at + MIN_FILL_MS), Ok(()));
        assert_eq!(check_at(&[(STARTED, &start), (HONEYPOT, "")], at + 60_000), Ok(()));
        assert_eq!(check_at(&[], at), Ok(()), "a post from no page of ours is taken as it is");
        assert_eq!(check_at(&[(STARTED, &start)], at + MIN_FILL_MS - 1), Err(Refusal::TooQuick));
        // A start moved back, a signature from another survey's secret, nonsense: not signed.
        let earlier = start.replacen("1000000", "900000", 1);
        let other = StoredSurvey { identity_secret: "other".into(), ..stored.clone() };
        for forged in [earlier, started(&other, at), "".into(), "abc".into(), "5.".into(), ".".into()] {
            assert_eq!(check_at(&[(STARTED, &forged)], at + 60_000), Err(Refusal::TooQuick), "{forged:?}");
        }
        assert_eq!(
            check_at(&[(STARTED, &start), (HONEYPOT, "https://spam.example")], at + 60_000),
            Err(Refusal::Honeypot)
        );
        assert_eq!(check_at(&[(HONEYPOT, "x")], at), Err(Refusal::Honeypot));
    }
}
