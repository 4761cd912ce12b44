//! Contact details asked for one stated purpose: a name, an e-mail address, a phone number, a
//! company. Like the contact question's address, they never become part of the answers:
//! [`crate::Response::to_raw`] (what is stored, exported and sent to webhooks) writes `given`
//! alone, and the server keeps the details apart, with the purpose they were given for.

use crate::response::{RawAnswer, ResponseError};

/// The longest name or company taken.
pub const MAX_DETAIL_LEN: usize = 200;

/// What the raw answer says when the details were given and kept apart.
pub const GIVEN: &str = "given";

/// One detail a contact details question may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailField {
    Name,
    Email,
    Phone,
    Company,
}

impl DetailField {
    pub const ALL: [DetailField; 4] = [DetailField::Name, DetailField::Email, DetailField::Phone, DetailField::Company];

    pub fn as_str(self) -> &'static str {
        match self {
            DetailField::Name => "name",
            DetailField::Email => "email",
            DetailField::Phone => "phone",
            DetailField::Company => "company",
        }
    }

    pub fn named(name: &str) -> Option<DetailField> {
        DetailField::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The details a respondent gave; all `None` once they are kept apart (a stored response's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDetails {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

impl ContactDetails {
    /// Each detail given, by field.
    pub fn given(&self) -> Vec<(DetailField, &str)> {
        let all = [
            (DetailField::Name, &self.name),
            (DetailField::Email, &self.email),
            (DetailField::Phone, &self.phone),
            (DetailField::Company, &self.company),
        ];
        all.into_iter().filter_map(|(field, value)| value.as_deref().map(|v| (field, v))).collect()
    }
}

/// A phone number as people write one: digits with spaces, `+`, `-`, `.`, `/` and brackets, 5 to
/// 30 characters, at least 5 digits.
fn phone_number(raw: &str) -> Option<String> {
    let phone = raw.trim();
    let ok = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '/' | '(' | ')');
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    ((5..=30).contains(&phone.chars().count()) && digits >= 5 && phone.chars().all(ok)).then(|| phone.to_owned())
}

/// An answer to a question asking for `fields`: a map of those fields (empty ones left out), or
/// `given` for details already kept apart. `Ok(None)` when nothing was given.
pub(crate) fn parse(fields: &[DetailField], value: &RawAnswer) -> Result<Option<ContactDetails>, ResponseError> {
    let map = match value {
        RawAnswer::Text(given) if given == GIVEN => return Ok(Some(ContactDetails::default())),
        RawAnswer::Map(map) => map,
        _ => return Err(ResponseError::WrongType("a map of the details asked for")),
    };
    let mut details = ContactDetails::default();
    for (name, value) in map {
        let field = DetailField::named(name).filter(|f| fields.contains(f));
        let Some(field) = field else { return Err(super::RareError::UnknownDetail(name.clone()).into()) };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let length = value.chars().count();
        let checked = match field {
            DetailField::Email => Some(crate::contact::email_address(value).ok_or(ResponseError::BadAddress)?),
            DetailField::Phone => Some(phone_number(value).ok_or(super::RareError::BadPhone)?),
            _ if length > MAX_DETAIL_LEN => {
                return Err(ResponseError::TooLong { length, max: MAX_DETAIL_LEN as u32 });
            }
            _ => Some(value.to_owned()),
        };
        match field {
            DetailField::Name => details.name = checked,
            DetailField::Email => details.email = checked,
            DetailField::Phone => details.phone = checked,
            DetailField::Company => details.company = checked,
        }
    }
    Ok((!details.given().is_empty()).then_some(details))
}

/// The fields a definition asks for: known names, each once, at least one; name and e-mail when
/// left out.
pub(crate) fn fields(raw: Option<Vec<String>>) -> Result<Vec<DetailField>, &'static str> {
    let Some(raw) = raw else { return Ok(vec![DetailField::Name, DetailField::Email]) };
    let mut fields = Vec::new();
    for name in raw {
        match DetailField::named(&name) {
            Some(field) if !fields.contains(&field) => fields.push(field),
            _ => return Err("fields are 1 to 4 of name, email, phone and company, each once"),
        }
    }
    if fields.is_empty() {
        return Err("fields are 1 to 4 of name, email, phone and company, each once");
    }
    Ok(fields)
}
