//! Enums that cross the wire and sit in the database by one lower-case name each.

/// A value known by one of a few names (in JSON, in the database).
pub trait Named: Sized {
    /// What it is, for errors: `Role`, `SurveyStatus`, …
    const WHAT: &'static str;

    fn parse(name: &str) -> Option<Self>;
}

/// An enum whose variants each have one name, the same in JSON, in the database and in URLs:
/// `as_str`, `parse` (`None` for any other name), `ALL`, and serde by that name, which must be
/// the variant's name in snake case.
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        // Each variant's name is its own in snake case (the schema derive reads this attribute,
        // not a rename built by the macro); the tests hold `as_str` to the same names.
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            pub fn parse(name: &str) -> Option<$name> {
                match name {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::Named for $name {
            const WHAT: &'static str = stringify!($name);

            fn parse(name: &str) -> Option<$name> {
                $name::parse(name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {

    named_enum! {
        /// A test enum.
        pub enum Sample {
            One = "one",
            TwoWords = "two_words",
        }
    }

    #[test]
    fn a_name_reads_back_as_its_variant_in_text_and_in_json() {
        for sample in Sample::ALL {
            assert_eq!(Sample::parse(sample.as_str()), Some(*sample));
            let json = serde_json::to_string(sample).unwrap();
            assert_eq!(json, format!("\"{sample}\""));
            assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), *sample);
        }
        assert_eq!(Sample::parse("One"), None);
        assert!(serde_json::from_str::<Sample>("\"three\"").is_err());
    }
}
