//! A Vault API client for the harness: signs each call (a fresh `Request-Time` every time),
//! rewrites sandbox paths, sends through the HTTP target, and retries only when told: the one
//! retry loop ([`Client::send_retrying`]) serves inquiries answered `U` and throttled calls.

use crate::contract::Endpoint;
use crate::exchange::Exchange;
use crate::protocol::headers::title;
use crate::protocol::{Signer, sandbox, time};
use crate::transport::{HttpTarget, OutgoingRequest, TargetError};
use std::time::Duration;

/// How a call to Antom is made.
#[derive(Clone, Debug)]
pub struct Client {
    /// Where calls are sent.
    pub target: HttpTarget,
    /// `None` sends unsigned requests (for cases that test refusal).
    pub signer: Option<Signer>,
    /// Whether `/ams/api` becomes `/ams/sandbox/api` (and is signed so).
    pub sandbox: bool,
}

impl Client {
    /// A client sending through `target`, signing with `signer` when there is one, on sandbox
    /// paths when `sandbox`.
    pub fn new(target: HttpTarget, signer: Option<Signer>, sandbox: bool) -> Self {
        Client {
            target,
            signer,
            sandbox,
        }
    }

    /// The path a call to `endpoint` is sent to and signed for.
    pub fn path(&self, endpoint: Endpoint) -> String {
        sandbox::path_for(endpoint.path().unwrap_or("/"), self.sandbox)
    }

    /// A signed POST of `body` to `endpoint`, ready to send.
    pub fn prepare(&self, endpoint: Endpoint, body: &[u8]) -> OutgoingRequest {
        let path = self.path(endpoint);
        let headers = match &self.signer {
            Some(signer) => signer.headers(&path, &time::now_millis().to_string(), body),
            None => vec![(
                title::CONTENT_TYPE.into(),
                crate::protocol::CONTENT_TYPE.into(),
            )],
        };
        OutgoingRequest {
            method: "POST".into(),
            path,
            headers,
            body: body.to_vec(),
        }
    }

    /// Calls once.
    pub async fn call(&self, endpoint: Endpoint, body: &[u8]) -> Result<Exchange, TargetError> {
        self.target
            .send(endpoint, &self.prepare(endpoint, body))
            .await
    }

    /// Calls, and while inquireVaulting answers `U`, calls again with the same body (the same
    /// `vaultingRequestId`, a fresh signature), at most `retries` more times, without waiting.
    /// Returns every exchange in order.
    pub async fn call_retrying(
        &self,
        endpoint: Endpoint,
        body: &[u8],
        retries: usize,
    ) -> Result<Vec<Exchange>, TargetError> {
        let policy = RetryPolicy {
            unknown: retries,
            throttled: 0,
            backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        };
        let attempts = self
            .send_retrying(
                endpoint,
                || self.prepare(endpoint, body),
                &policy,
                || async {},
            )
            .await?;
        Ok(attempts.exchanges)
    }

    /// The one retry loop of vaultcheck: sends `make()` (built afresh each time, so every
    /// attempt has its own `Request-Time` and signature), and sends it again while the answer
    /// says to (see [`RetryPolicy`]), waiting a doubling backoff in between. `before_each` runs
    /// before every attempt (the runner's rate limit). Returns every exchange in order and how
    /// many retries of each kind were made.
    pub async fn send_retrying<P>(
        &self,
        endpoint: Endpoint,
        mut make: impl FnMut() -> OutgoingRequest,
        policy: &RetryPolicy,
        mut before_each: impl FnMut() -> P,
    ) -> Result<Attempts, TargetError>
    where
        P: std::future::Future<Output = ()>,
    {
        let mut attempts = Attempts::default();
        let mut wait = policy.backoff;
        loop {
            before_each().await;
            let exchange = self.target.send(endpoint, &make()).await?;
            let retry = match Retry::of(endpoint, &exchange) {
                Some(Retry::Throttled) if attempts.throttled < policy.throttled => {
                    attempts.throttled += 1;
                    true
                }
                Some(Retry::Unknown) if attempts.unknown < policy.unknown => {
                    attempts.unknown += 1;
                    true
                }
                _ => false,
            };
            attempts.exchanges.push(exchange);
            if !retry {
                return Ok(attempts);
            }
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            wait = (wait * 2).min(policy.max_backoff.max(policy.backoff));
        }
    }
}

/// The result code of an answer that asks the caller to slow down and call again.
pub const THROTTLED: &str = crate::contract::result_codes::THROTTLED;

/// Why an answer is worth another call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// `REQUEST_TRAFFIC_EXCEED_LIMIT`, on any operation: back off and call again.
    Throttled,
    /// An inquiry answered `U`: the result is not known yet; ask again with the same id (the
    /// docs' advice). Other operations answering `U` (a 3DS start) are results, not retried.
    Unknown,
}

impl Retry {
    /// Whether (and why) an exchange should be retried.
    /// An HTTP 429 counts as throttling too, whatever its body: a gateway in front of the API
    /// may answer so before Antom's own envelope is written.
    pub fn of(endpoint: Endpoint, exchange: &Exchange) -> Option<Retry> {
        let answer: serde_json::Value =
            serde_json::from_slice(&exchange.response.body).unwrap_or_default();
        if answer["result"]["resultCode"] == THROTTLED || exchange.status == Some(429) {
            Some(Retry::Throttled)
        } else if endpoint == Endpoint::InquireVaulting && exchange.answered_unknown() {
            Some(Retry::Unknown)
        } else {
            None
        }
    }
}

/// How many times, and how patiently, a call is made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// More calls after an inquiry answered `U`.
    pub unknown: usize,
    /// More calls after `REQUEST_TRAFFIC_EXCEED_LIMIT`.
    pub throttled: usize,
    /// The wait before the first retry; it doubles with every retry.
    pub backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three more inquiries after `U`, five more calls after throttling, from 250 ms up to 4 s.
    fn default() -> Self {
        RetryPolicy {
            unknown: 3,
            throttled: 5,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
        }
    }
}

/// Every exchange of one call and its retries.
#[derive(Debug, Clone, Default)]
pub struct Attempts {
    /// In order; the last is the answer that counts.
    pub exchanges: Vec<Exchange>,
    /// Retries after an inquiry answered `U`.
    pub unknown: usize,
    /// Retries after `REQUEST_TRAFFIC_EXCEED_LIMIT`.
    pub throttled: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(endpoint: Endpoint, status: u16, body: &[u8]) -> Exchange {
        let mut exchange = Exchange::from_bodies(endpoint, b"{}", body);
        exchange.status = Some(status);
        exchange
    }

    #[test]
    fn throttling_and_unknown_inquiries_are_retried_and_nothing_else() {
        let throttled =
            br#"{"result":{"resultCode":"REQUEST_TRAFFIC_EXCEED_LIMIT","resultStatus":"U"}}"#;
        let unknown = br#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U"}}"#;
        let served = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
        let vault = Endpoint::VaultPaymentMethod;
        let inquire = Endpoint::InquireVaulting;
        assert_eq!(
            Retry::of(vault, &answered(vault, 200, throttled)),
            Some(Retry::Throttled)
        );
        // A gateway's bare 429 (no Antom envelope) is throttling too.
        assert_eq!(
            Retry::of(vault, &answered(vault, 429, b"<html>slow down</html>")),
            Some(Retry::Throttled)
        );
        assert_eq!(
            Retry::of(inquire, &answered(inquire, 200, unknown)),
            Some(Retry::Unknown)
        );
        // A vaulting answered U (3DS started) is a result, not a reason to call again.
        assert_eq!(Retry::of(vault, &answered(vault, 200, unknown)), None);
        assert_eq!(Retry::of(inquire, &answered(inquire, 200, served)), None);
        assert_eq!(Retry::of(inquire, &answered(inquire, 500, b"oops")), None);
    }
}
