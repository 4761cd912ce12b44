//! Web origins: the sites allowed to embed a survey.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A web origin, `scheme://host[:port]`, exactly as browsers report it in `event.origin` and
/// compare it in `frame-ancestors`: lowercase, no path, no trailing slash.
///
/// The characters are restricted so an origin can go into a Content-Security-Policy header or an
/// HTML attribute unescaped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an origin: expected http(s)://host[:port] with nothing after it")]
pub struct OriginError(String);

impl Origin {
    pub fn parse(raw: impl Into<String>) -> Result<Origin, OriginError> {
        let raw = raw.into();
        let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"));
        let Some(authority) = rest else { return Err(OriginError(raw)) };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && !host.starts_with(['.', '-'])
            && !host.ends_with(['.', '-']);
        let port_ok = port.is_none_or(|p| {
            !p.is_empty()
                && p.len() <= 5
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n > 0)
        });
        if host_ok && port_ok {
            Ok(Origin(raw))
        } else {
            Err(OriginError(raw))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Origin {
    type Error = OriginError;
    fn try_from(raw: String) -> Result<Origin, OriginError> {
        Origin::parse(raw)
    }
}

impl From<Origin> for String {
    fn from(origin: Origin) -> String {
        origin.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The origin (`https://host[:port]`) of an `https://` address (a picture's); `None` for what is
/// not one.
pub fn https_origin(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    Origin::parse(format!("https://{host}")).ok().map(|o| o.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_origins_parse() {
        for ok in ["https://shop.example.com", "http://127.0.0.1:8081", "http://localhost:3000"] {
            assert_eq!(Origin::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn anything_that_is_not_exactly_an_origin_is_rejected() {
        for bad in [
            "shop.example.com",
            "https://shop.example.com/",
            "https://shop.example.com/path",
            "ftp://shop.example.com",
            "https://Shop.example.com",
            "https://shop.example.com:0",
            "https://shop.example.com:99999",
            "https://shop.example.com:",
            "https://",
            "https://a b",
            "https://evil.com; script-src *",
            "*",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }
}
