//! What an e-mail survey says, in the widget's six languages: the invitation and the pages its
//! links open. `{name}`, `{organization}`, `{survey}` are filled in where they appear; the
//! question, its ends and the links come from the survey.

/// The words in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InviteWords {
    pub subject: &'static str,
    /// Before the question.
    pub asks: &'static str,
    /// After the answers as links.
    pub one_click: &'static str,
    /// The one link when the first question is not a scale.
    pub open: &'static str,
    pub reply: &'static str,
    pub stop: &'static str,
    /// The page a link opens: the button that records the answer.
    pub send: &'static str,
    pub used_heading: &'static str,
    pub used: &'static str,
    pub stop_heading: &'static str,
    pub stop_text: &'static str,
    pub stop_button: &'static str,
    pub stopped_heading: &'static str,
    pub stopped: &'static str,
    /// An answer outside the question's scale.
    pub pick: &'static str,
}

/// [`InviteWords`] in a language (by its primary subtag), English when it has none.
pub fn invite_words(language: &str) -> InviteWords {
    match crate::reader_words::known_language(language) {
        "de" => InviteWords {
            subject: "{organization}: {survey}",
            asks: "Hallo,\n\n{name} von {organization} möchte wissen:",
            one_click: "Ein Klick beantwortet die Frage; die übrigen Fragen der Umfrage folgen auf ihrer Seite.",
            open: "Zur Umfrage:",
            reply: "Fragen? Antworten Sie auf diese Nachricht, und {name} liest sie.",
            stop: "Keine Umfragen mehr von {organization}:",
            send: "Antwort senden",
            used_heading: "Dieser Link wurde schon benutzt",
            used: "Jede Einladung beantwortet die Umfrage einmal: Ihre Antwort ist da. Danke.",
            stop_heading: "Keine Umfragen mehr?",
            stop_text: "{organization} schickt Ihnen dann keine Umfragen mehr an diese Adresse.",
            stop_button: "Keine Umfragen mehr",
            stopped_heading: "Abbestellt",
            stopped: "{organization} schickt Ihnen keine Umfragen mehr an diese Adresse.",
            pick: "Wählen Sie eine der Antworten.",
        },
        "fr" => InviteWords {
            subject: "{organization} : {survey}",
            asks: "Bonjour,\n\n{name} de {organization} aimerait savoir :",
            one_click: "Un clic répond à la question ; les autres questions de l’enquête suivent sur sa page.",
            open: "Répondre à l’enquête :",
            reply: "Des questions ? Répondez à ce message et {name} le lira.",
            stop: "Ne plus recevoir d’enquêtes de {organization} :",
            send: "Envoyer ma réponse",
            used_heading: "Ce lien a déjà servi",
            used: "Chaque invitation répond une fois à l’enquête : votre réponse est arrivée. Merci.",
            stop_heading: "Ne plus recevoir d’enquêtes ?",
            stop_text: "{organization} ne vous enverra plus d’enquêtes à cette adresse.",
            stop_button: "Ne plus recevoir d’enquêtes",
            stopped_heading: "Désabonné",
            stopped: "{organization} ne vous enverra plus d’enquêtes à cette adresse.",
            pick: "Choisissez l’une des réponses.",
        },
        "es" => InviteWords {
            subject: "{organization}: {survey}",
            asks: "Hola:\n\n{name}, de {organization}, quiere saber:",
            one_click: "Un clic responde a la pregunta; las demás preguntas de la encuesta siguen en su página.",
            open: "Responder a la encuesta:",
            reply: "¿Preguntas? Responda a este mensaje y {name} lo leerá.",
            stop: "No recibir más encuestas de {organization}:",
            send: "Enviar mi respuesta",
            used_heading: "Este enlace ya se usó",
            used: "Cada invitación responde una vez a la encuesta: su respuesta ya llegó. Gracias.",
            stop_heading: "¿No recibir más encuestas?",
            stop_text: "{organization} no le enviará más encuestas a esta dirección.",
            stop_button: "No recibir más encuestas",
            stopped_heading: "Baja confirmada",
            stopped: "{organization} no le enviará más encuestas a esta dirección.",
            pick: "Elija una de las respuestas.",
        },
        "ja" => InviteWords {
            subject: "{organization}：{survey}",
            asks: "こんにちは。\n\n{organization}の{name}からの質問です：",
            one_click: "ワンクリックで回答できます。アンケートの残りの質問はそのページに続きます。",
            open: "アンケートに回答する：",
            reply: "ご質問はこのメッセージに返信してください。{name}が読みます。",
            stop: "{organization}からのアンケートを今後受け取らない：",
            send: "回答を送信",
            used_heading: "このリンクは使用済みです",
            used: "招待ごとに回答は一度です。回答は届いています。ありがとうございました。",
            stop_heading: "今後アンケートを受け取りませんか？",
            stop_text: "{organization}はこのアドレスにアンケートを送らなくなります。",
            stop_button: "今後受け取らない",
            stopped_heading: "配信を停止しました",
            stopped: "{organization}はこのアドレスにアンケートを送りません。",
            pick: "回答を一つ選んでください。",
        },
        "ar" => InviteWords {
            subject: "{organization}: {survey}",
            asks: "مرحبًا،\n\nيود {name} من {organization} أن يعرف:",
            one_click: "نقرة واحدة تجيب عن السؤال؛ وتتبع بقية أسئلة الاستطلاع على صفحته.",
            open: "أجب عن الاستطلاع:",
            reply: "أسئلة؟ رُدّ على هذه الرسالة وسيقرؤها {name}.",
            stop: "لا مزيد من الاستطلاعات من {organization}:",
            send: "أرسل إجابتي",
            used_heading: "استُخدم هذا الرابط من قبل",
            used: "كل دعوة تجيب عن الاستطلاع مرة واحدة: وصلت إجابتك. شكرًا لك.",
            stop_heading: "لا مزيد من الاستطلاعات؟",
            stop_text: "لن ترسل {organization} استطلاعات أخرى إلى هذا العنوان.",
            stop_button: "لا مزيد من الاستطلاعات",
            stopped_heading: "أُلغي الاشتراك",
            stopped: "لن ترسل {organization} استطلاعات أخرى إلى هذا العنوان.",
            pick: "اختر إحدى الإجابات.",
        },
        _ => InviteWords {
            subject: "{organization}: {survey}",
            asks: "Hello,\n\n{name} at {organization} would like to know:",
            one_click: "One click answers; the survey's other questions follow on its page.",
            open: "Answer the survey:",
            reply: "Questions? Reply to this message and {name} reads it.",
            stop: "No more surveys from {organization}:",
            send: "Send my answer",
            used_heading: "This link was used already",
            used: "Each invitation answers the survey once: your answer is in. Thank you.",
            stop_heading: "No more surveys?",
            stop_text: "{organization} will send no more surveys to this address.",
            stop_button: "Send me no more surveys",
            stopped_heading: "Unsubscribed",
            stopped: "{organization} will send no more surveys to this address.",
            pick: "Choose one of the answers.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_the_same_placeholders() {
        let placeholders = |w: InviteWords| {
            [w.subject, w.asks, w.one_click, w.open, w.reply, w.stop, w.send, w.used_heading, w.used]
                .into_iter()
                .chain([w.stop_heading, w.stop_text, w.stop_button, w.stopped_heading, w.stopped, w.pick])
                .map(|text| {
                    assert!(!text.trim().is_empty());
                    let mut names: Vec<&str> = text.split('{').skip(1).filter_map(|p| p.split('}').next()).collect();
                    names.sort_unstable();
                    names
                })
                .collect::<Vec<_>>()
        };
        let english = placeholders(invite_words("en"));
        for language in crate::reader_words::LANGUAGES {
            assert_eq!(placeholders(invite_words(language)), english, "{language}");
            assert_eq!(invite_words(language) == invite_words("en"), language == "en", "{language} has its own words");
        }
    }
}
