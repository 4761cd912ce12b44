//! The results bundle's words in the widget's six languages, compiled into the server only.

/// The `data-words` attribute for a language (by its primary subtag), English when it has none.
pub fn words_attribute(language: &str) -> String {
    words(language).join("|")
}

/// The words of a language, as the server renders the forms.
pub fn form_words(language: &str) -> super::FormWords {
    super::FormWords(words(language))
}

fn words(language: &str) -> &'static [&'static str; 17] {
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
            "Ihre Antworten an die Umfrage",
            "Alles, was Sie dieser Umfrage gegeben haben, gehört Ihnen: Ihre Antworten, Rückmeldungen, Kontaktangaben und die Adresse, die sie von hier aus verfolgt.",
            "Herunterladen",
            "Löschen",
            "Alles, was Sie gegeben haben, endgültig löschen? Bereits veröffentlichte Ergebnisse behalten ihre Zahlen.",
            "Gelöscht. Nichts von dem, was Sie gegeben haben, wird aufbewahrt.",
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
            "Vos réponses à l’enquête",
            "Tout ce que vous avez donné à cette enquête vous appartient : vos réponses, vos messages, vos coordonnées et l’adresse qui la suit depuis ici.",
            "Les télécharger",
            "Les supprimer",
            "Supprimer définitivement tout ce que vous avez donné ? Les résultats déjà publiés gardent leurs chiffres.",
            "Supprimé. Rien de ce que vous avez donné n’est conservé.",
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
            "Sus respuestas a la encuesta",
            "Todo lo que dio a esta encuesta es suyo: sus respuestas, mensajes, datos de contacto y la dirección que la sigue desde aquí.",
            "Descargarlas",
            "Eliminarlas",
            "¿Eliminar para siempre todo lo que dio? Los resultados ya publicados conservan sus cifras.",
            "Eliminado. No se guarda nada de lo que dio.",
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
            "アンケートへのあなたの回答",
            "このアンケートに提供したものはすべてあなたのものです：回答、返信、連絡先、ここからフォローしているアドレス。",
            "ダウンロード",
            "削除",
            "提供したものをすべて完全に削除しますか？公開済みの結果の数値は変わりません。",
            "削除しました。提供したものは何も保存されていません。",
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
            "إجاباتك على الاستبيان",
            "كل ما قدّمته لهذا الاستبيان ملك لك: إجاباتك وردودك وبيانات التواصل والعنوان الذي يتابعه من هنا.",
            "تنزيلها",
            "حذفها",
            "هل تحذف كل ما قدّمته نهائيًا؟ تحتفظ النتائج المنشورة بأرقامها.",
            "حُذف. لا يُحفظ شيء مما قدّمته.",
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
