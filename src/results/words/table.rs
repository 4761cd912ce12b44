//! The results bundle's words in the widget's six languages, compiled into the server only.

/// The `data-words` attribute for a language (by its primary subtag), English when it has none.
pub fn words_attribute(language: &str) -> String {
    words(language).join("|")
}

/// The words of a language, as the server renders the forms.
pub fn form_words(language: &str) -> super::FormWords {
    super::FormWords(words(language))
}

fn words(language: &str) -> &'static [&'static str; 11] {
    match language.split('-').next().unwrap_or_default() {
        "de" => &[
            "Erfahren Sie, wie es weitergeht",
            "Ihre E-Mail-Adresse",
            "Per E-Mail verfolgen",
            "Wir bewahren Ihre Adresse getrennt von allen Antworten auf, und jede E-Mail enthält einen Link zum Abbestellen.",
            "Ihre Antworten",
            "Sie:",
            "Noch nicht beantwortet.",
            "Antwort an {owner}",
            "Antwort senden",
            "Gesendet. Die Antwort erscheint hier.",
            "Hearback ist nicht erreichbar; versuchen Sie es noch einmal.",
        ],
        "fr" => &[
            "Savoir ce qui se passe ensuite",
            "Votre adresse e-mail",
            "Suivre par e-mail",
            "Nous gardons votre adresse à l’écart de toute réponse, et chaque e-mail contient un lien pour arrêter.",
            "Vos réponses",
            "Vous :",
            "Pas encore de réponse.",
            "Répondre à {owner}",
            "Envoyer la réponse",
            "Envoyé. La réponse s’affichera ici.",
            "Hearback est injoignable ; réessayez.",
        ],
        "es" => &[
            "Sepa qué pasa después",
            "Su dirección de correo",
            "Seguir por correo",
            "Guardamos su dirección aparte de cualquier respuesta, y cada correo trae un enlace para darse de baja.",
            "Sus respuestas",
            "Usted:",
            "Aún sin respuesta.",
            "Responder a {owner}",
            "Enviar respuesta",
            "Enviado. La respuesta aparecerá aquí.",
            "No se pudo conectar con Hearback; inténtelo de nuevo.",
        ],
        "ja" => &[
            "この後の経過を受け取る",
            "メールアドレス",
            "メールでフォローする",
            "アドレスは回答とは別に保管します。どのメールにも配信停止のリンクがあります。",
            "あなたのコメント",
            "あなた：",
            "まだ返信はありません。",
            "{owner}に返信",
            "返信を送る",
            "送信しました。返信はここに表示されます。",
            "Hearbackに接続できません。もう一度お試しください。",
        ],
        "ar" => &[
            "اعرف ما سيحدث بعد ذلك",
            "عنوان بريدك الإلكتروني",
            "تابِع بالبريد الإلكتروني",
            "نحفظ عنوانك بعيدًا عن أي إجابات، وفي كل رسالة رابط للإيقاف.",
            "ردودك",
            "أنت:",
            "لم يُرد عليه بعد.",
            "الرد على {owner}",
            "إرسال الرد",
            "أُرسل. سيظهر الرد هنا.",
            "تعذّر الوصول إلى Hearback؛ حاول مرة أخرى.",
        ],
        _ => &super::ENGLISH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::words::{FormWords, Word, ENGLISH};

    #[test]
    fn every_language_has_every_word_with_the_same_placeholders() {
        for language in crate::widget::strings::LANGUAGES {
            let theirs = words(language);
            for (word, english) in theirs.iter().zip(ENGLISH) {
                assert!(!word.is_empty() && !word.contains('|'), "{language}: {word}");
                assert_eq!(
                    crate::widget::strings::tests::placeholders(word),
                    crate::widget::strings::tests::placeholders(english),
                    "{language}: {word}"
                );
            }
        }
    }

    #[test]
    fn the_bundle_reads_the_words_the_server_writes_and_english_for_any_missing() {
        for language in crate::widget::strings::LANGUAGES {
            let read = FormWords::read(Some(&words_attribute(language)));
            assert_eq!(read, form_words(language), "the bundle reads what the server renders with");
        }
        let german = FormWords::read(Some(&words_attribute("de-AT")));
        assert_eq!(german.get(Word::FollowButton), "Per E-Mail verfolgen");
        assert_eq!(german.get(Word::Unreachable), words("de")[10]);
        let none = FormWords::read(None);
        assert_eq!(none.get(Word::ReplyTo), "Reply to {owner}");
        let short = FormWords::read(Some("Eins||Drei"));
        assert_eq!((short.get(Word::FollowHeading), short.get(Word::EmailLabel)), ("Eins", ENGLISH[1]));
        assert_eq!(short.get(Word::Sent), ENGLISH[9]);
    }
}
