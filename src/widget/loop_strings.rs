//! The words that close the loop outside the form, in the widget's six languages: rendered by the
//! server, shown by the page script.

/// What closes the loop, outside the form (the server renders it, the page script shows it):
/// the promised day and a link to follow, on the thank-you; and the "You said, we did" card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopStrings {
    /// "… by {date}."
    pub promised: &'static str,
    pub follow: &'static str,
    pub news_title: &'static str,
    /// "… “{title}” …"
    pub news_body: &'static str,
    pub open: &'static str,
    pub dismiss: &'static str,
    /// A plan's statuses, `|`-separated: planned, in progress, done, won't do.
    pub statuses: &'static str,
}

/// [`LoopStrings`] in a language (by its primary subtag), English when it has none.
pub fn loop_strings(language: &str) -> LoopStrings {
    let [promised, follow, news_title, news_body, open, dismiss, statuses] =
        match language.split('-').next().unwrap_or_default() {
            "de" => [
                "Die Ergebnisse sind bis zum {date} versprochen.",
                "Verfolgen, was daraus wird",
                "Sie haben es gesagt, wir handeln",
                "Die Ergebnisse von „{title}“ sind da, mit dem, was jetzt geschieht.",
                "Ansehen, was sich ändert",
                "Schließen",
                "geplant|in Arbeit|erledigt|wird nicht umgesetzt",
            ],
            "fr" => [
                "Les résultats sont promis pour le {date}.",
                "Suivre la suite",
                "Vous l’avez dit, nous agissons",
                "Les résultats de « {title} » sont publiés, avec ce qui va être fait.",
                "Voir ce qui change",
                "Fermer",
                "prévu|en cours|fait|ne sera pas fait",
            ],
            "es" => [
                "Los resultados están prometidos para el {date}.",
                "Seguir lo que pasa",
                "Usted lo dijo, nosotros actuamos",
                "Ya están los resultados de «{title}», con lo que se va a hacer.",
                "Ver qué cambia",
                "Cerrar",
                "previsto|en curso|hecho|no se hará",
            ],
            "ja" => [
                "結果は{date}までに公開される予定です。",
                "この後の経過を見る",
                "いただいた声に応えます",
                "「{title}」の結果と、これからの取り組みが公開されました。",
                "変化を見る",
                "閉じる",
                "予定|対応中|完了|実施しません",
            ],
            "ar" => [
                "نَعِد بنشر النتائج بحلول {date}.",
                "تابِع ما سيحدث",
                "قلتم، ونحن نعمل",
                "نُشرت نتائج «{title}» مع ما سنفعله بشأنها.",
                "شاهِد ما تغيّر",
                "إغلاق",
                "مُخطَّط|قيد التنفيذ|تمّ|لن يُنفَّذ",
            ],
            _ => [
                "Results are promised by {date}.",
                "Follow what comes of it",
                "You said, we did",
                "The results of “{title}” are out, with what will be done about them.",
                "See what changed",
                "Dismiss",
                "planned|in progress|done|not going to happen",
            ],
        };
    LoopStrings { promised, follow, news_title, news_body, open, dismiss, statuses }
}
