//! The words of the kinds the server renders alone (ranking, date), in the widget's six
//! languages: like the contact question's, rendered by the server only, so the wasm carries none.

use hearback_core::rare::RareError;

/// How a ranking and a date question are explained, and what is wrong with their answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RareStrings {
    /// Under a ranking: how to answer it.
    pub rank_hint: &'static str,
    /// "Place {n}", before each place's list (without JavaScript).
    pub place: &'static str,
    /// The empty choice of a place.
    pub none: &'static str,
    /// Said when an item is put at a place: "{item}: place {n} of {m}".
    pub placed: &'static str,
    /// Said when an item is taken back: "{item}: not ranked".
    pub unplaced: &'static str,
    /// "Rank every item."
    pub rank_all: &'static str,
    /// "Put each item in one place only."
    pub rank_once: &'static str,
    /// "Give the day as YYYY-MM-DD."
    pub not_a_date: &'static str,
    /// "Choose a day from {earliest} to {latest}."
    pub out_of_range: &'static str,
    /// For a range open at one end: "any day".
    pub any_day: &'static str,
    /// Contact details' labels: name, e-mail, phone, company.
    pub details: [&'static str; 4],
    /// "Enter a valid e-mail address."
    pub bad_email: &'static str,
    /// "Enter a phone number."
    pub bad_phone: &'static str,
}

/// [`RareStrings`] in a language (by its primary subtag), English when it has none.
pub fn rare_strings(language: &str) -> RareStrings {
    let [rank_hint, place, none, placed, unplaced, rank_all, rank_once, not_a_date, out_of_range, any_day] =
        match language.split('-').next().unwrap_or_default() {
            "de" => [
                "Wählen Sie die Punkte in der Reihenfolge ihrer Wichtigkeit: der erste ist Platz 1. Erneut wählen nimmt einen Punkt zurück; Sie können sie auch ziehen.",
                "Platz {n}",
                "—",
                "{item}: Platz {n} von {m}",
                "{item}: nicht eingeordnet",
                "Bitte ordnen Sie jeden Punkt ein.",
                "Bitte setzen Sie jeden Punkt auf nur einen Platz.",
                "Bitte geben Sie den Tag als JJJJ-MM-TT an.",
                "Bitte wählen Sie einen Tag von {earliest} bis {latest}.",
                "beliebig",
            ],
            "fr" => [
                "Choisissez les éléments par ordre d'importance : le premier est à la place 1. Choisir à nouveau retire un élément ; vous pouvez aussi les faire glisser.",
                "Place {n}",
                "—",
                "{item} : place {n} sur {m}",
                "{item} : non classé",
                "Classez chaque élément.",
                "Mettez chaque élément à une seule place.",
                "Indiquez le jour au format AAAA-MM-JJ.",
                "Choisissez un jour du {earliest} au {latest}.",
                "n'importe quel jour",
            ],
            "es" => [
                "Elija los elementos por orden de importancia: el primero ocupa el puesto 1. Elegir de nuevo lo retira; también puede arrastrarlos.",
                "Puesto {n}",
                "—",
                "{item}: puesto {n} de {m}",
                "{item}: sin clasificar",
                "Clasifique cada elemento.",
                "Ponga cada elemento en un solo puesto.",
                "Indique el día como AAAA-MM-DD.",
                "Elija un día del {earliest} al {latest}.",
                "cualquier día",
            ],
            "ja" => [
                "重要な順に項目を選んでください。最初に選んだものが1位です。もう一度選ぶと取り消せます。ドラッグでも並べ替えられます。",
                "{n}位",
                "—",
                "{item}：{m}件中{n}位",
                "{item}：順位なし",
                "すべての項目に順位を付けてください。",
                "各項目は1つの順位にだけ置いてください。",
                "日付はYYYY-MM-DDの形式で入力してください。",
                "{earliest}から{latest}までの日を選んでください。",
                "指定なし",
            ],
            "ar" => [
                "اختر العناصر حسب أهميتها: أول ما تختاره في المرتبة 1. اختيار العنصر مرة أخرى يلغي ترتيبه، ويمكنك أيضًا سحب العناصر.",
                "المرتبة {n}",
                "—",
                "{item}: المرتبة {n} من {m}",
                "{item}: بلا ترتيب",
                "رتّب كل العناصر.",
                "ضع كل عنصر في مرتبة واحدة فقط.",
                "اكتب اليوم بالصيغة YYYY-MM-DD.",
                "اختر يومًا من {earliest} إلى {latest}.",
                "أي يوم",
            ],
            _ => [
                "Choose the items in order of importance: the first you choose is place 1. Choose one again to take it back; you can also drag them.",
                "Place {n}",
                "—",
                "{item}: place {n} of {m}",
                "{item}: not ranked",
                "Rank every item.",
                "Put each item in one place only.",
                "Give the day as YYYY-MM-DD.",
                "Choose a day from {earliest} to {latest}.",
                "any day",
            ],
        };
    let (details, bad_email, bad_phone) = match language.split('-').next().unwrap_or_default() {
        "de" => (
            ["Name", "E-Mail", "Telefon", "Firma"],
            "Bitte geben Sie eine gültige E-Mail-Adresse an.",
            "Bitte geben Sie eine Telefonnummer an.",
        ),
        "fr" => (
            ["Nom", "E-mail", "Téléphone", "Entreprise"],
            "Indiquez une adresse e-mail valide.",
            "Indiquez un numéro de téléphone.",
        ),
        "es" => (
            ["Nombre", "Correo electrónico", "Teléfono", "Empresa"],
            "Indique un correo electrónico válido.",
            "Indique un número de teléfono.",
        ),
        "ja" => (
            ["お名前", "メールアドレス", "電話番号", "会社名"],
            "有効なメールアドレスを入力してください。",
            "電話番号を入力してください。",
        ),
        "ar" => (["الاسم", "البريد الإلكتروني", "الهاتف", "الشركة"], "أدخل بريدًا إلكترونيًا صالحًا.", "أدخل رقم هاتف."),
        _ => (["Name", "E-mail", "Phone", "Company"], "Enter a valid e-mail address.", "Enter a phone number."),
    };
    RareStrings {
        rank_hint,
        place,
        none,
        placed,
        unplaced,
        rank_all,
        rank_once,
        not_a_date,
        out_of_range,
        any_day,
        details,
        bad_email,
        bad_phone,
    }
}

impl RareStrings {
    /// What is wrong with an answer, in these words; `None` for what only a forged post sends
    /// (the widget's own "not valid" says it).
    pub fn problem(&self, problem: &RareError) -> Option<String> {
        Some(match problem {
            RareError::Unranked(_) => self.rank_all.to_owned(),
            RareError::NotADate(_) => self.not_a_date.to_owned(),
            RareError::DateOutOfRange { earliest, latest, .. } => self
                .out_of_range
                .replace("{earliest}", earliest.as_deref().unwrap_or(self.any_day))
                .replace("{latest}", latest.as_deref().unwrap_or(self.any_day)),
            RareError::BadPhone => self.bad_phone.to_owned(),
            RareError::NotClicked | RareError::UnknownDetail(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_its_placeholders() {
        for language in ["en", "de", "fr", "es", "ja", "ar"] {
            let s = rare_strings(language);
            assert!(language == "en" || s != rare_strings("en"), "{language} falls back to English");
            assert!(s.place.contains("{n}"), "{language}");
            for placeholder in ["{item}", "{n}", "{m}"] {
                assert!(s.placed.contains(placeholder), "{language}: {placeholder}");
            }
            assert!(s.unplaced.contains("{item}"), "{language}");
            assert!(
                language == "en"
                    || (s.details != rare_strings("en").details && s.bad_phone != rare_strings("en").bad_phone),
                "{language}"
            );
            assert!(s.out_of_range.contains("{earliest}") && s.out_of_range.contains("{latest}"), "{language}");
            let out = RareError::DateOutOfRange {
                day: "2030-01-01".into(),
                earliest: None,
                latest: Some("2026-12-31".into()),
            };
            let said = s.problem(&out).unwrap();
            assert!(
                said.contains("2026-12-31") && said.contains(s.any_day) && !said.contains('{'),
                "{language}: {said}"
            );
        }
    }
}
