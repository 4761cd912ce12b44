//! [`PageWords`] in the widget's six languages, compiled into the server and the admin app (not
//! the results page's small bundle, which gets its few words from the server's HTML).

use super::PageWords;

/// [`PageWords`] in a language (by its primary subtag), English when it has none.
pub fn page_words(language: &str) -> PageWords {
    // The card's words for a status (English keeps the page's own capitalised badges).
    let statuses = crate::widget::strings::loop_strings(language).statuses;
    match language.split('-').next().unwrap_or_default() {
        "de" => PageWords {
            kicker: "Ergebnisse und was wir tun",
            last_updated: "Zuletzt aktualisiert",
            feed: "Per Feed verfolgen (Atom)",
            heard_heading: "Was wir gehört haben",
            followed_up: "Unser Team hat sich in den letzten {days} Tagen persönlich bei {n} von Ihnen gemeldet; mittlere Zeit bis zum ersten Kontakt {hours} Stunden.",
            plans_heading: "Was wir tun",
            no_plans: "Noch keine Pläne.",
            quotes_heading: "In Ihren Worten",
            numbers_heading: "Die Zahlen",
            too_few: "Weniger als {n} Personen haben geantwortet, darum zeigen wir keine Zahlen: Niemandes Antworten sollen erkennbar sein.",
            answered: "{n} Personen haben geantwortet.",
            we_heard: "Wir haben gehört:",
            from_answers: "Aus Ihren Antworten auf:",
            from_comments: "Aus Ihren Kommentaren zu",
            theme_comments: "„{term}“ ({n} Kommentare)",
            why_not: "Warum nicht:",
            due: "fällig",
            roles: "Inhaber|Bearbeitung|Lesezugriff|ehemaliges Mitglied",
            updates: "Neuigkeiten",
            cases_led: "{n} Gespräche unseres Teams mit Kundinnen und Kunden haben zu diesem Plan geführt.",
            did_it_fix: "Hat das geholfen?",
            before_after: "Vorher: {before} ({b} Antworten) · Nachher: {after} ({a} Antworten)",
            follow_up_wait: "Die Antworten erscheinen, sobald vorher und nachher mindestens {n} Personen geantwortet haben.",
            languages: "Sprachen",
            statuses,
            chart_answered: "{n} geantwortet · hier aufgehört: {d}",
            nps_interval: "NPS {s} (95 %-Intervall {low} bis {high})",
            no_answers: "Noch keine Antworten",
            nps_caption: "Kritiker (0–6), Unentschlossene (7–8) und Fürsprecher (9–10)",
            nps_parts: "Kritiker|Unentschlossene|Fürsprecher",
            mean: "Mittelwert {m}",
            median: "Median {m}",
            satisfied: "{p} zufrieden (4 oder 5)",
            most_chosen: "Am häufigsten gewählt: {list}",
            comments: "{n} Kommentare",
            frequent_words: "Häufigste Wörter",
            frequent_phrases: "Häufigste Wendungen",
            words_wait: "Wörter aus Kommentaren erscheinen, sobald es genug Kommentare gibt, und nur Wörter, die mehrere Personen verwendet haben.",
            agreed: "{n} zugestimmt",
            ranked_first: "Im Schnitt vorn: {list}",
            mean_place: "mittlerer Rang {m}",
            dates_span: "Vom {first} bis {last}",
            decimal: ",",
            percent: "{p} %",
            untranslated: "Noch nicht übersetzt: hier im Original.",
        },
        "fr" => PageWords {
            kicker: "Résultats et ce que nous allons faire",
            last_updated: "Dernière mise à jour",
            feed: "Suivre par flux (Atom)",
            heard_heading: "Ce que nous avons entendu",
            followed_up: "Notre équipe a recontacté personnellement {n} d'entre vous ces {days} derniers jours ; délai médian avant le premier contact : {hours} heures.",
            plans_heading: "Ce que nous allons faire",
            no_plans: "Pas encore de plan.",
            quotes_heading: "Avec vos mots",
            numbers_heading: "Les chiffres",
            too_few: "Moins de {n} personnes ont répondu : aucun chiffre n'est montré, pour que personne ne puisse être reconnu.",
            answered: "{n} personnes ont répondu.",
            we_heard: "Nous avons entendu :",
            from_answers: "D'après vos réponses à :",
            from_comments: "D'après vos commentaires sur",
            theme_comments: "« {term} » ({n} commentaires)",
            why_not: "Pourquoi pas :",
            due: "échéance",
            roles: "propriétaire|éditeur|lecteur|ancien membre",
            updates: "Nouvelles",
            cases_led: "{n} échanges de notre équipe avec des clients ont mené à ce plan.",
            did_it_fix: "Est-ce réglé ?",
            before_after: "Avant : {before} ({b} réponses) · Après : {after} ({a} réponses)",
            follow_up_wait: "Les réponses s'affichent quand au moins {n} personnes ont répondu, avant et après.",
            languages: "Langues",
            statuses,
            chart_answered: "{n} réponses · abandon ici : {d}",
            nps_interval: "NPS {s} (intervalle à 95 % : {low} à {high})",
            no_answers: "Pas encore de réponse",
            nps_caption: "Détracteurs (0–6), passifs (7–8) et promoteurs (9–10)",
            nps_parts: "Détracteurs|Passifs|Promoteurs",
            mean: "moyenne {m}",
            median: "médiane {m}",
            satisfied: "{p} satisfaits (4 ou 5)",
            most_chosen: "Choix le plus fréquent : {list}",
            comments: "{n} commentaires",
            frequent_words: "Mots les plus fréquents",
            frequent_phrases: "Expressions les plus fréquentes",
            words_wait: "Les mots des commentaires apparaissent quand il y a assez de commentaires, et seulement ceux que plusieurs personnes ont employés.",
            agreed: "{n} ont accepté",
            ranked_first: "En tête en moyenne : {list}",
            mean_place: "rang moyen {m}",
            dates_span: "Du {first} au {last}",
            decimal: ",",
            percent: "{p} %",
            untranslated: "Pas encore traduit : voici l’original.",
        },
        "es" => PageWords {
            kicker: "Resultados y lo que haremos",
            last_updated: "Última actualización",
            feed: "Seguir por feed (Atom)",
            heard_heading: "Lo que escuchamos",
            followed_up: "Nuestro equipo contactó personalmente a {n} de ustedes en los últimos {days} días; tiempo medio hasta el primer contacto: {hours} horas.",
            plans_heading: "Lo que haremos",
            no_plans: "Aún no hay planes.",
            quotes_heading: "En sus palabras",
            numbers_heading: "Las cifras",
            too_few: "Respondieron menos de {n} personas, así que no mostramos cifras: nadie debe poder ser reconocido.",
            answered: "Respondieron {n} personas.",
            we_heard: "Escuchamos:",
            from_answers: "De sus respuestas a:",
            from_comments: "De sus comentarios sobre",
            theme_comments: "«{term}» ({n} comentarios)",
            why_not: "Por qué no:",
            due: "vence",
            roles: "propietario|editor|lector|antiguo miembro",
            updates: "Novedades",
            cases_led: "{n} conversaciones de nuestro equipo con clientes llevaron a este plan.",
            did_it_fix: "¿Se resolvió?",
            before_after: "Antes: {before} ({b} respuestas) · Después: {after} ({a} respuestas)",
            follow_up_wait: "Las respuestas se muestran cuando al menos {n} personas han respondido, antes y después.",
            languages: "Idiomas",
            statuses,
            chart_answered: "{n} respuestas · abandonos aquí: {d}",
            nps_interval: "NPS {s} (intervalo del 95 %: {low} a {high})",
            no_answers: "Aún no hay respuestas",
            nps_caption: "Detractores (0–6), pasivos (7–8) y promotores (9–10)",
            nps_parts: "Detractores|Pasivos|Promotores",
            mean: "media {m}",
            median: "mediana {m}",
            satisfied: "{p} satisfechos (4 o 5)",
            most_chosen: "Lo más elegido: {list}",
            comments: "{n} comentarios",
            frequent_words: "Palabras más frecuentes",
            frequent_phrases: "Frases más frecuentes",
            words_wait: "Las palabras de los comentarios aparecen cuando hay suficientes comentarios, y solo las que usaron varias personas.",
            agreed: "{n} aceptaron",
            ranked_first: "Primero de media: {list}",
            mean_place: "puesto medio {m}",
            dates_span: "Del {first} al {last}",
            decimal: ",",
            percent: "{p} %",
            untranslated: "Aún sin traducir: aquí, el original.",
        },
        "ja" => PageWords {
            kicker: "結果と今後の取り組み",
            last_updated: "最終更新",
            feed: "フィードで購読（Atom）",
            heard_heading: "いただいた声",
            followed_up: "過去{days}日間に、私たちのチームが{n}名の方に直接ご連絡しました。最初の連絡までの時間の中央値は{hours}時間です。",
            plans_heading: "私たちの取り組み",
            no_plans: "まだ計画はありません。",
            quotes_heading: "皆さまの言葉",
            numbers_heading: "数字",
            too_few: "回答者が{n}名未満のため、数字は表示しません（どなたの回答も特定されないように）。",
            answered: "{n}名の方が回答しました。",
            we_heard: "いただいた声：",
            from_answers: "次の質問への回答から：",
            from_comments: "次についてのコメントから：",
            theme_comments: "「{term}」（コメント{n}件）",
            why_not: "実施しない理由：",
            due: "期限",
            roles: "オーナー|編集者|閲覧者|元メンバー",
            updates: "進捗",
            cases_led: "私たちのチームとお客様との{n}件の会話から、この計画が生まれました。",
            did_it_fix: "解決しましたか？",
            before_after: "以前：{before}（回答{b}件）・以後：{after}（回答{a}件）",
            follow_up_wait: "前後それぞれ{n}名以上が回答すると表示されます。",
            languages: "言語",
            statuses,
            chart_answered: "回答{n}件 · ここで離脱：{d}",
            nps_interval: "NPS {s}（95%区間 {low}〜{high}）",
            no_answers: "まだ回答はありません",
            nps_caption: "批判者（0–6）、中立者（7–8）、推奨者（9–10）",
            nps_parts: "批判者|中立者|推奨者",
            mean: "平均 {m}",
            median: "中央値 {m}",
            satisfied: "満足 {p}（4または5）",
            most_chosen: "最も多く選ばれた回答：{list}",
            comments: "コメント{n}件",
            frequent_words: "よく使われた言葉",
            frequent_phrases: "よく使われた表現",
            words_wait: "コメントが十分に集まると、複数の方が使った言葉だけが表示されます。",
            agreed: "{n}名が同意",
            ranked_first: "平均で1位：{list}",
            mean_place: "平均順位 {m}",
            dates_span: "{first}から{last}まで",
            decimal: ".",
            percent: "{p}%",
            untranslated: "まだ翻訳されていません。原文のまま表示しています。",
        },
        "ar" => PageWords {
            kicker: "النتائج وما سنفعله",
            last_updated: "آخر تحديث",
            feed: "المتابعة عبر الخلاصة (Atom)",
            heard_heading: "ما سمعناه",
            followed_up: "تواصل فريقنا شخصيًا مع {n} منكم خلال آخر {days} يومًا؛ متوسط الوقت حتى أول تواصل {hours} ساعة.",
            plans_heading: "ما سنفعله",
            no_plans: "لا توجد خطط بعد.",
            quotes_heading: "بكلماتكم",
            numbers_heading: "الأرقام",
            too_few: "أجاب أقل من {n} أشخاص، لذا لا نعرض أرقامًا: لا يمكن تمييز إجابات أي شخص.",
            answered: "أجاب {n} أشخاص.",
            we_heard: "سمعنا:",
            from_answers: "من إجاباتكم على:",
            from_comments: "من تعليقاتكم حول",
            theme_comments: "«{term}» ({n} تعليقات)",
            why_not: "لماذا لا:",
            due: "الموعد",
            roles: "مالك|محرر|قارئ|عضو سابق",
            updates: "المستجدات",
            cases_led: "أدّت {n} محادثات بين فريقنا والعملاء إلى هذه الخطة.",
            did_it_fix: "هل حُلّت المشكلة؟",
            before_after: "قبل: {before} ({b} إجابات) · بعد: {after} ({a} إجابات)",
            follow_up_wait: "تظهر الإجابات بعد أن يجيب {n} أشخاص على الأقل، قبل وبعد.",
            languages: "اللغات",
            statuses,
            chart_answered: "أجاب {n} · توقف هنا: {d}",
            nps_interval: "NPS {s} (فاصل ثقة 95٪ من {low} إلى {high})",
            no_answers: "لا توجد إجابات بعد",
            nps_caption: "المنتقدون (0–6) والمحايدون (7–8) والمروّجون (9–10)",
            nps_parts: "المنتقدون|المحايدون|المروّجون",
            mean: "المتوسط {m}",
            median: "الوسيط {m}",
            satisfied: "{p} راضون (4 أو 5)",
            most_chosen: "الأكثر اختيارًا: {list}",
            comments: "{n} تعليقات",
            frequent_words: "الكلمات الأكثر تكرارًا",
            frequent_phrases: "العبارات الأكثر تكرارًا",
            words_wait: "تظهر كلمات التعليقات عندما يكفي عدد التعليقات، ولا تظهر إلا الكلمات التي استخدمها عدة أشخاص.",
            agreed: "وافق {n}",
            ranked_first: "الأول في المتوسط: {list}",
            mean_place: "متوسط الترتيب {m}",
            dates_span: "من {first} إلى {last}",
            decimal: "٫",
            percent: "{p}٪",
            untranslated: "لم يُترجم بعد: هذا هو النص الأصلي.",
        },
        _ => PageWords::ENGLISH,
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::page_words;
    use crate::widget::strings::LANGUAGES;

    fn all(w: &PageWords) -> [&'static str; 25] {
        [
            w.kicker,
            w.last_updated,
            w.feed,
            w.heard_heading,
            w.followed_up,
            w.plans_heading,
            w.no_plans,
            w.quotes_heading,
            w.numbers_heading,
            w.too_few,
            w.answered,
            w.we_heard,
            w.from_answers,
            w.from_comments,
            w.theme_comments,
            w.why_not,
            w.due,
            w.roles,
            w.updates,
            w.cases_led,
            w.did_it_fix,
            w.before_after,
            w.follow_up_wait,
            w.languages,
            w.statuses,
        ]
    }

    #[test]
    fn every_language_has_every_word_with_the_same_placeholders_and_the_cards_statuses() {
        let english = all(&page_words("en"));
        for language in LANGUAGES {
            let words = page_words(language);
            for (theirs, ours) in all(&words).iter().zip(english) {
                assert!(!theirs.is_empty(), "{language}");
                assert_eq!(
                    crate::widget::strings::tests::placeholders(theirs),
                    crate::widget::strings::tests::placeholders(ours),
                    "{language}: {theirs}"
                );
            }
            assert_eq!(words.roles.split('|').count(), 4, "{language}");
            if language != "en" {
                let card = crate::widget::strings::loop_strings(language).statuses;
                assert_eq!(words.statuses, card, "one word per status, on the card and the page");
            }
            assert_ne!(language_name(language), language, "{language} has its own name");
            if language != "en" {
                assert_ne!(words.heard_heading, english[3], "{language} is translated");
            }
        }
        assert_eq!(page_words("en"), PageWords::ENGLISH, "English is the admin app's words too");
        assert_eq!(page_words("de").status("in_progress"), "in Arbeit");
        assert_eq!(page_words("xx").heard_heading, "What we heard");
        assert_eq!(PageWords::ENGLISH.role(None), "former member");
        assert_eq!(fill("{n} of {m}", &[("n", &3), ("m", &"x")]), "3 of x");
        // Numbers as each language writes them: the German example.
        let de = page_words("de");
        let interval = fill(de.nps_interval, &[("s", &"+13"), ("low", &"−18"), ("high", &"+45")]);
        assert_eq!(interval, "NPS +13 (95 %-Intervall −18 bis +45)");
        assert_eq!(
            (de.percent(42.0), de.percent(7.25), de.number(3.456, 2)),
            ("42 %".into(), "7,2 %".into(), "3,46".into())
        );
        assert_eq!(
            (PageWords::ENGLISH.percent(42.0), PageWords::ENGLISH.number(3.456, 1)),
            ("42%".into(), "3.5".into())
        );
        assert_eq!(page_words("ar").percent(50.0), "50٪");
        assert_eq!(de.nps_part(2), "Fürsprecher");
    }
}
