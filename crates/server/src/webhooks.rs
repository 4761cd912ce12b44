//! Webhooks: each finished response is queued in the database (the outbox) for every webhook of
//! its survey, in the transaction that stores it, and a worker in each server instance delivers what is due: an HTTP POST of JSON,
//! signed `X-Hearback-Signature: sha256=HEX`, the HMAC-SHA256 with the webhook's secret of
//! `TIMESTAMP.BODY` (the timestamp is in `X-Hearback-Timestamp`, seconds since 1970). A 2xx
//! answer delivers it; anything else is retried with exponential backoff (1 s, 2 s, 4 s … at
//! most an hour apart) and given up after [`MAX_ATTEMPTS`]. Every attempt is in the delivery log.
//!
//! Targets in private, loopback, link-local or otherwise internal address ranges are refused
//! (when the webhook is made, and again at each delivery, connecting only to the address that
//! was checked) unless the server runs with `--allow-private-webhooks`.

use crate::store::webhooks::{Attempt, DueDelivery};
use crate::store::Store;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

pub const MAX_ATTEMPTS: i64 = 8;
const BACKOFF_BASE_MS: i64 = 1000;
const BACKOFF_CAP_MS: i64 = 3_600_000;
/// How long a claimed delivery is left to its worker before another may take it.
const LEASE_MS: i64 = 60_000;
/// Deliveries claimed at a time; a round goes on claiming while it finds full batches.
const BATCH: i64 = 32;

/// Where a webhook may point: an http(s) URL whose host resolves only to public addresses
/// (any address with `allow_private`). Returns the URL and the address to connect to.
pub async fn check_target(raw: &str, allow_private: bool) -> Result<(reqwest::Url, SocketAddr), String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("`{raw}` is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("a webhook URL starts with https:// (or http://)".into());
    }
    let host = url.host_str().ok_or("a webhook URL needs a host")?.to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let host_for_lookup = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host_for_lookup.as_str(), port))
        .await
        .map_err(|e| format!("`{host}` does not resolve: {e}"))?
        .collect();
    let first = *addresses.first().ok_or_else(|| format!("`{host}` has no address"))?;
    if !allow_private {
        if let Some(internal) = addresses.iter().find(|a| is_internal(a.ip())) {
            return Err(format!(
                "`{host}` is an internal address ({}): webhooks go to public addresses only",
                internal.ip()
            ));
        }
    }
    Ok((url, first))
}

/// Loopback, private, link-local, shared, unspecified, multicast, broadcast, documentation and
/// unique-local addresses, IPv4-mapped ones included.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_internal(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

/// The signature header's value for a body sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// When a delivery that failed `attempts` times (this one included) is tried again; `None`
/// when it is given up.
pub fn retry_at(now: i64, attempts: i64) -> Option<i64> {
    (attempts < MAX_ATTEMPTS).then(|| now + (BACKOFF_BASE_MS << (attempts - 1).clamp(0, 20)).min(BACKOFF_CAP_MS))
}

/// Attempts every delivery due at `now` once. Returns how many were attempted. `base` starts the
/// links in chat messages (the server's public URL, or empty).
pub async fn deliver_due(store: &dyn Store, allow_private: bool, base: &str, now: i64) -> anyhow::Result<usize> {
    deliver_due_leased(store, allow_private, base, now, LEASE_MS).await
}

/// [`deliver_due`], leaving what it claims to this instance for `lease_ms` (after a crash, the
/// deliveries it claimed wait that long before another instance makes them).
async fn deliver_due_leased(
    store: &dyn Store,
    allow_private: bool,
    base: &str,
    now: i64,
    lease_ms: i64,
) -> anyhow::Result<usize> {
    let due = store.claim_due_deliveries(now, now + lease_ms, BATCH).await?;
    for delivery in &due {
        let body = match delivery.format.is_chat() {
            true => chat_body(store, delivery, base).await?,
            false => Some(delivery.payload.clone()),
        };
        let attempt = match body {
            Some(body) => attempt(delivery, &body, allow_private, now).await,
            None => Attempt::Skipped,
        };
        if matches!(attempt, Attempt::Failed { .. }) {
            metrics::counter!(crate::http::metrics::DELIVERY_FAILURES, "outbox" => "webhooks").increment(1);
        }
        store.record_attempt(&delivery.id, &attempt).await?;
    }
    Ok(due.len())
}

/// A chat webhook's message for a delivery; `None` when there is nothing to send (its rule leaves
/// the response out, or the survey is gone).
async fn chat_body(store: &dyn Store, delivery: &DueDelivery, base: &str) -> anyhow::Result<Option<String>> {
    let Some(stored) = store.survey(&delivery.survey_id).await? else { return Ok(None) };
    let rule = delivery.rule.as_deref().map(serde_json::from_str).transpose()?;
    Ok(crate::chat::message(delivery.format, rule.as_ref(), &stored.survey, &delivery.payload, base))
}

async fn attempt(delivery: &DueDelivery, body: &str, allow_private: bool, now: i64) -> Attempt {
    let failed = |status: Option<u16>, error: String| Attempt::Failed {
        status,
        error,
        retry_at: retry_at(now, delivery.attempts + 1),
    };
    let (url, address) = match check_target(&delivery.url, allow_private).await {
        Ok(target) => target,
        Err(error) => return failed(None, error),
    };
    // Connect to the address just checked, whatever the name resolves to a moment later.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .resolve(url.host_str().unwrap_or_default(), address)
        .build();
    let client = match client {
        Ok(client) => client,
        Err(e) => return failed(None, e.to_string()),
    };
    let timestamp = now / 1000;
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", "Hearback-Webhooks/1")
        .header("x-hearback-delivery", &delivery.id)
        .header("x-hearback-timestamp", timestamp.to_string())
        .header("x-hearback-signature", signature(&delivery.secret, timestamp, body))
        .body(body.to_owned())
        .send()
        .await;
    match sent {
        Ok(reply) if reply.status().is_success() => Attempt::Delivered { status: reply.status().as_u16() },
        Ok(reply) => failed(Some(reply.status().as_u16()), format!("the endpoint answered {}", reply.status())),
        Err(e) => failed(None, format!("could not deliver: {e}")),
    }
}

/// The body each webhook of a survey is sent when a response is finished. The store queues it
/// in the transaction that finishes the response, so no finished response misses its webhooks.
pub fn payload(
    survey: &hearback_core::Slug,
    response_id: &str,
    response: &hearback_core::Response,
    customer: &crate::identity::Customer,
) -> String {
    let raw = response.to_raw();
    serde_json::json!({
        "event": "response.completed",
        "survey": survey.as_str(),
        "response": {
            "id": response_id,
            "answers": raw.answers,
            "other": raw.other,
            "customer": {"id": customer.id, "attributes": customer.attributes, "verified": customer.verified},
        },
    })
    .to_string()
}

/// Delivers due webhooks every second, until the workers stop; `lease` as `--outbox-lease-seconds`
/// sets it (a minute by default).
pub fn spawn_worker(
    workers: &mut crate::workers::Workers,
    store: std::sync::Arc<dyn Store>,
    allow_private: bool,
    base: String,
    lease: Option<Duration>,
) {
    let lease_ms = lease.map_or(LEASE_MS, |lease| lease.as_millis() as i64);
    workers.spawn("webhooks", Duration::from_secs(1), move || {
        let (store, base) = (store.clone(), base.clone());
        async move {
            let round =
                || deliver_due_leased(store.as_ref(), allow_private, &base, crate::store::now_millis(), lease_ms);
            if let Err(err) = crate::workers::while_full(BATCH, round).await {
                tracing::warn!(error = %err, "webhook deliveries");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_carries_how_a_respondent_asked_to_hear_back_never_their_address() {
        let survey: hearback_core::Survey = serde_json::from_value(serde_json::json!({"id": "s", "title": "T",
            "questions": [{"id": "reach", "kind": "contact", "prompt": "May we?"}]}))
        .unwrap();
        let raw = serde_json::from_value(
            serde_json::json!({"answers": {"reach": {"reply": "email", "email": "ann@example.com"}}}),
        )
        .unwrap();
        let response = hearback_core::Response::parse(&survey, &raw).unwrap();
        let body = payload(survey.id(), "r1", &response, &Default::default());
        assert!(body.contains(r#""reach":"email""#) && !body.contains("ann@"), "{body}");
    }

    #[test]
    fn internal_addresses_are_recognised() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(is_internal(internal.parse().unwrap()), "{internal}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"] {
            assert!(!is_internal(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn backoff_doubles_to_a_cap_then_gives_up() {
        assert_eq!(retry_at(0, 1), Some(1000));
        assert_eq!(retry_at(0, 2), Some(2000));
        assert_eq!(retry_at(0, 7), Some(64_000));
        assert_eq!(retry_at(0, MAX_ATTEMPTS), None);
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_and_body() {
        // Reference from `printf '1700000000.{}' | openssl dgst -sha256 -hmac s3cret`.
        assert_eq!(
            signature("s3cret", 1_700_000_000, "{}"),
            "sha256=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
        );
    }

    #[tokio::test]
    async fn targets_must_be_public_http_urls_unless_allowed() {
        assert!(check_target("ftp://example.com/x", false).await.unwrap_err().contains("https://"));
        assert!(check_target("not a url", false).await.is_err());
        let refused = check_target("http://127.0.0.1:9/hook", false).await.unwrap_err();
        assert!(refused.contains("internal address"), "{refused}");
        assert!(check_target("http://[::1]:9/hook", false).await.unwrap_err().contains("internal"));
        assert!(check_target("http://localhost:9/hook", false).await.is_err());
        assert!(check_target("http://127.0.0.1:9/hook", true).await.is_ok());
    }
}
