//! Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238, through `totp-rs`): the
//! secret an authenticator app scans from a QR code, checking a code, and the single-use
//! recovery codes for a lost phone.
//!
//! The codes are the common ones every app makes: SHA-1, six digits, 30-second steps, one step
//! of clock drift either way. That a code is used once is the store's part (`take_totp_step`).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use totp_rs::{Builder, Secret, Totp};

/// How many recovery codes a member gets at a time.
pub const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Hearback";

/// A new secret: 160 random bits, in base32 (what apps take when typed in).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    // Neither the issuer nor the account name may hold a colon in the otpauth URL.
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The `otpauth://` URL of a secret for an account (the member's e-mail address).
pub fn url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

/// The QR code of a URL as an SVG document, dark on light whatever the page's colours.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // The element alone, for a page to put inline (no XML declaration before it).
    svg.find("<svg").map(|start| svg[start..].to_owned())
}

/// The time step a six-digit code is right for at `unix_seconds` (within a step either way),
/// or `None`. Spaces in the code are ignored.
pub fn check(secret: &str, code: &str, unix_seconds: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret, "")?.check(&code, unix_seconds).map(|step| step as i64)
}

/// The six-digit code of a secret at a time: for tests and the demo, never sent anywhere.
pub fn code_at(secret: &str, unix_seconds: u64) -> Option<String> {
    Some(totp(secret, "")?.generate(unix_seconds).to_string())
}

/// Whether what a member typed looks like a code from an app rather than a recovery code.
pub fn is_app_code(code: &str) -> bool {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// New recovery codes, `xxxx-xxxx-xxxx` in lower case, without `l`, `o`, `0` or `1` (60 bits
/// each), with what the database keeps of them (their digests).
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 12];
            OsRng.fill_bytes(&mut bytes);
            let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
            chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
        })
        .collect();
    let digests = codes.iter().map(|code| recovery_digest(code)).collect();
    (codes, digests)
}

/// What the database keeps of a recovery code: the digest of its letters, however it was typed
/// (case, dashes and spaces do not matter).
pub fn recovery_digest(code: &str) -> String {
    let letters: String = code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    crate::http::admin::auth::digest(&letters)
}

/// Seconds since 1970 now.
pub fn now_seconds() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's own test vector (SHA-1, 8 digits): the crate is held to it, at 6 digits.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = Secret::from(b"12345678901234567890".as_slice()).to_base32();
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1_111_111_109).unwrap(), "081804");
        assert_eq!(check(&secret, "287 082", 59), Some(1));
        // One step of drift either way is accepted, two are not.
        assert_eq!(check(&secret, "287082", 59 + 30), Some(1));
        assert_eq!(check(&secret, "287082", 59 + 60), None);
        assert_eq!(check(&secret, "287083", 59), None);
        assert_eq!(check(&secret, "28708", 59), None);
        assert_eq!(check(&secret, "abcdef", 59), None);
    }

    #[test]
    fn a_secret_makes_a_scannable_url_and_an_svg() {
        let secret = new_secret();
        assert_eq!(Secret::try_from_base32(&secret).unwrap().as_ref().len(), 20);
        let url = url(&secret, "jane@example.com").unwrap();
        assert!(url.starts_with("otpauth://totp/Hearback:jane%40example.com?secret="), "{url}");
        assert!(url.contains("issuer=Hearback"), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_typed_loosely() {
        let (codes, digests) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(digests, codes.iter().map(|c| recovery_digest(c)).collect::<Vec<_>>());
        assert_eq!(codes.iter().collect::<std::collections::BTreeSet<_>>().len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2), "{codes:?}");
        assert_eq!(
            recovery_digest(&codes[0]),
            recovery_digest(&format!(" {} ", codes[0].to_uppercase().replace('-', "")))
        );
        assert_ne!(recovery_digest(&codes[0]), recovery_digest(&codes[1]));
        assert!(!is_app_code(&codes[0]) && is_app_code("123 456"));
    }
}
