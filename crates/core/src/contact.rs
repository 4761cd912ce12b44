//! Asking to be contacted, for one stated purpose: following up on these answers.
//!
//! A `contact` question offers three ways: no contact, a reply "here" (on the widget's card and the
//! results page, through the respondent's receipt, with no address given) or an e-mail. Choosing
//! e-mail is the consent to that purpose: an address sent with any other choice is refused, never
//! kept. The address never becomes part of the answers: [`crate::Response::to_raw`], which is what
//! is stored, exported and sent to webhooks, writes the choice alone, and the server keeps the
//! address apart, with the case it was given for.

use crate::response::{RawAnswer, ResponseError};

/// How a respondent wants to hear back about their answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// No contact, thank you.
    No,
    /// A reply on the card and the results page only, through the receipt.
    Here,
    /// By e-mail: the address given (kept apart once stored), or none when the company already
    /// knows it (a customer whose signed details carry an `email`) or it was taken apart.
    Email(Option<String>),
}

impl Contact {
    /// The choice as written in answers, results and rules: `no`, `here` or `email`.
    pub fn reply(&self) -> &'static str {
        match self {
            Contact::No => "no",
            Contact::Here => "here",
            Contact::Email(_) => "email",
        }
    }

    /// Whether the respondent agreed to be contacted at all.
    pub fn allowed(&self) -> bool {
        !matches!(self, Contact::No)
    }

    /// A contact answer: `no`, `here` or `email` (the company knows the address), or
    /// `{"reply": "email", "email": address}`. An address comes only with the choice to be e-mailed.
    pub(crate) fn parse(value: &RawAnswer) -> Result<Contact, ResponseError> {
        let wrong = ResponseError::WrongType("no, here or email (with the address)");
        let (reply, address) = match value {
            RawAnswer::Text(reply) => (reply.as_str(), None),
            RawAnswer::Map(map) if map.keys().all(|k| k == "reply" || k == "email") => {
                (map.get("reply").map(String::as_str).unwrap_or_default(), map.get("email"))
            }
            _ => return Err(wrong),
        };
        let address = address.map(|a| a.trim()).filter(|a| !a.is_empty());
        match (Contact::of_reply(reply), address) {
            (None, _) => Err(wrong),
            (Some(Contact::Email(_)), Some(address)) => {
                email_address(address).map(|a| Contact::Email(Some(a))).ok_or(ResponseError::BadAddress)
            }
            (Some(Contact::Email(_)), None) if matches!(value, RawAnswer::Map(_)) => Err(ResponseError::NoAddress),
            (Some(_), Some(_)) => Err(ResponseError::AddressWithoutConsent),
            (Some(contact), None) => Ok(contact),
        }
    }

    /// The choice named by `reply`; `None` for any other word.
    pub fn of_reply(reply: &str) -> Option<Contact> {
        match reply {
            "no" => Some(Contact::No),
            "here" => Some(Contact::Here),
            "email" => Some(Contact::Email(None)),
            _ => None,
        }
    }
}

/// The known-customer attribute a company's signed details give an address in.
pub const KNOWN_EMAIL: &str = "email";

/// A plausible e-mail address, trimmed, its ASCII letters lower-cased; `None` when it is not one:
/// one `@` with something before it, a dotted domain after it, no space or control character,
/// at most 254 bytes. Checked byte by byte: the widget's wasm carries this too.
pub fn email_address(raw: &str) -> Option<String> {
    let email = raw.trim().to_ascii_lowercase();
    let bytes = email.as_bytes();
    let at = bytes.iter().position(|b| *b == b'@')?;
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    let valid = bytes.len() <= 254
        && !local.is_empty()
        && domain.contains(&b'.')
        && domain.first() != Some(&b'.')
        && domain.last() != Some(&b'.')
        && !domain.contains(&b'@')
        && bytes.iter().all(|b| *b > b' ' && *b != 0x7f);
    valid.then_some(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lowercased_and_checked() {
        assert_eq!(email_address("  Dana@Example.COM "), Some("dana@example.com".into()));
        for bad in [
            "",
            "dana",
            "dana@",
            "@example.com",
            "dana@example",
            "a@b@c.com",
            "da na@example.com",
            "d@.com",
            "d@x.com.",
            "d\u{7f}@x.com",
            "d\t@x.com",
        ] {
            assert_eq!(email_address(bad), None, "{bad}");
        }
    }

    #[test]
    fn replies_name_their_choice_and_only_no_refuses_contact() {
        for reply in ["no", "here", "email"] {
            assert_eq!(Contact::of_reply(reply).map(|c| c.reply()), Some(reply));
        }
        assert_eq!(Contact::of_reply("yes"), None);
        assert!(!Contact::No.allowed() && Contact::Here.allowed() && Contact::Email(None).allowed());
    }
}
