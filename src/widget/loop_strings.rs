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
    /// The page of a survey that no longer takes answers: its heading, its line, and the link to
    /// its results when they are published.
    pub closed_title: &'static str,
    pub closed_text: &'static str,
    pub closed_results: &'static str,
    /// The page of a survey whose schedule has not opened it yet: its heading, and its line
    /// "… {date} …".
    pub not_open_title: &'static str,
    pub not_open_text: &'static str,
    /// The card's link to what a respondent may do with their answers (download, delete).
    pub yours: &'static str,
}

/// [`LoopStrings`] in a language (by its primary subtag), English when it has none.
pub fn loop_strings(language: &str) -> LoopStrings {
    let [promised, follow, news_title, news_body, open, dismiss, statuses, closed_title, closed_text, closed_results, not_open_title, not_open_text, yours] =
        match language.split('-').next().unwrap_or_default() {
            "de" => [
                "Die Ergebnisse sind bis zum {date} versprochen.",
                "Verfolgen, was daraus wird",
                "Sie haben es gesagt, wir handeln",
                "Die Ergebnisse von „{title}“ sind da, mit dem, was jetzt geschieht.",
                "Ansehen, was sich ändert",
                "Schließen",
                "geplant|in Arbeit|erledigt|wird nicht umgesetzt",
                "Diese Umfrage ist beendet",
                "Danke für Ihr Interesse; sie nimmt keine Antworten mehr an.",
                "Ansehen, was wir gehört haben und was wir tun",
                "Diese Umfrage ist noch nicht geöffnet",
                "Sie öffnet am {date}. Bitte kommen Sie dann wieder.",
                "Ihre Antworten herunterladen oder löschen",
            ],
            "fr" => [
                "Les résultats sont promis pour le {date}.",
                "Suivre la suite",
                "Vous l’avez dit, nous agissons",
                "Les résultats de « {title} » sont publiés, avec ce qui va être fait.",
                "Voir ce qui change",
                "Fermer",
                "prévu|en cours|fait|ne sera pas fait",
                "Cette enquête est terminée",
                "Merci de votre intérêt ; elle ne reçoit plus de réponses.",
                "Voir ce que nous avons entendu et ce que nous allons faire",
                "Cette enquête n’est pas encore ouverte",
                "Elle ouvre le {date}. Revenez à ce moment-là.",
                "Télécharger ou supprimer vos réponses",
            ],
            "es" => [
                "Los resultados están prometidos para el {date}.",
                "Seguir lo que pasa",
                "Usted lo dijo, nosotros actuamos",
                "Ya están los resultados de «{title}», con lo que se va a hacer.",
                "Ver qué cambia",
                "Cerrar",
                "previsto|en curso|hecho|no se hará",
                "Esta encuesta ha terminado",
                "Gracias por su interés; ya no recibe respuestas.",
                "Ver lo que escuchamos y lo que haremos",
                "Esta encuesta aún no está abierta",
                "Se abre el {date}. Vuelva entonces, por favor.",
                "Descargar o eliminar sus respuestas",
            ],
            "ja" => [
                "結果は{date}までに公開される予定です。",
                "この後の経過を見る",
                "いただいた声に応えます",
                "「{title}」の結果と、これからの取り組みが公開されました。",
                "変化を見る",
                "閉じる",
                "予定|対応中|完了|実施しません",
                "このアンケートは終了しました",
                "ご関心をお寄せいただきありがとうございます。回答の受付は終了しました。",
                "いただいた声と私たちの取り組みを見る",
                "このアンケートはまだ開始されていません",
                "{date}に開始します。その頃にまたお越しください。",
                "回答をダウンロードまたは削除する",
            ],
            "ar" => [
                "نَعِد بنشر النتائج بحلول {date}.",
                "تابِع ما سيحدث",
                "قلتم، ونحن نعمل",
                "نُشرت نتائج «{title}» مع ما سنفعله بشأنها.",
                "شاهِد ما تغيّر",
                "إغلاق",
                "مُخطَّط|قيد التنفيذ|تمّ|لن يُنفَّذ",
                "انتهى هذا الاستبيان",
                "شكرًا لاهتمامك؛ لم يعد يقبل إجابات.",
                "شاهِد ما سمعناه وما سنفعله",
                "لم يبدأ هذا الاستبيان بعد",
                "يبدأ في {date}. نرجو أن تعود حينها.",
                "نزّل إجاباتك أو احذفها",
            ],
            _ => [
                "Results are promised by {date}.",
                "Follow what comes of it",
                "You said, we did",
                "The results of “{title}” are out, with what will be done about them.",
                "See what changed",
                "Dismiss",
                "planned|in progress|done|not going to happen",
                "This survey has closed",
                "Thank you for your interest; it no longer takes answers.",
                "See what we heard and what we will do",
                "This survey is not open yet",
                "It opens on {date}. Please come back then.",
                "Download or delete your answers",
            ],
        };
    LoopStrings {
        promised,
        follow,
        news_title,
        news_body,
        open,
        dismiss,
        statuses,
        closed_title,
        closed_text,
        closed_results,
        not_open_title,
        not_open_text,
        yours,
    }
}
