//! The kinds of question, named once: what a definition calls each, the fields only some of them
//! take, and the list an error names.

/// A kind of question as a definition names it (`kind`); in JSON, by that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(rename_all = "snake_case"))]
pub enum Kind {
    Nps,
    Csat,
    Ces,
    Rating,
    SingleChoice,
    MultipleChoice,
    YesNo,
    ShortText,
    LongText,
    Matrix,
    Consent,
    Contact,
    Ranking,
    Date,
    PictureChoice,
    Info,
    ContactDetails,
}

/// The kinds, for an error that lists them.
pub(crate) const KINDS: &str =
    "nps, csat, ces, rating, single_choice, multiple_choice, yes_no, short_text, long_text, matrix, consent, contact, ranking, date, picture_choice, info or contact_details";

impl Kind {
    pub const ALL: [Kind; 17] = [
        Kind::Nps,
        Kind::Csat,
        Kind::Ces,
        Kind::Rating,
        Kind::SingleChoice,
        Kind::MultipleChoice,
        Kind::YesNo,
        Kind::ShortText,
        Kind::LongText,
        Kind::Matrix,
        Kind::Consent,
        Kind::Contact,
        Kind::Ranking,
        Kind::Date,
        Kind::PictureChoice,
        Kind::Info,
        Kind::ContactDetails,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Csat => "csat",
            Kind::Ces => "ces",
            Kind::Rating => "rating",
            Kind::SingleChoice => "single_choice",
            Kind::MultipleChoice => "multiple_choice",
            Kind::YesNo => "yes_no",
            Kind::ShortText => "short_text",
            Kind::LongText => "long_text",
            Kind::Matrix => "matrix",
            Kind::Consent => "consent",
            Kind::Contact => "contact",
            Kind::Ranking => "ranking",
            Kind::Date => "date",
            Kind::PictureChoice => "picture_choice",
            Kind::Info => "info",
            Kind::ContactDetails => "contact_details",
        }
    }

    /// The kind a definition names; `text` is how definitions stored before short and long text
    /// existed name a long one. `None` for a name no kind has.
    pub fn named(name: &str) -> Option<Kind> {
        if name == "text" {
            return Some(Kind::LongText);
        }
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The fields of a question that only some kinds take, those this kind takes.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Rating => &["points", "style", "labels"],
            Kind::SingleChoice => &["choices", "other", "shuffle"],
            Kind::MultipleChoice => &["choices", "other", "shuffle", "min", "max"],
            Kind::ShortText | Kind::LongText => &["max_length"],
            Kind::Matrix => &["rows", "columns"],
            Kind::Ranking => &["choices", "shuffle"],
            Kind::Date => &["earliest", "latest"],
            Kind::PictureChoice => &["choices", "image", "shuffle", "min", "max"],
            Kind::Info => &["button"],
            Kind::ContactDetails => &["fields", "purpose"],
            Kind::Nps | Kind::Csat | Kind::Ces | Kind::YesNo | Kind::Consent | Kind::Contact => &[],
        }
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Kind::named(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown kind `{name}`: a kind is {KINDS}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_found_by_its_name_and_the_error_lists_every_one() {
        for kind in Kind::ALL {
            assert_eq!(Kind::named(kind.as_str()), Some(kind));
            assert!(KINDS.contains(kind.as_str()), "{kind:?} missing from the error's list");
        }
        assert_eq!(KINDS.matches(", ").count() + 2, Kind::ALL.len(), "the list names no other kind");
        assert_eq!(Kind::named("text"), Some(Kind::LongText));
        for unknown in ["", "NPS", "choice", "consent ", "text_long"] {
            assert_eq!(Kind::named(unknown), None, "{unknown}");
        }
    }
}
