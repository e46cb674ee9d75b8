//! notifyVaulting: when a vaulting reaches a final status, the simulator POSTs a signed
//! notification to the merchant's `vaultingNotificationUrl` and retries, a bounded number of
//! times, until the merchant acknowledges it: HTTP 200, `resultStatus` `S`, `resultCode`
//! `SUCCESS` (`contract::acknowledgement`, the rule `vaultcheck notify` judges receivers by).
//! Only loopback hosts are contacted unless the simulator is told otherwise.

use super::Shared;
use super::business;
use super::faults::{Fault, FaultSet};
use super::store::{Key, Record};
use crate::contract::{CheckId, acknowledgement};
use crate::protocol::headers;
use crate::protocol::{SignatureHeader, sign, sign_content, time};
use std::sync::Arc;
use std::time::Duration;

/// What happened to one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The vaulting the notification is about.
    pub vaulting_request_id: String,
    /// The `vaultingNotificationUrl` it went to.
    pub url: String,
    /// How many times it was sent.
    pub attempts: u32,
    /// Whether the merchant answered with the documented acknowledgement (HTTP 200,
    /// `resultStatus` `S`, `resultCode` `SUCCESS`).
    pub acknowledged: bool,
    /// Why the last attempt was not an acknowledgement, or why none was made.
    pub last_problem: Option<String>,
}

/// Retry policy.
#[derive(Debug, Clone, Copy)]
pub struct NotifyPolicy {
    /// How many times a notification is sent at most.
    pub attempts: u32,
    /// Delay before the second attempt; doubled for each later one.
    pub first_delay: Duration,
    /// The bound on one attempt.
    pub timeout: Duration,
}

impl Default for NotifyPolicy {
    fn default() -> Self {
        NotifyPolicy {
            attempts: 4,
            first_delay: Duration::from_millis(200),
            timeout: Duration::from_secs(5),
        }
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Sends the notification of a record that just became final, in the background.
pub(crate) fn spawn(shared: Arc<Shared>, key: Key, record: Record, faults: FaultSet) {
    let Some(url_text) = record.notification_url.clone() else {
        return;
    };
    let outbox = shared.outbox.clone();
    outbox.spawn(async move {
        let delivery = deliver(&shared, &key, &record, &url_text, &faults).await;
        if !delivery.acknowledged
            && let Some(log) = &shared.config.log
        {
            log.line(&undelivered_line(&delivery));
        }
        delivery
    });
}

/// The log line of a notification that was not delivered (or not sent).
fn undelivered_line(delivery: &Delivery) -> String {
    let id: String = delivery.vaulting_request_id.chars().take(64).collect();
    let url: String = crate::redact::url_credentials(&delivery.url)
        .chars()
        .take(200)
        .collect();
    format!(
        "notifyVaulting id={id} to {url} not delivered after {} attempt(s): {}",
        delivery.attempts,
        delivery
            .last_problem
            .as_deref()
            .unwrap_or("no acknowledgement")
    )
}

async fn deliver(
    shared: &Shared,
    key: &Key,
    record: &Record,
    url_text: &str,
    faults: &FaultSet,
) -> Delivery {
    let mut delivery = Delivery {
        vaulting_request_id: key.1.clone(),
        url: url_text.to_owned(),
        attempts: 0,
        acknowledged: false,
        last_problem: None,
    };
    let url = match reqwest::Url::parse(url_text) {
        Ok(url) if url.scheme() == "http" || url.scheme() == "https" => url,
        _ => {
            delivery.last_problem = Some("not an http(s) URL".into());
            return delivery;
        }
    };
    if !is_loopback(&url) && !shared.config.notify_any_host {
        delivery.last_problem = Some(
            "not sent: the host is not loopback (vaultcheck mock --notify-any-host allows it)"
                .into(),
        );
        return delivery;
    }
    let body = serde_json::to_vec(&business::notification(record, key, faults))
        .expect("a Value serializes");
    let mut delay = shared.config.notify.first_delay;
    for attempt in 1..=shared.config.notify.attempts {
        if attempt > 1 {
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        delivery.attempts = attempt;
        let request_time = time::iso8601_seconds(time::now_millis() / 1000);
        let mut request = shared
            .notify_client
            .post(url.clone())
            .timeout(shared.config.notify.timeout)
            .header(headers::CONTENT_TYPE, crate::protocol::CONTENT_TYPE)
            .header(headers::CLIENT_ID, &shared.config.client_id)
            .header(headers::REQUEST_TIME, &request_time)
            .body(body.clone());
        if !faults.has(Fault::UnsignedNotification) {
            let content = sign_content(url.path(), &shared.config.client_id, &request_time, &body);
            let header = SignatureHeader::new(
                headers::KEY_VERSION,
                sign(&shared.config.antom_key, &content),
            );
            request = request.header(headers::SIGNATURE, header.to_string());
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.bytes().await.unwrap_or_default();
                // The rule `vaultcheck notify` judges receivers by (contract::acknowledgement).
                match acknowledgement::problem(Some(status), &text) {
                    None => {
                        delivery.acknowledged = true;
                        delivery.last_problem = None;
                        return delivery;
                    }
                    Some(problem) => {
                        delivery.last_problem = Some(format!(
                            "{}: not the documented acknowledgement ({problem})",
                            CheckId::NotificationAcknowledged
                        ));
                    }
                }
            }
            Err(error) => delivery.last_problem = Some(error.to_string()),
        }
    }
    delivery
}
