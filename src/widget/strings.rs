//! The widget's own words (buttons, scale ends, messages), in each language it speaks.
//!
//! The server picks the language and sends the chosen strings inside the page, so the wasm
//! carries no translation table: [`Strings`] is a plain list indexed by [`Msg`]. The table
//! itself ([`for_language`]) is compiled into the server only.

/// One of the widget's strings. `{n}`, `{m}`, `{min}`, `{max}` are filled in where they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Send,
    Sending,
    ThanksTitle,
    ThanksBody,
    Required,
    /// "{n} of {m} answered"
    Progress,
    CheckMarked,
    NpsLow,
    NpsHigh,
    CsatLow,
    CsatHigh,
    CesLow,
    CesHigh,
    Yes,
    No,
    Other,
    OtherSpecify,
    /// "Choose {min} to {max}."
    ChooseRange,
    NetworkTrouble,
    Rejected,
    NeedsAnswer,
    /// "Choose at least {n}."
    TooFew,
    /// "Choose at most {n}."
    TooMany,
    /// "At most {n} characters."
    TooLong,
    SayOther,
    AnswerEveryRow,
    NotValid,
    /// "{n} of {m} stars"
    Stars,
    Next,
    /// The close button of a survey shown in a popover or a dialog.
    Close,
    /// A plain form page shows follow-up questions its answers called for.
    MoreQuestions,
    /// A contact answer that chose e-mail without a valid address.
    GiveAddress,
}

/// The strings of one language, in [`Msg`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings(pub Vec<String>);

impl Strings {
    pub fn get(&self, msg: Msg) -> &str {
        self.0.get(msg as usize).map(String::as_str).unwrap_or_default()
    }

    /// A string with its `{name}` placeholders filled in with numbers (every placeholder is a
    /// count); a brace that names no value is kept as written. Written with `split` rather than
    /// `replace` and `format!`, whose slicing and formatting code would cost the wasm kilobytes.
    pub fn fill(&self, msg: Msg, values: &[(&str, u32)]) -> String {
        let mut parts = self.get(msg).split('{');
        let mut text = parts.next().unwrap_or_default().to_owned();
        for part in parts {
            let named = part
                .split_once('}')
                .and_then(|(name, rest)| values.iter().find(|(n, _)| *n == name).map(|(_, value)| (value, rest)));
            match named {
                Some((value, rest)) => {
                    text += &value.to_string();
                    text += rest;
                }
                None => {
                    text.push('{');
                    text += part;
                }
            }
        }
        text
    }
}

/// The languages the widget's own strings come in; Arabic is written right to left.
pub const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "ja", "ar"];

/// Whether a language is written right to left.
pub fn is_rtl(language: &str) -> bool {
    matches!(language.split('-').next(), Some("ar" | "he" | "fa" | "ur"))
}

/// A page's `dir` for a language: `rtl` or `ltr`.
pub fn direction(language: &str) -> &'static str {
    if is_rtl(language) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The widget's strings in a language (by its primary subtag), English when it has none.
#[cfg(feature = "ssr")]
pub fn for_language(language: &str) -> Strings {
    let table: &[&str] = match language.split('-').next().unwrap_or_default() {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "ja" => &JA,
        "ar" => &AR,
        _ => &EN,
    };
    Strings(table.iter().map(|s| s.to_string()).collect())
}

#[cfg(feature = "ssr")]
const COUNT: usize = Msg::GiveAddress as usize + 1;

#[cfg(feature = "ssr")]
const EN: [&str; COUNT] = [
    "Send",
    "Sending…",
    "Thank you!",
    "Your answers were received. We'll tell you what we do with them.",
    "(required)",
    "{n} of {m} answered",
    "Please check the questions marked below.",
    "Not at all likely",
    "Extremely likely",
    "Very unsatisfied",
    "Very satisfied",
    "Very difficult",
    "Very easy",
    "Yes",
    "No",
    "Other",
    "Please specify",
    "Choose {min} to {max}.",
    "We couldn't reach Hearback. Check your connection and press Send again.",
    "Your answers could not be accepted.",
    "This question needs an answer.",
    "Choose at least {n}.",
    "Choose at most {n}.",
    "At most {n} characters.",
    "Say what \"Other\" is.",
    "Answer every row.",
    "This answer is not valid.",
    "{n} of {m} stars",
    "Next",
    "Close survey",
    "Thank you. Your answers call for a few more questions below.",
    "Enter a valid e-mail address, or choose another way.",
];

#[cfg(feature = "ssr")]
const DE: [&str; COUNT] = [
    "Senden",
    "Wird gesendet…",
    "Vielen Dank!",
    "Ihre Antworten sind angekommen. Wir sagen Ihnen, was wir damit tun.",
    "(Pflichtfeld)",
    "{n} von {m} beantwortet",
    "Bitte prüfen Sie die markierten Fragen.",
    "Überhaupt nicht wahrscheinlich",
    "Äußerst wahrscheinlich",
    "Sehr unzufrieden",
    "Sehr zufrieden",
    "Sehr schwierig",
    "Sehr einfach",
    "Ja",
    "Nein",
    "Sonstiges",
    "Bitte angeben",
    "Wählen Sie {min} bis {max}.",
    "Hearback ist nicht erreichbar. Prüfen Sie Ihre Verbindung und senden Sie erneut.",
    "Ihre Antworten konnten nicht angenommen werden.",
    "Diese Frage braucht eine Antwort.",
    "Wählen Sie mindestens {n}.",
    "Wählen Sie höchstens {n}.",
    "Höchstens {n} Zeichen.",
    "Bitte geben Sie „Sonstiges“ an.",
    "Bitte beantworten Sie jede Zeile.",
    "Diese Antwort ist ungültig.",
    "{n} von {m} Sternen",
    "Weiter",
    "Umfrage schließen",
    "Danke. Zu Ihren Antworten folgen unten noch einige Fragen.",
    "Geben Sie eine gültige E-Mail-Adresse an oder wählen Sie einen anderen Weg.",
];

#[cfg(feature = "ssr")]
const FR: [&str; COUNT] = [
    "Envoyer",
    "Envoi…",
    "Merci !",
    "Vos réponses ont bien été reçues. Nous vous dirons ce que nous en faisons.",
    "(obligatoire)",
    "{n} sur {m} répondues",
    "Veuillez vérifier les questions signalées ci-dessous.",
    "Pas du tout probable",
    "Très probable",
    "Très insatisfait",
    "Très satisfait",
    "Très difficile",
    "Très facile",
    "Oui",
    "Non",
    "Autre",
    "Veuillez préciser",
    "Choisissez de {min} à {max}.",
    "Impossible de joindre Hearback. Vérifiez votre connexion et renvoyez.",
    "Vos réponses n'ont pas pu être acceptées.",
    "Cette question demande une réponse.",
    "Choisissez-en au moins {n}.",
    "Choisissez-en au plus {n}.",
    "{n} caractères au plus.",
    "Précisez « Autre ».",
    "Répondez à chaque ligne.",
    "Cette réponse n'est pas valide.",
    "{n} étoiles sur {m}",
    "Suivant",
    "Fermer le questionnaire",
    "Merci. Vos réponses appellent quelques questions de plus ci-dessous.",
    "Saisissez une adresse e-mail valide, ou choisissez un autre moyen.",
];

#[cfg(feature = "ssr")]
const ES: [&str; COUNT] = [
    "Enviar",
    "Enviando…",
    "¡Gracias!",
    "Hemos recibido sus respuestas. Le contaremos qué hacemos con ellas.",
    "(obligatoria)",
    "{n} de {m} respondidas",
    "Revise las preguntas marcadas abajo.",
    "Nada probable",
    "Muy probable",
    "Muy insatisfecho",
    "Muy satisfecho",
    "Muy difícil",
    "Muy fácil",
    "Sí",
    "No",
    "Otro",
    "Especifique",
    "Elija de {min} a {max}.",
    "No pudimos conectar con Hearback. Revise su conexión y vuelva a enviar.",
    "No se pudieron aceptar sus respuestas.",
    "Esta pregunta necesita una respuesta.",
    "Elija al menos {n}.",
    "Elija como máximo {n}.",
    "Como máximo {n} caracteres.",
    "Indique qué es «Otro».",
    "Responda cada fila.",
    "Esta respuesta no es válida.",
    "{n} de {m} estrellas",
    "Siguiente",
    "Cerrar la encuesta",
    "Gracias. Sus respuestas piden unas preguntas más, abajo.",
    "Escriba un correo electrónico válido, o elija otra forma.",
];

#[cfg(feature = "ssr")]
const JA: [&str; COUNT] = [
    "送信",
    "送信中…",
    "ありがとうございました！",
    "回答を受け付けました。どう活かすかをお知らせします。",
    "（必須）",
    "{m}問中{n}問回答済み",
    "下記の印の付いた質問をご確認ください。",
    "まったく勧めない",
    "強く勧める",
    "とても不満",
    "とても満足",
    "とても難しい",
    "とても簡単",
    "はい",
    "いいえ",
    "その他",
    "具体的にご記入ください",
    "{min}〜{max}個選んでください。",
    "Hearbackに接続できません。接続を確認して再送信してください。",
    "回答を受け付けられませんでした。",
    "この質問への回答が必要です。",
    "{n}個以上選んでください。",
    "{n}個以内で選んでください。",
    "{n}文字以内で入力してください。",
    "「その他」の内容をご記入ください。",
    "すべての行に回答してください。",
    "この回答は無効です。",
    "{m}つ星中{n}",
    "次へ",
    "アンケートを閉じる",
    "ありがとうございます。回答に応じて、下にいくつか質問が追加されました。",
    "有効なメールアドレスを入力するか、別の方法を選んでください。",
];

#[cfg(feature = "ssr")]
const AR: [&str; COUNT] = [
    "إرسال",
    "جارٍ الإرسال…",
    "شكرًا لك!",
    "تم استلام إجاباتك. سنخبرك بما سنفعله بها.",
    "(مطلوب)",
    "تمت الإجابة عن {n} من {m}",
    "يرجى مراجعة الأسئلة المحددة أدناه.",
    "غير محتمل على الإطلاق",
    "محتمل للغاية",
    "غير راضٍ إطلاقًا",
    "راضٍ جدًا",
    "صعب جدًا",
    "سهل جدًا",
    "نعم",
    "لا",
    "أخرى",
    "يرجى التحديد",
    "اختر من {min} إلى {max}.",
    "تعذّر الوصول إلى Hearback. تحقق من اتصالك ثم أعد الإرسال.",
    "تعذّر قبول إجاباتك.",
    "هذا السؤال يحتاج إلى إجابة.",
    "اختر {n} على الأقل.",
    "اختر {n} على الأكثر.",
    "{n} حرفًا على الأكثر.",
    "يرجى توضيح «أخرى».",
    "أجب عن كل صف.",
    "هذه الإجابة غير صالحة.",
    "{n} من {m} نجوم",
    "التالي",
    "إغلاق الاستبيان",
    "شكرًا. تتطلب إجاباتك بضعة أسئلة أخرى أدناه.",
    "أدخل بريدًا إلكترونيًا صالحًا، أو اختر طريقة أخرى.",
];

#[cfg(all(test, feature = "ssr"))]
#[path = "strings_tests.rs"]
pub(crate) mod tests;

#[cfg(any(feature = "ssr", feature = "admin"))]
#[path = "loop_strings.rs"]
mod loop_strings;
#[cfg(any(feature = "ssr", feature = "admin"))]
pub use loop_strings::{loop_strings, LoopStrings};

#[cfg(feature = "ssr")]
#[path = "contact_strings.rs"]
mod contact_strings;
#[cfg(feature = "ssr")]
pub use contact_strings::{contact_strings, conversation_strings, ContactStrings, ConversationStrings};

#[cfg(feature = "ssr")]
#[path = "rare_strings.rs"]
mod rare_strings;
#[cfg(feature = "ssr")]
pub use rare_strings::{rare_strings, RareStrings};
