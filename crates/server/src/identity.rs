//! Known customers: what a host page says about the person answering, and whether to believe it.
//!
//! A host page may pass a customer id and attributes (plan, country, …). They count as
//! **verified** only inside a token the company's backend signed with the survey's secret:
//!
//! ```text
//! token   = base64url(payload) "." base64url(HMAC-SHA256(secret, base64url(payload)))
//! payload = {"id": "cust-42", "attributes": {"plan": "pro"}, "exp": 1767225600}   (UTF-8 JSON)
//! ```
//!
//! The MAC covers the exact bytes sent (the encoded payload), so no canonical JSON form is needed
//! in any language; base64url is without padding. `exp` is in Unix seconds. docs/identify.md shows
//! how to sign in Rust, Python and JavaScript; tests sign in all three and send to the server.
//! Unsigned details are kept as unverified or refused, as the survey says.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hearback_core::{Known, UnsignedCustomers};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;
use std::collections::BTreeMap;

pub const MAX_ATTRIBUTES: usize = 20;
pub const MAX_VALUE_LEN: usize = 200;

pub use hearback_api::public::CustomerInput;

/// The customer behind a response, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer {
    pub id: Option<String>,
    pub attributes: BTreeMap<String, String>,
    /// Signed by the company's backend with the survey's secret.
    pub verified: bool,
}

impl Customer {
    /// The attributes the server may act on (answer `skip_if_known` questions): verified ones only.
    pub fn known(&self) -> Known {
        if self.verified {
            self.attributes.clone().into_iter().collect()
        } else {
            Known::new()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the customer token is not signed with this survey's secret")]
    BadSignature,
    #[error("the customer token expired; sign a fresh one")]
    Expired,
    #[error("the customer token is malformed: {0}")]
    Malformed(String),
    #[error("this survey only accepts customer details signed by the company")]
    Unsigned,
    #[error("customer details: {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    attributes: BTreeMap<String, Value>,
    exp: i64,
}

/// Decides what a host page's customer details are worth. `now` is Unix seconds.
pub fn verify(
    input: &CustomerInput,
    secret: &str,
    policy: UnsignedCustomers,
    now: i64,
) -> Result<Customer, IdentityError> {
    if let Some(token) = &input.token {
        if input.id.is_some() || input.attributes.is_some() {
            return Err(IdentityError::Invalid("send either a token or plain details, not both".into()));
        }
        let (payload, mac) = token.split_once('.').ok_or_else(|| IdentityError::Malformed("no `.`".into()))?;
        if secret.is_empty() {
            // A survey from before secrets existed: nothing can be signed for it.
            return Err(IdentityError::BadSignature);
        }
        let mac =
            URL_SAFE_NO_PAD.decode(mac).map_err(|_| IdentityError::Malformed("signature is not base64url".into()))?;
        if !mac_matches(payload, secret, &mac) {
            return Err(IdentityError::BadSignature);
        }
        let json =
            URL_SAFE_NO_PAD.decode(payload).map_err(|_| IdentityError::Malformed("payload is not base64url".into()))?;
        let payload: Payload =
            serde_json::from_slice(&json).map_err(|e| IdentityError::Malformed(format!("payload: {e}")))?;
        if payload.exp <= now {
            return Err(IdentityError::Expired);
        }
        return Ok(Customer {
            id: plain_id(payload.id)?,
            attributes: plain_attributes(payload.attributes)?,
            verified: true,
        });
    }
    if policy == UnsignedCustomers::Refuse {
        return Err(IdentityError::Unsigned);
    }
    Ok(Customer {
        id: plain_id(input.id.clone())?,
        attributes: plain_attributes(input.attributes.clone().unwrap_or_default())?,
        verified: false,
    })
}

fn plain_value(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn plain_id(id: Option<Value>) -> Result<Option<String>, IdentityError> {
    let Some(id) = id else { return Ok(None) };
    let id = plain_value(id).ok_or_else(|| IdentityError::Invalid("id must be a string or a number".into()))?;
    if id.is_empty() || id.chars().count() > MAX_VALUE_LEN {
        return Err(IdentityError::Invalid(format!("id must be 1 to {MAX_VALUE_LEN} characters")));
    }
    Ok(Some(id))
}

fn plain_attributes(raw: BTreeMap<String, Value>) -> Result<BTreeMap<String, String>, IdentityError> {
    if raw.len() > MAX_ATTRIBUTES {
        return Err(IdentityError::Invalid(format!("at most {MAX_ATTRIBUTES} attributes")));
    }
    let name_ok = |n: &str| {
        !n.is_empty() && n.len() <= 40 && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    raw.into_iter()
        .map(|(name, value)| {
            if !name_ok(&name) {
                return Err(IdentityError::Invalid(format!(
                    "`{name}` is not an attribute name (a-z, 0-9, _; up to 40)"
                )));
            }
            let value = plain_value(value).filter(|v| v.chars().count() <= MAX_VALUE_LEN).ok_or_else(|| {
                IdentityError::Invalid(format!(
                    "`{name}` must be a string, number or boolean of at most {MAX_VALUE_LEN} characters"
                ))
            })?;
            Ok((name, value))
        })
        .collect()
}

/// A new per-survey signing secret: 32 random bytes, base64url.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Signs a payload the way docs/identify.md tells companies to (used by the demo and tests).
pub fn sign(payload_json: &str, secret: &str) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload_json);
    let signature = signature(&payload, secret);
    format!("{payload}.{signature}")
}

/// Whether `signature` (base64url) is `payload`'s under `secret`, compared in constant time.
pub fn signed(payload: &str, secret: &str, signature: &str) -> bool {
    URL_SAFE_NO_PAD.decode(signature).is_ok_and(|mac| mac_matches(payload, secret, &mac))
}

/// Whether `mac` is the payload's HMAC-SHA256 under `secret`, compared in constant time.
fn mac_matches(payload: &str, secret: &str, mac: &[u8]) -> bool {
    let mut expected = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    expected.update(payload.as_bytes());
    expected.verify_slice(mac).is_ok()
}

/// The signature of a token's payload part (already base64url), base64url.
pub fn signature(payload: &str, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(payload.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SECRET: &str = "s3cret";
    const NOW: i64 = 1_800_000_000;

    fn input(value: Value) -> CustomerInput {
        serde_json::from_value(value).unwrap()
    }

    fn token(payload: Value, secret: &str) -> CustomerInput {
        input(json!({"token": sign(&payload.to_string(), secret)}))
    }

    #[test]
    fn a_signed_token_is_verified() {
        let customer = verify(
            &token(json!({"id": "c-1", "attributes": {"plan": "pro", "seats": 12}, "exp": NOW + 60}), SECRET),
            SECRET,
            UnsignedCustomers::Refuse,
            NOW,
        )
        .unwrap();
        assert!(customer.verified);
        assert_eq!(customer.id.as_deref(), Some("c-1"));
        assert_eq!(customer.known().get("seats").map(String::as_str), Some("12"));
    }

    #[test]
    fn forged_expired_and_malformed_tokens_are_refused() {
        let good = json!({"id": "c-1", "exp": NOW + 60});
        let check = |input: CustomerInput| verify(&input, SECRET, UnsignedCustomers::Keep, NOW);
        assert_eq!(check(token(good.clone(), "other-secret")), Err(IdentityError::BadSignature));
        assert_eq!(check(token(json!({"id": "c-1", "exp": NOW}), SECRET)), Err(IdentityError::Expired));
        // A payload changed after signing: its MAC no longer matches.
        let signed = sign(&good.to_string(), SECRET);
        let (_, mac) = signed.split_once('.').unwrap();
        let tampered = format!("{}.{mac}", URL_SAFE_NO_PAD.encode(json!({"id": "admin", "exp": NOW + 60}).to_string()));
        assert_eq!(check(input(json!({"token": tampered}))), Err(IdentityError::BadSignature));
        assert!(matches!(check(input(json!({"token": "nodot"}))), Err(IdentityError::Malformed(_))));
        assert!(matches!(check(token(json!({"id": "c-1"}), SECRET)), Err(IdentityError::Malformed(_))));
    }

    #[test]
    fn unsigned_details_are_kept_unverified_or_refused_as_the_survey_says() {
        let plain = input(json!({"id": "c-9", "attributes": {"plan": "free"}}));
        let kept = verify(&plain, SECRET, UnsignedCustomers::Keep, NOW).unwrap();
        assert!(!kept.verified);
        assert!(kept.known().is_empty(), "unverified attributes answer nothing");
        assert_eq!(verify(&plain, SECRET, UnsignedCustomers::Refuse, NOW), Err(IdentityError::Unsigned));
    }

    #[test]
    fn bad_details_are_refused_with_what_is_wrong() {
        let check = |v| verify(&input(v), SECRET, UnsignedCustomers::Keep, NOW);
        assert!(matches!(check(json!({"attributes": {"Plan": "x"}})), Err(IdentityError::Invalid(_))));
        assert!(matches!(check(json!({"attributes": {"plan": {"nested": 1}}})), Err(IdentityError::Invalid(_))));
        assert!(matches!(check(json!({"id": ""})), Err(IdentityError::Invalid(_))));
        assert!(matches!(check(json!({"token": "a.b", "id": "x"})), Err(IdentityError::Invalid(_))));
    }
}
