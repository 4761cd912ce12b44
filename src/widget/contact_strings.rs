//! The words of the contact question, in the widget's six languages: rendered by the server only
//! (the page hands them to the controls as a context), so the wasm carries none of them.

/// How the contact question offers its three ways, and the purpose it binds the consent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactStrings {
    pub no: &'static str,
    pub here: &'static str,
    pub email: &'static str,
    /// E-mail, when the company's signed details already carry the address: nothing is asked.
    pub known: &'static str,
    pub address: &'static str,
    /// The one use the answer is put to, said under the question.
    pub purpose: &'static str,
}

/// [`ContactStrings`] in a language (by its primary subtag), English when it has none.
pub fn contact_strings(language: &str) -> ContactStrings {
    let [no, here, email, known, address, purpose] = match language.split('-').next().unwrap_or_default() {
        "de" => [
            "Nein, danke",
            "Antwort nur hier (auf dieser Website, ohne Adresse)",
            "Per E-Mail",
            "Per E-Mail, an die Adresse, die Sie von mir haben",
            "Ihre E-Mail-Adresse",
            "Wir verwenden das nur, um auf Ihre Antworten in dieser Umfrage einzugehen, und löschen Ihre Adresse danach.",
        ],
        "fr" => [
            "Non merci",
            "Réponse ici seulement (sur ce site, sans adresse)",
            "Par e-mail",
            "Par e-mail, à l'adresse que vous avez déjà",
            "Votre adresse e-mail",
            "Nous n'utiliserons ceci que pour donner suite à vos réponses à ce questionnaire, puis supprimerons votre adresse.",
        ],
        "es" => [
            "No, gracias",
            "Respuesta solo aquí (en este sitio, sin dirección)",
            "Por correo electrónico",
            "Por correo, a la dirección que ya tienen",
            "Su correo electrónico",
            "Solo lo usaremos para dar seguimiento a sus respuestas a esta encuesta, y después borraremos su dirección.",
        ],
        "ja" => [
            "いいえ、結構です",
            "ここでの返信のみ（このサイト上、アドレス不要）",
            "メールで",
            "登録済みのアドレスにメールで",
            "メールアドレス",
            "このアンケートへの回答のフォローアップにのみ使用し、その後アドレスを削除します。",
        ],
        "ar" => [
            "لا، شكرًا",
            "الرد هنا فقط (على هذا الموقع، دون عنوان)",
            "عبر البريد الإلكتروني",
            "عبر البريد الإلكتروني، على العنوان المسجّل لديكم",
            "بريدك الإلكتروني",
            "لن نستخدم هذا إلا لمتابعة إجاباتك على هذا الاستبيان، ثم نحذف عنوانك.",
        ],
        _ => [
            "No, thank you",
            "Reply here only (on this site, no address needed)",
            "By e-mail",
            "By e-mail, at the address you have for me",
            "Your e-mail address",
            "We will use this only to follow up on your answers to this survey, and delete your address afterwards.",
        ],
    };
    ContactStrings { no, here, email, known, address, purpose }
}

/// The customer's conversation page (`/c/{token}`), in the widget's six languages. `{owner}`,
/// `{company}` and `{survey}` are filled in by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationStrings {
    /// "Your conversation with {company}"
    pub title: &'static str,
    /// "{owner} from {company} follows up on your answers to “{survey}”."
    pub intro: &'static str,
    pub you: &'static str,
    /// "{owner} has not written yet…"
    pub waiting: &'static str,
    /// "Your answer to {owner}"
    pub answer: &'static str,
    pub send: &'static str,
    /// "Sent. {owner} will read it."
    pub sent: &'static str,
    pub empty: &'static str,
    pub resolved: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub thanks_yes: &'static str,
    /// "Thank you. {owner} will be in touch again."
    pub thanks_no: &'static str,
    pub closed: &'static str,
}

/// [`ConversationStrings`] in a language (by its primary subtag), English when it has none.
pub fn conversation_strings(language: &str) -> ConversationStrings {
    let [title, intro, you, waiting, answer, send, sent, empty, resolved, yes, no, thanks_yes, thanks_no, closed] =
        match language.split('-').next().unwrap_or_default() {
            "de" => [
                "Ihr Gespräch mit {company}",
                "{owner} von {company} kümmert sich um Ihre Antworten auf „{survey}“.",
                "Sie",
                "{owner} hat noch nicht geschrieben. Sie können schon jetzt etwas hinzufügen.",
                "Ihre Antwort an {owner}",
                "Senden",
                "Gesendet. {owner} wird es lesen.",
                "Schreiben Sie zuerst etwas (höchstens 4000 Zeichen).",
                "Haben wir es gelöst?",
                "Ja",
                "Nein",
                "Danke für Ihre Rückmeldung.",
                "Danke. {owner} meldet sich wieder bei Ihnen.",
                "Dieses Gespräch ist beendet.",
            ],
            "fr" => [
                "Votre échange avec {company}",
                "{owner}, de {company}, donne suite à vos réponses à « {survey} ».",
                "Vous",
                "{owner} n'a pas encore écrit. Vous pouvez déjà ajouter quelque chose.",
                "Votre réponse à {owner}",
                "Envoyer",
                "Envoyé. {owner} le lira.",
                "Écrivez d'abord quelque chose (4000 caractères au plus).",
                "Avons-nous résolu le problème ?",
                "Oui",
                "Non",
                "Merci de nous l'avoir dit.",
                "Merci. {owner} reviendra vers vous.",
                "Cet échange est clos.",
            ],
            "es" => [
                "Su conversación con {company}",
                "{owner}, de {company}, da seguimiento a sus respuestas a «{survey}».",
                "Usted",
                "{owner} aún no ha escrito. Ya puede añadir algo.",
                "Su respuesta a {owner}",
                "Enviar",
                "Enviado. {owner} lo leerá.",
                "Escriba algo primero (como máximo 4000 caracteres).",
                "¿Lo hemos resuelto?",
                "Sí",
                "No",
                "Gracias por decírnoslo.",
                "Gracias. {owner} volverá a ponerse en contacto.",
                "Esta conversación está cerrada.",
            ],
            "ja" => [
                "{company}とのやり取り",
                "{company}の{owner}が「{survey}」へのご回答についてフォローアップします。",
                "あなた",
                "{owner}はまだ書いていません。先にご記入いただくこともできます。",
                "{owner}への返信",
                "送信",
                "送信しました。{owner}が読みます。",
                "まず内容をご記入ください（4000文字以内）。",
                "解決しましたか？",
                "はい",
                "いいえ",
                "お知らせいただきありがとうございます。",
                "ありがとうございます。{owner}から改めてご連絡します。",
                "このやり取りは終了しました。",
            ],
            "ar" => [
                "محادثتك مع {company}",
                "يتابع {owner} من {company} إجاباتك على «{survey}».",
                "أنت",
                "لم يكتب {owner} بعد. يمكنك إضافة شيء الآن.",
                "ردّك على {owner}",
                "إرسال",
                "تم الإرسال. سيقرؤه {owner}.",
                "اكتب شيئًا أولًا (4000 حرف على الأكثر).",
                "هل حللنا المشكلة؟",
                "نعم",
                "لا",
                "شكرًا لإخبارنا.",
                "شكرًا. سيتواصل معك {owner} مجددًا.",
                "هذه المحادثة مغلقة.",
            ],
            _ => [
                "Your conversation with {company}",
                "{owner} from {company} follows up on your answers to “{survey}”.",
                "You",
                "{owner} has not written yet. You can add something already.",
                "Your answer to {owner}",
                "Send",
                "Sent. {owner} will read it.",
                "Write something first (at most 4000 characters).",
                "Did we resolve it?",
                "Yes",
                "No",
                "Thank you for telling us.",
                "Thank you. {owner} will be in touch again.",
                "This conversation is closed.",
            ],
        };
    ConversationStrings {
        title,
        intro,
        you,
        waiting,
        answer,
        send,
        sent,
        empty,
        resolved,
        yes,
        no,
        thanks_yes,
        thanks_no,
        closed,
    }
}
