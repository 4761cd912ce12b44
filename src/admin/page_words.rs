//! The published results page's own words (its headings, the lines around plans and numbers),
//! in the widget's six languages: the server renders the public page in the reader's language by
//! giving [`PublicView`](super::report::PublicView) these as a context; the admin app's preview,
//! without one, reads English. Plan statuses are the widget card's words (`loop_strings`), so a
//! status reads the same on the card and on the page.

/// The page's words in one language. `{n}`, `{days}`, `{hours}`, `{term}`, `{before}`, `{after}`,
/// `{b}` and `{a}` are filled in where they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWords {
    pub kicker: &'static str,
    pub last_updated: &'static str,
    pub feed: &'static str,
    pub heard_heading: &'static str,
    /// "… {n} of you in the last {days} days; … {hours} hours."
    pub followed_up: &'static str,
    pub plans_heading: &'static str,
    pub no_plans: &'static str,
    pub quotes_heading: &'static str,
    pub numbers_heading: &'static str,
    /// "Fewer than {n} people answered …"
    pub too_few: &'static str,
    /// "{n} people answered."
    pub answered: &'static str,
    pub we_heard: &'static str,
    pub from_answers: &'static str,
    pub from_comments: &'static str,
    /// "“{term}” ({n} comments)"
    pub theme_comments: &'static str,
    pub why_not: &'static str,
    pub due: &'static str,
    /// Roles, `|`-separated: owner, editor, viewer, former member.
    pub roles: &'static str,
    pub updates: &'static str,
    /// "{n} customers' conversations … led to this plan."
    pub cases_led: &'static str,
    pub did_it_fix: &'static str,
    /// "Before: {before} ({b} answers) · After: {after} ({a} answers)"
    pub before_after: &'static str,
    /// "The answers show once at least {n} people have answered …"
    pub follow_up_wait: &'static str,
    /// The name of the language switch.
    pub languages: &'static str,
    /// Plan statuses, `|`-separated: planned, in progress, done, won't do.
    pub statuses: &'static str,
}

impl PageWords {
    pub const ENGLISH: PageWords = PageWords {
        kicker: "Results and what we will do",
        last_updated: "Last updated",
        feed: "Follow by feed (Atom)",
        heard_heading: "What we heard",
        followed_up: "Our team followed up personally with {n} of you in the last {days} days; median time to first contact {hours} hours.",
        plans_heading: "What we will do",
        no_plans: "No plans yet.",
        quotes_heading: "In your words",
        numbers_heading: "The numbers",
        too_few: "Fewer than {n} people answered, so no numbers are shown: nobody's answers can be picked out.",
        answered: "{n} people answered.",
        we_heard: "We heard:",
        from_answers: "From your answers to:",
        from_comments: "From your comments about",
        theme_comments: "“{term}” ({n} comments)",
        why_not: "Why not:",
        due: "due",
        roles: "owner|editor|viewer|former member",
        updates: "Updates",
        cases_led: "{n} customers' conversations with our team led to this plan.",
        did_it_fix: "Did this fix it?",
        before_after: "Before: {before} ({b} answers) · After: {after} ({a} answers)",
        follow_up_wait: "The answers show once at least {n} people have answered, before and after.",
        languages: "Languages",
        statuses: "Planned|In progress|Done|Won't do",
    };

    /// A role's name: `owner`, `editor`, `viewer`, or none for a former member.
    pub fn role(&self, role: Option<&str>) -> &'static str {
        let at = match role {
            Some("owner") => 0,
            Some("editor") => 1,
            Some("viewer") => 2,
            _ => 3,
        };
        self.roles.split('|').nth(at).unwrap_or_default()
    }

    /// A plan status's name (`planned`, `in_progress`, `done`, `wont_do`).
    pub fn status(&self, status: &str) -> &'static str {
        let at = ["planned", "in_progress", "done", "wont_do"].iter().position(|s| *s == status).unwrap_or(0);
        self.statuses.split('|').nth(at).unwrap_or_default()
    }
}

/// Fills `{name}` placeholders with values.
pub fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
}

/// [`PageWords`] in a language (by its primary subtag), English when it has none.
#[cfg(feature = "ssr")]
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
        },
        _ => PageWords::ENGLISH,
    }
}

/// A language's own name, for the switch.
pub fn language_name(language: &str) -> &str {
    match language.split('-').next().unwrap_or_default() {
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "ja" => "日本語",
        "ar" => "العربية",
        _ => language,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
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
        let placeholders = |s: &str| -> Vec<String> {
            let mut names: Vec<String> =
                s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(str::to_owned).collect();
            names.sort();
            names
        };
        let english = all(&page_words("en"));
        for language in LANGUAGES {
            let words = page_words(language);
            for (theirs, ours) in all(&words).iter().zip(english) {
                assert!(!theirs.is_empty(), "{language}");
                assert_eq!(placeholders(theirs), placeholders(ours), "{language}: {theirs}");
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
        assert_eq!(PageWords::ENGLISH.status("wont_do"), crate::admin::charts::status_name("wont_do"));
        assert_eq!(PageWords::ENGLISH.role(None), "former member");
        assert_eq!(fill("{n} of {m}", &[("n", &3), ("m", &"x")]), "3 of x");
    }
}
